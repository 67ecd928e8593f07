"""VTIMEZONE components that cover exactly the dates a calendar uses.

``icalendar``'s ``add_missing_timezones()`` covers 1970–2038 unless told otherwise,
puts a ``COMMENT`` directly on the VTIMEZONE (which libical rejects), can overflow
near the year 9999, and writes each observance's ``DTSTART`` in the new offset
rather than the one in force before it. :func:`vtimezone` builds the component from
the zone's own transitions instead: one ``STANDARD`` or ``DAYLIGHT`` observance per
distinct change (``TZOFFSETFROM``, ``TZOFFSETTO``, ``TZNAME``), its first onset as
``DTSTART`` in local time before the change, each later onset as an ``RDATE`` of its own.

The transitions come from the zone data itself, not from sampling the zone: the
moments its TZif file lists (RFC 8536) and, after the last of them, the yearly
changes of the POSIX TZ rule in the file's footer. So a change of offset that lasts
a week or a day (Recife kept daylight saving time for a week in October 2000) is
never stepped over. Each candidate moment is kept where :class:`zoneinfo.ZoneInfo`,
which the model uses too, gives another offset, ``dst`` or name from that second on.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
import struct
import zoneinfo
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_DAY = 86400
_FIRST = dt.datetime(1, 1, 3, tzinfo=dt.UTC)
_LAST = dt.datetime(9999, 12, 29, tzinfo=dt.UTC)
_MARGIN = dt.timedelta(days=2)
_CHUNK = dt.timedelta(days=3653)  # transitions are found ten years at a time, and remembered

_Info = tuple[dt.timedelta, dt.timedelta, str]  # utcoffset, dst, tzname

# A TZif footer names standard time, its offset west of UTC, then daylight saving time
# with its offset (an hour less by default) and the rules of its start and end:
# "CET-1CEST,M3.5.0,M10.5.0/3", "<-03>3<-02>,M3.2.0,M11.1.0", or no rule: "<+0530>-5:30".
_OFFSET = r"[+-]?\d{1,3}(?::\d{2}(?::\d{2})?)?"
_NAME = r"(?:[^<0-9:.+-]+|<[a-zA-Z0-9+-]+>)"
_ZONE = re.compile(rf"{_NAME}(?P<standard>{_OFFSET})?(?:(?P<daylight_name>{_NAME})(?P<daylight>{_OFFSET})?)?", re.ASCII)
# A rule: the n-th (5: last) weekday (0: Sunday) of a month, a day of the year without
# (Jn, 1–365) or with (n, 0–365) 29 February, then the local time (02:00 by default,
# -167 to 167 hours).
_RULE = re.compile(
    rf"(?:M(?P<month>\d{{1,2}})\.(?P<week>[1-5])\.(?P<weekday>[0-6])|J(?P<julian>\d{{1,3}})|(?P<day>\d{{1,3}}))"
    rf"(?:/(?P<time>{_OFFSET}))?",
    re.ASCII,
)


@cache
def zone_info(name: str) -> zoneinfo.ZoneInfo:
    """The IANA zone ``name``, loaded once."""
    return zoneinfo.ZoneInfo(name)


def _info(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> _Info:
    local = moment.astimezone(zone)
    offset, dst, name = local.utcoffset(), local.dst(), local.tzname()
    assert offset is not None
    return offset, dst or dt.timedelta(0), name or _offset_name(offset)


def _offset_name(offset: dt.timedelta) -> str:
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    return f"{sign}{seconds // 3600:02d}{seconds % 3600 // 60:02d}"


def _seconds(text: str) -> int:
    """``[+-]hh[:mm[:ss]]`` in seconds."""
    sign = -1 if text.startswith("-") else 1
    parts = [int(part) for part in text.lstrip("+-").split(":")]
    return sign * sum(part * unit for part, unit in zip(parts, (3600, 60, 1), strict=False))


def _local_seconds(rule: str, year: int) -> int:
    """When ``rule`` falls in ``year``, in local seconds since 1970 (as if local time were UTC)."""
    match = _RULE.fullmatch(rule)
    if match is None:
        raise ValueError(f"{rule!r} is not a rule of a POSIX TZ string")
    january = dt.date(year, 1, 1).toordinal()
    if match["month"] is not None:
        month, week, weekday = int(match["month"]), int(match["week"]), int(match["weekday"])
        first, length = calendar.monthrange(year, month)  # first: 0 is Monday
        day = (weekday - (first + 1)) % 7 + 1 + 7 * (week - 1)
        day = day if day <= length else day - 7
        ordinal = dt.date(year, month, day).toordinal()
    elif match["julian"] is not None:
        julian = int(match["julian"])
        ordinal = january + julian - 1 + (1 if calendar.isleap(year) and julian >= 60 else 0)
    else:
        ordinal = january + int(match["day"])
    time = _seconds(match["time"]) if match["time"] is not None else 7200
    return (ordinal - _EPOCH.toordinal()) * _DAY + time


class _Rule(NamedTuple):
    """Daylight saving time by a yearly rule, from a TZif footer."""

    standard: int  # offset from UTC in seconds, east positive
    daylight: int
    start: str
    end: str

    def changes(self, year: int) -> tuple[int, int]:
        """The start and end of daylight saving time in ``year``, in seconds since 1970 (UTC)."""
        return (
            _local_seconds(self.start, year) - self.standard,
            _local_seconds(self.end, year) - self.daylight,
        )


def _rule(footer: str) -> _Rule | None:
    """The yearly rule of a TZif footer, or ``None`` for a zone without daylight saving time."""
    zone, _, rules = footer.partition(",")
    match = _ZONE.fullmatch(zone)
    if match is None:
        raise ValueError(f"{footer!r} is not a POSIX TZ string")
    if match["daylight_name"] is None or not rules:
        return None
    standard = -_seconds(match["standard"] or "0")
    daylight = -_seconds(match["daylight"]) if match["daylight"] is not None else standard + 3600
    start, _, end = rules.partition(",")
    return _Rule(standard, daylight, start, end)


def _tzif(name: str) -> bytes:
    """The TZif file of zone ``name``, looked up as :class:`zoneinfo.ZoneInfo` does it."""
    for root in zoneinfo.TZPATH:
        path = Path(root, name)
        if path.is_file():
            return path.read_bytes()
    package, _, resource = f"tzdata/zoneinfo/{name}".rpartition("/")
    return resources.files(package.replace("/", ".")).joinpath(resource).read_bytes()


@cache
def _zone_data(name: str) -> tuple[tuple[int, ...], _Rule | None]:
    """The transitions listed in zone ``name``'s TZif file (seconds since 1970, UTC), and its rule after them.

    A file of version 2 or later repeats its data with 64-bit times after the 32-bit
    ones, and ends in a footer between two newlines (RFC 8536, section 3).
    """
    data = _tzif(name)
    if data[:4] != b"TZif":
        raise ValueError(f"the time zone file of {name} is not a TZif file")
    # Counts of UT/local and standard/wall indicators, leap seconds, transitions, local time types, abbreviation bytes
    ut, wall, leaps, times, types, characters = struct.unpack(">6l", data[20:44])
    if data[4:5] < b"2":
        return struct.unpack(f">{times}l", data[44 : 44 + times * 4]), None
    header = 44 + times * 5 + types * 6 + characters + leaps * 8 + wall + ut
    ut, wall, leaps, times, types, characters = struct.unpack(">6l", data[header + 20 : header + 44])
    start = header + 44
    moments = struct.unpack(f">{times}q", data[start : start + times * 8])
    footer = data[start + times * 9 + types * 6 + characters + leaps * 12 + wall + ut :].strip().decode("ascii")
    return moments, _rule(footer) if footer else None


def _candidates(name: str, low: dt.datetime, high: dt.datetime) -> list[dt.datetime]:
    """Each moment in ``low``..``high`` (UTC) at which the zone data says zone ``name`` may change."""
    first, last = int((low - _EPOCH).total_seconds()), int((high - _EPOCH).total_seconds())
    listed, rule = _zone_data(name)
    moments = set(listed[bisect.bisect_right(listed, first) : bisect.bisect_right(listed, last)])
    if rule is not None:  # the rule holds after the last listed transition
        since = listed[-1] if listed else first
        for year in range(max(low.year - 1, 1), min(high.year + 1, 9999) + 1):
            moments.update(moment for moment in rule.changes(year) if first < moment <= last and moment > since)
    return [_EPOCH + dt.timedelta(seconds=moment) for moment in sorted(moments)]


def _transitions(name: str, low: dt.datetime, high: dt.datetime) -> list[tuple[dt.datetime, _Info]]:
    """Each moment (UTC) in ``low``..``high`` at which the zone's offset, dst or name changes."""
    zone = zone_info(name)
    found: list[tuple[dt.datetime, _Info]] = []
    current = _info(low, zone)
    for moment in _candidates(name, low, high):
        following = _info(moment, zone)
        if following != current:
            found.append((moment, following))
            current = following
    return found


@lru_cache(maxsize=8192)
def _chunk(name: str, index: int) -> tuple[tuple[dt.datetime, _Info], ...]:
    low = _FIRST + _CHUNK * index
    high = low + _CHUNK if _LAST - low > _CHUNK else _LAST
    return tuple(_transitions(name, low, high))


def transitions(name: str, low: dt.datetime, high: dt.datetime) -> list[tuple[dt.datetime, _Info]]:
    """Each moment (UTC) in ``low``..``high`` at which zone ``name`` changes, and what it changes to."""
    first, last = (low - _FIRST) // _CHUNK, (high - _FIRST) // _CHUNK
    return [found for index in range(first, last + 1) for found in _chunk(name, index) if low < found[0] <= high]


def coverage(moments: list[dt.datetime]) -> tuple[dt.datetime, dt.datetime]:
    """The UTC range a VTIMEZONE needs for wall-clock ``moments``, with two days to spare."""
    low, high = min(moments), max(moments)
    low_utc = low.replace(tzinfo=dt.UTC)
    high_utc = high.replace(tzinfo=dt.UTC)
    low_utc = _FIRST if low_utc - _FIRST < _MARGIN else low_utc - _MARGIN
    high_utc = _LAST if _LAST - high_utc < _MARGIN else high_utc + _MARGIN
    return low_utc, high_utc


def vtimezone(name: str, low: dt.datetime, high: dt.datetime) -> Any:
    """The VTIMEZONE of IANA zone ``name``, valid from ``low`` to ``high`` (UTC)."""
    zone = zone_info(name)
    start = _info(low, zone)
    observances: dict[tuple[dt.timedelta, dt.timedelta, str, bool], list[dt.datetime]] = {}
    observances[(start[0], start[0], start[2], start[1] == dt.timedelta(0))] = [(low + start[0]).replace(tzinfo=None)]
    previous = start
    for moment, info in transitions(name, low, high):
        key = (previous[0], info[0], info[2], info[1] == dt.timedelta(0))
        observances.setdefault(key, []).append((moment + previous[0]).replace(tzinfo=None))
        previous = info
    component = Timezone()
    component.add("TZID", name)
    for (offset_from, offset_to, tzname, standard), onsets in observances.items():
        observance = TimezoneStandard() if standard else TimezoneDaylight()
        observance.add("TZNAME", tzname)
        observance.add("TZOFFSETFROM", offset_from)
        observance.add("TZOFFSETTO", offset_to)
        observance.add("DTSTART", onsets[0])
        for onset in onsets[1:]:  # one RDATE each: vobject (and so Radicale) reads only the first of a list
            observance.add("RDATE", onset)
        component.add_component(observance)
    return component
