"""Writing a timeline as iCalendar: the mapping from events to VEVENTs.

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
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from operator import itemgetter
from typing import Any, Final

import attrs
from icalendar import Calendar
from icalendar.enums import STATUS as ICAL_STATUS
from icalendar.prop import vDuration, vUnknown, vUri

from timeline._validation import check_line, check_url, describe_char, quote, slugify, thaw_extra
from timeline.errors import InvalidInputError, Problem, TimelineError
from timeline.formats._convert import converter
from timeline.formats._ical_accounts import DISPUTED, FROM_ACCOUNTS, accounts_block, disputed_days, updates_block
from timeline.formats._ical_text import (
    FORBIDDEN_IN_LINE,
    LINE_OCTETS,
    component_lines,
    escape,
    fold,
    to_json,
)
from timeline.formats._ical_zones import coverage, vtimezone, zone_info
from timeline.formats._labels import event_label
from timeline.formats.ical import DEFAULT_STAMP
from timeline.model import (
    Account,
    Bound,
    Citation,
    Event,
    Media,
    OneOf,
    Revisions,
    Source,
    Status,
    Timeline,
    Unbounded,
    Update,
    When,
)

PRODID: Final = "-//timeline-events//timeline//EN"
FORMAT_VERSION: Final = "1"

STATUS: Final = {
    Status.PROPOSED: ICAL_STATUS.TENTATIVE,
    Status.PLANNED: ICAL_STATUS.TENTATIVE,
    Status.SCHEDULED: ICAL_STATUS.CONFIRMED,
    Status.HAPPENED: ICAL_STATUS.CONFIRMED,
    Status.POSTPONED: ICAL_STATUS.TENTATIVE,
    Status.CANCELLED: ICAL_STATUS.CANCELLED,
}
RELTYPE: Final = {
    "part_of": "PARENT",
    "follows": "X-TIMELINE-FOLLOWS",
    "causes": "X-TIMELINE-CAUSES",
    "derived_from": "X-TIMELINE-DERIVED-FROM",
    "supersedes": "X-TIMELINE-SUPERSEDES",
    "related": "X-TIMELINE-RELATED",
}
LINKREL: Final = "describedby"
_STATUS_LINES: Final = {status: f"STATUS:{value.value}" for status, value in STATUS.items()}
_BY_NAME: Final = itemgetter(0)

CSS_COLORS: Final = frozenset(
    """
    aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown
    burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan
    darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid
    darkred darksalmon darkseagreen darkslateblue darkslategray darkslategrey darkturquoise darkviolet
    deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro
    ghostwhite gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki
    lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan lightgoldenrodyellow
    lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray
    lightslategrey lightsteelblue lightyellow lime limegreen linen magenta maroon mediumaquamarine
    mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen mediumturquoise
    mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite navy oldlace olive olivedrab
    orange orangered orchid palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru
    pink plum powderblue purple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell
    sienna silver skyblue slateblue slategray slategrey snow springgreen steelblue tan teal thistle tomato
    turquoise violet wheat white whitesmoke yellow yellowgreen
    """.split()  # noqa: SIM905 -- a list of words reads better as words
)
"""The colour names ``COLOR`` takes (RFC 7986: CSS3 colour names)."""

_NAMESPACE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,253}[A-Za-z0-9])?\Z")
_DAY = dt.timedelta(days=1)


@attrs.frozen
class Span:
    """Where an event sits in a calendar: ``DTSTART``, ``DTEND`` (or none) and whether it is vague.

    Dates are all-day values (``DTEND`` exclusive); a time is a :class:`Moment`.
    """

    start: dt.date | Moment
    end: dt.date | Moment | None
    vague: bool


@attrs.frozen
class Moment:
    """A wall-clock time in ``zone`` (``TZID``), or a UTC time when ``zone`` is ``None``."""

    local: dt.datetime
    zone: str | None

    def value(self) -> dt.datetime:
        return self.local if self.zone is not None else self.local.replace(tzinfo=dt.UTC)


def _instant(bound: Bound) -> dt.datetime:
    zone = dt.UTC if bound.zone in (None, "UTC") else zone_info(bound.zone or "UTC")
    local = dt.datetime(
        bound.year, bound.month, bound.day, bound.hour, bound.minute, bound.second, tzinfo=zone, fold=bound.fold
    )
    return local.astimezone(dt.UTC)


def _moment(bound: Bound) -> Moment:
    local = dt.datetime(bound.year, bound.month, bound.day, bound.hour, bound.minute, bound.second)
    if bound.zone == "UTC":
        return Moment(local, None)
    if bound.fold:
        # The second of two equal wall-clock times: TZID would name the first, so write UTC.
        return Moment(_instant(bound).replace(tzinfo=None), None)
    return Moment(local, bound.zone)


def _first_day(bound: Bound) -> dt.date:
    if bound.precision.is_time:
        return bound.first_day
    day = bound.earliest
    return dt.date(day.year, day.month, day.day)


def _last_day(bound: Bound) -> dt.date:
    if bound.precision.is_time:
        return bound.first_day
    day = bound.latest
    return dt.date(day.year, day.month, day.day)


def span(when: When) -> Span | None:
    """How ``when`` is shown in a calendar; ``None`` for an undated ``When``.

    Times become timed entries (a point has no ``DTEND``); days, and intervals that
    mix a time and a day, become all-day entries. A vague ``When`` (coarser than a
    day, ``~`` or ``?``, or with an open or unknown end) becomes an all-day entry
    over every day it may fall on; an open or unknown end shows only the known end.
    One of a set of dates (``[2026-02-16..2026-02-20]``) is an all-day entry from
    its first day to its last.
    ``DTEND`` cannot pass 9999-12-31, so an entry that reaches that day ends a day early.
    """
    start, end = when.start, when.end
    if start is None:
        return None
    if isinstance(start, OneOf):  # one of several days: every day it may be, all-day and vague
        return Span(_first_day(start.first), _last_day(start.last) + _DAY, vague=True)
    if end is None or isinstance(end, Unbounded):
        assert isinstance(start, Bound)
        first = last = start
    elif isinstance(start, Unbounded):
        first = last = end
    else:
        first, last = start, end
    vague = when.is_vague
    if first.precision.is_time and last.precision.is_time:
        opening = _moment(first)
        if last is first or _instant(last) == _instant(first):
            return Span(opening, None, vague)
        return Span(opening, _moment(last), vague)
    low, high = _first_day(first), _last_day(last)
    closing = high + _DAY if high < dt.date.max else high
    return Span(low, closing if closing > low else None, vague)


def placement(event: Event) -> Span | None:
    """Where an event sits in a calendar: by its effective date, or over every account's days if disputed."""
    days = disputed_days(event)
    if days is not None:
        return Span(days[0], days[1], vague=True)
    return span(event.effective_when)


def summary(event: Event) -> str:
    """The ``SUMMARY``: the title, and for a vague date its label, "Talks (Dec 2025)"; "(date disputed)" if so."""
    if event.disputed:
        return event.title + DISPUTED
    if event.effective_when.is_vague or _at_most(event):
        return f"{event.title} ({event_label(event)})"
    return event.title


def _at_most(event: Event) -> bool:
    """Whether the event lasts at most its duration: its end is not known, so it is shown as vague."""
    return event.duration is not None and event.duration.at_most


def _published(source: Source) -> str | None:
    published = source.published
    if published is None:
        return None
    return published.label() if published.is_dated else published.phrase


def _describe(source: Source) -> str:
    text = source.publisher
    if source.author is not None:
        text += f", {source.author}"
    if source.title is not None:
        text += f", “{source.title}”"
    published = _published(source)
    if published is not None:
        text += f" ({published})"
    return text


def sources_block(citations: Iterable[Citation], describe: Callable[[Source], str] = _describe) -> str:
    """The readable list of sources that ends ``DESCRIPTION``; empty without citations.

    ``describe`` gives the text of each source (the writer passes one that remembers).
    """
    lines = []
    for number, citation in enumerate(citations, 1):
        chain = citation.source.chain()
        line = f"{number}. {describe(chain[0])}"
        if citation.attribution is not None:
            line += f", citing {citation.attribution}"
        for via in chain[1:]:
            line += f" — via {describe(via)}"
        if citation.quote is not None:
            line += f": “{citation.quote}”"
        if citation.locator is not None:
            line += f" ({citation.locator})"
        line += f". {citation.confidence.value.capitalize()}."
        for source in chain:
            if source.url is not None:
                line += f"\n   {source.url}"
            if source.archived_url is not None:
                line += f"\n   archived: {source.archived_url}"
        lines.append(line)
    return "Sources:\n" + "\n".join(lines) if lines else ""


def description(
    event: Event, describe: Callable[[Source], str] = _describe, updates: Sequence[Update] = ()
) -> str | None:
    """The ``DESCRIPTION``: the event's description, its accounts, its sources and its updates, a blank line apart."""
    blocks = [
        event.description,
        accounts_block(event),
        sources_block(event.citations, describe),
        updates_block(updates),
    ]
    return "\n\n".join(block for block in blocks if block) or None


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


# -- building components ---------------------------------------------------------------------


@attrs.frozen
class Feed:
    """The calendar's feed properties (RFC 7986), each ``None`` when not asked for."""

    refresh: str | None = None  # a DURATION: REFRESH-INTERVAL and X-PUBLISHED-TTL
    url: str | None = None  # URL and SOURCE
    color: str | None = None  # COLOR, a CSS3 colour name


@attrs.frozen
class Options:
    """What :func:`to_ical` was asked for, checked."""

    namespace: str
    stamp: dt.datetime | None  # the caller's; None: each event's from the data (see stamp_of)
    revisions: Mapping[str, Revisions]
    fallback: dt.datetime = DEFAULT_STAMP  # the latest date of the whole timeline
    feed: Feed = Feed()


def _utc(value: dt.datetime, path: str) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise InvalidInputError.at(path, f"expected a date and time, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInputError.at(path, f"{value.isoformat()} has no time zone; give one, e.g. UTC")
    moment = value.astimezone(dt.UTC)
    return dt.datetime(moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second, tzinfo=dt.UTC)


def options(
    namespace: str,
    stamp: dt.datetime | None,
    revisions: Mapping[str, Revisions] | None,
    name: str | None = None,
    *,
    feed: Feed | None = None,
    timeline: Timeline | None = None,
) -> Options:
    """Check the caller's options; raise :class:`InvalidInputError` naming the bad one."""
    problems: list[Problem] = []
    check_line(problems, "name", name, optional=True)
    if problems:
        raise InvalidInputError(problems)
    if not isinstance(namespace, str) or not _NAMESPACE.match(namespace):
        raise InvalidInputError.at(
            "namespace",
            f"{quote(str(namespace))} is not a namespace: use letters, digits, '.', '-' and '_', "
            "like a domain name (example.org)",
        )
    checked: dict[str, Revisions] = {}
    for key, value in (revisions or {}).items():
        if not isinstance(value, Revisions):
            raise InvalidInputError.at(f"revisions[{key!r}]", f"expected Revisions, got {type(value).__name__}")
        checked[key] = value
    given = None if stamp is None else _utc(stamp, "stamp")
    fallback = DEFAULT_STAMP
    if given is None and timeline is not None:
        fallback = _latest(timeline, checked) or DEFAULT_STAMP
    return Options(namespace, given, checked, fallback, feed or Feed())


def default_namespace(title: str) -> str:
    """The namespace of a timeline's ``UID``\\ s when the caller gives none: from its title.

    An ASCII slug of the title and the first 10 hex digits of the SHA-256 of the
    whole title, under ``.timeline``: "Security guarantees for Ukraine" gives
    ``security-guarantees-for-ukraine-3d5….timeline``. Two timelines with different
    titles never share UIDs; the same title always gives the same namespace.
    """
    slug = slugify(title, 48)
    digest = hashlib.sha256(title.encode("utf-8")).hexdigest()[:10]
    return f"{slug}-{digest}.timeline" if slug else f"{digest}.timeline"


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _source_date(source: Source) -> dt.datetime | None:
    """The latest date a source gives of itself: the day it was retrieved, or the day it was published."""
    found = []
    if source.retrieved is not None:
        found.append(_midnight(source.retrieved))
    published = source.published
    if published is not None and published.bounds:
        first = published.bounds[0]
        found.append(_instant(first) if first.precision.is_time else _midnight(first.first_day))
    return max(found, default=None)


def stamp_of(event: Event, memo: Memo | None = None) -> dt.datetime | None:
    """The latest date among the sources an event cites (and those they came via); ``None`` without any."""
    date_of = _source_date if memo is None else memo.date
    found = [
        date
        for citation in event.citations
        for source in citation.source.chain()
        if (date := date_of(source)) is not None
    ]
    return max(found, default=None)


def _latest(timeline: Timeline, revisions: Mapping[str, Revisions]) -> dt.datetime | None:
    """The latest date of the whole timeline: a revision's or a source's."""
    found = [_utc(value.modified, f"revisions[{key!r}].modified") for key, value in revisions.items()]
    found.extend(date for source in timeline.sources if (date := _source_date(source)) is not None)
    return max(found, default=None)


def feed(refresh: dt.timedelta | None, url: str | None, color: str | None) -> Feed:
    """The feed properties asked for, checked."""
    interval = None
    if refresh is not None:
        if not isinstance(refresh, dt.timedelta):
            raise InvalidInputError.at("refresh", f"expected a timedelta, got {type(refresh).__name__}")
        if refresh < dt.timedelta(minutes=1) or refresh.microseconds:
            raise InvalidInputError.at("refresh", f"{refresh} is not a whole number of seconds, one minute or more")
        interval = vDuration(refresh).to_ical().decode("ascii")  # type: ignore[no-untyped-call]
    if url is not None:
        problems: list[Problem] = []
        check_url(problems, "url", url)
        if problems:
            raise InvalidInputError(problems)
    if color is not None:
        if not isinstance(color, str) or color.lower() not in CSS_COLORS:
            raise InvalidInputError.at(
                "color", f"{quote(str(color))} is not a CSS3 colour name (such as steelblue or darkorange)"
            )
        color = color.lower()
    return Feed(interval, url, color)


def _x(component: Any, name: str, value: str, path: str) -> None:
    component.add(name, vUnknown(escape(value, path)), encode=False)


def uid(event_id: str, namespace: str) -> str:
    """The ``UID`` of an event: ``id@namespace``."""
    return f"{event_id}@{namespace}"


# -- writing VEVENTs as content lines ------------------------------------------------------------


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
            found = self.described[key] = _describe(source)
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
        """The latest date a source gives of itself (see :func:`_source_date`)."""
        key = id(source)
        if key in self.dates:
            return self.dates[key]
        found = self.dates[key] = _source_date(source)
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
        stamp = _utc(revisions.modified, f"revisions[{event.id!r}].modified")
    elif settings.stamp is not None:
        stamp = settings.stamp
    else:
        stamp = stamp_of(event, memo) or settings.fallback
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
        created = memo.stamp(_utc(revisions.created, f"revisions[{event.id!r}].created"))
        rest.append(("CREATED", f"CREATED:{created}"))
        rest.append(("LAST-MODIFIED", f"LAST-MODIFIED:{stamped}"))
    text = description(event, memo.describe, () if revisions is None else revisions.updates)
    if text is not None:
        rest.append(("DESCRIPTION", f"DESCRIPTION:{escape(text, path + '.description')}"))
    rest.append(("STATUS", _STATUS_LINES[event.status]))
    if placed.vague or _at_most(event):
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
    _x(component, "NAME", shown, "name")
    _x(component, "X-WR-CALNAME", shown, "name")
    if timeline.description is not None:
        component.add("DESCRIPTION", vUnknown(escape(timeline.description, "description")), encode=False)
        _x(component, "X-WR-CALDESC", timeline.description, "description")
    if feed.refresh is not None:
        component.add("REFRESH-INTERVAL", vUnknown(feed.refresh, params={"VALUE": "DURATION"}), encode=False)
        component.add("X-PUBLISHED-TTL", vUnknown(feed.refresh), encode=False)
    if feed.url is not None:
        component.add("URL", vUri(feed.url), encode=False)
        component.add("SOURCE", vUri(feed.url, params={"VALUE": "URI"}), encode=False)
    if feed.color is not None:
        component.add("COLOR", vUnknown(feed.color), encode=False)
    _x(component, "X-TIMELINE-VERSION", FORMAT_VERSION, "")
    if shown != timeline.title:
        _x(component, "X-TIMELINE-TITLE", timeline.title, "title")
    if timeline.extra:
        _x(component, "X-TIMELINE-EXTRA", to_json(thaw_extra(timeline.extra)), "extra")
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
