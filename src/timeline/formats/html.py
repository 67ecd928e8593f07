"""A web page of a timeline: :func:`to_html`.

One self-contained file that works offline and from ``file://``: the style sheet,
the script and the data are inline, and by default the page asks nothing of any
network. Its layout follows the Markdown page (:mod:`timeline.formats.markdown`)::

    <header>   h1 title, "8 events · 2 sources", the description
    <nav>      search box and filters by status, tag and actor (shown by the script)
    <main>     h2 per year, h3 per month; each event an <article id="EVENT-ID" data-status="…">
               with an h3/h4 title, its date label, status, place, kind, description,
               actors, tags, relations (in-page links) and references to the notes;
               h2 "No date yet" with an h3 per status; h2 "Sources" with one numbered note per source

The page's own ids all start with ``_`` (``_q``, ``_2025-12``, ``_n-nyt``), which no
event id can: event ids are slugs. All text from the timeline is escaped for where
it goes (:mod:`timeline.formats._html_markup`); only http(s) and mailto URLs become
links; a Content-Security-Policy allows the page's own inline style and scripts by
their hashes and nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import warnings
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Final
from urllib.parse import urlsplit

from timeline._validation import zone_problem
from timeline.errors import InvalidInputError
from timeline.formats._disputes import account_lines, update_lines
from timeline.formats._html_markup import HtmlMarkup, attribute, json_data, text
from timeline.formats._html_words import HTML_WORDS, HtmlWords
from timeline.formats._labels import bound_label, event_label, month_name, words, year_label
from timeline.formats._page import SEPARATOR, Note, Notes, Prose, checked_slug, layout
from timeline.formats._page_words import PageWords, capitalized, page_words
from timeline.formats.timelinejs import to_timelinejs
from timeline.model.event import Event, RelationKind
from timeline.model.history import Revisions
from timeline.model.provenance import Citation
from timeline.model.timeline import Timeline
from timeline.model.when import Bound, Precision, When

__all__ = ["TIMELINEJS_CDN", "to_html"]

TIMELINEJS_CDN: Final = "https://cdn.knightlab.com/libs/timeline3/latest/"
"""Where ``assets="cdn"`` loads TimelineJS from: Knight Lab's own CDN (``css/timeline.css``, ``js/timeline.js``)."""


@cache
def _asset(name: str) -> str:
    return resources.files("timeline.formats").joinpath("_html", name).read_text("utf-8")


def _hash(code: str) -> str:
    """A CSP hash source for an inline ``<style>`` or ``<script>`` whose text is ``code``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


def _policy(directives: list[str]) -> str:
    """The Content-Security-Policy, all of it the page's own text (no quotation mark, no ``<`` or ``&``)."""
    policy = "; ".join(directives)
    assert not any(char in policy for char in '"<>&'), policy
    return policy


def _assets_base(assets: str | None) -> tuple[str, str] | None:
    """(base URL ending in ``/``, CSP source) of TimelineJS's files, or ``None`` without them."""
    if assets is None:
        return None
    if not isinstance(assets, str) or not assets.strip():
        raise InvalidInputError.at("assets", 'give "cdn", a URL or a path to a copy of TimelineJS, or None')
    base = TIMELINEJS_CDN if assets == "cdn" else assets
    if any(char.isspace() or char in "\"'<>\\;," for char in base):
        raise InvalidInputError.at("assets", f"{assets!r} cannot be used as a URL: it has spaces or quotes")
    try:
        parts = urlsplit(base)
    except ValueError as error:
        raise InvalidInputError.at("assets", f"{assets!r} is not a valid URL: {error}") from None
    if not base.endswith("/"):
        base += "/"
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return base, f"{parts.scheme.lower()}://{parts.netloc}{parts.path.rstrip('/')}/"
    if parts.scheme or parts.netloc:
        raise InvalidInputError.at("assets", f"{assets!r} is neither an http(s) URL nor a path relative to the page")
    return base, "'self'"


def to_html(
    timeline: Timeline,
    *,
    locale: str = "en",
    assets: str | None = None,
    revisions: Mapping[str, Revisions] | None = None,
    zone: str = "UTC",
) -> str:
    """The timeline as one self-contained HTML page, with search and filters.

    The page holds everything the Markdown page does, for people reading it in a
    browser: events by year and month with their date labels, status, place, kind,
    actors, tags, description and relations (links within the page), the undated
    ones by status, and the sources as numbered notes. Each event is an
    ``<article>`` whose ``id`` is the event id and whose ``data-status`` is its
    status. A small script adds a search box and filters by status, tag and actor;
    without it the page is complete.

    ``locale`` (``en``, ``de`` or ``uk``) sets the language. ``assets`` adds a
    TimelineJS view of the dated events above the list: ``"cdn"`` loads TimelineJS
    from :data:`TIMELINEJS_CDN`, any other value from a copy of its ``dist`` folder
    at that http(s) URL or path relative to the page (``css/timeline.css`` and
    ``js/timeline.js`` under it). By default the page needs neither and makes no
    request at all. TimelineJS has no time zones: its view shows times converted
    to ``zone`` (an IANA name, UTC by default), as :func:`~timeline.to_timelinejs`
    does; the list keeps each event's own zone. ``revisions`` (from the event log)
    adds when each event was last revised.

    The same timeline and options always give the same text. Raises
    :class:`~timeline.errors.InvalidInputError` for an unknown locale or zone, or a
    bad ``assets``.
    """
    vocabulary = page_words(locale)
    words(locale)
    if (problem := zone_problem(zone) if isinstance(zone, str) else "zone must be text") is not None:
        raise InvalidInputError.at("zone", problem)
    base = _assets_base(assets)
    return _HtmlPage(timeline, vocabulary, HTML_WORDS[locale], locale, revisions, zone=zone).render(base)


class _HtmlPage:
    def __init__(
        self,
        timeline: Timeline,
        vocabulary: PageWords,
        html_words: HtmlWords,
        locale: str,
        revisions: Mapping[str, Revisions] | None,
        *,
        zone: str,
    ) -> None:
        self.timeline = timeline
        self.zone = zone
        self.words = vocabulary
        self.html_words = html_words
        self.locale = locale
        self.revisions = revisions or {}
        self.markup = HtmlMarkup()
        self.prose = Prose(vocabulary, locale, self.markup)
        self.notes = Notes()
        self.links: dict[str, str] = {}

    def render(self, assets: tuple[str, str] | None) -> str:
        timeline, vocabulary, html_words = self.timeline, self.words, self.html_words
        sections, undated = layout(timeline)
        body: list[str] = []
        for index, ((year, month), events) in enumerate(sections):
            if index == 0 or sections[index - 1][0][0] != year:
                if index:
                    body.append("</section>")
                body.append(f'<section class="events" aria-labelledby="_{year:04d}">')
                body.append(f'<h2 id="_{year:04d}">{text(year_label(year, words(self.locale)))}</h2>')
            if month:
                name = text(capitalized(month_name(month, self.locale)))
                # named by month and year: two Aprils of different years are different landmarks
                body.append(f'<section class="events" aria-labelledby="_{year:04d}-{month:02d} _{year:04d}">')
                body.append(f'<h3 id="_{year:04d}-{month:02d}">{name}</h3>')
            body.extend(self.entry(event, 4 if month else 3) for event in events)
            if month:
                body.append("</section>")
        if sections:
            body.append("</section>")
        if undated:
            body.append('<section class="events" aria-labelledby="_undated">')
            body.append(f'<h2 id="_undated">{text(capitalized(words(self.locale).undated))}</h2>')
            for status, events in undated.items():
                body.append(f'<section class="events" aria-labelledby="_undated-{status.value}">')
                body.append(f'<h3 id="_undated-{status.value}">{text(capitalized(vocabulary.status[status]))}</h3>')
                body.extend(self.entry(event, 4) for event in events)
                body.append("</section>")
            body.append("</section>")
        if self.notes.notes:
            body.append('<section class="notes" aria-labelledby="_sources">')
            body.append(f'<h2 id="_sources">{text(vocabulary.heading("citations"))}</h2>\n<ol>')
            body.extend(self.note(ref, note) for ref, note in self.notes.notes.items())
            body.append("</ol>\n</section>")

        summary = (
            f"{vocabulary.count(vocabulary.events, len(timeline.events), self.locale)}{SEPARATOR}"
            f"{vocabulary.count(vocabulary.sources, len(timeline.sources), self.locale)}"
        )
        style = _asset("page.css")
        script = _asset("page.js")
        data = json_data(
            {
                "shown": html_words.events_shown,
                "events": [{"id": event.id, "tags": event.tags, "actors": event.actors} for event in timeline],
            }
        )
        view, scripts, head = self.timelinejs(assets)
        script_hashes = [_hash(script), *(_hash(code) for code in scripts)]
        csp = ["default-src 'none'", "style-src " + _hash(style), "script-src " + " ".join(script_hashes)]
        if assets is not None:
            source = assets[1]
            csp = [
                "default-src 'none'",
                f"style-src {source} 'unsafe-inline'",  # TimelineJS sets style attributes as it lays out
                f"script-src {' '.join(script_hashes)} {source}",
                f"font-src {source}",
                f"img-src {source} data:",
                f"connect-src {source}",  # TimelineJS fetches its language file, if not English
            ]
        csp += ["base-uri 'none'", "form-action 'none'"]
        description = "" if timeline.description is None else self.paragraphs(timeline.description)
        parts = [
            "<!DOCTYPE html>",
            f'<html lang="{attribute(self.locale)}">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_policy(csp)}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="color-scheme" content="light dark">',
            '<meta name="generator" content="timeline">',
            f"<title>{text(timeline.title)}</title>",
            *head,
            f"<style>{style}</style>",
            "</head>",
            "<body>",
            f'<a class="skip" href="#_main">{text(html_words.skip)}</a>',
            "<header>",
            f'<h1 dir="auto">{text(timeline.title)}</h1>',
            f'<p class="summary">{text(summary)}</p>',
            description,
            "</header>",
            self.filters(),
            '<main id="_main">',
            view,
            *body,
            "</main>",
            f'<script type="application/json" id="_data">{data}</script>',
            f"<script>{script}</script>",
            *(f"<script>{code}</script>" for code in scripts),
            "</body>",
            "</html>",
        ]
        return "\n".join(part for part in parts if part) + "\n"

    def filters(self) -> str:
        """The search box and the filters, hidden until the script shows them."""
        html_words, vocabulary, timeline = self.html_words, self.words, self.timeline
        statuses = [status for status in vocabulary.status if any(event.status is status for event in timeline)]
        tags = sorted({tag for event in timeline for tag in event.tags}, key=str.casefold)
        actors = sorted({actor for event in timeline for actor in event.actors}, key=str.casefold)

        def select(ident: str, label: str, options: list[tuple[str, str]]) -> str:
            choices = "".join(f'<option value="{attribute(value)}">{text(shown)}</option>' for value, shown in options)
            return (
                f'<label for="_{ident}">{text(label)}'
                f'<select id="_{ident}"><option value="">{text(html_words.any)}</option>{choices}</select></label>'
            )

        return "\n".join(
            [
                f'<nav class="filters" id="_filters-box" aria-label="{attribute(html_words.filters)}" hidden>',
                '<form id="_filters" role="search">',
                f'<label for="_q">{text(html_words.search)}<input type="search" id="_q" autocomplete="off"></label>',
                select(
                    "status",
                    vocabulary.heading("status"),
                    [(status.value, vocabulary.status[status]) for status in statuses],
                ),
                select("tag", html_words.tag, [(tag, tag) for tag in tags]),
                select("actor", html_words.actor, [(actor, actor) for actor in actors]),
                f'<button type="reset">{text(html_words.reset)}</button>',
                '<output id="_count" for="_q _status _tag _actor" aria-live="polite"></output>',
                "</form>",
                "</nav>",
            ]
        )

    def timelinejs(self, assets: tuple[str, str] | None) -> tuple[str, list[str], list[str]]:
        """The TimelineJS view: its section, its inline scripts and the head's links; nothing without assets."""
        if assets is None:
            return "", [], []
        base = assets[0]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the undated events are listed on the page itself
            slides = to_timelinejs(self.timeline, zone=self.zone, locale=self.locale)
        for slide in slides["events"]:
            slide["unique_id"] = f"_tl-{slide['unique_id']}"  # TimelineJS gives slides these ids
        slides["title"]["unique_id"] = "_tl-title"  # else TimelineJS makes one of the title's text
        options = {
            "language": self.locale,
            "script_path": "",  # TimelineJS finds its folder from its script element, not from its CDN
            "font": None,  # TimelineJS's own fonts come from a font service: the page's fonts instead
            "hash_bookmark": False,
            "timenav_height_percentage": 35,
        }
        code = _asset("timelinejs.js")
        view = "\n".join(
            [
                '<section id="_timelinejs-view" aria-labelledby="_timelinejs-heading" hidden>',
                f'<h2 id="_timelinejs-heading">{text(self.html_words.timeline_view)}</h2>',
                '<div id="_timelinejs"></div>',
                f'<script type="application/json" id="_timelinejs-data">{json_data(slides)}</script>',
                f'<script type="application/json" id="_timelinejs-options">{json_data(options)}</script>',
                f'<script src="{attribute(base)}js/timeline.js"></script>',
                "</section>",
            ]
        )
        head = [f'<link rel="stylesheet" href="{attribute(base)}css/timeline.css">']
        return view, [code], head

    def entry(self, event: Event, level: int) -> str:
        """One event: an article with its id and status, title, date line, description and details."""
        ident = checked_slug(event.id, "id")
        parts = [
            f'<article class="event" id="{ident}" data-status="{event.status.value}" aria-labelledby="_t-{ident}">',
            f'<h{level} class="title" id="_t-{ident}" dir="auto">{text(event.title)}</h{level}>',
            f'<p class="meta">{self.meta(event)}</p>',
        ]
        if event.description is not None:
            parts.append(self.paragraphs(event.description))
        details = self.details(event)
        if details:
            parts.append(f'<dl class="details">{details}</dl>')
        if event.citations:
            refs = [self.reference(ref) for ref in self.notes.cite(event)]
            parts.append(f'<p class="refs">{text(self.words.heading("citations"))}: {" ".join(refs)}</p>')
        if event.accounts or event.id in self.revisions:
            parts.extend(self.disputes(event))
        parts.append("</article>")
        return "\n".join(parts)

    def disputes(self, event: Event) -> list[str]:
        """Paragraphs on the event's accounts and its updates from the log (see :mod:`~timeline.formats._disputes`)."""

        def cite(cited: Event, citations: Sequence[Citation]) -> dict[str, str]:
            return {ref: self.reference(ref) for ref in self.notes.cite(cited, citations)}

        paragraphs = [f'<p class="accounts" dir="auto">{line}</p>' for line in account_lines(event, self.prose, cite)]
        revisions = self.revisions.get(event.id)
        if revisions is not None:
            updates = update_lines(event, revisions.updates, self.prose, cite)
            paragraphs.extend(f'<p class="update" dir="auto">{line}</p>' for line in updates)
        return paragraphs

    def reference(self, ref: str) -> str:
        """A link to the note of source ``ref``: its number, named "Source 3" for screen readers."""
        number = self.notes.number(ref)
        label = attribute(self.html_words.source.format(n=number))
        return f'<a href="#_n-{ref}" aria-label="{label}">[{number}]</a>'

    def meta(self, event: Event) -> str:
        """Date (and the source's words for it), status, place and kind."""
        when, markup, vocabulary = event.effective_when, self.markup, self.words
        items = []
        if when.is_dated:
            limited = event.duration is not None and event.duration.at_most  # the end is not known, only its limit
            label = markup.text(event_label(event, self.locale)) if limited else self.time(when)
            shown = f'<span class="when">{label}</span>'
            if when.phrase is not None:
                shown += f" ({vocabulary.quoted(markup.text(when.phrase))})"
            items.append(shown)
        elif when.phrase is not None:
            items.append(f'<span class="when">{vocabulary.quoted(markup.text(when.phrase))}</span>')
        items.append(f'<span class="status">{text(vocabulary.status[event.status])}</span>')
        place = event.effective_place
        if place is not None:
            items.append(markup.text(place.name) + ("" if place.country is None else ", " + markup.text(place.country)))
        if event.kind is not None:
            items.append(markup.text(event.kind))
        return SEPARATOR.join(items)

    def time(self, when: When) -> str:
        """The date label, in a ``<time>`` element when it is one plain day, month, year or moment."""
        shown = text(self.prose.label(when))
        start = when.start
        if when.end is not None or not isinstance(start, Bound) or start.approximate or start.uncertain:
            return shown
        if start.precision in (Precision.QUARTER, Precision.SEASON) or start.unspecified or start.year < 1:
            return shown  # no HTML date or time string says these
        if start.precision.is_time:
            moment = start.moment.in_timezone("UTC")
            stamp = moment.format("YYYY-MM-DDTHH:mm:ss") + "Z"
        elif start.precision is Precision.YEAR:
            stamp = f"{start.year:04d}"
        elif start.precision is Precision.MONTH:
            stamp = f"{start.year:04d}-{start.month:02d}"
        else:
            stamp = f"{start.year:04d}-{start.month:02d}-{start.day:02d}"
        return f'<time datetime="{stamp}">{shown}</time>'

    def details(self, event: Event) -> str:
        vocabulary, markup = self.words, self.markup
        rows = []
        if event.actors:
            rows.append((vocabulary.heading("actors"), ", ".join([markup.text(actor) for actor in event.actors])))
        if event.tags:
            rows.append((vocabulary.heading("tags"), ", ".join([markup.text(tag) for tag in event.tags])))
        if event.media is not None:
            rows.append((vocabulary.heading("media"), self.prose.media(event.media)))
        for kind in RelationKind:
            targets = [self.link(relation.target) for relation in event.relations if relation.kind is kind]
            if targets:
                rows.append((vocabulary.relation[kind], ", ".join(targets)))
        revisions = self.revisions.get(event.id)
        if revisions is not None:
            at = revisions.modified.in_timezone("UTC")
            bound = Bound(Precision.MINUTE, at.year, at.month, at.day, at.hour, at.minute, zone="UTC")
            said = vocabulary.last_revised.format(when=bound_label(bound, self.locale), n=revisions.count)
            name, _, value = said.partition(": ")
            rows.append((name, text(value)))
        return "".join(f"<div><dt>{text(name)}</dt><dd>{value}</dd></div>" for name, value in rows)

    def link(self, event_id: str) -> str:
        """A link to another event of the page, its title as the text."""
        found = self.links.get(event_id)
        if found is None:
            target = self.timeline.get(event_id)
            if target is None:  # a valid timeline has none; show the id rather than a broken link
                found = self.markup.text(event_id)
            else:
                found = f'<a href="#{checked_slug(target.id, "id")}">{self.markup.text(target.title)}</a>'
            self.links[event_id] = found
        return found

    def note(self, ref: str, note: Note) -> str:
        """One numbered note: the source, then what it says, once or for each group of events."""
        prose = self.prose
        item = f'<li id="_n-{ref}">{prose.bibliography(note.source)}.'
        shared, items = prose.note(note, indent=0)
        if shared:
            item += f" {shared}"
        if items:
            listed = []
            for cited, said in items:
                events = [cited] if isinstance(cited, Event) else cited
                links = ", ".join([self.link(event.id) for event in events])
                listed.append(f"<li>{links}: {said}</li>" if said else f"<li>{links}.</li>")
            item += "<ul>" + "".join(listed) + "</ul>"
        return item + "</li>"

    def paragraphs(self, value: str) -> str:
        """Multi-line text as paragraphs: blank lines separate them, other line breaks stay breaks."""
        paragraphs: list[list[str]] = [[]]
        for line in value.split("\n"):
            if line.strip(" \t"):
                paragraphs[-1].append(text(line))
            elif paragraphs[-1]:
                paragraphs.append([])
        return "\n".join(f'<p dir="auto">{"<br>".join(lines)}</p>' for lines in paragraphs if lines)
