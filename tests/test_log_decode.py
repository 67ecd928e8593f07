"""The event log reads its lines with orjson, and again with json.loads where orjson reads them otherwise."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from timeline import Event, Place
from timeline.errors import CorruptLogError
from timeline.log import EventLog

START = dt.datetime(2025, 12, 16, 12, 0, tzinfo=dt.UTC)


def reseal(lines: list[bytes], number: int, text: str) -> list[bytes]:
    """The lines with line ``number`` (1-based) replaced by ``text`` (a revision without its hash), sealed."""
    raw = text.encode("utf-8")
    lines = list(lines)
    lines[number - 1] = raw[:-1] + f',"hash":"{hashlib.sha256(raw).hexdigest()}"}}\n'.encode()
    return lines


def one_put(path: Path, event: Event) -> list[bytes]:
    with EventLog(path, title="Talks", clock=lambda: START) as log:
        log.put(event, by="editor")
    return path.read_bytes().splitlines(keepends=True)


def changed(line: bytes, change: Any) -> str:
    """The text of a revision line, without its hash, after ``change(text)``."""
    data = json.loads(line)
    del data["hash"]
    return str(change(json.dumps(data, ensure_ascii=False, separators=(",", ":"))))


@pytest.mark.parametrize("number", [2**64, -(2**63) - 1, 10**40, 2**63])
def test_integers_beyond_64_bits_in_user_data_read_back_as_integers(tmp_path: Path, number: int) -> None:
    event = Event("talks", "Talks", "2025-12-15", extra={"count": number, "nested": [{"n": number}]})
    one_put(tmp_path / "talks.jsonl", event)
    with EventLog(tmp_path / "talks.jsonl") as log:
        read = log.timeline().get("talks")
    assert read == event
    assert read is not None
    assert type(read.extra["count"]) is int


def test_a_whole_float_as_large_stays_a_float(tmp_path: Path) -> None:
    event = Event("talks", "Talks", extra={"big": 1e19, "small": 2.5})
    one_put(tmp_path / "talks.jsonl", event)
    with EventLog(tmp_path / "talks.jsonl") as log:
        read = log.timeline().get("talks")
    assert read == event
    assert read is not None
    assert type(read.extra["big"]) is float


def test_nan_in_a_line_is_reported_as_json_loads_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "talks.jsonl"
    lines = one_put(path, Event("talks", "Talks", extra={"x": 1.5}))
    path.write_bytes(b"".join(reseal(lines, 2, changed(lines[1], lambda text: text.replace("1.5", "NaN")))))
    with EventLog(path) as log, pytest.raises(CorruptLogError) as caught:
        log.timeline()
    assert str(caught.value) == f"{path}:2: event.extra.x: nan is not a JSON number"


def test_a_huge_integer_where_a_number_is_checked_is_reported_as_before(tmp_path: Path) -> None:
    path = tmp_path / "talks.jsonl"
    lines = one_put(path, Event("talks", "Talks", place=Place("Berlin", lat=52.5, lon=13.4)))
    huge = "1" + "0" * 20
    path.write_bytes(b"".join(reseal(lines, 2, changed(lines[1], lambda text: text.replace("52.5", huge)))))
    with EventLog(path) as log, pytest.raises(CorruptLogError) as caught:
        log.timeline()
    assert str(caught.value) == f"{path}:2: event.place.lat: 1e+20 is not between -90 and 90"


@pytest.mark.parametrize(
    ("repeated", "message"),
    [
        (
            '"at":"2026-13-01T00:00:00.000000Z"',
            "at: 2026-13-01T00:00:00.000000Z is not a time that exists: month must be in 1..12",
        ),
        ('"at":5', "at: 5: expected a UTC time as YYYY-MM-DDTHH:MM:SS.ffffffZ"),
        ('"op":"move"', 'op: unknown operation "move"; expected one of: put, retract'),
        ('"seq":"one"', 'seq: "one": expected a whole number from 1'),
        ('"prev":null', "prev: null: expected a hash: 64 lowercase hex digits"),
        ('"id":"Talks"', 'id: "Talks": expected an event id (a slug)'),
    ],
)
def test_a_field_of_the_start_said_again_is_checked_as_read(tmp_path: Path, repeated: str, message: str) -> None:
    """JSON keeps the last of a repeated key: the value read is checked, whatever the start of the line said."""
    path = tmp_path / "talks.jsonl"
    lines = one_put(path, Event("talks", "Talks", "2025-12-15"))
    again = changed(lines[1], lambda text: text.replace(',"by":', f',{repeated},"by":', 1))
    path.write_bytes(b"".join(reseal(lines, 2, again)))
    with EventLog(path) as log:
        for question in (log.timeline, lambda: log.history("talks")):
            with pytest.raises(CorruptLogError) as caught:
                question()
            assert str(caught.value) == f"{path}:2: {message}"
