"""The fixed words of a Markdown page in each locale: headings, status names, footnote phrases.

Date labels and month names come from :mod:`timeline.formats._labels`; this module
holds only what the page itself says. Every locale of the labels has an entry
here, and a test checks that they match.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs
import pendulum

from timeline.errors import InvalidInputError
from timeline.model.event import RelationKind, Status
from timeline.model.provenance import Confidence


@attrs.frozen
class PageWords:
    """The fixed words of a page in one locale.

    Patterns take ``{}`` (or ``{n}`` for counts); ``events`` and ``sources`` map
    the plural categories of the locale (CLDR: ``one``, ``few``, ``many``,
    ``other``) to patterns.
    """

    events: Mapping[str, str]
    sources: Mapping[str, str]
    thousands: str  # the digit group separator: "10,000", "10.000", "10 000"
    no_date: str  # the heading of undated events
    status: Mapping[Status, str]
    confidence: Mapping[Confidence, str]
    relation: Mapping[RelationKind, str]
    actors: str
    tags: str
    last_revised: str  # "Last revised: {when} (revision {n})"
    by: str  # an author: "by {}"
    via: str  # the source a source came through: "via {}"
    citing: str  # whom a source cites: "citing {}"
    archived: str  # the text of the link to an archived copy
    retrieved: str  # "retrieved {}"
    quotes: tuple[str, str]  # opening and closing quotation marks
    media: str  # the name of an event's picture or other medium, shown as a link

    def count(self, forms: Mapping[str, str], number: int, locale: str) -> str:
        """``number`` with its noun in the right plural form: "1 event", "5 подій"."""
        category = pendulum.locale(locale).plural(number)
        pattern = forms.get(category, forms["other"])
        return pattern.format(n=f"{number:,}".replace(",", self.thousands))

    def quoted(self, text: str) -> str:
        """``text`` in the locale's quotation marks."""
        return f"{self.quotes[0]}{text}{self.quotes[1]}"


WORDS: dict[str, PageWords] = {
    "en": PageWords(
        events={"one": "{n} event", "other": "{n} events"},
        sources={"one": "{n} source", "other": "{n} sources"},
        thousands=",",
        no_date="No date yet",
        status={
            Status.PROPOSED: "proposed",
            Status.PLANNED: "planned",
            Status.SCHEDULED: "scheduled",
            Status.HAPPENED: "happened",
            Status.POSTPONED: "postponed",
            Status.CANCELLED: "cancelled",
        },
        confidence={
            Confidence.CONFIRMED: "confirmed",
            Confidence.REPORTED: "reported",
            Confidence.UNCONFIRMED: "unconfirmed",
            Confidence.DISPUTED: "disputed",
            Confidence.DENIED: "denied",
        },
        relation={
            RelationKind.PART_OF: "Part of",
            RelationKind.FOLLOWS: "Follows",
            RelationKind.CAUSES: "Causes",
            RelationKind.DERIVED_FROM: "Derived from",
            RelationKind.SUPERSEDES: "Supersedes",
            RelationKind.RELATED: "Related to",
        },
        actors="Actors",
        tags="Tags",
        last_revised="Last revised: {when} (revision {n})",
        by="by {}",
        via="via {}",
        citing="citing {}",
        archived="archived copy",
        retrieved="retrieved {}",
        quotes=("“", "”"),
        media="Media",
    ),
    "de": PageWords(
        events={"one": "{n} Ereignis", "other": "{n} Ereignisse"},
        sources={"one": "{n} Quelle", "other": "{n} Quellen"},
        thousands=".",
        no_date="Noch ohne Datum",
        status={
            Status.PROPOSED: "vorgeschlagen",
            Status.PLANNED: "geplant",
            Status.SCHEDULED: "angesetzt",
            Status.HAPPENED: "stattgefunden",
            Status.POSTPONED: "verschoben",
            Status.CANCELLED: "abgesagt",
        },
        confidence={
            Confidence.CONFIRMED: "bestätigt",
            Confidence.REPORTED: "berichtet",
            Confidence.UNCONFIRMED: "unbestätigt",
            Confidence.DISPUTED: "umstritten",
            Confidence.DENIED: "dementiert",
        },
        relation={
            RelationKind.PART_OF: "Teil von",
            RelationKind.FOLLOWS: "Folgt auf",
            RelationKind.CAUSES: "Führt zu",
            RelationKind.DERIVED_FROM: "Abgeleitet von",
            RelationKind.SUPERSEDES: "Ersetzt",
            RelationKind.RELATED: "Steht in Beziehung zu",
        },
        actors="Beteiligte",
        tags="Schlagwörter",
        last_revised="Zuletzt geändert: {when} (Revision {n})",
        by="von {}",
        via="über {}",
        citing="unter Berufung auf {}",
        archived="archivierte Kopie",
        retrieved="abgerufen am {}",
        quotes=("„", "“"),
        media="Medien",
    ),
    "uk": PageWords(
        events={"one": "{n} подія", "few": "{n} події", "many": "{n} подій", "other": "{n} події"},
        sources={"one": "{n} джерело", "few": "{n} джерела", "many": "{n} джерел", "other": "{n} джерела"},
        thousands="\u00a0",
        no_date="Дати ще немає",
        status={
            Status.PROPOSED: "запропоновано",
            Status.PLANNED: "заплановано",
            Status.SCHEDULED: "призначено",
            Status.HAPPENED: "відбулося",
            Status.POSTPONED: "перенесено",
            Status.CANCELLED: "скасовано",
        },
        confidence={
            Confidence.CONFIRMED: "підтверджено",
            Confidence.REPORTED: "повідомлено",
            Confidence.UNCONFIRMED: "не підтверджено",
            Confidence.DISPUTED: "оскаржується",
            Confidence.DENIED: "спростовано",
        },
        relation={
            RelationKind.PART_OF: "Частина",
            RelationKind.FOLLOWS: "Слідує за",
            RelationKind.CAUSES: "Спричиняє",
            RelationKind.DERIVED_FROM: "Походить від",
            RelationKind.SUPERSEDES: "Замінює",
            RelationKind.RELATED: "Пов’язано з",
        },
        actors="Учасники",
        tags="Теги",
        last_revised="Востаннє змінено: {when} (редакція {n})",
        by="автор: {}",
        via="через {}",
        citing="з посиланням на {}",
        archived="архівна копія",
        retrieved="переглянуто {}",
        quotes=("«", "»"),
        media="Медіа",
    ),
}


def page_words(locale: str) -> PageWords:
    """The words for ``locale``, or an error naming the locales there are."""
    try:
        return WORDS[locale]
    except KeyError:
        known = ", ".join(sorted(WORDS))
        raise InvalidInputError(f"no Markdown words for locale {locale!r}; choose one of {known}") from None


def capitalized(text: str) -> str:
    """``text`` with its first letter in upper case: for our own words at the start of a sentence."""
    return text[:1].upper() + text[1:]
