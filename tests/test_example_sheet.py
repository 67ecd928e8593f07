"""The worked example of a TimelineJS sheet: build.py reproduces its committed files, and they agree."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import attrs

import timeline
from timeline import Media, Status, from_csv, from_timelinejs

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "space-race"


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("space_race_build", EXAMPLE / "build.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_reproduces_every_committed_file(tmp_path: Path) -> None:
    build = _build_module()
    build.write(tmp_path)
    for name in (*build.OUTPUTS, build.TIMELINEJS):
        expected = EXAMPLE / name
        assert expected.exists(), f"{expected} is missing: run examples/space-race/build.py"
        assert (tmp_path / name).read_bytes() == expected.read_bytes(), f"{name} differs from build.py's output"


def test_build_script_names_what_csv_leaves_out(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLE / "build.py"), str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith(
        "note: the CSV layout has no column for, and left out: the timeline's description\n"
    )
    assert "The race to the Moon — 7 events" in result.stdout


def test_the_sheet_reads_as_the_newsroom_meant_it() -> None:
    race = _build_module().build()
    assert race.title == "The race to the Moon"
    by_id = {event.id: event for event in race}
    assert str(by_id["1957-the-space-race"].when) == "1957/1969"
    assert by_id["1957-the-space-race"].kind == "era"
    landing = by_id["1969-07-20-apollo-11-lands-on-the-moon"]
    assert str(landing.when) == "1969-07-20T20:17+00:00[UTC]/1969-07-21T02:56+00:00[UTC]"
    assert landing.media == Media(
        "https://commons.wikimedia.org/wiki/File:Aldrin_Apollo_11_original.jpg",
        caption="Buzz Aldrin on the Moon",
        credit="NASA / Neil Armstrong",
    )
    assert dict(landing.extra["timelinejs"]) == {"background": "#0b0b2b"}
    assert by_id["1968-12-apollo-8-orbits-the-moon"].when.phrase == "December 1968"
    assert by_id["1970-04-apollo-13"].status is Status.CANCELLED
    assert by_id["1961-04-12-gagarin-orbits-the-earth"].description == (
        "Yuri Gagarin becomes the first person in space.\n\nVostok 1 lands after 108 minutes."
    )


def test_the_formats_agree() -> None:
    race = _build_module().build()
    assert timeline.load(EXAMPLE / "timeline.json") == race
    assert timeline.load(EXAMPLE / "timeline.yaml") == race
    assert timeline.load(EXAMPLE / "timeline.ics") == race
    assert from_csv((EXAMPLE / "timeline.csv").read_bytes(), title=race.title) == attrs.evolve(race, description=None)
    back = from_timelinejs(json.loads((EXAMPLE / "timelinejs.json").read_text(encoding="utf-8")))
    assert [(event.id, event.title, event.when, event.media) for event in back] == [
        (event.id, event.title, event.when, event.media) for event in race
    ]
