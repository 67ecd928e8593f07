"""The JSON format: a lossless, deterministic document of a timeline.

Shape::

    {"format": "timeline", "version": 1, "title": …, "description": …, "extra": {…},
     "sources": {"key": {…}, …}, "events": [{…}, …]}

``from_json(to_json(t)) == t`` for every timeline, and equal timelines give equal
bytes. The JSON Schema of the document is :func:`json_schema`.

Reading is strict: besides every check of the model, a key given twice in one
object, ``NaN`` and ``Infinity``, numbers too large for a float, integers of
more than 4,300 digits and lone surrogates (``"\\ud800"``, which UTF-8 cannot
hold, in keys as in values) are refused, each reported with its path; a document
is at most :data:`MAX_DOCUMENT_BYTES` long.
"""

from __future__ import annotations

import copy
import json
import math
import re
from functools import cache
from importlib import resources
from typing import Any, Final

import attrs

from timeline.errors import InvalidInputError, Problem, join_path
from timeline.formats._convert import MAX_NESTING, document, path_part, timeline_of
from timeline.formats._decode import document_text
from timeline.model import Timeline
from timeline.model._checks import describe_char, quote

__all__ = ["MAX_DOCUMENT_BYTES", "from_json", "json_schema", "to_json"]

MAX_DOCUMENT_BYTES: Final = 256 * 1024 * 1024
"""The largest JSON (or YAML) document read, in bytes of UTF-8."""

_MAX_DIGITS: Final = 4_300
"""The most digits of an integer read: Python's own default limit for converting text to int."""


def to_json(timeline: Timeline) -> str:
    """The JSON document of ``timeline``: UTF-8 text, two-space indents, a final newline."""
    return json.dumps(document(timeline), ensure_ascii=False, indent=2) + "\n"


class _Repeated(dict[str, Any]):
    """An object in which some keys were given more than once (the last value kept)."""

    __slots__ = ("repeated",)

    def __init__(self, pairs: list[tuple[str, Any]], repeated: list[str]) -> None:
        super().__init__(pairs)
        self.repeated = repeated


@attrs.frozen
class _Refused:
    """Where the text had a value JSON (or Python) cannot hold: ``NaN``, ``1e999``, a huge integer."""

    message: str


class _Reader:
    """Hooks for :func:`json.loads` that mark what JSON forbids, to be reported with its path."""

    def __init__(self) -> None:
        self.marked = False

    def object_pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) == len(pairs):
            return result
        self.marked = True
        seen: set[str] = set()
        repeated: dict[str, None] = {}
        for key, _ in pairs:
            if key in seen:
                repeated[key] = None
            seen.add(key)
        return _Repeated(pairs, list(repeated))

    def refuse(self, message: str) -> _Refused:
        self.marked = True
        return _Refused(message)

    def constant(self, name: str) -> _Refused:
        return self.refuse(f"{name} is not a JSON number: use a finite number")

    def real(self, text: str) -> float | _Refused:
        value = float(text)
        return value if math.isfinite(value) else self.refuse(f"{quote(text)} is too large for a number")

    def integer(self, text: str) -> int | _Refused:
        if len(text) > _MAX_DIGITS:
            return self.refuse(f"a number of {len(text):,} digits is longer than the limit of {_MAX_DIGITS:,}")
        return int(text)


_MAYBE_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]|[\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _lone_surrogate(text: str, path: str) -> Problem | None:
    if bad := _SURROGATE.search(text):
        return Problem(f"{quote(text)} contains {describe_char(bad.group())}, which UTF-8 cannot hold", path)
    return None


def _marked_problems(data: Any, *, surrogates: bool) -> list[Problem]:
    """Every repeated key, refused number and (if ``surrogates``) lone surrogate in ``data``.

    In document order, each with its path.
    """
    problems: list[Problem] = []
    stack: list[tuple[str, Any, int]] = [("", data, 0)]
    while stack:
        path, value, depth = stack.pop()
        if isinstance(value, dict | list) and depth >= MAX_NESTING:
            message = (
                f"lists and objects are nested more than {MAX_NESTING} deep here; a timeline document needs far fewer"
            )
            return [*problems, Problem(message, path)]
        if isinstance(value, _Refused):
            problems.append(Problem(value.message, path))
        elif isinstance(value, str):
            if surrogates and (problem := _lone_surrogate(value, path)):
                problems.append(problem)
        elif isinstance(value, dict):
            if surrogates:
                problems.extend(
                    problem
                    for key in value
                    if (problem := _lone_surrogate(key, join_path(path, path_part(key)))) is not None
                )
            if isinstance(value, _Repeated):
                problems.extend(
                    Problem(
                        "is given more than once in one object; give each key once", join_path(path, path_part(key))
                    )
                    for key in value.repeated
                )
            stack.extend((join_path(path, path_part(key)), item, depth + 1) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((f"{path}[{index}]", item, depth + 1) for index, item in reversed(list(enumerate(value))))
    return problems


def decode(text: str | bytes) -> Any:
    """Parse JSON text strictly: no repeated keys, no NaN, bounded size and depth.

    Raises :class:`~timeline.errors.InvalidInputError`: for text that is not
    JSON with its line; for a repeated key or a number JSON forbids with the path
    of every one.
    """
    text = document_text(text, limit=MAX_DOCUMENT_BYTES)
    reader = _Reader()
    try:
        data = json.loads(
            text,
            object_pairs_hook=reader.object_pairs,
            parse_constant=reader.constant,
            parse_float=reader.real,
            parse_int=reader.integer,
        )
    except json.JSONDecodeError as error:
        raise InvalidInputError(
            (Problem(f"not valid JSON: {error.msg} (column {error.colno})", line=error.lineno),)
        ) from error
    except RecursionError as error:
        raise InvalidInputError("not a timeline document: nested too deeply") from error
    # A surrogate comes from an escape (a pair of them for one character is fine), or from a str.
    surrogates = _MAYBE_SURROGATE.search(text) is not None
    if reader.marked or surrogates:
        problems = _marked_problems(data, surrogates=surrogates)
        if problems:
            raise InvalidInputError(problems)
    return data


def from_json(text: str | bytes) -> Timeline:
    """The timeline in a JSON document.

    Raises :class:`~timeline.errors.InvalidInputError` listing every problem, each
    with its path (``events[2].when: "2025-13-01" is not a valid date …``), and
    no other exception.
    """
    return timeline_of(decode(text))


@cache
def _schema_text() -> str:
    return resources.files("timeline.formats").joinpath("schema/timeline.schema.json").read_text("utf-8")


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the document, as a new dict."""
    return copy.deepcopy(json.loads(_schema_text()))
