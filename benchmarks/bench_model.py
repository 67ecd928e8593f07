"""How long building events and a timeline from plain Python values takes, and what it keeps.

    python benchmarks/bench_model.py                   # 10,000 events, memory at 100,000
    python benchmarks/bench_model.py 1000 20000        # other sizes
    python benchmarks/bench_model.py --runs 7 --memory-size 0   # more runs, no memory figure
    python benchmarks/bench_model.py --profile 10000   # cProfile of one cold build instead

Each timed call builds, from plain values prepared beforehand (not timed), every
``Source`` of the timeline, then each event's ``Place``, ``Citation``s and
``Event`` (``when`` given as text), then the ``Timeline``. The events are made from a
fixed seed: mixed zones, times with an offset and an IANA zone, vague dates
(``2026-03~``, seasons, quarters, ``2026-03-10T10:00+01:00[Europe/Berlin]/..``,
``X`` digits), intervals, 1–3 citations of shared sources, places, actors and tags.

The model keeps parsed dates and checked values by their text, so two figures:

* **cold**: the caches are cleared (``timeline.model.clear_caches()``) before each
  timed call, and every date string of every call is distinct, so nothing is reused;
* **warm**: the events' dates are drawn from 2,000 distinct texts, as in a timeline
  where several events share each day, and the caches hold them from a build just
  before (not timed): reloading a file, or building a second timeline of the same
  period. Every other value is fresh.

The baseline builds the same objects as plain frozen slotted dataclasses with no
checks, parsing or sorting: the cost of merely holding the values. Memory is the
size of everything a built timeline of ``--memory-size`` events keeps alive
(tracemalloc, after the input values are dropped), per event. Each time is the
median of ``--runs`` runs of CPU time, interleaved. The target is at most 25 µs per
event and about 2 KB per event.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import datetime as dt
import gc
import pstats
import random
import statistics
import time
import tracemalloc
import zoneinfo
from collections.abc import Callable
from typing import Any

from timeline import Citation, Event, Place, Source, Timeline
from timeline.model import clear_caches

SEED = 20251216
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC", "Australia/Sydney", "Europe/Kyiv"]
WORDS = ["talks", "meeting", "summit", "officials", "draft", "agreement", "ceasefire", "troops", "support", "Berlin"]
PLACES = [
    {"name": "Berlin", "country": "Germany", "lat": 52.52, "lon": 13.405, "zone": "Europe/Berlin"},
    {"name": "Kyiv", "country": "Ukraine", "lat": 50.45, "lon": 30.523, "zone": "Europe/Kyiv"},
    {"name": "Washington", "country": "United States", "zone": "America/New_York"},
    {"name": "Brussels", "country": "Belgium"},
    {"name": "New Delhi", "country": "India", "lat": 28.61, "lon": 77.2, "zone": "Asia/Kolkata"},
]
ACTORS = ["United States", "European Union", "Ukraine", "NATO", "India", "Australia"]
TAGS = ["security", "diplomacy", "aid", "law", "trade", "energy"]
SOURCES = 200
EPOCH = dt.date(1800, 1, 1).toordinal()
WARM_DATES = 2_000


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def _time(day: dt.date, rng: random.Random, zone: str | None = None) -> str:
    zone = zone or rng.choice(ZONES)
    local = dt.datetime(
        day.year, day.month, day.day, rng.randint(8, 18), rng.randrange(60), tzinfo=zoneinfo.ZoneInfo(zone)
    )
    offset = local.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{local:%Y-%m-%dT%H:%M}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}[{zone}]"


def _when(number: int, rng: random.Random) -> str:
    """A date written as text; ``number`` makes it distinct from every other number's."""
    day = dt.date.fromordinal(EPOCH + number)
    text = f"{day:%Y-%m-%d}"
    month = f"{day:%Y-%m}"
    kind = rng.random()
    if kind < 0.25:
        return text
    if kind < 0.35:
        return f"{text}/{dt.date.fromordinal(EPOCH + number + rng.randint(1, 5)):%Y-%m-%d}"
    if kind < 0.42:  # month, year, season, quarter, X digits: distinct by the day's other half
        return rng.choice(
            [f"{month}~", f"{month}?", f"{day:%Y}-2{rng.randint(1, 4)}", f"{day:%Y}-3{rng.randint(3, 6)}"]
        )
    if kind < 0.47:
        return f"{text}~"
    if kind < 0.5:
        return f"{month}-XX"
    if kind < 0.8:
        return _time(day, rng)
    if kind < 0.9:
        return f"{_time(day, rng)}/.."
    zone = rng.choice(ZONES)
    return f"{_time(day, rng, zone)}/{_time(dt.date.fromordinal(EPOCH + number + 1), rng, zone)}"


@dataclasses.dataclass
class Values:
    """One timeline's worth of plain values, ready to be built."""

    sources: list[dict[str, Any]]
    events: list[dict[str, Any]]


def make_values(size: int, first: int, *, dates: int = 0, seed: int = SEED) -> Values:
    """Plain values for ``size`` events.

    The day of event ``n`` is ``first + n``, so that its date is distinct from those of
    other ``first``; with ``dates``, each event takes one of that many date texts instead.
    """
    rng = random.Random(seed)
    pool = [_when(first + number, rng) for number in range(dates)]
    sources: list[dict[str, Any]] = []
    for number in range(SOURCES):
        source: dict[str, Any] = {
            "publisher": f"Outlet {number % 40}",
            "title": _text(rng, 6),
            "url": f"https://news{number % 40}.example.org/{2025 - number % 7}/story-{number}?ref=feed&page=2",
            "published": rng.choice(["2025-12-16", "2025-12", "2025-12-16~", "2025-21"]),
            "key": f"outlet-{number}" if number % 3 else None,
        }
        if number % 10 == 9:
            source["via"] = number - 1
        sources.append(source)
    events = []
    for number in range(size):
        day = first + number
        events.append(
            {
                "id": f"event-{number}",
                "title": _text(rng, rng.randint(3, 9)),
                "when": (rng.choice(pool) + " ")[:-1] if pool else _when(day, rng),  # a text of its own
                "description": _text(rng, 25) if rng.random() < 0.5 else None,
                "kind": rng.choice(["meeting", "document", "announcement", None]),
                "status": rng.choice(["happened", "planned", "scheduled"]),
                "place": rng.choice(PLACES) if rng.random() < 0.7 else None,
                "actors": rng.sample(ACTORS, rng.randint(0, 3)),
                "tags": rng.sample(TAGS, rng.randint(0, 3)),
                "citations": [
                    (
                        rng.randrange(SOURCES),
                        {
                            "attribution": rng.choice(["unnamed sources", "a senior official", None]),
                            "quote": _text(rng, 8) if rng.random() < 0.5 else None,
                            "locator": f"paragraph {rng.randint(1, 20)}",
                            "confidence": rng.choice(["reported", "confirmed", "unconfirmed"]),
                        },
                    )
                    for _ in range(rng.randint(1, 3))
                ],
            }
        )
    return Values(sources, events)


def build(values: Values) -> Timeline:
    """The timeline of ``values``, through the public constructors: what is timed."""
    sources: list[Source] = []
    for fields in values.sources:
        via = fields.get("via")
        sources.append(Source(**{**fields, "via": None if via is None else sources[via]}))
    events = []
    for fields in values.events:
        place = fields["place"]
        events.append(
            Event(
                fields["id"],
                fields["title"],
                fields["when"],
                description=fields["description"],
                kind=fields["kind"],
                status=fields["status"],
                place=None if place is None else Place(**place),
                actors=fields["actors"],
                tags=fields["tags"],
                citations=[Citation(sources[source], **cited) for source, cited in fields["citations"]],
            )
        )
    return Timeline("Benchmark timeline", events, description="Made up, from a fixed seed.")


# The baseline: the same objects with no checks, as plain frozen slotted dataclasses.


@dataclasses.dataclass(frozen=True, slots=True)
class PlainSource:
    publisher: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    key: str | None = None
    via: PlainSource | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class PlainPlace:
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    zone: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class PlainCitation:
    source: PlainSource
    attribution: str | None = None
    quote: str | None = None
    locator: str | None = None
    confidence: str = "reported"


@dataclasses.dataclass(frozen=True, slots=True)
class PlainEvent:
    id: str
    title: str
    when: str
    description: str | None
    kind: str | None
    status: str
    place: PlainPlace | None
    actors: tuple[str, ...]
    tags: tuple[str, ...]
    citations: tuple[PlainCitation, ...]


def build_plain(values: Values) -> tuple[PlainEvent, ...]:
    """The same objects without checks, parsing or order: the baseline."""
    sources: list[PlainSource] = []
    for fields in values.sources:
        via = fields.get("via")
        sources.append(PlainSource(**{**fields, "via": None if via is None else sources[via]}))
    events = []
    for fields in values.events:
        place = fields["place"]
        events.append(
            PlainEvent(
                fields["id"],
                fields["title"],
                fields["when"],
                fields["description"],
                fields["kind"],
                fields["status"],
                None if place is None else PlainPlace(**place),
                tuple(fields["actors"]),
                tuple(fields["tags"]),
                tuple(PlainCitation(sources[source], **cited) for source, cited in fields["citations"]),
            )
        )
    return tuple(events)


def _cpu(action: Callable[[], object]) -> float:
    gc.collect()
    start = time.process_time()
    action()
    return time.process_time() - start


def timings(size: int, runs: int) -> dict[str, float]:
    """Median seconds per call of each way of building, run in turns."""
    found: dict[str, list[float]] = {"cold": [], "warm": [], "plain": []}
    warm_first = 10 * size  # the warm timeline's days; cold ones start after them
    for run in range(runs):
        cold = make_values(size, (run + 12) * size * 2)
        clear_caches()
        found["cold"].append(_cpu(lambda cold=cold: build(cold)))  # type: ignore[misc]
        build(make_values(size, warm_first, dates=WARM_DATES))  # the warm dates back in the caches, not timed
        warm = make_values(size, warm_first, dates=WARM_DATES)
        found["warm"].append(_cpu(lambda warm=warm: build(warm)))  # type: ignore[misc]
        plain = make_values(size, warm_first)
        found["plain"].append(_cpu(lambda plain=plain: build_plain(plain)))  # type: ignore[misc]
    return {name: statistics.median(values) for name, values in found.items()}


def retained_bytes(size: int) -> int:
    """What a built timeline of ``size`` events keeps alive, caches included, after its input is gone."""
    clear_caches()
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        values = make_values(size, 1)
        built = build(values)
        del values
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert len(built) == size
    return after - before


def profile(size: int) -> None:
    values = make_values(size, size)
    clear_caches()
    profiler = cProfile.Profile()
    profiler.runcall(build, values)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--memory-size", type=int, default=100_000, help="0 to leave memory out")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one cold build of each size")
    options = parser.parse_args()
    if options.profile:
        for size in options.sizes:
            profile(size)
        return
    print(f"building events and a timeline from plain values (median of {options.runs} runs, CPU time)")
    head = ("events", "cold µs/event", "warm µs/event", "plain µs/event", "cold ×", "warm ×")
    print("  ".join(f"{name:>{width}}" for name, width in zip(head, (8, 14, 14, 15, 7, 7), strict=True)))
    for size in options.sizes:
        medians = timings(size, options.runs)
        cold, warm, plain = (medians[name] / size * 1e6 for name in ("cold", "warm", "plain"))
        print(f"{size:>8,}  {cold:>14.1f}  {warm:>14.1f}  {plain:>15.1f}  {cold / plain:>7.1f}  {warm / plain:>7.1f}")
    print("target: at most 25 µs/event")
    if options.memory_size:
        retained = retained_bytes(options.memory_size)
        print(
            f"retained by a timeline of {options.memory_size:,} events: {retained / 2**20:,.0f} MiB, "
            f"{retained / options.memory_size:,.0f} bytes/event (target about 2 KB)"
        )


if __name__ == "__main__":
    main()
