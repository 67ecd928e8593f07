"""Reading YAML safely into plain data, and finding the line of every value.

The text is composed into a node tree (with LibYAML when PyYAML has it) and turned
into plain data by :func:`plain_data`, which knows no Python types beyond those of
JSON. Plain scalars are read by the YAML 1.2 core schema, not PyYAML's YAML 1.1
rules: ``2025-12-15``, ``yes``, ``no``, ``on`` and ``12:30`` stay text, ``true``
and ``false`` are booleans, ``null``, ``~`` and nothing are null, and numbers are
numbers. Only the tags of that schema (``!!str``, ``!!int``, ``!!float``,
``!!bool``, ``!!null``, ``!!seq``, ``!!map``) are accepted, so no Python object can
be built. Aliases (``*name``) are refused, which also stops "billion laughs"
documents before anything is expanded.

When the converter reports problems by path (``events[2].when``),
:func:`locate` gives each the line of its node, or of the closest enclosing node
that exists (for a missing field, the mapping that lacks it).
"""

from __future__ import annotations

import re
from typing import Any, Final

import attrs
import yaml
from yaml.composer import Composer
from yaml.nodes import Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from timeline._validation import describe_char, quote
from timeline.errors import InvalidInputError, Problem, join_path
from timeline.formats._convert import MAX_NESTING, path_part

__all__ = ["STR", "compose", "core_tag", "locate", "plain_data"]

_CORE: Final = "tag:yaml.org,2002:"
STR: Final = _CORE + "str"
INT: Final = _CORE + "int"
FLOAT: Final = _CORE + "float"
BOOL: Final = _CORE + "bool"
NULL: Final = _CORE + "null"
SEQ: Final = _CORE + "seq"
MAP: Final = _CORE + "map"

_NULLS: Final = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE: Final = frozenset({"true", "True", "TRUE"})
_FALSE: Final = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_NUMBER_START: Final = frozenset("-+.0123456789")

# What YAML allows in a stream: tab, line breaks and the printable characters.
_NOT_IN_YAML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def core_tag(value: str) -> str:
    """The tag the YAML 1.2 core schema gives a plain scalar."""
    if value in _NULLS:
        return NULL
    if value in _TRUE or value in _FALSE:
        return BOOL
    if value[0] in _NUMBER_START:
        if _INT.fullmatch(value):
            return INT
        if _FLOAT.fullmatch(value):
            return FLOAT
    return STR


class _CoreResolver(BaseResolver):
    """Tags plain scalars by the core schema; everything else is text, a list or a mapping."""

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return core_tag(value) if implicit[0] else STR
        return SEQ if kind is SequenceNode else MAP


class _PythonLoader(Reader, Scanner, Parser, Composer, _CoreResolver):
    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _CoreResolver.__init__(self)


_Loader: type[Any] = _PythonLoader
if yaml.__with_libyaml__:  # pragma: no branch -- PyYAML's wheels come with LibYAML

    class _LibYAMLLoader(yaml.CBaseLoader, _CoreResolver):  # LibYAML's parser; only its nodes are used
        def __init__(self, stream: str) -> None:
            yaml.CBaseLoader.__init__(self, stream)
            _CoreResolver.__init__(self)

    _Loader = _LibYAMLLoader


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def compose(text: str) -> Node | None:
    """The node tree of a one-document YAML text; ``None`` for an empty document.

    Raises :class:`InvalidInputError` for characters YAML does not allow and for
    syntax errors, with their line.
    """
    if bad := _NOT_IN_YAML.search(text):
        start, char = bad.start(), bad.group()
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        message = f"contains {describe_char(char)} at column {column}, which YAML does not allow in a file"
        if not "\ud800" <= char <= "\udfff":
            message += f'; inside double quotes it can be written as "\\x{ord(char):02x}"'
        raise InvalidInputError((Problem(message, line=_line_of(text, start)),))
    loader = _Loader(text)
    try:
        root: Node | None = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        raise InvalidInputError((_syntax_problem(error),)) from None
    except yaml.YAMLError as error:  # pragma: no cover -- the check above leaves only marked errors
        raise InvalidInputError(f"not valid YAML: {error}") from None
    except RecursionError:
        raise InvalidInputError("not a timeline document: nested too deeply") from None
    finally:
        loader.dispose()
    return root


def _syntax_problem(error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    message = "not valid YAML: " + (error.problem or error.context or "cannot be read")
    if mark is not None:
        message += f" at column {mark.column + 1}"
    if error.problem and error.context:
        where = error.context_mark
        message += f" ({error.context}" + (f" that starts on line {where.line + 1})" if where else ")")
    return Problem(message, line=None if mark is None else mark.line + 1)


class _AliasFoundError(Exception):
    """A node was met twice: the document uses an alias."""


@attrs.define
class _Reading:
    """The state of one :func:`plain_data` walk."""

    seen: set[int] = attrs.field(factory=set)
    problems: list[tuple[Node, str]] = attrs.field(factory=list)
    spoilt: list[Node] = attrs.field(factory=list)


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag


def _number(value: str, tag: str) -> int | float:
    """A core-schema number; raises ValueError or OverflowError for one Python cannot hold."""
    if _INT.fullmatch(value):
        base = {"0o": 8, "0x": 16}.get(value[:2], 10)
        number = int(value[2:] if base != 10 else value, base)
        str(number)  # a number with more digits than Python writes could be read but never written
        return number if tag == INT else float(number)
    if value.lstrip("+-").lower() == ".inf":
        return float("-inf" if value[0] == "-" else "inf")
    return float("nan") if value.lower() == ".nan" else float(value)


def _scalar(node: ScalarNode, reading: _Reading) -> Any:
    tag, value = node.tag, node.value
    if tag == STR:
        return value
    if tag not in (INT, FLOAT, BOOL, NULL):
        reading.problems.append((node, f"the tag {_tag_name(tag)} is not allowed; write a plain value"))
        reading.spoilt.append(node)
        return None
    found = core_tag(value)
    if found == tag or (tag == FLOAT and found == INT):  # every whole number is also a valid !!float
        if tag == NULL:
            return None
        if tag == BOOL:
            return value in _TRUE
        try:
            return _number(value, tag)
        except (ValueError, OverflowError):
            message = f"{quote(value)} has too many digits to be read as a number"
    else:
        message = f"{quote(value)} is not a valid {_tag_name(tag)}"
    reading.problems.append((node, message))
    reading.spoilt.append(node)
    return None


def _key(node: Node, reading: _Reading) -> str | None:
    if isinstance(node, ScalarNode) and node.tag == STR:
        return str(node.value)
    if isinstance(node, ScalarNode) and not node.style and node.tag in (INT, FLOAT, BOOL, NULL):
        if node.value == "":
            reading.problems.append((node, "a key is missing before the colon"))
        else:
            reading.problems.append(
                (node, f"the key {node.value} is not text; write it in quotes: {quote(node.value)}")
            )
    elif isinstance(node, ScalarNode):
        reading.problems.append((node, f"the key {quote(node.value)} is not text"))
    else:
        reading.problems.append(
            (node, f"a key must be text, not a {'list' if isinstance(node, SequenceNode) else 'mapping'}")
        )
    return None


class _TooDeepError(Exception):
    """Lists and mappings nested more deeply than :data:`MAX_NESTING`; carries the node."""


def _value(node: Node, reading: _Reading, depth: int = 0) -> Any:
    if id(node) in reading.seen:
        raise _AliasFoundError
    reading.seen.add(id(node))
    if isinstance(node, ScalarNode):
        return _scalar(node, reading)
    if depth >= MAX_NESTING:
        raise _TooDeepError(node)
    depth += 1
    allowed = node.tag in (SEQ, MAP)
    if not allowed:
        reading.problems.append((node, f"the tag {_tag_name(node.tag)} is not allowed; write a plain value"))
        reading.spoilt.append(node)
    if isinstance(node, SequenceNode):
        items = [_value(item, reading, depth) for item in node.value]
        return items if allowed else None
    mapping: dict[str, Any] = {}
    firsts: dict[str, Node] = {}
    for key_node, value_node in node.value:
        if id(key_node) in reading.seen:
            raise _AliasFoundError
        reading.seen.add(id(key_node))
        key = _key(key_node, reading)
        value = _value(value_node, reading, depth)
        if key is None:
            continue
        if key in firsts:
            first = firsts[key].start_mark.line + 1
            reading.problems.append((key_node, f"appears twice in one mapping; the first is on line {first}"))
            continue
        firsts[key] = key_node
        mapping[key] = value
    return mapping if allowed else None


def plain_data(root: Node, text: str) -> tuple[Any, list[Problem], list[str]]:
    """The plain data of a node tree, the problems met, and the paths whose values were dropped.

    A dropped value (one with a tag that is not allowed) reads as ``None``, and
    the converter's problems at or under its path say nothing new. Raises
    :class:`InvalidInputError` when the document uses an alias, naming the line of
    every alias.
    """
    reading = _Reading()
    try:
        data = _value(root, reading)
    except _AliasFoundError:
        raise InvalidInputError(_alias_problems(text)) from None
    except _TooDeepError as error:
        node = error.args[0]
        message = (
            f"lists and mappings are nested more than {MAX_NESTING} deep here; a timeline document needs far fewer"
        )
        raise InvalidInputError((Problem(message, line=node.start_mark.line + 1),)) from None
    if not reading.problems:
        return data, [], []
    places = _Places(root)
    problems = [Problem(message, places.path_of(node), node.start_mark.line + 1) for node, message in reading.problems]
    return data, problems, [places.path_of(node) for node in reading.spoilt]


def _alias_problems(text: str) -> list[Problem]:
    problems: dict[tuple[int, str], Problem] = {}
    loader = _Loader(text)
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
                problems.setdefault(
                    (event.start_mark.line, event.anchor or ""),
                    Problem(
                        f"the alias *{event.anchor} repeats another value; aliases are not supported, "
                        "so write the value out in full",
                        line=event.start_mark.line + 1,
                    ),
                )
    finally:
        loader.dispose()
    return list(problems.values())


class _Places:
    """Where each path of a document is: its line, the path of each node, and the scalars
    that YAML read as something other than text."""

    def __init__(self, root: Node) -> None:
        self.lines: dict[str, int] = {}
        self.paths: dict[int, str] = {}
        self.scalars: dict[str, ScalarNode] = {}
        stack: list[tuple[str, Node, int]] = [("", root, root.start_mark.line + 1)]
        while stack:
            path, node, line = stack.pop()
            self.lines.setdefault(path, line)
            self.paths.setdefault(id(node), path)
            if isinstance(node, ScalarNode):
                if not node.style and node.tag in (INT, FLOAT, BOOL):
                    self.scalars.setdefault(path, node)
                continue
            children: list[tuple[str, Node, int]] = []
            if isinstance(node, SequenceNode):
                children.extend(
                    (f"{path}[{index}]", item, item.start_mark.line + 1) for index, item in enumerate(node.value)
                )
            else:
                for key_node, value_node in node.value:
                    key_line = key_node.start_mark.line + 1
                    if not (isinstance(key_node, ScalarNode) and key_node.tag == STR):
                        children.append((path, key_node, key_line))
                        continue
                    key = key_node.value
                    # The converter names a key as path_part does; user data (extra) names it as it is.
                    for key_path in dict.fromkeys((join_path(path, path_part(key)), join_path(path, key))):
                        children.append((key_path, key_node, key_line))
                        children.append((key_path, value_node, key_line))
            stack.extend(reversed(children))

    def path_of(self, node: Node) -> str:
        return self.paths.get(id(node), "")

    def line_of(self, path: str) -> int | None:
        """The line of ``path``, or of the closest enclosing path that exists (of the last few)."""
        end = len(path)
        for _ in range(_ENCLOSING_TRIED):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
            end = max(path.rfind(".", 0, end), path.rfind("[", 0, end))
            if end <= 0:
                break
        return self.lines.get("")


_ENCLOSING_TRIED: Final = 16
"""How many enclosing paths :meth:`_Places.line_of` tries: documents nest far less deeply
(a path's dots and brackets inside a long key would otherwise each cost a lookup)."""

_WRONG_TYPE = re.compile(r"expected (?P<expected>.+), got (?:a number|true/false)\Z", re.DOTALL)
_NOT_TEXTUAL: Final = frozenset({"a number", "a whole number", "true or false"})


def locate(problems: tuple[Problem, ...], root: Node | None, spoilt: list[str]) -> list[Problem]:
    """``problems`` with the line of each path, less those under a dropped value.

    A value that YAML read as a number or true/false where text was expected gets
    a hint to put it in quotes.
    """
    if root is None:
        return [attrs.evolve(problem, line=problem.line or 1) for problem in problems]
    places = _Places(root)
    located: list[Problem] = []
    dropped = _PathTree(spoilt)
    for problem in problems:
        if dropped.holds(problem.path):
            continue
        message = problem.message
        node = places.scalars.get(problem.path)
        wrong = _WRONG_TYPE.match(message)
        if node is not None and wrong and wrong.group("expected") not in _NOT_TEXTUAL:
            message += f"; to write text, put it in quotes: {quote(node.value)}"
        located.append(attrs.evolve(problem, message=message, line=places.line_of(problem.path)))
    return located


_STEP = re.compile(r"(?=[.\[])")


class _PathTree:
    """Paths, to tell in time linear in a path's length whether it is one of them or under one."""

    def __init__(self, paths: list[str]) -> None:
        self._root: dict[str | None, Any] = {}
        for path in paths:
            node = self._root
            for step in _STEP.split(path):
                node = node.setdefault(step, {})
            node[None] = True

    def holds(self, path: str) -> bool:
        """Whether ``path`` is one of the paths or under one (``a.b`` and ``a[0]`` are under ``a``)."""
        node: dict[str | None, Any] | None = self._root
        if not node:
            return False
        for step in _STEP.split(path):
            node = node.get(step)
            if node is None:
                return False
            if None in node:
                return True
        return False
