"""What the fuzzers feed: one function per reader, taking bytes.

Invariant for every target: the reader returns, or raises
:class:`~timeline.errors.TimelineError`; warnings are allowed; any other exception
is a crash. Each input must also take under :data:`SLOW_SECONDS` of CPU time: a
slower one raises :class:`SlowInputError`, a crash too.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final

SLOW_SECONDS: Final = 2.0
"""The most CPU time one input may take."""


HANG_SECONDS: Final = 10.0
"""CPU time after which an input is stopped, so that an endless loop is reported, not waited for."""


class SlowInputError(Exception):
    """An input that took longer than :data:`SLOW_SECONDS`."""


class HangingInputError(BaseException):
    """An input still running after :data:`HANG_SECONDS`: raised inside the reader, past any ``except Exception``."""


def _stop(*_: object) -> None:
    raise HangingInputError(f"still running after {HANG_SECONDS} s of CPU time: an endless loop?")


@contextlib.contextmanager
def _checked() -> Iterator[None]:
    from timeline.errors import TimelineError

    started = time.process_time()
    previous = signal.signal(signal.SIGVTALRM, _stop)
    signal.setitimer(signal.ITIMER_VIRTUAL, HANG_SECONDS)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with contextlib.suppress(TimelineError):
                yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)
    spent = time.process_time() - started
    if spent > SLOW_SECONDS:
        raise SlowInputError(f"one input took {spent:.2f} s of CPU time; the limit is {SLOW_SECONDS} s")


def fuzz_json(data: bytes) -> None:
    import timeline

    with _checked():
        timeline.from_json(data)


def fuzz_yaml(data: bytes) -> None:
    import timeline

    with _checked():
        timeline.from_yaml(data)


def fuzz_ical(data: bytes) -> None:
    import timeline

    with _checked():
        timeline.from_ical(data)


_LOG_FOLDER: Path | None = None


def _log_path() -> Path:
    global _LOG_FOLDER  # noqa: PLW0603 -- one folder for the whole run, not one per input
    if _LOG_FOLDER is None:
        _LOG_FOLDER = Path(tempfile.mkdtemp(prefix="timeline-fuzz-log-"))
    return _LOG_FOLDER / "fuzz.jsonl"


def fuzz_log(data: bytes) -> None:
    """Write ``data`` as a log file, open it and ask it everything a reader can; then repair and append."""
    import datetime as dt

    from timeline import Event
    from timeline.log import EventLog, side_file

    path = _log_path()
    path.write_bytes(data)
    with contextlib.suppress(FileNotFoundError):
        side_file(path).unlink()
    with _checked(), EventLog(path, durable=False) as log:
        timeline = log.timeline()
        revisions = list(log)
        if revisions:
            first = revisions[0]
            log.history(first.event_id)
            log.diff(first.at)
            log.timeline(as_of=first.at)
            log.revisions(first.at)
        log.verify()
        if path.read_bytes() != data:
            raise AssertionError("reading the log changed its file")
        log.repair()
        log.put(Event("fuzz-probe", "Probe"), by="fuzz", at=dt.datetime(9999, 1, 1, tzinfo=dt.UTC))
        log.verify()
        del timeline


def fuzz_check(data: bytes) -> None:
    """``timeline check -`` on the input, read as JSON, YAML or iCalendar by its first byte."""
    from timeline.cli import main

    if not data:
        return
    kind = ("json", "yaml", "ics")[data[0] % 3]
    with _checked():
        status = main(
            ["check", "-", "--from", kind], stdin=io.BytesIO(data[1:]), stdout=io.BytesIO(), stderr=io.StringIO()
        )
        if status not in (0, 1):
            raise AssertionError(f"timeline check exited with status {status}")


TARGETS: Final[dict[str, Callable[[bytes], None]]] = {
    "json": fuzz_json,
    "yaml": fuzz_yaml,
    "ical": fuzz_ical,
    "log": fuzz_log,
    "check": fuzz_check,
}

ROOT: Final = Path(__file__).resolve().parent.parent
SEEDS: Final = ROOT / "fuzz" / "seeds"
CRASHES: Final = ROOT / "fuzz" / "crashes"


def seed_files(target: str) -> list[Path]:
    """The committed seeds of a target."""
    return sorted(path for path in (SEEDS / target).glob("*") if path.is_file())


def crash_files(target: str) -> list[Path]:
    """The committed inputs that once crashed a target."""
    return sorted(path for path in (CRASHES / target).glob("*") if path.is_file())


def environment_ok() -> bool:
    """Whether this process can run the log target (it needs POSIX file locks)."""
    return os.name == "posix"
