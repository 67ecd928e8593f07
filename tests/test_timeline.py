"""Timeline: order, validation as a whole, queries and changes, on a small hand-made timeline."""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline import (
    Citation,
    Event,
    InvalidInputError,
    Merge,
    Relation,
    Source,
    Status,
    Timeline,
    When,
)

NYT = Source("The New York Times", key="nyt")
KYIV = Source("Kyiv Post", via=NYT)

# Each event's range, for working out the queries below by hand:
EVENTS = [
    # unknown start, up to 10 Dec
    Event("first-contacts", "First contacts", "/2025-12-10", kind="meeting", tags=["contacts"]),
    # about November: 1 Oct – 31 Dec
    Event("autumn-talks", "Talks in the autumn", "2025-11~", actors=["Ukraine"], place="Geneva"),
    # 30 Nov – 2 Dec
    Event("prep", "Preparation", "2025-11-30/2025-12-02", status="happened", kind="meeting"),
    # 1 – 31 Dec
    Event(
        "documents",
        "Two documents drafted",
        "2025-12",
        kind="document",
        tags=["security", "documents"],
        relations=[Relation("derived_from", "berlin-talks")],
    ),
    # about 16 Dec: 13 – 19 Dec
    Event("statement", "Joint statement", "2025-12-16~", kind="announcement", actors=["United States"]),
    # 14 – 15 Dec
    Event(
        "berlin-talks",
        "Talks in Berlin",
        "2025-12-14/2025-12-15",
        description="US and EU representatives meet Ukrainian officials in the Straße des 17. Juni.",
        kind="meeting",
        place="Berlin",
        actors=["United States", "Ukraine", "European Union"],
        tags=["security", "talks"],
        citations=[Citation(KYIV, attribution="unnamed sources")],
        relations=[Relation("follows", "prep")],
    ),
    # 15 Dec, 14:00 in Berlin
    Event(
        "press-call",
        "Press call",
        "2025-12-15T14:00+01:00[Europe/Berlin]",
        kind="announcement",
        relations=[Relation("part_of", "berlin-talks")],
    ),
    # from 18 Dec, end unknown
    Event("deployment", "Deployment begins", "2025-12-18/", status="scheduled", tags=["security"]),
    # from 20 Dec, still going on
    Event("monitoring", "Ceasefire monitoring", "2025-12-20/..", status="scheduled", actors=["United States"]),
    # probably 2026: 1 Jan – 31 Dec 2026
    Event("ratification", "Ratification", "2026?", status="planned", citations=[Citation(NYT)]),
    # no date yet
    Event("troops", "Armed forces of about 800,000", status="proposed", tags=["security"]),
    Event(
        "drones",
        "Drones and cyber-defence",
        When.undated("in the coming years"),
        status="planned",
        relations=[Relation("part_of", "documents")],
    ),
]

ORDER = [
    "first-contacts",
    "autumn-talks",
    "prep",
    "documents",
    "berlin-talks",
    "press-call",
    "statement",  # about 16 Dec sorts on the 16th, as written
    "deployment",
    "monitoring",
    "ratification",
    "drones",  # undated, by id
    "troops",
]


@pytest.fixture
def timeline() -> Timeline:
    return Timeline("Security guarantees for Ukraine", EVENTS, description="A sourced chronology.")


def ids(events: tuple[Event, ...] | Timeline) -> list[str]:
    return [event.id for event in events]


def problems(make: Callable[[], object]) -> list[tuple[str, str]]:
    with pytest.raises(InvalidInputError) as caught:
        make()
    return [(problem.path, problem.message) for problem in caught.value.problems]


def test_events_are_kept_in_order(timeline: Timeline) -> None:
    assert ids(timeline) == ORDER
    assert ids(timeline.events) == ORDER
    for seed in range(10):
        shuffled = EVENTS[:]
        random.Random(seed).shuffle(shuffled)
        again = Timeline("Security guarantees for Ukraine", shuffled, description="A sourced chronology.")
        assert ids(again) == ORDER
        assert again == timeline


def test_ties_are_broken_by_id() -> None:
    same = [Event(name, name.upper(), "2025-12") for name in ("c", "a", "b")]
    assert ids(Timeline("t", same)) == ["a", "b", "c"]
    undated = [Event(name, name.upper()) for name in ("zulu", "alpha", "mike")]
    assert ids(Timeline("t", [*undated, Event("late", "Late", "9999")])) == ["late", "alpha", "mike", "zulu"]


def test_collection(timeline: Timeline) -> None:
    assert len(timeline) == 12
    assert len(Timeline("Empty")) == 0
    assert "berlin-talks" in timeline
    assert "nowhere" not in timeline
    assert 5 not in timeline
    talks = timeline.get("berlin-talks")
    assert talks is not None
    assert talks.title == "Talks in Berlin"
    assert timeline.get("nowhere") is None
    assert timeline.description == "A sourced chronology."
    # every source, including those reached via another, by key
    assert timeline.sources == tuple(sorted((NYT, KYIV), key=lambda source: source.ref))


def test_timeline_is_frozen(timeline: Timeline) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        timeline.title = "Other"  # type: ignore[misc]
    assert isinstance(timeline.events, tuple)
    assert Timeline("t", extra={"a": [1]}).extra == {"a": [1]}
    with pytest.raises(TypeError):
        Timeline("t", extra={"a": 1}).extra["a"] = 2  # type: ignore[index]


def test_every_duplicate_id_is_reported_with_its_positions() -> None:
    events = [
        Event("a", "A"),
        Event("b", "B"),
        Event("a", "A again"),
        Event("b", "B"),
        Event("a", "A a third time"),
    ]
    assert problems(lambda: Timeline("t", events)) == [
        ("events[2].id", 'duplicate id "a" (first at events[0])'),
        ("events[3].id", 'duplicate id "b" (first at events[1])'),
        ("events[4].id", 'duplicate id "a" (first at events[0])'),
    ]


def test_relations_must_point_at_events_of_the_timeline() -> None:
    events = [
        Event("a", "A", relations=[Relation("part_of", "missing"), Relation("follows", "b")]),
        Event("b", "B", relations=[Relation("causes", "gone")]),
    ]
    assert problems(lambda: Timeline("t", events)) == [
        ("events[0].relations[0].target", 'part_of points at "missing", which is not an event here'),
        ("events[1].relations[0].target", 'causes points at "gone", which is not an event here'),
    ]


def test_part_of_cycles_are_found_and_named() -> None:
    def part_of(event_id: str, parent: str) -> Event:
        return Event(event_id, event_id.upper(), relations=[Relation("part_of", parent)])

    events = [part_of("a", "b"), part_of("b", "c"), part_of("c", "a"), part_of("d", "e"), part_of("e", "d")]
    assert problems(lambda: Timeline("t", events)) == [
        ("events[2].relations", "part_of goes round in a circle: a → b → c → a"),
        ("events[4].relations", "part_of goes round in a circle: d → e → d"),
    ]
    # other kinds of relation may go both ways; part_of may branch and join without a cycle
    Timeline(
        "t",
        [
            Event("x", "X", relations=[Relation("follows", "y")]),
            Event("y", "Y", relations=[Relation("follows", "x"), Relation("part_of", "z")]),
            Event("w", "W", relations=[Relation("part_of", "z"), Relation("part_of", "y")]),
            Event("z", "Z"),
        ],
    )


def test_one_key_must_not_name_two_sources() -> None:
    first = Source("The New York Times", key="nyt", title="One article")
    second = Source("The New York Times", key="nyt", title="Another article")
    events = [
        Event("a", "A", citations=[Citation(first)]),
        Event("b", "B", citations=[Citation(first), Citation(Source("Kyiv Post", via=second))]),
        Event("c", "C", citations=[Citation(second)]),
    ]
    assert problems(lambda: Timeline("t", events)) == [
        ("events[1].citations[1].source.via", 'the source key "nyt" names two different sources'),
        ("events[2].citations[0].source", 'the source key "nyt" names two different sources'),
    ]
    # the same source cited twice is fine
    assert (
        len(
            Timeline(
                "t", [Event("a", "A", citations=[Citation(first)]), Event("b", "B", citations=[Citation(first)])]
            ).sources
        )
        == 1
    )


def test_every_problem_of_a_timeline_at_once() -> None:
    assert problems(
        lambda: Timeline(
            "",
            [Event("a", "A"), "not an event", Event("a", "A")],  # type: ignore[list-item]
            description=" ",
            extra={"x": float("nan")},
        )
    ) == [
        ("title", "must not be empty"),
        ("events[1]", "expected an Event, got str"),
        ("events[2].id", 'duplicate id "a" (first at events[0])'),
        ("description", "must not be empty (leave it out instead)"),
        ("extra.x", "nan is not a JSON number"),
    ]
    assert problems(lambda: Timeline("t", 5)) == [("events", "expected a list of Events, got int")]  # type: ignore[arg-type]
    assert problems(lambda: Timeline("t", None)) == [("events", "expected a list of Events, got NoneType")]  # type: ignore[arg-type]
    assert problems(lambda: Timeline("line\nbreak")) == [("title", '"line\\nbreak" contains a line break')]


BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("start", "end", "possibly", "certainly"),
    [
        (
            "2025-12-15",
            "2025-12-15",
            ["autumn-talks", "documents", "berlin-talks", "press-call", "statement"],
            ["berlin-talks", "press-call"],
        ),
        ("2025-12-16", "2025-12-17", ["autumn-talks", "documents", "statement"], []),
        (
            "2025-12",
            "2025-12",
            [
                "first-contacts",
                "autumn-talks",
                "prep",
                "documents",
                "berlin-talks",
                "press-call",
                "statement",
                "deployment",
                "monitoring",
            ],
            # about November may be all October
            [
                "first-contacts",
                "prep",
                "documents",
                "berlin-talks",
                "press-call",
                "statement",
                "deployment",
                "monitoring",
            ],
        ),
        ("2025-10-01", "2025-10-31", ["first-contacts", "autumn-talks"], []),
        # still going on: certainly in 2026; end unknown: it may have ended in 2025
        ("2026", "2026", ["deployment", "monitoring", "ratification"], ["monitoring", "ratification"]),
        # up to 10 Dec, start unknown: certainly in a range from before to after the 10th
        (
            dt.date(2025, 12, 3),
            dt.date(2025, 12, 12),
            ["first-contacts", "autumn-talks", "documents"],
            ["first-contacts"],
        ),
        (
            dt.datetime(2025, 12, 15, 13, 0, tzinfo=BERLIN),
            dt.datetime(2025, 12, 15, 15, 0, tzinfo=BERLIN),
            ["autumn-talks", "documents", "berlin-talks", "press-call", "statement"],
            # a date and a time compare by calendar day: the talks ran through the 15th
            ["berlin-talks", "press-call"],
        ),
        (
            When.parse("2025-12-15T14:00+01:00[Europe/Berlin]"),
            When.parse("2025-12-15T14:00+01:00[Europe/Berlin]"),
            ["autumn-talks", "documents", "berlin-talks", "press-call", "statement"],
            ["berlin-talks", "press-call"],
        ),
        # a vague range counts in full
        (
            "2025-12-14/2025-12-15",
            "2025-12-16~",
            ["autumn-talks", "documents", "berlin-talks", "press-call", "statement", "deployment"],
            # about 16 Dec may be the 13th, before the range
            ["berlin-talks", "press-call", "deployment"],
        ),
        ("1990", "1990", ["first-contacts"], []),
    ],
)
def test_between(
    timeline: Timeline,
    start: When | str | dt.date,
    end: When | str | dt.date,
    possibly: list[str],
    certainly: list[str],
) -> None:
    assert ids(timeline.between(start, end)) == possibly
    assert ids(timeline.between(start, end, certain=True)) == certainly


def test_between_never_finds_undated_events(timeline: Timeline) -> None:
    found = ids(timeline.between("0001", "9999"))
    assert found == ORDER[:-2]
    assert "troops" not in found


def test_between_needs_a_dated_range_in_order(timeline: Timeline) -> None:
    with pytest.raises(InvalidInputError, match=r"^the range ends before it starts$"):
        timeline.between("2025-12-15", "2025-12-14")
    with pytest.raises(InvalidInputError, match=r"^the start of a range must be dated$"):
        timeline.between("", "2025-12-14")
    with pytest.raises(InvalidInputError, match=r"^the end of a range must be dated$"):
        timeline.between("2025-12-14", When.undated())
    with pytest.raises(InvalidInputError, match=r'^"2025-13" is not a valid date'):
        timeline.between("2025-13", "2025-12-14")
    with pytest.raises(InvalidInputError, match="has no time zone"):
        timeline.between(dt.datetime(2025, 12, 15, 13), dt.datetime(2025, 12, 15, 14))


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({}, ORDER),
        ({"tag": "security"}, ["documents", "berlin-talks", "deployment", "troops"]),
        ({"tag": "Security"}, []),
        ({"actor": "United States"}, ["berlin-talks", "statement", "monitoring"]),
        ({"status": "planned"}, ["ratification", "drones"]),
        ({"status": Status.PROPOSED}, ["troops"]),
        ({"status": "scheduled"}, ["deployment", "monitoring"]),
        ({"kind": "meeting"}, ["first-contacts", "prep", "berlin-talks"]),
        ({"kind": "announcement"}, ["press-call", "statement"]),
        # text: title, description, place, kind, actors and tags, ignoring case
        ({"text": "TALKS"}, ["autumn-talks", "berlin-talks"]),
        ({"text": "berlin"}, ["berlin-talks"]),
        ({"text": "geneva"}, ["autumn-talks"]),
        ({"text": "strasse des 17"}, ["berlin-talks"]),
        ({"text": "european union"}, ["berlin-talks"]),
        ({"text": "DOCUMENT"}, ["documents"]),
        ({"text": "cyber"}, ["drones"]),
        ({"text": "nowhere"}, []),
        # every criterion given must match
        ({"tag": "security", "status": "happened"}, ["documents", "berlin-talks"]),
        ({"tag": "security", "kind": "meeting", "actor": "Ukraine", "text": "officials"}, ["berlin-talks"]),
        ({"actor": "Ukraine", "kind": "document"}, []),
    ],
)
def test_filter(timeline: Timeline, criteria: dict[str, Any], expected: list[str]) -> None:
    assert ids(timeline.filter(**criteria)) == expected


def test_filter_by_an_unknown_status(timeline: Timeline) -> None:
    assert problems(lambda: timeline.filter(status="rumoured")) == [
        ("status", "'rumoured' is not one of: proposed, planned, scheduled, happened, postponed, cancelled")
    ]


def test_undated(timeline: Timeline) -> None:
    assert ids(timeline.undated()) == ["drones", "troops"]
    assert Timeline("t", [Event("a", "A", "2025")]).undated() == ()


def test_with_event_adds_in_order(timeline: Timeline) -> None:
    added = timeline.with_event(Event("summit", "Summit", "2025-12-15"))
    assert ids(added) == [*ORDER[:5], "summit", *ORDER[5:]]
    assert len(timeline) == 12  # the original is unchanged


def test_with_event_replaces_the_event_with_the_same_id(timeline: Timeline) -> None:
    moved = Event("troops", "Armed forces of about 800,000", "2027?", status="planned")
    changed = timeline.with_event(moved)
    assert len(changed) == 12
    assert changed.get("troops") == moved
    assert ids(changed) == [*ORDER[:10], "troops", "drones"]
    assert timeline.get("troops") != moved


def test_with_event_checks_the_result(timeline: Timeline) -> None:
    assert problems(lambda: timeline.with_event(Event("new", "New", relations=[Relation("follows", "ghost")]))) == [
        ("events[12].relations[0].target", 'follows points at "ghost", which is not an event here')
    ]


def test_without(timeline: Timeline) -> None:
    smaller = timeline.without("troops")
    assert ids(smaller) == ORDER[:-1]
    assert "troops" in timeline
    with pytest.raises(InvalidInputError, match=r'^there is no event "ghost"$'):
        timeline.without("ghost")


def test_without_an_event_that_others_point_at(timeline: Timeline) -> None:
    with pytest.raises(InvalidInputError) as caught:
        timeline.without("berlin-talks")
    assert str(caught.value) == (
        'cannot remove "berlin-talks": "documents" (derived_from), "press-call" (part_of) still point at it'
    )
    # removing the events that point at it first works
    assert "berlin-talks" not in timeline.without("drones").without("documents").without("press-call").without(
        "berlin-talks"
    )


def test_merge() -> None:
    mine = Timeline(
        "Mine",
        [Event("a", "A", "2025-12"), Event("b", "B", "2025-12-14"), Event("c", "C")],
        extra={"owner": "me"},
    )
    theirs = Timeline(
        "Theirs",
        [
            Event("a", "A", "2025-12"),  # the same event: no conflict
            Event("b", "B, redated", "2025-12-15"),  # a conflict: mine is kept
            Event("d", "D", "2025-11", relations=[Relation("follows", "e")]),
            Event("e", "E", "2025-10"),
            Event("c", "C", status="cancelled"),  # a conflict too
        ],
    )
    merged = mine.merge(theirs, accounts=False)
    assert isinstance(merged, Merge)
    assert merged.conflicts == ("b", "c")
    assert ids(merged.timeline) == ["e", "d", "a", "b", "c"]
    assert merged.timeline.get("b") == mine.get("b")
    assert merged.timeline.get("c") == mine.get("c")
    assert merged.timeline.title == "Mine"
    assert merged.timeline.extra == {"owner": "me"}
    # the other way round keeps theirs
    back = theirs.merge(mine, accounts=False)
    assert back.conflicts == ("b", "c")
    assert back.timeline.get("b") == theirs.get("b")
    assert mine.merge(mine, accounts=False) == Merge(mine, ())


def test_merge_reports_sources_that_do_not_fit_together() -> None:
    mine = Timeline("Mine", [Event("a", "A", citations=[Citation(Source("NYT", key="nyt", title="One"))])])
    theirs = Timeline("Theirs", [Event("b", "B", citations=[Citation(Source("NYT", key="nyt", title="Two"))])])
    assert problems(lambda: mine.merge(theirs)) == [
        ("events[1].citations[0].source", 'the source key "nyt" names two different sources')
    ]


def _events_problems_oracle(items: list[object]) -> list[tuple[str, str]]:
    """Types and ids checked one item at a time; then, if they are all well, every relation's target."""
    found: list[tuple[str, str]] = []
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        if not isinstance(item, Event):
            found.append((f"events[{index}]", f"expected an Event, got {type(item).__name__}"))
        elif item.id in first:
            found.append((f"events[{index}].id", f'duplicate id "{item.id}" (first at events[{first[item.id]}])'))
        else:
            first[item.id] = index
    if found:
        return found
    for index, item in enumerate(items):
        assert isinstance(item, Event)
        for number, relation in enumerate(item.relations):
            if relation.target not in first:
                path = f"events[{index}].relations[{number}].target"
                found.append((path, f'follows points at "{relation.target}", which is not an event here'))
    return found


_IDS = st.sampled_from(["a", "b", "c", "d", "e"])
_ITEMS = st.one_of(
    st.tuples(_IDS, st.lists(_IDS, max_size=2, unique=True))
    .filter(lambda drawn: drawn[0] not in drawn[1])
    .map(lambda drawn: Event(drawn[0], "E", relations=[Relation("follows", target) for target in drawn[1]])),
    st.sampled_from(["a", 3, None]),
)


@given(st.lists(_ITEMS, max_size=6))
def test_the_events_are_checked_as_one_walk_item_by_item_does(items: list[object]) -> None:
    try:
        Timeline("t", items)  # type: ignore[arg-type]
    except InvalidInputError as error:
        found = [(problem.path, problem.message) for problem in error.problems]
    else:
        found = []
    assert found == _events_problems_oracle(items)
