"""The benchmark table runs, has every row, and its floors never call timeline.

Only that the benchmarks work is tested here: times are printed, never asserted.
"""

from __future__ import annotations

import re
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

import timeline
from timeline import to_ical, to_json

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
PACKAGE = str(Path(timeline.__file__).resolve().parent)

OPERATIONS = [
    "`from_json`",
    "`to_json`",
    "building `Event`s and the `Timeline` from Python values",
    "`to_markdown`",
    "`to_ical`",
    "log replay, every revision a new event",
    "memory of a loaded `Timeline` (tracemalloc)",
]


@pytest.fixture(scope="module")
def benchmarks() -> Iterator[Any]:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import _data
        import _floors
        import _unchecked

        yield _data, _floors, _unchecked
    finally:
        sys.path.remove(str(BENCHMARKS))


def test_the_quick_table_has_every_row_and_the_json_bytes_matched() -> None:
    command = [sys.executable, str(BENCHMARKS / "run.py"), "--quick", "--sizes", "200"]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 0, result.stderr
    tables = [block.splitlines() for block in result.stdout.split("\n\n") if block.startswith("| ")]
    assert len(tables) == 2, result.stdout
    rows, bounds = tables
    assert rows[0] == "| operation | events | timeline | floor, same run | ratio | target |"
    cells = [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows[2:]]
    assert [cell[0] for cell in cells] == ["`import timeline`", *OPERATIONS]
    for cell in cells:
        assert len(cell) == 6, cell
        assert cell[1] == ("—" if cell[0] == "`import timeline`" else "200"), cell
        assert re.fullmatch(r"≤ .+ [✓✗]", cell[5]), cell
        if cell[4] != "—":
            assert re.fullmatch(r"\d+\.\d\d×", cell[4]), cell
    timed = {cell[0]: cell for cell in cells}
    for name in ["`from_json`", "`to_json`", "`to_markdown`", "`to_ical`", "log replay, every revision a new event"]:
        assert re.fullmatch(r"[\d,.]+ µs/event", timed[name][2]), timed[name]
        assert re.fullmatch(r"[\d,.]+ µs/event \(.+\)", timed[name][3]), timed[name]
    assert re.fullmatch(r"[\d,]+ B/event retained", timed["memory of a loaded `Timeline` (tracemalloc)"][2])
    assert bounds[0] == "| with every check left out | events | bound | floor, same run | ratio | target |"
    bound_cells = [[cell.strip() for cell in row.strip("|").split(" | ")] for row in bounds[2:]]
    assert [cell[0] for cell in bound_cells] == ["reading the document", "writing the document", "replaying the log"]
    measured = ["`from_json`", "`to_json`", "log replay, every revision a new event"]
    for cell, name in zip(bound_cells, measured, strict=True):
        assert re.fullmatch(r"[\d,.]+ µs/event", cell[2]), cell
        assert cell[3] == timed[name][3], cell  # the same floor, from the same runs
        assert re.fullmatch(r"\d+\.\d\d×", cell[4]), cell
        assert cell[5] == timed[name][5][:-2], cell  # the target, without a verdict
    assert "byte-identical at 200 events" in result.stdout
    assert "timeline.model.when._parse_cached" in result.stdout  # a value cache, emptied before each timed call


@contextmanager
def calls_into_timeline() -> Iterator[list[str]]:
    """The functions of timeline's own source files called inside the block."""
    called: list[str] = []

    def watch(frame: FrameType, event: str, _: object) -> None:
        if event == "call" and frame.f_code.co_filename.startswith(PACKAGE):
            called.append(f"{frame.f_code.co_filename}:{frame.f_code.co_name}")

    sys.setprofile(watch)
    try:
        yield called
    finally:
        sys.setprofile(None)


def test_the_floors_never_call_timeline(benchmarks: Any) -> None:
    import orjson

    data, floors, _ = benchmarks
    t = data.build(data.values(300, seed=7))
    raw = to_json(t).encode()
    document = orjson.loads(raw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # undated events are left out of the calendar
        head, rows, years = floors.ical_rows(to_ical(t))
    works: list[Callable[[], object]] = [
        lambda: floors.markdown_page(t),
        lambda: floors.json_dumps(document),
        lambda: floors.ical_calendar(head, rows, years),
        lambda: floors.decode_lines(raw.replace(b"\n", b" ") + b"\n"),
    ]
    for work in works:
        with calls_into_timeline() as called:
            work()
        assert called == []


def _given_to_bounds(benchmarks: Any, seed: int, folder: Path) -> tuple[Any, ...]:
    """A timeline, its JSON document and its log's bytes, and what the bounds are given with them: the sources by
    key, the dates by text and the texts of the dates by id."""
    from timeline import EventLog

    data, _, unchecked = benchmarks
    t = data.build(data.values(300, seed=seed))
    with EventLog(folder / "log.jsonl", title=t.title, durable=False) as log:
        log.put_all(t.events, by="benchmark")
    sources = unchecked.sources_of(t.events)
    dates, texts = unchecked.dates_of(t.events, sources.values()), unchecked.texts_of(t.events, sources.values())
    return t, to_json(t).encode(), (folder / "log.jsonl").read_bytes(), sources, dates, texts


def test_the_bounds_never_call_timeline(benchmarks: Any, tmp_path: Path) -> None:
    unchecked = benchmarks[2]
    t, raw, lines, sources, dates, texts = _given_to_bounds(benchmarks, 3, tmp_path)
    events = t.events
    works: list[Callable[[], object]] = [
        lambda: unchecked.read_document(raw, sources, dates),
        lambda: unchecked.write_document(t.title, str(t.description), sources.values(), events, texts),
        lambda: unchecked.replay(lines, sources, dates),
    ]
    for work in works:
        with calls_into_timeline() as called:
            work()
        assert called == []


def test_the_bounds_do_the_same_work(benchmarks: Any, tmp_path: Path) -> None:
    """The bounds write to_json's bytes, and read the events from_json and the log's replay read."""
    from timeline import from_json

    unchecked = benchmarks[2]
    t, raw, lines, sources, dates, texts = _given_to_bounds(benchmarks, 13, tmp_path)
    assert unchecked.write_document(t.title, str(t.description), sources.values(), t.events, texts) == to_json(t)
    read = unchecked.read_document(raw, sources, dates)
    assert sorted(read, key=lambda event: event.id) == sorted(from_json(raw).events, key=lambda event: event.id)
    replayed = unchecked.replay(lines, sources, dates)
    assert sorted(replayed, key=lambda event: event.id) == sorted(t.events, key=lambda event: event.id)
    damaged = lines.replace(b'"title":"', b'"title":"!', 1)
    with pytest.raises(ValueError, match="hash does not match"):
        unchecked.replay(damaged, sources, dates)


def test_the_json_floor_writes_the_same_bytes_as_to_json(benchmarks: Any) -> None:
    import orjson

    data, floors, _ = benchmarks
    t = data.build(data.values(300, seed=11))
    assert floors.json_dumps(orjson.loads(to_json(t))) == to_json(t).encode()


def test_the_ical_floor_writes_the_same_events(benchmarks: Any) -> None:
    import icalendar

    data, floors, _ = benchmarks
    t = data.build(data.values(300, seed=5))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = to_ical(t)
    floor = icalendar.Calendar.from_ical(floors.ical_calendar(*floors.ical_rows(ours)))
    expected = icalendar.Calendar.from_ical(ours)

    def events(calendar: Any) -> list[list[tuple[str, bytes, list[tuple[str, str]]]]]:
        return [
            sorted(
                (name, value.to_ical(), sorted(value.params.items()))
                for name, value in event.property_items(recursive=False)
                if name not in ("BEGIN", "END")
            )
            for event in calendar.walk("VEVENT")
        ]

    assert events(floor) == events(expected)
    assert {zone["TZID"] for zone in floor.walk("VTIMEZONE")} == {zone["TZID"] for zone in expected.walk("VTIMEZONE")}


def test_the_data_is_the_same_for_the_same_seed_and_holds_the_mix(benchmarks: Any) -> None:
    data, _, _ = benchmarks
    assert data.values(500, seed=3) == data.values(500, seed=3)
    assert data.values(500, seed=3) != data.values(500, seed=4)
    t = data.build(data.values(500, seed=3))
    zones = {
        bound.zone for event in t.events for bound in (event.when.start, event.when.end) if getattr(bound, "zone", None)
    }
    assert len(zones) >= 4
    assert any(event.when.start is None for event in t.events)
    assert any(getattr(event.when.start, "approximate", False) for event in t.events)
    assert {len(event.citations) for event in t.events} == {1, 2, 3}


def test_the_data_takes_more_fields_through_extend(benchmarks: Any) -> None:
    data, _, _ = benchmarks

    def extend(rng: Any, event: dict[str, Any], keys: list[str]) -> None:
        event["extra"] = {"source count": len(keys), "lucky": rng.random() < 0.5}

    values = data.values(50, mix=data.Mix(extend=extend))
    t = data.build(values)
    assert {event.extra["source count"] for event in t.events} == {50}
