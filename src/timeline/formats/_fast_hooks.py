"""Hand-specialised converter hooks for the classes every event is made of: the common shapes, fast.

cattrs' generated hooks are general: they compare each field with its default
(building a default ``When`` and an empty ``extra`` for every event), dispatch
every optional field through the converter, and reorder keys. These write and
read :class:`Event`, :class:`Citation`, :class:`Place`, :class:`Relation` and
:class:`Media` directly, and are registered only while the classes have exactly
the fields named in :data:`FIELDS` (a test fails when a class gains one).

Writing gives the very plain data cattrs' hook gives. Reading handles a
well-formed value and *declines* anything else — an unknown key, a value of the
wrong type, or a value the model refuses — by returning ``None``; the full cattrs
path then reads the value again and reports every problem with its path. So the
errors are cattrs' and the results are equal (``tests/test_fast_hooks.py``
compares both paths over random events and documents).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs

from timeline.model import Citation, Event, Media, Place, Relation, When

FIELDS: Final[dict[type, tuple[str, ...]]] = {
    Event: (
        "id",
        "title",
        "when",
        "description",
        "kind",
        "status",
        "place",
        "actors",
        "tags",
        "citations",
        "relations",
        "media",
        "extra",
    ),
    Citation: ("source", "attribution", "quote", "locator", "confidence"),
    Place: ("name", "country", "lat", "lon", "zone"),
    Relation: ("kind", "target"),
    Media: ("url", "caption", "credit", "licence", "alt"),
}
"""The fields each hook knows, in class order."""


def covers(kind: type) -> bool:
    """Whether the hooks here know every field of ``kind``."""
    return tuple(field.name for field in attrs.fields(kind)) == FIELDS.get(kind)


# -- writing ---------------------------------------------------------------------------------


def _sorted_keys(value: Any) -> Any:
    """User data with every object's keys sorted, so that equal data gives equal bytes."""
    if isinstance(value, Mapping):
        return {key: _sorted_keys(value[key]) for key in sorted(value)}
    if isinstance(value, list | tuple):
        return [_sorted_keys(item) for item in value]
    return value


def plain_extra(value: Mapping[str, Any]) -> dict[str, Any]:
    """User data as plain data, keys sorted."""
    sorted_extra: dict[str, Any] = _sorted_keys(value)
    return sorted_extra


def plain_when(when: When) -> str | dict[str, str | None] | None:
    """A date as its text, or an object of its text and the phrase the source used."""
    # The sort key holds the canonical text, str(when), computed once when the When was made.
    text = when.sort_key.text if when.start is not None else None
    if when.phrase is None:
        return text
    return {"date": text, "phrase": when.phrase}


def plain_place(place: Place) -> dict[str, Any]:
    plain: dict[str, Any] = {"name": place.name}
    if place.country is not None:
        plain["country"] = place.country
    if place.lat is not None:  # -0.0 as 0.0: one value, written once
        plain["lat"] = float(place.lat) + 0.0
    if place.lon is not None:
        plain["lon"] = float(place.lon) + 0.0
    if place.zone is not None:
        plain["zone"] = place.zone
    return plain


def plain_citation(citation: Citation) -> dict[str, Any]:
    plain: dict[str, Any] = {"source": citation.source.ref}
    if citation.attribution is not None:
        plain["attribution"] = citation.attribution
    if citation.quote is not None:
        plain["quote"] = citation.quote
    if citation.locator is not None:
        plain["locator"] = citation.locator
    plain["confidence"] = citation.confidence.value
    return plain


def plain_relation(relation: Relation) -> dict[str, Any]:
    return {"kind": relation.kind.value, "target": relation.target}


def plain_media(media: Media) -> dict[str, Any]:
    plain: dict[str, Any] = {"url": media.url}
    if media.caption is not None:
        plain["caption"] = media.caption
    if media.credit is not None:
        plain["credit"] = media.credit
    if media.licence is not None:
        plain["licence"] = media.licence
    if media.alt is not None:
        plain["alt"] = media.alt
    return plain


def plain_event(event: Event) -> dict[str, Any]:
    plain: dict[str, Any] = {"id": event.id, "title": event.title}
    when = event.when
    if when.start is not None or when.end is not None or when.phrase is not None:  # not When()
        plain["when"] = plain_when(when)
    if event.description is not None:
        plain["description"] = event.description
    if event.kind is not None:
        plain["kind"] = event.kind
    plain["status"] = event.status.value
    if event.place is not None:
        plain["place"] = plain_place(event.place)
    if event.actors:
        plain["actors"] = list(event.actors)
    if event.tags:
        plain["tags"] = list(event.tags)
    if event.citations:
        plain["citations"] = [plain_citation(citation) for citation in event.citations]
    if event.relations:
        plain["relations"] = [plain_relation(relation) for relation in event.relations]
    if event.media is not None:
        plain["media"] = plain_media(event.media)
    if event.extra:
        plain["extra"] = plain_extra(event.extra)
    return plain


WRITERS: Final[dict[type, Callable[[Any], dict[str, Any]]]] = {
    Event: plain_event,
    Citation: plain_citation,
    Place: plain_place,
    Relation: plain_relation,
    Media: plain_media,
}
