"""Large JSON and iCalendar files are mapped into memory and read a piece at a time, with the same result."""

from __future__ import annotations

import mmap
import tempfile
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import timeline
from strategies import timelines
from timeline import Event, Timeline
from timeline.errors import InvalidInputError, OmittedEventsWarning
from timeline.formats._decode import release
from timeline.formats.ical import from_ical, to_ical
from timeline.formats.json import from_json, to_json


@pytest.fixture
def map_every_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("timeline.formats.files._MAPPED_FROM", 0)


def _mapped_reading(data: bytes, reader: str) -> object:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.bin"
        path.write_bytes(data)
        with path.open("rb") as stream, mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            try:
                return from_json(mapped) if reader == "json" else from_ical(mapped)
            except InvalidInputError as error:
                return [str(problem) for problem in error.problems]


def _reading(data: bytes, reader: str) -> object:
    try:
        return from_json(data) if reader == "json" else from_ical(data)
    except InvalidInputError as error:
        return [str(problem) for problem in error.problems]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines())
def test_a_mapped_document_reads_as_its_bytes(t: Timeline) -> None:
    data = to_json(t).encode()
    assert _mapped_reading(data, "json") == t
    damaged = data.replace(b'"title"', b'"titel"', 1)
    assert _mapped_reading(damaged, "json") == _reading(damaged, "json")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines())
def test_a_mapped_calendar_reads_as_its_bytes(t: Timeline) -> None:
    if not any(event.effective_when.is_dated for event in t.events):
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", OmittedEventsWarning)
        data = to_ical(t)
        assert _mapped_reading(data, "ics") == _reading(data, "ics")
        damaged = data.replace(b"X-TIMELINE-WHEN:", b"X-TIMELINE-WHEN:x", 1)
        assert _mapped_reading(damaged, "ics") == _reading(damaged, "ics")


T = Timeline("T", [Event("a", "A", "2025-12-14", description="x\ny"), Event("b", "B", "2025-12")])


@pytest.mark.usefixtures("map_every_file")
@pytest.mark.parametrize("suffix", [".json", ".ics"])
def test_load_maps_a_large_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"t{suffix}"
    timeline.save(T, path)
    written = path.read_bytes()
    assert timeline.load(path) == T
    assert path.read_bytes() == written  # readers never write


@pytest.mark.usefixtures("map_every_file")
def test_problems_in_a_mapped_file_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_bytes(to_json(T).encode().replace(b'"2025-12"', b'"2025-13"'))
    with pytest.raises(InvalidInputError) as raised:
        timeline.load(path)
    assert str(raised.value).startswith(f'{path}: events[0].when: "2025-13" is not a valid date')


@pytest.mark.usefixtures("map_every_file")
def test_an_empty_file_is_read_not_mapped(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_bytes(b"")
    with pytest.raises(InvalidInputError, match=r"t\.json"):
        timeline.load(path)


def test_release_gives_back_whole_pages_only() -> None:
    size = 4 * mmap.PAGESIZE
    with tempfile.TemporaryFile() as stream:
        stream.write(b"x" * size)
        stream.flush()
        with mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            assert release(mapped, 0, mmap.PAGESIZE - 1) == 0
            assert release(mapped, 0, mmap.PAGESIZE + 1) == mmap.PAGESIZE
            assert release(mapped, mmap.PAGESIZE, size) == size
            assert mapped[:] == b"x" * size  # given back, and read again from the file when touched
    assert release(b"x" * size, 0, size) == 0  # bytes are left alone


@pytest.mark.parametrize("suffix", [".json", ".ics", ".yaml"])
def test_a_file_over_the_limit_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
    path = tmp_path / f"t{suffix}"
    timeline.save(T, path)
    monkeypatch.setattr("timeline.formats.json.MAX_DOCUMENT_BYTES", path.stat().st_size - 1)

    def read(*_: object) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr("timeline.formats.files._read_at_most", read)
    with pytest.raises(InvalidInputError) as raised:
        timeline.load(path)
    assert str(raised.value) == f"{path}: the document is larger than the limit of {path.stat().st_size - 1:,} bytes"
