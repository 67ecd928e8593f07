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

timeline's own files (a VCALENDAR with ``X-TIMELINE-VERSION``), and any file
when the caller asks for ``strict``, are read strictly: every problem is an
:class:`~timeline.errors.InvalidInputError` naming its line. Other software's
files are read leniently: the mistakes of the file's syntax that can be read past
are (see :mod:`~timeline.formats._ical_lex`) and reported once each in an
:class:`~timeline.errors.InputQuirksWarning`, and an event that cannot be read is
left out and reported in an :class:`~timeline.errors.UnreadableEventsWarning`,
while every other event is kept.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from typing import Any, Final

from icalendar import Calendar
from icalendar.parser import Contentline

from timeline._validation import MAX_SLUG, SLUG, quote, zone_problem
from timeline.errors import (
    InputQuirksWarning,
    InvalidInputError,
    OmittedEventsWarning,
    Problem,
    UnreadableEventsWarning,
)
from timeline.formats._convert import FORMAT, VERSION, timeline_of
from timeline.formats._ical_dates import DateError, Zones, foreign_dates
from timeline.formats._ical_events import (
    Entry,
    Sources,
    foreign_event,
    multi_line,
    one_line,
    own_event,
    slug_of,
    strict_json,
    text_of,
    x_text,
)
from timeline.formats._ical_lex import (
    CIRCLE,
    REPEATED,
    UNKNOWN_ZONE,
    UNREAD_LINE,
    UNREAD_PART,
    UNREAD_ZONE,
    Line,
    Node,
    Quirk,
    decode,
    lex,
    normalized,
)
from timeline.formats._ical_write import FORMAT_VERSION, RELTYPE
from timeline.formats.ical import MAX_ICAL_BYTES
from timeline.model import Timeline

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
    "accounts": "X-TIMELINE-ACCOUNT",
    "extra": "X-TIMELINE-EXTRA",
}


def _walked(text: str) -> list[Any]:
    """``icalendar``'s components of the one VCALENDAR in ``text``, in the order they begin."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # icalendar warns when it guesses a zone; the guess is checked here
        return list(Calendar.from_ical(text).walk())


def _reason(error: Exception) -> str:
    return str(error) or type(error).__name__


def _components(root: Node) -> tuple[dict[int, Any], list[tuple[Node, Line | None, str]]]:
    """``icalendar``'s component of each node of ``root`` (by ``id``), and what it cannot read, with why.

    The calendar is parsed whole; if ``icalendar`` refuses it, its own properties
    and each of its components are parsed alone (VTIMEZONEs first, so that the
    others find their zones), and what is refused is returned: a line of the
    calendar's own properties (left out of its component), or a top-level
    component (which then has none).
    """
    nodes = root.walk()
    try:
        components = _walked(normalized(root))
        if [component.name for component in components] == [node.name for node in nodes]:
            return {id(node): component for node, component in zip(nodes, components, strict=True)}, []
    except Exception:  # noqa: BLE001, S110 -- icalendar refuses in many ways; each part is read alone below
        pass
    found: dict[int, Any] = {}
    failed: list[tuple[Node, Line | None, str]] = [(root, line, why) for line, why in _unreadable(root, root.lines)]
    refused = {id(line) for _, line, _ in failed}
    try:
        found[id(root)] = _walked(
            normalized(Node(root.name, root.line, [line for line in root.lines if id(line) not in refused]))
        )[0]
    except Exception as error:  # noqa: BLE001 -- as above
        found[id(root)] = Calendar()
        failed.append((root, None, _reason(error)))
    for child in sorted(root.children, key=lambda node: node.name != "VTIMEZONE"):
        try:
            found.update(_parts(root, child))
        except Exception as error:  # noqa: BLE001 -- as above
            if child.name != "VEVENT" or not child.children:
                failed.append((child, None, _reason(error)))
                continue
        else:
            continue
        try:  # an event whose alarm icalendar refuses: the event without it, the alarm kept as written
            found.update(_parts(root, Node(child.name, child.line, child.lines), child))
        except Exception as error:  # noqa: BLE001 -- as above
            failed.append((child, None, _reason(error)))
            continue
        for sub in child.children:
            try:
                _parts(root, Node(child.name, child.line, children=[sub]))
            except Exception as error:  # noqa: BLE001 -- as above
                failed.append((sub, None, _reason(error)))
    return found, failed


class _Untold(Exception):  # noqa: N818 -- not an error of the input's making: the parse does not match the lines
    def __str__(self) -> str:
        return "its components cannot be told apart"


def _parts(root: Node, child: Node, node: Node | None = None) -> dict[int, Any]:
    """``icalendar``'s components of ``child`` parsed alone in a calendar, by the ``id`` of their node.

    The ids are those of ``node``'s walk when given (a copy of ``node`` without its subcomponents was parsed).
    """
    components = _walked(normalized(Node(root.name, root.line, children=[child])))[1:]
    parts = child.walk()
    if [component.name for component in components] != [part.name for part in parts]:
        raise _Untold
    owner = parts if node is None else [node]
    return {id(part): component for part, component in zip(owner, components, strict=True)}


def _unreadable(root: Node, lines: list[Line]) -> list[tuple[Line, str]]:
    """The lines of the calendar's own properties that ``icalendar`` refuses, found by halving.

    Each half is parsed once at every level, so the work is that of parsing the
    lines about log2(n) times, however many are refused.
    """
    try:
        _walked(normalized(Node(root.name, root.line, lines)))
    except Exception as error:  # noqa: BLE001 -- as in _components
        if len(lines) <= 1:
            return [(lines[0], _reason(error))] if lines else []
        middle = len(lines) // 2
        return _unreadable(root, lines[:middle]) + _unreadable(root, lines[middle:])
    return []


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


def _relations(entry: Entry, ids: dict[str, str], present: set[str], missing: dict[str, None]) -> set[int]:
    """Fill ``relations`` from RELATED-TO, to the events ``present``; return the lines taken over."""
    relations: list[dict[str, str]] = []
    taken: set[int] = set()
    entry.relation_lines = []
    lines = entry.node.all("RELATED-TO")
    values = entry.component.get("RELATED-TO")
    values = [] if values is None else values if isinstance(values, list) else [values]
    if len(values) != len(lines):  # icalendar left out the lines it could not split
        lines = [line for line in lines if _refused(line) is None]
    seen: set[tuple[str, str]] = set()
    for line, value in zip(lines, values, strict=False):
        reltype = str(value.params.get("RELTYPE", "PARENT")).upper()
        kind = _KIND_OF_RELTYPE.get(reltype)
        if kind is None:
            continue
        target_uid = str(value)
        target = ids.get(target_uid)
        if target is None or target not in present:
            if entry.own:
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
            value, messages = strict_json(line)
            fields["extra"] = value
            problems.extend(Problem(message, "VCALENDAR", line.number) for message in messages)
    else:
        taken = (
            ("NAME", "X-WR-CALNAME")
            if component.get("DESCRIPTION") is None
            else ("NAME", "X-WR-CALNAME", "DESCRIPTION")
        )
        kept = [line.text for line in root.lines if line.name not in taken]
        if kept:
            fields["extra"] = {"ical": kept}
    return fields


def read(data: bytes | str, *, floating_zone: str | None = None, strict: bool = False) -> Timeline:
    """The timeline in an iCalendar file (see :func:`timeline.formats.ical.from_ical`)."""
    if floating_zone is not None and (message := zone_problem(floating_zone)) is not None:
        raise InvalidInputError.at("floating_zone", message)
    text, encoding = decode(data, MAX_ICAL_BYTES)
    if encoding is not None and strict:
        raise InvalidInputError((encoding.problem,))
    try:
        roots, quirks = lex(text)
    except InvalidInputError as error:  # nothing to read: say first that the bytes were not even text
        raise error if encoding is None else InvalidInputError((encoding.problem, *error.problems)) from None
    own = any(root.first("X-TIMELINE-VERSION") is not None for root in roots)
    strict = strict or own  # timeline's own files are read as strictly as they are written
    if encoding is not None:
        if strict:
            raise InvalidInputError((encoding.problem,))
        quirks.insert(0, encoding)
    problems: list[Problem] = [quirk.problem for quirk in quirks] if strict else []  # all raised together, below
    entries: list[Entry] = []
    skipped: list[str] = []
    fields: dict[str, Any] = {}
    calendar_lines: dict[str, int] = {}
    floating = floating_zone or "UTC"
    zones = Zones()
    for number, root in enumerate(roots):
        version_line = root.first("X-TIMELINE-VERSION")
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
        found, failed = _components(root)
        why: dict[int, str] = {}
        read_here = {id(node) for node in _read_components(root)}
        for node, line, reason in failed:
            if line is None and id(node) in read_here:
                why.update((id(part), reason) for part in node.walk())
                continue
            if node is not root:  # a component of an event, such as an alarm
                problem = Problem(f"cannot be read: {reason}", node.name, node.line)
            elif line is None:
                problem = Problem(f"the calendar's properties cannot be read: {reason}", "VCALENDAR", root.line)
            else:
                problem = Problem(
                    f"{quote(line.text)} cannot be read: {_why(reason, line.text)}", "VCALENDAR", line.number
                )
            if strict:
                problems.append(problem)
            else:
                quirks.append(Quirk(UNREAD_PART if node is not root else UNREAD_LINE, problem, "kept as written"))
        if number == 0:
            fields = _calendar_fields(root, found[id(root)], version_line is not None, problems)
            for line in root.lines:
                calendar_lines.setdefault(line.name, line.number)
            if floating_zone is None and (zone_line := root.first("X-WR-TIMEZONE")) is not None:
                zone = x_text(zone_line).strip()
                floating = zone if zone_problem(zone) is None else "UTC"
        for node in _read_components(root):
            component = found.get(id(node))
            uid = _uid(node, component)
            if node.name == "VEVENT":
                entry = Entry(node, component, uid, node.first("X-TIMELINE-WHEN") is not None)
                if component is None:
                    entry.problems.append(entry.problem(f"cannot be read: {why[id(node)]}"))
                entries.append(entry)
                continue
            if component is None:
                shown = node.name if uid is None else f"{node.name} {quote(uid)}"
                problem = Problem(f"cannot be read: {why[id(node)]}", shown, node.line)
                if strict:
                    problems.append(problem)
                elif node.name == "VTIMEZONE":
                    quirks.append(Quirk(UNREAD_ZONE, problem, "left out: its times are read by its name alone"))
            if node.name == "VTIMEZONE":
                tzid, location = node.first("TZID"), node.first("X-LIC-LOCATION")
                if tzid is not None:
                    zones.add(x_text(tzid).strip(), None if location is None else x_text(location).strip(), component)
            else:
                skipped.append(f"{node.name} {uid}" if uid is not None else f"{node.name} at line {node.line}")
    ids = _identify(entries)
    sources = Sources()
    for entry in entries:
        if not entry.problems:
            entry.record["id"] = entry.id
            try:
                read_past = _read_event(entry, sources, floating, zones, strict=strict)
                if strict:
                    problems.extend(quirk.problem for quirk in read_past)
                else:
                    quirks.extend(read_past)
            except (ArithmeticError, AttributeError, LookupError, TypeError, ValueError) as error:
                # icalendar's values are loosely typed: an entry no one foresaw is reported, never raised
                entry.problems.append(entry.problem(f"cannot be read: {_reason(error)}"))
            if strict:
                problems.extend(entry.problems)
    if problems:
        raise InvalidInputError(problems)
    timeline, missing = _assembled(
        fields,
        [entry for entry in entries if not entry.problems],
        ids,
        sources,
        calendar_lines,
        strict=strict,
        quirks=quirks,
    )
    _report(quirks, [entry for entry in entries if entry.problems], skipped, missing)
    return timeline


def _read_components(root: Node) -> list[Node]:
    """The components of a calendar, and the events inside those that are not events (which icalendar finds too)."""
    found: list[Node] = []
    for child in root.children:
        found.append(child)
        if child.name not in ("VEVENT", "VTIMEZONE"):
            stack = list(reversed(child.children))
            while stack:
                node = stack.pop()
                if node.name == "VEVENT":
                    found.append(node)
                else:
                    stack.extend(reversed(node.children))
    return found


def _uid(node: Node, component: Any) -> str | None:
    """The UID of a component: as ``icalendar`` reads it, or from its line where icalendar could not read it."""
    if component is not None:
        return text_of(component, "UID")
    line = node.first("UID") if node.name != "VTIMEZONE" else node.first("TZID")
    return None if line is None else x_text(line)


def _repeated(entry: Entry, repeats: list[Quirk]) -> list[Problem]:
    """A problem for each date property whose only line ``icalendar`` could not read.

    A date property given more than once is a problem of timeline's own events; in
    another program's, its first value is read (as libical does) and the rest is a
    quirk added to ``repeats``, the lines kept as written.
    """
    problems = []
    for name in ("DTSTART", "DTEND", "DURATION"):
        lines = entry.node.all(name)
        if len(lines) > 1:
            numbers = [str(line.number) for line in lines]
            times = "twice" if len(lines) == 2 else f"{len(lines)} times"
            listed = " and ".join(numbers) if len(lines) == 2 else ", ".join(numbers)
            problem = entry.problem(f"{name} is given {times} (lines {listed}); an event has one", lines[1])
            values = entry.component.get(name)
            if entry.own or not isinstance(values, list) or not values:
                problems.append(problem)
            else:
                entry.component[name] = values[0]
                repeats.append(Quirk(REPEATED, problem, "the first was read, all kept as written"))
        elif lines and entry.component.get(name) is None:  # icalendar could not read the line, and left it out
            text = lines[0].text
            reasons = [str(why) for _, why in getattr(entry.component, "errors", []) if f"'{text}': " in str(why)]
            reason = _why(reasons[0], text) if reasons else "its parameters are not iCalendar"
            problems.append(entry.problem(f"{quote(text)} cannot be read: {reason}", lines[0]))
    return problems


def _read_event(entry: Entry, sources: Sources, floating: str, zones: Zones, *, strict: bool) -> list[Quirk]:
    """Fill ``entry.record`` from its VEVENT, or ``entry.problems`` with why it cannot be read.

    Returns the quirks read past: lines ``icalendar`` could not read and date
    properties given more than once, which another program's event keeps as
    written. (timeline's own events keep none of the lines calendar apps add, as
    before, readable or not.)
    """
    repeats: list[Quirk] = []
    entry.problems.extend(_repeated(entry, repeats))
    if strict:
        entry.problems.extend(quirk.problem for quirk in repeats)
    if entry.problems:
        return []
    if not entry.own:
        repeated = {name for name in ("DTSTART", "DTEND", "DURATION") if len(entry.node.all(name)) > 1}
        known = len(zones.unknown)
        entry.kept = foreign_event(entry, floating, zones, entry.problems) - repeated
        repeats.extend(
            Quirk(
                UNKNOWN_ZONE,
                entry.problem(f"TZID {quote(tzid)} names no readable VTIMEZONE and no zone known by that name", line),
                f"read as a floating time, in {floating}",
            )
            for tzid, line in zones.unknown[known:]
        )
    else:
        own_event(entry, sources, entry.problems)
        if entry.record.get("when", "") is None:  # moved in a calendar app: the entry's own dates
            try:
                entry.record["when"] = foreign_dates(entry.component, entry.node, floating, zones).when
            except DateError as error:
                entry.problems.append(entry.problem(error.message, error.line))
    if entry.problems or entry.own:
        return []
    return repeats + [Quirk(UNREAD_LINE, problem, "kept as written") for problem in _unread_lines(entry)]


def _why(message: str, text: str) -> str:
    """``icalendar``'s reason for refusing a line, without the line it repeats."""
    return message.partition(f"'{text}': ")[2] or message


def _refused(line: Line) -> str | None:
    """Why ``icalendar`` cannot split the content line into name, parameters and value, or ``None``."""
    try:
        Contentline(line.text).parts()  # type: ignore[no-untyped-call]
    except Exception as error:  # noqa: BLE001 -- icalendar refuses in many ways
        return _why(_reason(error), line.text)
    return None


def _unread_lines(entry: Entry) -> list[Problem]:
    """A problem for each line of the event that ``icalendar`` could not read: its syntax, or its value."""
    errors = getattr(entry.component, "errors", None) or ()
    found: list[tuple[Line, str]] = []
    if any(name is None for name, _ in errors):  # lines it could not split, and left out
        found.extend((line, reason) for line in entry.node.lines if (reason := _refused(line)) is not None)
    by_name: dict[str, list[Line]] = {}
    for line in entry.node.lines:
        by_name.setdefault(line.name, []).append(line)
    used: dict[str, int] = {}
    for name, message in errors:  # values it could not read, kept as broken values: the lines of a name in turn
        if name is not None and (named := by_name.get(str(name))):
            line = named[min(used.get(str(name), 0), len(named) - 1)]
            used[str(name)] = used.get(str(name), 0) + 1
            found.append((line, _why(str(message), line.text)))
    return [
        entry.problem(f"{quote(line.text)} cannot be read: {reason}", line)
        for line, reason in sorted(found, key=lambda pair: pair[0].number)
    ]


_ROUNDS: Final = 4


def _assembled(
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
            if not entry.own:
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
                    if field == "relations" and not entry.own:
                        unrelated.add(id(entry))
                        quirks.append(Quirk(CIRCLE, problem, "its relations were left out, kept as written"))
                    else:
                        entry.problems.append(problem)
            alive = [entry for entry in alive if not entry.problems]
    raise AssertionError("unreachable")  # pragma: no cover


_SHOWN: Final = 50


def _report(quirks: list[Quirk], unreadable: list[Entry], skipped: list[str], missing: list[str]) -> None:
    """Warn of what a lenient reading read past or left out, each kind once."""
    if quirks:
        kinds: dict[str, list[Quirk]] = {}
        for quirk in quirks:
            kinds.setdefault(quirk.kind, []).append(quirk)
        lines = ["the calendar has mistakes that were read past:"]
        for same in kinds.values():
            more = ""
            if len(same) > 1:
                numbers = [str(quirk.problem.line) for quirk in same[1:11] if quirk.problem.line is not None]
                where = f": line{'s' if len(numbers) > 1 else ''} {', '.join(numbers)}{', …' if len(same) > 11 else ''}"
                more = f" (and {len(same) - 1} more like it{where if numbers else ''})"
            lines.append(f"  {same[0].reported}{more}")
        warnings.warn(InputQuirksWarning("\n".join(lines), [quirk.reported for quirk in quirks]), stacklevel=4)
    if unreadable:
        problems = [problem for entry in unreadable for problem in entry.problems]
        count = len(unreadable)
        were = "events could not be read and were" if count != 1 else "event could not be read and was"
        lines = [f"{count} {were} left out:"]
        lines.extend(f"  {problem}" for problem in problems[:_SHOWN])
        if len(problems) > _SHOWN:
            lines.append(f"  … and {len(problems) - _SHOWN} more problems")
        names = [
            f"VEVENT {entry.uid}" if entry.uid is not None else f"VEVENT at line {entry.node.line}"
            for entry in unreadable
        ]
        warnings.warn(UnreadableEventsWarning("\n".join(lines), names, problems), stacklevel=4)
    if skipped:
        warnings.warn(
            OmittedEventsWarning("calendar entries that are not events were skipped: " + ", ".join(skipped), skipped),
            stacklevel=4,
        )
    if missing:
        warnings.warn(
            OmittedEventsWarning(
                "relations to events that are not in the calendar were left out: " + ", ".join(missing), missing
            ),
            stacklevel=4,
        )


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
            name = "DTSTART" if field == "when" and not entry.own else _PROPERTY_OF.get(field, "")
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
