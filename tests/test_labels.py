"""Human labels of dates in English, German and Ukrainian: ``When.label(locale)`` and month names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import whens
from timeline import Bound, InvalidInputError, When
from timeline.formats._labels import WORDS, month_name

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
