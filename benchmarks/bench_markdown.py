"""How long to_markdown takes, against a plain f-string page of the same layout without escaping.

    python benchmarks/bench_markdown.py              # 10,000 and 100,000 events
    python benchmarks/bench_markdown.py 5000         # other sizes

The baseline writes the same page as to_markdown: the same sections (years, months,
undated events by status), the same lines for each event and one footnote per
source, with the same date labels, but with f-strings and no escaping at all. It
calls nothing of the library: its date labels are f-strings too ("14–16 Dec 2025"),
so the ratio counts what labels, escaping and the layout's care cost; the target is
at most 2. Both run without the Mermaid diagram (Mermaid cannot draw one this large).
Timelines are made from a fixed seed, afresh for every timed call, so that nothing an
earlier call left on the objects is reused; each time is the median of several runs
of CPU time (process time), taken in turns, so that other work on the machine counts
little.
"""

from __future__ import annotations

import gc
import random
import statistics
import sys
import time
from collections.abc import Callable

from timeline import Bound, Citation, Event, Place, Precision, Relation, Source, Status, Timeline, When
from timeline.formats.markdown import to_markdown

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

WORDS = [
    "talks",
    "meeting",
    "summit",
    "officials",
    "draft",
    "agreement",
    "ceasefire",
    "troops",
    "support",
    "guarantees",
    "Berlin",
    "Kyiv",
    "Brussels",
    "Washington",
    "report",
    "statement",
    "press",
    "conference",
    "delegation",
    "minister",
    "envoy",
]
ODD = ["*", "_", "[", "]", "#", "<", ">", "&", "|", "`", "!", ":", "(", ")", "1.", "-", "$", "@"]


def _text(rng: random.Random, words: int) -> str:
    parts = [rng.choice(WORDS) for _ in range(words)]
    if rng.random() < 0.3:
        parts.insert(rng.randrange(len(parts)), rng.choice(ODD))
    return " ".join(parts).capitalize()


def _when(rng: random.Random) -> When:
    year, month, day = rng.randint(2015, 2026), rng.randint(1, 12), rng.randint(1, 28)
    form = rng.random()
    if form < 0.1:
        return When()
    if form < 0.55:
        return When.parse(f"{year}-{month:02d}-{day:02d}")
    if form < 0.7:
        return When.parse(f"{year}-{month:02d}")
    if form < 0.8:
        return When.parse(f"{year}-{month:02d}-{day:02d}~")
    if form < 0.9:
        return When.parse(f"{year}-{month:02d}-{day:02d}/{year}-{month:02d}-{min(day + 2, 28):02d}")
    return When.parse(f"{year}")


def make_timeline(size: int, seed: int = 20251216) -> Timeline:
    """``size`` events with descriptions, places, actors, tags, citations of 50 sources, relations."""
    rng = random.Random(seed)
    sources = [
        Source(
            f"Outlet {number}",
            title=_text(rng, 6),
            url=f"https://example.org/{number}?a=1&b=2",
            published=f"2025-{number % 12 + 1:02d}",
            key=f"s{number}",
        )
        for number in range(50)
    ]
    events = []
    for number in range(size):
        relations = [Relation("follows", f"e{rng.randrange(number)}")] if number and rng.random() < 0.2 else []
        events.append(
            Event(
                f"e{number}",
                _text(rng, rng.randint(3, 9)),
                _when(rng),
                description="\n".join(_text(rng, 12) for _ in range(rng.randint(0, 3))) or None,
                kind=rng.choice(["meeting", "document", "announcement", None]),
                status=rng.choice(list(Status)),
                place=Place(rng.choice(["Berlin", "Kyiv", "Brussels"]), country="Somewhere")
                if rng.random() < 0.5
                else None,
                actors=rng.sample(["United States", "European Union", "Ukraine", "NATO"], rng.randint(0, 2)),
                tags=rng.sample(["security", "diplomacy", "aid", "law"], rng.randint(0, 2)),
                citations=[
                    Citation(rng.choice(sources), attribution="unnamed sources", quote=_text(rng, 8))
                    for _ in range(rng.randint(0, 2))
                ],
                relations=relations,
            )
        )
    return Timeline("Benchmark timeline", events, description="Made up, from a fixed seed.")


def fstring_bound(bound: Bound) -> str:
    """A bound of the forms make_timeline writes, labelled with f-strings: "about 16 Dec 2025"."""
    if bound.precision is Precision.DAY:
        text = f"{bound.day} {MONTHS[bound.month - 1]} {bound.year:04d}"
    elif bound.precision is Precision.MONTH:
        text = f"{MONTHS[bound.month - 1]} {bound.year:04d}"
    else:
        text = f"{bound.year:04d}"
    return f"about {text}" if bound.approximate else text


def fstring_label(when: When) -> str:
    """The label of a date of make_timeline, with f-strings: "14–16 Dec 2025", "no date yet"."""
    start, end = when.start, when.end
    if not isinstance(start, Bound):
        return "no date yet"
    if not isinstance(end, Bound) or end == start:
        return fstring_bound(start)
    if start.precision is Precision.DAY and (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {MONTHS[end.month - 1]} {end.year:04d}"
    return f"{fstring_bound(start)} – {fstring_bound(end)}"


def fstring_page(t: Timeline) -> str:
    """The page's layout with f-strings and no escaping: the baseline. It calls nothing of the library."""
    labels: dict[When, str] = {}

    def label(when: When) -> str:
        found = labels.get(when)
        if found is None:
            found = labels[when] = fstring_label(when)
        return found

    dated: dict[tuple[int, int], list[Event]] = {}
    undated: dict[Status, list[Event]] = {}
    for event in t.events:
        when = event.when
        if when.is_dated:
            bound = when.start if isinstance(when.start, Bound) else when.end
            assert isinstance(bound, Bound)
            month = 0 if bound.precision in (Precision.YEAR, Precision.QUARTER) else bound.month
            dated.setdefault((bound.year, month), []).append(event)
        else:
            undated.setdefault(event.status, []).append(event)
    out = [f"# {t.title}", f"{len(t.events)} events · {len(t.sources)} sources"]
    if t.description:
        out.append(t.description)
    notes: dict[str, tuple[Source, list[tuple[Event, Citation]]]] = {}

    def entry(event: Event) -> None:
        head = f'<a id="{event.id}"></a>\n'
        if event.when.is_dated:
            head += f"**{label(event.when)}** · "
        head += f"**{event.title}**"
        if event.place:
            head += f" · {event.place.name}, {event.place.country}"
        if event.kind:
            head += f" · {event.kind}"
        blocks = [f"{head} · {event.status.value}"]
        if event.description:
            blocks.append(event.description)
        details = []
        if event.actors:
            details.append(f"Actors: {', '.join(event.actors)}")
        if event.tags:
            details.append(f"Tags: {', '.join(event.tags)}")
        for relation in event.relations:
            target = t.get(relation.target)
            details.append(f"{relation.kind.value}: [{target.title if target else ''}](#{relation.target})")
        if details:
            blocks.append(" · ".join(details))
        refs = []
        for citation in event.citations:
            ref = citation.source.ref
            notes.setdefault(ref, (citation.source, []))[1].append((event, citation))
            if ref not in refs:
                refs.append(ref)
        if refs:
            blocks[-1] += " " + "".join(f"[^{ref}]" for ref in refs)
        out.extend(blocks)

    year = None
    for (section_year, month), events in sorted(dated.items()):
        if section_year != year:
            year = section_year
            out.append(f"## {year}")
        if month:
            out.append(f"### {MONTH_NAMES[month - 1]}")
        for event in events:
            entry(event)
    if undated:
        out.append("## No date yet")
        for status in Status:
            for event in undated.get(status, []):
                entry(event)
    for ref, (source, cited) in notes.items():
        note = f"[^{ref}]: {source.publisher}: [“{source.title}”]({source.url}) ({label(source.published or When())})."
        items = [
            f"    - [{event.title}](#{event.id}): citing {c.attribution}: “{c.quote}” — {c.confidence.value}."
            for event, c in cited
        ]
        out.append(note + "\n\n" + "\n".join(items))
    return "\n\n".join(out) + "\n"


def median_times(renders: list[Callable[[Timeline], str]], size: int, runs: int) -> list[float]:
    """The median time of each render, each run on a timeline made afresh, in turns so that a busy machine
    slows them alike."""
    times: list[list[float]] = [[] for _ in renders]
    for _ in range(runs):
        for render, measured in zip(renders, times, strict=True):
            t = make_timeline(size)  # not timed
            gc.collect()  # each run starts with no garbage of the one before
            start = time.process_time()
            render(t)
            measured.append(time.process_time() - start)
            del t
    return [statistics.median(measured) for measured in times]


def main(argv: list[str]) -> int:
    sizes = [int(arg) for arg in argv[1:]] or [10_000, 100_000]
    print(f"{'events':>8} {'f-string':>10} {'to_markdown':>12} {'ratio':>6}")
    warm = make_timeline(100)
    fstring_page(warm)  # warm up: modules, pendulum's locale data and label tables load once
    to_markdown(warm, diagram=False)
    for size in sizes:
        runs = 7 if size <= 20_000 else 3
        baseline, ours = median_times([fstring_page, lambda t: to_markdown(t, diagram=False)], size, runs)
        print(f"{size:>8,} {baseline:>9.3f}s {ours:>11.3f}s {ours / baseline:>6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
