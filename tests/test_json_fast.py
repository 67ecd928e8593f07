"""The JSON format's fast paths against the json module: the same bytes written, the same values and errors read."""

from __future__ import annotations

import json
import os
import threading
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import extra_data, timelines
from timeline import Account, Citation, Event, InvalidInputError, Place, Source, Timeline, from_json, save, to_json
from timeline.formats import _json_write, files
from timeline.formats import json as json_format
from timeline.formats._convert import document, timeline_of

SLOW = settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)


def reference_json(timeline: Timeline) -> str:
    """What to_json wrote with the json module alone."""
    return json.dumps(document(timeline), ensure_ascii=False, indent=2) + "\n"


@SLOW
@given(timelines())
def test_to_json_writes_what_the_json_module_writes(line: Timeline) -> None:
    assert to_json(line) == reference_json(line)
    assert b"".join(json_format.json_chunks(line)) == reference_json(line).encode("utf-8")


def test_a_tiny_coordinate_in_an_accounts_place_is_written_as_the_json_module_writes_it() -> None:
    source = Source("Outlet", key="outlet")
    place = Place("Null Island", lat=0.0, lon=5.960464477539063e-08)
    accounts = [Account(when="2025-12-16", citations=[Citation(source)], place=place)]
    line = Timeline("T", [Event("e", "Event", "2025-12-16", accounts=accounts)])
    assert '"lon": 5.960464477539063e-08' in to_json(line)
    assert to_json(line) == reference_json(line)


@SLOW
@given(extra_data(), st.integers(0, 5))
def test_many_events_with_any_user_data_are_written_as_the_json_module_writes_them(
    extra: dict[str, Any], spare: int
) -> None:
    # More events than one chunk holds, so that chunks join; user data with big integers and tiny floats.
    count = json_format._EVENTS_PER_CHUNK + spare
    line = Timeline(
        "Many",
        [Event(f"e{index}", "Event", "2025-12-16", extra=extra if index % 7 == 0 else {}) for index in range(count)],
    )
    chunks = list(json_format.json_chunks(line))
    assert len(chunks) == (4 if spare else 3)  # the head, one or two chunks of events, the end
    assert b"".join(chunks).decode("utf-8") == reference_json(line)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_float_orjson_is_trusted_with_is_written_as_repr_writes_it(value: float) -> None:
    if _json_write.float_writes_alike(value):
        assert orjson.dumps(value) == repr(value).encode("ascii")


@pytest.mark.parametrize("value", [1e-5, -3.5e-7, 1e-10, 5e-324, 1e16, -2.5e300])
def test_floats_written_with_an_exponent_are_left_to_the_json_module(value: float) -> None:
    assert not _json_write.float_writes_alike(value)
    assert json_format._encoded({"x": value}, exact=False) == json.dumps({"x": value}, indent=2).encode()


@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",))))
def test_text_is_escaped_as_the_json_module_escapes_it(text: str) -> None:
    assert orjson.dumps(text) == json.dumps(text, ensure_ascii=False).encode("utf-8")


def test_every_character_is_escaped_as_the_json_module_escapes_it() -> None:
    everything = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF)
    assert orjson.dumps(everything) == json.dumps(everything, ensure_ascii=False).encode("utf-8")


def test_an_integer_beyond_64_bits_is_written_by_the_json_module() -> None:
    line = Timeline("Big", [Event("e", "Event", extra={"big": 2**64, "small": -(2**63) - 1})])
    assert '"big": 18446744073709551616' in to_json(line)
    assert to_json(line) == reference_json(line)


def read_whole(data: bytes) -> object:
    """from_json's answer when the document is read whole: a timeline or the text of its error."""
    try:
        return timeline_of(json_format.decode(data))
    except InvalidInputError as error:
        return str(error)


def read(data: bytes) -> object:
    try:
        return from_json(data)
    except InvalidInputError as error:
        return str(error)


@SLOW
@given(timelines(), st.integers(1, 3000))
def test_a_document_read_in_pieces_is_the_timeline_written(line: Timeline, piece_bytes: int) -> None:
    data = to_json(line).encode("utf-8")
    pieces = json_format._timeline_in_pieces(data, piece_bytes)
    assert pieces is None or pieces == line
    assert from_json(data) == line


def test_a_large_document_is_read_in_pieces_of_a_few_events() -> None:
    line = Timeline(
        "Many",
        [Event(f"e{index}", "Event", f"2025-12-{index % 28 + 1:02d}", extra={"n": index}) for index in range(200)],
    )
    data = to_json(line).encode("utf-8")
    for piece_bytes in (1, 500, 10_000, 1 << 20):
        assert json_format._timeline_in_pieces(data, piece_bytes) == line


@SLOW
@given(timelines(max_events=4), st.data())
def test_damage_to_a_document_is_reported_as_when_it_is_read_whole(line: Timeline, data: st.DataObject) -> None:
    text = to_json(line).encode("utf-8")
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        replacement = data.draw(
            st.sampled_from([b"", b"}", b"{", b",", b'"', b'"events": [', b"\n    },\n    {", b"1" * 20, b" "])
        )
        text = text[:at] + replacement + text[at + data.draw(st.integers(0, 3)) :]
    assert read(text) == read_whole(text)


def test_a_repeated_key_in_an_event_read_in_pieces_is_reported() -> None:
    line = Timeline("T", [Event("a", "A"), Event("b", "B")])
    text = to_json(line).encode("utf-8").replace(b'"title": "B"', b'"title": "B",\n      "title": "C"')
    assert read(text) == read_whole(text)
    assert "events[1].title: is given more than once in one object" in str(read(text))


def test_save_writes_a_json_file_piece_by_piece_with_the_bytes_of_to_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = Timeline("Many", [Event(f"e{index}", "Event", "2025-12-16") for index in range(600)])
    expected = to_json(line).encode("utf-8")
    made: list[int] = []
    real_chunks = json_format.json_chunks

    def counted_chunks(timeline: Timeline) -> Iterator[bytes]:
        for chunk in real_chunks(timeline):
            made.append(len(chunk))
            yield chunk

    monkeypatch.setattr(json_format, "json_chunks", counted_chunks)
    save(line, tmp_path / "many.json")
    data = (tmp_path / "many.json").read_bytes()
    assert data == expected
    assert len(made) == 5  # the head, three chunks of events, the end: never the whole document at once
    assert sum(made) == len(data)
    assert max(made) < len(data) / 2


def test_a_save_that_fails_between_pieces_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "timeline.json"
    old = Timeline("Old", [Event("a", "old event")])
    save(old, path)
    before = path.read_bytes()

    def failing_chunks(timeline: Timeline) -> Iterator[bytes]:
        yield b'{\n  "format": "timeline"'
        raise RuntimeError("the power went out")

    monkeypatch.setattr(json_format, "json_chunks", failing_chunks)
    with pytest.raises(RuntimeError, match="power"):
        save(Timeline("New", [Event("b", "new event")]), path)
    assert path.read_bytes() == before
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["timeline.json"]


@pytest.mark.parametrize("size", [0, 1, 1000, (1 << 20) + 5])
def test_a_stream_of_unknown_size_is_read_in_pieces_up_to_the_limit(size: int) -> None:
    reading, writing = os.pipe()
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    writer = threading.Thread(target=lambda: (os.write(writing, data) if data else None, os.close(writing)))
    writer.start()
    with os.fdopen(reading, "rb") as stream:
        assert files._read_at_most(stream, len(data) + 10) == data
    writer.join()
    reading, writing = os.pipe()
    writer = threading.Thread(target=lambda: (os.write(writing, data) if data else None, os.close(writing)))
    writer.start()
    with os.fdopen(reading, "rb") as stream:
        assert files._read_at_most(stream, size // 2) == data[: size // 2]
        stream.read()
    writer.join()


def test_a_file_is_read_into_one_buffer_of_its_size(tmp_path: Path) -> None:
    path = tmp_path / "small.json"
    path.write_bytes(b"{}")
    tracemalloc.start()
    try:
        with path.open("rb") as stream:
            assert files._read_at_most(stream, 256 * 1024 * 1024) == b"{}"
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024  # not a buffer of the limit's size


_ESCAPE_PARTS = st.sampled_from([b"\\", b"u", b"0", b"03", b"003", b"d", b"D", b"8", b"a", b'"', b"\\u", b"x"])


@given(st.lists(_ESCAPE_PARTS, max_size=12).map(b"".join) | st.binary(max_size=20))
def test_escapes_are_declined_exactly_where_any_of_them_occurs(text: bytes) -> None:
    # The oracle: the three escapes looked for one by one.
    expected = any(escape in text for escape in (b"\\u003", b"\\ud", b"\\uD"))
    assert (json_format._DECLINED_ESCAPE.search(text) is not None) == expected
