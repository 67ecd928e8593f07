"""An ordered, validated collection of events: :class:`Timeline`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from timeline._validation import (
    check_line,
    check_text,
    freeze_extra,
    quote,
    raise_problems,
    rejected,
    report_rejected,
)
from timeline.errors import InvalidInputError, Problem
from timeline.model.event import Account, Event, RelationKind, Status
from timeline.model.provenance import Source, enum_value
from timeline.model.when import RangeEnd, When, check_range

__all__ = ["Merge", "Timeline"]


def _sort_key(event: Event) -> tuple[Any, ...]:
    """The effective date's start as written, then precision (coarser first), then end, then id; undated last."""
    when = event.when
    if event.duration is not None or not when.is_dated:  # else the effective date is the date as written
        when = event.effective_when
    key = when.sort_key
    return (key.undated, key.start, key.precision, key.end, event.id)


def _check_events(events: tuple[object, ...]) -> list[Problem]:
    """Every problem of the events as a whole, with paths in the order given."""
    problems: list[Problem] = []
    # The usual case, only events and no id twice, needs no walk: then each id's index is its first.
    plain = all(type(event) is Event for event in events)
    first_seen = {event.id: index for index, event in enumerate(events)} if plain else {}  # type: ignore[attr-defined]
    if len(first_seen) < len(events):
        first_seen = {}
        for index, event in enumerate(events):
            if not isinstance(event, Event):
                problems.append(Problem(f"expected an Event, got {type(event).__name__}", f"events[{index}]"))
                continue
            if event.id in first_seen:
                problems.append(
                    Problem(
                        f"duplicate id {quote(event.id)} (first at events[{first_seen[event.id]}])",
                        f"events[{index}].id",
                    )
                )
            else:
                first_seen[event.id] = index
    if problems:
        return problems
    typed: tuple[Event, ...] = events  # type: ignore[assignment]
    for index, event in enumerate(typed):
        if not event.relations:
            continue
        for number, relation in enumerate(event.relations):
            if relation.target not in first_seen:
                problems.append(
                    Problem(
                        f"{relation.kind.value} points at {quote(relation.target)}, which is not an event here",
                        f"events[{index}].relations[{number}].target",
                    )
                )
    problems.extend(_cycle_problems(typed, first_seen))
    problems.extend(_source_key_problems(typed))
    return problems


def _cycle_problems(events: tuple[Event, ...], position: Mapping[str, int]) -> list[Problem]:
    """A problem for every circle of ``part_of`` relations, each named from where the walk first meets it.

    A depth-first walk rather than :class:`graphlib.TopologicalSorter`, which stops
    at the first circle: every circle is reported at once. Only events with a
    ``part_of`` relation can be on one; the others are never walked into.
    """
    parents = {
        event.id: targets for event in events if event.relations and (targets := event.related(RelationKind.PART_OF))
    }
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    problems: list[Problem] = []

    def visit(start: str) -> None:
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(parents.get(start, ())))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(child) == 1:
                cycle = [*path[path.index(child) :], child]
                problems.append(
                    Problem(
                        "part_of goes round in a circle: " + " → ".join(cycle),
                        f"events[{position[node]}].relations",
                    )
                )
            elif child in parents and child not in state:
                state[child] = 1
                path.append(child)
                stack.append((child, iter(parents[child])))

    for event in events:
        if event.id in parents and event.id not in state:
            visit(event.id)
    return problems


def _source_key_problems(events: tuple[Event, ...]) -> list[Problem]:
    # The usual timeline cites a few sources many times and has no conflict. Whether a key names two
    # different sources does not depend on the order they are met in, so each distinct source object is
    # looked at once; only when there is a conflict are the citations walked in order for the paths.
    distinct = {id(citation.source): citation.source for event in events for citation in event.citations}
    distinct.update(
        (id(citation.source), citation.source)
        for event in events
        if event.accounts
        for account in event.accounts
        for citation in account.citations
    )
    seen: dict[str, Source] = {}
    if not any(_chain_conflicts(source, seen) for source in distinct.values()):
        return []
    return _source_key_paths(events)


def _source_key_paths(events: tuple[Event, ...]) -> list[Problem]:
    problems: list[Problem] = []
    by_ref: dict[str, Source] = {}
    # A source object cited again meets the same sources in by_ref as the first time (a key, once
    # taken, keeps its source), so its chain's conflicts are found once and repeated.
    conflicts_of: dict[int, tuple[tuple[int, str], ...]] = {}
    for index, event in enumerate(events):
        cited = [("citations", event.citations)]
        if event.accounts:
            cited.extend(
                (f"accounts[{number}].citations", account.citations) for number, account in enumerate(event.accounts)
            )
        for where, citations in cited:
            for number, citation in enumerate(citations):
                source = citation.source
                conflicts = conflicts_of.get(id(source))
                if conflicts is None:
                    conflicts = conflicts_of[id(source)] = _chain_conflicts(source, by_ref)
                for depth, ref in conflicts:  # the path is written only for a conflict
                    path = f"events[{index}].{where}[{number}].source" + ".via" * depth
                    problems.append(Problem(f"the source key {quote(ref)} names two different sources", path))
    return problems


def _chain_conflicts(source: Source, by_ref: dict[str, Source]) -> tuple[tuple[int, str], ...]:
    """Where in the chain of ``source`` a key names another source than the one first seen with it."""
    conflicts = []
    for depth, link in enumerate(source.chain()):
        known = by_ref.setdefault(link.ref, link)
        if known is not link and known != link:
            conflicts.append((depth, link.ref))
    return tuple(conflicts)


# Converters return a Rejected stand-in instead of raising, so that Timeline
# reports every problem at once (see _validation.Rejected).


def _events(value: Iterable[Event]) -> tuple[Event, ...]:
    if not isinstance(value, Iterable) or isinstance(value, str | bytes | Mapping):
        error = InvalidInputError.at("events", f"expected a list of Events, got {type(value).__name__}")
        return rejected(tuple, error)
    events = tuple(value)
    problems = _check_events(events)
    if problems:
        return rejected(tuple, InvalidInputError(problems))
    return tuple(sorted(events, key=_sort_key))


def _extra(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    try:
        return freeze_extra(value)
    except InvalidInputError as error:
        return rejected(Mapping, error)  # type: ignore[type-abstract]


@attrs.frozen
class Merge:
    """The result of :meth:`Timeline.merge`: the merged timeline, the ids that conflicted, and those merged.

    ``merged`` lists the ids whose two events were made one, each side's date and
    place an :class:`~timeline.Account` with that side's citations.
    """

    timeline: Timeline
    conflicts: tuple[str, ...]
    merged: tuple[str, ...] = ()


@attrs.frozen
class Timeline:
    """Events in chronological order, with a title, checked as a whole.

    ``events`` may be given in any order; they are kept sorted by the start of
    their :attr:`~Event.effective_when` as written (a time by its instant, a date from 00:00 UTC of
    its first day; see :class:`~timeline.model.when.SortKey`), coarser precision
    first, then by end and id; undated last. On
    construction the timeline checks that ids are unique, that every relation
    points at an event of the timeline, that ``part_of`` has no cycles, and that a
    source key never names two different sources; it raises
    :class:`~timeline.errors.InvalidInputError` listing every problem.

    Iterating gives the events in order; ``len`` counts them; ``"id" in timeline``
    asks for an id.
    """

    title: str
    events: tuple[Event, ...] = attrs.field(default=(), converter=_events)
    description: str | None = attrs.field(default=None, kw_only=True)
    extra: Mapping[str, Any] = attrs.field(factory=dict, kw_only=True, converter=_extra, hash=False)
    _index: Mapping[str, Event] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        check_line(problems, "title", self.title)
        report_rejected(problems, self.events)
        check_text(problems, "description", self.description)
        report_rejected(problems, self.extra)
        raise_problems(problems)
        object.__setattr__(self, "_index", {event.id: event for event in self.events})

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    def __len__(self) -> int:
        return len(self.events)

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._index

    def get(self, event_id: str) -> Event | None:
        """The event with this id, or ``None``."""
        return self._index.get(event_id)

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source cited, including those reached ``via`` another, sorted by key."""
        found: dict[str, Source] = {}
        for event in self.events:
            for citation in event.all_citations:
                for source in citation.source.chain():
                    found.setdefault(source.ref, source)
        return tuple(found[ref] for ref in sorted(found))

    def between(self, start: RangeEnd, end: RangeEnd, *, certain: bool = False) -> tuple[Event, ...]:
        """Events that may overlap the range from ``start`` to ``end``, both included.

        ``start`` and ``end`` are dates, aware datetimes, :class:`When` values or
        their text; a vague end counts in full ("2025-12" to "2025-12" is all
        December). The rule is :meth:`When.overlaps`: two times compare as
        instants, calendar days as soon as a date is involved; an open end reaches
        on without limit, an unknown end may lie anywhere after the start. With
        ``certain=True``, only events that overlap the range however their vague
        dates resolve. Undated events never match. An event's date is its
        :attr:`~Event.effective_when`; a disputed date may match where any of its
        counting accounts may, and matches for certain only where all of them do
        (:meth:`Event.overlaps`).
        """
        check_range(start, end)
        return tuple(event for event in self.events if event.overlaps(start, end, certain=certain))

    def filter(
        self,
        *,
        tag: str | None = None,
        actor: str | None = None,
        status: Status | str | None = None,
        kind: str | None = None,
        text: str | None = None,
    ) -> tuple[Event, ...]:
        """Events that match every criterion given.

        ``tag``, ``actor`` and ``kind`` match exactly; ``text`` matches a part of the
        title, description, place, kind, actors or tags, ignoring case.
        """
        wanted_status = None if status is None else enum_value(Status, status, "status")
        needle = None if text is None else text.casefold()
        found = []
        for event in self.events:
            if tag is not None and tag not in event.tags:
                continue
            if actor is not None and actor not in event.actors:
                continue
            if wanted_status is not None and event.status is not wanted_status:
                continue
            if kind is not None and event.kind != kind:
                continue
            if needle is not None and needle not in _haystack(event):
                continue
            found.append(event)
        return tuple(found)

    def undated(self) -> tuple[Event, ...]:
        """The events with no date yet, in the timeline's order."""
        return tuple(event for event in self.events if not event.effective_when.is_dated)

    def with_event(self, event: Event) -> Timeline:
        """A timeline with ``event`` added, replacing any event with the same id."""
        events = [existing for existing in self.events if existing.id != event.id]
        events.append(event)
        return attrs.evolve(self, events=events)

    def without(self, event_id: str) -> Timeline:
        """A timeline without the event ``event_id``.

        Raises :class:`~timeline.errors.InvalidInputError` if there is no such event,
        or if other events still point at it.
        """
        if event_id not in self._index:
            raise InvalidInputError(f"there is no event {quote(event_id)}")
        pointing = [
            f"{quote(event.id)} ({relation.kind.value})"
            for event in self.events
            if event.id != event_id
            for relation in event.relations
            if relation.target == event_id
        ]
        if pointing:
            raise InvalidInputError(f"cannot remove {quote(event_id)}: {', '.join(pointing)} still point at it")
        return attrs.evolve(self, events=[event for event in self.events if event.id != event_id])

    def merge(self, other: Timeline, *, accounts: bool = True) -> Merge:
        """This timeline's events and ``other``'s together.

        An id found in both with different events is merged into one event: where
        the two give different dates or places, each side's date and place
        becomes an :class:`~timeline.Account` carrying that side's citations, and
        the event's own ``when`` (or ``place``) is left out so that the accounts
        decide (:attr:`Event.effective_when`); citations both sides share stay on
        the event, and the accounts of both are kept. Such ids are listed in
        :attr:`Merge.merged`. Where the two also differ in anything else (title,
        status, tags, …), this timeline's value is kept and the id is reported
        in :attr:`Merge.conflicts`. No citation is lost, except where the two cannot
        be one event (this timeline's ``duration`` does not fit the other's date):
        then this timeline's event is kept and the id is a conflict.

        With ``accounts=False``, any difference is a conflict: this timeline's
        event is kept as it is and the id is reported in :attr:`Merge.conflicts`.

        Title, description and extra data are this timeline's. Raises
        :class:`~timeline.errors.InvalidInputError` if the merged events do not fit
        together (one source key naming two different sources).
        """
        events = dict(self._index)
        conflicts, merged = [], []
        for event in other.events:
            mine = events.get(event.id)
            if mine is None:
                events[event.id] = event
            elif mine != event:
                together = _merged(mine, event) if accounts else None
                if together is not None:
                    events[event.id] = together
                    merged.append(event.id)
                if together is None or not _same_but_provenance(mine, event):
                    conflicts.append(event.id)
        return Merge(attrs.evolve(self, events=events.values()), tuple(sorted(conflicts)), tuple(sorted(merged)))


_PROVENANCE = ("when", "place", "citations", "accounts")


def _same_but_provenance(mine: Event, theirs: Event) -> bool:
    """Whether two events differ only in what sources say of them: date, place, citations and accounts."""
    return all(
        getattr(mine, field.name) == getattr(theirs, field.name)
        for field in attrs.fields(Event)
        if field.name not in _PROVENANCE
    )


def _merged(mine: Event, theirs: Event) -> Event | None:
    """One event from two with the same id: differing dates and places become each side's accounts.

    ``None`` if the two cannot be one event: this timeline's duration does not fit the other's dates.
    """
    dates_differ = mine.when != theirs.when
    places_differ = mine.place != theirs.place
    shared = [citation for citation in mine.citations if citation in theirs.citations]
    new: list[Account] = []
    for side in (mine, theirs):
        when = side.when if dates_differ and side.when.is_dated else None
        place = side.place if places_differ else None
        if when is not None or place is not None:
            new.append(Account(when=when, place=place, citations=side.citations))
    said = [*mine.accounts, *theirs.accounts, *new]
    cited = {citation for account in said for citation in account.citations}
    lost = [citation for citation in (*mine.citations, *theirs.citations) if citation not in cited]
    citations = dict.fromkeys([*shared, *lost])  # every citation stays: on the event or in an account
    try:
        return mine.evolve(
            when=When() if dates_differ else mine.when,
            place=None if places_differ else mine.place,
            citations=tuple(citations),
            accounts=tuple(dict.fromkeys(said)),
        )
    except InvalidInputError:
        return None


def _haystack(event: Event) -> str:
    parts = [event.title, event.description or "", event.kind or "", *event.actors, *event.tags]
    if event.effective_place is not None:
        parts.append(event.effective_place.name)
    return "\n".join(parts).casefold()
