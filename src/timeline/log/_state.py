"""The events a log believes now, kept so that each append is checked in time proportional to its size.

A log must replay into a valid :class:`~timeline.Timeline` at every recorded time,
so an append is refused when it would break one of the timeline's rules: a
relation must point at an event of the log, ``part_of`` must not go round in a
circle, and a source key must not name two different sources. Building the
whole timeline for each append would make a log of ``n`` events cost ``n`` per
append; this keeps what the rules need instead: who points at whom, and which
events use which source key.
"""

from __future__ import annotations

from timeline._validation import quote
from timeline.errors import Problem
from timeline.log._format import cited_with_paths
from timeline.model import Event, RelationKind, Source

__all__ = ["State"]


class State:
    """The live events, with the indexes the timeline's rules need."""

    def __init__(self) -> None:
        self.events: dict[str, Event] = {}
        self._pointers: dict[str, set[str]] = {}
        self._sources: dict[str, tuple[Source, set[str]]] = {}

    def put_problems(self, event: Event) -> list[Problem]:
        """Why putting ``event`` would make the timeline invalid; paths are inside ``event``."""
        problems: list[Problem] = []
        for number, relation in enumerate(event.relations):
            if relation.target not in self.events:
                problems.append(
                    Problem(
                        f"{relation.kind.value} points at {quote(relation.target)}, which is not an event of the log;"
                        " put it first",
                        f"relations[{number}].target",
                    )
                )
        cycle = self._cycle_through(event)
        if cycle:
            problems.append(Problem("part_of goes round in a circle: " + " → ".join(cycle), "relations"))
        in_event: dict[str, Source] = {}
        for where, citation in cited_with_paths(event):
            for depth, source in enumerate(citation.source.chain()):
                path = f"{where}.source" + ".via" * depth
                known = in_event.setdefault(source.ref, source)
                if known != source:
                    problems.append(Problem(f"the source key {quote(source.ref)} names two different sources", path))
                    continue
                entry = self._sources.get(source.ref)
                if entry is None or entry[0] == source:
                    continue
                users = entry[1]
                if len(users) > (1 if event.id in users else 0):
                    other = min(users - {event.id})
                    problems.append(
                        Problem(
                            f"the source key {quote(source.ref)} names a different source in {quote(other)}",
                            path,
                        )
                    )
        return problems

    def retract_problems(self, event_id: str) -> list[Problem]:
        """Why retracting ``event_id`` would make the timeline invalid."""
        if event_id not in self.events:
            return [Problem(f"there is no event {quote(event_id)} in the log to retract")]
        pointing = sorted(self._pointers.get(event_id, ()))
        if pointing:
            named = ", ".join(quote(other) for other in pointing[:5]) + (" …" if len(pointing) > 5 else "")
            return [Problem(f"{quote(event_id)} cannot be retracted while {named} point at it; change those first")]
        return []

    def _cycle_through(self, event: Event) -> list[str] | None:
        """A ``part_of`` circle that putting ``event`` would close, as the ids along it.

        Only an event that others point at can close one; the search visits each
        event above ``event`` once. (:class:`graphlib.TopologicalSorter` would need
        every event's ``part_of`` for each append, and its
        :class:`~graphlib.CycleError` names a circle found from wherever its walk
        began, not this one from ``event``.)
        """
        if event.id not in self._pointers:
            return None
        came_from: dict[str, str] = {}
        stack = []
        for parent in event.related(RelationKind.PART_OF):
            if parent not in came_from:
                came_from[parent] = event.id
                stack.append(parent)
        while stack:
            node = stack.pop()
            if node == event.id:
                path = [node]
                while (node := came_from[node]) != event.id:
                    path.append(node)
                return [event.id, *reversed(path)]
            if node not in self.events:
                continue
            for parent in self.events[node].related(RelationKind.PART_OF):
                if parent not in came_from:
                    came_from[parent] = node
                    stack.append(parent)
        return None

    def put(self, event: Event) -> None:
        """Add or replace ``event``, unchecked."""
        self.retract(event.id)
        self.events[event.id] = event
        for relation in event.relations:
            self._pointers.setdefault(relation.target, set()).add(event.id)
        for citation in event.all_citations:
            for source in citation.source.chain():
                entry = self._sources.get(source.ref)
                if entry is None or entry[0] != source:
                    self._sources[source.ref] = (source, {event.id})
                else:
                    entry[1].add(event.id)

    def retract(self, event_id: str) -> None:
        """Remove ``event_id`` if it is there, unchecked."""
        old = self.events.pop(event_id, None)
        if old is None:
            return
        for relation in old.relations:
            pointing = self._pointers.get(relation.target)
            if pointing is not None:
                pointing.discard(event_id)
                if not pointing:
                    del self._pointers[relation.target]
        for citation in old.all_citations:
            for source in citation.source.chain():
                entry = self._sources.get(source.ref)
                if entry is not None:
                    entry[1].discard(event_id)
                    if not entry[1]:
                        del self._sources[source.ref]
