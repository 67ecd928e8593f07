"""Repeated short texts are kept once (``timeline.model._shared``), with the same checks as before.

The oracle is the full check of each field (``check_line``, ``check_lines``) and the
quick tests they replace (``plain_line``, ``plain_lines``): a shared value is handed
back exactly when those accept it, equal to what was given; an event, citation or place
built from equal texts holds one copy of each; anything else is kept as given, and bad
input gives the same messages as the full checks.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
import zoneinfo
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import hostile_text
from timeline import (
    Account,
    Citation,
    Confidence,
    Duration,
    Event,
    Place,
    Rank,
    Relation,
    RelationKind,
    Source,
    Status,
    When,
)
from timeline._validation import (
    _EMPTY,
    BAD_IN_LINE,
    BAD_IN_TEXT,
    MAX_LINE,
    FrozenData,
    Rejected,
    check_line,
    check_lines,
    check_url,
    plain_line,
    plain_lines,
    plain_text,
)
from timeline.errors import InvalidInputError, Problem
from timeline.model import clear_caches
from timeline.model._shared import _shared_line, _shared_lines, shared_line, shared_lines
from timeline.model.event import Media
from timeline.model.provenance import _DERIVED_END, _plain_url
from timeline.model.timeline import _source_key_problems


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


def _general(cls: type, *args: Any, **fields: Any) -> object:
    """The oracle of a quick ``__init__``: attrs' own (the converters, then ``__attrs_post_init__``)."""
    made = cls.__new__(cls)
    try:
        made.__attrs_init__(*args, **fields)
    except InvalidInputError as error:
        return str(error)
    return made


def _same(found: object, expected: object) -> None:
    assert found == expected
    if attrs.has(type(expected)):  # field by field, with the types: a list is not kept where a tuple was
        for field in attrs.fields(type(expected)):
            mine, theirs = getattr(found, field.name), getattr(expected, field.name)
            assert type(mine) is type(theirs), field.name
            if isinstance(theirs, str | tuple):  # the shared copy: the same object, whichever path made it
                assert mine is theirs or (shared_line(theirs) is None and shared_lines(theirs) is None)


WHEN = When.parse("2025-12")
OTHER = Source("Other", key="other")


@given(
    source=st.sampled_from([SOURCE, OTHER, "nyt", None, 3]),
    attribution=st.none() | LINES,
    quote=st.none() | LINES | st.just("Two\nlines"),
    locator=st.none() | LINES,
    confidence=st.sampled_from([*Confidence, *(c.value for c in Confidence), "Reported", "", None, 3, ["x"]]),
)
def test_a_citation_is_what_the_general_path_makes_of_it(source: object, **fields: Any) -> None:
    _same(_built(lambda: Citation(source, **fields)), _general(Citation, source, **fields))  # type: ignore[arg-type]


@given(
    when=st.sampled_from([None, WHEN, When(), "2025-12-14", "2025-13-40", "", 2025]),
    place=st.sampled_from([None, Place("Kyiv"), "Kyiv", "", 3]),
    citations=st.lists(st.sampled_from([Citation(SOURCE), Citation(OTHER), SOURCE]), max_size=3)
    | st.lists(st.sampled_from([Citation(SOURCE), Citation(OTHER)]), max_size=3).map(tuple)
    | st.sampled_from([None, "c", {1: 2}]),
    rank=st.sampled_from([*Rank, *(r.value for r in Rank), "Normal", "", None, 3]),
    reason=st.none() | LINES | st.just("Two\nlines"),
)
def test_an_account_is_what_the_general_path_makes_of_it(**fields: Any) -> None:
    _same(_built(lambda: Account(**fields)), _general(Account, **fields))


@given(
    id=st.sampled_from(["talks-1", "e", "Talks", "", "a" * 129, 7, None]),
    title=LINES,
    when=st.sampled_from([WHEN, When(), "2025-12-14", "2025-13-40", None, 2025, REJECTED := Rejected(())]),
    description=st.none() | LINES | st.just("Two\nlines"),
    kind=st.none() | LINES,
    status=st.sampled_from([*Status, *(s.value for s in Status), "Happened", None, 3, ["x"]]),
    place=st.sampled_from([None, Place("Kyiv"), "Kyiv", "", 3]),
    actors=st.lists(LINES, max_size=3) | st.lists(LINES, max_size=3).map(tuple) | LINES | st.just(frozenset({"a"})),
    tags=st.lists(st.sampled_from(["a", "b", "", "a\nb", 3]), max_size=3).map(tuple) | st.just({"a": 1}),
    citations=st.lists(st.sampled_from([Citation(SOURCE), Citation(OTHER), SOURCE, "c"]), max_size=3)
    | st.sampled_from([(), None, "c"]),
    relations=st.lists(
        st.sampled_from([Relation("follows", "f"), Relation("part_of", "f"), Relation("follows", "talks-1"), "f"]),
        max_size=3,
    )
    | st.sampled_from([(), None]),
    media=st.sampled_from([None, Media("https://example.org/a.jpg"), "https://example.org/b.jpg", "nope", 3]),
    accounts=st.sampled_from(
        [(), [], None, [Account(when="2025-12-01")], ["2025"], (Account(when="2025"), Account(place="Kyiv")), {1: 2}]
    ),
    duration=st.sampled_from([None, "P1D", Duration.parse("PT2H"), "two days", 3]),
    extra=st.sampled_from([None, {}, _EMPTY, FrozenData({}), {"a": 1}, FrozenData({"b": (1,)}), {"c": math.nan}, 3]),
)
def test_an_event_is_what_the_general_path_makes_of_it(**fields: Any) -> None:
    # Every field valid or not, of every type the converters take and some they refuse.
    found = _built(lambda: Event(**fields))
    _same(found, _general(Event, **fields))
    if isinstance(found, str):
        assert found == _full(Event, fields)  # the messages of the full checks


def test_the_usual_event_and_citation_take_the_quick_init() -> None:
    # The quick __init__ never calls attrs' own: it would run __attrs_post_init__.
    calls: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        for cls in (Event, Citation):
            patch.setattr(cls, "__attrs_post_init__", lambda self, name=cls.__name__: calls.append(name))
        citation = Citation(SOURCE, attribution="officials", quote="a quote", locator="p. 2", confidence="confirmed")
        Event(
            "talks-1",
            "Talks",
            WHEN,
            description="Two\nlines",
            kind="meeting",
            status="planned",
            place=Place("Kyiv"),
            actors=["A", "B"],
            tags=("x",),
            citations=[citation],
            relations=[Relation("follows", "f")],
            media=Media("https://example.org/a.jpg"),
        )
        Event("e", "E", "2025-12", accounts=[], extra=FrozenData({"a": 1}))
        Event("e", "E").evolve(title="Other")  # attrs.evolve passes every field, extra too
    assert calls == []


FOLLOWS = Relation("follows", "f")
_NAMES = st.sampled_from(["NATO", "Ukraine", "aid", "a senior official", "p. 2"]) | hostile_text(2)


@given(
    id=st.sampled_from(["talks-1", "e", "a" * 128]),
    title=hostile_text(),
    when=st.sampled_from([WHEN, When(), "2025-12-14", None]),
    description=st.none() | hostile_text() | st.just("Two\nlines\twith a tab"),
    kind=st.none() | _NAMES,
    status=st.sampled_from([*Status, *(s.value for s in Status)]),
    place=st.sampled_from([None, Place("Kyiv")]),
    actors=st.lists(_NAMES, max_size=3, unique=True) | st.lists(_NAMES, max_size=3, unique=True).map(tuple) | _NAMES,
    tags=st.lists(_NAMES, max_size=3, unique=True).map(tuple),
    citations=st.lists(
        st.builds(Citation, st.just(SOURCE), attribution=st.none() | _NAMES, locator=st.none() | _NAMES), max_size=3
    ).map(lambda found: list(dict.fromkeys(found))),
    relations=st.sampled_from(
        [(), [], [Relation("follows", "f")], (Relation("follows", "f"), Relation("part_of", "f"))]
    ),
    media=st.sampled_from([None, Media("https://example.org/a.jpg")]),
    accounts=st.sampled_from([(), []]),
    extra=st.sampled_from([None, _EMPTY, FrozenData({"b": (1,)})]),
)
def test_a_valid_event_is_what_the_general_path_makes_of_it(**fields: Any) -> None:
    # Valid values in every form the quick __init__ takes, so that it is the path tried.
    _same(Event(**fields), _general(Event, **fields))


@given(
    attribution=st.none() | _NAMES,
    quote=st.none() | hostile_text() | st.just("Two\nlines"),
    locator=st.none() | _NAMES,
    confidence=st.sampled_from([*Confidence, *(c.value for c in Confidence)]),
)
def test_a_valid_citation_is_what_the_general_path_makes_of_it(**fields: Any) -> None:
    _same(Citation(SOURCE, **fields), _general(Citation, SOURCE, **fields))


def _source_key_oracle(events: tuple[Event, ...]) -> list[Problem]:
    """Every chain walked in full, the event's citations first, then each account's."""
    problems: list[Problem] = []
    by_ref: dict[str, Source] = {}
    for index, event in enumerate(events):
        cited = [(f"citations[{number}]", citation) for number, citation in enumerate(event.citations)]
        for number, account in enumerate(event.accounts):
            cited += [(f"accounts[{number}].citations[{place}]", cite) for place, cite in enumerate(account.citations)]
        for where, citation in cited:
            for depth, source in enumerate(citation.source.chain()):
                known = by_ref.setdefault(source.ref, source)
                if known != source:
                    path = f"events[{index}].{where}.source" + ".via" * depth
                    problems.append(Problem(f'the source key "{source.ref}" names two different sources', path))
    return problems


@st.composite
def _events_citing(draw: st.DrawFn) -> tuple[Event, ...]:
    pool: list[Source] = []
    for number in range(draw(st.integers(1, 6))):
        via = draw(st.sampled_from([None, *pool])) if pool else None
        pool.append(Source(f"Outlet {number % 3}", key=draw(st.sampled_from([None, "a", "b"])), via=via))
    citing = st.lists(st.sampled_from(pool), max_size=3, unique=True).map(lambda found: [Citation(s) for s in found])
    events = []
    for number in range(draw(st.integers(0, 4))):
        accounts = [
            Account(when=f"2025-12-{day:02}", citations=draw(citing)) for day in range(1, draw(st.integers(0, 2)) + 1)
        ]
        events.append(Event(f"e{number}", "E", citations=draw(citing), accounts=accounts))
    return tuple(events)


@given(_events_citing())
def test_source_key_problems_name_event_and_account_citations_as_a_full_walk_does(events: tuple[Event, ...]) -> None:
    assert _source_key_problems(events) == _source_key_oracle(events)


_ZONES = sorted(zoneinfo.available_timezones())
_NUMBERS = st.sampled_from([None, 0.0, 90.0, -90.0, 180.0, -180.0, 90.5, -180.5, math.nan, math.inf, 1, True, "1"])


@given(
    name=LINES,
    country=st.none() | LINES,
    lat=_NUMBERS | st.floats(-91, 91),
    lon=_NUMBERS | st.floats(-181, 181),
    zone=st.none() | st.sampled_from(_ZONES) | st.sampled_from(["utc", "Europe/Berln", "", 5, Text("UTC")]),
)
def test_a_place_is_what_the_general_path_makes_of_it(**fields: Any) -> None:
    _same(_built(lambda: Place(**fields)), _general(Place, **fields))


@given(
    name=_NAMES,
    country=st.none() | _NAMES,
    position=st.none() | st.tuples(st.floats(-90, 90), st.floats(-180, 180)),
    zone=st.none() | st.sampled_from(_ZONES),
)
def test_a_valid_place_is_what_the_general_path_makes_of_it(
    name: str, country: str | None, position: tuple[float, float] | None, zone: str | None
) -> None:
    lat, lon = position or (None, None)
    fields = {"name": name, "country": country, "lat": lat, "lon": lon, "zone": zone}
    _same(Place(**fields), _general(Place, **fields))  # type: ignore[arg-type]


_URL_PARTS = st.sampled_from(
    ["http://", "https://", "HTTPS://", "hTtp://", "ftp://", "https:/", "//", "", "https://[::1]", "https://a:99999"]
)
_URL_CHARS = "aZ09.-_~:/?#[]@!$&'()*+,;=% \t\n\x00\x7f\u00e9\u2028\uff0e\ud800"


_HOSTS = st.text(st.sampled_from(_URL_CHARS), max_size=12) | st.text(st.sampled_from("aZ09.-"), min_size=1)


@given(_URL_PARTS, _HOSTS, st.text(st.sampled_from(_URL_CHARS), max_size=8))
def test_a_usual_url_is_one_the_full_check_accepts(start: str, host: str, rest: str) -> None:
    for url in (start + host + rest, start + host, start + host + "/" + rest):
        if _plain_url(url):
            assert _problems(check_url, url) == []


def test_the_usual_urls_take_the_quick_test_and_others_do_not() -> None:
    assert _plain_url("https://news1.example.org/2025/story-1?ref=feed&page=2#top")
    assert _plain_url("HTTP://EXAMPLE.ORG")
    assert not _plain_url("https://user@example.org/")  # the full check decides
    assert not _plain_url("https://example.org:8080/")
    assert not _plain_url("https://exämple.org/")
    assert not _plain_url("https://example.org/a b")
    assert not _plain_url("https://" + "a" * MAX_LINE * 8)


@given(
    publisher=hostile_text(2),
    title=st.none() | hostile_text(2),
    published=st.sampled_from([None, "2025-12", "2025-12-16~"]),
)
def test_every_derived_key_ends_as_the_quick_test_of_a_key_expects(**fields: Any) -> None:
    source = Source(**fields)
    assert _DERIVED_END.search(source.ref) is not None
    again = Source(**fields, key=source.ref)  # a key that is the derived one is dropped, as before
    assert again.key is None
    assert again == source
    assert Source(**fields, key="nyt").ref == "nyt"


# Mostly valid fields, so that one bad field at a time is often what decides the path.
@settings(max_examples=400)
@given(
    publisher=st.sampled_from(["Outlet", "Kyiv Post", "", " ", "Two\nlines", None, 3]) | LINES,
    title=st.none() | st.just("Talks é 😀") | LINES,
    url=st.sampled_from([None, "https://example.org/a?b=1", "ftp://example.org", "https://exämple.org/", "", 3]),
    archived_url=st.sampled_from([None, None, "http://web.archive.org/x", "https://example.org/a b"]),
    author=st.none() | st.just("A. Writer") | LINES,
    published=st.sampled_from([None, None, WHEN, When(), When(phrase="spring"), "2025-12-16~", "2025-13-40", 2025]),
    retrieved=st.sampled_from([None, None, None, None, "2025-12-16", "2025-02-30", dt.date(2025, 12, 16)]),
    via=st.sampled_from([None, None, SOURCE, OTHER, "Outlet"]),
    key=st.sampled_from([None, None, "nyt", "Nyt", "", "outlet-1a2b3c4d", "a" * 129]),
)
def test_a_source_is_what_the_general_path_makes_of_it(publisher: object, **fields: Any) -> None:
    found = _built(lambda: Source(publisher, **fields))  # type: ignore[arg-type]
    expected = _general(Source, publisher, **fields)
    assert found == expected  # the source, or the same message
    if isinstance(found, Source) and isinstance(expected, Source):  # field by field, with the types
        for field in attrs.fields(Source):
            assert type(getattr(found, field.name)) is type(getattr(expected, field.name)), field.name
        assert found.ref == expected.ref


@given(
    kind=st.sampled_from([*RelationKind, *(k.value for k in RelationKind), "Follows", "", None, 3, ["x"]]),
    target=st.sampled_from(["f", "talks-1", "a" * 128, "a" * 129, "Talks", "", " f", None, 3, Text("f")]) | TEXTS,
)
def test_a_relation_is_what_the_general_path_makes_of_it(kind: object, target: object) -> None:
    _same(_built(lambda: Relation(kind, target)), _general(Relation, kind, target))  # type: ignore[arg-type]
