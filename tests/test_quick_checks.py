"""The model's quick paths agree with its full checks, against the full checks and brute-force oracles.

The model tries a quick test of the usual value first (``_plainly_valid``) and runs the
full checks (``_problems``) only when it fails, so that errors keep their messages.
Each quick test must never accept what the full checks refuse: these properties try
values of every kind, valid or not, at both ends of every range.
"""

from __future__ import annotations

import itertools
import math
import sys
from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline import (
    Account,
    Bound,
    Citation,
    Confidence,
    Duration,
    Event,
    Place,
    Precision,
    Relation,
    Source,
    Status,
    When,
)
from timeline._validation import (
    _EMPTY,
    _SPACE,
    MAX_LINE,
    MAX_SLUG,
    MAX_TEXT,
    Rejected,
    check_line,
    check_lines,
    check_slug,
    check_text,
    plain_line,
    plain_lines,
    plain_slug,
    plain_text,
)
from timeline.errors import InvalidInputError, Problem
from timeline.model import _edtf, clear_caches
from timeline.model.event import Media
from timeline.model.provenance import enum_value
from timeline.model.timeline import _cycle_problems, _source_key_problems
from timeline.model.when import _parse_cached

T = TypeVar("T")


_SPECIAL = " \t\n\r\x00\x1f\x7f\x85\x9f\xa0\u2028\u2029\ud800\udfff\u3000\ufeffa-._Zé"
_SHORT = st.text(st.sampled_from(_SPECIAL), max_size=6) | st.text(max_size=8)


def _around(limit: int) -> st.SearchStrategy[str]:
    """Texts of about ``limit`` characters: one short, at the limit, one over."""
    return st.builds(
        lambda size, char: char * size, st.sampled_from([limit - 1, limit, limit + 1]), st.sampled_from("a \n-")
    )


TEXTS = _SHORT | _around(MAX_LINE) | _around(MAX_TEXT) | _around(MAX_SLUG)


def _found(check: Any, value: object, *args: Any) -> list[Problem]:
    problems: list[Problem] = []
    check(problems, "path", value, *args)
    return problems


@given(TEXTS | st.none() | st.integers())
def test_plain_line_is_exactly_what_check_line_accepts(value: object) -> None:
    assert plain_line(value) == (isinstance(value, str) and not _found(check_line, value))


@given(TEXTS | st.none() | st.integers())
def test_plain_text_is_exactly_what_check_text_accepts(value: object) -> None:
    assert plain_text(value) == (isinstance(value, str) and not _found(check_text, value))


@given(TEXTS | st.text("abz09-._ A", max_size=10) | st.integers())
def test_plain_slug_is_exactly_what_check_slug_accepts(value: object) -> None:
    assert plain_slug(value) == (isinstance(value, str) and not _found(check_slug, value))


@given(st.lists(st.sampled_from(["a", "b", "", " ", "a\nb", "x\u2028", 3]), max_size=4).map(tuple) | st.just([]))
def test_plain_lines_is_exactly_what_check_lines_accepts(values: Any) -> None:
    expected = isinstance(values, tuple) and not _found(check_lines, values)
    assert plain_lines(values) == expected


def _mostly(usual: object, *others: object) -> st.SearchStrategy[Any]:
    """``usual`` most of the time, so that a value is often valid but for one field."""
    return st.sampled_from([usual] * (2 * len(others)) + list(others))


def _raw(cls: type[T], /, **fields: object) -> T:
    made = object.__new__(cls)
    for name, value in fields.items():
        object.__setattr__(made, name, value)
    return made


def _quick_implies_full(made: Any) -> bool:
    """The property: the quick test accepts only what the full checks accept."""
    if made._plainly_valid():
        assert made._problems() == []
        return True
    return False


ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Nowhere/City", "utc"]
# Days with clock changes (skipped and repeated hours), in the zones above, and the ends of the years.
SPECIAL_DAYS = [(2025, 3, 30), (2025, 10, 26), (2025, 3, 9), (2025, 11, 2), (2025, 10, 5), (2025, 4, 6)]
YEARS = st.sampled_from([-10_000, -9999, 0, 1, 2, 9998, 9999, 10_000, 170_000_002]) | st.integers(-10_001, 10_001)


@st.composite
def raw_bounds(draw: st.DrawFn) -> Bound:
    if draw(st.booleans()):
        year, month, day = draw(st.sampled_from(SPECIAL_DAYS))
    else:
        year, month, day = draw(YEARS), draw(st.integers(-1, 14)), draw(st.integers(-1, 32))
    return _raw(
        Bound,
        precision=draw(st.sampled_from(list(Precision))),
        year=year,
        month=draw(st.sampled_from([month, 1, 3, 4, 12])),
        day=draw(st.sampled_from([day, 1, 29, 31])),
        hour=draw(_mostly(0, 2, 3, 23, 24, -1, 1.0)),
        minute=draw(_mostly(0, 30, 59, 60, -1)),
        second=draw(_mostly(0, 1, 59, 60, True)),
        zone=draw(_mostly(None, *ZONES, 5)),
        fold=draw(_mostly(0, 1, 2, -1, True)),
        approximate=draw(_mostly(False, True, 0, 1)),
        uncertain=draw(_mostly(False, True, 0)),
        unspecified=draw(_mostly(0, 1, 2, 4, False)),
    )


@given(raw_bounds())
def test_a_bound_passes_the_quick_test_only_if_the_full_checks_pass(bound: Bound) -> None:
    if _quick_implies_full(bound):
        assert bound.fold == 0  # nothing for the full path to set back


def test_on_days_the_clocks_change_a_time_passes_the_quick_test_only_if_the_full_checks_pass() -> None:
    # Every quarter hour of each day with a clock change, in every zone, both folds: brute force.
    accepted = 0
    for (year, month, day), zone, hour, minute, fold, precision in itertools.product(
        SPECIAL_DAYS, ZONES, range(24), range(0, 60, 15), (0, 1), (Precision.MINUTE, Precision.SECOND)
    ):
        bound = _raw(
            Bound,
            precision=precision,
            year=year,
            month=month,
            day=day,
            hour=hour,
            minute=minute,
            second=0,
            zone=zone,
            fold=fold,
            approximate=False,
            uncertain=False,
            unspecified=0,
        )
        accepted += _quick_implies_full(bound)
    assert accepted > 0


def test_the_usual_bounds_take_the_quick_path() -> None:
    usual = [
        Bound.of_date(2025, 12, 15),
        Bound.of_date(2025, 12),
        Bound.of_date(2025, approximate=True),
        Bound(Precision.SEASON, 2025, 6),
        Bound(Precision.QUARTER, 2025, 10),
        Bound(Precision.MINUTE, 2025, 12, 15, 14, 0, zone="Europe/Berlin"),
        Bound(Precision.SECOND, 2025, 12, 15, 14, 0, 30, zone="UTC"),
    ]
    assert all(bound._plainly_valid() for bound in usual)


def test_a_skipped_time_is_refused_with_its_message() -> None:
    with pytest.raises(InvalidInputError, match="02:30 does not exist in Europe/Berlin on 2025-03-30: the clocks skip"):
        Bound(Precision.MINUTE, 2025, 3, 30, 2, 30, zone="Europe/Berlin")


LINES = _mostly("Berlin", "", "  ", "a\nb", "x\x00", "é" * (MAX_LINE + 1), 5, None)
OPTIONAL_LINES = _mostly(None, "Berlin", "", "  ", "a\nb", "x\x00", "é" * (MAX_LINE + 1), 5)
NUMBERS = _mostly(None, 0.0, 90.0, 90.5, -90.0, 180.0, -180.5, math.nan, math.inf, 1, True, "1")


@given(LINES, OPTIONAL_LINES, NUMBERS, NUMBERS, _mostly(None, *ZONES, 5))
def test_a_place_passes_the_quick_test_only_if_the_full_checks_pass(
    name: object, country: object, lat: object, lon: object, zone: object
) -> None:
    _quick_implies_full(_raw(Place, name=name, country=country, lat=lat, lon=lon, zone=zone))


SOURCE = Source("The New York Times")


@given(
    _mostly(SOURCE, "nyt", None),
    OPTIONAL_LINES,
    _mostly("a\nquote\twith tabs", "", " ", "\x00", None, 3),
    OPTIONAL_LINES,
    _mostly(Confidence.REPORTED, "reported", Rejected(())),
)
def test_a_citation_passes_the_quick_test_only_if_the_full_checks_pass(
    source: object, attribution: object, quote: object, locator: object, confidence: object
) -> None:
    _quick_implies_full(
        _raw(Citation, source=source, attribution=attribution, quote=quote, locator=locator, confidence=confidence)
    )


REJECTED = Rejected((Problem("bad", "x"),))


@given(
    id=_mostly("talks-1", "Talks", "", "a" * (MAX_SLUG + 1), 7),
    title=LINES,
    when=_mostly(When.parse("2025-12"), When(), REJECTED, "2025"),
    description=_mostly(None, "Two\nlines", "", "\x00", 1),
    kind=OPTIONAL_LINES,
    status=_mostly(Status.HAPPENED, "happened", REJECTED),
    place=_mostly(None, Place("Kyiv"), "Kyiv", REJECTED),
    actors=_mostly(("A", "B"), (), ("A", "A"), ("",), ["A"], REJECTED),
    tags=_mostly((), ("x",), ("x", "x"), (1,), REJECTED),
    citations=_mostly((Citation(SOURCE),), (), (SOURCE,), [Citation(SOURCE)], REJECTED),
    relations=_mostly((), (Relation("follows", "other"),), (Relation("follows", "talks-1"),), REJECTED),
    media=_mostly(None, Media("https://example.org/a.jpg"), "https://example.org", REJECTED),
    accounts=_mostly((), (Account(when="2025-12-01"),), ("2025-12-01",), REJECTED),
    duration=_mostly(None, Duration.parse("P1D"), "P1D", REJECTED),
    extra=_mostly(_EMPTY, {}, {"a": 1}, REJECTED),
)
def test_an_event_passes_the_quick_test_only_if_the_full_checks_pass(**fields: object) -> None:
    _quick_implies_full(_raw(Event, **fields))


def test_the_usual_event_takes_the_quick_path() -> None:
    event = Event(
        "talks-1",
        "Talks",
        "2025-12-14/2025-12-15",
        description="Two\nlines",
        place=Place("Berlin", lat=52.52, lon=13.405, zone="Europe/Berlin"),
        actors=["A", "B"],
        tags=["x"],
        citations=[Citation(SOURCE, attribution="officials", quote="a quote", locator="p. 2")],
    )
    assert event._plainly_valid()
    assert event.place is not None
    assert event.place._plainly_valid()
    assert event.citations[0]._plainly_valid()


def test_a_character_is_space_in_a_url_check_exactly_when_str_isspace_says_so() -> None:
    # Every code point: the compiled pattern replaced a test of each character with str.isspace.
    spaces = [chr(code) for code in range(sys.maxunicode + 1) if _SPACE.search(chr(code))]
    assert spaces == [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()]


def _enum_value_oracle(kind: type[Status], value: object) -> object:
    """What ``enum_value`` gave before its lookup by value: ``kind(value)`` or the error's message."""
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except ValueError:
        return str(InvalidInputError.at("status", f"{value!r} is not one of: {', '.join(m.value for m in kind)}"))


@given(st.sampled_from([*Status, *(s.value for s in Status), "Happened", "", 3, None]) | st.text(max_size=5))
def test_enum_value_gives_what_the_enum_gives(value: Any) -> None:
    try:
        found: object = enum_value(Status, value, "status")
    except InvalidInputError as error:
        found = str(error)
    assert found == _enum_value_oracle(Status, value)


def _split_oracle(text: str) -> list[str]:
    """Split at each ``/`` outside brackets, one character at a time."""
    parts, depth, begin = [], 0, 0
    for index, char in enumerate(text):
        if char == "[":
            depth += 1
        elif char == "]":
            depth = max(depth - 1, 0)
        elif char == "/" and depth == 0:
            parts.append(text[begin:index])
            begin = index + 1
    parts.append(text[begin:])
    return parts


@given(st.text(st.sampled_from("[]/a."), max_size=12))
def test_an_interval_splits_at_each_slash_outside_brackets(text: str) -> None:
    assert _edtf._split_interval(text) == _split_oracle(text)


def test_clear_caches_empties_the_date_cache_and_changes_no_result() -> None:
    first = When.parse("2025-12-14/2025-12-16~")
    assert _parse_cached.cache_info().currsize > 0
    clear_caches()
    assert _parse_cached.cache_info().currsize == 0
    again = When.parse("2025-12-14/2025-12-16~")
    assert again == first
    assert again is not first
    assert again.sort_key == first.sort_key


def _source_key_oracle(events: tuple[Event, ...]) -> list[Problem]:
    problems: list[Problem] = []
    by_ref: dict[str, Source] = {}
    for index, event in enumerate(events):
        for number, citation in enumerate(event.citations):
            for depth, source in enumerate(citation.source.chain()):
                known = by_ref.setdefault(source.ref, source)
                if known != source:
                    path = f"events[{index}].citations[{number}].source" + ".via" * depth
                    problems.append(Problem(f'the source key "{source.ref}" names two different sources', path))
    return problems


@st.composite
def cited_events(draw: st.DrawFn) -> tuple[Event, ...]:
    pool: list[Source] = []
    for number in range(draw(st.integers(1, 6))):
        via = draw(st.sampled_from([None, *pool])) if pool else None
        key = draw(st.sampled_from([None, "a", "b"]))
        pool.append(Source(f"Outlet {number % 3}", key=key, via=via, title=draw(st.sampled_from([None, "T"]))))
    cited = [draw(st.lists(st.sampled_from(pool), max_size=3)) for _ in range(draw(st.integers(0, 5)))]
    return tuple(
        Event(f"e{number}", "E", citations=[Citation(source) for source in sources])
        for number, sources in enumerate(cited)
    )


@given(cited_events())
def test_source_key_problems_are_those_of_every_chain_walked_in_full(events: tuple[Event, ...]) -> None:
    assert _source_key_problems(events) == _source_key_oracle(events)


def _cycle_oracle(events: tuple[Event, ...], position: Mapping[str, int]) -> list[Problem]:
    parents = {event.id: event.related("part_of") for event in events}
    state: dict[str, int] = {}
    problems: list[Problem] = []

    def visit(start: str) -> None:
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(parents.get(start, ())))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(child) == 1:
                cycle = [*path[path.index(child) :], child]
                problems.append(
                    Problem(
                        "part_of goes round in a circle: " + " → ".join(cycle), f"events[{position[node]}].relations"
                    )
                )
            elif child in parents and child not in state:
                state[child] = 1
                path.append(child)
                stack.append((child, iter(parents[child])))

    for event in events:
        if event.id not in state:
            visit(event.id)
    return problems


@st.composite
def related_events(draw: st.DrawFn) -> tuple[Event, ...]:
    ids = [f"e{number}" for number in range(draw(st.integers(1, 6)))]
    events = []
    for own in ids:
        others = [other for other in ids if other != own]
        targets = draw(st.lists(st.sampled_from(others), unique=True, max_size=3)) if others else []
        kinds = [draw(st.sampled_from(["part_of", "part_of", "follows"])) for _ in targets]
        events.append(
            Event(own, "E", relations=[Relation(kind, target) for kind, target in zip(kinds, targets, strict=True)])
        )
    return tuple(draw(st.permutations(events)))


@given(related_events())
def test_cycle_problems_are_those_of_a_walk_from_every_event(events: tuple[Event, ...]) -> None:
    position = {event.id: index for index, event in enumerate(events)}
    assert _cycle_problems(events, position) == _cycle_oracle(events, position)
