"""The reading half of :class:`~timeline.log.EventLog`: an open log file, its index, and the questions asked of it.

:class:`LogReader` never writes: it catches up with lines others appended, decodes
the revisions it is asked about, and answers :meth:`~LogReader.timeline`,
:meth:`~LogReader.history`, :meth:`~LogReader.revisions` and :meth:`~LogReader.diff`.
:class:`~timeline.log.EventLog` adds appending to it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Final, Self

import attrs

from timeline._collector import collector_paused
from timeline.errors import CorruptLogError, InvalidInputError, Problem, TimelineError
from timeline.log._file import LogFile
from timeline.log._format import decode_event, decode_revision
from timeline.log._index import Index, Mark
from timeline.log._revision import Change, Diff, Revision, changed_fields, moment_of, stamp, utc_moment
from timeline.log._scan import read_lines, verify
from timeline.log._sources import SourceCache
from timeline.model import Event, Revisions, Timeline, Update

__all__ = ["LogReader", "PendingBatch"]

READ_AHEAD: Final = 1024 * 1024
"""Bytes read at a time when many lines are read for their events."""

_EVENT_PATH = re.compile(r"events\[(\d+)\]\.?")


@attrs.define
class PendingBatch:
    """Revisions appended in a batch, indexed but not yet written: reads inside the batch see them."""

    mark: Mark
    lines: list[bytes] = attrs.field(factory=list)


class LogReader:
    """An open log file and its index, with the questions a log answers; see :class:`~timeline.log.EventLog`."""

    def __init__(self, path: str | os.PathLike[str], *, create: bool) -> None:
        self._path = Path(path)
        self._mutex = threading.RLock()
        self._file = LogFile(self._path, create=create)
        self._index = Index(str(self._path))
        self._sources = SourceCache()
        self._cache: dict[str, tuple[int, Event]] = {}
        self._batch: PendingBatch | None = None
        self._broken: CorruptLogError | None = None

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

    def close(self) -> None:
        """Close the file. Appends and reads after this raise TimelineError."""
        with self._mutex:
            self._file.close()

    def __enter__(self) -> Self:
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
        with collector_paused():  # the index's lists and strings hold no cycles; see collector_paused
            problems, torn = read_lines(self._file, index, size)
        if problems:
            self._broken = CorruptLogError(problems)
            raise self._broken
        return torn

    def _line(self, index: int) -> bytes:
        batch = self._batch
        if batch is not None and index >= batch.mark.count:
            return batch.lines[index - batch.mark.count][:-1]
        start, length = self._index.span(index)
        return self._file.read(start, length)

    def _lines(self, indices: list[int]) -> Iterator[bytes]:
        """The lines of the revisions at ``indices`` (in ascending order), as :meth:`_line` gives them.

        The file is read in pieces of up to :data:`READ_AHEAD` bytes, each holding
        many lines, rather than with one read per line; the lines between those
        asked for are read and passed over.
        """
        batch = self._batch
        stop = 0
        for index in reversed(indices):
            if batch is None or index < batch.mark.count:
                start, length = self._index.span(index)
                stop = start + length
                break
        block, block_start = b"", 0
        offsets, end = self._index.offsets, self._index.end  # Index.span, inline: it runs for every line
        last = len(offsets) - 1
        for index in indices:
            if batch is not None and index >= batch.mark.count:
                yield self._line(index)
                continue
            start = offsets[index]
            length = (offsets[index + 1] if index < last else end) - start - 1
            if start < block_start or start + length > block_start + len(block):
                block_start = start
                block = self._file.read(start, max(length, min(READ_AHEAD, stop - start)))
            yield block[start - block_start : start - block_start + length]

    def _revision_at(self, index: int) -> Revision:
        try:
            return decode_revision(self._line(index), self._sources)
        except InvalidInputError as error:
            raise self._in_line(error, index) from error

    def _in_line(self, error: InvalidInputError, index: int) -> CorruptLogError:
        return CorruptLogError(
            attrs.evolve(problem, line=self._index.line_of(index), file=str(self._path)) for problem in error.problems
        )

    def _cached(self, index: int) -> Event | None:
        """The event put at ``index`` if it is in the cache."""
        cached = self._cache.get(self._index.ids[index])
        return cached[1] if cached is not None and cached[0] == index else None

    def _event_on(self, index: int, line: bytes) -> Event:
        """The event put by revision ``index``, whose line is ``line``; kept in the cache if it is believed now."""
        event_id = self._index.ids[index]
        try:
            event = decode_event(line, self._sources, self._index.ats[index], event_id)
        except InvalidInputError as error:
            raise self._in_line(error, index) from error
        if self._index.live.get(event_id) == index:
            self._cache[event_id] = (index, event)
        return event

    def _event_at(self, index: int) -> Event:
        cached = self._cached(index)
        return cached if cached is not None else self._event_on(index, self._line(index))

    def _events_at(self, indices: list[int]) -> list[Event]:
        """The events put by the revisions at ``indices`` (strictly ascending), as :meth:`_event_at` gives them.

        :meth:`_cached` and :meth:`_event_on`, inline: this runs for every event of a replay.
        """
        cache, sources = self._cache, self._sources
        ids, ats, live = self._index.ids, self._index.ats, self._index.live
        if cache:
            lines = self._lines(
                [index for index in indices if (found := cache.get(ids[index])) is None or found[0] != index]
            )
        else:  # a first replay: every line is read
            lines = self._lines(indices)
        events = []
        for index in indices:
            event_id = ids[index]
            found = cache.get(event_id)
            if found is not None and found[0] == index:
                events.append(found[1])
                continue
            try:
                event = decode_event(next(lines), sources, ats[index], event_id)
            except InvalidInputError as error:
                raise self._in_line(error, index) from error
            if live.get(event_id) == index:
                cache[event_id] = (index, event)
            events.append(event)
        return events

    def _live_events(self) -> list[Event]:
        """Every event believed now, in the order of the index's ``live`` map, as :meth:`_event_at` gives them.

        The lines are read in file order, in large pieces (see :meth:`_lines`), and
        the events put back in the map's order. Should several lines fail, the
        error raised is that of the first in the map's order, as reading them one
        by one in that order would raise.
        """
        live = list(self._index.live.values())
        wanted = sorted(index for index in live if self._cached(index) is None)
        found: dict[int, Event | Exception] = {}
        for index, line in zip(wanted, self._lines(wanted), strict=True):
            try:
                found[index] = self._event_on(index, line)
            except Exception as error:  # noqa: BLE001 -- raised below, in the map's order
                found[index] = error
        events = []
        for index in live:
            event = found[index] if index in found else self._cached(index)
            if isinstance(event, Exception):
                raise event
            assert event is not None
            events.append(event)
        return events

    @contextmanager
    def _reading(self) -> Iterator[None]:
        with self._mutex:
            self._usable()
            if self._batch is None:
                with self._file.locked(exclusive=False):
                    self._catch_up()
            yield

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
        with self._reading(), collector_paused():
            live = self._index.live_at(self._count(as_of, "as_of"))
            indices = sorted(live.values())
            events = self._events_at(indices)
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
                return verify(self._file, str(self._path))
