"""One dated (or not yet dated) happening: :class:`Event`, with :class:`Place`,
:class:`Status`, :class:`Relation`, :class:`Media`, and the :class:`Account` of what each
source says, ranked by :class:`Rank`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from timeline._validation import (
    _EMPTY,
    FrozenData,
    check_line,
    check_lines,
    check_slug,
    check_text,
    check_type,
    freeze_extra,
    plain_line,
    plain_slug,
    plain_text,
    raise_problems,
    rejected,
    report_rejected,
)
from timeline.errors import InvalidInputError, Problem
from timeline.model._account import Account, Rank, counting
from timeline.model._event_parts import (
    Media,
    Place,
    Relation,
    RelationKind,
    Status,
    lenient_citations,
    lenient_items,
    lenient_media,
    lenient_place,
    lenient_when,
    relation_kind,
)
from timeline.model._shared import shared_line, shared_lines
from timeline.model.duration import Duration, as_duration, lengthen
from timeline.model.provenance import Citation, Source, enum_value
from timeline.model.when import RangeEnd, When

__all__ = ["Account", "Event", "Media", "Place", "Rank", "Relation", "RelationKind", "Status"]


def _status(value: Status | str) -> Status:
    if type(value) is Status:
        return value
    try:
        return enum_value(Status, value, "status")
    except InvalidInputError as error:
        return rejected(Status, error)


def _actors(value: Iterable[str] | str) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else lenient_items(value, "actors", "names")


def _tags(value: Iterable[str] | str) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else lenient_items(value, "tags", "tags")


def _relations(value: Iterable[Relation]) -> tuple[Relation, ...]:
    return lenient_items(value, "relations", "Relations")


def _extra(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    if type(value) is FrozenData and value:  # as freeze_extra gives it back; an empty one becomes _EMPTY there
        return value
    try:
        return freeze_extra(value)
    except InvalidInputError as error:
        return rejected(Mapping, error)  # type: ignore[type-abstract]


def _duration(value: Duration | str | None) -> Duration | None:
    try:
        return as_duration(value)
    except InvalidInputError as error:
        return rejected(Duration, error.within("duration"))


def _plain_relations(event_id: object, relations: tuple[Any, ...]) -> bool:
    """Whether ``relations`` are all Relations, none to ``event_id``, none twice."""
    return all(type(relation) is Relation and relation.target != event_id for relation in relations) and (
        len(relations) == 1 or len(set(relations)) == len(relations)
    )


def _accounts(value: Iterable[Account]) -> tuple[Account, ...]:
    return lenient_items(value, "accounts", "Accounts")


_STATUSES = {member.value: member for member in Status}


def _usual_lines(value: object) -> tuple[str, ...] | None:
    """The shared tuple of one-line texts that ``value`` (a list, tuple or one text) gives, if plainly valid."""
    if type(value) is list:
        value = tuple(value)
    elif type(value) is str:
        value = (value,)
    return shared_lines(value)


def _in_dispute(whens: list[When]) -> bool:
    """Whether two of the accounts' dates ``whens`` cannot overlap."""
    return any(not first.overlaps(second, second) for index, first in enumerate(whens) for second in whens[:index])


def _all_of(value: object, kind: type) -> bool:
    """Whether ``value`` is a tuple of exactly ``kind``."""
    return type(value) is tuple and all(type(item) is kind for item in value)


def _usual_items(value: object, kind: type) -> tuple[Any, ...] | None:
    """``value`` (a list or tuple of exactly ``kind``) as a tuple, or ``None``."""
    if type(value) is list:
        value = tuple(value)
    elif type(value) is not tuple:
        return None
    for item in value:
        if type(item) is not kind:
            return None
    return value


@attrs.frozen(init=False)
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
    when: When = attrs.field(factory=When, converter=lenient_when)
    description: str | None = attrs.field(default=None, kw_only=True)
    kind: str | None = attrs.field(default=None, kw_only=True)
    status: Status = attrs.field(default=Status.HAPPENED, kw_only=True, converter=_status)
    place: Place | None = attrs.field(default=None, kw_only=True, converter=lenient_place)
    actors: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_actors)
    tags: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_tags)
    citations: tuple[Citation, ...] = attrs.field(default=(), kw_only=True, converter=lenient_citations)
    relations: tuple[Relation, ...] = attrs.field(default=(), kw_only=True, converter=_relations)
    media: Media | None = attrs.field(default=None, kw_only=True, converter=lenient_media)
    accounts: tuple[Account, ...] = attrs.field(default=(), kw_only=True, converter=_accounts)
    duration: Duration | None = attrs.field(default=None, kw_only=True, converter=_duration)
    extra: Mapping[str, Any] = attrs.field(factory=dict, kw_only=True, converter=_extra, hash=False)

    def __init__(
        self,
        id: str,
        title: str,
        when: When | str | None = None,
        *,
        description: str | None = None,
        kind: str | None = None,
        status: Status | str = Status.HAPPENED,
        place: Place | str | None = None,
        actors: Iterable[str] | str = (),
        tags: Iterable[str] | str = (),
        citations: Iterable[Citation] = (),
        relations: Iterable[Relation] = (),
        media: Media | str | None = None,
        accounts: Iterable[Account] = (),
        duration: Duration | str | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        # The usual event (no duration; accounts, place and media given as objects; extra data frozen) is
        # checked and stored here, as the converters, _plainly_valid and __attrs_post_init__ would
        # check and store it. Anything else takes the general path, attrs' __init__ (the converters,
        # then __attrs_post_init__), which finds every problem and gives its message.
        dated = when if type(when) is When else lenient_when(when)
        usual_status = _STATUSES.get(status) if type(status) is str else status
        usual_kind = None if kind is None else shared_line(kind)
        usual_actors = _usual_lines(actors)
        usual_tags = _usual_lines(tags)
        cited = _usual_items(citations, Citation)
        related = _usual_items(relations, Relation)
        accounted = _usual_items(accounts, Account)
        if (
            type(dated) is When
            and type(usual_status) is Status
            and (place is None or type(place) is Place)
            and (media is None or type(media) is Media)
            and (usual_kind is not None or kind is None)
            and usual_actors is not None
            and usual_tags is not None
            and cited is not None
            and related is not None
            and (not related or _plain_relations(id, related))
            and accounted is not None
            and duration is None
            and (extra is None or extra is _EMPTY or (type(extra) is FrozenData and extra))
            and plain_slug(id)
            and plain_line(title)
            and (description is None or plain_text(description))
        ):
            (
                set_id,
                set_title,
                set_when,
                set_description,
                set_kind,
                set_status,
                set_place,
                set_actors,
                set_tags,
                set_citations,
                set_relations,
                set_media,
                set_accounts,
                set_duration,
                set_extra,
            ) = _SLOT_SETTERS
            set_id(self, id)
            set_title(self, title)
            set_when(self, dated)
            set_description(self, description)
            set_kind(self, usual_kind)
            set_status(self, usual_status)
            set_place(self, place)
            set_actors(self, usual_actors)
            set_tags(self, usual_tags)
            set_citations(self, cited)
            set_relations(self, related)
            set_media(self, media)
            set_accounts(self, accounted)
            set_duration(self, None)
            set_extra(self, _EMPTY if extra is None else extra)
        else:
            self.__attrs_init__(
                id,
                title,
                when,
                description=description,
                kind=kind,
                status=status,
                place=place,
                actors=actors,
                tags=tags,
                citations=citations,
                relations=relations,
                media=media,
                accounts=accounts,
                duration=duration,
                extra=extra,
            )

    def __attrs_post_init__(self) -> None:
        if self._plainly_valid():
            # Kinds, actors and tags recur from event to event: keep one copy of each (and of each list).
            if self.kind is not None:
                object.__setattr__(self, "kind", shared_line(self.kind))
            if self.actors:
                object.__setattr__(self, "actors", shared_lines(self.actors))
            if self.tags:
                object.__setattr__(self, "tags", shared_lines(self.tags))
        else:
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
        """A quick check of the usual event, without duration: ``True`` only where
        :meth:`_problems` finds nothing."""
        citations = self.citations
        return (
            plain_slug(self.id)
            and plain_line(self.title)
            and type(self.when) is When
            and (self.description is None or plain_text(self.description))
            and (self.kind is None or shared_line(self.kind) is not None)
            and type(self.status) is Status
            and (self.place is None or type(self.place) is Place)
            and (self.actors == () or shared_lines(self.actors) is not None)
            and (self.tags == () or shared_lines(self.tags) is not None)
            and type(citations) is tuple
            and all(type(citation) is Citation for citation in citations)
            and (self.relations == () or self._plain_relations())
            and (self.media is None or type(self.media) is Media)
            and (self.accounts == () or _all_of(self.accounts, Account))
            and self.duration is None
            and type(self.extra) is FrozenData
        )

    def _plain_relations(self) -> bool:
        """Whether the relations are a tuple of Relations, none to this event, none twice."""
        relations = self.relations
        return type(relations) is tuple and _plain_relations(self.id, relations)

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
        return tuple(counting(account for account in self.accounts if account.when is not None))

    @property
    def place_accounts(self) -> tuple[Account, ...]:
        """The accounts of the place that count: the best-ranked among those not deprecated."""
        return tuple(counting(account for account in self.accounts if account.place is not None))

    @property
    def disputed(self) -> bool:
        """Whether the date is in dispute: no dated ``when``, and two counting accounts that cannot overlap.

        A disputed event is *possibly* on any of its counting accounts' dates and
        *certainly* on none of them alone (see :meth:`overlaps`).
        """
        if self.when.is_dated:
            return False
        return _in_dispute(self._account_whens())

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
        return min(whens, key=lambda when: when.sort_key) if _in_dispute(whens) else whens[0]  # whens found once

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
        wanted = relation_kind(kind)
        return tuple(relation.target for relation in self.relations if relation.kind is wanted)


_SLOT_SETTERS: tuple[Callable[[Event, Any], None], ...] = tuple(
    vars(Event)[field.name].__set__ for field in attrs.fields(Event)
)
"""The setter of each field's slot, in field order: what ``object.__setattr__`` calls for a frozen slotted
class, without its lookup by name (``__init__``'s quick path stores fifteen fields per event)."""
