"""Bad JSON documents: each refused with InvalidInputError naming the place of every problem."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import attrs
import pytest

from timeline import InvalidInputError, from_json
from timeline._validation import MAX_EXTRA_DEPTH, MAX_LINE
from timeline.formats._convert import MAX_VIA


def base() -> dict[str, Any]:
    """A small valid document: one source, two events, the second part of the first."""
    return {
        "format": "timeline",
        "version": 1,
        "title": "Security guarantees",
        "sources": {"nyt": {"publisher": "The New York Times", "url": "https://www.nytimes.com/"}},
        "events": [
            {
                "id": "talks",
                "title": "Talks in Berlin",
                "when": "2025-12-14/2025-12-15",
                "place": {"name": "Berlin", "lat": 52.52, "lon": 13.405, "zone": "Europe/Berlin"},
                "tags": ["diplomacy"],
                "citations": [{"source": "nyt", "attribution": "unnamed sources"}],
            },
            {
                "id": "drafting",
                "title": "Two documents drafted",
                "when": "2025-12",
                "relations": [{"kind": "part_of", "target": "talks"}],
            },
        ],
    }


def test_the_base_document_is_valid() -> None:
    assert len(from_json(json.dumps(base()))) == 2


def changed(change: Callable[[dict[str, Any]], object]) -> str:
    """The base document, changed by ``change``, as JSON text."""
    document = base()
    change(document)
    return json.dumps(document, ensure_ascii=False)


def event(index: int, **fields: Any) -> Callable[[dict[str, Any]], object]:
    """A change that sets ``fields`` of event ``index``."""
    return lambda document: document["events"][index].update(fields)


def source(**fields: Any) -> Callable[[dict[str, Any]], object]:
    """A change that sets ``fields`` of the source ``nyt``."""
    return lambda document: document["sources"]["nyt"].update(fields)


def text_with(old: str, new: str) -> str:
    """The base document's text with ``old`` replaced by ``new`` (exactly once)."""
    text = json.dumps(base(), indent=2)
    assert text.count(old) == 1
    return text.replace(old, new)


def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


@attrs.frozen
class Case:
    """A bad document and the one problem it must be refused for."""

    id: str
    document: str | bytes
    path: str
    message: str
    line: int | None = None


CASES = [
    # -- not a timeline document at all
    Case(
        "not-json",
        '{"format": "timeline",\n "version": 1\n "title": "x"}',
        "",
        "not valid JSON: Expecting ',' delimiter (column 2)",
        line=3,
    ),
    Case("empty-text", "", "", "not valid JSON: Expecting value (column 1)", line=1),
    Case("trailing-comma", text_with('"version": 1,', '"version": 1,,'), "", "not valid JSON", line=3),
    Case("a-list", "[]", "", "expected a timeline document (an object), got a list"),
    Case(
        "invalid-utf8",
        b'{"format": "timeline",\n "title": "caf\xe9"}',
        "",
        "not UTF-8 text: the byte 0xe9 (column 15) cannot be decoded",
        line=2,
    ),
    Case("nested-too-deeply", "[" * 100_000, "", "nested too deeply"),
    # -- format and version
    Case("wrong-format", changed(lambda d: d.update(format="calendar")), "format", 'is "calendar"; a timeline'),
    Case(
        "missing-format", changed(lambda d: d.pop("format")), "format", 'is missing; a timeline document has "format"'
    ),
    Case(
        "wrong-version",
        changed(lambda d: d.update(version=2)),
        "version",
        "is 2; this version of timeline reads version 1",
    ),
    Case("version-as-text", changed(lambda d: d.update(version="1")), "version", 'is "1"; this version'),
    Case("version-as-bool", changed(lambda d: d.update(version=True)), "version", "is true; this version"),
    # -- required fields
    Case("missing-title", changed(lambda d: d.pop("title")), "title", "is required but missing"),
    Case("missing-id", changed(lambda d: d["events"][1].pop("id")), "events[1].id", "is required but missing"),
    Case(
        "missing-event-title",
        changed(lambda d: d["events"][0].pop("title")),
        "events[0].title",
        "is required but missing",
    ),
    Case("null-id", changed(event(0, id=None)), "events[0].id", "expected text, got null"),
    Case(
        "missing-publisher",
        changed(lambda d: d["sources"]["nyt"].pop("publisher")),
        "sources.nyt.publisher",
        "is required",
    ),
    # -- the timeline as a whole
    Case(
        "duplicate-id",
        changed(event(1, id="talks", relations=[])),
        "events[1].id",
        'duplicate id "talks" (first at events[0])',
    ),
    Case(
        "relation-to-missing-id",
        changed(event(1, relations=[{"kind": "follows", "target": "nowhere"}])),
        "events[1].relations[0].target",
        'follows points at "nowhere", which is not an event here',
    ),
    Case(
        "part-of-cycle",
        changed(event(0, relations=[{"kind": "part_of", "target": "drafting"}])),
        "events[1].relations",
        "part_of goes round in a circle: talks → drafting → talks",
    ),
    Case(
        "part-of-itself",
        changed(event(0, relations=[{"kind": "part_of", "target": "talks"}])),
        "events[0].relations[0]",
        "an event cannot be part_of itself",
    ),
    # -- dates
    Case(
        "month-13", changed(event(1, when="2025-13-01")), "events[1].when", '"2025-13-01" is not a valid date: month 13'
    ),
    Case("february-30", changed(event(1, when="2025-02-30")), "events[1].when", "day 30 is not 01–28"),
    Case("hour-25", changed(event(1, when="2025-12-15T25:00")), "events[1].when", "hour 25 is not 00–23"),
    Case(
        "unknown-zone",
        changed(event(1, when="2025-12-15T14:00+01:00[Europe/Berln]")),
        "events[1].when",
        '"Europe/Berln" is not an IANA time zone name',
    ),
    Case(
        "offset-contradicts-zone",
        changed(event(1, when="2025-12-15T14:00+02:00[Europe/Berlin]")),
        "events[1].when",
        "the offset +02:00 contradicts Europe/Berlin, which is +01:00 on 2025-12-15",
    ),
    Case(
        "end-before-start",
        changed(event(1, when="2025-12-15/2025-12-14")),
        "events[1].when",
        '"2025-12-15/2025-12-14" ends before it starts',
    ),
    Case("empty-date", changed(event(1, when="")), "events[1].when", "an empty date"),
    Case("date-as-number", changed(event(1, when=2025)), "events[1].when", "expected a date as text"),
    Case(
        "date-object-without-phrase",
        changed(event(1, when={"date": "2025"})),
        "events[1].when.phrase",
        "is required when a date is written as an object",
    ),
    Case(
        "bad-phrase",
        changed(event(1, when={"date": "2025", "phrase": " "})),
        "events[1].when.phrase",
        "must not be empty",
    ),
    Case(
        "source-published",
        changed(source(published="2025-02-29")),
        "sources.nyt.published",
        "day 29 is not 01–28",
    ),
    Case(
        "source-retrieved",
        changed(source(retrieved="2025-02-30")),
        "sources.nyt.retrieved",
        '"2025-02-30" is not a valid',
    ),
    # -- text
    Case("empty-title", changed(event(0, title="")), "events[0].title", "must not be empty"),
    Case("blank-title", changed(event(0, title=" \u3000 ")), "events[0].title", "must not be empty"),
    Case("title-with-newline", changed(event(0, title="Talks\nin Berlin")), "events[0].title", "contains a line break"),
    Case(
        "title-with-control", changed(event(0, title="Talks\u0007")), "events[0].title", "the control character U+0007"
    ),
    Case(
        "lone-surrogate",
        text_with('"Talks in Berlin"', '"Talks \\ud83c in Berlin"'),
        "events[0].title",
        "contains a lone surrogate U+D83C",
    ),
    Case(
        "lone-surrogate-in-extra-key",
        changed(lambda d: d.update(extra={"k": 1})).replace('"k"', '"\\udc00"'),
        'extra["\\udc00"]',
        '"\\udc00" contains a lone surrogate U+DC00, which UTF-8 cannot hold',
    ),
    Case(
        "lone-surrogate-in-extra-value",
        changed(event(1, extra={"k": ["x"]})).replace('"x"', '"x\\ud800"'),
        "events[1].extra.k[0]",
        '"x\\ud800" contains a lone surrogate U+D800',
    ),
    Case(
        "ten-megabyte-title",
        changed(lambda d: d.update(title="x" * 10_000_000)),
        "title",
        f"is 10,000,000 characters long; the limit is {MAX_LINE:,}",
    ),
    Case("bad-id", changed(event(0, id="Talks in Berlin")), "events[0].id", '"Talks in Berlin" is not an id'),
    Case("repeated-tag", changed(event(0, tags=["a", "a"])), "events[0].tags[1]", '"a" is listed twice'),
    # -- URLs
    Case(
        "javascript-url",
        changed(source(url="javascript:alert(1)")),
        "sources.nyt.url",
        '"javascript:alert(1)" is a javascript: URL; only absolute http(s) URLs are accepted',
    ),
    Case("relative-url", changed(source(url="/news/1")), "sources.nyt.url", '"/news/1" is a relative URL'),
    Case("url-with-space", changed(source(archived_url="https://a.org/x y")), "sources.nyt.archived_url", "spaces"),
    # -- sources and citations
    Case(
        "undefined-source",
        changed(lambda d: d["events"][0]["citations"].append({"source": "wapo"})),
        "events[0].citations[1].source",
        '"wapo" is not a key of sources',
    ),
    Case(
        "never-cited-source",
        changed(lambda d: d["sources"].update(unused={"publisher": "Nobody"})),
        "sources.unused",
        "is never cited",
    ),
    Case(
        "via-cycle",
        changed(lambda d: d["sources"].update(a={"publisher": "A", "via": "b"}, b={"publisher": "B", "via": "a"})),
        "sources.b.via",
        "via goes round in a circle: a → b → a",
    ),
    Case("via-unknown", changed(source(via="reuters")), "sources.nyt.via", '"reuters" is not a key of sources'),
    Case(
        "bad-source-key",
        changed(lambda d: d["sources"].update({"New York": {"publisher": "x"}})),
        'sources["New York"]',
        '"New York" is not a source key',
    ),
    Case(
        "bad-confidence",
        changed(lambda d: d["events"][0]["citations"][0].update(confidence="sure")),
        "events[0].citations[0].confidence",
        '"sure" is not one of: confirmed, reported, unconfirmed, disputed, denied',
    ),
    # -- wrong types
    Case("text-for-list", changed(event(0, tags="diplomacy")), "events[0].tags", "expected a list, got text"),
    Case("list-for-object", changed(event(0, place=["Berlin"])), "events[0].place", "got a list"),
    Case("number-for-text", changed(event(0, title=5)), "events[0].title", "expected text, got a number"),
    Case(
        "bool-for-number",
        changed(lambda d: d["events"][0]["place"].update(lat=True)),
        "events[0].place.lat",
        "expected a number, got true/false",
    ),
    Case("null-for-list", changed(lambda d: d.update(events=None)), "events", "expected a list, got null"),
    Case("object-for-list", changed(lambda d: d.update(events={})), "events", "expected a list, got an object"),
    Case("list-for-sources", changed(lambda d: d.update(sources=[])), "sources", "expected an object of sources"),
    Case("text-for-event", changed(lambda d: d["events"].append("x")), "events[2]", "expected an object, got text"),
    Case("number-for-status", changed(event(0, status=1)), "events[0].status", "expected one of: proposed"),
    Case("unknown-status", changed(event(0, status="rumoured")), "events[0].status", '"rumoured" is not one of'),
    Case("list-for-extra", changed(lambda d: d.update(extra=[])), "extra", "expected an object, got a list"),
    Case(
        "text-for-citation",
        changed(event(0, citations=["nyt"])),
        "events[0].citations[0]",
        "expected an object, got text",
    ),
    Case(
        "number-for-relation-kind",
        changed(event(1, relations=[{"kind": 1, "target": "talks"}])),
        "events[1].relations[0].kind",
        "expected one of: part_of",
    ),
    Case(
        "latitude-out-of-range",
        changed(lambda d: d["events"][0]["place"].update(lat=91)),
        "events[0].place.lat",
        "not between -90 and 90",
    ),
    # -- unknown fields
    Case(
        "unknown-top-level-field",
        changed(lambda d: d.update(colour="red")),
        "colour",
        'unknown field "colour"; expected one of: format, version, title, description, extra, sources, events',
    ),
    Case("unknown-event-field", changed(event(0, colour="red")), "events[0].colour", 'unknown field "colour"'),
    Case("unknown-source-field", changed(source(colour="red")), "sources.nyt.colour", 'unknown field "colour"'),
    Case(
        "key-in-source",
        changed(source(key="nyt")),
        "sources.nyt.key",
        'unknown field "key"; expected one of: publisher',
    ),
    Case(
        "unknown-citation-field",
        changed(lambda d: d["events"][0]["citations"][0].update(colour="red")),
        "events[0].citations[0].colour",
        'unknown field "colour"; expected one of: source, attribution, quote, locator, confidence',
    ),
    Case(
        "unknown-place-field",
        changed(lambda d: d["events"][0]["place"].update(colour="red")),
        "events[0].place.colour",
        'unknown field "colour"',
    ),
    Case(
        "unknown-date-field",
        changed(event(1, when={"date": "2025", "phrase": "then", "colour": "red"})),
        "events[1].when.colour",
        'unknown field "colour"; a date object has date and phrase',
    ),
    Case(
        "unknown-field-with-odd-name",
        changed(event(0, **{"my field": 1})),
        'events[0]["my field"]',
        'unknown field "my field"',
    ),
    # -- what JSON parsers disagree on
    Case(
        "duplicate-key",
        text_with('"title": "Talks in Berlin",', '"title": "Talks in Berlin",\n      "title": "Talks",'),
        "events[0].title",
        "is given more than once in one object",
    ),
    Case("nan", text_with('"lat": 52.52', '"lat": NaN'), "events[0].place.lat", "NaN is not a JSON number"),
    Case(
        "infinity",
        text_with('"lon": 13.405', '"lon": -Infinity'),
        "events[0].place.lon",
        "-Infinity is not a JSON number",
    ),
    Case(
        "huge-number",
        text_with('"lat": 52.52', '"lat": 1e999'),
        "events[0].place.lat",
        '"1e999" is too large for a number',
    ),
    Case(
        "huge-integer",
        changed(lambda d: d.update(extra={"n": 0})).replace('"n": 0', '"n": ' + "9" * 5000),
        "extra.n",
        "a number of 5,000 digits is longer than the limit of 4,300",
    ),
    Case(
        "deeply-nested-extra",
        changed(lambda d: d.update(extra={"deep": nested(40)})),
        "extra.deep" + "[0]" * MAX_EXTRA_DEPTH,
        f"nested deeper than {MAX_EXTRA_DEPTH} levels",
    ),
    Case(
        "nan-in-extra",
        changed(event(0, extra={"a": [0, 1]})).replace("[0, 1]", "[0, NaN]"),
        "events[0].extra.a[1]",
        "NaN is not a JSON number",
    ),
]


def test_the_table_is_large_and_its_ids_unique() -> None:
    assert len(CASES) >= 30
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_a_bad_document_is_refused_with_its_place(case: Case) -> None:
    with pytest.raises(InvalidInputError) as caught:
        from_json(case.document)
    problems = caught.value.problems
    assert len(problems) == 1, str(caught.value)
    [problem] = problems
    assert problem.path == case.path
    assert case.message in problem.message
    assert problem.line == case.line
    shown = f"line {case.line}: " if case.line is not None else ""
    shown += f"{case.path}: " if case.path else ""
    assert str(caught.value).startswith(shown + problem.message)
    assert len(str(caught.value)) < 500


def test_the_size_limit_is_checked_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    text = json.dumps(base())
    monkeypatch.setattr("timeline.formats.json.MAX_DOCUMENT_BYTES", len(text.encode()) - 1)
    for document in (text, text.encode()):
        with pytest.raises(InvalidInputError) as caught:
            from_json(document)
        assert str(caught.value) == f"the document is larger than the limit of {len(text.encode()) - 1:,} bytes"


def test_the_size_limit_counts_utf8_bytes_not_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    document = base()
    document["title"] = "Київ" * 10
    text = json.dumps(document, ensure_ascii=False)
    monkeypatch.setattr("timeline.formats.json.MAX_DOCUMENT_BYTES", len(text) + 10)
    assert len(text.encode()) > len(text) + 10
    with pytest.raises(InvalidInputError) as caught:
        from_json(text)
    assert "larger than the limit" in str(caught.value)


def test_every_problem_of_a_document_is_reported_at_once_in_document_order() -> None:
    document = base()
    document["sources"]["nyt"]["url"] = "javascript:alert(1)"
    document["sources"]["ap"] = {"publisher": "AP", "retrieved": "yesterday"}
    document["events"][0]["when"] = "2025-13-01"
    document["events"][0]["colour"] = "red"
    document["events"][1]["title"] = 5
    document["events"][1]["relations"] = [{"kind": "part_of"}]
    document["events"].append({"id": "Bad Id", "title": "", "tags": "x", "citations": [{"source": "ap"}]})
    document["extra"] = []
    with pytest.raises(InvalidInputError) as caught:
        from_json(json.dumps(document))
    assert [(problem.path, problem.message) for problem in caught.value.problems] == [
        ("sources.nyt.url", '"javascript:alert(1)" is a javascript: URL; only absolute http(s) URLs are accepted'),
        ("sources.ap.retrieved", '"yesterday" is not a date as YYYY-MM-DD'),
        ("events[0].when", '"2025-13-01" is not a valid date: month 13 is not 01–12'),
        (
            "events[0].colour",
            'unknown field "colour"; expected one of: id, title, when, description, kind, status, place, actors, '
            "tags, citations, relations, media, accounts, duration, extra",
        ),
        ("events[1].title", "expected text, got a number"),
        ("events[1].relations[0].target", "is required but missing"),
        (
            "events[2].id",
            "\"Bad Id\" is not an id: use lowercase letters, digits, '-', '_' and '.', starting and "
            "ending with a letter or digit",
        ),
        ("events[2].title", "must not be empty"),
        ("events[2].tags", "expected a list, got text"),
        ("extra", "expected an object, got a list"),
    ]
    text = str(caught.value)
    assert text.startswith("10 problems:\n  sources.nyt.url: ")
    assert text.splitlines()[3] == '  events[0].when: "2025-13-01" is not a valid date: month 13 is not 01–12'


def test_problems_of_one_event_are_all_reported_in_document_order() -> None:
    document = base()
    document["events"][0].update(id="Bad Id", title="", kind=" ", tags=["a", "a"])
    with pytest.raises(InvalidInputError) as caught:
        from_json(json.dumps(document))
    assert [problem.path for problem in caught.value.problems] == [
        "events[0].id",
        "events[0].title",
        "events[0].tags[1]",
        "events[0].kind",
    ]


def test_wrong_types_do_not_hide_the_other_problems_of_an_object() -> None:
    document = base()
    document["events"][0].update(title=5, when="2025-13-01", kind="", tags="x", colour="red")
    document["events"][0]["place"].update(name="", lat=True, lon=500)
    document["events"][1]["relations"][0].update(kind="zz", target="Bad")
    document["sources"]["nyt"].update(publisher=7, url="ftp://x.org/")
    with pytest.raises(InvalidInputError) as caught:
        from_json(json.dumps(document))
    assert [problem.path for problem in caught.value.problems] == [
        "sources.nyt.publisher",
        "sources.nyt.url",
        "events[0].title",
        "events[0].when",
        "events[0].place.name",
        "events[0].place.lat",
        "events[0].place.lon",
        "events[0].tags",
        "events[0].kind",
        "events[0].colour",
        "events[1].relations[0].kind",
        "events[1].relations[0].target",
    ]


def test_problems_are_reported_in_the_order_of_the_document() -> None:
    document = {"events": [{"id": "a", "title": ""}], "extra": [], "sources": {"s": {}}, "title": 5}
    document.update(format="timeline", version=1)
    with pytest.raises(InvalidInputError) as caught:
        from_json(json.dumps(document))
    assert [problem.path for problem in caught.value.problems] == [
        "events[0].title",
        "extra",
        "sources.s.publisher",
        "title",
    ]


def test_a_citation_of_a_bad_source_adds_no_second_problem() -> None:
    document = base()
    document["sources"]["nyt"]["url"] = "ftp://example.org/"
    with pytest.raises(InvalidInputError) as caught:
        from_json(json.dumps(document))
    assert [problem.path for problem in caught.value.problems] == ["sources.nyt.url"]


def test_a_long_chain_of_sources_is_refused_by_its_limit() -> None:
    document = base()
    count = MAX_VIA + 5
    document["sources"] = {
        f"s{index}": {"publisher": f"P{index}", **({"via": f"s{index + 1}"} if index + 1 < count else {})}
        for index in range(count)
    }
    document["events"][0]["citations"] = [{"source": "s0"}]
    with pytest.raises(InvalidInputError) as caught:
        from_json(json.dumps(document))
    [problem] = caught.value.problems
    assert problem.message == f"the chain of sources, each via the next, is longer than the limit of {MAX_VIA}"
    assert problem.path == f"sources.s{count - MAX_VIA - 1}.via"


def test_the_same_document_gives_the_same_problems() -> None:
    text = changed(event(0, title="", when="2025-13-01"))
    with pytest.raises(InvalidInputError) as first:
        from_json(text)
    with pytest.raises(InvalidInputError) as second:
        from_json(text)
    assert first.value.problems == second.value.problems
    assert [problem.path for problem in first.value.problems] == ["events[0].title", "events[0].when"]
