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
import re
from collections.abc import Callable, Iterator, Mapping
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

from timeline.errors import InvalidInputError, Problem, join_path
from timeline.model import Citation, Event, Place, Relation, Source, Timeline, When
from timeline.model._checks import freeze_extra, quote, thaw_extra

FORMAT: Final = "timeline"
VERSION: Final = 1

_SOURCES: contextvars.ContextVar[Mapping[str, Source]] = contextvars.ContextVar("timeline_sources")
_SLUG_PATH = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")


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

    def structure(value: object, _: type) -> enum.Enum:
        if not isinstance(value, str):
            raise _wrong_type(f"one of: {choices}", value)
        try:
            return kind(value)
        except ValueError:
            raise ValueError(f"{quote(value)} is not one of: {choices}") from None

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
        unknown = sorted(set(value) - {"date", "phrase"})
        if unknown:
            raise ValueError(f"unknown field {quote(unknown[0])} in a date; expected date and phrase")
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
            when = When.parse(text or "")
        except InvalidInputError as error:
            raise error.within("date") from None
        try:
            return attrs.evolve(when, phrase=phrase)
        except InvalidInputError as error:
            raise error.within("phrase") from None
    raise _wrong_type("a date as text, or an object with date and phrase", value)


def _unstructure_when(when: When) -> str | dict[str, str | None] | None:
    text = str(when) if when.is_dated else None
    if when.phrase is None:
        return text
    return {"date": text, "phrase": when.phrase}


def _structure_date(value: object, _: type) -> pendulum.Date:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise (
            _wrong_type("a date as YYYY-MM-DD", value)
            if not isinstance(value, str)
            else ValueError(f"{quote(value)} is not a date as YYYY-MM-DD")
        )
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"{quote(value)} is not a valid date: {error}") from None
    return pendulum.Date(day.year, day.month, day.day)


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


def _unstructure_extra(value: Mapping[str, Any]) -> dict[str, Any]:
    return thaw_extra(value)


# -- sources by key ---------------------------------------------------------------------


def _source_by_key(value: object, _: type) -> Source:
    if not isinstance(value, str):
        raise _wrong_type("the key of a source in sources", value)
    table = _SOURCES.get({})
    try:
        return table[value]
    except KeyError:
        raise ValueError(f"{quote(value)} is not a key of sources") from None


def _key_of(source: Source | None) -> str | None:
    return None if source is None else source.ref


# -- the converter ----------------------------------------------------------------------


def _is_tuple_of(kind: Any) -> bool:
    args = get_args(kind)
    return get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis


def make_converter() -> cattrs.Converter:
    """A new converter configured for the document shape (see the module docstring)."""
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
    converter.register_structure_hook(pendulum.Date, _structure_date)
    converter.register_unstructure_hook(pendulum.Date, _unstructure_date)
    converter.register_structure_hook_func(lambda kind: kind == Mapping[str, Any], _structure_extra)
    converter.register_unstructure_hook_func(lambda kind: kind == Mapping[str, Any], _unstructure_extra)

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
        generated: Callable[[Any, Any], Any] = make_dict_structure_fn(kind, converter, **overrides)

        def structure(value: object, _: type) -> Any:
            if not isinstance(value, dict):
                raise _wrong_type("an object", value)
            return generated(value, kind)

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

    keep = override(omit_if_default=False)
    objects(Relation)
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
    objects(Event, status=keep)
    objects(Timeline)

    place_structure = make_dict_structure_fn(Place, converter)

    def structure_place(value: object, _: type) -> Place:
        if isinstance(value, str):
            return Place(value)
        if not isinstance(value, dict):
            raise _wrong_type("a place name, or an object with name, country, lat, lon and zone", value)
        return place_structure(value, Place)

    converter.register_structure_hook(Place, structure_place)
    converter.register_unstructure_hook(Place, make_dict_unstructure_fn(Place, converter, _cattrs_omit_if_default=True))
    return converter


@cache
def converter() -> cattrs.Converter:
    """The shared converter."""
    return make_converter()


# -- errors -----------------------------------------------------------------------------


def _path_part(name: str) -> str:
    return name if _SLUG_PATH.match(name) else f"[{quote(name)}]"


def problems_of(error: BaseException, path: str = "") -> list[Problem]:
    """Every problem inside a structuring error, each with its path."""
    if isinstance(error, InvalidInputError):
        return [problem.within(path) for problem in error.problems]
    if isinstance(error, ForbiddenExtraKeysError):
        known = ", ".join(field.name.lstrip("_") for field in attrs.fields(error.cl) if field.init)
        return [
            Problem(f"unknown field {quote(name)}; expected one of: {known}", join_path(path, _path_part(name)))
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


def _structured(kind: type[_T], value: object, path: str) -> _T:
    try:
        return converter().structure(value, kind)
    except Exception as error:
        raise InvalidInputError(problems_of(error, path)) from error


# -- documents ----------------------------------------------------------------------------


def document(timeline: Timeline) -> dict[str, Any]:
    """The plain-data document of ``timeline``."""
    convert = converter()
    body: dict[str, Any] = convert.unstructure(timeline, Timeline)
    head: dict[str, Any] = {"format": FORMAT, "version": VERSION, "title": body.pop("title")}
    if "description" in body:
        head["description"] = body.pop("description")
    if "extra" in body:
        head["extra"] = body.pop("extra")
    head["sources"] = {source.ref: convert.unstructure(source, Source) for source in timeline.sources}
    head["events"] = body.pop("events", [])
    return head


@contextmanager
def _sources_in_scope(table: Mapping[str, Source]) -> Iterator[None]:
    token = _SOURCES.set(table)
    try:
        yield
    finally:
        _SOURCES.reset(token)


def timeline_of(data: object) -> Timeline:
    """The timeline of a plain-data document; raises InvalidInputError with every problem."""
    if not isinstance(data, dict):
        raise InvalidInputError(f"expected a timeline document (an object), got {_json_type(data)}")
    problems: list[Problem] = []
    body = dict(data)
    format_name, version = body.pop("format", None), body.pop("version", None)
    if format_name != FORMAT:
        message = "is missing" if format_name is None else f"is {format_name!r}"
        problems.append(Problem(f'{message}; a timeline document has "format": "{FORMAT}"', "format"))
    if version != VERSION:
        message = "is missing" if version is None else f"is {version!r}"
        problems.append(Problem(f"{message}; this version of timeline reads version {VERSION}", "version"))
    if problems:
        raise InvalidInputError(problems)
    table, problems = _sources_of(body.pop("sources", {}))
    with _sources_in_scope(table):
        try:
            timeline = _structured(Timeline, body, "")
        except InvalidInputError as error:
            problems.extend(error.problems)
            raise InvalidInputError(problems) from error
    raise_if(problems)
    cited = {source.ref for source in timeline.sources}
    unused = [key for key in table if key not in cited]
    if unused:
        raise InvalidInputError(
            Problem("is never cited: cite it from an event or remove it", f"sources.{_path_part(key)}")
            for key in unused
        )
    return timeline


def raise_if(problems: list[Problem]) -> None:
    """Raise InvalidInputError if there are problems."""
    if problems:
        raise InvalidInputError(problems)


def _sources_of(raw: object) -> tuple[dict[str, Source], list[Problem]]:
    """Structure the ``sources`` map, following ``via`` keys in dependency order."""
    if not isinstance(raw, dict):
        return {}, [Problem(str(_wrong_type("an object of sources by key", raw)), "sources")]
    table: dict[str, Source] = {}
    problems: list[Problem] = []
    failed: set[str] = set()

    def build(key: str, visiting: tuple[str, ...]) -> None:
        path = f"sources.{_path_part(key)}"
        entry = raw[key]
        via = entry.get("via") if isinstance(entry, dict) else None
        if isinstance(via, str) and via in raw and via not in table and via not in failed:
            if via in visiting:
                problems.append(Problem("via goes round in a circle: " + " → ".join([*visiting, via]), path + ".via"))
                failed.add(key)
                return
            build(via, (*visiting, via))
            if via in failed:
                failed.add(key)
                return
        with _sources_in_scope(table):
            try:
                source = _structured(Source, entry, path)
            except InvalidInputError as error:
                problems.extend(error.problems)
                failed.add(key)
                return
        try:
            table[key] = attrs.evolve(source, key=key)
        except InvalidInputError as error:
            problems.extend(problem.within(path) for problem in error.problems)
            failed.add(key)

    for key in raw:
        if key not in table and key not in failed:
            build(key, (key,))
    return table, problems
