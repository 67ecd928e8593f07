"""VTIMEZONE components that cover exactly the dates a calendar uses.

``icalendar``'s ``add_missing_timezones()`` covers 1970–2038 unless told otherwise,
puts a ``COMMENT`` directly on the VTIMEZONE (which libical rejects), can overflow
near the year 9999, and writes each observance's ``DTSTART`` in the new offset
rather than the one in force before it. :func:`vtimezone` builds the component from
the zone's own transitions instead: one ``STANDARD`` or ``DAYLIGHT`` observance per
distinct change (``TZOFFSETFROM``, ``TZOFFSETTO``, ``TZNAME``), its first onset as
``DTSTART`` in local time before the change, each later onset as an ``RDATE`` of its own.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import cache, lru_cache
from typing import Any

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

_STEP = dt.timedelta(days=7)
_SECOND = dt.timedelta(seconds=1)
_FIRST = dt.datetime(1, 1, 3, tzinfo=dt.UTC)
_LAST = dt.datetime(9999, 12, 29, tzinfo=dt.UTC)
_MARGIN = dt.timedelta(days=2)
_CHUNK = dt.timedelta(days=3653)  # transitions are found ten years at a time, and remembered

_Info = tuple[dt.timedelta, dt.timedelta, str]  # utcoffset, dst, tzname


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


def _transitions(zone: zoneinfo.ZoneInfo, low: dt.datetime, high: dt.datetime) -> list[tuple[dt.datetime, _Info]]:
    """Each moment (UTC) in ``low``..``high`` at which the zone's offset, dst or name changes."""
    found: list[tuple[dt.datetime, _Info]] = []
    here, current = low, _info(low, zone)
    while here < high:
        there = here + _STEP if high - here > _STEP else high
        following = _info(there, zone)
        if following != current:
            before, after = here, there  # the change happens in (before, after]
            while after - before > _SECOND:
                middle = before + (after - before) / 2
                middle = middle.replace(microsecond=0)
                if middle <= before:
                    middle = before + _SECOND
                if _info(middle, zone) == current:
                    before = middle
                else:
                    after = middle
            following = _info(after, zone)
            found.append((after, following))
            here, current = after, following
            continue
        here = there
    return found


@lru_cache(maxsize=8192)
def _chunk(name: str, index: int) -> tuple[tuple[dt.datetime, _Info], ...]:
    low = _FIRST + _CHUNK * index
    high = low + _CHUNK if _LAST - low > _CHUNK else _LAST
    return tuple(_transitions(zone_info(name), low, high))


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
