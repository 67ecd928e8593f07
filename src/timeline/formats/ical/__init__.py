"""The iCalendar format (RFC 5545, with RFC 7986 and RFC 9253 properties).

:func:`to_ical` writes one VEVENT per dated event, for calendar software to show
(:func:`iter_ical` gives the same bytes in chunks, for writing to a file);
:func:`from_ical` reads timeline's own calendars back losslessly and other
software's calendars as well as it can. The mapping, in short (the reference page
``docs/reference/ical.md`` has every field)::

    id                      UID  id@namespace (by default a namespace made from the title)
    title (+ vague label)   SUMMARY
    time                    DTSTART/DTEND;TZID=…, a VTIMEZONE per zone covering its times
    day, days               DTSTART;VALUE=DATE, DTEND = last day + 1
    month/year/~/?/X/open   all-day over every day it may fall on, TRANSP:TRANSPARENT
    one of a set [a..b]     all-day from its first day to its last, TRANSP:TRANSPARENT
    undated, year ≤ 0/>9999 left out, reported by an OmittedEventsWarning
    status                  STATUS (CONFIRMED, TENTATIVE, CANCELLED)
    description, citations  DESCRIPTION (with a readable "Sources:" list), URL, LINK
    tags, place             CATEGORIES, LOCATION, GEO
    relations               RELATED-TO;RELTYPE=…
    event log revisions     DTSTAMP, SEQUENCE, CREATED, LAST-MODIFIED
    sources' dates          DTSTAMP, without revisions or a stamp
    feed options            REFRESH-INTERVAL, X-PUBLISHED-TTL, URL, SOURCE, COLOR (opt-in)
    everything else         X-TIMELINE-… properties, escaped like any text
"""

from __future__ import annotations

import datetime as dt
import inspect
import mmap
import warnings
from collections.abc import Iterator, Mapping

from timeline.errors import InvalidInputError, OmittedEventsWarning
from timeline.formats.ical._mapping import DEFAULT_STAMP, MAX_ICAL_BYTES
from timeline.model import Event, Revisions, Timeline, When

__all__ = ["DEFAULT_STAMP", "MAX_ICAL_BYTES", "default_namespace", "from_ical", "iter_ical", "to_ical"]


def default_namespace(timeline: Timeline) -> str:
    r"""The namespace of ``timeline``'s ``UID``\ s when the caller gives none.

    It is made from the title: an ASCII slug of it and the first 10 hex digits of
    its SHA-256, under ``.timeline`` (``security-guarantees-for-ukraine-1f0c….timeline``),
    so that two timelines never share UIDs, and the same title always gives the
    same ones. Renaming a timeline changes it: to keep subscribers' events, pass the
    old namespace as ``namespace`` from then on (print it before the rename).
    """
    from timeline.formats.ical._options import default_namespace as made

    return made(timeline.title)


def to_ical(
    timeline: Timeline,
    *,
    stamp: dt.datetime | None = None,
    name: str | None = None,
    namespace: str | None = None,
    revisions: Mapping[str, Revisions] | None = None,
    refresh: dt.timedelta | None = None,
    url: str | None = None,
    color: str | None = None,
) -> bytes:
    """The iCalendar file of ``timeline``: UTF-8, CRLF line ends, lines folded at 75 octets.

    ``name`` is the calendar's name in calendar apps (``NAME``, ``X-WR-CALNAME``;
    by default the title). Each event's ``UID`` is ``id@namespace``; by default the
    namespace is made from the title (:func:`default_namespace`), so that two
    timelines never share UIDs. Give a namespace of your own (a domain name you
    control) to keep UIDs when the title changes.

    ``revisions`` maps event ids to what the event log knows of their recording:
    ``SEQUENCE`` is the count less one, ``DTSTAMP`` and ``LAST-MODIFIED`` the last
    revision, ``CREATED`` the first, so calendar apps update a revised event rather
    than add a copy. Events without revisions take ``DTSTAMP`` from ``stamp`` (a
    time with a zone); without it, from the data: the latest day a source the
    event cites was retrieved or published, else the latest such day (or
    revision) of the whole timeline, else :data:`DEFAULT_STAMP`
    (1970-01-01T00:00:00Z). So the same timeline always gives the same bytes; the
    clock is never read.

    The feed properties are opt-in: ``refresh`` (a :class:`~datetime.timedelta`)
    writes ``REFRESH-INTERVAL;VALUE=DURATION`` and ``X-PUBLISHED-TTL``, how often
    subscribers should fetch the file again; ``url``, where the file is published,
    writes ``URL`` and ``SOURCE``; ``color``, a CSS3 colour name, writes ``COLOR``.

    Undated events cannot be calendar entries, nor events dated outside the years
    0001–9999 (``-0010``, ``Y170000002``): they are left out, and an
    :class:`~timeline.errors.OmittedEventsWarning` names them. Raises
    :class:`~timeline.errors.InvalidInputError` for a bad option, or for text that
    iCalendar cannot hold (control characters, which the model already refuses).
    """
    return b"".join(
        iter_ical(
            timeline,
            stamp=stamp,
            name=name,
            namespace=namespace,
            revisions=revisions,
            refresh=refresh,
            url=url,
            color=color,
        )
    )


def iter_ical(
    timeline: Timeline,
    *,
    stamp: dt.datetime | None = None,
    name: str | None = None,
    namespace: str | None = None,
    revisions: Mapping[str, Revisions] | None = None,
    refresh: dt.timedelta | None = None,
    url: str | None = None,
    color: str | None = None,
) -> Iterator[bytes]:
    r"""The bytes of :func:`to_ical`, in chunks of whole lines, for writing a large calendar to a file.

    ``b"".join(iter_ical(t, **options)) == to_ical(t, **options)``. Each chunk is one
    component (the calendar's own lines, each VTIMEZONE, each VEVENT, the closing
    line), written when it is asked for, so the whole calendar is never held at once.
    The options are those of :func:`to_ical` and are checked, and the
    :class:`~timeline.errors.OmittedEventsWarning`\ s given, when ``iter_ical`` is
    called; text that iCalendar cannot hold raises
    :class:`~timeline.errors.InvalidInputError` from the chunk of its event.
    """
    from timeline.formats.ical._options import default_namespace as made  # icalendar is imported only when used
    from timeline.formats.ical._options import feed, options
    from timeline.formats.ical._write import chunks

    chosen = made(timeline.title) if namespace is None else namespace
    settings = options(chosen, stamp, revisions, name, feed=feed(refresh, url, color), timeline=timeline)
    dated = [(index, event) for index, event in enumerate(timeline.events) if _fits_event(event)]
    if len(dated) < len(timeline.events):
        _warn_left_out(timeline)
    return chunks(timeline, dated, name, settings)


def _warn_left_out(timeline: Timeline) -> None:
    """Warn of the events a calendar cannot hold, naming the caller of :func:`to_ical` or :func:`iter_ical`."""
    level = _caller_level()
    left_out = [event.id for event in timeline.events if not event.effective_when.is_dated]
    if left_out:
        warnings.warn(
            OmittedEventsWarning(
                f"{len(left_out)} undated event{'s' if len(left_out) != 1 else ''} left out of the calendar: "
                + ", ".join(left_out),
                left_out,
            ),
            stacklevel=level,
        )
    too_far = [event.id for event in timeline.events if event.effective_when.is_dated and not _fits_event(event)]
    if too_far:
        warnings.warn(
            OmittedEventsWarning(
                f"{len(too_far)} event{'s' if len(too_far) != 1 else ''} dated outside the years 0001–9999, "
                "which a calendar cannot hold, left out of the calendar: " + ", ".join(too_far),
                too_far,
            ),
            stacklevel=level,
        )


def _caller_level() -> int:
    """The ``stacklevel`` that names the first caller outside this module, for a warning of the function calling."""
    level, frame = 0, inspect.currentframe()
    if frame is None:  # an interpreter without frames to walk: the caller of iter_ical
        return 3
    while frame is not None and frame.f_globals.get("__name__") == __name__:
        level += 1
        frame = frame.f_back
    return level


def _fits_event(event: Event) -> bool:
    """Whether a calendar can hold the event: its effective date, and if disputed every counting account's."""
    if event.disputed:
        return all(_fits(account.when) for account in event.date_accounts if account.when is not None)
    return _fits(event.effective_when)


def _fits(when: When) -> bool:
    """Whether a calendar can hold ``when``: dated, with every day as written within the years 1–9999."""
    if not when.is_dated:
        return False
    try:
        for bound in when.bounds:
            _ = bound.first_day, bound.last_day
    except InvalidInputError:
        return False
    return True


def from_ical(data: bytes | str | mmap.mmap, *, floating_zone: str | None = None, strict: bool = False) -> Timeline:
    """The timeline in an iCalendar file; see :mod:`timeline.formats.ical._read` for the details.

    timeline's own calendars read back to an equal timeline. Other software's read
    as well as they can: each VEVENT becomes an event; to-dos, journal entries and
    other components are skipped and named in an
    :class:`~timeline.errors.OmittedEventsWarning`; a recurring event becomes its
    first occurrence, its rule kept in ``extra["ical"]``. Times without a zone
    (floating) are read in ``floating_zone``, by default the calendar's
    ``X-WR-TIMEZONE`` or else UTC.

    Other software's calendars are read leniently: an event that cannot be read
    (a date that is not a date, a duration too long to use) is left out and named,
    with its line, UID and why, in an
    :class:`~timeline.errors.UnreadableEventsWarning`, and every other event is
    kept; mistakes of the file that can be read past (a stray line, a component
    never closed, text after ``END:VCALENDAR``, bytes that are not UTF-8, a
    ``DTSTART`` given twice, of which the first is read) are,
    and each kind is reported once in an
    :class:`~timeline.errors.InputQuirksWarning`. With ``strict=True`` each of
    those is an error instead. timeline's own calendars (``X-TIMELINE-VERSION``)
    are always read strictly.

    Raises :class:`~timeline.errors.InvalidInputError` naming the component and the
    line of every problem: for a file larger than :data:`MAX_ICAL_BYTES`, nested
    deeper than 8 components or without any component, for one of timeline's own
    files (or any file, with ``strict``) that cannot be read in full, and for a file
    written by a newer version of timeline.
    """
    from timeline.formats.ical._pieces import timeline_in_pieces
    from timeline.formats.ical._read import read

    timeline = timeline_in_pieces(data, floating_zone)
    if timeline is not None:
        return timeline
    return read(bytes(data) if isinstance(data, mmap.mmap) else data, floating_zone=floating_zone, strict=strict)
