"""Human labels for :class:`~timeline.model.when.When`: "14–15 Dec 2025", "about Dec 2025".

Month names come from pendulum's locales; the few fixed words ("about", "no date
yet") and the patterns come from :data:`WORDS`, which has ``en``, ``de`` and ``uk``.
A locale that is not listed there is an error.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pendulum

from timeline.errors import InvalidInputError
from timeline.model.when import Bound, Precision, Unbounded, When


@attrs.frozen
class Words:
    """The fixed words and patterns of labels in one locale."""

    day: str  # pendulum format of a day: "D MMM YYYY"
    day_month: str  # a day without the year: "D MMM"
    day_only: str  # a day alone, before a range: "D"
    month: str  # a month: "MMM YYYY"
    month_only: str  # a month alone, before a range: "MMM"
    quarter: str  # "Q{q} {year}"
    time: str  # "{day}, {clock} {zone}"
    about: str  # "about {}"
    probably: str  # "probably {}"
    perhaps_about: str  # "perhaps about {}"
    since: str  # open end: "since {}"
    from_unknown_end: str  # "from {} (end unknown)"
    until: str  # open start: "until {}"
    until_unknown_start: str  # "until {} (start unknown)"
    range: str  # "{} – {}"
    undated: str
    # Month names standing alone ("December"), for headings; empty: pendulum's wide names.
    # Ukrainian needs its own: pendulum has only the genitive forms used inside dates.
    months: tuple[str, ...] = ()


WORDS: dict[str, Words] = {
    "en": Words(
        day="D MMM YYYY",
        day_month="D MMM",
        day_only="D",
        month="MMM YYYY",
        month_only="MMM",
        quarter="Q{q} {year}",
        time="{day}, {clock} {zone}",
        about="about {}",
        probably="probably {}",
        perhaps_about="perhaps about {}",
        since="since {}",
        from_unknown_end="from {} (end unknown)",
        until="until {}",
        until_unknown_start="until {} (start unknown)",
        range="{} – {}",
        undated="no date yet",
    ),
    "de": Words(
        day="D. MMM YYYY",
        day_month="D. MMM",
        day_only="D.",
        month="MMM YYYY",
        month_only="MMM",
        quarter="{q}. Quartal {year}",
        time="{day}, {clock} {zone}",
        about="etwa {}",
        probably="wahrscheinlich {}",
        perhaps_about="vielleicht etwa {}",
        since="seit {}",
        from_unknown_end="ab {} (Ende unbekannt)",
        until="bis {}",
        until_unknown_start="bis {} (Beginn unbekannt)",
        range="{} – {}",
        undated="noch ohne Datum",
    ),
    "uk": Words(
        day="D MMM YYYY",
        day_month="D MMM",
        day_only="D",
        month="MMM YYYY",
        month_only="MMM",
        quarter="{q}-й квартал {year}",
        time="{day}, {clock} {zone}",
        about="близько {}",
        probably="ймовірно {}",
        perhaps_about="можливо, близько {}",
        since="з {}",
        from_unknown_end="з {} (кінець невідомий)",
        until="до {}",
        until_unknown_start="до {} (початок невідомий)",
        range="{} – {}",
        undated="дати ще немає",
        months=(
            "січень",
            "лютий",
            "березень",
            "квітень",
            "травень",
            "червень",
            "липень",
            "серпень",
            "вересень",
            "жовтень",
            "листопад",
            "грудень",
        ),
    ),
}


def words(locale: str) -> Words:
    """The words for ``locale``, or an error naming the locales there are."""
    try:
        return WORDS[locale]
    except KeyError:
        known = ", ".join(sorted(WORDS))
        raise InvalidInputError(f"no labels for locale {locale!r}; choose one of {known}") from None


def month_name(month: int, locale: str = "en") -> str:
    """The name of ``month`` (1–12) standing alone, as in a heading: "December", "Dezember", "грудень"."""
    vocabulary = words(locale)
    if vocabulary.months:
        return vocabulary.months[month - 1]
    return pendulum.Date(2000, month, 1).format("MMMM", locale=locale)


def _format(day: dt.date, pattern: str, locale: str) -> str:
    # pendulum writes the year 5 as "5": "Jan 5" would read as a day. Years have four digits, as in "0005".
    pattern = pattern.replace("YYYY", f"[{day.year:04d}]")
    return pendulum.Date(day.year, day.month, day.day).format(pattern, locale=locale)


def _plain(bound: Bound, locale: str, vocabulary: Words) -> str:
    """A bound without its qualifier."""
    match bound.precision:
        case Precision.YEAR:
            return f"{bound.year:04d}"
        case Precision.QUARTER:
            return vocabulary.quarter.format(q=(bound.month + 2) // 3, year=f"{bound.year:04d}")
        case Precision.MONTH:
            return _format(bound.first_day, vocabulary.month, locale)
        case Precision.DAY:
            return _format(bound.first_day, vocabulary.day, locale)
        case _:
            return vocabulary.time.format(
                day=_format(bound.first_day, vocabulary.day, locale),
                clock=_clock(bound),
                zone=bound.moment.tzname(),
            )


def _clock(bound: Bound) -> str:
    clock = f"{bound.hour:02d}:{bound.minute:02d}"
    return clock + f":{bound.second:02d}" if bound.precision is Precision.SECOND else clock


def _qualified(text: str, bound: Bound, vocabulary: Words) -> str:
    if bound.approximate and bound.uncertain:
        return vocabulary.perhaps_about.format(text)
    if bound.approximate:
        return vocabulary.about.format(text)
    if bound.uncertain:
        return vocabulary.probably.format(text)
    return text


def bound_label(bound: Bound, locale: str = "en") -> str:
    """The label of one bound: "about 16 Dec 2025"."""
    vocabulary = words(locale)
    return _qualified(_plain(bound, locale, vocabulary), bound, vocabulary)


def _compact_range(start: Bound, end: Bound, locale: str, vocabulary: Words) -> str | None:
    """ "14–15 Dec 2025" or "Nov–Dec 2025" when both ends share a precision and qualifier."""
    if start.precision is not end.precision or start.qualifier != end.qualifier:
        return None
    if start.precision is Precision.DAY and start.year == end.year:
        if start.month == end.month:
            head = _format(start.first_day, vocabulary.day_only, locale)
        else:
            head = _format(start.first_day, vocabulary.day_month, locale) + " "
        text = f"{head}–" if start.month == end.month else f"{head}– "
        text += _format(end.first_day, vocabulary.day, locale)
    elif start.precision is Precision.MONTH and start.year == end.year:
        text = _format(start.first_day, vocabulary.month_only, locale) + "–"
        text += _format(end.first_day, vocabulary.month, locale)
    elif start.precision is Precision.YEAR:
        text = f"{start.year:04d}–{end.year:04d}"
    elif (
        start.precision.is_time
        and start.first_day == end.first_day
        and start.zone == end.zone
        and start.moment.tzname() == end.moment.tzname()
    ):
        text = vocabulary.time.format(
            day=_format(start.first_day, vocabulary.day, locale),
            clock=f"{_clock(start)}–{_clock(end)}",
            zone=start.moment.tzname(),
        )
    else:
        return None
    return _qualified(text, start, vocabulary)


def label(when: When, locale: str = "en") -> str:
    """The label of a :class:`When`."""
    vocabulary = words(locale)
    start, end = when.start, when.end
    if start is None:
        return vocabulary.undated
    if end is None:
        assert isinstance(start, Bound)
        return bound_label(start, locale)
    if isinstance(end, Unbounded):
        assert isinstance(start, Bound)
        pattern = vocabulary.since if end is Unbounded.OPEN else vocabulary.from_unknown_end
        return pattern.format(bound_label(start, locale))
    if isinstance(start, Unbounded):
        pattern = vocabulary.until if start is Unbounded.OPEN else vocabulary.until_unknown_start
        return pattern.format(bound_label(end, locale))
    if start == end:
        return bound_label(start, locale)
    compact = _compact_range(start, end, locale, vocabulary)
    if compact is not None:
        return compact
    return vocabulary.range.format(bound_label(start, locale), bound_label(end, locale))
