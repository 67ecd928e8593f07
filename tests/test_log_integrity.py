"""Damaged and torn logs: every problem is found and named by its line, and nothing is lost.

Tampered lines are made here from the documented format (docs/log.md): a line's
``hash`` is the SHA-256 of the line without its ``,"hash":"…"`` member, and
``prev`` is the hash of the line before, so a test can rewrite a line and, where
it wants to, the chain after it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from timeline import Event, InvalidInputError, Relation, TimelineError
from timeline.errors import CorruptLogError, LogRepairWarning
from timeline.log import EventLog

START = dt.datetime(2025, 12, 16, 12, 0, tzinfo=dt.UTC)


def seal(data: dict[str, Any]) -> bytes:
    """The line for ``data`` (without its hash), sealed as the format says."""
    body = json.dumps(
        {key: value for key, value in data.items() if key != "hash"}, ensure_ascii=False, separators=(",", ":")
    )
    raw = body.encode("utf-8")
    digest = hashlib.sha256(raw).hexdigest()
    return raw[:-1] + f',"hash":"{digest}"}}\n'.encode()


def rechain(lines: list[bytes], start: int) -> list[bytes]:
    """Re-seal the lines from index ``start`` on, each chained to the one before."""
    lines = list(lines)
    for number in range(start, len(lines)):
        data = json.loads(lines[number])
        data["prev"] = json.loads(lines[number - 1])["hash"]
        lines[number] = seal(data)
    return lines


def edit(lines: list[bytes], number: int, change: Any) -> list[bytes]:
    """The lines with line ``number`` (1-based) changed by ``change(data)``, re-sealed, and the chain fixed after."""
    data = json.loads(lines[number - 1])
    change(data)
    lines = list(lines)
    lines[number - 1] = seal(data)
    return rechain(lines, number)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "talks.jsonl"


@pytest.fixture
def original(path: Path) -> list[bytes]:
    """A log of five revisions: lines 2–6, after the header on line 1."""
    clock = itertools.count()
    with EventLog(path, title="Talks", clock=lambda: START + dt.timedelta(minutes=next(clock))) as log:
        log.put(Event("talks", "Talks", "2025-12"), by="editor")
        log.put(Event("docs", "Documents", relations=[Relation("part_of", "talks")]), by="editor")
        log.put(Event("talks", "Talks in Berlin", "2025-12-15"), by="editor")
        log.put(Event("plan", "Plan", status="proposed"), by="editor")
        log.retract("plan", by="editor", why="denied")
    return path.read_bytes().splitlines(keepends=True)


def opening_fails(path: Path, lines: list[bytes]) -> CorruptLogError:
    """Write ``lines``, open the log, and return the error; the file must be left as it was."""
    data = b"".join(lines)
    path.write_bytes(data)
    with pytest.raises(CorruptLogError) as caught:
        EventLog(path)
    assert path.read_bytes() == data, "a damaged log is never changed"
    return caught.value


def test_a_line_that_is_not_json_is_named(path: Path, original: list[bytes]) -> None:
    lines = list(original)
    lines[2] = b'{"seq":2,"prev": oops\n'
    error = opening_fails(path, lines)
    assert error.line == 3
    assert str(error) == f"{path}:3: not valid JSON: Expecting value (column 18)"
    assert isinstance(error, InvalidInputError)
    assert isinstance(error, TimelineError)
    assert isinstance(error, ValueError)


def test_a_changed_byte_breaks_the_lines_hash(path: Path, original: list[bytes]) -> None:
    lines = list(original)
    lines[2] = lines[2].replace(b"Documents", b"Dokuments")
    error = opening_fails(path, lines)
    assert str(error) == (
        f"{path}:3: hash: does not match the line's content: the line was changed after it was written"
    )


def test_a_line_resealed_after_a_change_breaks_the_chain_after_it(path: Path, original: list[bytes]) -> None:
    lines = list(original)
    data = json.loads(lines[2])
    data["event"]["title"] = "Forged documents"
    lines[2] = seal(data)
    error = opening_fails(path, lines)
    assert str(error) == (
        f"{path}:4: prev: does not match the hash of line 3: a line before was changed, removed or inserted"
    )


def test_a_removed_line_is_found(path: Path, original: list[bytes]) -> None:
    error = opening_fails(path, original[:2] + original[3:])
    assert [(problem.line, problem.path) for problem in error.problems] == [(3, "seq"), (3, "prev")]
    assert "is 3, expected 2: a revision is missing, repeated or moved" in str(error)


def test_recorded_times_out_of_order_are_found(path: Path, original: list[bytes]) -> None:
    def earlier(data: dict[str, Any]) -> None:
        data["at"] = "2025-12-16T11:00:00.000000Z"

    error = opening_fails(path, edit(original, 4, earlier))
    assert str(error) == (
        f"{path}:4: at: 2025-12-16T11:00:00.000000Z is not after 2025-12-16T12:01:00.000000Z,"
        " the time before it: recorded times must increase"
    )


@pytest.mark.parametrize(
    ("at", "reason"),
    [
        ("2025-12-31T12:05:00.000000Z", None),
        ("2025-13-16T12:05:00.000000Z", "month"),
        ("2025-12-32T12:05:00.000000Z", "day"),
        ("2025-12-16T24:05:00.000000Z", "hour"),
        ("2025-12-16T12:60:00.000000Z", "minute"),
    ],
)
def test_a_recorded_time_that_does_not_exist_is_found(
    path: Path, original: list[bytes], at: str, reason: str | None
) -> None:
    def impossible(data: dict[str, Any]) -> None:
        data["at"] = at

    lines = edit(original, 6, impossible)  # the last revision, so that its time is still the latest
    if reason is None:  # the same edit with a real time is a sound log
        path.write_bytes(b"".join(lines))
        with EventLog(path) as log:
            assert len(log.timeline()) == 2
            assert log.verify()
        return
    error = opening_fails(path, lines)
    assert [(problem.line, problem.path) for problem in error.problems] == [(6, "at")]
    assert str(error).startswith(f"{path}:6: at: {at} is not a time that exists: ")
    assert reason in str(error)


def test_an_unknown_operation_is_found(path: Path, original: list[bytes]) -> None:
    def delete(data: dict[str, Any]) -> None:
        data["op"] = "delete"

    error = opening_fails(path, edit(original, 6, delete))
    assert str(error) == f'{path}:6: op: unknown operation "delete"; expected put or retract'


def test_an_operation_in_capitals_is_found_too(path: Path, original: list[bytes]) -> None:
    def shout(data: dict[str, Any]) -> None:
        data["op"] = "PUT"

    error = opening_fails(path, edit(original, 2, shout))
    assert str(error) == f'{path}:2: op: unknown operation "PUT"; expected one of: put, retract'


def test_a_retraction_of_an_event_not_in_the_log_is_found(path: Path, original: list[bytes]) -> None:
    def elsewhere(data: dict[str, Any]) -> None:
        data["id"] = "nothing"

    error = opening_fails(path, edit(original, 6, elsewhere))
    assert str(error) == f'{path}:6: id: retracts "nothing", which is not an event of the log at that point'


def test_a_changed_header_is_found(path: Path, original: list[bytes]) -> None:
    lines = list(original)
    lines[0] = lines[0].replace(b'"Talks"', b'"Forged"')
    error = opening_fails(path, lines)
    assert error.line == 1
    assert "hash: does not match the line's content" in str(error)


def test_a_file_that_is_not_a_log_is_named_as_such(path: Path) -> None:
    error = opening_fails(path, [b'{"format": "timeline", "version": 1, "title": "T", "events": []}\n'])
    assert str(error) == (
        f'{path}:1: is not an event log: its first line must be a header {{"format":"timeline-log",…}}'
    )


def test_every_damaged_line_is_listed(path: Path, original: list[bytes]) -> None:
    lines = list(original)
    lines[1] = lines[1].replace(b'"Talks"', b'"Tanks"')
    lines[4] = b"\x00\x00\x00\n"
    error = opening_fails(path, lines)
    assert [problem.line for problem in error.problems] == [2, 5]
    assert str(error).startswith(f"{path}: 2 problems:\n")


def test_a_put_whose_event_is_invalid_is_named_when_read(path: Path, original: list[bytes]) -> None:
    def impossible(data: dict[str, Any]) -> None:
        data["event"]["when"] = "2025-13-01"

    lines = edit(original, 4, impossible)
    path.write_bytes(b"".join(lines))
    with EventLog(path) as log:
        with pytest.raises(CorruptLogError) as caught:
            log.timeline()
        assert caught.value.line == 4
        assert str(caught.value).startswith(f'{path}:4: event.when: "2025-13-01" is not a valid date')
        assert [event.title for event in log.timeline(as_of=START + dt.timedelta(minutes=1))] == [
            "Talks",
            "Documents",
        ]
        with pytest.raises(CorruptLogError, match=r":4: event\.when"):
            log.history("talks")
        with pytest.raises(CorruptLogError, match=r":4: event\.when"):
            log.verify()
    assert path.read_bytes() == b"".join(lines)


def test_verify_finds_a_bad_event_even_when_a_later_revision_replaced_it(path: Path, original: list[bytes]) -> None:
    def no_title(data: dict[str, Any]) -> None:
        del data["event"]["title"]

    path.write_bytes(b"".join(edit(original, 2, no_title)))
    with EventLog(path) as log:
        assert log.timeline().get("talks") == Event("talks", "Talks in Berlin", "2025-12-15")
        with pytest.raises(CorruptLogError) as caught:
            log.verify()
    assert str(caught.value) == f"{path}:2: event.title: is required but missing"


def test_verify_finds_a_revision_that_breaks_the_timeline(path: Path, original: list[bytes]) -> None:
    def dangling(data: dict[str, Any]) -> None:
        data["event"]["relations"] = [{"kind": "follows", "target": "plan"}]

    path.write_bytes(b"".join(edit(original, 3, dangling)))
    with EventLog(path) as log, pytest.raises(CorruptLogError) as caught:
        log.verify()
    assert [str(problem) for problem in caught.value.problems] == [
        f'{path}:3: event.relations[0].target: follows points at "plan", which is not an event of the log;'
        " put it first",
        f'{path}:6: id: "plan" cannot be retracted while "docs" point at it; change those first',
    ]


def test_verify_locates_a_line_changed_while_the_log_is_open(path: Path, original: list[bytes]) -> None:
    with EventLog(path) as log:
        head = log.verify()
        assert head == json.loads(original[-1])["hash"]
        path.write_bytes(b"".join(original).replace(b"Talks in Berlin", b"Talks in Bremen"))
        with pytest.raises(CorruptLogError) as caught:
            log.verify()
    assert caught.value.line == 4


def test_a_log_cut_shorter_while_open_is_refused(path: Path, original: list[bytes]) -> None:
    with EventLog(path) as log:
        path.write_bytes(b"".join(original[:3]))
        with pytest.raises(CorruptLogError, match=r"shorter than the .* already read: it was cut or replaced"):
            len(log)


TORN = b'{"seq":6,"prev":"0123456789abcdef0123456789abcdef0123'


def test_a_torn_last_line_is_left_alone_on_open_and_moved_aside_by_the_next_append(
    path: Path, original: list[bytes]
) -> None:
    path.write_bytes(b"".join(original) + TORN)
    side = path.with_name("talks.jsonl.torn")
    with pytest.warns(
        LogRepairWarning,
        match=r"a torn last line \(53 bytes, left by an append that never finished\) is ignored;"
        r" the next append or repair\(\) moves it to .*talks\.jsonl\.torn",
    ):
        log = EventLog(path)
    with log:
        assert len(log) == 5
        log.timeline()
        assert path.read_bytes() == b"".join(original) + TORN, "a reader changed the log"
        assert not side.exists()
        with pytest.warns(
            LogRepairWarning,
            match=r"a torn last line \(53 bytes, left by an append that never finished\) was moved to .*\.torn",
        ):
            revision = log.put(Event("plan", "Plan B"), by="editor")
        assert revision.seq == 6
        assert side.read_bytes() == TORN + b"\n"
        log.verify()


def test_a_torn_line_left_by_another_writer_is_moved_aside_before_appending(path: Path, original: list[bytes]) -> None:
    with EventLog(path) as log:
        with path.open("ab") as other:
            other.write(TORN)
        assert len(log) == 5, "readers skip a torn line and leave it where it is"
        assert path.read_bytes().endswith(TORN)
        with pytest.raises(CorruptLogError, match=":7: a torn last line"):
            log.verify()
        with pytest.warns(LogRepairWarning, match="moved to"):
            log.put(Event("plan", "Plan B"), by="editor")
        log.verify()
    assert path.with_name("talks.jsonl.torn").read_bytes() == TORN + b"\n"


def test_repair_moves_a_torn_line_and_keeps_every_one(path: Path, original: list[bytes]) -> None:
    with EventLog(path) as log:
        assert log.repair() is None
        for fragment in (TORN, b"\xff\xfe half"):
            with path.open("ab") as other:
                other.write(fragment)
            assert log.repair() == path.with_name("talks.jsonl.torn")
        assert path.read_bytes() == b"".join(original)
    assert path.with_name("talks.jsonl.torn").read_bytes() == TORN + b"\n" + b"\xff\xfe half\n"


def test_a_torn_header_is_moved_aside_and_the_log_started_again(path: Path) -> None:
    path.write_bytes(b'{"format":"timeline-lo')
    with pytest.warns(LogRepairWarning), EventLog(path, title="Talks") as log:
        assert log.title == "Talks"
    assert path.with_name("talks.jsonl.torn").read_bytes() == b'{"format":"timeline-lo\n'
    with EventLog(path) as log:
        log.verify()


def test_a_bad_event_appended_by_another_program_stops_the_next_append(path: Path, original: list[bytes]) -> None:
    with EventLog(path) as log:
        log.put(Event("next", "Next"), by="editor", at=START + dt.timedelta(hours=1))
        lines = path.read_bytes().splitlines(keepends=True)
        forged = json.loads(lines[-1])
        forged.update(seq=7, at="2099-12-16T13:00:00.000000Z", prev=forged["hash"])
        forged["event"] = {"id": "next", "title": "Next", "when": "2025-13-01"}
        path.write_bytes(b"".join(lines) + seal(forged))
        before = path.read_bytes()
        with pytest.raises(CorruptLogError) as caught:
            log.put(Event("after", "After"), by="editor")
        assert str(caught.value).startswith(f'{path}:8: event.when: "2025-13-01" is not a valid date')
        assert path.read_bytes() == before
