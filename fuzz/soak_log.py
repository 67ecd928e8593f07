"""Crash soak for the event log: ``python fuzz/soak_log.py --rounds 1000``.

Each round forks writers and kills them with ``SIGKILL`` at random moments, in one
of five scenarios:

- ``single``: one process appending revisions one at a time;
- ``batch``: one process appending batches of three to six revisions;
- ``several``: two to four processes appending at once (singles and batches), killed
  one after another;
- ``open``: a process that creates the log (in a new file) or opens it, reads it
  and appends once, over and over: kills land while a log is being created or opened;
- ``repair``: a process that leaves a torn tail and repairs it, over and over,
  with slow syncs: kills land while a torn tail is being set aside.

Writers write in pieces of at most 4 KB with pauses (as a busy disk may), and
lines are long, so that many kills land in the middle of a line. After every
kill, the tail left behind is recorded (holding the lock, so no live writer is
mid-line). After every round the log is checked:

1. opening and reading it raise no error and change nothing, byte for byte;
2. every revision a writer had acknowledged (its append had returned) is there,
   with its content;
3. after ``repair()``, ``verify()`` passes: every seal, the chain, the sequence, the
   times and every event;
4. every torn tail recorded is in the side file, byte for byte, followed by a line break.

A failure stops the soak with exit status 1, keeping the files. A new log is
started every 50 rounds, so rounds stay quick.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fcntl
import hashlib
import itertools
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path
from typing import NoReturn

from timeline import Event
from timeline.errors import LogRepairWarning, TimelineError
from timeline.log import EventLog, Revision, side_file

SCENARIOS = ("single", "batch", "several", "open", "repair")
BIG = "x" * 12_000
_SEAL = re.compile(rb',"hash":"([0-9a-f]{64})"\}\Z')


class SoakFailedError(Exception):
    """A check failed."""


def _sealed(line: bytes) -> bool:
    found = _SEAL.search(line)
    if found is None:
        return False
    content = hashlib.sha256(line[: found.start()] + b"}").hexdigest().encode()
    return content == found.group(1)


def _slow_writes() -> None:
    write = os.write

    def piecemeal(descriptor: int, data: bytes) -> int:
        time.sleep(0.0003)
        return write(descriptor, bytes(data[:4096]))

    os.write = piecemeal  # type: ignore[assignment]


def _child(path: Path, scenario: str, name: str, acknowledgements: int, seed: int) -> NoReturn:
    """Append (or repair) until killed, writing ``seq title`` to ``acknowledgements`` after each append returns."""
    chance = random.Random(seed)  # noqa: S311 -- reproducible, not secret
    try:
        warnings.simplefilter("ignore")
        if chance.random() < 0.8:
            _slow_writes()
        durable = chance.random() < 0.3
        if scenario == "repair":
            _repairing(path, name, acknowledgements, chance)
        elif scenario == "open":
            for number in itertools.count(1):
                with EventLog(path, title="Soak", durable=durable) as log:
                    log.timeline()
                    _acknowledge(acknowledgements, [log.put(_event(chance, name, number, 0), by=name)])
        else:
            with EventLog(path, title="Soak", durable=durable) as log:
                for number in itertools.count(1):
                    if scenario == "batch" or (scenario == "several" and chance.random() < 0.4):
                        with log.batch():
                            revisions = [
                                log.put(_event(chance, name, number, item), by=name)
                                for item in range(chance.randint(3, 6))
                            ]
                    else:
                        revisions = [log.put(_event(chance, name, number, 0), by=name)]
                    _acknowledge(acknowledgements, revisions)
    finally:
        os._exit(1)


def _repairing(path: Path, name: str, acknowledgements: int, chance: random.Random) -> NoReturn:
    real_fsync = os.fsync

    def slow_fsync(descriptor: int) -> None:
        time.sleep(chance.uniform(0, 0.004))
        real_fsync(descriptor)

    os.fsync = slow_fsync
    with EventLog(path, title="Soak") as log:
        for number in itertools.count(1):
            revision = log.put(_event(chance, name, number, 0), by=name)
            _acknowledge(acknowledgements, [revision])
            fragment = _fragment(chance)
            with log._file.locked(exclusive=True):
                os.write(log._file.writer(), fragment)
            log.repair()
    raise AssertionError("unreachable")


def _fragment(chance: random.Random) -> bytes:
    """A torn tail as a dead writer leaves one: the start of a line, sometimes not UTF-8."""
    fragment = b'{"seq":' + str(chance.randint(1, 10**6)).encode() + b',"prev":"' + os.urandom(chance.randint(0, 40))
    return fragment.replace(b"\n", b" ")


def _event(chance: random.Random, name: str, number: int, item: int) -> Event:
    description = BIG if chance.random() < 0.6 else None
    return Event(f"e{chance.randrange(12)}", f"{name}.{number}.{item}", description=description)


_REPORT = os.write
"""os.write as it was before :func:`_slow_writes` replaced it: acknowledgements go out whole."""


def _acknowledge(descriptor: int, revisions: list[Revision]) -> None:
    text = "".join(f"{revision.seq} {revision.event.title if revision.event else ''}\n" for revision in revisions)
    _REPORT(descriptor, text.encode())


class Soak:
    def __init__(self, folder: Path, chance: random.Random) -> None:
        self.folder = folder
        self.chance = chance
        self.path = folder / "soak-0.jsonl"
        self.acknowledged: dict[int, str] = {}
        self.torn: list[bytes] = []
        self.scenarios: Counter[str] = Counter()
        self.checked_revisions = 0
        self.checked_torn = 0

    def new_log(self, number: int) -> None:
        self.path = self.folder / f"soak-{number}.jsonl"
        self.acknowledged, self.torn = {}, []

    def round(self, number: int) -> str:
        scenario = self.chance.choice(SCENARIOS)
        self.scenarios[scenario] += 1
        if scenario == "open" and self.chance.random() < 0.3:
            self.new_log(number)  # kills while the log is being created
        count = self.chance.randint(2, 4) if scenario == "several" else 1
        children = []
        for index in range(count):
            read_end, write_end = os.pipe()
            child = os.fork()
            if child == 0:
                os.close(read_end)
                _child(self.path, scenario, f"r{number}c{index}", write_end, self.chance.randrange(2**32))
            os.close(write_end)
            children.append((child, read_end))
        for child, read_end in children:
            time.sleep(self.chance.uniform(0.002, 0.12))
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
            self._take_acknowledgements(read_end)
            self._record_tail()
        self.check()
        return scenario

    def _take_acknowledgements(self, descriptor: int) -> None:
        parts = []
        while chunk := os.read(descriptor, 65536):
            parts.append(chunk)
        os.close(descriptor)
        for line in b"".join(parts).decode().splitlines():
            seq, title = line.split(" ", 1)
            known = self.acknowledged.setdefault(int(seq), title)
            if known != title:
                raise SoakFailedError(f"revision {seq} was acknowledged twice: as {known} and as {title}")

    def _record_tail(self) -> None:
        """The torn tail now at the end of the log, if any, read holding the lock so that no writer is mid-line."""
        if not self.path.exists():
            return
        descriptor = os.open(self.path, os.O_RDONLY)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_SH)
            size = os.fstat(descriptor).st_size
            data = os.pread(descriptor, min(size, 1 << 20), max(0, size - (1 << 20)))
        finally:
            os.close(descriptor)
        tail = data.rpartition(b"\n")[2]
        if tail and not _sealed(tail):
            self.torn.append(tail)

    def check(self) -> None:
        if not self.path.exists():
            if self.acknowledged:
                raise SoakFailedError(f"{self.path} is gone, with {len(self.acknowledged)} acknowledged revisions")
            return
        before = self.path.read_bytes()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", LogRepairWarning)
            try:
                log = EventLog(self.path)
            except TimelineError as error:
                if self.acknowledged or "the log is empty" not in str(error):
                    raise SoakFailedError(f"opening the log failed: {error}") from error
                return  # killed while creating it: no header yet, nothing acknowledged
            with log:
                titles = {revision.seq: revision.event.title for revision in log if revision.event is not None}
                if self.path.read_bytes() != before:
                    raise SoakFailedError("reading the log changed it")
                for seq, title in self.acknowledged.items():
                    if titles.get(seq) != title:
                        raise SoakFailedError(f"acknowledged revision {seq} ({title}) is missing or changed")
                self.checked_revisions += len(self.acknowledged)
                log.repair()
                log.verify()
        side = side_file(self.path)
        kept = side.read_bytes() if side.exists() else b""
        for fragment in self.torn:
            if fragment + b"\n" not in kept:
                raise SoakFailedError(f"a torn tail of {len(fragment)} bytes is not in {side.name}: {fragment[:80]!r}")
        self.checked_torn += len(self.torn)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the time)")
    parser.add_argument("--keep", action="store_true", help="keep the logs even when every round passes")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(4), "big")
    folder = Path(tempfile.mkdtemp(prefix="timeline-soak-"))
    soak = Soak(folder, random.Random(seed))  # noqa: S311 -- reproducible, not secret
    # Build the converter's caches once, before forking, so each child starts appending at once.
    with EventLog(folder / "warm.jsonl", title="Warm", durable=False) as warm:
        warm.put(Event("w", "W", description=BIG), by="soak", at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
        warm.timeline()
    started = time.monotonic()
    try:
        for number in range(1, args.rounds + 1):
            if number % 50 == 1 and number > 1:
                soak.new_log(number)
            scenario = soak.round(number)
            if number % 50 == 0 or number == args.rounds:
                print(
                    f"round {number}: {scenario}; {soak.checked_revisions:,} acknowledged revisions"
                    f" and {soak.checked_torn:,} torn tails checked so far",
                    flush=True,
                )
    except SoakFailedError as failure:
        print(f"FAILED in round {number} (seed {seed}): {failure}\nfiles kept in {folder}", flush=True)
        return 1
    elapsed = time.monotonic() - started
    shown = ", ".join(f"{scenario} {soak.scenarios[scenario]}" for scenario in SCENARIOS)
    print(
        f"passed: {args.rounds} rounds in {elapsed:.0f} s (seed {seed}; {shown}):"
        f" every check after every round held; {soak.checked_revisions:,} acknowledged revisions"
        f" and {soak.checked_torn:,} torn tails checked in all",
        flush=True,
    )
    if args.keep:
        print(f"files kept in {folder}")
    else:
        with contextlib.suppress(OSError):
            shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
