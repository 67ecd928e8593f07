"""The fixed words of the HTML page in each locale, beyond those of :mod:`timeline.formats._page_words`."""

from __future__ import annotations

import attrs

from timeline.formats._page_words import WORDS as PAGE_WORDS

__all__ = ["HTML_WORDS", "HtmlWords"]


@attrs.frozen
class HtmlWords:
    """The page's own words: controls, landmarks and notes.

    The status filter's label and the heading of the notes are the field names of
    :meth:`PageWords.heading <timeline.formats._page_words.PageWords.heading>`.
    """

    skip: str  # the skip link
    filters: str  # the name of the filter form
    search: str  # the search box's label
    tag: str  # the tag filter's label
    actor: str  # the actor filter's label
    any: str  # the choice that filters nothing
    reset: str  # the button that clears the filters
    events_shown: str  # filled in by the script
    source: str  # a reference's accessible name
    timeline_view: str  # the heading of the TimelineJS view


HTML_WORDS: dict[str, HtmlWords] = {
    "en": HtmlWords(
        skip="Skip to the events",
        filters="Filter the events",
        search="Search",
        tag="Tag",
        actor="Actor",
        any="All",
        reset="Show all",
        events_shown="Events shown: {shown} of {total}",
        source="Source {n}",
        timeline_view="Timeline view",
    ),
    "de": HtmlWords(
        skip="Zu den Ereignissen springen",
        filters="Ereignisse filtern",
        search="Suche",
        tag="Schlagwort",
        actor="Beteiligte",
        any="Alle",
        reset="Alle zeigen",
        events_shown="Angezeigte Ereignisse: {shown} von {total}",
        source="Quelle {n}",
        timeline_view="Zeitleiste",
    ),
    "uk": HtmlWords(
        skip="Перейти до подій",
        filters="Фільтр подій",
        search="Пошук",
        tag="Тег",
        actor="Учасник",
        any="Усі",
        reset="Показати всі",
        events_shown="Показано подій: {shown} з {total}",
        source="Джерело {n}",
        timeline_view="Хронологія",
    ),
}

assert set(HTML_WORDS) == set(PAGE_WORDS), "every locale of the pages has the HTML page's words too"
