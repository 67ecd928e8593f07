"""``icalendar``'s reading of a calendar, part by part, and what it could not read.

The whole calendar is handed to ``icalendar`` first; if it refuses it, the
calendar's own properties and each component are parsed alone, so that one
broken part leaves every other readable. Each component comes back by the
``id`` of its :class:`~timeline.formats.ical._lex.Node`, with why a part could
not be read.
"""

from __future__ import annotations

import warnings
from typing import Any

from icalendar import Calendar
from icalendar.parser import Contentline

from timeline._validation import quote
from timeline.errors import Problem
from timeline.formats.ical._events import Entry
from timeline.formats.ical._lex import Line, Node, normalized


def _walked(text: str) -> list[Any]:
    """``icalendar``'s components of the one VCALENDAR in ``text``, in the order they begin."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # icalendar warns when it guesses a zone; the guess is checked here
        return list(Calendar.from_ical(text).walk())


def reason_of(error: Exception) -> str:
    return str(error) or type(error).__name__


def components(root: Node) -> tuple[dict[int, Any], list[tuple[Node, Line | None, str]]]:
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
        failed.append((root, None, reason_of(error)))
    for child in sorted(root.children, key=lambda node: node.name != "VTIMEZONE"):
        try:
            found.update(_parts(root, child))
        except Exception as error:  # noqa: BLE001 -- as above
            if child.name != "VEVENT" or not child.children:
                failed.append((child, None, reason_of(error)))
                continue
        else:
            continue
        try:  # an event whose alarm icalendar refuses: the event without it, the alarm kept as written
            found.update(_parts(root, Node(child.name, child.line, child.lines), child))
        except Exception as error:  # noqa: BLE001 -- as above
            failed.append((child, None, reason_of(error)))
            continue
        for sub in child.children:
            try:
                _parts(root, Node(child.name, child.line, children=[sub]))
            except Exception as error:  # noqa: BLE001 -- as above
                failed.append((sub, None, reason_of(error)))
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
    except Exception as error:  # noqa: BLE001 -- as in components
        if len(lines) <= 1:
            return [(lines[0], reason_of(error))] if lines else []
        middle = len(lines) // 2
        return _unreadable(root, lines[:middle]) + _unreadable(root, lines[middle:])
    return []


def refusal(message: str, text: str) -> str:
    """``icalendar``'s reason for refusing a line, without the line it repeats."""
    return message.partition(f"'{text}': ")[2] or message


def refused(line: Line) -> str | None:
    """Why ``icalendar`` cannot split the content line into name, parameters and value, or ``None``."""
    try:
        Contentline(line.text).parts()  # type: ignore[no-untyped-call]
    except Exception as error:  # noqa: BLE001 -- icalendar refuses in many ways
        return refusal(reason_of(error), line.text)
    return None


def unread_lines(entry: Entry) -> list[Problem]:
    """A problem for each line of the event that ``icalendar`` could not read: its syntax, or its value."""
    errors = getattr(entry.component, "errors", None) or ()
    found: list[tuple[Line, str]] = []
    if any(name is None for name, _ in errors):  # lines it could not split, and left out
        found.extend((line, reason) for line in entry.node.lines if (reason := refused(line)) is not None)
    by_name: dict[str, list[Line]] = {}
    for line in entry.node.lines:
        by_name.setdefault(line.name, []).append(line)
    used: dict[str, int] = {}
    for name, message in errors:  # values it could not read, kept as broken values: the lines of a name in turn
        if name is not None and (named := by_name.get(str(name))):
            line = named[min(used.get(str(name), 0), len(named) - 1)]
            used[str(name)] = used.get(str(name), 0) + 1
            found.append((line, refusal(str(message), line.text)))
    return [
        entry.problem(f"{quote(line.text)} cannot be read: {reason}", line)
        for line, reason in sorted(found, key=lambda pair: pair[0].number)
    ]
