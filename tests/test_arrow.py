"""Arrow and Parquet: lossless round trips, the derived date columns, and the SQL recipes of the docs run in DuckDB."""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import timeline
from strategies import timelines
from timeline import (
    Bound,
    Citation,
    Confidence,
    Event,
    InvalidInputError,
    OneOf,
    Source,
    Timeline,
    TimelineError,
    Unbounded,
    When,
    from_arrow,
    from_parquet,
    to_arrow,
    to_arrow_tables,
    to_parquet,
)
from timeline.log import EventLog

ROOT = Path(__file__).resolve().parent.parent
RECIPES = ROOT / "docs" / "reference" / "sql"
FILE_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def recipe(name: str, engine: str = "duckdb") -> str:
    return (RECIPES / engine / f"{name}.sql").read_text("utf-8")


def run(sql: str, path: Path, **params: object) -> list[tuple[object, ...]]:
    """A DuckDB recipe run on the Parquet file at ``path`` (the recipe names ``events.parquet``)."""
    query = sql.replace("'events.parquet'", f"'{path}'").replace("'revisions.parquet'", f"'{path}'")
    return duckdb.connect().execute(query, params).fetchall()


@given(timelines())
@settings(deadline=None)
def test_the_linked_tables_read_back_as_the_same_timeline(original: Timeline) -> None:
    assert from_arrow(to_arrow_tables(original)) == original


@given(timelines())
@settings(deadline=None)
def test_the_one_table_reads_back_as_the_same_timeline(original: Timeline) -> None:
    table = to_arrow(original)
    assert table.num_rows == len(original)
    assert table.column("id").to_pylist() == [event.id for event in original]
    assert from_arrow(table) == original


@given(timelines())
@FILE_SETTINGS
def test_a_parquet_file_reads_back_as_the_same_timeline(tmp_path: Path, original: Timeline) -> None:
    path = tmp_path / "t.parquet"
    to_parquet(original, path, row_group=3)
    assert from_parquet(path) == original
    assert pq.ParquetFile(path).metadata.num_row_groups == max(1, -(-len(original) // 3))
    timeline.save(original, tmp_path / "saved.parquet")
    assert timeline.load(tmp_path / "saved.parquet") == original


def test_the_file_carries_its_schema_version_and_a_description_of_every_column(tmp_path: Path) -> None:
    to_parquet(Timeline("Talks", [Event("a", "A", "2025-12")]), tmp_path / "t.parquet")
    schema = pq.read_schema(tmp_path / "t.parquet")
    assert schema.metadata[b"timeline.schema"] == b"1"
    assert schema.metadata[b"timeline.table"] == b"events"
    assert all(field.metadata and field.metadata[b"description"] for field in schema)
    metadata = dict(
        duckdb.sql(f"SELECT key::VARCHAR, value::VARCHAR FROM parquet_kv_metadata('{tmp_path}/t.parquet')").fetchall()
    )
    assert metadata["timeline.schema"] == "1"


def test_the_column_types_are_natural_ones(tmp_path: Path) -> None:
    original = Timeline(
        "Talks",
        [Event("a", "A", "2025-12-15T14:00+01:00[Europe/Berlin]", place="Berlin", actors=["x"], tags=["t"])],
    )
    to_parquet(original, tmp_path / "t.parquet")
    frame = pl.read_parquet(tmp_path / "t.parquet")
    assert frame.schema["earliest"] == pl.Date
    assert frame.schema["earliest_at"] == pl.Datetime("us", "UTC")
    assert frame.schema["actors"] == pl.List(pl.String)
    assert frame.row(0, named=True)["earliest_at"] == dt.datetime(2025, 12, 15, 13, 0, tzinfo=dt.UTC)
    assert frame.row(0, named=True)["place"]["name"] == "Berlin"
    types = dict(duckdb.sql(f"DESCRIBE SELECT * FROM '{tmp_path}/t.parquet'").fetchall()[i][:2] for i in range(3))
    assert types == {"id": "VARCHAR", "title": "VARCHAR", "when": "VARCHAR"}


D = dt.date
COLUMNS = (
    "earliest",
    "latest",
    "latest_start",
    "earliest_end",
    "open_start",
    "open_end",
    "unknown_start",
    "unknown_end",
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "2025-12-15",
            (D(2025, 12, 15), D(2025, 12, 15), D(2025, 12, 15), D(2025, 12, 15), False, False, False, False),
        ),
        ("2025-12", (D(2025, 12, 1), D(2025, 12, 31), D(2025, 12, 31), D(2025, 12, 1), False, False, False, False)),
        (
            "2025-12-16~",
            (D(2025, 12, 13), D(2025, 12, 19), D(2025, 12, 19), D(2025, 12, 13), False, False, False, False),
        ),
        ("2025-35", (D(2025, 7, 1), D(2025, 9, 30), D(2025, 9, 30), D(2025, 7, 1), False, False, False, False)),
        ("2025-12-14/..", (D(2025, 12, 14), None, D(2025, 12, 14), None, False, True, False, False)),
        ("2025-12-14/", (D(2025, 12, 14), None, D(2025, 12, 14), D(2025, 12, 14), False, False, False, True)),
        ("../2025-12", (None, D(2025, 12, 31), None, D(2025, 12, 1), True, False, False, False)),
        ("/2025-12", (None, D(2025, 12, 31), D(2025, 12, 31), D(2025, 12, 1), False, False, True, False)),
        # An event that starts some day in 2025 and ends in June starts by 30 June at the latest.
        ("2025/2025-06", (D(2025, 1, 1), D(2025, 6, 30), D(2025, 6, 30), D(2025, 6, 1), False, False, False, False)),
        # A time counts as its day in its own zone.
        (
            "2025-12-16T00:30+01:00[Europe/Berlin]",
            (D(2025, 12, 16), D(2025, 12, 16), D(2025, 12, 16), D(2025, 12, 16), False, False, False, False),
        ),
    ],
)
def test_the_day_columns(text: str, expected: tuple[object, ...]) -> None:
    row = to_arrow(Timeline("T", [Event("e", "E", text)])).to_pylist()[0]
    assert tuple(row[name] for name in COLUMNS) == expected
    assert row["when"] == text


def test_sets_seasons_and_x_digits_get_their_days() -> None:
    rows = to_arrow(
        Timeline(
            "T",
            [
                Event("set", "S", "[2026-02-16..2026-02-20, 2026-03-01]"),
                Event("autumn", "A", "2025-23"),
                Event("decade", "D", "201X"),
            ],
        )
    ).to_pylist()
    by_id = {row["id"]: row for row in rows}
    one_of = by_id["set"]
    assert (one_of["earliest"], one_of["latest"]) == (D(2026, 2, 16), D(2026, 3, 1))
    assert one_of["one_of"] == [
        {"earliest": D(2026, 2, 16), "latest": D(2026, 2, 20)},
        {"earliest": D(2026, 3, 1), "latest": D(2026, 3, 1)},
    ]
    assert (by_id["autumn"]["earliest"], by_id["autumn"]["latest"]) == (D(2025, 9, 1), D(2025, 11, 30))
    assert (by_id["decade"]["earliest"], by_id["decade"]["latest"]) == (D(2010, 1, 1), D(2019, 12, 31))
    assert by_id["decade"]["one_of"] is None


def test_years_before_1_are_days_and_years_beyond_date32_are_flagged(tmp_path: Path) -> None:
    events = Timeline(
        "T",
        [
            Event("ides", "Ides of March", "-0044-03-15"),
            Event("far", "Far future", "Y170000002"),
            Event("deep", "Deep past to now", "Y-170000002/2025"),
        ],
    )
    to_parquet(events, tmp_path / "t.parquet")
    rows = run(
        "SELECT id, earliest::VARCHAR, latest::VARCHAR, out_of_range FROM 'events.parquet' ORDER BY id",
        tmp_path / "t.parquet",
    )
    # Year -44 is 45 BC: DuckDB counts years as historians do.
    assert rows == [
        ("deep", None, "2025-12-31", True),
        ("far", None, None, True),
        ("ides", "0045-03-15 (BC)", "0045-03-15 (BC)", False),
    ]
    assert from_parquet(tmp_path / "t.parquet") == events


def test_the_instant_columns_and_the_other_flags() -> None:
    row = to_arrow(Timeline("T", [Event("e", "E", "2025-10-26T02:30+01:00[Europe/Berlin]/2025-10-27%")])).to_pylist()[0]
    # The second 02:30 of the night the clocks go back is 01:30 UTC.
    assert row["earliest_at"] == dt.datetime(2025, 10, 26, 1, 30, tzinfo=dt.UTC)
    assert row["latest_at"] is None
    assert (row["precision"], row["approximate"], row["uncertain"], row["zone"]) == ("day", True, True, "Europe/Berlin")
    undated = to_arrow(Timeline("T", [Event("u", "U", When.undated("soon"))])).to_pylist()[0]
    assert (undated["when"], undated["phrase"], undated["earliest"], undated["precision"]) == (None, "soon", None, None)
    assert undated["out_of_range"] is False


NEVER = -(10**9)
ALWAYS = 10**9


def _days(bound: Bound) -> tuple[int, int]:
    low, high = bound.earliest, bound.latest
    return D(low.year, low.month, low.day).toordinal(), D(high.year, high.month, high.day).toordinal()


def oracle(events: Timeline, low: dt.date, high: dt.date, *, certain: bool) -> list[str]:
    """The ids whose possible resolutions (any, or all with ``certain``) meet the days low to high.

    A resolution is a start day and an end day, start <= end, each within its
    bound; an open end is without limit, an unknown end anywhere after the start
    (an unknown start anywhere before the end). Checked on every day that can
    make a difference, not by formula. An event's dates are its own when, or its
    counting accounts' (any of them may be the date; certain only if all are),
    each lasting its duration; an at-most duration is certain only of its start.
    """
    found = []
    for event in events:
        said = [account.when for account in event.date_accounts if account.when is not None]
        readings = said if event.disputed else [event.when] if event.when.is_dated or not said else said[:1]
        readings = [event.evolve(when=when, accounts=()).effective_when for when in readings]  # lasting the duration
        if certain and event.duration is not None and event.duration.at_most:
            readings = [When(when.start) if when.is_interval else when for when in readings]
        meets = [_meets(when, low, high, certain=certain) for when in readings if when.is_dated]
        if meets and (all(meets) if certain else any(meets)):
            found.append(event.id)
    return sorted(found)


def _meets(when: When, low: dt.date, high: dt.date, *, certain: bool) -> bool:
    first, last = low.toordinal(), high.toordinal()
    if isinstance(when.start, OneOf):  # one of the members, each one day of its run
        days = [(_days(low_run)[0], _days(high_run)[1]) for low_run, high_run in when.start.runs]
        meets = [
            any(a <= day <= b for a, b in days)
            for day in {first, last, *(side for run in days for side in run)}
            if first <= day <= last
        ]
        return all(a >= first and b <= last for a, b in days) if certain else any(meets)
    start, end = when.start, when.end if when.end is not None else when.start
    if isinstance(start, Bound):
        s_low, s_high = _days(start)
    else:
        s_low, s_high = NEVER, NEVER if start is Unbounded.OPEN else ALWAYS
    if isinstance(end, Bound):
        e_low, e_high = _days(end)
    else:
        e_low, e_high = ALWAYS if end is Unbounded.OPEN else NEVER, ALWAYS
    candidates = {s_low, s_high, e_low, e_high, first - 1, first, last, last + 1}
    starts = [day for day in candidates if s_low <= day <= s_high]
    ends = [day for day in candidates if e_low <= day <= e_high]
    meets = [s <= last and e >= first for s, e in itertools.product(starts, ends) if s <= e]
    return all(meets) if certain else any(meets)


def day_ranges() -> st.SearchStrategy[tuple[dt.date, dt.date]]:
    day = st.one_of(st.dates(D(1890, 1, 1), D(2110, 12, 31)), st.dates())
    return st.lists(day, min_size=2, max_size=2).map(sorted).map(tuple)  # type: ignore[arg-type]


@given(timelines(), day_ranges())
@FILE_SETTINGS
def test_the_possibly_recipe_finds_what_between_and_the_oracle_find(
    tmp_path: Path, events: Timeline, days: tuple[dt.date, dt.date]
) -> None:
    low, high = days
    to_parquet(events, tmp_path / "t.parquet")
    found = sorted(row[0] for row in run(recipe("possibly"), tmp_path / "t.parquet", low=low, high=high))
    assert found == oracle(events, low, high, certain=False)
    assert found == sorted(event.id for event in events.between(low, high))


@given(timelines(), day_ranges())
@FILE_SETTINGS
def test_the_certainly_recipe_finds_what_the_oracle_finds(
    tmp_path: Path, events: Timeline, days: tuple[dt.date, dt.date]
) -> None:
    low, high = days
    to_parquet(events, tmp_path / "t.parquet")
    found = sorted(row[0] for row in run(recipe("certainly"), tmp_path / "t.parquet", low=low, high=high))
    assert found == oracle(events, low, high, certain=True)


@given(timelines(), day_ranges())
@FILE_SETTINGS
def test_the_certainly_recipe_finds_what_between_finds(
    tmp_path: Path, events: Timeline, days: tuple[dt.date, dt.date]
) -> None:
    low, high = days
    to_parquet(events, tmp_path / "t.parquet")
    found = sorted(row[0] for row in run(recipe("certainly"), tmp_path / "t.parquet", low=low, high=high))
    assert found == sorted(event.id for event in events.between(low, high, certain=True))


def test_open_and_unknown_ends_differ_when_certainty_is_asked(tmp_path: Path) -> None:
    events = Timeline(
        "T", [Event("going-on", "Still going on", "2025-12-14/.."), Event("unknown", "End not known", "2025-12-14/")]
    )
    to_parquet(events, tmp_path / "t.parquet")
    later = {"low": D(2026, 3, 1), "high": D(2026, 3, 31)}
    assert run(recipe("certainly"), tmp_path / "t.parquet", **later) == [("going-on",)]
    assert sorted(run(recipe("possibly"), tmp_path / "t.parquet", **later)) == [("going-on",), ("unknown",)]


@given(timelines())
@FILE_SETTINGS
def test_the_counting_recipes_agree_with_the_timeline(tmp_path: Path, events: Timeline) -> None:
    path = tmp_path / "t.parquet"
    to_parquet(events, path)
    per_source = Counter(source.ref for event in events for source in dict.fromkeys(c.source for c in event.citations))
    assert run(recipe("per_source"), path) == sorted(per_source.items())
    per_status = Counter(event.status.value for event in events)
    assert run(recipe("per_status"), path) == sorted(per_status.items())
    disputed = [
        event.id
        for event in events
        if any(c.confidence in (Confidence.DISPUTED, Confidence.DENIED) for c in event.citations)
    ]
    assert [row[0] for row in run(recipe("disputed"), path)] == sorted(disputed)


START = dt.datetime(2025, 12, 16, 12, 0, tzinfo=dt.UTC)


@st.composite
def logged(draw: st.DrawFn) -> tuple[list[tuple[str, str | Event]], Timeline]:
    """Puts and retractions of the events of two timelines, in an order the log accepts."""
    first, second = draw(timelines(5)), draw(timelines(5))
    steps: list[tuple[str, str | Event]] = [("put", event) for event in first]
    steps += [("put", event) for event in second if event.id in first or not event.relations]
    steps += [("retract", event_id) for event_id in draw(st.lists(st.sampled_from([e.id for e in first] or ["x"])))]
    return draw(st.permutations(steps)), first


@given(logged(), st.integers(-1, 30))
@FILE_SETTINGS
def test_the_as_of_recipe_gives_what_the_log_believed(
    tmp_path: Path, plan: tuple[list[tuple[str, str | Event]], Timeline], minutes: int
) -> None:
    steps, _ = plan
    path = tmp_path / f"log-{minutes}-{len(steps)}.jsonl"
    clock = itertools.count()
    with EventLog(path, title="Talks", durable=False, clock=lambda: START + dt.timedelta(minutes=next(clock))) as log:
        for operation, item in steps:
            try:
                if operation == "put":
                    assert isinstance(item, Event)
                    log.put(item, by="desk", why=Citation(Source("Agency", key="agency-k0")) if minutes % 2 else "fix")
                else:
                    assert isinstance(item, str)
                    log.retract(item, by="desk")
            except InvalidInputError:
                continue  # refused: nothing is recorded
        to_parquet(log, tmp_path / "revisions.parquet")
        as_of = START + dt.timedelta(minutes=minutes, seconds=30)
        believed = log.timeline(as_of=as_of) if minutes >= 0 else Timeline("Talks")
        revisions = len(log)
    assert pq.read_metadata(tmp_path / "revisions.parquet").num_rows == revisions
    query = recipe("as_of").replace("'revisions.parquet'", f"'{tmp_path}/revisions.parquet'")
    result = duckdb.connect().sql(query, params={"as_of": as_of}).to_arrow_table()
    assert result.column("event_id").to_pylist() == sorted(event.id for event in believed)
    # The rows found hold the whole events: read them back as a timeline.
    schema = pq.read_schema(tmp_path / "revisions.parquet")
    event_columns = to_arrow(Timeline("T")).column_names
    events = result.select(event_columns).replace_schema_metadata({**schema.metadata, b"timeline.table": b"events"})
    assert from_arrow(events) == believed


def test_a_revision_row_records_who_why_and_when(tmp_path: Path) -> None:
    with EventLog(tmp_path / "log.jsonl", title="Talks") as log:
        log.put(Event("talks", "Talks", "2025-12-14"), by="desk", why="first report", at=START)
        log.retract(
            "talks", by="editor", why=Citation(Source("Agency", key="agency")), at=START + dt.timedelta(hours=1)
        )
        rows = to_arrow(log).to_pylist()
    assert [(row["seq"], row["op"], row["recorded_by"], row["why"], row["recorded_at"]) for row in rows] == [
        (1, "put", "desk", "first report", START),
        (2, "retract", "editor", None, START + dt.timedelta(hours=1)),
    ]
    assert rows[0]["when"] == "2025-12-14"
    assert rows[1]["when"] is None
    assert rows[1]["why_citation"]["source"] == "agency"
    assert [source["publisher"] for source in rows[1]["why_sources"]] == ["Agency"]


def test_bad_tables_are_refused_with_the_place_of_each_problem(tmp_path: Path) -> None:
    table = to_arrow(Timeline("T", [Event("a", "A", "2025-12"), Event("b", "B")]))
    broken = table.set_column(table.column_names.index("when"), "when", pa.array(["2025-13", "2025-02-30"]))
    with pytest.raises(InvalidInputError) as caught:
        from_arrow(broken)
    assert [problem.path for problem in caught.value.problems] == ["events[0].when", "events[1].when"]
    with pytest.raises(InvalidInputError, match='has no column "title"'):
        from_arrow(table.drop_columns(["title"]))
    with pytest.raises(InvalidInputError, match="not written by timeline"):
        from_arrow(table.replace_schema_metadata({}))
    with pytest.raises(InvalidInputError, match='schema version "9"'):
        from_arrow(table.replace_schema_metadata({**table.schema.metadata, b"timeline.schema": b"9"}))
    tables = to_arrow_tables(Timeline("T", [Event("a", "A")]))
    with pytest.raises(InvalidInputError, match="accounts: unknown table"):
        from_arrow({**tables, "accounts": tables["events"]})
    with pytest.raises(InvalidInputError, match="relations: is missing"):
        from_arrow({name: tables[name] for name in ("events", "citations", "sources")})


def test_a_revisions_file_or_another_file_is_not_read_as_a_timeline(tmp_path: Path) -> None:
    with EventLog(tmp_path / "log.jsonl", title="Talks") as log:
        log.put(Event("talks", "Talks"), by="desk")
        to_parquet(log, tmp_path / "revisions.parquet")
    with pytest.raises(InvalidInputError, match=r"revisions\.parquet.*an event log's revisions"):
        from_parquet(tmp_path / "revisions.parquet")
    (tmp_path / "junk.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(InvalidInputError, match="not a Parquet file"):
        from_parquet(tmp_path / "junk.parquet")
    with pytest.raises(TimelineError, match="cannot read"):
        from_parquet(tmp_path / "missing.parquet")


def test_the_command_converts_to_parquet_and_back(tmp_path: Path) -> None:
    original = Timeline("Talks", [Event("a", "A", "2025-12-14/..", tags=["x"])], description="d")
    timeline.save(original, tmp_path / "t.json")
    command = [sys.executable, "-m", "timeline", "convert"]
    subprocess.run([*command, str(tmp_path / "t.json"), str(tmp_path / "t.parquet")], check=True)
    subprocess.run([*command, str(tmp_path / "t.parquet"), str(tmp_path / "back.json")], check=True)
    assert timeline.load(tmp_path / "back.json") == original
    assert duckdb.sql(f"SELECT count(*) FROM '{tmp_path}/t.parquet'").fetchall() == [(1,)]


def test_a_replaced_parquet_file_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    path.write_bytes(b"old")
    path.chmod(0o640)
    to_parquet(Timeline("Talks", [Event("a", "A", "2025-12")]), path)
    assert path.stat().st_mode & 0o777 == 0o640
    assert len(from_parquet(path)) == 1


def test_a_write_that_fails_midway_leaves_the_old_file_and_no_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.parquet"
    old = Timeline("Old", [Event("a", "A", "2025-12")])
    to_parquet(old, path)
    before = path.read_bytes()
    written = 0
    real_row = timeline.formats.arrow._event_row

    def failing_row(event: Event, *, nested: bool) -> dict[str, object]:
        nonlocal written
        written += 1
        if written > 4:
            raise RuntimeError("the disk is gone")
        return real_row(event, nested=nested)

    monkeypatch.setattr(timeline.formats.arrow, "_event_row", failing_row)
    events = [Event(f"e{index}", f"E{index}", "2025-12") for index in range(6)]
    with pytest.raises(RuntimeError, match="the disk is gone"):
        to_parquet(Timeline("New", events), path, row_group=2)
    assert written == 5  # two row groups were written before the failure
    assert path.read_bytes() == before
    assert [file.name for file in tmp_path.iterdir()] == ["t.parquet"]
