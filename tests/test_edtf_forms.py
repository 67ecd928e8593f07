"""Every EDTF level-1 form, and one of a set (level 2): parse, text, bounds, labels, and round trips."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest

import timeline
from timeline import Event, InvalidInputError, OmittedEventsWarning, OneOf, Timeline, When
from timeline.model.when import Bound, Precision

D = dt.date

# text, canonical text, earliest day, latest day, labels en / de / uk
FORMS = [
    # unspecified digits, from the right
    (
        "201X",
        "201X",
        D(2010, 1, 1),
        D(2019, 12, 31),
        "some year 2010–2019",
        "ein Jahr 2010–2019",
        "якийсь рік 2010–2019",
    ),
    (
        "19XX",
        "19XX",
        D(1900, 1, 1),
        D(1999, 12, 31),
        "some year 1900–1999",
        "ein Jahr 1900–1999",
        "якийсь рік 1900–1999",
    ),
    (
        "2004-XX",
        "2004-XX",
        D(2004, 1, 1),
        D(2004, 12, 31),
        "some month of 2004",
        "ein Monat 2004",
        "якийсь місяць 2004",
    ),
    (
        "2004-06-XX",
        "2004-06-XX",
        D(2004, 6, 1),
        D(2004, 6, 30),
        "some day in Jun 2004",
        "ein Tag im Juni 2004",
        "якийсь день черв. 2004",
    ),
    (
        "2004-XX-XX",
        "2004-XX-XX",
        D(2004, 1, 1),
        D(2004, 12, 31),
        "some day in 2004",
        "ein Tag im Jahr 2004",
        "якийсь день 2004",
    ),
    # seasons: northern meteorological, winter running into the next year
    ("2001-21", "2001-21", D(2001, 3, 1), D(2001, 5, 31), "spring 2001", "Frühling 2001", "весна 2001"),
    ("2001-22", "2001-22", D(2001, 6, 1), D(2001, 8, 31), "summer 2001", "Sommer 2001", "літо 2001"),
    ("2001-23", "2001-23", D(2001, 9, 1), D(2001, 11, 30), "autumn 2001", "Herbst 2001", "осінь 2001"),
    ("2000-24", "2000-24", D(2000, 12, 1), D(2001, 2, 28), "winter 2000/01", "Winter 2000/01", "зима 2000/01"),
    (
        "2001-22~",
        "2001-22~",
        D(2001, 3, 1),
        D(2001, 11, 30),
        "about summer 2001",
        "etwa Sommer 2001",
        "близько літо 2001",
    ),
    (
        "2001-21?",
        "2001-21?",
        D(2001, 3, 1),
        D(2001, 5, 31),
        "probably spring 2001",
        "wahrscheinlich Frühling 2001",
        "ймовірно весна 2001",
    ),
    # qualifiers (level 1 too)
    (
        "2004-06-11%",
        "2004-06-11%",
        D(2004, 6, 8),
        D(2004, 6, 14),
        "perhaps about 11 Jun 2004",
        "vielleicht etwa 11. Juni 2004",
        "можливо, близько 11 черв. 2004",
    ),
    ("1984?", "1984?", D(1984, 1, 1), D(1984, 12, 31), "probably 1984", "wahrscheinlich 1984", "ймовірно 1984"),
    ("1984~", "1984~", D(1983, 1, 1), D(1985, 12, 31), "about 1984", "etwa 1984", "близько 1984"),
    ("2004-06~", "2004-06~", D(2004, 5, 1), D(2004, 7, 31), "about Jun 2004", "etwa Juni 2004", "близько черв. 2004"),
    (
        "2004-06-11~",
        "2004-06-11~",
        D(2004, 6, 8),
        D(2004, 6, 14),
        "about 11 Jun 2004",
        "etwa 11. Juni 2004",
        "близько 11 черв. 2004",
    ),
    (
        "2004-06-11?",
        "2004-06-11?",
        D(2004, 6, 11),
        D(2004, 6, 11),
        "probably 11 Jun 2004",
        "wahrscheinlich 11. Juni 2004",
        "ймовірно 11 черв. 2004",
    ),
    (
        "20XX",
        "20XX",
        D(2000, 1, 1),
        D(2099, 12, 31),
        "some year 2000–2099",
        "ein Jahr 2000–2099",
        "якийсь рік 2000–2099",
    ),
    # years outside 1–9999: no datetime.date for them
    ("-0010", "-0010", None, None, "11 BC", "11 v. Chr.", "11 до н. е."),
    ("0000", "0000", None, None, "1 BC", "1 v. Chr.", "1 до н. е."),
    ("-1985-04-12", "-1985-04-12", None, None, "12 Apr 1986 BC", "12. Apr. 1986 v. Chr.", "12 квіт. 1986 до н. е."),
    ("Y170000002", "Y170000002", None, None, "170000002", "170000002", "170000002"),
    ("Y-170000002", "Y-170000002", None, None, "170000003 BC", "170000003 v. Chr.", "170000003 до н. е."),
    ("0001", "0001", D(1, 1, 1), D(1, 12, 31), "0001", "0001", "0001"),
    # intervals of them, open and unknown ends
    (
        "201X/2020-21",
        "201X/2020-21",
        D(2010, 1, 1),
        D(2020, 5, 31),
        "some year 2010–2019 – spring 2020",
        "ein Jahr 2010–2019 – Frühling 2020",
        "якийсь рік 2010–2019 – весна 2020",
    ),
    ("-0100/0100", "-0100/0100", None, D(100, 12, 31), "101 BC – 0100", "101 v. Chr. – 0100", "101 до н. е. – 0100"),
    (
        "2004-06-XX/..",
        "2004-06-XX/..",
        D(2004, 6, 1),
        None,
        "since some day in Jun 2004",
        "seit ein Tag im Juni 2004",
        "з якийсь день черв. 2004",
    ),
    # extended intervals (level 1): open and unknown ends on both sides
    (
        "1985-04-12/..",
        "1985-04-12/..",
        D(1985, 4, 12),
        None,
        "since 12 Apr 1985",
        "seit 12. Apr. 1985",
        "з 12 квіт. 1985",
    ),
    (
        "../1985-04-12",
        "../1985-04-12",
        None,
        D(1985, 4, 12),
        "until 12 Apr 1985",
        "bis 12. Apr. 1985",
        "до 12 квіт. 1985",
    ),
    (
        "1985-04-12/",
        "1985-04-12/",
        D(1985, 4, 12),
        None,
        "from 12 Apr 1985 (end unknown)",
        "ab 12. Apr. 1985 (Ende unbekannt)",
        "з 12 квіт. 1985 (кінець невідомий)",
    ),
    (
        "/1985-04-12",
        "/1985-04-12",
        None,
        D(1985, 4, 12),
        "until 12 Apr 1985 (start unknown)",
        "bis 12. Apr. 1985 (Beginn unbekannt)",
        "до 12 квіт. 1985 (початок невідомий)",
    ),
    # one of a set (level 2)
    (
        "[2026-02-16..2026-02-20]",
        "[2026-02-16..2026-02-20]",
        D(2026, 2, 16),
        D(2026, 2, 20),
        "some day 16–20 Feb 2026",
        "an einem der Tage 16.–20. Feb. 2026",
        "одного з днів 16–20 лют. 2026",
    ),
    (
        "[2026-02-18,2026-02-16]",
        "[2026-02-16, 2026-02-18]",
        D(2026, 2, 16),
        D(2026, 2, 18),
        "one of 16 Feb 2026, 18 Feb 2026",
        "einer der Termine 16. Feb. 2026, 18. Feb. 2026",
        "одна з дат 16 лют. 2026, 18 лют. 2026",
    ),
    (
        "[2026-01, 2026-03..2026-04]",
        "[2026-01, 2026-03..2026-04]",
        D(2026, 1, 1),
        D(2026, 4, 30),
        "one of Jan 2026, Mar–Apr 2026",
        "einer der Termine Jan. 2026, März–Apr. 2026",
        "одна з дат січ. 2026, бер.–квіт. 2026",
    ),
]


@pytest.mark.parametrize(("text", "canonical", "earliest", "latest", "en", "de", "uk"), FORMS)
def test_form(
    text: str, canonical: str, earliest: dt.date | None, latest: dt.date | None, en: str, de: str, uk: str
) -> None:
    when = When.parse(text)
    assert str(when) == canonical
    assert When.parse(canonical) == when
    assert (when.earliest_day, when.latest_day) == (earliest, latest)
    assert (when.label(), when.label("de"), when.label("uk")) == (en, de, uk)
    assert when.is_vague == (canonical != "-1985-04-12")  # a year is coarser than a day


def _dated(text: str) -> Timeline:
    return Timeline("Forms", [Event("e", "An event", When.parse(text, phrase="as the source says"))])


@pytest.mark.parametrize("text", [form[1] for form in FORMS])
def test_form_round_trips_through_json_and_yaml(text: str) -> None:
    chronology = _dated(text)
    assert timeline.from_json(timeline.to_json(chronology)) == chronology
    assert timeline.from_yaml(timeline.to_yaml(chronology)) == chronology
    import jsonschema

    jsonschema.validate(__import__("json").loads(timeline.to_json(chronology)), timeline.json_schema())


@pytest.mark.parametrize("text", [form[1] for form in FORMS])
def test_form_round_trips_through_icalendar_or_is_left_out_and_named(text: str) -> None:
    chronology = _dated(text)
    when = chronology.events[0].when
    if all(1 <= bound.year <= 9999 for bound in when.bounds):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            data = timeline.to_ical(chronology)
        assert timeline.from_ical(data) == chronology
        assert b"TRANSP:TRANSPARENT" in data  # every one of these is vague: an all-day entry over every day it may be
    else:
        with pytest.warns(OmittedEventsWarning, match="outside the years 0001–9999") as caught:
            timeline.to_ical(chronology)
        assert caught[0].message.event_ids == ("e",)  # type: ignore[union-attr]


def test_a_set_is_an_all_day_span_in_icalendar() -> None:
    data = timeline.to_ical(_dated("[2026-02-16, 2026-02-18]"))
    assert b"DTSTART;VALUE=DATE:20260216" in data
    assert b"DTEND;VALUE=DATE:20260219" in data
    assert b"SUMMARY:An event (one of 16 Feb 2026\\, 18 Feb 2026)" in data


def test_a_set_may_meet_a_range_on_any_members_day_and_is_never_certain_on_one_day() -> None:
    week = When.parse("[2026-02-16..2026-02-20]")
    pair = When.parse("[2026-02-16, 2026-02-18]")
    assert week.overlaps("2026-02-18", "2026-02-18")
    assert not week.overlaps("2026-02-18", "2026-02-18", certain=True)
    assert week.overlaps("2026-02", "2026-02", certain=True)
    assert pair.overlaps("2026-02-18", "2026-02-18")
    assert not pair.overlaps("2026-02-17", "2026-02-17")  # between the members
    assert not pair.overlaps("2026-02-16", "2026-02-17", certain=True)
    assert pair.overlaps("2026-02-16", "2026-02-18", certain=True)


def test_a_member_given_twice_is_one_member() -> None:
    twice = When.parse("[2026-02-18, 2026-02-16, 2026-02-18]")
    assert str(twice) == "[2026-02-16, 2026-02-18]"
    assert twice == When.parse("[2026-02-16, 2026-02-18]")
    assert twice.label() == "one of 16 Feb 2026, 18 Feb 2026"


def test_a_set_sorts_by_its_first_member() -> None:
    assert When.parse("2026-02-15") < When.parse("[2026-02-16, 2026-02-18]") < When.parse("2026-02-17")


def test_a_set_from_bounds() -> None:
    first, last = Bound.of_date(2026, 2, 16), Bound.of_date(2026, 2, 20)
    assert When(OneOf([(first, last)])) == When.parse("[2026-02-16..2026-02-20]")
    with pytest.raises(InvalidInputError, match="cannot start an interval"):
        When(OneOf([first]), last)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{2026-02-16,2026-02-18}", "multiple dates"),
        ("[..2026-02-20]", "open-ended member"),
        ("[2026-02-16..]", "open-ended member"),
        ("[2026-02-16]/2026-03", "a set stands alone"),
        ("[2026-02-16~]", "a member of a set cannot be approximate or uncertain"),
        ("[2026-02-16T10:00Z]", "a set holds dates"),
        ("[]", "an empty set"),
        ("Y-17E7", "exponent"),
        ("1950S2", "significant digits"),
        ("2004-?06-11", "qualifies one part of a date"),
        ("?2004-06-11", "qualifies one part of a date"),
        ("1XXX", "EDTF level 2"),
        ("2004-0X", "EDTF level 2"),
        ("201X-12", "EDTF level 2"),
        ("2025-25", "sub-year grouping 25, a level 2 form"),
        ("201X~", "cannot also be approximate or uncertain"),
        ("Y1700", "Y marks a year of more than four digits"),
        ("-0000", "year 0 has no sign"),
        ("Y170000002-01", "only a year alone may have more than four digits"),
    ],
)
def test_level_2_and_impossible_forms_are_refused_by_name(text: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        When.parse(text)


def test_precision_of_seasons_and_unspecified_digits() -> None:
    season = When.parse("2001-24").start
    assert isinstance(season, Bound)
    assert (season.precision, season.year, season.month) == (Precision.SEASON, 2001, 12)
    decade = When.parse("201X").start
    assert isinstance(decade, Bound)
    assert (decade.precision, decade.year, decade.unspecified) == (Precision.YEAR, 2010, 1)
    assert Bound(Precision.DAY, 2004, 6, unspecified=2) == When.parse("2004-06-XX").start


def test_years_outside_date_still_compare_and_sort() -> None:
    chronology = Timeline(
        "t",
        [
            Event("now", "Now", "2025"),
            Event("rome", "Rome", "-0752"),
            Event("far", "Far", "Y170000002"),
            Event("zero", "Zero", "0000-06"),
        ],
    )
    assert [event.id for event in chronology] == ["rome", "zero", "now", "far"]
    assert [event.id for event in chronology.between("-1000", "0000")] == ["rome", "zero"]
    assert [event.id for event in chronology.between("Y100000000", "Y200000000")] == ["far"]


def test_an_unquoted_set_in_yaml_is_explained() -> None:
    text = (
        "format: timeline\nversion: 1\ntitle: T\nevents:\n  - id: a\n    title: A\n    when: [2026-02-16, 2026-02-18]\n"
    )
    with pytest.raises(InvalidInputError, match=r"quote one of a set of dates: '\[2026-02-16, 2026-02-18\]'"):
        timeline.from_yaml(text)
    quoted = text.replace("[2026-02-16, 2026-02-18]", "'[2026-02-16, 2026-02-18]'")
    assert str(timeline.from_yaml(quoted).events[0].when) == "[2026-02-16, 2026-02-18]"
