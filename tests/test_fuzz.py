"""The fuzz harness (fuzz/): every committed seed and every input that once crashed a reader
keeps to the invariant, and a short mutation run of every target finds nothing new.

A reader returns or raises TimelineError (warnings allowed), within 2 s of CPU time
per input. Longer runs: ``python fuzz/run.py all --seconds 3600`` (see fuzz/run.py).
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fuzz"))

import run as fuzz_run  # noqa: E402 -- fuzz/ is not a package
from targets import TARGETS, crash_files, seed_files  # noqa: E402

SECONDS = float(os.environ.get("TIMELINE_FUZZ_SECONDS", "4"))
"""How long the short run of each target lasts here; CI runs atheris longer (.ci/run)."""


def _cases(files: dict[str, list[Path]]) -> list[object]:
    return [pytest.param(target, path, id=f"{target}/{path.name}") for target, paths in files.items() for path in paths]


@pytest.mark.parametrize(("target", "path"), _cases({target: seed_files(target) for target in TARGETS}))
def test_every_seed_keeps_to_the_invariant(target: str, path: Path) -> None:
    TARGETS[target](path.read_bytes())


@pytest.mark.parametrize(("target", "path"), _cases({target: crash_files(target) for target in TARGETS}))
def test_every_input_that_once_crashed_a_reader_keeps_to_the_invariant(target: str, path: Path) -> None:
    TARGETS[target](path.read_bytes())


@pytest.mark.parametrize("target", list(TARGETS))
def test_a_short_mutation_run_finds_nothing(target: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(fuzz_run, "CRASHES", tmp_path)  # a new crash is shown here, not written into the tree
    pool = [path.read_bytes() for path in seed_files(target)]
    rng = random.Random(20251216)
    deadline = time.monotonic() + SECONDS
    failing: list[bytes] = []
    runs = 0
    while time.monotonic() < deadline or runs < 20:
        data = fuzz_run.mutate(rng, rng.choice(pool), pool)
        runs += 1
        if fuzz_run._run_one(target, TARGETS[target], data, set()):
            failing.append(data)
            break
    assert not failing, f"{target} broke the invariant on {failing[0][:300]!r}"
