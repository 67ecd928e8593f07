"""Markdown pages, read back by real parsers: markdown-it-py (CommonMark with footnotes) and
Python-Markdown (as MkDocs runs it).

Every page is checked by :func:`check_page`, which parses it and compares what a reader
sees — headings, entries in order, the plain text of every line, links, footnotes, the
Mermaid diagram — with what the timeline says. Hostile text in every field must come
out as the same plain text, never as structure.
"""

from __future__ import annotations

import gc
import html
import linecache
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock
from urllib.parse import unquote

import markdown
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

import timeline
from strategies import events, hostile_text, multiline_text, timelines
from timeline import (
    Account,
    Bound,
    Citation,
    Confidence,
    Event,
    InvalidInputError,
    OneOf,
    Place,
    Precision,
    Rank,
    Relation,
    Source,
    Status,
    Timeline,
    TimelineWarning,
    When,
)
from timeline.formats import _markdown_escape as escape
from timeline.formats import markdown as markdown_format
from timeline.formats._disputes import WORDS as DISPUTE_WORDS
from timeline.formats._html_markup import HtmlMarkup
from timeline.formats._labels import WORDS as LABEL_WORDS
from timeline.formats._labels import event_label
from timeline.formats._page import Prose, layout, placed, source_count
from timeline.formats._page_words import WORDS
from timeline.formats.markdown import MERMAID_LIMIT, iter_markdown, to_markdown
from timeline.model import Revisions

COMMONMARK = MarkdownIt("commonmark").use(footnote_plugin)

MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "de": [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    "uk": [
        "Січень",
        "Лютий",
        "Березень",
        "Квітень",
        "Травень",
        "Червень",
        "Липень",
        "Серпень",
        "Вересень",
        "Жовтень",
        "Листопад",
        "Грудень",
    ],
}
SEPARATOR = " · "
_ANCHOR = re.compile(r'<a id="([a-z0-9](?:[a-z0-9._-]*[a-z0-9])?)">\Z')


def plain(tokens: Sequence[Token]) -> str:
    """What a reader sees of inline tokens: their text, with line breaks as "\\n"."""
    parts = []
    for token in tokens:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def walk(tokens: Sequence[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children)


@dataclass
class Entry:
    """An event as the page shows it: the anchor's id, the headings above it, its paragraphs."""

    id: str
    section: tuple[str, ...]
    head: list[Token]
    paragraphs: list[list[Token]] = field(default_factory=list)


@dataclass
class Page:
    headings: list[tuple[int, str]]
    preamble: list[str]
    entries: list[Entry]
    fences: list[Token]
    footnotes: dict[str, list[Token]]
    references: list[str]
    tokens: list[Token]


def read_page(text: str) -> Page:
    """Parse ``text`` with markdown-it-py and sort its top-level blocks into a :class:`Page`."""
    tokens = COMMONMARK.parse(text)
    page = Page([], [], [], [], {}, [], tokens)
    section: list[str] = []
    footnote: list[Token] | None = None
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "footnote_open":
            footnote = page.footnotes.setdefault(token.meta["label"], [])
        elif token.type == "footnote_close":
            footnote = None
        elif footnote is not None:
            footnote.append(token)
        elif token.type == "heading_open":
            level = int(token.tag[1])
            title = plain(tokens[index + 1].children or [])
            page.headings.append((level, title))
            if level > 1:
                del section[level - 2 :]
                section.append(title)
        elif token.type == "paragraph_open":
            children = tokens[index + 1].children or []
            if children and children[0].type == "html_inline" and (match := _ANCHOR.match(children[0].content)):
                assert [child.type for child in children[1:3]] == ["html_inline", "softbreak"]
                assert children[1].content == "</a>"
                page.entries.append(Entry(match[1], tuple(section), children[3:]))
            elif page.entries:
                page.entries[-1].paragraphs.append(children)
            else:
                page.preamble.append(plain(children))
        elif token.type in ("fence", "code_block"):
            page.fences.append(token)
        index += 1
    page.references = [token.meta["label"] for token in walk(tokens) if token.type == "footnote_ref"]
    return page


def without_references(tokens: list[Token]) -> tuple[str, list[str]]:
    """The plain text of a paragraph that may end in footnote references, and their labels."""
    labels = [token.meta["label"] for token in tokens if token.type == "footnote_ref"]
    rest = [token for token in tokens if token.type != "footnote_ref"]
    text = plain(rest)
    if labels:
        assert text.endswith(" "), "references follow the text after a space"
        text = text[:-1]
    return text, labels


def normalized_paragraphs(text: str) -> list[str]:
    """Multi-line text as the page shows it: paragraphs split at blank lines, lines kept."""
    paragraphs, current = [], []
    for line in text.split("\n"):
        if line.strip(" \t"):
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs


def anchor_bound(when: When) -> Bound:
    """The bound an event is listed under: its start, a set's first member, or the end of an open start."""
    start = when.start.first if isinstance(when.start, OneOf) else when.start
    bound = start if isinstance(start, Bound) else when.end
    assert isinstance(bound, Bound)
    return bound


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def expected_sections(t: Timeline, locale: str, group_by: str) -> list[tuple[tuple[str, ...], str]]:
    """(headings, id) of every event in page order, worked out from the model."""
    words = WORDS[locale]
    dated: dict[tuple[int, int], list[str]] = {}
    for event in t.events:
        if event.effective_when.is_dated:
            bound = anchor_bound(event.effective_when)
            coarse = (
                group_by == "year"
                or bound.precision in (Precision.YEAR, Precision.SEASON, Precision.QUARTER)
                or bound.unspecified > 0
            )
            dated.setdefault((bound.year, 0 if coarse else bound.month), []).append(event.id)
    order = []
    for (year, month), ids in sorted(dated.items()):
        headings = (f"{year:04d}", MONTHS[locale][month - 1]) if month else (f"{year:04d}",)
        order.extend((headings, event_id) for event_id in ids)
    no_date = upper_first(LABEL_WORDS[locale].undated)
    for status in Status:
        heading = upper_first(words.status[status])
        order.extend(
            ((no_date, heading), e.id) for e in t.events if not e.effective_when.is_dated and e.status is status
        )
    return order


def expected_headings(t: Timeline, locale: str, group_by: str) -> list[tuple[int, str]]:
    headings = [(1, t.title)]
    seen: set[tuple[str, ...]] = set()
    for section, _ in expected_sections(t, locale, group_by):
        for depth in range(1, len(section) + 1):
            if section[:depth] not in seen:
                seen.add(section[:depth])
                headings.append((depth + 1, section[depth - 1]))
    return headings


def expected_head(event: Event, locale: str) -> str:
    words = WORDS[locale]
    when = event.effective_when
    parts = []
    if when.is_dated:
        lead = event_label(event, locale)  # "10 Mar 2026, up to 2 weeks" for an at-most duration
        if when.phrase is not None:
            lead += f" ({words.quoted(when.phrase)})"
        parts.append(lead)
    elif when.phrase is not None:
        parts.append(words.quoted(when.phrase))
    parts.append(event.title)
    place = event.effective_place
    if place is not None:
        parts.append(place.name + (f", {place.country}" if place.country else ""))
    if event.kind is not None:
        parts.append(event.kind)
    parts.append(words.status[event.status])
    return SEPARATOR.join(parts)


def expected_details(event: Event, t: Timeline, locale: str, revisions: dict[str, Revisions]) -> tuple[str, list[str]]:
    """The details line's plain text, and the anchors its links point at."""
    words = WORDS[locale]
    parts, targets = [], []
    if event.actors:
        parts.append(f"{upper_first(words.fields['actors'])}: " + ", ".join(event.actors))
    if event.tags:
        parts.append(f"{upper_first(words.fields['tags'])}: " + ", ".join(event.tags))
    if event.media is not None:  # a link, its text the caption (or alt text, or URL) on one line
        media = event.media
        shown = " ".join((media.caption or media.alt or media.url).split())
        credit = "" if media.credit is None else f", {media.credit}"
        licence = "" if media.licence is None else f" ({media.licence})"
        parts.append(f"{upper_first(words.fields['media'])}: {shown}{credit}{licence}")
        targets.append(unquote(COMMONMARK.normalizeLink(media.url)))
    for kind in words.relation:
        ids = [relation.target for relation in event.relations if relation.kind is kind]
        if ids:
            titles = [target.title for target in map(t.get, ids) if target is not None]
            parts.append(f"{words.relation[kind]}: " + ", ".join(titles))
            targets.extend(f"#{target}" for target in ids)
    if event.id in revisions:
        modified = revisions[event.id].modified.in_timezone("UTC")
        moment = Bound(
            Precision.MINUTE, modified.year, modified.month, modified.day, modified.hour, modified.minute, zone="UTC"
        )
        label = When(moment).label(locale)
        parts.append(words.last_revised.format(when=label, n=revisions[event.id].count))
    return SEPARATOR.join(parts), targets


def cited_refs(event: Event) -> list[str]:
    return list(dict.fromkeys(citation.source.ref for citation in event.citations))


def _publishers(citations: Sequence[Citation]) -> tuple[str, list[str]]:
    """ " (A, B)" for the distinct sources cited, and their footnote labels."""
    cited = list(dict.fromkeys(citation.source for citation in citations))
    if not cited:
        return "", []
    return " (" + ", ".join(source.publisher for source in cited) + ")", [source.ref for source in cited]


def expected_accounts(event: Event, locale: str) -> list[tuple[str, list[str]]]:
    """The lines on the event's accounts (plain text and footnote labels), worked out from the ranks.

    The best rank present among the accounts that are not deprecated counts; the
    rest are "also" (outranked) or "earlier" (deprecated) reports, after those that count.
    """
    words = DISPUTE_WORDS[locale]
    lines = []
    for index, field_name in enumerate(("when", "place")):
        told = [account for account in event.accounts if getattr(account, field_name) is not None]
        if not told:
            continue
        ranks = {account.rank for account in told}
        best = Rank.PREFERRED if Rank.PREFERRED in ranks else Rank.NORMAL
        items, labels = [], []
        for counting in (True, False):
            for account in told:
                if (account.rank is best) != counting:
                    continue
                if index:
                    place = account.place
                    assert place is not None
                    shown = place.name + ("" if place.country is None else f", {place.country}")
                else:
                    assert account.when is not None
                    shown = account.when.label(locale)
                said, refs = _publishers(account.citations)
                shown += said + ("" if account.reason is None else f" — {account.reason}")
                if not counting:
                    shown = (words.earlier if account.rank is Rank.DEPRECATED else words.also).format(shown)
                items.append(shown)
                labels.extend(refs)
        own = event.when.is_dated if index == 0 else event.place is not None
        disputed = event.disputed if index == 0 else event.place_disputed
        lead = (words.disagree if disputed else words.said if own else words.according)[index]
        counted = sum(account.rank is best for account in told)
        if counted:
            text = lead.format(SEPARATOR.join(items[:counted]))
            text = SEPARATOR.join([text, *items[counted:]])
        else:
            text = SEPARATOR.join(items)
            text = text[:1].upper() + text[1:]
        lines.append((text, labels))
    return lines


def expected_updates(event: Event, revisions: dict[str, Revisions], locale: str) -> list[tuple[str, list[str]]]:
    """The lines on the event's updates from the log: day, what changed, and why."""
    words, fields = DISPUTE_WORDS[locale], WORDS[locale].fields
    found = revisions.get(event.id)
    lines = []
    for update in () if found is None else found.updates:
        at = update.at.in_timezone("UTC")
        text = words.revised.format(When(Bound.of_date(at.year, at.month, at.day)).label(locale))
        parts = []
        if update.before is not None and update.after is not None:
            parts.append(f"{fields['when']} {update.before.label(locale)} → {update.after.label(locale)}")
        names = [fields[name] for name in update.fields if not (parts and name == "when")]
        if names:
            parts.append(", ".join(names))
        if parts:
            text += ": " + "; ".join(parts)
        why, labels = [], []
        if update.note is not None:
            why.append(" ".join(update.note.split()))
        if update.citation is not None:
            said, labels = _publishers([update.citation])
            why.append(said.strip() if update.note is not None else said.strip()[1:-1])
        if why:
            text += " — " + " ".join(why)
        lines.append((text, labels))
    return lines


def with_inline_references(tokens: list[Token]) -> tuple[str, list[str]]:
    """The plain text of a paragraph whose footnote references stand inside it, and their labels."""
    labels = [token.meta["label"] for token in tokens if token.type == "footnote_ref"]
    return plain([token for token in tokens if token.type != "footnote_ref"]), labels


_MERMAID_RULES = [
    (r"%%(?!\{)[^\n]*", None),
    (r"[^}]%%[^\n]*", None),
    (r"\n+", "NEWLINE"),
    (r"\s+", None),
    (r"#[^\n]*", None),
    (r"timeline", "timeline"),
    (r"title\s[^\n]+", "title"),
    (r"accTitle\s*:\s*", "acc"),
    (r"accDescr\s*:\s*", "acc"),
    (r"accDescr\s*\{\s*", "acc"),
    (r"section\s[^:\n]+", "section"),
    (r":\s(?:[^:\n]|:(?!\s))+", "event"),
    (r"[^#:\n]+", "period"),
    (r".", "INVALID"),
]
_MERMAID_LEXER = [(re.compile(pattern, re.IGNORECASE), kind) for pattern, kind in _MERMAID_RULES]


def _mermaid_token(code: str, position: int) -> tuple[str | None, re.Match[str]]:
    for pattern, kind in _MERMAID_LEXER:
        if match := pattern.match(code, position):
            return kind, match
    raise AssertionError("the last rule matches any character")


def _mermaid_encode(text: str) -> str:
    """Mermaid's encodeEntities, run on a diagram's text before parsing it."""
    text = re.sub(r"style.*:\S*#.*;", lambda match: match[0][:-1], text)
    text = re.sub(r"classDef.*:\S*#.*;", lambda match: match[0][:-1], text)

    def placeholder(match: re.Match[str]) -> str:
        inner = match[0][1:-1]
        return ("ﬂ°°" if re.fullmatch(r"\+?\d+", inner) else "ﬂ°") + inner + "¶ß"

    return re.sub(r"#\w+;", placeholder, text, flags=re.ASCII)


def _mermaid_decode(text: str) -> str:
    """Mermaid's decodeEntities on its output, then the browser reading the character references."""
    return html.unescape(text.replace("ﬂ°°", "&#").replace("ﬂ°", "&").replace("¶ß", ";"))


def read_mermaid(code: str) -> tuple[str, list[tuple[str, list[tuple[str, list[str]]]]]]:
    """Title and sections (name, [(period, [events])]) of a Mermaid timeline; fails on anything else."""
    code = _mermaid_encode(code)
    position, tokens = 0, []
    while position < len(code):
        kind, match = _mermaid_token(code, position)
        assert kind not in ("INVALID", "acc"), f"Mermaid would not read {code[position : position + 40]!r}"
        if kind is not None and kind != "NEWLINE":
            tokens.append((kind, match[0]))
        position = match.end()
    assert tokens[0] == ("timeline", "timeline")
    title = ""
    sections: list[tuple[str, list[tuple[str, list[str]]]]] = []
    for kind, value in tokens[1:]:
        if kind == "title":
            title = _mermaid_decode(value[6:])
        elif kind == "section":
            sections.append((_mermaid_decode(value[8:].strip()), []))
        elif kind == "period":
            sections[-1][1].append((_mermaid_decode(value.strip()), []))
        else:
            assert kind == "event"
            sections[-1][1][-1][1].append(_mermaid_decode(value[2:].strip()))
    return title, sections


def one_line(text: str) -> str:
    return " ".join(text.split())


def check_page(
    t: Timeline,
    text: str,
    *,
    locale: str = "en",
    group_by: str = "month",
    diagram: bool = True,
    revisions: dict[str, Revisions] | None = None,
) -> Page:
    """Everything a reader of ``text`` (the page of ``t``) must see, checked on markdown-it's tokens."""
    revisions = revisions or {}
    words = WORDS[locale]
    page = read_page(text)
    events = {event.id: event for event in t.events}

    # Headings only where the page puts them, and the title as written.
    assert page.headings == expected_headings(t, locale, group_by)
    assert page.preamble[0] == SEPARATOR.join(
        [words.count(words.events, len(t.events), locale), words.count(words.sources, len(t.sources), locale)]
    )
    assert page.preamble[1:] == ([] if t.description is None else normalized_paragraphs(t.description))

    # One entry per event, in the right section and order.
    assert [(entry.section, entry.id) for entry in page.entries] == expected_sections(t, locale, group_by)

    # The only HTML: one anchor per event, opening its entry.
    raw_html = [token for token in walk(page.tokens) if token.type in ("html_inline", "html_block")]
    assert [token.content for token in raw_html] == [
        part for entry in page.entries for part in (f'<a id="{entry.id}">', "</a>")
    ]

    # Every link goes to an http(s) URL or to an anchor on the page.
    anchors = {f"#{event_id}" for event_id in events}
    for token in walk(page.tokens):
        if token.type == "link_open":
            href = str(token.attrs["href"])
            assert href in anchors or re.match(r"https?://", href, re.IGNORECASE), href
        assert token.type not in ("image", "code_inline", "em_open", "s_open"), token

    # Each entry: its head line, description and details read as the model says.
    expected_refs = []
    for entry in page.entries:
        event = events[entry.id]
        # Under the event's own paragraphs: its accounts, then its updates, each citing inline.
        disputes = expected_accounts(event, locale) + expected_updates(event, revisions, locale)
        own = len(entry.paragraphs) - len(disputes)
        assert own >= 0
        assert [with_inline_references(paragraph) for paragraph in entry.paragraphs[own:]] == disputes
        paragraphs = [entry.head, *entry.paragraphs[:own]]
        texts_and_labels = [without_references(paragraph) for paragraph in paragraphs]
        refs = [label for _, labels in texts_and_labels for label in labels]
        assert refs == cited_refs(event)
        expected_refs.extend(refs)
        expected_refs.extend(label for _, labels in disputes for label in labels)
        assert all(not labels for _, labels in texts_and_labels[:-1]), "references close the entry"
        texts = [text for text, _ in texts_and_labels]
        assert texts[0] == expected_head(event, locale)
        strong = [index for index, token in enumerate(entry.head) if token.type == "strong_open"]
        assert len(strong) == (2 if event.effective_when.is_dated else 1)
        title_start = strong[-1] + 1
        title_end = next(i for i, token in enumerate(entry.head) if i > title_start and token.type == "strong_close")
        assert plain(entry.head[title_start:title_end]) == event.title
        description = [] if event.description is None else normalized_paragraphs(event.description)
        details, targets = expected_details(event, t, locale, revisions)
        assert texts[1:] == description + ([details] if details else [])
        links = [
            unquote(str(token.attrs["href"]))
            for paragraph in paragraphs
            for token in paragraph
            if token.type == "link_open"
        ]
        assert links == targets

    # Footnotes: every reference resolved, one footnote per cited source, in order of first reference.
    assert page.references == expected_refs
    assert list(page.footnotes) == list(dict.fromkeys(expected_refs))
    sources = {citation.source.ref: citation.source for event in t.events for citation in event.all_citations}
    sources.update(
        (update.citation.source.ref, update.citation.source)
        for found in revisions.values()
        for update in found.updates
        if update.citation is not None
    )
    for ref, tokens in page.footnotes.items():
        check_footnote(sources[ref], tokens, [event for event in t.events if ref in cited_refs(event)], anchors)

    # The diagram: valid Mermaid, with every dated event under its section and label.
    dated = [event for event in t.events if event.effective_when.is_dated]
    if diagram and dated:
        assert len(page.fences) == 1
        assert page.fences[0].info == "mermaid"
        title, sections = read_mermaid(page.fences[0].content)
        assert title == one_line(t.title)
        shown = [
            (section, period, event_title)
            for section, periods in sections
            for period, titles in periods
            for event_title in titles
        ]
        assert shown == [
            (
                " ".join(reversed(entry.section)),
                events[entry.id].effective_when.label(locale),
                one_line(events[entry.id].title),
            )
            for entry in page.entries
            if events[entry.id].effective_when.is_dated
        ]
    else:
        assert page.fences == []
    return page


def check_footnote(source: Source, tokens: list[Token], citing: list[Event], anchors: set[str]) -> None:
    """A source's footnote names it and everything it came via, and shows every quote as text."""
    text = "\n".join(plain(token.children or []) for token in tokens if token.type == "inline")
    for part in source.chain():
        assert part.publisher in text
        for value in (part.title, part.author):
            if value is not None:
                assert value in text
    external = [
        str(token.attrs["href"])
        for token in walk(tokens)
        if token.type == "link_open" and token.attrs["href"][0] != "#"
    ]
    urls = [value for part in source.chain() for value in (part.url, part.archived_url) if value is not None]
    assert len(external) == len(urls)
    internal = {str(token.attrs["href"]) for token in walk(tokens) if token.type == "link_open"} - set(external)
    assert internal <= anchors
    for event in citing:
        for citation in event.citations:
            if citation.source.ref != source.ref:
                continue
            for value in (citation.attribution, citation.locator):
                if value is not None:
                    assert value in text
            if citation.quote is not None:
                lines = [line for line in citation.quote.split("\n") if line.strip(" \t")]
                assert "\n".join(lines) in text


class _HTML(HTMLParser):
    """Tags, attributes and text of the HTML Python-Markdown writes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.texts: dict[str, list[str]] = {"h1": [], "strong": []}
        self.current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in self.texts:
            self.current = []
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.texts:
            self.texts[tag].append("".join(self.current))
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.current.append(data)


MKDOCS_EXTENSIONS = ["toc", "tables", "fenced_code", "footnotes", "attr_list", "def_list", "admonition", "abbr"]
_ALLOWED_TAGS = {"h1", "h2", "h3", "p", "strong", "a", "div", "hr", "ol", "ul", "li", "sup", "pre", "code"}


def check_python_markdown(t: Timeline, text: str) -> None:
    """The page through Python-Markdown, as MkDocs runs it: no event, footnote or title lost, no HTML added."""
    parser = _HTML()
    parser.feed(markdown.markdown(text, extensions=MKDOCS_EXTENSIONS))
    parser.close()
    assert {tag for tag, _ in parser.tags} <= _ALLOWED_TAGS
    for tag, attributes in parser.tags:
        assert set(attributes) <= {"id", "href", "class", "title"}, (tag, attributes)
        href = attributes.get("href")
        if href is not None:
            assert re.match(r"https?://|#", href, re.IGNORECASE), href
    anchors = [attributes["id"] for tag, attributes in parser.tags if tag == "a" and "id" in attributes]
    page = read_page(text)
    assert anchors == [entry.id for entry in page.entries]
    footnotes = [attributes["id"] for tag, attributes in parser.tags if tag == "li" and "id" in attributes]
    assert footnotes == [f"fn:{ref}" for ref in page.footnotes]
    references = [attributes["id"] for tag, attributes in parser.tags if tag == "sup"]
    assert len(references) == len(page.references)
    assert parser.texts["h1"] == [t.title]
    for event in t.events:
        assert event.title in parser.texts["strong"]


NYT = Source(
    "The New York Times",
    title="US and EU Formalize Security Commitments",
    url="https://example.org/nyt?id=1&copy=2",
    published="2025-12-16~",
    key="nyt",
)
KYIV = Source("Kyiv Post", url="https://example.org/kyiv", retrieved="2025-12-17", via=NYT, key="kyiv")


def small() -> Timeline:
    return Timeline(
        "Security guarantees for Ukraine",
        [
            Event(
                "berlin-talks",
                "Talks in Berlin",
                When.parse("2025-12-14/2025-12-15", phrase="earlier this week"),
                description="US and EU representatives meet Ukrainian officials.\n\nTwo documents are drafted.",
                kind="meeting",
                place=Place("Berlin", country="Germany"),
                actors=["United States", "Ukraine"],
                tags=["security"],
                citations=[Citation(NYT, attribution="unnamed sources", quote="convened in Berlin")],
            ),
            Event("year-plan", "A plan for the year", "2025", status="planned"),
            Event("statement", "Joint statement", "2025-12-16~", citations=[Citation(KYIV, confidence="unconfirmed")]),
            Event(
                "troops",
                "Armed forces of about 800,000 troops",
                kind="milestone",
                status="proposed",
                relations=[Relation("derived_from", "berlin-talks")],
                citations=[Citation(NYT, attribution="unnamed sources", quote="about 800,000 troops")],
            ),
        ],
        description="A chronology from one report.",
    )


def test_page_of_a_small_timeline() -> None:
    t = small()
    text = to_markdown(t)
    page = check_page(t, text)
    check_python_markdown(t, text)
    assert page.headings == [
        (1, "Security guarantees for Ukraine"),
        (2, "2025"),
        (3, "December"),
        (2, "No date yet"),
        (3, "Proposed"),
    ]
    assert [(entry.section, entry.id) for entry in page.entries] == [
        (("2025",), "year-plan"),
        (("2025", "December"), "berlin-talks"),
        (("2025", "December"), "statement"),  # about 16 Dec sorts on the 16th, as written
        (("No date yet", "Proposed"), "troops"),
    ]
    assert page.preamble == ["4 events · 2 sources", "A chronology from one report."]
    assert plain(page.entries[1].head) == (
        "14–15 Dec 2025 (“earlier this week”) · Talks in Berlin · Berlin, Germany · meeting · happened"
    )


def test_a_source_cited_with_different_claims_lists_them_by_event() -> None:
    page = read_page(to_markdown(small()))
    nyt = page.footnotes["nyt"]
    paragraphs = [plain(token.children or []) for token in nyt if token.type == "inline"]
    assert paragraphs == [
        "The New York Times: “US and EU Formalize Security Commitments” (about 16 Dec 2025). "
        "Citing unnamed sources — reported.",
        "Talks in Berlin: “convened in Berlin”.",
        "Armed forces of about 800,000 troops: “about 800,000 troops”.",
    ]
    items = [token for token in nyt if token.type == "list_item_open"]
    assert len(items) == 2
    links = [str(token.attrs["href"]) for token in walk(nyt) if token.type == "link_open"]
    assert links == ["https://example.org/nyt?id=1&copy=2", "#berlin-talks", "#troops"]


def test_a_source_cited_once_says_its_claim_in_one_sentence() -> None:
    page = read_page(to_markdown(small()))
    kyiv = page.footnotes["kyiv"]
    assert [plain(token.children or []) for token in kyiv if token.type == "inline"] == [
        "Kyiv Post, retrieved 17 Dec 2025, via The New York Times: “US and EU Formalize Security Commitments” "
        "(about 16 Dec 2025). Unconfirmed."
    ]
    links = [str(token.attrs["href"]) for token in walk(kyiv) if token.type == "link_open"]
    assert links == ["https://example.org/kyiv", "https://example.org/nyt?id=1&copy=2"]


def test_a_source_cited_by_several_events_alike_is_one_footnote_with_several_references() -> None:
    source = Source("Reuters", key="reuters")
    events = [Event(f"e{n}", f"Event {n}", f"2025-0{n}", citations=[Citation(source, quote="same")]) for n in (1, 2, 3)]
    t = Timeline("T", events)
    page = check_page(t, to_markdown(t))
    assert page.references == ["reuters"] * 3
    assert [plain(token.children or []) for token in page.footnotes["reuters"] if token.type == "inline"] == [
        "Reuters. “same” — reported."
    ]


@pytest.mark.parametrize(
    ("when", "section", "label"),
    [
        ("2025", ("2025",), "2025"),
        ("2025-35", ("2025",), "Q3 2025"),
        ("2025~", ("2025",), "about 2025"),
        ("2025-12", ("2025", "December"), "Dec 2025"),
        ("2025-12-01~", ("2025", "December"), "about 1 Dec 2025"),
        ("2025-12-30/2026-01-02", ("2025", "December"), "30 Dec 2025 – 2 Jan 2026"),
        ("../2025-12-15", ("2025", "December"), "until 15 Dec 2025"),
        ("/2026-01", ("2026", "January"), "until Jan 2026 (start unknown)"),
        ("2025-12-14/..", ("2025", "December"), "since 14 Dec 2025"),
        ("2025-12-15T23:30+01:00[Europe/Berlin]", ("2025", "December"), "15 Dec 2025, 23:30 CET"),
    ],
)
def test_vague_dates_are_listed_where_they_start_with_their_label(
    when: str, section: tuple[str, ...], label: str
) -> None:
    t = Timeline("T", [Event("a", "A", "2025-06-01"), Event("vague", "Vague", when), Event("z", "Z", "2026-02-01")])
    page = check_page(t, to_markdown(t))
    entry = next(entry for entry in page.entries if entry.id == "vague")
    assert entry.section == section
    assert plain(entry.head).startswith(label + SEPARATOR)


def test_events_dated_to_the_year_come_before_the_months() -> None:
    t = Timeline("T", [Event("dec", "December", "2025-12-01"), Event("year", "Year", "2025~")])
    page = check_page(t, to_markdown(t))
    assert page.headings == [(1, "T"), (2, "2025"), (3, "December")]
    assert [entry.id for entry in page.entries] == ["year", "dec"]


def test_group_by_year_has_no_month_headings() -> None:
    t = small()
    page = check_page(t, to_markdown(t, group_by="year"), group_by="year")
    assert [heading for heading in page.headings if heading[0] == 3] == [(3, "Proposed")]
    assert [entry.id for entry in page.entries] == ["year-plan", "berlin-talks", "statement", "troops"]


def test_undated_events_are_grouped_by_status_in_status_order() -> None:
    t = Timeline(
        "T",
        [
            Event("c", "Cancelled one", status="cancelled"),
            Event("p", "Proposed one", status="proposed"),
            Event("h", "Happened one", status="happened", when=When.undated("after the ceasefire")),
        ],
    )
    page = check_page(t, to_markdown(t))
    assert page.headings == [(1, "T"), (2, "No date yet"), (3, "Proposed"), (3, "Happened"), (3, "Cancelled")]
    assert plain(page.entries[1].head) == "“after the ceasefire” · Happened one · happened"


def test_the_diagram_is_optional() -> None:
    t = small()
    check_page(t, to_markdown(t, diagram=False), diagram=False)
    assert "```" not in to_markdown(t, diagram=False)


def test_a_diagram_too_long_for_mermaid_is_left_out_with_a_warning() -> None:
    title = "x" * 990
    events = [Event(f"e{n}", f"{title} {n}", f"2025-01-{n % 28 + 1:02d}") for n in range(60)]
    t = Timeline("Long", events)
    with pytest.warns(
        TimelineWarning, match=r"Mermaid diagram of .Long. would be longer than Mermaid draws \(50,000 characters\)"
    ):
        text = to_markdown(t)
    check_page(t, text, diagram=False)
    shorter = Timeline("Long", events[:40])
    assert MERMAID_LIMIT > 40 * 990
    check_page(shorter, to_markdown(shorter))


def test_the_diagrams_warning_names_the_line_that_asked_for_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markdown_format, "MERMAID_LIMIT", 10)
    t = small()
    with pytest.warns(TimelineWarning) as joined:
        to_markdown(t)
    pieces = iter_markdown(t)
    with pytest.warns(TimelineWarning) as streamed:
        next(pieces)
    lines = [linecache.getline(w.filename, w.lineno).strip() for w in [*joined, *streamed]]
    assert lines == ["to_markdown(t)", "next(pieces)"]


def test_a_diagram_of_exactly_the_limit_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    t = small()
    chart = read_page(to_markdown(t)).fences[0]
    size = len(f"```{chart.info}\n{chart.content}```")
    monkeypatch.setattr(markdown_format, "MERMAID_LIMIT", size)
    check_page(t, to_markdown(t))
    monkeypatch.setattr(markdown_format, "MERMAID_LIMIT", size - 1)
    with pytest.warns(TimelineWarning):
        check_page(t, to_markdown(t), diagram=False)


def test_mermaid_syntax_in_text_is_neutralised() -> None:
    hostile = "a: b # c ; d %% e <br> f `g` &amp; #58; ﬂ°°58¶ß"
    t = Timeline(f"title {hostile}", [Event("x", hostile, "2025-12-15T14:00+01:00[Europe/Berlin]")])
    page = check_page(t, to_markdown(t))
    title, sections = read_mermaid(page.fences[0].content)
    assert title == f"title {hostile}"
    assert sections == [("December 2025", [("15 Dec 2025, 14:00 CET", [hostile])])]


def test_relations_link_to_the_related_event() -> None:
    t = small()
    page = check_page(t, to_markdown(t))
    troops = next(entry for entry in page.entries if entry.id == "troops")
    details = troops.paragraphs[-1]
    assert without_references(details) == ("Derived from: Talks in Berlin", ["nyt"])
    assert [str(token.attrs["href"]) for token in details if token.type == "link_open"] == ["#berlin-talks"]


def test_revisions_show_when_each_event_was_last_revised() -> None:
    t = small()
    revisions = {
        "berlin-talks": Revisions(
            pendulum.datetime(2025, 12, 16, 8, 0, 0), pendulum.datetime(2025, 12, 17, 9, 30, 12), count=3
        ),
        "gone": Revisions(pendulum.datetime(2025, 1, 1), pendulum.datetime(2025, 1, 1), count=1),
    }
    text = to_markdown(t, revisions=revisions)
    page = check_page(t, text, revisions=revisions)
    talks = next(entry for entry in page.entries if entry.id == "berlin-talks")
    assert without_references(talks.paragraphs[-1])[0].endswith("Last revised: 17 Dec 2025, 09:30 UTC (revision 3)")
    assert "Last revised" not in to_markdown(t)


def test_only_http_urls_become_links() -> None:
    source = Source("Outlet", title="Title", url="https://example.org/a", key="outlet")
    object.__setattr__(source, "url", "javascript:alert(1)")  # past the model's own check
    object.__setattr__(source, "archived_url", "data:text/html,<b>x</b>")
    t = Timeline("T", [Event("e", "E", "2025", citations=[Citation(source)])])
    page = read_page(to_markdown(t))
    tokens = page.footnotes["outlet"]
    assert [token.type for token in walk(tokens) if token.type == "link_open"] == []
    text = plain(next(token for token in tokens if token.type == "inline").children or [])
    assert text == "Outlet: “Title” (javascript:alert(1)) (data:text/html,<b>x</b>). Reported."


@pytest.mark.parametrize(
    "address",
    [
        "https://example.org/a_(b)*c",
        "http://example.org/x?q=1&r=<2>#frag",
        "https://example.org/](x) \\ `y`",
        "https://例え.jp/日本?a=é",
        "https://[2001:db8::1]/p",
        "HTTPS://user@example.net/&amp;",
    ],
)
def test_urls_are_written_so_that_they_link_to_the_same_place(address: str) -> None:
    source = Source("Outlet", url=address.replace(" ", ""), key="outlet")
    t = Timeline("T", [Event("e", "E", "2025", citations=[Citation(source)])])
    text = to_markdown(t)
    check_page(t, text)
    check_python_markdown(t, text)
    page = read_page(text)
    [href] = [str(token.attrs["href"]) for token in walk(page.footnotes["outlet"]) if token.type == "link_open"]
    assert unquote(href) == unquote(COMMONMARK.normalizeLink(source.url or ""))


# Text that means something in Markdown, HTML or Mermaid; each must read as itself.
HOSTILE = [
    "*bold* _em_ **strong** __under__ ~~strike~~",
    "[a link](https://example.org) [x][1] [^1] [^nyt]",
    "[click](javascript:alert(1)) ![img](x.png)",
    "<script>alert('x')</script>",
    '<a href="https://evil.example">x</a> <b>bold</b> <!-- c -->',
    "&amp; &lt; &#x3C; &#60; &nbsp; &copy",
    "# heading #",
    "> quote",
    "- item",
    "+ item",
    "* item",
    "1. item",
    "2025. year",
    "1) item",
    "| a | b |",
    "|---|---|",
    "`code` ``more``",
    "```fence",
    "~~~",
    "---",
    "===",
    "***",
    "___",
    "!",
    "!!! note",
    "??? note",
    "/// note",
    ": definition",
    "*[HTML]: Hyper",
    "[^1]: footnote",
    "[ref]: https://evil.example",
    "{: onclick=alert(1) } {#id .class}",
    "\\*not em\\*",
    "\\",
    "trailing backslash\\",
    "<https://example.org> <mailto:a@b.c> user@example.org www.example.org",
    "$x$ and $$y$$ costs $5–$10",
    "a  b   c",
    " padded ",
    "\u00a0nbsp\u00a0",
    "\u3000ideographic space\u3000",
    "\u202eevil\u202c \u200b \ufeffbom",
    "mermaid : section : title ; #35; %% comment",
    "Київ «лапки» — naïve café 🇺🇦",
]


def hostile_timeline(text: str) -> Timeline:
    source = Source(text, title=text, author=text, published=When.parse("2025-12", phrase=text), key="src")
    relay = Source(
        text + " relay", via=source, url="https://example.org/?q=" + "".join(c for c in text if not c.isspace())
    )
    events = [
        Event(
            "first",
            text,
            When.parse("2025-12-14/2025-12-15", phrase=text),
            description=f"{text}\n{text}\n\n{text}",
            kind=text,
            place=Place(text, country=text),
            actors=[text, "other"],
            tags=[text],
            citations=[
                Citation(relay, attribution=text, quote=f"{text}\n{text}", locator=text),
                Citation(source, confidence="disputed", quote=text),
            ],
        ),
        Event(
            "second",
            text + " 2",
            When.undated(text),
            kind=text,
            status="planned",
            relations=[Relation("follows", "first")],
            citations=[Citation(source, attribution=text, confidence="denied")],
        ),
    ]
    return Timeline(text, events, description=f"{text}\n\n{text}")


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_in_every_field_reads_as_itself(text: str) -> None:
    t = hostile_timeline(text)
    page = to_markdown(t)
    check_page(t, page)
    check_python_markdown(t, page)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_at_the_start_of_every_line_stays_a_paragraph(text: str) -> None:
    description = "\n".join([text, *HOSTILE, text])
    t = Timeline("T", [Event("e", "E", "2025", description=description)])
    page = check_page(t, to_markdown(t))
    assert len(page.entries[0].paragraphs) == 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    timelines(max_events=6),
    st.sampled_from(sorted(WORDS)),
    st.sampled_from(["month", "year"]),
    st.booleans(),
)
def test_any_timeline_gives_a_page_that_reads_as_the_timeline(
    t: Timeline, locale: str, group_by: str, diagram: bool
) -> None:
    text = to_markdown(t, locale=locale, group_by=group_by, diagram=diagram)
    check_page(t, text, locale=locale, group_by=group_by, diagram=diagram)
    check_python_markdown(t, text)
    assert to_markdown(t, locale=locale, group_by=group_by, diagram=diagram) == text


def test_every_locale_of_the_labels_has_page_words() -> None:
    assert set(WORDS) == set(LABEL_WORDS) == {"en", "de", "uk"}


def test_german_page() -> None:
    t = small()
    page = check_page(t, to_markdown(t, locale="de"), locale="de")
    assert page.headings == [
        (1, "Security guarantees for Ukraine"),
        (2, "2025"),
        (3, "Dezember"),
        (2, "Noch ohne Datum"),
        (3, "Vorgeschlagen"),
    ]
    assert page.preamble[0] == "4 Ereignisse · 2 Quellen"
    assert plain(page.entries[1].head) == (
        "14.–15. Dez. 2025 („earlier this week“) · Talks in Berlin · Berlin, Germany · meeting · stattgefunden"
    )


def test_ukrainian_page() -> None:
    t = small()
    page = check_page(t, to_markdown(t, locale="uk"), locale="uk")
    assert page.headings[2:4] == [(3, "Грудень"), (2, "Дати ще немає")]
    assert plain(page.entries[2].head).startswith("близько 16 груд. 2025 · Joint statement")
    assert page.preamble[0] == "4 події · 2 джерела"


@pytest.mark.parametrize(
    ("locale", "count", "expected"),
    [
        ("en", 1, "1 event · 1 source"),
        ("en", 1000, "1,000 events · 1 source"),
        ("de", 1, "1 Ereignis · 1 Quelle"),
        ("de", 1000, "1.000 Ereignisse · 1 Quelle"),
        ("uk", 1, "1 подія · 1 джерело"),
        ("uk", 3, "3 події · 1 джерело"),
        ("uk", 5, "5 подій · 1 джерело"),
        ("uk", 21, "21 подія · 1 джерело"),
        ("uk", 1000, "1\u00a0000 подій · 1 джерело"),
    ],
)
def test_counts_take_the_plural_of_the_locale(locale: str, count: int, expected: str) -> None:
    source = Source("Outlet")
    t = Timeline("T", [Event(f"e{n}", "E", citations=[Citation(source)]) for n in range(count)])
    assert read_page(to_markdown(t, locale=locale)).preamble[0] == expected


def test_unknown_locale_and_grouping_are_errors_naming_the_choices() -> None:
    with pytest.raises(InvalidInputError, match=r"no Markdown words for locale 'fr'; choose one of de, en, uk"):
        to_markdown(small(), locale="fr")
    with pytest.raises(InvalidInputError, match=r"group_by: 'week' is not one of: month, year"):
        to_markdown(small(), group_by="week")


def test_the_same_timeline_gives_the_same_page() -> None:
    t = small()
    shuffled = Timeline(t.title, list(reversed(t.events)), description=t.description)
    assert to_markdown(t) == to_markdown(shuffled)
    text = to_markdown(t)
    assert text.endswith("\n")
    assert not text.endswith("\n\n")
    assert all(line == line.rstrip() for line in text.split("\n"))


def test_save_writes_the_page(tmp_path: Path) -> None:
    t = small()
    timeline.save(t, tmp_path / "page.md")
    assert (tmp_path / "page.md").read_bytes() == to_markdown(t).encode("utf-8")


def test_an_empty_timeline_is_a_title_and_a_count() -> None:
    assert to_markdown(Timeline("Nothing yet")) == "# Nothing yet\n\n0 events · 0 sources\n"


def test_entities_in_the_title_stay_literal_in_the_html() -> None:
    t = Timeline("&amp; <b>&#60;</b>", [Event("e", "&lt;i&gt;", "2025")])
    rendered = COMMONMARK.render(to_markdown(t))
    assert "<h1>&amp;amp; &lt;b&gt;&amp;#60;&lt;/b&gt;</h1>" in rendered
    assert "<strong>&amp;lt;i&amp;gt;</strong>" in rendered


def whole_page(t: Timeline, **options: object) -> str:
    """The page made in one piece: as many blocks per piece as the page could ever have."""
    with mock.patch.object(markdown_format, "_CHUNK_BLOCKS", 10**9):
        pieces = list(iter_markdown(t, **options))  # type: ignore[arg-type]
    assert len(pieces) <= 2  # the head, then all the rest
    return "".join(pieces)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    timelines(max_events=6),
    st.integers(1, 4),
    st.sampled_from(sorted(WORDS)),
    st.sampled_from(["month", "year"]),
    st.booleans(),
)
def test_the_pieces_of_a_page_join_to_the_page_wherever_it_is_cut(
    t: Timeline, blocks: int, locale: str, group_by: str, diagram: bool
) -> None:
    expected = whole_page(t, locale=locale, group_by=group_by, diagram=diagram)
    # Cut into pieces of a few blocks, with caches of labels and escaped texts that start afresh every few.
    with (
        mock.patch.object(markdown_format, "_CHUNK_BLOCKS", blocks),
        mock.patch.object(markdown_format, "_CACHED", blocks),
    ):
        pieces = list(iter_markdown(t, locale=locale, group_by=group_by, diagram=diagram))
        assert to_markdown(t, locale=locale, group_by=group_by, diagram=diagram) == expected
    assert "".join(pieces) == expected
    assert all(pieces)


def test_a_large_page_comes_in_pieces_of_bounded_size() -> None:
    source = Source("Outlet", key="outlet")
    events = [
        Event(f"e{n}", f"Event {n}", f"2025-{n % 12 + 1:02d}-01", description="Said.", citations=[Citation(source)])
        for n in range(3000)
    ]
    t = Timeline("Many", events)
    pieces = list(iter_markdown(t, diagram=False))
    assert "".join(pieces) == to_markdown(t, diagram=False) == whole_page(t, diagram=False)
    assert len(pieces) > 3
    assert max(len(piece) for piece in pieces) < len("".join(pieces)) / 2
    assert max(piece.count("\n\n") for piece in pieces) <= markdown_format._CHUNK_BLOCKS
    check_page(t, "".join(pieces), diagram=False)


def test_long_footnotes_come_in_pieces_of_their_own(monkeypatch: pytest.MonkeyPatch) -> None:
    sources = [Source(f"Outlet {n}", key=f"s{n}") for n in range(4)]
    events = [
        Event(f"e{n}", f"Event {n}", "2025-01-01", citations=[Citation(sources[n % 4], quote=f"Said {n}.")])
        for n in range(200)
    ]
    t = Timeline("Many", events)
    monkeypatch.setattr(markdown_format, "_CHUNK_CHARACTERS", 1000)  # each footnote is longer
    pieces = list(iter_markdown(t, diagram=False))
    assert "".join(pieces) == to_markdown(t, diagram=False)
    notes = [len(re.findall(r"^\[\^s[0-9]\]:", piece, re.MULTILINE)) for piece in pieces]
    assert sum(notes) == 4
    assert max(notes) == 1  # a piece for each source's footnote, not one for all


def test_iter_markdown_checks_its_options_before_the_first_piece() -> None:
    with pytest.raises(InvalidInputError, match=r"group_by: 'week' is not one of: month, year"):
        iter_markdown(small(), group_by="week")
    with pytest.raises(InvalidInputError, match=r"no Markdown words for locale 'fr'"):
        iter_markdown(small(), locale="fr")


def test_the_pieces_of_an_empty_timeline() -> None:
    assert "".join(iter_markdown(Timeline("Nothing yet"))) == "# Nothing yet\n\n0 events · 0 sources\n"


REFERENCES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "|": "&#124;",
    "~": "&#126;",
    "@": "&#64;",
    "$": "&#36;",
    "^": "&#94;",
}


def escaped_by_character(text: str) -> str:
    """What inline() must write, worked out one character at a time."""
    lead = 0
    while lead < len(text) and text[lead].isspace():
        lead += 1
    trail = len(text)
    while trail > lead and text[trail - 1].isspace():
        trail -= 1
    out = []
    for index, char in enumerate(text):
        if index < lead or index >= trail:
            out.append(f"&#{ord(char)};")
        elif char in "\\`*_[]{}#!":
            out.append("\\" + char)
        else:
            out.append(REFERENCES.get(char, char))
    return "".join(out)


def lines_one_by_one(text: str) -> list[list[str]]:
    """What lines() must give: paragraphs parted by blank lines, each line escaped alone by line()."""
    paragraphs: list[list[str]] = [[]]
    for text_line in text.split("\n"):
        if text_line.strip(" \t"):
            paragraphs[-1].append(escape.line(text_line))
        elif paragraphs[-1]:
            paragraphs.append([])
    return [paragraph for paragraph in paragraphs if paragraph]


@given(st.one_of(hostile_text(), st.text(max_size=20)))
def test_inline_escapes_as_one_character_at_a_time(text: str) -> None:
    assert escape.inline(text) == escaped_by_character(text)


@given(st.one_of(multiline_text(), st.text(" \t\n-+=:?/1.)#*&x", max_size=20)))
def test_lines_escape_each_line_as_line_does(text: str) -> None:
    assert escape.lines(text) == lines_one_by_one(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(timelines(max_events=8))
def test_the_count_of_sources_is_that_of_the_timelines_sources(t: Timeline) -> None:
    assert source_count(t) == len(t.sources)


WHITESPACE = "".join(chr(code) for code in range(0x3001) if chr(code).isspace())


@given(st.text(WHITESPACE + "ab*&", max_size=12))
def test_inline_escapes_whitespace_at_the_ends_as_one_character_at_a_time(text: str) -> None:
    assert escape.inline(text) == escaped_by_character(text)


def test_inline_escapes_every_character_alone_as_one_character_at_a_time() -> None:
    # Every control, space, separator and mark alone, at both ends of the text at once.
    for code in range(0x110000):
        char = chr(code)
        assert escape.inline(char) == escaped_by_character(char), hex(code)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(events())
def test_the_place_a_page_shows_is_the_effective_place(event: Event) -> None:
    assert markdown_format._effective_place(event) is event.effective_place


def _optional_text() -> st.SearchStrategy[str | None]:
    return st.none() | hostile_text() | multiline_text() | st.text(max_size=6)


@settings(max_examples=300, deadline=None)
@given(
    _optional_text(),
    _optional_text(),
    _optional_text(),
    st.none() | st.sampled_from([confidence.value for confidence in Confidence]),
    st.sampled_from(sorted(WORDS)),
    st.booleans(),
    st.booleans(),
)
def test_a_claim_is_the_sentence_the_general_path_makes(
    attribution: str | None,
    locator: str | None,
    quote: str | None,
    confidence: str | None,
    locale: str,
    first: bool,
    html_page: bool,
) -> None:
    markup = HtmlMarkup() if html_page else markdown_format._MarkdownMarkup()
    prose = Prose(WORDS[locale], locale, markup)
    parts = (attribution, locator, quote, confidence)
    for indent in (4, 8):
        expected = prose.sentence(*parts, indent=indent, first=first)
        assert prose.claim(*parts, indent=indent, first=first) == expected
        assert prose.claim(*parts, indent=indent, first=first) == expected  # again, from the page's caches


@pytest.mark.parametrize("running", [True, False])
def test_writing_a_page_leaves_the_collector_as_it_was(running: bool) -> None:
    page = Timeline("T", [Event("a", "A", "2025-12-14"), Event("b", "B", "2025-12-15T10:00+01:00[Europe/Berlin]")])
    was = gc.isenabled()
    gc.enable() if running else gc.disable()
    try:
        written = to_markdown(page)
        assert gc.isenabled() is running
    finally:
        gc.enable() if was else gc.disable()
    assert written == "".join(iter_markdown(page))


def test_no_collection_runs_while_a_large_page_is_written() -> None:
    source = Source("Reuters", key="reuters")
    events = [  # each citation a claim of its own, which the page keeps until its footnotes
        Event(f"e{number}", "E", f"2025-01-{number % 28 + 1:02}", citations=[Citation(source, locator=f"p. {number}")])
        for number in range(6000)
    ]
    large = Timeline("T", events)
    runs: list[str] = []
    was = gc.isenabled()
    gc.enable()
    gc.collect()
    gc.callbacks.append(lambda phase, info: runs.append(phase))
    try:
        page = to_markdown(large, diagram=False)
        during_writing = runs.count("start")
        streamed = "".join(iter_markdown(large, diagram=False))  # as many objects made with the collector running
        while_running = runs.count("start") - during_writing
    finally:
        gc.callbacks.pop()
        gc.enable() if was else gc.disable()
    assert page == streamed
    assert while_running >= 3
    assert during_writing <= 1  # the one as it resumes, with what was made meanwhile


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(max_events=8), st.booleans())
def test_a_page_places_each_event_with_its_effective_date(t: Timeline, by_month: bool) -> None:
    sections, undated = placed(t, by_month=by_month)
    entries = [entry for _, listed in sections for entry in listed] + [e for listed in undated.values() for e in listed]
    assert sorted(event.id for event, _ in entries) == sorted(event.id for event in t.events)
    assert all(when == event.effective_when for event, when in entries)
    assert layout(t, by_month=by_month) == (
        [(section, [event for event, _ in listed]) for section, listed in sections],
        {status: [event for event, _ in listed] for status, listed in undated.items()},
    )


def test_a_caret_before_a_footnote_reference_opens_no_inline_footnote() -> None:
    # "Agency ^" then "[^agency]" made "^[^agency]", an inline footnote for markdown-it's footnote plugin.
    agency = Source("Agency ^", key="agency")
    other = Source("Other", key="other")
    event = Event(
        "talks",
        "Talks",
        accounts=[
            Account(when="2026-03-03", citations=[Citation(agency)]),
            Account(when="2026-03-04", citations=[Citation(other)]),
        ],
    )
    text = to_markdown(Timeline("T", [event]), diagram=False)
    assert "&#94;[^agency]" in text
    check_page(Timeline("T", [event]), text, diagram=False)
    assert escape.inline("x^[y]") == "x&#94;\\[y\\]"
