"""The converter's hand-specialised hooks against cattrs' own: the same plain data, objects and errors."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import events, sources, timelines, whens
from timeline import (
    Account,
    Citation,
    Event,
    InvalidInputError,
    Media,
    Place,
    Relation,
    Source,
    Timeline,
    When,
    from_json,
)
from timeline.formats import _convert, _fast_hooks
from timeline.formats._convert import converter, document, make_converter, timeline_of

REFERENCE = make_converter(fast=False)


@pytest.mark.parametrize("kind", list(_fast_hooks.FIELDS))
def test_the_fast_hooks_know_every_field_of_their_class(kind: type) -> None:
    # A new field must be added to the hooks (and FIELDS); until then they are not used, and this fails.
    assert tuple(field.name for field in attrs.fields(kind)) == _fast_hooks.FIELDS[kind]
    assert converter().get_unstructure_hook(kind) is _fast_hooks.WRITERS[kind]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(events())
def test_an_event_is_written_as_cattrs_writes_it(event: Event) -> None:
    ours: dict[str, Any] = converter().unstructure(event, Event)
    theirs: dict[str, Any] = REFERENCE.unstructure(event, Event)
    assert ours == theirs
    assert list(ours) == list(theirs)  # the same keys in the same order
    for name in ("place", "media"):
        if name in ours:
            assert list(ours[name]) == list(theirs[name])
    for mine, reference in zip(ours.get("citations", []), theirs.get("citations", []), strict=True):
        assert list(mine) == list(reference)
    for mine, reference in zip(ours.get("accounts", []), theirs.get("accounts", []), strict=True):
        assert list(mine) == list(reference)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(max_events=5))
def test_a_document_is_written_as_cattrs_writes_it(line: Timeline) -> None:
    ours = document(line)
    reference = REFERENCE.unstructure(line, Timeline).get("events", [])
    assert ours["events"] == reference
    assert [list(event) for event in ours["events"]] == [list(event) for event in reference]


@given(whens())
def test_a_date_is_written_as_its_text(when: When) -> None:
    assert _fast_hooks.plain_when(when) == REFERENCE.unstructure(when, When)


def test_every_class_with_a_fast_hook_has_one_for_writing() -> None:
    assert set(_fast_hooks.WRITERS) == {Event, Citation, Place, Relation, Media, Account, Source}


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(sources())
def test_a_source_is_written_as_cattrs_writes_it(source: Source) -> None:
    ours: dict[str, Any] = converter().unstructure(source, Source)
    theirs: dict[str, Any] = REFERENCE.unstructure(source, Source)
    assert ours == theirs
    assert list(ours) == list(theirs)


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(-200, 200),
    st.text(max_size=6),
    st.sampled_from(["2025-12-15", "2025-13-01", "", " ", "happened", "part_of", "nyt", "https://example.org/a"]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=6,
)


@contextmanager
def reference_converter() -> Iterator[None]:
    """The JSON format's reading with cattrs' generated hooks alone."""
    original, original_source = _convert.converter, _convert.read_source
    _convert.converter = lambda: REFERENCE  # type: ignore[assignment]
    _convert.read_source = lambda *_: None  # every source declined: read by cattrs
    try:
        yield
    finally:
        _convert.converter, _convert.read_source = original, original_source


def read_both(data: dict[str, Any]) -> tuple[object, object]:
    """What timeline_of gives for ``data``, with the fast hooks and without: a timeline or an error's text."""
    results: list[object] = []
    for context in (nullcontext(), reference_converter()):
        with context:
            try:
                results.append(timeline_of(copy.deepcopy(data)))
            except InvalidInputError as error:
                results.append(str(error))
    return results[0], results[1]


def _mutate(plain: dict[str, Any], data: st.DataObject) -> None:
    """Change one thing in an object: a value replaced, a key removed or added."""
    keys = sorted(plain)
    action = data.draw(st.sampled_from(["replace", "remove", "add", "nested"]))
    if action == "add" or not keys:
        plain[data.draw(st.sampled_from(["bogus", "id", "when", "status", "place", "extra"]))] = data.draw(_VALUES)
        return
    key = data.draw(st.sampled_from(keys))
    if action == "remove":
        del plain[key]
    elif action == "nested" and isinstance(plain[key], dict):
        _mutate(plain[key], data)
    elif action == "nested" and isinstance(plain[key], list) and plain[key] and isinstance(plain[key][0], dict):
        _mutate(plain[key][0], data)
    else:
        plain[key] = data.draw(_VALUES)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(timelines(max_events=4), st.data())
def test_a_document_is_read_as_cattrs_reads_it_and_refused_with_the_same_errors(
    line: Timeline, data: st.DataObject
) -> None:
    plain = document(line)
    fast, reference = read_both(plain)
    assert fast == reference == line
    for _ in range(data.draw(st.integers(1, 3))):
        if plain["events"]:
            _mutate(plain["events"][data.draw(st.integers(0, len(plain["events"]) - 1))], data)
    fast, reference = read_both(plain)
    assert fast == reference


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("actors", "Ukraine"),  # the model would take one name; a document gives a list
        ("place", {"name": "Berlin", "lat": True, "lon": 1}),
        ("media", "https://example.org/a.jpg"),
        ("extra", None),
        ("when", ""),
        ("status", ["happened"]),
        ("title", 5),
        ("relations", [{"kind": "follows"}]),
        ("relations", None),  # null is not an empty list: each list given as null is declined
        ("accounts", None),
        ("citations", None),
        ("tags", None),
        ("citations", [{"source": "nyt"}, 5]),
        ("actors", ["Ukraine", 5]),
    ],
)
def test_what_the_fast_reader_declines_the_full_path_reports(field: str, value: object) -> None:
    plain = {"format": "timeline", "version": 1, "title": "T", "events": [{"id": "a", "title": "A", field: value}]}
    try:
        read = _fast_hooks.read_event(plain["events"][0], {})  # type: ignore[index]
    except Exception:  # declined by raising: the converter catches it
        read = None
    assert read is None
    fast, reference = read_both(plain)
    assert isinstance(fast, str)
    assert fast == reference


_SOURCE_VALUES = st.one_of(
    _VALUES,
    st.sampled_from(["2025-12-16", "2025-02-30", "２０２５-１２-１６", "2025-12", "", "s0", "s1", "nope", "k"]),
    st.builds(lambda day: {"date": day, "phrase": "that week"}, st.sampled_from(["2025-12", None, 5])),
)


def test_the_fast_source_reader_knows_every_field_of_source() -> None:
    assert tuple(field.name for field in attrs.fields(Source) if field.init) == _fast_hooks.SOURCE_FIELDS


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(timelines(max_events=3), st.data())
def test_sources_are_read_as_cattrs_reads_them_and_refused_with_the_same_errors(
    line: Timeline, data: st.DataObject
) -> None:
    plain = document(line)
    assert read_both(plain) == (line, line)
    sources = plain["sources"]
    for _ in range(data.draw(st.integers(1, 3))):
        if not sources:
            break
        entry = sources[data.draw(st.sampled_from(sorted(sources)))]
        if not isinstance(entry, dict):
            continue
        field = data.draw(st.sampled_from([*_fast_hooks.SOURCE_FIELDS[:-1], "key", "bogus"]))
        if data.draw(st.booleans()) and field in entry:
            del entry[field]
        else:
            entry[field] = data.draw(_SOURCE_VALUES)
    fast, reference = read_both(plain)
    assert fast == reference


def test_a_source_via_null_is_refused_as_the_full_path_refuses_it() -> None:
    document = {
        "format": "timeline",
        "version": 1,
        "title": "T",
        "sources": {"s": {"publisher": "P", "via": None}},
        "events": [{"id": "a", "title": "A", "when": "2025", "citations": [{"source": "s"}]}],
    }
    with pytest.raises(InvalidInputError) as raised:
        from_json(json.dumps(document))
    assert str(raised.value.problems[0]) == ("sources.s.via: expected the key of a source in sources, got null")


_LATITUDES = st.sampled_from([0.0, -0.0, 0, 90, -90.0]) | st.floats(-90, 90)
_LONGITUDES = st.sampled_from([0.0, -0.0, 0, 180, -180.0]) | st.floats(-180, 180)
_PLAINS_OF_PLACES = st.builds(
    lambda name, country, point: {"name": name} | country | point,
    st.sampled_from(["Paris", "Lyon"]),
    st.just({}) | st.fixed_dictionaries({"country": st.sampled_from(["FR", "DE"])}),
    st.just({}) | st.fixed_dictionaries({"lat": _LATITUDES, "lon": _LONGITUDES}),
)


@given(st.lists(_PLAINS_OF_PLACES, max_size=8))
def test_a_place_read_again_is_the_place_read_afresh_down_to_the_sign_of_zero(plains: list[dict[str, Any]]) -> None:
    # Places read are cached by their fields; 0.0 and -0.0 are one key, so a zero is never served from the cache.
    for plain in plains:
        read = _fast_hooks.read_place(plain)
        assert read is not None
        lat, lon = (None if plain.get(axis) is None else float(plain[axis]) for axis in ("lat", "lon"))
        fresh = Place(plain["name"], country=plain.get("country"), lat=lat, lon=lon)
        assert read == fresh
        assert repr((read.lat, read.lon)) == repr((fresh.lat, fresh.lon))


def test_the_cache_of_places_is_a_functools_cache_the_benchmark_empties() -> None:
    place = _fast_hooks.read_place({"name": "Paris", "lat": 48.85, "lon": 2.35})
    assert _fast_hooks.read_place({"name": "Paris", "lat": 48.85, "lon": 2.35}) is place
    _fast_hooks._cached_place.cache_clear()
    assert _fast_hooks.read_place({"name": "Paris", "lat": 48.85, "lon": 2.35}) is not place
