"""The iCalendar writer against oracles: icalendar's own objects, and brute force for the text rules.

The writer produces content lines itself (RFC 5545: TEXT escaped per §3.3.11,
parameter values quoted per §3.2, lines folded at 75 octets without splitting a
UTF-8 sequence, CRLF). Here every rule is checked against a brute-force version of
it over hostile strings, and whole calendars of random timelines against the
calendar ``icalendar`` builds and writes from its own objects for the same events.
"""

from __future__ import annotations

import datetime as dt
import warnings
import zoneinfo
from typing import Any

import attrs
import icalendar
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar.parser import param_value

from _ical_oracle import icalendar_calendar
from strategies import hostile_text, whens
from test_ical import dated_timelines
from timeline import Event, InvalidInputError, OmittedEventsWarning, Timeline, TimelineError
from timeline.formats.ical import from_ical, iter_ical, to_ical
from timeline.formats.ical._text import escape, fold
from timeline.formats.ical._write import block, parameter
from timeline.model import Revisions

SLOW = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)

# Every character class a value may hold: controls, CR and LF, the syntax of iCalendar,
# the characters folding must not split (2-, 3- and 4-byte UTF-8), and the ones it must not strand.
_HOSTILE_CHARS = st.one_of(
    st.sampled_from(["\\", ";", ",", ":", '"', "^", "\n", "\r", "\t", "\x00", "\x1f", "\x7f", "\x85", "\u2028"]),
    st.sampled_from(["é", "—", "’", "😀", "ש", "\ufeff", "\u202e", "\u200d", "\ud800"]),
    st.characters(codec="utf-8"),
)
HOSTILE = st.one_of(
    st.text(_HOSTILE_CHARS, max_size=300),
    st.builds(lambda char, count: char * count, _HOSTILE_CHARS, st.integers(1, 200)),
)

_ESCAPED = {"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"}
_CONTROLS = {chr(code) for code in (*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029)} - {"\t", "\n"}


def brute_escape(text: str) -> str | None:
    """TEXT escaping one character at a time; ``None`` where iCalendar text cannot hold the text."""
    out = []
    for char in text:
        if char in _CONTROLS or 0xD800 <= ord(char) <= 0xDFFF:
            return None
        out.append(_ESCAPED.get(char, char))
    return "".join(out)


def brute_fold(line: str) -> bytes:
    """Folding one character at a time: as many whole characters as fit in 74 octets, then CRLF and a space.

    A line under 75 octets stays whole; a piece that would end on ``\\`` or ``^``
    leaves it to the next piece (as icalendar does), so an escape is not split.
    """
    if len(line.encode("utf-8")) < 75:
        return line.encode("utf-8")
    pieces, current = [], ""
    for char in line:
        if len((current + char).encode("utf-8")) > 74:
            carried = current[-1] if current[-1] in "\\^" else ""
            pieces.append(current[: len(current) - len(carried)])
            current = carried
        current += char
    pieces.append(current)
    return "\r\n ".join(pieces).encode("utf-8")


@given(HOSTILE)
def test_escape_is_the_brute_force_escape(text: str) -> None:
    expected = brute_escape(text)
    if expected is None:
        with pytest.raises(InvalidInputError, match=r"^events\[3\]\.title: .*iCalendar text cannot hold"):
            escape(text, "events[3].title")
    else:
        assert escape(text) == expected


@given(HOSTILE)
def test_fold_is_the_brute_force_fold(text: str) -> None:
    line = "X-T:" + "".join(char for char in text if char not in "\r\n" and not 0xD800 <= ord(char) <= 0xDFFF)
    folded = fold(line.encode("utf-8"))
    assert folded == brute_fold(line)
    for physical in folded.split(b"\r\n"):
        assert len(physical) <= 75
        physical.decode("utf-8")  # no UTF-8 sequence split across lines
    assert folded.replace(b"\r\n ", b"") == line.encode("utf-8")


@given(HOSTILE)
def test_parameter_values_are_quoted_as_icalendar_quotes_them(text: str) -> None:
    assert parameter(text) == param_value(text)
    quoted = parameter(text)
    inner = quoted[1:-1] if quoted.startswith('"') else quoted
    assert not set(inner) & {'"', "\n", "\r"}
    if any(char in text for char in ":;,"):
        assert quoted == f'"{inner}"'


@given(st.lists(HOSTILE, min_size=1, max_size=4))
def test_block_writes_only_whole_safe_lines(values: list[str]) -> None:
    """A block never holds a stray line break or control character: it refuses what it cannot write."""
    lines = [f"X-V:{value}" for value in values]
    if any(brute_escape(value) is None or "\n" in value for value in values):
        with pytest.raises(TimelineError, match="would break the iCalendar line"):
            block(lines)
        return
    data = block(lines)
    assert data.endswith(b"\r\n")
    assert data.replace(b"\r\n ", b"").split(b"\r\n")[:-1] == [line.encode("utf-8") for line in lines]
    assert data == b"".join(brute_fold(line) + b"\r\n" for line in lines)


_ZONES = [
    dt.UTC,
    zoneinfo.ZoneInfo("Europe/Berlin"),
    zoneinfo.ZoneInfo("Asia/Kolkata"),
    zoneinfo.ZoneInfo("America/St_Johns"),
]
_TIMES = st.datetimes(
    min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30), timezones=st.sampled_from(_ZONES)
)


@st.composite
def _revisions(draw: st.DrawFn, t: Timeline) -> dict[str, Revisions]:
    ids = [event.id for event in t.events]
    chosen = draw(st.lists(st.sampled_from(ids), unique=True)) if ids else []
    found = {}
    for key in chosen:
        created, modified = sorted([draw(_TIMES), draw(_TIMES)], key=lambda moment: moment.astimezone(dt.UTC))
        found[key] = Revisions(pendulum.instance(created), pendulum.instance(modified), draw(st.integers(1, 10**6)))
    return found


def _without_leading_bom(data: bytes) -> bytes:
    """icalendar decodes each value as "utf-8-sig", dropping a U+FEFF that starts it; timeline keeps it."""
    lines = data.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]
    written = []
    for line in lines:
        name, _, value = line.partition(":")
        written.append(fold(f"{name}:{value.removeprefix(chr(0xFEFF))}".encode()))
    return b"\r\n".join(written) + b"\r\n"


def _parsed(data: bytes) -> list[tuple[str, list[tuple[str, bytes, tuple[tuple[str, str], ...]]]]]:
    """Each component icalendar reads: its name, and its properties in order with their values and parameters."""
    return [
        (
            part.name,
            [
                (name, value.to_ical(), tuple(sorted(value.params.items())))
                for name in part.sorted_keys()
                for value in (part[name] if isinstance(part[name], list) else [part[name]])
            ],
        )
        for part in icalendar.Calendar.from_ical(data).walk()
    ]


@SLOW
@given(st.data(), dated_timelines(max_events=5), st.one_of(st.none(), _TIMES), st.one_of(st.none(), hostile_text()))
def test_calendars_equal_icalendars_for_the_same_events(data: Any, t: Timeline, stamp: Any, name: Any) -> None:
    """Random timelines, with revisions, a stamp and a name: the bytes and what icalendar reads both equal its own."""
    revisions = data.draw(_revisions(t))
    ours = to_ical(t, revisions=revisions, stamp=stamp, name=name)
    theirs = icalendar_calendar(t, revisions=revisions, stamp=stamp, name=name)
    assert _parsed(_without_leading_bom(ours)) == _parsed(theirs)
    assert _without_leading_bom(ours) == theirs
    assert b"".join(iter_ical(t, revisions=revisions, stamp=stamp, name=name)) == ours


@SLOW
@given(dated_timelines(max_events=5))
def test_chunks_are_whole_components_and_read_back(t: Timeline) -> None:
    chunks = list(iter_ical(t))
    assert all(chunk.endswith(b"\r\n") for chunk in chunks)
    assert chunks[0].startswith(b"BEGIN:VCALENDAR\r\n")
    assert chunks[-1] == b"END:VCALENDAR\r\n"
    events = [chunk for chunk in chunks if chunk.startswith(b"BEGIN:VEVENT\r\n")]
    assert len(events) == len(t.events)
    assert all(chunk.endswith(b"\r\nEND:VEVENT\r\n") and b"\r\nBEGIN:" not in chunk for chunk in events)
    assert from_ical(b"".join(chunks)) == t


def test_iter_ical_checks_options_and_warns_when_called() -> None:
    t = Timeline("T", [Event("a", "A", "2025"), Event("b", "B", "")])
    with pytest.raises(InvalidInputError, match=r"^namespace: "):
        iter_ical(t, namespace="not a namespace")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        chunks = iter_ical(t)
    assert [w.message.event_ids for w in caught if isinstance(w.message, OmittedEventsWarning)] == [("b",)]
    assert caught[0].filename == __file__
    assert b"".join(chunks).count(b"BEGIN:VEVENT") == 1


def test_to_ical_warns_at_its_caller_too() -> None:
    t = Timeline("T", [Event("a", "A", "2025"), Event("b", "B", ""), Event("c", "C", "Y170000002")])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        to_ical(t)
    assert [w.message.event_ids for w in caught if isinstance(w.message, OmittedEventsWarning)] == [("b",), ("c",)]
    assert [w.filename for w in caught] == [__file__, __file__]


def test_a_bad_text_raises_from_the_chunk_of_its_event() -> None:
    good = Event("a", "A", "2025")
    bad = attrs.evolve(Event("b", "B", "2025"))
    object.__setattr__(bad, "title", "B\x00")
    chunks = iter_ical(Timeline("T", [good, bad]))
    assert next(chunks).startswith(b"BEGIN:VCALENDAR")
    assert b"UID:a@" in next(chunks)
    with pytest.raises(InvalidInputError, match=r"^events\[1\]\.title: .*U\+0000"):
        next(chunks)


@given(whens(undated=False))
def test_every_kind_of_date_reads_back(when: Any) -> None:
    t = Timeline("T", [Event("a", "A", when)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", OmittedEventsWarning)
        data = to_ical(t)
    if b"BEGIN:VEVENT" in data:
        assert from_ical(data) == t
