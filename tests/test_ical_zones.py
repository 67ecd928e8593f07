"""VTIMEZONE in every zone: a reader that honours it finds the model's instant.

Readers that take a zone's offsets from the VTIMEZONE in the file rather than from
their own zone database (vobject and Radicale, which read it with
``dateutil.tz.tzical``; icalendar's ``Timezone.to_tz(lookup_tzid=False)``) must put
every time where the model does, in every zone, even where a zone changed its offset
for only a few days. The moments at which each zone changes are read from its TZif
file by ``dateutil.tz.tzfile``, independently of the writer.
"""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO
from zoneinfo import _common as zoneinfo_common

import icalendar
import pytest
import vobject
from dateutil import tz

from timeline import Bound, Event, Timeline, When
from timeline.formats.ical import to_ical

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_SECOND = dt.timedelta(seconds=1)
_LOW = dt.datetime(1800, 1, 1, tzinfo=dt.UTC)
_HIGH = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


def _open_zone_file(name: str) -> BinaryIO:
    """The TZif file that :class:`zoneinfo.ZoneInfo` reads for ``name``."""
    for root in zoneinfo.TZPATH:
        path = Path(root, name)
        if path.is_file():
            return path.open("rb")
    package, _, resource = f"tzdata/zoneinfo/{name}".rpartition("/")
    return resources.files(package.replace("/", ".")).joinpath(resource).open("rb")


def _zone_file(name: str) -> tz.tzfile:
    """dateutil's reading of zone ``name``'s TZif file: its first (32-bit) part, the changes from 1901 to 2037."""
    with _open_zone_file(name) as data:
        return tz.tzfile(data, filename=name)


def _changes(name: str) -> list[dt.datetime]:
    """The moments (UTC) at which zone ``name`` changes, as its TZif file lists them (32-bit part)."""
    listed: list[int] = _zone_file(name)._trans_list_utc
    return [_EPOCH + dt.timedelta(seconds=moment) for moment in listed]


def _all_changes(name: str) -> list[dt.datetime]:
    """Every change of zone ``name`` from 1800 to 2100.

    The moments the whole TZif file lists, its 64-bit part too (before 1901 and after
    2037), as CPython's reader of the format finds them; after the last of them, the
    changes of the file's closing rule, found by stepping the zone a fortnight at a time
    and narrowing each change down to the second.
    """
    with _open_zone_file(name) as data:
        listed = [_EPOCH + dt.timedelta(seconds=moment) for moment in zoneinfo_common.load_data(data)[1]]
    found = [moment for moment in listed if _LOW < moment < _HIGH]
    zone = zoneinfo.ZoneInfo(name)
    moment = max([_LOW, *listed])
    step = dt.timedelta(days=14)
    while moment < _HIGH:
        following = moment + step
        if moment.astimezone(zone).utcoffset() != following.astimezone(zone).utcoffset():
            low, high = moment, following  # the offset at low differs from the one at high
            while high - low > _SECOND:
                middle = low + dt.timedelta(seconds=(high - low) // _SECOND // 2)
                if middle.astimezone(zone).utcoffset() == low.astimezone(zone).utcoffset():
                    low = middle
                else:
                    high = middle
            found.append(high)
        moment = following
    return sorted(set(found))


def _samples(name: str) -> list[dt.datetime]:
    """Instants to check in zone ``name``: the last second before each change, the first after it, every ten years."""
    around = {moment + step for moment in _all_changes(name) for step in (-_SECOND, dt.timedelta(0))}
    # 3690 days and 3931 seconds apart: a different time of year and of day each time
    regular = {_LOW + index * dt.timedelta(days=3690, seconds=3931) for index in range(30)}
    return sorted(around | regular)


def _vtimezone(data: bytes) -> str:
    text = data.decode("utf-8")
    return text[text.index("BEGIN:VTIMEZONE") : text.index("END:VTIMEZONE") + len("END:VTIMEZONE")] + "\r\n"


def _vobject_calendar(data: bytes) -> Any:
    """vobject's reading of ``data``, with the VTIMEZONEs in ``data`` (not the ones it saw before)."""
    registry = vars(vobject.icalendar)["__tzidMap"]
    for tzid in [tzid for tzid in registry if tzid != "UTC"]:
        del registry[tzid]
    return vobject.readOne(data.decode("utf-8"))


def _utc(bound: Bound) -> dt.datetime:
    """The model's instant."""
    return bound.moment.in_timezone("UTC")


def _wall(bound: Bound) -> dt.datetime:
    """The wall-clock time of ``bound``, as ``DTSTART;TZID=`` holds it."""
    return dt.datetime(bound.year, bound.month, bound.day, bound.hour, bound.minute, bound.second)


def test_the_samples_reach_changes_before_1901_and_after_2037() -> None:
    """Berlin left local mean time in 1893, and keeps its summer time rule after 2037, as the samples do."""
    changes = _all_changes("Europe/Berlin")
    assert dt.datetime(1893, 3, 31, 23, 6, 32, tzinfo=dt.UTC) in changes
    assert dt.datetime(2099, 3, 29, 1, tzinfo=dt.UTC) in changes
    assert dt.datetime(2099, 10, 25, 1, tzinfo=dt.UTC) in changes
    assert len(_all_changes("Asia/Gaza")) > len([moment for moment in _changes("Asia/Gaza") if moment > _LOW])


def test_the_zone_files_list_the_week_of_summer_time_in_recife() -> None:
    """The samples below rest on the changes read from the zone files: they are there."""
    changes = _changes("America/Recife")
    assert dt.datetime(2000, 10, 8, 3, tzinfo=dt.UTC) in changes
    assert dt.datetime(2000, 10, 15, 2, tzinfo=dt.UTC) in changes


@pytest.mark.parametrize(
    ("zone", "inside"),
    [
        # Daylight saving time for one week in 2000
        ("America/Recife", dt.datetime(2000, 10, 12, 15, tzinfo=dt.UTC)),
        ("America/Noronha", dt.datetime(2000, 10, 12, 15, tzinfo=dt.UTC)),
        ("America/Boa_Vista", dt.datetime(2000, 10, 12, 15, tzinfo=dt.UTC)),
        # Summer time for four days in 1939
        ("Africa/Freetown", dt.datetime(1939, 9, 3, 12, tzinfo=dt.UTC)),
        # Daylight saving time suspended for six days of Ramadan
        ("Asia/Gaza", dt.datetime(2040, 10, 23, 12, tzinfo=dt.UTC)),
    ],
)
def test_a_change_of_a_few_days_reaches_readers_that_use_the_vtimezone(zone: str, inside: dt.datetime) -> None:
    """vobject reads the whole file; icalendar makes a zone of the VTIMEZONE alone, not of its zone database."""
    month = dt.timedelta(days=30)
    moments = {"before": inside - month, "inside": inside, "after": inside + month}
    offsets = {name: moment.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset() for name, moment in moments.items()}
    assert offsets["before"] == offsets["after"] != offsets["inside"]  # a change of a few days, and back
    bounds = {name: Bound.of_datetime(moment, zone) for name, moment in moments.items()}
    data = to_ical(
        Timeline("T", [Event(name, "E", When(bound)) for name, bound in bounds.items()]), namespace="timeline"
    )
    found = {event.uid.value: event.dtstart.value for event in _vobject_calendar(data).vevent_list}
    assert {name: found[f"{name}@timeline"].astimezone(dt.UTC) for name in bounds} == moments
    assert {name: _utc(bound) for name, bound in bounds.items()} == moments
    read = icalendar.Timezone.from_ical(_vtimezone(data)).to_tz(lookup_tzid=False)
    assert {name: _wall(bound).replace(tzinfo=read).astimezone(dt.UTC) for name, bound in bounds.items()} == moments


@pytest.mark.parametrize("zone", sorted(zoneinfo.available_timezones()))
def test_every_zone_gives_a_reader_of_its_vtimezone_the_models_instants(zone: str) -> None:
    """Around each change of the zone, and every ten years from 1800 to 2100, dateutil agrees with the model.

    dateutil's ``tzical`` is how vobject, and so Radicale, read a VTIMEZONE. The calendar
    holds the first and the last sample, so its VTIMEZONE covers them all; every sample
    is then read as the wall-clock time a ``DTSTART;TZID=`` of it holds.
    """
    bounds = [Bound.of_datetime(moment, zone) for moment in _samples(zone)]
    # the first and last written with TZID (the second of two equal wall-clock times is written in UTC)
    written = [bound for bound in bounds if not bound.fold]
    data = to_ical(Timeline("T", [Event("first", "E", When(written[0])), Event("last", "E", When(written[-1]))]))
    if zone == "UTC":  # written as UTC (…Z), without a VTIMEZONE
        assert b"BEGIN:VTIMEZONE" not in data
        return
    assert f"DTSTART;TZID={zone}:{_wall(written[0]):%Y%m%dT%H%M%S}\r\n".encode() in data
    assert f"DTSTART;TZID={zone}:{_wall(written[-1]):%Y%m%dT%H%M%S}\r\n".encode() in data
    read = tz.tzical(io.StringIO(_vtimezone(data))).get()
    wrong = [
        f"{bound}: {found:%Y-%m-%d %H:%M:%S}Z"
        for bound in bounds
        if not bound.fold  # the second of two equal wall-clock times is written in UTC, without the VTIMEZONE
        and (found := _wall(bound).replace(tzinfo=read).astimezone(dt.UTC)) != _utc(bound)
    ]
    assert wrong == []
