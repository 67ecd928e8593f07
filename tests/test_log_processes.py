"""The log across processes: appenders killed mid-write lose nothing acknowledged; concurrent appenders chain."""

from __future__ import annotations

import itertools
import os
import random
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import NoReturn

from timeline import Event
from timeline.errors import LogRepairWarning
from timeline.log import EventLog, Revision, side_file

BIG = "x" * 16_000
"""A description long enough that a batch of such events takes many pages to write."""


def _append_until_killed(path: Path, acknowledgements: int, name: str, *, slow: bool) -> NoReturn:
    """In a forked child: append forever, reporting each revision once its append has returned.

    With ``slow``, every write to the log goes in pieces of at most 4 KB with a pause
    between, as a busy disk or a kernel that splits writes may do, so that the kill
    often lands in the middle of a line.
    """
    write = os.write
    try:
        warnings.simplefilter("ignore", LogRepairWarning)  # the parent checks the side file itself
        if slow:

            def piecemeal(descriptor: int, data: bytes) -> int:
                time.sleep(0.0005)
                return write(descriptor, bytes(data[:4096]))

            os.write = piecemeal
        with EventLog(path, title="Crash test") as log:
            for number in itertools.count(1):
                if number % 4 == 0:
                    with log.batch():
                        revisions = [
                            log.put(Event(f"e{item}", f"{name}.{number}.{item}", description=BIG), by=name)
                            for item in range(3)
                        ]
                else:
                    description = BIG if number % 2 else None
                    revisions = [log.put(Event(f"e{number % 7}", f"{name}.{number}", description=description), by=name)]
                report = "".join(f"{revision.seq} {title_of(revision)}\n" for revision in revisions)
                write(acknowledgements, report.encode())
    finally:
        os._exit(1)


def title_of(revision: Revision) -> str:
    assert revision.event is not None
    return revision.event.title


def _read_all(descriptor: int) -> bytes:
    parts = []
    while chunk := os.read(descriptor, 65536):
        parts.append(chunk)
    os.close(descriptor)
    return b"".join(parts)


def test_appenders_killed_at_random_moments_lose_no_acknowledged_revision(tmp_path: Path) -> None:
    path = tmp_path / "crash.jsonl"
    with EventLog(path, title="Crash test") as log:
        # Build the converter's caches here, so each forked child starts appending at once.
        log.put(Event("e0", "c.0", description=BIG), by="parent")
        log.timeline()
    chance = random.Random(20251216)
    acknowledged: dict[int, str] = {}
    torn: list[bytes] = []
    tail = b""
    cycle = 0
    while cycle < 40 or (len(acknowledged) <= 50 and cycle < 400):  # a busy machine gives the children less time
        read_end, write_end = os.pipe()
        child = os.fork()
        if child == 0:
            os.close(read_end)
            _append_until_killed(path, write_end, f"c{cycle}", slow=cycle % 4 != 0)
        os.close(write_end)
        time.sleep(chance.uniform(0.005, 0.08))
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        cycle += 1
        for line in _read_all(read_end).decode().splitlines():
            seq, title = line.split(" ")
            acknowledged[int(seq)] = title
        tail = path.read_bytes().rpartition(b"\n")[2]
        if tail:
            torn.append(tail)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        log = EventLog(path)
    with log:
        assert [warning.category for warning in caught] == ([LogRepairWarning] if tail else [])
        assert path.read_bytes().endswith(tail), "opening the log changed it"
        log.repair()
        log.verify()
        titles = {revision.seq: revision.event.title for revision in log if revision.event is not None}
    assert len(acknowledged) > 50, "the children appended too little to test anything"
    assert list(titles) == list(range(1, len(titles) + 1))
    for seq, title in acknowledged.items():
        assert titles.get(seq) == title, f"acknowledged revision {seq} ({title}) is missing or changed"
    kept = side_file(path).read_bytes() if torn else b""
    # About a third of the kills of slow children land mid-line; none in thirty would be a one in 40,000 chance.
    assert torn, "no kill landed in the middle of a line, so no torn line was tested"
    for fragment in torn:
        assert fragment in kept, "a torn line was dropped instead of moved aside"


CONCURRENT_CHILD = """
import sys
from timeline import Event
from timeline.log import EventLog

path, name = sys.argv[1], sys.argv[2]
sys.stdin.readline()
with EventLog(path) as log:
    for number in range(500):
        revision = log.put(Event(f"{name}-{number % 10}", f"{name} {number}"), by=name)
        print(revision.seq)
"""


def test_processes_appending_at_once_are_serialised_into_one_chain(tmp_path: Path) -> None:
    path = tmp_path / "shared.jsonl"
    EventLog(path, title="Shared").close()
    names = ["first", "second", "third"]
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CONCURRENT_CHILD, str(path), name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in names
    ]
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    outputs = [child.communicate(timeout=120)[0] for child in children]
    assert [child.returncode for child in children] == [0, 0, 0]

    with EventLog(path) as log:
        log.verify()
        revisions = list(log)
    assert [revision.seq for revision in revisions] == list(range(1, 1501))
    titles = sorted(revision.event.title for revision in revisions if revision.event is not None)
    assert titles == sorted(f"{name} {number}" for name in names for number in range(500))
    by_seq = {revision.seq: revision for revision in revisions}
    for name, output in zip(names, outputs, strict=True):
        seqs = [int(line) for line in output.split()]
        assert len(seqs) == 500
        assert [by_seq[seq].by for seq in seqs] == [name] * 500
        assert [by_seq[seq].event.title for seq in seqs if by_seq[seq].event] == [f"{name} {n}" for n in range(500)]
    writers = {revision.by for revision in revisions[:750]}
    assert writers == set(names), "the processes did not overlap"
