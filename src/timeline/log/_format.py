"""The lines of an event log file: writing them, checking their seal, reading them back.

A log is UTF-8 JSON Lines. Line 1 is the header, every later line one revision::

    {"format":"timeline-log","version":1,"title":"…","description":"…","hash":"…"}
    {"seq":1,"prev":"…","at":"2025-12-16T12:00:00.000000Z","op":"put","id":"berlin-talks",
     "by":"…","why":{"note":"…","citation":{…}},"event":{…},"sources":{…},"hash":"…"}

(one line each; wrapped here). Fields come in that order, without spaces. ``why``
is left out when there is none, ``event`` for a retraction. ``sources`` holds
every source the line cites, by key, as the JSON format's ``sources`` map does, so
each line reads on its own. ``hash`` is the SHA-256, in hex, of the line's bytes
without the ``,"hash":"…"`` member (the closing brace kept); ``prev`` is the hash
of the line before. The seal is over the exact bytes, so any change to a line is
seen without a canonical re-encoding.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any, Final

import orjson

from timeline._validation import MAX_SLUG, check_line, check_text, plain_line, quote, slug_pattern
from timeline.errors import InvalidInputError, Problem
from timeline.formats._convert import converter, path_part, sources_in_scope, structured
from timeline.formats._fast_hooks import read_event
from timeline.log._fields import PREFIX_CHECKS, field_problems, prefix_problems
from timeline.log._revision import Operation, Reason, Revision, moment_of
from timeline.log._sources import SourceCache
from timeline.model import Citation, Event, Source

LOG_FORMAT: Final = "timeline-log"
LOG_VERSION: Final = 1

SEAL_SIZE: Final = 75
"""Bytes of ``,"hash":"<64 hex digits>"}`` at the end of every line."""

_SEAL = re.compile(rb',"hash":"([0-9a-f]{64})"\}\Z')
PREFIX: Final = re.compile(
    rb'\{"seq":([1-9][0-9]{0,17}),"prev":"([0-9a-f]{64})",'
    rb'"at":"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z)",'
    rb'"op":"([a-z_]{1,40})","id":"(' + slug_pattern(MAX_SLUG).encode() + rb')",'
)

_REVISION_FIELDS: Final = ("seq", "prev", "at", "op", "id", "by", "why", "event", "sources", "hash")
_REVISION_FIELD_NAMES: Final = frozenset(_REVISION_FIELDS)
_PUT: Final = Operation.PUT.value
_HEX_DIGITS: Final = "0123456789abcdef"
_HEADER_FIELDS: Final = ("format", "version", "title", "description", "hash")


def _encode(body: Mapping[str, Any]) -> bytes:
    try:
        return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    except UnicodeEncodeError as error:
        raise InvalidInputError(f"cannot be written as UTF-8: {error.reason}") from error


def sealed(body: Mapping[str, Any]) -> tuple[bytes, str]:
    """The line for ``body`` (newline included) and its hash."""
    raw = _encode(body)
    digest = hashlib.sha256(raw).hexdigest()
    return raw[:-1] + b',"hash":"' + digest.encode("ascii") + b'"}\n', digest


def seal_of(line: bytes) -> tuple[str, str] | None:
    """The hash a line claims and the hash of its content, or ``None`` if it has no seal."""
    found = _SEAL.search(line, max(0, len(line) - SEAL_SIZE))
    if found is None:
        return None
    content = hashlib.sha256(line[: found.start()])
    content.update(b"}")
    return found.group(1).decode("ascii"), content.hexdigest()


def header_line(title: str, description: str | None) -> tuple[bytes, str]:
    """The header of a new log, and its hash."""
    problems: list[Problem] = []
    check_line(problems, "title", title)
    check_text(problems, "description", description)
    if problems:
        raise InvalidInputError(problems)
    body: dict[str, Any] = {"format": LOG_FORMAT, "version": LOG_VERSION, "title": title}
    if description is not None:
        body["description"] = description
    return sealed(body)


def read_header(line: bytes) -> tuple[str, str | None, str]:
    """The title, description and hash of a header line; InvalidInputError says what is wrong."""
    not_a_log = f'is not an event log: its first line must be a header {{"format":"{LOG_FORMAT}",…}}'
    try:
        data = json.loads(line)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise InvalidInputError(not_a_log) from None
    if not isinstance(data, dict) or data.get("format") != LOG_FORMAT:
        raise InvalidInputError(not_a_log)
    problems: list[Problem] = []
    if data.get("version") != LOG_VERSION:
        problems.append(Problem(f"is {data.get('version')!r}; this version of timeline reads {LOG_VERSION}", "version"))
    problems.extend(_unknown_fields(data, _HEADER_FIELDS))
    check_line(problems, "title", data.get("title"))
    check_text(problems, "description", data.get("description"))
    problems.extend(_seal_problems(line))
    if problems:
        raise InvalidInputError(problems)
    seal = seal_of(line)
    assert seal is not None
    return data["title"], data.get("description"), seal[0]


def _seal_problems(line: bytes) -> list[Problem]:
    seal = seal_of(line)
    if seal is None:
        return [Problem('is missing or not last: every line ends with "hash":"<64 hex digits>"', "hash")]
    if seal[0] != seal[1]:
        return [Problem("does not match the line's content: the line was changed after it was written", "hash")]
    return []


def _unknown_fields(data: Mapping[str, Any], known: tuple[str, ...]) -> list[Problem]:
    return [
        Problem(f"unknown field {quote(name)}; expected one of: {', '.join(known)}", path_part(name))
        for name in data
        if name not in known
    ]


def cited_with_paths(event: Event, prefix: str = "") -> list[tuple[str, Citation]]:
    """The event's citations, then its accounts', each with its path."""
    found = [(f"{prefix}citations[{number}]", citation) for number, citation in enumerate(event.citations)]
    found.extend(
        (f"{prefix}accounts[{number}].citations[{place}]", citation)
        for number, account in enumerate(event.accounts)
        for place, citation in enumerate(account.citations)
    )
    return found


def _cited(event: Event | None, why: Reason | None) -> dict[str, Source]:
    """Every source a revision cites, by key; one key must not name two sources."""
    citations = [] if event is None else cited_with_paths(event, "event.")
    if why is not None and why.citation is not None:
        citations.append(("why.citation", why.citation))
    table: dict[str, Source] = {}
    for path, citation in citations:
        for depth, source in enumerate(citation.source.chain()):
            known = table.setdefault(source.ref, source)
            if known != source:
                raise InvalidInputError.at(
                    path + ".source" + ".via" * depth,
                    f"the source key {quote(source.ref)} names another source elsewhere in this revision;"
                    " give one of them another key",
                )
    return table


def revision_line(
    *, seq: int, prev: str, at: str, op: Operation, event_id: str, by: str, why: Reason | None, event: Event | None
) -> tuple[bytes, str]:
    """The line of one revision (newline included) and its hash."""
    convert = converter()
    table = _cited(event, why)
    body: dict[str, Any] = {"seq": seq, "prev": prev, "at": at, "op": op.value, "id": event_id, "by": by}
    if why is not None:
        reason: dict[str, Any] = {}
        if why.note is not None:
            reason["note"] = why.note
        if why.citation is not None:
            reason["citation"] = convert.unstructure(why.citation, Citation)
        body["why"] = reason
    if event is not None:
        body["event"] = convert.unstructure(event, Event)
    body["sources"] = {ref: convert.unstructure(table[ref], Source) for ref in sorted(table)}
    return sealed(body)


def _envelope(data: dict[str, Any]) -> list[Problem]:
    """What is wrong with the fields of a revision other than its event and citation."""
    problems = [] if data.keys() <= _REVISION_FIELD_NAMES else _unknown_fields(data, _REVISION_FIELDS)
    check_line(problems, "by", data.get("by"))
    put = data["op"] == _PUT
    if put and data.get("event") is None:
        problems.append(Problem("is required for a put", "event"))
    if not put and "event" in data:
        problems.append(Problem("a retraction carries no event", "event"))
    why = data.get("why")
    if why is not None and (not isinstance(why, dict) or not why):
        problems.append(Problem("expected an object with a note, a citation or both", "why"))
    elif why is not None:
        problems.extend(problem.within("why") for problem in _unknown_fields(why, ("note", "citation")))
        check_text(problems, "why.note", why.get("note"))
    return problems


def decode_revision(line: bytes, sources: SourceCache, *, strict: bool = False) -> Revision:
    """The revision on a line whose seal and prefix were checked.

    Raises InvalidInputError with every problem, each with its path in the line.
    ``strict`` also rejects repeated keys in an object.
    """
    if strict:
        from timeline.formats.json import decode

        return _revision_of(decode(line), sources)
    # orjson reads the line first. Where it reads otherwise than json.loads, json.loads reads it again:
    # orjson refuses NaN, lone surrogates and encodings other than UTF-8, which json.loads takes, and it
    # reads an integer beyond 64 bits as a float. Such a float fails every check but user data's, so a
    # line with a problem, or user data holding a whole float that large, is read again. Both keep the
    # last of a repeated key.
    try:
        revision = _revision_of(orjson.loads(line), sources)
    except (orjson.JSONDecodeError, InvalidInputError):
        pass
    else:
        if revision.event is None or not _holds_huge_whole_float(revision.event.extra):
            return revision
    try:
        data = json.loads(line)
    except UnicodeDecodeError as error:
        raise InvalidInputError(f"not UTF-8 text: byte {error.start + 1} of the line cannot be decoded") from None
    except ValueError as error:
        raise InvalidInputError(f"not valid JSON: {error}") from None
    except RecursionError:
        raise InvalidInputError("lists and objects are nested too deeply") from None
    return _revision_of(data, sources)


_HUGE: Final = float(2**63)


def _holds_huge_whole_float(value: object) -> bool:
    """Whether user data holds a float that may have been an integer beyond 64 bits.

    Plain values are told apart by their exact type first, which is cheaper than
    ``isinstance`` against the abstract ``Mapping`` (user data is frozen into
    mappings of that kind, and decoded JSON has no subclasses of the plain types).
    """
    if type(value) is float:
        return abs(value) >= _HUGE and value.is_integer()
    if type(value) in _LEAVES:
        return False
    if type(value) is tuple or type(value) is list:
        return any(map(_holds_huge_whole_float, value))
    if isinstance(value, Mapping):
        return any(map(_holds_huge_whole_float, value.values()))
    if isinstance(value, float):
        return abs(value) >= _HUGE and value.is_integer()
    return isinstance(value, tuple | list) and any(map(_holds_huge_whole_float, value))


_LEAVES: Final = frozenset({str, int, bool, type(None)})


def _revision_of(data: Any, sources: SourceCache) -> Revision:
    """The revision of a line's decoded JSON ``data``."""
    event, citation = _parts_of(data, sources)
    why = data.get("why")
    return Revision(
        seq=data["seq"],
        at=moment_of(data["at"]),
        op=Operation(data["op"]),
        event_id=data["id"],
        event=event,
        by=data["by"],
        why=None if why is None else Reason(why.get("note"), citation=citation),
        prev=data["prev"],
        hash=data["hash"],
    )


def _parts_of(data: Any, sources: SourceCache) -> tuple[Event | None, Citation | None]:
    """The event and the reason's citation of a line's decoded JSON ``data``, everything else on it checked."""
    if not isinstance(data, dict):
        raise InvalidInputError("expected a revision (a JSON object)")
    problems = prefix_problems(data) or _envelope(data)
    if problems:
        raise InvalidInputError(problems)
    scope, problems = sources.scope(data.get("sources", {}))
    event = citation = None
    raw_citation = (data.get("why") or {}).get("citation")
    with sources_in_scope(scope):
        if "event" in data:
            event, found = structured(Event, data["event"], "event")
            problems.extend(found)
        if raw_citation is not None:
            citation, found = structured(Citation, raw_citation, "why.citation")
            problems.extend(found)
    if event is not None and event.id != data["id"]:
        problems.append(Problem(f"{quote(event.id)} is not the revision's id {quote(data['id'])}", "event.id"))
    if problems:
        raise InvalidInputError(problems)
    return event, citation


def decode_event(line: bytes, sources: SourceCache, at: str, event_id: str) -> Event:
    """The event put on a line whose seal and prefix were checked: ``decode_revision(line, sources).event``.

    ``at`` and ``event_id`` are the recorded time and the id the index read at
    the start of the line. This skips building the rest of the revision (its
    recorded time as a pendulum ``DateTime``, its operation, its reason), which a
    replay throws away. That is safe on a line whose decoded ``at``, ``op`` and
    ``id`` are the ones the index read and checked (a repeated key could say
    otherwise) and which gives no reason: there, building them cannot fail, so
    the event is all ``decode_revision`` would give. Every other line, and every
    line with a problem, goes to :func:`decode_revision`, for the same event or
    the same errors.
    """
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError:
        data = None
    if type(data) is dict:
        event = _sound_event(data, sources, at, event_id)
        if event is not None:
            return event
    event = decode_revision(line, sources).event
    assert event is not None
    return event


def _sound_event(data: dict[str, Any], sources: SourceCache, at: str, event_id: str) -> Event | None:
    """The event of a put without a reason whose decoded JSON is ``data``, if nothing on the line has a problem.

    What :func:`_parts_of` checks before the event is tested quickly, and
    ``None`` returned wherever a test is unsure: ``at``, ``op`` and ``id`` are
    compared with what the index read and checked (so ``id`` matches
    :data:`~timeline.log._fields.ID`, as the slug in the index's pattern is the
    same), ``prev`` is tested as :data:`~timeline.log._fields.HEX` matches it (64
    characters, each a lowercase hex digit), and only a ``by`` that
    ``plain_line`` is unsure of has the full envelope check.

    The event is read by the JSON reader's fast reader,
    :func:`~timeline.formats._fast_hooks.read_event`, called directly: the
    converter's hook for :class:`Event`, which :func:`_parts_of` goes through,
    calls that very reader first and returns what it gives, so calling it here
    only skips the converter's dispatch and setting the sources in scope. It
    declines (``None`` or an exception) anything unusual; then, as on any line
    with a problem, ``None`` is returned and the caller takes the general path.
    """
    get = data.get
    seq, prev, raw = get("seq"), get("prev"), get("event")
    if (
        get("at") != at
        or get("op") != _PUT
        or get("id") != event_id
        or type(seq) is not int
        or seq < 1
        or type(prev) is not str
        or len(prev) != 64
        or prev.strip(_HEX_DIGITS)
        or raw is None
        or "why" in data
        or not data.keys() <= _REVISION_FIELD_NAMES
        or (not plain_line(get("by")) and _envelope(data))
    ):
        return None
    table = sources.table(get("sources", {}))
    if table is None:
        return None
    try:
        event = read_event(raw, table)
    except Exception:  # noqa: BLE001 -- declined: the general path reads it again and reports it
        return None
    if event is None or event.id != event_id:
        return None
    # An event read without ``extra`` has empty user data: no float in it to look for.
    return None if "extra" in raw and _holds_huge_whole_float(event.extra) else event


def diagnose(line: bytes) -> list[Problem]:
    """What is wrong with a line that is not laid out as a revision."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        return [Problem(f"not UTF-8 text: byte {error.start + 1} of the line cannot be decoded")]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return [Problem(f"not valid JSON: {error.msg} (column {error.colno})")]
    except ValueError as error:
        return [Problem(f"not valid JSON: {error}")]
    except RecursionError:
        return [Problem("lists and objects are nested too deeply")]
    if not isinstance(data, dict):
        return [Problem(f"expected a revision (a JSON object), got {type(data).__name__}")]
    problems = _unknown_fields(data, _REVISION_FIELDS)
    problems.extend(Problem("is required but missing", name) for name, _, _ in PREFIX_CHECKS if name not in data)
    problems.extend(field_problems(data))
    problems.extend(_seal_problems(line))
    if not problems:
        order = ", ".join(_REVISION_FIELDS)
        problems.append(
            Problem(f"is not laid out as a revision (fields in the order {order}, no spaces): was it rewritten?")
        )
    return problems
