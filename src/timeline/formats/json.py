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
import mmap
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any, Final

import attrs
import orjson

from timeline._collector import collector_paused
from timeline._validation import describe_char, freeze_extra, quote
from timeline.errors import InvalidInputError, Problem, join_path
from timeline.formats._convert import (
    FORMAT,
    MAX_NESTING,
    VERSION,
    cited_sources,
    document_head,
    path_part,
    sources_in_scope,
    sources_of,
    timeline_of,
)
from timeline.formats._decode import document_text, long_integer, release
from timeline.formats._fast_hooks import read_event
from timeline.formats._json_write import EventWriter, writes_alike
from timeline.model import Timeline

__all__ = ["MAX_DOCUMENT_BYTES", "from_json", "json_schema", "to_json"]

MAX_DOCUMENT_BYTES: Final = 4 * 1024 * 1024 * 1024
"""The largest JSON document (or iCalendar file) read, in bytes of UTF-8: a million events take about 1 GiB.

:func:`~timeline.load` maps a large file rather than reading it into memory, and
a document in the layout :func:`to_json` writes is read a few hundred events at a
time, so reading holds little more than the timeline. Any other layout is read
whole, which takes several times the document's size.
"""

_MAX_DIGITS: Final = 4_300
"""The most digits of an integer read: Python's own default limit for converting text to int."""


def to_json(timeline: Timeline) -> str:
    """The JSON document of ``timeline``: UTF-8 text, two-space indents, a final newline."""
    return b"".join(json_chunks(timeline)).decode("utf-8")


_EVENTS_PER_CHUNK: Final = 256


def json_chunks(timeline: Timeline) -> Iterator[bytes]:
    """The UTF-8 bytes of :func:`to_json`, in pieces: the head, then a few hundred events at a time.

    Joined, the pieces are exactly ``to_json(timeline).encode()``; writing them one
    by one never holds the whole document (see :func:`~timeline.formats.files.save`).
    """
    head = document_head(timeline)
    encoded = _encoded(head, exact=writes_alike(head.get("extra")))
    assert encoded.endswith(b"\n}")  # the head is never empty: it has at least its format
    yield encoded[:-2] + b',\n  "events": ['
    writer = EventWriter()
    events = timeline.events
    for start in range(0, len(events), _EVENTS_PER_CHUNK):
        writer.exact = True
        batch = writer.events(events[start : start + _EVENTS_PER_CHUNK])
        yield (b"," if start else b"") + _events_in_list(batch, exact=writer.exact)
    yield b"\n  ]\n}\n" if events else b"]\n}\n"


def _encoded(value: Any, *, exact: bool) -> bytes:
    """``value`` as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it, in UTF-8.

    orjson writes it, unless ``exact`` is false (a float orjson writes otherwise
    than Python) or the value holds an integer beyond 64 bits, which orjson cannot write.
    """
    if exact:
        try:
            return orjson.dumps(value, option=orjson.OPT_INDENT_2)
        except orjson.JSONEncodeError:
            pass
    return json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")


def _events_in_list(batch: list[dict[str, Any]], *, exact: bool) -> bytes:
    """Events as they stand in the document's list, two levels deep: a line break before each, no final one."""
    # Inside a list inside a list, each event is indented as in the document's "events".
    listed = _encoded([batch], exact=exact)  # b"[\n  [\n    {…},\n    {…}\n  ]\n]"
    return listed[5:-6]


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


_DECLINED: Final = object()
_BOM: Final = b"\xef\xbb\xbf"
_DECLINED_ESCAPE: Final = re.compile(rb"\\u(?:003|[dD])")
"""An escaped colon (see below); an escaped surrogate, which has the full path check the nesting too.

A regular expression: its scan for the prefix is several times faster than ``in``
for a needle ending in a letter as common as ``u``.
"""


def _decoded_fast(text: str | bytes) -> Any:
    """``text`` parsed by orjson, when that gives what the json module and its checks give; else ``_DECLINED``.

    orjson refuses, as the checks do, invalid UTF-8, lone surrogates, ``NaN`` and
    numbers too large for a float, and it is declined then, for the full path to
    report them. What orjson reads otherwise is declined up front or after: an
    integer of 19 digits or more (orjson reads one beyond 64 bits as a float), and
    a key given twice in an object (orjson keeps the last). A repeated key is seen
    by counting colons: outside strings, JSON has one for each key, and orjson
    writes the strings it read with every colon as it stood in the text, unless
    the text wrote one as an escape (``\\u003a``), which is declined. Text with an
    escaped surrogate is declined too: the full path then checks the nesting.
    """
    if isinstance(text, str):
        if len(text) > MAX_DOCUMENT_BYTES // 4:
            return _DECLINED  # perhaps too long: the full path measures it
        text = text.encode("utf-8", "surrogatepass")  # a lone surrogate is then bytes orjson refuses
    if len(text) > MAX_DOCUMENT_BYTES or long_integer(text):
        return _DECLINED
    if _DECLINED_ESCAPE.search(text):
        return _DECLINED
    raw = memoryview(text)[3:] if text.startswith(_BOM) else text
    colons = text.count(b":")
    try:
        data = orjson.loads(raw)
        written = orjson.dumps(data)
    except (orjson.JSONDecodeError, orjson.JSONEncodeError):  # not JSON; or nested beyond orjson's writer
        return _DECLINED
    return data if written.count(b":") == colons else _DECLINED


def decode(text: str | bytes) -> Any:
    """Parse JSON text strictly: no repeated keys, no NaN, bounded size and depth.

    Raises :class:`~timeline.errors.InvalidInputError`: for text that is not
    JSON with its line; for a repeated key or a number JSON forbids with the path
    of every one.
    """
    fast = _decoded_fast(text)
    if fast is not _DECLINED:
        return fast
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


def from_json(text: str | bytes | mmap.mmap) -> Timeline:
    """The timeline in a JSON document.

    Raises :class:`~timeline.errors.InvalidInputError` listing every problem, each
    with its path (``events[2].when: "2025-13-01" is not a valid date …``), and
    no other exception.
    """
    with collector_paused():
        if isinstance(text, bytes | bytearray | mmap.mmap):
            timeline = _timeline_in_pieces(text)
            if timeline is not None:
                return timeline
        return timeline_of(decode(bytes(text) if isinstance(text, mmap.mmap) else text))


# The layout to_json writes: the events last, each at four spaces, the document's end right after them.
_EVENTS_OPEN: Final = b'\n  "events": [\n    {'
_EVENTS_CLOSE: Final = b"\n    }\n  ]\n}"
_BETWEEN_EVENTS: Final = b"\n    },\n    {"
_PIECE_BYTES: Final = 1 << 18
_WHITESPACE: Final = frozenset(b" \t\r\n")
_HEAD_KEYS: Final = frozenset(("format", "version", "title", "description", "extra", "sources", "events"))


def _timeline_in_pieces(data: bytes | bytearray | mmap.mmap, piece_bytes: int = _PIECE_BYTES) -> Timeline | None:
    """The timeline of a document in to_json's layout, its events parsed about ``piece_bytes`` at a time.

    The whole document is never parsed at once, so reading holds the bytes, the
    timeline and one piece's parsed events. ``None`` declines the document, to be
    read whole: another layout, anything :func:`_decoded_fast` declines, anything
    the fast readers decline, and every problem (the whole reading reports them).

    The events' list is cut before an event's ``{`` at four spaces. A cut in a
    document of another layout that happens to show the same lines lands inside a
    value, and leaves a piece that is not JSON, so the document is declined.
    """
    opening = data.find(_EVENTS_OPEN)
    end = len(data)
    while end and data[end - 1] in _WHITESPACE:  # not data.rstrip(): that would copy the document
        end -= 1
    if opening < 0 or data[end - len(_EVENTS_CLOSE) : end] != _EVENTS_CLOSE:
        return None
    first = opening + len(_EVENTS_OPEN) - 1  # the first event's "{"
    last = end - len(_EVENTS_CLOSE) + 6  # after the last event's "}"
    head = _decoded_fast(bytes(data[:first]) + b"]" + bytes(data[last + 4 :]))
    if type(head) is not dict or head.get("events") != [] or not head.keys() <= _HEAD_KEYS:
        return None
    if head.get("format") != FORMAT or type(head.get("version")) is not int or head["version"] != VERSION:
        return None
    title, description, extra = head.get("title"), head.get("description"), head.get("extra", {})
    if type(title) is not str or (description is not None and type(description) is not str) or type(extra) is not dict:
        return None
    scope, problems = sources_of(head.get("sources", {}))
    if problems:
        return None
    events = []
    released = 0
    with sources_in_scope(scope):
        start = first
        while start < last:
            released = release(data, released, start)
            cut = data.find(_BETWEEN_EVENTS, start + piece_bytes, last)
            stop = last if cut < 0 else cut + 6
            piece = _decoded_fast(b"[" + bytes(data[start:stop]) + b"]")
            if type(piece) is not list:
                return None
            for plain in piece:
                try:
                    event = read_event(plain, scope.table)
                except Exception:  # noqa: BLE001 -- declined: the whole reading reports it
                    return None
                if event is None:
                    return None
                events.append(event)
            start = stop + len(_BETWEEN_EVENTS) - 6 - 1 if cut >= 0 else last
    try:
        timeline = Timeline(title, events, description=description, extra=freeze_extra(extra))
    except InvalidInputError:
        return None
    cited = {source.ref for source in cited_sources(timeline)}
    return timeline if all(key in cited for key in scope.table) else None


@cache
def _schema_text() -> str:
    return resources.files("timeline.formats").joinpath("schema/timeline.schema.json").read_text("utf-8")


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the document, as a new dict."""
    return copy.deepcopy(json.loads(_schema_text()))
