"""iCalendar export: the mapping, the bytes, the round trip, and three independent readers."""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zoneinfo
from typing import Any

import attrs
import icalendar
import ics
import pytest
import tatsu.color
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import timeline
from _ical_oracle import vevent
from strategies import time_bounds, timelines, whens
from timeline import (
    Bound,
    Citation,
    Event,
    InvalidInputError,
    Place,
    Relation,
    Source,
    Timeline,
    When,
)
from timeline.errors import OmittedEventsWarning
from timeline.formats.ical import default_namespace, from_ical, to_ical
from timeline.formats.ical._options import options
from timeline.formats.ical._span import span
from timeline.formats.ical._text import component_lines, fold
from timeline.formats.ical._write import calendar, timezones
from timeline.model import Revisions

# ics-py parses with TatSu, which calls colorama.init() on every parse when colorama is
# installed: each call wraps sys.stdout once more, until printing overflows the stack.
tatsu.color.init = lambda: None

SLOW = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def _with_dates(pair: tuple[Timeline, list[When]]) -> Timeline:
    """The timeline with each undated event given one of the dated ``When`` values."""
    drawn, dates = pair
    events = [
        event if event.when.is_dated else attrs.evolve(event, when=date, duration=None)
        for event, date in zip(drawn, dates, strict=False)
    ]
    return attrs.evolve(drawn, events=events)


def dated_timelines(max_events: int = 8) -> st.SearchStrategy[Timeline]:
    """Timelines whose events all have a date, so that every event becomes a VEVENT; accounts included.

    ``tests/test_disputes.py`` draws events dated by their accounts alone, disputed ones too.
    """
    dated = whens(undated=False)
    return st.tuples(timelines(max_events), st.lists(dated, min_size=max_events, max_size=max_events)).map(_with_dates)


def vevents(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def one(data: bytes) -> icalendar.Event:
    found = vevents(data)
    assert len(found) == 1
    return found[0]


def lines_of(data: bytes) -> list[str]:
    """The unfolded content lines."""
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


def export(*events: Event, **options: Any) -> bytes:
    return to_ical(Timeline("Test", events), **options)


def prop(data: bytes, name: str, within: str = "VEVENT") -> list[str]:
    """Every unfolded line of property ``name`` (with its parameters) in ``within`` components."""
    found, inside = [], []
    for line in lines_of(data):
        if line.startswith("BEGIN:"):
            inside.append(line[6:])
        elif line.startswith("END:"):
            inside.pop()
        elif inside and inside[-1] == within and re.match(rf"{name}[;:]", line):
            found.append(line)
    return found


def test_days_are_all_day_with_an_exclusive_end() -> None:
    data = export(Event("talks", "Talks in Berlin", "2025-12-14/2025-12-15"))
    assert prop(data, "DTSTART") == ["DTSTART;VALUE=DATE:20251214"]
    assert prop(data, "DTEND") == ["DTEND;VALUE=DATE:20251216"]
    assert prop(data, "SUMMARY") == ["SUMMARY:Talks in Berlin"]
    assert prop(data, "TRANSP") == []


def test_one_day_ends_the_next_day() -> None:
    data = export(Event("day", "A day", "2025-12-31"))
    assert prop(data, "DTSTART") == ["DTSTART;VALUE=DATE:20251231"]
    assert prop(data, "DTEND") == ["DTEND;VALUE=DATE:20260101"]


@pytest.mark.parametrize(
    ("text", "start", "end", "summary"),
    [
        ("2025-12", "20251201", "20260101", "Drafts (Dec 2025)"),
        ("2026", "20260101", "20270101", "Drafts (2026)"),
        ("2026-33", "20260101", "20260401", "Drafts (Q1 2026)"),
        ("2025-12-16~", "20251213", "20251220", "Drafts (about 16 Dec 2025)"),
        ("2025-12-16?", "20251216", "20251217", "Drafts (probably 16 Dec 2025)"),
        ("2025-12~", "20251101", "20260201", "Drafts (about Dec 2025)"),
        ("2025-11/2025-12", "20251101", "20260101", "Drafts (Nov–Dec 2025)"),
    ],
)
def test_vague_dates_span_every_day_they_may_fall_on(text: str, start: str, end: str, summary: str) -> None:
    data = export(Event("drafts", "Drafts", text))
    assert prop(data, "DTSTART") == [f"DTSTART;VALUE=DATE:{start}"]
    assert prop(data, "DTEND") == [f"DTEND;VALUE=DATE:{end}"]
    assert prop(data, "TRANSP") == ["TRANSP:TRANSPARENT"]
    assert prop(data, "SUMMARY") == [f"SUMMARY:{summary}"]
    assert prop(data, "X-TIMELINE-WHEN") == [f"X-TIMELINE-WHEN:{text}"]


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2025-12-14/..", "20251214", "20251215", "since 14 Dec 2025"),
        ("2025-12-14/", "20251214", "20251215", "from 14 Dec 2025 (end unknown)"),
        ("../2025-12-20", "20251220", "20251221", "until 20 Dec 2025"),
        ("/2025-12", "20251201", "20260101", "until Dec 2025 (start unknown)"),
    ],
)
def test_open_and_unknown_ends_show_the_known_end_only(text: str, start: str, end: str, label: str) -> None:
    data = export(Event("war", "Ceasefire", text))
    assert prop(data, "DTSTART") == [f"DTSTART;VALUE=DATE:{start}"]
    assert prop(data, "DTEND") == [f"DTEND;VALUE=DATE:{end}"]
    assert prop(data, "TRANSP") == ["TRANSP:TRANSPARENT"]
    assert prop(data, "SUMMARY") == [f"SUMMARY:Ceasefire ({label})"]


def test_times_carry_their_zone_and_a_vtimezone() -> None:
    data = export(Event("call", "Call", "2025-12-15T14:00+01:00[Europe/Berlin]/2025-12-15T15:30+01:00[Europe/Berlin]"))
    assert prop(data, "DTSTART") == ["DTSTART;TZID=Europe/Berlin:20251215T140000"]
    assert prop(data, "DTEND") == ["DTEND;TZID=Europe/Berlin:20251215T153000"]
    assert prop(data, "TZID", "VTIMEZONE") == ["TZID:Europe/Berlin"]
    assert prop(data, "COMMENT", "VTIMEZONE") == []  # libical rejects COMMENT directly on VTIMEZONE


def test_a_moment_has_no_end_and_utc_ends_in_z() -> None:
    data = export(Event("vote", "Vote", "2025-12-15T14:00:30Z"))
    assert prop(data, "DTSTART") == ["DTSTART:20251215T140030Z"]
    assert prop(data, "DTEND") == []
    assert "BEGIN:VTIMEZONE" not in lines_of(data)


def test_the_second_of_two_equal_wall_clock_times_is_written_in_utc() -> None:
    when = When.parse("2025-10-26T02:30+01:00[Europe/Berlin]")  # after the clocks went back
    assert when.start.fold == 1  # type: ignore[union-attr]
    data = export(Event("late", "Late", when))
    assert prop(data, "DTSTART") == ["DTSTART:20251026T013000Z"]
    assert from_ical(data).get("late") == Event("late", "Late", when)


def test_a_time_and_a_day_make_an_all_day_entry() -> None:
    data = export(Event("mixed", "Mixed", "2025-12-14T10:00+01:00[Europe/Berlin]/2025-12-15"))
    assert prop(data, "DTSTART") == ["DTSTART;VALUE=DATE:20251214"]
    assert prop(data, "DTEND") == ["DTEND;VALUE=DATE:20251216"]


def test_the_last_day_of_9999_ends_on_that_day() -> None:
    data = export(Event("end", "End", "9999-12-30/9999-12-31"), Event("last", "Last", "9999-12-31"))
    assert prop(data, "DTEND") == ["DTEND;VALUE=DATE:99991231"]
    assert from_ical(data) == Timeline(
        "Test", [Event("end", "End", "9999-12-30/9999-12-31"), Event("last", "Last", "9999-12-31")]
    )


def test_status_tags_place_links_and_relations() -> None:
    source = Source("NYT", url="https://example.org/a,b;c", archived_url="https://archive.example/x")
    events = [
        Event("parent", "Parent", "2025-12-14", status="cancelled"),
        Event(
            "child",
            "Child",
            "2025-12-15",
            status="planned",
            tags=("a,b", "c;d"),
            place=Place("Berlin", country="Germany", lat=52.52, lon=0.00001, zone="Europe/Berlin"),
            citations=[Citation(source)],
            relations=[Relation("part_of", "parent"), Relation("follows", "parent")],
        ),
    ]
    data = to_ical(Timeline("T", events), namespace="example.org")
    assert prop(data, "STATUS") == ["STATUS:CANCELLED", "STATUS:TENTATIVE"]
    assert prop(data, "UID") == ["UID:parent@example.org", "UID:child@example.org"]
    assert prop(data, "CATEGORIES") == ["CATEGORIES:a\\,b,c\\;d"]
    assert prop(data, "LOCATION") == ["LOCATION:Berlin"]
    assert prop(data, "GEO") == ["GEO:52.52;0.00001"]
    assert prop(data, "URL") == ["URL:https://example.org/a,b;c"]
    assert prop(data, "LINK") == [
        'LINK;LINKREL="describedby";VALUE=URI:https://example.org/a,b;c',
        'LINK;LINKREL="describedby";VALUE=URI:https://archive.example/x',
    ]
    assert prop(data, "RELATED-TO") == [
        "RELATED-TO;RELTYPE=PARENT:parent@example.org",
        "RELATED-TO;RELTYPE=X-TIMELINE-FOLLOWS:parent@example.org",
    ]
    child = vevents(data)[1]
    assert [str(category) for category in child["CATEGORIES"].cats] == ["a,b", "c;d"]
    assert child["GEO"].latitude == 52.52


def test_description_ends_with_a_readable_list_of_sources() -> None:
    report = Source("Kyiv Post", title="Talks", published="2025-12-16~", url="https://example.org/k")
    nyt = Source("The New York Times", author="A. Reporter", via=report)
    event = Event(
        "talks",
        "Talks",
        "2025-12-14",
        description="They met.",
        citations=[Citation(nyt, attribution="unnamed sources", quote="met", locator="para 1", confidence="disputed")],
    )
    text = str(one(export(event))["DESCRIPTION"])
    assert text == (
        "They met.\n\nSources:\n"
        "1. The New York Times, A. Reporter, citing unnamed sources — via Kyiv Post, “Talks” (about 16 Dec 2025): "
        "“met” (para 1). Disputed.\n   https://example.org/k"
    )


def test_undated_events_are_left_out_and_named() -> None:
    events = [Event("dated", "Dated", "2025"), Event("later", "Later"), Event("never", "Never")]
    with pytest.warns(OmittedEventsWarning) as caught:
        data = to_ical(Timeline("T", events))
    assert caught[0].message.event_ids == ("later", "never")  # type: ignore[union-attr]
    assert "later, never" in str(caught[0].message)
    assert prop(data, "UID") == [f"UID:dated@{default_namespace(Timeline('T', events))}"]


def test_no_warning_when_every_event_is_dated() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        export(Event("a", "A", "2025"))


def test_dtstamp_is_fixed_without_a_stamp_and_never_the_clock() -> None:
    data = export(Event("a", "A", "2025"))
    assert prop(data, "DTSTAMP") == ["DTSTAMP:19700101T000000Z"]
    assert data == export(Event("a", "A", "2025"))


def test_dtstamp_from_stamp_in_utc() -> None:
    stamp = dt.datetime(2025, 12, 16, 9, 30, 15, 999, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin"))
    data = export(Event("a", "A", "2025"), stamp=stamp)
    assert prop(data, "DTSTAMP") == ["DTSTAMP:20251216T083015Z"]
    assert prop(data, "SEQUENCE") == []


def test_revisions_give_sequence_and_change_times() -> None:
    import pendulum

    revisions = {
        "a": Revisions(pendulum.datetime(2025, 12, 14, 8), pendulum.datetime(2025, 12, 16, 9, 5, 1), 3),
        "unknown": Revisions(pendulum.datetime(2025, 1, 1), pendulum.datetime(2025, 1, 1), 1),
    }
    data = export(
        Event("a", "A", "2025"),
        Event("b", "B", "2025"),
        revisions=revisions,
        stamp=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    first, second = vevents(data)
    assert first["SEQUENCE"] == 2
    assert first["DTSTAMP"].to_ical() == b"20251216T090501Z"
    assert first["LAST-MODIFIED"].to_ical() == b"20251216T090501Z"
    assert first["CREATED"].to_ical() == b"20251214T080000Z"
    assert second["DTSTAMP"].to_ical() == b"20260101T000000Z"
    assert "SEQUENCE" not in second


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"stamp": dt.datetime(2025, 1, 1)}, "stamp: 2025-01-01T00:00:00 has no time zone"),
        ({"namespace": "a b"}, 'namespace: "a b" is not a namespace'),
        ({"namespace": "x@y"}, 'namespace: "x@y" is not a namespace'),
        ({"namespace": ""}, 'namespace: "" is not a namespace'),
        ({"revisions": {"a": 3}}, "revisions['a']: expected Revisions, got int"),
        ({"name": " "}, "name: must not be empty"),
        ({"name": "x" * 1001}, "name: is 1,001 characters long; the limit is 1,000"),
        ({"name": "a\nb"}, 'name: "a\\nb" contains a line break'),
    ],
)
def test_bad_options_are_named(options: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInputError, match=re.escape(message)):
        export(Event("a", "A", "2025"), **options)


def test_name_is_the_calendar_name_and_the_title_still_reads_back() -> None:
    t = Timeline("Title; with, text", [Event("a", "A", "2025")], description="Line one\nline two; three")
    data = to_ical(t, name="Shown name")
    assert prop(data, "NAME", "VCALENDAR") == ["NAME:Shown name"]
    assert prop(data, "X-WR-CALNAME", "VCALENDAR") == ["X-WR-CALNAME:Shown name"]
    assert prop(data, "X-WR-CALDESC", "VCALENDAR") == ["X-WR-CALDESC:Line one\\nline two\\; three"]
    assert prop(data, "DESCRIPTION", "VCALENDAR") == ["DESCRIPTION:Line one\\nline two\\; three"]
    assert prop(data, "UID") == [f"UID:a@{default_namespace(t)}"]  # and no random calendar UID
    assert from_ical(data) == t


def _physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


def check_bytes(data: bytes) -> None:
    """CRLF only, at most 75 octets a line, no UTF-8 sequence split across lines."""
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"\r" not in data.replace(b"\r\n", b"")
    for line in _physical_lines(data):
        assert len(line) <= 75
        line.decode("utf-8")  # a split sequence would not decode on its own
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//timeline-events//timeline//EN\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")


@given(st.text(st.characters(codec="utf-8"), max_size=400))
def test_fold_gives_icalendars_bytes(text: str) -> None:
    """The bytes icalendar writes for the same content line, and folding as RFC 5545 §3.1 has it."""
    line = "X-T:" + text.replace("\n", "").replace("\r", "")
    folded = fold(line.encode("utf-8"))
    assert folded == icalendar.parser.Contentline(line).to_ical()
    for physical in folded.split(b"\r\n"):
        assert len(physical) <= 75
        physical.decode("utf-8")  # no UTF-8 sequence split across lines
    assert folded.replace(b"\r\n ", b"") == line.encode("utf-8")


def test_fold_does_not_split_characters_or_escapes() -> None:
    for text in ("😀" * 100, "é" * 200, "a" * 61 + "\\," + "b" * 100, "x" * 10_000, "שלום " * 50, "\\" * 500):
        line = ("DESCRIPTION:" + text).encode("utf-8")
        folded = fold(line)
        parts = folded.split(b"\r\n ")
        assert len(parts) > 1
        for part in parts:
            assert 0 < len(part) <= 74
            part.decode("utf-8")  # a split character would not decode on its own
        if "\\\\" not in text:  # an escape is not split, as far as icalendar avoids it
            assert not any(part.endswith(b"\\") for part in parts[:-1])
        assert b"".join(parts) == line


def _without_leading_bom(data: bytes) -> bytes:
    """``data`` with a U+FEFF at the start of a value dropped, as icalendar's to_ical does.

    icalendar decodes each value as "utf-8-sig", which drops a leading U+FEFF; timeline keeps it.
    """
    lines = []
    for line in lines_of(data):
        name, _, value = line.partition(":")
        lines.append(fold(f"{name}:{value.removeprefix(chr(0xFEFF))}".encode()))
    return b"\r\n".join(lines) + b"\r\n"


@SLOW
@given(dated_timelines())
def test_bytes_equal_icalendars_own_to_ical(t: Timeline) -> None:
    """The fast writer gives exactly the bytes icalendar would, for the same components."""
    settings_ = options(default_namespace(t), None, None, timeline=t)
    whole = calendar(t, None)
    spans = [span(event.effective_when) for event in t.events]
    for zone in timezones(spans):
        whole.add_component(zone)
    for index, (event, placed) in enumerate(zip(t.events, spans, strict=True)):
        whole.add_component(vevent(event, index, placed, settings_))
    data = to_ical(t)
    assert _without_leading_bom(data) == whole.to_ical()
    assert data == b"\r\n".join(component_lines(whole)) + b"\r\n"
    check_bytes(data)


@SLOW
@given(dated_timelines())
def test_round_trip(t: Timeline) -> None:
    assert from_ical(to_ical(t)) == t


@SLOW
@given(dated_timelines(), st.sampled_from(["example.org", "a", "x-y_z.example"]))
def test_round_trip_with_any_namespace_and_name(t: Timeline, namespace: str) -> None:
    assert from_ical(to_ical(t, namespace=namespace, name="Other name")) == t


def test_equal_timelines_give_equal_bytes() -> None:
    events = [Event("b", "B", "2025-12"), Event("a", "A", "2025-12"), Event("c", "C", "2024")]
    assert to_ical(Timeline("T", events)) == to_ical(Timeline("T", list(reversed(events))))


def test_save_and_load(tmp_path: Any) -> None:
    t = Timeline("T", [Event("a", "A", "2025-12-14", description="x\ny")])
    path = tmp_path / "t.ics"
    timeline.save(t, path)
    assert path.read_bytes() == to_ical(t)
    assert timeline.load(path) == t


def _wall(value: dt.date) -> tuple[str, dt.date]:
    """A start as written: a date, or the wall-clock time (UTC for ``Z`` times)."""
    if isinstance(value, dt.datetime):
        return ("time", value.replace(tzinfo=None))
    return ("date", value)


def read_with_icalendar(data: bytes) -> dict[str, tuple[tuple[str, dt.date], str]]:
    return {str(e["UID"]): (_wall(e["DTSTART"].dt), str(e["SUMMARY"])) for e in vevents(data)}


def vobject_calendar(data: bytes) -> Any:
    """vobject's reading of ``data``, using the VTIMEZONEs in ``data``.

    vobject keeps the first VTIMEZONE it sees for each TZID for the rest of the
    process; forget them, so that each file is read with its own.
    """
    registry = vars(vobject.icalendar)["__tzidMap"]
    for tzid in [tzid for tzid in registry if tzid != "UTC"]:
        del registry[tzid]
    return vobject.readOne(data.decode("utf-8"))


def read_with_vobject(data: bytes) -> dict[str, tuple[tuple[str, dt.date], str]]:
    parsed = vobject_calendar(data)
    events = getattr(parsed, "vevent_list", [])
    return {e.uid.value: (_wall(e.dtstart.value), e.summary.value) for e in events}


def read_with_ics(data: bytes) -> dict[str, tuple[tuple[str, dt.date], str]]:
    parsed = ics.Calendar(data.decode("utf-8"))
    found = {}
    for e in parsed.events:
        begin = e.begin.date() if e.all_day else e.begin.datetime.replace(tzinfo=None)
        found[e.uid] = (("date", begin) if e.all_day else ("time", begin), e.name)
    return found


def expected(t: Timeline, namespace: str | None = None) -> dict[str, tuple[tuple[str, dt.date], str]]:
    from timeline.formats.ical._description import summary
    from timeline.formats.ical._span import span

    namespace = default_namespace(t) if namespace is None else namespace
    found = {}
    for event in t.events:
        placed = span(event.when)
        assert placed is not None
        start = placed.start
        wall = ("date", start) if isinstance(start, dt.date) and not hasattr(start, "local") else ("time", start.local)  # type: ignore[union-attr]
        found[f"{event.id}@{namespace}"] = (wall, summary(event))
    return found


def ics_reading(text: str) -> str:
    """What ics-py 0.7 makes of ``text`` written correctly.

    ics-py undoes escapes one kind after another (``\\;``, ``\\,``, ``\\n``, …, ``\\\\``
    last), so a literal backslash before ``;``, ``,``, ``n``, ``N``, ``r`` or ``R`` reads
    wrongly; icalendar and vobject read such text right.
    """
    from timeline.formats.ical._text import escape

    return ics.utils.unescape_string(escape(text)) if "\\" in text else text


def check_readers_agree(t: Timeline) -> None:
    data = to_ical(t)
    want = expected(t)
    assert read_with_icalendar(data) == want
    assert read_with_vobject(data) == want
    assert read_with_ics(data) == {uid: (start, ics_reading(title)) for uid, (start, title) in want.items()}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(dated_timelines(max_events=5))
def test_icalendar_vobject_and_ics_agree(t: Timeline) -> None:
    check_readers_agree(t)


def test_readers_agree_on_the_worked_example() -> None:
    import json
    from pathlib import Path

    source = Path(__file__).parent.parent / "examples" / "berlin-2025" / "timeline.json"
    t = timeline.from_json(json.dumps(json.loads(source.read_text("utf-8"))))
    dated = Timeline(t.title, [e for e in t.events if e.when.is_dated], description=t.description)
    assert len(dated) >= 3
    check_readers_agree(dated)


@pytest.mark.parametrize(
    "text",
    [
        "1900-01-01T10:00-05:00[America/New_York]",
        "2100-07-01T10:00-04:00[America/New_York]",
        "2025-03-30T01:59+01:00[Europe/Berlin]",
        "2025-03-30T03:00+02:00[Europe/Berlin]",
        "2025-10-26T02:30+02:00[Europe/Berlin]",
        "1950-06-01T12:00+05:30[Asia/Kolkata]",
        "2030-04-06T02:30+11:00[Australia/Lord_Howe]",
        "1916-05-01T12:00+02:00[Europe/Berlin]",
    ],
)
def test_vtimezone_gives_the_right_instant_to_a_reader_that_uses_it(text: str) -> None:
    """vobject reads the VTIMEZONE in the file (not a zone database): its instant must be ours."""
    when = When.parse(text)
    data = export(Event("e", "E", when), Event("f", "F", "2040-01-01T00:00Z"))
    parsed = vobject_calendar(data)
    start = next(e for e in parsed.vevent_list if e.uid.value.startswith("e@")).dtstart.value
    assert start.astimezone(dt.UTC) == when.start.moment.in_timezone("UTC")  # type: ignore[union-attr]


def test_vtimezone_covers_the_dates_used_and_no_more() -> None:
    data = export(
        Event("a", "A", "1890-06-01T12:00-05:00[America/New_York]"),
        Event("b", "B", "2060-06-01T12:00-04:00[America/New_York]"),
    )
    text = "\r\n".join(lines_of(data))
    zone = text[text.index("BEGIN:VTIMEZONE") : text.index("END:VTIMEZONE")]
    assert all("," not in line for line in zone.split("\r\n") if line.startswith("RDATE"))  # one date each
    onsets = sorted(
        dt.datetime.strptime(value, "%Y%m%dT%H%M%S")
        for line in zone.split("\r\n")
        if line.startswith(("DTSTART:", "RDATE:"))
        for value in line.split(":", 1)[1].split(",")
    )
    assert onsets[0] <= dt.datetime(1890, 6, 1, 12)
    assert dt.datetime(2059, 11, 1) < onsets[-1] < dt.datetime(2060, 6, 4)


def test_a_literal_backslash_and_capital_n_stays_text() -> None:
    """icalendar's own TEXT escaping turns a literal ``\\N`` into a line break; ours does not."""
    text = "C:\\New \\N \\n \\\\N"
    t = Timeline(text, [Event("a", text, "2025-01-01", description=text, tags=(text,), place=text, kind=text)])
    data = to_ical(t)
    event = one(data)
    assert str(event["SUMMARY"]) == text
    assert str(event["DESCRIPTION"]) == text
    assert str(event["LOCATION"]) == text
    assert [str(tag) for tag in event["CATEGORIES"].cats] == [text]
    assert vobject_calendar(data).vevent.summary.value == text
    assert from_ical(data) == t


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(time_bounds(), min_size=1, max_size=4))
def test_vtimezones_agree_with_the_zone_database(bounds: list[Bound]) -> None:
    """Every time, read by vobject through the VTIMEZONEs in the file, is the same instant."""
    events = [Event(f"e{index}", "E", When(bound)) for index, bound in enumerate(bounds)]
    parsed = vobject_calendar(export(*events))
    found = {e.uid.value.partition("@")[0]: e.dtstart.value for e in parsed.vevent_list}
    for event in events:
        start = found[event.id]
        assert start.astimezone(dt.UTC) == event.when.start.moment.in_timezone("UTC")  # type: ignore[union-attr]
