"""The shortcuts of replaying a log give what the general path gives, on random input.

Each shortcut is checked against the path it skips: the sources of a line put
together from sources read in other lines against ``sources_of`` of the line's
own map; a replay against the same replay with every shortcut replaced by the
general path, on random logs with random damage.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import extra_data
from timeline import Citation, Event, Source
from timeline.errors import InvalidInputError, LogRepairWarning
from timeline.formats._convert import sources_of
from timeline.log import EventLog, _reader
from timeline.log._fields import time_problem
from timeline.log._format import PREFIX, _holds_huge_whole_float, decode_event, decode_revision
from timeline.log._reader import LogReader
from timeline.log._sources import SourceCache

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
    {"publisher": "Wire", "title": None},
    {"publisher": "Wire", "title": float("nan")},
    {"publisher": "Wire", "title": float("inf")},
    {"publisher": "Wire", "title": 2**70},
    {"publisher": "Wire", "title": True},
    {"publisher": "Wire", "published": {"date": "2025-12", "phrase": "in December"}},
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


def _sound_entries(key: str) -> st.SearchStrategy[Any]:
    """Entries without problems, each via a later key of ``GOOD_KEYS`` (so never in a circle) or none."""
    later = GOOD_KEYS[GOOD_KEYS.index(key) + 1 :] if key in GOOD_KEYS else ()
    return st.builds(_entry, st.sampled_from(GOOD_ENTRIES), st.sampled_from((None, *later)))


@st.composite
def map_sequences(draw: st.DrawFn) -> list[dict[str, Any]]:
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
    return maps


def _afresh(mapping: dict[str, Any]) -> Any:
    """``mapping`` as a line's JSON decodes to, afresh: as ``json.loads`` reads it (NaN and long integers included)."""
    return json.loads(json.dumps(mapping))


@given(map_sequences())
def test_sources_from_earlier_lines_are_those_sources_of_reads(maps: list[dict[str, Any]]) -> None:
    cache = SourceCache()
    for mapping in maps:
        table = cache.table(_afresh(mapping))
        scope, problems = cache.scope(_afresh(mapping))
        expected, expected_problems = sources_of(_afresh(mapping))
        assert problems == expected_problems
        assert (table is None) == bool(expected_problems)
        assert dict(scope.table) == dict(expected.table)
        assert table is None or dict(table) == dict(expected.table)
        assert set(scope.failed) == set(expected.failed)
        assert scope.unreadable == expected.unreadable


@given(source_maps)
def test_a_map_read_twice_gives_the_same_sources(mapping: dict[str, Any]) -> None:
    cache = SourceCache()
    first = cache.scope(_afresh(mapping))
    second = cache.scope(_afresh(mapping))
    assert first[1] == second[1]
    assert dict(first[0].table) == dict(second[0].table)


def test_a_source_is_reused_only_with_the_sources_it_came_via() -> None:
    nyt = {"publisher": "The New York Times", "via": "wire"}
    first, second = {"publisher": "Wire"}, {"publisher": "Kyiv Post", "url": "https://www.kyivpost.com/post/1"}
    cache = SourceCache()
    cache.scope({"nyt": nyt, "wire": first})
    cache.scope({"wire": second})
    scope, problems = cache.scope({"nyt": nyt, "wire": second})
    assert not problems
    assert scope.table["nyt"].via == scope.table["wire"] == sources_of({"wire": second})[0].table["wire"]


def test_a_source_is_reused_only_with_the_whole_chain_it_came_via() -> None:
    nyt = {"publisher": "The New York Times", "via": "post"}
    post = {"publisher": "Kyiv Post", "via": "wire"}
    first, second = {"publisher": "Wire"}, {"publisher": "Wire", "title": "Another wire"}
    cache = SourceCache()
    cache.scope({"nyt": nyt, "post": post, "wire": first})
    cache.scope({"wire": second})
    scope, problems = cache.scope({"nyt": nyt, "post": post, "wire": second})
    assert not problems
    assert scope.table["nyt"].via.via == sources_of({"wire": second})[0].table["wire"]


def test_each_revision_is_read_with_its_own_sources(tmp_path: Path) -> None:
    """Two revisions whose lines end in the same bytes (a source keyed ``sources``, last) cite their own sources.

    Sources were once kept by the bytes after a line's last ``,"sources":{``: here
    the key of the second source in the map, so once one revision was read, the
    other was read with its sources, and a sound log was called corrupt.
    """
    archive = Source("Archive", key="sources")
    path = tmp_path / "log.jsonl"
    with EventLog(path, title="Talks", durable=False) as log:
        for day, publisher in enumerate(("Agence", "Kyiv Post")):
            event = Event("talks", "Talks", "2025-12-15", citations=[Citation(Source(publisher)), Citation(archive)])
            log.put(event, by="editor", at=START + dt.timedelta(days=day))
    with EventLog(path) as log:
        assert [citation.source.publisher for citation in log.timeline().events[0].citations] == [
            "Kyiv Post",
            "Archive",
        ]
        history = [
            [citation.source.publisher for citation in revision.event.citations]
            for revision in log.history("talks")
            if revision.event
        ]
        assert history == [["Agence", "Archive"], ["Kyiv Post", "Archive"]]
        assert log.revisions()["talks"].updates[0].fields == ("citations",)
        assert log.verify() == log._index.head


START = dt.datetime(2025, 12, 16, 12, 0, tzinfo=dt.UTC)
WIRE = Source("Wire")
CITED = (
    WIRE,
    Source("The New York Times", via=WIRE, key="nyt"),
    Source("Kyiv Post", url="https://www.kyivpost.com/p/1"),
)
IDS = ("talks", "summit", "vote")
WHENS = ("2025-12-15", "2025-12~", "2025-12-14/2025-12-15", "2025-12-15T10:00[Europe/Berlin]", None)


def _sealed(text: str) -> bytes:
    raw = text.encode("utf-8")
    return raw[:-1] + f',"hash":"{hashlib.sha256(raw).hexdigest()}"}}\n'.encode()


def _body(line: bytes) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(line)
    del data["hash"]
    return data


def _text(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _set_event(name: str, value: object) -> Callable[[dict[str, Any]], str]:
    def change(data: dict[str, Any]) -> str:
        if "event" in data:
            data["event"][name] = value
        return _text(data)

    return change


def _repeat(key: str, value: object) -> Callable[[dict[str, Any]], str]:
    """A change that says ``key`` a second time, after the prefix: JSON keeps the second."""

    def change(data: dict[str, Any]) -> str:
        return _text(data).replace(',"by":', f',"{key}":{json.dumps(value)},"by":', 1)

    return change


def _set(key: str, value: object) -> Callable[[dict[str, Any]], str]:
    """A change that sets the revision's field ``key`` (after the prefix, or it is not read as a revision)."""

    def change(data: dict[str, Any]) -> str:
        data[key] = value
        return _text(data)

    return change


def _no_sources(data: dict[str, Any]) -> str:
    data["sources"] = {}
    return _text(data)


def _empty_why(data: dict[str, Any]) -> str:
    data["why"] = {"note": None}
    return _text(data)


CHANGES: tuple[Callable[[dict[str, Any]], str], ...] = (
    _set_event("title", 5),
    _set_event("when", "2025-13-01"),
    _set_event("extra", {"n": 10**20, "f": 1e19}),
    _set_event("id", "other"),
    _set_event("bogus", 1),
    _set_event("place", {"name": "Berlin", "lat": 200, "lon": 13.4}),
    _set_event("when", {"date": "2025-12", "phrase": 5}),
    _set_event("citations", [{"source": "missing"}]),
    _set_event("status", "rumoured"),
    _no_sources,
    _empty_why,
    _repeat("at", "2026-01-01T00:00:00.000000Z"),
    _repeat("at", "2026-13-01T00:00:00.000000Z"),
    _repeat("op", "retract"),
    _repeat("op", "put"),
    _repeat("prev", "0" * 64),
    _repeat("prev", "0" * 63 + "A"),
    _repeat("prev", "0" * 32 + "-" + "0" * 31),
    _repeat("prev", "0" * 65),
    _repeat("id", "other"),
    _repeat("id", "Not A Slug"),
    _repeat("id", 5),
    _repeat("seq", 0),
    _repeat("seq", True),
    _repeat("seq", 1.0),
    _repeat("seq", "1"),
    _repeat("prev", None),
    _repeat("at", None),
    _repeat("op", None),
    _set("by", ""),
    _set("by", " \t"),
    _set("by", "two\nlines"),
    _set("by", "x" * 1000),
    _set("by", 5),
    _set("bogus", 1),
    _set("event", None),
)


@st.composite
def damaged_logs(draw: st.DrawFn, change: Callable[[dict[str, Any]], str] | None = None) -> list[bytes]:
    """The lines of a random log (puts, corrections, retractions, reasons), then damaged by ``change`` or at random."""
    folder = Path(tempfile.mkdtemp())
    path = folder / "log.jsonl"
    try:
        # Revisions a minute apart, or all in one second (as a batch records them).
        apart = draw(st.sampled_from((dt.timedelta(minutes=1), dt.timedelta(microseconds=1))))
        with EventLog(path, title="Talks", durable=False) as log:
            live: set[str] = set()
            for step in range(draw(st.integers(1, 8))):
                event_id = draw(st.sampled_from(IDS))
                at = START + step * apart
                why = draw(st.sampled_from((None, "a correction", Citation(CITED[1]))))
                if event_id in live and draw(st.integers(0, 3)) == 0:
                    log.retract(event_id, by="editor", why=why, at=at)
                    live.discard(event_id)
                    continue
                cited = draw(st.lists(st.sampled_from(CITED), max_size=2, unique=True))
                event = Event(
                    event_id,
                    draw(st.sampled_from(("Talks", "Talks in Berlin", "Vote"))),
                    draw(st.sampled_from(WHENS)),
                    citations=[Citation(source) for source in cited],
                    extra=draw(st.sampled_from(({}, {}, {"n": step}, {"big": 2**64, "list": [1.5, {"x": None}]}))),
                )
                log.put(event, by="editor", why=why, at=at)
                live.add(event_id)
        lines = path.read_bytes().splitlines(keepends=True)
    finally:
        shutil.rmtree(folder)
    damage = "change" if change is not None else draw(st.sampled_from(("none", "byte", "seal", "torn")))
    # A revision (0-based); often the last, which is believed if it is a put.
    number = draw(st.one_of(st.just(len(lines) - 1), st.integers(1, len(lines) - 1)))
    if damage in ("byte", "seal"):  # anywhere on the line, or in its seal: ,"hash":"<64 hex digits>"} (often its ends)
        end = len(lines[number]) - 1
        seal = st.one_of(
            st.sampled_from((end - 75, end - 67, end - 66, end - 2, end - 1)), st.integers(end - 75, end - 1)
        )
        position = draw(st.integers(0, end - 1) if damage == "byte" else seal)
        line = bytearray(lines[number])
        line[position] = draw(st.sampled_from(b'x0"{}\xff'))
        lines[number] = bytes(line)
    elif damage == "change":
        assert change is not None
        numbers = {number, *draw(st.lists(st.integers(1, len(lines) - 1), max_size=2))}
        for changed in numbers:
            lines[changed] = _sealed(change(_body(lines[changed])))
        number = min(numbers)
        for later in range(number + 1, len(lines)):
            data = _body(lines[later])
            data["prev"] = json.loads(lines[later - 1])["hash"]
            lines[later] = _sealed(_text(data))
    elif damage == "torn":
        lines[-1] = lines[-1][: draw(st.integers(1, len(lines[-1]) - 2))]
    return lines


def _outcome(path: Path) -> list[object]:
    """What a reader sees of the log at ``path``: its timeline, histories and revisions, or the error of each."""
    seen: list[object] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LogRepairWarning)
        try:
            log = EventLog(path)
        except Exception as error:  # the error is the outcome compared
            return [type(error).__name__, str(error)]
    with log:
        # The timelines at a few recorded times first, so that a later one finds some of its events read.
        questions = [
            lambda as_of=as_of: log.timeline(as_of)
            for as_of in (START + dt.timedelta(microseconds=3), START + dt.timedelta(minutes=3))
        ]
        questions += [log.timeline, *(lambda event_id=event_id: log.history(event_id) for event_id in IDS)]
        for question in questions:
            try:
                seen.append(question())
            except Exception as error:  # the error is the outcome compared
                seen.append((type(error).__name__, str(error)))
        try:
            seen.append(log.revisions())
        except Exception as error:  # the error is the outcome compared
            seen.append((type(error).__name__, str(error)))
    seen.append(_append_outcome(path))
    return seen


def _append_outcome(path: Path) -> object:
    """What an append to a copy of the log at ``path`` gives: the new line, or the error."""
    copy = path.with_name("appended.jsonl")
    shutil.copyfile(path, copy)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", LogRepairWarning)
            with EventLog(copy, durable=False) as log:
                log.put(Event("later", "Later", "2026-01-05"), by="editor", at=START + dt.timedelta(days=30))
        return copy.read_bytes().splitlines()[-1]
    except Exception as error:  # the error is the outcome compared
        return (type(error).__name__, str(error))
    finally:
        copy.unlink()
        copy.with_name(copy.name + ".torn").unlink(missing_ok=True)


def _general_event(line: bytes, sources: SourceCache, at: str, event_id: str) -> Event:
    event = decode_revision(line, sources).event
    assert event is not None
    return event


def _line_by_line(self: LogReader, indices: list[int]) -> Iterator[bytes]:
    return (self._line(index) for index in indices)


def _one_by_one(self: LogReader) -> list[Event]:
    return [self._event_at(index) for index in self._index.live.values()]


def _each_event(self: LogReader, indices: list[int]) -> list[Event]:
    return [self._event_at(index) for index in indices]


def _sources_read_again(self: SourceCache, raw: object) -> Mapping[str, Source] | None:
    scope, problems = sources_of(raw)
    return None if problems else scope.table


@given(damaged_logs())
def test_a_replay_sees_what_the_general_path_sees(lines: list[bytes]) -> None:
    _compare(lines)


@pytest.mark.parametrize("change", CHANGES)
@given(data=st.data())
@settings(max_examples=15)
def test_a_replay_of_a_changed_line_sees_what_the_general_path_sees(
    change: Callable[[dict[str, Any]], str], data: st.DataObject
) -> None:
    _compare(data.draw(damaged_logs(change)))


def _compare(lines: list[bytes]) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        path = folder / "log.jsonl"
        path.write_bytes(b"".join(lines))
        fast = _outcome(path)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_reader, "decode_event", _general_event)
            patch.setattr(LogReader, "_lines", _line_by_line)
            patch.setattr(LogReader, "_live_events", _one_by_one)
            patch.setattr(LogReader, "_events_at", _each_event)
            patch.setattr(SourceCache, "table", _sources_read_again)
            general = _outcome(path)
        assert fast == general
        assert path.read_bytes() == b"".join(lines), "readers never write"
    finally:
        shutil.rmtree(folder)


def _decoded(decode: Callable[[], object]) -> object:
    try:
        return decode()
    except InvalidInputError as error:  # the error is the outcome compared
        return ("InvalidInputError", str(error))


@given(damaged_logs())
def test_an_event_decoded_on_its_own_is_the_revisions(lines: list[bytes]) -> None:
    _compare_decoded(lines)


@pytest.mark.parametrize("change", CHANGES)
@given(data=st.data())
@settings(max_examples=10)
def test_an_event_on_a_changed_line_decoded_on_its_own_is_the_revisions(
    change: Callable[[dict[str, Any]], str], data: st.DataObject
) -> None:
    _compare_decoded(data.draw(damaged_logs(change)))


def _compare_decoded(lines: list[bytes]) -> None:
    """``decode_event`` of every put gives ``decode_revision``'s event, or its error, line after line."""
    fast, general = SourceCache(), SourceCache()
    for raw in lines[1:]:
        line = raw.rstrip(b"\n")
        match = PREFIX.match(line)
        at, event_id = ("", "") if match is None else (match[3].decode("ascii"), match[5].decode("ascii"))
        if match is None or match[4] != b"put" or time_problem(at) is not None:
            continue  # the index reads no such line, and replays only puts
        expected = _decoded(lambda line=line: getattr(decode_revision(line, general), "event", None))
        assert _decoded(lambda line=line, at=at, event_id=event_id: decode_event(line, fast, at, event_id)) == expected


def _huge_whole_float_walk(value: object) -> bool:
    """The plain walk: a float of at least 2**63 that is whole, anywhere in mappings, tuples and lists."""
    if isinstance(value, float):
        return abs(value) >= float(2**63) and value.is_integer()
    if isinstance(value, Mapping):
        return any(_huge_whole_float_walk(item) for item in value.values())
    if isinstance(value, tuple | list):
        return any(_huge_whole_float_walk(item) for item in value)
    return False


huge_floats = st.sampled_from((float(2**63), -float(2**64), 1e19, 1e300, float(2**63) - 1024.0, 1.5e19 + 0.5))


@given(extra_data(), st.lists(huge_floats, max_size=1), st.booleans())
def test_the_check_for_huge_floats_is_the_plain_walk(data: dict[str, Any], huge: list[float], frozen: bool) -> None:
    if huge:
        data = {**data, "deep": [{"x": huge[0]}]}
    value = Event("talks", "Talks", extra=data).extra if frozen else data
    assert _holds_huge_whole_float(value) == _huge_whole_float_walk(value)
