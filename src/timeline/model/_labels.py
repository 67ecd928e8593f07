"""Human labels for :class:`~timeline.model.when.When`: "14–15 Dec 2025", "about Dec 2025".

Labels are presentation, but :meth:`When.label` gives them, so the labels of dates
and their locale tables live here, below :mod:`timeline.formats._labels`, which adds
the labels of events and durations for the formats that show dates (Markdown, the
iCalendar ``SUMMARY``, the command line). Month names come from pendulum's locales; the few fixed words
("about", "no date yet") and the patterns come from :data:`WORDS`, which has
``en``, ``de`` and ``uk``. A locale that is not listed there is an error.

Years before 1 AD are labelled as the historians write them: year 0 is "1 BC",
``-0010`` is "11 BC" (EDTF counts years astronomically, as ISO 8601 does).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from typing import Protocol

import attrs
import pendulum

from timeline.errors import InvalidInputError
from timeline.model._bound import Bound, OneOf, Unbounded
from timeline.model._precision import Precision

__all__ = ["WORDS", "Dated", "Words", "bound_label", "label", "month_name", "words", "year_label"]


class Dated(Protocol):
    """What :func:`label` reads of a :class:`~timeline.model.when.When`: its two ends."""

    @property
    def start(self) -> Bound | Unbounded | OneOf | None: ...

    @property
    def end(self) -> Bound | Unbounded | None: ...


@attrs.frozen
class Words:
    """The fixed words and patterns of labels in one locale; ``WORDS["en"]`` shows each in English.

    ``day``, ``day_month``, ``day_only``, ``month`` and ``month_only`` are pendulum
    formats with the tokens ``D``, ``MMM`` and ``YYYY`` only; ``day_only`` and
    ``month_only`` begin a range ("14–15 Dec 2025"). The others are :meth:`str.format`
    templates: ``{}`` is the label they qualify or join. ``since`` and ``until``
    label open ends (``..``), the ``…_unknown_…`` ones unknown ends (``/``).
    ``some_years``, ``some_month``, ``some_day_in_month`` and ``some_day_in_year``
    label digits written X (``201X``, ``2004-XX``, ``2004-06-XX``, ``2004-XX-XX``);
    ``some_day`` one of a run of days (``[2026-02-16..2026-02-20]``) and ``one_of``
    one of a set. ``seasons`` are spring, summer, autumn and winter, in that order.

    ``months`` are the month names standing alone ("December"), for headings; empty
    means pendulum's wide names. Ukrainian needs its own: pendulum has only the
    genitive forms used inside dates.
    """

    day: str
    day_month: str
    day_only: str
    month: str
    month_only: str
    quarter: str
    time: str
    about: str
    probably: str
    perhaps_about: str
    since: str
    from_unknown_end: str
    until: str
    until_unknown_start: str
    range: str
    undated: str
    seasons: tuple[str, str, str, str]
    before_christ: str
    some_years: str
    some_month: str
    some_day_in_month: str
    some_day_in_year: str
    some_day: str
    one_of: str
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
        seasons=("spring {year}", "summer {year}", "autumn {year}", "winter {year}/{next}"),
        before_christ="{} BC",
        some_years="some year {first}–{last}",
        some_month="some month of {year}",
        some_day_in_month="some day in {month}",
        some_day_in_year="some day in {year}",
        some_day="some day {}",
        one_of="one of {}",
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
        seasons=("Frühling {year}", "Sommer {year}", "Herbst {year}", "Winter {year}/{next}"),
        before_christ="{} v. Chr.",
        some_years="ein Jahr {first}–{last}",
        some_month="ein Monat {year}",
        some_day_in_month="ein Tag im {month}",
        some_day_in_year="ein Tag im Jahr {year}",
        some_day="an einem der Tage {}",
        one_of="einer der Termine {}",
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
        seasons=("весна {year}", "літо {year}", "осінь {year}", "зима {year}/{next}"),
        before_christ="{} до н. е.",
        some_years="якийсь рік {first}–{last}",
        some_month="якийсь місяць {year}",
        some_day_in_month="якийсь день {month}",
        some_day_in_year="якийсь день {year}",
        some_day="одного з днів {}",
        one_of="одна з дат {}",
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


# Enum members read from their class cost an attribute look-up through the enum's type each time;
# the labels compare precisions by identity with these instead.
_YEAR, _MONTH, _DAY = Precision.YEAR, Precision.MONTH, Precision.DAY
_SEASON, _QUARTER, _MINUTE, _SECOND = Precision.SEASON, Precision.QUARTER, Precision.MINUTE, Precision.SECOND
_TWO_DIGITS = tuple(f"{number:02d}" for number in range(60))  # hours, minutes and seconds of a clock


def words(locale: str) -> Words:
    """The words for ``locale``, or an error naming the locales there are."""
    try:
        return WORDS[locale]
    except KeyError:
        known = ", ".join(sorted(WORDS))
        raise InvalidInputError(f"no labels for locale {locale!r}; choose one of {known}") from None


class _Table:
    """The labels' words in one locale, with its date patterns worked out once for each month.

    pendulum's formatter runs once per pattern, when the locale is first used, and the
    month names come from its locale data; a label is then a table look-up and
    :meth:`str.format`, never a formatter run.
    """

    __slots__ = ("day", "day_month", "day_only", "month", "month_names", "month_only", "time", "words")

    def __init__(self, locale: str) -> None:
        vocabulary = words(locale)
        self.words = vocabulary
        self.day = _templates(vocabulary.day, locale)
        self.day_month = _templates(vocabulary.day_month, locale)
        self.day_only = _templates(vocabulary.day_only, locale)
        self.month = _templates(vocabulary.month, locale)
        self.month_only = _templates(vocabulary.month_only, locale)
        # Filled by position, as the month templates are: a time's day, clock and zone.
        self.time = _positional(vocabulary.time, ("day", "clock", "zone"))
        wide = pendulum.locale(locale).get("translations.months.wide")  # what the formatter writes for MMMM
        self.month_names = vocabulary.months or tuple(wide[month] for month in range(1, 13))


_DAY_TOKEN = re.compile(r"(?<![A-Za-z])D(?![A-Za-z])")
_LITERAL = re.compile(r"\[[^\[]*\]")
_MONTH_TOKEN = re.compile(r"(\[[^\]]*\])|MMM")  # MMM outside a literal, as pendulum's formatter reads it


def _templates(pattern: str, locale: str) -> tuple[str, ...]:
    """``pattern`` (pendulum's ``D``, ``MMM`` and ``YYYY``) for each month, with ``{0}`` (the day) and ``{1}`` (the
    year) to fill in: :meth:`str.format` fills positions faster than names.

    Raises :class:`ValueError` for a pattern with any other pendulum token, which would need the day or
    year that the table leaves open.
    """
    marked = _DAY_TOKEN.sub("[{0}]", pattern.replace("YYYY", "[{1}]"))
    if "{" in pattern or "}" in pattern or re.search("[A-Za-z]", _LITERAL.sub("", marked).replace("MMM", "")):
        raise ValueError(f"the label pattern {pattern!r} has tokens other than D, MMM and YYYY, or braces")
    # The month's name is the only part that changes from month to month: the formatter runs once, with
    # it left open as "{month}" (a pattern has no braces of its own), and each month's name fills it in.
    opened = pendulum.Date(2000, 1, 1).format(_MONTH_TOKEN.sub(_open_month, marked), locale=locale)
    names = pendulum.locale(locale).get("translations.months.abbreviated")  # what the formatter writes for MMM
    return tuple(opened.replace("{month}", names[month]) for month in range(1, 13))


def _open_month(match: re.Match[str]) -> str:
    return match[1] or "[{month}]"


def _positional(template: str, names: tuple[str, ...]) -> str:
    """``template`` with its fields ``names`` numbered in that order ("{day}" → "{0}"), for :meth:`str.format`.

    Raises :class:`ValueError` for a template the numbered one would not fill in alike.
    """
    numbered = template.format(**{name: f"{{{index}}}" for index, name in enumerate(names)})
    parts = [f"<{name}>" for name in names]
    if numbered.format(*parts) != template.format(**dict(zip(names, parts, strict=True))):
        raise ValueError(f"the label pattern {template!r} has braces of its own")
    return numbered


@functools.cache
def _table(locale: str) -> _Table:
    """The table of ``locale``; raises as :func:`words` for a locale there are no words for."""
    return _Table(locale)


def month_name(month: int, locale: str = "en") -> str:
    """The name of ``month`` (1–12) standing alone, as in a heading: "December", "Dezember", "грудень"."""
    return _table(locale).month_names[month - 1]


def year_label(year: int, vocabulary: Words) -> str:
    """A year: four digits from 1 AD ("0005", "2025"), more where there are more, "11 BC" before 1 AD."""
    return f"{year:04d}" if year >= 1 else vocabulary.before_christ.format(1 - year)


def _format(bound: Bound, templates: tuple[str, ...], table: _Table) -> str:
    # Years have four digits, as in "0005": "Jan 5" would read as a day.
    year = bound.year
    shown = str(year).zfill(4) if year >= 1 else year_label(year, table.words)
    return templates[bound.month - 1].format(bound.day, shown)


@functools.cache
def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def _zone_name(bound: Bound) -> str | None:
    """The abbreviation of the bound's zone at its moment: "CET", "CEST", "+0530"."""
    zone = _zone(bound.zone or "UTC")
    # tzinfo by position: a keyword argument costs datetime's constructor more than the other fields together.
    return dt.datetime(
        bound.year, bound.month, bound.day, bound.hour, bound.minute, bound.second, 0, zone, fold=bound.fold
    ).tzname()


def _plain(bound: Bound, table: _Table) -> str:
    """A bound without its qualifier."""
    vocabulary = table.words
    if bound.unspecified:
        return _unspecified(bound, table)
    precision = bound.precision
    if precision is _DAY:
        return _format(bound, table.day, table)
    if precision is _MONTH:
        return _format(bound, table.month, table)
    if precision is _YEAR:
        return year_label(bound.year, vocabulary)
    if precision is _SEASON:
        year = year_label(bound.year, vocabulary)
        following = bound.year + 1
        short = f"{following % 100:02d}" if 1 <= bound.year <= 9998 else year_label(following, vocabulary)
        return vocabulary.seasons[bound.month // 3 - 1].format(year=year, next=short)
    if precision is _QUARTER:
        return vocabulary.quarter.format(q=(bound.month + 2) // 3, year=year_label(bound.year, vocabulary))
    return table.time.format(_format(bound, table.day, table), _clock(bound), _zone_name(bound))


def _unspecified(bound: Bound, table: _Table) -> str:
    """A bound with digits written X: "some year 2010–2019", "some day in Jun 2004"."""
    vocabulary = table.words
    year = year_label(bound.year, vocabulary)
    if bound.precision is _YEAR:
        last = bound.year + 10**bound.unspecified - 1
        return vocabulary.some_years.format(first=year, last=year_label(last, vocabulary))
    if bound.precision is _MONTH:
        return vocabulary.some_month.format(year=year)
    if bound.unspecified == 2:
        return vocabulary.some_day_in_month.format(month=_format(bound, table.month, table))
    return vocabulary.some_day_in_year.format(year=year)


def _clock(bound: Bound) -> str:
    clock = _TWO_DIGITS[bound.hour] + ":" + _TWO_DIGITS[bound.minute]
    return clock + ":" + _TWO_DIGITS[bound.second] if bound.precision is _SECOND else clock


def _qualified(text: str, bound: Bound, vocabulary: Words) -> str:
    if bound.approximate and bound.uncertain:
        return vocabulary.perhaps_about.format(text)
    if bound.approximate:
        return vocabulary.about.format(text)
    if bound.uncertain:
        return vocabulary.probably.format(text)
    return text


def _bound_label(bound: Bound, table: _Table) -> str:
    precision = bound.precision
    if precision is _DAY and not (bound.unspecified or bound.approximate or bound.uncertain):
        return _format(bound, table.day, table)  # the commonest label: what _plain() finds for it, at once
    if precision is _MINUTE or precision is _SECOND:
        # A time is never qualified and has no digits written X (the bound's checks refuse both):
        # what _plain() ends with, without testing every other precision first.
        return table.time.format(_format(bound, table.day, table), _clock(bound), _zone_name(bound))
    text = _plain(bound, table)
    if bound.approximate or bound.uncertain:
        return _qualified(text, bound, table.words)
    return text


def bound_label(bound: Bound, locale: str = "en") -> str:
    """The label of one bound: "about 16 Dec 2025"."""
    return _bound_label(bound, _table(locale))


def _compact_range(start: Bound, end: Bound, table: _Table) -> str | None:
    """ "14–15 Dec 2025" or "Nov–Dec 2025" when both ends share a precision and qualifier."""
    precision = start.precision
    if precision is not end.precision or start.approximate != end.approximate or start.uncertain != end.uncertain:
        return None  # the qualifiers differ (each is made of these two flags)
    if start.unspecified or end.unspecified:
        return None
    vocabulary = table.words
    if precision is _MINUTE or precision is _SECOND:
        # A time is never qualified (see _bound_label): the range is the time's label, or none.
        if (
            start.day == end.day
            and start.month == end.month
            and start.year == end.year
            and start.zone == end.zone
            and (zone := _zone_name(start)) == _zone_name(end)
        ):
            return table.time.format(_format(start, table.day, table), f"{_clock(start)}–{_clock(end)}", zone)
        return None
    if precision is _DAY and start.year == end.year:
        if start.month == end.month:
            text = _format(start, table.day_only, table) + "–"
        else:
            text = _format(start, table.day_month, table) + " – "
        text += _format(end, table.day, table)
    elif precision is _MONTH and start.year == end.year:
        text = _format(start, table.month_only, table) + "–"
        text += _format(end, table.month, table)
    elif precision is _YEAR and start.year >= 1:
        text = f"{year_label(start.year, vocabulary)}–{year_label(end.year, vocabulary)}"
    else:
        return None
    return _qualified(text, start, vocabulary)


def _run_label(first: Bound, last: Bound, table: _Table) -> str:
    if first == last:
        return _bound_label(first, table)
    compact = _compact_range(first, last, table)
    if compact is not None:
        return compact
    return table.words.range.format(_bound_label(first, table), _bound_label(last, table))


def _set_label(dates: OneOf, table: _Table) -> str:
    """ "some day 16–20 Feb 2026" for one run of days, "one of 16 Feb 2026, 18 Feb 2026" for a list."""
    vocabulary = table.words
    runs = dates.runs
    if len(runs) == 1:
        first, last = runs[0]
        text = _run_label(first, last, table)
        return vocabulary.some_day.format(text) if first.precision is _DAY else vocabulary.one_of.format(text)
    return vocabulary.one_of.format(", ".join([_run_label(first, last, table) for first, last in runs]))


def label(when: Dated, locale: str = "en") -> str:
    """The label of a :class:`~timeline.model.when.When`."""
    table = _table(locale)
    start, end = when.start, when.end
    if isinstance(start, Bound):
        if end is None:
            return _bound_label(start, table)
        if isinstance(end, Bound):
            if end.day == start.day and end == start:  # ends on different days need no look at all their fields
                return _bound_label(start, table)
            compact = _compact_range(start, end, table)
            if compact is not None:
                return compact
            return table.words.range.format(_bound_label(start, table), _bound_label(end, table))
        pattern = table.words.since if end is Unbounded.OPEN else table.words.from_unknown_end
        return pattern.format(_bound_label(start, table))
    if start is None:
        return table.words.undated
    if isinstance(start, OneOf):
        return _set_label(start, table)
    assert isinstance(end, Bound)
    pattern = table.words.until if start is Unbounded.OPEN else table.words.until_unknown_start
    return pattern.format(_bound_label(end, table))
