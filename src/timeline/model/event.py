"""One dated (or not yet dated) happening: :class:`Event`, with :class:`Place`,
:class:`Status`, :class:`Relation`, :class:`Media`, and the :class:`Account` of what each
source says, ranked by :class:`Rank`."""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from timeline._validation import (
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
from timeline.errors import InvalidInputError, Problem
from timeline.model.duration import Duration, as_duration, lengthen
from timeline.model.provenance import Citation, Source, enum_value
from timeline.model.when import RangeEnd, When, as_when

__all__ = ["Account", "Event", "Media", "Place", "Rank", "Relation", "RelationKind", "Status"]


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
# every problem at once (see _validation.Rejected).


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


class Rank(enum.Enum):
    """How much an :class:`Account` counts: preferred, normal (the default) or deprecated.

    An event's date and place follow its best-ranked accounts: the preferred ones if
    any, else the normal ones. Deprecated accounts never count, but are kept and
    shown (an outlet's date it later corrected).
    """

    PREFERRED = "preferred"
    NORMAL = "normal"
    DEPRECATED = "deprecated"


def _rank(value: Rank | str) -> Rank:
    try:
        return enum_value(Rank, value, "rank")
    except InvalidInputError as error:
        return rejected(Rank, error)


def _account_when(value: When | str | None) -> When | None:
    return None if value is None else _when(value)


@attrs.frozen
class Account:
    """What one or more sources say about an event's date, its place, or both.

    ``when`` takes a :class:`When` or its text and must be dated; ``place`` a
    :class:`Place` or a name; at least one of them is given. ``citations`` are the
    sources that say so; ``rank`` says how much the account counts (:class:`Rank`)
    and ``reason`` why it is ranked so ("corrected by the outlet on 5 March").

    Raises :class:`~timeline.errors.InvalidInputError` listing every problem.
    """

    when: When | None = attrs.field(default=None, kw_only=True, converter=_account_when)
    place: Place | None = attrs.field(default=None, kw_only=True, converter=_place)
    citations: tuple[Citation, ...] = attrs.field(default=(), kw_only=True, converter=_citations)
    rank: Rank = attrs.field(default=Rank.NORMAL, kw_only=True, converter=_rank)
    reason: str | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        when = self.when
        if (
            not report_rejected(problems, when)
            and when is not None
            and check_type(problems, "when", when, When, "a When")
            and not when.is_dated
        ):
            problems.append(Problem("an account of the date needs a date; leave when out instead", "when"))
        if not report_rejected(problems, self.place) and self.place is not None:
            check_type(problems, "place", self.place, Place, "a Place")
        if self.when is None and self.place is None:
            problems.append(Problem("an account says something: give when, place or both", "when"))
        if not report_rejected(problems, self.citations):
            for index, citation in enumerate(self.citations):
                check_type(problems, f"citations[{index}]", citation, Citation, "a Citation")
        report_rejected(problems, self.rank)
        check_line(problems, "reason", self.reason, optional=True)
        raise_problems(problems)


def _duration(value: Duration | str | None) -> Duration | None:
    try:
        return as_duration(value)
    except InvalidInputError as error:
        return rejected(Duration, error.within("duration"))


def _accounts(value: Iterable[Account]) -> tuple[Account, ...]:
    return _items(value, "accounts", "Accounts")


def _counting(accounts: Iterable[Account]) -> list[Account]:
    """The accounts of best rank among those not deprecated, in the order given."""
    accounts = [account for account in accounts if account.rank is not Rank.DEPRECATED]
    preferred = [account for account in accounts if account.rank is Rank.PREFERRED]
    return preferred or accounts


@attrs.frozen
class Event:
    """Something that happened, or is planned to, with the sources that say so.

    ``id`` is a slug, unique in its timeline. ``when`` takes a :class:`When` or its
    text (``"2025-12-14/2025-12-15"``); it is undated by default. ``place`` takes a
    :class:`Place` or a name. ``relations`` point at other events of the same
    timeline by id. ``extra`` holds plain JSON data of the caller's, carried through
    every format untouched.

    ``duration`` (a :class:`~timeline.Duration` or its ISO 8601 text, ``"PT2H"``,
    ``"≤P2W"`` for at most two weeks) says how long it lasts when the end is not
    written; it needs a ``when`` (or accounts' dates) that is one day or one moment.

    ``accounts`` hold what each source says of the date and place (:class:`Account`).
    ``when`` and ``place`` stay what the editor wrote; :attr:`effective_when` and
    :attr:`effective_place` are what the event is taken to be, and are what
    ordering, :meth:`~timeline.Timeline.between`, :meth:`~timeline.Timeline.filter`
    and every export use. A dated ``when`` (or a ``place``) is the editor's
    judgement and wins; without it the best-ranked accounts decide (see
    :class:`Rank`), so an event may leave out ``when`` when it has accounts of its date.

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
    accounts: tuple[Account, ...] = attrs.field(default=(), kw_only=True, converter=_accounts)
    duration: Duration | None = attrs.field(default=None, kw_only=True, converter=_duration)
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
        if not report_rejected(problems, self.accounts):
            for index, account in enumerate(self.accounts):
                check_type(problems, f"accounts[{index}]", account, Account, "an Account")
        if not report_rejected(problems, self.duration) and self.duration is not None:
            self._check_duration(problems)
        report_rejected(problems, self.extra)
        return problems

    def _plainly_valid(self) -> bool:
        """A quick check of the usual event, without relations, accounts or duration: ``True`` only where
        :meth:`_problems` finds nothing."""
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
            and self.accounts == ()
            and self.duration is None
            and type(self.extra) is FrozenData
        )

    def _check_duration(self, problems: list[Problem]) -> None:
        if not check_type(problems, "duration", self.duration, Duration, "a Duration"):
            return
        assert self.duration is not None
        if isinstance(self.when, When) and self.when.is_dated:
            dates = [self.when]
        else:  # the duration lasts from each account's date
            accounts = self.accounts if isinstance(self.accounts, tuple) else ()
            dates = [account.when for account in accounts if isinstance(account, Account) and account.when is not None]
        for when in dates:
            try:
                lengthen(when, self.duration)
            except InvalidInputError as error:
                problems.extend(problem.within("duration") for problem in error.problems)

    def evolve(self, **changes: Any) -> Event:
        """A revised copy with ``changes`` applied (``event.evolve(when="2026-03-10")``).

        The copy is checked like a new event: raises
        :class:`~timeline.errors.InvalidInputError` listing every problem.
        """
        return attrs.evolve(self, **changes)

    @property
    def date_accounts(self) -> tuple[Account, ...]:
        """The accounts of the date that count: the best-ranked among those not deprecated."""
        return tuple(_counting(account for account in self.accounts if account.when is not None))

    @property
    def place_accounts(self) -> tuple[Account, ...]:
        """The accounts of the place that count: the best-ranked among those not deprecated."""
        return tuple(_counting(account for account in self.accounts if account.place is not None))

    @property
    def disputed(self) -> bool:
        """Whether the date is in dispute: no dated ``when``, and two counting accounts that cannot overlap.

        A disputed event is *possibly* on any of its counting accounts' dates and
        *certainly* on none of them alone (see :meth:`overlaps`).
        """
        if self.when.is_dated:
            return False
        whens = self._account_whens()
        return any(not first.overlaps(second, second) for index, first in enumerate(whens) for second in whens[:index])

    def _lengthened(self, when: When) -> When:
        """``when`` lasting the event's :attr:`duration`, if it has one."""
        return when if self.duration is None or not when.is_dated else lengthen(when, self.duration)

    def _account_whens(self) -> list[When]:
        """The counting accounts' dates, each lasting the :attr:`duration`."""
        return [self._lengthened(account.when) for account in self.date_accounts if account.when is not None]

    @property
    def place_disputed(self) -> bool:
        """Whether the place is in dispute: no ``place``, and counting accounts that name different places."""
        if self.place is not None:
            return False
        return len({account.place for account in self.place_accounts}) > 1

    @property
    def effective_when(self) -> When:
        """The date the event is taken to have: for ordering, queries and every export.

        A dated ``when`` wins. Otherwise the first counting account of the date
        (see :attr:`date_accounts`); when those are :attr:`disputed`, the earliest
        of them (by :attr:`When.sort_key`), so that the event sorts where its
        first possible date is. Without counting accounts, ``when`` as written.

        With a :attr:`duration`, the date lasts it (see :func:`~timeline.model.duration.lengthen`):
        ``2026-03-10T10:00…`` and ``PT2H`` give 10:00 to 12:00. A duration that is
        only a limit (``at_most``) gives the range the event may cover.
        """
        if self.when.is_dated:
            return self._lengthened(self.when)
        whens = self._account_whens()
        if not whens:
            return self.when
        return min(whens, key=lambda when: when.sort_key) if self.disputed else whens[0]

    @property
    def effective_place(self) -> Place | None:
        """The place the event is taken to have: ``place`` if given, else the first counting account's."""
        if self.place is not None:
            return self.place
        places = [account.place for account in self.place_accounts if account.place is not None]
        return places[0] if places else None

    def overlaps(self, low: RangeEnd, high: RangeEnd, *, certain: bool = False) -> bool:
        """Whether the event may meet the range from ``low`` to ``high``; see :meth:`When.overlaps`.

        The rule is that of :attr:`effective_when`, except for a :attr:`disputed`
        date: the event may meet the range if any counting account may, and
        certainly meets it (``certain=True``) only if every counting account
        certainly does. A :attr:`duration` that is a limit (``at_most``) leaves the
        end unknown but bounded: the event may meet any range within the limit, and
        certainly meets only those that hold its start.
        """
        whens = self._account_whens() if self.disputed else [self.effective_when]
        if certain:
            if self.duration is not None and self.duration.at_most:
                whens = [When(when.start, phrase=when.phrase) if when.is_interval else when for when in whens]
            return all(when.overlaps(low, high, certain=True) for when in whens)
        return any(when.overlaps(low, high) for when in whens)

    @property
    def sources(self) -> tuple[Source, ...]:
        """The distinct sources cited, in citation order, then those of the accounts (``via`` sources not included)."""
        return tuple(dict.fromkeys(citation.source for citation in self.all_citations))

    @property
    def all_citations(self) -> tuple[Citation, ...]:
        """The event's citations, then those of its accounts, in order."""
        return self.citations + tuple(citation for account in self.accounts for citation in account.citations)

    def related(self, kind: RelationKind | str) -> tuple[str, ...]:
        """The ids this event points at with relations of ``kind``."""
        wanted = _relation_kind(kind)
        return tuple(relation.target for relation in self.relations if relation.kind is wanted)
