"""Indexing a log's lines on the fast path gives what checking each line on the general path gives.

:meth:`Index.scan <timeline.log._index.Index.scan>` takes a quick path for a sound
line and leaves every other line to ``Index._revision``; the oracle here sends
every line to the general path, one by one, and the two must agree on everything
the index keeps and every problem reported, on random logs with random damage
(flipped bytes, torn and reordered lines, changed fields) read in random pieces.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from test_log_fast import IDS, START, damaged_logs
from timeline import Event
from timeline.errors import Problem
from timeline.log import EventLog
from timeline.log._fields import time_problem
from timeline.log._index import MAX_PROBLEMS, Index, _day_problem, _sound_time


def _state(index: Index, calls: list[tuple[Any, ...]]) -> tuple[Any, ...]:
    return (
        index.title,
        index.description,
        index.ats,
        index.puts,
        index.ids,
        index.offsets,
        index.by_id,
        index.live,
        index.head,
        index.end,
        index.lines,
        index._last_seq,
        index._last_at,
        calls,
    )


def _scanned(data: bytes, cuts: list[int]) -> tuple[tuple[Any, ...], list[Problem]]:
    """The index and problems of ``data`` read by ``scan`` in pieces ending at the line breaks after ``cuts``."""
    index = Index("log.jsonl")
    calls: list[tuple[Any, ...]] = []
    index.on_line = lambda position, line: calls.append((position, line, index.lines, index.head, index._last_seq))
    problems: list[Problem] = []
    start = 0
    for cut in [*sorted(cuts), len(data)]:
        stop = data.rfind(b"\n", 0, cut) + 1
        if stop > start:
            problems.extend(index.scan(data[start:stop], start))
            start = stop
    return _state(index, calls), problems


def _one_by_one(data: bytes) -> tuple[tuple[Any, ...], list[Problem]]:
    """The index and problems of ``data`` with every line checked by the general path."""
    index = Index("log.jsonl")
    calls: list[tuple[Any, ...]] = []
    index.on_line = lambda position, line: calls.append((position, line, index.lines, index.head, index._last_seq))
    problems: list[Problem] = []
    offset = 0
    for line in data.split(b"\n")[:-1]:
        index.lines += 1
        found = index._header(line) if index.title is None else index._revision(line, offset)
        problems.extend(attrs.evolve(problem, line=index.lines, file=index.file) for problem in found)
        offset += len(line) + 1
    index.end = offset
    return _state(index, calls), problems


def _set(key: str, value: object) -> Callable[[dict[str, Any]], str]:
    """A change that sets the revision's field ``key``, keeping the order of the fields."""

    def change(data: dict[str, Any]) -> str:
        data[key] = value
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    return change


def _shift(key: str, step: int) -> Callable[[dict[str, Any]], str]:
    def change(data: dict[str, Any]) -> str:
        data[key] += step
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    return change


PREFIX_CHANGES: tuple[Callable[[dict[str, Any]], str], ...] = (
    _shift("seq", 1),
    _shift("seq", -1),
    _set("at", "2025-12-16T12:00:60.000000Z"),
    _set("at", "2025-12-16T24:00:00.000000Z"),
    _set("at", "2025-02-29T12:00:00.000000Z"),
    _set("at", "2025-12-32T12:00:00.000000Z"),
    _set("at", "2025-00-16T12:00:00.000000Z"),
    _set("at", "0000-12-16T12:00:00.000000Z"),
    _set("at", "2024-02-29T23:59:59.999999Z"),
    _set("at", "2099-12-31T23:59:59.999999Z"),
    _set("at", "2025-12-16T12:00:00.000000Z"),
    _set("at", "2025-12-16T12:00:00.000009Z"),
    _set("op", "retract"),
    _set("op", "undo"),
    _set("id", "never-put"),
    _set("prev", "0" * 64),
)


@st.composite
def damaged_files(draw: st.DrawFn, change: Callable[[dict[str, Any]], str] | None = None) -> tuple[bytes, list[int]]:
    """A random damaged log (changed by ``change``; two of its revisions swapped, sometimes), and where to cut it."""
    lines = draw(damaged_logs(change))
    if len(lines) > 2 and draw(st.booleans()):
        first, second = draw(st.lists(st.integers(1, len(lines) - 1), min_size=2, max_size=2, unique=True))
        lines[first], lines[second] = lines[second], lines[first]
    data = b"".join(lines)
    return data, draw(st.lists(st.integers(0, len(data)), max_size=3))


@given(damaged_files())
@settings(max_examples=150)
def test_the_index_of_a_log_is_that_of_its_lines_checked_one_by_one(file: tuple[bytes, list[int]]) -> None:
    _compare(*file)


@pytest.mark.parametrize("change", PREFIX_CHANGES)
@given(data=st.data())
@settings(max_examples=15)
def test_the_index_of_a_changed_log_is_that_of_its_lines_checked_one_by_one(
    change: Callable[[dict[str, Any]], str], data: st.DataObject
) -> None:
    _compare(*data.draw(damaged_files(change)))


def _compare(data: bytes, cuts: list[int]) -> None:
    fast, fast_problems = _scanned(data, cuts)
    general, general_problems = _one_by_one(data)
    assert fast == general
    assert len(general_problems) < MAX_PROBLEMS  # a small log: the cap on problems listed is not reached
    assert fast_problems == general_problems


two_digits = st.one_of(st.integers(0, 99), st.sampled_from((0, 1, 12, 13, 23, 24, 28, 29, 30, 31, 59, 60)))


@given(
    st.one_of(st.integers(0, 9999), st.sampled_from((0, 1, 1900, 2000, 2024, 2100, 9999))),
    two_digits,
    two_digits,
    two_digits,
    two_digits,
    two_digits,
    st.integers(0, 999_999),
)
def test_the_quick_check_of_a_recorded_time_is_time_problem(
    year: int, month: int, day: int, hour: int, minute: int, second: int, micro: int
) -> None:
    """A day checked once, then the hour, minute and second by their digits: ``time_problem`` of the whole."""
    at = f"{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{micro:06}Z"
    quick = _sound_time(at)
    if quick:
        assert time_problem(at) is None
    if hour < 24 and minute < 60 and second < 60:
        assert quick == (time_problem(at) is None)


def test_the_quick_check_takes_the_last_moment_of_a_leap_day() -> None:
    at = "2024-02-29T23:59:59.999999Z"
    assert dt.datetime.fromisoformat(at).day == 29
    assert _sound_time(at)
    assert time_problem(at) is None
    assert _day_problem("2023-02-29") is not None


class _AbandonedError(Exception):
    """Raised inside a batch to roll it back."""


@given(
    st.lists(st.tuples(st.sampled_from(IDS), st.booleans()), min_size=1, max_size=6),
    st.lists(st.tuples(st.sampled_from(IDS), st.booleans()), max_size=6),
    st.booleans(),
)
@settings(max_examples=40)
def test_an_index_rolled_back_is_that_of_the_file(
    kept: list[tuple[str, bool]], abandoned: list[tuple[str, bool]], histories_first: bool
) -> None:
    """After a batch that raises, the index is what reading the file afresh gives (its revisions by id too)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.jsonl"
        moments = (START + dt.timedelta(seconds=step) for step in range(100))
        with EventLog(path, title="Talks", durable=False) as log:

            def record(steps: list[tuple[str, bool]]) -> None:
                for event_id, put in steps:
                    if put or event_id not in log._index.live:
                        log.put(Event(event_id, "Talks"), by="editor", at=next(moments))
                    else:
                        log.retract(event_id, by="editor", at=next(moments))

            record(kept)
            if histories_first:
                log.history(IDS[0])  # the index's revisions by id, made now and kept up through the batch

            def abandon() -> None:
                with log.batch():
                    record(abandoned)
                    raise _AbandonedError

            with pytest.raises(_AbandonedError):
                abandon()
            rolled_back = log._index
            fresh = Index(str(path))
            fresh.scan(path.read_bytes(), 0)
            assert _state(rolled_back, []) == _state(fresh, [])
