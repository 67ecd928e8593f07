"""The JSON writer's one-pass event data against the converter's hooks and the model: the same data, the same bytes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import events, places, timelines
from timeline import Event, Place, Timeline, to_json
from timeline.formats import _json_write
from timeline.formats import json as json_format
from timeline.formats._convert import cited_sources, converter, document
from timeline.formats._fast_hooks import plain_event

SLOW = settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)


def key_orders(value: Any) -> Any:
    """The keys of every object in ``value``, in order, as nested lists: equal dicts may differ in order."""
    if isinstance(value, dict):
        return [[key, key_orders(item)] for key, item in value.items()]
    if isinstance(value, list | tuple):  # the writer hands over the model's tuples of names: the same JSON arrays
        return [key_orders(item) for item in value]
    return value


@SLOW
@given(timelines())
def test_the_cited_sources_are_the_timelines_sources(line: Timeline) -> None:
    found = cited_sources(line)
    assert [source.ref for source in found] == [source.ref for source in line.sources]
    assert all(mine is theirs for mine, theirs in zip(found, line.sources, strict=True))  # the same objects


@SLOW
@given(st.lists(events(), max_size=6, unique_by=lambda event: event.id))
def test_events_are_written_as_the_converters_hook_writes_them(written: list[Event]) -> None:
    writer = _json_write.EventWriter()
    mine = writer.events(written)
    expected = [plain_event(event) for event in written]
    assert json.dumps(mine, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)
    assert key_orders(mine) == key_orders(expected)
    assert writer.exact == _json_write.writes_alike(expected)
    assert expected == [converter().unstructure(event, Event) for event in written]


@SLOW
@given(st.lists(places(), min_size=1, max_size=3), st.lists(st.integers(0, 2), min_size=1, max_size=40))
def test_places_named_by_many_events_are_written_in_full_at_each(pool: list[Place], picks: list[int]) -> None:
    # The writer makes one dict per Place object and puts it in every event naming it.
    line = Timeline(
        "Places",
        [Event(f"e{index}", "Event", "2025-12-16", place=pool[pick % len(pool)]) for index, pick in enumerate(picks)],
    )
    expected = json.dumps(document(line), ensure_ascii=False, indent=2) + "\n"
    assert to_json(line) == expected
    assert to_json(line) == expected  # writing again gives the same: nothing shared was changed


def test_a_place_with_a_tiny_coordinate_makes_only_its_chunks_use_the_json_module() -> None:
    tiny = Place("Null Island", lat=0.0, lon=5.960464477539063e-08)
    count = json_format._EVENTS_PER_CHUNK * 2
    line = Timeline(
        "Tiny",
        [Event(f"e{index:04d}", "Event", "2025-12-16", place=tiny if index == 0 else None) for index in range(count)],
    )
    writer = _json_write.EventWriter()
    writer.events(line.events[:1])
    assert not writer.exact
    writer.exact = True
    writer.events(line.events[1:])
    assert writer.exact
    writer.events(line.events[:1])  # the place's answer is kept with its dict
    assert not writer.exact
    assert to_json(line) == json.dumps(document(line), ensure_ascii=False, indent=2) + "\n"
    assert '"lon": 5.960464477539063e-08' in to_json(line)


def test_actors_and_tags_in_a_chunk_the_json_module_writes_are_the_same_arrays() -> None:
    # The writer hands over the event's tuples; a tiny coordinate sends the chunk to the json module instead of orjson.
    tiny = Place("Null Island", lat=0.0, lon=5.960464477539063e-08)
    line = Timeline(
        "Tuples",
        [
            Event("a", "Event", "2025-12-16", place=tiny, actors=["Ukraine", "NATO"], tags="aid"),
            Event("b", "Event", "2025-12-17", actors=("é—😀",), tags=["law", "ceasefire"]),
        ],
    )
    writer = _json_write.EventWriter()
    writer.events(line.events)
    assert not writer.exact
    expected = json.dumps(document(line), ensure_ascii=False, indent=2) + "\n"
    assert to_json(line) == expected
    assert json.loads(to_json(line))["events"][0]["actors"] == ["Ukraine", "NATO"]
    assert json.loads(to_json(line))["events"][1]["tags"] == ["law", "ceasefire"]
