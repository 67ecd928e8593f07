"""The one cattrs converter between the model and plain data, shared by JSON and YAML.

Plain data is the document shape of the JSON format: dicts, lists, strings,
numbers, booleans and ``None``. Structuring is strict (no ``5`` for ``"5"``),
rejects unknown fields, and reports every problem with its path through
:func:`problems_of`.

Sources are written once, in the document's ``sources`` map, and cited by key;
:func:`document` and :func:`timeline_of` do that bookkeeping, with the key lookup
done by field hooks on ``Citation.source`` and ``Source.via``.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import enum
import json
import re
from collections.abc import Callable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from functools import cache
from typing import Any, Final, TypeVar, get_args, get_origin

import attrs
import cattrs
import pendulum
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from timeline._validation import MAX_VIA, SLUG_EDGE, freeze_extra, iso_day, quote
from timeline.errors import InvalidInputError, Problem, join_path
from timeline.formats import _fast_hooks
from timeline.formats._fast_hooks import plain_extra
from timeline.model import Account, Citation, Duration, Event, Media, Place, Relation, Source, Timeline, When

FORMAT: Final = "timeline"
VERSION: Final = 1

MAX_NESTING: Final = 40
"""The deepest nesting of lists and objects (mappings) in a document that is read.

A timeline document needs at most about 36 (user data in ``extra`` nests at most
32 deep); the limit keeps the paths of problems, which name every level, short.
"""


@attrs.frozen
class SourceScope:
    """The sources of the document being read: those built, and the keys of those that failed."""

    table: Mapping[str, Source]
    failed: AbstractSet[str] = frozenset()
    unreadable: bool = False  # ``sources`` itself was not a map: every key failed


_SOURCES: contextvars.ContextVar[SourceScope] = contextvars.ContextVar("timeline_sources")
_NO_SOURCES: Final = SourceScope({})
_SLUG_PATH = re.compile(f"[{SLUG_EDGE}][{SLUG_EDGE}_-]*\\Z")  # a slug without dots, which separate steps


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    return "a number" if isinstance(value, int | float) else type(value).__name__


def _wrong_type(expected: str, value: object) -> TypeError:
    return TypeError(f"expected {expected}, got {_json_type(value)}")


# -- strict scalars -------------------------------------------------------------------


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise _wrong_type("text", value)
    return value


def _structure_int(value: object, _: type) -> int:
    if type(value) is not int:
        raise _wrong_type("a whole number", value)
    return value


def _structure_float(value: object, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _wrong_type("a number", value)
    return float(value)


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise _wrong_type("true or false", value)
    return value


def _structure_enum(kind: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    choices = ", ".join(str(member.value) for member in kind)

    members = {str(member.value): member for member in kind}

    def structure(value: object, _: type) -> enum.Enum:
        if not isinstance(value, str):
            raise _wrong_type(f"one of: {choices}", value)
        member = members.get(value)
        if member is None:
            raise ValueError(f"{quote(value)} is not one of: {choices}")
        return member

    return structure


# -- dates ----------------------------------------------------------------------------


def _structure_when(value: object, _: type) -> When:
    if value is None:
        return When()
    if isinstance(value, str):
        if not value.strip():
            raise ValueError('an empty date; leave "when" out (or null) for an undated event')
        return When.parse(value)
    if isinstance(value, dict):
        unknown = [name for name in value if name not in ("date", "phrase")]
        if unknown:
            raise InvalidInputError(
                Problem(f"unknown field {quote(name)}; a date object has date and phrase", path_part(name))
                for name in unknown
            )
        text, phrase = value.get("date"), value.get("phrase")
        if text is not None and not isinstance(text, str):
            raise InvalidInputError.at("date", str(_wrong_type("a date as text", text)))
        if phrase is None:
            raise InvalidInputError.at(
                "phrase", "is required when a date is written as an object; else write the date as text"
            )
        if not isinstance(phrase, str):
            raise InvalidInputError.at("phrase", str(_wrong_type("text", phrase)))
        try:
            When.parse(text or "")  # a bad date is reported at "date"; parsing is cached
        except InvalidInputError as error:
            raise error.within("date") from None
        return When.parse(text or "", phrase=phrase)  # a bad phrase is reported at "phrase"
    if isinstance(value, list):  # YAML reads an unquoted [2026-02-16, 2026-02-18] as a list
        raise TypeError(
            f"expected a date as text, got a list; quote one of a set of dates: '[{', '.join(map(str, value))}]'"
        )
    raise _wrong_type("a date as text, or an object with date and phrase", value)


def _unstructure_when(when: When) -> str | dict[str, str | None] | None:
    text = str(when) if when.is_dated else None
    if when.phrase is None:
        return text
    return {"date": text, "phrase": when.phrase}


def _structure_duration(value: object, _: type) -> Duration:
    if not isinstance(value, str):
        raise _wrong_type("a duration as ISO 8601 text, such as PT2H or ≤P2W", value)
    return Duration.parse(value)


def _structure_date(value: object, _: type) -> pendulum.Date:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise (
            _wrong_type("a date as YYYY-MM-DD", value)
            if not isinstance(value, str)
            else ValueError(f"{quote(value)} is not a date as YYYY-MM-DD")
        )
    return iso_day(value)


def _unstructure_date(value: dt.date) -> str:
    return value.isoformat()


# -- user data ------------------------------------------------------------------------


def _structure_extra(value: object, _: type) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _wrong_type("an object", value)
    try:
        return freeze_extra(value)
    except InvalidInputError as error:
        raise InvalidInputError(
            attrs.evolve(problem, path=problem.path.removeprefix("extra").lstrip(".")) for problem in error.problems
        ) from None


def _unstructure_number(value: float | None) -> float | None:
    """A coordinate as a float, ``-0.0`` as ``0.0``: ``52`` and ``52.0`` are one value, written once."""
    return None if value is None else float(value) + 0.0


# -- sources by key ---------------------------------------------------------------------


class _FailedSourceError(Exception):
    """A citation of a source whose own problems are already reported (or what holds it); adds no problem."""


def _source_by_key(value: object, _: type) -> Source:
    if not isinstance(value, str):
        raise _wrong_type("the key of a source in sources", value)
    sources = _SOURCES.get(_NO_SOURCES)
    try:
        return sources.table[value]
    except KeyError:
        if value in sources.failed or sources.unreadable:
            raise _FailedSourceError(value) from None
        raise ValueError(f"{quote(value)} is not a key of sources") from None


def _key_of(source: Source | None) -> str | None:
    return None if source is None else source.ref


# -- the converter ----------------------------------------------------------------------


def _is_tuple_of(kind: Any) -> bool:
    args = get_args(kind)
    return get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis


def make_converter(*, fast: bool = True) -> cattrs.Converter:
    """A new converter configured for the document shape (see the module docstring).

    ``fast`` puts the hand-specialised hooks of :mod:`timeline.formats._fast_hooks`
    in front of cattrs' generated ones for the classes they cover; without it the
    converter is cattrs' alone (the tests' reference).
    """
    converter = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook_factory(
        lambda kind: isinstance(kind, type) and issubclass(kind, enum.Enum), _structure_enum
    )
    converter.register_structure_hook(When, _structure_when)
    converter.register_unstructure_hook(When, _unstructure_when)
    converter.register_structure_hook(Duration, _structure_duration)
    converter.register_unstructure_hook(Duration, str)
    converter.register_structure_hook(pendulum.Date, _structure_date)
    converter.register_unstructure_hook(pendulum.Date, _unstructure_date)
    converter.register_structure_hook_func(lambda kind: kind == Mapping[str, Any], _structure_extra)
    converter.register_unstructure_hook_func(lambda kind: kind == Mapping[str, Any], plain_extra)

    def tuple_of(kind: Any) -> Callable[[object, Any], tuple[Any, ...]]:
        item = get_args(kind)[0]
        handler = converter.get_structure_hook(item)

        def structure(value: object, _: Any) -> tuple[Any, ...]:
            if not isinstance(value, list):
                raise _wrong_type("a list", value)
            items, errors = [], []
            for index, element in enumerate(value):
                try:
                    items.append(handler(element, item))
                except Exception as error:  # noqa: BLE001 -- gathered and re-raised as a group
                    error.__notes__ = [
                        *getattr(error, "__notes__", []),
                        IterableValidationNote(f"Structuring {kind} @ index {index}", index, item),
                    ]
                    errors.append(error)
            if errors:
                raise IterableValidationError(f"While structuring {kind!r}", errors, kind)
            return tuple(items)

        return structure

    converter.register_structure_hook_factory(_is_tuple_of, tuple_of)

    def objects(kind: type, **overrides: Any) -> None:
        generated = _reporting_all(kind, make_dict_structure_fn(kind, converter, **overrides))
        reader = _fast_hooks.READERS.get(kind) if fast and _fast_hooks.covers(kind) else None

        def structure(value: object, _: type) -> Any:
            if not isinstance(value, dict):
                raise _wrong_type("an object", value)
            if reader is not None:
                try:
                    made = reader(value, _SOURCES.get(_NO_SOURCES).table)
                except Exception:  # noqa: BLE001 -- declined: the full path reads it again and reports it
                    made = None
                if made is not None:
                    return made
            return generated(value)

        converter.register_structure_hook(kind, structure)
        unstructure: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(
            kind, converter, _cattrs_omit_if_default=True, **overrides
        )
        if any(spec.omit_if_default is False for spec in overrides.values()):
            # Fields always written come first from cattrs; put them back in class order.
            order = [field.name for field in attrs.fields(kind) if field.init]

            def in_order(value: Any) -> dict[str, Any]:
                plain = unstructure(value)
                return {name: plain[name] for name in order if name in plain}

            converter.register_unstructure_hook(kind, in_order)
        else:
            converter.register_unstructure_hook(kind, unstructure)

    # Place first: the hooks generated for Event below take the ones registered by then.
    place_structure = _reporting_all(Place, make_dict_structure_fn(Place, converter))

    def structure_place(value: object, _: type) -> Place:
        if isinstance(value, str):
            return Place(value)
        if not isinstance(value, dict):
            raise _wrong_type("a place name, or an object with name, country, lat, lon and zone", value)
        place: Place = place_structure(value)
        return place

    converter.register_structure_hook(Place, structure_place)
    number = override(unstruct_hook=_unstructure_number)
    converter.register_unstructure_hook(
        Place, make_dict_unstructure_fn(Place, converter, _cattrs_omit_if_default=True, lat=number, lon=number)
    )

    keep = override(omit_if_default=False)
    objects(Relation)
    objects(Media)
    objects(
        Source,
        via=override(struct_hook=_source_by_key, unstruct_hook=_key_of),
        key=override(omit=True),
    )
    objects(
        Citation,
        source=override(struct_hook=_source_by_key, unstruct_hook=_key_of),
        confidence=keep,
    )
    objects(Account)
    objects(Event, status=keep)
    objects(Timeline)

    if fast:
        for kind, writer in _fast_hooks.WRITERS.items():
            if _fast_hooks.covers(kind):
                converter.register_unstructure_hook(kind, writer)
    return converter


# Values that stand in for a required field that failed, so that the model can still
# check the object's other fields; problems at the stand-in's own field are dropped.
_STAND_INS: Final[dict[tuple[type, str], object]] = {
    (Timeline, "title"): "x",
    (Event, "id"): "x.stand-in.x",
    (Event, "title"): "x",
    (Source, "publisher"): "x",
    (Place, "name"): "x",
    (Media, "url"): "https://stand-in.invalid/",
    (Relation, "kind"): "follows",
    (Relation, "target"): "x.stand-in.x",
}


def _reporting_all(kind: type, generated: Callable[[Any, Any], Any]) -> Callable[[dict[str, Any]], Any]:
    """``generated`` for ``kind``, reporting the model's problems as well as the fields' that failed.

    cattrs builds an object only when every field structures. When some do not,
    the object is built again with those fields left out (or a stand-in for a
    required one), to find what else is wrong with it; every problem is then
    reported at once, in the order of the document.
    """
    fields = attrs.fields_dict(kind)

    def structure(value: dict[str, Any]) -> Any:
        try:
            return generated(value, kind)
        except ClassValidationError as error:
            failed: set[str] = set()
            unknown: set[str] = set()
            with_notes, without_notes = error.group_exceptions()
            failed.update(note.name for _, note in with_notes if isinstance(note, AttributeValidationNote))
            for inner in without_notes:
                if isinstance(inner, ForbiddenExtraKeysError):
                    unknown.update(inner.extra_fields)
            found = problems_of(error)
            retry = {name: item for name, item in value.items() if name not in failed and name not in unknown}
            for name in failed:
                field = fields.get(name)
                if field is not None and field.default is attrs.NOTHING:
                    retry[name] = _STAND_INS.get((kind, name), attrs.NOTHING)
            if failed and attrs.NOTHING not in retry.values():
                try:
                    generated(retry, kind)
                except (ClassValidationError, InvalidInputError) as again:
                    found.extend(problem for problem in problems_of(again) if _first_step(problem.path) not in failed)
            if not found:  # only citations of sources with problems of their own
                raise _FailedSourceError from error
            raise InvalidInputError(in_document_order(found, value, tuple(fields))) from error

    return structure


def in_document_order(problems: list[Problem], value: dict[str, Any], fields: tuple[str, ...]) -> list[Problem]:
    """``problems`` of an object, sorted by where their fields are in ``value`` (then in ``fields``)."""
    position = {name: index for index, name in enumerate(value)}
    position.update({name: len(value) + index for index, name in enumerate(fields) if name not in position})
    return sorted(problems, key=lambda problem: position.get(_first_step(problem.path), len(position)))


def _first_step(path: str) -> str:
    """``when`` of ``when.date``, ``relations`` of ``relations[0].target``."""
    return re.split(r"[.\[]", path, maxsplit=1)[0]


@cache
def converter() -> cattrs.Converter:
    """The shared converter."""
    return make_converter()


# -- errors -----------------------------------------------------------------------------

# The fields a document may give, where they differ from the class's: a document's
# top level also has format, version and sources; a source's key is its name in sources.
_DOCUMENT_FIELDS: Final[dict[type, tuple[str, ...]]] = {
    Timeline: ("format", "version", "title", "description", "extra", "sources", "events"),
    Source: ("publisher", "title", "url", "archived_url", "author", "published", "retrieved", "via"),
}


def path_part(name: str) -> str:
    """A key as a step of a path: ``events`` as it is, ``["odd key"]`` quoted."""
    return name if _SLUG_PATH.match(name) else f"[{quote(name)}]"


def _known_fields(kind: type) -> str:
    names = _DOCUMENT_FIELDS.get(kind) or tuple(field.name.lstrip("_") for field in attrs.fields(kind) if field.init)
    return ", ".join(names)


def problems_of(error: BaseException, path: str = "") -> list[Problem]:
    """Every problem inside a structuring error, each with its path.

    Raises ``error`` itself if it is not one that bad input causes.
    """
    if isinstance(error, InvalidInputError):
        return [problem.within(path) for problem in error.problems]
    if isinstance(error, _FailedSourceError):
        return []
    if isinstance(error, ForbiddenExtraKeysError):
        known = _known_fields(error.cl)
        return [
            Problem(f"unknown field {quote(name)}; expected one of: {known}", join_path(path, path_part(name)))
            for name in sorted(error.extra_fields)
        ]
    if isinstance(error, ClassValidationError | IterableValidationError):
        problems: list[Problem] = []
        with_notes, without_notes = error.group_exceptions()
        for inner, note in with_notes:
            if isinstance(note, AttributeValidationNote):
                inner_path = join_path(path, note.name)
            elif isinstance(note, IterableValidationNote):
                inner_path = f"{path}[{note.index}]"
            else:  # pragma: no cover -- cattrs adds only these notes
                inner_path = path
            problems.extend(problems_of(inner, inner_path))
        for inner in without_notes:
            problems.extend(problems_of(inner, path))
        return problems
    if isinstance(error, KeyError):
        return [Problem("is required but missing", path)]
    if isinstance(error, ValueError | TypeError):
        return [Problem(str(error), path)]
    raise error


_T = TypeVar("_T")


def structured(kind: type[_T], value: object, path: str) -> tuple[_T | None, list[Problem]]:
    """``value`` structured as ``kind``, or ``None`` and every problem found."""
    try:
        return converter().structure(value, kind), []
    except Exception as error:  # noqa: BLE001 -- problems_of re-raises what bad input cannot cause
        return None, problems_of(error, path)


# -- documents ----------------------------------------------------------------------------


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
    head["sources"] = {source.ref: convert.unstructure(source, Source) for source in timeline.sources}
    return head


def event_documents(timeline: Timeline) -> Iterator[dict[str, Any]]:
    """The documents of the events of ``timeline``, in order, one at a time."""
    unstructure = converter().get_unstructure_hook(Event)
    for event in timeline.events:
        yield unstructure(event)


@contextmanager
def sources_in_scope(sources: SourceScope) -> Iterator[None]:
    token = _SOURCES.set(sources)
    try:
        yield
    finally:
        _SOURCES.reset(token)


def timeline_of(data: object) -> Timeline:
    """The timeline of a plain-data document.

    Raises :class:`~timeline.errors.InvalidInputError` with every problem found,
    sources first, then the timeline's fields and events in the order of the
    document; a citation of a source that has problems of its own adds none.
    """
    if not isinstance(data, dict):
        raise InvalidInputError(f"expected a timeline document (an object), got {_json_type(data)}")
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
        raise InvalidInputError(in_document_order(problems, data, _DOCUMENT_FIELDS[Timeline]))
    assert timeline is not None
    cited = {source.ref for source in timeline.sources}
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
        return _json_type(value)
    return shown if len(shown) <= 60 else _json_type(value)


_SHOWN_KEYS: Final = 10
"""The most keys of a circle of sources named in its message."""


def sources_of(raw: object) -> tuple[SourceScope, list[Problem]]:
    """Structure the ``sources`` map, each source after the one it came ``via``."""
    if not isinstance(raw, dict):
        return SourceScope({}, unreadable=True), [
            Problem(str(_wrong_type("an object of sources by key", raw)), "sources")
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
        with sources_in_scope(scope):  # the table and failed keys as they are now, not copied
            source, found = structured(Source, raw[key], path)
        if source is None:
            problems.extend(found)
            failed.add(key)
            return
        try:
            source = attrs.evolve(source, key=key)
        except InvalidInputError as error:
            # The only new check is the key's, which names the entry itself.
            problems.extend(attrs.evolve(problem, path=path) for problem in error.problems)
            failed.add(key)
            return
        if len(source.chain()) > MAX_VIA:
            problems.append(
                Problem(f"the chain of sources, each via the next, is longer than the limit of {MAX_VIA}", path)
            )
            failed.add(key)
            return
        table[key] = source

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
