"""``timeline publish SRC FOLDER`` and ``timeline convert x.json x.html``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import timeline
from timeline.cli import PUBLISHED, main
from timeline.formats.html import to_html

ROOT = Path(__file__).resolve().parent.parent
BERLIN = ROOT / "examples" / "berlin-2025" / "timeline.json"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.BytesIO(), io.StringIO()
    status = main(list(argv), stdin=io.BytesIO(), stdout=out, stderr=err)
    return status, out.getvalue().decode("utf-8"), err.getvalue()


def test_publish_writes_every_file_and_says_what_it_left_out(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    status, out, err = run(
        "publish",
        str(BERLIN),
        str(folder),
        "--refresh",
        "PT6H",
        "--url",
        "https://example.org/t.ics",
        "--color",
        "teal",
    )
    assert status == 0, err
    assert err == ""
    assert sorted(path.name for path in folder.iterdir()) == sorted(PUBLISHED)
    t = timeline.load(BERLIN)
    namespace = timeline.formats.ical.default_namespace(t)
    undated = "binding-guarantees, equipment-upgrades, european-deterrent-troops, troops-800k, us-reconnaissance"
    assert out.splitlines() == [
        f"{folder / 'index.html'}: 8 events",
        f"{folder / 'timeline.ics'}: 3 events, UIDs id@{namespace}; left out 5 undated: {undated}",
        f"{folder / 'timeline.json'}: 8 events",
        f"{folder / 'timeline.md'}: 8 events",
        f"{folder / 'timelinejs.json'}: 3 slides; left out 5 undated: {undated}",
    ]
    assert (folder / "index.html").read_text("utf-8") == to_html(t)
    assert timeline.load(folder / "timeline.json") == t
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT6H" in (folder / "timeline.ics").read_bytes()
    assert b"COLOR:teal" in (folder / "timeline.ics").read_bytes()
    assert len(json.loads((folder / "timelinejs.json").read_text("utf-8"))["events"]) == 3


def test_a_bad_option_writes_nothing(tmp_path: Path) -> None:
    status, _, err = run("publish", str(BERLIN), str(tmp_path / "site"), "--color", "#abc")
    assert status == 1
    assert "color" in err
    assert not (tmp_path / "site").exists()
    status, _, err = run("publish", str(BERLIN), str(tmp_path / "site"), "--refresh", "soon")
    assert status == 1
    assert "--refresh" in err


def test_convert_writes_a_page(tmp_path: Path) -> None:
    status, _, err = run("convert", str(BERLIN), str(tmp_path / "page.html"), "--locale", "de")
    assert status == 0, err
    assert (tmp_path / "page.html").read_text("utf-8") == to_html(timeline.load(BERLIN), locale="de")
    status, out, _ = run("convert", str(BERLIN), "-", "--to", "html")
    assert status == 0
    assert out.startswith("<!DOCTYPE html>")


def test_the_pages_timelinejs_view_and_timelinejs_json_agree_on_the_zone(tmp_path: Path) -> None:
    source = ROOT / "examples" / "release-plan" / "timeline.json"
    status, _, err = run("publish", str(source), str(tmp_path), "--assets", "cdn", "--zone", "Asia/Tokyo")
    assert status == 0, err
    page = (tmp_path / "index.html").read_text("utf-8")
    viewed = json.loads(page.split('<script type="application/json" id="_timelinejs-data">')[1].split("</")[0])
    alone = json.loads((tmp_path / "timelinejs.json").read_text("utf-8"))
    assert [slide["start_date"] for slide in viewed["events"]] == [slide["start_date"] for slide in alone["events"]]
    assert any("hour" in slide["start_date"] for slide in alone["events"])
