"""What a command writes to: its streams, and the progress shown on a terminal while large work runs."""

from __future__ import annotations

import time
from typing import IO, Final, Protocol

__all__ = [
    "PROGRESS_BYTES",
    "PROGRESS_EVENTS",
    "Progress",
    "Streams",
    "TextOut",
    "UsageError",
    "counted",
    "is_terminal",
]

PROGRESS_EVENTS: Final = 10_000
"""A timeline of at least this many events shows progress while it is written."""

PROGRESS_BYTES: Final = 4 * 1024 * 1024
"""A file of at least this many bytes shows progress while it is read."""


class UsageError(Exception):
    """A usage error found after parsing: exit status 2."""


class TextSink(Protocol):
    def write(self, text: str, /) -> int: ...
    def flush(self) -> None: ...
    def isatty(self) -> bool: ...


class Streams:
    """The streams a command uses, so tests can run it in-process.

    ``stdout`` takes bytes (exports); ``text_out`` writes text to the same standard output.
    """

    def __init__(self, stdin: IO[bytes], stdout: IO[bytes], stderr: IO[str], text_out: TextSink) -> None:
        self.stdin, self.stdout, self.stderr, self.text_out = stdin, stdout, stderr, text_out


class TextOut:
    """Text written to a binary stream as UTF-8, for in-process runs."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(text.encode("utf-8"))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return is_terminal(self.stream)


class Progress:
    """Stage messages on stderr, only when it is a terminal and the work is large."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.enabled = is_terminal(stream)
        self.message_on_screen = False
        self.started = time.monotonic()

    def say(self, message: str, *, large: bool) -> None:
        """Show ``message`` in place of the last one, if the work is ``large``."""
        if self.enabled and large:
            self.stream.write(f"\r\x1b[2K{message}")
            self.stream.flush()
            self.message_on_screen = True

    def done(self, message: str) -> None:
        """Replace the message on screen, if there is one, with ``message`` and the time taken."""
        if self.message_on_screen:
            elapsed = time.monotonic() - self.started
            self.stream.write(f"\r\x1b[2K{message} ({elapsed:.1f} s)\n")
            self.stream.flush()
            self.message_on_screen = False


def is_terminal(stream: IO[str] | IO[bytes] | TextSink) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def counted(number: int, noun: str) -> str:
    """``number`` and ``noun``, plural unless it is one: "1,024 events"."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
