"""The shortcuts of replaying a log give what the general path gives, on random input.

Each shortcut is checked against the path it skips: the sources of a line put
together from sources read in other lines against ``sources_of`` of the line's
own map; a replay against the same replay with every shortcut replaced by the
general path, on random logs with random damage.
"""

from __future__ import annotations

from typing import Any

import orjson
from hypothesis import given
from hypothesis import strategies as st

from timeline.formats._convert import sources_of
from timeline.log._format import SourceCache

KEYS = ("nyt", "kyiv-post", "wire", "Not A Key", "x")
ENTRIES: tuple[Any, ...] = (
    {"publisher": "The New York Times"},
    {"publisher": "The New York Times", "title": "US and EU Formalize Security Commitments"},
    {"publisher": "Kyiv Post", "url": "https://www.kyivpost.com/post/1"},
    {"publisher": "Kyiv Post", "url": "not a url"},
    {"publisher": "Wire", "published": "2025-12-16~", "retrieved": "2025-12-17"},
    {"publisher": "Wire", "published": "2025-13-01"},
    {"publisher": "Wire", "retrieved": "2025-02-30"},
    {"publisher": "Wire", "title": 1},
    {"publisher": "Wire", "title": 1.0},
    {"publisher": ""},
    {"publisher": 5},
    {"publisher": "Wire", "bogus": True},
    {"title": "no publisher"},
    "not an object",
    None,
)
VIAS = (None, None, *KEYS, "missing", 3, "")


def _entry(base: Any, via: object) -> Any:
    if via is None or not isinstance(base, dict):
        return base
    return {**base, "via": via}


GOOD_KEYS = KEYS[:3]
GOOD_ENTRIES = ENTRIES[:3] + ENTRIES[4:5]
# Mostly sound entries and keys, so that maps without problems (the ones whose sources are kept) are common.
entries = st.builds(
    _entry,
    st.one_of(*[st.sampled_from(GOOD_ENTRIES)] * 3, st.sampled_from(ENTRIES)),
    st.one_of(st.none(), st.sampled_from(GOOD_KEYS), st.sampled_from(VIAS)),
)
source_maps = st.dictionaries(st.one_of(st.sampled_from(GOOD_KEYS), st.sampled_from(KEYS)), entries, max_size=4)


def _line(written: bytes) -> bytes:
    """A line ending in ``written`` as its sources map and a seal (only their places matter here)."""
    return b'{"seq":1,"sources":' + written + b',"hash":"' + b"0" * 64 + b'"}'


def _sound_entries(key: str) -> st.SearchStrategy[Any]:
    """Entries without problems, each via a later key of ``GOOD_KEYS`` (so never in a circle) or none."""
    later = GOOD_KEYS[GOOD_KEYS.index(key) + 1 :] if key in GOOD_KEYS else ()
    return st.builds(_entry, st.sampled_from(GOOD_ENTRIES), st.sampled_from((None, *later)))


@st.composite
def map_sequences(draw: st.DrawFn) -> list[tuple[dict[str, Any], bool]]:
    """Sources maps one after another, each key taking one of a few entries (as a log's lines cite a few sources)."""
    variants = {
        key: draw(st.lists(st.one_of(*[_sound_entries(key)] * 4, entries), min_size=1, max_size=3)) for key in KEYS
    }
    maps = []
    for _ in range(draw(st.integers(1, 12))):
        keys = draw(st.lists(st.one_of(*[st.sampled_from(GOOD_KEYS)] * 4, st.sampled_from(KEYS)), max_size=4))
        mapping = {key: draw(st.sampled_from(variants[key])) for key in keys}
        for key in keys:  # a line holds the sources its sources came via, but a damaged one may not
            via = mapping[key].get("via") if isinstance(mapping[key], dict) else None
            while via in variants and via not in mapping and draw(st.integers(0, 9)):
                mapping[via] = draw(st.sampled_from(variants[via]))
                via = mapping[via].get("via") if isinstance(mapping[via], dict) else None
        maps.append(mapping)
    return [(mapping, draw(st.booleans())) for mapping in maps]


@given(map_sequences())
def test_sources_from_earlier_lines_are_those_sources_of_reads(maps: list[tuple[dict[str, Any], bool]]) -> None:
    cache = SourceCache()
    for mapping, whole_line in maps:
        written = orjson.dumps(mapping)
        raw = orjson.loads(written)
        scope, problems = cache.scope(_line(written) if whole_line else b"", raw)
        expected, expected_problems = sources_of(orjson.loads(written))
        assert problems == expected_problems
        assert dict(scope.table) == dict(expected.table)
        assert set(scope.failed) == set(expected.failed)
        assert scope.unreadable == expected.unreadable


@given(source_maps)
def test_a_map_read_twice_gives_the_same_sources(mapping: dict[str, Any]) -> None:
    cache = SourceCache()
    first = cache.scope(b"", orjson.loads(orjson.dumps(mapping)))
    second = cache.scope(b"", orjson.loads(orjson.dumps(mapping)))
    assert first[1] == second[1]
    assert dict(first[0].table) == dict(second[0].table)


def test_a_source_is_reused_only_with_the_sources_it_came_via() -> None:
    nyt = {"publisher": "The New York Times", "via": "wire"}
    first, second = {"publisher": "Wire"}, {"publisher": "Kyiv Post", "url": "https://www.kyivpost.com/post/1"}
    cache = SourceCache()
    cache.scope(b"", {"nyt": nyt, "wire": first})
    cache.scope(b"", {"wire": second})
    scope, problems = cache.scope(b"", {"nyt": nyt, "wire": second})
    assert not problems
    assert scope.table["nyt"].via == scope.table["wire"] == sources_of({"wire": second})[0].table["wire"]
