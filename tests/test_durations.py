"""Durations: the text form, how one gives a date its end, and the queries that follow it."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from zoneinfo import ZoneInfo

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import durations, time_bounds
from timeline import Duration, Event, InvalidInputError, Timeline, When, from_ical, from_json, to_ical, to_json
from timeline.formats._labels import event_label
from timeline.formats.json import json_schema

BERLIN_TEN = "2026-03-10T10:00+01:00[Europe/Berlin]"


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("PT2H", {"hours": 2}),
        ("PT1H30M", {"hours": 1, "minutes": 30}),
        ("PT1.5H", {"hours": 1, "minutes": 30}),
        ("PT0,25M", {"seconds": 15}),
        ("P3D", {"days": 3}),
        ("P1W", {"weeks": 1}),
        ("P1Y2M3DT4H5M6S", {"years": 1, "months": 2, "days": 3, "hours": 4, "minutes": 5, "seconds": 6}),
        ("≤P2W", {"weeks": 2, "at_most": True}),
        ("<=P2W", {"weeks": 2, "at_most": True}),
    ],
)
def test_durations_are_read_from_iso_8601(text: str, parts: dict[str, int]) -> None:
    assert Duration.parse(text) == Duration(**parts)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("P1.5M", "1.5 months is not a fixed length"),
        ("P0.5Y", "0.5 years is not a fixed length"),
        ("P1.5D", "1.5 days is not a fixed length"),
        ("PT1.5H30M", "only the last unit of a duration may have a fraction"),
        ("PT0.5S", "times are kept to the second"),
        ("P1W2D", "weeks stand alone"),
        ("P0D", "a duration of nothing"),
        ("PT", "is not an ISO 8601 duration"),
        ("P", "is not an ISO 8601 duration"),
        ("2H", "is not an ISO 8601 duration"),
        ("-PT2H", "is not an ISO 8601 duration"),
        ("P2H", "is not an ISO 8601 duration"),
    ],
)
def test_ambiguous_or_malformed_durations_are_refused_saying_why(text: str, why: str) -> None:
    with pytest.raises(InvalidInputError, match=re.escape(why)):
        Duration.parse(text)


@given(durations())
def test_the_text_reads_back_equal(duration: Duration) -> None:
    assert Duration.parse(str(duration)) == duration
    assert str(Duration.parse(str(duration))) == str(duration)


@given(durations())
def test_the_schema_pattern_accepts_every_duration_written(duration: Duration) -> None:
    pattern = json_schema()["$defs"]["event"]["properties"]["duration"]["pattern"]
    assert re.search(pattern, str(duration))


@pytest.mark.parametrize(
    ("when", "duration", "why"),
    [
        ("2026-03-10/2026-03-12", "P3D", 'when "2026-03-10/2026-03-12" already has an end, and a duration (P3D)'),
        ("2026-03-10/", "P3D", 'when "2026-03-10/" already has an end'),
        ("2026-03", "P3D", 'a duration (P3D) needs a start on a known day or at a time, not "2026-03"'),
        ("2026-03-10~", "P3D", "needs a start on a known day or at a time"),
        ("2026-03-10", "PT2H", '"2026-03-10" is a whole day, so its duration (PT2H) cannot have hours'),
        ("2026-01-31", "P1M", '"2026-01-31" plus P1M has no day: 2026-02 has no day 31'),
        ("9999-12-31T23:00+00:00[UTC]", "PT2H", "is past the year 9999"),
    ],
)
def test_a_duration_that_does_not_fit_the_date_is_an_error_naming_both(when: str, duration: str, why: str) -> None:
    with pytest.raises(InvalidInputError, match=re.escape(why)) as error:
        Event("talks", "Talks", when=when, duration=duration)
    assert str(error.value).startswith("duration: ")


def test_a_timed_start_and_a_duration_give_a_real_end_and_label() -> None:
    event = Event("talks", "Talks", when=BERLIN_TEN, duration="PT2H")
    assert str(event.effective_when) == f"{BERLIN_TEN}/2026-03-10T12:00+01:00[Europe/Berlin]"
    assert [event_label(event, locale) for locale in ("en", "de", "uk")] == [
        "10 Mar 2026, 10:00–12:00 CET",
        "10. März 2026, 10:00–12:00 CET",
        "10 бер. 2026, 10:00–12:00 CET",
    ]


def test_calendar_units_keep_the_wall_clock_across_a_clock_change() -> None:
    event = Event("talks", "Talks", when="2026-03-28T10:00+01:00[Europe/Berlin]", duration="P1D")
    assert event.effective_when.latest_at == dt.datetime(2026, 3, 29, 8, 0, tzinfo=dt.UTC)  # 10:00 CEST
    elapsed = event.evolve(duration="PT24H")
    assert elapsed.effective_when.latest_at == dt.datetime(2026, 3, 29, 9, 0, tzinfo=dt.UTC)  # 11:00 CEST


def test_an_all_day_start_and_p3d_cover_three_days() -> None:
    event = Event("fair", "Fair", when="2026-03-10", duration="P3D")
    assert str(event.effective_when) == "2026-03-10/2026-03-12"
    assert event_label(event) == "10–12 Mar 2026"


def test_at_most_is_possible_to_its_limit_and_certain_only_of_its_start() -> None:
    event = Event("strike", "Strike", when="2026-03-10", duration="≤P2W")
    line = Timeline("t", [event])
    assert line.between("2026-03-23", "2026-03-30") == (event,)
    assert line.between("2026-03-24", "2026-03-30") == ()
    assert line.between("2026-03-10", "2026-03-10", certain=True) == (event,)
    assert line.between("2026-03-10", "2026-03-11", certain=True) == (event,)
    assert line.between("2026-03-11", "2026-03-23", certain=True) == ()
    assert event.effective_when.latest_day == dt.date(2026, 3, 23)
    assert [event_label(event, locale) for locale in ("en", "de", "uk")] == [
        "10 Mar 2026, up to 2 weeks",
        "10. März 2026, bis zu 2 Wochen",
        "10 бер. 2026, до 2 тижнів",
    ]


def test_a_timed_event_without_end_or_duration_keeps_its_default_in_icalendar() -> None:
    plain = to_ical(Timeline("t", [Event("talks", "Talks", when=BERLIN_TEN)])).decode()
    assert "DTEND" not in plain
    assert "DURATION" not in plain
    lasting = to_ical(Timeline("t", [Event("talks", "Talks", when=BERLIN_TEN, duration="PT2H")])).decode()
    assert "DTEND;TZID=Europe/Berlin:20260310T120000\r\n" in lasting
    assert "X-TIMELINE-DURATION:PT2H\r\n" in lasting


def test_at_most_in_icalendar_is_transparent_with_its_label_and_reads_back() -> None:
    line = Timeline("t", [Event("strike", "Strike", when="2026-03-10", duration="≤P2W")])
    data = to_ical(line)
    text = data.decode()
    assert "SUMMARY:Strike (10 Mar 2026\\, up to 2 weeks)\r\n" in text
    assert "DTEND;VALUE=DATE:20260324\r\n" in text
    assert "TRANSP:TRANSPARENT\r\n" in text
    assert from_ical(data) == line


def test_json_carries_a_duration_and_validates() -> None:
    import jsonschema

    line = Timeline("t", [Event("strike", "Strike", when="2026-03-10", duration="≤P2W")])
    text = to_json(line)
    assert json.loads(text)["events"][0]["duration"] == "≤P2W"
    jsonschema.validate(json.loads(text), json_schema())
    assert from_json(text) == line
    bad = text.replace("≤P2W", "P1.5D")
    with pytest.raises(InvalidInputError, match=re.escape('events[0].duration: "P1.5D": 1.5 days')):
        from_json(bad)


def _day_oracle(start: dt.date, duration: Duration) -> list[dt.date]:
    """Every day covered, counted one by one."""
    end = pendulum.date(start.year, start.month, start.day).add(
        years=duration.years, months=duration.months, weeks=duration.weeks, days=duration.days
    )
    days, day = [], start
    while day < dt.date(end.year, end.month, end.day):
        days.append(day)
        day += dt.timedelta(days=1)
    return days


def _event_or_none(when: str | When, duration: Duration) -> Event | None:
    """The event, or ``None`` if the date plus the duration is a day that does not exist (31 Jan + P1M)."""
    try:
        return Event("e", "E", when=when, duration=duration)
    except InvalidInputError as error:
        message = str(error)
    assert "has no day" in message or "past the year 9999" in message
    return None


_DAY_DURATIONS = durations().filter(lambda duration: not duration.has_time)


@given(
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 28)),
    _DAY_DURATIONS,
    st.dates(dt.date(1899, 1, 1), dt.date(2110, 12, 31)),
    st.integers(0, 800),
    st.booleans(),
)
def test_day_durations_match_a_day_by_day_oracle(
    start: dt.date, duration: Duration, low: dt.date, width: int, certain: bool
) -> None:
    event = _event_or_none(start.isoformat(), duration)
    if event is None:
        return
    high = low + dt.timedelta(days=width)
    covered = _day_oracle(start, duration)
    assert event.effective_when.earliest_day == covered[0]
    assert event.effective_when.latest_day == covered[-1]
    # Only the start of an at-most duration is certain; an exact run of days is certain wherever it is possible.
    expected = low <= start <= high if duration.at_most and certain else any(low <= day <= high for day in covered)
    assert Timeline("t", [event]).between(low, high, certain=certain) == ((event,) if expected else ())


def _end_oracle(start: dt.datetime, zone: str, duration: Duration) -> dt.datetime:
    """The end, brute force: calendar units on the local wall clock, then the elapsed time.

    The wall time after calendar units is found by trying every UTC offset the zone uses within two days of it:
    an ambiguous one is its first occurrence, and a skipped one is read with the offset from before the clock
    change, which moves it on by the gap (RFC 5545, section 3.3.5).
    """
    local = start.astimezone(ZoneInfo(zone))
    moment = start.astimezone(dt.UTC)
    if duration.years or duration.months or duration.weeks or duration.days:
        day = pendulum.date(local.year, local.month, local.day).add(
            years=duration.years, months=duration.months, weeks=duration.weeks, days=duration.days
        )
        moment = _first_occurrence(
            dt.datetime(day.year, day.month, day.day, local.hour, local.minute, local.second), zone
        )
    return moment + dt.timedelta(hours=duration.hours, minutes=duration.minutes, seconds=duration.seconds)


def _first_occurrence(wall: dt.datetime, zone: str) -> dt.datetime:
    """The first UTC instant whose local time in ``zone`` is ``wall``, or for a skipped one, with the offset before."""
    samples = [(wall - dt.timedelta(days=2) + dt.timedelta(hours=hour)).replace(tzinfo=dt.UTC) for hour in range(97)]
    locals_ = [(sample, sample.astimezone(ZoneInfo(zone))) for sample in samples]
    offsets = {local.utcoffset() for _, local in locals_}
    matches = [
        instant
        for offset in offsets
        if offset is not None
        for instant in [(wall - offset).replace(tzinfo=dt.UTC)]
        if instant.astimezone(ZoneInfo(zone)).replace(tzinfo=None) == wall
    ]
    if matches:
        return min(matches)
    before = max((sample for sample, local in locals_ if local.replace(tzinfo=None) < wall), default=samples[0])
    offset = before.astimezone(ZoneInfo(zone)).utcoffset()
    assert offset is not None
    return (wall - offset).replace(tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("when", "duration", "end"),
    [
        # The second 02:00 in Berlin plus calendar units lands on another ambiguous 02:00: its first occurrence.
        ("2025-10-26T02:00+01:00[Europe/Berlin]", "P3Y3D", "2028-10-29T02:00+02:00[Europe/Berlin]"),
        ("2025-11-02T01:30-05:00[America/New_York]", "P364D", "2026-11-01T01:30-04:00[America/New_York]"),
        ("2026-04-05T01:45+10:30[Australia/Lord_Howe]", "P364D", "2027-04-04T01:45+11:00[Australia/Lord_Howe]"),
        # A wall time skipped by the clocks going forward moves on by the gap: an hour, or Lord Howe's half hour.
        ("2026-03-28T02:30+01:00[Europe/Berlin]", "P1D", "2026-03-29T03:30+02:00[Europe/Berlin]"),
        ("2026-03-07T02:30-05:00[America/New_York]", "P1D", "2026-03-08T03:30-04:00[America/New_York]"),
        ("2026-10-03T02:15+10:30[Australia/Lord_Howe]", "P1D", "2026-10-04T02:45+11:00[Australia/Lord_Howe]"),
        ("2026-10-03T02:15+10:30[Australia/Lord_Howe]", "P1DT1H", "2026-10-04T03:45+11:00[Australia/Lord_Howe]"),
        # Elapsed time alone keeps the start's own occurrence.
        ("2025-10-26T02:00+01:00[Europe/Berlin]", "PT30M", "2025-10-26T02:30+01:00[Europe/Berlin]"),
    ],
)
def test_a_wall_time_after_calendar_units_is_its_first_occurrence_or_moves_on_by_the_gap(
    when: str, duration: str, end: str
) -> None:
    event = Event("e", "E", when=when, duration=duration)
    assert str(event.effective_when) == f"{when}/{end}"
    start = When.parse(when).earliest_at
    assert start is not None
    zone = when[when.index("[") + 1 : -1]
    assert event.effective_when.latest_at == _end_oracle(start, zone, Duration.parse(duration))


@given(
    time_bounds(),
    durations(),
    st.datetimes(dt.datetime(1899, 1, 1), dt.datetime(2110, 12, 31)),
    st.integers(0, 10**8),
    st.booleans(),
)
def test_timed_durations_match_an_instant_oracle(
    start: object, duration: Duration, low: dt.datetime, width: int, certain: bool
) -> None:
    when = When(start)  # type: ignore[arg-type]
    event = _event_or_none(when, duration)
    if event is None:
        return
    begins = when.earliest_at
    assert begins is not None
    assert start.zone is not None  # type: ignore[attr-defined]
    ends = _end_oracle(begins, start.zone, duration)  # type: ignore[attr-defined]
    assert event.effective_when.earliest_at == begins
    assert event.effective_when.latest_at == ends
    first = low.replace(tzinfo=dt.UTC)
    last = first + dt.timedelta(seconds=width)
    # Only the start of an at-most duration is certain; an exact interval is certain wherever it is possible.
    expected = first <= begins <= last if duration.at_most and certain else begins <= last and first <= ends
    assert Timeline("t", [event]).between(first, last, certain=certain) == ((event,) if expected else ())


@given(st.lists(st.tuples(time_bounds(), durations()), min_size=1, max_size=6))
def test_timed_events_sort_by_start_then_end(drawn: list[tuple[object, Duration]]) -> None:
    made = []
    for index, (start, duration) in enumerate(drawn):
        try:
            made.append(Event(f"e{index}", "E", when=When(start), duration=duration))  # type: ignore[arg-type]
        except InvalidInputError:
            continue
    line = Timeline("t", made)
    keys = [
        (event.when.earliest_at, event.effective_when.sort_key.precision, event.effective_when.latest_at)
        for event in line
    ]
    starts = [key[0] for key in keys]
    assert starts == sorted(starts)  # type: ignore[type-var]
    for before, after in itertools.pairwise(keys):
        if before[:2] == after[:2]:
            assert before[2] <= after[2]  # type: ignore[operator]


def test_pages_label_an_at_most_duration_with_its_limit() -> None:
    from timeline import to_html, to_markdown

    line = Timeline("t", [Event("strike", "Strike", when="2026-03-10", duration="≤P2W")])
    assert "**10 Mar 2026, up to 2 weeks** · **Strike**" in to_markdown(line)
    assert "10. März 2026, bis zu 2 Wochen" in to_markdown(line, locale="de")
    assert '<span class="when"><bdi>10 Mar 2026, up to 2 weeks</bdi></span>' in to_html(line)
