"""Timeline.merge: the same event from two sources becomes one event with each side's account."""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st

from strategies import places, timelines, whens
from timeline import Account, Citation, Event, Merge, Place, Rank, Source, Timeline, When

AGENCY_A = Source("Agency A", key="agency-a")
AGENCY_B = Source("Agency B", key="agency-b")


def test_different_dates_and_places_become_accounts_with_each_sides_citations() -> None:
    mine = Timeline("Mine", [Event("summit", "Summit", "2026-03-03", place="Lyon", citations=[Citation(AGENCY_A)])])
    theirs = Timeline(
        "Theirs", [Event("summit", "Summit", "2026-03-04", place="Villeurbanne", citations=[Citation(AGENCY_B)])]
    )
    result = mine.merge(theirs)
    assert result.conflicts == ()
    assert result.merged == ("summit",)
    event = result.timeline.get("summit")
    assert event is not None
    assert event.when == When()
    assert event.place is None
    assert event.citations == ()
    assert event.accounts == (
        Account(when="2026-03-03", place=Place("Lyon"), citations=[Citation(AGENCY_A)]),
        Account(when="2026-03-04", place=Place("Villeurbanne"), citations=[Citation(AGENCY_B)]),
    )
    assert event.disputed
    assert event.place_disputed
    assert str(event.effective_when) == "2026-03-03"
    assert result.timeline.between("2026-03-04", "2026-03-04") == (event,)
    assert result.timeline.between("2026-03-04", "2026-03-04", certain=True) == ()


def test_a_shared_citation_stays_on_the_event_and_the_same_place_is_kept() -> None:
    both = Citation(Source("Wire", key="wire"))
    mine = Timeline("Mine", [Event("s", "S", "2026-03-03", place="Lyon", citations=[both, Citation(AGENCY_A)])])
    theirs = Timeline("Theirs", [Event("s", "S", "2026-03-04", place="Lyon", citations=[both, Citation(AGENCY_B)])])
    event = mine.merge(theirs).timeline.get("s")
    assert event is not None
    assert event.citations == (both,)
    assert event.place == Place("Lyon")
    assert [str(account.when) for account in event.accounts] == ["2026-03-03", "2026-03-04"]
    assert [account.place for account in event.accounts] == [None, None]


def test_other_differences_keep_this_timelines_values_and_are_conflicts() -> None:
    mine = Timeline("Mine", [Event("s", "Summit", "2026-03-03", citations=[Citation(AGENCY_A)])])
    theirs = Timeline("Theirs", [Event("s", "Summit, moved", "2026-03-04", citations=[Citation(AGENCY_B)])])
    result = mine.merge(theirs)
    assert result.conflicts == ("s",)
    event = result.timeline.get("s")
    assert event is not None
    assert event.title == "Summit"
    assert len(event.accounts) == 2


def test_accounts_false_keeps_the_old_behaviour() -> None:
    mine = Timeline("Mine", [Event("s", "S", "2026-03-03", citations=[Citation(AGENCY_A)])])
    theirs = Timeline("Theirs", [Event("s", "S", "2026-03-04", citations=[Citation(AGENCY_B)])])
    assert mine.merge(theirs, accounts=False) == Merge(mine, ("s",))


def test_accounts_already_there_are_kept_with_their_ranks() -> None:
    corrected = Account(when="2026-03-02", citations=[Citation(AGENCY_A)], rank=Rank.DEPRECATED, reason="corrected")
    mine = Timeline("Mine", [Event("s", "S", "2026-03-03", accounts=[corrected])])
    theirs = Timeline("Theirs", [Event("s", "S", "2026-03-04")])
    event = mine.merge(theirs).timeline.get("s")
    assert event is not None
    assert event.accounts[0] == corrected
    assert [str(account.when) for account in event.date_accounts] == ["2026-03-03", "2026-03-04"]


@st.composite
def _revised(draw: st.DrawFn, line: Timeline) -> Timeline:
    """``line`` as another source tells it: some events on other dates, at other places, with other citations."""
    pool = [citation for event in line for citation in event.all_citations]
    events = []
    for event in line:
        change = draw(st.sampled_from(["same", "when", "place", "citations", "title", "all"]))
        fields: dict[str, object] = {}
        if change in ("when", "all"):
            fields.update(when=draw(whens()), duration=None)
        if change in ("place", "all"):
            fields["place"] = draw(st.one_of(st.none(), places()))
        if change in ("citations", "all") and pool:
            fields["citations"] = draw(st.lists(st.sampled_from(pool), max_size=3, unique=True))
        if change in ("title", "all"):
            fields["title"] = event.title + " (revised)"
        events.append(event.evolve(**fields))
    return attrs.evolve(line, title="Theirs", events=events)


@st.composite
def _pairs(draw: st.DrawFn) -> tuple[Timeline, Timeline]:
    line = draw(timelines(max_events=5))
    return line, draw(_revised(line))


@given(_pairs())
def test_merging_never_loses_a_citation(pair: tuple[Timeline, Timeline]) -> None:
    mine, theirs = pair
    result = mine.merge(theirs)
    for event in theirs:
        merged = result.timeline.get(event.id)
        assert merged is not None
        original = mine.get(event.id)
        assert original is not None
        if event != original and event.id not in result.merged:  # only where the two cannot be one event
            assert event.id in result.conflicts
            assert merged == original
            assert original.duration is not None
            continue
        cited = set(merged.all_citations)
        assert set(event.all_citations) <= cited
        assert set(original.all_citations) <= cited
        differs_elsewhere = any(
            getattr(event, name) != getattr(original, name)
            for name in attrs.fields_dict(Event)
            if name not in ("when", "place", "citations", "accounts")
        )
        assert (event.id in result.conflicts) == differs_elsewhere
        assert (event.id in result.merged) == (event != original)
        if event == original:
            assert merged == original


@given(timelines(max_events=6))
def test_merging_a_timeline_with_itself_is_identity(line: Timeline) -> None:
    assert line.merge(line) == Merge(line, ())
    assert line.merge(line, accounts=False) == Merge(line, ())


@given(_pairs())
def test_accounts_false_keeps_this_timelines_events(pair: tuple[Timeline, Timeline]) -> None:
    mine, theirs = pair
    result = mine.merge(theirs, accounts=False)
    assert result.timeline == mine
    assert result.conflicts == tuple(sorted(event.id for event in theirs if event != mine.get(event.id)))
