"""Problems of structuring plain data: each with its path, every one of an object at once.

:func:`problems_of` turns the errors cattrs gathers into :class:`~timeline.errors.Problem`
objects with paths (``events[2].when``). :func:`reporting_all` wraps a generated
structuring hook so that the model's own checks of an object are reported too,
when some of its fields fail to structure: cattrs only builds an object whose
fields all structured, so the checks the model makes when it is built (an empty
title, an id that is not a slug, two equal tags) would otherwise go unreported
until the fields that failed were fixed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from timeline._validation import SLUG_EDGE, quote
from timeline.errors import InvalidInputError, Problem, join_path
from timeline.model import Event, Media, Place, Relation, Source, Timeline

_SLUG_PATH = re.compile(f"[{SLUG_EDGE}][{SLUG_EDGE}_-]*\\Z")  # a slug without dots, which separate steps


def path_part(name: str) -> str:
    """A key as a step of a path: ``events`` as it is, ``["odd key"]`` quoted."""
    return name if _SLUG_PATH.match(name) else f"[{quote(name)}]"


def json_type(value: object) -> str:
    """What ``value`` is, in the words of JSON: ``an object``, ``text``, ``null``."""
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    return "a number" if isinstance(value, int | float) else type(value).__name__


def wrong_type(expected: str, value: object) -> TypeError:
    return TypeError(f"expected {expected}, got {json_type(value)}")


class FailedSourceError(Exception):
    """A citation of a source whose own problems are already reported (or what holds it); adds no problem."""


# The fields a document may give, where they differ from the class's: a document's
# top level also has format, version and sources; a source's key is its name in sources.
DOCUMENT_FIELDS: Final[dict[type, tuple[str, ...]]] = {
    Timeline: ("format", "version", "title", "description", "extra", "sources", "events"),
    Source: ("publisher", "title", "url", "archived_url", "author", "published", "retrieved", "via"),
}


def _known_fields(kind: type) -> str:
    names = DOCUMENT_FIELDS.get(kind) or tuple(field.name.lstrip("_") for field in attrs.fields(kind) if field.init)
    return ", ".join(names)


def problems_of(error: BaseException, path: str = "") -> list[Problem]:
    """Every problem inside a structuring error, each with its path.

    Raises ``error`` itself if it is not one that bad input causes.
    """
    if isinstance(error, InvalidInputError):
        return [problem.within(path) for problem in error.problems]
    if isinstance(error, FailedSourceError):
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


def reporting_all(kind: type, generated: Callable[[Any, Any], Any]) -> Callable[[dict[str, Any]], Any]:
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
                raise FailedSourceError from error
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
