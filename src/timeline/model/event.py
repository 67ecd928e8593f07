"""One dated (or not yet dated) happening: :class:`Event`, with :class:`Place`,
:class:`Status`, :class:`Relation` and :class:`Media`."""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from timeline.errors import InvalidInputError, Problem
from timeline.model._checks import (
    FrozenData,
    check_line,
    check_lines,
    check_slug,
    check_text,
    check_type,
    check_url,
    check_zone,
    freeze_extra,
    is_zone,
    plain_line,
    plain_lines,
    plain_slug,
    plain_text,
    raise_problems,
    rejected,
    report_rejected,
    shared_zone,
)
from timeline.model.provenance import Citation, Source, enum_value
from timeline.model.when import When, as_when

__all__ = ["Event", "Media", "Place", "Relation", "RelationKind", "Status"]


class Status(enum.Enum):
    """What became of an event: proposed, planned, scheduled, happened, postponed or cancelled.

    Status is about the event; :class:`~timeline.Confidence` is about a source's
    claim. A denied report of a meeting that happened is both.
    """

    PROPOSED = "proposed"
    PLANNED = "planned"
    SCHEDULED = "scheduled"
    HAPPENED = "happened"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"


class RelationKind(enum.Enum):
    """How one event relates to another."""

    PART_OF = "part_of"
    FOLLOWS = "follows"
    CAUSES = "causes"
    DERIVED_FROM = "derived_from"
    SUPERSEDES = "supersedes"


def _relation_kind(value: RelationKind | str) -> RelationKind:
    return enum_value(RelationKind, value, "kind")


def _lenient_relation_kind(value: RelationKind | str) -> RelationKind:
    try:
        return _relation_kind(value)
    except InvalidInputError as error:
        return rejected(RelationKind, error)


@attrs.frozen
class Relation:
    """A link from an event to another event of the same timeline, by id."""

    kind: RelationKind = attrs.field(converter=_lenient_relation_kind)
    target: str

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        report_rejected(problems, self.kind)
        check_slug(problems, "target", self.target)
        raise_problems(problems)


def _plain_position(lat: object, lon: object) -> bool:
    """Whether ``lat`` and ``lon`` are both absent, or both floats within their ranges."""
    if lat is None:
        return lon is None
    return type(lat) is float and type(lon) is float and -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0


@attrs.frozen
class Place:
    """Where an event happened: a name, and optionally a country, a position and a zone."""

    name: str
    country: str | None = attrs.field(default=None, kw_only=True)
    lat: float | None = attrs.field(default=None, kw_only=True)
    lon: float | None = attrs.field(default=None, kw_only=True)
    zone: str | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        zone = self.zone
        if type(zone) is str and is_zone(zone):
            object.__setattr__(self, "zone", shared_zone(zone))
        if not self._plainly_valid():
            raise_problems(self._problems())

    def _plainly_valid(self) -> bool:
        """A quick check of the usual place: ``True`` only where :meth:`_problems` finds nothing."""
        zone = self.zone
        return (
            plain_line(self.name)
            and (self.country is None or plain_line(self.country))
            and (zone is None or (type(zone) is str and is_zone(zone)))
            and _plain_position(self.lat, self.lon)
        )

    def _problems(self) -> list[Problem]:
        problems: list[Problem] = []
        check_line(problems, "name", self.name)
        check_line(problems, "country", self.country, optional=True)
        check_zone(problems, "zone", self.zone)
        for name, limit in (("lat", 90.0), ("lon", 180.0)):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                problems.append(Problem(f"expected a number, got {type(value).__name__}", name))
            elif not math.isfinite(value) or not -limit <= value <= limit:
                problems.append(Problem(f"{value} is not between -{limit:g} and {limit:g}", name))
        if (self.lat is None) != (self.lon is None):
            problems.append(Problem("give both lat and lon, or neither", "lat" if self.lat is None else "lon"))
        return problems


@attrs.frozen
class Media:
    """A picture, video or other medium that shows an event, by its address: never fetched.

    ``url`` is an absolute http(s) URL; ``caption`` says what it shows, ``credit``
    who made it, ``licence`` under what terms it may be shown (``"CC BY-SA 4.0"``),
    and ``alt`` describes it for those who cannot see it.
    """

    url: str
    caption: str | None = attrs.field(default=None, kw_only=True)
    credit: str | None = attrs.field(default=None, kw_only=True)
    licence: str | None = attrs.field(default=None, kw_only=True)
    alt: str | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if self.url is None:
            problems.append(Problem("is required: the address of the medium", "url"))
        else:
            check_url(problems, "url", self.url)
        check_text(problems, "caption", self.caption)
        for name in ("credit", "licence"):
            check_line(problems, name, getattr(self, name), optional=True)
        check_text(problems, "alt", self.alt)
        raise_problems(problems)


def _media(value: Media | str | None) -> Media | None:
    try:
        return Media(value) if isinstance(value, str) else value
    except InvalidInputError as error:
        return rejected(Media, error.within("media"))


# Converters return a Rejected stand-in instead of raising, so that Event reports
# every problem at once (see _checks.Rejected).


def _place(value: Place | str | None) -> Place | None:
    try:
        return Place(value) if isinstance(value, str) else value
    except InvalidInputError as error:
        return rejected(Place, error.within("place"))


def _status(value: Status | str) -> Status:
    if type(value) is Status:
        return value
    try:
        return enum_value(Status, value, "status")
    except InvalidInputError as error:
        return rejected(Status, error)


def _when(value: When | str | None) -> When:
    try:
        return as_when(value)
    except InvalidInputError as error:
        return rejected(When, error.within("when"))


def _items(value: object, path: str, what: str) -> tuple[Any, ...]:
    if type(value) is tuple:
        return value
    if type(value) is list:
        return tuple(value)
    if isinstance(value, Iterable) and not isinstance(value, str | bytes | Mapping):
        return tuple(value)
    return rejected(tuple, InvalidInputError.at(path, f"expected a list of {what}, got {type(value).__name__}"))


def _actors(value: Iterable[str] | str) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else _items(value, "actors", "names")


def _tags(value: Iterable[str] | str) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else _items(value, "tags", "tags")


def _citations(value: Iterable[Citation]) -> tuple[Citation, ...]:
    return _items(value, "citations", "Citations")


def _relations(value: Iterable[Relation]) -> tuple[Relation, ...]:
    return _items(value, "relations", "Relations")


def _extra(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    if type(value) is FrozenData and value:  # as freeze_extra gives it back; an empty one becomes _EMPTY there
        return value
    try:
        return freeze_extra(value)
    except InvalidInputError as error:
        return rejected(Mapping, error)  # type: ignore[type-abstract]


@attrs.frozen
class Event:
    """Something that happened, or is planned to, with the sources that say so.

    ``id`` is a slug, unique in its timeline. ``when`` takes a :class:`When` or its
    text (``"2025-12-14/2025-12-15"``); it is undated by default. ``place`` takes a
    :class:`Place` or a name. ``relations`` point at other events of the same
    timeline by id. ``extra`` holds plain JSON data of the caller's, carried through
    every format untouched.

    Raises :class:`~timeline.errors.InvalidInputError` listing every problem, each
    with its field.
    """

    id: str
    title: str
    when: When = attrs.field(factory=When, converter=_when)
    description: str | None = attrs.field(default=None, kw_only=True)
    kind: str | None = attrs.field(default=None, kw_only=True)
    status: Status = attrs.field(default=Status.HAPPENED, kw_only=True, converter=_status)
    place: Place | None = attrs.field(default=None, kw_only=True, converter=_place)
    actors: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_actors)
    tags: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_tags)
    citations: tuple[Citation, ...] = attrs.field(default=(), kw_only=True, converter=_citations)
    relations: tuple[Relation, ...] = attrs.field(default=(), kw_only=True, converter=_relations)
    media: Media | None = attrs.field(default=None, kw_only=True, converter=_media)
    extra: Mapping[str, Any] = attrs.field(factory=dict, kw_only=True, converter=_extra, hash=False)

    def __attrs_post_init__(self) -> None:
        if not self._plainly_valid():
            raise_problems(self._problems())

    def _problems(self) -> list[Problem]:
        problems: list[Problem] = []
        check_slug(problems, "id", self.id)
        check_line(problems, "title", self.title)
        report_rejected(problems, self.when)
        check_text(problems, "description", self.description)
        check_line(problems, "kind", self.kind, optional=True)
        report_rejected(problems, self.status)
        if not report_rejected(problems, self.place) and self.place is not None:
            check_type(problems, "place", self.place, Place, "a Place")
        if not report_rejected(problems, self.actors):
            check_lines(problems, "actors", self.actors)
        if not report_rejected(problems, self.tags):
            check_lines(problems, "tags", self.tags)
        if not report_rejected(problems, self.citations):
            for index, citation in enumerate(self.citations):
                check_type(problems, f"citations[{index}]", citation, Citation, "a Citation")
        relations = () if report_rejected(problems, self.relations) else self.relations
        seen: set[Relation] = set()
        for index, relation in enumerate(relations):
            path = f"relations[{index}]"
            if not check_type(problems, path, relation, Relation, "a Relation"):
                continue
            if relation.target == self.id:
                problems.append(Problem(f"an event cannot be {relation.kind.value} itself", path))
            if relation in seen:
                problems.append(Problem(f"{relation.kind.value} {relation.target!r} is listed twice", path))
            seen.add(relation)
        if not report_rejected(problems, self.media) and self.media is not None:
            check_type(problems, "media", self.media, Media, "a Media")
        report_rejected(problems, self.extra)
        return problems

    def _plainly_valid(self) -> bool:
        """A quick check of the usual event, without relations: ``True`` only where :meth:`_problems` finds nothing."""
        citations = self.citations
        return (
            plain_slug(self.id)
            and plain_line(self.title)
            and type(self.when) is When
            and (self.description is None or plain_text(self.description))
            and (self.kind is None or plain_line(self.kind))
            and type(self.status) is Status
            and (self.place is None or type(self.place) is Place)
            and plain_lines(self.actors)
            and plain_lines(self.tags)
            and type(citations) is tuple
            and all(type(citation) is Citation for citation in citations)
            and self.relations == ()
            and (self.media is None or type(self.media) is Media)
            and type(self.extra) is FrozenData
        )

    @property
    def sources(self) -> tuple[Source, ...]:
        """The distinct sources cited, in citation order (``via`` sources not included)."""
        return tuple(dict.fromkeys(citation.source for citation in self.citations))

    def related(self, kind: RelationKind | str) -> tuple[str, ...]:
        """The ids this event points at with relations of ``kind``."""
        wanted = _relation_kind(kind)
        return tuple(relation.target for relation in self.relations if relation.kind is wanted)
