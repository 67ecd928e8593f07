"""The second worked example, examples/vellin-pass: disputed accounts, a self-correction and a log of corrections.

How the exports *display* disputes and corrections is not pinned here, only what
they must hold whatever the display (every event, its sources, the log's revision
data), so that changing the display means running ``build.py`` again and
reviewing the diff, not rewriting these tests. Byte-for-byte reproduction is
checked against the committed files.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import icalendar
import vobject

import timeline
from test_markdown import check_page, check_python_markdown
from timeline import Rank, Timeline
from timeline.log import EventLog

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "vellin-pass"
REBUILD = "run python examples/vellin-pass/build.py and review the diff"


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("vellin_build", EXAMPLE / "build.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)


def test_build_reproduces_every_committed_file(tmp_path: Path) -> None:
    build = _build_module()
    build.write(tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(build.OUTPUTS)
    committed = sorted(path.name for path in EXAMPLE.iterdir() if path.name not in ("build.py", "__pycache__"))
    assert committed == sorted(build.OUTPUTS), f"examples/vellin-pass holds other files than build.py writes: {REBUILD}"
    for name in build.OUTPUTS:
        expected = EXAMPLE / name
        assert (tmp_path / name).read_bytes() == expected.read_bytes(), f"{name} differs from build.py's: {REBUILD}"


def test_build_is_deterministic(tmp_path: Path) -> None:
    build = _build_module()
    build.write(tmp_path / "first")
    build.write(tmp_path / "second")
    build.write(tmp_path / "second")  # over its own files: the log is started again, not appended to
    for name in build.OUTPUTS:
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes(), name


def _story() -> Timeline:
    return timeline.load(EXAMPLE / "timeline.json")


def test_two_outlets_disagree_on_the_date_of_the_rockfall() -> None:
    rockfall = _story().get("rockfall")
    assert rockfall is not None
    assert not rockfall.when.is_dated, "the editor does not choose between them"
    assert rockfall.disputed
    accounts = {str(account.when): account for account in rockfall.date_accounts}
    assert sorted(accounts) == ["2026-02-11", "2026-02-12"]
    publishers = {when: {c.source.publisher for c in account.citations} for when, account in accounts.items()}
    assert publishers == {"2026-02-11": {"The Vellin Valley Courier"}, "2026-02-12": {"Radio Tessford"}}
    assert str(rockfall.effective_when) == "2026-02-11", "a disputed event sorts by its earliest possible date"
    story = _story()
    assert [event.id for event in story.between("2026-02-12", "2026-02-12")] == ["rockfall", "shelter-opens"]
    assert "rockfall" not in {event.id for event in story.between("2026-02-12", "2026-02-12", certain=True)}


def test_two_outlets_disagree_on_the_place_of_the_shelter() -> None:
    shelter = _story().get("shelter-opens")
    assert shelter is not None
    assert shelter.place is None
    assert shelter.place_disputed
    assert not shelter.disputed
    assert [account.place.name for account in shelter.place_accounts if account.place] == [
        "Harrowmere village hall",
        "Tessford primary school",
    ]


def test_the_courier_corrects_its_own_date_and_the_first_one_is_kept_deprecated() -> None:
    convoy = _story().get("first-convoy")
    assert convoy is not None
    assert not convoy.disputed
    assert str(convoy.effective_when) == "2026-02-14"
    [deprecated] = [account for account in convoy.accounts if account.rank is Rank.DEPRECATED]
    assert str(deprecated.when) == "2026-02-13"
    assert deprecated.reason is not None
    assert "corrected by the Courier" in deprecated.reason
    [counting] = convoy.date_accounts
    outlets = {citation.source.publisher for citation in counting.citations}
    assert {citation.source.publisher for citation in deprecated.citations} <= outlets, "the same outlet corrects"


def test_every_format_holds_the_same_story() -> None:
    story = _story()
    assert timeline.load(EXAMPLE / "timeline.yaml") == story
    with EventLog(EXAMPLE / "timeline.jsonl") as log:
        assert log.timeline() == story
    assert all(event.all_citations for event in story), "every event cites a source"
    assert "made-up" in story.title
    assert story.description is not None
    assert "do not exist" in story.description


def test_the_log_records_the_corrections_with_their_reasons_and_sources() -> None:
    with EventLog(EXAMPLE / "timeline.jsonl") as log:
        log.verify()
        morning = log.timeline(as_of=_utc(2026, 2, 12, 12))
        rockfall = morning.get("rockfall")
        assert rockfall is not None
        assert not rockfall.disputed, "in the morning only the Courier had reported"
        evening = log.timeline(as_of=_utc(2026, 2, 12, 23, 59)).get("rockfall")
        assert evening is not None
        assert evening.disputed

        before, after = log.timeline(as_of=_utc(2026, 2, 28)), log.timeline(as_of=_utc(2026, 3, 2))
        planned, moved = before.get("road-reopens"), after.get("road-reopens")
        assert planned is not None
        assert moved is not None
        assert (str(planned.when), planned.status.value) == ("2026-03-03", "planned")
        assert (str(moved.when), moved.status.value) == ("2026-03-10", "planned")
        [change] = log.diff(_utc(2026, 2, 28), _utc(2026, 3, 2)).changed
        assert (change.id, change.fields) == ("road-reopens", ("when", "citations"))

        [correction] = [revision for revision in log.history("road-reopens") if revision.at == _utc(2026, 3, 1, 9, 15)]
        assert correction.why is not None
        assert correction.why.note is not None
        assert "moved the reopening" in correction.why.note
        assert correction.why.citation is not None
        assert correction.why.citation.source.title == "Notice 17/2026: reopening moved to 10 March"
        for revision in log:
            assert revision.why is not None, f"revision {revision.seq} says why"
            assert revision.at.year == 2026, "recorded times are fixed, not the clock's"


def test_the_exports_with_revisions_carry_every_event_and_its_revisions() -> None:
    story = _story()
    with EventLog(EXAMPLE / "timeline.jsonl") as log:
        revisions = log.revisions()
    data = (EXAMPLE / "revised.ics").read_bytes()
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert len(vobject.readOne(data.decode("utf-8")).vevent_list) == len(events) == len(story)
    by_id = {str(event["UID"]).split("@")[0]: event for event in events}
    assert sorted(by_id) == sorted(event.id for event in story)
    for event_id, revised in revisions.items():
        entry = by_id[event_id]
        assert entry["SEQUENCE"] == revised.count - 1, event_id
        assert entry.decoded("CREATED") == revised.created, event_id
        assert entry.decoded("LAST-MODIFIED") == revised.modified, event_id
    assert revisions["road-reopens"].count == 3

    page = (EXAMPLE / "revised.md").read_text("utf-8")
    check_page(story, page, revisions=revisions)
    check_python_markdown(story, page)


def test_build_script_prints_the_story(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLE / "build.py"), str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert result.stderr == ""
    assert "The Vellin Pass closure, winter 2026 (a made-up story) — 4 events" in result.stdout
    assert "date disputed: 11 Feb 2026 or 12 Feb 2026" in result.stdout
    assert "place disputed: Harrowmere village hall or Tessford primary school" in result.stdout
    assert "earlier reported as 13 Feb 2026 — corrected by the Courier on 16 February" in result.stdout
    assert "moved the reopening by a week" in result.stdout
