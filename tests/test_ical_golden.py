"""Golden calendars: each ``examples/*/timeline.ics`` is, byte for byte, ``to_ical`` of its ``timeline.json``.

The worked example's calendar must exist: a missing one is a failure, not a skip.
Set ``TIMELINE_REGENERATE=1`` to write the calendars anew (then review the diff).
The call is the one ``timeline.save(t, "timeline.ics")`` makes: ``to_ical(t)``.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import icalendar
import pytest
import vobject

import timeline
from timeline.errors import OmittedEventsWarning
from timeline.formats.ical import from_ical, to_ical

ROOT = Path(__file__).resolve().parent.parent
WORKED_EXAMPLE = ROOT / "examples" / "berlin-2025" / "timeline.ics"
CALENDARS = sorted({*(ROOT / "examples").glob("*/timeline.ics"), WORKED_EXAMPLE})


@pytest.mark.parametrize("golden", CALENDARS, ids=lambda path: path.parent.name)
def test_the_calendar_of_an_example_is_its_golden_file(golden: Path) -> None:
    t = timeline.load(golden.with_suffix(".json"))
    undated = [event.id for event in t if not event.when.is_dated]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = to_ical(t)
    assert [w.message.event_ids for w in caught if isinstance(w.message, OmittedEventsWarning)] == (
        [tuple(undated)] if undated else []
    )
    if os.environ.get("TIMELINE_REGENERATE") == "1":
        golden.write_bytes(data)
    assert golden.exists(), f"{golden} is missing: run with TIMELINE_REGENERATE=1 to write it"
    assert data == golden.read_bytes(), f"{golden.name} differs from to_ical's output"
    dated = [event for event in t if event.when.is_dated]
    assert from_ical(golden.read_bytes()) == timeline.Timeline(t.title, dated, description=t.description, extra=t.extra)
    assert len(icalendar.Calendar.from_ical(golden.read_bytes()).walk("VEVENT")) == len(dated)
    assert len(vobject.readOne(golden.read_text("utf-8")).vevent_list) == len(dated)
