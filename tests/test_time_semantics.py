"""Time semantics: instants across zones, open and unknown ends, folds, order; against a brute-force oracle."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterator
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline import Event, InvalidInputError, OneOf, Timeline, When
from timeline.model.when import Bound, Precision, Unbounded

UTC = dt.UTC
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def ids(events: tuple[Event, ...] | Timeline) -> list[str]:
    return [event.id for event in events]


def test_between_compares_times_as_instants_not_local_days() -> None:
    # 00:30 in Berlin on the 16th is 23:30 UTC on the 15th
    late = Event("late", "Late", "2025-12-16T00:30+01:00[Europe/Berlin]")
    chronology = Timeline("t", [late])
    found = chronology.between(
        dt.datetime(2025, 12, 15, 23, 0, tzinfo=UTC), dt.datetime(2025, 12, 15, 23, 59, tzinfo=UTC)
    )
    assert ids(found) == ["late"]
    assert ids(chronology.between("2025-12-15T23:00Z", "2025-12-15T23:59Z", certain=True)) == ["late"]
    assert ids(chronology.between("2025-12-15T23:31Z", "2025-12-15T23:59Z")) == []


def test_a_range_with_ends_in_two_zones_is_taken_by_its_instants() -> None:
    late = Event("late", "Late", "2025-12-15T23:20Z")
    chronology = Timeline("t", [late])
    # 23:10 UTC to 23:30 UTC, the first written in Berlin (already the 16th there)
    found = chronology.between("2025-12-16T00:10+01:00[Europe/Berlin]", "2025-12-15T23:30Z")
    assert ids(found) == ["late"]
    with pytest.raises(InvalidInputError, match="the range ends before it starts"):
        chronology.between("2025-12-16T00:40+01:00[Europe/Berlin]", "2025-12-15T23:30Z")


def test_a_date_and_a_time_compare_by_calendar_day() -> None:
    chronology = Timeline("t", [Event("late", "Late", "2025-12-16T00:30+01:00[Europe/Berlin]")])
    # the time's day in its own zone is the 16th
    assert ids(chronology.between("2025-12-16", "2025-12-16", certain=True)) == ["late"]
    assert ids(chronology.between("2025-12-15", "2025-12-15")) == []


def test_order_follows_instants_across_zones() -> None:
    berlin = Event("berlin", "Berlin", "2025-12-16T00:30+01:00[Europe/Berlin]")  # 23:30 UTC on the 15th
    london = Event("london", "London", "2025-12-15T23:45Z")
    assert ids(Timeline("t", [london, berlin])) == ["berlin", "london"]
    assert When.parse("2025-12-16T00:30+01:00[Europe/Berlin]") < When.parse("2025-12-15T23:45Z")


def test_open_and_unknown_ends_differ_under_certain() -> None:
    going_on = Event("going-on", "Still going on", "2025-12-14/..")
    unknown = Event("unknown", "End not known", "2025-12-14/")
    chronology = Timeline("t", [going_on, unknown])
    assert ids(chronology.between("2030", "2030")) == ["going-on", "unknown"]
    assert ids(chronology.between("2030", "2030", certain=True)) == ["going-on"]
    assert ids(chronology.between("2025-12-14", "2025-12-14", certain=True)) == ["going-on", "unknown"]


def test_open_and_unknown_starts_differ_under_certain() -> None:
    always = Event("always", "Since ever", "../2025-12-14")
    unknown = Event("unknown", "Start not known", "/2025-12-14")
    chronology = Timeline("t", [always, unknown])
    assert ids(chronology.between("1900", "1900")) == ["always", "unknown"]
    assert ids(chronology.between("1900", "1900", certain=True)) == ["always"]
    assert ids(chronology.between("2025-12-14", "2025-12-14", certain=True)) == ["always", "unknown"]


def test_an_end_of_an_interval_is_never_before_its_start() -> None:
    # the end is about the 16th (13th to 19th), but not before the start on the 15th
    when = When.parse("2025-12-15/2025-12-16~")
    assert when.overlaps("2025-12-15", "2025-12-20", certain=True)
    assert not when.overlaps("2025-12-16", "2025-12-20", certain=True)


def test_instant_accessors_tell_the_two_ambiguous_times_apart() -> None:
    first = When.parse("2025-10-26T02:30+02:00[Europe/Berlin]")
    second = When.parse("2025-10-26T02:30+01:00[Europe/Berlin]")
    assert first.earliest_at == dt.datetime(2025, 10, 26, 0, 30, tzinfo=UTC)
    assert second.earliest_at == dt.datetime(2025, 10, 26, 1, 30, tzinfo=UTC)
    assert first.earliest_at < second.earliest_at  # type: ignore[operator]
    assert first.earliest_at.tzinfo is UTC  # type: ignore[union-attr]
    assert first.earliest_day == second.latest_day == dt.date(2025, 10, 26)
    assert first < second


def test_day_accessors_compare_across_dates_and_times() -> None:
    day = When.parse("2025-12-16~")
    time = When.parse("2025-12-16T00:30+01:00[Europe/Berlin]")
    assert day.earliest_day == dt.date(2025, 12, 13)
    assert day.latest_day == dt.date(2025, 12, 19)
    assert day.earliest_at is None
    assert day.latest_at is None
    assert time.earliest_day == time.latest_day == dt.date(2025, 12, 16)
    assert day.earliest_day < time.earliest_day  # type: ignore[operator]
    assert time.latest_at == dt.datetime(2025, 12, 15, 23, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "earliest_day", "latest_day", "earliest_at", "latest_at"),
    [
        ("", None, None, None, None),
        ("2025-12-14/..", dt.date(2025, 12, 14), None, None, None),
        ("2025-12-14/", dt.date(2025, 12, 14), None, None, None),
        ("../2025-12-14", None, dt.date(2025, 12, 14), None, None),
        ("/2025-12-14T10:00Z", None, dt.date(2025, 12, 14), None, dt.datetime(2025, 12, 14, 10, tzinfo=UTC)),
        (
            "2025-12-14T23:00-05:00[America/New_York]/2025-12",
            dt.date(2025, 12, 14),
            dt.date(2025, 12, 31),
            dt.datetime(2025, 12, 15, 4, tzinfo=UTC),
            None,
        ),
        ("2025~", dt.date(2024, 1, 1), dt.date(2026, 12, 31), None, None),
    ],
)
def test_accessors(
    text: str,
    earliest_day: dt.date | None,
    latest_day: dt.date | None,
    earliest_at: dt.datetime | None,
    latest_at: dt.datetime | None,
) -> None:
    when = When.parse(text)
    assert (when.earliest_day, when.latest_day) == (earliest_day, latest_day)
    assert (when.earliest_at, when.latest_at) == (earliest_at, latest_at)
    for value in (when.earliest_at, when.latest_at):
        assert value is None or value.tzinfo is UTC


def test_a_time_from_zoneinfo_and_from_pendulum_is_the_same_bound() -> None:
    import pendulum

    from_zoneinfo = Bound.of_datetime(dt.datetime(2025, 10, 26, 2, 30, fold=1, tzinfo=BERLIN))
    from_pendulum = Bound.of_datetime(pendulum.datetime(2025, 10, 26, 1, 30, tz="UTC").in_timezone("Europe/Berlin"))
    assert from_zoneinfo == from_pendulum
    assert str(from_zoneinfo) == "2025-10-26T02:30+01:00[Europe/Berlin]"


def test_about_a_day_sorts_by_the_day_as_written() -> None:
    about = Event("about", "About the 18th", "2026-02-18~")
    exact = Event("exact", "The 16th", "2026-02-16")
    assert ids(Timeline("t", [about, exact])) == ["exact", "about"]
    assert When.parse("2026-02-16") < When.parse("2026-02-18~")


def test_sort_key_is_named() -> None:
    key = When.parse("2025-12-15T14:00+01:00[Europe/Berlin]").sort_key
    assert key.undated is False
    assert key.start == When.parse("2025-12-15T13:00Z").sort_key.start
    assert When.undated().sort_key.undated is True


# A resolution picks a value for each end: a day (a date) or an instant (a time, with its
# calendar day in its own zone). Two values compare as instants when both are times, else by
# calendar day. -inf and +inf stand for open ends.


class V(NamedTuple):
    day: int  # date.toordinal(), or +-10**9 for the infinities
    at: dt.datetime | None = None


NEG = V(-(10**9))
POS = V(10**9)


def le(a: V, b: V) -> bool:
    if a.at is not None and b.at is not None:
        return a.at <= b.at
    return a.day <= b.day


def _days(first: dt.date, last: dt.date) -> list[V]:
    return [V(n) for n in range(first.toordinal(), last.toordinal() + 1)]


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def oracle_values(bound: Bound) -> list[V]:
    """Every value the bound may take, written out from its parts, widened for ``~``."""
    if bound.precision.is_time:
        assert bound.zone is not None
        local = dt.datetime(
            bound.year, bound.month, bound.day, bound.hour, bound.minute, bound.second,
            tzinfo=zoneinfo.ZoneInfo(bound.zone), fold=bound.fold,
        )  # fmt: skip
        return [V(local.date().toordinal(), local.astimezone(UTC))]
    months = {Precision.YEAR: 12, Precision.SEASON: 3, Precision.QUARTER: 3, Precision.MONTH: 1}.get(bound.precision, 0)
    if bound.unspecified:  # 201X, 2004-XX, 2004-06-XX, 2004-XX-XX: never approximate
        if bound.precision is Precision.YEAR:
            return _days(dt.date(bound.year, 1, 1), dt.date(bound.year + 10**bound.unspecified - 1, 12, 31))
        if bound.precision is Precision.DAY and bound.unspecified == 2:
            return _days(dt.date(bound.year, bound.month, 1), _month_end(bound.year, bound.month))
        return _days(dt.date(bound.year, 1, 1), dt.date(bound.year, 12, 31))
    if bound.precision is Precision.DAY:
        first = last = dt.date(bound.year, bound.month, bound.day)
        if bound.approximate:
            first, last = first - dt.timedelta(days=3), last + dt.timedelta(days=3)
        return _days(first, last)
    wide = months if bound.approximate else 0
    year, month = _shift_month(bound.year, bound.month, -wide)
    first = dt.date(year, month, 1)
    year, month = _shift_month(bound.year, bound.month, months - 1 + wide)
    return _days(first, _month_end(year, month))


def _run_values(first: Bound, last: Bound) -> list[V]:
    """Every day from the first day of ``first`` to the last day of ``last``."""
    return [V(n) for n in range(oracle_values(first)[0].day, oracle_values(last)[-1].day + 1)]


def _after(value: V, zone: str | None, limit: V) -> Iterator[V]:
    """Values of the same kind as ``value`` from it up to past ``limit``: an unknown end."""
    yield value
    if value.at is None:
        stop = max(value.day, limit.day if abs(limit.day) < 10**9 else value.day) + 2
        yield from (V(n) for n in range(value.day + 1, stop + 1))
    else:
        tz = zoneinfo.ZoneInfo(zone or "UTC")
        for hours in range(1, 50):
            moment = value.at + dt.timedelta(hours=hours)
            yield V(moment.astimezone(tz).date().toordinal(), moment)
        if limit.at is not None:
            for moment in (limit.at - dt.timedelta(seconds=1), limit.at, limit.at + dt.timedelta(seconds=1)):
                if moment >= value.at:
                    yield V(moment.astimezone(tz).date().toordinal(), moment)
    yield POS


def _before(value: V, zone: str | None, limit: V) -> Iterator[V]:
    """Values of the same kind as ``value`` from it back to before ``limit``: an unknown start."""
    yield value
    if value.at is None:
        stop = min(value.day, limit.day if abs(limit.day) < 10**9 else value.day) - 2
        yield from (V(n) for n in range(value.day - 1, stop - 1, -1))
    else:
        tz = zoneinfo.ZoneInfo(zone or "UTC")
        for hours in range(1, 50):
            moment = value.at - dt.timedelta(hours=hours)
            yield V(moment.astimezone(tz).date().toordinal(), moment)
        if limit.at is not None:
            for moment in (limit.at - dt.timedelta(seconds=1), limit.at, limit.at + dt.timedelta(seconds=1)):
                if moment <= value.at:
                    yield V(moment.astimezone(tz).date().toordinal(), moment)
    yield NEG


def oracle(when: When, low: V, high: V) -> tuple[bool, bool]:
    """(possibly, certainly) meets the range from ``low`` to ``high``, by trying every resolution."""

    def meets(start: V, end: V) -> bool:
        return le(start, high) and le(low, end)

    start, end = when.start, when.end
    if start is None:  # undated: never meets a range
        return False, False
    if isinstance(start, OneOf):  # one of the members' days
        values = [value for first, last in start.runs for value in _run_values(first, last)]
        results = [meets(value, value) for value in values]
        return any(results), all(results)
    if end is None:
        assert isinstance(start, Bound)
        values = oracle_values(start)
        results = [meets(value, value) for value in values]
        return any(results), all(results)
    starts: list[V]
    ends: list[V]
    if isinstance(end, Bound):
        ends = oracle_values(end)
    if isinstance(start, Bound):
        starts = oracle_values(start)
    if start is Unbounded.OPEN:
        starts = [NEG]
    elif start is Unbounded.UNKNOWN:
        assert isinstance(end, Bound)
        starts = list(_before(ends[-1], end.zone, low))
    if end is Unbounded.OPEN:
        ends = [POS]
    elif end is Unbounded.UNKNOWN:
        assert isinstance(start, Bound)
        ends = list(_after(starts[0], start.zone, high))
    ends_backwards = ends[::-1]
    reaching = [last for last in ends_backwards if le(low, last)]
    possibly = any(le(first, high) and any(le(first, last) for last in reaching) for first in starts)
    # every resolution meets the range: each start that has an end after it, and each end with a start before it
    certainly = all(le(first, high) for first in starts if any(le(first, last) for last in ends_backwards)) and all(
        le(low, last) for last in ends if any(le(first, last) for first in starts)
    )
    return possibly, certainly


ALL_ZONES = sorted(zoneinfo.available_timezones() - {"build/etc/localtime", "localtime", "Factory"})
FIRST = dt.date(1800, 1, 1).toordinal()
LAST = dt.date(2200, 12, 31).toordinal()


@functools.cache
def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


_CHANGING = ["Europe/Berlin", "America/New_York", "America/Santiago", "Australia/Lord_Howe", "Pacific/Chatham"]


@functools.cache
def _changes_near(zone: str, base: int) -> list[dt.datetime]:
    """The moments (UTC) within a year of day ``base`` at which ``zone`` changes its offset."""
    from timeline.formats.ical._zones import transitions

    middle = dt.datetime.fromordinal(base).replace(tzinfo=UTC)
    year = dt.timedelta(days=366)
    return [moment for moment, _ in transitions(zone, middle - year, middle + year)]


@st.composite
def time_bound(draw: st.DrawFn, base: int) -> Bound:
    zone = draw(st.sampled_from(ALL_ZONES))
    day = base + draw(st.integers(-6, 6))
    seconds = draw(st.integers(0, 86_399))
    moment = dt.datetime.fromordinal(day).replace(tzinfo=UTC) + dt.timedelta(seconds=seconds)
    if draw(st.booleans()):  # a zone whose clocks go back and forth (Lord Howe by half an hour)
        zone = draw(st.sampled_from(_CHANGING))
    if draw(st.booleans()) and (changes := _changes_near(zone, base)):
        # around a change: wall-clock times that happen twice (fold 1), or next to a skipped hour
        moment = draw(st.sampled_from(changes)) + dt.timedelta(seconds=draw(st.integers(-600, 3600)))
    if draw(st.booleans()):
        moment = moment.replace(second=0)
    return Bound.of_datetime(moment, zone)


@st.composite
def date_bound(draw: st.DrawFn, base: int) -> Bound:
    day = dt.date.fromordinal(base + draw(st.integers(-40, 40)))
    precision = draw(
        st.sampled_from(
            [Precision.DAY, Precision.DAY, Precision.MONTH, Precision.SEASON, Precision.QUARTER, Precision.YEAR]
        )
    )
    if draw(st.integers(0, 9)) == 0:  # unspecified digits: 201X, 2004-XX, 2004-06-XX, 2004-XX-XX
        kind = draw(st.integers(1, 4))
        if kind == 1:
            return Bound(Precision.YEAR, day.year - day.year % 10, unspecified=1)
        if kind == 2:
            return Bound(Precision.MONTH, day.year, unspecified=2)
        if kind == 3:
            return Bound(Precision.DAY, day.year, day.month, unspecified=2)
        return Bound(Precision.DAY, day.year, unspecified=4)
    qualifier = draw(st.sampled_from(["", "", "~", "?", "%"]))
    approximate, uncertain = qualifier in "~%" and qualifier != "", qualifier in "?%" and qualifier != ""
    if precision is Precision.DAY:
        return Bound.of_date(day.year, day.month, day.day, approximate=approximate, uncertain=uncertain)
    if precision is Precision.MONTH:
        return Bound.of_date(day.year, day.month, approximate=approximate, uncertain=uncertain)
    if precision is Precision.QUARTER:
        month = (day.month - 1) // 3 * 3 + 1
        return Bound(Precision.QUARTER, day.year, month, approximate=approximate, uncertain=uncertain)
    if precision is Precision.SEASON:
        month = day.month // 3 * 3 or 12
        year = day.year - 1 if day.month < 3 else day.year
        return Bound(Precision.SEASON, year, month, approximate=approximate, uncertain=uncertain)
    return Bound.of_date(day.year, approximate=approximate, uncertain=uncertain)


def any_bound(base: int) -> st.SearchStrategy[Bound]:
    return st.one_of(time_bound(base), date_bound(base))


@st.composite
def event_when(draw: st.DrawFn, base: int) -> When:
    shape = draw(
        st.sampled_from(
            ["point", "point", "interval", "open-end", "unknown-end", "open-start", "unknown-start", "set", "undated"]
        )
    )
    if shape == "undated":
        return When.undated()
    if shape == "set":
        members = []
        for _ in range(draw(st.integers(1, 3))):
            first = dt.date.fromordinal(base + draw(st.integers(-20, 20)))
            last = first + dt.timedelta(days=draw(st.sampled_from([0, 0, 1, 4])))
            members.append(
                (Bound.of_date(first.year, first.month, first.day), Bound.of_date(last.year, last.month, last.day))
            )
        return When(OneOf(members))
    first = draw(any_bound(base))
    if shape == "point":
        return When(first)
    if shape == "open-end":
        return When(first, Unbounded.OPEN)
    if shape == "unknown-end":
        return When(first, Unbounded.UNKNOWN)
    if shape == "open-start":
        return When(Unbounded.OPEN, first)
    if shape == "unknown-start":
        return When(Unbounded.UNKNOWN, first)
    second = draw(any_bound(base))
    try:
        return When(first, second)
    except InvalidInputError:
        return When(second, first)


@st.composite
def range_end(draw: st.DrawFn, base: int) -> When | str | dt.date | dt.datetime:
    kind = draw(st.sampled_from(["datetime", "date", "when", "text"]))
    if kind == "datetime":
        moment = dt.datetime.fromordinal(base + draw(st.integers(-6, 6))).replace(tzinfo=UTC)
        moment += dt.timedelta(
            seconds=draw(st.integers(0, 86_399)), microseconds=draw(st.sampled_from([0, 1, 999_999]))
        )
        return moment.astimezone(_zone(draw(st.sampled_from(ALL_ZONES))))
    if kind == "date":
        return dt.date.fromordinal(base + draw(st.integers(-40, 40)))
    if draw(st.integers(0, 5)) == 0:  # one of a set counts in full, from its first day to its last
        first = dt.date.fromordinal(base + draw(st.integers(-20, 20)))
        second = first + dt.timedelta(days=draw(st.integers(1, 6)))
        return f"[{first.isoformat()}, {second.isoformat()}]"
    when = When(draw(any_bound(base)))
    return when if kind == "when" else str(when)


def range_value(value: When | str | dt.date | dt.datetime, side: str) -> V:
    if isinstance(value, dt.datetime):
        return V(value.date().toordinal(), value.astimezone(UTC))
    if isinstance(value, dt.date):
        return V(value.toordinal())
    when = value if isinstance(value, When) else When.parse(value)
    if isinstance(when.start, OneOf):
        values = [value for first, last in when.start.runs for value in _run_values(first, last)]
        return min(values) if side == "low" else max(values)
    assert isinstance(when.start, Bound)
    values = oracle_values(when.start)
    return values[0] if side == "low" else values[-1]


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[When], object, object]:
    base = draw(st.integers(FIRST + 800, LAST - 800))
    events = draw(st.lists(event_when(base), min_size=1, max_size=6))
    return events, draw(range_end(base)), draw(range_end(base))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_between_agrees_with_the_oracle(case: tuple[list[When], object, object]) -> None:
    whens, start, end = case
    chronology = Timeline("t", [Event(f"e{index}", "E", when) for index, when in enumerate(whens)])
    low, high = range_value(start, "low"), range_value(end, "high")  # type: ignore[arg-type]
    if not le(low, high):
        with pytest.raises(InvalidInputError, match="the range ends before it starts"):
            chronology.between(start, end)  # type: ignore[arg-type]
        return
    possibly = chronology.between(start, end)  # type: ignore[arg-type]
    certainly = chronology.between(start, end, certain=True)  # type: ignore[arg-type]
    for event in chronology:
        expected = oracle(event.when, low, high)
        assert (event in possibly, event in certainly) == expected, (str(event.when), start, end, expected)
        assert event.when.overlaps(start, end) == expected[0]  # type: ignore[arg-type]


def nominal(when: When) -> tuple[int, dt.datetime]:
    """The start as written: an instant for a time, 00:00 UTC of the first day for a date (of a set, its first).

    An open or unknown start comes first, undated last.
    """
    if when.start is None:
        return (2, dt.datetime.max.replace(tzinfo=UTC))
    if isinstance(when.start, OneOf):
        first = min(dt.date(bound.year, bound.month, bound.day) for bound, _ in when.start.runs)
        return (1, dt.datetime(first.year, first.month, first.day, tzinfo=UTC))
    if not isinstance(when.start, Bound):
        return (0, dt.datetime.min.replace(tzinfo=UTC))
    values = oracle_values(when.start)
    if when.start.precision.is_time:
        assert values[0].at is not None
        return (1, values[0].at)
    first = dt.date(when.start.year, when.start.month, when.start.day)
    return (1, dt.datetime(first.year, first.month, first.day, tzinfo=UTC))


@settings(max_examples=200, deadline=None)
@given(st.integers(FIRST + 800, LAST - 800).flatmap(lambda base: st.lists(event_when(base), max_size=8)))
def test_iteration_order_agrees_with_nominal_instants(whens: list[When]) -> None:
    chronology = Timeline("t", [Event(f"e{index}", "E", when) for index, when in enumerate(whens)])
    starts = [nominal(event.when) for event in chronology]
    assert starts == sorted(starts)


def test_of_datetime_refuses_microseconds_instead_of_dropping_them() -> None:
    with pytest.raises(InvalidInputError, match="fraction of a second"):
        Bound.of_datetime(dt.datetime(2025, 12, 15, 14, 0, 0, 500_000, tzinfo=BERLIN))
    # a range end keeps them: 13:00:00.5 UTC is after an event at 13:00:00 UTC
    chronology = Timeline("t", [Event("e", "E", "2025-12-15T13:00Z")])
    moment = dt.datetime(2025, 12, 15, 13, 0, 0, 500_000, tzinfo=UTC)
    assert ids(chronology.between(moment, moment)) == []
    assert ids(chronology.between(moment - dt.timedelta(seconds=1), moment)) == ["e"]


def test_errors_a_user_meets_are_timeline_errors() -> None:
    import pendulum

    from timeline import Revisions, TimelineError

    with pytest.raises(TimelineError, match="a day is not a moment"):
        _ = Bound.of_date(2025, 12, 15).moment
    now = pendulum.datetime(2025, 12, 15)
    with pytest.raises(TimelineError, match="at least one revision"):
        Revisions(now, now, 0)
    with pytest.raises(TimelineError, match="cannot come before"):
        Revisions(now, now.subtract(days=1), 1)


@pytest.mark.parametrize(
    ("created", "modified", "count", "message"),
    [
        (
            dt.datetime(2025, 12, 15),
            dt.datetime(2025, 12, 16, tzinfo=UTC),
            1,
            "created: 2025-12-15T00:00:00 has no time zone",
        ),
        ("2025-12-15", dt.datetime(2025, 12, 16, tzinfo=UTC), 1, "created: expected a date and time, got str"),
        (
            dt.datetime(2025, 12, 15, tzinfo=UTC),
            dt.datetime(2025, 12, 16, tzinfo=UTC),
            "2",
            "count: expected a whole number",
        ),
        # one wall-clock time, an hour apart: the last revision is the earlier instant
        (
            dt.datetime(2025, 10, 26, 2, 30, fold=1, tzinfo=BERLIN),
            dt.datetime(2025, 10, 26, 2, 30, fold=0, tzinfo=BERLIN),
            1,
            "cannot come before",
        ),
    ],
)
def test_bad_revisions_are_timeline_errors(created: object, modified: object, count: object, message: str) -> None:
    from timeline import Revisions, TimelineError

    with pytest.raises(TimelineError, match=message):
        Revisions(created, modified, count)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("zone", "hint"),
    [
        ("Europe/Berln", "(did you mean 'Europe/Berlin'?)"),
        ("Berlin", "(did you mean 'Europe/Berlin'?)"),
        ("America/Sao_Pollo", "(did you mean 'America/Sao_Paulo'?)"),
        # a city that is not a zone: no look-alike in another country, but how zones are named
        ("Europe/Gdansk", "zones are named Area/City after one large city of each region"),
    ],
)
def test_suggestions_for_unknown_zones(zone: str, hint: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        When.parse(f"2025-12-15T14:00+01:00[{zone}]")
    assert hint in str(caught.value)
    assert "Minsk" not in str(caught.value)


def test_range_ends_of_one_instant_in_two_zones_keep_their_own_days() -> None:
    # equal datetimes (one instant), but the 16th in Berlin and the 15th in UTC
    berlin = dt.datetime(2025, 12, 16, 0, 30, tzinfo=BERLIN)
    utc = dt.datetime(2025, 12, 15, 23, 30, tzinfo=UTC)
    assert berlin == utc
    on_the_16th = When.parse("2025-12-16")
    assert on_the_16th.overlaps(berlin, berlin)
    assert not on_the_16th.overlaps(utc, utc)
    assert on_the_16th.overlaps(berlin, berlin)
