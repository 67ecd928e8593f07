"""The worked example as an event log: what was believed about the report, and when.

This script records the timeline of ``timeline.json`` in an event log,
``timeline.jsonl``, and then revises it, each revision at a fixed recorded time so
that the file is the same on every run:

    python examples/berlin-2025/log.py            # writes timeline.jsonl, prints what it shows
    python examples/berlin-2025/log.py OUT_DIR    # writes it into OUT_DIR instead

1. On 16 Dec 2025, the report's publication date, every event of the report is
   recorded, citing it.
2. The later revisions are **illustrations** of how a log is used, not reporting:
   no real source stands behind them. On 17 Dec an entry recorded twice by
   mistake is retracted; on 20 Jan 2026 a milestone moves from proposed to planned,
   citing a made-up follow-up source that says plainly that it is an illustration.

It then asks the log what was believed before and after the last revision.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from pathlib import Path

import attrs

import timeline
from timeline import Citation, Confidence, Event, Source, Status
from timeline.log import EventLog, Reason

HERE = Path(__file__).resolve().parent
EDITOR = "example editor"

RECORDED = dt.datetime(2025, 12, 16, 12, 0, tzinfo=dt.UTC)
"""When the report is recorded: on its publication date (about 16 Dec 2025)."""
MISTAKE = dt.datetime(2025, 12, 17, 8, 30, tzinfo=dt.UTC)
CORRECTED = dt.datetime(2025, 12, 17, 9, 0, tzinfo=dt.UTC)
REVISED = dt.datetime(2026, 1, 20, 9, 0, tzinfo=dt.UTC)
BEFORE, AFTER = dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.datetime(2026, 2, 1, tzinfo=dt.UTC)

REVISED_ID = "european-deterrent-troops"

ILLUSTRATION = Source(
    "Illustrative source (not a real publication)",
    title="A made-up follow-up report, to show how a log records a revision",
    key="illustration",
)
"""The source of the illustrative revision. It stands for whatever later report a
user would cite; nothing in it is a claim about the world."""


def in_recording_order(events: Iterable[Event]) -> list[Event]:
    """The events, each after the events its relations point at (a log refuses dangling relations)."""
    pending, recorded, order = list(events), set[str](), []
    while pending:
        ready = [event for event in pending if all(relation.target in recorded for relation in event.relations)]
        if not ready:
            raise ValueError("relations go round in a circle; record those events in two steps")
        for event in ready:
            order.append(event)
            recorded.add(event.id)
        pending = [event for event in pending if event.id not in recorded]
    return order


def write(folder: Path) -> EventLog:
    """Record the report and the illustrative revisions in ``folder/timeline.jsonl``; return the log, open."""
    report = timeline.load(HERE / "timeline.json")
    path = folder / "timeline.jsonl"
    folder.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    log = EventLog(path, title=report.title, description=report.description)
    with log.batch():
        for second, event in enumerate(in_recording_order(report)):
            log.put(
                event,
                by=EDITOR,
                why="Recorded from the report, on its publication date.",
                at=RECORDED + dt.timedelta(seconds=second),
            )

    talks = report.get("berlin-talks")
    assert talks is not None
    log.put(
        attrs.evolve(talks, id="berlin-meeting"),
        by=EDITOR,
        why="Illustration: the Berlin talks recorded a second time, under another id, by mistake.",
        at=MISTAKE,
    )
    log.retract(
        "berlin-meeting",
        by=EDITOR,
        why="Illustration: a duplicate of berlin-talks, recorded by mistake, is retracted.",
        at=CORRECTED,
    )

    milestone = report.get(REVISED_ID)
    assert milestone is not None
    follow_up = Citation(
        ILLUSTRATION,
        quote="Illustration only: the deployment is now planned.",
        confidence=Confidence.UNCONFIRMED,
    )
    log.put(
        attrs.evolve(milestone, status=Status.PLANNED, citations=(*milestone.citations, follow_up)),
        by=EDITOR,
        why=Reason(
            "Illustration only, not reporting: how a milestone moves from proposed to planned"
            " when a later source says so.",
            citation=follow_up,
        ),
        at=REVISED,
    )
    return log


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else HERE
    with write(folder) as log:
        print(f"{log.title} — {len(log)} revisions in {log.path}\n")
        for when in (BEFORE, AFTER):
            believed = log.timeline(as_of=when)
            event = believed.get(REVISED_ID)
            assert event is not None
            print(f"as of {when:%d %b %Y}: {len(believed)} events; {REVISED_ID} is {event.status.value}")
        changes = log.diff(BEFORE, AFTER)
        for change in changes.changed:
            print(f"\nchanged between them: {change.id} ({', '.join(change.fields)})")
        print("\nhistory of the milestone:")
        for revision in log.history(REVISED_ID):
            note = revision.why.note if revision.why is not None else ""
            print(f"  {revision.at:%Y-%m-%d %H:%M} UTC  #{revision.seq} {revision.op.value} by {revision.by}: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
