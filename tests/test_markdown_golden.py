"""Golden Markdown pages: each ``examples/*/timeline.md`` is, byte for byte, the page of its ``timeline.json``.

The worked example's page must exist: a missing one is a failure, not a skip. Set
``TIMELINE_REGENERATE=1`` to write the pages anew (then review the diff).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import timeline
from test_markdown import check_page, check_python_markdown
from timeline.formats.markdown import to_markdown

ROOT = Path(__file__).resolve().parent.parent
WORKED_EXAMPLE = ROOT / "examples" / "berlin-2025" / "timeline.md"
PAGES = sorted({*(ROOT / "examples").glob("*/timeline.md"), WORKED_EXAMPLE})


@pytest.mark.parametrize("golden", PAGES, ids=lambda path: path.parent.name)
def test_the_page_of_an_example_is_its_golden_file(golden: Path) -> None:
    t = timeline.load(golden.with_suffix(".json"))
    text = to_markdown(t)
    if os.environ.get("TIMELINE_REGENERATE") == "1":
        golden.write_bytes(text.encode("utf-8"))
    assert golden.exists(), f"{golden} is missing: run with TIMELINE_REGENERATE=1 to write it"
    assert text.encode("utf-8") == golden.read_bytes(), f"{golden.name} differs from to_markdown's output"
    check_page(t, golden.read_text("utf-8"))
    check_python_markdown(t, golden.read_text("utf-8"))
