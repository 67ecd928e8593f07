"""Other software's calendars: every readable event kept, every problem reported, nothing else lost.

``tests/ical_corpus/`` holds small calendars written for these tests, modelled on
the exports of Google Calendar, Apple Calendar, Outlook (Exchange), Thunderbird,
Nextcloud (SabreDAV) and Fastmail (Cyrus), and one file for each mistake that real
producers make (``quirk-*.ics``). The table below says what each one reads into:
the events kept, the events left out (an ``UnreadableEventsWarning``), the
mistakes read past (an ``InputQuirksWarning``) and the components that are not
events (an ``OmittedEventsWarning``).

``icalendar`` ships its own test calendars (BSD licence) inside the package; every
one that ``icalendar`` parses is read here too, and must keep all its readable events.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import warnings
import zoneinfo
from pathlib import Path
from typing import Any

import attrs
import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline import InvalidInputError, Timeline, TimelineError, When
from timeline.errors import (
    InputQuirksWarning,
    OmittedEventsWarning,
    TimelineWarning,
    UnreadableEventsWarning,
)
from timeline.formats.ical import from_ical

CORPUS = Path(__file__).parent / "ical_corpus"


@attrs.frozen
class Read:
    """What reading one calendar gave: the timeline, and the number of things each warning names."""

    timeline: Timeline
    left_out: int = 0
    quirks: int = 0
    skipped: int = 0
    warnings: tuple[Warning, ...] = ()


def read(data: bytes | str, **options: Any) -> Read:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        timeline = from_ical(data, **options)
    found = tuple(warning.message for warning in caught)
    assert all(isinstance(message, TimelineWarning) for message in found), found
    assert len({type(message) for message in found if type(message) is not OmittedEventsWarning}) == len(
        [message for message in found if type(message) is not OmittedEventsWarning]
    ), "each kind of warning comes once"
    return Read(
        timeline,
        left_out=sum(len(m.event_ids) for m in found if isinstance(m, UnreadableEventsWarning)),
        quirks=sum(len(m.problems) for m in found if isinstance(m, InputQuirksWarning)),
        skipped=sum(
            len(m.event_ids)
            for m in found
            if type(m) is OmittedEventsWarning and "not events" in str(m)  # not the relations warning
        ),
        warnings=found,
    )


# file: (events read, events left out, mistakes read past, components skipped)
TABLE = {
    "apple.ics": (3, 0, 0, 0),
    "fastmail.ics": (2, 0, 0, 0),
    "google.ics": (4, 0, 0, 0),
    "nextcloud.ics": (2, 0, 0, 0),
    "outlook.ics": (3, 0, 0, 0),
    "thunderbird.ics": (2, 0, 0, 1),
    "quirk-broken-events.ics": (3, 3, 2, 0),
    "quirk-broken-vtimezone.ics": (2, 0, 2, 0),
    "quirk-misspelt-end.ics": (1, 0, 2, 0),
    "quirk-no-vcalendar.ics": (2, 0, 1, 0),
    "quirk-not-utf8.ics": (1, 0, 1, 0),
    "quirk-related-in-a-circle.ics": (2, 0, 1, 0),
    "quirk-spaces-in-names.ics": (1, 0, 3, 0),
    "quirk-stray-lines.ics": (2, 0, 3, 0),
    "quirk-text-after-end.ics": (1, 0, 2, 0),
    "quirk-unclosed-components.ics": (3, 0, 3, 0),
    "quirk-unquoted-parameters.ics": (2, 0, 2, 0),
    "quirk-vtimezone-after-events.ics": (1, 0, 0, 0),
    "quirk-zones-without-vtimezone.ics": (2, 0, 0, 0),
}


def test_the_table_names_every_file_of_the_corpus() -> None:
    assert sorted(path.name for path in CORPUS.glob("*.ics")) == sorted(TABLE)


@pytest.mark.parametrize(("name", "expected"), TABLE.items(), ids=list(TABLE))
def test_each_calendar_reads_into_its_events_and_warnings(name: str, expected: tuple[int, int, int, int]) -> None:
    result = read((CORPUS / name).read_bytes())
    assert (len(result.timeline), result.left_out, result.quirks, result.skipped) == expected


@pytest.mark.parametrize("name", list(TABLE), ids=list(TABLE))
def test_strict_reading_refuses_exactly_the_files_with_problems(name: str) -> None:
    data = (CORPUS / name).read_bytes()
    lenient = read(data)
    if lenient.left_out or lenient.quirks:
        with pytest.raises(InvalidInputError) as caught:
            from_ical(data, strict=True)
        reported = [
            problem.line
            for message in lenient.warnings
            if isinstance(message, UnreadableEventsWarning | InputQuirksWarning)
            for problem in message.problems
        ]
        assert {problem.line for problem in caught.value.problems} <= set(reported)
    else:
        assert read(data, strict=True).timeline == lenient.timeline


def events_of(name: str) -> dict[str, Any]:
    return {event.title: event for event in read((CORPUS / name).read_bytes()).timeline}


def test_producers_details() -> None:
    google = events_of("google.ics")
    planning = google["Planning meeting"]
    assert planning.description == (
        "Weekly planning.\nAgenda: https://docs.example.org/agenda?id=123&view=full, "
        "bring your list; five minutes each."
    )
    assert any(line.startswith("ATTENDEE;") and "CN=Ana Lima" in line for line in planning.extra["ical"])
    assert google["Planning meeting (moved to Tuesday)"].id == f"{planning.id}-20260126t093000"
    assert google["Call with the press office"].status.value == "cancelled"
    apple = events_of("apple.ics")
    assert apple["Interview at the gate"].when == When.parse(
        "2026-02-10T11:00+01:00[Europe/Berlin]/2026-02-10T12:00+01:00[Europe/Berlin]"
    )
    assert any(line.startswith("X-APPLE-STRUCTURED-LOCATION") for line in apple["Interview at the gate"].extra["ical"])
    assert apple["Breakfast (floating time)"].when.start.zone == "Europe/Berlin"  # X-WR-TIMEZONE
    outlook = events_of("outlook.ics")
    assert outlook["Press conference (Paris)"].when.start.zone == "Europe/Paris"  # a Windows name, no VTIMEZONE
    assert outlook["Editorial board"].when.start.zone == "Europe/Berlin"
    nextcloud = events_of("nextcloud.ics")
    assert nextcloud["Follow-up call"].related("part_of") == (nextcloud["Source meeting"].id,)
    assert nextcloud["Source meeting"].place.name == "Café Central"
    fastmail = events_of("fastmail.ics")
    assert fastmail["Keynote"].when == When.parse(
        "2026-03-16T08:30-04:00[America/New_York]/2026-03-16T10:00-04:00[America/New_York]"
    )
    assert fastmail["Conference days"].when == When.parse("2026-03-16/2026-03-18")
    assert events_of("thunderbird.ics")["Written by Lightning 0.1"].when.start.zone == "Europe/Vienna"


def test_quirks_details() -> None:
    (late_zone,) = events_of("quirk-vtimezone-after-events.ics").values()
    assert late_zone.when == When.parse("2026-01-15T04:30Z/2026-01-15T05:30Z")  # +05:30, defined after the event
    (spaced,) = events_of("quirk-spaces-in-names.ics").values()
    assert spaced.when == When.parse("2026-01-15T10:00+01:00[Europe/Rome]")
    (latin,) = events_of("quirk-not-utf8.ics").values()
    assert latin.title == "Caf\ufffd meeting"
    unclosed = events_of("quirk-unclosed-components.ics")
    assert sorted(unclosed) == ["Closed", "Never closed", "The download stopped here"]
    stray = events_of("quirk-stray-lines.ics")
    assert stray["Stray lines around"].when == When.parse("2026-04-01T09:00Z/2026-04-01T10:00Z")
    unquoted = events_of("quirk-unquoted-parameters.ics")
    assert any(line.startswith("X-APPLE-STRUCTURED-LOCATION") for line in unquoted["Lunch with a source"].extra["ical"])
    zones = events_of("quirk-zones-without-vtimezone.ics")
    assert zones["IANA name, no VTIMEZONE"].when.start.zone == "America/Chicago"
    assert zones["Windows name, no VTIMEZONE"].when.start.zone == "America/Los_Angeles"
    circle = events_of("quirk-related-in-a-circle.ics")
    assert circle["Chicken"].related("part_of") == ("egg",)
    assert circle["Egg"].relations == ()
    assert "RELATED-TO;RELTYPE=PARENT:chicken" in circle["Egg"].extra["ical"]


def test_warnings_name_line_uid_and_why() -> None:
    result = read((CORPUS / "quirk-broken-events.ics").read_bytes())
    (unreadable,) = [message for message in result.warnings if isinstance(message, UnreadableEventsWarning)]
    assert unreadable.event_ids == (
        "VEVENT invalid-date",
        "VEVENT impractical-duration",
        "VEVENT bad-parameter",
    )
    assert [str(problem) for problem in unreadable.problems] == [
        'line 13: VEVENT "invalid-date": DTSTART "INVALID-DATE" cannot be read: Expected datetime, date, or time. '
        "Got: 'INVALID-DATE'",
        'line 20: VEVENT "impractical-duration": DURATION "P999999999999999999W" cannot be read: '
        "Impractical iCalendar duration: P999999999999999999W",
        'line 33: VEVENT "bad-parameter": "DTSTART;;VALUE=DATE-TIME:20260801T093000" cannot be read: '
        "'' is not a valid parameter string: not enough values to unpack (expected 2, got 0)",
    ]
    (quirks,) = [message for message in result.warnings if isinstance(message, InputQuirksWarning)]
    assert str(quirks) == (
        "the calendar has mistakes that were read past:\n"
        '  line 27: VEVENT "start-twice": DTSTART is given twice (lines 26 and 27); an event has one: '
        "the first was read, all kept as written\n"
        '  line 40: VEVENT "good-2": "RRULE:FREQ=FOO" cannot be read: Expected frequency, got: FOO: kept as written'
    )
    kept = {event.id: event for event in result.timeline}
    assert "RRULE:FREQ=FOO" in kept["good-2"].extra["ical"]
    assert kept["start-twice"].when == When.parse("2026-08-01T09:00Z")
    assert kept["start-twice"].extra["ical"][1:] == ("DTSTART:20260801T090000Z", "DTSTART:20260802T090000Z")


def test_each_kind_of_mistake_is_reported_once_with_every_line() -> None:
    result = read((CORPUS / "quirk-stray-lines.ics").read_bytes())
    (quirks,) = result.warnings
    assert isinstance(quirks, InputQuirksWarning)
    assert str(quirks) == (
        "the calendar has mistakes that were read past:\n"
        '  line 4: "X" is not an iCalendar line (NAME:VALUE): left out (and 2 more like it: lines 10, 11)'
    )
    assert [problem.line for problem in quirks.problems] == [4, 10, 11]


ICALENDAR_TESTS = Path(icalendar.__file__).parent / "tests"
ICALENDAR_FILES = sorted(ICALENDAR_TESTS.rglob("*.ics")) if ICALENDAR_TESTS.is_dir() else []
_DATES = ("DTSTART", "DTEND", "DURATION")


def _readable(event: Any) -> bool:
    """Whether icalendar reads the event's dates: the first of each a value, none of its lines refused."""
    for name in _DATES:
        value = event.get(name)
        if isinstance(value, list):
            value = value[0] if value else None
        if value is not None:
            try:
                if not isinstance(value.dt, dt.timedelta if name == "DURATION" else dt.date):
                    return False
            except Exception:  # a broken value raises here
                return False
    for name, message in event.errors:
        if name in _DATES or (name is None and any(f"'{date}" in message for date in _DATES)):
            return False
    return True


def _icalendar_events(data: bytes) -> list[Any] | None:
    """The VEVENTs icalendar finds in ``data``, or ``None`` if it cannot parse it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            components = icalendar.Calendar.from_ical(data, multiple=True)
        except Exception:
            return None
        return [event for component in components for event in component.walk("VEVENT")]


@pytest.mark.skipif(not ICALENDAR_FILES, reason="this icalendar ships no test calendars")
@pytest.mark.parametrize(
    "path", ICALENDAR_FILES, ids=[str(path.relative_to(ICALENDAR_TESTS)) for path in ICALENDAR_FILES]
)
def test_every_calendar_icalendar_parses_keeps_all_its_readable_events(path: Path) -> None:
    data = path.read_bytes()
    events = _icalendar_events(data)
    try:
        result = read(data)
    except InvalidInputError:
        # Only a file without any component can be refused: then icalendar finds no event either.
        assert not events
        return
    if events is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            readable = sum(1 for event in events if _readable(event))
        # At least: a calendar never closed, which icalendar reads as empty, is read here in full.
        assert len(result.timeline) >= readable
        assert len(result.timeline) + result.left_out >= len(events)
        assert result.left_out <= len(events) - readable


PRODUCERS = ["apple.ics", "fastmail.ics", "google.ics", "nextcloud.ics", "outlook.ics", "thunderbird.ics"]
_GARBAGE_LINES = [
    "DTSTART:INVALID-DATE",
    "DTSTART:2025010",
    "DTSTART:20250101T100000Z",
    "DTSTART;;VALUE=DATE:20250101",
    "DTEND:20251301T100000Z",
    "DURATION:P999999999999999999W",
    "DURATION:PT1H",
    "RRULE:FREQ=SECONDLY;COUNT=999999999999",
    "RRULE:FREQ=NOPE",
    "SUMMARY:garbage",
    'SUMMARY;X=a"b:c',
    "X",
    "SUMMARY=no colon",
    "REFRESH - INTERVAL; VALUE = DURATION:PT48H",
    "UID:garbage-1",
    "UID:",
    "RELATED-TO:garbage-1",
    "RELATED-TO;RELTYPE=CHILD:garbage-2",
    "TRIGGER:-PT15Mx",
    "BEGIN:VALARM",
    "END:VALARM",
    "END:VTODO",
    "BEGIN:X-GARBAGE",
    "GEO:999;999",
    "X-TIMELINE-WHEN:2025-13",
    "X-TIMELINE-SOURCE:{nope",
    'X-TIMELINE-CITATION:{"source":"garbage"}',
    " continued",
    "\\",
    ":",
    ";;;",
]


@st.composite
def garbage_events(draw: st.DrawFn) -> str:
    events = []
    for _ in range(draw(st.integers(1, 4))):
        lines = draw(
            st.lists(
                st.sampled_from(_GARBAGE_LINES)
                | st.text(st.characters(blacklist_categories=("Cs",)), max_size=30).map(lambda text: "X-" + text)
                | st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
                max_size=8,
            )
        )
        closed = draw(st.booleans())
        events.append("\r\n".join(["BEGIN:VEVENT", *lines, *(["END:VEVENT"] if closed else [])]))
    return "\r\n".join(events) + "\r\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(PRODUCERS), garbage=garbage_events(), after_the_end=st.booleans())
def test_garbage_events_never_cost_a_valid_event(name: str, garbage: str, after_the_end: bool) -> None:
    data = (CORPUS / name).read_bytes()
    clean = read(data).timeline
    end = data.rindex(b"END:VCALENDAR")
    position = len(data) if after_the_end else end
    damaged = data[:position] + garbage.encode("utf-8") + data[position:]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimelineWarning)
        result = from_ical(damaged)
    for event in clean:
        assert result.get(event.id) == event


_SEEDS = [(CORPUS / name).read_bytes() for name in sorted(TABLE)]


def _damaged(data: st.DataObject) -> bytes:
    """A corpus calendar with up to eight bytes or runs of bytes deleted, inserted or replaced."""
    sample = bytearray(data.draw(st.sampled_from(_SEEDS)))
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(sample) - 1))
        chunk = data.draw(
            st.sampled_from(
                [b":", b";", b"\r\n", b"\n ", b"\\", b'"', b"BEGIN:VEVENT\r\n", b"END:VEVENT\r\n", b"\xff", b"=", b" "]
            )
        )
        action = data.draw(st.sampled_from(["delete", "insert", "replace"]))
        if action == "delete":
            del sample[position : position + data.draw(st.integers(1, 60))]
        elif action == "insert":
            sample[position:position] = chunk
        else:
            sample[position : position + len(chunk)] = chunk
    return bytes(sample)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_corpus_calendars_give_a_timeline_or_a_timeline_error(data: st.DataObject) -> None:
    sample = _damaged(data)
    for strict in (False, True):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", TimelineWarning)
            with contextlib.suppress(TimelineError):
                from_ical(bytes(sample), strict=strict)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_calendars_icalendar_parses_keep_every_event_it_reads(data: st.DataObject) -> None:
    """icalendar is the oracle: what it parses is read, with at least every event whose dates it reads."""
    sample = _damaged(data)
    events = _icalendar_events(sample)
    if events is None:  # icalendar refuses it: a TimelineError or a timeline are both fine
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        readable = sum(1 for event in events if _readable(event))
        timeline = from_ical(sample)
    assert len(timeline) >= readable


_ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"]
_WINDOWS = {"W. Europe Standard Time": "Europe/Berlin", "Pacific Standard Time": "America/Los_Angeles"}


@st.composite
def valid_calendars(draw: st.DrawFn) -> bytes:
    """A calendar another program could write: events with dates, times in zones (IANA, Windows, UTC,
    floating), ends or durations, text, rules and relations, and VTIMEZONEs before or after the events."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//test//valid//EN")
    calendar.add("version", "2.0")
    uids: list[str] = []
    for number in range(draw(st.integers(0, 6))):
        event = icalendar.Event()
        uid = draw(st.sampled_from([f"u{number}", f"u{number}@example.com", f"U {number} ü"]))
        uids.append(uid)
        event.add("uid", uid)
        event.add("dtstamp", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        if draw(st.booleans()):
            event.add("summary", draw(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)))
        day = draw(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)))
        kind = draw(st.sampled_from(["date", "utc", "zone", "windows", "floating", "none"]))
        if kind == "date":
            event.add("dtstart", day)
            if draw(st.booleans()):
                event.add("dtend", day + dt.timedelta(days=draw(st.integers(1, 30))))
        elif kind != "none":
            moment = dt.datetime.combine(day, draw(st.times()).replace(microsecond=0))
            if kind == "utc":
                moment = moment.replace(tzinfo=dt.UTC)
            elif kind == "zone":
                moment = moment.replace(tzinfo=zoneinfo.ZoneInfo(draw(st.sampled_from(_ZONES))))
            length = dt.timedelta(minutes=draw(st.integers(0, 60 * 24 * 3)))
            if kind == "windows":
                event.add("dtstart", moment, parameters={"TZID": draw(st.sampled_from(sorted(_WINDOWS)))})
            else:
                event.add("dtstart", moment)
            if draw(st.booleans()):
                event.add("duration", length)
            elif kind != "windows" and draw(st.booleans()):
                event.add("dtend", moment + length)
        if draw(st.booleans()):
            event.add("rrule", {"freq": "weekly", "count": draw(st.integers(1, 10))})
        if draw(st.booleans()):
            event.add("location", draw(st.sampled_from(["Berlin", "Café Central, Wien", "Room 1; floor 2"])))
        if draw(st.booleans()):
            event.add("categories", draw(st.lists(st.sampled_from(["a", "b c", "d,e"]), min_size=1, max_size=3)))
        if len(uids) > 1 and draw(st.booleans()):
            event.add("related-to", draw(st.sampled_from(uids[:-1])))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    if draw(st.booleans()):  # components in any order: the zones after the events
        calendar.subcomponents.sort(key=lambda component: component.name == "VTIMEZONE")
    return calendar.to_ical()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=valid_calendars(), garbage=garbage_events(), after_the_end=st.booleans())
def test_garbage_events_never_cost_an_event_of_a_random_valid_calendar(
    data: bytes, garbage: str, after_the_end: bool
) -> None:
    clean = read(data)
    assert (clean.left_out, clean.quirks) == (0, 0)
    assert len(clean.timeline) == data.count(b"BEGIN:VEVENT")
    position = len(data) if after_the_end else data.rindex(b"END:VCALENDAR")
    damaged = data[:position] + garbage.encode("utf-8") + data[position:]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimelineWarning)
        result = from_ical(damaged)
    for event in clean.timeline:
        assert result.get(event.id) == event
