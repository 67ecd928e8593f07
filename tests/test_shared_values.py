"""Repeated short texts are kept once (``timeline.model._shared``), with the same checks as before.

The oracle is the full check of each field (``check_line``, ``check_lines``) and the
quick tests they replace (``plain_line``, ``plain_lines``): a shared value is handed
back exactly when those accept it, equal to what was given; an event, citation or place
built from equal texts holds one copy of each; anything else is kept as given, and bad
input gives the same messages as the full checks.
"""

from __future__ import annotations

import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import hostile_text
from timeline import Citation, Event, Place, Relation, Source
from timeline._validation import (
    BAD_IN_LINE,
    BAD_IN_TEXT,
    MAX_LINE,
    Rejected,
    check_line,
    check_lines,
    plain_line,
    plain_lines,
    plain_text,
)
from timeline.errors import InvalidInputError, Problem
from timeline.model import clear_caches
from timeline.model._shared import _shared_line, _shared_lines, shared_line, shared_lines
from timeline.model.event import Media


class Text(str):
    """A subclass of ``str`` equal to a text it is not: never looked up in the shared copies."""

    __slots__ = ()


# Hostile on purpose: line breaks, controls, bidi overrides, lone surrogates, spaces only, the length limit.
_SPECIAL = " \t\n\r\x00\x1f\x7f\x85\x9f\xa0\u200b\u202e\u2028\u2029\ud800\udfff\u3000\ufeffa-._Zé😀"
TEXTS = (
    st.text(st.sampled_from(_SPECIAL), max_size=6)
    | st.text(max_size=8)
    | hostile_text()
    | st.sampled_from(["a" * MAX_LINE, "a" * (MAX_LINE + 1), "é" * MAX_LINE, " " * MAX_LINE])
)
VALUES = TEXTS | TEXTS.map(Text) | st.none() | st.integers() | st.just(["a"]) | st.just(Rejected(()))


def _problems(check: Any, value: object) -> list[Problem]:
    problems: list[Problem] = []
    check(problems, "path", value)
    return problems


@given(VALUES)
def test_a_shared_line_is_given_back_exactly_when_the_quick_and_full_checks_accept_it(value: object) -> None:
    found = shared_line(value)
    accepted = plain_line(value)
    assert (found is not None) == accepted
    if accepted:
        assert not _problems(check_line, value)
        assert found == value
        assert type(found) is str
        assert shared_line("".join(value)) is found  # type: ignore[arg-type]  # an equal text, another object


@given(st.lists(VALUES, max_size=4).map(tuple) | VALUES)
def test_shared_lines_are_given_back_exactly_when_the_quick_and_full_checks_accept_them(values: Any) -> None:
    found = shared_lines(values)
    accepted = plain_lines(values)
    assert (found is not None) == accepted
    if accepted:
        assert not _problems(check_lines, values)
        assert found == values
        assert all(type(value) is str for value in found)  # type: ignore[union-attr]
        again = tuple("".join(value) for value in values)
        assert shared_lines(again) is found
        assert all(shared_line(value) is value for value in found)  # type: ignore[union-attr]


def test_a_subclass_of_str_is_not_matched_to_an_equal_shared_text() -> None:
    assert shared_line("officials") == "officials"
    assert shared_line(Text("officials")) is None
    assert shared_lines(("a", "b")) == ("a", "b")
    assert shared_lines((Text("a"), "b")) is None
    event = Event("e", "T", kind=Text("officials"), tags=(Text("a"), "b"))
    assert type(event.kind) is Text
    assert type(event.tags[0]) is Text  # kept as given, checked in full


def _fresh(text: str) -> str:
    """An equal text that is another object."""
    return "".join(list(text))


def test_events_citations_and_places_built_from_equal_texts_hold_one_copy() -> None:
    source = Source("Outlet")
    first, second = (
        Event(
            f"e{number}",
            _fresh("Talks"),
            kind=_fresh("meeting"),
            actors=[_fresh("NATO"), _fresh("Ukraine")],
            tags=[_fresh("aid")],
            place=Place(_fresh("Kyiv"), country=_fresh("Ukraine")),
            citations=[Citation(source, attribution=_fresh("officials"), locator=_fresh("p. 2"))],
        )
        for number in range(2)
    )
    assert first.kind is second.kind
    assert first.actors is second.actors
    assert first.tags is second.tags
    assert first.actors[1] is second.actors[1]
    assert first.place is not None
    assert second.place is not None
    assert first.place.name is second.place.name
    assert first.place.country is second.place.country is first.actors[1]
    assert first.citations[0].attribution is second.citations[0].attribution
    assert first.citations[0].locator is second.citations[0].locator
    assert first.title is not second.title  # titles are rarely repeated: not looked up


def test_clear_caches_empties_the_shared_copies() -> None:
    shared_line("officials")
    shared_lines(("a",))
    clear_caches()
    assert _shared_line.cache_info().currsize == 0
    assert _shared_lines.cache_info().currsize == 0


def _built(build: Any) -> object:
    """The value built, or the message of the error it raised."""
    try:
        return build()
    except InvalidInputError as error:
        return str(error)


def _full(cls: type, fields: dict[str, Any]) -> object:
    """The oracle: the object's full checks on the converted fields, with no quick path and no sharing."""
    made = cls.__new__(cls)
    for field in cls.__attrs_attrs__:  # type: ignore[attr-defined]
        if field.name in fields:
            value = fields[field.name]
            object.__setattr__(made, field.name, value if field.converter is None else field.converter(value))
        elif field.init:
            object.__setattr__(
                made, field.name, field.default.factory() if hasattr(field.default, "factory") else field.default
            )
    problems = made._problems()
    return str(InvalidInputError(problems)) if problems else made


LINES = VALUES
SOURCE = Source("Outlet")


@given(
    kind=st.none() | LINES,
    actors=st.lists(LINES, max_size=3) | LINES,
    tags=st.lists(LINES, max_size=3).map(tuple),
    relations=st.lists(
        st.builds(Relation, st.sampled_from(["follows", "part_of"]), st.sampled_from(["e", "f", "g"])), max_size=3
    ),
    title=LINES,
)
def test_an_event_is_what_its_full_checks_make_of_it(**fields: Any) -> None:
    fields = {"id": "e", **fields}
    if isinstance(fields["actors"], list):
        fields["actors"] = tuple(fields["actors"])
    found = _built(lambda: Event(**fields))
    assert found == _full(Event, fields)


@given(attribution=st.none() | LINES, locator=st.none() | LINES, quote=st.none() | LINES)
def test_a_citation_is_what_its_full_checks_make_of_it(**fields: Any) -> None:
    fields = {"source": SOURCE, **fields}
    assert _built(lambda: Citation(**fields)) == _full(Citation, fields)


@given(name=LINES, country=st.none() | LINES)
def test_a_place_is_what_its_full_checks_make_of_it(**fields: Any) -> None:
    assert _built(lambda: Place(**fields)) == _full(Place, fields)


def test_relations_to_itself_or_twice_are_refused_with_their_messages() -> None:
    with pytest.raises(InvalidInputError, match=r"^relations\[0\]: an event cannot be follows itself$"):
        Event("e", "T", relations=[Relation("follows", "e")])
    with pytest.raises(InvalidInputError, match=r"^relations\[1\]: follows 'f' is listed twice$"):
        Event("e", "T", relations=[Relation("follows", "f"), Relation("follows", "f")])
    assert Event("e", "T", relations=[Relation("follows", "f"), Relation("part_of", "f")])._plainly_valid()
    assert not Event("e", "T", media=Media("https://example.org/a.jpg"))._problems()


def test_no_printable_character_is_one_a_text_may_not_hold() -> None:
    # plain_line and plain_text take str.isprintable as a quicker scan than the pattern: every code point.
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isprintable():
            assert BAD_IN_TEXT.search(char) is None
            assert BAD_IN_LINE.search(char) is None


@given(
    st.text(st.sampled_from(_SPECIAL + "\u00ad\u200d\u2066\ue000\U000e0001\U0010ffff"), max_size=12) | hostile_text()
)
def test_plain_line_and_text_agree_with_the_patterns_alone(text: str) -> None:
    usual = len(text) > 0 and not text.isspace()
    assert plain_line(text) == (usual and len(text) <= MAX_LINE and BAD_IN_LINE.search(text) is None)
    assert plain_text(text) == (usual and BAD_IN_TEXT.search(text) is None)
