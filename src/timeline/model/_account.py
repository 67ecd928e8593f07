"""What sources say of an event's date and place: :class:`Account`, ranked by :class:`Rank`."""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

from timeline._validation import check_line, check_type, plain_line, raise_problems, rejected, report_rejected
from timeline.errors import InvalidInputError, Problem
from timeline.model._event_parts import Place, lenient_citations, lenient_place, lenient_when
from timeline.model.provenance import Citation, enum_value
from timeline.model.when import When

__all__ = ["Account", "Rank", "counting"]


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
    return None if value is None else lenient_when(value)


_RANKS = {member.value: member for member in Rank}


@attrs.frozen(init=False)
class Account:
    """What one or more sources say about an event's date, its place, or both.

    ``when`` takes a :class:`When` or its text and must be dated; ``place`` a
    :class:`Place` or a name; at least one of them is given. ``citations`` are the
    sources that say so; ``rank`` says how much the account counts (:class:`Rank`)
    and ``reason`` why it is ranked so ("corrected by the outlet on 5 March").

    Raises :class:`~timeline.errors.InvalidInputError` listing every problem.
    """

    when: When | None = attrs.field(default=None, kw_only=True, converter=_account_when)
    place: Place | None = attrs.field(default=None, kw_only=True, converter=lenient_place)
    citations: tuple[Citation, ...] = attrs.field(default=(), kw_only=True, converter=lenient_citations)
    rank: Rank = attrs.field(default=Rank.NORMAL, kw_only=True, converter=_rank)
    reason: str | None = attrs.field(default=None, kw_only=True)

    def __init__(
        self,
        *,
        when: When | str | None = None,
        place: Place | str | None = None,
        citations: Iterable[Citation] = (),
        rank: Rank | str = Rank.NORMAL,
        reason: str | None = None,
    ) -> None:
        # The usual account (a dated When or its text, a Place or none, Citations, a known rank, a plain
        # reason) is checked and stored here, as the converters and __attrs_post_init__ would check and
        # store it. Anything else takes attrs' __init__, which finds every problem and gives its message.
        dated = when if when is None or type(when) is When else _account_when(when)
        usual_rank = _RANKS.get(rank) if type(rank) is str else rank
        cited = tuple(citations) if type(citations) in (tuple, list) else None
        if (
            (dated is None or (type(dated) is When and dated.is_dated))
            and (place is None or type(place) is Place)
            and (dated is not None or place is not None)
            and cited is not None
            and all(type(citation) is Citation for citation in cited)
            and type(usual_rank) is Rank
            and (reason is None or plain_line(reason))
        ):
            _set = object.__setattr__
            _set(self, "when", dated)
            _set(self, "place", place)
            _set(self, "citations", cited)
            _set(self, "rank", usual_rank)
            _set(self, "reason", reason)
        else:
            self.__attrs_init__(when=when, place=place, citations=citations, rank=rank, reason=reason)

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


def counting(accounts: Iterable[Account]) -> list[Account]:
    """The accounts of best rank among those not deprecated, in the order given."""
    accounts = [account for account in accounts if account.rank is not Rank.DEPRECATED]
    preferred = [account for account in accounts if account.rank is Rank.PREFERRED]
    return preferred or accounts
