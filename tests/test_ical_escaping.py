"""No text can inject iCalendar structure, under ``python`` and under ``python -O``.

icalendar guards line breaks in ``X-`` values (and in ``NAME``, ``X-WR-CALNAME``,
``X-WR-CALDESC``) only with an ``assert``, which ``python -O`` removes. timeline
escapes every value itself and checks every finished line with an ``if``. The
checks below therefore avoid ``assert`` (``-O`` would remove them too): they
raise :class:`CheckFailedError` instead, and :func:`test_no_text_injects_structure` runs
them in a fresh interpreter both with and without ``-O``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import icalendar
import pytest

from timeline import Citation, Event, InvalidInputError, Place, Source, Timeline, When
from timeline.formats.ical import from_ical, to_ical
from timeline.formats.ical._text import escape, to_json, unescape

HOSTILE = {
    "CR": "a\rb",
    "LF": "a\nb",
    "CRLF": "a\r\nb",
    "NUL": "a\x00b",
    "ESC and BEL": "a\x1bb\x07c",
    "DEL": "a\x7fb",
    "NEL": "a\x85b",
    "line separator": "a\u2028b",
    "vertical tab": "a\x0bb",
    "syntax": "a;b,c\\d:e",
    "escapes": "\\n \\N \\, \\; \\\\ \\",
    "BEGIN:VEVENT after CRLF": "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil\r\nSUMMARY:injected\r\nEND:VEVENT",
    "BEGIN:VEVENT after LF": "x\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil\nEND:VEVENT\n",
    "BEGIN:VEVENT alone": "BEGIN:VEVENT",
    "10,000 characters": "x" * 10_000,
    "10,000 characters of words": "word; " * 1_700,
    "emoji": "👩‍👩‍👧‍👦 🇺🇦 " + "😀" * 40,
    "right to left": "שלום עולם مرحبا \u202eevil\u202c",
    "byte-order mark": "\ufeffbom",
    "tab": "a\tb",
}

SAFE = "safe"


class CheckFailedError(Exception):
    """A check failed (raised instead of ``assert``, which ``python -O`` removes)."""


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailedError(message)


def _evolve(value: Any, **changes: Any) -> Any:
    """``value`` with fields changed, bypassing the model's checks."""
    copy = attrs.evolve(value)
    for name, new in changes.items():
        object.__setattr__(copy, name, new)
    return copy


# Each field: how to build a timeline with ``text`` in it, through the model (``checked``)
# or past its checks (``checked=False``: the object is built safe, then changed).
def _event(checked: bool, **fields: Any) -> Timeline:
    if checked:
        base = {"id": "e", "title": "Title", "when": "2025-12-14"}
        return Timeline("T", [Event(**{**base, **fields})])
    event = Event("e", "Title", "2025-12-14")
    return Timeline("T", [_evolve(event, **fields)])


def _source(field: str) -> Callable[[str, bool], Timeline]:
    def build(text: str, checked: bool) -> Timeline:
        source = Source(**{"publisher": SAFE, field: text}) if checked else _evolve(Source(SAFE), **{field: text})
        return _event(True, citations=[Citation(source)])

    return build


def _citation(field: str) -> Callable[[str, bool], Timeline]:
    def build(text: str, checked: bool) -> Timeline:
        citation = (
            Citation(Source(SAFE), **{field: text}) if checked else _evolve(Citation(Source(SAFE)), **{field: text})
        )
        return _event(True, citations=[citation])

    return build


def _place(field: str) -> Callable[[str, bool], Timeline]:
    def build(text: str, checked: bool) -> Timeline:
        place = Place(**{"name": SAFE, field: text}) if checked else _evolve(Place(SAFE), **{field: text})
        return _event(True, place=place)

    return build


def _phrase(text: str, checked: bool) -> Timeline:
    when = When.parse("2025-12", phrase=text) if checked else _evolve(When.parse("2025-12"), phrase=text)
    return _event(True, when=when)


def _timeline(field: str) -> Callable[[str, bool], Timeline]:
    def build(text: str, checked: bool) -> Timeline:
        base = Timeline("T", [Event("e", "E", "2025")])
        return attrs.evolve(base, **{field: text}) if checked else _evolve(base, **{field: text})

    return build


FIELDS: dict[str, Callable[[str, bool], Timeline]] = {
    "title": lambda text, checked: _event(checked, title=text),
    "description": lambda text, checked: _event(checked, description=text),
    "kind": lambda text, checked: _event(checked, kind=text),
    "actors": lambda text, checked: _event(checked, actors=(text,)),
    "tags": lambda text, checked: _event(checked, tags=(text,)),
    "extra value": lambda text, checked: _event(True, extra={"note": text}),
    "extra key": lambda text, checked: _event(True, extra={text: [text]}),
    "when.phrase": _phrase,
    "place.name": _place("name"),
    "place.country": _place("country"),
    "source.publisher": _source("publisher"),
    "source.title": _source("title"),
    "source.author": _source("author"),
    "citation.attribution": _citation("attribution"),
    "citation.quote": _citation("quote"),
    "citation.locator": _citation("locator"),
    "timeline.title": _timeline("title"),
    "timeline.description": _timeline("description"),
    "timeline.extra": lambda text, checked: attrs.evolve(Timeline("T", [Event("e", "E", "2025")]), extra={text: text}),
}


def check_safe(data: bytes, case: str) -> None:
    """One VEVENT, one UID, CRLF line ends only, no control character, for every reader."""
    text = data.decode("utf-8")
    body = text.replace("\r\n", "")
    bad = [char for char in body if (ord(char) < 32 and char != "\t") or 0x7F <= ord(char) <= 0x9F]
    check(not bad, f"{case}: control characters {bad!r} in the output")
    check(text.endswith("\r\n"), f"{case}: no final CRLF")
    lines = text.replace("\r\n ", "").split("\r\n")
    check(lines.count("BEGIN:VEVENT") == 1 and lines.count("END:VEVENT") == 1, f"{case}: VEVENT lines {lines!r:.300}")
    check(sum(line.startswith("UID:") for line in lines) == 1, f"{case}: more than one UID")
    check(all(len(line) <= 75 for line in data[:-2].split(b"\r\n")), f"{case}: a line is over 75 octets")
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    check(len(events) == 1 and str(events[0]["UID"]).startswith("e@"), f"{case}: icalendar reads {len(events)} events")
    import vobject

    parsed = vobject.readOne(text)
    check(len(parsed.vevent_list) == 1, f"{case}: vobject reads {len(parsed.vevent_list)} events")


def run_checks() -> int:
    """Every field with every hostile text; returns the number of cases checked."""
    count = 0
    for field, build in FIELDS.items():
        for name, text in HOSTILE.items():
            case = f"{field} with {name}"
            count += 1
            try:
                timeline = build(text, True)
            except InvalidInputError:
                timeline = None
            if timeline is not None:
                data = to_ical(timeline)
                check_safe(data, case)
                check(from_ical(data) == timeline, f"{case}: does not read back equal")
                continue
            # The model refused the text; make sure to_ical refuses it too, or writes it safely.
            try:
                forced = build(text, False)
            except InvalidInputError:
                continue  # refused even when forced (a key that no slug or JSON can hold)
            try:
                data = to_ical(forced)
            except InvalidInputError as error:
                check("contains" in str(error), f"{case}: unclear message {error}")
                continue
            check_safe(data, case + " (forced past the model)")
    for name, text in HOSTILE.items():  # the calendar's name, which only to_ical sees
        count += 1
        try:
            data = to_ical(Timeline("T", [Event("e", "E", "2025")]), name=text)
        except InvalidInputError as error:
            check(str(error).startswith("name: "), f"name with {name}: {error}")
            continue
        check_safe(data, f"name with {name}")
    return count


def icalendar_alone_injects() -> bool:
    """Whether plain icalendar writes a second VEVENT from an X- value (it does under -O)."""
    import datetime as dt

    event = icalendar.Event.new(uid="u", stamp=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    event.add("X-NOTE", "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil")
    try:
        data = event.to_ical()
    except AssertionError:
        return False
    return data.count(b"BEGIN:VEVENT") > 1


def main() -> None:
    count = run_checks()
    print(f"debug={__debug__} checked={count} icalendar_alone_injects={icalendar_alone_injects()}")


@pytest.mark.parametrize("flags", [[], ["-O"]], ids=["python", "python -O"])
def test_no_text_injects_structure(flags: list[str]) -> None:
    here = Path(__file__).parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(here), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run(
        [sys.executable, *flags, "-c", "import test_ical_escaping as t; t.main()"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    optimized = bool(flags)
    cases = (len(FIELDS) + 1) * len(HOSTILE)
    assert result.stdout.strip() == (f"debug={not optimized} checked={cases} icalendar_alone_injects={optimized}"), (
        result.stdout
    )


def test_the_model_refuses_control_characters_in_its_text() -> None:
    """What reaches to_ical through the model: no CR, NUL or other control character in text."""
    for name in ("CR", "CRLF", "NUL", "ESC and BEL", "DEL", "NEL", "line separator", "vertical tab"):
        for field in ("title", "description", "kind", "actors", "tags", "when.phrase", "place.name", "citation.quote"):
            with pytest.raises(InvalidInputError, match="contains"):
                FIELDS[field](HOSTILE[name], True)


def test_forced_control_characters_are_refused_with_the_field() -> None:
    forced = FIELDS["title"]("a\x00b", False)
    with pytest.raises(InvalidInputError, match=r"events\[0\]\.title: .* contains the control character U\+0000"):
        to_ical(forced)
    forced = FIELDS["kind"]("a\rb", False)
    with pytest.raises(InvalidInputError, match=r"events\[0\]\.kind: .* contains a carriage return"):
        to_ical(forced)


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a;b,c\\d:e", "a\\;b\\,c\\\\d:e"),
        ("line\nnext", "line\\nnext"),
        ("\\n", "\\\\n"),
        ("tab\there", "tab\there"),
        ("BEGIN:VEVENT", "BEGIN:VEVENT"),
    ],
)
def test_escape_and_unescape(text: str, escaped: str) -> None:
    assert escape(text) == escaped
    assert unescape(escaped) == text


@pytest.mark.parametrize("text", ["a\rb", "a\x00b", "a\x1fb", "a\x7fb", "a\x9fb", "a\u2029b", "a\ud800b"])
def test_escape_refuses_what_text_cannot_hold(text: str) -> None:
    with pytest.raises(InvalidInputError, match="iCalendar text cannot hold"):
        escape(text, "x")


def test_json_in_properties_has_no_raw_controls() -> None:
    value = {"k\u2028": ["\x00\r\n\x7f\x85\u2029\ud800"]}
    text = to_json(value)
    assert all(32 <= ord(char) < 0x7F or ord(char) > 0x9F for char in text)
    assert "\u2028" not in text
    assert "\ud800" not in text
    import json

    assert json.loads(text) == value
