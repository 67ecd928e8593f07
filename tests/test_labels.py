"""Human labels of dates in English, German and Ukrainian: ``When.label(locale)`` and month names.

The labels are written from tables worked out once per locale; the labels as pendulum's
formatter wrote them for every date, kept below, are the oracle they must equal.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import ZONES, bounds, time_bounds, whens
from timeline import Bound, InvalidInputError, OneOf, Precision, Unbounded, When
from timeline.formats._labels import WORDS, Words, bound_label, label, month_name, words
from timeline.model import _labels

# text, English, German, Ukrainian
LABELS = [
    ("2025-12-15", "15 Dec 2025", "15. Dez. 2025", "15 груд. 2025"),
    ("2025-05-03", "3 May 2025", "3. Mai 2025", "3 трав. 2025"),
    ("2025-03-01", "1 Mar 2025", "1. März 2025", "1 бер. 2025"),
    ("2025-12", "Dec 2025", "Dez. 2025", "груд. 2025"),
    ("2025", "2025", "2025", "2025"),
    ("2026-35", "Q3 2026", "3. Quartal 2026", "3-й квартал 2026"),
    ("2025-12-16~", "about 16 Dec 2025", "etwa 16. Dez. 2025", "близько 16 груд. 2025"),
    ("2026?", "probably 2026", "wahrscheinlich 2026", "ймовірно 2026"),
    ("2025-12%", "perhaps about Dec 2025", "vielleicht etwa Dez. 2025", "можливо, близько груд. 2025"),
    ("2025-12-14/2025-12-15", "14–15 Dec 2025", "14.–15. Dez. 2025", "14–15 груд. 2025"),
    ("2025-11-30/2025-12-02", "30 Nov – 2 Dec 2025", "30. Nov. – 2. Dez. 2025", "30 лист. – 2 груд. 2025"),
    (
        "2024-12-30/2025-01-02",
        "30 Dec 2024 – 2 Jan 2025",
        "30. Dez. 2024 – 2. Jan. 2025",
        "30 груд. 2024 – 2 січ. 2025",
    ),
    ("2025-11/2025-12", "Nov–Dec 2025", "Nov.–Dez. 2025", "лист.–груд. 2025"),
    ("2025-01~/2025-03~", "about Jan–Mar 2025", "etwa Jan.–März 2025", "близько січ.–бер. 2025"),
    ("2024/2026", "2024–2026", "2024–2026", "2024–2026"),
    (
        "2025-33/2025-34",
        "Q1 2025 – Q2 2025",
        "1. Quartal 2025 – 2. Quartal 2025",
        "1-й квартал 2025 – 2-й квартал 2025",
    ),
    ("2025-12-14~/2025-12-15~", "about 14–15 Dec 2025", "etwa 14.–15. Dez. 2025", "близько 14–15 груд. 2025"),
    (
        "2025-12-14~/2025-12-15",
        "about 14 Dec 2025 – 15 Dec 2025",
        "etwa 14. Dez. 2025 – 15. Dez. 2025",
        "близько 14 груд. 2025 – 15 груд. 2025",
    ),
    ("2025-12-15/2025-12-15", "15 Dec 2025", "15. Dez. 2025", "15 груд. 2025"),
    ("2025-12-14/..", "since 14 Dec 2025", "seit 14. Dez. 2025", "з 14 груд. 2025"),
    (
        "2025-12-14/",
        "from 14 Dec 2025 (end unknown)",
        "ab 14. Dez. 2025 (Ende unbekannt)",
        "з 14 груд. 2025 (кінець невідомий)",
    ),
    ("../2025-12-15", "until 15 Dec 2025", "bis 15. Dez. 2025", "до 15 груд. 2025"),
    (
        "/2025-12-15",
        "until 15 Dec 2025 (start unknown)",
        "bis 15. Dez. 2025 (Beginn unbekannt)",
        "до 15 груд. 2025 (початок невідомий)",
    ),
    (
        "2025-12-15T14:00+01:00[Europe/Berlin]",
        "15 Dec 2025, 14:00 CET",
        "15. Dez. 2025, 14:00 CET",
        "15 груд. 2025, 14:00 CET",
    ),
    (
        "2025-12-15T14:00:30+01:00[Europe/Berlin]",
        "15 Dec 2025, 14:00:30 CET",
        "15. Dez. 2025, 14:00:30 CET",
        "15 груд. 2025, 14:00:30 CET",
    ),
    (
        "2025-12-15T14:00+01:00[Europe/Berlin]/2025-12-15T16:30+01:00[Europe/Berlin]",
        "15 Dec 2025, 14:00–16:30 CET",
        "15. Dez. 2025, 14:00–16:30 CET",
        "15 груд. 2025, 14:00–16:30 CET",
    ),
    ("0800-12-25", "25 Dec 0800", "25. Dez. 0800", "25 груд. 0800"),  # four digits, as for a year alone
    ("0005-01", "Jan 0005", "Jan. 0005", "січ. 0005"),  # not "Jan 5", which reads as a day
    ("", "no date yet", "noch ohne Datum", "дати ще немає"),
]


@pytest.mark.parametrize(("text", "en", "de", "uk"), LABELS, ids=[case[0] or "undated" for case in LABELS])
def test_labels_in_each_locale(text: str, en: str, de: str, uk: str) -> None:
    when = When.parse(text)
    assert when.label() == en
    assert when.label("en") == en
    assert when.label("de") == de
    assert when.label("uk") == uk


@pytest.mark.parametrize(
    ("locale", "names"),
    [
        ("en", ["January", "May", "December"]),
        ("de", ["Januar", "Mai", "Dezember"]),
        ("uk", ["січень", "травень", "грудень"]),  # standing alone: nominative, not "грудня"
    ],
)
def test_month_names_stand_alone(locale: str, names: list[str]) -> None:
    assert [month_name(month, locale) for month in (1, 5, 12)] == names
    assert len({month_name(month, locale) for month in range(1, 13)}) == 12


def test_an_unknown_locale_is_an_error_naming_the_known_ones() -> None:
    with pytest.raises(InvalidInputError, match=r"no labels for locale 'fr'; choose one of de, en, uk"):
        When.parse("2025-12").label("fr")
    with pytest.raises(InvalidInputError, match="no labels for locale 'fr'"):
        month_name(12, "fr")


@given(whens(), st.sampled_from(sorted(WORDS)))
def test_every_date_has_a_one_line_label_naming_its_years(when: When, locale: str) -> None:
    text = when.label(locale)
    assert text
    assert text == text.strip()
    assert "\n" not in text
    assert "{" not in text
    assert "}" not in text
    for bound in (when.start, when.end):
        if isinstance(bound, Bound):
            assert f"{bound.year:04d}" in text


def _old_year_label(year: int, vocabulary: Words) -> str:
    """A year: four digits from 1 AD ("0005", "2025"), more where there are more, "11 BC" before 1 AD."""
    return f"{year:04d}" if year >= 1 else vocabulary.before_christ.format(1 - year)


def _pendulum_format(bound: Bound, pattern: str, locale: str, vocabulary: Words) -> str:
    # pendulum writes the year 5 as "5": "Jan 5" would read as a day. Years have four digits, as in "0005".
    # pendulum holds years 1–9999 only; another year of the same place in the 400-year cycle stands in for it.
    pattern = pattern.replace("YYYY", f"[{_old_year_label(bound.year, vocabulary)}]")
    return pendulum.Date(2000 + bound.year % 400, bound.month, bound.day).format(pattern, locale=locale)


def _old_plain(bound: Bound, locale: str, vocabulary: Words) -> str:
    """A bound without its qualifier."""
    year = _old_year_label(bound.year, vocabulary)
    if bound.unspecified:
        return _old_unspecified(bound, locale, vocabulary)
    match bound.precision:
        case Precision.YEAR:
            return year
        case Precision.SEASON:
            following = bound.year + 1
            short = f"{following % 100:02d}" if 1 <= bound.year <= 9998 else _old_year_label(following, vocabulary)
            return vocabulary.seasons[bound.month // 3 - 1].format(year=year, next=short)
        case Precision.QUARTER:
            return vocabulary.quarter.format(q=(bound.month + 2) // 3, year=year)
        case Precision.MONTH:
            return _pendulum_format(bound, vocabulary.month, locale, vocabulary)
        case Precision.DAY:
            return _pendulum_format(bound, vocabulary.day, locale, vocabulary)
        case _:
            return vocabulary.time.format(
                day=_pendulum_format(bound, vocabulary.day, locale, vocabulary),
                clock=_old_clock(bound),
                zone=bound.moment.tzname(),
            )


def _old_unspecified(bound: Bound, locale: str, vocabulary: Words) -> str:
    """A bound with digits written X: "some year 2010–2019", "some day in Jun 2004"."""
    year = _old_year_label(bound.year, vocabulary)
    if bound.precision is Precision.YEAR:
        last = bound.year + 10**bound.unspecified - 1
        return vocabulary.some_years.format(first=year, last=_old_year_label(last, vocabulary))
    if bound.precision is Precision.MONTH:
        return vocabulary.some_month.format(year=year)
    if bound.unspecified == 2:
        return vocabulary.some_day_in_month.format(month=_pendulum_format(bound, vocabulary.month, locale, vocabulary))
    return vocabulary.some_day_in_year.format(year=year)


def _old_clock(bound: Bound) -> str:
    clock = f"{bound.hour:02d}:{bound.minute:02d}"
    return clock + f":{bound.second:02d}" if bound.precision is Precision.SECOND else clock


def _old_qualified(text: str, bound: Bound, vocabulary: Words) -> str:
    if bound.approximate and bound.uncertain:
        return vocabulary.perhaps_about.format(text)
    if bound.approximate:
        return vocabulary.about.format(text)
    if bound.uncertain:
        return vocabulary.probably.format(text)
    return text


def old_bound_label(bound: Bound, locale: str = "en") -> str:
    """The label of one bound: "about 16 Dec 2025"."""
    vocabulary = words(locale)
    return _old_qualified(_old_plain(bound, locale, vocabulary), bound, vocabulary)


def _old_compact_range(start: Bound, end: Bound, locale: str, vocabulary: Words) -> str | None:
    """ "14–15 Dec 2025" or "Nov–Dec 2025" when both ends share a precision and qualifier."""
    if start.precision is not end.precision or start.qualifier != end.qualifier:
        return None
    if start.unspecified or end.unspecified:
        return None
    if start.precision is Precision.DAY and start.year == end.year:
        if start.month == end.month:
            head = _pendulum_format(start, vocabulary.day_only, locale, vocabulary)
        else:
            head = _pendulum_format(start, vocabulary.day_month, locale, vocabulary) + " "
        text = f"{head}–" if start.month == end.month else f"{head}– "
        text += _pendulum_format(end, vocabulary.day, locale, vocabulary)
    elif start.precision is Precision.MONTH and start.year == end.year:
        text = _pendulum_format(start, vocabulary.month_only, locale, vocabulary) + "–"
        text += _pendulum_format(end, vocabulary.month, locale, vocabulary)
    elif start.precision is Precision.YEAR and start.year >= 1:
        text = f"{_old_year_label(start.year, vocabulary)}–{_old_year_label(end.year, vocabulary)}"
    elif (
        start.precision.is_time
        and start.first_day == end.first_day
        and start.zone == end.zone
        and start.moment.tzname() == end.moment.tzname()
    ):
        text = vocabulary.time.format(
            day=_pendulum_format(start, vocabulary.day, locale, vocabulary),
            clock=f"{_old_clock(start)}–{_old_clock(end)}",
            zone=start.moment.tzname(),
        )
    else:
        return None
    return _old_qualified(text, start, vocabulary)


def _old_run_label(first: Bound, last: Bound, locale: str, vocabulary: Words) -> str:
    if first == last:
        return old_bound_label(first, locale)
    compact = _old_compact_range(first, last, locale, vocabulary)
    return (
        compact
        if compact is not None
        else vocabulary.range.format(old_bound_label(first, locale), old_bound_label(last, locale))
    )


def _old_set_label(dates: OneOf, locale: str, vocabulary: Words) -> str:
    """ "some day 16–20 Feb 2026" for one run of days, "one of 16 Feb 2026, 18 Feb 2026" for a list."""
    runs = dates.runs
    if len(runs) == 1:
        first, last = runs[0]
        text = _old_run_label(first, last, locale, vocabulary)
        return vocabulary.some_day.format(text) if first.precision is Precision.DAY else vocabulary.one_of.format(text)
    return vocabulary.one_of.format(", ".join(_old_run_label(first, last, locale, vocabulary) for first, last in runs))


def old_label(when: When, locale: str = "en") -> str:
    """The label of a :class:`When`."""
    vocabulary = words(locale)
    start, end = when.start, when.end
    if start is None:
        return vocabulary.undated
    if isinstance(start, OneOf):
        return _old_set_label(start, locale, vocabulary)
    if end is None:
        assert isinstance(start, Bound)
        return old_bound_label(start, locale)
    if isinstance(end, Unbounded):
        assert isinstance(start, Bound)
        pattern = vocabulary.since if end is Unbounded.OPEN else vocabulary.from_unknown_end
        return pattern.format(old_bound_label(start, locale))
    if isinstance(start, Unbounded):
        pattern = vocabulary.until if start is Unbounded.OPEN else vocabulary.until_unknown_start
        return pattern.format(old_bound_label(end, locale))
    if start == end:
        return old_bound_label(start, locale)
    compact = _old_compact_range(start, end, locale, vocabulary)
    if compact is not None:
        return compact
    return vocabulary.range.format(old_bound_label(start, locale), old_bound_label(end, locale))


LOCALES = st.sampled_from(sorted(WORDS))


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _month_days(year: int, month: int) -> int:
    return 29 if month == 2 and _leap(year) else (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]


def _wide_bound(precision: Precision, year: int, month: int, day: int, qualifier: str) -> Bound:
    """A date bound in any year a bound may have: before 1 AD, the last days of 9999, Feb 29."""
    approximate, uncertain = qualifier in ("~", "%"), qualifier in ("?", "%")
    if precision is Precision.YEAR:
        return Bound(precision, year, approximate=approximate, uncertain=uncertain)
    if precision is Precision.SEASON:
        month = (month - 1) % 4 * 3 + 3
    elif precision is Precision.QUARTER:
        month = (month - 1) // 3 * 3 + 1
    day = min(day, _month_days(year, month)) if precision is Precision.DAY else 1
    return Bound(precision, year, month, day, approximate=approximate, uncertain=uncertain)


def wide_bounds() -> st.SearchStrategy[Bound]:
    """Date bounds over both ends of every range: years -9999–9999, and far beyond for a year alone."""
    years = st.one_of(st.integers(-9999, 9999), st.sampled_from([-9999, -4, -1, 0, 1, 4, 1900, 2000, 9998, 9999]))
    return st.one_of(
        st.builds(
            _wide_bound,
            st.sampled_from([Precision.SEASON, Precision.QUARTER, Precision.MONTH, Precision.DAY, Precision.DAY]),
            years,
            st.integers(1, 12),
            st.one_of(st.integers(1, 31), st.just(29)),
            st.sampled_from(["", "", "~", "?", "%"]),
        ),
        st.builds(
            _wide_bound,
            st.just(Precision.YEAR),
            st.one_of(years, st.integers(-(10**9), 10**9)),
            st.just(1),
            st.just(1),
            st.sampled_from(["", "~", "?", "%"]),
        ),
    )


def _later(bound: Bound, step: int, qualifier: str) -> Bound:
    """A bound of the same precision a few days, months or minutes after ``bound`` (or ``bound`` itself)."""
    approximate, uncertain = qualifier in ("~", "%"), qualifier in ("?", "%")
    if bound.precision.is_time:
        later = Bound.of_datetime(bound.moment.add(minutes=step * 37), bound.zone)
        return attrs.evolve(later, precision=Precision.SECOND) if bound.precision is Precision.SECOND else later
    if bound.unspecified or not 1 <= bound.year <= 9998:
        return bound
    if bound.precision is Precision.DAY:
        day = dt.date(bound.year, bound.month, bound.day) + dt.timedelta(days=step * 3)
        return Bound.of_date(day.year, day.month, day.day, approximate=approximate, uncertain=uncertain)
    if bound.precision is Precision.MONTH:
        year, month = divmod(bound.month - 1 + step, 12)
        return Bound.of_date(bound.year + year, month + 1, approximate=approximate, uncertain=uncertain)
    if bound.precision is Precision.YEAR:
        return Bound.of_date(bound.year + step, approximate=approximate, uncertain=uncertain)
    return attrs.evolve(bound, year=bound.year + step, approximate=approximate, uncertain=uncertain)


def _later_or_same(bound: Bound, step: int) -> Bound:
    """A later plain bound for a run of a set; ``bound`` itself if that would be past 9999."""
    try:
        return _later(bound, step, "")
    except (ValueError, OverflowError):
        return bound


def _near_interval(start: Bound, step: int, qualifier: str | None) -> When:
    try:
        end = _later(start, step, start.qualifier if qualifier is None else qualifier)
    except (ValueError, OverflowError):  # past 9999
        end = start
    return When(start, end) if end != start else When(start, start)


def near_intervals() -> st.SearchStrategy[When]:
    """Intervals whose ends are close, so that their labels may be compact: "14–15 Dec 2025", "14:00–16:30"."""
    return st.builds(
        _near_interval,
        st.one_of(bounds(), time_bounds(), wide_bounds()),
        st.integers(0, 12),
        st.one_of(st.none(), st.none(), st.sampled_from(["", "~", "?", "%"])),
    )


def _wide_when(start: Bound, end: Bound | Unbounded | None, members: list[tuple[Bound, int]]) -> When:
    if members:
        plain = [(attrs.evolve(bound, approximate=False, uncertain=False), step) for bound, step in members]
        return When(OneOf([(first, _later_or_same(first, step)) for first, step in plain]))
    try:
        return When(start, end)
    except ValueError:
        return When(end, start) if isinstance(end, Bound) else When(start)


def wide_whens() -> st.SearchStrategy[When]:
    """Points, intervals, open and unknown ends and sets (of dates and runs), over years at both ends of every range."""
    return st.builds(
        _wide_when,
        wide_bounds(),
        st.one_of(st.none(), st.sampled_from(Unbounded), wide_bounds()),
        st.lists(st.tuples(wide_bounds(), st.integers(0, 3)), max_size=3),
    )


@settings(max_examples=400)
@given(whens(), LOCALES)
def test_labels_are_those_pendulum_formatted(when: When, locale: str) -> None:
    assert label(when, locale) == old_label(when, locale)
    assert when.label(locale) == old_label(when, locale)


@settings(max_examples=400)
@given(near_intervals(), LOCALES)
def test_labels_of_close_intervals_are_those_pendulum_formatted(when: When, locale: str) -> None:
    assert label(when, locale) == old_label(when, locale)


@settings(max_examples=400)
@given(wide_whens(), LOCALES)
def test_labels_of_dates_in_every_year_are_those_pendulum_formatted(when: When, locale: str) -> None:
    assert label(when, locale) == old_label(when, locale)


@given(st.one_of(bounds(), wide_bounds()), LOCALES)
def test_bound_labels_are_those_pendulum_formatted(bound: Bound, locale: str) -> None:
    assert bound_label(bound, locale) == old_bound_label(bound, locale)


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("locale", sorted(WORDS))
def test_times_name_their_zone_as_pendulum_does(zone: str, locale: str) -> None:
    for month in (1, 4, 7, 10):
        bound = Bound(Precision.MINUTE, 2025, month, 15, 12, 0, zone=zone)
        assert bound_label(bound, locale) == old_bound_label(bound, locale)


@pytest.mark.parametrize("locale", sorted(WORDS))
def test_month_names_are_pendulum_s_or_the_locale_s_own(locale: str) -> None:
    for month in range(1, 13):
        own = words(locale).months
        expected = own[month - 1] if own else pendulum.Date(2000, month, 1).format("MMMM", locale=locale)
        assert month_name(month, locale) == expected


@pytest.mark.parametrize("pattern", ["DD MMM YYYY", "D MMMM YYYY", "dddd D MMM", "D MMM YY", "D {MMM}"])
def test_a_label_pattern_the_tables_cannot_hold_is_refused(pattern: str) -> None:
    with pytest.raises(ValueError, match="tokens other than D, MMM and YYYY"):
        _labels._templates(pattern, "en")


def test_the_formats_label_dates_as_when_label_does() -> None:
    assert _labels.label is label
    assert _labels.bound_label is bound_label
    assert _labels.month_name is month_name


def _templates_month_by_month(pattern: str, locale: str) -> tuple[str, ...]:
    """The tables as they were first made: pendulum's formatter run for each month."""
    marked = _labels._DAY_TOKEN.sub("[{0}]", pattern.replace("YYYY", "[{1}]"))
    return tuple(pendulum.Date(2000, month, 1).format(marked, locale=locale) for month in range(1, 13))


LABEL_PATTERNS = sorted(
    {getattr(vocabulary, name) for vocabulary in WORDS.values() for name in ("day", "day_month", "day_only", "month")}
    | {vocabulary.month_only for vocabulary in WORDS.values()}
    | {"[MMM] MMM", "MMM [at] D", "YYYY[.] MMM[, ]D", "MMM[]D", "[Mon] D"}
)


@pytest.mark.parametrize("pattern", LABEL_PATTERNS)
@pytest.mark.parametrize("locale", sorted(WORDS))
def test_a_table_made_with_one_formatter_run_is_that_of_one_run_per_month(pattern: str, locale: str) -> None:
    assert _labels._templates(pattern, locale) == _templates_month_by_month(pattern, locale)


_EVERY_ZONE = sorted(zoneinfo.available_timezones())


def _time_in(zone: str, moment: dt.datetime, seconds: bool) -> Bound:
    bound = Bound.of_datetime(moment.replace(microsecond=0, tzinfo=dt.UTC), zone)
    if seconds and bound.precision is Precision.MINUTE:
        return attrs.evolve(bound, precision=Precision.SECOND)
    return bound


@st.composite
def _times_in_any_zone(draw: st.DrawFn) -> tuple[Bound, Bound]:
    """A time in any IANA zone (1 AD to 9999, clock changes most often), and one up to a day later in the zone."""
    zone = draw(st.sampled_from(_EVERY_ZONE))
    moment = draw(
        st.one_of(
            st.datetimes(dt.datetime(1, 1, 2), dt.datetime(9999, 12, 30)),
            st.datetimes(dt.datetime(1880, 1, 1), dt.datetime(2040, 12, 31)),  # where zones change their clocks
        )
    )
    seconds = draw(st.booleans())
    later = moment + dt.timedelta(minutes=draw(st.sampled_from([0, 1, 30, 60, 90]) | st.integers(0, 24 * 60)))
    return _time_in(zone, moment, seconds), _time_in(zone, later, seconds)


@settings(max_examples=600)
@given(_times_in_any_zone(), LOCALES)
def test_time_labels_in_every_zone_are_those_pendulum_formatted(times: tuple[Bound, Bound], locale: str) -> None:
    # The fast paths for times and for ranges within one day, against the pendulum-formatted labels.
    start, end = times
    assert bound_label(start, locale) == old_bound_label(start, locale)
    assert label(When(start, end), locale) == old_label(When(start, end), locale)


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/St_Johns"])
def test_a_range_across_a_clock_change_within_a_day_names_both_zones(zone: str) -> None:
    # Clocks go back (UTC times): the same day, but "CEST" then "CET", so the range cannot share one zone name.
    transitions = {
        "Europe/Berlin": dt.datetime(2025, 10, 26, 1, 0),
        "America/New_York": dt.datetime(2025, 11, 2, 6, 0),
        "Australia/Lord_Howe": dt.datetime(2025, 4, 5, 15, 0),
        "America/St_Johns": dt.datetime(2024, 11, 3, 4, 30),
    }
    start = _time_in(zone, transitions[zone] - dt.timedelta(minutes=15), seconds=False)
    end = _time_in(zone, transitions[zone] + dt.timedelta(minutes=15), seconds=False)
    shown = label(When(start, end))
    assert shown == old_label(When(start, end))
    assert " – " in shown  # two whole labels: their zones' names differ
