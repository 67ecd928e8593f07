"""``timeline log`` as a new user meets it: recorded times, dates in queries, the log's title and description."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import timeline
from test_cli import BERLIN, command, run
from timeline import Event, Timeline
from timeline.log import EventLog


def test_put_refuses_a_bare_date_as_the_recorded_time_and_starts_no_log(tmp_path: Path) -> None:
    log = tmp_path / "berlin.jsonl"
    put = run("log", "put", str(log), str(BERLIN), "--by", "editor", "--at", "2026-03-05")
    assert put.status == 1
    assert put.stdout == b""
    assert put.stderr == (
        "timeline: --at: '2026-03-05' is a date: a recorded time needs the time of day and its zone,"
        " like 2026-03-05T09:00:00Z\n"
    )
    assert not log.exists(), "a refused put starts no log"


def test_retract_refuses_a_bare_date_and_leaves_the_log_as_it_was(tmp_path: Path) -> None:
    log = tmp_path / "berlin.jsonl"
    assert run("log", "put", str(log), str(BERLIN), "--by", "editor", "--at", "2026-03-05T09:00Z").status == 0
    before = log.read_bytes()
    retract = run("log", "retract", str(log), "troops-800k", "--by", "editor", "--at", "2026-03-06")
    assert retract.status == 1
    assert "timeline: --at: '2026-03-06' is a date: a recorded time needs the time of day" in retract.stderr
    assert log.read_bytes() == before


def test_put_names_what_it_could_not_read_as_a_recorded_time(tmp_path: Path) -> None:
    log = tmp_path / "berlin.jsonl"
    for at, message in [
        ("yesterday", "'yesterday' is not a date and time with a zone, like 2026-03-05T09:00:00Z"),
        (
            "2026-03",
            "'2026-03' is a date: a recorded time needs the time of day and its zone, like 2026-03-05T09:00:00Z",
        ),
        ("2026-03-05T09:00", "'2026-03-05T09:00' has no zone; end it in Z or an offset such as +01:00"),
        ("2026-03-05T25:00Z", "'2026-03-05T25:00Z' is not a date and time like 2025-12-16T12:00:00Z"),
    ]:
        put = run("log", "put", str(log), str(BERLIN), "--by", "editor", "--at", at)
        assert (put.status, put.stderr) == (1, f"timeline: --at: {message}\n"), at
    assert not log.exists()


def test_a_put_on_a_day_is_shown_as_of_that_day(tmp_path: Path) -> None:
    """The trap the bare date set: revisions recorded on a day are all believed as of that day."""
    log = tmp_path / "berlin.jsonl"
    # Eight revisions, one microsecond apart, the last at the very end of 5 March.
    put = run("log", "put", str(log), str(BERLIN), "--by", "editor", "--at", "2026-03-05T23:59:59.999992Z")
    assert put.status == 0, put.stderr
    shown = run("log", "show", str(log), "--as-of", "2026-03-05")
    assert shown.text.startswith("Security guarantees for Ukraine — 8 events\n")
    before = run("log", "show", str(log), "--as-of", "2026-03-04")
    assert before.text.startswith("Security guarantees for Ukraine — 0 events\n")


_DAYS = [dt.date(2026, 3, 4) + dt.timedelta(days=n) for n in range(3)]
_OFFSETS = [dt.timedelta(hours=hours) for hours in (-11, -5, 0, 1, 5, 14)]


@st.composite
def _recorded_times(draw: st.DrawFn) -> list[dt.datetime]:
    """Up to four increasing recorded times with zones, bunched around the midnights between the days."""
    moments = draw(
        st.lists(
            st.builds(
                lambda day, seconds, offset: (
                    dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC) + dt.timedelta(seconds=seconds)
                ).astimezone(dt.timezone(offset)),
                st.sampled_from(_DAYS),
                st.sampled_from([0, 1, 3_600, 43_200, 86_399, 86_400 - 1e-6, -1, -3_600]),
                st.sampled_from(_OFFSETS),
            ),
            min_size=1,
            max_size=4,
            unique_by=lambda moment: moment.astimezone(dt.UTC),
        )
    )
    return sorted(moments, key=lambda moment: moment.astimezone(dt.UTC))


@settings(max_examples=30, deadline=None)
@given(_recorded_times(), st.sampled_from([_DAYS[0] - dt.timedelta(days=1), *_DAYS, _DAYS[-1] + dt.timedelta(days=1)]))
def test_as_of_a_date_believes_exactly_what_was_recorded_by_the_end_of_that_day_in_utc(
    moments: list[dt.datetime], day: dt.date
) -> None:
    """Brute force: the events shown as of a date are those put at a time whose UTC date is on or before it."""
    with tempfile.TemporaryDirectory() as folder:
        log, source = Path(folder) / "log.jsonl", Path(folder) / "events.json"
        events = [Event(f"e{number}", f"Event {number}", "2026-03") for number in range(len(moments))]
        timeline.save(Timeline("Times", events), source)
        for event, moment in zip(events, moments, strict=True):
            put = run("log", "put", str(log), str(source), "--id", event.id, "--by", "me", "--at", moment.isoformat())
            assert put.status == 0, put.stderr
        shown = run("log", "show", str(log), "--as-of", day.isoformat(), "--to", "json")
        assert shown.status == 0, shown.stderr
        believed = [event["id"] for event in json.loads(shown.stdout)["events"]]
        expected = [
            event.id for event, moment in zip(events, moments, strict=True) if moment.astimezone(dt.UTC).date() <= day
        ]
        assert sorted(believed) == sorted(expected)
        diff = run("log", "diff", str(log), (day - dt.timedelta(days=1)).isoformat(), day.isoformat())
        on_the_day = [
            f"+ {event.id}: {event.title}"
            for event, moment in zip(events, moments, strict=True)
            if moment.astimezone(dt.UTC).date() == day
        ]
        assert diff.text.splitlines() == (sorted(on_the_day) or ["no changes"])


def test_the_help_says_what_a_date_means_for_each_option() -> None:
    put = command("log", "put", "--help").stdout.decode()
    assert "(a date alone is refused)" in " ".join(put.split())
    shown = " ".join(command("log", "show", "--help").stdout.decode().split())
    assert "or a date: the end of that day in UTC" in shown
    diff = " ".join(command("log", "diff", "--help").stdout.decode().split())
    assert "A date stands for the end of that day in UTC" in diff


def _header(log: Path) -> dict[str, object]:
    header: dict[str, object] = json.loads(log.read_bytes().splitlines()[0])
    return header


def test_a_new_log_keeps_the_files_title_and_description(tmp_path: Path) -> None:
    log = tmp_path / "berlin.jsonl"
    report = timeline.load(BERLIN)
    assert report.description is not None
    put = run("log", "put", str(log), str(BERLIN), "--by", "editor", "--at", "2025-12-16T12:00Z")
    assert put.status == 0, put.stderr
    assert (_header(log)["title"], _header(log)["description"]) == (report.title, report.description)
    exported = run("log", "show", str(log), "--to", "json")
    assert timeline.from_json(exported.text) == report, "the log gives back the file it recorded, description and all"


def test_description_and_title_start_a_log_with_the_ones_given(tmp_path: Path) -> None:
    log = tmp_path / "berlin.jsonl"
    put = run(
        "log", "put", str(log), str(BERLIN), "--by", "editor", "--title", "Berlin", "--description", "Our own notes."
    )
    assert put.status == 0, put.stderr
    with EventLog(log) as opened:
        assert (opened.title, opened.description) == ("Berlin", "Our own notes.")
    markdown = run("log", "show", str(log), "--to", "md")
    assert markdown.text.startswith("# Berlin\n")
    assert "\nOur own notes.\n" in markdown.text


def test_an_existing_log_keeps_its_header_and_refuses_another(tmp_path: Path) -> None:
    log = tmp_path / "berlin.jsonl"
    assert run("log", "put", str(log), str(BERLIN), "--by", "editor", "--description", "First.").status == 0
    other = tmp_path / "other.json"
    timeline.save(Timeline("Another title", [Event("extra", "Extra")], description="Another description."), other)
    before = log.read_bytes()
    for option, value, held in [
        ("--description", "Second.", '"First."'),
        ("--title", "Renamed", '"Security guarantees for Ukraine"'),
    ]:
        refused = run("log", "put", str(log), str(other), "--by", "editor", option, value)
        assert refused.status == 1
        assert refused.stderr == (
            f"timeline: {option}: {log} already exists with the {option[2:]} {held}; a log keeps the {option[2:]}"
            " it was started with (leave the option out to record into it)\n"
        )
        assert log.read_bytes() == before
    same = run("log", "put", str(log), str(other), "--by", "editor", "--description", "First.")
    assert same.status == 0, same.stderr
    kept = run(
        "log", "put", str(log), str(other), "--by", "editor"
    )  # FILE's own title and description are not the log's
    assert kept.status == 0, kept.stderr
    assert (_header(log)["title"], _header(log)["description"]) == ("Security guarantees for Ukraine", "First.")
    assert timeline.from_json(run("log", "show", str(log), "--to", "json").text).description == "First."


VELLIN = BERLIN.parent.parent / "vellin-pass" / "timeline.json"


def test_the_table_dates_and_places_events_by_their_accounts_and_lists_each_disputed_one() -> None:
    shown = run("show", str(VELLIN))
    assert shown.status == 0, shown.stderr
    rows = {line.split("  happened  ")[1].split("  ")[0]: line for line in shown.text.splitlines()[3:]}
    assert rows["A rockfall closes the Vellin Pass road"].startswith("11 Feb 2026 or 12 Feb 2026  ")
    assert rows["A shelter opens for stranded drivers"].endswith("Harrowmere village hall or Tessford primary school")
    assert rows["The first escorted convoy leaves by the quarry track"].startswith("14 Feb 2026  "), (
        "a deprecated account is not shown as a date"
    )
    assert "no date yet" not in shown.text
    checked = run("check", str(VELLIN))
    assert checked.text == f"{VELLIN}: ok, 4 events (4 dated)\n"


def test_log_show_as_of_a_date_shows_the_dispute_as_it_stood(tmp_path: Path) -> None:
    log = tmp_path / "story.jsonl"
    story = timeline.load(VELLIN)
    rockfall = story.get("rockfall")
    assert rockfall is not None
    first = tmp_path / "first.json"
    timeline.save(Timeline(story.title, [rockfall.evolve(accounts=rockfall.accounts[:1], relations=())]), first)
    later = tmp_path / "later.json"
    timeline.save(Timeline(story.title, [rockfall.evolve(relations=())]), later)
    assert run("log", "put", str(log), str(first), "--by", "desk", "--at", "2026-02-12T07:30Z").status == 0
    assert run("log", "put", str(log), str(later), "--by", "desk", "--at", "2026-02-13T18:45Z").status == 0
    on_the_12th = run("log", "show", str(log), "--as-of", "2026-02-12")
    assert on_the_12th.text.splitlines()[3].startswith("11 Feb 2026  happened  A rockfall")
    on_the_13th = run("log", "show", str(log), "--as-of", "2026-02-13")
    assert on_the_13th.text.splitlines()[3].startswith("11 Feb 2026 or 12 Feb 2026  happened  A rockfall")
