"""A short run of the log's crash soak (fuzz/soak_log.py); the documented run has 1,000 rounds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = int(os.environ.get("TIMELINE_SOAK_ROUNDS", "25"))


def test_writers_killed_in_every_scenario_lose_nothing_acknowledged_and_keep_every_torn_byte() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "fuzz" / "soak_log.py"), "--rounds", str(ROUNDS), "--seed", "20251216"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"passed: {ROUNDS} rounds" in result.stdout
