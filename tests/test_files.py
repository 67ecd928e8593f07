"""Files: the format by suffix or by name, and writer options passed through ``save``."""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

import pytest

import timeline
from timeline import Event, InvalidInputError, Timeline, UnsupportedFormatError
from timeline.formats.files import format_of, read_timeline, write_timeline

EXAMPLE = Timeline("Talks", [Event("talks", "Talks", "2025-12-14/2025-12-15"), Event("later", "Later")])
STAMP = dt.datetime(2025, 12, 20, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("name", "action", "kind"),
    [("a.json", "read", "json"), ("a.YML", "read", "yaml"), ("a.ics", "write", "ics"), ("a.md", "write", "md")],
)
def test_the_suffix_names_the_format(name: str, action: str, kind: str) -> None:
    assert format_of(name, action=action) == kind


def test_markdown_cannot_be_read_and_unknown_suffixes_are_named() -> None:
    refused = r"a\.md: cannot read files ending in '\.md'; use one of \.csv, \.ics"
    with pytest.raises(UnsupportedFormatError, match=refused):
        format_of("a.md")
    with pytest.raises(UnsupportedFormatError, match="cannot write files without a suffix"):
        format_of("notes", action="write")


def test_save_passes_options_to_the_writer(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", timeline.OmittedEventsWarning)
        timeline.save(EXAMPLE, tmp_path / "t.ics", stamp=STAMP, name="Talks calendar")
        expected = timeline.to_ical(EXAMPLE, stamp=STAMP, name="Talks calendar")
    assert (tmp_path / "t.ics").read_bytes() == expected
    timeline.save(EXAMPLE, tmp_path / "t.md", locale="de", diagram=False)
    assert (tmp_path / "t.md").read_text("utf-8") == timeline.to_markdown(EXAMPLE, locale="de", diagram=False)


def test_options_a_format_does_not_take_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="json takes no options, got locale"):
        timeline.save(EXAMPLE, tmp_path / "t.json", locale="de")
    assert not (tmp_path / "t.json").exists()
    with pytest.raises(TypeError):
        write_timeline(EXAMPLE, "md", colour=True)


def test_load_reads_a_file_whose_suffix_does_not_name_its_format(tmp_path: Path) -> None:
    notes = tmp_path / "timeline.txt"
    notes.write_bytes(write_timeline(EXAMPLE, "yaml"))
    assert timeline.load(notes, kind="yaml") == EXAMPLE
    with pytest.raises(UnsupportedFormatError):
        timeline.load(notes)
    with pytest.raises(UnsupportedFormatError, match="timeline cannot read 'md'"):
        read_timeline(b"# Talks", "md")
