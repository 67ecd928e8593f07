"""The readable text of a VEVENT: ``SUMMARY`` and ``DESCRIPTION`` as calendar apps show them.

The writer adds a vague date's label to the title and the accounts, sources and
updates to the description; the reader builds the same text again to take it off.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from timeline.formats._labels import event_label
from timeline.formats.ical._accounts import DISPUTED, accounts_block, updates_block
from timeline.model import Citation, Event, Source, Update


def summary(event: Event) -> str:
    """The ``SUMMARY``: the title, and for a vague date its label, "Talks (Dec 2025)"; "(date disputed)" if so."""
    if event.disputed:
        return event.title + DISPUTED
    if event.effective_when.is_vague or lasts_at_most(event):
        return f"{event.title} ({event_label(event)})"
    return event.title


def lasts_at_most(event: Event) -> bool:
    """Whether the event lasts at most its duration: its end is not known, so it is shown as vague."""
    return event.duration is not None and event.duration.at_most


def _published(source: Source) -> str | None:
    published = source.published
    if published is None:
        return None
    return published.label() if published.is_dated else published.phrase


def describe(source: Source) -> str:
    """A source as the ``Sources:`` list names it: publisher, author, “title” (published)."""
    text = source.publisher
    if source.author is not None:
        text += f", {source.author}"
    if source.title is not None:
        text += f", “{source.title}”"
    published = _published(source)
    if published is not None:
        text += f" ({published})"
    return text


def sources_block(citations: Iterable[Citation], describe: Callable[[Source], str] = describe) -> str:
    """The readable list of sources that ends ``DESCRIPTION``; empty without citations.

    ``describe`` gives the text of each source (the writer passes one that remembers).
    """
    lines = []
    for number, citation in enumerate(citations, 1):
        chain = citation.source.chain()
        line = f"{number}. {describe(chain[0])}"
        if citation.attribution is not None:
            line += f", citing {citation.attribution}"
        for via in chain[1:]:
            line += f" — via {describe(via)}"
        if citation.quote is not None:
            line += f": “{citation.quote}”"
        if citation.locator is not None:
            line += f" ({citation.locator})"
        line += f". {citation.confidence.value.capitalize()}."
        for source in chain:
            if source.url is not None:
                line += f"\n   {source.url}"
            if source.archived_url is not None:
                line += f"\n   archived: {source.archived_url}"
        lines.append(line)
    return "Sources:\n" + "\n".join(lines) if lines else ""


def description(
    event: Event, describe: Callable[[Source], str] = describe, updates: Sequence[Update] = ()
) -> str | None:
    """The ``DESCRIPTION``: the event's description, its accounts, its sources and its updates, a blank line apart."""
    blocks = [
        event.description,
        accounts_block(event),
        sources_block(event.citations, describe),
        updates_block(updates),
    ]
    return "\n\n".join(block for block in blocks if block) or None
