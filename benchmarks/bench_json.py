"""How long to_json and from_json take, and how much memory save and load hold, against orjson.

    python benchmarks/bench_json.py                  # 1,000 and 10,000 events
    python benchmarks/bench_json.py 100000           # other sizes
    python benchmarks/bench_json.py --runs 7 1000    # more runs (default 5)

Timelines are made from a fixed seed: mixed zones, all-day, vague and timed dates,
phrases, places with coordinates, 1–3 citations of 50 sources, some user data in
``extra``. Every timed call gets a freshly built :class:`~timeline.Timeline` (built
untimed), so nothing an earlier call cached on it is reused; the model's bounded
cache of parsed dates (by their text) is shared, as it is in a long-running program.

* ``to_json`` against ``orjson.dumps(doc, option=OPT_INDENT_2)`` of the same plain
  document, computed beforehand; the two must be byte-identical (checked). Target ≤ 3×.
* ``from_json`` of those bytes against ``orjson.loads`` of the same bytes. Target ≤ 4×.
* ``save`` and ``load`` of a ``.json`` file: peak memory allocated by Python
  (``tracemalloc``) during the call, as a multiple of the file's size. Building the
  whole text and its encoded copy costs at least 2× for save; reading the bytes, the
  text and the parsed document at least 3× for load (besides the timeline built).

Runs alternate between timeline and the baseline; each figure is the median of
``--runs`` runs of CPU time. Needs orjson.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import orjson

from timeline import Bound, Citation, Event, Place, Source, Timeline, When, from_json, load, save, to_json
from timeline.formats._convert import document

SEED = 20251216
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC", "Australia/Sydney", "Europe/Kyiv"]
WORDS = ["talks", "meeting", "summit", "officials", "draft", "agreement", "ceasefire", "troops", "support", "Berlin"]
ODD = ["é", "—", "😀", "שלום", '"', "\\", "<b>"]
PLACES = [
    Place("Berlin", country="Germany", lat=52.52, lon=13.405, zone="Europe/Berlin"),
    Place("Kyiv", country="Ukraine", lat=50.45, lon=30.5233),
    Place("Washington"),
]


def _text(rng: random.Random, words: int) -> str:
    parts = [rng.choice(WORDS) for _ in range(words)]
    if rng.random() < 0.3:
        parts.insert(rng.randrange(len(parts)), rng.choice(ODD))
    return " ".join(parts).capitalize()


def _when(rng: random.Random) -> When:
    year, month, day = rng.randint(1990, 2030), rng.randint(1, 12), rng.randint(1, 25)
    kind = rng.random()
    phrase = rng.choice(["earlier this week", "late last year"]) if rng.random() < 0.1 else None
    if kind < 0.35:
        return When.parse(f"{year:04d}-{month:02d}-{day:02d}", phrase=phrase)
    if kind < 0.5:
        return When.parse(f"{year:04d}-{month:02d}-{day:02d}/{year:04d}-{month:02d}-{day + rng.randint(0, 3):02d}")
    if kind < 0.65:
        text = rng.choice([f"{year:04d}", f"{year:04d}-{month:02d}", f"{year:04d}-{month:02d}-{day:02d}~"])
        return When.parse(text, phrase=phrase)
    if kind < 0.68:
        return When()
    zone = rng.choice(ZONES)
    start = dt.datetime(year, month, day, rng.randint(8, 18), rng.choice([0, 15, 30]), tzinfo=dt.UTC)
    opening = Bound.of_datetime(start, zone)
    if rng.random() < 0.5:
        return When(opening)
    closing = Bound.of_datetime(start + dt.timedelta(minutes=rng.choice([30, 60, 90])), zone)
    return When(opening, closing)


def make_events(size: int, seed: int = SEED) -> list[Event]:
    rng = random.Random(seed)
    sources = [
        Source(
            _text(rng, 2),
            title=_text(rng, 6),
            url=f"https://example.org/news/{index}?a=1,b;c",
            published=f"2025-{rng.randint(1, 12):02d}",
            key=f"s{index}",
        )
        for index in range(50)
    ]
    events = []
    for index in range(size):
        citations = [
            Citation(
                rng.choice(sources),
                attribution=rng.choice([None, "unnamed sources", "a senior official"]),
                quote=_text(rng, 12),
                locator=f"paragraph {rng.randint(1, 20)}",
                confidence=rng.choice(["reported", "confirmed", "disputed"]),
            )
            for _ in range(rng.randint(1, 3))
        ]
        events.append(
            Event(
                f"e{index:06d}",
                _text(rng, 5),
                _when(rng),
                description=_text(rng, 20) if rng.random() < 0.7 else None,
                kind=rng.choice(["meeting", "document", "milestone", None]),
                status=rng.choice(["happened", "planned", "scheduled", "proposed"]),
                place=rng.choice([*PLACES, None, None]),
                actors=tuple(rng.sample(["United States", "European Union", "Ukraine"], rng.randint(0, 2))),
                tags=tuple(rng.sample(["diplomacy", "military support", "law", "ceasefire"], rng.randint(0, 2))),
                citations=citations,
                extra={"rank": index, "score": rng.randint(0, 10**6) / 1000, "seen": [True, None]}
                if rng.random() < 0.2
                else {},
            )
        )
    return events


def _arguments(event: Event) -> dict[str, object]:
    """The arguments that build ``event`` again: texts, numbers and fresh parts, as a reader has them."""
    place = event.place
    return {
        "id": event.id,
        "title": event.title,
        "when": str(event.when) if event.when.phrase is None else event.when,
        "description": event.description,
        "kind": event.kind,
        "status": event.status.value,
        "place": None if place is None else (place.name, place.country, place.lat, place.lon, place.zone),
        "actors": list(event.actors),
        "tags": list(event.tags),
        "citations": [(c.source, c.attribution, c.quote, c.locator, c.confidence.value) for c in event.citations],
        "extra": dict(event.extra),
    }


def _build(arguments: list[dict[str, object]]) -> Timeline:
    """The timeline of ``arguments``, every Event, Citation and Place made anew."""
    built = []
    for given in arguments:
        fields = dict(given)
        place = fields.pop("place")
        citations = fields.pop("citations")
        built.append(
            Event(
                **fields,  # type: ignore[arg-type]
                place=None
                if place is None
                else Place(place[0], country=place[1], lat=place[2], lon=place[3], zone=place[4]),  # type: ignore[index]
                citations=[
                    Citation(source, attribution=by, quote=said, locator=where, confidence=sure)
                    for source, by, said, where, sure in citations  # type: ignore[attr-defined]
                ],
            )
        )
    return fresh(built)


def fresh(events: list[Event]) -> Timeline:
    return Timeline("Benchmark", events, description="Synthetic events for timing.", extra={"seed": SEED})


def _cpu(action: Callable[[], object]) -> float:
    gc.collect()
    start = time.process_time()
    action()
    return time.process_time() - start


def medians(actions: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """The median CPU time of each action, the actions taken in turns."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            times[name].append(_cpu(action))
    return {name: statistics.median(values) for name, values in times.items()}


def peak_bytes(action: Callable[[], object]) -> int:
    """The peak of memory allocated by Python while ``action`` runs, above what was held before."""
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        action()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - before


def bench(size: int, runs: int, folder: Path) -> None:
    events = make_events(size)
    doc = document(fresh(events))
    data = to_json(fresh(events)).encode("utf-8")
    if orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n" != data:
        raise SystemExit("orjson's output of the document differs from to_json's: the baseline is not the same work")
    if from_json(data) != fresh(events):
        raise SystemExit("from_json(to_json(t)) != t")

    def ours_to_json() -> None:
        timeline = fresh(events)
        to_json_time.append(_cpu(lambda: to_json(timeline)))

    to_json_time: list[float] = []
    arguments = [_arguments(event) for event in events]
    times = medians(
        {
            "to_json": ours_to_json,
            "orjson.dumps": lambda: orjson.dumps(doc, option=orjson.OPT_INDENT_2),
            "from_json": lambda: from_json(data),
            "orjson.loads": lambda: orjson.loads(data),
            "model": lambda: _build(arguments),
        },
        runs,
    )
    times["to_json"] = statistics.median(to_json_time)  # without building the fresh timeline
    per_event = {name: seconds / size * 1e6 for name, seconds in times.items()}
    print(f"\n{size:,} events, {len(data) / 1e6:,.1f} MB of JSON (median of {runs} runs, CPU time)")
    for ours, floor, target in (("to_json", "orjson.dumps", 3), ("from_json", "orjson.loads", 4)):
        ratio = times[ours] / times[floor]
        print(
            f"  {ours:<10} {per_event[ours]:8.1f} µs/event   {floor:<13} {per_event[floor]:6.1f} µs/event"
            f"   {ratio:5.2f}× (target ≤ {target}×)"
        )

    print(
        f"  of from_json, building the same events and timeline from Python values (the model's own work):"
        f" {per_event['model']:.1f} µs/event; the rest: {per_event['from_json'] - per_event['model']:.1f} µs/event"
        f" = {(times['from_json'] - times['model']) / times['orjson.loads']:.2f}× orjson.loads"
    )

    path = folder / f"bench-{size}.json"
    timeline = fresh(events)
    saved = peak_bytes(lambda: save(timeline, path))
    loaded = peak_bytes(lambda: load(path))
    size_on_disk = path.stat().st_size
    built = peak_bytes(lambda: fresh(make_events(size)))
    print(f"  save: peak {saved / 1e6:8.1f} MB = {saved / size_on_disk:5.2f}× the file")
    print(
        f"  load: peak {loaded / 1e6:8.1f} MB = {loaded / size_on_disk:5.2f}× the file"
        f" (building the same timeline from Python values: {built / 1e6:,.1f} MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1_000, 10_000])
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for size in arguments.sizes:
            bench(size, arguments.runs, Path(folder))


if __name__ == "__main__":
    main()
