"""Human labels of events and of how long they last: "10 Mar 2026, up to 2 weeks", "1 hour 30 minutes".

The labels of dates, and the words of each locale, come from :mod:`timeline.model._labels`
(:meth:`When.label` gives them too); they are re-exported here for the formats.
"""

from __future__ import annotations

from timeline.model._labels import WORDS, Words, bound_label, label, month_name, words, year_label
from timeline.model.duration import Duration
from timeline.model.event import Event
from timeline.model.when import Bound, When

__all__ = [
    "WORDS",
    "Words",
    "at_most_label",
    "bound_label",
    "event_label",
    "label",
    "length_label",
    "month_name",
    "words",
    "year_label",
]


# "up to {length}" and each unit's forms after it: en singular/plural; de singular/dative plural;
# uk the genitive that "до" takes, singular (1, 21, 31, …) and plural.
_UP_TO: dict[str, str] = {"en": "{}, up to {}", "de": "{}, bis zu {}", "uk": "{}, до {}"}
_UNIT_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "years": ("year", "years"),
        "months": ("month", "months"),
        "weeks": ("week", "weeks"),
        "days": ("day", "days"),
        "hours": ("hour", "hours"),
        "minutes": ("minute", "minutes"),
        "seconds": ("second", "seconds"),
    },
    "de": {
        "years": ("Jahr", "Jahren"),
        "months": ("Monat", "Monaten"),
        "weeks": ("Woche", "Wochen"),
        "days": ("Tag", "Tagen"),
        "hours": ("Stunde", "Stunden"),
        "minutes": ("Minute", "Minuten"),
        "seconds": ("Sekunde", "Sekunden"),
    },
    "uk": {
        "years": ("року", "років"),
        "months": ("місяця", "місяців"),
        "weeks": ("тижня", "тижнів"),
        "days": ("дня", "днів"),
        "hours": ("години", "годин"),
        "minutes": ("хвилини", "хвилин"),
        "seconds": ("секунди", "секунд"),
    },
}


def length_label(duration: Duration, locale: str = "en") -> str:
    """A duration in words, "2 weeks", "1 hour 30 minutes", "2 Wochen", "2 тижнів", without its limit."""
    words(locale)  # the error for an unknown locale
    units = _UNIT_WORDS[locale]
    parts = []
    for unit in ("years", "months", "weeks", "days", "hours", "minutes", "seconds"):
        count = getattr(duration, unit)
        if count:
            one = count == 1 if locale != "uk" else count % 10 == 1 and count % 100 != 11
            parts.append(f"{count} {units[unit][0 if one else 1]}")
    return " ".join(parts)


def event_label(event: Event, locale: str = "en") -> str:
    """The label of an event's date: its :attr:`~Event.effective_when`'s, and for a date that lasts
    at most a :attr:`~Event.duration`, its start and the limit: "10 Mar 2026, up to 2 weeks"."""
    when, duration = event.effective_when, event.duration
    if duration is None or not duration.at_most or event.disputed or not isinstance(when.start, Bound):
        return label(when, locale)
    return at_most_label(When(when.start, phrase=when.phrase), duration, locale)


def at_most_label(start: When, duration: Duration, locale: str = "en") -> str:
    """A date that lasts at most ``duration`` from ``start``: "10 Mar 2026, up to 2 weeks"."""
    return _UP_TO[locale].format(label(start, locale), length_label(duration, locale))
