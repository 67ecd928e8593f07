"""Writing a timeline as iCalendar: the mapping from events to VEVENTs.

Where each event sits is :mod:`~timeline.formats.ical._span`'s, its ``SUMMARY``
and ``DESCRIPTION`` are :mod:`~timeline.formats.ical._description`'s, and the
options and stamps :mod:`~timeline.formats.ical._options`'; this module writes
the lines.

Each VEVENT is written as content lines straight from the model
(:func:`vevent_lines`): TEXT escaped per RFC 5545 §3.3.11, parameter values quoted
per §3.2, lines folded at 75 octets without splitting a UTF-8 sequence, CRLF line
ends. ``icalendar``'s per-property objects would cost more than the properties
themselves, so they are left for reading; the calendar's own properties and the
VTIMEZONEs, written once per call, are still built with ``icalendar``. The tests
hold the writer to the bytes ``icalendar`` writes for the same components.

:func:`chunks` yields the calendar one component at a time, so a file can be
written without holding the whole text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal
from operator import itemgetter
from typing import Any, Final

from icalendar import Calendar
from icalendar.prop import vUnknown, vUri

from timeline._validation import describe_char, quote, thaw_extra
from timeline.errors import TimelineError
from timeline.formats._convert import converter
from timeline.formats.ical._accounts import FROM_ACCOUNTS, updates_block
from timeline.formats.ical._description import describe, description, lasts_at_most, summary
from timeline.formats.ical._mapping import FORMAT_VERSION, LINKREL, PRODID, RELTYPE, STATUS
from timeline.formats.ical._options import Feed, Options, source_date, stamp_of, utc
from timeline.formats.ical._span import Moment, Span, placement
from timeline.formats.ical._text import (
    FORBIDDEN_IN_LINE,
    LINE_OCTETS,
    component_lines,
    escape,
    fold,
    to_json,
)
from timeline.formats.ical._zones import coverage, vtimezone
from timeline.model import Account, Citation, Event, Media, Source, Timeline

_STATUS_LINES: Final = {status: f"STATUS:{value}" for status, value in STATUS.items()}
_BY_NAME: Final = itemgetter(0)


def cited_urls(event: Event) -> list[str]:
    """Every URL of the sources an event cites, ``via`` sources included, once each, in order."""
    urls: dict[str, None] = {}
    for citation in event.citations:
        for source in citation.source.chain():
            for url in (source.url, source.archived_url):
                if url is not None:
                    urls.setdefault(url)
    return list(urls)


def decimal(value: float) -> str:
    """A number in the decimal notation iCalendar's FLOAT allows (no exponent), exactly."""
    return format(Decimal(repr(float(value))), "f")


def _add_text(component: Any, name: str, value: str, path: str) -> None:
    """Add a TEXT property to an ``icalendar`` component, escaped as timeline escapes it."""
    component.add(name, vUnknown(escape(value, path)), encode=False)


def uid(event_id: str, namespace: str) -> str:
    """The ``UID`` of an event: ``id@namespace``."""
    return f"{event_id}@{namespace}"


def parameter(value: str) -> str:
    """A parameter value (RFC 5545 §3.2): in double quotes when it holds ``:``, ``;`` or ``,``.

    Written as ``icalendar`` writes parameters: RFC 6868 escapes for ``^``, line feeds
    and double quotes, and quotes also around a value holding U+2019.
    """
    if "^" in value or "\n" in value or "\r" in value or '"' in value:
        value = value.replace("^", "^^").replace("\r\n", "^n").replace("\r", "^n").replace("\n", "^n")
        value = value.replace('"', "^'")
    if ":" in value or ";" in value or "," in value or "\u2019" in value:
        return f'"{value}"'
    return value


def _date(day: dt.date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _time(moment: dt.datetime) -> str:
    return f"{_date(moment)}T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"


def _placed(name: str, value: dt.date | Moment) -> str:
    """The ``DTSTART`` or ``DTEND`` line of a day or a :class:`Moment`."""
    if not isinstance(value, Moment):
        return f"{name};VALUE=DATE:{_date(value)}"
    if value.zone is None:
        return f"{name}:{_time(value.local)}Z"
    return f"{name};TZID={parameter(value.zone)}:{_time(value.local)}"


class Memo:
    """What one call to the writer works out once and reuses for every event that cites the same source.

    Keyed by the objects themselves, and made anew for each call: nothing computed for
    one timeline is reused for another.
    """

    def __init__(self) -> None:
        self.described: dict[int, str] = {}
        self.records: dict[int, str] = {}
        self.dates: dict[int, dt.datetime | None] = {}
        self.stamps: dict[dt.datetime, str] = {}
        self.kept: list[Source] = []  # keeps every keyed source alive, so that no id is reused

    def describe(self, source: Source) -> str:
        """The readable description of a source in the ``Sources:`` list."""
        key = id(source)
        found = self.described.get(key)
        if found is None:
            found = self.described[key] = describe(source)
            self.kept.append(source)
        return found

    def record(self, source: Source) -> str:
        """The escaped JSON of a source, with its key, as ``X-TIMELINE-SOURCE`` holds it."""
        key = id(source)
        found = self.records.get(key)
        if found is None:
            found = self.records[key] = escape(to_json({"key": source.ref, **converter().unstructure(source, Source)}))
            self.kept.append(source)
        return found

    def date(self, source: Source) -> dt.datetime | None:
        """The latest date a source gives of itself (see :func:`~timeline.formats.ical._options.source_date`)."""
        key = id(source)
        if key in self.dates:
            return self.dates[key]
        found = self.dates[key] = source_date(source)
        self.kept.append(source)
        return found

    def stamp(self, moment: dt.datetime) -> str:
        """A UTC time as a DATE-TIME value, ``…Z``."""
        found = self.stamps.get(moment)
        if found is None:
            found = self.stamps[moment] = _time(moment) + "Z"
        return found


def vevent_lines(event: Event, index: int, placed: Span, settings: Options, memo: Memo) -> list[str]:
    """The content lines of a dated event's VEVENT, unfolded, in the order ``icalendar`` writes them.

    ``SUMMARY``, ``DTSTART``, ``DTEND``, ``DTSTAMP``, ``UID`` and ``SEQUENCE`` come first,
    in that order; every other property goes into ``rest`` as ``(name, line)`` and is
    written sorted by name (a stable sort: repeated properties keep their order). New
    properties belong in ``rest``; the text of ``DESCRIPTION`` is :func:`description`'s.
    Every TEXT value is escaped here; the caller checks and folds the finished lines.
    """
    path = f"events[{index}]"
    revisions = settings.revisions.get(event.id)
    if revisions is not None:
        stamp = utc(revisions.modified, f"revisions[{event.id!r}].modified")
    elif settings.stamp is not None:
        stamp = settings.stamp
    else:
        stamp = stamp_of(event, memo.date) or settings.fallback
    stamped = memo.stamp(stamp)
    namespace = settings.namespace
    head = ["BEGIN:VEVENT", f"SUMMARY:{escape(summary(event), path + '.title')}", _placed("DTSTART", placed.start)]
    if placed.end is not None:
        head.append(_placed("DTEND", placed.end))
    head.append(f"DTSTAMP:{stamped}")
    head.append(f"UID:{escape(uid(event.id, namespace), path + '.id')}")
    rest: list[tuple[str, str]] = []
    if revisions is not None:
        head.append(f"SEQUENCE:{revisions.count - 1}")
        created = memo.stamp(utc(revisions.created, f"revisions[{event.id!r}].created"))
        rest.append(("CREATED", f"CREATED:{created}"))
        rest.append(("LAST-MODIFIED", f"LAST-MODIFIED:{stamped}"))
    text = description(event, memo.describe, () if revisions is None else revisions.updates)
    if text is not None:
        rest.append(("DESCRIPTION", f"DESCRIPTION:{escape(text, path + '.description')}"))
    rest.append(("STATUS", _STATUS_LINES[event.status]))
    if placed.vague or lasts_at_most(event):
        rest.append(("TRANSP", "TRANSP:TRANSPARENT"))
    if event.tags:
        tags = ",".join(escape(tag, f"{path}.tags[{number}]") for number, tag in enumerate(event.tags))
        rest.append(("CATEGORIES", f"CATEGORIES:{tags}"))
    place = event.effective_place
    if place is not None:
        rest.append(("LOCATION", f"LOCATION:{escape(place.name, path + '.place.name')}"))
        if place.lat is not None and place.lon is not None:
            rest.append(("GEO", f"GEO:{decimal(place.lat)};{decimal(place.lon)}"))
        if place.country is not None:
            rest.append(("X-TIMELINE-COUNTRY", f"X-TIMELINE-COUNTRY:{escape(place.country, path + '.place.country')}"))
        if place.zone is not None:
            rest.append(("X-TIMELINE-ZONE", f"X-TIMELINE-ZONE:{escape(place.zone, path + '.place.zone')}"))
    urls = cited_urls(event)
    if urls:
        rest.append(("URL", f"URL:{urls[0]}"))
        rest.extend(("LINK", f'LINK;LINKREL="{LINKREL}";VALUE=URI:{url}') for url in urls)
    for relation in event.relations:
        related = escape(uid(relation.target, namespace), path + ".relations")
        rest.append(("RELATED-TO", f"RELATED-TO;RELTYPE={RELTYPE[relation.kind.value]}:{related}"))
    rest.append(("X-TIMELINE-WHEN", f"X-TIMELINE-WHEN:{escape(str(event.when), path + '.when')}"))
    if event.when.phrase is not None:
        rest.append(("X-TIMELINE-PHRASE", f"X-TIMELINE-PHRASE:{escape(event.when.phrase, path + '.when.phrase')}"))
    if event.duration is not None:
        rest.append(("X-TIMELINE-DURATION", f"X-TIMELINE-DURATION:{escape(str(event.duration), path + '.duration')}"))
    rest.append(("X-TIMELINE-STATUS", f"X-TIMELINE-STATUS:{event.status.value}"))
    if event.kind is not None:
        rest.append(("X-TIMELINE-KIND", f"X-TIMELINE-KIND:{escape(event.kind, path + '.kind')}"))
    for number, actor in enumerate(event.actors):
        rest.append(("X-TIMELINE-ACTOR", f"X-TIMELINE-ACTOR:{escape(actor, f'{path}.actors[{number}]')}"))
    if event.place is None and place is not None:
        rest.append(("X-TIMELINE-LOCATION", f"X-TIMELINE-LOCATION:{FROM_ACCOUNTS}"))
    convert = converter()
    if event.citations or event.accounts:
        written: set[str] = set()
        for citation in event.all_citations:
            for source in reversed(citation.source.chain()):
                if source.ref not in written:
                    written.add(source.ref)
                    rest.append(("X-TIMELINE-SOURCE", f"X-TIMELINE-SOURCE:{memo.record(source)}"))
        for citation in event.citations:
            record = escape(to_json(convert.unstructure(citation, Citation)))
            rest.append(("X-TIMELINE-CITATION", f"X-TIMELINE-CITATION:{record}"))
    for account in event.accounts:
        record = escape(to_json(convert.unstructure(account, Account)))
        rest.append(("X-TIMELINE-ACCOUNT", f"X-TIMELINE-ACCOUNT:{record}"))
    if revisions is not None and revisions.updates:
        updates = escape(updates_block(revisions.updates), path + ".updates")
        rest.append(("X-TIMELINE-UPDATES", f"X-TIMELINE-UPDATES:{updates}"))
    if event.media is not None:
        # ATTACH for every calendar program (by its URI: never fetched), X-TIMELINE-MEDIA for the rest of it.
        rest.append(("ATTACH", f"ATTACH:{event.media.url}"))
        media = escape(to_json(converter().unstructure(event.media, Media)))
        rest.append(("X-TIMELINE-MEDIA", f"X-TIMELINE-MEDIA:{media}"))
    if event.extra:
        extra = escape(to_json(thaw_extra(event.extra)), path + ".extra")
        rest.append(("X-TIMELINE-EXTRA", f"X-TIMELINE-EXTRA:{extra}"))
    rest.sort(key=_BY_NAME)
    head.extend(line for _, line in rest)
    head.append("END:VEVENT")
    return head


def block(lines: Iterable[str]) -> bytes:
    """Content lines as bytes: each checked, folded at 75 octets, and ended by CRLF.

    Raises :class:`~timeline.errors.TimelineError` if a line would hold a line break
    or a control character: a value that reached here unescaped.
    """
    written = []
    for line in lines:
        bad = FORBIDDEN_IN_LINE.search(line)
        if bad is not None:
            raise TimelineError(f"{describe_char(bad.group())} would break the iCalendar line {quote(line)}")
        data = line.encode("utf-8")
        written.append(data if len(data) < LINE_OCTETS else fold(data))
    written.append(b"")
    return b"\r\n".join(written)


def calendar(timeline: Timeline, name: str | None, feed: Feed | None = None) -> Any:
    """The VCALENDAR with its own properties and no components yet."""
    feed = feed or Feed()
    shown = timeline.title if name is None else name
    component = Calendar.new(prodid=PRODID, uid="-")
    del component["UID"]  # Calendar.new would make a random one
    _add_text(component, "NAME", shown, "name")
    _add_text(component, "X-WR-CALNAME", shown, "name")
    if timeline.description is not None:
        component.add("DESCRIPTION", vUnknown(escape(timeline.description, "description")), encode=False)
        _add_text(component, "X-WR-CALDESC", timeline.description, "description")
    if feed.refresh is not None:
        component.add("REFRESH-INTERVAL", vUnknown(feed.refresh, params={"VALUE": "DURATION"}), encode=False)
        component.add("X-PUBLISHED-TTL", vUnknown(feed.refresh), encode=False)
    if feed.url is not None:
        component.add("URL", vUri(feed.url), encode=False)
        component.add("SOURCE", vUri(feed.url, params={"VALUE": "URI"}), encode=False)
    if feed.color is not None:
        component.add("COLOR", vUnknown(feed.color), encode=False)
    _add_text(component, "X-TIMELINE-VERSION", FORMAT_VERSION, "")
    if shown != timeline.title:
        _add_text(component, "X-TIMELINE-TITLE", timeline.title, "title")
    if timeline.extra:
        _add_text(component, "X-TIMELINE-EXTRA", to_json(thaw_extra(timeline.extra)), "extra")
    return component


def timezones(spans: Iterable[Span]) -> list[Any]:
    """A VTIMEZONE for every zone named by a ``TZID``, covering every time in it, sorted by zone."""
    used: dict[str, list[dt.datetime]] = {}
    for placed in spans:
        for value in (placed.start, placed.end):
            if isinstance(value, Moment) and value.zone is not None:
                used.setdefault(value.zone, []).append(value.local)
    return [vtimezone(zone, *coverage(moments)) for zone, moments in sorted(used.items())]


def chunks(timeline: Timeline, dated: list[tuple[int, Event]], name: str | None, settings: Options) -> Iterator[bytes]:
    """The calendar in chunks of whole content lines: its head, each VTIMEZONE, each VEVENT, its end.

    The VTIMEZONEs come before the events, so the events' places in the calendar are
    worked out first (one :class:`Span` each); each VEVENT is then written when its
    chunk is asked for, so no more than one event's text is held at a time.
    """
    spans = []
    for _, event in dated:
        placed = placement(event)
        assert placed is not None
        spans.append(placed)
    yield b"\r\n".join([*component_lines(calendar(timeline, name, settings.feed), end=False), b""])
    for zone in timezones(spans):
        yield b"\r\n".join([*component_lines(zone), b""])
    memo = Memo()
    for (index, event), placed in zip(dated, spans, strict=True):
        yield block(vevent_lines(event, index, placed, settings, memo))
    yield b"END:VCALENDAR\r\n"
