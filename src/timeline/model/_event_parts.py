"""What an event holds besides its date and sources: :class:`Place`, :class:`Status`,
:class:`Relation` and :class:`Media`; and the lenient converters of those fields.

A lenient converter returns a :class:`~timeline._validation.Rejected` stand-in
instead of raising, so that the object being built reports every problem at once.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from timeline._validation import (
    check_line,
    check_slug,
    check_text,
    check_url,
    check_zone,
    is_zone,
    plain_line,
    plain_slug,
    plain_text,
    raise_problems,
    rejected,
    report_rejected,
    shared_zone,
)
from timeline.errors import InvalidInputError, Problem
from timeline.model._shared import shared_line
from timeline.model.provenance import Citation, _plain_url, enum_value
from timeline.model.when import When, as_when

__all__ = [
    "Media",
    "Place",
    "Relation",
    "RelationKind",
    "Status",
    "lenient_citations",
    "lenient_items",
    "lenient_media",
    "lenient_place",
    "lenient_when",
    "relation_kind",
]


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
    """How one event relates to another: the event holding the relation is the subject.

    A relation on event ``a`` with target ``b`` reads "``a`` *kind* ``b``":

    - ``PART_OF``: ``a`` is a part of ``b`` (a session of a summit); no cycles.
    - ``FOLLOWS``: ``a`` comes after ``b`` and continues it (a follow-up meeting follows the first).
    - ``CAUSES``: ``a`` causes ``b`` (the cause points at its effect).
    - ``DERIVED_FROM``: ``a`` is known from or based on ``b`` (a report of a report).
    - ``SUPERSEDES``: ``a`` replaces ``b`` (a rescheduled meeting supersedes the cancelled one).
    - ``RELATED``: ``a`` and ``b`` belong together, with no direction meant.
    """

    PART_OF = "part_of"
    FOLLOWS = "follows"
    CAUSES = "causes"
    DERIVED_FROM = "derived_from"
    SUPERSEDES = "supersedes"
    RELATED = "related"


def relation_kind(value: RelationKind | str) -> RelationKind:
    return enum_value(RelationKind, value, "kind")


def _lenient_relation_kind(value: RelationKind | str) -> RelationKind:
    try:
        return relation_kind(value)
    except InvalidInputError as error:
        return rejected(RelationKind, error)


_RELATION_KINDS = {member.value: member for member in RelationKind}


@attrs.frozen(init=False)
class Relation:
    """A link from an event to another event of the same timeline, by id."""

    kind: RelationKind = attrs.field(converter=_lenient_relation_kind)
    target: str

    def __init__(self, kind: RelationKind | str, target: str) -> None:
        # The usual relation is checked and stored here; anything else takes attrs' __init__.
        usual = _RELATION_KINDS.get(kind) if type(kind) is str else kind
        if type(usual) is RelationKind and plain_slug(target):
            object.__setattr__(self, "kind", usual)
            object.__setattr__(self, "target", target)
        else:
            self.__attrs_init__(kind, target)

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


@attrs.frozen(init=False)
class Place:
    """Where an event happened: a name, and optionally a country, a position and a zone."""

    name: str
    country: str | None = attrs.field(default=None, kw_only=True)
    lat: float | None = attrs.field(default=None, kw_only=True)
    lon: float | None = attrs.field(default=None, kw_only=True)
    zone: str | None = attrs.field(default=None, kw_only=True)

    def __init__(
        self,
        name: str,
        *,
        country: str | None = None,
        lat: float | None = None,
        lon: float | None = None,
        zone: str | None = None,
    ) -> None:
        # The usual place is checked and stored here, as __attrs_post_init__ would check and store it.
        # Anything else takes the general path, attrs' __init__, which finds every problem.
        shared_name = shared_line(name)
        shared_country = None if country is None else shared_line(country)
        if (
            shared_name is not None
            and (shared_country is not None or country is None)
            and (zone is None or (type(zone) is str and is_zone(zone)))
            and _plain_position(lat, lon)
        ):
            set_name, set_country, set_lat, set_lon, set_zone = _PLACE_SETTERS
            set_name(self, shared_name)
            set_country(self, shared_country)
            set_lat(self, lat)
            set_lon(self, lon)
            set_zone(self, None if zone is None else shared_zone(zone))
        else:
            self.__attrs_init__(name, country=country, lat=lat, lon=lon, zone=zone)

    def __attrs_post_init__(self) -> None:
        zone = self.zone
        if type(zone) is str and is_zone(zone):
            object.__setattr__(self, "zone", shared_zone(zone))
        if self._plainly_valid():
            # Place names and countries recur from event to event: keep one copy of each.
            object.__setattr__(self, "name", shared_line(self.name))
            if self.country is not None:
                object.__setattr__(self, "country", shared_line(self.country))
        else:
            raise_problems(self._problems())

    def _plainly_valid(self) -> bool:
        """A quick check of the usual place: ``True`` only where :meth:`_problems` finds nothing."""
        zone = self.zone
        return (
            shared_line(self.name) is not None
            and (self.country is None or shared_line(self.country) is not None)
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


_PLACE_SETTERS: tuple[Callable[[Place, Any], None], ...] = tuple(
    vars(Place)[field.name].__set__ for field in attrs.fields(Place)
)
"""The setter of each field's slot, in field order: what ``object.__setattr__`` calls for a frozen slotted
class, without its lookup by name (for ``__init__``'s quick path)."""


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
        if not self._plainly_valid():
            raise_problems(self._problems())

    def _plainly_valid(self) -> bool:
        """A quick check of the usual medium: ``True`` only where :meth:`_problems` finds nothing."""
        return (
            _plain_url(self.url)
            and (self.caption is None or plain_text(self.caption))
            and (self.credit is None or plain_line(self.credit))
            and (self.licence is None or plain_line(self.licence))
            and (self.alt is None or plain_text(self.alt))
        )

    def _problems(self) -> list[Problem]:
        problems: list[Problem] = []
        if self.url is None:
            problems.append(Problem("is required: the address of the medium", "url"))
        else:
            check_url(problems, "url", self.url)
        check_text(problems, "caption", self.caption)
        for name in ("credit", "licence"):
            check_line(problems, name, getattr(self, name), optional=True)
        check_text(problems, "alt", self.alt)
        return problems


def lenient_media(value: Media | str | None) -> Media | None:
    try:
        return Media(value) if isinstance(value, str) else value
    except InvalidInputError as error:
        return rejected(Media, error.within("media"))


def lenient_place(value: Place | str | None) -> Place | None:
    try:
        return Place(value) if isinstance(value, str) else value
    except InvalidInputError as error:
        return rejected(Place, error.within("place"))


def lenient_when(value: When | str | None) -> When:
    try:
        return as_when(value)
    except InvalidInputError as error:
        return rejected(When, error.within("when"))


def lenient_items(value: object, path: str, what: str) -> tuple[Any, ...]:
    if type(value) is tuple:
        return value
    if type(value) is list:
        return tuple(value)
    if isinstance(value, Iterable) and not isinstance(value, str | bytes | Mapping):
        return tuple(value)
    return rejected(tuple, InvalidInputError.at(path, f"expected a list of {what}, got {type(value).__name__}"))


def lenient_citations(value: Iterable[Citation]) -> tuple[Citation, ...]:
    return lenient_items(value, "citations", "Citations")
