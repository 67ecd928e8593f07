"""The fixed words of the pages in each locale: status names, field names, footnote phrases.

The Markdown page, the HTML page and the TimelineJS data say these; date labels,
month names and "no date yet" come from :mod:`timeline.formats._labels`, the HTML
page's controls from :mod:`timeline.formats._html_words`, and what the pages say
of disputes from :mod:`timeline.formats._disputes`. Every locale of the labels has
an entry here, and a test checks that they match.
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
    ``other``) to patterns. ``fields`` names an event's fields in running text
    ("date", "sources"); :meth:`heading` makes them headings.
    """

    events: Mapping[str, str]
    sources: Mapping[str, str]
    thousands: str  # the digit group separator
    status: Mapping[Status, str]
    confidence: Mapping[Confidence, str]
    relation: Mapping[RelationKind, str]
    fields: Mapping[str, str]
    last_revised: str
    by: str  # an author
    via: str  # the source a source came through
    citing: str  # whom a source cites
    archived: str  # the text of the link to an archived copy
    retrieved: str
    quotes: tuple[str, str]  # opening and closing quotation marks

    def count(self, forms: Mapping[str, str], number: int, locale: str) -> str:
        """``number`` with its noun in the right plural form: "1 event", "5 подій"."""
        category = pendulum.locale(locale).plural(number)
        pattern = forms.get(category, forms["other"])
        return pattern.format(n=f"{number:,}".replace(",", self.thousands))

    def heading(self, field: str) -> str:
        """The name of an event's field standing alone, as a heading or a label: "Actors", "Sources"."""
        return capitalized(self.fields[field])

    def quoted(self, text: str) -> str:
        """``text`` in the locale's quotation marks."""
        return f"{self.quotes[0]}{text}{self.quotes[1]}"


WORDS: dict[str, PageWords] = {
    "en": PageWords(
        events={"one": "{n} event", "other": "{n} events"},
        sources={"one": "{n} source", "other": "{n} sources"},
        thousands=",",
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
        last_revised="Last revised: {when} (revision {n})",
        by="by {}",
        via="via {}",
        citing="citing {}",
        archived="archived copy",
        retrieved="retrieved {}",
        quotes=("“", "”"),
    ),
    "de": PageWords(
        events={"one": "{n} Ereignis", "other": "{n} Ereignisse"},
        sources={"one": "{n} Quelle", "other": "{n} Quellen"},
        thousands=".",
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
        last_revised="Zuletzt geändert: {when} (Revision {n})",
        by="von {}",
        via="über {}",
        citing="unter Berufung auf {}",
        archived="archivierte Kopie",
        retrieved="abgerufen am {}",
        quotes=("„", "“"),
    ),
    "uk": PageWords(
        events={"one": "{n} подія", "few": "{n} події", "many": "{n} подій", "other": "{n} події"},
        sources={"one": "{n} джерело", "few": "{n} джерела", "many": "{n} джерел", "other": "{n} джерела"},
        thousands="\u00a0",
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
        last_revised="Востаннє змінено: {when} (редакція {n})",
        by="автор: {}",
        via="через {}",
        citing="з посиланням на {}",
        archived="архівна копія",
        retrieved="переглянуто {}",
        quotes=("«", "»"),
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
