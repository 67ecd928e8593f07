"""How fast the event log appends and replays, against baselines.

    python benchmarks/bench_log.py [--revisions 100000] [--repeat 5]

Appends: revisions per second, durable (``fsync`` per append), relaxed
(``durable=False``) and in batches of 1,000 (one ``fsync`` each).

Replay: open a log of ``--revisions`` revisions and build its timeline, against
the bare decode of the same lines with ``orjson.loads``; the target is at most 3×
the bare decode. Two logs: a realistic one (each event revised ten times, so the
timeline holds a tenth as many events as there are revisions) and the worst
case (every revision a new event). Each figure is the median of ``--repeat``
runs; the file is in the page cache for both sides.

Needs orjson (benchmark only).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson

from timeline import Citation, Event, Place, Relation, Source, When
from timeline.log import EventLog

REPORT = Source("Unnamed news outlet", title="US and EU Formalize Security Commitments", published="2025-12-16~")
NYT = Source("The New York Times", via=REPORT, key="nyt")
BERLIN = Place("Berlin", country="Germany", lat=52.52, lon=13.405, zone="Europe/Berlin")
START = dt.datetime(2025, 12, 16, tzinfo=dt.UTC)


def event(number: int, version: int) -> Event:
    """An event shaped like the worked example's: a vague date, a place, actors, tags, a citation."""
    return Event(
        f"event-{number}",
        f"Talks, round {number} (version {version})",
        When.parse("2025-12-14/2025-12-15", phrase="earlier this week"),
        description="US and EU representatives meet Ukrainian officials. " * 2,
        kind="meeting",
        status="happened" if version % 2 else "planned",
        place=BERLIN,
        actors=("United States", "European Union", "Ukraine"),
        tags=("security guarantees", "diplomacy"),
        citations=[
            Citation(NYT, attribution="unnamed sources", quote=f"round {number}", locator=f"paragraph {version}")
        ],
        relations=[Relation("follows", f"event-{number - 1}")] if number else [],
    )


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def appends(folder: Path, repeat: int) -> None:
    print("appends per second (median of", repeat, "runs)")
    for label, count, durable, batch in (
        ("durable, one fsync per append", 300, True, 1),
        ("relaxed, durable=False", 2_000, False, 1),
        ("batches of 1,000, one fsync each", 10_000, True, 1_000),
    ):
        runs = iter(range(repeat))

        def work(count: int = count, durable: bool = durable, batch: int = batch, runs: Iterator[int] = runs) -> None:
            path = folder / f"appends-{next(runs)}-{count}-{durable}-{batch}.jsonl"
            moment = iter(START + dt.timedelta(seconds=second) for second in range(count))
            with EventLog(path, title="Appends", durable=durable) as log:
                for first in range(0, count, batch):
                    with log.batch():
                        for number in range(first, first + batch):
                            log.put(event(number % 100, number), by="bench", at=next(moment))

        seconds = median_seconds(work, repeat)
        print(f"  {label:<36} {count / seconds:>10,.0f} /s")


def build(path: Path, revisions: int, versions: int) -> None:
    events = revisions // versions
    moment = iter(START + dt.timedelta(milliseconds=step) for step in range(revisions))
    with EventLog(path, title="Replay", durable=False) as log:
        for version in range(versions):
            with log.batch():
                for number in range(events):
                    log.put(event(number, version), by="bench", at=next(moment))


def replay(folder: Path, revisions: int, repeat: int) -> None:
    print(f"\nreplaying {revisions:,} revisions into a timeline (median of {repeat} runs)")
    for label, versions in (("each event revised 10 times", 10), ("every revision a new event", 1)):
        path = folder / f"replay-{versions}.jsonl"
        build(path, revisions, versions)
        data = path.read_bytes()

        def decode(data: bytes = data) -> None:
            for line in data.splitlines():
                orjson.loads(line)

        def open_only(path: Path = path) -> int:
            with EventLog(path) as log:
                return len(log)

        def open_and_replay(path: Path = path) -> int:
            with EventLog(path) as log:
                return len(log.timeline())

        events = open_and_replay()
        bare = median_seconds(decode, repeat)
        opened = median_seconds(open_only, repeat)
        ours = median_seconds(open_and_replay, repeat)
        print(f"  {label} ({events:,} events, {len(data) / 1e6:,.0f} MB)")
        print(f"    orjson.loads of every line                {bare:8.3f} s")
        print(f"    EventLog(path): every line checked        {opened:8.3f} s   {opened / bare:5.2f}×")
        print(f"    EventLog(path).timeline(): and replayed   {ours:8.3f} s   {ours / bare:5.2f}× (target ≤ 3×)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--revisions", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-appends", action="store_true", help="measure replay only")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if not arguments.skip_appends:
            appends(Path(folder), arguments.repeat)
        replay(Path(folder), arguments.revisions, arguments.repeat)


if __name__ == "__main__":
    main()
