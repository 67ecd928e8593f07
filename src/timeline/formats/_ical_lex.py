"""The first pass over an iCalendar file: lines, their numbers, and the component tree.

``icalendar`` parses values but forgets where they were; this pass keeps, for
every component and property, the line it starts on, so that every problem can
name its place. It also checks what ``icalendar`` would let through or trip on:
the size limit, the encoding, lines that are not ``NAME[;PARAMS]:VALUE``,
unbalanced ``BEGIN``/``END`` and nesting deeper than any calendar needs.
"""

from __future__ import annotations

import re
from typing import Final

import attrs

from timeline.errors import InvalidInputError, Problem
from timeline.formats._decode import document_text
from timeline.model._checks import quote

MAX_DEPTH: Final = 8
"""Components nest at most this deep (VCALENDAR > VEVENT > VALARM is 3)."""

_NAME = re.compile(r"([A-Za-z0-9-]+)[;:]")
_BREAK = re.compile(r"\r\n|\n|\r")


@attrs.frozen
class Line:
    """One unfolded content line, with the number of the physical line it starts on."""

    number: int
    name: str  # upper case
    text: str  # the whole unfolded line, as written

    @property
    def raw_value(self) -> str:
        """The value as written (escaped), after the first ``:`` outside quotes."""
        in_quotes = False
        for index, char in enumerate(self.text):
            if char == '"':
                in_quotes = not in_quotes
            elif char == ":" and not in_quotes:
                return self.text[index + 1 :]
        return ""


@attrs.define(eq=False)
class Node:
    """A component: its name, where it begins, its own lines and its subcomponents."""

    name: str
    line: int
    lines: list[Line] = attrs.field(factory=list)
    children: list[Node] = attrs.field(factory=list)

    def first(self, name: str) -> Line | None:
        """The first line of property ``name``, if any."""
        for line in self.lines:
            if line.name == name:
                return line
        return None

    def all(self, name: str) -> list[Line]:
        """Every line of property ``name``, in order."""
        return [line for line in self.lines if line.name == name]

    def walk(self) -> list[Node]:
        """This component and every one inside it, in the order they begin."""
        found, stack = [], [self]
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(reversed(node.children))
        return found


def decode(data: bytes | str, limit: int) -> str:
    """The text of the file: size checked, UTF-8 decoded, a byte-order mark removed."""
    if not isinstance(data, bytes | bytearray | memoryview | str):
        raise InvalidInputError(f"expected the calendar as bytes or text, got {type(data).__name__}")
    return document_text(bytes(data) if isinstance(data, memoryview) else data, limit=limit, what="the calendar")


def _logical(text: str) -> list[tuple[int, str]]:
    """Unfolded lines with their first physical line number; blank lines left out."""
    logical: list[tuple[int, list[str]]] = []
    for number, physical in enumerate(_BREAK.split(text), 1):
        if physical[:1] in (" ", "\t"):
            if logical:
                logical[-1][1].append(physical[1:])
                continue
            raise InvalidInputError((Problem("the file begins with a continued line", line=number),))
        if physical.strip():
            logical.append((number, [physical]))
    return [(number, "".join(parts)) for number, parts in logical]


def lex(text: str) -> list[Node]:
    """The VCALENDAR components of ``text``, each with its lines and subcomponents.

    Raises :class:`InvalidInputError` listing every malformed line and every
    unbalanced ``BEGIN``/``END``, each with its line number.
    """
    problems: list[Problem] = []
    roots: list[Node] = []
    stack: list[Node] = []
    for number, content in _logical(text):
        match = _NAME.match(content)
        if match is None:
            shown = quote(content)
            problems.append(Problem(f"{shown} is not an iCalendar line (NAME:VALUE)", line=number))
            continue
        name = match.group(1).upper()
        line = Line(number, name, content)
        if name in ("BEGIN", "END"):
            component = line.raw_value.strip().upper()
            if not re.fullmatch(r"[A-Z0-9-]+", component):
                problems.append(Problem(f"{quote(content)} does not name a component", line=number))
                continue
            if name == "BEGIN":
                if len(stack) >= MAX_DEPTH:
                    raise InvalidInputError(
                        (Problem(f"components nest deeper than {MAX_DEPTH} levels", path=component, line=number),)
                    )
                node = Node(component, number)
                (stack[-1].children if stack else roots).append(node)
                stack.append(node)
            elif not stack:
                problems.append(Problem(f"END:{component} has no BEGIN:{component} before it", line=number))
            elif stack[-1].name != component:
                opened = stack[-1]
                problems.append(
                    Problem(f"END:{component} closes BEGIN:{opened.name} of line {opened.line}", line=number)
                )
                break
            else:
                stack.pop()
            continue
        if not stack:
            problems.append(Problem(f"{quote(content)} is outside any component (BEGIN:VCALENDAR)", line=number))
            continue
        stack[-1].lines.append(line)
    problems.extend(
        Problem(f"BEGIN:{node.name} is never closed by END:{node.name}", path=node.name, line=node.line)
        for node in stack
    )
    problems.extend(
        Problem(f"expected BEGIN:VCALENDAR, found BEGIN:{root.name}", line=root.line)
        for root in roots
        if root.name != "VCALENDAR"
    )
    if not roots and not problems:
        problems.append(Problem("not an iCalendar file: there is no BEGIN:VCALENDAR", line=1))
    if problems:
        raise InvalidInputError(problems)
    return roots


def normalized(node: Node) -> str:
    """The component as CRLF text of unfolded lines, for ``icalendar`` to parse."""
    parts: list[str] = []

    def add(current: Node) -> None:
        parts.append(f"BEGIN:{current.name}")
        parts.extend(line.text for line in current.lines)
        for child in current.children:
            add(child)
        parts.append(f"END:{current.name}")

    add(node)
    return "\r\n".join(parts) + "\r\n"
