"""The benchmark table: every operation of timeline against its floor, measured side by side.

    python benchmarks/run.py                        # 1,000, 10,000 and 100,000 events
    python benchmarks/run.py --sizes 1000 10000     # other sizes (1000000 too, if you have the time)
    python benchmarks/run.py --quick                # 1,000 events, 3 runs: well under a minute
    python benchmarks/run.py --quick --sizes 200

Prints one Markdown table. For each size, each row gives timeline's time per
event, the time of its floor — the same work done without timeline, in the same
process and run — their ratio, and the target. Times are CPU time (process
time), the median of ``--runs`` runs taken in turns (timeline, its floor,
the next operation, …), so that a busy machine slows both sides alike.

The operations and their floors:

* ``from_json``: ``orjson.loads`` of the same bytes;
* ``to_json``: ``orjson.dumps(document, option=OPT_INDENT_2)`` of the same document,
  checked byte for byte against ``to_json``'s output (the run stops if they differ);
* building ``Event`` objects, and the ``Timeline``, from Python values (no floor);
* ``to_markdown`` (without the Mermaid diagram): a plain f-string page of the same
  layout, dates formatted with f-strings, no escaping and no call into timeline;
* ``to_ical``: plain ``icalendar`` building the same VEVENTs (the same properties,
  values and parameters, read beforehand from timeline's own output) and their VTIMEZONEs;
* ``import timeline``: ``import pendulum, attrs``, each in a fresh interpreter, with
  bytecode cached (as after an install), at least 9 runs;
* log replay, worst case (every revision a new event): ``EventLog(path).timeline()``
  against decoding each line of the same file with ``orjson.loads``.

A second table gives bounds: reading and writing the same JSON document, and
replaying the same log, with every check left out and every date given
(``benchmarks/_unchecked.py``), against the same floors in the same runs. A
real reader or writer must also check what a bound takes as given, so a bound's
ratio shows how much of a target is left for those checks.

Every timed call gets fresh objects: a Timeline built anew for each writer, and
every value cache of timeline emptied before each timed call — each
``functools`` cache (``lru_cache``, ``cache``) of a function of ``timeline.*``
that takes arguments. Caches of functions without arguments (the converter,
the JSON schema) are set-up done once per process and stay.

Memory, for each size, in a fresh interpreter: ``from_json`` of the size's
document under ``tracemalloc``; the bytes still allocated once the document's
text is dropped, per event (retained by the loaded Timeline, and by whatever
it caches), the peak of ``tracemalloc`` during the load, and the peak resident
memory (``ru_maxrss``) of that interpreter — which includes what ``tracemalloc``
itself holds, several times the traced peak.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import inspect
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _data  # noqa: E402
import _floors  # noqa: E402
import _unchecked  # noqa: E402
import orjson  # noqa: E402

import timeline  # noqa: E402
from timeline import EventLog, from_json, to_ical, to_json, to_markdown  # noqa: E402

IMPORT = "import time; s = time.process_time(); {}; print(time.process_time() - s)"
TARGETS = {
    "from_json": ("≤ 4×", 4.0),
    "to_json": ("≤ 3×", 3.0),
    "build": ("≤ 25 µs/event", None),
    "to_markdown": ("≤ 2×", 2.0),
    "to_ical": ("≤ 0.33×", 0.33),
    "import": ("≤ 1.3×", 1.3),
    "replay": ("≤ 5×", 5.0),
    "memory": ("≤ ~2 KB/event retained", None),
}


def _value_caches() -> Iterator[Any]:
    """Every ``functools`` cache of ``timeline.*`` whose function takes arguments (a cache of values)."""
    seen: set[int] = set()
    for name, module in list(sys.modules.items()):
        if not (name == "timeline" or name.startswith("timeline.")) or module is None:
            continue
        candidates = list(vars(module).values())
        candidates += [
            member
            for value in vars(module).values()
            if inspect.isclass(value) and value.__module__ == name
            for member in vars(value).values()
        ]
        for candidate in candidates:
            found = getattr(candidate, "__func__", candidate)  # a static or class method
            if not hasattr(found, "cache_clear") or id(found) in seen:
                continue
            seen.add(id(found))
            wrapped = getattr(found, "__wrapped__", None)
            if wrapped is None or not getattr(wrapped, "__module__", "").startswith("timeline"):
                continue  # a cache of another library's, imported into a module of timeline
            if inspect.signature(wrapped).parameters:
                yield found


def _fresh() -> None:
    for cache in _value_caches():
        cache.cache_clear()
    gc.collect()


def _timed(work: Callable[[], object]) -> tuple[float, Any]:
    """The CPU time of ``work()``, after emptying timeline's value caches; and its result."""
    _fresh()
    start = time.process_time()
    result = work()
    return time.process_time() - start, result


class Samples:
    """The times of each operation and of its floor, in seconds, run after run."""

    def __init__(self) -> None:
        self.ours: dict[str, list[float]] = {}
        self.floor: dict[str, list[float]] = {}

    def add(self, name: str, ours: float, floor: float | None = None) -> None:
        self.ours.setdefault(name, []).append(ours)
        if floor is not None:
            self.floor.setdefault(name, []).append(floor)

    def median(self, name: str) -> tuple[float, float | None]:
        floor = self.floor.get(name)
        return statistics.median(self.ours[name]), None if floor is None else statistics.median(floor)


def _write_log(path: Path, t: timeline.Timeline) -> None:
    """A log in which every revision puts a new event: the worst case of replay."""
    with EventLog(path, title=t.title, durable=False) as log:
        log.put_all(t.events, by="benchmark", at=dt.datetime(2025, 12, 16, tzinfo=dt.UTC))


def measure_size(size: int, runs: int, folder: Path, accounts: float = 0.0) -> tuple[Samples, dict[str, Any]]:
    """Run every operation of one size ``runs`` times, in turns with its floor."""
    values = _data.values(size, mix=_data.Mix(accounts=accounts))
    first = _data.build(values)
    text = to_json(first)
    raw = text.encode()
    document = orjson.loads(raw)
    if _floors.json_dumps(document) != raw:
        sys.exit(f"{size} events: orjson.dumps of the document differs from to_json's output")
    head, rows, years = _floors.ical_rows(to_ical(first))
    log = folder / f"log-{size}.jsonl"
    _write_log(log, first)
    lines = log.read_bytes()
    document_file = folder / f"timeline-{size}.json"
    document_file.write_bytes(raw)
    # The bounds take the sources and every date as given: made here, untimed, and shared by their runs.
    sources = _unchecked.sources_of(first.events)
    dates = _unchecked.dates_of(first.events, sources.values())
    texts = _unchecked.texts_of(first.events, sources.values())
    if _unchecked.write_document(first.title, str(first.description), sources.values(), first.events, texts) != text:
        sys.exit(f"{size} events: the bound of to_json writes otherwise than to_json")
    if len(_unchecked.replay(lines, sources, dates)) != size:
        sys.exit(f"{size} events: the bound of the replay reads otherwise than the log")
    del first

    samples = Samples()
    for _ in range(runs):
        seconds, built = _timed(lambda: _data.build(values))
        samples.add("build", seconds)

        ours, _ = _timed(lambda: from_json(raw))
        floor, _ = _timed(lambda: orjson.loads(raw))
        bound, _ = _timed(lambda: _unchecked.read_document(raw, sources, dates))
        samples.add("from_json", ours, floor)
        samples.add("from_json bound", bound, floor)

        ours, written = _timed(lambda built=built: to_json(built))
        floor, dumped = _timed(lambda: _floors.json_dumps(document))
        if written.encode() != dumped:
            sys.exit(f"{size} events: orjson.dumps of the document differs from to_json's output")
        texts = _unchecked.texts_of(built.events, sources.values())  # untimed: the dates are given
        bound, _ = _timed(
            lambda built=built, texts=texts: _unchecked.write_document(
                built.title, str(built.description), sources.values(), built.events, texts
            )
        )
        samples.add("to_json", ours, floor)
        samples.add("to_json bound", bound, floor)
        del built, written, dumped

        fresh = _data.build(values)
        ours, _ = _timed(lambda fresh=fresh: to_markdown(fresh, diagram=False))
        floor, _ = _timed(lambda fresh=fresh: _floors.markdown_page(fresh))
        samples.add("to_markdown", ours, floor)

        fresh = _data.build(values)
        ours, _ = _timed(lambda fresh=fresh: to_ical(fresh))
        floor, _ = _timed(lambda: _floors.ical_calendar(head, rows, years))
        samples.add("to_ical", ours, floor)
        del fresh

        ours, _ = _timed(lambda: _replay(log))
        floor, _ = _timed(lambda: _floors.decode_lines(lines))
        bound, _ = _timed(lambda: _unchecked.replay(lines, sources, dates))
        samples.add("replay", ours, floor)
        samples.add("replay bound", bound, floor)

    return samples, _memory(document_file)


def _replay(path: Path) -> int:
    with EventLog(path) as log:
        return len(log.timeline())


def _memory(path: Path) -> dict[str, Any]:
    """What loading the document at ``path`` costs in memory, measured in a fresh interpreter."""
    command = [sys.executable, str(Path(__file__).resolve()), "--memory-of", str(path)]
    found = subprocess.run(command, capture_output=True, text=True, check=False)
    if found.returncode:
        sys.exit(f"the memory step failed:\n{found.stderr}")
    result: dict[str, Any] = json.loads(found.stdout)
    return result


def memory_of(path: Path) -> dict[str, Any]:
    """Load the document at ``path`` under tracemalloc: the bytes retained, the peak, the peak RSS.

    A load of a few other events comes first, so that what is set up once per
    process (the converter's generated functions) is not counted per event; the
    value caches it filled are emptied again.
    """
    import resource
    import tracemalloc

    from_json(to_json(_data.build(_data.values(20, seed=1))))
    _fresh()
    data = path.read_bytes()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    loaded = from_json(data)
    del data
    gc.collect()
    retained, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "events": len(loaded.events),
        "retained": retained - before,
        "peak": peak - before,
        "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }


def measure_import(runs: int) -> Samples:
    """``import timeline`` against ``import pendulum, attrs``, each in a fresh interpreter, in turns.

    With bytecode cached, as after any install: the interpreters may write it (a
    ``PYTHONDONTWRITEBYTECODE`` of the caller is dropped), and a first import of
    every module of timeline, untimed, writes it before the runs.
    """
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}

    def run(statement: str) -> float:
        command = [sys.executable, "-c", IMPORT.format(statement)]
        found = subprocess.run(command, capture_output=True, text=True, check=True, env=environment)
        return float(found.stdout)

    run("import timeline, timeline.cli, timeline.formats.ical, timeline.formats.yaml, timeline.formats.html")
    samples = Samples()
    for _ in range(runs):
        ours = run("import timeline")
        samples.add("import", ours, run("import pendulum, attrs"))
    return samples


ROWS = (
    ("from_json", "`from_json`", "`orjson.loads`, same bytes"),
    ("to_json", "`to_json`", "`orjson.dumps(…, OPT_INDENT_2)`, same bytes out"),
    ("build", "building `Event`s and the `Timeline` from Python values", "—"),
    ("to_markdown", "`to_markdown`", "f-string page, same layout"),
    ("to_ical", "`to_ical`", "plain `icalendar`, same VEVENTs"),
    ("replay", "log replay, every revision a new event", "`orjson.loads` of each line"),
)


def _per_event(seconds: float, size: int) -> str:
    micro = seconds / size * 1e6
    return f"{micro:,.1f} µs/event" if micro < 100 else f"{micro:,.0f} µs/event"


def _verdict(name: str, ratio: float | None, value: float) -> str:
    text, limit = TARGETS[name]
    if limit is not None and ratio is not None:
        met = ratio <= limit
    elif name == "build":
        met = value <= 25e-6
    else:
        met = value <= 2048
    return f"{text} {'✓' if met else '✗'}"


def table(sizes: list[int], results: dict[int, tuple[Samples, dict[str, Any]]], imports: Samples) -> list[str]:
    lines = [
        "| operation | events | timeline | floor, same run | ratio | target |",
        "|---|---:|---:|---:|---:|---|",
    ]
    ours, floor = imports.median("import")
    assert floor is not None
    lines.append(
        f"| `import timeline` | — | {ours * 1e3:,.0f} ms | {floor * 1e3:,.0f} ms (`import pendulum, attrs`) "
        f"| {ours / floor:.2f}× | {_verdict('import', ours / floor, ours)} |"
    )
    for name, title, floor_name in ROWS:
        for size in sizes:
            samples, _ = results[size]
            ours, floor = samples.median(name)
            if floor is None:
                lines.append(
                    f"| {title} | {size:,} | {_per_event(ours, size)} | {floor_name} | — "
                    f"| {_verdict(name, None, ours / size)} |"
                )
            else:
                lines.append(
                    f"| {title} | {size:,} | {_per_event(ours, size)} | {_per_event(floor, size)} ({floor_name}) "
                    f"| {ours / floor:.2f}× | {_verdict(name, ours / floor, ours)} |"
                )
    for size in sizes:
        _, memory = results[size]
        per_event = memory["retained"] / memory["events"]
        lines.append(
            f"| memory of a loaded `Timeline` (tracemalloc) | {size:,} | {per_event:,.0f} B/event retained "
            f"| peak {memory['peak'] / 2**20:,.1f} MiB while loading; peak RSS {memory['rss'] / 2**20:,.0f} MiB "
            f"| — | {_verdict('memory', None, per_event)} |"
        )
    return lines


BOUNDS = (
    ("from_json", "reading the document", "`orjson.loads`, same bytes"),
    ("to_json", "writing the document", "`orjson.dumps(…, OPT_INDENT_2)`, same bytes out"),
    ("replay", "replaying the log", "`orjson.loads` of each line"),
)


def bounds_table(sizes: list[int], results: dict[int, tuple[Samples, dict[str, Any]]]) -> list[str]:
    """The bounds of ``_unchecked`` against the same floors: what the same work costs with every check left out."""
    lines = [
        "| with every check left out | events | bound | floor, same run | ratio | target |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, title, floor_name in BOUNDS:
        for size in sizes:
            bound, floor = results[size][0].median(f"{name} bound")
            assert floor is not None
            lines.append(
                f"| {title} | {size:,} | {_per_event(bound, size)} | {_per_event(floor, size)} ({floor_name}) "
                f"| {bound / floor:.2f}× | {TARGETS[name][0]} |"
            )
    return lines


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as info:
        cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    memory = ""
    with contextlib.suppress(OSError, ValueError):
        memory = f", {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB"
    versions = ", ".join(
        f"{name} {_version(name)}" for name in ("timeline-events", "orjson", "icalendar", "pendulum", "attrs", "cattrs")
    )
    return f"{cpu}, {os.cpu_count()} cores{memory}; Python {platform.python_version()}; {versions}"


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", help="numbers of events (default 1000 10000 100000)")
    parser.add_argument("--runs", type=int, help="runs of each operation; the table shows medians (default 5)")
    parser.add_argument("--quick", action="store_true", help="1,000 events and 3 runs, unless told otherwise")
    parser.add_argument(
        "--accounts",
        type=float,
        default=0.0,
        help="share of events dated only by two accounts that disagree (default 0; the Markdown floor leaves"
        " out the lines that show them)",
    )
    parser.add_argument("--memory-of", type=Path, help=argparse.SUPPRESS)  # the memory step, in its own interpreter
    options = parser.parse_args(argv)
    if options.memory_of is not None:
        print(json.dumps(memory_of(options.memory_of)))
        return 0
    sizes = options.sizes or ([1000] if options.quick else [1000, 10_000, 100_000])
    runs = options.runs or (3 if options.quick else 5)
    warnings.simplefilter("ignore")  # undated events left out of calendars, and the like
    print(f"# timeline benchmarks: medians of {runs} runs, CPU time")
    print(f"\n{machine()}\n", flush=True)
    started = time.perf_counter()
    imports = measure_import(max(runs, 9))
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            results[size] = measure_size(size, runs, Path(folder), options.accounts)
            print(f"{size:,} events measured ({time.perf_counter() - started:,.0f} s so far)", file=sys.stderr)
    print("\n".join(table(sizes, results, imports)))
    print("\nBounds: the same JSON read and written and the same log replayed in Python, with every check left out")
    print("and every date given (benchmarks/_unchecked.py). A reader or writer that checks does more than these:\n")
    print("\n".join(bounds_table(sizes, results)))
    shown = ", ".join(f"{size:,}" for size in sizes)
    print(f"\nto_json's output and orjson.dumps of the same document: byte-identical at {shown} events")
    print(f"caches emptied before each timed call: {', '.join(sorted(_cache_names())) or 'none'}")
    return 0


def _cache_names() -> Iterator[str]:
    for cache in _value_caches():
        wrapped = cache.__wrapped__
        yield f"{wrapped.__module__}.{wrapped.__qualname__}"


if __name__ == "__main__":
    sys.exit(main())
