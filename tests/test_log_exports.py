"""Exports of a timeline kept in an event log: a revised event reaches calendars as an update."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest

from timeline import Event
from timeline.formats.ical import to_ical
from timeline.log import EventLog

RECORDED = dt.datetime(2025, 12, 16, 12, 0, tzinfo=dt.UTC)
REVISED = dt.datetime(2026, 1, 20, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def log(tmp_path: Path) -> EventLog:
    opened = EventLog(tmp_path / "talks.jsonl", title="Talks")
    opened.put(Event("talks", "Talks in Berlin", "2025-12-14/2025-12-15", status="scheduled"), by="me", at=RECORDED)
    opened.put(Event("summit", "Summit", "2026-02"), by="me", at=RECORDED + dt.timedelta(minutes=1))
    yield opened
    opened.close()


def exported(log: EventLog, as_of: dt.datetime | None = None) -> bytes:
    return to_ical(log.timeline(as_of=as_of), revisions=log.revisions(as_of=as_of))


def vevents(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def times(event: icalendar.Event) -> tuple[int, dt.datetime, dt.datetime, dt.datetime]:
    return (
        int(event["SEQUENCE"]),
        event["DTSTAMP"].dt,
        event["CREATED"].dt,
        event["LAST-MODIFIED"].dt,
    )


def test_revising_an_event_raises_its_sequence_and_moves_its_stamp(log: EventLog) -> None:
    before = vevents(exported(log))
    uid = next(uid for uid in before if uid.startswith("talks@"))
    assert times(before[uid]) == (0, RECORDED, RECORDED, RECORDED)

    log.put(Event("talks", "Talks in Berlin", "2025-12-15", status="happened"), by="me", at=REVISED)
    after = vevents(exported(log))
    assert set(after) == set(before), "the UID stays, so calendars update the event"
    assert times(after[uid]) == (1, REVISED, RECORDED, REVISED)
    assert str(after[uid]["STATUS"]) == "CONFIRMED"
    summit = next(uid for uid in after if uid.startswith("summit@"))
    assert times(after[summit]) == times(before[summit]), "an event not revised is exported as before"


def test_the_calendar_as_of_a_past_time_is_the_one_exported_then(log: EventLog) -> None:
    then = exported(log)
    log.put(Event("talks", "Talks in Berlin", "2025-12-15", status="happened"), by="me", at=REVISED)
    log.retract("summit", by="me", at=REVISED + dt.timedelta(hours=1))
    assert exported(log, as_of=REVISED - dt.timedelta(days=1)) == then
    assert [uid.split("@")[0] for uid in vevents(exported(log))] == ["talks"]
