""":class:`EventLog`: an append-only, bitemporal history of a timeline in a JSON Lines file."""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
import warnings
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

import attrs

from timeline._validation import quote
from timeline.errors import CorruptLogError, InvalidInputError, LogRepairWarning, Problem, TimelineError
from timeline.log._file import CHUNK, LogFile, side_file
from timeline.log._format import SourceCache, decode_revision, header_line, revision_line, seal_of
from timeline.log._index import MAX_PROBLEMS, Index, Mark
from timeline.log._revision import (
    Change,
    Diff,
    Operation,
    Reason,
    Revision,
    as_reason,
    changed_fields,
    check_by,
    moment_of,
    stamp,
    utc_moment,
)
from timeline.log._state import State
from timeline.model import Citation, Event, Revisions, Timeline, Update

__all__ = ["EventLog"]

Clock = Callable[[], dt.datetime]
_EVENT_PATH = re.compile(r"events\[(\d+)\]\.?")


def _targets_first(events: list[Event]) -> list[Event]:
    """``events`` in their order, except that an event comes after those among them it points at.

    A circle of relations is left as it comes, for :meth:`EventLog.put` to refuse.
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


@attrs.define
class _Batch:
    mark: Mark
    lines: list[bytes] = attrs.field(factory=list)


class EventLog:
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
        self._path = Path(path)
        self._durable = durable
        self._clock = clock or _system_clock
        self._mutex = threading.RLock()
        header = None if title is None else header_line(title, description)
        self._file = LogFile(self._path, create=header is not None)
        self._index = Index(str(self._path))
        self._sources = SourceCache()
        self._cache: dict[str, tuple[int, Event]] = {}
        self._state: State | None = None
        self._batch: _Batch | None = None
        self._broken: CorruptLogError | None = None
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

    # -- properties ---------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        """The log's file."""
        return self._path

    @property
    def title(self) -> str:
        """The title of the log's timeline, from its header."""
        assert self._index.title is not None
        return self._index.title

    @property
    def description(self) -> str | None:
        """The description of the log's timeline, from its header."""
        return self._index.description

    def __repr__(self) -> str:
        return f"EventLog({str(self._path)!r}, title={self._index.title!r})"

    # -- opening and closing --------------------------------------------------------------------

    def close(self) -> None:
        """Close the file. Appends and reads after this raise TimelineError."""
        with self._mutex:
            self._file.close()

    def __enter__(self) -> EventLog:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def _usable(self) -> None:
        if self._file.closed:
            raise TimelineError(f"{self._path}: the log is closed")
        if self._broken is not None:
            raise self._broken

    def _writable(self) -> None:
        self._file.writer()

    # -- reading the file ----------------------------------------------------------------------

    def _catch_up(self) -> tuple[int, bytes] | None:
        """Index the lines appended since the last read; return a torn tail as (offset, bytes).

        Changes nothing: a torn tail is only returned, for a writer to set aside.
        """
        index = self._index
        size = self._file.size()
        if size < index.size:
            self._broken = CorruptLogError(
                (
                    Problem(
                        f"the log is {size:,} bytes, shorter than the {index.size:,} already read:"
                        " it was cut or replaced; open it again",
                        file=str(self._path),
                    ),
                )
            )
            raise self._broken
        problems, torn = _read_lines(self._file, index, size)
        if problems:
            self._broken = CorruptLogError(problems)
            raise self._broken
        return torn

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

    def _line(self, index: int) -> bytes:
        batch = self._batch
        if batch is not None and index >= batch.mark.count:
            return batch.lines[index - batch.mark.count][:-1]
        start, length = self._index.span(index)
        return self._file.read(start, length)

    def _revision_at(self, index: int) -> Revision:
        try:
            return decode_revision(self._line(index), self._sources)
        except InvalidInputError as error:
            raise CorruptLogError(
                attrs.evolve(problem, line=self._index.line_of(index), file=str(self._path))
                for problem in error.problems
            ) from error

    def _event_at(self, index: int) -> Event:
        event_id = self._index.ids[index]
        cached = self._cache.get(event_id)
        if cached is not None and cached[0] == index:
            return cached[1]
        event = self._revision_at(index).event
        assert event is not None
        if self._index.live.get(event_id) == index:
            self._cache[event_id] = (index, event)
        return event

    @contextmanager
    def _reading(self) -> Iterator[None]:
        with self._mutex:
            self._usable()
            if self._batch is None:
                with self._file.locked(exclusive=False):
                    self._catch_up()
            yield

    # -- appending -------------------------------------------------------------------------------

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
                self._own_state()
                batch = self._batch = _Batch(self._index.mark())
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

    def _own_state(self) -> State:
        if self._state is None:
            state = State()
            for index in self._index.live.values():
                state.put(self._event_at(index))
            self._state = state
            self._index.on_line = self._follow
        return self._state

    def _follow(self, index: int, line: bytes) -> None:
        """Keep the state up with a revision another process appended."""
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
        index.add_own(line)
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
            believed = self._own_state().events
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

    # -- questions -------------------------------------------------------------------------------

    def __len__(self) -> int:
        """How many revisions the log holds."""
        with self._reading():
            return len(self._index)

    def __iter__(self) -> Iterator[Revision]:
        """Every revision, oldest first (the lines already appended when iteration starts)."""
        with self._reading():
            count = len(self._index)
        for index in range(count):
            with self._mutex:
                revision = self._revision_at(index)
            yield revision

    def _count(self, as_of: dt.datetime | None, path: str) -> int:
        return self._index.count_at(None if as_of is None else stamp(utc_moment(as_of, path)))

    def timeline(self, as_of: dt.datetime | None = None, *, title: str | None = None) -> Timeline:
        """The timeline as believed at the recorded time ``as_of`` (an aware datetime).

        It holds the last version put of every event not retracted by then; with
        ``as_of=None``, after every revision recorded so far. Its title and
        description are the log's, or ``title`` if given. Raises
        :class:`~timeline.errors.CorruptLogError` naming the line of an event that
        cannot be read.
        """
        with self._reading():
            live = self._index.live_at(self._count(as_of, "as_of"))
            indices = sorted(live.values())
            events = [self._event_at(index) for index in indices]
            try:
                return Timeline(title or self.title, events, description=self.description)
            except InvalidInputError as error:
                raise self._located(error, indices) from error

    def _located(self, error: InvalidInputError, indices: list[int]) -> CorruptLogError:
        """A timeline's problems with ``events[k]`` as the line of the k-th event given."""
        problems = []
        for problem in error.problems:
            found = _EVENT_PATH.match(problem.path)
            if found is None:
                problems.append(attrs.evolve(problem, file=str(self._path)))
                continue
            line = self._index.line_of(indices[int(found[1])])
            path = "event" + ("." if found.end() < len(problem.path) else "") + problem.path[found.end() :]
            problems.append(attrs.evolve(problem, path=path.rstrip("."), line=line, file=str(self._path)))
        return CorruptLogError(problems)

    def history(self, event_id: str) -> tuple[Revision, ...]:
        """Every revision of the event ``event_id``, oldest first; empty if the log never had it."""
        with self._reading():
            return tuple(self._revision_at(index) for index in self._index.by_id.get(event_id, ()))

    def revisions(self, as_of: dt.datetime | None = None) -> dict[str, Revisions]:
        """How each event believed at ``as_of`` was recorded, by id, for exporters.

        For every event of ``timeline(as_of)``: its first and last recorded times
        and how many revisions it had by then (retractions and puts again
        included). iCalendar export writes them as ``CREATED``,
        ``DTSTAMP``/``LAST-MODIFIED`` and ``SEQUENCE``. Its ``updates`` list each
        later put that changed the event or gave a reason, with the fields changed
        against the version put before, the date before and after where the
        effective date changed, and the reason: only recorded times, so the same
        log gives the same updates. The pages show them under the event, and
        iCalendar in an "Updates" block of ``DESCRIPTION``.
        """
        with self._reading():
            index = self._index
            count = self._count(as_of, "as_of")
            result = {}
            for event_id in sorted(index.live_at(count)):
                revisions = index.by_id[event_id]
                seen = bisect_left(revisions, count)
                result[event_id] = Revisions(
                    created=moment_of(index.ats[revisions[0]]),
                    modified=moment_of(index.ats[revisions[seen - 1]]),
                    count=seen,
                    updates=self._updates(revisions[:seen]) if seen > 1 else (),
                )
            return result

    def _updates(self, indices: list[int]) -> tuple[Update, ...]:
        """The updates of one event from its revisions (indices into the log): every put after the first.

        A put is compared with the put before it; a retraction in between is not an
        update of its own, and the put that brings the event back shows what differs.
        """
        updates = []
        previous: Event | None = None
        for index in indices:
            if not self._index.puts[index]:
                continue
            revision = self._revision_at(index)
            event = revision.event
            assert event is not None
            if previous is not None:
                fields = changed_fields(previous, event)
                why = revision.why
                if fields or why is not None:
                    before, after = previous.effective_when, event.effective_when
                    moved = before != after
                    updates.append(
                        Update(
                            revision.at,
                            fields=fields,
                            before=before if moved else None,
                            after=after if moved else None,
                            note=None if why is None else why.note,
                            citation=None if why is None else why.citation,
                        )
                    )
            previous = event
        return tuple(updates)

    def diff(self, since: dt.datetime, until: dt.datetime | None = None) -> Diff:
        """What changed in the timeline between the recorded times ``since`` and ``until``.

        ``until=None`` means after every revision so far. See :class:`~timeline.Diff`.
        """
        with self._reading():
            before = self._index.live_at(self._count(since, "since"))
            after = self._index.live_at(self._count(until, "until"))
            added = [self._event_at(after[key]) for key in sorted(after.keys() - before.keys())]
            retracted = [self._event_at(before[key]) for key in sorted(before.keys() - after.keys())]
            changed = []
            for key in sorted(before.keys() & after.keys()):
                if before[key] == after[key]:
                    continue
                old, new = self._event_at(before[key]), self._event_at(after[key])
                if old != new:
                    changed.append(Change(old, new, changed_fields(old, new)))
            return Diff(tuple(added), tuple(changed), tuple(retracted))

    def verify(self) -> str:
        """Read the whole file again and check everything; return the hash of the last line.

        On top of what reading always checks (each line's hash, the chain, the
        sequence, the order of times, the operations), every event and reason is
        read and checked, keys must not repeat in an object, and each revision
        must leave a valid timeline. A torn last line not yet moved aside counts
        as a problem. Raises :class:`~timeline.errors.CorruptLogError` listing every
        problem with its line.

        The returned hash stands for the whole log: kept somewhere else, it shows
        later whether the log was rewritten, which the chain alone cannot.
        """
        with self._mutex:
            if self._file.closed:
                raise TimelineError(f"{self._path}: the log is closed")
            with self._file.locked(exclusive=False):
                return _verify(self._file, str(self._path))


def _read_lines(file: LogFile, index: Index, size: int) -> tuple[list[Problem], tuple[int, bytes] | None]:
    """Scan the file from the end of ``index`` to ``size``; return problems and a torn tail.

    A last line without its line break is a line like any other if it ends in a
    seal that matches its content (an editor or a tool dropped the final line
    break); otherwise it is torn, and returned, not indexed.
    """
    problems: list[Problem] = []
    if index.unterminated:
        if size == index.size:
            return problems, None
        if file.read(index.size, 1) != b"\n":
            problems.append(
                Problem(
                    "the last line, complete when it was read, was continued without a line break:"
                    " the file was changed by something other than timeline",
                    line=index.lines,
                    file=index.file,
                )
            )
            return problems, None
        index.unterminated = False
    offset = index.end
    carry = b""
    while offset < size:
        chunk = carry + file.read(offset, min(CHUNK, size - offset))
        base = offset - len(carry)
        offset = base + len(chunk)
        cut = chunk.rfind(b"\n") + 1
        if cut:
            problems.extend(index.scan(chunk if cut == len(chunk) else chunk[:cut], base))
        carry = chunk[cut:]
    if carry and (seal := seal_of(carry)) is not None and seal[0] == seal[1]:
        problems.extend(index.scan(carry + b"\n", size - len(carry)))
        index.unterminated = True
        carry = b""
    return problems, ((size - len(carry), carry) if carry else None)


def _verify(file: LogFile, name: str) -> str:
    index = Index(name)
    state = State()
    sources = SourceCache()
    problems: list[Problem] = []
    unread: list[int] = []

    def check(position: int, line: bytes) -> None:
        number = index.lines
        try:
            revision = decode_revision(line, sources, strict=True)
        except InvalidInputError as error:
            problems.extend(attrs.evolve(problem, line=number, file=name) for problem in error.problems)
            unread.append(number)
            if not index.puts[position]:
                state.retract(index.ids[position])
            return
        if unread:
            # Past a revision that could not be read, the timeline it left is unknown.
            if revision.event is not None:
                state.put(revision.event)
            else:
                state.retract(revision.event_id)
            return
        if revision.event is not None:
            found = [problem.within("event") for problem in state.put_problems(revision.event)]
            state.put(revision.event)
        else:
            found = [problem.within("id") for problem in state.retract_problems(revision.event_id)]
            state.retract(revision.event_id)
        problems.extend(attrs.evolve(problem, line=number, file=name) for problem in found)

    index.on_line = check
    size = file.size()
    problems.extend(_read_lines(file, index, size)[0])
    torn_line = index.lines + 1
    if index.size < size:
        problems.append(
            Problem(
                f"a torn last line ({size - index.end:,} bytes, no line break): an append never finished;"
                " repair() moves it aside",
                line=torn_line,
                file=name,
            )
        )
    if index.title is None:
        problems.append(Problem("the log is empty: it has no header", file=name))
    if problems:
        problems.sort(key=lambda problem: problem.line or 0)
        raise CorruptLogError(problems[:MAX_PROBLEMS])
    return index.head
