"""The exceptions and warnings raised by timeline.

Every error the library raises derives from :class:`TimelineError`, so a caller
can catch one type. Subclasses refine it where callers need to tell cases apart,
and also derive from the builtin they refine::

    TimelineError(Exception)
    ├── InvalidInputError(TimelineError, ValueError)
    │   │   bad data: a malformed file, an impossible date, a hostile string.
    │   │   Carries every problem found, each with its place.
    │   └── CorruptLogError(InvalidInputError)
    │           an event log file that is damaged or was changed by hand: a
    │           line that does not parse, a broken hash chain, a time out of
    │           order. Every problem names its line.
    └── UnsupportedFormatError(TimelineError, ValueError)
            a file suffix or format name that timeline cannot read or write.

    TimelineWarning(UserWarning)
    │       something was left out or set aside, and named; nothing is dropped silently.
    ├── LogRepairWarning(TimelineWarning)
    │       a torn last line of an event log (left by a crash) was set aside
    │       in a side file.
    ├── OmittedEventsWarning(TimelineWarning)
    │   │   events an iCalendar export or import left out, named in ``event_ids``.
    │   └── UnreadableEventsWarning(OmittedEventsWarning)
    │           events of another program's calendar that could not be read and
    │           were left out, each problem (line, UID, why) in ``problems``.
    └── InputQuirksWarning(TimelineWarning)
            mistakes in another program's file that were read past (a stray
            line left out, a component closed where it was not), in ``problems``.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "CorruptLogError",
    "InputQuirksWarning",
    "InvalidInputError",
    "LogRepairWarning",
    "OmittedEventsWarning",
    "Problem",
    "TimelineError",
    "TimelineWarning",
    "UnreadableEventsWarning",
    "UnsupportedFormatError",
]


class TimelineError(Exception):
    """Base class of every error raised by timeline."""


class UnsupportedFormatError(TimelineError, ValueError):
    """A file suffix or format name that timeline cannot read or write."""


@attrs.frozen
class Problem:
    """One thing wrong with some input, and where it is.

    ``path`` is the place inside the document (``events[2].when``; empty for the
    whole document), ``line`` the line in the file where known, ``file`` the
    file's name where there is one.
    """

    message: str
    path: str = ""
    line: int | None = None
    file: str | None = None

    def within(self, prefix: str) -> Problem:
        """The same problem, seen from a container found at ``prefix``."""
        return attrs.evolve(self, path=join_path(prefix, self.path))

    def __str__(self) -> str:
        place = ""
        if self.file is not None:
            place = self.file + (f":{self.line}" if self.line is not None else "") + ": "
        elif self.line is not None:
            place = f"line {self.line}: "
        if self.path:
            place += self.path + ": "
        return place + self.message


def join_path(prefix: str, path: str) -> str:
    """``events[2]`` + ``when`` → ``events[2].when``; ``events`` + ``[2]`` → ``events[2]``."""
    if not prefix:
        return path
    if not path:
        return prefix
    if path.startswith("["):
        return prefix + path
    return f"{prefix}.{path}"


class InvalidInputError(TimelineError, ValueError):
    """Input that timeline cannot accept.

    ``problems`` lists every problem found, not just the first; the message shows
    one per line, each with its place, e.g.
    ``timeline.json: events[2].when: "2025-13-01" is not a valid date: month 13 …``.
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = (Problem(problems),)
        self.problems = tuple(problems)
        if not self.problems:
            raise ValueError("InvalidInputError needs at least one problem")
        super().__init__(self._text())

    @classmethod
    def at(cls, path: str, message: str) -> InvalidInputError:
        """One problem at ``path``."""
        return cls((Problem(message, path),))

    def _text(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        files = {problem.file for problem in self.problems}
        head = f"{files.pop()}: " if len(files) == 1 and None not in files else ""
        lines = [f"{head}{len(self.problems)} problems:"]
        lines.extend(f"  {problem}" for problem in self.problems)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._text()

    def within(self, prefix: str) -> InvalidInputError:
        """The same problems, seen from a container found at ``prefix``."""
        return InvalidInputError(problem.within(prefix) for problem in self.problems)

    def in_file(self, file: str) -> InvalidInputError:
        """The same problems, marked as found in ``file``."""
        return InvalidInputError(
            attrs.evolve(problem, file=file) if problem.file is None else problem for problem in self.problems
        )


class CorruptLogError(InvalidInputError):
    """An event log whose file is damaged or was changed outside the library.

    Every problem carries the log's file name and the line number (the header is
    line 1, revision ``n`` is line ``n + 1``); :attr:`line` is the first of them.
    """

    @property
    def line(self) -> int | None:
        """The first line with a problem."""
        return min((problem.line for problem in self.problems if problem.line is not None), default=None)


class TimelineWarning(UserWarning):
    """Something was left out (of an export, an import) or set aside (a torn log line), and is named here."""


class LogRepairWarning(TimelineWarning):
    """A torn last line of an event log was moved into its side file.

    A process that dies while appending can leave part of a line at the end of
    the log; it was never acknowledged, and is kept, not dropped, in the side
    file named in the message.
    """


class OmittedEventsWarning(TimelineWarning):
    """Events that an export or import had to leave out, named in ``event_ids``.

    :func:`~timeline.to_ical` leaves out undated events (``event_ids`` are their
    ids); :func:`~timeline.from_ical` skips to-dos, journal entries and other
    components that are not events (their UIDs, or ``"VTODO at line 12"`` without
    one), and relations to events the calendar does not hold (those events' ids).
    """

    event_ids: tuple[str, ...]

    def __init__(self, message: str, event_ids: Iterable[str] = ()) -> None:
        self.event_ids = tuple(event_ids)
        super().__init__(message)


class UnreadableEventsWarning(OmittedEventsWarning):
    """Events of another program's calendar that could not be read, and were left out.

    :func:`~timeline.from_ical` keeps every event of a foreign calendar that it can
    read; each one it cannot (a date that is not a date, a duration of millions of
    years, a ``DTSTART`` whose parameters cannot be read) is left out and named here: ``event_ids`` as
    for skipped components (``"VEVENT abc@example.com"``, or ``"VEVENT at line 12"``
    without a ``UID``), ``problems`` with each problem's line, component and reason.
    """

    problems: tuple[Problem, ...]

    def __init__(self, message: str, event_ids: Iterable[str] = (), problems: Iterable[Problem] = ()) -> None:
        self.problems = tuple(problems)
        super().__init__(message, event_ids)


class InputQuirksWarning(TimelineWarning):
    """Mistakes in another program's file that were read past, each kind reported once.

    :func:`~timeline.from_ical` reads past what real calendar programs get wrong:
    a stray line that is not ``NAME:VALUE`` (left out), a property name with spaces
    in it (read without them), a component never closed (closed where the next one
    begins), text after ``END:VCALENDAR`` (left out), bytes that are not UTF-8
    (replaced by U+FFFD). ``problems`` holds every one, with its line.
    """

    problems: tuple[Problem, ...]

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        self.problems = tuple(problems)
        super().__init__(message)
