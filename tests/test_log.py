"""The event log's API: revisions, recorded times, as-of queries, history, diffs, batches, durability."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import attrs
import pendulum
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from strategies import timelines
from timeline import Account, Citation, Event, InvalidInputError, Relation, Source, Timeline, TimelineError, When
from timeline.log import Change, EventLog, Operation, Reason
from timeline.model import Revisions, Update

START = dt.datetime(2025, 12, 16, 12, 0, tzinfo=dt.UTC)
NYT = Source("The New York Times", key="nyt")


def ticking(start: dt.datetime = START, step: dt.timedelta = dt.timedelta(minutes=1)) -> Callable[[], dt.datetime]:
    """A clock that moves on by ``step`` each time it is read."""
    count = itertools.count()
    return lambda: start + step * next(count)


def minute(n: int) -> dt.datetime:
    return START + dt.timedelta(minutes=n)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "log.jsonl"


@pytest.fixture
def log(path: Path) -> EventLog:
    opened = EventLog(path, title="Talks", clock=ticking())
    yield opened
    opened.close()


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_bytes().splitlines()]


def test_a_new_log_has_a_header_line_and_reopens_with_its_title(path: Path) -> None:
    with EventLog(path, title="Talks in Berlin", description="What the reports say.") as log:
        assert (log.title, log.description, len(log)) == ("Talks in Berlin", "What the reports say.", 0)
    header = lines(path)[0]
    assert header["format"] == "timeline-log"
    assert header["version"] == 1
    assert header["title"] == "Talks in Berlin"
    with EventLog(path) as log:
        assert log.title == "Talks in Berlin"
        assert log.timeline() == Timeline("Talks in Berlin", description="What the reports say.")


def test_opening_needs_a_title_for_a_new_log_and_the_right_one_for_an_old(path: Path) -> None:
    with pytest.raises(TimelineError, match="no such log; give a title"):
        EventLog(path)
    assert not path.exists()
    path.write_bytes(b"")
    with pytest.raises(TimelineError, match="the log is empty; give a title"):
        EventLog(path)
    EventLog(path, title="Talks").close()
    with pytest.raises(InvalidInputError, match=r'title: .* is the log of "Talks"'):
        EventLog(path, title="Other")
    with pytest.raises(InvalidInputError, match="title: must not be empty"):
        EventLog(path.with_name("new.jsonl"), title=" ")
    assert not path.with_name("new.jsonl").exists()


def test_a_closed_log_refuses_work(log: EventLog) -> None:
    log.close()
    with pytest.raises(TimelineError, match="the log is closed"):
        log.put(Event("a", "A"), by="me")
    with pytest.raises(TimelineError, match="the log is closed"):
        log.timeline()


def test_put_returns_the_revision_written_on_its_line(log: EventLog, path: Path) -> None:
    event = Event("talks", "Talks", "2025-12-14/2025-12-15", citations=[Citation(NYT, attribution="officials")])
    why = Reason("first report", citation=Citation(Source("Reuters", key="reuters"), quote="talks began"))
    revision = log.put(event, by="editor", why=why)
    header, line = path.read_bytes().splitlines()
    assert revision.seq == 1
    assert revision.op is Operation.PUT
    assert (revision.event, revision.event_id, revision.by, revision.why) == (event, "talks", "editor", why)
    assert revision.at == pendulum.datetime(2025, 12, 16, 12, 0, tz="UTC")
    assert revision.at.timezone_name == "UTC"
    assert revision.prev == json.loads(header)["hash"]
    unsealed = line[: line.rindex(b',"hash":')] + b"}"
    assert revision.hash == hashlib.sha256(unsealed).hexdigest() == json.loads(line)["hash"]
    data = json.loads(line)
    assert data["at"] == "2025-12-16T12:00:00.000000Z"
    assert data["event"]["citations"][0]["source"] == "nyt"
    assert set(data["sources"]) == {"nyt", "reuters"}, "each line carries the sources it cites"


def test_revisions_read_back_equal_to_those_returned(path: Path) -> None:
    with EventLog(path, title="Talks", clock=ticking()) as log:
        written = [
            log.put(Event("a", "A", citations=[Citation(NYT)]), by="me", why="reported"),
            log.put(Event("b", "B", relations=[Relation("follows", "a")]), by="you", why=Citation(NYT)),
            log.retract("b", by="me"),
        ]
    with EventLog(path) as log:
        assert list(log) == written
        assert len(log) == 3
        assert [revision.seq for revision in log] == [1, 2, 3]
        assert written[2].event is None
        assert written[2].op is Operation.RETRACT


def test_why_takes_a_note_a_citation_or_both(log: EventLog) -> None:
    citation = Citation(NYT)
    assert log.put(Event("a", "A"), by="me", why="a note").why == Reason("a note")
    assert log.put(Event("b", "B"), by="me", why=citation).why == Reason(citation=citation)
    assert log.put(Event("c", "C"), by="me").why is None
    with pytest.raises(InvalidInputError, match=r"^note: give a note, a citation or both"):
        Reason()
    with pytest.raises(InvalidInputError, match="why: expected a note, a Citation or a Reason, got int"):
        log.put(Event("d", "D"), by="me", why=5)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"why\.note: must not be empty"):
        log.put(Event("d", "D"), by="me", why=" ")
    with pytest.raises(InvalidInputError, match="by: must not be empty"):
        log.put(Event("d", "D"), by="")
    other_nyt = Source("The New York Times", title="Another article", key="nyt")
    with pytest.raises(
        InvalidInputError, match=r'^why\.citation\.source: the source key "nyt" names another source elsewhere'
    ):
        log.put(Event("d", "D", citations=[Citation(NYT)]), by="me", why=Citation(other_nyt))
    with pytest.raises(InvalidInputError, match="event: expected an Event, got dict"):
        log.put({"id": "d"}, by="me")  # type: ignore[arg-type]
    assert len(log) == 3


def test_recorded_times_come_from_the_clock_and_stay_strictly_increasing(path: Path) -> None:
    stuck = dt.datetime(2025, 12, 16, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    with EventLog(path, title="Talks", clock=lambda: stuck) as log:
        first = log.put(Event("a", "A"), by="me")
        second = log.put(Event("b", "B"), by="me")
    assert first.at == pendulum.datetime(2025, 12, 16, 11, 0, tz="UTC")
    assert second.at == first.at.add(microseconds=1)


def test_an_injected_time_must_be_after_the_last(log: EventLog, path: Path) -> None:
    log.put(Event("a", "A"), by="me", at=minute(10))
    before = path.read_bytes()
    with pytest.raises(InvalidInputError, match=r"at: 2025-12-16T12:05:00.000000Z is not after 2025-12-16T12:10"):
        log.put(Event("b", "B"), by="me", at=minute(5))
    with pytest.raises(InvalidInputError, match=r"at: .* is not after"):
        log.put(Event("b", "B"), by="me", at=minute(10))
    with pytest.raises(InvalidInputError, match="at: 2026-01-01T00:00:00 has no time zone"):
        log.put(Event("b", "B"), by="me", at=dt.datetime(2026, 1, 1))
    assert path.read_bytes() == before
    assert log.put(Event("b", "B"), by="me", at=minute(11)).seq == 2


@pytest.fixture
def revised(log: EventLog) -> EventLog:
    """A meeting first reported as planned, then as having happened on a day, then retracted."""
    log.put(Event("talks", "Talks", "2025-12", status="planned"), by="editor", at=minute(1))
    log.put(Event("docs", "Documents"), by="editor", at=minute(2))
    log.put(Event("talks", "Talks in Berlin", "2025-12-15"), by="editor", why="confirmed", at=minute(3))
    log.retract("docs", by="editor", why="denied", at=minute(4))
    return log


def test_timeline_as_of_shows_what_was_believed_then(revised: EventLog) -> None:
    assert len(revised.timeline(as_of=minute(0))) == 0
    then = revised.timeline(as_of=minute(2))
    assert [(event.id, event.status.value, str(event.when)) for event in then] == [
        ("talks", "planned", "2025-12"),
        ("docs", "happened", ""),
    ]
    later = revised.timeline(as_of=minute(3) + dt.timedelta(seconds=30))
    assert later.get("talks") == Event("talks", "Talks in Berlin", "2025-12-15")
    assert "docs" in later
    now = revised.timeline()
    assert [event.id for event in now] == ["talks"]
    assert revised.timeline(as_of=minute(4)) == now
    assert revised.timeline(title="Renamed").title == "Renamed"


def test_history_lists_every_revision_of_one_event(revised: EventLog) -> None:
    history = revised.history("docs")
    assert [(revision.seq, revision.op, revision.why) for revision in history] == [
        (2, Operation.PUT, None),
        (4, Operation.RETRACT, Reason("denied")),
    ]
    assert [revision.event.title for revision in revised.history("talks") if revision.event] == [
        "Talks",
        "Talks in Berlin",
    ]
    assert revised.history("never") == ()


def test_diff_names_added_changed_and_retracted_events(revised: EventLog) -> None:
    first = revised.diff(minute(0), minute(2))
    assert [event.id for event in first.added] == ["docs", "talks"]
    assert (first.changed, first.retracted) == ((), ())
    second = revised.diff(minute(2))
    assert second.added == ()
    assert second.changed == (
        Change(
            Event("talks", "Talks", "2025-12", status="planned"),
            Event("talks", "Talks in Berlin", "2025-12-15"),
            ("title", "when", "status"),
        ),
    )
    assert second.changed[0].id == "talks"
    assert second.retracted == (Event("docs", "Documents"),)
    assert not revised.diff(minute(4), minute(9))


def test_an_event_put_again_unchanged_is_no_change(log: EventLog) -> None:
    log.put(Event("a", "A"), by="me", at=minute(1))
    log.put(Event("a", "A"), by="you", at=minute(2))
    assert not log.diff(minute(1), minute(2))
    assert len(log.history("a")) == 2


def test_revisions_give_exporters_first_and_last_times_and_counts(revised: EventLog) -> None:
    talks = Revisions(
        created=pendulum.datetime(2025, 12, 16, 12, 1, tz="UTC"),
        modified=pendulum.datetime(2025, 12, 16, 12, 3, tz="UTC"),
        count=2,
        updates=[
            Update(
                minute(3),
                fields=("title", "when", "status"),
                before=When.parse("2025-12"),
                after=When.parse("2025-12-15"),
                note="confirmed",
            )
        ],
    )
    assert revised.revisions() == {"talks": talks}
    assert revised.revisions(as_of=minute(2)) == {
        "docs": Revisions(created=minute(2), modified=minute(2), count=1),
        "talks": Revisions(created=minute(1), modified=minute(1), count=1),
    }
    revised.put(Event("docs", "Documents, after all"), by="editor", at=minute(5))
    # The retraction is no update of its own: the put that brings the event back is compared with the last put.
    assert revised.revisions()["docs"] == Revisions(
        created=minute(2), modified=minute(5), count=3, updates=[Update(minute(5), fields=("title",))]
    )


def test_appends_that_would_make_an_invalid_timeline_are_refused(log: EventLog, path: Path) -> None:
    log.put(Event("talks", "Talks", citations=[Citation(NYT)]), by="me")
    log.put(Event("docs", "Documents", relations=[Relation("part_of", "talks")]), by="me")
    before = path.read_bytes()
    with pytest.raises(InvalidInputError, match=r'event.relations\[0\].target: follows points at "nowhere"'):
        log.put(Event("later", "Later", relations=[Relation("follows", "nowhere")]), by="me")
    with pytest.raises(
        InvalidInputError, match=r"event\.relations: part_of goes round in a circle: talks → docs → talks"
    ):
        log.put(Event("talks", "Talks", relations=[Relation("part_of", "docs")]), by="me")
    other_nyt = Source("The New York Times", url="https://www.nytimes.com/", key="nyt")
    with pytest.raises(
        InvalidInputError,
        match=r'event.citations\[0\].source: the source key "nyt" names a different source in "talks"',
    ):
        log.put(Event("more", "More", citations=[Citation(other_nyt)]), by="me")
    with pytest.raises(InvalidInputError, match='event_id: there is no event "nowhere" in the log to retract'):
        log.retract("nowhere", by="me")
    with pytest.raises(InvalidInputError, match='event_id: "talks" cannot be retracted while "docs" point at it'):
        log.retract("talks", by="me")
    assert path.read_bytes() == before
    # Replacing the only event that cites a source may change that source.
    log.put(Event("talks", "Talks", citations=[Citation(other_nyt)]), by="me")
    assert log.timeline().sources == (other_nyt,)


def test_the_citations_of_accounts_are_recorded_and_checked(log: EventLog, path: Path) -> None:
    agency = Source("Agency A", key="agency-a")
    summit = Event(
        "summit",
        "Summit",
        accounts=[Account(when="2026-03-03", citations=[Citation(agency)]), Account(when="2026-03-04")],
    )
    log.put(summit, by="me", why=Reason("first reports", citation=Citation(agency)))
    assert lines(path)[1]["sources"] == {"agency-a": {"publisher": "Agency A"}}
    with EventLog(path) as reopened:
        assert reopened.timeline().get("summit") == summit
        reopened.verify()
    impostor = Source("Agency B", key="agency-a")
    before = path.read_bytes()
    with pytest.raises(
        InvalidInputError,
        match=r'event.accounts\[0\].citations\[0\].source: the source key "agency-a" names a different source',
    ):
        log.put(Event("talks", "Talks", accounts=[Account(place="Lyon", citations=[Citation(impostor)])]), by="me")
    assert path.read_bytes() == before


def test_relations_may_point_both_ways_when_added_in_steps(log: EventLog) -> None:
    log.put(Event("a", "A"), by="me")
    log.put(Event("b", "B", relations=[Relation("follows", "a")]), by="me")
    log.put(Event("a", "A", relations=[Relation("causes", "b")]), by="me")
    assert log.timeline().get("a") == Event("a", "A", relations=[Relation("causes", "b")])


class _Calls:
    """Records the log's writes and fsyncs, in order."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[str, int]] = []
        write, fsync = os.write, os.fsync

        def spy_write(descriptor: int, data: bytes) -> int:
            self.calls.append(("write", bytes(data).count(b"\n")))
            return write(descriptor, data)

        def spy_fsync(descriptor: int) -> None:
            self.calls.append(("fsync", 0))
            fsync(descriptor)

        monkeypatch.setattr(os, "write", spy_write)
        monkeypatch.setattr(os, "fsync", spy_fsync)


def test_an_append_is_written_and_synced_before_it_returns(log: EventLog, monkeypatch: pytest.MonkeyPatch) -> None:
    spy = _Calls(monkeypatch)
    log.put(Event("a", "A"), by="me")
    assert spy.calls == [("write", 1), ("fsync", 0)]


def test_durable_false_skips_the_sync(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    EventLog(path, title="Talks").close()
    spy = _Calls(monkeypatch)
    with EventLog(path, durable=False) as log:
        log.put(Event("a", "A"), by="me")
        log.put(Event("b", "B"), by="me")
    assert spy.calls == [("write", 1), ("write", 1)]
    with EventLog(path) as log:
        assert len(log) == 2


def test_a_batch_writes_once_and_syncs_once(log: EventLog, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spy = _Calls(monkeypatch)
    with log.batch():
        first = log.put(Event("a", "A"), by="me")
        with log.batch():
            log.put(Event("b", "B", relations=[Relation("follows", "a")]), by="me")
        assert [event.id for event in log.timeline()] == ["a", "b"], "reads in a batch see its revisions"
        assert spy.calls == []
    assert spy.calls == [("write", 2), ("fsync", 0)]
    assert first.seq == 1
    with EventLog(path) as reopened:
        assert [revision.event_id for revision in reopened] == ["a", "b"]


def test_a_batch_that_raises_writes_nothing(log: EventLog, path: Path) -> None:
    log.put(Event("a", "A"), by="me")
    before = path.read_bytes()

    def change_then_fail() -> None:
        with log.batch():
            log.put(Event("b", "B"), by="me")
            log.retract("a", by="me")
            log.put(Event("c", "C", relations=[Relation("follows", "a")]), by="me")

    with pytest.raises(InvalidInputError, match="points at"):
        change_then_fail()
    assert path.read_bytes() == before
    assert [event.id for event in log.timeline()] == ["a"]
    assert len(log) == 1
    assert log.put(Event("b", "B", relations=[Relation("follows", "a")]), by="me").seq == 2


def test_two_logs_on_one_file_in_threads_chain_every_revision(path: Path) -> None:
    EventLog(path, title="Talks").close()
    logs = [EventLog(path), EventLog(path)]

    def work(number: int) -> None:
        log = logs[number % 2]
        for item in range(25):
            log.put(Event(f"t{number}-{item % 5}", f"thread {number} item {item}"), by=f"thread {number}")

    threads = [threading.Thread(target=work, args=(number,)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for log in logs:
        log.close()
    with EventLog(path) as log:
        log.verify()
        titles = sorted(revision.event.title for revision in log if revision.event)
    assert titles == sorted(f"thread {number} item {item}" for number in range(4) for item in range(25))


def test_a_log_replaced_on_disk_refuses_appends(log: EventLog, path: Path) -> None:
    log.put(Event("a", "A"), by="me")
    path.rename(path.with_name("moved.jsonl"))
    with pytest.raises(TimelineError, match="the log file was removed or replaced; open it again"):
        log.put(Event("b", "B"), by="me")


def test_a_log_that_cannot_be_written_can_still_be_read(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with EventLog(path, title="Talks") as log:
        log.put(Event("a", "A"), by="me")
    real_open = os.open

    def read_only(file: object, flags: int, *args: int) -> int:
        if flags & (os.O_RDWR | os.O_WRONLY):
            raise PermissionError(13, "Permission denied")
        return real_open(file, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only)
    with EventLog(path) as log:
        assert [event.id for event in log.timeline()] == ["a"]
        with pytest.raises(TimelineError, match="the log is read-only here; cannot append"):
            log.put(Event("b", "B"), by="me")


def _record(log: EventLog, timeline: Timeline) -> None:
    """Put every event of ``timeline``: first without relations, then whole (relations may go both ways)."""
    with log.batch():
        for event in timeline:
            log.put(attrs.evolve(event, relations=()), by="me")
        for event in timeline:
            if event.relations:
                log.put(event, by="me")


@settings(max_examples=25, deadline=None)
@given(timelines(max_events=5))
def test_a_recorded_timeline_reads_back_equal(timeline: Timeline) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.jsonl"
        with EventLog(path, title="Round trip", durable=False) as log:
            _record(log, timeline)
        with EventLog(path) as log:
            assert log.timeline().events == timeline.events
            log.verify()


_IDS = ("a", "b", "c")
_SOURCES = (Source("One", key="k"), Source("Two", key="k"), Source("Three"))


def _operations() -> st.SearchStrategy[list[tuple[str, object]]]:
    relation = st.builds(Relation, st.sampled_from(["part_of", "part_of", "follows"]), st.sampled_from(_IDS))
    event = st.builds(
        lambda event_id, relations, sources: Event(
            event_id,
            f"Event {event_id}",
            relations=[item for item in dict.fromkeys(relations) if item.target != event_id],
            citations=[Citation(source) for source in sources],
        ),
        st.sampled_from(_IDS),
        st.lists(relation, max_size=3),
        st.lists(st.sampled_from(_SOURCES), max_size=2),
    )
    operation = st.one_of(
        st.tuples(st.just("put"), event),
        st.tuples(st.just("retract"), st.sampled_from(_IDS)),
    )
    return st.lists(operation, max_size=25)


def _valid(events: list[Event]) -> bool:
    try:
        Timeline("check", events)
    except InvalidInputError:
        return False
    return True


@settings(max_examples=200, deadline=None)
@given(_operations())
@example(
    [
        ("put", Event("b", "B")),
        ("put", Event("a", "A", relations=[Relation("part_of", "b")])),
        ("put", Event("c", "C", relations=[Relation("part_of", "a")])),
        ("put", Event("b", "B", relations=[Relation("part_of", "c")])),
        ("retract", "b"),
    ]
)
@example(
    [
        ("put", Event("a", "A", citations=[Citation(_SOURCES[0])])),
        ("put", Event("b", "B", citations=[Citation(_SOURCES[1])])),
        ("put", Event("a", "A", citations=[Citation(_SOURCES[1])])),
        ("put", Event("b", "B", citations=[Citation(_SOURCES[1]), Citation(_SOURCES[0])])),
    ]
)
def test_the_log_accepts_exactly_the_appends_that_keep_a_valid_timeline(
    operations: list[tuple[str, object]],
) -> None:
    believed: dict[str, Event] = {}
    with (
        tempfile.TemporaryDirectory() as folder,
        EventLog(Path(folder) / "log.jsonl", title="Rules", durable=False) as log,
    ):
        for kind, value in operations:
            if kind == "put":
                assert isinstance(value, Event)
                others = [event for key, event in believed.items() if key != value.id]
                expected = _valid([*others, value])
                try:
                    log.put(value, by="me")
                except InvalidInputError:
                    accepted = False
                else:
                    accepted = True
                    believed[value.id] = value
            else:
                assert isinstance(value, str)
                expected = value in believed and _valid([event for key, event in believed.items() if key != value])
                try:
                    log.retract(value, by="me")
                except InvalidInputError:
                    accepted = False
                else:
                    accepted = True
                    del believed[value]
            assert accepted == expected, (kind, value, believed)
        assert log.timeline().events == Timeline("check", believed.values()).events


def _targets_first_oracle(events: list[Event]) -> list[str]:
    """Each event in the given order, preceded by the targets among them it waits for, first visited first."""
    by_id = {event.id: event for event in events}
    placed: list[str] = []

    def visit(event: Event) -> None:
        if event.id in placed:
            return
        for relation in event.relations:
            if relation.target in by_id:
                visit(by_id[relation.target])
        placed.append(event.id)

    for event in events:
        visit(event)
    return placed


def _put_all_order(events: list[Event]) -> list[str]:
    with tempfile.TemporaryDirectory() as folder, EventLog(Path(folder) / "l.jsonl", title="T", durable=False) as log:
        return [revision.event_id for revision in log.put_all(events, by="editor")]


@settings(max_examples=40, deadline=None)
@given(data=st.data(), count=st.integers(1, 12))
def test_put_all_records_each_event_right_after_the_targets_it_waits_for(data: st.DataObject, count: int) -> None:
    events = []
    for number in range(count):
        targets = data.draw(st.sets(st.integers(0, number - 1), max_size=3)) if number else set()
        relations = [Relation("follows", f"e{target}") for target in sorted(targets)]
        events.append(Event(f"e{number}", f"E{number}", relations=relations))
    shuffled = data.draw(st.permutations(events))
    assert _put_all_order(shuffled) == _targets_first_oracle(shuffled)


def test_put_all_keeps_the_given_order_where_nothing_waits() -> None:
    # Recording by rounds (everything that points at nothing first, as graphlib orders) would give c, b, a.
    events = [Event("a", "A", relations=[Relation("follows", "c")]), Event("b", "B"), Event("c", "C")]
    assert _put_all_order(events) == ["c", "a", "b"]


def test_put_all_records_only_new_and_changed_events_targets_first(tmp_path: Path) -> None:
    at = dt.datetime(2025, 12, 16, 12, tzinfo=dt.UTC)
    with EventLog(tmp_path / "all.jsonl", title="All") as log:
        log.put(Event("kept", "Kept", "2025-12-01"), by="editor", at=at)
        # "meeting" sorts first (it is dated) but points at "plan", which is new too.
        meeting = Event("meeting", "Meeting", "2025-12-14", relations=[Relation("follows", "plan")])
        plan = Event("plan", "Plan", status="planned")
        chain = [Event(f"step-{n}", f"Step {n}", relations=[Relation("follows", f"step-{n + 1}")]) for n in range(2000)]
        chain.append(Event("step-2000", "Step 2000"))
        written = log.put_all(
            [Event("kept", "Kept", "2025-12-01"), meeting, plan, *chain], by="editor", at=at + dt.timedelta(hours=1)
        )
        assert [revision.event_id for revision in written[:2]] == ["plan", "meeting"]
        assert "kept" not in {revision.event_id for revision in written}
        assert len(written) == 2 + 2001
        assert written[-1].event_id == "step-0"
        times = [revision.at for revision in written]
        assert times[0] == at + dt.timedelta(hours=1)
        assert all(later - earlier == dt.timedelta(microseconds=1) for earlier, later in itertools.pairwise(times))
        assert log.put_all([meeting, plan], by="editor") == ()
        with pytest.raises(InvalidInputError, match="not an event"):
            log.put_all([Event("orphan", "Orphan", relations=[Relation("follows", "missing")])], by="editor")
        assert log.timeline().get("orphan") is None
