"""What a log knows of each of its lines without decoding the events on them.

Reading a log checks every line cheaply: its seal (the hash of its bytes), the
chain (``prev`` is the hash of the line before), ``seq`` counting up by one,
recorded times strictly increasing, a known operation, and no retraction of an
event that is not there. It keeps, per revision, the recorded time, the
operation, the event id and where the line is; the events themselves are decoded
only when asked for (:mod:`timeline.log._format`).
"""

from __future__ import annotations

import functools
import hashlib
from bisect import bisect_right
from collections.abc import Callable
from typing import Final

import attrs

from timeline._validation import quote
from timeline.errors import CorruptLogError, InvalidInputError, Problem
from timeline.log._fields import time_problem
from timeline.log._format import PREFIX, SEAL_SIZE, diagnose, read_header, seal_of

__all__ = ["Index", "Mark"]

_SEAL_START: Final = b',"hash":"'
MAX_PROBLEMS: Final = 100
"""Problems listed in one error; a damaged log can have one on every line."""


def _sound_time(at: str) -> bool:
    """Whether a recorded time laid out as ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` exists, as ``time_problem`` says, quicker.

    Recorded times of a log fall on few days: each day is checked once
    (:func:`_day_problem`), the hour, minute and second by their digits (any
    microsecond goes). ``False`` for an hour, minute or second out of range
    even where ``time_problem`` might take it: the caller then asks it.
    """
    return at[11:13] < "24" and at[14:16] < "60" and at[17:19] < "60" and _day_problem(at[:10]) is None


@functools.lru_cache(maxsize=1024)
def _day_problem(day: str) -> str | None:
    """Why the day of a recorded time (``YYYY-MM-DD``, digits checked) does not exist, or ``None``."""
    return time_problem(day + "T00:00:00.000000Z")


@attrs.frozen
class Mark:
    """The index as it was before a batch, to go back to if the batch fails."""

    count: int
    end: int
    lines: int
    head: str
    unterminated: bool


class Index:
    """Every line read so far, as parallel lists (one entry per revision, in order)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.title: str | None = None
        self.description: str | None = None
        self.ats: list[str] = []
        """Each revision's recorded time, as written (text order is time order)."""
        self.puts: list[bool] = []
        """Whether each revision puts its event (else it retracts it)."""
        self.ids: list[str] = []
        self.offsets: list[int] = []
        """Where each revision's line starts in the file."""
        self._by_id: dict[str, list[int]] | None = None
        """:attr:`by_id`, once asked for: a replay to a timeline never needs it."""
        self.live: dict[str, int] = {}
        """The events believed after the last revision: id → index of its last put."""
        self.head = ""
        """The hash of the last line read, which the next line must name as ``prev``."""
        self.end = 0
        """The offset after the last line read, and after its line break (see :attr:`unterminated`)."""
        self.lines = 0
        """How many lines were read, the header included."""
        self.unterminated = False
        """Whether the last line read has no line break yet: then :attr:`end` is one past the file's end."""
        self._last_seq: int | None = 0
        self._last_at = ""
        self._live_unsure = False
        """Set past a line that could not be read: what it did is unknown, so ``live`` may be wrong."""
        self.on_line: Callable[[int, bytes], None] | None = None
        """Called with the index and bytes of each revision read, after it is indexed."""

    def __len__(self) -> int:
        return len(self.ats)

    @property
    def by_id(self) -> dict[str, list[int]]:
        """Every revision of each event id, as indices into the lists above; made on first use, then kept up."""
        if self._by_id is None:
            by_id: dict[str, list[int]] = {}
            for index, event_id in enumerate(self.ids):
                by_id.setdefault(event_id, []).append(index)
            self._by_id = by_id
        return self._by_id

    @property
    def size(self) -> int:
        """How many bytes of the file were read."""
        return self.end - self.unterminated

    def line_of(self, index: int) -> int:
        """The line number of revision ``index`` (0-based): the header is line 1."""
        return index + 2

    def scan(self, data: bytes, base: int) -> list[Problem]:
        """Index the complete lines in ``data``, which starts at offset ``base`` of the file.

        A sound line takes the fast path below, checked in place without copying
        it; anything unusual goes to :meth:`_revision`, which says what is wrong.
        The fast path keeps the count of lines, the last ``seq`` and time and the
        head (as bytes) in local variables, written back before anything else
        reads them (:meth:`_header`, :meth:`_revision`, :attr:`on_line`) and when
        the scan ends. A recorded time in the same second as one found sound
        before is sound: only its microseconds differ, and any six digits are.
        """
        problems: list[Problem] = []
        start, size = 0, len(data)
        view = memoryview(data)
        prefix, sha256, seal, sound_time, on_line = PREFIX.match, hashlib.sha256, SEAL_SIZE, _sound_time, self.on_line
        ats, puts, ids, offsets, live = self.ats, self.puts, self.ids, self.offsets, self.live
        lines, last_seq, last_at, head = self.lines, self._last_seq, self._last_at, self.head.encode("ascii")
        titled, sound_second = self.title is not None, "\0"
        try:
            while start < size:
                stop = data.find(b"\n", start)
                if stop < 0:
                    break
                lines += 1
                match = prefix(data, start, stop) if titled else None
                if match is not None and stop - seal >= match.end():
                    seq, prev, stamp, op, name = match.groups()
                    content = sha256(view[start : stop - seal])
                    content.update(b"}")
                    claimed = content.hexdigest().encode("ascii")
                    at, event_id, put = stamp.decode("ascii"), name.decode("ascii"), op == b"put"
                    if (
                        data.startswith(claimed, stop - 66)  # the seal: ,"hash":"<claimed>"} ends the line
                        and data.startswith(_SEAL_START, stop - seal)
                        and data.startswith(b'"}', stop - 2)
                        and prev == head
                        and last_seq is not None
                        and int(seq) == last_seq + 1
                        and at > last_at
                        and (at.startswith(sound_second) or sound_time(at))
                        and (put or (op == b"retract" and event_id in live))
                    ):
                        index = len(ats)
                        believed = live.get(event_id)
                        if believed is not None:
                            event_id = ids[believed]  # one string per id while it is believed
                        if self._by_id is not None:
                            self._by_id.setdefault(event_id, []).append(index)
                        ats.append(at)
                        puts.append(put)
                        ids.append(event_id)
                        offsets.append(base + start)
                        if put:
                            live[event_id] = index
                        else:
                            del live[event_id]
                        last_seq, last_at, head, sound_second = last_seq + 1, at, claimed, at[:19]
                        if on_line is not None:
                            self.lines, self._last_seq, self._last_at, self.head = (
                                lines,
                                last_seq,
                                last_at,
                                claimed.decode(),
                            )
                            on_line(index, data[start:stop])
                            on_line = self.on_line
                        start = stop + 1
                        continue
                self.lines, self._last_seq, self._last_at, self.head = lines, last_seq, last_at, head.decode("ascii")
                line = data[start:stop]
                found = self._header(line) if not titled else self._revision(line, base + start)
                lines, last_seq, last_at, head = self.lines, self._last_seq, self._last_at, self.head.encode("ascii")
                titled, on_line = self.title is not None, self.on_line
                for problem in found:
                    if len(problems) < MAX_PROBLEMS:
                        problems.append(attrs.evolve(problem, line=lines, file=self.file))
                start = stop + 1
        finally:
            self.lines, self._last_seq, self._last_at, self.head = lines, last_seq, last_at, head.decode("ascii")
        self.end = base + start
        return problems

    def _header(self, line: bytes) -> list[Problem]:
        try:
            self.title, self.description, self.head = read_header(line)
        except InvalidInputError as error:
            self.title = ""
            return list(error.problems)
        return []

    def _revision(self, line: bytes, offset: int) -> list[Problem]:
        match = PREFIX.match(line)
        seal = seal_of(line)
        if match is None or seal is None:
            self.head = seal[0] if seal is not None else ""
            self._last_seq, self._live_unsure = None, True
            return diagnose(line)
        claimed, actual = seal
        problems: list[Problem] = []
        if claimed != actual:
            problems.append(
                Problem("does not match the line's content: the line was changed after it was written", "hash")
            )
        seq = int(match[1])
        count = len(self.ats)
        if self._last_seq is not None and seq != self._last_seq + 1:
            problems.append(
                Problem(f"is {seq}, expected {self._last_seq + 1}: a revision is missing, repeated or moved", "seq")
            )
        self._last_seq = seq
        previous_line = self.lines - 1
        prev = match[2].decode("ascii")
        if self.head and prev != self.head:
            problems.append(
                Problem(
                    f"does not match the hash of line {previous_line}: a line before was changed, removed or inserted",
                    "prev",
                )
            )
        at = match[3].decode("ascii")
        if at <= self._last_at:
            problems.append(
                Problem(f"{at} is not after {self._last_at}, the time before it: recorded times must increase", "at")
            )
        self._last_at = max(at, self._last_at)
        impossible = time_problem(at)
        if impossible is not None:
            problems.append(Problem(f"{at} is not a time that exists: {impossible}", "at"))
        op = match[4]
        event_id = match[5].decode("ascii")
        put = op == b"put"
        if not put and op != b"retract":
            problems.append(Problem(f'unknown operation "{op.decode("ascii")}"; expected put or retract', "op"))
        elif not put and event_id not in self.live and not self._live_unsure:
            problems.append(
                Problem(f"retracts {quote(event_id)}, which is not an event of the log at that point", "id")
            )
        self.head = claimed
        if problems:
            self._live_unsure = True
            return problems
        self._add(at, put, event_id, offset)
        if self.on_line is not None:
            self.on_line(count, line)
        return problems

    def _add(self, at: str, put: bool, event_id: str, offset: int) -> None:
        index = len(self.ats)
        believed = self.live.get(event_id)
        if believed is not None:
            event_id = self.ids[believed]  # one string per id while it is believed
        if self._by_id is not None:
            self._by_id.setdefault(event_id, []).append(index)
        self.ats.append(at)
        self.puts.append(put)
        self.ids.append(event_id)
        self.offsets.append(offset)
        if put:
            self.live[event_id] = index
        else:
            self.live.pop(event_id, None)

    def raise_if(self, problems: list[Problem]) -> None:
        """Raise CorruptLogError if there are problems."""
        if problems:
            raise CorruptLogError(problems)

    def mark(self) -> Mark:
        """Where the index is now."""
        return Mark(len(self.ats), self.end, self.lines, self.head, self.unterminated)

    def add_pending(self, line: bytes) -> None:
        """Index a line this process is about to write (newline included); it was made valid.

        :attr:`on_line` is not called: the writer knows what the line holds.
        """
        hook, self.on_line = self.on_line, None
        try:
            problems = self.scan(line, self.end)
        finally:
            self.on_line = hook
        assert not problems, problems
        self.unterminated = False  # the write puts the missing line break first

    def rollback(self, mark: Mark) -> set[str]:
        """Forget the revisions after ``mark``; return the ids they touched."""
        touched: set[str] = set()
        by_id = self.by_id if len(self.ats) > mark.count else {}
        for index in range(len(self.ats) - 1, mark.count - 1, -1):
            event_id = self.ids[index]
            touched.add(event_id)
            revisions = by_id[event_id]
            revisions.pop()
            if not revisions:
                del by_id[event_id]
        del self.ats[mark.count :], self.puts[mark.count :], self.ids[mark.count :], self.offsets[mark.count :]
        for event_id in touched:
            remaining = by_id.get(event_id)
            if remaining and self.puts[remaining[-1]]:
                self.live[event_id] = remaining[-1]
            else:
                self.live.pop(event_id, None)
        self.end, self.lines, self.head, self.unterminated = mark.end, mark.lines, mark.head, mark.unterminated
        self._last_seq, self._last_at = mark.count, self.ats[-1] if self.ats else ""
        return touched

    def count_at(self, at: str | None) -> int:
        """How many revisions were recorded at or before ``at`` (all of them for ``None``)."""
        return len(self.ats) if at is None else bisect_right(self.ats, at)

    def live_at(self, count: int) -> dict[str, int]:
        """The live events after the first ``count`` revisions: id → index of its last put."""
        if count >= len(self.ats):
            return dict(self.live)
        live: dict[str, int] = {}
        puts, ids = self.puts, self.ids
        for index in range(count):
            if puts[index]:
                live[ids[index]] = index
            else:
                del live[ids[index]]
        return live

    def span(self, index: int) -> tuple[int, int]:
        """The offset and length of revision ``index``'s line, without its newline."""
        start = self.offsets[index]
        stop = self.offsets[index + 1] if index + 1 < len(self.offsets) else self.end
        return start, stop - start - 1
