"""``…Z[zone]``: RFC 9557 gives the instant in UTC, shown in the zone, so the fields are UTC, never wall time."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from timeline import Bound, When
from timeline.errors import InvalidInputError

ZONES = sorted(zoneinfo.available_timezones())


@functools.cache
def _changes(zone: str, year: int) -> tuple[dt.datetime, ...]:
    """The UTC instants in ``year`` at which ``zone`` changes its offset, found by brute force to the minute."""
    info = zoneinfo.ZoneInfo(zone)
    changes = []
    hour = dt.timedelta(hours=1)
    moment = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)
    before = moment.astimezone(info).utcoffset()
    while moment < end:
        after = (moment + hour).astimezone(info).utcoffset()
        if after != before:
            low = moment  # the change lies in (low, low + 1 h]: walk it minute by minute
            while (low + dt.timedelta(minutes=1)).astimezone(info).utcoffset() == before:
                low += dt.timedelta(minutes=1)
            changes.append(low + dt.timedelta(minutes=1))
        before = after
        moment += hour
    return tuple(changes)


@st.composite
def zoned_instants(draw: st.DrawFn) -> tuple[dt.datetime, str]:
    """A zone, and a UTC instant to the minute: often within two hours of one of its clock changes."""
    zone = draw(st.sampled_from(ZONES))
    year = draw(st.sampled_from([1900, 1945, 1970, 2000, 2025, 2037]) | st.integers(2, 9998))
    changes = _changes(zone, year) if 1850 <= year <= 2040 else ()
    if changes and draw(st.booleans()):
        base = draw(st.sampled_from(changes))
        instant = base + dt.timedelta(minutes=draw(st.integers(-120, 120)))
    else:
        start = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
        instant = start + dt.timedelta(minutes=draw(st.integers(0, 365 * 24 * 60 - 1)))
    return instant, zone


def _text(instant: dt.datetime) -> str:
    return f"{instant.year:04}-{instant.month:02}-{instant.day:02}T{instant.hour:02}:{instant.minute:02}"


@given(zoned_instants())
@example((dt.datetime(2025, 3, 30, 2, 30, tzinfo=dt.UTC), "Europe/Berlin"))
def test_a_utc_time_in_a_zone_is_that_instant_shown_in_the_zone(case: tuple[dt.datetime, str]) -> None:
    instant, zone = case
    when = When.parse(f"{_text(instant)}Z[{zone}]")
    assert when == When(Bound.of_datetime(instant, zone))
    assert when.earliest_at == instant
    assert When.parse(str(when)) == when


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2025-03-30T02:30Z[Europe/Berlin]", "2025-03-30T04:30+02:00[Europe/Berlin]"),  # 02:30 is skipped in Berlin
        ("2025-03-09T02:30Z[America/New_York]", "2025-03-08T21:30-05:00[America/New_York]"),
        ("2025-10-26T00:30Z[Europe/Berlin]", "2025-10-26T02:30+02:00[Europe/Berlin]"),  # the first 02:30
        ("2025-10-26T01:30Z[Europe/Berlin]", "2025-10-26T02:30+01:00[Europe/Berlin]"),  # the second
    ],
)
def test_utc_fields_that_are_no_wall_time_in_the_zone_still_name_an_instant(text: str, shown: str) -> None:
    assert str(When.parse(text)) == shown


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "0001-01-01T00:00Z[America/New_York]",
            '"0001-01-01T00:00Z[America/New_York]" is not a valid time: '
            "0001-01-01 00:00 UTC is outside years 1–9999 in America/New_York",
        ),
        (
            "9999-12-31T23:00Z[Asia/Tokyo]",
            '"9999-12-31T23:00Z[Asia/Tokyo]" is not a valid time: 9999-12-31 23:00 UTC is outside years 1–9999 in '
            "Asia/Tokyo",
        ),
        (
            "2025-02-29T10:00Z[Europe/Berlin]",
            '"2025-02-29T10:00Z[Europe/Berlin]" is not a valid time: day 29 is not 01–28: February 2025 has 28 days',
        ),
    ],
)
def test_a_utc_time_that_the_zone_cannot_show_is_refused_by_name(text: str, message: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        When.parse(text)
    assert str(raised.value) == message
