"""The log under hostile conditions: readers that change nothing, tails without a line break,
bytes that are not UTF-8, writes that fail, and batches that decide under the lock."""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import io
import itertools
import os
import threading
import time
import warnings
from pathlib import Path

import pytest

import timeline
from timeline import Event, InvalidInputError, Relation, Timeline, TimelineError
from timeline.cli import main
from timeline.errors import CorruptLogError, LogRepairWarning
from timeline.log import EventLog, side_file

START = dt.datetime(2025, 12, 16, 12, 0, tzinfo=dt.UTC)
TORN = b'{"seq":6,"prev":"0123456789abcdef0123456789abcdef0123'


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "talks.jsonl"


@pytest.fixture
def original(path: Path) -> bytes:
    """A log of five revisions: lines 2–6, after the header on line 1."""
    clock = itertools.count()
    with EventLog(path, title="Talks", clock=lambda: START + dt.timedelta(minutes=next(clock))) as log:
        log.put(Event("talks", "Talks", "2025-12"), by="editor")
        log.put(Event("docs", "Documents", relations=[Relation("part_of", "talks")]), by="editor")
        log.put(Event("talks", "Talks in Berlin", "2025-12-15"), by="editor")
        log.put(Event("plan", "Plan", status="proposed"), by="editor")
        log.retract("plan", by="editor", why="denied")
    return path.read_bytes()


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.BytesIO(), io.StringIO()
    status = main(list(argv), stdin=io.BytesIO(), stdout=out, stderr=err)
    return status, out.getvalue().decode(), err.getvalue()


@pytest.fixture
def no_writes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Refuse, as a read-only file or folder would, every open that could write; return the flags seen."""
    real_open = os.open
    seen: list[int] = []

    def read_only(file: object, flags: int, *args: int) -> int:
        seen.append(flags)
        if flags & (os.O_RDWR | os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(file, flags, *args)  # type: ignore[arg-type]

    def no_truncate(*_: object) -> None:
        raise AssertionError("a reader cut the log")

    monkeypatch.setattr(os, "open", read_only)
    monkeypatch.setattr(os, "ftruncate", no_truncate)
    return seen


def test_every_read_leaves_a_log_with_a_torn_tail_as_it_was(path: Path, original: bytes, no_writes: list[int]) -> None:
    path.write_bytes(original + TORN)
    with pytest.warns(LogRepairWarning, match="is ignored; the next append or repair"):
        log = EventLog(path)
    with log:
        assert len(log) == 5
        assert [event.id for event in log.timeline()] == ["talks", "docs"]
        assert [revision.seq for revision in log] == [1, 2, 3, 4, 5]
        assert len(log.history("talks")) == 2
        assert log.diff(START, None)
        assert set(log.revisions()) == {"docs", "talks"}
        with pytest.raises(CorruptLogError, match=":7: a torn last line"):
            log.verify()
        with pytest.raises(TimelineError, match="read-only here; cannot append"):
            log.put(Event("x", "X"), by="me")
        with pytest.raises(TimelineError, match="read-only here"):
            log.repair()
    assert path.read_bytes() == original + TORN
    assert not side_file(path).exists()
    assert no_writes, "the test saw no open at all"


@pytest.mark.parametrize(
    "command",
    [
        ["log", "show"],
        ["log", "show", "--to", "json"],
        ["log", "history", "LOG", "talks"],
        ["log", "diff", "LOG", "2025-12-01"],
        ["log", "verify"],
    ],
)
def test_the_read_commands_change_nothing(
    path: Path, original: bytes, no_writes: list[int], command: list[str]
) -> None:
    path.write_bytes(original + TORN)
    argv = [str(path) if word == "LOG" else word for word in command]
    if "LOG" not in command:
        argv.insert(2, str(path))
    status, _, stderr = cli(*argv)
    assert status == (1 if "verify" in command else 0), stderr
    assert "is ignored" in stderr
    assert path.read_bytes() == original + TORN
    assert not side_file(path).exists()


def test_a_reader_needs_no_write_permission_on_a_sound_log(path: Path, original: bytes, no_writes: list[int]) -> None:
    with EventLog(path) as log:
        assert log.verify()
        assert len(log.timeline()) == 2
    with EventLog(path, title="Talks") as log:  # a title that matches opens an existing log the same way
        assert len(log) == 5
    assert path.read_bytes() == original


def test_a_reader_never_opens_the_file_for_writing(
    path: Path, original: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open
    flags_seen: list[int] = []

    def recording(file: object, flags: int, *args: int) -> int:
        flags_seen.append(flags)
        return real_open(file, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", recording)
    with EventLog(path) as log:
        log.timeline()
        log.verify()
    assert flags_seen
    assert all(flags & os.O_ACCMODE == os.O_RDONLY for flags in flags_seen)


def test_a_sealed_last_line_without_its_line_break_is_a_revision(path: Path, original: bytes) -> None:
    stripped = original.removesuffix(b"\n")
    path.write_bytes(stripped)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with EventLog(path) as log:
            assert len(log) == 5
            assert log.history("plan")[-1].why is not None
            log.verify()
            assert path.read_bytes() == stripped, "reading added the line break"
            log.put(Event("after", "After"), by="editor")
            log.verify()
    data = path.read_bytes()
    assert data.startswith(original)
    assert data.count(b"\n") == 7
    status, out, _ = cli("log", "show", str(path))
    assert status == 0
    assert "After" in out


def test_a_header_alone_without_its_line_break_is_a_log(path: Path) -> None:
    EventLog(path, title="Talks").close()
    path.write_bytes(path.read_bytes().removesuffix(b"\n"))
    with EventLog(path) as log:
        assert log.title == "Talks"
        assert len(log) == 0
        log.put(Event("a", "A"), by="me")
    with EventLog(path) as log:
        assert len(log) == 1
        log.verify()


def test_a_sealed_last_line_continued_without_a_line_break_is_corruption(path: Path, original: bytes) -> None:
    path.write_bytes(original.removesuffix(b"\n"))
    with EventLog(path) as log:
        assert len(log) == 5
        with path.open("ab") as stream:
            stream.write(b"more")
        with pytest.raises(CorruptLogError, match="continued without a line break"):
            len(log)


def test_a_last_line_whose_seal_is_valid_but_whose_chain_is_not_is_corruption_not_a_torn_tail(
    path: Path, original: bytes
) -> None:
    lines = original.splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:4]) + lines[5].removesuffix(b"\n"))  # line 5 of 6 left out
    with pytest.raises(CorruptLogError, match=":5: seq: is 5, expected 4"):
        EventLog(path)
    assert not side_file(path).exists()


@pytest.mark.parametrize("line", [1, 2, 3, 6])
@pytest.mark.parametrize("where", ["start", "middle", "seal", "end"])
def test_bytes_that_are_not_utf8_are_corruption_named_by_line(
    path: Path, original: bytes, line: int, where: str
) -> None:
    lines = original.splitlines(keepends=True)
    damaged = bytearray(lines[line - 1])
    position = {"start": 1, "middle": len(damaged) // 2, "seal": len(damaged) - 20, "end": len(damaged) - 2}[where]
    damaged[position] = 0xFF
    lines[line - 1] = bytes(damaged)
    path.write_bytes(b"".join(lines))
    with pytest.raises(CorruptLogError) as caught, EventLog(path) as log:
        log.verify()
    assert caught.value.line == line
    assert path.read_bytes() == b"".join(lines)


def test_a_reader_waits_for_an_append_in_progress_and_reports_no_corruption(path: Path, original: bytes) -> None:
    with EventLog(path) as writer:
        writer.put(Event("late", "Late"), by="me")
    complete = path.read_bytes()
    new_line = complete[len(original) :]
    path.write_bytes(original)

    with EventLog(path) as reader:
        assert len(reader) == 5
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)  # as an appending process does
            os.write(descriptor, new_line[:40])  # half a line is on disk
            results: list[object] = []

            def read() -> None:
                try:
                    with EventLog(path) as other:
                        results.append(len(other))
                    results.append(len(reader))
                except Exception as error:
                    results.append(error)

            with warnings.catch_warnings():
                warnings.simplefilter("error")
                thread = threading.Thread(target=read)
                thread.start()
                time.sleep(0.3)
                assert thread.is_alive(), "the reader did not wait for the append to finish"
                os.write(descriptor, new_line[40:])
                fcntl.flock(descriptor, fcntl.LOCK_UN)
                thread.join(10)
        finally:
            os.close(descriptor)
    assert results == [6, 6]
    assert not side_file(path).exists()


def test_put_all_refuses_one_id_given_twice(path: Path, original: bytes) -> None:
    with EventLog(path) as log, pytest.raises(InvalidInputError) as caught:
        log.put_all([Event("new", "First"), Event("other", "Other"), Event("new", "Second")], by="me")
    assert str(caught.value) == 'events[2].id: duplicate id "new" (first at events[0])'
    assert path.read_bytes() == original


def test_put_all_refuses_what_is_not_an_event(path: Path, original: bytes) -> None:
    with EventLog(path) as log, pytest.raises(InvalidInputError, match=r"events\[1\]: expected an Event, got str"):
        log.put_all([Event("new", "First"), "second"], by="me")  # type: ignore[list-item]
    assert path.read_bytes() == original


def test_put_all_decides_what_changed_holding_the_lock(path: Path, original: bytes) -> None:
    """Another writer's revision that lands just before the batch takes the lock is seen."""
    with EventLog(path) as log, EventLog(path) as other:
        talks = log.timeline().get("talks")
        assert talks is not None
        real_locked = log._file.locked

        def locked_after_another_writer(*, exclusive: bool):  # type: ignore[no-untyped-def]
            if exclusive and not getattr(locked_after_another_writer, "done", False):
                locked_after_another_writer.done = True  # type: ignore[attr-defined]
                other.put(Event("talks", "Talks cancelled"), by="other")
            return real_locked(exclusive=exclusive)

        log._file.locked = locked_after_another_writer  # type: ignore[method-assign]
        revisions = log.put_all([talks], by="me")
        assert [revision.event_id for revision in revisions] == ["talks"], "the other writer's change was overwritten"
        assert log.timeline().get("talks") == talks
        log.verify()


def _failing_write(monkeypatch: pytest.MonkeyPatch, code: int, *, after: int, piece: int | None = None) -> None:
    """Make os.write write at most ``piece`` bytes a call, and fail with ``code`` once ``after`` bytes are written."""
    real_write = os.write
    written = 0

    def write(descriptor: int, data: bytes) -> int:
        nonlocal written
        if written >= after:
            raise OSError(code, os.strerror(code))
        count = real_write(descriptor, bytes(data[: min(len(data), piece or len(data), after - written)]))
        written += count
        return count

    monkeypatch.setattr(os, "write", write)


@pytest.mark.parametrize(("code", "after"), [(errno.ENOSPC, 0), (errno.ENOSPC, 100), (errno.EIO, 0), (errno.EIO, 37)])
def test_a_failed_write_raises_a_clear_error_and_leaves_the_log_valid(
    path: Path, original: bytes, monkeypatch: pytest.MonkeyPatch, code: int, after: int
) -> None:
    with EventLog(path) as log:
        _failing_write(monkeypatch, code, after=after, piece=16)
        with pytest.raises(TimelineError) as caught:
            log.put(Event("new", "New", description="x" * 500), by="me")
        assert str(caught.value) == f"{path}: cannot append to the log: {os.strerror(code)}; nothing was recorded"

        def two_in_a_batch() -> None:
            with log.batch():
                log.put(Event("one", "One"), by="me")
                log.put(Event("two", "Two"), by="me")

        with pytest.raises(TimelineError, match="nothing was recorded"):
            two_in_a_batch()
        monkeypatch.undo()
        assert path.read_bytes() == original
        assert log.verify()
        assert len(log) == 5
        assert log.timeline().get("new") is None
        log.put(Event("new", "New"), by="me")
        log.verify()
    with EventLog(path) as log:
        assert len(log) == 6


def test_short_writes_are_continued(path: Path, original: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    with EventLog(path) as log:
        _failing_write(monkeypatch, errno.EIO, after=10**9, piece=7)
        log.put(Event("new", "New", description="y" * 300), by="me")
        monkeypatch.undo()
        log.verify()
    assert path.read_bytes().startswith(original)


def test_a_failed_sync_takes_the_revision_back(path: Path, original: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    with EventLog(path) as log:
        real_fsync = os.fsync
        failures = iter([True])

        def fsync(descriptor: int) -> None:
            if next(failures, False):
                raise OSError(errno.EIO, os.strerror(errno.EIO))
            real_fsync(descriptor)

        monkeypatch.setattr(os, "fsync", fsync)
        with pytest.raises(TimelineError, match="cannot append to the log: Input/output error; nothing was recorded"):
            log.put(Event("new", "New"), by="me")
        assert path.read_bytes() == original
        log.put(Event("new", "New"), by="me")
        log.verify()


def test_a_write_that_fails_and_cannot_be_cut_back_leaves_a_torn_tail_for_the_next_append(
    path: Path, original: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    with EventLog(path) as log:
        _failing_write(monkeypatch, errno.EIO, after=50)

        def ftruncate(*_: object) -> None:
            raise OSError(errno.EIO, os.strerror(errno.EIO))

        monkeypatch.setattr(os, "ftruncate", ftruncate)
        with pytest.raises(TimelineError, match="part of the unfinished revision may be left at the end of the file"):
            log.put(Event("new", "New"), by="me")
        monkeypatch.undo()
        torn = path.read_bytes()[len(original) :]
        assert len(torn) == 50
        with pytest.warns(LogRepairWarning, match="was moved to"):
            log.put(Event("new", "New"), by="me")
        log.verify()
    assert side_file(path).read_bytes() == torn + b"\n"


def test_a_failed_write_of_the_header_leaves_no_log_behind_to_trip_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "new.jsonl"
    _failing_write(monkeypatch, errno.ENOSPC, after=10)
    with pytest.raises(TimelineError, match="No space left on device; nothing was recorded"):
        EventLog(path, title="New")
    monkeypatch.undo()
    assert path.read_bytes() == b""
    with EventLog(path, title="New") as log:
        log.put(Event("a", "A"), by="me")
        log.verify()


def test_log_put_keeps_working_when_the_files_title_differs_from_the_logs(tmp_path: Path) -> None:
    log, source = tmp_path / "log.jsonl", tmp_path / "timeline.json"
    timeline.save(Timeline("First title", [Event("a", "A")]), source)
    assert cli("log", "put", str(log), str(source), "--by", "me")[0] == 0
    timeline.save(Timeline("Renamed", [Event("a", "A"), Event("b", "B")]), source)
    status, out, err = cli("log", "put", str(log), str(source), "--by", "me")
    assert status == 0, err
    assert out == f"{log}: recorded 1 revision (1 unchanged)\n"
    with EventLog(log) as opened:
        assert opened.title == "First title"
    status, out, err = cli("log", "put", str(tmp_path / "new.jsonl"), str(source), "--by", "me", "--title", "Mine")
    assert status == 0, err
    with EventLog(tmp_path / "new.jsonl") as opened:
        assert opened.title == "Mine"
