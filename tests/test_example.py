"""The worked example: build.py reproduces its committed files, and the README's code runs."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import timeline

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "berlin-2025"


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("berlin_build", EXAMPLE / "build.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_reproduces_every_committed_file(tmp_path: Path) -> None:
    build = _build_module()
    build.write(tmp_path)
    for name in build.OUTPUTS:
        expected = EXAMPLE / name
        assert expected.exists(), f"{expected} is missing: run examples/berlin-2025/build.py"
        assert (tmp_path / name).read_bytes() == expected.read_bytes(), f"{name} differs from build.py's output"


def test_build_script_prints_the_timeline(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLE / "build.py"), str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert "Security guarantees for Ukraine — 8 events" in result.stdout
    assert "14–15 Dec 2025" in result.stdout
    assert "no date yet" in result.stdout
    assert result.stderr == ""


def test_example_models_the_report_honestly() -> None:
    example = timeline.load(EXAMPLE / "timeline.json")
    talks = example.get("berlin-talks")
    assert talks is not None
    assert str(talks.when) == "2025-12-14/2025-12-15"
    assert talks.when.phrase == "earlier this week"
    assert talks.place is not None
    assert talks.place.zone == "Europe/Berlin"
    documents = example.filter(kind="document")
    assert {event.id for event in documents} == {"principles-document", "support-document"}
    assert all(event.related("part_of") == ("berlin-talks",) for event in documents)
    milestones = example.filter(kind="milestone")
    assert len(milestones) == 5
    assert all(not event.when.is_dated for event in milestones)
    assert {event.status.value for event in milestones} <= {"proposed", "planned"}
    for event in example:
        assert event.citations, f"{event.id} cites nothing"
        for citation in event.citations:
            assert citation.attribution == "unnamed sources"
            assert citation.source.publisher == "The New York Times"
            assert citation.source.via is not None
            assert citation.quote is not None
            assert len(citation.quote) <= 120


def test_readme_python_example_runs() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL)
    assert blocks, "README.md has no Python example"
    for block in blocks:
        result = subprocess.run([sys.executable, "-c", block], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        for line in block.splitlines():
            if "print(" in line and "# " in line:
                expected = line.split("# ", 1)[1]
                assert expected in result.stdout, f"README says {expected!r}, got {result.stdout!r}"
