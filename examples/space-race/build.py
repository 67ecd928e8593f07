"""A newsroom's TimelineJS sheet, brought in and converted to every format.

``sheet.csv`` beside this script is TimelineJS's Google Sheets template as a
newsroom filled it in and exported it (File → Download → Comma-separated values):
a title row, an era, years, months, days and times, media with their credits, and
groups. This script reads it as it is and writes it beside itself in every format
timeline writes, and as TimelineJS data again:

    python examples/space-race/build.py            # writes the files, prints the timeline
    python examples/space-race/build.py OUT_DIR    # writes them into OUT_DIR instead
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import timeline
from timeline import Timeline
from timeline.formats.timelinejs import to_timelinejs

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "sheet.csv"

OUTPUTS = ("timeline.json", "timeline.yaml", "timeline.ics", "timeline.md", "timeline.html", "timeline.csv")
"""The files written by ``save``, by name; their format follows the suffix."""

TIMELINEJS = "timelinejs.json"
"""The TimelineJS data written as well."""


def build() -> Timeline:
    """The timeline of ``sheet.csv`` (times in the sheet are UTC)."""
    return timeline.load(SOURCE)


def write(folder: Path) -> Timeline:
    """Read the sheet and save it into ``folder`` in every format of :data:`OUTPUTS`, and as TimelineJS data."""
    race = build()
    folder.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", timeline.TimelineWarning)
        for name in OUTPUTS:
            timeline.save(race, folder / name)
        data = to_timelinejs(race)
    (folder / TIMELINEJS).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for warning in caught:
        print(f"note: {warning.message}")
    return race


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else HERE
    try:
        race = write(folder)
    except timeline.TimelineError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{race.title} — {len(race)} events\n")
    for event in race:
        print(f"  {event.when.label():<40} {event.title} [{event.status.value}]")
    print(f"\nwrote {', '.join(str(folder / name) for name in (*OUTPUTS, TIMELINEJS))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
