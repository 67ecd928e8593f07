"""Source, Citation, Confidence, Place, Relation and Event: shorthands, checks, immutability."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import pendulum
import pytest

from timeline import (
    Citation,
    Confidence,
    Event,
    InvalidInputError,
    Place,
    Problem,
    Relation,
    RelationKind,
    Source,
    Status,
    TimelineError,
    When,
)
from timeline._validation import MAX_LINE, MAX_SLUG, MAX_TEXT

NYT = Source("The New York Times", title="US and EU Formalize Security Commitments", url="https://www.nytimes.com/x")


def problems(make: Callable[[], object]) -> list[tuple[str, str]]:
    """The (path, message) of every problem ``make`` raises."""
    with pytest.raises(InvalidInputError) as caught:
        make()
    error = caught.value
    assert isinstance(error, TimelineError)
    assert isinstance(error, ValueError)
    return [(problem.path, problem.message) for problem in error.problems]


def test_event_defaults() -> None:
    event = Event("berlin-talks", "Talks in Berlin")
    assert event.when == When()
    assert event.status is Status.HAPPENED
    assert event.description is None
    assert event.kind is None
    assert event.place is None
    assert event.actors == ()
    assert event.tags == ()
    assert event.citations == ()
    assert event.relations == ()
    assert dict(event.extra) == {}


def test_event_string_shorthands() -> None:
    event = Event(
        "berlin-talks",
        "Talks in Berlin",
        when="2025-12",
        place="Berlin",
        status="planned",
        actors=["United States", "Ukraine"],
        tags="security",
        relations=[Relation("part_of", "guarantees")],
    )
    assert event.when == When.parse("2025-12")
    assert event.place == Place("Berlin")
    assert event.status is Status.PLANNED
    assert event.actors == ("United States", "Ukraine")
    assert event.tags == ("security",)
    assert event.relations == (Relation(RelationKind.PART_OF, "guarantees"),)
    assert event.related("part_of") == ("guarantees",)
    assert event.related(RelationKind.FOLLOWS) == ()
    # the shorthand and the long form are the same event
    assert event == Event(
        "berlin-talks",
        "Talks in Berlin",
        When.parse("2025-12"),
        place=Place("Berlin"),
        status=Status.PLANNED,
        actors=("United States", "Ukraine"),
        tags=("security",),
        relations=(Relation(RelationKind.PART_OF, "guarantees"),),
    )
    assert Event("x", "X", when=None).when == When()


def test_event_sources_are_distinct_in_citation_order() -> None:
    kyiv = Source("Kyiv Independent", via=NYT)
    event = Event(
        "x",
        "X",
        citations=[Citation(kyiv), Citation(NYT, quote="one"), Citation(kyiv, locator="para 3")],
    )
    assert event.sources == (kyiv, NYT)


def test_event_reports_every_problem_at_once() -> None:
    found = problems(
        lambda: Event(
            "Berlin Talks",
            "",
            when="2025-13",
            description="   ",
            kind="meeting\n",
            status="rumoured",
            place="Ber\x00lin",
            actors=["Ukraine", "Ukraine"],
            tags=["ok", "two\nlines", ""],
            citations=[NYT],  # type: ignore[list-item]
            relations=[Relation("part_of", "berlin-talks"), "follows x"],  # type: ignore[list-item]
            extra={"score": float("nan")},
        )
    )
    assert found == [
        (
            "id",
            "\"Berlin Talks\" is not an id: use lowercase letters, digits, '-', '_' and '.', "
            "starting and ending with a letter or digit",
        ),
        ("title", "must not be empty"),
        ("when", '"2025-13" is not a valid date: month 13 is not 01–12'),
        ("description", "must not be empty (leave it out instead)"),
        ("kind", '"meeting\\n" contains a line break'),
        ("status", "'rumoured' is not one of: proposed, planned, scheduled, happened, postponed, cancelled"),
        ("place.name", '"Ber\\x00lin" contains the control character U+0000'),
        ("actors[1]", '"Ukraine" is listed twice'),
        ("tags[1]", '"two\\nlines" contains a line break'),
        ("tags[2]", "must not be empty"),
        ("citations[0]", "expected a Citation, got Source"),
        ("relations[1]", "expected a Relation, got str"),
        ("extra.score", "nan is not a JSON number"),
    ]


def test_event_message_lists_each_problem_with_its_path() -> None:
    with pytest.raises(InvalidInputError) as caught:
        Event("x", "", tags=["a", "a"])
    assert str(caught.value) == '2 problems:\n  title: must not be empty\n  tags[1]: "a" is listed twice'


def test_relations_to_itself_and_repeated() -> None:
    assert problems(
        lambda: Event(
            "talks",
            "Talks",
            relations=[Relation("follows", "prep"), Relation("part_of", "talks"), Relation("follows", "prep")],
        )
    ) == [
        ("relations[1]", "an event cannot be part_of itself"),
        ("relations[2]", "follows 'prep' is listed twice"),
    ]
    # the same target with another kind is a different relation
    event = Event("talks", "Talks", relations=[Relation("follows", "prep"), Relation("causes", "prep")])
    assert event.related("causes") == ("prep",)


HOSTILE = [
    ("line\nbreak", "a line break"),
    ("carriage\rreturn", "a carriage return"),
    ("tab\there", "a tab"),
    ("nul\x00", "the control character U+0000"),
    ("escape\x1b[31m", "the control character U+001B"),
    ("delete\x7f", "the control character U+007F"),
    ("next line\x85", "the control character U+0085"),
    ("c1\x9b", "the control character U+009B"),
    ("line\u2028separator", "the control character U+2028"),
    ("paragraph\u2029separator", "the control character U+2029"),
    ("lone \ud800 surrogate", "a lone surrogate U+D800"),
    ("lone \udfff surrogate", "a lone surrogate U+DFFF"),
]


@pytest.mark.parametrize(("text", "what"), HOSTILE)
def test_hostile_one_line_text(text: str, what: str) -> None:
    shown = text.encode("unicode_escape").decode("ascii")
    message = f'"{shown}" contains {what}'
    assert problems(lambda: Event("x", text)) == [("title", message)]
    assert problems(lambda: Event("x", "X", tags=["ok", text])) == [("tags[1]", message)]
    assert problems(lambda: Event("x", "X", actors=[text])) == [("actors[0]", message)]
    assert problems(lambda: Event("x", "X", kind=text)) == [("kind", message)]
    assert problems(lambda: Source(text)) == [("publisher", message)]
    assert problems(lambda: Citation(NYT, attribution=text)) == [("attribution", message)]
    assert problems(lambda: Place(text)) == [("name", message)]
    assert problems(lambda: When.parse("2025", phrase=text)) == [("phrase", message)]


@pytest.mark.parametrize(
    ("text", "what"), [(text, what) for text, what in HOSTILE if what not in ("a line break", "a tab")]
)
def test_hostile_multi_line_text(text: str, what: str) -> None:
    shown = text.encode("unicode_escape").decode("ascii")
    message = f'"{shown}" contains {what}'
    assert problems(lambda: Event("x", "X", description=text)) == [("description", message)]
    assert problems(lambda: Citation(NYT, quote=text)) == [("quote", message)]


def test_multi_line_text_may_hold_line_breaks_and_tabs() -> None:
    event = Event("x", "X", description="First line.\n\n\tIndented, «quoted», 日本語.")
    assert event.description == "First line.\n\n\tIndented, «quoted», 日本語."
    assert Citation(NYT, quote="one\ntwo").quote == "one\ntwo"


def test_quoted_input_is_shortened_in_messages() -> None:
    title = "x" * 200 + "\n"
    ((path, message),) = problems(lambda: Event("x", title))
    assert path == "title"
    assert message == '"' + "x" * 60 + '…" contains a line break'


def test_length_limits() -> None:
    assert Event("x", "t" * MAX_LINE).title == "t" * MAX_LINE
    assert problems(lambda: Event("x", "t" * (MAX_LINE + 1))) == [
        ("title", f"is {MAX_LINE + 1:,} characters long; the limit is {MAX_LINE:,}")
    ]
    assert Event("x", "X", description="d" * MAX_TEXT).description == "d" * MAX_TEXT
    assert problems(lambda: Event("x", "X", description="d" * (MAX_TEXT + 1))) == [
        ("description", f"is {MAX_TEXT + 1:,} characters long; the limit is {MAX_TEXT:,}")
    ]
    assert problems(lambda: Event("x", "X", tags=["t" * (MAX_LINE + 1)])) == [
        ("tags[0]", f"is {MAX_LINE + 1:,} characters long; the limit is {MAX_LINE:,}")
    ]
    assert Event("a" * MAX_SLUG, "X").id == "a" * MAX_SLUG
    (path, message), *_ = problems(lambda: Event("a" * (MAX_SLUG + 1), "X"))
    assert path == "id"
    assert message.endswith(f"is longer than {MAX_SLUG} characters")


def test_ten_megabyte_title_is_refused_by_the_limit() -> None:
    assert problems(lambda: Event("x", "t" * 10_000_000)) == [
        ("title", f"is 10,000,000 characters long; the limit is {MAX_LINE:,}")
    ]


@pytest.mark.parametrize("good", ["a", "berlin-talks", "2025.12_talks", "x1", "a" * MAX_SLUG])
def test_good_ids(good: str) -> None:
    assert Event(good, "X").id == good


@pytest.mark.parametrize("bad", ["", "Berlin", "-talks", "talks-", "talks.", "ta lks", "talks/1", "tälks", "a\n"])
def test_bad_ids(bad: str) -> None:
    ((path, message),) = problems(lambda: Event(bad, "X"))
    assert path == "id"
    assert "is not an id: use lowercase letters, digits" in message


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("tags", 5, "expected a list of tags, got int"),
        ("tags", None, "expected a list of tags, got NoneType"),
        ("actors", {"a": 1}, "expected a list of names, got dict"),
        ("citations", None, "expected a list of Citations, got NoneType"),
        ("relations", Relation("follows", "y"), "expected a list of Relations, got Relation"),
        ("extra", [1, 2], "expected a mapping, got list"),
        ("extra", "text", "expected a mapping, got str"),
        ("place", 5, "expected a Place, got int"),
        ("status", 5, "5 is not one of: proposed, planned, scheduled, happened, postponed, cancelled"),
        ("when", 2025, "expected a date as text, got int"),
        ("description", 5, "expected text, got int"),
    ],
)
def test_event_wrong_types(field: str, value: object, message: str) -> None:
    wrong: dict[str, Any] = {field: value}
    assert problems(lambda: Event("x", "X", **wrong)) == [(field, message)]


def test_event_is_frozen() -> None:
    event = Event("x", "X", tags=["a"])
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event.title = "Y"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event.when = When.parse("2025")  # type: ignore[misc]
    assert isinstance(event.tags, tuple)
    changed = attrs.evolve(event, title="Y", when="2025-12")
    assert (changed.title, changed.when, event.title) == ("Y", When.parse("2025-12"), "X")
    # evolve checks the new values too
    assert problems(lambda: attrs.evolve(event, title="")) == [("title", "must not be empty")]
    assert hash(event) == hash(Event("x", "X", tags=["a"]))


def test_extra_is_a_read_only_deep_copy() -> None:
    data: dict[str, Any] = {"score": 3, "nested": {"list": [1, {"deep": True}], "none": None}, "ratio": 0.5}
    event = Event("x", "X", extra=data)
    data["score"] = 4
    data["nested"]["list"].append(2)
    data["nested"]["list"][1]["deep"] = False
    assert event.extra == {"score": 3, "nested": {"list": [1, {"deep": True}], "none": None}, "ratio": 0.5}
    assert isinstance(event.extra["nested"], Mapping)
    assert event.extra["nested"]["list"] == (1, {"deep": True})
    with pytest.raises(AttributeError):
        event.extra["nested"]["list"].append(2)  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        event.extra["nested"]["none"] = 1  # type: ignore[index]
    # equal as JSON is equal: true is not 1, and 1 is not 1.0
    assert Event("x", "X", extra={"a": True}) != Event("x", "X", extra={"a": 1})
    assert Event("x", "X", extra={"a": 1}) != Event("x", "X", extra={"a": 1.0})
    with pytest.raises(TypeError):
        event.extra["score"] = 5  # type: ignore[index]
    # tuples are copied as lists, so the data is plain JSON
    assert Event("x", "X", extra={"pair": (1, 2)}).extra == {"pair": [1, 2]}
    # extra is not part of the hash, but is part of equality
    assert Event("x", "X", extra={"a": 1}) != Event("x", "X", extra={"a": 2})
    assert hash(Event("x", "X", extra={"a": 1})) == hash(Event("x", "X", extra={"a": 2}))


def test_extra_must_be_plain_json() -> None:
    assert problems(
        lambda: Event(
            "x",
            "X",
            extra={
                "when": dt.date(2025, 12, 15),
                "values": [1, float("inf"), {"deep": float("-inf")}],
                3: "number key",  # type: ignore[dict-item]
                "text": "lone \ud800",
            },
        )
    ) == [
        ("extra.when", "date is not plain JSON data"),
        ("extra.values[1]", "inf is not a JSON number"),
        ("extra.values[2].deep", "-inf is not a JSON number"),
        ("extra", "key 3 is not text"),
        ("extra.text", '"lone \\ud800" contains a lone surrogate U+D800'),
    ]


def test_extra_nesting_is_limited() -> None:
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(40):
        node["a"] = {}
        node = node["a"]
    ((path, message),) = problems(lambda: Event("x", "X", extra=deep))
    assert message == "nested deeper than 32 levels"
    assert path == "extra" + ".a" * 33


def test_place() -> None:
    place = Place("Berlin", country="Germany", lat=52.52, lon=13.405, zone="Europe/Berlin")
    assert (place.name, place.country, place.lat, place.lon, place.zone) == (
        "Berlin",
        "Germany",
        52.52,
        13.405,
        "Europe/Berlin",
    )
    assert Place("North Pole", lat=90, lon=-180).lat == 90
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        place.name = "Bonn"  # type: ignore[misc]


def test_place_reports_every_problem() -> None:
    assert problems(lambda: Place("", country="", lat=91.0, zone="Europe/Berln")) == [
        ("name", "must not be empty"),
        ("country", "must not be empty"),
        ("zone", "\"Europe/Berln\" is not an IANA time zone name (did you mean 'Europe/Berlin'?)"),
        ("lat", "91.0 is not between -90 and 90"),
        ("lon", "give both lat and lon, or neither"),
    ]
    assert problems(lambda: Place("B", lat=float("nan"), lon=True)) == [
        ("lat", "nan is not between -90 and 90"),
        ("lon", "expected a number, got bool"),
    ]
    assert problems(lambda: Place("B", lat=0, lon=180.5)) == [("lon", "180.5 is not between -180 and 180")]
    assert problems(lambda: Place("B", lat="52", lon=13)) == [("lat", "expected a number, got str")]  # type: ignore[arg-type]
    assert problems(lambda: Place("B", zone="europe/berlin")) == [
        ("zone", "\"europe/berlin\" is not an IANA time zone name (did you mean 'Europe/Berlin'?)")
    ]
    assert problems(lambda: Place("B", lon=13.4)) == [("lat", "give both lat and lon, or neither")]


def test_relation() -> None:
    assert Relation("derived_from", "draft").kind is RelationKind.DERIVED_FROM
    assert [kind.value for kind in RelationKind] == [
        "part_of",
        "follows",
        "causes",
        "derived_from",
        "supersedes",
        "related",
    ]
    assert problems(lambda: Relation("child_of", "Not A Slug")) == [
        ("kind", "'child_of' is not one of: part_of, follows, causes, derived_from, supersedes, related"),
        (
            "target",
            "\"Not A Slug\" is not an id: use lowercase letters, digits, '-', '_' and '.', "
            "starting and ending with a letter or digit",
        ),
    ]


def test_status_values() -> None:
    assert [status.value for status in Status] == [
        "proposed",
        "planned",
        "scheduled",
        "happened",
        "postponed",
        "cancelled",
    ]


def test_source_fields_and_shorthands() -> None:
    source = Source(
        "The New York Times",
        title="US and EU Formalize Security Commitments",
        url="https://www.nytimes.com/2025/12/16/world/europe/ukraine.html",
        archived_url="http://archive.org/web/2025/https://www.nytimes.com/",
        author="A. Reporter",
        published="2025-12-16~",
        retrieved="2025-12-17",
        via=Source("Kyiv Post"),
        key="nyt",
    )
    assert source.published == When.parse("2025-12-16~")
    assert source.retrieved == pendulum.Date(2025, 12, 17)
    assert type(source.retrieved) is pendulum.Date
    assert source.ref == "nyt"
    assert source.chain() == (source, Source("Kyiv Post"))
    # a datetime.date is taken as a pendulum date; a datetime is refused
    assert Source("X", retrieved=dt.date(2025, 12, 17)).retrieved == pendulum.Date(2025, 12, 17)
    assert problems(lambda: Source("X", retrieved=dt.datetime(2025, 12, 17, 9))) == [
        ("retrieved", "expected a date, not a date and time")
    ]
    # an undated published date without words is no date at all
    assert Source("X", published="").published is None
    assert Source("X", published=When.undated("last week")).published == When.undated("last week")


def test_source_reports_every_problem() -> None:
    assert problems(
        lambda: Source(
            "",
            title="two\nlines",
            url="javascript:alert(1)",
            archived_url="/relative/path",
            author="by\x85",
            published="2025-13",
            retrieved="2025-02-30",
            via="nyt",  # type: ignore[arg-type]
            key="Not A Key",
        )
    ) == [
        ("publisher", "must not be empty"),
        ("title", '"two\\nlines" contains a line break'),
        ("author", '"by\\x85" contains the control character U+0085'),
        ("url", '"javascript:alert(1)" is a javascript: URL; only absolute http(s) URLs are accepted'),
        ("archived_url", '"/relative/path" is a relative URL; only absolute http(s) URLs are accepted'),
        ("published", '"2025-13" is not a valid date: month 13 is not 01–12'),
        ("retrieved", '"2025-02-30" is not a valid date: day is out of range for month'),
        ("via", "expected a Source, got str"),
        (
            "key",
            "\"Not A Key\" is not a source key: use lowercase letters, digits, '-', '_' and '.', "
            "starting and ending with a letter or digit",
        ),
    ]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", '"javascript:alert(1)" is a javascript: URL; only absolute http(s) URLs are accepted'),
        ("JavaScript:alert(1)", '"JavaScript:alert(1)" is a javascript: URL; only absolute http(s) URLs are accepted'),
        (
            "data:text/html,<b>x</b>",
            '"data:text/html,<b>x</b>" is a data: URL; only absolute http(s) URLs are accepted',
        ),
        ("ftp://ftp.example.org/a", '"ftp://ftp.example.org/a" is a ftp: URL; only absolute http(s) URLs are accepted'),
        ("file:///etc/passwd", '"file:///etc/passwd" is a file: URL; only absolute http(s) URLs are accepted'),
        ("//example.org/a", '"//example.org/a" is a relative URL; only absolute http(s) URLs are accepted'),
        ("example.org/a", '"example.org/a" is a relative URL; only absolute http(s) URLs are accepted'),
        ("../a.html", '"../a.html" is a relative URL; only absolute http(s) URLs are accepted'),
        ("https://", '"https://" has no host'),
        ("https:///path", '"https:///path" has no host'),
        ("https://example.org/a b", '"https://example.org/a b" is not a URL: it contains spaces or control characters'),
        ("https://exa\nmple.org", '"https://exa\\nmple.org" is not a URL: it contains spaces or control characters'),
        ("https://example.org:99999/", '"https://example.org:99999/" is not a valid URL: Port out of range 0-65535'),
        ("https://[::1/", '"https://[::1/" is not a valid URL: Invalid IPv6 URL'),
    ],
)
def test_bad_urls(url: str, message: str) -> None:
    assert problems(lambda: Source("X", url=url)) == [("url", message)]
    assert problems(lambda: Source("X", archived_url=url)) == [("archived_url", message)]


@pytest.mark.parametrize(
    "url",
    [
        "https://www.nytimes.com/2025/12/16/a.html?x=1#p3",
        "http://example.org",
        "HTTPS://EXAMPLE.ORG/",
        "https://[::1]:8080/",
    ],
)
def test_good_urls(url: str) -> None:
    assert Source("X", url=url).url == url


def test_url_length_limit() -> None:
    long = "https://example.org/" + "a" * (8 * MAX_LINE)
    assert problems(lambda: Source("X", url=long)) == [
        ("url", f"is {len(long):,} characters long; the limit is {8 * MAX_LINE:,}")
    ]


def test_derived_ref_is_stable_and_readable() -> None:
    source = Source("The New York Times", title="US and EU Formalize Security Commitments", url=NYT.url)
    # the same content gives the same key, in this process and any other
    assert source.ref == Source("The New York Times", title="US and EU Formalize Security Commitments", url=NYT.url).ref
    assert source.ref == "the-new-york-times-2829619c"
    assert source.key is None
    # any field changes it
    assert Source("The New York Times", title="Another", url=NYT.url).ref != source.ref
    assert Source("The New York Times", title=source.title, url=NYT.url, via=Source("Kyiv Post")).ref != source.ref
    assert (
        Source("The New York Times", published="2025-12").ref != Source("The New York Times", published="2025-12~").ref
    )
    assert Source("X", published=When.parse("2025", phrase="a")).ref != Source("X", published="2025").ref
    # the publisher is slugged: accents folded, punctuation dropped, length bounded
    assert Source("Le Monde — Édition").ref.startswith("le-monde-edition-")
    assert Source("日本経済新聞").ref.startswith("source-")
    assert Source("!!!").ref.startswith("source-")
    long = Source("A very long publisher name that goes on and on and on and on")
    assert long.ref.startswith("a-very-long-publisher-name-that-goes-on-")
    assert len(long.ref) <= len("a-very-long-publisher-name-that-goes-on-") + 9


def test_source_key() -> None:
    keyed = Source("The New York Times", key="nyt")
    assert keyed.ref == "nyt"
    assert keyed != Source("The New York Times")
    # a key equal to the derived one is the same as no key
    derived = Source("The New York Times").ref
    assert Source("The New York Times", key=derived).key is None
    assert Source("The New York Times", key=derived) == Source("The New York Times")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        keyed.key = "x"  # type: ignore[misc]


def test_citation() -> None:
    citation = Citation(NYT, attribution="unnamed sources", quote="short quote", locator="para 4", confidence="denied")
    assert citation.confidence is Confidence.DENIED
    assert Citation(NYT).confidence is Confidence.REPORTED
    assert [confidence.value for confidence in Confidence] == [
        "confirmed",
        "reported",
        "unconfirmed",
        "disputed",
        "denied",
    ]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        citation.quote = "x"  # type: ignore[misc]


def test_citation_reports_every_problem() -> None:
    assert problems(
        lambda: Citation("nyt", attribution="", quote="\x00", locator="a\nb", confidence="sure")  # type: ignore[arg-type]
    ) == [
        ("source", "expected a Source, got str"),
        ("attribution", "must not be empty"),
        ("quote", '"\\x00" contains the control character U+0000'),
        ("locator", '"a\\nb" contains a line break'),
        ("confidence", "'sure' is not one of: confirmed, reported, unconfirmed, disputed, denied"),
    ]
    assert problems(lambda: Citation(NYT, quote="q" * (MAX_TEXT + 1))) == [
        ("quote", f"is {MAX_TEXT + 1:,} characters long; the limit is {MAX_TEXT:,}")
    ]


def test_problem_text() -> None:
    assert str(Problem("is wrong", "events[2].when", line=14, file="timeline.yaml")) == (
        "timeline.yaml:14: events[2].when: is wrong"
    )
    assert str(Problem("is wrong", "title", line=3)) == "line 3: title: is wrong"
    assert str(Problem("is wrong")) == "is wrong"
    assert Problem("x", "when").within("events[2]") == Problem("x", "events[2].when")
    assert Problem("x", "[1]").within("tags") == Problem("x", "tags[1]")
    error = InvalidInputError([Problem("a", "title"), Problem("b", "when")]).within("events[0]").in_file("t.json")
    assert str(error) == "t.json: 2 problems:\n  t.json: events[0].title: a\n  t.json: events[0].when: b"
