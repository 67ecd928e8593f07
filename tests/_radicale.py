"""A real Radicale CalDAV server for tests: 127.0.0.1, a free port, temporary storage, no login.

:func:`radicale_server` is a pytest fixture (import it into a test module to use
it). It starts ``python -m radicale`` in a subprocess, waits until the server
answers, yields its base URL, and stops it afterwards. Only pip packages are
needed (``radicale``, and ``caldav`` to talk to it), so it runs in CI as is.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

_START_TIMEOUT = 30.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return bool(response.status)
    except urllib.error.HTTPError:
        return True  # it answered, if only to refuse
    except OSError:
        return False


@pytest.fixture
def radicale_server(tmp_path: Path) -> Iterator[str]:
    """The base URL of a Radicale server that lives as long as the test."""
    port = _free_port()
    config = tmp_path / "radicale.conf"
    config.write_text(
        "\n".join(
            [
                "[server]",
                f"hosts = 127.0.0.1:{port}",
                "[auth]",
                "type = none",
                "[rights]",
                "type = authenticated",
                "[storage]",
                f"filesystem_folder = {tmp_path / 'collections'}",
                "[logging]",
                "level = warning",
                "mask_passwords = True",
                "",
            ]
        ),
        encoding="utf-8",
    )
    log = (tmp_path / "radicale.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + _START_TIMEOUT
        while not _answers(url):
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                output = (tmp_path / "radicale.log").read_text("utf-8", "replace")
                pytest.fail(f"Radicale did not start (exit status {process.poll()}):\n{output}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()
