"""Reading iCalendar: timeline's own calendars exactly, other software's as well as possible.

The file is read in three passes. :mod:`~timeline.formats._ical_lex` splits it
into lines and components, keeping line numbers; ``icalendar`` parses the values
(dates, zones, text); :mod:`~timeline.formats._ical_events` turns each VEVENT into
the plain data of an event, and this module hands the whole document to the same
converter as JSON, so the model checks everything and every problem comes back
with its component and line.

A VEVENT with ``X-TIMELINE-WHEN`` was written by timeline: its fields come from
the ``X-TIMELINE-…`` properties and the standard ones, as :func:`to_ical` wrote
them. If a calendar app has since moved it (``DTSTART``/``DTEND`` no longer match),
the entry's dates win and the source's phrase is dropped; an edited ``SUMMARY``,
``DESCRIPTION`` or ``STATUS`` wins too.

Any other VEVENT is read best-effort (see ``docs/reference/ical.md``): the UID becomes the
id (a slug derived from it when it is not one), dates keep their zone (Windows
zone names are mapped, custom zones become UTC, floating times are read in the
floating zone), and every line that did not become a field unchanged is kept,
as written, in ``extra["ical"]``: recurrence rules, alarms, attendees, the
original of a date that had to be reinterpreted.
"""

from __future__ import annotations

import hashlib
import json
import re
import warnings
from typing import Any, Final

from icalendar import Calendar

from timeline.errors import InvalidInputError, OmittedEventsWarning, Problem
from timeline.formats._convert import FORMAT, VERSION, timeline_of
from timeline.formats._ical_dates import DateError, foreign_dates
from timeline.formats._ical_events import (
    SLUG,
    Entry,
    Sources,
    foreign_event,
    multi_line,
    one_line,
    own_event,
    slug_of,
    text_of,
    x_text,
)
from timeline.formats._ical_lex import Line, Node, decode, lex, normalized
from timeline.formats._ical_text import unescape
from timeline.formats._ical_write import FORMAT_VERSION, RELTYPE
from timeline.formats.ical import MAX_ICAL_BYTES
from timeline.model import Timeline
from timeline.model._checks import MAX_SLUG, quote, zone_problem

UNTITLED_CALENDAR: Final = "Imported calendar"
_KIND_OF_RELTYPE = {reltype: kind for kind, reltype in RELTYPE.items()}
_PROPERTY_OF = {
    "id": "UID",
    "title": "SUMMARY",
    "when": "X-TIMELINE-WHEN",
    "description": "DESCRIPTION",
    "kind": "X-TIMELINE-KIND",
    "status": "X-TIMELINE-STATUS",
    "place": "LOCATION",
    "actors": "X-TIMELINE-ACTOR",
    "tags": "CATEGORIES",
    "citations": "X-TIMELINE-CITATION",
    "relations": "RELATED-TO",
    "extra": "X-TIMELINE-EXTRA",
}


def _parsed(root: Node) -> list[Any]:
    """``icalendar``'s components for ``root``, in the order of :meth:`Node.walk`."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # icalendar warns when it guesses a zone; the guess is checked here
            calendar = Calendar.from_ical(normalized(root))
    except Exception as error:
        raise InvalidInputError((Problem(f"cannot read the calendar: {error}", "VCALENDAR", root.line),)) from error
    components = list(calendar.walk())
    nodes = root.walk()
    if [component.name for component in components] != [node.name for node in nodes]:
        raise InvalidInputError((Problem("cannot read the calendar's components", "VCALENDAR", root.line),))
    return components


def _identify(entries: list[Entry]) -> dict[str, str]:
    """Give each entry a unique id; return the id of each UID's main event.

    The main event of a UID is its first VEVENT without ``RECURRENCE-ID``, else its first.
    """
    taken: set[str] = set()
    counts: dict[str, int] = {}
    masters: dict[str, str] = {}
    firsts: dict[str, str] = {}
    for entry in entries:
        uid = entry.uid
        recurrence = entry.node.first("RECURRENCE-ID")
        if uid is None:
            digest = hashlib.sha256("\n".join(line.text for line in entry.node.lines).encode("utf-8", "surrogatepass"))
            candidate = f"event-{digest.hexdigest()[:10]}"
        elif entry.own and "@" in uid and SLUG.match(uid.rpartition("@")[0]):
            candidate = uid.rpartition("@")[0]
        else:
            candidate = slug_of(uid)
        if recurrence is not None:
            instance = re.sub(r"[^a-z0-9]+", "", recurrence.raw_value.lower())[:24] or "instance"
            candidate = f"{_trimmed(candidate[:100])}-{instance}"
        unique = candidate
        while unique in taken:
            counts[candidate] = number = counts.get(candidate, 1) + 1
            unique = f"{_trimmed(candidate[: MAX_SLUG - 8])}-{number}"
        taken.add(unique)
        entry.id = unique
        if uid is not None:
            firsts.setdefault(uid, unique)
            if recurrence is None:
                masters.setdefault(uid, unique)
    return {**firsts, **masters}


def _trimmed(slug: str) -> str:
    """A shortened slug, ending again on a letter or digit."""
    return slug.rstrip("._-")


def _relations(entry: Entry, ids: dict[str, str], missing: dict[str, None]) -> set[int]:
    """Fill ``relations`` from RELATED-TO; return the lines taken over."""
    relations: list[dict[str, str]] = []
    taken: set[int] = set()
    lines = entry.node.all("RELATED-TO")
    values = entry.component.get("RELATED-TO")
    values = [] if values is None else values if isinstance(values, list) else [values]
    for line, value in zip(lines, values, strict=False):
        reltype = str(value.params.get("RELTYPE", "PARENT")).upper()
        kind = _KIND_OF_RELTYPE.get(reltype)
        if kind is None:
            continue
        target_uid = str(value)
        target = ids.get(target_uid)
        if target is None:
            if entry.own:
                name = target_uid.rpartition("@")[0] if "@" in target_uid else target_uid
                missing.setdefault(name)
            continue
        relation = {"kind": kind, "target": target}
        if target == entry.id or relation in relations:
            continue
        relations.append(relation)
        entry.relation_lines.append(line.number)
        taken.add(line.number)
    entry.record["relations"] = relations
    return taken


def _calendar_fields(root: Node, component: Any, own: bool, problems: list[Problem]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    name_line = root.first("X-TIMELINE-TITLE") if own else None
    if name_line is None:
        name_line = root.first("NAME") or root.first("X-WR-CALNAME")
    title = None if name_line is None else one_line(x_text(name_line))
    fields["title"] = title or UNTITLED_CALENDAR
    text = text_of(component, "DESCRIPTION")
    if text is None:
        line = root.first("X-WR-CALDESC")
        text = None if line is None else x_text(line)
    if text is not None:
        cleaned = text if own else multi_line(text)
        if cleaned is not None:
            fields["description"] = cleaned
    if own:
        line = root.first("X-TIMELINE-EXTRA")
        if line is not None:
            try:
                fields["extra"] = json.loads(x_text(line))
            except (ValueError, RecursionError) as error:
                problems.append(Problem(f"X-TIMELINE-EXTRA is not valid JSON: {error}", "VCALENDAR", line.number))
    else:
        kept = [line.text for line in root.lines if line.name not in ("NAME", "X-WR-CALNAME", "DESCRIPTION")]
        if kept:
            fields["extra"] = {"ical": kept}
    return fields


def read(data: bytes | str, *, floating_zone: str | None = None) -> Timeline:
    """The timeline in an iCalendar file (see :func:`timeline.formats.ical.from_ical`)."""
    if floating_zone is not None and (message := zone_problem(floating_zone)) is not None:
        raise InvalidInputError.at("floating_zone", message)
    roots = lex(decode(data, MAX_ICAL_BYTES))
    problems: list[Problem] = []
    entries: list[Entry] = []
    skipped: list[str] = []
    fields: dict[str, Any] = {}
    calendar_lines: dict[str, int] = {}
    floating = floating_zone or "UTC"
    zones: dict[str, str] = {}  # TZID to the IANA name in its VTIMEZONE's X-LIC-LOCATION
    for number, root in enumerate(roots):
        components = _parsed(root)
        version_line = root.first("X-TIMELINE-VERSION")
        own = version_line is not None
        if version_line is not None and (version := x_text(version_line).strip()) != FORMAT_VERSION:
            problems.append(
                Problem(
                    f"was written by a newer version of timeline (X-TIMELINE-VERSION {quote(version)}); "
                    f"this version reads {FORMAT_VERSION}",
                    "VCALENDAR",
                    version_line.number,
                )
            )
            continue
        if number == 0:
            fields = _calendar_fields(root, components[0], own, problems)
            for line in root.lines:
                calendar_lines.setdefault(line.name, line.number)
            if floating_zone is None and (zone_line := root.first("X-WR-TIMEZONE")) is not None:
                zone = x_text(zone_line).strip()
                floating = zone if zone_problem(zone) is None else "UTC"
        top = {id(child) for child in root.children}
        for node, component in zip(root.walk()[1:], components[1:], strict=True):
            if id(node) not in top:  # a VALARM or a VTIMEZONE's STANDARD: read with its component
                continue
            if node.name == "VEVENT":
                uid = text_of(component, "UID")
                entries.append(Entry(node, component, uid, node.first("X-TIMELINE-WHEN") is not None))
            elif node.name == "VTIMEZONE":
                tzid, location = node.first("TZID"), node.first("X-LIC-LOCATION")
                if tzid is not None and location is not None:
                    zones.setdefault(unescape(tzid.raw_value).strip(), unescape(location.raw_value).strip())
            else:
                uid = text_of(component, "UID")
                skipped.append(f"{node.name} {uid}" if uid is not None else f"{node.name} at line {node.line}")
    ids = _identify(entries)
    sources = Sources()
    missing: dict[str, None] = {}
    for entry in entries:
        entry.record["id"] = entry.id
        if entry.own:
            own_event(entry, sources, problems)
            if entry.record.get("when", "") is None:
                try:
                    entry.record["when"] = foreign_dates(entry.component, entry.node, floating, zones).when
                except DateError as error:
                    problems.append(entry.problem(error.message, error.line))
            _relations(entry, ids, missing)
        else:
            kept = foreign_event(entry, floating, zones, problems)
            taken = _relations(entry, ids, missing)
            lines = [line.text for line in entry.node.lines if line.name not in kept and line.number not in taken]
            lines.extend(_sub_lines(entry.node))
            if lines:
                entry.record["extra"] = {"ical": lines}
    if problems:
        raise InvalidInputError(problems)
    if skipped:
        warnings.warn(
            OmittedEventsWarning("calendar entries that are not events were skipped: " + ", ".join(skipped), skipped),
            stacklevel=3,
        )
    if missing:
        names = list(missing)
        warnings.warn(
            OmittedEventsWarning(
                "relations to events that are not in the calendar were left out: " + ", ".join(names), names
            ),
            stacklevel=3,
        )
    document = {
        "format": FORMAT,
        "version": VERSION,
        **fields,
        "sources": {key: value for key, (value, _) in sources.records.items()},
        "events": [{k: v for k, v in entry.record.items() if v is not None} for entry in entries],
    }
    try:
        return timeline_of(document)
    except InvalidInputError as error:
        raise InvalidInputError(
            _placed(problem, entries, sources.records, calendar_lines) for problem in error.problems
        ) from None


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
) -> Problem:
    """A problem of the document, placed at the component and line it came from."""
    if match := _EVENT_PATH.match(problem.path):
        entry = entries[int(match.group(1))]
        field, index, rest = match.group(2), match.group(3), match.group(4)
        line: Line | int | None = None
        if field is not None:
            name = "DTSTART" if field == "when" and not entry.own else _PROPERTY_OF.get(field, "")
            if field == "relations" and index is not None and int(index) < len(entry.relation_lines):
                line = entry.relation_lines[int(index)]
            else:
                found = entry.node.all(name)
                position = int(index) if index is not None and name != "CATEGORIES" else 0
                line = found[position] if position < len(found) else (found[0] if found else None)
        path = "" if field is None else field + (f"[{index}]" if index is not None else "") + rest
        return entry.problem(problem.message, line, path)
    if match := _SOURCE_PATH.match(problem.path):
        key = match.group(1).strip('["]')
        number = sources.get(key, ({}, None))[1]
        return Problem(problem.message, f"X-TIMELINE-SOURCE {quote(key)}{match.group(2)}", number)
    top = problem.path.split(".")[0]
    number = calendar_lines.get(
        {"title": "NAME", "description": "DESCRIPTION", "extra": "X-TIMELINE-EXTRA"}.get(top, "")
    )
    return Problem(problem.message, f"VCALENDAR.{problem.path}" if problem.path else "VCALENDAR", number)
