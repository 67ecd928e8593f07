"""iCalendar import: other software's calendars, best effort; what cannot be read, named by line."""

from __future__ import annotations

import contextlib
import re
import signal
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline import Citation, Event, InvalidInputError, Relation, Source, Timeline, TimelineError, When
from timeline._validation import quote
from timeline.errors import InputQuirksWarning, OmittedEventsWarning, TimelineWarning, UnreadableEventsWarning
from timeline.formats.ical import MAX_ICAL_BYTES, from_ical, to_ical
from timeline.formats.ical._events import slug_of


def ics(text: str) -> bytes:
    """A calendar from readable text: indentation removed, CRLF line ends."""
    lines = [line.strip() for line in text.strip().splitlines()]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def wrap(*components: str, head: str = "") -> bytes:
    body = "\n".join(components)
    return ics(f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//test//EN\n{head}\n{body}\nEND:VCALENDAR")


def read_quietly(data: bytes | str, **options: Any) -> Timeline:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return from_ical(data, **options)


GOOGLE = """
BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
CALSCALE:GREGORIAN
METHOD:PUBLISH
X-WR-CALNAME:Team
X-WR-TIMEZONE:Europe/Berlin
X-WR-CALDESC:Team events\\, all of them
BEGIN:VTIMEZONE
TZID:Europe/Berlin
X-LIC-LOCATION:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
DTSTART;TZID=Europe/Berlin:20251215T140000
DTEND;TZID=Europe/Berlin:20251215T150000
RRULE:FREQ=WEEKLY;BYDAY=MO
DTSTAMP:20251201T120000Z
UID:4k2j3h4k2j3h4@google.com
CREATED:20251101T100000Z
DESCRIPTION:Weekly sync\\, agenda in the doc
LAST-MODIFIED:20251101T100000Z
LOCATION:Room 1
SEQUENCE:0
STATUS:CONFIRMED
SUMMARY:Team sync
TRANSP:OPAQUE
BEGIN:VALARM
ACTION:DISPLAY
DESCRIPTION:This is an event reminder
TRIGGER:-P0DT0H10M0S
END:VALARM
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=Europe/Berlin:20251222T150000
DTEND;TZID=Europe/Berlin:20251222T160000
RECURRENCE-ID;TZID=Europe/Berlin:20251222T140000
DTSTAMP:20251201T120000Z
UID:4k2j3h4k2j3h4@google.com
SUMMARY:Team sync (moved)
END:VEVENT
BEGIN:VEVENT
DTSTART;VALUE=DATE:20251224
DTEND;VALUE=DATE:20251227
DTSTAMP:20251201T120000Z
UID:holidays
SUMMARY:Holidays
STATUS:TENTATIVE
TRANSP:TRANSPARENT
CATEGORIES:Off,Family
END:VEVENT
END:VCALENDAR
"""


def test_a_google_calendar() -> None:
    t = read_quietly(ics(GOOGLE))
    assert t.title == "Team"
    assert t.description == "Team events, all of them"
    assert "METHOD:PUBLISH" in t.extra["ical"]
    sync, moved, holidays = t.events
    uid_slug = slug_of("4k2j3h4k2j3h4@google.com")
    assert re.fullmatch(r"4k2j3h4k2j3h4-google\.com-[0-9a-f]{10}", uid_slug)
    assert sync.id == uid_slug
    assert sync.when == When.parse("2025-12-15T14:00+01:00[Europe/Berlin]/2025-12-15T15:00+01:00[Europe/Berlin]")
    assert sync.title == "Team sync"
    assert sync.description == "Weekly sync, agenda in the doc"
    assert sync.status.value == "scheduled"
    assert sync.place is not None
    assert sync.place.name == "Room 1"
    kept = sync.extra["ical"]
    assert "RRULE:FREQ=WEEKLY;BYDAY=MO" in kept  # recurring: the first occurrence, the rule kept
    assert "UID:4k2j3h4k2j3h4@google.com" in kept  # the id is not the UID, so the UID is kept
    assert kept[-5:] == (
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:This is an event reminder",
        "TRIGGER:-P0DT0H10M0S",
        "END:VALARM",
    )
    assert not any(line.startswith(("SUMMARY", "DTSTART", "DTEND", "LOCATION", "STATUS:")) for line in kept)
    assert moved.id == f"{uid_slug}-20251222t140000"
    assert moved.when == When.parse("2025-12-22T15:00+01:00[Europe/Berlin]/2025-12-22T16:00+01:00[Europe/Berlin]")
    assert "RECURRENCE-ID;TZID=Europe/Berlin:20251222T140000" in moved.extra["ical"]
    assert holidays.id == "holidays"
    assert holidays.when == When.parse("2025-12-24/2025-12-26")
    assert holidays.status.value == "planned"
    assert holidays.tags == ("Off", "Family")
    assert "UID:holidays" not in holidays.extra["ical"]


def test_reading_is_deterministic_and_ids_are_unique() -> None:
    first, second = read_quietly(ics(GOOGLE)), read_quietly(ics(GOOGLE))
    assert first == second
    duplicate = "BEGIN:VEVENT\nUID:same\nDTSTART:20250101T100000Z\nSUMMARY:{}\nEND:VEVENT"
    t = read_quietly(wrap(duplicate.format("One"), duplicate.format("Two"), duplicate.format("Three")))
    assert [event.id for event in t] == ["same", "same-2", "same-3"]


OUTLOOK = """
BEGIN:VCALENDAR
METHOD:PUBLISH
PRODID:Microsoft Exchange Server 2010
VERSION:2.0
X-WR-CALNAME:Calendar
BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
DESCRIPTION:\\n
UID:040000008200E00074C5B7101A82E00800000000
SUMMARY:Board meeting
DTSTART;TZID=W. Europe Standard Time:20251216T100000
DTEND;TZID=W. Europe Standard Time:20251216T113000
CLASS:PUBLIC
DTSTAMP:20251210T090000Z
LOCATION:Berlin
X-MICROSOFT-CDO-BUSYSTATUS:BUSY
END:VEVENT
BEGIN:VEVENT
UID:eastern
SUMMARY:Call
DTSTART;TZID=Eastern Standard Time:20220101T100000
DTEND;TZID=Eastern Standard Time:20220101T110000
END:VEVENT
END:VCALENDAR
"""


def test_an_outlook_calendar_with_windows_zone_names() -> None:
    board, call = sorted(read_quietly(ics(OUTLOOK)), key=lambda event: event.title)
    assert board.title == "Board meeting"
    assert board.when == When.parse("2025-12-16T10:00+01:00[Europe/Berlin]/2025-12-16T11:30+01:00[Europe/Berlin]")
    assert board.description is None  # only a line break
    assert "DESCRIPTION:\\n" in board.extra["ical"]
    assert "X-MICROSOFT-CDO-BUSYSTATUS:BUSY" in board.extra["ical"]
    assert board.id == slug_of("040000008200E00074C5B7101A82E00800000000")
    assert call.when == When.parse("2022-01-01T10:00-05:00[America/New_York]/2022-01-01T11:00-05:00[America/New_York]")
    assert "DTSTART;TZID=Eastern Standard Time:20220101T100000" in call.extra["ical"]


APPLE = """
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Apple Inc.//macOS 14.0//EN
CALSCALE:GREGORIAN
BEGIN:VEVENT
UID:1A2B3C4D-0000-1111-2222-333344445555
DTSTART:20220101
DTEND:20220102
SUMMARY:New Year
END:VEVENT
BEGIN:VEVENT
UID:floating-1
DTSTART:20220105T090000
DTEND:20220105T100000
SUMMARY:Floating
END:VEVENT
BEGIN:VTODO
UID:todo-1
SUMMARY:Buy milk
END:VTODO
BEGIN:VJOURNAL
SUMMARY:Diary
END:VJOURNAL
END:VCALENDAR
"""


@pytest.mark.parametrize(
    "encode",
    [
        ics,
        lambda text: ics(text).replace(b"\r\n", b"\n"),
        lambda text: b"\xef\xbb\xbf" + ics(text),
        lambda text: "\ufeff" + ics(text).decode("utf-8").replace("\r\n", "\n"),
        lambda text: ics(text).replace(b"\r\n", b"\r"),
    ],
    ids=["CRLF", "LF only", "BOM", "BOM, LF, text", "CR only"],
)
def test_an_apple_calendar_with_floating_times_and_dates_without_value_date(encode: Any) -> None:
    with pytest.warns(OmittedEventsWarning) as caught:
        t = from_ical(encode(APPLE))
    assert caught[0].message.event_ids == (
        "VTODO todo-1",
        f"VJOURNAL at line {APPLE.strip().splitlines().index('BEGIN:VJOURNAL') + 1}",
    )  # type: ignore[union-attr]
    assert "VTODO todo-1" in str(caught[0].message)
    new_year, floating = t.events
    assert new_year.title == "New Year"
    assert new_year.when == When.parse("2022-01-01")
    assert floating.when == When.parse("2022-01-05T09:00Z/2022-01-05T10:00Z")
    assert "DTSTART:20220105T090000" in floating.extra["ical"]  # read as UTC: the original is kept
    assert t.title == "Imported calendar"


def test_floating_times_read_in_the_calendars_zone_or_the_one_given() -> None:
    event = "BEGIN:VEVENT\nUID:f\nDTSTART:20220105T090000\nSUMMARY:F\nEND:VEVENT"
    in_calendar_zone = read_quietly(wrap(event, head="X-WR-TIMEZONE:America/New_York"))
    assert in_calendar_zone.events[0].when == When.parse("2022-01-05T09:00-05:00[America/New_York]")
    given_zone = read_quietly(wrap(event, head="X-WR-TIMEZONE:America/New_York"), floating_zone="Asia/Kolkata")
    assert given_zone.events[0].when == When.parse("2022-01-05T09:00+05:30[Asia/Kolkata]")
    with pytest.raises(InvalidInputError, match='floating_zone: "Mars/Olympus" is not an IANA time zone name'):
        from_ical(wrap(event), floating_zone="Mars/Olympus")


THUNDERBIRD = """
BEGIN:VCALENDAR
PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN
VERSION:2.0
BEGIN:VTIMEZONE
TZID:/mozilla.org/20050126_1/Europe/Berlin
X-LIC-LOCATION:Europe/Berlin
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VTIMEZONE
TZID:My own zone
BEGIN:STANDARD
TZOFFSETFROM:+0300
TZOFFSETTO:+0300
TZNAME:X
DTSTART:19700101T000000
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
UID:tb-1
SUMMARY:Old Thunderbird
DTSTART;TZID=/mozilla.org/20050126_1/Europe/Berlin:20060412T100000
DTEND;TZID=/mozilla.org/20050126_1/Europe/Berlin:20060412T110000
END:VEVENT
BEGIN:VEVENT
UID:custom
SUMMARY:Custom zone
DTSTART;TZID=My own zone:20060412T100000
DURATION:PT90M
END:VEVENT
END:VCALENDAR
"""


def test_thunderbird_zones_and_custom_zones() -> None:
    t = read_quietly(ics(THUNDERBIRD))
    old, custom = t.get("tb-1"), t.get("custom")
    assert old is not None
    assert custom is not None
    assert old.when == When.parse("2006-04-12T10:00+02:00[Europe/Berlin]/2006-04-12T11:00+02:00[Europe/Berlin]")
    assert custom.when == When.parse("2006-04-12T07:00Z/2006-04-12T08:30Z")  # no IANA name: the instants, in UTC
    assert "DTSTART;TZID=My own zone:20060412T100000" in custom.extra["ical"]


@pytest.mark.parametrize(
    ("lines", "when"),
    [
        ("DTSTART;VALUE=DATE:20250101", "2025-01-01"),
        ("DTSTART;VALUE=DATE:20250101\nDTEND;VALUE=DATE:20250101", "2025-01-01"),
        ("DTSTART;VALUE=DATE:20250101\nDTEND;VALUE=DATE:20250104", "2025-01-01/2025-01-03"),
        ("DTSTART;VALUE=DATE:20250101\nDURATION:P3D", "2025-01-01/2025-01-03"),
        ("DTSTART:20250101T100000Z\nDURATION:PT1H", "2025-01-01T10:00Z/2025-01-01T11:00Z"),
        ("DTSTART:20250101T100000Z\nDTEND:20250101T100000Z", "2025-01-01T10:00Z"),
        ("DTSTART:20250101T100000Z\nDTEND:20250101T090000Z", "2025-01-01T10:00Z"),
        ("DTSTART:20250101T100015Z", "2025-01-01T10:00:15Z"),
        ("DTSTART;VALUE=DATE:20250101\nDTEND:20250103T100000Z", "2025-01-01/2025-01-03"),
        ("DTSTART:20250101T100000Z\nDTEND;VALUE=DATE:20250103", "2025-01-01/2025-01-02"),
        ("DTSTART;TZID=Europe/Berlin:20250330T023000", "2025-03-30T03:30+02:00[Europe/Berlin]"),
        ("", ""),
    ],
)
def test_dates_of_other_software(lines: str, when: str) -> None:
    t = read_quietly(wrap(f"BEGIN:VEVENT\nUID:e\nSUMMARY:E\n{lines}\nEND:VEVENT"))
    assert t.events[0].when == When.parse(when)


def _custom_zone(offset: str, *, zone_first: bool) -> bytes:
    zone = (
        f"BEGIN:VTIMEZONE\nTZID:Custom\nBEGIN:STANDARD\nDTSTART:19700101T000000\nTZOFFSETFROM:{offset}\n"
        f"TZOFFSETTO:{offset}\nEND:STANDARD\nEND:VTIMEZONE"
    )
    event = "BEGIN:VEVENT\nUID:e\nDTSTART;TZID=Custom:20250101T100000\nEND:VEVENT"
    return wrap(zone, event) if zone_first else wrap(event, zone)


@pytest.mark.parametrize("zone_first", [True, False])
def test_a_custom_zone_is_read_with_this_calendars_definition_wherever_it_stands(zone_first: bool) -> None:
    """Not with one that another calendar, read before, gave the same TZID (icalendar keeps the first it sees)."""
    for offset, when in [
        ("+0200", "2025-01-01T08:00Z"),
        ("+0500", "2025-01-01T05:00Z"),
        ("-0130", "2025-01-01T11:30Z"),
    ]:
        (event,) = read_quietly(_custom_zone(offset, zone_first=zone_first))
        assert event.when == When.parse(when)


def test_text_of_other_software_is_made_to_fit() -> None:
    event = (
        "BEGIN:VEVENT\nUID:Weird UID ÄÖ/1\nDTSTART:20250101\n"
        f"SUMMARY:a\\nb\x00c\x1bd {'x' * 1200}\nDESCRIPTION:one\\ntwo\x07\nCATEGORIES:a,a,b\\nc\nLOCATION:\x01\n"
        "GEO:52.5;13.4\nEND:VEVENT"
    )
    (e,) = read_quietly(wrap(event))
    assert e.id == slug_of("Weird UID ÄÖ/1")
    assert re.fullmatch(r"weird-uid-ao-1-[0-9a-f]{10}", e.id)
    assert e.title.startswith("a bcd xxx")
    assert len(e.title) == 1000
    assert e.title.endswith("…")
    assert e.description == "one\ntwo"
    assert e.tags == ("a", "b c")
    assert e.place is not None
    assert (e.place.name, e.place.lat, e.place.lon) == ("52.5, 13.4", 52.5, 13.4)
    kept = e.extra["ical"]
    assert any(line.startswith("SUMMARY:") for line in kept)  # changed to fit: the original is kept
    assert any(line.startswith("DESCRIPTION:") for line in kept)
    assert not any(line.startswith("GEO:") for line in kept)


def test_an_event_without_uid_or_summary() -> None:
    event = "BEGIN:VEVENT\nDTSTART:20250101\nEND:VEVENT"
    (e,) = read_quietly(wrap(event))
    assert re.fullmatch(r"event-[0-9a-f]{10}", e.id)
    assert e.title == "Untitled event"
    assert read_quietly(wrap(event)).events[0].id == e.id


def test_related_to_between_imported_events() -> None:
    parent = "BEGIN:VEVENT\nUID:p\nDTSTART:20250101\nSUMMARY:P\nEND:VEVENT"
    child = "BEGIN:VEVENT\nUID:c\nDTSTART:20250102\nSUMMARY:C\nRELATED-TO:p\nRELATED-TO;RELTYPE=SIBLING:p\nEND:VEVENT"
    t = read_quietly(wrap(parent, child))
    assert t.get("c").related("part_of") == ("p",)  # type: ignore[union-attr]
    assert t.get("c").extra["ical"] == ("RELATED-TO;RELTYPE=SIBLING:p",)  # type: ignore[union-attr]


@pytest.mark.parametrize("uid", ["abc", "ABC", "a b", "a@b.c", "Ä", "@@@", "-x-", "x" * 200, "a.b_c-d", "😀"])
def test_ids_from_uids_are_slugs(uid: str) -> None:
    slug = slug_of(uid)
    assert re.fullmatch(r"[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?", slug)
    assert len(slug) <= 128
    assert slug_of(uid) == slug


@given(st.lists(st.text(min_size=1, max_size=40), min_size=2, max_size=6, unique=True))
def test_different_uids_give_different_ids(uids: list[str]) -> None:
    assert len({slug_of(uid) for uid in uids}) == len(uids)


def _own(*events: Event) -> bytes:
    return to_ical(Timeline("T", events), namespace="timeline")


def test_an_entry_moved_in_a_calendar_app_keeps_its_new_dates() -> None:
    when = When.parse("2025-12-14/2025-12-15", phrase="earlier this week")
    data = _own(Event("talks", "Talks", when, kind="meeting"))
    moved = data.replace(b"DTSTART;VALUE=DATE:20251214", b"DTSTART;VALUE=DATE:20251215")
    (event,) = from_ical(moved)
    assert event.when == When.parse("2025-12-15")  # the entry's dates; the phrase described the old ones
    assert event.title == "Talks"  # without the label of the old dates that to_ical added
    assert event.kind == "meeting"
    assert from_ical(data).events[0].when == when


def test_a_vague_entry_moved_keeps_its_title_without_the_old_label() -> None:
    data = _own(Event("talks", "Talks", "2025-12"))
    moved = data.replace(b"DTSTART;VALUE=DATE:20251201", b"DTSTART;VALUE=DATE:20251130")
    assert b"SUMMARY:Talks (Dec 2025)" in moved
    (event,) = from_ical(moved)
    assert event.title == "Talks"
    assert event.when == When.parse("2025-11-30/2025-12-31")


def test_edited_summary_description_and_status_win() -> None:
    data = _own(Event("talks", "Talks", "2025-12", description="About it", status="planned"))
    edited = (
        data.replace(b"SUMMARY:Talks (Dec 2025)", b"SUMMARY:Talks in Berlin")
        .replace(b"DESCRIPTION:About it", b"DESCRIPTION:Changed")
        .replace(b"STATUS:TENTATIVE", b"STATUS:CANCELLED")
    )
    (event,) = from_ical(edited)
    assert (event.title, event.description, event.status.value) == ("Talks in Berlin", "Changed", "cancelled")


def test_lines_a_calendar_app_adds_to_an_own_event_are_still_not_kept_even_unreadable_ones() -> None:
    t = Timeline("T", [Event("talks", "Talks", "2025-12-14")])
    added = (
        b'X-APPLE-STRUCTURED-LOCATION;VALUE=URI;X-TITLE=Caf\xc3\xa9 "Zur Post":geo:48.1,11.5\r\nX-APPLE-TRAVEL:1\r\n'
    )
    data = to_ical(t).replace(b"END:VEVENT\r\n", added + b"END:VEVENT\r\n")
    assert read_quietly(data) == t


def test_relations_to_events_left_out_are_reported() -> None:
    events = [Event("dated", "D", "2025", relations=[Relation("derived_from", "undated")]), Event("undated", "U")]
    with pytest.warns(OmittedEventsWarning):
        data = to_ical(Timeline("T", events))
    with pytest.warns(OmittedEventsWarning) as caught:
        t = from_ical(data)
    assert caught[0].message.event_ids == ("undated",)  # type: ignore[union-attr]
    assert "relations to events that are not in the calendar were left out: undated" in str(caught[0].message)
    assert t.events[0].relations == ()


def error_of(data: bytes | str, **options: Any) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as caught:
        from_ical(data, **options)
    return caught.value


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "line 1: not an iCalendar file: there is no BEGIN:VCALENDAR"),
        (b"hello", 'line 1: "hello" is not an iCalendar line (NAME:VALUE)'),
        (b"{}", 'line 1: "{}" is not an iCalendar line'),
        (b"END:VCALENDAR\r\n", "line 1: END:VCALENDAR has no BEGIN:VCALENDAR before it"),
        (b" folded\r\n", "line 1: the file begins with a continued line"),
        (b"X:1\r\n", 'line 1: "X:1" is outside any component (BEGIN:VCALENDAR)'),
        (b"\xff\xfe\x00", "line 1: not UTF-8 text: the byte 0xff (column 1) cannot be decoded"),
        (12, "expected the calendar as bytes or text, got int"),
    ],
)
@pytest.mark.parametrize("strict", [False, True])
def test_files_that_are_not_calendars(data: Any, message: str, strict: bool) -> None:
    assert message in str(error_of(data, strict=strict))


@pytest.mark.parametrize(
    ("data", "message", "events"),
    [
        (b"BEGIN:VEVENT\r\nEND:VEVENT\r\n", "line 1: expected BEGIN:VCALENDAR, found BEGIN:VEVENT", 1),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n", "line 2: VEVENT: BEGIN:VEVENT is never closed by END:VEVENT", 1),
        (
            b"BEGIN:VCALENDAR\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "line 2: END:VEVENT closes BEGIN:VCALENDAR of line 1",
            0,
        ),
        (
            b"BEGIN:VCALENDAR\r\nSUMMARY:\xff\r\n",
            "line 2: not UTF-8 text: the byte 0xff (column 9) cannot be decoded",
            0,
        ),
        (b"BEGIN:VCALENDAR\r\nBEGIN:\r\n", 'line 2: "BEGIN:" does not name a component', 0),
    ],
)
def test_files_with_mistakes_are_refused_when_strict_and_read_past_otherwise(
    data: bytes, message: str, events: int
) -> None:
    assert message in str(error_of(data, strict=True))
    with pytest.warns(InputQuirksWarning) as caught:
        t = from_ical(data)
    assert len(t) == events
    assert any(message in str(problem) for problem in caught[0].message.problems)  # type: ignore[union-attr]


def line_of(data: bytes, text: str) -> int:
    return data.decode("utf-8").split("\r\n").index(text) + 1


BROKEN_EVENTS = wrap(
    "BEGIN:VEVENT\nUID:ok\nDTSTART:20250101\nEND:VEVENT",
    "BEGIN:VEVENT\nUID:bad-date\nSUMMARY:x\nDTSTART:2025010\nEND:VEVENT",
    "BEGIN:VEVENT\nUID:bad-end\nDTSTART:20250101T100000Z\nDTEND:20251301T100000Z\nEND:VEVENT",
    "BEGIN:VEVENT\nUID:huge\nDTSTART:20250101T100000Z\nDURATION:P999999999999999999W\nEND:VEVENT",
    "BEGIN:VEVENT\nUID:long\nDTSTART:99991231\nDURATION:P2D\nEND:VEVENT",
)
BROKEN_EVENT_PROBLEMS = [
    f'line {line_of(BROKEN_EVENTS, "DTSTART:2025010")}: VEVENT "bad-date": DTSTART "2025010" cannot be read: '
    "Expected time, got: 2025010",
    f'line {line_of(BROKEN_EVENTS, "DTEND:20251301T100000Z")}: VEVENT "bad-end": DTEND "20251301T100000Z" cannot be '
    "read: Wrong datetime format: 20251301T100000Z",
    f'line {line_of(BROKEN_EVENTS, "DURATION:P999999999999999999W")}: VEVENT "huge": DURATION "P999999999999999999W" '
    "cannot be read: Impractical iCalendar duration: P999999999999999999W",
    f'line {line_of(BROKEN_EVENTS, "DURATION:P2D")}: VEVENT "long": DURATION runs past the year 9999',
]


def test_every_broken_event_is_named_with_its_line_when_strict() -> None:
    assert str(error_of(BROKEN_EVENTS, strict=True)).splitlines() == ["4 problems:"] + [
        f"  {problem}" for problem in BROKEN_EVENT_PROBLEMS
    ]


def test_broken_events_are_left_out_and_named_and_the_others_kept() -> None:
    with pytest.warns(UnreadableEventsWarning) as caught:
        t = from_ical(BROKEN_EVENTS)
    assert [event.id for event in t] == ["ok"]
    (warning,) = caught
    message = warning.message
    assert isinstance(message, UnreadableEventsWarning)
    assert isinstance(message, OmittedEventsWarning)
    assert str(message).splitlines() == ["4 events could not be read and were left out:"] + [
        f"  {problem}" for problem in BROKEN_EVENT_PROBLEMS
    ]
    assert message.event_ids == ("VEVENT bad-date", "VEVENT bad-end", "VEVENT huge", "VEVENT long")
    assert [str(problem) for problem in message.problems] == BROKEN_EVENT_PROBLEMS


def test_broken_x_timeline_properties_are_named() -> None:
    data = _own(Event("a", "A", "2025", extra={"k": 1}))
    broken = data.replace(b"X-TIMELINE-WHEN:2025", b"X-TIMELINE-WHEN:2025-13").replace(
        b'X-TIMELINE-EXTRA:{"k":1}', b"X-TIMELINE-EXTRA:{nope"
    )
    message = str(error_of(broken))
    assert 'VEVENT "a@timeline".when: "2025-13" is not a valid date' in message
    assert 'VEVENT "a@timeline": X-TIMELINE-EXTRA is not valid JSON' in message


def test_model_problems_point_at_the_property() -> None:
    data = _own(Event("a", "A", "2025-01-01", kind="k"))
    broken = data.replace(b"X-TIMELINE-STATUS:happened", b"X-TIMELINE-STATUS:maybe")
    assert str(error_of(broken)) == (
        f'line {line_of(broken, "X-TIMELINE-STATUS:maybe")}: VEVENT "a@timeline".status: "maybe" is not one of: '
        "proposed, planned, scheduled, happened, postponed, cancelled"
    )
    broken = data.replace(b"X-TIMELINE-KIND:k", b"X-TIMELINE-KIND:" + b"k" * 1001)
    unfolded = broken.replace(b"\r\n ", b"")
    assert str(error_of(broken)).startswith(
        f'line {line_of(unfolded, "X-TIMELINE-KIND:" + "k" * 1001)}: VEVENT "a@timeline".kind: is 1,001 characters long'
    )


def test_a_newer_format_version_is_refused() -> None:
    data = _own(Event("a", "A", "2025")).replace(b"X-TIMELINE-VERSION:1", b"X-TIMELINE-VERSION:2")
    assert "written by a newer version of timeline" in str(error_of(data))


@contextlib.contextmanager
def finishing_within(seconds: float) -> Iterator[None]:
    """Fail, rather than hang, if the block takes longer than ``seconds``."""

    def stop(*_: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def lines_starting(data: bytes, prefix: str) -> list[int]:
    """The numbers of the (unfolded) lines of ``data`` that start with ``prefix``."""
    lines = data.replace(b"\r\n ", b"").decode("utf-8").split("\r\n")
    return [number for number, text in enumerate(lines, 1) if text.startswith(prefix)]


def _cited_via_b() -> bytes:
    source = Source("Paper", key="a", via=Source("Wire", key="b"))
    return _own(Event("e", "E", "2025", citations=[Citation(source)]))


def test_sources_via_each_other_in_a_circle_are_an_error_not_a_hang() -> None:
    data = _cited_via_b().replace(b'"publisher":"Wire"}', b'"publisher":"Wire"\\,"via":"a"}')
    assert data.count(b'"via":') == 2
    with finishing_within(10):
        error = error_of(data)
    (line,) = lines_starting(data, 'X-TIMELINE-SOURCE:{"key":"b"')
    assert str(error) == f'line {line}: X-TIMELINE-SOURCE "b".via: via goes round in a circle: a → b → a'


def test_a_source_via_itself_is_an_error_not_a_hang() -> None:
    data = _cited_via_b().replace(b'"via":"b"', b'"via":"a"')
    with finishing_within(10):
        assert "via goes round in a circle: a → a" in str(error_of(data))


def _with_line_twice(data: bytes, name: str) -> bytes:
    start = data.index(b"\r\n" + name.encode()) + 2
    end = data.index(b"\r\n", start) + 2
    return data[:end] + data[start:end] + data[end:]


@pytest.mark.parametrize("name", ["DTSTART", "DTEND"])
def test_a_date_property_given_twice_in_an_own_event_is_named(name: str) -> None:
    data = _with_line_twice(_own(Event("a", "A", "2025-01-01T10:00Z/2025-01-01T11:00Z")), name)
    first, second = lines_starting(data, name)
    assert str(error_of(data)) == (
        f'line {second}: VEVENT "a@timeline": {name} is given twice (lines {first} and {second}); an event has one'
    )


@pytest.mark.parametrize("name", ["DTSTART", "DTEND", "DURATION"])
def test_a_date_property_given_twice_in_a_foreign_event_is_named(name: str) -> None:
    end = "DURATION:PT1H" if name == "DURATION" else "DTEND:20250101T110000Z"
    data = _with_line_twice(wrap(f"BEGIN:VEVENT\nUID:x\nDTSTART:20250101T100000Z\n{end}\nEND:VEVENT"), name)
    first, second = lines_starting(data, name)
    message = f'line {second}: VEVENT "x": {name} is given twice (lines {first} and {second}); an event has one'
    with pytest.raises(InvalidInputError) as caught:
        from_ical(data, strict=True)
    assert str(caught.value) == message


@pytest.mark.parametrize("name", ["DTSTART", "DTEND", "DURATION"])
def test_a_date_property_given_twice_in_a_foreign_event_is_read_from_its_first_when_lenient(name: str) -> None:
    end = "DURATION:PT1H" if name == "DURATION" else "DTEND:20250101T110000Z"
    event = f"BEGIN:VEVENT\nUID:x\nDTSTART:20250101T100000Z\n{end}\nEND:VEVENT"
    data = _with_line_twice(wrap(event), name)
    data = data.replace(
        b"20250101T100000Z\r\nDTSTART:20250101T100000Z", b"20250101T100000Z\r\nDTSTART:20250102T100000Z"
    )
    data = data.replace(b"DTEND:20250101T110000Z\r\nDTEND:", b"DTEND:20250101T110000Z\r\nDTEND;VALUE=DATE:")
    first, second = lines_starting(data, name)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (read,) = from_ical(data)
    assert read.when == When.parse("2025-01-01T10:00Z/2025-01-01T11:00Z")
    written = [line for line in data.decode().split("\r\n") if line.startswith(name)]
    assert len(written) == 2
    assert [line for line in read.extra["ical"] if line.startswith(name)] == written
    (quirks,) = [warning.message for warning in caught]
    assert isinstance(quirks, InputQuirksWarning)
    assert str(quirks) == (
        "the calendar has mistakes that were read past:\n"
        f'  line {second}: VEVENT "x": {name} is given twice (lines {first} and {second}); an event has one: '
        "the first was read, all kept as written"
    )


@pytest.mark.parametrize(
    ("name", "value", "key"),
    [
        ("X-TIMELINE-EXTRA", r'{"k":1\,"k":2}', "k"),
        ("X-TIMELINE-CITATION", r'{"source":"a"\,"source":"a"\,"confidence":"reported"}', "source"),
        ("X-TIMELINE-SOURCE", r'{"key":"a"\,"publisher":"Paper"\,"publisher":"Paper"}', "publisher"),
    ],
)
def test_x_timeline_json_with_a_key_twice_is_refused_as_from_json_does(name: str, value: str, key: str) -> None:
    data = _own(Event("e", "E", "2025", citations=[Citation(Source("Paper", key="a"))], extra={"k": 1}))
    start = data.index(f"\r\n{name}:".encode()) + 2
    broken = data[:start] + f"{name}:{value}".encode() + data[data.index(b"\r\n", start) :]
    (line,) = lines_starting(broken, f"{name}:{value}")
    assert str(error_of(broken)) == (
        f'line {line}: VEVENT "e@timeline": {name}: {key}: is given more than once in one object; give each key once'
    )


def test_x_timeline_extra_of_the_calendar_with_a_key_twice_is_refused() -> None:
    data = to_ical(Timeline("T", [Event("e", "E", "2025")], extra={"k": 1}))
    broken = data.replace(b'X-TIMELINE-EXTRA:{"k":1}', rb'X-TIMELINE-EXTRA:{"k":1\,"k":1}')
    (line,) = lines_starting(broken, "X-TIMELINE-EXTRA:")
    assert str(error_of(broken)) == (
        f"line {line}: VCALENDAR: X-TIMELINE-EXTRA: k: is given more than once in one object; give each key once"
    )


def test_text_with_lone_surrogates_is_read_past_or_refused() -> None:
    lines = [
        "BEGIN:VCALENDAR",
        "BEGIN:VEVENT",
        "UID:s",
        "DTSTART:20250101",
        "SUMMARY:a\ud800b",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    text = "\r\n".join(lines) + "\r\n"
    with pytest.warns(InputQuirksWarning, match="line 5: the text holds"):
        (event,) = from_ical(text)
    assert event.title == "a\ufffdb"
    message = "the text holds a lone surrogate U+D800, which UTF-8 cannot hold"
    assert str(error_of(text, strict=True)) == f"line 5: {message}"


def test_load_and_read_timeline_pass_strict_on(tmp_path: Any) -> None:
    from timeline import load
    from timeline.formats.files import read_timeline

    path = tmp_path / "broken.ics"
    path.write_bytes(BROKEN_EVENTS)
    with pytest.warns(UnreadableEventsWarning):
        assert len(load(path)) == 1
    with pytest.raises(InvalidInputError) as caught:
        load(path, strict=True)
    assert all(problem.file == str(path) for problem in caught.value.problems)
    assert len(caught.value.problems) == 4
    with pytest.raises(InvalidInputError):
        read_timeline(BROKEN_EVENTS, "ics", strict=True)


def test_size_limit() -> None:
    with pytest.raises(InvalidInputError, match="larger than the limit"):
        from_ical(b" " * (MAX_ICAL_BYTES + 1))


@pytest.mark.parametrize("strict", [False, True])
def test_nesting_limit(strict: bool) -> None:
    deep = "BEGIN:VCALENDAR\r\n" + "".join(f"BEGIN:X-{number}\r\n" for number in range(10_000))
    assert str(error_of(deep, strict=strict)) == "line 9: X-7: components nest deeper than 8 levels"
    outside = "".join(f"BEGIN:X-{number}\r\n" for number in range(10_000))
    assert str(error_of(outside)) == "line 8: X-7: components nest deeper than 8 levels"  # inside a made-up VCALENDAR


def test_a_component_never_holds_one_of_its_own_name() -> None:
    """An event never closed is closed where the next begins: events never nest, however many there are."""
    many = "BEGIN:VCALENDAR\r\n" + "BEGIN:VEVENT\r\nDTSTART:20250101\r\n" * 10_000
    with finishing_within(60), pytest.warns(InputQuirksWarning) as caught:
        t = from_ical(many)
    assert len(t) == 10_000
    assert all(event.when == When.parse("2025-01-01") for event in t)
    message = str(caught[0].message)
    assert (
        "line 2: VEVENT: BEGIN:VEVENT is never closed by END:VEVENT: closed where BEGIN:VEVENT of line 4 begins"
        in message
    )
    assert "(and 10000 more like it: lines 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, …)" in message
    assert "line 2: VEVENT: BEGIN:VEVENT is never closed by END:VEVENT" in str(error_of(many, strict=True))


@pytest.mark.parametrize(
    "component",
    [
        "BEGIN:VEVENT\nUID:x\nDTSTART:20250101T100000Z\nRRULE:FREQ=SECONDLY;COUNT=999999999999\nEND:VEVENT",
        "BEGIN:VEVENT\nUID:x\nDTSTART:20250101\nSUMMARY:" + "\\" * 200_000 + "\nEND:VEVENT",
        "BEGIN:VEVENT\nUID:x\nDTSTART:20250101\nX-P" + ';A="' * 20_000 + ":v\nEND:VEVENT",
        "BEGIN:VEVENT\nUID:x\nDTSTART:20250101\nDESCRIPTION:" + "a\\n" * 100_000 + "\nEND:VEVENT",
        "BEGIN:VEVENT\nUID:x\nDTSTART:20250101\n" + "X-A:b\n" * 50_000 + "END:VEVENT",
        "BEGIN:VEVENT\nUID:x\nDTSTART:20250101\n" + "".join(f"X-P{n};B:1\n" for n in range(20_000)) + "END:VEVENT",
        "BEGIN:VEVENT\nUID:x\nDTSTART:20250101\n" + "RRULE:FREQ=NO\n" * 20_000 + "END:VEVENT",
        "BEGIN:VEVENT\nUID:x\nDTSTART:20250101\nRELATED-TO;A:x\n"
        + "".join(f"RELATED-TO:x{n}\n" for n in range(20_000))
        + "END:VEVENT",
    ],
    ids=[
        "huge RRULE",
        "many backslashes",
        "unclosed quotes",
        "many line breaks",
        "many properties",
        "many lines icalendar refuses",
        "many values icalendar refuses",
        "many relations",
    ],
)
def test_hostile_calendars_are_read_or_refused_quickly(component: str) -> None:
    """These finish (the test would hang otherwise) with a timeline or an InvalidInputError, in linear time."""
    try:
        with warnings.catch_warnings(), finishing_within(120):
            warnings.simplefilter("ignore", TimelineWarning)  # what icalendar refuses is read past, kept as written
            result = from_ical(wrap(component))
    except InvalidInputError as error:
        problems = error.problems
    else:
        problems = ()
        assert len(result) == 1
    assert all(problem.line is not None for problem in problems)


_SAMPLE = ics(GOOGLE)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_calendars_raise_only_timeline_errors(data: st.DataObject) -> None:
    sample = bytearray(_SAMPLE)
    for _ in range(data.draw(st.integers(1, 6))):
        position = data.draw(st.integers(0, len(sample) - 1))
        action = data.draw(st.sampled_from(["delete", "insert", "replace"]))
        chunk = data.draw(
            st.sampled_from(
                [b":", b";", b"\r\n", b"\n ", b"\\", b'"', b"BEGIN:VEVENT", b"\x00", b"\xff", b"9", b"Z", b"="]
            )
        )
        if action == "delete":
            del sample[position : position + data.draw(st.integers(1, 40))]
        elif action == "insert":
            sample[position:position] = chunk
        else:
            sample[position : position + len(chunk)] = chunk
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimelineWarning)
        with contextlib.suppress(TimelineError):
            from_ical(bytes(sample))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300))
def test_any_input_raises_only_timeline_errors(data: bytes | str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimelineWarning)
        with contextlib.suppress(TimelineError):
            from_ical(data)


@pytest.mark.parametrize("open_one", ["VTIMEZONE", "VTODO", "VJOURNAL", "VFREEBUSY"])
def test_an_event_never_lies_inside_another_calendar_component(open_one: str) -> None:
    """icalendar finds the events after a misspelt END:VTIMEZONE; so must the reader."""
    data = wrap(
        f"BEGIN:{open_one}\nTZID:Europe/Berlin\nEND:{open_one[:-1]}",
        "BEGIN:VEVENT\nUID:a\nDTSTART:20250101T100000Z\nEND:VEVENT",
        "BEGIN:VEVENT\nUID:b\nDTSTART;VALUE=DATE:20250102\nEND:VEVENT",
    )
    (begin,) = lines_starting(data, f"BEGIN:{open_one}")
    event = lines_starting(data, "BEGIN:VEVENT")[0]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t = from_ical(data)
    assert [(event.id, event.when) for event in t] == [
        ("a", When.parse("2025-01-01T10:00Z")),
        ("b", When.parse("2025-01-02")),
    ]
    assert (
        f"line {begin}: {open_one}: BEGIN:{open_one} is never closed by END:{open_one}: "
        f"closed where BEGIN:VEVENT of line {event} begins"
    ) in str(caught[0].message)


@pytest.mark.parametrize("tzid", ["Nowhere/Zone", "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"])
def test_a_tzid_naming_no_vtimezone_and_no_known_zone_is_reported(tzid: str) -> None:
    data = wrap(
        f'BEGIN:VEVENT\nUID:a\nDTSTART;TZID="{tzid}":20250101T100000\nEND:VEVENT',
        f'BEGIN:VEVENT\nUID:b\nDTSTART;TZID="{tzid}":20250102T100000\nEND:VEVENT',
        head="X-WR-TIMEZONE:Europe/Lisbon",
    )
    first, second = lines_starting(data, "DTSTART")
    with pytest.warns(InputQuirksWarning) as caught:
        t = from_ical(data)
    assert [event.when for event in t] == [
        When.parse("2025-01-01T10:00+00:00[Europe/Lisbon]"),
        When.parse("2025-01-02T10:00+00:00[Europe/Lisbon]"),
    ]
    assert str(caught[0].message) == (
        "the calendar has mistakes that were read past:\n"
        f'  line {first}: VEVENT "a": TZID {quote(tzid)} names no readable VTIMEZONE and no zone known by that name: '
        f"read as a floating time, in Europe/Lisbon (and 1 more like it: line {second})"
    )
    with pytest.raises(InvalidInputError, match="names no readable VTIMEZONE"):
        from_ical(data, strict=True)
