"""The Spark SQL recipes of the docs, run by Spark on the Parquet files to_parquet writes.

Spark takes half a minute to start, so one session serves every test here, and
each property draws fewer examples than the DuckDB tests of ``test_arrow.py``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from pyspark.sql import SparkSession

from strategies import timelines
from test_arrow import START, day_ranges, oracle, recipe
from timeline import Citation, Confidence, Event, Source, Timeline, to_parquet
from timeline.log import EventLog

SPARK_SETTINGS = settings(
    max_examples=4,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking would restart Spark queries for minutes
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master("local[1]")
        .appName("timeline-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def spark_run(
    spark: SparkSession, name: str, path: Path, view: str = "events", **args: object
) -> list[tuple[object, ...]]:
    spark.read.parquet(str(path)).createOrReplaceTempView(view)
    return [tuple(row) for row in spark.sql(recipe(name, "spark"), args=args or None).collect()]


@given(timelines(), day_ranges())
@SPARK_SETTINGS
def test_the_spark_day_range_recipes_find_what_the_oracle_finds(
    spark: SparkSession, tmp_path: Path, events: Timeline, days: tuple[dt.date, dt.date]
) -> None:
    low, high = days
    path = tmp_path / f"{abs(hash((events.title, low, high)))}.parquet"
    to_parquet(events, path)
    for name, certain in (("possibly", False), ("certainly", True)):
        # Days are given as ISO text: Spark converts a Python date before 1582 through the Julian calendar.
        found = sorted(row[0] for row in spark_run(spark, name, path, low=low.isoformat(), high=high.isoformat()))
        assert found == oracle(events, low, high, certain=certain), name
        assert found == sorted(event.id for event in events.between(low, high, certain=certain)), name


def test_the_spark_counting_recipes_agree_with_the_timeline(spark: SparkSession, tmp_path: Path) -> None:
    agency, paper = Source("Agency", key="agency"), Source("Paper", key="paper", via=Source("Wire", key="wire"))
    events = Timeline(
        "Talks",
        [
            Event("a", "A", "2025-12-14", citations=[Citation(agency), Citation(paper, confidence="denied")]),
            Event("b", "B", "2025-12", status="planned", citations=[Citation(agency)]),
            Event("c", "C", citations=[Citation(paper, confidence=Confidence.DISPUTED)]),
            Event("d", "D", status="planned"),
        ],
    )
    to_parquet(events, tmp_path / "t.parquet")
    assert spark_run(spark, "per_source", tmp_path / "t.parquet") == [("agency", 2), ("paper", 2)]
    assert spark_run(spark, "per_status", tmp_path / "t.parquet") == [("happened", 2), ("planned", 2)]
    assert spark_run(spark, "disputed", tmp_path / "t.parquet") == [("a",), ("c",)]


def test_the_spark_as_of_recipe_gives_what_the_log_believed(spark: SparkSession, tmp_path: Path) -> None:
    clock = itertools.count()
    with EventLog(
        tmp_path / "log.jsonl", title="Talks", durable=False, clock=lambda: START + dt.timedelta(minutes=next(clock))
    ) as log:
        log.put(Event("talks", "Talks", "2025-12-14"), by="desk")
        log.put(Event("dinner", "Dinner", "2025-12-14T19:00+01:00[Europe/Berlin]"), by="desk")
        log.put(Event("talks", "Talks", "2025-12-14/2025-12-15"), by="desk", why="a second day")
        log.retract("dinner", by="editor")
        to_parquet(log, tmp_path / "revisions.parquet")
        for minutes in (-1, 1, 3):
            as_of = START + dt.timedelta(minutes=minutes, seconds=30)
            believed = log.timeline(as_of=as_of) if minutes >= 0 else Timeline("Talks")
            rows = spark_run(spark, "as_of", tmp_path / "revisions.parquet", view="revisions", as_of=as_of)
            names = spark.sql(recipe("as_of", "spark"), args={"as_of": as_of}).columns
            found = [dict(zip(names, row, strict=True)) for row in rows]
            assert [(row["event_id"], row["when"]) for row in found] == [
                (event.id, str(event.when)) for event in sorted(believed, key=lambda event: event.id)
            ]
