"""Competing accounts of an event's date and place: ranks, the effective date, disputes, queries."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline import (
    Account,
    Citation,
    Event,
    InvalidInputError,
    Place,
    Rank,
    Relation,
    RelationKind,
    Source,
    Timeline,
    When,
    from_json,
    to_json,
)

AGENCY_A = Source("Agency A", key="a")
AGENCY_B = Source("Agency B", key="b")
OUTLET = Source("The Outlet", key="outlet")


def summit(**changes: object) -> Event:
    accounts = [
        Account(when="2026-03-03", citations=[Citation(AGENCY_A)]),
        Account(when="2026-03-04", citations=[Citation(AGENCY_B)]),
        Account(when="2026-03-01", citations=[Citation(OUTLET)], rank="deprecated", reason="corrected on 5 March"),
    ]
    return Event("summit", "Summit", accounts=accounts).evolve(**changes)


def test_rank_values_and_default() -> None:
    assert [rank.value for rank in Rank] == ["preferred", "normal", "deprecated"]
    assert Account(when="2026-03-03").rank is Rank.NORMAL
    assert Account(when="2026-03-03", rank="preferred").rank is Rank.PREFERRED


def test_an_account_is_checked_with_every_problem_named() -> None:
    with pytest.raises(InvalidInputError) as caught:
        Account(when="2026-13-01", rank="best", reason="two\nlines")
    paths = [problem.path for problem in caught.value.problems]
    assert paths == ["when", "rank", "reason"]
    with pytest.raises(InvalidInputError, match="give when, place or both"):
        Account()
    with pytest.raises(InvalidInputError, match="an account of the date needs a date"):
        Account(when=When.undated("last week"))


def test_an_event_checks_its_accounts() -> None:
    with pytest.raises(InvalidInputError) as caught:
        Event("a", "A", accounts=["2026-03-03"])  # type: ignore[list-item]
    assert [(problem.path, problem.message) for problem in caught.value.problems] == [
        ("accounts[0]", "expected an Account, got str")
    ]


def test_disagreeing_accounts_are_a_dispute_and_sort_by_the_earliest() -> None:
    event = summit()
    assert event.disputed
    assert event.effective_when == When.parse("2026-03-03")  # the deprecated 1 March never counts
    assert [account.when for account in event.date_accounts] == [When.parse("2026-03-03"), When.parse("2026-03-04")]
    timeline = Timeline("T", [event, Event("talks", "Talks", "2026-03-02"), Event("vote", "Vote", "2026-03-04")])
    assert [e.id for e in timeline] == ["talks", "summit", "vote"]


def test_a_preferred_account_settles_the_date() -> None:
    event = summit(accounts=[*summit().accounts, Account(when="2026-03-04", rank="preferred")])
    assert not event.disputed
    assert event.effective_when == When.parse("2026-03-04")


def test_an_explicit_when_is_the_editors_judgement_and_wins() -> None:
    event = summit(when="2026-03-03")
    assert not event.disputed
    assert event.effective_when == When.parse("2026-03-03")
    assert len(event.accounts) == 3  # still shown as what the sources said


def test_overlapping_accounts_agree() -> None:
    event = Event("a", "A", accounts=[Account(when="2026-03"), Account(when="2026-03-04")])
    assert not event.disputed
    assert event.effective_when == When.parse("2026-03")


def test_only_deprecated_accounts_leave_the_event_undated() -> None:
    event = Event("a", "A", accounts=[Account(when="2026-03-01", rank="deprecated")])
    assert not event.effective_when.is_dated
    assert Timeline("T", [event]).undated() == (event,)


def test_place_follows_the_best_rank_and_disputes_are_flagged() -> None:
    lyon, villeurbanne = Place("Lyon", country="FR"), Place("Villeurbanne", country="FR")
    event = Event(
        "protest",
        "Protest",
        "2026-03-07",
        accounts=[Account(place=lyon), Account(place=villeurbanne), Account(place="Paris", rank="deprecated")],
    )
    assert event.place_disputed
    assert event.effective_place == lyon
    assert not event.disputed
    settled = event.evolve(accounts=[*event.accounts, Account(place=villeurbanne, rank="preferred")])
    assert not settled.place_disputed
    assert settled.effective_place == villeurbanne
    assert event.evolve(place="Lyon").effective_place == Place("Lyon")
    timeline = Timeline("T", [event])
    assert timeline.filter(text="lyon") == (event,)
    assert timeline.filter(text="villeurbanne") == ()


def test_evolve_checks_the_copy() -> None:
    event = summit()
    assert event.evolve(title="Summit moved").title == "Summit moved"
    with pytest.raises(InvalidInputError, match="id"):
        event.evolve(id="Not A Slug")


def test_account_sources_are_the_timelines_sources() -> None:
    timeline = Timeline("T", [summit()])
    assert [source.ref for source in timeline.sources] == ["a", "b", "outlet"]
    clash = Event("other", "Other", accounts=[Account(when="2026-01-01", citations=[Citation(Source("X", key="a"))])])
    with pytest.raises(InvalidInputError) as caught:
        Timeline("T", [summit(), clash])
    assert [problem.path for problem in caught.value.problems] == ["events[1].accounts[0].citations[0].source"]


def test_related_is_a_relation_kind_every_format_keeps() -> None:
    from timeline import from_ical, from_yaml, to_ical, to_yaml

    events = [Event("a", "A", "2026-03-01"), Event("b", "B", "2026-03-02", relations=[Relation("related", "a")])]
    timeline = Timeline("T", events)
    assert timeline.get("b").related(RelationKind.RELATED) == ("a",)  # type: ignore[union-attr]
    assert from_json(to_json(timeline)) == timeline
    assert from_yaml(to_yaml(timeline)) == timeline
    assert from_ical(to_ical(timeline)) == timeline


def test_accounts_round_trip_through_json() -> None:
    timeline = Timeline("T", [summit(), summit(id="other", when="2026-03-03")])
    assert from_json(to_json(timeline)) == timeline


_DAY0 = dt.date(2026, 3, 1)
_DAYS = st.integers(0, 9)


@st.composite
def _day_accounts(draw: st.DrawFn) -> tuple[Account, frozenset[int]]:
    """An account of one day or of a run of days, with the days it covers."""
    first = draw(_DAYS)
    last = draw(st.integers(first, 9)) if draw(st.booleans()) else None
    start = _DAY0 + dt.timedelta(days=first)
    text = start.isoformat() if last is None else f"{start}/{_DAY0 + dt.timedelta(days=last)}"
    rank = draw(st.sampled_from(Rank))
    days = frozenset(range(first, (first if last is None else last) + 1))
    return Account(when=text, rank=rank), days


def _counting(drawn: list[tuple[Account, frozenset[int]]]) -> list[frozenset[int]]:
    preferred = [days for account, days in drawn if account.rank is Rank.PREFERRED]
    normal = [days for account, days in drawn if account.rank is Rank.NORMAL]
    return preferred or normal


@given(st.lists(_day_accounts(), max_size=4), _DAYS, _DAYS, st.booleans())
def test_disputes_and_between_follow_the_rule(
    drawn: list[tuple[Account, frozenset[int]]], low: int, high: int, certain: bool
) -> None:
    low, high = min(low, high), max(low, high)
    event = Event("e", "E", accounts=[account for account, _ in drawn])
    counting = _counting(drawn)
    disputed = any(not (a & b) for index, a in enumerate(counting) for b in counting[:index])
    assert event.disputed == disputed
    wanted = set(range(low, high + 1))
    if not counting:
        expected = False
    elif disputed:  # possibly on any account's days, certainly on none of them alone
        expected = all(days & wanted for days in counting) if certain else any(days & wanted for days in counting)
    else:
        expected = bool(counting[0] & wanted)  # exact days: possible and certain agree
    start, end = _DAY0 + dt.timedelta(days=low), _DAY0 + dt.timedelta(days=high)
    timeline = Timeline("T", [event])
    assert timeline.between(start, end, certain=certain) == ((event,) if expected else ())
