"""Reading iCalendar: timeline's own calendars exactly, other software's as well as possible.

The file is read in three passes. :mod:`~timeline.formats.ical._lex` splits it
into lines and components, keeping line numbers; ``icalendar`` parses the values
(dates, zones, text; :mod:`~timeline.formats.ical._parse`);
:mod:`~timeline.formats.ical._events` turns each VEVENT into the plain data of an
event, and :mod:`~timeline.formats.ical._assemble` hands the whole document to the
same converter as JSON, so the model checks everything and every problem comes
back with its component and line.

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
are (see :mod:`~timeline.formats.ical._lex`) and reported once each in an
:class:`~timeline.errors.InputQuirksWarning`, and an event that cannot be read is
left out and reported in an :class:`~timeline.errors.UnreadableEventsWarning`,
while every other event is kept.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from typing import Any, Final

from timeline._validation import MAX_SLUG, SLUG, quote, zone_problem
from timeline.errors import (
    InputQuirksWarning,
    InvalidInputError,
    OmittedEventsWarning,
    Problem,
    UnreadableEventsWarning,
)
from timeline.formats.ical._assemble import assembled
from timeline.formats.ical._dates import DateError, Zones, foreign_dates
from timeline.formats.ical._events import (
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
from timeline.formats.ical._lex import (
    REPEATED,
    UNKNOWN_ZONE,
    UNREAD_LINE,
    UNREAD_PART,
    UNREAD_ZONE,
    Node,
    Quirk,
    decode,
    lex,
)
from timeline.formats.ical._mapping import FORMAT_VERSION, MAX_ICAL_BYTES
from timeline.formats.ical._parse import components, reason_of, refusal, unread_lines
from timeline.model import Timeline

UNTITLED_CALENDAR: Final = "Imported calendar"


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
        elif entry.from_timeline and "@" in uid and SLUG.match(uid.rpartition("@")[0]):
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


def calendar_fields(root: Node, component: Any, from_timeline: bool, problems: list[Problem]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    name_line = root.first("X-TIMELINE-TITLE") if from_timeline else None
    if name_line is None:
        name_line = root.first("NAME") or root.first("X-WR-CALNAME")
    title = None if name_line is None else one_line(x_text(name_line))
    fields["title"] = title or UNTITLED_CALENDAR
    text = text_of(component, "DESCRIPTION")
    if text is None:
        line = root.first("X-WR-CALDESC")
        text = None if line is None else x_text(line)
    if text is not None:
        cleaned = text if from_timeline else multi_line(text)
        if cleaned is not None:
            fields["description"] = cleaned
    if from_timeline:
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
    from_timeline = any(root.first("X-TIMELINE-VERSION") is not None for root in roots)
    strict = strict or from_timeline  # timeline's own files are read as strictly as they are written
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
        found, failed = components(root)
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
                    f"{quote(line.text)} cannot be read: {refusal(reason, line.text)}", "VCALENDAR", line.number
                )
            if strict:
                problems.append(problem)
            else:
                quirks.append(Quirk(UNREAD_PART if node is not root else UNREAD_LINE, problem, "kept as written"))
        if number == 0:
            fields = calendar_fields(root, found[id(root)], version_line is not None, problems)
            for line in root.lines:
                calendar_lines.setdefault(line.name, line.number)
            if floating_zone is None and (zone_line := root.first("X-WR-TIMEZONE")) is not None:
                zone = x_text(zone_line).strip()
                floating = zone if zone_problem(zone) is None else "UTC"
        for node in _read_components(root):
            component = found.get(id(node))
            uid = uid_of(node, component)
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
                entry.problems.append(entry.problem(f"cannot be read: {reason_of(error)}"))
            if strict:
                problems.extend(entry.problems)
    if problems:
        raise InvalidInputError(problems)
    timeline, missing = assembled(
        fields,
        [entry for entry in entries if not entry.problems],
        ids,
        sources,
        calendar_lines,
        strict=strict,
        quirks=quirks,
    )
    report(quirks, [entry for entry in entries if entry.problems], skipped, missing)
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


def uid_of(node: Node, component: Any) -> str | None:
    """The UID of a component: as ``icalendar`` reads it, or from its line where icalendar could not read it."""
    if component is not None:
        return text_of(component, "UID")
    line = node.first("UID") if node.name != "VTIMEZONE" else node.first("TZID")
    return None if line is None else x_text(line)


def repeated_dates(entry: Entry, repeats: list[Quirk]) -> list[Problem]:
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
            if entry.from_timeline or not isinstance(values, list) or not values:
                problems.append(problem)
            else:
                entry.component[name] = values[0]
                repeats.append(Quirk(REPEATED, problem, "the first was read, all kept as written"))
        elif lines and entry.component.get(name) is None:  # icalendar could not read the line, and left it out
            text = lines[0].text
            reasons = [str(why) for _, why in getattr(entry.component, "errors", []) if f"'{text}': " in str(why)]
            reason = refusal(reasons[0], text) if reasons else "its parameters are not iCalendar"
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
    entry.problems.extend(repeated_dates(entry, repeats))
    if strict:
        entry.problems.extend(quirk.problem for quirk in repeats)
    if entry.problems:
        return []
    if not entry.from_timeline:
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
    if entry.problems or entry.from_timeline:
        return []
    return repeats + [Quirk(UNREAD_LINE, problem, "kept as written") for problem in unread_lines(entry)]


_SHOWN: Final = 50


def report(quirks: list[Quirk], unreadable: list[Entry], skipped: list[str], missing: list[str]) -> None:
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
