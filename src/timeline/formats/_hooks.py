"""The converter between the model and plain data: its hooks and how they are registered.

:func:`make_converter` sets up a cattrs converter for the document shape (see
:mod:`timeline.formats._convert`): strict scalars (no ``5`` for ``"5"``), dates as
their text, user data frozen, unknown fields rejected, and the sources a
document cites looked up by key in the :class:`SourceScope` of the document
being read.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import enum
import re
from collections.abc import Callable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from typing import Any, Final, get_args, get_origin

import attrs
import cattrs
import pendulum
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from timeline._validation import freeze_extra, iso_day, quote
from timeline.errors import InvalidInputError, Problem
from timeline.formats import _fast_hooks
from timeline.formats._fast_hooks import plain_extra
from timeline.formats._problems import FailedSourceError, path_part, reporting_all, wrong_type
from timeline.model import Account, Citation, Duration, Event, Media, Place, Relation, Source, Timeline, When


@attrs.frozen
class SourceScope:
    """The sources of the document being read: those built, and the keys of those that failed."""

    table: Mapping[str, Source]
    failed: AbstractSet[str] = frozenset()
    unreadable: bool = False  # ``sources`` itself was not a map: every key failed


_SOURCES: contextvars.ContextVar[SourceScope] = contextvars.ContextVar("timeline_sources")
_NO_SOURCES: Final = SourceScope({})


@contextmanager
def sources_in_scope(sources: SourceScope) -> Iterator[None]:
    """Cite ``sources`` by key while structuring, until the block ends."""
    token = _SOURCES.set(sources)
    try:
        yield
    finally:
        _SOURCES.reset(token)


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise wrong_type("text", value)
    return value


def _structure_int(value: object, _: type) -> int:
    if type(value) is not int:
        raise wrong_type("a whole number", value)
    return value


def _structure_float(value: object, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise wrong_type("a number", value)
    return float(value)


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise wrong_type("true or false", value)
    return value


def _structure_enum(kind: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    choices = ", ".join(str(member.value) for member in kind)

    members = {str(member.value): member for member in kind}

    def structure(value: object, _: type) -> enum.Enum:
        if not isinstance(value, str):
            raise wrong_type(f"one of: {choices}", value)
        member = members.get(value)
        if member is None:
            raise ValueError(f"{quote(value)} is not one of: {choices}")
        return member

    return structure


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
            raise InvalidInputError.at("date", str(wrong_type("a date as text", text)))
        if phrase is None:
            raise InvalidInputError.at(
                "phrase", "is required when a date is written as an object; else write the date as text"
            )
        if not isinstance(phrase, str):
            raise InvalidInputError.at("phrase", str(wrong_type("text", phrase)))
        try:
            When.parse(text or "")  # a bad date is reported at "date"; parsing is cached
        except InvalidInputError as error:
            raise error.within("date") from None
        return When.parse(text or "", phrase=phrase)  # a bad phrase is reported at "phrase"
    if isinstance(value, list):  # YAML reads an unquoted [2026-02-16, 2026-02-18] as a list
        raise TypeError(
            f"expected a date as text, got a list; quote one of a set of dates: '[{', '.join(map(str, value))}]'"
        )
    raise wrong_type("a date as text, or an object with date and phrase", value)


def _unstructure_when(when: When) -> str | dict[str, str | None] | None:
    text = str(when) if when.is_dated else None
    if when.phrase is None:
        return text
    return {"date": text, "phrase": when.phrase}


def _structure_duration(value: object, _: type) -> Duration:
    if not isinstance(value, str):
        raise wrong_type("a duration as ISO 8601 text, such as PT2H or ≤P2W", value)
    return Duration.parse(value)


def _structure_date(value: object, _: type) -> pendulum.Date:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise (
            wrong_type("a date as YYYY-MM-DD", value)
            if not isinstance(value, str)
            else ValueError(f"{quote(value)} is not a date as YYYY-MM-DD")
        )
    return iso_day(value)


def _unstructure_date(value: dt.date) -> str:
    return value.isoformat()


def _structure_extra(value: object, _: type) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise wrong_type("an object", value)
    try:
        return freeze_extra(value)
    except InvalidInputError as error:
        raise InvalidInputError(
            attrs.evolve(problem, path=problem.path.removeprefix("extra").lstrip(".")) for problem in error.problems
        ) from None


def _unstructure_number(value: float | None) -> float | None:
    """A coordinate as a float, ``-0.0`` as ``0.0``: ``52`` and ``52.0`` are one value, written once."""
    return None if value is None else float(value) + 0.0


def _source_by_key(value: object, _: type) -> Source:
    if not isinstance(value, str):
        raise wrong_type("the key of a source in sources", value)
    sources = _SOURCES.get(_NO_SOURCES)
    try:
        return sources.table[value]
    except KeyError:
        if value in sources.failed or sources.unreadable:
            raise FailedSourceError(value) from None
        raise ValueError(f"{quote(value)} is not a key of sources") from None


def _key_of(source: Source | None) -> str | None:
    return None if source is None else source.ref


def _is_tuple_of(kind: Any) -> bool:
    args = get_args(kind)
    return get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis


def _omitting_defaults(
    kind: type, converter: cattrs.Converter, overrides: Mapping[str, Any]
) -> Callable[[Any], dict[str, Any]]:
    """cattrs' unstructuring function for ``kind``, leaving out fields equal to their defaults unless kept.

    The converter's ``omit_if_default`` does not reach a function made with
    overrides, so every field gets an override that says it.
    """
    fields: dict[str, Any] = {field.name: override(omit_if_default=True) for field in attrs.fields(kind)}
    for name, spec in overrides.items():
        fields[name] = spec if spec.omit_if_default is not None else attrs.evolve(spec, omit_if_default=True)
    return make_dict_unstructure_fn(kind, converter, **fields)


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
                raise wrong_type("a list", value)
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
        generated = reporting_all(kind, make_dict_structure_fn(kind, converter, **overrides))
        reader = _fast_hooks.READERS.get(kind) if fast and _fast_hooks.covers(kind) else None

        def structure(value: object, _: type) -> Any:
            if not isinstance(value, dict):
                raise wrong_type("an object", value)
            if reader is not None:
                try:
                    made = reader(value, _SOURCES.get(_NO_SOURCES).table)
                except Exception:  # noqa: BLE001 -- declined: the full path reads it again and reports it
                    made = None
                if made is not None:
                    return made
            return generated(value)

        converter.register_structure_hook(kind, structure)
        unstructure = _omitting_defaults(kind, converter, overrides)
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
    place_structure = reporting_all(Place, make_dict_structure_fn(Place, converter))

    def structure_place(value: object, _: type) -> Place:
        if isinstance(value, str):
            return Place(value)
        if not isinstance(value, dict):
            raise wrong_type("a place name, or an object with name, country, lat, lon and zone", value)
        place: Place = place_structure(value)
        return place

    converter.register_structure_hook(Place, structure_place)
    number = override(unstruct_hook=_unstructure_number)
    converter.register_unstructure_hook(Place, _omitting_defaults(Place, converter, {"lat": number, "lon": number}))

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
