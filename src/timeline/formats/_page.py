"""What the Markdown page and the HTML page share: sections, notes on sources, and the words for them.

Both pages list the dated events under their year (and month), then the undated
ones by status, and end with one note per cited source saying what it says for
which events. This module decides all of that once; each page only writes it in
its own markup, through a :class:`Markup` that escapes user text and makes links.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from timeline._validation import SLUG
from timeline.errors import InvalidInputError
from timeline.formats._labels import bound_label, label
from timeline.formats._page_words import PageWords, capitalized
from timeline.model.event import Event, Media, Status
from timeline.model.provenance import Citation, Source
from timeline.model.timeline import Timeline
from timeline.model.when import Bound, OneOf, Precision, When

__all__ = [
    "SEPARATOR",
    "SLUG",
    "Claim",
    "Markup",
    "Note",
    "Notes",
    "Prose",
    "Section",
    "layout",
    "placed",
    "section_of",
    "source_count",
]

SEPARATOR = " · "
"""Between the parts of a line: "14–15 Dec 2025 · Talks · Berlin"."""

"""An event id or source key, as the model makes them; the pages use them as anchors."""

_CACHED = 4096  # attributions and locators a page keeps escaped; it starts afresh when full, so memory stays bounded

Section = tuple[int, int]
"""(year, month) of a section of dated events; month 0 for the year itself."""

# What a source says for an event: attribution, locator, quote and confidence (its value). Only
# text, so that the garbage collector stops tracking the tuple: a page may hold a million of them.
Claim = tuple[str | None, str | None, str | None, str]


def section_of(when: When, by_month: bool) -> Section:
    """The section listing an event: where its date starts (or ends, for an open or unknown start).

    Events known only to the year, the season or the quarter, or with unspecified digits, are listed
    under the year itself.
    """
    bound = when.start
    if not isinstance(bound, Bound):
        bound = bound.first if isinstance(bound, OneOf) else when.end
        assert isinstance(bound, Bound)
    if not by_month or bound.precision in (Precision.YEAR, Precision.SEASON, Precision.QUARTER) or bound.unspecified:
        return bound.year, 0
    return bound.year, bound.month


Layout = tuple[list[tuple[Section, list[Event]]], dict[Status, list[Event]]]
Placed = tuple[list[tuple[Section, list[tuple[Event, When]]]], dict[Status, list[tuple[Event, When]]]]


def placed(timeline: Timeline, *, by_month: bool = True) -> Placed:
    """:func:`layout`, each event with its :attr:`~Event.effective_when`: a page reads it once per event.

    (An event with a duration makes its effective date afresh each time it is read.)
    """
    dated: dict[Section, list[tuple[Event, When]]] = {}
    undated: dict[Status, list[tuple[Event, When]]] = {}
    for event in timeline.events:
        when = event.effective_when
        if when.is_dated:
            dated.setdefault(section_of(when, by_month), []).append((event, when))
        else:
            undated.setdefault(event.status, []).append((event, when))
    return sorted(dated.items()), {status: undated[status] for status in Status if status in undated}


def layout(timeline: Timeline, *, by_month: bool = True) -> Layout:
    """The dated events by section, sections in order; the undated ones by status, in the order of :class:`Status`."""
    sections, undated = placed(timeline, by_month=by_month)
    return (
        [(section, [event for event, _ in entries]) for section, entries in sections],
        {status: [event for event, _ in entries] for status, entries in undated.items()},
    )


def source_count(timeline: Timeline) -> int:
    """How many sources the timeline cites, those reached ``via`` another included: ``len(timeline.sources)``.

    Events cite the same few sources over and over; each source object's chain is walked
    once, where :attr:`Timeline.sources` walks it at every citation and sorts the keys.
    """
    walked: set[int] = set()  # ids of the sources walked; the timeline keeps each one alive
    refs: set[str] = set()
    for event in timeline.events:
        for citations in (event.citations, *[account.citations for account in event.accounts]):
            for citation in citations:
                source: Source | None = citation.source
                while source is not None and id(source) not in walked:
                    walked.add(id(source))
                    refs.add(source.ref)
                    source = source.via
    return len(refs)


def checked_slug(value: str, what: str) -> str:
    """``value``, if it is a slug; the model only makes slugs, and this keeps markup safe regardless."""
    if not SLUG.match(value):
        raise InvalidInputError.at(what, f"{value!r} is not a slug")
    return value


class Note:
    """A cited source and what it says for which events, gathered in page order."""

    __slots__ = ("claims", "source")

    def __init__(self, source: Source) -> None:
        self.source = source
        # The events backing each claim: one event alone (the usual case), or a list of them.
        self.claims: dict[Claim, Event | list[Event]] = {}


class Notes:
    """The notes of a page, by source key, in the order the page first cites them."""

    def __init__(self) -> None:
        self.notes: dict[str, Note] = {}

    def cite(self, event: Event, citations: Iterable[Citation] | None = None) -> list[str]:
        """The keys of the sources ``event`` cites, once each; records what each says for it.

        ``citations`` are those of one of the event's accounts or updates, instead of its own.
        """
        references: list[str] = []
        notes = self.notes
        for citation in event.citations if citations is None else citations:
            source = citation.source
            ref = source.ref
            note = notes.get(ref)
            if note is None:
                note = notes[checked_slug(ref, "key")] = Note(source)
            # _value_ is the documented attribute behind Enum.value, read without Enum's property in between.
            claim = (citation.attribution, citation.locator, citation.quote, citation.confidence._value_)
            cited = note.claims.setdefault(claim, event)  # one look-up for the usual claim made once
            if cited is not event:
                if not isinstance(cited, list):
                    note.claims[claim] = [cited, event]
                elif cited[-1] is not event:
                    cited.append(event)
            if ref not in references:
                references.append(ref)
        return references

    def number(self, ref: str) -> int:
        """The note's number on the page, from 1."""
        return list(self.notes).index(ref) + 1


class Markup(Protocol):
    """How a page writes user text and links."""

    def text(self, value: str) -> str:
        """One line of user text, escaped to read as itself."""
        ...

    def quote(self, value: str, indent: int) -> str:
        """User text that may hold line breaks, inside a sentence (a quotation)."""
        ...

    def href(self, value: str) -> str | None:
        """A URL made fit for a link, or ``None`` if it may not become one."""
        ...

    def link(self, shown: str, href: str) -> str:
        """A link with ``shown`` (already written) as its text."""
        ...


class Prose:
    """The sentences about sources, in a page's markup: bibliography, claims, dates."""

    def __init__(self, words: PageWords, locale: str, markup: Markup) -> None:
        self.words = words
        self.locale = locale
        self.markup = markup
        self.quote = markup.quote  # called for nearly every claim: no attribute look-up in between
        self.labels: dict[When, str] = {}
        self.confidences = {confidence.value: word for confidence, word in words.confidence.items()}
        self.opening, self.closing = words.quotes
        # Attributions and locators, written in the markup (attributions with the words that name them):
        # a page repeats a few of them over many claims, and escapes each once.
        self.citings: dict[str, str] = {}
        self.locators: dict[str, str] = {}

    def label(self, when: When) -> str:
        """The date label of ``when`` in the page's locale (plain text, not escaped)."""
        found = self.labels.get(when)
        if found is None:
            found = self.labels[when] = label(when, self.locale)
        return found

    def bibliography(self, source: Source) -> str:
        """Publisher, author, title (linked), date, archived copy, retrieval and the source it came via."""
        vocabulary, markup = self.words, self.markup
        text = markup.text(source.publisher)
        link = markup.href(source.url) if source.url is not None else None
        if link is not None and source.title is None:
            text = markup.link(text, link)
        if source.author is not None:
            text += ", " + vocabulary.by.format(markup.text(source.author))
        if source.title is not None:
            title = vocabulary.quoted(markup.text(source.title))
            text += ": " + (markup.link(title, link) if link is not None else title)
        if source.url is not None and link is None:
            text += f" ({markup.text(source.url)})"
        if source.published is not None:
            text += f" ({self.published(source.published)})"
        if source.archived_url is not None:
            archived = markup.href(source.archived_url)
            shown = markup.link(vocabulary.archived, archived) if archived else markup.text(source.archived_url)
            text += f" ({shown})"
        if source.retrieved is not None:
            day = source.retrieved
            text += ", " + vocabulary.retrieved.format(
                bound_label(Bound.of_date(day.year, day.month, day.day), self.locale)
            )
        if source.via is not None:
            text += ", " + vocabulary.via.format(self.bibliography(source.via))
        return text

    def media(self, media: Media) -> str:
        """The medium as a link (never an embedded picture: nothing is fetched), then its credit and licence.

        The link's text is the caption, else the alt text, else the URL, on one line.
        """
        markup = self.markup
        shown = markup.text(" ".join((media.caption or media.alt or media.url).split()))
        link = markup.href(media.url)
        text = markup.link(shown, link) if link is not None else shown
        if media.credit is not None:
            text += ", " + markup.text(media.credit)
        if media.licence is not None:
            text += f" ({markup.text(media.licence)})"
        return text

    def published(self, when: When) -> str:
        markup = self.markup
        phrase = None if when.phrase is None else self.words.quoted(markup.text(when.phrase))
        if not when.is_dated:
            return phrase or markup.text(self.label(when))
        return markup.text(self.label(when)) + (f", {phrase}" if phrase else "")

    def claim(
        self,
        attribution: str | None,
        locator: str | None,
        quote: str | None,
        confidence: str | None,
        *,
        indent: int,
        first: bool,
    ) -> str:
        """ "Citing unnamed sources: “…” (paragraph 4) — reported.", from the parts given; "" for none.

        ``first``: the sentence starts the text, so our own first word is capitalised
        (never the user's). ``indent`` is the indentation of the quote's further lines.
        """
        if attribution is None and locator is None and confidence is None:  # a quote alone, as most items are
            return "" if quote is None else f"{self.opening}{self.markup.quote(quote, indent)}{self.closing}."
        if quote is not None and locator is not None and confidence is not None and not first:
            # Every part but perhaps whom it cites, inside a list: the sentence the steps below make.
            where = self.locators.get(locator)
            if where is None:
                where = self.locator(locator)
            quoted = f"{self.opening}{self.quote(quote, indent)}{self.closing} ({where})"
            if attribution is not None:
                quoted = f"{self.citing(attribution)}: {quoted}"
            return f"{quoted} — {self.confidences[confidence]}."
        return self.sentence(attribution, locator, quote, confidence, indent=indent, first=first)

    def sentence(
        self,
        attribution: str | None,
        locator: str | None,
        quote: str | None,
        confidence: str | None,
        *,
        indent: int,
        first: bool,
    ) -> str:
        """:meth:`claim`, for any parts: its general path."""
        body = "" if attribution is None else self.citing(attribution)
        if quote is not None:
            body += f"{': ' if body else ''}{self.opening}{self.markup.quote(quote, indent)}{self.closing}"
            if locator is not None:
                body += f" ({self.locator(locator)})"
        elif locator is not None:
            body += (", " if body else "") + self.locator(locator)
        ours_first = attribution is not None or not body
        if confidence is not None:
            word = self.confidences[confidence]
            body = f"{body} — {word}" if body else word
        if not body:
            return ""
        return (capitalized(body) if first and ours_first else body) + "."

    def citing(self, attribution: str) -> str:
        """ "citing unnamed sources": whom a source cites, escaped, in the locale's words."""
        found = self.citings.get(attribution)
        if found is None:
            if len(self.citings) >= _CACHED:
                self.citings.clear()
            found = self.citings[attribution] = self.words.citing.format(self.markup.text(attribution))
        return found

    def locator(self, locator: str) -> str:
        """Where in the source a claim is ("paragraph 4"), escaped."""
        found = self.locators.get(locator)
        if found is None:
            if len(self.locators) >= _CACHED:
                self.locators.clear()
            found = self.locators[locator] = self.markup.text(locator)
        return found

    def note(self, note: Note, *, indent: int) -> tuple[str, list[tuple[Event | list[Event], str]]]:
        """What a source says: the sentence said once after it, and one item per claim if there are several.

        What every claim shares (whom the source cites, its confidence) is said once;
        the rest follows in items, each with its events. A source with one claim has
        no items: its whole claim is the sentence.
        """
        claims = note.claims
        if len(claims) == 1:
            [(attribution, locator, quote, confidence)] = claims
            return self.claim(attribution, locator, quote, confidence, indent=indent, first=True), []
        attributions = {claim[0] for claim in claims}
        confidences = {claim[3] for claim in claims}
        shared_attribution = next(iter(attributions)) if len(attributions) == 1 else None
        shared_confidence = next(iter(confidences)) if len(confidences) == 1 else None
        shared = self.claim(shared_attribution, None, None, shared_confidence, indent=indent, first=True)
        one_attribution, one_confidence, claim = len(attributions) == 1, len(confidences) == 1, self.claim
        indent *= 2
        return shared, [
            (
                cited,
                claim(
                    None if one_attribution else attribution,
                    locator,
                    quote,
                    None if one_confidence else confidence,
                    indent=indent,
                    first=False,
                ),
            )
            for (attribution, locator, quote, confidence), cited in claims.items()
        ]
