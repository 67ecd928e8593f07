"""The usual forms of a date, read in one pass: days, months and years, times in a named zone, and their intervals.

:func:`parse` reads ``2025-12-15``, ``2025-12``, ``2025`` (each maybe with ``~``,
``?`` or ``%``), ``2025-12-15T14:00+01:00[Europe/Berlin]``, ``…T13:00Z[…]`` and
``…T14:00[…]``, and intervals of these with dated, open (``..``) or unknown ends.
It works out each bound's fields, where it lies and the canonical text once, and
builds each :class:`Bound` once, without the checks of
``Bound.__init__``: it takes only fields it has proven valid (a month 01–12, a day
of that month, a zone that exists, a wall time that is neither skipped nor
repeated, years far enough from the ends of 1–9999 for every zone). It leaves the
spans to the When, which works them out when first asked (most Whens never are).
The commonest forms have tighter patterns of their own, tried first: times in a
zone with an offset or ``Z`` (and intervals of two, :data:`_ZONED`), and dates
(maybe qualified, and intervals from a date to a date, ``..`` or an unknown end,
:data:`_DATES`); whatever these decline goes on to the usual pattern.
Anything else, valid or not, it leaves to the general parser (:mod:`timeline.model._edtf`), which
reads every form and words every error: ``None`` means "not the usual case".
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from functools import cache
from typing import Any, Final

import attrs

from timeline._lazy_re import lazy_compile
from timeline._validation import is_zone, shared_zone
from timeline.model._bound import Bound, Unbounded
from timeline.model._bound_checks import zone_info
from timeline.model._days import DAY_MICROSECONDS, INFINITY, day_number, month_days
from timeline.model._order import SortKey
from timeline.model._precision import RANK, Precision

__all__ = ["Parts", "parse"]

Parts = tuple[Bound | Unbounded, Bound | Unbounded | None, SortKey]
"""The start, the end (``None`` for a point), and the sort key (without the phrase)."""
_Lies = tuple[int, int, int | None, int, int]
"""Where a dated end lies, as its :class:`~timeline.model._bound.Reach` says: its first and last day as written,
its instant if it is a time (else ``None``), and its nominal start and end in microseconds of UTC."""
_End = tuple[Bound | Unbounded, _Lies | None, str | None, int]
"""An end, where it lies (``None`` if open or unknown), its canonical text, and the rank of its precision.

The text is ``None`` where it is the end as written: an open or unknown end, a date
(four digits, two, two and a qualifier are a date's canonical text), and a time
written with its zone's offset.
"""

_END: Final = r"(\d{4})(?:-(\d\d)(?:-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d))?(Z|[+-]\d\d:\d\d)?\[([^\[\]]+)\])?)?)?([~?%]?)"
# A dated end, or an open or unknown one; then maybe "/" and a second end of the same kinds.
_USUAL_PATTERN: Final = rf"(?:{_END}|(\.\.)?)(?:(/)(?:{_END}|(\.\.))?)?\Z"
_QUALIFIED: Final = {"": (False, False), "~": (True, False), "?": (False, True), "%": (True, True)}
_GROUPS: Final = {1: tuple(range(1, 11)), 12: tuple(range(12, 22))}  # each end's groups, then its ".."
# Precisions and their ranks as plain names: looking an enum member up in a dict hashes it in Python.
_YEAR, _MONTH, _DAY, _MINUTE, _SECOND = (
    Precision.YEAR,
    Precision.MONTH,
    Precision.DAY,
    Precision.MINUTE,
    Precision.SECOND,
)
_YEAR_RANK, _MONTH_RANK, _DAY_RANK = RANK[_YEAR], RANK[_MONTH], RANK[_DAY]
_MINUTE_RANK, _SECOND_RANK = RANK[_MINUTE], RANK[_SECOND]


@cache
def _usual() -> re.Pattern[str]:
    """The compiled pattern of the usual forms: compiled on the first date read, not at import."""
    return re.compile(_USUAL_PATTERN, re.ASCII)


# A date (a day, a month or a year, maybe qualified), maybe then "/" and a date, ".." or nothing: each date as
# written, its qualifier apart.
_DATES: Final = lazy_compile(
    r"(?a)(\d{4}(?:-\d\d(?:-\d\d)?)?)([~?%]?)(?:(/)(?:(\d{4}(?:-\d\d(?:-\d\d)?)?)([~?%]?)|\.\.)?)?\Z"
)


def _zoned_end(utc_group: int) -> str:
    """A time in a zone with an offset or ``Z``, whose ``Z`` is group ``utc_group``: the date and clock as written
    (with the ``Z``), the seconds, the ``Z``, the offset (only without a ``Z``) and the zone. Hour 24 is left out."""
    return rf"(\d{{4}}-\d\d-\d\dT(?:[01]\d|2[0-3]):\d\d(:\d\d)?(Z)?)(?({utc_group})|([+-]\d\d:\d\d))\[([^\[\]]+)\]"


# A time in a zone, or an interval of two: the commonest form of a time, tried first.
_ZONED: Final = lazy_compile(rf"(?a){_zoned_end(3)}(?:/{_zoned_end(8)})?\Z")


def parse(text: str) -> Parts | None:
    """The parts of the When that ``text`` (stripped, not empty) writes, or ``None`` to leave it to the general path."""
    if text[10:11] == "T":
        if (zoned := _ZONED.match(text)) is not None and (times := _zoned_times(text, zoned.groups())) is not None:
            return times
    elif (dates := _DATES.match(text)) is not None and (read := _dates(text, dates.groups())) is not None:
        return read
    match = _usual().match(text)
    if match is None:
        return None
    if match[11] is None:  # no "/": a point
        found = _end(match, 1) if match[1] is not None else None
        if found is None:
            return None
        bound, lies, shown, rank = found
        if lies is None:
            return None
        return bound, None, SortKey(False, lies[3], rank, lies[4], shown or text, "")
    first, second = _end(match, 1), _end(match, 12)
    if first is None or second is None:
        return None
    start, start_lies, start_text, start_rank = first
    end, end_lies, end_text, end_rank = second
    if start_lies is None:
        if end_lies is None:  # "/", "../..": the general path says what is missing
            return None
        begin, rank = -INFINITY, end_rank
    else:
        begin, rank = start_lies[3], start_rank
        if end_lies is not None and not _in_order(start_lies, end_lies):
            return None  # ends before it starts: the general path words the error
    finish = INFINITY if end_lies is None else end_lies[4]
    slash = match.start(11)
    shown = f"{start_text or text[:slash]}/{end_text or text[slash + 1 :]}"
    return start, end, SortKey(False, begin, rank, finish, shown, "")


def _zoned_times(text: str, groups: tuple[str | Any, ...]) -> Parts | None:
    """A time in a zone with an offset or ``Z``, or an interval of two, from the groups of :data:`_ZONED`: as
    :func:`parse` reads them from the usual pattern, without the groups of the other forms."""
    written, seconds, utc, offset, zone, end_written, end_seconds, end_utc, end_offset, end_zone = groups
    known = _ZONES.get(zone) or _zone(zone)
    first = None if known is None else _zoned_time(written, seconds is not None, utc or offset, known[0], known[1])
    if first is None:
        return None
    start, _, begin, start_text = first
    rank = _MINUTE_RANK if seconds is None else _SECOND_RANK
    if end_written is None:
        return start, None, _tuple_new(SortKey, (False, begin, rank, begin, start_text or text, ""))
    known = _ZONES.get(end_zone) or _zone(end_zone)
    found = None if known is None else _zoned_time(end_written, end_seconds is not None, end_utc or end_offset, *known)
    if found is None:
        return None
    end, _, finish, end_text = found
    if finish < begin:  # both are instants: the end is before the start
        return None
    if start_text is None or end_text is None:  # an end as written: cut from the text
        slash = text.index("]/") + 1  # a zone's name holds no "]"
        start_text, end_text = start_text or text[:slash], end_text or text[slash + 1 :]
    return start, end, _tuple_new(SortKey, (False, begin, rank, finish, f"{start_text}/{end_text}", ""))


def _dates(text: str, groups: tuple[str | Any, ...]) -> Parts | None:
    """A date, or an interval from a date to a date, to ``..`` or to an unknown end, from the groups of :data:`_DATES`.

    A date as written (four digits, two, two and a qualifier) is its own canonical
    text, and so are ``..`` and an empty end, so ``text`` is the sort key's text.
    Anything it declines (a season, a month or day that does not exist, a year that
    ``datetime`` does not hold, an interval that ends before it starts) goes on to
    the usual pattern, and from there to the general parser.
    """
    written, qualifier, slash, end_written, end_qualifier = groups
    start = _date_end(written, qualifier)
    if start is None:
        return None
    bound, first, last, rank = start
    if slash is None:
        # SortKey's fields in order, built as SortKey(...) builds them, without its Python-level __new__.
        return bound, None, _tuple_new(SortKey, (False, first * _DAY_US, rank, (last + 1) * _DAY_US - 1, text, ""))
    end: Bound | Unbounded
    if end_written is not None:
        found = _date_end(end_written, end_qualifier)
        if found is None:
            return None
        end, _, last, _ = found
        if last < first:  # ends before it starts: the general path words the error
            return None
        finish = (last + 1) * _DAY_US - 1
    else:  # "/..": open; "/": unknown
        end, finish = (Unbounded.OPEN if text[-1] == "." else Unbounded.UNKNOWN), INFINITY
    return bound, end, _tuple_new(SortKey, (False, first * _DAY_US, rank, finish, text, ""))


def _date_end(written: str, qualifier: str) -> tuple[Bound, int, int, int] | None:
    """The Bound of a date written as four digits, maybe two and two more, its first and last day, and its rank.

    A day is read by :meth:`datetime.date.fromisoformat`, which checks it and counts its
    day number at once; a day of year 0000, which it does not hold, goes on with the
    other declined dates. ``None`` for a day or month that does not exist, and for a
    season or quarter: the usual pattern and the general parser read those.
    """
    size = len(written)
    if size == 10:
        try:
            day = _day_of(written)
        except ValueError:
            return None
        first = day.toordinal()
        year = day.year
        return _date_bound(_DAY, _YEARS.setdefault(year, year), day.month, day.day, qualifier), first, first, _DAY_RANK
    year = int(written[:4])
    year = _YEARS.setdefault(year, year)
    if size == 4:
        first = day_number(year, 1, 1)
        last = day_number(year + 1, 1, 1) - 1
        return _date_bound(_YEAR, year, 1, 1, qualifier), first, last, _YEAR_RANK
    month = int(written[5:])
    if not 1 <= month <= 12:
        return None
    first = day_number(year, month, 1)
    last = first + month_days(year, month) - 1
    return _date_bound(_MONTH, year, month, 1, qualifier), first, last, _MONTH_RANK


_day_of = dt.date.fromisoformat
_tuple_new = tuple.__new__
_DAY_US: Final = DAY_MICROSECONDS


def _in_order(start: _Lies, end: _Lies) -> bool:
    """Whether the end does not end before the start starts: instants when both are times, else days (``not_after``)."""
    start_at, end_at = start[2], end[2]
    if start_at is not None and end_at is not None:
        return start_at <= end_at
    return start[0] <= end[1]


def _end(match: re.Match[str], group: int) -> _End | None:
    """The end whose nine groups start at ``group`` (the tenth says whether it is open), its reach and its text."""
    fields = match.group(*_GROUPS[group])
    year_text, month_text, day_text, hour_text, _, _, offset, zone, qualifier, is_open = fields
    if year_text is None:
        return (Unbounded.OPEN, None, None, 0) if is_open else (Unbounded.UNKNOWN, None, None, 0)
    if hour_text is None:
        year = int(year_text)
        return _date(_YEARS.setdefault(year, year), month_text, day_text, qualifier)
    known = None if qualifier or hour_text == "24" else _zone(zone)  # 24:00 is left to the general path
    if known is None:
        return None
    # The date and clock as written, with the "Z" of a UTC time: datetime.fromisoformat reads and checks them.
    written_end = (
        match.end(group + 6) if offset == "Z" else match.end(group + 5 if fields[5] is not None else group + 4)
    )
    return _time(match.string[match.start(group) : written_end], fields[5] is not None, offset, *known)


_YEARS: dict[int, int] = {}
"""One int object for each year met (0-9999, four digits), shared by every bound of that year: a year above 256
is a new object each time it is read, 28 bytes a bound."""
_ZONES: dict[str, tuple[str, zoneinfo.ZoneInfo]] = {}
"""Each zone met so far: its shared name and its :class:`zoneinfo.ZoneInfo`; at most one entry per IANA zone."""


def _zone(name: str) -> tuple[str, zoneinfo.ZoneInfo] | None:
    """The shared name and the ZoneInfo of the zone ``name``, or ``None`` if it is not a zone."""
    found = _ZONES.get(name)
    if found is None and is_zone(name):
        found = _ZONES[name] = (shared_zone(name), zone_info(name))
    return found


def _time(written: str, with_seconds: bool, offset: str | None, zone: str, info: zoneinfo.ZoneInfo) -> _End | None:
    """A time from its date and clock as ``written`` (with ``Z`` if in UTC), in the zone ``zone``."""
    if (usual := _zoned_time(written, with_seconds, offset, zone, info)) is not None:
        bound, day, at, shown = usual
        return bound, (day, day, at, at, at), shown, _SECOND_RANK if with_seconds else _MINUTE_RANK
    try:
        moment = dt.datetime.fromisoformat(written)  # the date exists, the hour is 0-23, the minute and second 0-59
    except ValueError:
        return None
    # Years 2–9998 lie more than a day from the ends of 1–9999, in UTC and in every zone.
    if not 2 <= moment.year <= 9998:
        return None
    precision = _SECOND if with_seconds else _MINUTE
    if offset == "Z":
        # RFC 9557: the fields are the instant in UTC, shown in the zone; the zone's clock may read anything.
        local = moment.astimezone(info)
        if local.second:  # a zone's early offsets may have seconds: the time then shows them
            precision = _SECOND
    else:
        # A wall time: the usual one has one offset whichever fold is asked for, so it is neither skipped nor
        # repeated; a time at a clock change goes to the general path, which asks for the offset or refuses it.
        local = moment.replace(tzinfo=info)
        if local.utcoffset() != local.replace(fold=1).utcoffset():
            return None
    year, month, day, hour, minute, second, fold = (
        local.year,
        local.month,
        local.day,
        local.hour,
        local.minute,
        local.second,
        local.fold,
    )
    if not 2 <= year <= 9998:
        return None
    utc_offset = local.utcoffset()
    assert utc_offset is not None
    offset_seconds = utc_offset.days * 86_400 + utc_offset.seconds
    # The wall clock less the offset is the instant in UTC (toordinal is day_number within years 1-9999).
    local_day = local.toordinal()
    instant = local_day * DAY_MICROSECONDS + (hour * 3600 + minute * 60 + second - offset_seconds) * 1_000_000
    if offset_seconds % 60:  # an early offset with seconds: shown rounded down to the minute
        shown_offset = _offset_text(offset_seconds)
        clock = f"{hour:02}:{minute:02}:{second:02}" if precision is _SECOND else f"{hour:02}:{minute:02}"
        stamp = f"{year:04}-{month:02}-{day:02}T{clock}{shown_offset}"
    else:
        # Whole minutes: isoformat writes the wall time and offset as the canonical text does (a year 2–9998 in
        # four digits, no fraction: every field is whole), in one call.
        stamp = local.isoformat("T", "seconds" if precision is _SECOND else "minutes")
        shown_offset = stamp[-6:]
    if offset is not None and offset not in ("Z", shown_offset):
        return None  # the offset contradicts the zone: the general path says so
    year = _YEARS.setdefault(year, year)
    bound = _time_bound(precision, year, month, day, hour=hour, minute=minute, second=second, zone=zone, fold=fold)
    # With the zone's own offset, the time as written is its canonical text.
    shown = None if offset is not None and offset != "Z" else f"{stamp}[{zone}]"
    rank = _SECOND_RANK if precision is _SECOND else _MINUTE_RANK
    return bound, (local_day, local_day, instant, instant, instant), shown, rank


def _zoned_time(
    written: str, with_seconds: bool, offset: str | None, zone: str, info: zoneinfo.ZoneInfo
) -> tuple[Bound, int, int, str | None] | None:
    """A time written with an offset (or ``Z``) that is a whole quarter hour: its Bound, its day in its zone, its
    instant and its canonical text (``None`` if it is the time as written).

    It asks the zone for the offsets of the naive wall time itself (``ZoneInfo.utcoffset``
    reads the fields and the fold): fold 0 and fold 1 differ exactly where the time is
    skipped or repeated, and those go back to :func:`_time`. Offsets are compared and
    written through a table of whole quarter hours instead of being formatted; an offset
    with seconds or off the table, a wall time without an offset, and years near the
    ends go back to :func:`_time` too.
    """
    if offset is None:  # a wall time without an offset: _time asks for its fold
        return None
    try:
        moment = _fromisoformat(written)  # the date exists, the hour is 0-23, the minute and second 0-59
    except ValueError:
        return None
    if not 2 <= moment.year <= 9998:  # as in _time: far enough from the ends of 1-9999 in UTC and every zone
        return None
    utc = offset == "Z"
    local = moment.astimezone(info) if utc else moment  # naive: the wall time as written
    year, month, day, hour, minute, second = local.year, local.month, local.day, local.hour, local.minute, local.second
    if not 2 <= year <= 9998:
        return None
    at = info.utcoffset(local)
    if not utc and at != info.utcoffset(_datetime(year, month, day, hour, minute, second, 0, None, fold=1)):
        return None
    known = _quarter_hours().get(at)  # type: ignore[arg-type]
    if known is None:
        return None
    shown_offset, offset_seconds = known
    local_day = local.toordinal()
    shown: str | None = None  # with the zone's own offset, the time as written is canonical
    if utc:
        if local_day == moment.toordinal():  # the wall date is the date as written: its text is reused
            clock = f"{_TWO_DIGITS[hour]}:{_TWO_DIGITS[minute]}"
            if with_seconds:
                clock = f"{clock}:{_TWO_DIGITS[second]}"
            shown = f"{written[:11]}{clock}{shown_offset}[{zone}]"
        else:  # whole minutes: isoformat writes the wall time and the offset as the canonical text does
            shown = f"{local.isoformat('T', 'seconds' if with_seconds else 'minutes')}[{zone}]"
        fold = local.fold
    elif offset == shown_offset:
        fold = 0
    else:
        return None  # the offset contradicts the zone: the general path says so
    instant = local_day * DAY_MICROSECONDS + (hour * 3600 + minute * 60 + second - offset_seconds) * 1_000_000
    bound = _new(Bound)  # as _time_bound builds it, without a call
    _SET_PRECISION(bound, _SECOND if with_seconds else _MINUTE)
    _SET_YEAR(bound, _YEARS.setdefault(year, year))
    _SET_MONTH(bound, month)
    _SET_DAY(bound, day)
    _SET_HOUR(bound, hour)
    _SET_MINUTE(bound, minute)
    _SET_SECOND(bound, second)
    _SET_ZONE(bound, zone)
    _SET_FOLD(bound, fold)
    _SET_APPROXIMATE(bound, False)
    _SET_UNCERTAIN(bound, False)
    _SET_UNSPECIFIED(bound, 0)
    return bound, local_day, instant, shown


_TWO_DIGITS: Final = tuple(f"{number:02}" for number in range(60))
_fromisoformat = dt.datetime.fromisoformat
_datetime = dt.datetime


@cache
def _quarter_hours() -> dict[dt.timedelta, tuple[str, int]]:
    """Each offset of whole quarter hours within a day, its text as ``offset_text`` writes it, and its seconds."""
    return {
        dt.timedelta(seconds=seconds): (_offset_text(seconds), seconds) for seconds in range(-86_400 + 900, 86_400, 900)
    }


def _date(year: int, month_text: str | None, day_text: str | None, qualifier: str) -> _End | None:
    month = day = 1
    if month_text is None:
        precision, rank = _YEAR, _YEAR_RANK
    else:
        month = int(month_text)
        if not 1 <= month <= 12:  # seasons, quarters and bad months go to the general path
            return None
        if day_text is None:
            precision, rank = _MONTH, _MONTH_RANK
        else:
            precision, rank, day = _DAY, _DAY_RANK, int(day_text)
            if day == 0 or (day > 28 and day > month_days(year, month)):  # every month has days 1-28
                return None
    bound = _date_bound(precision, year, month, day, qualifier)
    if precision is _DAY:
        first = last = day_number(year, month, day)
    elif precision is _MONTH:
        first = day_number(year, month, 1)
        last = first + month_days(year, month) - 1
    else:
        first, last = bound._day_numbers()
    # As written, not widened for "~": that is where a date lies for order (the spans widen it).
    return bound, (first, last, None, first * DAY_MICROSECONDS, (last + 1) * DAY_MICROSECONDS - 1), None, rank


# Bounds built without the checks of ``Bound.__init__``, for fields proven valid above: nothing that the checks
# would refuse or change (a property test holds them to what ``Bound(...)`` builds). Each field is stored
# through its slot, past the frozen class's ``setattr``, as ``__init__`` would store it.
_new = object.__new__
(
    _SET_PRECISION,
    _SET_YEAR,
    _SET_MONTH,
    _SET_DAY,
    _SET_HOUR,
    _SET_MINUTE,
    _SET_SECOND,
    _SET_ZONE,
    _SET_FOLD,
    _SET_APPROXIMATE,
    _SET_UNCERTAIN,
    _SET_UNSPECIFIED,
) = (vars(Bound)[field.name].__set__ for field in attrs.fields(Bound))


def _date_bound(precision: Precision, year: int, month: int, day: int, qualifier: str) -> Bound:
    """A Bound of a date with its qualifier as written: ``~``, ``?``, ``%`` or nothing."""
    approximate, uncertain = _QUALIFIED[qualifier]
    bound = _new(Bound)
    _SET_PRECISION(bound, precision)
    _SET_YEAR(bound, year)
    _SET_MONTH(bound, month)
    _SET_DAY(bound, day)
    _SET_HOUR(bound, 0)
    _SET_MINUTE(bound, 0)
    _SET_SECOND(bound, 0)
    _SET_ZONE(bound, None)
    _SET_FOLD(bound, 0)
    _SET_APPROXIMATE(bound, approximate)
    _SET_UNCERTAIN(bound, uncertain)
    _SET_UNSPECIFIED(bound, 0)
    return bound


def _time_bound(
    precision: Precision, year: int, month: int, day: int, *, hour: int, minute: int, second: int, zone: str, fold: int
) -> Bound:
    bound = _new(Bound)
    _SET_PRECISION(bound, precision)
    _SET_YEAR(bound, year)
    _SET_MONTH(bound, month)
    _SET_DAY(bound, day)
    _SET_HOUR(bound, hour)
    _SET_MINUTE(bound, minute)
    _SET_SECOND(bound, second)
    _SET_ZONE(bound, zone)
    _SET_FOLD(bound, fold)
    _SET_APPROXIMATE(bound, False)
    _SET_UNCERTAIN(bound, False)
    _SET_UNSPECIFIED(bound, 0)
    return bound


def _offset_text(seconds: int) -> str:
    """The offset as ``offset_text`` writes it: whole minutes, rounded down."""
    minutes = seconds // 60
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
