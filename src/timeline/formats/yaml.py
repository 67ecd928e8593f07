"""The YAML format: the JSON document, written for people to read and edit.

Shape (the same as JSON)::

    format: timeline
    version: 1
    title: Release plan
    sources:
      roadmap:
        publisher: Example project
        url: https://example.org/roadmap
    events:
    - id: v2-0
      title: Version 2.0 released
      when: 2026-35
      status: planned
      citations:
      - source: roadmap

Reading is safe: plain values only (no Python objects, no tags beyond the YAML
1.2 core schema, no aliases), and plain scalars follow the core schema, so
``2025-12-15``, ``yes`` and ``12:30`` are text. Every problem is reported at once
with its line: ``line 14: events[2].when: "2025-13-01" is not a valid date: …``.

Writing is deterministic: block style, keys in the order of the JSON document,
dates as plain EDTF text, a blank line between events, and quotes only where a
value would otherwise read back differently (also for YAML 1.1 readers, except
that dates stay unquoted). ``from_yaml(to_yaml(t)) == t`` for every timeline.
"""

from __future__ import annotations

import io
import sys
from typing import Any, Final

from yaml.emitter import Emitter
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver
from yaml.serializer import Serializer

from timeline.errors import InvalidInputError, Problem
from timeline.formats import _yaml_read as read
from timeline.formats._convert import document, timeline_of
from timeline.formats._decode import document_text
from timeline.model import Timeline

__all__ = ["MAX_YAML_BYTES", "from_yaml", "to_yaml"]

MAX_YAML_BYTES: Final = 256 * 1024 * 1024
"""The largest YAML document read, in bytes of UTF-8: YAML is written by hand, and read whole."""


def from_yaml(text: str | bytes) -> Timeline:
    """The timeline in a YAML document (UTF-8 when given as bytes).

    Raises :class:`~timeline.errors.InvalidInputError` listing every problem, in
    the order of their lines, each with its line and path
    (``line 14: events[2].when: "2025-13-01" is not a valid date …``), and no
    other exception. A syntax error stops reading, so it comes alone.
    """
    text = document_text(text, limit=MAX_YAML_BYTES)
    root = read.compose(text)
    if root is None:
        raise InvalidInputError(
            (Problem("the document is empty; a timeline document is a mapping with format, version and title", line=1),)
        )
    plain, problems, spoilt = read.plain_data(root, text)
    try:
        timeline = timeline_of(plain)
    except InvalidInputError as error:
        problems.extend(read.locate(error.problems, root, spoilt))
        raise InvalidInputError(sorted(problems, key=lambda problem: problem.line or 0)) from None
    if problems:
        raise InvalidInputError(sorted(problems, key=lambda problem: problem.line or 0))
    return timeline


class _WriteResolver(Resolver):
    """Says a string may be written plain only if every YAML reader reads it back as that text.

    That is: the core schema this module reads by, and YAML 1.1 readers such as
    PyYAML's ``safe_load``, which take ``yes`` for true and ``12:30`` for 750. The
    one exception is YAML 1.1's timestamps: dates stay plain because they are the
    point of the file.
    """

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0]:
            tag = read.core_tag(value)
            if tag != read.STR:
                return tag
            legacy: str = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]  # untyped stub
            return read.STR if legacy == "tag:yaml.org,2002:timestamp" else legacy
        return read.STR if kind is ScalarNode else read.SEQ if kind is SequenceNode else read.MAP


class _Writer(Emitter, Serializer, _WriteResolver):
    def __init__(self, stream: io.StringIO) -> None:
        Emitter.__init__(self, stream, indent=2, width=sys.maxsize, allow_unicode=True, line_break="\n")
        Serializer.__init__(self)
        _WriteResolver.__init__(self)


_BREAKS_READ_AS_NEWLINE: Final = ("\x85", "\u2028", "\u2029")


def _style(text: str, *, key: bool = False) -> str | None:
    """A literal block for multi-line text, double quotes where other styles lose characters."""
    if any(char in text for char in _BREAKS_READ_AS_NEWLINE):
        # Plain, single-quoted and block styles turn these into line feeds.
        return '"'
    if not key and "\n" in text.rstrip("\n") and not text.endswith("\n\n"):
        # A "keep" block (|+) would take the blank line after it as part of the text.
        return "|"
    return None


def _node(value: Any) -> Node:
    if isinstance(value, str):
        return ScalarNode(read.STR, value, style=_style(value))
    if isinstance(value, dict):
        return MappingNode(
            read.MAP,
            [(ScalarNode(read.STR, key, style=_style(key, key=True)), _node(item)) for key, item in value.items()],
            flow_style=False,
        )
    if isinstance(value, list | tuple):
        return SequenceNode(read.SEQ, [_node(item) for item in value], flow_style=False)
    if value is None:
        return ScalarNode(read.NULL, "null")
    if isinstance(value, bool):
        return ScalarNode(read.BOOL, "true" if value else "false")
    if isinstance(value, int):
        return ScalarNode(read.INT, str(value))
    if isinstance(value, float):
        return ScalarNode(read.FLOAT, _float_text(value))
    raise TypeError(f"cannot write {type(value).__name__} as YAML")  # pragma: no cover -- documents are plain data


def _float_text(value: float) -> str:
    """The shortest exact text of ``value`` that YAML 1.1 also reads as a float: ``1.0e-05``, not ``1e-05``."""
    text = repr(value)
    if "e" in text and "." not in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}.0e{exponent}"
    return text


def _text(node: Node) -> str:
    stream = io.StringIO()
    writer = _Writer(stream)
    try:
        writer.open()
        writer.serialize(node)
        writer.close()
    finally:
        writer.dispose()
    return stream.getvalue()


def to_yaml(timeline: Timeline) -> str:
    """The YAML document of ``timeline``: UTF-8 text, two-space indents, a final newline."""
    plain = document(timeline)
    sources, events = plain.pop("sources"), plain.pop("events")
    parts = [_text(_node(plain)), _text(_node({"sources": sources}))]
    if events:
        parts.append("events:\n" + "\n".join(_text(_node([event])) for event in events))
    else:
        parts.append("events: []\n")
    return "\n".join(parts)
