"""A second worked example: sources that disagree, an outlet that corrects itself, and a log of corrections.

The story is made up, and so is everything in it: the Vellin valley, its villages,
its newspaper, its radio station and its roads authority. In February 2026 a
rockfall closes the road over the Vellin Pass:

- the *Courier* puts the rockfall on the night of 11 February, *Radio Tessford* on
  the 12th: two accounts of the date, neither preferred, so the date is disputed;
- they also disagree on where the shelter for stranded drivers opened: a place in
  dispute;
- the *Courier* dated the first convoy over the quarry track to the 13th, then
  corrected itself: the 14th. Its first account stays, deprecated, with the reason;
- the roads authority announced the reopening for 3 March, then moved it to
  10 March: a correction recorded in the event log with its reason and source.

This script records the story in an event log, ``timeline.jsonl``, as it was
learned, each revision at a fixed recorded time so that every file is the same on
every run, and writes what the log believes now beside itself:

    python examples/vellin-pass/build.py            # writes the files, prints the story
    python examples/vellin-pass/build.py OUT_DIR    # writes them into OUT_DIR instead

``timeline.json``, ``timeline.yaml`` and ``timeline.html`` hold the timeline;
``revised.md`` and ``revised.ics`` are exported with the log's revisions
(``revisions=log.revisions()``), so they say when each event was last revised.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import timeline
from timeline import Account, Citation, Event, Place, Rank, Relation, Source, Status, Timeline
from timeline.formats.ical import to_ical
from timeline.formats.markdown import to_markdown
from timeline.log import EventLog, Reason

HERE = Path(__file__).resolve().parent
EDITOR = "valley desk"
TITLE = "The Vellin Pass closure, winter 2026 (a made-up story)"
DESCRIPTION = (
    "A fictional story, made up to show competing accounts and corrections: the Vellin valley, its villages, "
    "its outlets and its roads authority do not exist. The two local outlets disagree on the night of the "
    "rockfall and on where the shelter opened; the Courier corrected its date for the first convoy; the "
    "roads authority moved the reopening by a week."
)

COURIER = "The Vellin Valley Courier"
RADIO = "Radio Tessford"
AUTHORITY = "Vellin Roads Authority"

COURIER_ROCKFALL = Source(COURIER, title="Rockfall shuts the pass road", published="2026-02-12", key="courier-rockfall")
COURIER_CONVOY = Source(
    COURIER, title="Convoy takes stranded drivers home", published="2026-02-13", key="courier-convoy"
)
COURIER_CORRECTION = Source(
    COURIER, title="Correction: the convoy left on Saturday", published="2026-02-16", key="courier-correction"
)
RADIO_BULLETIN = Source(RADIO, title="Morning bulletin", published="2026-02-12", key="radio-bulletin")
RADIO_REOPENING = Source(RADIO, title="Pass road open again", published="2026-03-10", key="radio-reopening")
NOTICE_14 = Source(AUTHORITY, title="Notice 14/2026: Vellin Pass road", published="2026-02-20", key="notice-14")
NOTICE_17 = Source(
    AUTHORITY, title="Notice 17/2026: reopening moved to 10 March", published="2026-03-01", key="notice-17"
)

PASS = Place("Vellin Pass")
VILLAGE_HALL = Place("Harrowmere village hall")
SCHOOL = Place("Tessford primary school")


def at(day: int, hour: int, minute: int = 0, *, month: int = 2) -> dt.datetime:
    """A recorded time in 2026, UTC: when the desk learned something."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=dt.UTC)


ROCKFALL_COURIER = Account(
    when="2026-02-11",
    citations=[Citation(COURIER_ROCKFALL, quote="late on Wednesday night, tons of rock came down", locator="para. 1")],
)
ROCKFALL_RADIO = Account(
    when="2026-02-12",
    citations=[Citation(RADIO_BULLETIN, quote="in the early hours of this morning", locator="07:00 bulletin")],
)
SHELTER_COURIER = Account(
    place=VILLAGE_HALL,
    citations=[Citation(COURIER_ROCKFALL, quote="the village hall at Harrowmere opened its doors", locator="para. 4")],
)
SHELTER_RADIO = Account(
    place=SCHOOL,
    citations=[Citation(RADIO_BULLETIN, quote="drivers are being put up at Tessford primary school")],
)
CONVOY_FIRST = Account(
    when="2026-02-13",
    citations=[Citation(COURIER_CONVOY, quote="Friday’s convoy", locator="para. 1")],
)
CONVOY_CORRECTED = Account(
    when="2026-02-14",
    citations=[
        Citation(COURIER_CORRECTION, quote="the convoy left on Saturday 14 February, not on Friday"),
        Citation(RADIO_BULLETIN, attribution="listeners’ reports"),
    ],
)

ROCKFALL = Event(
    "rockfall",
    "A rockfall closes the Vellin Pass road",
    description="Rock and mud bury the pass road above Harrowmere; nobody is hurt; about forty drivers are stranded.",
    kind="incident",
    status=Status.HAPPENED,
    place=PASS,
    tags=("road", "weather"),
    accounts=[ROCKFALL_COURIER],
)
SHELTER = Event(
    "shelter-opens",
    "A shelter opens for stranded drivers",
    "2026-02-12",
    kind="response",
    status=Status.HAPPENED,
    actors=("volunteers",),
    tags=("road",),
    accounts=[SHELTER_COURIER],
)
CONVOY = Event(
    "first-convoy",
    "The first escorted convoy leaves by the quarry track",
    description="Cars stranded above the rockfall are led down the old quarry track in one escorted convoy.",
    kind="response",
    status=Status.HAPPENED,
    actors=(AUTHORITY,),
    tags=("road",),
    relations=[Relation("related", "rockfall")],
    accounts=[CONVOY_FIRST],
)
REOPENING = Event(
    "road-reopens",
    "The Vellin Pass road reopens",
    "2026-03-03",
    kind="milestone",
    status=Status.PLANNED,
    place=PASS,
    actors=(AUTHORITY,),
    tags=("road",),
    citations=[Citation(NOTICE_14, quote="the road is expected to reopen on Tuesday 3 March")],
    relations=[Relation("follows", "rockfall")],
)


def record(folder: Path) -> EventLog:
    """Record the story in ``folder/timeline.jsonl`` as the desk learned it; return the log, open."""
    path = folder / "timeline.jsonl"
    folder.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    log = EventLog(path, title=TITLE, description=DESCRIPTION)
    first = Citation(COURIER_ROCKFALL)
    log.put(ROCKFALL, by=EDITOR, why=first, at=at(12, 7, 30))
    log.put(SHELTER, by=EDITOR, why=first, at=at(12, 8, 10))
    # The radio's bulletin disagrees on the date and on the shelter: both accounts are kept.
    bulletin = Citation(RADIO_BULLETIN)
    log.put(
        ROCKFALL.evolve(accounts=[ROCKFALL_COURIER, ROCKFALL_RADIO], relations=[Relation("causes", "shelter-opens")]),
        by=EDITOR,
        why=Reason("Radio Tessford puts the rockfall on the 12th; both dates are kept.", citation=bulletin),
        at=at(12, 18, 45),
    )
    log.put(
        SHELTER.evolve(accounts=[SHELTER_COURIER, SHELTER_RADIO]),
        by=EDITOR,
        why=Reason("Radio Tessford names another place for the shelter.", citation=bulletin),
        at=at(12, 19, 0),
    )
    log.put(CONVOY, by=EDITOR, why=Citation(COURIER_CONVOY), at=at(13, 20, 0))
    # The Courier corrects itself: its first date stays, deprecated, with the reason.
    corrected = CONVOY.evolve(
        accounts=[
            Account(
                when=CONVOY_FIRST.when,
                citations=CONVOY_FIRST.citations,
                rank=Rank.DEPRECATED,
                reason="corrected by the Courier on 16 February: the convoy left on the 14th",
            ),
            CONVOY_CORRECTED,
        ]
    )
    log.put(
        corrected,
        by=EDITOR,
        why=Reason("The Courier corrected its date.", citation=Citation(COURIER_CORRECTION)),
        at=at(16, 10, 30),
    )
    log.put(REOPENING, by=EDITOR, why=Citation(NOTICE_14), at=at(20, 12, 0))
    # The roads authority moves the reopening: a correction with its reason and source.
    moved = Citation(NOTICE_17, quote="the reopening is put back to Tuesday 10 March")
    log.put(
        REOPENING.evolve(when="2026-03-10", citations=[*REOPENING.citations, moved]),
        by=EDITOR,
        why=Reason(
            "The roads authority moved the reopening by a week: the retaining wall needs more work.", citation=moved
        ),
        at=at(1, 9, 15, month=3),
    )
    reopened = Citation(RADIO_REOPENING, quote="the first cars crossed the pass at noon")
    log.put(
        REOPENING.evolve(when="2026-03-10", status=Status.HAPPENED, citations=[*REOPENING.citations, moved, reopened]),
        by=EDITOR,
        why=reopened,
        at=at(10, 17, 0, month=3),
    )
    return log


OUTPUTS = ("timeline.jsonl", "timeline.json", "timeline.yaml", "timeline.html", "revised.md", "revised.ics")
"""The files written, by name. The last two are exported with the log's revisions."""


def write(folder: Path) -> Timeline:
    """Record the story and save what the log believes now into ``folder``: every file of :data:`OUTPUTS`."""
    with record(folder) as log:
        believed = log.timeline()
        revisions = log.revisions()
    for name in ("timeline.json", "timeline.yaml", "timeline.html"):
        timeline.save(believed, folder / name)
    (folder / "revised.md").write_bytes(to_markdown(believed, revisions=revisions).encode("utf-8"))
    (folder / "revised.ics").write_bytes(to_ical(believed, revisions=revisions))
    return believed


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else HERE
    story = write(folder)
    print(f"{story.title} — {len(story)} events\n")
    for event in story:
        notes = []
        if event.disputed:
            notes.append("date disputed: " + " or ".join(a.when.label() for a in event.date_accounts if a.when))
        if event.place_disputed:
            notes.append("place disputed: " + " or ".join(a.place.name for a in event.place_accounts if a.place))
        notes.extend(
            f"earlier reported as {account.when.label()} — {account.reason}"
            for account in event.accounts
            if account.rank is Rank.DEPRECATED and account.when is not None
        )
        shown = event.effective_when.label()
        print(f"  {shown:<12} {event.title} [{event.status.value}]")
        for note in notes:
            print(f"  {'':<12}   {note}")
    with EventLog(folder / "timeline.jsonl") as log:
        print("\nhistory of the reopening:")
        for revision in log.history("road-reopens"):
            assert revision.event is not None
            why = revision.why
            assert why is not None
            said = why.note
            if said is None and why.citation is not None:
                said = f"{why.citation.source.publisher}, “{why.citation.source.title}”"
            print(f"  {revision.at:%Y-%m-%d %H:%M} UTC  {revision.event.when.label()} [{revision.event.status.value}]")
            print(f"  {'':<20}  {said}")
    print(f"\nwrote {', '.join(str(folder / name) for name in OUTPUTS)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
