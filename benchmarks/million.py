"""A million events: load and save as JSON, iCalendar and Markdown, with time and peak memory per step.

    python benchmarks/million.py                  # 1,000,000 events (long: see docs/explanation/speed.md)
    python benchmarks/million.py --events 100000  # smaller

The events come from ``benchmarks/_data.py`` (the mix of the benchmark table).
Each step runs in its own interpreter, so that the peak resident memory printed
(``ru_maxrss`` of that interpreter) is the step's own:

1. ``build`` the Timeline from Python values, then ``save`` it as JSON;
2. ``load`` the JSON file;
3. ``load`` the JSON file, then ``save`` as iCalendar;
4. ``load`` the JSON file, then ``save`` as Markdown;
5. ``load`` the iCalendar file (its undated events were left out of it).

For each step: the time of what it prepares (building, or loading the JSON file
the save needs), the time of the step itself in wall clock and CPU time (on a busy
machine the CPU time says more), the peak resident memory once prepared and at
the end, and the size of the file written or read. The target: every step within
minutes, at most 4 GiB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
STEPS = ("build, save JSON", "load JSON", "save iCalendar", "save Markdown", "load iCalendar")


def _peak() -> int:
    """The peak resident memory of this interpreter so far, in bytes (Linux gives KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def step(name: str, folder: Path, events: int) -> dict[str, Any]:
    """Run one step in this interpreter and say what it took."""
    sys.path.insert(0, str(HERE))
    import _data

    from timeline import load, save

    warnings.simplefilter("ignore")  # undated events left out of the calendar
    document, calendar, page = folder / "events.json", folder / "events.ics", folder / "events.md"
    started = time.perf_counter()
    timeline = None
    if name == "build, save JSON":
        timeline = _data.build(_data.values(events))
    elif name in ("save iCalendar", "save Markdown"):
        timeline = load(document)
    written = {"save iCalendar": calendar, "save Markdown": page, "load iCalendar": calendar}.get(name, document)
    prepared, prepared_peak = time.perf_counter() - started, _peak()

    started, cpu = time.perf_counter(), time.process_time()
    if name == "load JSON":
        timeline = load(document)
        count = len(timeline.events)
    elif name == "load iCalendar":
        count = len(load(calendar).events)
    else:
        assert timeline is not None
        save(timeline, written, **({"diagram": False} if written == page else {}))
        count = len(timeline.events)
    return {
        "step": name,
        "events": count,
        "prepared": prepared,
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "prepared_peak": prepared_peak,
        "peak": _peak(),
        "bytes": written.stat().st_size,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)  # one step, in its own interpreter
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.step is not None:
        print(json.dumps(step(options.step, options.folder, options.events)))
        return 0
    print(f"{options.events:,} events; each step in its own interpreter; peak RSS is ru_maxrss\n")
    print("| step | events | prepared in | step, wall clock | step, CPU | peak RSS prepared | peak RSS | file |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for name in STEPS:
            command = [sys.executable, __file__, "--step", name, "--folder", folder, "--events", str(options.events)]
            found = subprocess.run(command, capture_output=True, text=True, check=False)
            if found.returncode:
                said = found.stderr.strip().splitlines() or [f"exit status {found.returncode}"]
                print(f"| {name} | failed: {said[-1]} ||||||")
                return 1
            result = json.loads(found.stdout)
            print(
                f"| {name} | {result['events']:,} | {result['prepared']:,.1f} s | {result['seconds']:,.1f} s "
                f"| {result['cpu']:,.1f} s "
                f"| {result['prepared_peak'] / 2**20:,.0f} MiB | {result['peak'] / 2**20:,.0f} MiB "
                f"| {result['bytes'] / 2**20:,.1f} MiB |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
