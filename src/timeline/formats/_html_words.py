"""The fixed words of the HTML page in each locale, beyond those it shares with the Markdown page."""

from __future__ import annotations

import attrs

from timeline.formats._page_words import WORDS as PAGE_WORDS

__all__ = ["HTML_WORDS", "HtmlWords"]


@attrs.frozen
class HtmlWords:
    """The page's own words: controls, landmarks and notes."""

    skip: str  # the skip link
    filters: str  # the name of the filter form
    search: str  # the search box's label
    status: str  # the status filter's label
    tag: str
    actor: str
    any: str  # the choice that filters nothing
    reset: str  # the button that clears the filters
    shown: str  # "Events shown: {shown} of {total}", filled in by the script
    sources: str  # the heading of the notes, and the word before an event's references
    source: str  # a reference's accessible name: "Source {n}"
    timeline_view: str  # the heading of the TimelineJS view


HTML_WORDS: dict[str, HtmlWords] = {
    "en": HtmlWords(
        skip="Skip to the events",
        filters="Filter the events",
        search="Search",
        status="Status",
        tag="Tag",
        actor="Actor",
        any="All",
        reset="Show all",
        shown="Events shown: {shown} of {total}",
        sources="Sources",
        source="Source {n}",
        timeline_view="Timeline view",
    ),
    "de": HtmlWords(
        skip="Zu den Ereignissen springen",
        filters="Ereignisse filtern",
        search="Suche",
        status="Status",
        tag="Schlagwort",
        actor="Beteiligte",
        any="Alle",
        reset="Alle zeigen",
        shown="Angezeigte Ereignisse: {shown} von {total}",
        sources="Quellen",
        source="Quelle {n}",
        timeline_view="Zeitleiste",
    ),
    "uk": HtmlWords(
        skip="Перейти до подій",
        filters="Фільтр подій",
        search="Пошук",
        status="Статус",
        tag="Тег",
        actor="Учасник",
        any="Усі",
        reset="Показати всі",
        shown="Показано подій: {shown} з {total}",
        sources="Джерела",
        source="Джерело {n}",
        timeline_view="Хронологія",
    ),
}

assert set(HTML_WORDS) == set(PAGE_WORDS), "every locale of the pages has the HTML page's words too"
