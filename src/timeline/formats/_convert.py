"""The one cattrs converter between the model and plain data, shared by JSON and YAML.

Plain data is the document shape of the JSON format: dicts, lists, strings,
numbers, booleans and ``None``. Structuring is strict (no ``5`` for ``"5"``),
rejects unknown fields, and reports every problem with its path through
:func:`~timeline.formats._problems.problems_of`.

Sources are written once, in the document's ``sources`` map, and cited by key;
:func:`document` and :func:`timeline_of` do that bookkeeping, with the key lookup
done by field hooks on ``Citation.source`` and ``Source.via``. The hooks and
their set-up are in :mod:`timeline.formats._hooks`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any, Final, TypeVar

import attrs
import cattrs

from timeline._validation import MAX_VIA, quote
from timeline.errors import InvalidInputError, Problem, join_path
from timeline.formats._fast_hooks import plain_extra, read_source
from timeline.formats._hooks import SourceScope, make_converter, sources_in_scope
from timeline.formats._problems import DOCUMENT_FIELDS, in_document_order, json_type, path_part, problems_of, wrong_type
from timeline.model import Citation, Event, Source, Timeline

__all__ = [
    "FORMAT",
    "MAX_NESTING",
    "MAX_VIA",
    "VERSION",
    "SourceScope",
    "cited_sources",
    "converter",
    "document",
    "document_head",
    "event_documents",
    "make_converter",
    "path_part",
    "sources_in_scope",
    "sources_of",
    "structured",
    "timeline_of",
]

FORMAT: Final = "timeline"
VERSION: Final = 1

MAX_NESTING: Final = 40
"""The deepest nesting of lists and objects (mappings) in a document that is read.

A timeline document needs at most about 36 (user data in ``extra`` nests at most
32 deep); the limit keeps the paths of problems, which name every level, short.
"""


@cache
def converter() -> cattrs.Converter:
    """The shared converter."""
    return make_converter()


_T = TypeVar("_T")


def structured(kind: type[_T], value: object, path: str) -> tuple[_T | None, list[Problem]]:
    """``value`` structured as ``kind``, or ``None`` and every problem found."""
    try:
        return converter().structure(value, kind), []
    except Exception as error:  # noqa: BLE001 -- problems_of re-raises what bad input cannot cause
        return None, problems_of(error, path)


def document(timeline: Timeline) -> dict[str, Any]:
    """The plain-data document of ``timeline``.

    Keys come in a fixed order (format, version, title, description, extra,
    sources, events; each object's fields in the order of its class), sources
    are sorted by key and events by date, so equal timelines give equal documents.
    """
    head = document_head(timeline)
    head["events"] = list(event_documents(timeline))
    return head


def document_head(timeline: Timeline) -> dict[str, Any]:
    """The document of ``timeline`` without its events: every key before ``events``."""
    convert = converter()
    head: dict[str, Any] = {"format": FORMAT, "version": VERSION, "title": timeline.title}
    if timeline.description is not None:
        head["description"] = timeline.description
    if timeline.extra:
        head["extra"] = plain_extra(timeline.extra)
    head["sources"] = {source.ref: convert.unstructure(source, Source) for source in cited_sources(timeline)}
    return head


def cited_sources(timeline: Timeline) -> tuple[Source, ...]:
    """``timeline.sources``, found with each cited ``Source`` object looked at once.

    A document cites a few sources many times: the citations are gathered by the
    identity of their source first (cheap), and only the distinct ones are followed
    ``via`` and keyed. The first source met for a key wins, as in ``Timeline.sources``:
    a source met again adds nothing its first meeting did not.
    """
    distinct = {
        id(citation.source): citation.source
        for event in timeline.events
        for citation in (_all_citations(event) if event.accounts else event.citations)
    }
    found: dict[str, Source] = {}
    for cited in distinct.values():
        for source in cited.chain():
            found.setdefault(source.ref, source)
    return tuple(found[ref] for ref in sorted(found))


def _all_citations(event: Event) -> tuple[Citation, ...]:
    """The citations of ``event``, then those of each of its accounts, in order."""
    return (*event.citations, *(citation for account in event.accounts for citation in account.citations))


def event_documents(timeline: Timeline) -> Iterator[dict[str, Any]]:
    """The documents of the events of ``timeline``, in order, one at a time."""
    unstructure = converter().get_unstructure_hook(Event)
    for event in timeline.events:
        yield unstructure(event)


def timeline_of(data: object) -> Timeline:
    """The timeline of a plain-data document.

    Raises :class:`~timeline.errors.InvalidInputError` with every problem found,
    sources first, then the timeline's fields and events in the order of the
    document; a citation of a source that has problems of its own adds none.
    """
    if not isinstance(data, dict):
        raise InvalidInputError(f"expected a timeline document (an object), got {json_type(data)}")
    problems: list[Problem] = []
    body = dict(data)
    format_name, version = body.pop("format", None), body.pop("version", None)
    if format_name != FORMAT or not isinstance(format_name, str):
        message = "is missing" if format_name is None else f"is {_shown(format_name)}"
        problems.append(Problem(f'{message}; a timeline document has "format": "{FORMAT}"', "format"))
    if version != VERSION or type(version) is not int:
        message = "is missing" if version is None else f"is {_shown(version)}"
        problems.append(Problem(f"{message}; this version of timeline reads version {VERSION}", "version"))
    if problems:
        raise InvalidInputError(problems)
    sources, problems = sources_of(body.pop("sources", {}))
    with sources_in_scope(sources):
        timeline, more = structured(Timeline, body, "")
    problems.extend(more)
    if problems:
        raise InvalidInputError(in_document_order(problems, data, DOCUMENT_FIELDS[Timeline]))
    assert timeline is not None
    cited = {source.ref for source in cited_sources(timeline)}
    unused = [key for key in sources.table if key not in cited]
    if unused:
        raise InvalidInputError(
            Problem("is never cited: cite it from an event or remove it", join_path("sources", path_part(key)))
            for key in unused
        )
    return timeline


def _shown(value: object) -> str:
    """A short value for a message: text quoted, other JSON as written, anything else by its type."""
    if isinstance(value, str):
        return quote(value)
    try:
        shown = json.dumps(value)
    except (TypeError, ValueError):
        return json_type(value)
    return shown if len(shown) <= 60 else json_type(value)


_SHOWN_KEYS: Final = 10
"""The most keys of a circle of sources named in its message."""


def sources_of(raw: object) -> tuple[SourceScope, list[Problem]]:
    """Structure the ``sources`` map, each source after the one it came ``via``."""
    if not isinstance(raw, dict):
        return SourceScope({}, unreadable=True), [
            Problem(str(wrong_type("an object of sources by key", raw)), "sources")
        ]
    table: dict[str, Source] = {}
    problems: list[Problem] = []
    failed: set[str] = set()
    scope = SourceScope(table, failed)

    def via_of(key: str) -> object:
        entry = raw[key]
        return entry.get("via") if isinstance(entry, dict) else None

    def build(key: str) -> None:
        path = join_path("sources", path_part(key))
        try:
            source = read_source(raw[key], key, table)  # the usual source, read directly
        except Exception:  # noqa: BLE001 -- declined: the full path below reads it again and reports it
            source = None
        if source is None:
            source = full_build(key, path)
            if source is None:
                failed.add(key)
                return
        if len(source.chain()) > MAX_VIA:
            problems.append(
                Problem(f"the chain of sources, each via the next, is longer than the limit of {MAX_VIA}", path)
            )
            failed.add(key)
            return
        table[key] = source

    def full_build(key: str, path: str) -> Source | None:
        with sources_in_scope(scope):  # the table and failed keys as they are now, not copied
            source, found = structured(Source, raw[key], path)
        if source is None:
            problems.extend(found)
            return None
        try:
            return attrs.evolve(source, key=key)
        except InvalidInputError as error:
            # The only new check is the key's, which names the entry itself.
            problems.extend(attrs.evolve(problem, path=path) for problem in error.problems)
            return None

    for first in raw:
        # Follow the via keys from this source to one built, failed, unknown or not a key,
        # then build the chain back from there. Each key is followed once: linear time.
        chain = [first]
        on_chain = {first: 0}
        while first not in table and first not in failed:
            via = via_of(chain[-1])
            if not isinstance(via, str) or via not in raw or via in table or via in failed:
                break
            if via in on_chain:
                circle = chain[on_chain[via] :]
                shown = circle if len(circle) <= _SHOWN_KEYS else [*circle[: _SHOWN_KEYS - 1], "…"]
                problems.append(
                    Problem(
                        f"via goes round in a circle: {' → '.join([*shown, via])}"
                        + ("" if len(circle) <= _SHOWN_KEYS else f" ({len(circle):,} sources)"),
                        join_path("sources", path_part(chain[-1])) + ".via",
                    )
                )
                failed.update(circle)
                break
            on_chain[via] = len(chain)
            chain.append(via)
        for key in reversed(chain):
            if key not in table and key not in failed:
                build(key)
    return SourceScope(table, frozenset(failed)), problems
