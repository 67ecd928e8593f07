"""The worked example's event log: log.py reproduces timeline.jsonl, and the log tells its story."""

from __future__ import annotations

import datetime as dt
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import timeline
from timeline.log import EventLog

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "berlin-2025"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("berlin_log", EXAMPLE / "log.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_log_script_reproduces_the_committed_log(tmp_path: Path) -> None:
    expected = EXAMPLE / "timeline.jsonl"
    assert expected.exists(), f"{expected} is missing: run examples/berlin-2025/log.py"
    _script().write(tmp_path).close()
    assert (tmp_path / "timeline.jsonl").read_bytes() == expected.read_bytes(), "timeline.jsonl differs from log.py's"


def test_the_log_records_the_report_then_illustrative_revisions() -> None:
    report = timeline.load(EXAMPLE / "timeline.json")
    with EventLog(EXAMPLE / "timeline.jsonl") as log:
        log.verify()
        published = dt.datetime(2025, 12, 16, 23, 59, tzinfo=dt.UTC)
        assert log.timeline(as_of=published) == report, "on the publication date the log believes the report"
        assert log.timeline().title == report.title
        revisions = list(log)
        assert {revision.by for revision in revisions} == {"example editor"}
        later = [revision for revision in revisions if revision.at > published]
        assert later, "the log has revisions after the report"
        for revision in later:
            assert revision.why is not None
            assert revision.why.note is not None
            assert "Illustration" in revision.why.note, "later revisions say they are illustrations"
        changes = log.diff(published, None)
        assert [(change.id, change.fields) for change in changes.changed] == [
            ("european-deterrent-troops", ("status", "citations"))
        ]
        before, after = changes.changed[0].before, changes.changed[0].after
        assert (before.status.value, after.status.value) == ("proposed", "planned")
        new_sources = {citation.source.publisher for citation in after.citations} - {
            citation.source.publisher for citation in before.citations
        }
        assert new_sources == {"Illustrative source (not a real publication)"}
        assert changes.added == changes.retracted == ()


def test_log_script_prints_the_milestone_before_and_after(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLE / "log.py"), str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert "as of 01 Jan 2026: 8 events; european-deterrent-troops is proposed" in result.stdout
    assert "as of 01 Feb 2026: 8 events; european-deterrent-troops is planned" in result.stdout
    assert "changed between them: european-deterrent-troops (status, citations)" in result.stdout
    assert result.stderr == ""
