"""Markdown pages of timelines: :func:`to_markdown`, and :func:`iter_markdown` for the same page in pieces.

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
ids are the events' slugs. ``docs/reference/markdown.md`` describes the page in full.
"""

from __future__ import annotations

import datetime as dt
import sys
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence

from timeline._collector import collector_paused
from timeline.errors import InvalidInputError, TimelineWarning
from timeline.formats._disputes import account_lines, update_lines
from timeline.formats._labels import bound_label, event_label, label, month_name, words, year_label
from timeline.formats._markdown_escape import block_start, inline, line, lines, mermaid, url
from timeline.formats._page import SEPARATOR, SLUG, Note, Notes, Prose, checked_slug, placed, source_count
from timeline.formats._page_words import PageWords, capitalized, page_words
from timeline.model.event import Event, Place, RelationKind
from timeline.model.history import Revisions
from timeline.model.provenance import Citation
from timeline.model.timeline import Timeline
from timeline.model.when import Bound, Precision, When

__all__ = ["MERMAID_LIMIT", "iter_markdown", "to_markdown"]

MERMAID_LIMIT = 50_000
"""The longest diagram written, in characters: Mermaid's default ``maxTextSize``.

Mermaid refuses to draw a longer one, so a page whose diagram would be longer is
written without it, with a :class:`~timeline.errors.TimelineWarning`.
"""

_GROUPS = ("month", "year")
_RELATION_KINDS = tuple(RelationKind)  # iterating the enum itself costs a generator per event
_CACHED = 4096  # labels and short texts a page keeps; it starts afresh when full, so memory stays bounded
_CHUNK_BLOCKS = 2048  # blocks (an event has 1–4) gathered before iter_markdown hands out a piece of the page
_CHUNK_CHARACTERS = 1 << 20  # or characters of footnotes, each as long as the list of the events citing its source


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
    options always give the same text, ending in one line break. Python's cyclic
    garbage collector is paused while the page is written, and runs again however
    it ends (:func:`iter_markdown` leaves it as it is).

    Raises :class:`~timeline.errors.InvalidInputError` for an unknown ``locale`` or
    ``group_by``.
    """
    pieces = iter_markdown(timeline, diagram=diagram, group_by=group_by, locale=locale, revisions=revisions)
    # The page's lists, tuples and dicts hold no reference cycles: reference counting frees them, and
    # the cyclic collector would only walk the whole heap again and again while they are made.
    with collector_paused():
        return "".join(pieces)


def iter_markdown(
    timeline: Timeline,
    *,
    diagram: bool = True,
    group_by: str = "month",
    locale: str = "en",
    revisions: Mapping[str, Revisions] | None = None,
) -> Iterator[str]:
    """The page of :func:`to_markdown`, in pieces of text written as they are made: for writing to a file.

    Joined, the pieces are exactly :func:`to_markdown`'s text; each holds the blocks
    of up to a few hundred events, so that a large page is never held whole. The
    options are those of :func:`to_markdown`, checked when this is called, before
    the first piece; the diagram's warning comes with the first piece.
    """
    if group_by not in _GROUPS:
        raise InvalidInputError.at("group_by", f"{group_by!r} is not one of: {', '.join(_GROUPS)}")
    vocabulary = page_words(locale)
    words(locale)  # the labels know the locale too
    page = _MarkdownPage(timeline, vocabulary, locale, by_month=group_by == "month", revisions=revisions)
    return page.pieces(diagram)  # a generator: the checks above come at once, the page as it is read


def _effective_place(event: Event) -> Place | None:
    """:attr:`Event.effective_place`, without looking for counting accounts when the event has none."""
    if event.place is not None or not event.accounts:  # effective_place is then the place as written
        return event.place
    return event.effective_place


def _caller_stacklevel() -> int:
    """The ``stacklevel`` that has a warning from this module name the first caller outside it."""
    frame, level = sys._getframe(1), 1
    while frame.f_back is not None and frame.f_globals.get("__name__") == __name__:
        frame, level = frame.f_back, level + 1
    return level


class _MarkdownMarkup:
    """Markdown's way of writing user text and links, for :class:`~timeline.formats._page.Prose`."""

    text = staticmethod(inline)  # called for every text of a page: no method in between

    def quote(self, value: str, indent: int) -> str:
        if "\n" in value:
            return ("\n" + " " * indent).join([text for paragraph in lines(value) for text in paragraph])
        return inline(value)  # after the opening quotation mark, never at a line start

    def href(self, value: str) -> str | None:
        return url(value)

    def link(self, shown: str, href: str) -> str:
        return f"[{shown}]({href})"


class _MarkdownPage:
    """One rendering of a timeline; holds the label cache and the footnotes found so far.

    :meth:`entry` writes everything about one event; the rest lays the page out around it.
    """

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
        self.prose = Prose(vocabulary, locale, _MarkdownMarkup())
        self.label = self.prose.label
        self.bold_labels: dict[int, tuple[When, str]] = {}
        self.escaped: dict[str, str] = {}
        # By value: an Enum member hashes in Python code, its _value_ (the documented attribute) is a plain str.
        self.statuses = {status.value: SEPARATOR + word for status, word in vocabulary.status.items()}
        self.actors, self.tags, self.media = (f"{vocabulary.heading(field)}: " for field in ("actors", "tags", "media"))
        self.relation_words = {kind.value: f"{word}: " for kind, word in vocabulary.relation.items()}  # by value too
        self.links: dict[str, str] = {}
        self.notes = Notes()

    def pieces(self, diagram: bool) -> Iterator[str]:
        """The page as text in pieces: its blocks, blank lines between them, one line break at the end.

        The diagram's warning names whoever asked for the page: the caller of :func:`to_markdown`, or
        whoever reads the first piece of :func:`iter_markdown`.
        """
        timeline, vocabulary = self.timeline, self.words
        sections, undated = placed(timeline, by_month=self.by_month)

        summary = (
            f"{vocabulary.count(vocabulary.events, len(timeline.events), self.locale)}{SEPARATOR}"
            f"{vocabulary.count(vocabulary.sources, source_count(timeline), self.locale)}"
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
                    stacklevel=_caller_stacklevel(),
                )
        # Every piece but the first starts with the blank line that parts it from the one before.
        yield "\n\n".join(blocks)
        blocks = []

        year = None
        entry = self.entry
        for (section_year, month), events in sections:
            if section_year != year:
                year = section_year
                blocks.append(f"## {inline(year_label(year, words(self.locale)))}")
            if month:
                blocks.append(f"### {capitalized(month_name(month, self.locale))}")
            for event, when in events:
                entry(event, when, blocks)
                if len(blocks) >= _CHUNK_BLOCKS:
                    yield "\n\n" + "\n\n".join(blocks)
                    blocks = []
        if undated:
            blocks.append(f"## {capitalized(words(self.locale).undated)}")
            for status, events in undated.items():
                blocks.append(f"### {capitalized(vocabulary.status[status])}")
                for event, when in events:
                    entry(event, when, blocks)
                    if len(blocks) >= _CHUNK_BLOCKS:
                        yield "\n\n" + "\n\n".join(blocks)
                        blocks = []
        size = 0
        for ref, note in self.notes.notes.items():
            blocks.append(self.footnote(ref, note))
            size += len(blocks[-1])
            if len(blocks) >= _CHUNK_BLOCKS or size >= _CHUNK_CHARACTERS:  # a source's note lists all its events
                yield "\n\n" + "\n\n".join(blocks)
                blocks, size = [], 0
        yield "\n\n" + "\n\n".join(blocks) + "\n" if blocks else "\n"

    def diagram(self, sections: Iterable[tuple[tuple[int, int], list[tuple[Event, When]]]]) -> str | None:
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
            for event, dated in events:
                when = self.label(dated)
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

    def entry(self, event: Event, when: When, blocks: list[str]) -> None:
        """Add the blocks of one event (``when`` its effective date): head line, description, details, references."""
        title = inline(event.title)
        blocks.append(self.head(event, title, when))
        description = event.description
        if description is not None:
            if "\n" in description:
                blocks.extend(self.paragraphs(description))
            else:
                blocks.append(line(description))
        if event.actors or event.tags or event.relations or event.media is not None or self.revisions:
            details = self.details(event)
            if details:
                blocks.append(details)
        if event.citations:
            # Its sources' notes link back to it: the link is made now, from the title escaped above.
            if event.id not in self.links:
                self.links[event.id] = f"[{title}](#{event.id})"
            blocks[-1] += " " + self.cite(event)
        if event.accounts or event.id in self.revisions:
            blocks.extend(self.disputes(event))

    def disputes(self, event: Event) -> list[str]:
        """The lines on the event's accounts and its updates from the log (see :mod:`~timeline.formats._disputes`)."""

        def cite(cited: Event, citations: Sequence[Citation]) -> dict[str, str]:
            return {ref: f"[^{ref}]" for ref in self.notes.cite(cited, citations)}

        found = account_lines(event, self.prose, cite)
        revisions = self.revisions.get(event.id)
        if revisions is not None:
            found.extend(update_lines(event, revisions.updates, self.prose, cite))
        return found

    def head(self, event: Event, title: str, when: When) -> str:
        """The anchor, then date (and the source's phrase for it), title (escaped), place, kind and status."""
        event_id = event.id
        if SLUG.match(event_id) is None:
            checked_slug(event_id, "id")  # raises
        head = f'<a id="{event_id}"></a>\n'
        dated = None
        if when.start is not None:
            limited = event.duration is not None and event.duration.at_most  # the end is not known, only its limit
            dated = "**" + inline(event_label(event, self.locale)) + "**" if limited else self.bold_label(when)
        if when.phrase is not None:
            quotes = self.words.quotes
            phrase = f"{quotes[0]}{inline(when.phrase)}{quotes[1]}"
            head += f"{dated} ({phrase}){SEPARATOR}" if dated is not None else phrase + SEPARATOR
        elif dated is not None:
            head += dated + SEPARATOR
        head += f"**{title}**"
        place, kind, short = _effective_place(event), event.kind, self.short
        if place is not None:
            head += SEPARATOR + short(place.name)
            if place.country is not None:
                head += ", " + short(place.country)
        if kind is not None:
            head += SEPARATOR + short(kind)
        return head + self.statuses[event.status._value_]

    def details(self, event: Event) -> str:
        """Actors, tags, media, relations and the last revision, on one line; empty if there are none."""
        vocabulary, short = self.words, self.short
        parts = []
        if event.actors:
            parts.append(self.actors + ", ".join(map(short, event.actors)))
        if event.tags:
            parts.append(self.tags + ", ".join(map(short, event.tags)))
        if event.media is not None:
            parts.append(self.media + self.prose.media(event.media))
        relations = event.relations
        if len(relations) == 1:  # as most are: no need to group them by kind
            [relation] = relations
            parts.append(self.relation_words[relation.kind._value_] + self.link(relation.target))
        elif relations:
            for kind in _RELATION_KINDS:
                targets = [self.link(relation.target) for relation in relations if relation.kind is kind]
                if targets:
                    parts.append(f"{vocabulary.relation[kind]}: " + ", ".join(targets))
        revisions = self.revisions.get(event.id) if self.revisions else None
        if revisions is not None:
            parts.append(vocabulary.last_revised.format(when=self.moment(revisions.modified), n=revisions.count))
        return SEPARATOR.join(parts)

    def short(self, text: str) -> str:
        """:func:`inline` for the short texts that events repeat (places, kinds, actors, tags), escaped once each."""
        escaped = self.escaped
        found = escaped.get(text)
        if found is None:
            if len(escaped) >= _CACHED:
                escaped.clear()
            found = escaped[text] = inline(text)
        return found

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
        references = self.notes.cite(event)
        if len(references) == 1:
            return f"[^{references[0]}]"
        return "".join([f"[^{ref}]" for ref in references])

    def footnote(self, ref: str, note: Note) -> str:
        """One source: what it is, then what it says, once or for each group of events.

        What every claim shares (whom the source cites, its confidence) is said once,
        after the source; the rest follows in a list, each item naming its events.
        """
        # The text starts the footnote's block: a publisher "1" would make "1." a numbered list.
        text = f"[^{ref}]: {block_start(self.prose.bibliography(note.source) + '.')}"
        shared, items = self.prose.note(note, indent=4)
        if shared:
            text += f" {shared}"
        if not items:
            return text
        lines = [text, ""]
        for cited, said in items:
            if isinstance(cited, Event):
                links = self.link(cited.id)
            else:
                links = ", ".join([self.link(event.id) for event in cited])
            lines.append(f"    - {links}: {said}" if said else f"    - {links}.")
        return "\n".join(lines)

    def paragraphs(self, text: str) -> list[str]:
        return ["\n".join(paragraph) for paragraph in lines(text)]

    def bold_label(self, when: When) -> str:
        # By identity: hashing a When costs more than labelling it. The cache keeps the When itself
        # alive beside its label, so no other When (an event's effective date is made afresh when it
        # has a duration) can take its id while the entry is there.
        labels = self.bold_labels
        found = labels.get(id(when))
        if found is None or found[0] is not when:
            if len(labels) >= _CACHED:
                labels.clear()
            found = labels[id(when)] = (when, "**" + inline(label(when, self.locale)) + "**")
        return found[1]

    def moment(self, moment: dt.datetime) -> str:
        """A recorded time, to the minute, in UTC."""
        utc = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
        bound = Bound(Precision.MINUTE, utc.year, utc.month, utc.day, utc.hour, utc.minute, zone="UTC")
        return bound_label(bound, self.locale)
