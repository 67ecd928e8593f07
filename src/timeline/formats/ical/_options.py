"""The options of :func:`~timeline.formats.ical.to_ical`, checked, and the dates that stamp each event.

``DTSTAMP`` comes from the caller's ``stamp``, the event log's revisions, or the
data itself (the latest day a cited source was retrieved or published): never
from the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Mapping
from typing import Final

import attrs
from icalendar.prop import vDuration

from timeline._validation import check_line, check_url, quote, slugify
from timeline.errors import InvalidInputError, Problem
from timeline.formats.ical._mapping import DEFAULT_STAMP
from timeline.formats.ical._span import instant
from timeline.model import Event, Revisions, Source, Timeline

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
    stamp: dt.datetime | None
    """The caller's ``stamp``; ``None``: each event's from the data (see :func:`stamp_of`)."""
    revisions: Mapping[str, Revisions]
    fallback: dt.datetime = DEFAULT_STAMP
    """The stamp of an event that has none of its own: the latest date of the whole timeline."""
    feed: Feed = Feed()


def utc(value: dt.datetime, path: str) -> dt.datetime:
    """``value`` in UTC, to the second; :class:`InvalidInputError` at ``path`` for a time without a zone."""
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
    given = None if stamp is None else utc(stamp, "stamp")
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


def source_date(source: Source) -> dt.datetime | None:
    """The latest date a source gives of itself: the day it was retrieved, or the day it was published."""
    found = []
    if source.retrieved is not None:
        found.append(_midnight(source.retrieved))
    published = source.published
    if published is not None and published.bounds:
        first = published.bounds[0]
        found.append(instant(first) if first.precision.is_time else _midnight(first.first_day))
    return max(found, default=None)


def stamp_of(event: Event, date_of: Callable[[Source], dt.datetime | None] = source_date) -> dt.datetime | None:
    """The latest date among the sources an event cites (and those they came via); ``None`` without any.

    ``date_of`` gives the date of each source (the writer passes one that remembers).
    """
    found = [
        date
        for citation in event.citations
        for source in citation.source.chain()
        if (date := date_of(source)) is not None
    ]
    return max(found, default=None)


def _latest(timeline: Timeline, revisions: Mapping[str, Revisions]) -> dt.datetime | None:
    """The latest date of the whole timeline: a revision's or a source's."""
    found = [utc(value.modified, f"revisions[{key!r}].modified") for key, value in revisions.items()]
    found.extend(date for source in timeline.sources if (date := source_date(source)) is not None)
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
