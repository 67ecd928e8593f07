"""Readers pause Python's cyclic garbage collector while they build, and leave it as they found it."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import timeline.formats.json
from timeline import Event, EventLog, Timeline, from_ical, from_json, to_ical, to_json
from timeline.errors import InvalidInputError

_T = Timeline("T", [Event("a", "A", "2025-12-14"), Event("b", "B", "2025-12-15T10:00+01:00[Europe/Berlin]")])


@pytest.fixture(autouse=True)
def _collector_as_it_was() -> Iterator[None]:
    running = gc.isenabled()
    yield
    if running:
        gc.enable()
    else:
        gc.disable()


def _readers(tmp_path: Path) -> dict[str, Callable[[], Timeline]]:
    with EventLog(tmp_path / "events.log", title="T") as log:
        log.put_all(_T.events, by="test")

    def replayed() -> Timeline:
        with EventLog(tmp_path / "events.log") as log:
            return log.timeline()

    return {
        "from_json": lambda: from_json(to_json(_T)),
        "from_json, bytes": lambda: from_json(to_json(_T).encode()),
        "a log's timeline": replayed,
    }


@pytest.mark.parametrize("name", ["from_json", "from_json, bytes", "a log's timeline"])
@pytest.mark.parametrize("running", [True, False])
def test_a_reading_pauses_the_collector_and_leaves_it_as_it_was(tmp_path: Path, name: str, running: bool) -> None:
    gc.enable() if running else gc.disable()
    assert _readers(tmp_path)[name]() == _T
    assert gc.isenabled() is running


@pytest.mark.parametrize(
    ("reader", "bad"),
    [
        (from_json, '{"format": "timeline", "version": 1, "title": ""}'),
        (from_json, b"\xff"),
    ],
)
def test_a_reading_that_fails_runs_the_collector_again(
    reader: Callable[[str | bytes], Timeline], bad: str | bytes
) -> None:
    gc.enable()
    with pytest.raises(InvalidInputError):
        reader(bad)
    assert gc.isenabled()


def test_no_collection_runs_while_a_large_document_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    events = [Event(f"e{number}", "E", f"2025-01-{number % 28 + 1:02}") for number in range(6000)]
    text = to_json(Timeline("T", events))

    def collections() -> int:
        runs: list[str] = []
        gc.enable()
        gc.collect()
        gc.callbacks.append(lambda phase, info: runs.append(phase))
        try:
            assert len(from_json(text).events) == 6000
        finally:
            gc.callbacks.pop()
        return runs.count("start")

    assert collections() <= 1  # the one as it resumes, with what was made meanwhile
    monkeypatch.setattr(timeline.formats.json, "collector_paused", contextlib.nullcontext)
    assert collections() >= 5  # the same reading with the collector running
    gc.collect()


def test_reading_a_calendar_leaves_the_collector_running() -> None:
    """icalendar's components hold reference cycles: a calendar is read with the collector running, so that a
    large one never holds its garbage until the end."""
    events = [Event(f"e{number}", "E", f"2025-01-{number % 28 + 1:02}") for number in range(300)]
    data = to_ical(Timeline("T", events))
    from_ical(to_ical(_T))  # the reader's modules imported
    gc.enable()
    runs: list[str] = []
    threshold = gc.get_threshold()
    gc.set_threshold(100, *threshold[1:])  # often, on every version of Python, whatever it does by default
    gc.callbacks.append(lambda phase, info: runs.append(phase))
    try:
        assert len(from_ical(data).events) == 300
    finally:
        gc.callbacks.pop()
        gc.set_threshold(*threshold)
    assert runs.count("start") >= 5  # collections ran while the calendar was read
