"""A revised event reaches a CalDAV client as an update of the same event, not a copy."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import caldav
import icalendar

from _radicale import radicale_server
from test_ical_radicale import resources
from timeline import Event, EventLog, to_ical

__all__ = ["radicale_server"]  # the fixture, used by name below

FIRST = dt.datetime(2025, 12, 16, 12, tzinfo=dt.UTC)
SECOND = dt.datetime(2026, 1, 20, 9, tzinfo=dt.UTC)


def _calendar_of(log: EventLog, as_of: dt.datetime) -> dict[str, bytes]:
    """The log's calendar as believed at ``as_of``, one CalDAV object per event, by UID."""
    return resources(to_ical(log.timeline(as_of), revisions=log.revisions(as_of), namespace="timeline"))


def _upload(calendar: caldav.Calendar, client: caldav.DAVClient, objects: dict[str, bytes]) -> None:
    for data in objects.values():
        caldav.Event(client=client, data=data.decode("utf-8"), parent=calendar).save(increase_seqno=False)


def _fetched(calendar: caldav.Calendar) -> list[icalendar.Event]:
    found = []
    for item in calendar.events():
        text = item.data.encode("utf-8") if isinstance(item.data, str) else item.data
        found.extend(icalendar.Calendar.from_ical(text).walk("VEVENT"))
    return found


def test_a_client_receives_the_revised_version(radicale_server: str, tmp_path: Path) -> None:
    with EventLog(tmp_path / "talks.jsonl", title="Talks") as log:
        log.put(Event("talks", "Talks in Berlin", "2025-12", status="planned"), by="editor", at=FIRST)
        log.put(Event("other", "Another meeting", "2025-12-20"), by="editor", at=FIRST + dt.timedelta(seconds=1))
        client = caldav.DAVClient(url=radicale_server, username="timeline", password="unused")
        calendar = client.principal().make_calendar(name="Talks")
        _upload(calendar, client, _calendar_of(log, FIRST + dt.timedelta(seconds=1)))
        [before] = [event for event in _fetched(calendar) if str(event["UID"]) == "talks@timeline"]
        assert int(before["SEQUENCE"]) == 0
        assert str(before["SUMMARY"]) == "Talks in Berlin (Dec 2025)"

        log.put(Event("talks", "Talks in Berlin", "2025-12-14/2025-12-15"), by="editor", why="dated", at=SECOND)
        _upload(calendar, client, _calendar_of(log, SECOND))

        fetched = _fetched(calendar)
        assert sorted(str(event["UID"]) for event in fetched) == ["other@timeline", "talks@timeline"]
        [after] = [event for event in fetched if str(event["UID"]) == "talks@timeline"]
        assert int(after["SEQUENCE"]) == 1
        assert str(after["SUMMARY"]) == "Talks in Berlin"
        assert after["DTSTART"].dt == dt.date(2025, 12, 14)
        assert after["DTEND"].dt == dt.date(2025, 12, 16)
        assert after["LAST-MODIFIED"].dt == SECOND
        assert after["CREATED"].dt == FIRST
        assert after["DTSTAMP"].dt == SECOND
        [other] = [event for event in fetched if str(event["UID"]) == "other@timeline"]
        assert int(other["SEQUENCE"]) == 0
