"""The worked example through a real CalDAV server: uploaded with ``caldav``, read back unchanged."""

from __future__ import annotations

import warnings
from pathlib import Path

import caldav
import icalendar
import pytest

import timeline
from _radicale import radicale_server
from timeline import Timeline
from timeline.errors import OmittedEventsWarning
from timeline.formats.ical import from_ical, to_ical

__all__ = ["radicale_server"]  # the fixture, used by name below

EXAMPLE = Path(__file__).parent.parent / "examples" / "berlin-2025" / "timeline.json"


def resources(data: bytes) -> dict[str, bytes]:
    """One calendar object per event, as CalDAV stores them: the calendar's own lines,
    the VTIMEZONEs the event needs and the VEVENT, by UID."""
    lines = data.decode("utf-8").split("\r\n")[:-1]
    head: list[str] = []
    zones: dict[str, list[str]] = {}
    events: dict[str, list[str]] = {}
    block: list[str] = []
    depth = 0
    for line in lines:
        if line.startswith("BEGIN:") and line != "BEGIN:VCALENDAR":
            depth += 1
        if depth == 0:
            if line != "END:VCALENDAR":
                head.append(line)
            continue
        block.append(line)
        if line.startswith("END:"):
            depth -= 1
            if depth == 0:
                if block[0] == "BEGIN:VTIMEZONE":
                    zones[block[1].removeprefix("TZID:")] = block
                else:
                    unfolded = "\r\n".join(block).replace("\r\n ", "").split("\r\n")
                    uid = next(item for item in unfolded if item.startswith("UID:")).removeprefix("UID:")
                    events[uid] = block
                block = []
    found = {}
    for uid, event in events.items():
        needed = [tzid for tzid in zones if any(f"TZID={tzid}:" in item for item in event)]
        body = head + [item for tzid in needed for item in zones[tzid]] + event + ["END:VCALENDAR"]
        found[uid] = ("\r\n".join(body) + "\r\n").encode("utf-8")
    return found


def test_resources_split_a_calendar_into_equal_parts() -> None:
    t = Timeline(
        "T", [timeline.Event("a", "A", "2025-01-01T10:00+01:00[Europe/Berlin]"), timeline.Event("b", "B", "2025")]
    )
    parts = resources(to_ical(t, namespace="timeline"))
    assert sorted(parts) == ["a@timeline", "b@timeline"]
    assert b"BEGIN:VTIMEZONE" in parts["a@timeline"]
    assert b"BEGIN:VTIMEZONE" not in parts["b@timeline"]
    assert [event for part in parts.values() for event in from_ical(part)] == list(t.events)


def test_the_worked_example_through_radicale(radicale_server: str) -> None:
    example = timeline.load(EXAMPLE)
    with pytest.warns(OmittedEventsWarning):
        data = to_ical(example, stamp=None)
    dated = [event for event in example if event.when.is_dated]
    uploads = resources(data)
    assert len(uploads) == len(dated) >= 3

    client = caldav.DAVClient(url=radicale_server, username="timeline", password="unused")
    calendar = client.principal().make_calendar(name="Worked example")
    for upload in uploads.values():
        # Event.save, not Calendar.save_event: that one also writes RELATED-TO;RELTYPE=CHILD into
        # each parent on the server, which would change the events uploaded.
        caldav.Event(client=client, data=upload.decode("utf-8"), parent=calendar).save(
            no_overwrite=True, increase_seqno=False
        )

    fetched = {}
    for item in calendar.events():
        text = item.data.encode("utf-8") if isinstance(item.data, str) else item.data
        (vevent,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
        fetched[str(vevent["UID"])] = text
    assert sorted(fetched) == sorted(uploads)

    for uid, text in fetched.items():
        assert sorted(_event_lines(text)) == sorted(_event_lines(uploads[uid])), uid  # order is not significant
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        read_back = from_ical(b"".join(fetched[uid] for uid in sorted(fetched)))  # one file of many VCALENDARs
    assert read_back == Timeline(example.title, dated, description=example.description, extra=example.extra)


def _event_lines(data: bytes) -> list[str]:
    """The VEVENT's unfolded content lines."""
    lines = data.decode("utf-8").replace("\r\n ", "").replace("\n ", "").replace("\r\n", "\n").split("\n")
    start, end = lines.index("BEGIN:VEVENT"), lines.index("END:VEVENT")
    return lines[start : end + 1]
