"""Markdown pages of timelines: :func:`to_markdown`.

The page, for CommonMark renderers (GitHub) and Python-Markdown (MkDocs) with
footnotes::

    # Title
    9 events · 2 sources                       then the timeline's description
    ```mermaid                                 optional: a Mermaid timeline of the dated events
    ## 2025                                    a year; events dated only to the year (or a
                                               quarter) come first, then
    ### December                               a month, with its events in order
    <a id="berlin-talks"></a>                  each event: an anchor, a line with its date, title,
    **14–15 Dec 2025** · **Talks** · Berlin · meeting · happened      place, kind and status,
                                               its description, a line of actors, tags,
                                               relations (links to anchors) and last revision,
                                               and footnote references to its sources
    ## No date yet                             undated events, by status
    ### Proposed
    [^nyt]: The New York Times, …              one footnote per source cited

An event is listed under the month (or year) where its date starts; events with
an open or unknown start, under the month where they end. All user text is escaped
(see :mod:`timeline.formats._markdown_escape`); the only HTML is the anchors, whose
ids are the events' slugs. ``docs/markdown.md`` describes the page in full.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Iterable, Mapping

from timeline.errors import InvalidInputError, TimelineWarning
from timeline.formats._labels import bound_label, label, month_name, words, year_label
from timeline.formats._markdown_escape import block_start, inline, line, lines, mermaid, url
from timeline.formats._markdown_words import PageWords, capitalized, page_words
from timeline.model.event import Event, RelationKind, Status
from timeline.model.history import Revisions
from timeline.model.provenance import Source
from timeline.model.timeline import Timeline
from timeline.model.when import Bound, OneOf, Precision, When

__all__ = ["MERMAID_LIMIT", "to_markdown"]

MERMAID_LIMIT = 50_000
"""The longest diagram written, in characters: Mermaid's default ``maxTextSize``.

Mermaid refuses to draw a longer one, so a page whose diagram would be longer is
written without it, with a :class:`~timeline.errors.TimelineWarning`.
"""

_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?\Z")
_GROUPS = ("month", "year")
_SEPARATOR = " · "

# What a source says for an event: attribution, locator, quote and confidence (its value). Only
# text, so that the garbage collector stops tracking the tuple: a page may hold a million of them.
_Claim = tuple[str | None, str | None, str | None, str]


def to_markdown(
    timeline: Timeline,
    *,
    diagram: bool = True,
    group_by: str = "month",
    locale: str = "en",
    revisions: Mapping[str, Revisions] | None = None,
) -> str:
    """The timeline as a Markdown page: headings by year and month, events, footnoted sources.

    ``diagram`` adds a Mermaid ``timeline`` of the dated events after the title
    (left out, with a :class:`~timeline.errors.TimelineWarning`, when it would be
    longer than :data:`MERMAID_LIMIT`). ``group_by`` is ``"month"`` (years, then
    months) or ``"year"``. ``locale`` (``en``, ``de`` or ``uk``) sets the language
    of dates and of the page's own words. ``revisions`` maps event ids to what the
    event log knows of them; each event then shows when it was last revised.

    All text from the timeline is escaped so that it reads as itself in CommonMark
    and Python-Markdown; only http(s) URLs become links. The same timeline and
    options always give the same text, ending in one line break.

    Raises :class:`~timeline.errors.InvalidInputError` for an unknown ``locale`` or
    ``group_by``.
    """
    if group_by not in _GROUPS:
        raise InvalidInputError.at("group_by", f"{group_by!r} is not one of: {', '.join(_GROUPS)}")
    vocabulary = page_words(locale)
    words(locale)  # the labels know the locale too
    return _Page(timeline, vocabulary, locale, by_month=group_by == "month", revisions=revisions).render(diagram)


class _Footnote:
    """A cited source and what it says for which events, gathered in page order."""

    __slots__ = ("claims", "source")

    def __init__(self, source: Source) -> None:
        self.source = source
        # The events backing each claim: one event alone (the usual case), or a list of them.
        self.claims: dict[_Claim, Event | list[Event]] = {}


def _section(when: When, by_month: bool) -> tuple[int, int]:
    """(year, month) of the section listing an event; month 0 for the year itself."""
    start = when.start.first if isinstance(when.start, OneOf) else when.start
    bound = start if isinstance(start, Bound) else when.end
    assert isinstance(bound, Bound)
    if not by_month or bound.precision in (Precision.YEAR, Precision.SEASON, Precision.QUARTER) or bound.unspecified:
        return bound.year, 0
    return bound.year, bound.month


def _anchor(event_id: str) -> str:
    if not _SLUG.match(event_id):  # the model only makes slugs; this keeps the HTML safe regardless
        raise InvalidInputError.at("id", f"{event_id!r} is not a slug")
    return f'<a id="{event_id}"></a>'


class _Page:
    """One rendering of a timeline; holds the label cache and the footnotes found so far."""

    def __init__(
        self,
        timeline: Timeline,
        vocabulary: PageWords,
        locale: str,
        *,
        by_month: bool,
        revisions: Mapping[str, Revisions] | None,
    ) -> None:
        self.timeline = timeline
        self.words = vocabulary
        self.locale = locale
        self.by_month = by_month
        self.revisions = revisions or {}
        self.labels: dict[When, str] = {}
        self.bold_labels: dict[When, str] = {}
        self.links: dict[str, str] = {}
        self.footnotes: dict[str, _Footnote] = {}
        self.confidences = {confidence.value: word for confidence, word in vocabulary.confidence.items()}

    # -- the page ---------------------------------------------------------------------

    def render(self, diagram: bool) -> str:
        timeline, vocabulary = self.timeline, self.words
        dated: dict[tuple[int, int], list[Event]] = {}
        undated: dict[Status, list[Event]] = {}
        for event in timeline.events:
            if event.when.is_dated:
                dated.setdefault(_section(event.when, self.by_month), []).append(event)
            else:
                undated.setdefault(event.status, []).append(event)
        sections = sorted(dated.items())

        summary = (
            f"{vocabulary.count(vocabulary.events, len(timeline.events), self.locale)}{_SEPARATOR}"
            f"{vocabulary.count(vocabulary.sources, len(timeline.sources), self.locale)}"
        )
        blocks = [f"# {inline(timeline.title)}", summary]
        if timeline.description is not None:
            blocks.extend(self.paragraphs(timeline.description))
        if diagram and sections:
            chart = self.diagram(sections)
            if chart is not None:
                blocks.append(chart)
            else:
                warnings.warn(
                    f"the Mermaid diagram of {timeline.title!r} would be longer than Mermaid draws "
                    f"({MERMAID_LIMIT:,} characters); the page has no diagram (pass diagram=False to say so)",
                    TimelineWarning,
                    stacklevel=3,
                )

        year = None
        for (section_year, month), events in sections:
            if section_year != year:
                year = section_year
                blocks.append(f"## {inline(year_label(year, words(self.locale)))}")
            if month:
                blocks.append(f"### {capitalized(month_name(month, self.locale))}")
            for event in events:
                self.entry(event, blocks)
        if undated:
            blocks.append(f"## {vocabulary.no_date}")
            for status in Status:
                if status in undated:
                    blocks.append(f"### {capitalized(vocabulary.status[status])}")
                    for event in undated[status]:
                        self.entry(event, blocks)
        blocks.extend(self.footnote(ref, footnote) for ref, footnote in self.footnotes.items())
        return "\n\n".join(blocks) + "\n"

    def diagram(self, sections: Iterable[tuple[tuple[int, int], list[Event]]]) -> str | None:
        """The Mermaid ``timeline``: a section per page section, a period per date label.

        ``None`` if it would be longer than :data:`MERMAID_LIMIT`.
        """
        chart = ["```mermaid", "timeline", f"    title {mermaid(self.timeline.title)}"]
        size = sum(len(text) + 1 for text in chart) + 3
        for (year, month), events in sections:
            shown = year_label(year, words(self.locale))
            name = f"{capitalized(month_name(month, self.locale))} {shown}" if month else shown
            chart.append(f"    section {mermaid(name)}")
            size += len(chart[-1]) + 1
            previous = None
            for event in events:
                when = self.label(event.when)
                if when == previous:
                    more = f" : {mermaid(event.title)}"
                    chart[-1] += more
                    size += len(more)
                else:
                    chart.append(f"        {mermaid(when)} : {mermaid(event.title)}")
                    previous = when
                    size += len(chart[-1]) + 1
                if size > MERMAID_LIMIT:
                    return None
        chart.append("```")
        return "\n".join(chart)

    # -- events -------------------------------------------------------------------------

    def entry(self, event: Event, blocks: list[str]) -> None:
        """Add the blocks of one event: its head line, description and details, then its references."""
        blocks.append(self.head(event))
        description = event.description
        if description is not None:
            if "\n" in description:
                blocks.extend(self.paragraphs(description))
            else:
                blocks.append(line(description))
        if event.actors or event.tags or event.relations or self.revisions:
            details = self.details(event)
            if details:
                blocks.append(details)
        if event.citations:
            blocks[-1] += " " + self.cite(event)

    def head(self, event: Event) -> str:
        """The anchor, then date (and the source's phrase for it), title, place, kind and status."""
        when, quotes = event.when, self.words.quotes
        title = "**" + inline(event.title) + "**"
        if when.is_dated:
            head = self.bold_label(when)
            if when.phrase is not None:
                head += f" ({quotes[0]}{inline(when.phrase)}{quotes[1]})"
            head += _SEPARATOR + title
        elif when.phrase is not None:
            head = f"{quotes[0]}{inline(when.phrase)}{quotes[1]}{_SEPARATOR}{title}"
        else:
            head = title
        place = event.place
        if place is not None:
            head += _SEPARATOR + inline(place.name)
            if place.country is not None:
                head += ", " + inline(place.country)
        if event.kind is not None:
            head += _SEPARATOR + inline(event.kind)
        return f"{_anchor(event.id)}\n{head}{_SEPARATOR}{self.words.status[event.status]}"

    def details(self, event: Event) -> str:
        """Actors, tags, relations and the last revision, on one line; empty if there are none."""
        vocabulary = self.words
        parts = []
        if event.actors:
            parts.append(f"{vocabulary.actors}: " + ", ".join([inline(actor) for actor in event.actors]))
        if event.tags:
            parts.append(f"{vocabulary.tags}: " + ", ".join([inline(tag) for tag in event.tags]))
        if event.relations:
            for kind in RelationKind:
                targets = [self.link(relation.target) for relation in event.relations if relation.kind is kind]
                if targets:
                    parts.append(f"{vocabulary.relation[kind]}: " + ", ".join(targets))
        revisions = self.revisions.get(event.id)
        if revisions is not None:
            parts.append(vocabulary.last_revised.format(when=self.moment(revisions.modified), n=revisions.count))
        return _SEPARATOR.join(parts)

    def link(self, event_id: str) -> str:
        """A link to the anchor of event ``event_id``, its title as the text."""
        found = self.links.get(event_id)
        if found is None:
            target = self.timeline.get(event_id)
            # A valid timeline has no relation to a missing event; show the id rather than a broken link.
            found = inline(event_id) if target is None else f"[{inline(target.title)}](#{target.id})"
            self.links[event_id] = found
        return found

    def cite(self, event: Event) -> str:
        """Footnote references to the event's sources, noting what each one says."""
        references: list[str] = []
        for citation in event.citations:
            source = citation.source
            ref = source.ref
            footnote = self.footnotes.get(ref)
            if footnote is None:
                if not _SLUG.match(ref):  # the model only makes slugs; a footnote label must be one
                    raise InvalidInputError.at("key", f"{ref!r} is not a slug")
                footnote = self.footnotes[ref] = _Footnote(source)
            claim = (citation.attribution, citation.locator, citation.quote, citation.confidence.value)
            cited = footnote.claims.get(claim)
            if cited is None:
                footnote.claims[claim] = event
            elif isinstance(cited, list):
                if cited[-1] is not event:
                    cited.append(event)
            elif cited is not event:
                footnote.claims[claim] = [cited, event]
            if ref not in references:
                references.append(ref)
        return "".join(f"[^{ref}]" for ref in references)

    # -- footnotes ------------------------------------------------------------------------

    def footnote(self, ref: str, footnote: _Footnote) -> str:
        """One source: what it is, then what it says, once or for each group of events.

        What every claim shares (whom the source cites, its confidence) is said once,
        after the source; the rest follows in a list, each item naming its events.
        """
        # The text starts the footnote's block: a publisher "1" would make "1." a numbered list.
        text = f"[^{ref}]: {block_start(self.bibliography(footnote.source) + '.')}"
        claims = footnote.claims
        if len(claims) == 1:
            [(attribution, locator, quote, confidence)] = claims
            return f"{text} {self.claim(attribution, locator, quote, confidence, indent=4, first=True)}"
        attributions = {claim[0] for claim in claims}
        confidences = {claim[3] for claim in claims}
        shared_attribution = next(iter(attributions)) if len(attributions) == 1 else None
        shared_confidence = next(iter(confidences)) if len(confidences) == 1 else None
        shared = self.claim(shared_attribution, None, None, shared_confidence, indent=4, first=True)
        if shared:
            text += f" {shared}"
        items = [text, ""]
        for (attribution, locator, quote, confidence), cited in claims.items():
            said = self.claim(
                None if len(attributions) == 1 else attribution,
                locator,
                quote,
                None if len(confidences) == 1 else confidence,
                indent=8,
                first=False,
            )
            if isinstance(cited, Event):
                links = self.link(cited.id)
            else:
                links = ", ".join([self.link(event.id) for event in cited])
            items.append(f"    - {links}: {said}" if said else f"    - {links}.")
        return "\n".join(items)

    def bibliography(self, source: Source) -> str:
        """Publisher, author, title (linked), date, archived copy, retrieval and the source it came via."""
        vocabulary = self.words
        text = inline(source.publisher)
        link = url(source.url) if source.url is not None else None
        if link is not None and source.title is None:
            text = f"[{text}]({link})"
        if source.author is not None:
            text += ", " + vocabulary.by.format(inline(source.author))
        if source.title is not None:
            title = vocabulary.quoted(inline(source.title))
            text += ": " + (f"[{title}]({link})" if link is not None else title)
        if source.url is not None and link is None:
            text += f" ({inline(source.url)})"
        if source.published is not None:
            text += f" ({self.published(source.published)})"
        if source.archived_url is not None:
            archived = url(source.archived_url)
            shown = f"[{vocabulary.archived}]({archived})" if archived else inline(source.archived_url)
            text += f" ({shown})"
        if source.retrieved is not None:
            day = source.retrieved
            text += ", " + vocabulary.retrieved.format(
                bound_label(Bound.of_date(day.year, day.month, day.day), self.locale)
            )
        if source.via is not None:
            text += ", " + vocabulary.via.format(self.bibliography(source.via))
        return text

    def published(self, when: When) -> str:
        phrase = None if when.phrase is None else self.words.quoted(inline(when.phrase))
        if not when.is_dated:
            return phrase or inline(self.label(when))
        return inline(self.label(when)) + (f", {phrase}" if phrase else "")

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
        vocabulary = self.words
        body = "" if attribution is None else vocabulary.citing.format(inline(attribution))
        if quote is not None:
            if "\n" in quote:
                quoted = ("\n" + " " * indent).join([text for paragraph in lines(quote) for text in paragraph])
            else:
                quoted = inline(quote)  # after the opening quotation mark, never at a line start
            body += (": " if body else "") + vocabulary.quoted(quoted)
            if locator is not None:
                body += f" ({inline(locator)})"
        elif locator is not None:
            body += (", " if body else "") + inline(locator)
        ours_first = attribution is not None or not body
        if confidence is not None:
            word = self.confidences[confidence]
            body = f"{body} — {word}" if body else word
        if not body:
            return ""
        return (capitalized(body) if first and ours_first else body) + "."

    # -- text -------------------------------------------------------------------------------

    def paragraphs(self, text: str) -> list[str]:
        return ["\n".join(paragraph) for paragraph in lines(text)]

    def bold_label(self, when: When) -> str:
        found = self.bold_labels.get(when)
        if found is None:
            found = self.bold_labels[when] = "**" + inline(self.label(when)) + "**"
        return found

    def label(self, when: When) -> str:
        found = self.labels.get(when)
        if found is None:
            found = self.labels[when] = label(when, self.locale)
        return found

    def moment(self, moment: dt.datetime) -> str:
        """A recorded time, to the minute, in UTC."""
        utc = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
        bound = Bound(Precision.MINUTE, utc.year, utc.month, utc.day, utc.hour, utc.minute, zone="UTC")
        return bound_label(bound, self.locale)
