"""The JSON format: lossless, schema-valid, deterministic documents, and files by suffix."""

from __future__ import annotations

import json
import random
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import timeline.formats.files
from strategies import hostile_text, timelines
from timeline import (
    Citation,
    Confidence,
    Event,
    InvalidInputError,
    Place,
    Problem,
    Relation,
    Source,
    Status,
    Timeline,
    TimelineError,
    UnsupportedFormatError,
    When,
    from_json,
    json_schema,
    load,
    save,
    to_json,
)

VALIDATOR = jsonschema.Draft202012Validator(json_schema())

TOP_LEVEL_ORDER = ["format", "version", "title", "description", "extra", "sources", "events"]
EVENT_ORDER = [
    "id",
    "title",
    "when",
    "description",
    "kind",
    "status",
    "place",
    "actors",
    "tags",
    "citations",
    "relations",
    "media",
    "accounts",
    "duration",
    "extra",
]
SOURCE_ORDER = ["publisher", "title", "url", "archived_url", "author", "published", "retrieved", "via"]
CITATION_ORDER = ["source", "attribution", "quote", "locator", "confidence"]
ACCOUNT_ORDER = ["when", "place", "citations", "rank", "reason"]
PLACE_ORDER = ["name", "country", "lat", "lon", "zone"]


def _pairs(text: str) -> Any:
    """The JSON ``text`` with every object as a list of (key, value) pairs, in order."""
    return json.loads(text, object_pairs_hook=lambda pairs: pairs)


def _keys(pairs: list[tuple[str, Any]]) -> list[str]:
    return [key for key, _ in pairs]


def _in_order(keys: list[str], order: list[str]) -> bool:
    """Whether ``keys`` are some of ``order``, in that order."""
    return all(key in order for key in keys) and keys == sorted(keys, key=order.index)


NYT = Source("The New York Times", key="nyt", url="https://www.nytimes.com/")
RELAY = Source(
    "Kyiv Post",
    title="US and EU formalize security commitments",
    url="https://www.kyivpost.com/post/1",
    published="2025-12-16~",
    retrieved="2025-12-17",
    via=NYT,
)
SAMPLE = Timeline(
    "Security guarantees — Київ 🇺🇦",
    [
        Event(
            "troops-800k",
            "Armed forces of about 800,000 troops",
            kind="milestone",
            status=Status.PROPOSED,
            citations=[Citation(RELAY, attribution="unnamed sources", quote="about 800,000")],
            relations=[Relation("part_of", "berlin-talks")],
        ),
        Event(
            "berlin-talks",
            "Talks in Berlin",
            When.parse("2025-12-14/2025-12-15", phrase="earlier this week"),
            place=Place("Berlin", country="Germany", lat=52.52, lon=13.405, zone="Europe/Berlin"),
            actors=["US", "EU", "Ukraine"],
            tags=["diplomacy"],
            citations=[Citation(RELAY, attribution="unnamed sources", confidence=Confidence.REPORTED)],
            extra={"seen": True, "weight": 0.5},
        ),
    ],
    description="A worked example.\nTwo lines.",
)

SAMPLE_JSON = """\
{
  "format": "timeline",
  "version": 1,
  "title": "Security guarantees — Київ 🇺🇦",
  "description": "A worked example.\\nTwo lines.",
  "sources": {
    "kyiv-post-REF": {
      "publisher": "Kyiv Post",
      "title": "US and EU formalize security commitments",
      "url": "https://www.kyivpost.com/post/1",
      "published": "2025-12-16~",
      "retrieved": "2025-12-17",
      "via": "nyt"
    },
    "nyt": {
      "publisher": "The New York Times",
      "url": "https://www.nytimes.com/"
    }
  },
  "events": [
    {
      "id": "berlin-talks",
      "title": "Talks in Berlin",
      "when": {
        "date": "2025-12-14/2025-12-15",
        "phrase": "earlier this week"
      },
      "status": "happened",
      "place": {
        "name": "Berlin",
        "country": "Germany",
        "lat": 52.52,
        "lon": 13.405,
        "zone": "Europe/Berlin"
      },
      "actors": [
        "US",
        "EU",
        "Ukraine"
      ],
      "tags": [
        "diplomacy"
      ],
      "citations": [
        {
          "source": "kyiv-post-REF",
          "attribution": "unnamed sources",
          "confidence": "reported"
        }
      ],
      "extra": {
        "seen": true,
        "weight": 0.5
      }
    },
    {
      "id": "troops-800k",
      "title": "Armed forces of about 800,000 troops",
      "kind": "milestone",
      "status": "proposed",
      "citations": [
        {
          "source": "kyiv-post-REF",
          "attribution": "unnamed sources",
          "quote": "about 800,000",
          "confidence": "reported"
        }
      ],
      "relations": [
        {
          "kind": "part_of",
          "target": "berlin-talks"
        }
      ]
    }
  ]
}
"""


def test_the_document_has_the_documented_shape() -> None:
    # The derived key of the relayed source is a hash; everything else is spelled out.
    assert RELAY.ref.startswith("kyiv-post-")
    assert to_json(SAMPLE) == SAMPLE_JSON.replace("kyiv-post-REF", RELAY.ref)
    assert from_json(SAMPLE_JSON.replace("kyiv-post-REF", RELAY.ref)) == SAMPLE


def test_non_ascii_text_is_written_literally_as_utf8(tmp_path: Path) -> None:
    text = to_json(SAMPLE)
    assert "Київ 🇺🇦" in text
    assert "\\u" not in text
    save(SAMPLE, tmp_path / "t.json")
    data = (tmp_path / "t.json").read_bytes()
    assert data == text.encode("utf-8")
    assert "Київ 🇺🇦".encode() in data


def test_each_source_is_written_once_and_cited_by_key() -> None:
    document = json.loads(to_json(SAMPLE))
    assert list(document["sources"]) == sorted([RELAY.ref, "nyt"])
    assert document["sources"][RELAY.ref]["via"] == "nyt"
    cited = [citation["source"] for event in document["events"] for citation in event["citations"]]
    assert cited == [RELAY.ref, RELAY.ref]
    assert to_json(SAMPLE).count('"Kyiv Post"') == 1
    assert to_json(SAMPLE).count('"The New York Times"') == 1


def test_a_time_that_happens_twice_keeps_its_offset() -> None:
    later = When.parse("2025-11-02T01:30-05:00[America/New_York]")
    earlier = When.parse("2025-11-02T01:30-04:00[America/New_York]")
    assert later != earlier
    line = Timeline("DST", [Event("a", "first", earlier), Event("b", "second", later)])
    document = json.loads(to_json(line))
    assert [event["when"] for event in document["events"]] == [
        "2025-11-02T01:30-04:00[America/New_York]",
        "2025-11-02T01:30-05:00[America/New_York]",
    ]
    assert from_json(to_json(line)) == line


def test_whole_and_fractional_coordinates_are_one_value() -> None:
    whole = Timeline("T", [Event("a", "x", place=Place("p", lat=52, lon=-0.0))])
    fractional = Timeline("T", [Event("a", "x", place=Place("p", lat=52.0, lon=0.0))])
    assert whole == fractional
    assert to_json(whole) == to_json(fractional)
    assert json.loads(to_json(whole))["events"][0]["place"] == {"name": "p", "lat": 52.0, "lon": 0.0}


def test_user_data_keys_are_written_sorted() -> None:
    one = Timeline("T", extra={"b": 1, "a": {"d": 2, "c": [{"f": 3, "e": 4}]}})
    other = Timeline("T", extra={"a": {"c": [{"e": 4, "f": 3}], "d": 2}, "b": 1})
    assert one == other
    assert to_json(one) == to_json(other)
    assert _keys(_pairs(to_json(one))[3][1]) == ["a", "b"]


@given(timelines())
def test_every_timeline_reads_back_equal(line: Timeline) -> None:
    text = to_json(line)
    again = from_json(text)
    assert again == line
    assert to_json(again) == text
    assert from_json(text.encode("utf-8")) == line


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(timelines())
def test_every_output_validates_against_the_schema(line: Timeline) -> None:
    document = json.loads(to_json(line))
    errors = sorted(VALIDATOR.iter_errors(document), key=lambda error: list(error.absolute_path))
    assert [f"{list(error.absolute_path)}: {error.message}" for error in errors] == []


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    schema["title"] = "changed"
    assert json_schema()["title"] != "changed"


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda doc: doc.update(bogus=1), "top level"),
        (lambda doc: doc.update(version=2), "version"),
        (lambda doc: doc["events"][0].update(when="soon"), "when"),
        (lambda doc: doc["events"][0].update(title="two\nlines"), "title"),
        (lambda doc: doc["events"][0].update(title="line\n"), "title ending in a line break"),
        (lambda doc: doc["events"][0].update(id="Not A Slug"), "id"),
        (lambda doc: doc["events"][0].update(status="rumoured"), "status"),
        (lambda doc: doc["events"][0]["citations"][0].update(confidence="sure"), "confidence"),
        (lambda doc: doc["sources"]["nyt"].update(url="javascript:alert(1)"), "url"),
        (lambda doc: doc["sources"]["nyt"].update(url="https://example.org/\n"), "url ending in a line break"),
        (lambda doc: doc["events"][0]["place"].pop("lon"), "lat without lon"),
    ],
)
def test_the_schema_refuses_what_the_reader_refuses(change: Callable[[dict[str, Any]], Any], where: str) -> None:
    document = json.loads(to_json(SAMPLE))
    assert VALIDATOR.is_valid(document)
    change(document)
    assert not VALIDATOR.is_valid(document), where
    with pytest.raises(InvalidInputError):
        from_json(json.dumps(document))


def _shuffled_data(value: Any, shuffle: Callable[[list[Any]], None]) -> Any:
    """The same user data with every object's keys in another order."""
    if isinstance(value, dict):
        keys = list(value)
        shuffle(keys)
        return {key: _shuffled_data(value[key], shuffle) for key in keys}
    if isinstance(value, list):
        return [_shuffled_data(item, shuffle) for item in value]
    return value


@given(timelines(), st.randoms(use_true_random=False))
def test_equal_timelines_give_equal_bytes(line: Timeline, rnd: random.Random) -> None:
    events = [attrs.evolve(event, extra=_shuffled_data(dict(event.extra), rnd.shuffle)) for event in line.events]
    rnd.shuffle(events)
    rebuilt = attrs.evolve(line, events=events, extra=_shuffled_data(dict(line.extra), rnd.shuffle))
    assert rebuilt == line
    assert to_json(rebuilt) == to_json(line)
    assert to_json(from_json(to_json(line))) == to_json(line)


@given(timelines())
def test_keys_come_in_a_fixed_order_and_sources_are_cited_by_key(line: Timeline) -> None:
    text = to_json(line)
    document = _pairs(text)
    top = dict(document)
    assert _in_order(_keys(document), TOP_LEVEL_ORDER)
    assert _keys(document)[:3] == ["format", "version", "title"]
    assert _keys(document)[-2:] == ["sources", "events"]
    sources = dict(top["sources"])
    assert list(sources) == sorted(source.ref for source in line.sources)
    for key, source in top["sources"]:
        assert _in_order(_keys(source), SOURCE_ORDER), key
        via = dict(source).get("via")
        assert via is None or via in sources
    for event in top["events"]:
        fields = dict(event)
        assert _in_order(_keys(event), EVENT_ORDER)
        assert "status" in fields
        for citation in fields.get("citations", []):
            assert _in_order(_keys(citation), CITATION_ORDER)
            assert dict(citation)["source"] in sources
        if isinstance(fields.get("place"), list):
            assert _in_order(_keys(fields["place"]), PLACE_ORDER)
        for account in fields.get("accounts", []):
            assert _in_order(_keys(account), ACCOUNT_ORDER)
            for citation in dict(account).get("citations", []):
                assert _in_order(_keys(citation), CITATION_ORDER)
                assert dict(citation)["source"] in sources
    assert [dict(event)["id"] for event in top["events"]] == [event.id for event in line.events]


def test_save_and_load_choose_json_by_suffix(tmp_path: Path) -> None:
    for name in ("timeline.json", "TIMELINE.JSON"):
        path = tmp_path / name
        save(SAMPLE, path)
        assert path.read_bytes() == to_json(SAMPLE).encode("utf-8")
        assert load(path) == SAMPLE
        assert load(str(path)) == SAMPLE


@pytest.mark.parametrize("name", ["timeline.txt", "timeline", "timeline.json.bak"])
def test_an_unknown_suffix_is_refused_for_load_and_save(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(to_json(SAMPLE), "utf-8")
    with pytest.raises(UnsupportedFormatError) as loading:
        load(path)
    assert str(loading.value).startswith(f"{path}: cannot read")
    assert ".json" in str(loading.value)
    with pytest.raises(UnsupportedFormatError) as saving:
        save(SAMPLE, path)
    assert str(saving.value).startswith(f"{path}: cannot write")
    assert path.read_text("utf-8") == to_json(SAMPLE)
    assert isinstance(saving.value, TimelineError)
    assert isinstance(saving.value, ValueError)


def _crash(*args: object, **kwargs: object) -> None:
    raise RuntimeError("the power went out")


def _disk_full(*args: object, **kwargs: object) -> None:
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize(
    ("target", "failure", "expected"),
    [
        ("replace", _disk_full, TimelineError),
        ("replace", _crash, RuntimeError),
        ("fsync", _disk_full, TimelineError),
        ("fsync", _crash, RuntimeError),
    ],
)
def test_a_failed_save_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    failure: Callable[..., None],
    expected: type[Exception],
) -> None:
    path = tmp_path / "timeline.json"
    old = Timeline("Old", [Event("a", "old event")])
    save(old, path)
    before = path.read_bytes()
    monkeypatch.setattr(timeline.formats.files.os, target, failure)
    with pytest.raises(expected) as error:
        save(SAMPLE, path)
    monkeypatch.undo()
    if expected is TimelineError:
        assert str(error.value).startswith(f"{path}: cannot write")
    assert path.read_bytes() == before
    assert load(path) == old
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["timeline.json"]


def test_save_replaces_a_file_and_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "timeline.json"
    path.write_text("old", "utf-8")
    path.chmod(0o640)
    save(SAMPLE, path)
    assert load(path) == SAMPLE
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["timeline.json"]


def test_save_into_a_missing_folder_is_a_timeline_error(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "timeline.json"
    with pytest.raises(TimelineError) as error:
        save(SAMPLE, path)
    assert str(error.value).startswith(f"{path}: cannot write")


@pytest.mark.parametrize("folder", [False, True])
def test_loading_a_missing_file_or_a_folder_is_a_timeline_error(tmp_path: Path, folder: bool) -> None:
    path = tmp_path / "timeline.json"
    if folder:
        path.mkdir()
    with pytest.raises(TimelineError) as error:
        load(path)
    assert not isinstance(error.value, InvalidInputError)
    assert str(error.value).startswith(f"{path}: cannot read: ")


def test_a_load_error_starts_with_the_file_name_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "format": "timeline",\n  "version": 1,\n  "title": "T",,\n}\n', "utf-8")
    with pytest.raises(InvalidInputError) as error:
        load(path)
    assert str(error.value).startswith(f"{path}:4: not valid JSON")
    [problem] = error.value.problems
    assert (problem.file, problem.line) == (str(path), 4)


def test_every_problem_in_a_loaded_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    document = json.loads(to_json(SAMPLE))
    document["events"][0]["when"] = "2025-13-01"
    document["events"][1]["title"] = ""
    path.write_text(json.dumps(document), "utf-8")
    with pytest.raises(InvalidInputError) as error:
        load(path)
    assert [(problem.file, problem.path) for problem in error.value.problems] == [
        (str(path), "events[0].when"),
        (str(path), "events[1].title"),
    ]
    listed = str(error.value).splitlines()[1:]
    assert listed == [
        f'  {path}: events[0].when: "2025-13-01" is not a valid date: month 13 is not 01–12',
        f"  {path}: events[1].title: must not be empty",
    ]


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.json"
    save(SAMPLE, path)
    monkeypatch.setattr("timeline.formats.json.MAX_DOCUMENT_BYTES", 100)
    with pytest.raises(InvalidInputError) as error:
        load(path)
    assert str(error.value) == f"{path}: the document is larger than the limit of 100 bytes"


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(
        ["2025-12-15", "2025-13-01", "2025-12-15T14:00+01:00[Europe/Berlin]", "nyt", "a", "part_of", "happened"]
    ),
)
JSON_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


_EVENT_FIELDS = st.dictionaries(st.sampled_from([*EVENT_ORDER, "bogus"]), JSON_VALUES, max_size=6)
_SOURCE_FIELDS = st.dictionaries(st.sampled_from([*SOURCE_ORDER, "key"]), JSON_VALUES, max_size=5)
NEAR_DOCUMENTS = st.fixed_dictionaries(
    {"format": st.just("timeline"), "version": st.just(1)},
    optional={
        "title": JSON_VALUES,
        "description": JSON_VALUES,
        "extra": JSON_VALUES,
        "sources": st.one_of(JSON_VALUES, st.dictionaries(st.sampled_from(["nyt", "a", "B"]), _SOURCE_FIELDS)),
        "events": st.one_of(JSON_VALUES, st.lists(_EVENT_FIELDS, max_size=4)),
        "bogus": JSON_VALUES,
    },
)


def _read_only_invalid_input(text: str | bytes) -> None:
    """``from_json(text)`` gives a timeline or InvalidInputError whose problems all say something."""
    problems: tuple[Problem, ...] = ()
    try:
        from_json(text)
    except InvalidInputError as error:
        problems = error.problems
    assert all(problem.message.strip() for problem in problems)


@given(JSON_VALUES)
def test_any_json_value_gives_only_invalid_input_error(value: Any) -> None:
    _read_only_invalid_input(json.dumps(value))


@given(NEAR_DOCUMENTS)
def test_documents_of_the_right_shape_and_wrong_content_give_only_invalid_input_error(value: Any) -> None:
    _read_only_invalid_input(json.dumps(value))


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every value inside ``value``."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_places(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_places(item, (*path, index)))
    return found


def _mutated(document: Any, data: st.DataObject) -> Any:
    place = data.draw(st.sampled_from(_places(document)))
    parent = document
    for step in place[:-1]:
        parent = parent[step]
    action = data.draw(st.sampled_from(["drop", "replace", "insert", "wrap"]))
    if not place:
        return data.draw(JSON_VALUES)
    last = place[-1]
    if action == "drop":
        del parent[last]
    elif action == "replace":
        parent[last] = data.draw(JSON_VALUES)
    elif action == "wrap":
        parent[last] = [parent[last]]
    elif isinstance(parent, dict):
        parent[data.draw(st.text(max_size=6))] = data.draw(JSON_VALUES)
    else:
        parent.insert(last, data.draw(JSON_VALUES))
    return document


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(timelines(max_events=4), st.data())
def test_mutated_documents_give_only_invalid_input_error(line: Timeline, data: st.DataObject) -> None:
    document = json.loads(to_json(line))
    for _ in range(data.draw(st.integers(1, 3))):
        document = _mutated(document, data)
    _read_only_invalid_input(json.dumps(document, ensure_ascii=data.draw(st.booleans())))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(timelines(max_events=3), st.data())
def test_damaged_text_gives_only_invalid_input_error(line: Timeline, data: st.DataObject) -> None:
    raw = to_json(line).encode("utf-8")
    start = data.draw(st.integers(0, len(raw)))
    end = data.draw(st.integers(start, min(len(raw), start + 8)))
    damaged = raw[:start] + data.draw(st.binary(max_size=6)) + raw[end:]
    _read_only_invalid_input(damaged)


@given(st.binary(max_size=64), hostile_text())
def test_random_bytes_and_text_give_only_invalid_input_error(data: bytes, text: str) -> None:
    _read_only_invalid_input(data)
    _read_only_invalid_input(text)


@pytest.mark.parametrize("mode", ["truncated", "surrogate"])
def test_a_loaded_file_with_damage_names_the_file(tmp_path: Path, mode: str) -> None:
    path = tmp_path / "damaged.json"
    text = to_json(SAMPLE)
    if mode == "truncated":
        path.write_text(text[: len(text) // 2], "utf-8")
    else:
        path.write_text(text.replace('"Talks in Berlin"', '"Talks \\ud800"'), "utf-8")
    with pytest.raises(InvalidInputError) as error:
        load(path)
    assert str(error.value).startswith(f"{path}:")
    assert all(problem.file == str(path) for problem in error.value.problems)


def test_a_refused_document_leaves_no_sources_in_scope() -> None:
    # A document refused midway must not leave sources in scope for the next one.
    with pytest.raises(InvalidInputError):
        from_json(to_json(SAMPLE).replace('"title": "Talks in Berlin"', '"title": 5'))
    alone = json.loads(to_json(SAMPLE))
    alone["sources"] = {}
    with pytest.raises(InvalidInputError) as error:
        from_json(json.dumps(alone))
    assert any("is not a key of sources" in problem.message for problem in error.value.problems)
