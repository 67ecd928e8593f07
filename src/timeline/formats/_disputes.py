"""What the pages say of competing accounts and of corrections from the event log.

Under an event, the Markdown and HTML pages add one line for the accounts of its
date, one for those of its place, then one per :class:`~timeline.Update` from the
log::

    Sources disagree on the date: 3 Mar 2026 (Agency A[^a]) · 4 Mar 2026 (Agency B[^b])
    Sources on the place: Lyon (Agency A[^a]) · earlier reported as Villeurbanne — corrected on 5 March
    Revised 5 Mar 2026: date 3 Mar 2026 → 10 Mar 2026 — the organiser announced (Organiser[^org])

The lead of an accounts line says how the accounts stand: they disagree (the
event is :attr:`~timeline.Event.disputed`), the editor chose the event's own date
and these are what sources said, or the date comes from them. The accounts that
count (see :class:`~timeline.Rank`) follow in order; normal accounts outranked by
a preferred one are "also reported as", deprecated ones "earlier reported as",
each with its reason. Every account is shown, each source cited as a footnote of
the page.

The words are in :data:`WORDS`, one entry per locale of the labels. Each page
writes the lines in its own markup through :class:`~timeline.formats._page.Prose`
and a :data:`Cite` that records citations in its notes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

import attrs

from timeline.formats._labels import bound_label
from timeline.formats._page_words import capitalized
from timeline.formats._page import Prose
from timeline.model.event import Account, Event, Place, Rank
from timeline.model.history import Update
from timeline.model.provenance import Citation
from timeline.model.when import Bound

__all__ = ["WORDS", "Cite", "DisputeWords", "account_lines", "update_lines"]

Cite = Callable[[Event, Sequence[Citation]], Mapping[str, str]]
"""Records ``citations`` of an event in the page's notes; returns the reference markup of each source, by key."""


@attrs.frozen
class DisputeWords:
    """The words for accounts and updates in one locale; patterns take ``{}``."""

    disagree: tuple[str, str]  # (date, place): "Sources disagree on the date: {}"
    said: tuple[str, str]  # the editor's own value shown above: "Sources said of the date: {}"
    according: tuple[str, str]  # the value comes from these: "Sources on the date: {}"
    also: str  # a normal account outranked by a preferred one: "also reported as {}"
    earlier: str  # a deprecated account: "earlier reported as {}"
    revised: str  # "Revised {when}" — an update's day
    date: str  # the changed date: "date {before} → {after}"
    fields: Mapping[str, str]  # the names of an event's fields, as a change lists them


WORDS: dict[str, DisputeWords] = {
    "en": DisputeWords(
        disagree=("Sources disagree on the date: {}", "Sources disagree on the place: {}"),
        said=("Sources said of the date: {}", "Sources said of the place: {}"),
        according=("Sources on the date: {}", "Sources on the place: {}"),
        also="also reported as {}",
        earlier="earlier reported as {}",
        revised="Revised {}",
        date="date {} → {}",
        fields={
            "title": "title",
            "when": "date",
            "description": "description",
            "kind": "kind",
            "status": "status",
            "place": "place",
            "actors": "actors",
            "tags": "tags",
            "citations": "sources",
            "relations": "relations",
            "media": "media",
            "duration": "duration",
            "accounts": "accounts",
            "extra": "extra data",
        },
    ),
    "de": DisputeWords(
        disagree=("Quellen widersprechen sich beim Datum: {}", "Quellen widersprechen sich beim Ort: {}"),
        said=("Quellen nannten als Datum: {}", "Quellen nannten als Ort: {}"),
        according=("Quellen zum Datum: {}", "Quellen zum Ort: {}"),
        also="auch gemeldet als {}",
        earlier="früher gemeldet als {}",
        revised="Geändert am {}",
        date="Datum {} → {}",
        fields={
            "title": "Titel",
            "when": "Datum",
            "description": "Beschreibung",
            "kind": "Art",
            "status": "Status",
            "place": "Ort",
            "actors": "Beteiligte",
            "tags": "Schlagwörter",
            "citations": "Quellen",
            "relations": "Beziehungen",
            "media": "Medien",
            "duration": "Dauer",
            "accounts": "Darstellungen der Quellen",
            "extra": "Zusatzdaten",
        },
    ),
    "uk": DisputeWords(
        disagree=("Джерела розходяться щодо дати: {}", "Джерела розходяться щодо місця: {}"),
        said=("Джерела називали дату: {}", "Джерела називали місце: {}"),
        according=("Джерела щодо дати: {}", "Джерела щодо місця: {}"),
        also="також повідомлялося: {}",
        earlier="раніше повідомлялося: {}",
        revised="Змінено {}",
        date="дата {} → {}",
        fields={
            "title": "назва",
            "when": "дата",
            "description": "опис",
            "kind": "вид",
            "status": "статус",
            "place": "місце",
            "actors": "учасники",
            "tags": "теги",
            "citations": "джерела",
            "relations": "зв’язки",
            "media": "медіа",
            "duration": "тривалість",
            "accounts": "версії джерел",
            "extra": "додаткові дані",
        },
    ),
}

_SEPARATOR = " · "


def account_lines(event: Event, prose: Prose, cite: Cite) -> list[str]:
    """The lines on the accounts of the event's date, then of its place; none without accounts."""
    words = WORDS[prose.locale]
    found = []
    for index, counting, disputed, own in (
        (0, event.date_accounts, event.disputed, event.when.is_dated),
        (1, event.place_accounts, event.place_disputed, event.place is not None),
    ):
        told = [account for account in event.accounts if (account.place if index else account.when) is not None]
        if not told:
            continue
        counted = {id(account) for account in counting}
        items = [_item(event, account, index, prose, cite) for account in told if id(account) in counted]
        lead = (words.disagree if disputed else words.said if own else words.according)[index]
        shown = lead.format(_SEPARATOR.join(items)) if items else ""
        for account in told:
            if id(account) in counted:
                continue
            pattern = words.earlier if account.rank is Rank.DEPRECATED else words.also
            item = pattern.format(_item(event, account, index, prose, cite))
            shown = f"{shown}{_SEPARATOR}{item}" if shown else capitalized(item)
        found.append(shown)
    return found


def _item(event: Event, account: Account, index: int, prose: Prose, cite: Cite) -> str:
    """One account: what it says, the sources that say so with their references, and its reason."""
    markup = prose.markup
    if index:
        place = account.place
        assert isinstance(place, Place)
        text = markup.text(place.name) + ("" if place.country is None else ", " + markup.text(place.country))
    else:
        assert account.when is not None
        text = markup.text(prose.label(account.when))
    text += _sources(event, account.citations, prose, cite, parenthesised=True)
    if account.reason is not None:
        text += " — " + markup.text(account.reason)
    return text


def _sources(event: Event, citations: Sequence[Citation], prose: Prose, cite: Cite, *, parenthesised: bool) -> str:
    """The publishers of the sources cited, each with its reference: " (Agency A[^a], Agency B[^b])"."""
    if not citations:
        return ""
    references = cite(event, citations)
    shown = ", ".join(
        prose.markup.text(source.publisher) + references.get(source.ref, "")
        for source in dict.fromkeys(citation.source for citation in citations)
    )
    return f" ({shown})" if parenthesised else shown


def update_lines(event: Event, updates: Sequence[Update], prose: Prose, cite: Cite) -> list[str]:
    """One line per update: "Revised 5 Mar 2026: date 3 Mar 2026 → 10 Mar 2026 — why (Source[^s])"."""
    words, markup = WORDS[prose.locale], prose.markup
    found = []
    for update in updates:
        at = update.at.astimezone(dt.UTC)  # recorded times are aware: Update checks it
        day = bound_label(Bound.of_date(at.year, at.month, at.day), prose.locale)
        parts = []
        if update.before is not None and update.after is not None:
            parts.append(markup.text(words.date.format(prose.label(update.before), prose.label(update.after))))
        names = [words.fields.get(name, name) for name in update.fields if not (parts and name == "when")]
        if names:
            parts.append(markup.text(", ".join(names)))
        text = markup.text(words.revised.format(day))
        if parts:
            text += ": " + "; ".join(parts)
        why = []
        if update.note is not None:
            why.append(markup.text(" ".join(update.note.split())))
        if update.citation is not None:
            shown = _sources(event, (update.citation,), prose, cite, parenthesised=bool(why))
            why.append(shown.strip())
        if why:
            text += " — " + " ".join(why)
        found.append(text)
    return found
