"""The first pass over an iCalendar file: lines, their numbers, and the component tree.

``icalendar`` parses values but forgets where they were; this pass keeps, for
every component and property, the line it starts on, so that every problem can
name its place. It also checks what ``icalendar`` would let through or trip on:
the size limit, the encoding, lines that are not ``NAME[;PARAMS]:VALUE``,
unbalanced ``BEGIN``/``END`` and nesting deeper than any calendar needs.

Each such mistake but the size and the nesting is a :class:`Quirk`: a problem
(as a strict reading reports it) and what a lenient reading did about it. The
tree is built past every quirk (a stray line left out, a component never closed
closed where its parent ends, where a component of its name begins again or, for
a component only a calendar holds, where another such begins, components
outside ``VCALENDAR`` gathered into one), so the reader can refuse them all, for
timeline's own files, or read past them and report each kind once.
"""

from __future__ import annotations

import re
from typing import Final

import attrs

from timeline._validation import describe_char, quote
from timeline.errors import InvalidInputError, Problem
from timeline.formats._decode import document_text

MAX_DEPTH: Final = 8
"""Components nest at most this deep (VCALENDAR > VEVENT > VALARM is 3)."""

_NAME = re.compile(r"([A-Za-z0-9-]+)[;:]")
_LOOSE_NAME = re.compile(r"[\w.\- \t]+")  # what icalendar takes for a name, spaces and tabs removed
_DELIMITER = re.compile(r"[;:]")
_SPACES = re.compile(r"[ \t]+")
_COMPONENT = re.compile(r"[A-Z0-9-]+")
_BREAK = re.compile(r"\r\n|\n|\r")
_SURROGATE = re.compile("[\ud800-\udfff]")
_OF_CALENDAR: Final = frozenset(("VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VTIMEZONE"))  # only VCALENDAR holds these

# The kinds of quirk, each reported once however often it occurs.
NOT_A_LINE: Final = "not a line"
LOOSE_NAME: Final = "loose name"
OUTSIDE: Final = "outside"
UNCLOSED: Final = "unclosed"
UNOPENED: Final = "unopened"
BARE: Final = "bare"
ENCODING: Final = "encoding"
UNREAD_LINE: Final = "unread line"  # a line icalendar cannot read, kept as written
UNREAD_PART: Final = "unread part"  # a component of an event icalendar cannot read (an alarm), kept as written
UNREAD_ZONE: Final = "unread zone"
CIRCLE: Final = "circle"  # RELATED-TO parents that go round in a circle
UNKNOWN_ZONE: Final = "unknown zone"  # a TZID that names no VTIMEZONE and no zone: read as floating
REPEATED: Final = "repeated"  # a date property given more than once in another program's event


@attrs.frozen
class Quirk:
    """A mistake in a file that a lenient reading reads past.

    ``problem`` says what is wrong, as a strict reading reports it; ``done`` what
    the lenient reading did about it; ``kind`` groups the quirks reported together.
    """

    kind: str
    problem: Problem
    done: str

    @property
    def reported(self) -> Problem:
        """The problem as a lenient reading reports it: what is wrong, and what was done."""
        return attrs.evolve(self.problem, message=f"{self.problem.message}: {self.done}")


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


def decode(data: bytes | str, limit: int) -> tuple[str, Quirk | None]:
    """The text of the file: size checked, UTF-8 decoded, a byte-order mark removed.

    Bytes that are not UTF-8 (or, in text, lone surrogates, which UTF-8 cannot
    hold) become U+FFFD, and the first of them is returned as a quirk; a file
    larger than ``limit`` is refused.
    """
    if not isinstance(data, bytes | bytearray | memoryview | str):
        raise InvalidInputError(f"expected the calendar as bytes or text, got {type(data).__name__}")
    raw = bytes(data) if isinstance(data, memoryview | bytearray) else data
    try:
        text = document_text(raw, limit=limit, what="the calendar")
    except InvalidInputError as error:
        if not isinstance(raw, bytes) or len(raw) > limit:
            raise
        return raw.decode("utf-8", "replace").removeprefix("\ufeff"), Quirk(
            ENCODING, error.problems[0], "such bytes were read as U+FFFD"
        )
    bad = _SURROGATE.search(text)
    if bad is None:
        return text, None
    line = len(_BREAK.findall(text, 0, bad.start())) + 1
    problem = Problem(f"the text holds {describe_char(bad.group())}, which UTF-8 cannot hold", line=line)
    return _SURROGATE.sub("\ufffd", text), Quirk(ENCODING, problem, "such characters were read as U+FFFD")


def _logical(text: str, quirks: list[Quirk]) -> list[tuple[int, str]]:
    """Unfolded lines with their first physical line number; blank lines left out."""
    logical: list[tuple[int, list[str]]] = []
    for number, physical in enumerate(_BREAK.split(text), 1):
        if physical[:1] in (" ", "\t"):
            if logical:
                logical[-1][1].append(physical[1:])
            else:
                quirks.append(
                    Quirk(NOT_A_LINE, Problem("the file begins with a continued line", line=number), "left out")
                )
            continue
        if physical.strip():
            logical.append((number, [physical]))
    return [(number, "".join(parts)) for number, parts in logical]


def _name_of(content: str) -> tuple[str, str | None] | None:
    """The property name of a content line, upper case, and the name as written if RFC 5545 does not allow it.

    Such names are read as ``icalendar`` reads them: letters, digits, ``_``, ``.``
    and ``-``, with the spaces and tabs among them removed.
    """
    match = _NAME.match(content)
    if match is not None:
        return match.group(1).upper(), None
    delimiter = _DELIMITER.search(content)
    if delimiter is None or not _LOOSE_NAME.fullmatch(written := content[: delimiter.start()]):
        return None
    name = _SPACES.sub("", written).upper()
    return (name, written) if name else None


def lex(text: str) -> tuple[list[Node], list[Quirk]]:
    """The VCALENDAR components of ``text``, each with its lines and subcomponents, and the quirks read past.

    Raises :class:`InvalidInputError` for components nested deeper than
    :data:`MAX_DEPTH`, and, listing every quirk, for a text without any component.
    """
    quirks: list[Quirk] = []
    roots: list[Node] = []
    stack: list[Node] = []
    gathered: Node | None = None  # the VCALENDAR made up for components found outside one

    def close(depth: int, where: str) -> None:
        for node in stack[depth:]:
            problem = Problem(f"BEGIN:{node.name} is never closed by END:{node.name}", node.name, node.line)
            quirks.append(Quirk(UNCLOSED, problem, f"closed {where}"))
        del stack[depth:]

    for number, content in _logical(text, quirks):
        named = _name_of(content)
        if named is None:
            problem = Problem(f"{quote(content)} is not an iCalendar line (NAME:VALUE)", line=number)
            quirks.append(Quirk(NOT_A_LINE, problem, "left out"))
            continue
        name, written = named
        if written is not None:
            problem = Problem(f"the name {quote(written)} is not letters, digits and hyphens", line=number)
            quirks.append(Quirk(LOOSE_NAME, problem, f"read as {name}"))
        line = Line(number, name, content)
        if name not in ("BEGIN", "END"):
            if stack:
                stack[-1].lines.append(line)
            else:
                problem = Problem(f"{quote(content)} is outside any component (BEGIN:VCALENDAR)", line=number)
                quirks.append(Quirk(OUTSIDE, problem, "left out"))
            continue
        component = line.raw_value.strip().upper()
        if not _COMPONENT.fullmatch(component):
            quirks.append(
                Quirk(NOT_A_LINE, Problem(f"{quote(content)} does not name a component", line=number), "left out")
            )
            continue
        if name == "BEGIN":
            same = [
                depth
                for depth, node in enumerate(stack)
                if node.name == component or (component in _OF_CALENDAR and node.name in _OF_CALENDAR)
            ]
            if same:  # a component never holds one of its own name, nor of its parent's: the open one was never closed
                close(same[0], f"where BEGIN:{component} of line {number} begins")
            bottom = stack[0].name if stack else component  # a component outside VCALENDAR is put in one
            depth = len(stack) + (bottom != "VCALENDAR")
            if depth >= MAX_DEPTH:
                raise InvalidInputError(
                    (Problem(f"components nest deeper than {MAX_DEPTH} levels", path=component, line=number),)
                )
            node = Node(component, number)
            if stack:
                stack[-1].children.append(node)
            elif component == "VCALENDAR":
                roots.append(node)
                gathered = None
            else:
                if gathered is None:
                    gathered = Node("VCALENDAR", number)
                    roots.append(gathered)
                    problem = Problem(f"expected BEGIN:VCALENDAR, found BEGIN:{component}", line=number)
                    quirks.append(Quirk(BARE, problem, "read as the components of a calendar"))
                gathered.children.append(node)
            stack.append(node)
        elif not stack:
            problem = Problem(f"END:{component} has no BEGIN:{component} before it", line=number)
            quirks.append(Quirk(UNOPENED, problem, "left out"))
        elif stack[-1].name != component:
            opened = stack[-1]
            problem = Problem(f"END:{component} closes BEGIN:{opened.name} of line {opened.line}", line=number)
            same = [depth for depth, node in enumerate(stack) if node.name == component]
            if same:
                inner = len(stack) - same[-1] - 1
                quirks.append(
                    Quirk(UNOPENED, problem, "both closed there" if inner == 1 else f"all {inner + 1} closed there")
                )
                del stack[same[-1] :]
            else:
                quirks.append(Quirk(UNOPENED, problem, "left out"))
        else:
            stack.pop()
    close(0, "at the end of the file")
    if not roots:
        problems = [quirk.problem for quirk in quirks]
        raise InvalidInputError(problems or [Problem("not an iCalendar file: there is no BEGIN:VCALENDAR", line=1)])
    return roots, quirks


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
