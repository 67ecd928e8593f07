""":class:`EventLog`: an append-only, bitemporal history of a timeline in a JSON Lines file."""

from __future__ import annotations

import datetime as dt
import os
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from timeline._validation import quote
from timeline.errors import InvalidInputError, LogRepairWarning, Problem, TimelineError
from timeline.log._file import side_file
from timeline.log._format import decode_revision, header_line, revision_line
from timeline.log._index import Mark
from timeline.log._reader import LogReader, PendingBatch
from timeline.log._revision import Operation, Reason, Revision, as_reason, check_by, moment_of, stamp, utc_moment
from timeline.log._state import State
from timeline.model import Citation, Event

__all__ = ["EventLog"]

Clock = Callable[[], dt.datetime]


def _targets_first(events: list[Event]) -> list[Event]:
    """``events`` in their order, except that an event comes after those among them it points at.

    A circle of relations is left as it comes, for :meth:`EventLog.put` to refuse.

    A depth-first walk, where each event follows right after the targets it waits
    for. :class:`graphlib.TopologicalSorter` would order by rounds instead (every
    event that points at nothing first), so the same file would be recorded in
    another order than before, and it refuses a circle outright.
    """
    by_id = {event.id: event for event in events}
    placed: dict[str, Event] = {}
    visiting: set[str] = set()
    for first in events:
        stack = [(first, iter(first.relations))]
        visiting.add(first.id)
        while stack:
            event, relations = stack[-1]
            relation = next(relations, None)
            if relation is None:
                stack.pop()
                visiting.discard(event.id)
                placed.setdefault(event.id, event)
                continue
            target = by_id.get(relation.target)
            if target is not None and target.id not in placed and target.id not in visiting:
                visiting.add(target.id)
                stack.append((target, iter(target.relations)))
    return list(placed.values())


def _system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class EventLog(LogReader):
    """An append-only history of revisions to a timeline, kept in a JSON Lines file.

    Each :class:`~timeline.Revision` puts an event (adding it or replacing the one
    with its id) or retracts an id, and records who did it, why, and when: the
    *recorded time*, in UTC, strictly increasing through the log. An event's own
    ``when`` is the *valid time*; the log keeps both, so it can answer what was
    believed at any recorded time (:meth:`timeline`), how one event was revised
    (:meth:`history`), and what changed between two times (:meth:`diff`).

    ``EventLog(path, title=…)`` opens the log at ``path``, creating it (with
    ``title`` and ``description`` in its header line) if it does not exist;
    ``EventLog(path)`` opens an existing log. The file format is described in
    ``docs/explanation/log.md`` (the documentation's page "The event log").

    Guarantees:

    - **Durable.** An append returns once its line is written and ``fsync``-ed. With
      ``durable=False`` appends skip the ``fsync``: they survive the process
      dying, not the machine; for bulk loads. :meth:`batch` writes many
      revisions with one write and one ``fsync``.
    - **Crash-safe.** Every line is written whole with one ``write``; a process that
      dies in the middle can leave only a *torn* last line, never acknowledged.
      The next append (or :meth:`repair`) moves it, byte for byte and holding the
      lock, into the side file ``<name>.torn``, with a
      :class:`~timeline.errors.LogRepairWarning`, so it never makes the log
      unreadable and is never dropped silently. A write that fails (a full disk,
      an I/O error) raises :class:`~timeline.errors.TimelineError` and cuts the
      file back to where it was.
    - **Read-only readers.** Opening a log and asking it questions never changes
      the file: it is opened read-only (a file for appending is opened only to
      append), so a log on a read-only file or folder can be read. A reader
      ignores a torn tail (warning about it when opening). A last line that is
      complete and sealed but lacks its final line break (editors and tools strip
      it) is a revision; the next append writes the line break first.
    - **Concurrent.** Processes (and threads) appending to one log are serialised
      by an exclusive ``flock`` on the file, held while the new lines of others
      are read, the new revision is chained to the last one and written. Readers
      take a shared lock to catch up with lines others appended. Each process
      must open the log itself: a log object must not be shared across ``fork``.
    - **Checked.** Reading a log checks every line's hash, the chain, the sequence
      numbers, the order of recorded times and the operations; the events on the
      lines are read (and checked) when first needed, and all of them by
      :meth:`verify`. Appends are refused when they would make an invalid
      timeline (a relation to an event not in the log, a ``part_of`` circle, one
      source key for two sources). Damage raises
      :class:`~timeline.errors.CorruptLogError` naming the file and line; the file
      is never changed because of it.

    ``clock`` gives the recorded time of appends made without ``at=`` (default:
    the system's UTC clock). Should it read at or before the last recorded time
    (a clock stepped back, two appends in one microsecond), the revision is
    recorded one microsecond after the last, keeping the order strict.

    Use it as a context manager, or call :meth:`close`. POSIX only (it needs
    ``flock``).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        title: str | None = None,
        description: str | None = None,
        durable: bool = True,
        clock: Clock | None = None,
    ) -> None:
        header = None if title is None else header_line(title, description)
        super().__init__(path, create=header is not None)
        self._durable = durable
        self._clock = clock or _system_clock
        self._state: State | None = None
        try:
            self._start(header, title)
        except BaseException:
            self._file.close()
            raise

    def _start(self, header: tuple[bytes, str] | None, title: str | None) -> None:
        with self._file.locked(exclusive=False):
            torn = self._catch_up()
        if self._index.title is None and header is not None:
            # An empty log (or one whose header was torn): write the header, holding the lock to write.
            with self._file.locked(exclusive=True):
                torn = self._catch_up()
                if self._index.title is None:
                    if torn is not None:
                        self._set_aside(*torn)
                        torn = None
                    self._file.append(header[0], durable=True)
                    self._index.raise_if(self._index.scan(header[0], 0))
        if self._index.title is None:
            raise TimelineError(f"{self._path}: the log is empty; give a title to start it")
        if title is not None and title != self._index.title:
            raise InvalidInputError.at(
                "title",
                f"{self._path} is the log of {quote(self._index.title)}: open it with that title, or with none",
            )
        if torn is not None:
            warnings.warn(
                LogRepairWarning(
                    f"{self._path}: a torn last line ({len(torn[1]):,} bytes, left by an append that never finished)"
                    f" is ignored; the next append or repair() moves it to {side_file(self._path)}"
                ),
                stacklevel=3,
            )

    def _writable(self) -> None:
        self._file.writer()

    def _set_aside(self, offset: int, torn: bytes) -> Path:
        """Move a torn tail into the side file, with a warning; hold the exclusive lock."""
        side = self._file.set_aside(offset, torn)
        warnings.warn(
            LogRepairWarning(
                f"{self._path}: a torn last line ({len(torn):,} bytes, left by an append that never finished)"
                f" was moved to {side}"
            ),
            stacklevel=5,
        )
        return side

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Append several revisions with one write and one ``fsync``, holding the lock throughout.

        Inside ``with log.batch():`` each :meth:`put` and :meth:`retract` is checked
        and returns its revision at once, but nothing reaches the file until the
        block ends; if the block raises, none of its revisions are written. Other
        writers wait until the block ends. A batch is for speed, not a
        transaction: a crash while it is being written can keep a leading part of
        it (each kept revision whole and valid). Batches nest: an inner one joins
        the outer.
        """
        with self._mutex:
            if self._batch is not None:
                yield
                return
            self._usable()
            self._writable()
            with self._file.locked(exclusive=True):
                if not self._file.is_at_path():
                    raise TimelineError(f"{self._path}: the log file was removed or replaced; open it again")
                torn = self._catch_up()
                if torn is not None:
                    self._set_aside(*torn)
                self._live_state()
                batch = self._batch = PendingBatch(self._index.mark())
                try:
                    yield
                    if batch.lines:
                        # A last line left without its line break (by an editor, say) gets it first.
                        newline = b"\n" if batch.mark.unterminated else b""
                        self._file.append(newline + b"".join(batch.lines), durable=self._durable)
                except BaseException:
                    self._rollback(batch.mark)
                    raise
                finally:
                    self._batch = None

    def _live_state(self) -> State:
        """The events believed now, that appends are checked against: built for the first append, then kept up."""
        if self._state is None:
            state = State()
            for event in self._live_events():
                state.put(event)
            self._state = state
            self._index.on_line = self._follow_others
        return self._state

    def _follow_others(self, index: int, line: bytes) -> None:
        """Keep the live state up with a revision another process appended (called by the index)."""
        state = self._state
        if state is None:
            return
        event_id = self._index.ids[index]
        if not self._index.puts[index]:
            state.retract(event_id)
            return
        try:
            event = decode_revision(line, self._sources).event
        except InvalidInputError:
            # Dropped; rebuilding it for the next append reports the line.
            self._state, self._index.on_line = None, None
            return
        assert event is not None
        state.put(event)
        self._cache[event_id] = (index, event)

    def _rollback(self, mark: Mark) -> None:
        touched = self._index.rollback(mark)
        for event_id in touched:
            cached = self._cache.get(event_id)
            if cached is not None and cached[0] >= mark.count:
                del self._cache[event_id]
        if self._state is not None:
            for event_id in touched:
                self._state.retract(event_id)
                live = self._index.live.get(event_id)
                if live is not None:
                    self._state.put(self._event_at(live))

    def _next_time(self, at: dt.datetime | None) -> str:
        last = self._index.ats[-1] if self._index.ats else ""
        if at is not None:
            text = stamp(utc_moment(at, "at"))
            if text <= last:
                raise InvalidInputError.at(
                    "at", f"{text} is not after {last}, the log's last recorded time: recorded times must increase"
                )
            return text
        text = stamp(utc_moment(self._clock(), "clock()"))
        if text <= last:
            text = stamp(moment_of(last).add(microseconds=1))
        return text

    def _append(
        self, op: Operation, event_id: str, *, event: Event | None, by: str, why: Reason | None, at: dt.datetime | None
    ) -> Revision:
        batch, state, index = self._batch, self._state, self._index
        assert batch is not None
        assert state is not None
        text = self._next_time(at)
        seq, prev = len(index) + 1, index.head
        line, digest = revision_line(seq=seq, prev=prev, at=text, op=op, event_id=event_id, by=by, why=why, event=event)
        index.add_pending(line)
        batch.lines.append(line)
        if event is not None:
            state.put(event)
            self._cache[event_id] = (seq - 1, event)
        else:
            state.retract(event_id)
        return Revision(
            seq=seq, at=moment_of(text), op=op, event_id=event_id, event=event, by=by, why=why, prev=prev, hash=digest
        )

    def put(
        self,
        event: Event,
        *,
        by: str,
        why: Reason | Citation | str | None = None,
        at: dt.datetime | None = None,
    ) -> Revision:
        """Record ``event``: added if its id is new to the log, else replacing the one believed so far.

        ``by`` says who records it; ``why`` is a note, a :class:`~timeline.Citation`
        of what prompted it, or a :class:`~timeline.Reason` with both. ``at`` is the
        recorded time (an aware datetime, after the log's last); by default the
        log's clock. Returns the revision once it is on disk (see :meth:`batch`).

        Raises :class:`~timeline.errors.InvalidInputError` if the event would make
        the timeline invalid (a relation to an event not in the log, a ``part_of``
        circle, a source key that names a different source in another event), or
        for a bad ``by``, ``why`` or ``at``; nothing is recorded then.
        """
        if not isinstance(event, Event):
            raise InvalidInputError.at("event", f"expected an Event, got {type(event).__name__}")
        by, reason = check_by(by), as_reason(why)
        with self.batch():
            assert self._state is not None
            problems = self._state.put_problems(event)
            if problems:
                raise InvalidInputError(problem.within("event") for problem in problems)
            return self._append(Operation.PUT, event.id, event=event, by=by, why=reason, at=at)

    def put_all(
        self,
        events: Iterable[Event],
        *,
        by: str,
        why: Reason | Citation | str | None = None,
        at: dt.datetime | None = None,
    ) -> tuple[Revision, ...]:
        """Record, as one batch, each of ``events`` that is new or differs from the version believed now.

        Unchanged events are skipped, so recording a whole edited file records only
        its edits. An event that others among ``events`` point at is recorded
        before them. With ``at``, the revisions are recorded at ``at``, ``at`` plus
        one microsecond, and so on, since recorded times increase strictly.
        Arguments otherwise as for :meth:`put`; if any event is refused, none is
        recorded, and so if two of ``events`` have one id. What is new or changed
        is decided holding the log's lock, against every revision recorded so
        far, by any process. Returns the revisions written.
        """
        events = list(events)
        first: dict[str, int] = {}
        problems = []
        for number, event in enumerate(events):
            if not isinstance(event, Event):
                problems.append(Problem(f"expected an Event, got {type(event).__name__}", f"events[{number}]"))
            elif event.id in first:
                problems.append(
                    Problem(
                        f"duplicate id {quote(event.id)} (first at events[{first[event.id]}])", f"events[{number}].id"
                    )
                )
            else:
                first[event.id] = number
        if problems:
            raise InvalidInputError(problems)
        by, reason = check_by(by), as_reason(why)
        revisions = []
        with self.batch():
            # Decided holding the lock, so that no other writer's revision comes in between.
            believed = self._live_state().events
            changed = [event for event in events if believed.get(event.id) != event]
            for number, event in enumerate(_targets_first(changed)):
                moment = None if at is None else at + dt.timedelta(microseconds=number)
                revisions.append(self.put(event, by=by, why=reason, at=moment))
        return tuple(revisions)

    def retract(
        self,
        event_id: str,
        *,
        by: str,
        why: Reason | Citation | str | None = None,
        at: dt.datetime | None = None,
    ) -> Revision:
        """Record that the event ``event_id`` is no longer believed (a report was denied, an entry was wrong).

        Arguments as for :meth:`put`. The event's earlier revisions stay in the
        log: :meth:`timeline` with an earlier ``as_of`` still shows it. Raises
        :class:`~timeline.errors.InvalidInputError` if there is no such event now,
        or if other events still point at it.
        """
        by, reason = check_by(by), as_reason(why)
        with self.batch():
            assert self._state is not None
            problems = self._state.retract_problems(event_id) if isinstance(event_id, str) else []
            if not isinstance(event_id, str):
                problems.append(Problem(f"expected an event id, got {type(event_id).__name__}"))
            if problems:
                raise InvalidInputError(problem.within("event_id") for problem in problems)
            return self._append(Operation.RETRACT, event_id, event=None, by=by, why=reason, at=at)

    def repair(self) -> Path | None:
        """Move a torn last line, if there is one, into the side file; return the side file's path.

        Appending does this too (with a warning); reading never does. Damage
        inside the log is not repaired: it raises
        :class:`~timeline.errors.CorruptLogError`.
        """
        with self._mutex:
            self._usable()
            self._writable()
            if self._batch is not None:
                raise TimelineError("repair() cannot run inside a batch")
            with self._file.locked(exclusive=True):
                torn = self._catch_up()
                return None if torn is None else self._file.set_aside(*torn)
