"""iCalendar text: escaping, JSON in properties, folding and serialising components.

Every value timeline writes passes through here. TEXT values are escaped by
:func:`escape` (RFC 5545 §3.3.11) or rejected when they hold a character that no
iCalendar text may contain; each finished content line is checked once more by
:func:`content_line`, with an ``if`` rather than an ``assert``, so that nothing can
break a line under ``python -O`` either.

:func:`serialize` writes a component exactly as ``icalendar``'s ``to_ical`` does,
byte for byte, but folds lines by slicing UTF-8 bytes instead of one character at
a time, which is where ``to_ical`` spends about half its time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, Final

from timeline._validation import BAD_IN_TEXT, FORBIDDEN_CHARS, describe_char, quote
from timeline.errors import InvalidInputError, Problem, TimelineError

LINE_OCTETS: Final = 75
"""Content lines are folded so that no physical line is longer than this, in octets."""

# RFC 5545 CONTROL (all C0 controls but HTAB, and DEL), and what some readers treat as
# line breaks (C1 controls, U+2028, U+2029), and lone surrogates (not UTF-8).
FORBIDDEN_IN_TEXT = BAD_IN_TEXT
FORBIDDEN_IN_LINE = re.compile(f"[\n{FORBIDDEN_CHARS}]")
_UNESCAPES = re.compile(r"\\(.)", re.DOTALL)
_UNESCAPED = {"n": "\n", "N": "\n", "\\": "\\", ";": ";", ",": ",", ":": ":", '"': '"'}
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be iCalendar TEXT, or ``None`` if it can."""
    bad = FORBIDDEN_IN_TEXT.search(value)
    if bad is None:
        return None
    return f"{quote(value)} contains {describe_char(bad.group())}, which iCalendar text cannot hold"


def escape(value: str, path: str = "") -> str:
    r"""``value`` as an iCalendar TEXT value: ``\`` ``;`` ``,`` and line feeds escaped.

    A line feed becomes ``\n``; a tab stays a tab. Raises
    :class:`~timeline.errors.InvalidInputError` (at ``path``) for a carriage return
    or any other control character, a Unicode line or paragraph separator, or a
    lone surrogate: the model refuses them all in its text.
    """
    if FORBIDDEN_IN_TEXT.search(value) is not None:
        raise InvalidInputError((Problem(text_problem(value) or "", path),))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def unescape(value: str) -> str:
    r"""The text of an iCalendar TEXT value: ``\n``, ``\\``, ``\;`` and ``\,`` undone.

    A backslash before any other character is kept with it, as most readers do.
    """
    if "\\" not in value:
        return value
    return _UNESCAPES.sub(lambda match: _UNESCAPED.get(match.group(1), match.group()), value)


def to_json(value: Any) -> str:
    """Compact JSON of plain data, with nothing a content line cannot hold.

    DEL, C1 controls, U+2028, U+2029 and lone surrogates are written as ``\\uXXXX``
    escapes (``json`` itself escapes the C0 controls), so the text reads back equal.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def fold(line: bytes) -> bytes:
    """Fold one content line as ``icalendar`` does, by slicing its UTF-8 bytes.

    Each physical line holds at most 74 octets of content (75 with the leading
    space of a continuation) and never splits a UTF-8 sequence; like icalendar, a
    line that would end on a ``\\`` or ``^`` leaves that character to the next, so
    that an escape stays whole.
    """
    size = len(line)
    if size < LINE_OCTETS:
        return line
    limit = LINE_OCTETS - 1
    parts = []
    start = 0
    while size - start > limit:
        end = start + limit
        while line[end] & 0xC0 == 0x80:  # a continuation byte: back up to the character's start
            end -= 1
        if line[end - 1] in b"\\^":
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return b"\r\n ".join(parts)


def content_line(name: str, value: Any) -> bytes:
    """One folded content line for a property value of ``icalendar``'s types.

    Raises :class:`~timeline.errors.TimelineError` if the finished line would hold a
    line break or a control character: a value that reached here unescaped.
    """
    data = value.to_ical()
    text = data.decode("utf-8") if isinstance(data, bytes) else str(data)
    params = getattr(value, "params", None)
    line = f"{name}:{text}"
    if params:
        rendered = params.to_ical(sorted=True)
        if rendered:
            line = f"{name};{rendered.decode('utf-8')}:{text}"
    bad = FORBIDDEN_IN_LINE.search(line)
    if bad is not None:
        raise TimelineError(f"{name}: {describe_char(bad.group())} would break the iCalendar line {quote(line)}")
    return fold(line.encode("utf-8"))


def component_lines(component: Any, *, end: bool = True) -> Iterator[bytes]:
    """The folded content lines of an ``icalendar`` component and its subcomponents.

    The order is ``icalendar``'s (``sorted_keys`` of each component, then its
    subcomponents); with ``end=False`` the component's own ``END`` line is left off.
    """
    yield b"BEGIN:" + component.name.encode("ascii")
    for name in component.sorted_keys():
        values = component[name]
        for value in values if isinstance(values, list) else (values,):
            yield content_line(name, value)
    for sub in component.subcomponents:
        yield from component_lines(sub)
    if end:
        yield b"END:" + component.name.encode("ascii")
