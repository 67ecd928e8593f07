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
from timeline.formats._page import SEPARATOR, Prose
from timeline.formats._page_words import capitalized
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

    disagree: tuple[str, str]  # of the date, of the place
    said: tuple[str, str]  # the event has a value of its own, shown above the accounts
    according: tuple[str, str]  # the event's value comes from the accounts
    also: str  # a normal account outranked by a preferred one
    earlier: str  # a deprecated account
    revised: str  # an update's day


WORDS: dict[str, DisputeWords] = {
    "en": DisputeWords(
        disagree=("Sources disagree on the date: {}", "Sources disagree on the place: {}"),
        said=("Sources said of the date: {}", "Sources said of the place: {}"),
        according=("Sources on the date: {}", "Sources on the place: {}"),
        also="also reported as {}",
        earlier="earlier reported as {}",
        revised="Revised {}",
    ),
    "de": DisputeWords(
        disagree=("Quellen widersprechen sich beim Datum: {}", "Quellen widersprechen sich beim Ort: {}"),
        said=("Quellen nannten als Datum: {}", "Quellen nannten als Ort: {}"),
        according=("Quellen zum Datum: {}", "Quellen zum Ort: {}"),
        also="auch gemeldet als {}",
        earlier="früher gemeldet als {}",
        revised="Geändert am {}",
    ),
    "uk": DisputeWords(
        disagree=("Джерела розходяться щодо дати: {}", "Джерела розходяться щодо місця: {}"),
        said=("Джерела називали дату: {}", "Джерела називали місце: {}"),
        according=("Джерела щодо дати: {}", "Джерела щодо місця: {}"),
        also="також повідомлялося: {}",
        earlier="раніше повідомлялося: {}",
        revised="Змінено {}",
    ),
}


def account_lines(event: Event, prose: Prose, cite: Cite) -> list[str]:
    """The lines on the accounts of the event's date, then of its place; none without accounts."""
    words = WORDS[prose.locale]
    found = []
    for of_place, counting, disputed, has_own_value in (
        (False, event.date_accounts, event.disputed, event.when.is_dated),
        (True, event.place_accounts, event.place_disputed, event.place is not None),
    ):
        told = [account for account in event.accounts if (account.place if of_place else account.when) is not None]
        if not told:
            continue
        counted = {id(account) for account in counting}
        items = [_item(event, account, of_place, prose, cite) for account in told if id(account) in counted]
        lead = (words.disagree if disputed else words.said if has_own_value else words.according)[of_place]
        shown = lead.format(SEPARATOR.join(items)) if items else ""
        for account in told:
            if id(account) in counted:
                continue
            pattern = words.earlier if account.rank is Rank.DEPRECATED else words.also
            item = pattern.format(_item(event, account, of_place, prose, cite))
            shown = f"{shown}{SEPARATOR}{item}" if shown else capitalized(item)
        found.append(shown)
    return found


def _item(event: Event, account: Account, of_place: bool, prose: Prose, cite: Cite) -> str:
    """One account of the date or place: what it says, the sources that say so with their references, its reason."""
    markup = prose.markup
    if of_place:
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
    words, fields, markup = WORDS[prose.locale], prose.words.fields, prose.markup
    found = []
    for update in updates:
        at = update.at.astimezone(dt.UTC)  # recorded times are aware: Update checks it
        day = bound_label(Bound.of_date(at.year, at.month, at.day), prose.locale)
        parts = []
        if update.before is not None and update.after is not None:
            changed = f"{fields['when']} {prose.label(update.before)} → {prose.label(update.after)}"
            parts.append(markup.text(changed))
        names = [fields.get(name, name) for name in update.fields if not (parts and name == "when")]
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
