"""Media on events: checked by the model, shown as links with credit (never embedded), kept by calendars."""

from __future__ import annotations

import warnings
from html.parser import HTMLParser

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from strategies import hostile_text, media
from timeline import Event, InvalidInputError, Media, Timeline, from_ical, from_json, to_ical, to_json, to_markdown
from timeline.formats.html import to_html

EAGLE = Media(
    "https://images.example/eagle.jpg?size=large&v=2",
    caption="The Eagle <lunar module> & *crew*",
    credit="NASA",
    licence="Public domain",
    alt="A lunar module on grey ground",
)


def test_media_is_checked_with_every_problem() -> None:
    with pytest.raises(InvalidInputError) as caught:
        Event("a", "", media="ftp://images.example/a.jpg")
    assert [str(problem) for problem in caught.value.problems] == [
        "title: must not be empty",
        'media.url: "ftp://images.example/a.jpg" is a ftp: URL; only absolute http(s) URLs are accepted',
    ]
    with pytest.raises(InvalidInputError) as caught:
        Media("javascript:alert(1)", credit="", licence="a\nb")
    assert [str(problem) for problem in caught.value.problems] == [
        'url: "javascript:alert(1)" is a javascript: URL; only absolute http(s) URLs are accepted',
        "credit: must not be empty",
        'licence: "a\\nb" contains a line break',
    ]
    assert Event("a", "A", media="https://images.example/a.jpg").media == Media("https://images.example/a.jpg")


def test_json_reports_media_problems_with_their_path() -> None:
    text = to_json(Timeline("T", [Event("a", "A", media=EAGLE)]))
    with pytest.raises(InvalidInputError) as caught:
        from_json(text.replace('"credit": "NASA"', '"credit": 5, "size": 3'))
    assert [str(problem) for problem in caught.value.problems] == [
        "events[0].media.credit: expected text, got a number",
        'events[0].media.size: unknown field "size"; expected one of: url, caption, credit, licence, alt',
    ]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _link_in_markdown(page: str) -> tuple[str, str, str]:
    """The media's link href, its text, and the text of the paragraph it is in."""
    tokens = MarkdownIt("commonmark").parse(page)
    for token in tokens:
        if token.type != "inline" or not token.children or not token.content.startswith("Media: "):
            continue
        assert not [child for child in token.children if child.type == "image"]
        opened = next(index for index, child in enumerate(token.children) if child.type == "link_open")
        closed = next(index for index, child in enumerate(token.children) if child.type == "link_close")
        shown = "".join(child.content for child in token.children[opened + 1 : closed])
        paragraph = "".join(child.content for child in token.children if child.type == "text")
        return str(token.children[opened].attrs["href"]), shown, paragraph
    raise AssertionError("no media line on the page")


def test_markdown_shows_a_link_with_credit_and_licence() -> None:
    page = to_markdown(Timeline("T", [Event("a", "A", "1969-07-20", media=EAGLE)]), diagram=False)
    href, shown, paragraph = _link_in_markdown(page)
    assert href == "https://images.example/eagle.jpg?size=large&v=2"
    assert shown == "The Eagle <lunar module> & *crew*"
    assert paragraph.endswith(", NASA (Public domain)")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(media(), hostile_text())
def test_hostile_media_stays_one_link_in_markdown_and_html(found: Media, title: str) -> None:
    timeline = Timeline("T", [Event("a", title, "2025-12-15", media=found)])
    shown = " ".join((found.caption or found.alt or found.url).split())
    _, text, _ = _link_in_markdown(to_markdown(timeline, diagram=False))
    assert text == shown
    parser = _Elements()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parser.feed(to_html(timeline))
    assert not [tag for tag, _ in parser.tags if tag in ("img", "video", "audio", "iframe", "source")]
    links = [attrs for tag, attrs in parser.tags if tag == "a" and attrs.get("rel") == "noopener noreferrer"]
    assert len(links) == 1


def test_html_shows_a_link_never_an_image() -> None:
    page = to_html(Timeline("T", [Event("a", "A", "1969-07-20", media=EAGLE)]))
    parser = _Elements()
    parser.feed(page)
    assert not [tag for tag, _ in parser.tags if tag == "img"]
    assert ("a", {"href": EAGLE.url, "rel": "noopener noreferrer"}) in parser.tags
    text = "".join(parser.text)
    assert "The Eagle <lunar module> & *crew*, NASA (Public domain)" in text


def test_icalendar_attaches_the_url_and_keeps_the_rest() -> None:
    timeline = Timeline("T", [Event("a", "A", "1969-07-20", media=EAGLE)])
    data = to_ical(timeline)
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(event["ATTACH"]) == EAGLE.url
    assert from_ical(data) == timeline


_MEDIA_TEXTS = st.none() | st.sampled_from(["NASA", "Two\nlines", "", " ", "a\x00b", "\u2028", 3]) | hostile_text(2)


@given(
    url=st.sampled_from([None, "https://images.example/a.jpg?b=1", "HTTP://X.ORG", "ftp://x.org", "https://é.org", 3]),
    caption=_MEDIA_TEXTS,
    credit=_MEDIA_TEXTS,
    licence=_MEDIA_TEXTS,
    alt=_MEDIA_TEXTS,
)
def test_the_quick_check_of_a_medium_accepts_only_what_the_full_checks_accept(**fields: object) -> None:
    made = Media.__new__(Media)
    for name, value in fields.items():
        object.__setattr__(made, name, value)
    problems = made._problems()
    if made._plainly_valid():
        assert problems == []
    if problems:
        with pytest.raises(InvalidInputError) as caught:
            Media(**fields)  # type: ignore[arg-type]
        assert str(caught.value) == str(InvalidInputError(problems))
    else:
        assert Media(**fields) == made  # type: ignore[arg-type]
