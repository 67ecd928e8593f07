"""Reading a calendar that timeline wrote one VEVENT at a time, so that a large one fits in memory.

The whole reading (:mod:`timeline.formats.ical._read`) holds every line, every
``icalendar`` component and every event's plain data at once: tens of kilobytes
an event. A calendar that timeline wrote and nobody has changed since needs none
of that: its header, then each VEVENT in turn, is lexed, parsed by ``icalendar``
(its plain TEXT lines read here, as ``icalendar`` reads them, and the lines the
reading never uses left out) and read exactly as the whole reading reads it, and
the event is built at once, so reading holds the bytes, the timeline and one VEVENT.

:func:`timeline_in_pieces` declines (returns ``None``) everything else: another
program's calendar, a calendar app's changes (an event moved, an alarm added, a
recurrence), any quirk or problem. The whole reading then reads the file again
and reports every problem with its line, exactly as before.
"""

from __future__ import annotations

import mmap
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any, Final

from icalendar import vText

from timeline._validation import SLUG, freeze_extra, zone_problem
from timeline.errors import InvalidInputError
from timeline.formats._decode import release
from timeline.formats._fast_hooks import read_event
from timeline.formats.ical._events import Entry, Sources, own_event, related, x_text
from timeline.formats.ical._lex import Line, Node, Quirk, lex
from timeline.formats.ical._mapping import FORMAT_VERSION, MAX_ICAL_BYTES
from timeline.formats.ical._parse import components
from timeline.formats.ical._read import calendar_fields, repeated_dates, report, uid_of
from timeline.model import Event, Source, Timeline

_CALENDAR_BEGINS: Final = b"BEGIN:VCALENDAR\r\n"
_CALENDAR_ENDS: Final = b"END:VCALENDAR\r\n"
_EVENT_BEGINS: Final = b"BEGIN:VEVENT\r\n"
_EVENT_ENDS: Final = b"\r\nEND:VEVENT\r\n"

# TEXT properties the reading uses, written without parameters: icalendar's value is the text after the colon with
# its backslash escapes read, and such a line cannot fail, so it is read here rather than by icalendar's line parser,
# whose cost grows with the line (DESCRIPTION holds every source an event cites).
_TEXT: Final = frozenset(("SUMMARY", "DESCRIPTION", "LOCATION", "UID", "STATUS"))
_ESCAPED: Final = re.compile(r"\\([\\,;:nN])")  # as icalendar reads a backslash escape
# Lines the reading of timeline's own events never uses, in the form timeline writes them: icalendar reads each of
# these forms without fail (a URI holds no backslash, which could make it a line break), so they are left out.
_UNUSED: Final = {
    "DTSTAMP": re.compile(r"DTSTAMP:[0-9]{8}T[0-9]{6}Z", re.ASCII),
    "TRANSP": re.compile(r"TRANSP:[^\\]*"),
    "URL": re.compile(r"URL:[^\\]*"),
    "LINK": re.compile(r'LINK;LINKREL="describedby";VALUE=URI:[^\\]*'),
}


class _Declined(Exception):  # noqa: N818 -- not an error: the whole reading takes over
    pass


class _BuiltSources(Mapping[str, Source]):
    """The sources of the calendar by key, each built when an event first cites it."""

    def __init__(self, sources: Sources) -> None:
        self._sources = sources

    def __getitem__(self, key: str) -> Source:
        return self._sources.source(key)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self._sources.source(key)
        except Exception:  # noqa: BLE001 -- a source the model refuses: declined, reported by the whole reading
            return default

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources.records)

    def __len__(self) -> int:
        return len(self._sources.records)


def timeline_in_pieces(data: bytes | str | mmap.mmap, floating_zone: str | None) -> Timeline | None:
    """The timeline of a calendar that timeline wrote, read a VEVENT at a time, or ``None`` to read it whole.

    Only bytes (or a mapped file, whose pages are given back as they are read) are
    read so (text may hold what UTF-8 cannot), at most :data:`MAX_ICAL_BYTES` of
    them, and only with a ``floating_zone`` that is a zone (a calendar that
    timeline wrote has no floating times, but a wrong argument is still reported).
    """
    if not isinstance(data, bytes | mmap.mmap) or len(data) > MAX_ICAL_BYTES:
        return None
    if floating_zone is not None and zone_problem(floating_zone) is not None:
        return None
    if data[: len(_CALENDAR_BEGINS)] != _CALENDAR_BEGINS or data[len(data) - len(_CALENDAR_ENDS) :] != _CALENDAR_ENDS:
        return None
    first = data.find(b"\r\n" + _EVENT_BEGINS) + 2
    if first < 2:
        return None
    try:
        timeline, missing = _read(data, first)
    except (_Declined, InvalidInputError, UnicodeDecodeError):
        return None
    except (ArithmeticError, AttributeError, LookupError, TypeError, ValueError):
        return None  # icalendar's values are loosely typed: the whole reading reports what no one foresaw
    report([], [], [], missing)
    return timeline


def _calendar(text: str) -> Node:
    """The one VCALENDAR of ``text``, which must lex without a quirk."""
    roots, quirks = lex(text)
    if quirks or len(roots) != 1:
        raise _Declined
    return roots[0]


def _read(data: bytes | mmap.mmap, first: int) -> tuple[Timeline, list[str]]:
    """The timeline, and the ids of related events that are not in it (their relations left out)."""
    head = _calendar(data[:first].decode("utf-8") + "END:VCALENDAR\r\n")
    version_line = head.first("X-TIMELINE-VERSION")
    if version_line is None or x_text(version_line).strip() != FORMAT_VERSION:
        raise _Declined
    if any(child.name != "VTIMEZONE" for child in head.children):
        raise _Declined
    found, failed = components(head)
    problems: list[Any] = []
    fields = calendar_fields(head, found[id(head)], True, problems)
    if failed or problems:
        raise _Declined
    sources = Sources()
    built = _BuiltSources(sources)
    events: list[Event] = []
    targets: dict[str, None] = {}  # in the order the whole reading meets them
    namespaces: set[str] = set()
    start = first
    end_of_events = len(data) - len(_CALENDAR_ENDS)
    released = 0
    while start < end_of_events:
        released = release(data, released, start)
        if data[start : start + len(_EVENT_BEGINS)] != _EVENT_BEGINS:
            raise _Declined
        stop = data.find(_EVENT_ENDS, start)
        if stop < 0:
            raise _Declined
        stop += len(_EVENT_ENDS)
        events.append(_event(data[start:stop].decode("utf-8"), sources, built, targets, namespaces))
        start = stop
    if start != end_of_events:
        raise _Declined
    extra = fields.get("extra", {})
    if len(namespaces) > 1 or type(extra) is not dict:
        raise _Declined  # UIDs of several namespaces: a relation's target is matched by its whole UID
    present = {event.id for event in events}
    missing = [target for target in targets if target not in present]
    if missing:  # the calendar leaves out undated events: relations to them are left out too
        left_out = set(missing)
        events = [
            event.evolve(relations=[relation for relation in event.relations if relation.target not in left_out])
            if any(relation.target in left_out for relation in event.relations)
            else event
            for event in events
        ]
    timeline = Timeline(fields["title"], events, description=fields.get("description"), extra=freeze_extra(extra))
    return timeline, missing


def _event(text: str, sources: Sources, built: _BuiltSources, targets: dict[str, None], namespaces: set[str]) -> Event:
    """The event of one VEVENT's text, read as the whole reading reads it."""
    calendar = _calendar("BEGIN:VCALENDAR\r\n" + text + "END:VCALENDAR\r\n")
    if len(calendar.children) != 1 or calendar.children[0].children:
        raise _Declined
    node = calendar.children[0]
    if node.first("X-TIMELINE-WHEN") is None or node.first("RECURRENCE-ID") is not None:
        raise _Declined
    # icalendar reads the other standard properties; the X-TIMELINE-… ones (most of the text) are read from their lines.
    read, by_hand = _split(node)
    standard = Node(node.name, node.line, read)
    found, failed = components(Node(calendar.name, calendar.line, children=[standard]))
    component = found.get(id(standard))
    if component is not None:
        for line in by_hand:
            component.add(line.name, vText(_ESCAPED.sub(_unescaped, line.text[len(line.name) + 1 :])), encode=False)
    uid = uid_of(node, component)
    if failed or component is None or uid is None:
        raise _Declined
    event_id, at, namespace = uid.rpartition("@")
    if not at or not SLUG.match(event_id):
        raise _Declined
    namespaces.add(namespace)
    entry = Entry(node, component, uid, True, id=event_id)
    entry.record["id"] = event_id
    repeated: list[Quirk] = []
    if repeated_dates(entry, repeated) or repeated:
        raise _Declined
    own_event(entry, sources, entry.problems)
    if entry.problems or entry.record.get("when", "") is None:
        raise _Declined  # a problem, or an event moved in a calendar app: its dates are read in the file's zones
    entry.record["relations"] = _relations(entry, targets, namespaces)
    event = read_event({key: value for key, value in entry.record.items() if value is not None}, built)
    if event is None:
        raise _Declined
    return event


def _split(node: Node) -> tuple[list[Line], list[Line]]:
    """The standard lines of a VEVENT for icalendar to read, and the TEXT lines to read here (see :data:`_TEXT`).

    A property given more than once goes to icalendar, so that its values keep their order.
    """
    lines = [line for line in node.lines if not _timeline_property(line)]
    counts = Counter(line.name for line in lines)
    read: list[Line] = []
    by_hand: list[Line] = []
    for line in lines:
        name = line.name
        pattern = _UNUSED.get(name)
        if pattern is not None and pattern.fullmatch(line.text):
            continue
        if name in _TEXT and counts[name] == 1 and line.text.startswith(name + ":"):
            by_hand.append(line)
        else:
            read.append(line)
    return read, by_hand


def _unescaped(match: re.Match[str]) -> str:
    return "\n" if match[1] in "nN" else match[1]


def _timeline_property(line: Line) -> bool:
    """Whether the line is an ``X-TIMELINE-…`` property without parameters, which icalendar reads as plain text."""
    return line.name.startswith("X-TIMELINE-") and line.text.startswith(line.name + ":")


def _relations(entry: Entry, targets: dict[str, None], namespaces: set[str]) -> list[dict[str, str]]:
    """The relations of an event's RELATED-TO lines, each target added to ``targets``.

    As the whole reading does: a RELTYPE timeline does not know is no relation,
    nor is a relation to the event itself, and a repeated one counts once.
    """
    values = related(entry.component)
    if len(values) != len(entry.node.all("RELATED-TO")):
        raise _Declined  # icalendar could not read a line
    relations: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for kind, uid in values:
        if kind is None:
            continue
        target, at, namespace = uid.rpartition("@")
        if not at or not SLUG.match(target):
            raise _Declined
        namespaces.add(namespace)
        targets.setdefault(target)
        if target == entry.id or (kind, target) in seen:
            continue
        seen.add((kind, target))
        relations.append({"kind": kind, "target": target})
    return relations
