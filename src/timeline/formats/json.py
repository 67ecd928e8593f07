"""The JSON format: a lossless, deterministic document of a timeline.

Shape::

    {"format": "timeline", "version": 1, "title": …, "description": …, "extra": {…},
     "sources": {"key": {…}, …}, "events": [{…}, …]}

``from_json(to_json(t)) == t`` for every timeline, and equal timelines give equal
bytes. The JSON Schema of the document is :func:`json_schema`.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from typing import Any, Final

from timeline.errors import InvalidInputError, Problem
from timeline.formats._convert import document, timeline_of
from timeline.model import Timeline

__all__ = ["MAX_DOCUMENT_BYTES", "from_json", "json_schema", "to_json"]

MAX_DOCUMENT_BYTES: Final = 256 * 1024 * 1024
"""The largest JSON (or YAML) document read, in bytes of UTF-8."""


def to_json(timeline: Timeline) -> str:
    """The JSON document of ``timeline``: UTF-8 text, two-space indents, a final newline."""
    return json.dumps(document(timeline), ensure_ascii=False, indent=2) + "\n"


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {json.dumps(key, ensure_ascii=False)} appears twice in one object")
        result[key] = value
    return result


def decode(text: str | bytes) -> Any:
    """Parse JSON text strictly: no duplicate keys, no NaN, bounded size and depth."""
    if len(text) > MAX_DOCUMENT_BYTES:
        raise InvalidInputError(f"the document is larger than the limit of {MAX_DOCUMENT_BYTES:,} bytes")
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as error:
            raise InvalidInputError(f"not UTF-8 text: byte {error.start} cannot be decoded") from error
    text = text.removeprefix("\ufeff")
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise InvalidInputError(
            (Problem(f"not valid JSON: {error.msg} (column {error.colno})", line=error.lineno),)
        ) from error
    except RecursionError as error:
        raise InvalidInputError("not a timeline document: nested too deeply") from error
    except ValueError as error:
        raise InvalidInputError(f"not valid JSON: {error}") from error


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
