"""How long to_ical and from_ical take, against plain icalendar and ics-py doing the same work.

    python benchmarks/bench_ical.py                  # 1,000 and 10,000 events
    python benchmarks/bench_ical.py 5000 100000      # other sizes
    python benchmarks/bench_ical.py --runs 7 10000   # more runs (default 5)

Timelines are made from a fixed seed: mixed zones, all-day and vague dates, times,
1–3 citations per event. The baselines build the same VEVENTs (the same properties
and values, computed beforehand and not timed) directly:

* icalendar: ``Calendar.new``, ``Event.new`` with the same fields, the same ``X-``
  properties, ``add_missing_timezones`` over the same years, ``Calendar.to_ical``;
* ics-py: ``ics.Event`` with the fields it knows, the rest as extra lines, ``serialize``.

The baselines' values are computed before they are timed, so a timed baseline
never calls timeline. Each timed ``to_ical`` (and ``iter_ical`` into a file) gets a
``Timeline`` built afresh from the seed just before, untimed, so nothing worked out
for an earlier call is reused.

Reading is timed on timeline's own output: ``from_ical`` (which also checks every
event through the model) against ``icalendar.Calendar.from_ical`` and ``ics.Calendar``
(ics-py only up to ``--ics-read-limit`` events: it reads about 150 events a second).
Each time is the median of several runs of CPU time (process time), taken in turns.
The target is ``to_ical`` in at most a third of the time of the plain icalendar
baseline (a ratio of 0.33 or less).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import statistics
import tempfile
import time
import warnings
import zoneinfo
from collections.abc import Callable
from typing import Any

import icalendar
import ics
import tatsu.color

from timeline import Bound, Citation, Event, Place, Source, Timeline, When
from timeline.formats.ical import from_ical, iter_ical, to_ical
from timeline.formats.ical._description import description, summary
from timeline.formats.ical._mapping import STATUS
from timeline.formats.ical._span import Moment, span
from timeline.formats.ical._write import cited_urls, decimal

SEED = 20251216
TITLE = "Benchmark"
DESCRIPTION = "Synthetic events for timing."
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC", "Australia/Sydney", "Europe/Kyiv"]
WORDS = ["talks", "meeting", "summit", "officials", "draft", "agreement", "ceasefire", "troops", "support", "Berlin"]
ODD = [";", ",", "\\", ":", "é", "—", "😀", "שלום"]

tatsu.color.init = lambda: None  # TatSu (ics-py's parser) would re-wrap stdout through colorama on every parse


def _text(rng: random.Random, words: int) -> str:
    parts = [rng.choice(WORDS) for _ in range(words)]
    if rng.random() < 0.3:
        parts.insert(rng.randrange(len(parts)), rng.choice(ODD))
    return " ".join(parts).capitalize()


def _when(rng: random.Random) -> When:
    year, month, day = rng.randint(1990, 2030), rng.randint(1, 12), rng.randint(1, 25)
    kind = rng.random()
    if kind < 0.35:
        return When.parse(f"{year:04d}-{month:02d}-{day:02d}")
    if kind < 0.5:
        return When.parse(f"{year:04d}-{month:02d}-{day:02d}/{year:04d}-{month:02d}-{day + rng.randint(0, 3):02d}")
    if kind < 0.65:
        return When.parse(rng.choice([f"{year:04d}", f"{year:04d}-{month:02d}", f"{year:04d}-{month:02d}-{day:02d}~"]))
    zone = rng.choice(ZONES)
    start = dt.datetime(year, month, day, rng.randint(8, 18), rng.choice([0, 15, 30]), tzinfo=dt.UTC)
    opening = Bound.of_datetime(start, zone)
    if rng.random() < 0.5:
        return When(opening)
    closing = Bound.of_datetime(start + dt.timedelta(minutes=rng.choice([30, 60, 90])), zone)
    return When(opening, closing)


def make_timeline(size: int, seed: int = SEED) -> Timeline:
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
                place=Place("Berlin", country="Germany", lat=52.52, lon=13.405) if rng.random() < 0.4 else None,
                actors=tuple(rng.sample(["United States", "European Union", "Ukraine"], rng.randint(0, 2))),
                tags=tuple(rng.sample(["diplomacy", "military support", "law", "ceasefire"], rng.randint(0, 2))),
                citations=citations,
            )
        )
    return Timeline(TITLE, events, description=DESCRIPTION)


def _value(point: dt.date | Moment) -> dt.date:
    if isinstance(point, Moment):
        if point.zone is None:
            return point.local.replace(tzinfo=dt.UTC)
        return point.local.replace(tzinfo=zoneinfo.ZoneInfo(point.zone))
    return point


def prepared(t: Timeline) -> list[dict[str, Any]]:
    """The values of each VEVENT, computed once, so that the baselines time only building and writing."""
    from timeline.formats._convert import converter
    from timeline.formats.ical._text import to_json

    convert = converter()
    rows = []
    for event in t:
        placed = span(event.when)
        assert placed is not None
        urls = cited_urls(event)
        x = [("X-TIMELINE-WHEN", str(event.when)), ("X-TIMELINE-STATUS", event.status.value)]
        if event.kind is not None:
            x.append(("X-TIMELINE-KIND", event.kind))
        x.extend(("X-TIMELINE-ACTOR", actor) for actor in event.actors)
        x.extend(("X-TIMELINE-SOURCE", _source_json(convert, citation.source)) for citation in event.citations)
        x.extend(
            ("X-TIMELINE-CITATION", to_json(convert.unstructure(citation, Citation))) for citation in event.citations
        )
        rows.append(
            {
                "uid": f"{event.id}@timeline",
                "summary": summary(event),
                "start": _value(placed.start),
                "end": None if placed.end is None else _value(placed.end),
                "transparent": placed.vague,
                "status": STATUS[event.status],
                "description": description(event),
                "location": None if event.place is None else event.place.name,
                "geo": None
                if event.place is None or event.place.lat is None
                else f"{decimal(event.place.lat)};{decimal(event.place.lon or 0)}",
                "categories": list(event.tags),
                "urls": urls,
                "x": x,
            }
        )
    return rows


def _source_json(convert: Any, source: Source) -> str:
    from timeline.formats.ical._text import to_json

    return to_json({"key": source.ref, **convert.unstructure(source, Source)})


STAMP = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def with_icalendar(rows: list[dict[str, Any]]) -> bytes:
    calendar = icalendar.Calendar.new(name=TITLE, description=DESCRIPTION, prodid="-//bench//EN", uid="x")
    for row in rows:
        event = icalendar.Event.new(
            uid=row["uid"],
            stamp=STAMP,
            summary=row["summary"],
            start=row["start"],
            end=row["end"],
            status=row["status"],
            transparency=icalendar.enums.TRANSP.TRANSPARENT if row["transparent"] else None,
            description=row["description"],
            location=row["location"],
            categories=list(row["categories"]),
            url=row["urls"][0] if row["urls"] else None,
        )
        if row["geo"] is not None:
            event.add("GEO", icalendar.vUnknown(row["geo"]))
        for url in row["urls"]:
            event.add("LINK", url, parameters={"LINKREL": "describedby", "VALUE": "URI"})
        for name, value in row["x"]:
            event.add(name, icalendar.vText(value))
        calendar.add_component(event)
    calendar.add_missing_timezones(first_date=dt.date(1989, 1, 1), last_date=dt.date(2031, 1, 1))
    data: bytes = calendar.to_ical()
    return data


def with_ics(rows: list[dict[str, Any]]) -> bytes:
    from ics.grammar.parse import ContentLine

    calendar = ics.Calendar(creator="-//bench//EN")
    for row in rows:
        event = ics.Event(
            name=row["summary"],
            begin=row["start"],
            end=row["end"],
            uid=row["uid"],
            description=row["description"],
            location=row["location"],
            url=row["urls"][0] if row["urls"] else None,
            status=str(row["status"]),
            categories=set(row["categories"]),
        )
        if not isinstance(row["start"], dt.datetime):
            event.make_all_day()
        if row["transparent"]:
            event.transparent = True
        for name, value in row["x"]:
            event.extra.append(ContentLine(name=name, value=value))
        calendar.events.add(event)
    return calendar.serialize().encode("utf-8")


def _cpu(action: Callable[[], object]) -> float:
    gc.collect()
    start = time.process_time()
    action()
    return time.process_time() - start


Timed = Callable[[], Callable[[], object]]
"""Makes what a timed call needs (untimed) and returns the call to time."""


def measure(actions: dict[str, Timed], runs: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, prepare in actions.items():  # in turns
            times[name].append(_cpu(prepare()))
    return {name: statistics.median(found) for name, found in times.items()}


def report(title: str, medians: dict[str, float], ours: list[str], size: int) -> None:
    print(f"  {title}")
    baselines = [name for name in medians if name not in ours]
    for name, seconds in medians.items():
        ratios = (
            ""
            if name not in ours
            else "   "
            + ", ".join(f"{seconds / medians[other]:5.2f}× the time of {other.split()[0]}" for other in baselines)
        )
        print(f"    {name:<30} {seconds:8.3f} s  {seconds / size * 1e6:7.1f} µs/event{ratios}")


def _fresh(size: int, call: Callable[[Timeline], object]) -> Timed:
    def prepare() -> Callable[[], object]:
        t = make_timeline(size)
        return lambda: call(t)

    return prepare


def _reuse(call: Callable[[], object]) -> Timed:
    return lambda: call


def _into_file(t: Timeline) -> None:
    with tempfile.TemporaryFile() as file:
        file.writelines(iter_ical(t))


def run(size: int, options: argparse.Namespace) -> None:
    """Time writing and reading a timeline of ``size`` events, and print the medians."""
    t = make_timeline(size)
    rows = prepared(t)
    data = to_ical(t)
    text = data.decode("utf-8")
    del t
    print(f"{size:,} events, {len(data) / 1e6:.1f} MB of iCalendar, median of {options.runs} runs (CPU time)")
    writers: dict[str, Timed] = {
        "timeline to_ical": _fresh(size, to_ical),
        "timeline iter_ical into a file": _fresh(size, _into_file),
        "icalendar (same VEVENTs)": _reuse(lambda: with_icalendar(rows)),
    }
    if not options.no_ics:
        writers["ics-py (same VEVENTs)"] = _reuse(lambda: with_ics(rows))
    report("write", measure(writers, options.runs), ["timeline to_ical", "timeline iter_ical into a file"], size)
    if options.write_only:
        print()
        return
    readers: dict[str, Timed] = {
        "timeline from_ical": _reuse(lambda: from_ical(data)),
        "icalendar Calendar.from_ical": _reuse(lambda: icalendar.Calendar.from_ical(data)),
    }
    if not options.no_ics and size <= options.ics_read_limit:
        readers["ics-py Calendar"] = _reuse(lambda: ics.Calendar(text))
    report("read", measure(readers, options.runs), ["timeline from_ical"], size)
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1_000, 10_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-ics", action="store_true", help="leave out ics-py")
    parser.add_argument("--write-only", action="store_true", help="time writing only")
    parser.add_argument(
        "--ics-read-limit",
        type=int,
        default=20_000,
        help="time ics-py's reading only up to this many events (it reads about 150 events a second)",
    )
    options = parser.parse_args()
    warnings.simplefilter("ignore")
    for size in options.sizes:
        run(size, options)


if __name__ == "__main__":
    main()
