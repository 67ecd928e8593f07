"""The events read from a calendar, put together as a document and handed to the model.

Relations are resolved between the events read, and each problem the model finds
in the document is placed back at the component and line it came from.
"""

from __future__ import annotations

import re
from typing import Any, Final

from timeline._validation import quote
from timeline.errors import InvalidInputError, Problem
from timeline.formats._convert import FORMAT, VERSION, timeline_of
from timeline.formats.ical._events import Entry, Sources, related
from timeline.formats.ical._lex import CIRCLE, Line, Node, Quirk
from timeline.formats.ical._mapping import PROPERTY_OF
from timeline.formats.ical._parse import refused
from timeline.model import Timeline


def _relations(entry: Entry, ids: dict[str, str], present: set[str], missing: dict[str, None]) -> set[int]:
    """Fill ``relations`` from RELATED-TO, to the events ``present``; return the lines taken over."""
    relations: list[dict[str, str]] = []
    taken: set[int] = set()
    entry.relation_lines = []
    lines = entry.node.all("RELATED-TO")
    values = related(entry.component)
    if len(values) != len(lines):  # icalendar left out the lines it could not split
        lines = [line for line in lines if refused(line) is None]
    seen: set[tuple[str, str]] = set()
    for line, (kind, target_uid) in zip(lines, values, strict=False):
        if kind is None:
            continue
        target = ids.get(target_uid)
        if target is None or target not in present:
            if entry.from_timeline:
                name = target_uid.rpartition("@")[0] if "@" in target_uid else target_uid
                missing.setdefault(name)
            continue
        if target == entry.id or (kind, target) in seen:
            continue
        seen.add((kind, target))
        relations.append({"kind": kind, "target": target})
        entry.relation_lines.append(line.number)
        taken.add(line.number)
    entry.record["relations"] = relations
    return taken


_ROUNDS: Final = 4


def assembled(
    fields: dict[str, Any],
    entries: list[Entry],
    ids: dict[str, str],
    sources: Sources,
    calendar_lines: dict[str, int],
    *,
    strict: bool,
    quirks: list[Quirk],
) -> tuple[Timeline, list[str]]:
    """The timeline of the events read, and the ids of related events that are not in it.

    The model checks the whole document. Reading strictly, every problem it finds
    is raised; reading leniently, an event with a problem is left out (its problem
    added to ``entry.problems``), and an event whose relations go round in a circle
    loses its relations, until the model accepts the rest: an event left out can
    only take relations and sources with it, so a few rounds settle it.
    """
    alive = list(entries)
    unrelated: set[int] = set()
    for round_ in range(_ROUNDS):
        present = {entry.id for entry in alive}
        missing: dict[str, None] = {}
        for entry in alive:
            if id(entry) in unrelated:
                entry.record["relations"], entry.relation_lines, taken = [], [], set()
            else:
                taken = _relations(entry, ids, present, missing)
            if not entry.from_timeline:
                lines = [
                    line.text for line in entry.node.lines if line.name not in entry.kept and line.number not in taken
                ]
                lines.extend(_sub_lines(entry.node))
                entry.record.pop("extra", None)
                if lines:
                    entry.record["extra"] = {"ical": lines}
        used = {key for entry in alive for key in entry.source_keys}
        document = {
            "format": FORMAT,
            "version": VERSION,
            **fields,
            "sources": {key: value for key, (value, _) in sources.records.items() if key in used},
            "events": [{k: v for k, v in entry.record.items() if v is not None} for entry in alive],
        }
        try:
            return timeline_of(document), list(missing)
        except InvalidInputError as error:
            placed = [_placed(problem, alive, sources.records, calendar_lines) for problem in error.problems]
            if strict or round_ == _ROUNDS - 1 or any(not culprits for _, culprits, _ in placed):
                raise InvalidInputError(problem for problem, _, _ in placed) from None
            for problem, culprits, field in placed:
                for entry in culprits:
                    if field == "relations" and not entry.from_timeline:
                        unrelated.add(id(entry))
                        quirks.append(Quirk(CIRCLE, problem, "its relations were left out, kept as written"))
                    else:
                        entry.problems.append(problem)
            alive = [entry for entry in alive if not entry.problems]
    raise AssertionError("unreachable")  # pragma: no cover


def _sub_lines(node: Node) -> list[str]:
    lines: list[str] = []
    for child in node.children:
        lines.append(f"BEGIN:{child.name}")
        lines.extend(line.text for line in child.lines)
        lines.extend(_sub_lines(child))
        lines.append(f"END:{child.name}")
    return lines


_EVENT_PATH = re.compile(r"events\[(\d+)\](?:\.([a-z_]+)(?:\[(\d+)\])?)?(.*)\Z", re.DOTALL)
_SOURCE_PATH = re.compile(r"sources\.([^.\[]+|\[\"[^\"]*\"\])(.*)\Z", re.DOTALL)


def _placed(
    problem: Problem,
    entries: list[Entry],
    sources: dict[str, tuple[dict[str, Any], int]],
    calendar_lines: dict[str, int],
) -> tuple[Problem, list[Entry], str | None]:
    """A problem of the document, placed at the component and line it came from.

    Also returns the events it belongs to (the event at its path, or every event
    citing the source at its path; none for the calendar's own fields) and the
    field of the event it names.
    """
    if match := _EVENT_PATH.match(problem.path):
        entry = entries[int(match.group(1))]
        field, index, rest = match.group(2), match.group(3), match.group(4)
        line: Line | int | None = None
        if field is not None:
            name = "DTSTART" if field == "when" and not entry.from_timeline else PROPERTY_OF.get(field, "")
            if field == "relations" and index is not None and int(index) < len(entry.relation_lines):
                line = entry.relation_lines[int(index)]
            else:
                found = entry.node.all(name)
                position = int(index) if index is not None and name != "CATEGORIES" else 0
                line = found[position] if position < len(found) else (found[0] if found else None)
        path = "" if field is None else field + (f"[{index}]" if index is not None else "") + rest
        return entry.problem(problem.message, line, path), [entry], field
    if match := _SOURCE_PATH.match(problem.path):
        key = match.group(1).strip('["]')
        number = sources.get(key, ({}, None))[1]
        citing = [entry for entry in entries if key in entry.source_keys]
        return Problem(problem.message, f"X-TIMELINE-SOURCE {quote(key)}{match.group(2)}", number), citing, None
    top = problem.path.split(".")[0]
    number = calendar_lines.get(
        {"title": "NAME", "description": "DESCRIPTION", "extra": "X-TIMELINE-EXTRA"}.get(top, "")
    )
    return Problem(problem.message, f"VCALENDAR.{problem.path}" if problem.path else "VCALENDAR", number), [], None
