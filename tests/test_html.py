"""The HTML page, read back with the standard library's HTML parser: no browser needed.

Ids and statuses, escaping of every text from the data, links only for safe URLs,
the Content-Security-Policy's hashes matching the inline code, the structure
(landmarks, one h1, heading order, labelled controls), and the golden pages of the
examples. ``tests/test_browser.py`` runs the same pages in Chromium.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import re
import warnings
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import timeline
from timeline import Citation, Event, InvalidInputError, Place, Relation, Source, Timeline
from timeline.formats.html import to_html

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*/timeline.json"))

# Every kind of trouble a text field can hold; each is put into every text field of one timeline.
HOSTILE = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 2">',
    '"><svg onload=window.__pwned=3>',
    "' onmouseover='window.__pwned=4",
    "javascript:window.__pwned=5",
    "</script><script>window.__pwned=6</script>",
    "</style><script>window.__pwned=7</script>",
    "<!-- </title><b>bold</b>",
    "&lt;script&gt; &amp; &#x3C;",
    "\u202eevil\u202c right-to-left override \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",
    "zero\u200bwidth\u200c\u200d\ufeffjoiners",
    "{{constructor.constructor('window.__pwned=8')()}}",
    "]]></script><iframe src=javascript:alert(9)>",
]
"""Hostile strings: markup, event handlers, script URLs, breakouts, bidi and zero-width characters."""


def hostile_timeline() -> Timeline:
    """A timeline whose every text field holds hostile strings."""
    bad = HOSTILE
    source = Source(
        bad[0],
        title=bad[1],
        url="https://example.org/a?q=<script>&x=\"'",
        archived_url="https://example.org/archive/" + "%3Cscript%3E",
        author=bad[2],
        published=timeline.When.parse("2025-12-16~", phrase=bad[3]),
        via=Source(bad[4], title=bad[5], key="via-source"),
        key="hostile-source",
    )
    events = []
    for index, text in enumerate(bad):
        events.append(
            Event(
                f"event-{index}",
                text,
                timeline.When.parse("2025-12-14/2025-12-15", phrase=text) if index % 3 else timeline.When.undated(text),
                description=f"{text}\n\n{text}\n{bad[(index + 1) % len(bad)]}",
                kind=text,
                status=list(timeline.Status)[index % len(timeline.Status)],
                place=Place(text, country=text),
                actors=(text, "Actor " + str(index)),
                tags=(text, "tag-" + str(index % 2)),
                citations=[Citation(source, attribution=text, quote=text + "\n" + text, locator=text)],
                relations=[Relation("follows", "event-0")] if index else [],
            )
        )
    return Timeline(bad[6], events, description="\n".join(bad))


class Page(HTMLParser):
    """Every element of a page, with its attributes and the text inside it."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[tuple[str, str]] = []  # (the innermost element, its text), in order
        self.stack: list[str] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag not in ("meta", "link", "input", "br", "img"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        top = self.stack[-1] if self.stack else ""
        if top in self.raw:
            self.raw[top].append(data)
        self.texts.append((top, data))

    def all(self, tag: str, **wanted: str) -> list[dict[str, str | None]]:
        return [
            attrs
            for name, attrs in self.elements
            if name == tag and all(attrs.get(key.rstrip("_")) == value for key, value in wanted.items())
        ]

    @property
    def text(self) -> str:
        return "".join(text for tag, text in self.texts if tag not in ("script", "style"))


def csp_sources(page: str, directive: str) -> list[str]:
    [meta] = Page(page).all("meta", **{"http-equiv": "Content-Security-Policy"})
    content = meta["content"] or ""
    for part in content.split(";"):
        name, *values = part.split()
        if name == directive:
            return values
    return []


def sha256(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"


def page_of(t: Timeline, **options: Any) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return to_html(t, **options)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.parent.name)
def test_every_event_is_one_element_with_its_id_and_status(path: Path) -> None:
    t = timeline.load(path)
    page = Page(page_of(t))
    articles = page.all("article")
    assert [(attrs["id"], attrs["data-status"]) for attrs in articles] == [
        (event.id, event.status.value) for event in _page_order(t)
    ]
    ids = [attrs["id"] for _, attrs in page.elements if "id" in attrs]
    assert len(ids) == len(set(ids)), "ids are unique"
    own = [ident for ident in ids if ident not in t]
    assert own
    assert all(ident is not None and ident.startswith("_") for ident in own), own


def _page_order(t: Timeline) -> list[Event]:
    from timeline.formats._page import layout

    sections, undated = layout(t)
    return [event for _, events in sections for event in events] + [e for events in undated.values() for e in events]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.parent.name)
def test_the_page_is_accessible_in_structure(path: Path) -> None:
    html = page_of(timeline.load(path))
    page = Page(html)
    assert page.elements[0][0] == "html"
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert len(page.all("h1")) == 1
    assert len(page.all("main")) == 1
    assert page.all("header")
    assert page.all("nav")
    levels = [int(tag[1]) for tag, _ in page.elements if re.fullmatch(r"h[1-6]", tag)]
    assert levels[0] == 1
    assert all(after <= before + 1 for before, after in itertools.pairwise(levels)), levels
    labelled = {attrs["for"] for attrs in page.all("label")}
    controls = [attrs["id"] for tag, attrs in page.elements if tag in ("input", "select")]
    assert controls
    assert set(controls) <= labelled
    assert page.all("meta", name="viewport")


def test_the_worked_example_says_what_the_markdown_page_says() -> None:
    t = timeline.load(ROOT / "examples" / "berlin-2025" / "timeline.json")
    text = " ".join(Page(page_of(t)).text.split())
    for phrase in [
        "Security guarantees for Ukraine",
        "8 events · 2 sources",
        "14–15 Dec 2025",
        "(“earlier this week”)",
        "No date yet",
        "Proposed",
        "Planned",
        "Part of",
        "Derived from",
        "Unnamed news outlet",
        "(about 16 Dec 2025)",
        "Citing unnamed sources — reported.",
        "Berlin, Germany",
    ]:
        assert phrase in text, phrase


def test_relations_link_within_the_page_and_notes_are_numbered() -> None:
    t = timeline.load(ROOT / "examples" / "berlin-2025" / "timeline.json")
    page = Page(page_of(t))
    links = [attrs["href"] for attrs in page.all("a")]
    ids = {attrs["id"] for _, attrs in page.elements if "id" in attrs}
    internal = [link for link in links if link and link.startswith("#")]
    assert "#berlin-talks" in internal
    assert "#_n-nyt" in internal
    assert all(link[1:] in ids for link in internal), "every in-page link has its target"
    assert [attrs["id"] for attrs in page.all("li") if (attrs.get("id") or "").startswith("_n-")] == ["_n-nyt"]


def test_the_same_timeline_gives_the_same_page() -> None:
    t = timeline.load(ROOT / "examples" / "release-plan" / "timeline.json")
    assert page_of(t) == page_of(timeline.from_json(timeline.to_json(t)))


def test_locales_and_bad_options() -> None:
    t = timeline.load(ROOT / "examples" / "berlin-2025" / "timeline.json")
    german = page_of(t, locale="de")
    assert '<html lang="de">' in german
    assert "Noch ohne Datum" in german
    assert "Quellen" in german
    assert "Дати ще немає" in page_of(t, locale="uk")
    with pytest.raises(InvalidInputError, match="locale 'fr'"):
        to_html(t, locale="fr")
    for bad in ["javascript:alert(1)", "data:text/javascript,alert(1)", "//evil.example/x", 'x" onload="y', ""]:
        with pytest.raises(InvalidInputError, match="assets"):
            to_html(t, assets=bad)


def test_revisions_show_when_each_event_was_last_revised() -> None:
    import pendulum

    t = Timeline("T", [Event("a", "A", "2025-12-16")])
    revisions = {"a": timeline.Revisions(pendulum.datetime(2025, 12, 1), pendulum.datetime(2025, 12, 17, 9, 30), 3)}
    text = " ".join(Page(page_of(t, revisions=revisions)).text.replace("Last revised", " Last revised ").split())
    assert "Last revised 17 Dec 2025, 09:30 UTC (revision 3)" in text  # the colon comes from the style sheet


def test_no_element_or_attribute_comes_from_the_data() -> None:
    t = hostile_timeline()
    html = page_of(t)
    clean = page_of(_blanked(t))
    page, reference = Page(html), Page(clean)
    assert [tag for tag, _ in page.elements] == [tag for tag, _ in reference.elements]
    assert [sorted(attrs) for _, attrs in page.elements] == [sorted(attrs) for _, attrs in reference.elements]
    assert not page.all("script", src=None) or all(attrs == {} or "type" in attrs for attrs in page.all("script"))
    for _, attrs in page.elements:
        for name, value in attrs.items():
            assert not name.startswith("on"), name
            if name in ("href", "src"):
                assert (value or "").startswith(("#", "https://", "http://", "mailto:")), value
    text = page.text
    for bad in HOSTILE:
        assert bad.split("\n")[0] in text, bad  # shown as text, whole


def _blanked(t: Timeline) -> Timeline:
    """The same timeline shape with plain text: the structure the page must keep."""
    data = timeline.to_json(t)
    for index, bad in sorted(enumerate(HOSTILE), key=lambda item: len(item[1]), reverse=True):
        data = data.replace(json.dumps(bad)[1:-1], f"plain text {index}")
    return timeline.from_json(data)


def test_inline_json_and_code_cannot_be_broken_out_of() -> None:
    html = page_of(hostile_timeline())
    body = html.split("<script", 1)[1]
    assert html.count("</script>") == html.count("<script")  # no closing tag from the data
    assert html.count("</style>") == 1
    assert "<!--" not in html
    start = '<script type="application/json" id="_data">'
    data = json.loads(html[html.index(start) + len(start) : html.index("</script>", html.index(start))])
    [first] = [event for event in data["events"] if event["id"] == "event-0"]
    assert first["tags"][0] == HOSTILE[0]
    from timeline.formats._html_markup import json_data

    for breakout in ["</script>", "</SCRIPT >", "<!--", "\u2028", "\u2029", "]]>"]:
        written = json_data({"text": breakout})
        assert not any(bad in written.lower() for bad in ["</script", "<!--", "\u2028", "\u2029", "<", ">"]), written
        assert json.loads(written) == {"text": breakout}
    assert body


def test_the_policy_allows_exactly_the_pages_own_inline_code() -> None:
    html = page_of(hostile_timeline())
    page = Page(html)
    styles, scripts = (
        page.raw["style"],
        [code for attrs, code in zip(page.all("script"), _script_texts(html), strict=True) if "type" not in attrs],
    )
    assert len(styles) == 1
    assert len(scripts) == 1
    assert csp_sources(html, "style-src") == [sha256(styles[0])]
    assert csp_sources(html, "script-src") == [sha256(scripts[0])]
    assert csp_sources(html, "default-src") == ["'none'"]
    assert csp_sources(html, "base-uri") == ["'none'"]
    html_meta = html.index('http-equiv="Content-Security-Policy"')
    assert html_meta < html.index("<style>")
    assert html_meta < html.index("<title>")


def _script_texts(html: str) -> list[str]:
    return re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.DOTALL)


def test_only_http_https_and_mailto_become_links() -> None:
    from timeline.formats._html_markup import href

    assert href('https://example.org/a?b=1&c="2"') == "https://example.org/a?b=1&amp;c=%222%22"
    assert href("mailto:desk@example.org") == "mailto:desk@example.org"
    for bad in [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        " https://x.org",
        "\x01https://x.org",  # a browser drops it, and the link would be relative once it is escaped
        "\x00javascript:alert(1)",
        "https://x.org/\x7f",
        "https://x.org/\x85",
        "https:\t//x.org",
        "DATA:text/html,x",
        "data:text/html,x",
        "/relative",
        "ftp://x",
    ]:
        assert href(bad) is None, bad


def test_with_timelinejs_the_policy_names_its_source() -> None:
    t = timeline.load(ROOT / "examples" / "berlin-2025" / "timeline.json")
    html = page_of(t, assets="cdn")
    assert 'src="https://cdn.knightlab.com/libs/timeline3/latest/js/timeline.js"' in html
    assert "https://cdn.knightlab.com/libs/timeline3/latest/" in csp_sources(html, "script-src")
    assert csp_sources(html, "connect-src") == ["https://cdn.knightlab.com/libs/timeline3/latest/"]  # its language
    assert csp_sources(page_of(t), "connect-src") == []  # without TimelineJS: default-src 'none'
    local = page_of(t, assets="vendor/timelinejs")
    assert 'src="vendor/timelinejs/js/timeline.js"' in local
    assert "'self'" in csp_sources(local, "script-src")
    page = Page(local)
    inline = [code for code in _script_texts(local) if code and not code.startswith("{")]
    assert {sha256(code) for code in inline} <= set(csp_sources(local, "script-src"))
    slides = json.loads(local.split('<script type="application/json" id="_timelinejs-data">')[1].split("</script>")[0])
    assert [slide["unique_id"] for slide in slides["events"]] == [
        "_tl-" + event.id for event in t if event.when.is_dated
    ]
    assert slides["title"]["unique_id"] == "_tl-title"  # not an id TimelineJS makes of the title's text
    assert page.all("section", id="_timelinejs-view")
    assert 'id="_timelinejs-view"' not in page_of(t)
    assert "<link" not in page_of(t)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.parent.name)
def test_the_page_of_an_example_is_its_golden_file(path: Path) -> None:
    golden = path.with_suffix(".html")
    assert golden.read_text("utf-8") == to_html(timeline.load(path))


def test_the_timelinejs_view_converts_times_to_the_zone_asked_for() -> None:
    t = Timeline("T", [Event("talk", "Talk", "2025-12-15T14:00+01:00[Europe/Berlin]")])
    for zone, hour in [(None, 13), ("America/New_York", 8), ("Asia/Tokyo", 22)]:
        options = {} if zone is None else {"zone": zone}
        page = page_of(t, assets="cdn", **options)
        slides = json.loads(page.split('<script type="application/json" id="_timelinejs-data">')[1].split("</")[0])
        assert slides["events"][0]["start_date"]["hour"] == hour, zone
    with pytest.raises(InvalidInputError, match="zone"):
        to_html(t, zone="Mars/Olympus")
