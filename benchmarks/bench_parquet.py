"""Writing a large timeline to Parquet: time and peak memory, and DuckDB counting it back.

    python benchmarks/bench_parquet.py                 # 1,000,000 events
    python benchmarks/bench_parquet.py 100000          # another size

A timeline of synthetic events (days, months, approximate dates, open and unknown
ends, times in several zones; one or two citations of 50 sources) is built from a
fixed seed, then written with ``to_parquet`` in row groups of 65,536 events. The
script prints the time to build the timeline, the time to write the file, its
size, the peak resident memory of the whole process (which includes the timeline
itself), and the time DuckDB takes to count the rows and to run the possibly-
overlapping recipe. The target: peak memory under 4 GiB for 1,000,000 events.
The baseline is building the timeline: writing should cost no more than that.
"""

from __future__ import annotations

import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from timeline import Citation, Event, Source, Timeline, to_parquet

ZONES = ("Europe/Berlin", "Europe/Kyiv", "America/New_York", "Asia/Kolkata", "UTC")
RECIPE = Path(__file__).resolve().parent.parent / "docs" / "reference" / "sql" / "duckdb" / "possibly.sql"


def _when(rng: random.Random) -> str:
    year, month, day = rng.randint(1990, 2030), rng.randint(1, 12), rng.randint(1, 28)
    kind = rng.random()
    if kind < 0.4:
        return f"{year}-{month:02}-{day:02}"
    if kind < 0.55:
        return f"{year}-{month:02}"
    if kind < 0.65:
        return f"{year}-{month:02}-{day:02}~"
    if kind < 0.75:
        return f"{year}-{month:02}-{day:02}/{'..' if rng.random() < 0.5 else ''}"
    if kind < 0.8:
        return f"{year}"
    zone = rng.choice(ZONES)
    return f"{year}-{month:02}-{day:02}T{rng.randint(9, 20):02}:{rng.choice((0, 15, 30)):02}Z[{zone}]"


def synthetic(size: int, seed: int = 14) -> Timeline:
    rng = random.Random(seed)
    sources = [Source(f"Agency {number}", key=f"agency-{number}") for number in range(50)]
    events = [
        Event(
            f"e{number}",
            f"Event {number}",
            _when(rng),
            tags=["news"] if rng.random() < 0.5 else [],
            citations=[Citation(source) for source in rng.sample(sources, rng.randint(1, 2))],
        )
        for number in range(size)
    ]
    return Timeline("Synthetic", events)


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(size: int) -> None:
    started = time.perf_counter()
    timeline = synthetic(size)
    built = time.perf_counter() - started
    print(f"{size:,} events built in {built:.1f} s; peak memory so far {_peak_mib():,.0f} MiB")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.parquet"
        started = time.perf_counter()
        to_parquet(timeline, path)
        written = time.perf_counter() - started
        print(f"to_parquet: {written:.1f} s, {path.stat().st_size / 2**20:,.1f} MiB on disk")
        print(f"peak resident memory of the process: {_peak_mib():,.0f} MiB")
        started = time.perf_counter()
        count = duckdb.sql(f"SELECT count(*) FROM '{path}'").fetchall()[0][0]
        counted = time.perf_counter() - started
        print(f"DuckDB counts {count:,} rows in {counted:.2f} s")
        assert count == size, (count, size)
        query = RECIPE.read_text("utf-8").replace("'events.parquet'", f"'{path}'")
        started = time.perf_counter()
        found = len(duckdb.connect().execute(query, {"low": "2020-03-01", "high": "2020-03-31"}).fetchall())
        print(f"DuckDB possibly-overlapping March 2020: {found:,} events in {time.perf_counter() - started:.2f} s")
    print(f"write / build ratio: {written / built:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
