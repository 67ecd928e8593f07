"""Make the picture of the worked example's page in the how-to, in headless Chromium.

    python tests/browser/screenshot.py            # writes docs/how-to/publish-page.png and …-dark.png

The picture is not compared with anything; run this again when the page's look changes.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import timeline  # noqa: E402
from _browser import chromium, color_scheme  # noqa: E402
from timeline.formats.html import to_html  # noqa: E402


def main() -> int:
    page = Path(tempfile.mkdtemp()) / "index.html"
    page.write_text(to_html(timeline.load(ROOT / "examples" / "berlin-2025" / "timeline.json")), "utf-8")
    with chromium() as driver:
        driver.set_window_size(900, 1150)
        for scheme, name in (("light", "publish-page.png"), ("dark", "publish-page-dark.png")):
            color_scheme(driver, scheme)
            driver.get(page.as_uri())
            driver.save_screenshot(str(ROOT / "docs" / "how-to" / name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
