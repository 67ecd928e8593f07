"""The iCalendar format (RFC 5545, with RFC 7986 and RFC 9253 properties).

:func:`to_ical` writes one VEVENT per dated event, for calendar software to show;
:func:`from_ical` reads timeline's own calendars back losslessly and other
software's calendars as well as it can. The mapping, in short (the reference page
``docs/reference/ical.md`` has every field)::

    id                      UID  id@namespace
    title (+ vague label)   SUMMARY
    time                    DTSTART/DTEND;TZID=…, a VTIMEZONE per zone covering its times
    day, days               DTSTART;VALUE=DATE, DTEND = last day + 1
    month/year/~/?/open     all-day over every day it may fall on, TRANSP:TRANSPARENT
    undated                 left out, reported by an OmittedEventsWarning
    status                  STATUS (CONFIRMED, TENTATIVE, CANCELLED)
    description, citations  DESCRIPTION (with a readable "Sources:" list), URL, LINK
    tags, place             CATEGORIES, LOCATION, GEO
    relations               RELATED-TO;RELTYPE=…
    event log revisions     DTSTAMP, SEQUENCE, CREATED, LAST-MODIFIED
    everything else         X-TIMELINE-… properties, escaped like any text
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Mapping
from typing import Final

from timeline.errors import OmittedEventsWarning
from timeline.formats.json import MAX_DOCUMENT_BYTES
from timeline.model import Revisions, Timeline

__all__ = ["DEFAULT_NAMESPACE", "DEFAULT_STAMP", "MAX_ICAL_BYTES", "from_ical", "to_ical"]

MAX_ICAL_BYTES: Final = MAX_DOCUMENT_BYTES
"""The largest calendar :func:`from_ical` reads, in bytes (256 MiB, as for JSON)."""
DEFAULT_NAMESPACE: Final = "timeline"
r"""The namespace of ``UID``\ s (``id@timeline``) when the caller gives none."""
DEFAULT_STAMP: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
"""``DTSTAMP`` when neither ``stamp`` nor the event log gives one: fixed, never the clock."""


def to_ical(
    timeline: Timeline,
    *,
    stamp: dt.datetime | None = None,
    name: str | None = None,
    namespace: str = DEFAULT_NAMESPACE,
    revisions: Mapping[str, Revisions] | None = None,
) -> bytes:
    """The iCalendar file of ``timeline``: UTF-8, CRLF line ends, lines folded at 75 octets.

    ``name`` is the calendar's name in calendar apps (``NAME``, ``X-WR-CALNAME``;
    by default the title). Each event's ``UID`` is ``id@namespace``: give a
    namespace of your own (a domain name) when several timelines share a calendar.

    ``revisions`` maps event ids to what the event log knows of their recording:
    ``SEQUENCE`` is the count less one, ``DTSTAMP`` and ``LAST-MODIFIED`` the last
    revision, ``CREATED`` the first, so calendar apps update a revised event rather
    than add a copy. Events without revisions take ``DTSTAMP`` from ``stamp`` (a
    time with a zone), or else from :data:`DEFAULT_STAMP` (1970-01-01T00:00:00Z),
    so the same timeline always gives the same bytes; the clock is never read.

    Undated events cannot be calendar entries: they are left out, and an
    :class:`~timeline.errors.OmittedEventsWarning` names them. Raises
    :class:`~timeline.errors.InvalidInputError` for a bad option, or for text that
    iCalendar cannot hold (control characters, which the model already refuses).
    """
    from timeline.formats._ical_write import lines, options  # icalendar is imported only when used

    settings = options(namespace, stamp, revisions, name)
    dated = [(index, event) for index, event in enumerate(timeline.events) if event.when.is_dated]
    if len(dated) < len(timeline.events):
        left_out = [event.id for event in timeline.events if not event.when.is_dated]
        warnings.warn(
            OmittedEventsWarning(
                f"{len(left_out)} undated event{'s' if len(left_out) != 1 else ''} left out of the calendar: "
                + ", ".join(left_out),
                left_out,
            ),
            stacklevel=2,
        )
    return b"\r\n".join(lines(timeline, dated, name, settings)) + b"\r\n"


def from_ical(data: bytes | str, *, floating_zone: str | None = None, strict: bool = False) -> Timeline:
    """The timeline in an iCalendar file; see :mod:`timeline.formats._ical_read` for the details.

    timeline's own calendars read back to an equal timeline. Other software's read
    as well as they can: each VEVENT becomes an event; to-dos, journal entries and
    other components are skipped and named in an
    :class:`~timeline.errors.OmittedEventsWarning`; a recurring event becomes its
    first occurrence, its rule kept in ``extra["ical"]``. Times without a zone
    (floating) are read in ``floating_zone``, by default the calendar's
    ``X-WR-TIMEZONE`` or else UTC.

    Other software's calendars are read leniently: an event that cannot be read
    (a date that is not a date, a ``DTSTART`` given twice) is left out and named,
    with its line, UID and why, in an
    :class:`~timeline.errors.UnreadableEventsWarning`, and every other event is
    kept; mistakes of the file that can be read past (a stray line, a component
    never closed, text after ``END:VCALENDAR``, bytes that are not UTF-8) are,
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
    from timeline.formats._ical_read import read

    return read(data, floating_zone=floating_zone, strict=strict)
