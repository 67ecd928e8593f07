"""The release plan of a software project, authored by hand in YAML.

``timeline.yaml`` beside this script is the source: released versions with their
day, the next ones with only a quarter or a month, and plans with no date yet,
each citing the blog post, changelog or roadmap issue it comes from. This script
reads it (every problem in it is reported with its line) and writes the other
formats beside it:

    python examples/release-plan/build.py            # writes the files, prints the plan
    python examples/release-plan/build.py OUT_DIR    # writes them into OUT_DIR instead
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import timeline
from timeline import Timeline

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "timeline.yaml"

OUTPUTS = ("timeline.json", "timeline.ics", "timeline.md", "timeline.html")
"""The files written, by name; their format follows the suffix."""


def build() -> Timeline:
    """The timeline of ``timeline.yaml``."""
    return timeline.load(SOURCE)


def write(folder: Path) -> Timeline:
    """Read the plan and save it into ``folder`` in every format of :data:`OUTPUTS`.

    Undated plans are left out of ``timeline.ics``; the warning naming them is printed.
    """
    plan = build()
    folder.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", timeline.TimelineWarning)
        for name in OUTPUTS:
            timeline.save(plan, folder / name)
    for warning in caught:
        print(f"note: {warning.message}")
    return plan


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else HERE
    try:
        plan = write(folder)
    except timeline.TimelineError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{plan.title} — {len(plan)} events\n")
    for event in plan:
        print(f"  {event.when.label():<32} {event.title} [{event.status.value}]")
    print(f"\nwrote {', '.join(str(folder / name) for name in OUTPUTS)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
