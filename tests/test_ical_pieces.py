"""Reading timeline's own calendars a VEVENT at a time gives exactly what the whole reading gives.

The whole reading (``_read.read``) is the oracle: for every calendar, edited or
not, ``from_ical`` returns the same timeline with the same warnings, or raises
the same problems. A calendar that timeline wrote and nobody changed is read in
pieces; any change a calendar app or a person makes is left to the whole reading.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import timelines
from timeline import Citation, Event, Place, Relation, Source, Timeline
from timeline.errors import InvalidInputError, OmittedEventsWarning
from timeline.formats.ical import from_ical, to_ical
from timeline.formats.ical._pieces import timeline_in_pieces
from timeline.formats.ical._read import read

SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _outcome(reading: Callable[[], Any]) -> tuple[Any, list[tuple[type[Warning], str]]]:
    """What a reading gives: the timeline or the problems raised, and the warnings, in order."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result: Any = reading()
        except InvalidInputError as error:
            result = ("raised", [str(problem) for problem in error.problems])
    return result, [(type(warning.message), str(warning.message)) for warning in caught]


@SLOW
@given(timelines(), st.sampled_from([None, "example.org", "x-y_z.example"]))
def test_own_calendars_are_read_in_pieces_as_the_whole_reading_reads_them(t: Timeline, namespace: str | None) -> None:
    if not any(event.effective_when.is_dated for event in t.events):
        return  # no calendar: nothing to read
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", OmittedEventsWarning)  # undated events are left out of it
        data = to_ical(t, namespace=namespace)
    whole = _outcome(lambda: read(data))
    assert _outcome(lambda: timeline_in_pieces(data, None)) == whole  # read in pieces, not declined
    assert _outcome(lambda: from_ical(data)) == whole


def test_relations_to_undated_events_are_left_out_with_the_same_warning() -> None:
    t = Timeline(
        "T",
        [
            Event("a", "A", "2025-01-02", relations=[Relation("follows", "u"), Relation("related", "b")]),
            Event("b", "B", "2025-01-03"),
            Event("u", "Undated", ""),
        ],
    )
    with pytest.warns(OmittedEventsWarning):
        data = to_ical(t)  # the undated event is left out of the calendar
    pieces = _outcome(lambda: timeline_in_pieces(data, None))
    assert pieces == _outcome(lambda: read(data))
    result, caught = pieces
    assert [relation.target for relation in result.get("a").relations] == ["b"]
    assert caught == [(OmittedEventsWarning, "relations to events that are not in the calendar were left out: u")]


_T = Timeline(
    "Talks",
    [
        Event("a", "Talks open", "2025-12-14T10:00+01:00[Europe/Berlin]", description="First day, in Berlin"),
        Event("b", "Draft", "2025-12-15", relations=[Relation("follows", "a")], tags=["law", "aid"]),
        Event("c", "Statement", "2025-12~"),
    ],
)
_DATA = to_ical(_T)

# Changes a calendar app or a person makes; each is left to the whole reading, which the result must match.
EDITS: dict[str, Callable[[bytes], bytes]] = {
    "event moved": lambda data: data.replace(b"DTSTART;VALUE=DATE:20251215", b"DTSTART;VALUE=DATE:20251216", 1),
    "alarm added": lambda data: data.replace(
        b"END:VEVENT", b"BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT", 1
    ),
    "a parameter on a timeline property": lambda data: data.replace(
        b"X-TIMELINE-STATUS:", b"X-TIMELINE-STATUS;X=1:", 1
    ),
    "an event twice": lambda data: data.replace(
        b"END:VCALENDAR", data[data.index(b"BEGIN:VEVENT") : data.index(b"END:VEVENT") + 12] + b"END:VCALENDAR"
    ),
    "bytes that are not UTF-8": lambda data: data.replace(b"Talks open", b"Talks \xff open", 1),
    "a stray line": lambda data: data.replace(b"END:VEVENT\r\n", b"END:VEVENT\r\nstray\r\n", 1),
    "another namespace": lambda data: data.replace(b"UID:a@", b"UID:a@other.", 1),
    "a recurrence": lambda data: data.replace(b"END:VEVENT", b"RECURRENCE-ID:20251216T090000Z\r\nEND:VEVENT", 1),
    "a newer version": lambda data: data.replace(b"X-TIMELINE-VERSION:1", b"X-TIMELINE-VERSION:2", 1),
    "an impossible date": lambda data: data.replace(b"X-TIMELINE-WHEN:2025-12~", b"X-TIMELINE-WHEN:2025-13~", 1),
    "LF line ends": lambda data: data.replace(b"\r\n", b"\n"),
    "a byte-order mark": lambda data: b"\xef\xbb\xbf" + data,
    "a to-do": lambda data: data.replace(
        b"END:VCALENDAR", b"BEGIN:VTODO\r\nUID:t\r\nSUMMARY:T\r\nEND:VTODO\r\nEND:VCALENDAR"
    ),
    "cut short": lambda data: data[: len(data) // 2],
    "text after the end": lambda data: data + b"X-MORE:1\r\n",
}

READ_IN_PIECES = {"a parameter on a timeline property"}  # icalendar reads the line, as the whole reading does


def test_the_edits_change_the_calendar() -> None:
    assert all(edit(_DATA) != _DATA for edit in EDITS.values())


@pytest.mark.parametrize("name", EDITS)
def test_an_edited_calendar_is_read_whole(name: str) -> None:
    data = EDITS[name](_DATA)
    whole = _outcome(lambda: read(data))
    if name not in READ_IN_PIECES:
        assert _outcome(lambda: timeline_in_pieces(data, None)) == (None, [])
    assert _outcome(lambda: from_ical(data)) == whole


@SLOW
@given(st.sampled_from(sorted(EDITS)), st.integers(0, 2**16))
def test_any_cut_or_flipped_byte_reads_as_the_whole_reading_reads_it(name: str, position: int) -> None:
    data = bytearray(EDITS[name](_DATA))
    index = position % len(data)
    data[index] = (data[index] + 1 + position // len(data)) % 256
    damaged = bytes(data)
    assert _outcome(lambda: from_ical(damaged)) == _outcome(lambda: read(damaged))


def test_an_edited_title_wins_read_in_pieces_too() -> None:
    data = _DATA.replace(b"SUMMARY:Draft", b"SUMMARY:Second draft", 1)
    pieces = _outcome(lambda: timeline_in_pieces(data, None))
    assert pieces == _outcome(lambda: read(data))
    assert pieces[0].get("b").title == "Second draft"


def test_an_unknown_floating_zone_is_still_refused() -> None:
    with pytest.raises(InvalidInputError, match="floating_zone"):
        from_ical(_DATA, floating_zone="Mars/Olympus")
    assert from_ical(_DATA, floating_zone="Europe/Kyiv") == _T


_PLACED = to_ical(
    Timeline(
        "Talks",
        [
            Event(
                "b",
                "Draft",
                "2025-12~",
                description="First day",
                place=Place("Berlin"),
                citations=[Citation(Source(publisher="P", url="https://example.org/"))],
            )
        ],
    )
)
# Values as a person might type them into a line: escapes icalendar reads (\n \N \, \; \: \\), ones it keeps
# (\t, a lone backslash at the end), quotes, colons and semicolons that are not escaped.
_TYPED = st.lists(
    st.sampled_from(["a", "é", " ", "\\", "\\n", "\\N", "\\,", "\\;", "\\:", "\\\\", "\\t", ",", ";", ":", '"', "n"]),
    max_size=12,
).map("".join)
# Standard properties that the reading takes from each line, and how a value is put into it.
_LINES = {
    "SUMMARY": lambda value: b"SUMMARY:Draft" + value.encode(),
    "DESCRIPTION": lambda value: b"DESCRIPTION:First day" + value.encode(),
    "LOCATION": lambda value: b"LOCATION:" + value.encode(),
    "STATUS": lambda value: b"STATUS:" + value.encode(),
    "UID": lambda value: b"UID:b" + value.encode(),
    "DTSTAMP": lambda value: b"DTSTAMP:" + value.encode(),
    "TRANSP": lambda value: b"TRANSP:TRANSPARENT" + value.encode(),
    "URL": lambda value: b"URL:https://example.org/" + value.encode(),
    "LINK": lambda value: b'LINK;LINKREL="describedby";VALUE=URI:https://example.org/' + value.encode(),
}


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(_LINES)), _TYPED, st.booleans())
def test_standard_lines_typed_by_hand_read_in_pieces_as_the_whole_reading_reads_them(
    name: str, value: str, twice: bool
) -> None:
    """The reading in pieces takes some lines' values itself, and leaves out lines it never uses, in the form
    timeline writes them; whatever is typed into them reads as icalendar reads it in the whole reading."""
    data = _PLACED
    line = _LINES[name](value) + b"\r\n"
    start = data.index(b"\r\n" + name.encode() + (b";" if name == "LINK" else b":")) + 2
    end = data.index(b"\r\n", start) + 2
    data = data[:start] + line + (line if twice else b"") + data[end:]
    whole = _outcome(lambda: read(data))
    pieces = _outcome(lambda: timeline_in_pieces(data, None))
    if (
        name in ("SUMMARY", "DESCRIPTION", "LOCATION", "STATUS")
        and not twice
        and isinstance(whole[0], Timeline)
        and not whole[1]
    ):
        assert pieces == whole  # read in pieces, not declined
    else:
        assert pieces in (whole, (None, []))
    assert _outcome(lambda: from_ical(data)) == whole
