"""When: every text form, its canonical text, range, label and order, and every bad date."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import zoneinfo

import attrs
import pendulum
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from timeline import Bound, InvalidInputError, Precision, TimelineError, Unbounded, When

D = pendulum.Date
BERLIN = "Europe/Berlin"

# text, canonical text, label, earliest, latest (dates; times are checked below)
DATES: list[tuple[str, str, str, D | None, D | None]] = [
    ("2025-12-15", "2025-12-15", "15 Dec 2025", D(2025, 12, 15), D(2025, 12, 15)),
    ("2025-12", "2025-12", "Dec 2025", D(2025, 12, 1), D(2025, 12, 31)),
    ("2024-02", "2024-02", "Feb 2024", D(2024, 2, 1), D(2024, 2, 29)),
    ("2025", "2025", "2025", D(2025, 1, 1), D(2025, 12, 31)),
    ("2026-33", "2026-33", "Q1 2026", D(2026, 1, 1), D(2026, 3, 31)),
    ("2026-35", "2026-35", "Q3 2026", D(2026, 7, 1), D(2026, 9, 30)),
    ("2026-36", "2026-36", "Q4 2026", D(2026, 10, 1), D(2026, 12, 31)),
    # ~ widens by three days, a month, a quarter or a year on each side
    ("2025-12-16~", "2025-12-16~", "about 16 Dec 2025", D(2025, 12, 13), D(2025, 12, 19)),
    ("2025-12~", "2025-12~", "about Dec 2025", D(2025, 11, 1), D(2026, 1, 31)),
    ("2026-35~", "2026-35~", "about Q3 2026", D(2026, 4, 1), D(2026, 12, 31)),
    ("2026~", "2026~", "about 2026", D(2025, 1, 1), D(2027, 12, 31)),
    # ? does not widen; % widens like ~
    ("2026?", "2026?", "probably 2026", D(2026, 1, 1), D(2026, 12, 31)),
    ("2025-12-16?", "2025-12-16?", "probably 16 Dec 2025", D(2025, 12, 16), D(2025, 12, 16)),
    ("2025-12%", "2025-12%", "perhaps about Dec 2025", D(2025, 11, 1), D(2026, 1, 31)),
    ("2025-12-16%", "2025-12-16%", "perhaps about 16 Dec 2025", D(2025, 12, 13), D(2025, 12, 19)),
    # widening stops at the ends of the calendar
    ("0001~", "0001~", "about 0001", D(1, 1, 1), D(2, 12, 31)),
    ("9999-12-30~", "9999-12-30~", "about 30 Dec 9999", D(9999, 12, 27), D(9999, 12, 31)),
    # intervals
    ("2025-12-14/2025-12-15", "2025-12-14/2025-12-15", "14–15 Dec 2025", D(2025, 12, 14), D(2025, 12, 15)),
    ("2025-11-30/2025-12-02", "2025-11-30/2025-12-02", "30 Nov – 2 Dec 2025", D(2025, 11, 30), D(2025, 12, 2)),
    ("2025-12-30/2026-01-02", "2025-12-30/2026-01-02", "30 Dec 2025 – 2 Jan 2026", D(2025, 12, 30), D(2026, 1, 2)),
    ("2025-11/2025-12", "2025-11/2025-12", "Nov–Dec 2025", D(2025, 11, 1), D(2025, 12, 31)),
    ("2025-11/2026-02", "2025-11/2026-02", "Nov 2025 – Feb 2026", D(2025, 11, 1), D(2026, 2, 28)),
    ("2024/2025", "2024/2025", "2024–2025", D(2024, 1, 1), D(2025, 12, 31)),
    ("2025-12-16~/2025-12-18~", "2025-12-16~/2025-12-18~", "about 16–18 Dec 2025", D(2025, 12, 13), D(2025, 12, 21)),
    ("2025~/2026?", "2025~/2026?", "about 2025 – probably 2026", D(2024, 1, 1), D(2026, 12, 31)),
    ("2025-12-14/2025-12", "2025-12-14/2025-12", "14 Dec 2025 – Dec 2025", D(2025, 12, 14), D(2025, 12, 31)),
    ("2025-12-15/2025-12-15", "2025-12-15/2025-12-15", "15 Dec 2025", D(2025, 12, 15), D(2025, 12, 15)),
    # open (..) and unknown (empty) ends
    ("2025-12-14/..", "2025-12-14/..", "since 14 Dec 2025", D(2025, 12, 14), None),
    ("2025-12-14/", "2025-12-14/", "from 14 Dec 2025 (end unknown)", D(2025, 12, 14), None),
    ("../2025-12-14", "../2025-12-14", "until 14 Dec 2025", None, D(2025, 12, 14)),
    ("/2025-12-14", "/2025-12-14", "until 14 Dec 2025 (start unknown)", None, D(2025, 12, 14)),
    ("2025-12~/..", "2025-12~/..", "since about Dec 2025", D(2025, 11, 1), None),
    # surrounding white space is not part of the date
    (" 2025-12-15\n", "2025-12-15", "15 Dec 2025", D(2025, 12, 15), D(2025, 12, 15)),
]


@pytest.mark.parametrize(("text", "canonical", "label", "earliest", "latest"), DATES)
def test_date_forms(text: str, canonical: str, label: str, earliest: D | None, latest: D | None) -> None:
    when = When.parse(text)
    assert str(when) == canonical
    assert when.label() == label
    assert when.earliest == earliest
    assert when.latest == latest
    for value in (when.earliest, when.latest):
        assert value is None or type(value) is pendulum.Date
    assert When.parse(str(when)) == when
    assert when.is_dated


@pytest.mark.parametrize(
    ("text", "precision", "qualifier"),
    [
        ("2025", Precision.YEAR, ""),
        ("2025-34", Precision.QUARTER, ""),
        ("2025-12", Precision.MONTH, ""),
        ("2025-12-15", Precision.DAY, ""),
        ("2025-12-15~", Precision.DAY, "~"),
        ("2025-12?", Precision.MONTH, "?"),
        ("2025%", Precision.YEAR, "%"),
        ("2025-12-15T14:00+01:00[Europe/Berlin]", Precision.MINUTE, ""),
        ("2025-12-15T14:00:30+01:00[Europe/Berlin]", Precision.SECOND, ""),
    ],
)
def test_precision_and_qualifier(text: str, precision: Precision, qualifier: str) -> None:
    (bound,) = When.parse(text).bounds
    assert bound.precision is precision
    assert bound.qualifier == qualifier
    assert bound.approximate == (qualifier in "~%" and qualifier != "")
    assert bound.uncertain == (qualifier in "?%" and qualifier != "")


def test_interval_ends() -> None:
    known = When.parse("2025-12-14/2025-12-15")
    assert known.is_interval
    assert known.start == Bound.of_date(2025, 12, 14)
    assert known.end == Bound.of_date(2025, 12, 15)
    assert When.parse("2025-12-14/..").end is Unbounded.OPEN
    assert When.parse("2025-12-14/").end is Unbounded.UNKNOWN
    assert When.parse("../2025-12-14").start is Unbounded.OPEN
    assert When.parse("/2025-12-14").start is Unbounded.UNKNOWN
    assert str(Unbounded.OPEN) == ".."
    assert str(Unbounded.UNKNOWN) == ""
    assert not When.parse("2025-12-15").is_interval


# text, canonical text, label, the moment in UTC
TIMES = [
    (
        "2025-12-15T14:00+01:00[Europe/Berlin]",
        "2025-12-15T14:00+01:00[Europe/Berlin]",
        "15 Dec 2025, 14:00 CET",
        dt.datetime(2025, 12, 15, 13, 0, tzinfo=dt.UTC),
    ),
    (
        "2025-12-15T14:00:00+01:00[Europe/Berlin]",
        "2025-12-15T14:00:00+01:00[Europe/Berlin]",
        "15 Dec 2025, 14:00:00 CET",
        dt.datetime(2025, 12, 15, 13, 0, tzinfo=dt.UTC),
    ),
    (
        "2025-12-15T14:00:30+01:00[Europe/Berlin]",
        "2025-12-15T14:00:30+01:00[Europe/Berlin]",
        "15 Dec 2025, 14:00:30 CET",
        dt.datetime(2025, 12, 15, 13, 0, 30, tzinfo=dt.UTC),
    ),
    (
        "2025-07-01T09:15+02:00[Europe/Berlin]",
        "2025-07-01T09:15+02:00[Europe/Berlin]",
        "1 Jul 2025, 09:15 CEST",
        dt.datetime(2025, 7, 1, 7, 15, tzinfo=dt.UTC),
    ),
    # the zone alone is enough where the time happens once
    (
        "2025-12-15T14:00[Europe/Berlin]",
        "2025-12-15T14:00+01:00[Europe/Berlin]",
        "15 Dec 2025, 14:00 CET",
        dt.datetime(2025, 12, 15, 13, 0, tzinfo=dt.UTC),
    ),
    # the critical flag of RFC 9557 is accepted and not written back
    (
        "2025-12-15T14:00+01:00[!Europe/Berlin]",
        "2025-12-15T14:00+01:00[Europe/Berlin]",
        "15 Dec 2025, 14:00 CET",
        dt.datetime(2025, 12, 15, 13, 0, tzinfo=dt.UTC),
    ),
    # Z alone is UTC; Z with a zone is the instant in UTC, shown in the zone
    (
        "2025-12-15T13:00Z",
        "2025-12-15T13:00+00:00[UTC]",
        "15 Dec 2025, 13:00 UTC",
        dt.datetime(2025, 12, 15, 13, 0, tzinfo=dt.UTC),
    ),
    (
        "2025-12-15T13:00+00:00",
        "2025-12-15T13:00+00:00[UTC]",
        "15 Dec 2025, 13:00 UTC",
        dt.datetime(2025, 12, 15, 13, 0, tzinfo=dt.UTC),
    ),
    (
        "2025-12-15T13:00Z[Europe/Berlin]",
        "2025-12-15T14:00+01:00[Europe/Berlin]",
        "15 Dec 2025, 14:00 CET",
        dt.datetime(2025, 12, 15, 13, 0, tzinfo=dt.UTC),
    ),
    (
        "2025-12-15T23:30:15Z[Europe/Berlin]",
        "2025-12-16T00:30:15+01:00[Europe/Berlin]",
        "16 Dec 2025, 00:30:15 CET",
        dt.datetime(2025, 12, 15, 23, 30, 15, tzinfo=dt.UTC),
    ),
    # the clocks go back at 03:00 on 26 Oct 2025 in Berlin: 02:30 happens twice
    (
        "2025-10-26T02:30+02:00[Europe/Berlin]",
        "2025-10-26T02:30+02:00[Europe/Berlin]",
        "26 Oct 2025, 02:30 CEST",
        dt.datetime(2025, 10, 26, 0, 30, tzinfo=dt.UTC),
    ),
    (
        "2025-10-26T02:30+01:00[Europe/Berlin]",
        "2025-10-26T02:30+01:00[Europe/Berlin]",
        "26 Oct 2025, 02:30 CET",
        dt.datetime(2025, 10, 26, 1, 30, tzinfo=dt.UTC),
    ),
    (
        "2025-10-26T00:30Z[Europe/Berlin]",
        "2025-10-26T02:30+02:00[Europe/Berlin]",
        "26 Oct 2025, 02:30 CEST",
        dt.datetime(2025, 10, 26, 0, 30, tzinfo=dt.UTC),
    ),
    (
        "2025-10-26T01:30Z[Europe/Berlin]",
        "2025-10-26T02:30+01:00[Europe/Berlin]",
        "26 Oct 2025, 02:30 CET",
        dt.datetime(2025, 10, 26, 1, 30, tzinfo=dt.UTC),
    ),
    (
        "2025-11-02T01:30-04:00[America/New_York]",
        "2025-11-02T01:30-04:00[America/New_York]",
        "2 Nov 2025, 01:30 EDT",
        dt.datetime(2025, 11, 2, 5, 30, tzinfo=dt.UTC),
    ),
    (
        "2025-11-02T01:30-05:00[America/New_York]",
        "2025-11-02T01:30-05:00[America/New_York]",
        "2 Nov 2025, 01:30 EST",
        dt.datetime(2025, 11, 2, 6, 30, tzinfo=dt.UTC),
    ),
    (
        "2025-12-15T19:45+05:45[Asia/Kathmandu]",
        "2025-12-15T19:45+05:45[Asia/Kathmandu]",
        "15 Dec 2025, 19:45 +0545",
        dt.datetime(2025, 12, 15, 14, 0, tzinfo=dt.UTC),
    ),
]


@pytest.mark.parametrize(("text", "canonical", "label", "utc"), TIMES)
def test_time_forms(text: str, canonical: str, label: str, utc: dt.datetime) -> None:
    when = When.parse(text)
    assert str(when) == canonical
    assert when.label() == label
    assert When.parse(str(when)) == when
    earliest, latest = when.earliest, when.latest
    assert isinstance(earliest, pendulum.DateTime)
    assert earliest is latest or earliest == latest
    # compared in UTC: Python never finds a time in a repeated hour equal to one in another zone
    assert earliest.in_timezone("UTC") == utc
    zone = canonical.rsplit("[", 1)[1].rstrip("]")
    assert earliest.timezone_name == zone
    # the wall-clock time and offset written are those of the moment in its zone
    assert earliest.isoformat(timespec="seconds")[:16] == canonical[:16]
    offset = canonical[canonical.index("[") - 6 : canonical.index("[")]
    assert earliest.isoformat()[-6:] == offset
    assert not when.is_vague


def test_the_two_ambiguous_times_differ() -> None:
    first = When.parse("2025-10-26T02:30+02:00[Europe/Berlin]")
    second = When.parse("2025-10-26T02:30+01:00[Europe/Berlin]")
    assert first != second
    assert first.start.fold == 0  # type: ignore[union-attr]
    assert second.start.fold == 1  # type: ignore[union-attr]
    assert second.earliest.in_timezone("UTC") - first.earliest.in_timezone("UTC") == dt.timedelta(hours=1)  # type: ignore[union-attr]
    assert first < second
    assert not second < first
    assert sorted([second, first]) == [first, second]


def test_time_intervals() -> None:
    meeting = When.parse("2025-12-15T14:00+01:00[Europe/Berlin]/2025-12-15T16:30+01:00[Europe/Berlin]")
    assert meeting.label() == "15 Dec 2025, 14:00–16:30 CET"
    assert meeting.earliest == dt.datetime(2025, 12, 15, 13, 0, tzinfo=dt.UTC)
    assert meeting.latest == dt.datetime(2025, 12, 15, 15, 30, tzinfo=dt.UTC)
    overnight = When.parse("2025-12-15T23:00+01:00[Europe/Berlin]/2025-12-16T01:00+01:00[Europe/Berlin]")
    assert overnight.label() == "15 Dec 2025, 23:00 CET – 16 Dec 2025, 01:00 CET"
    # ends in different zones are compared as instants: 14:00 Berlin is 13:00 UTC
    mixed = When.parse("2025-12-15T14:00+01:00[Europe/Berlin]/2025-12-15T13:30Z")
    assert mixed.label() == "15 Dec 2025, 14:00 CET – 15 Dec 2025, 13:30 UTC"
    assert When.parse(str(mixed)) == mixed
    # a day and a time may be the two ends
    assert str(When.parse("2025-12-15/2025-12-15T14:00Z")) == "2025-12-15/2025-12-15T14:00+00:00[UTC]"
    open_end = When.parse("2025-12-15T14:00+01:00[Europe/Berlin]/..")
    assert open_end.label() == "since 15 Dec 2025, 14:00 CET"
    assert isinstance(open_end.earliest, pendulum.DateTime)
    assert open_end.latest is None


def test_undated() -> None:
    for when in (When(), When.undated(), When.parse(""), When.parse("   ")):
        assert when == When()
        assert not when.is_dated
        assert when.is_vague
        assert str(when) == ""
        assert when.earliest is None
        assert when.latest is None
        assert when.bounds == ()
        assert when.label() == "no date yet"
    vague = When.undated("after the ceasefire")
    assert vague.phrase == "after the ceasefire"
    assert vague != When()
    assert vague.label() == "no date yet"
    assert repr(vague) == "When.undated('after the ceasefire')"


def test_phrase() -> None:
    when = When.parse("2025-12-14/2025-12-15", phrase="earlier this week")
    assert when.phrase == "earlier this week"
    assert str(when) == "2025-12-14/2025-12-15"
    assert when.label() == "14–15 Dec 2025"
    assert when != When.parse("2025-12-14/2025-12-15")
    assert attrs.evolve(when, phrase=None) == When.parse("2025-12-14/2025-12-15")
    assert repr(when) == "When('2025-12-14/2025-12-15', phrase='earlier this week')"


@pytest.mark.parametrize(
    ("text", "vague"),
    [
        ("2025-12-15", False),
        ("2025-12-14/2025-12-15", False),
        ("2025-12-15T14:00Z", False),
        ("2025-12", True),
        ("2025-34", True),
        ("2025", True),
        ("2025-12-15~", True),
        ("2025-12-15?", True),
        ("2025-12-14/..", True),
        ("/2025-12-14", True),
        ("2025-12-14/2025-12-15?", True),
    ],
)
def test_is_vague(text: str, vague: bool) -> None:
    assert When.parse(text).is_vague is vague


def test_when_is_frozen_and_hashable() -> None:
    when = When.parse("2025-12")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        when.phrase = "x"  # type: ignore[misc]
    assert len({When.parse("2025-12"), When.parse("2025-12"), When.parse("2025-12~")}) == 2


IN_ORDER = [
    "../2025-11-30",  # open to the past sorts first
    "/2025-12-01",
    "2025",
    "2025?",  # same start, precision and end as 2025: the canonical text breaks the tie
    "2025~",  # widened for queries, not for order
    "2025-35~",  # 1 Jul 2025 as written
    "2025-11~",
    "2025-12",  # coarser first among those starting on 1 Dec
    "2025-12-01",
    "2025-12-01/2025-12-02",  # then the earlier end
    "2025-12-01/2025-12-31",
    "2025-12-01/",  # unknown end: no end as written, so last among those of 1 Dec
    "2025-12-01/..",
    "2025-12-14",
    "2025-12-14/2025-12-15",
    "2025-12-15",  # a date stands at 00:00 UTC of its day, before the times of that day
    "2025-12-15T09:00Z",
    "2025-12-15T14:00+01:00[Europe/Berlin]",
    "2025-12-15T14:00:30+01:00[Europe/Berlin]",
    "2025-12-16~",  # about the 16th sorts on the 16th
    "2026",
]


def test_order_is_by_the_start_as_written_then_precision_then_end() -> None:
    whens = [When.parse(text) for text in IN_ORDER]
    expected = [*whens, When(), When.undated("after the talks"), When.undated("before the summit")]
    # each adjacent pair in order, and never the other way round
    for before, after in itertools.pairwise(expected):
        assert before < after, (before, after)
        assert not after < before
        assert before <= after
        assert after > before
    for seed in range(20):
        shuffled = expected[:]
        random.Random(seed).shuffle(shuffled)
        assert sorted(shuffled) == expected


def test_a_day_sorts_before_the_times_in_it_and_the_ambiguous_hour_in_order() -> None:
    whens = [
        When.parse(text)
        for text in (
            "2025-10-26",
            "2025-10-26T02:30+02:00[Europe/Berlin]",
            "2025-10-26T02:30+01:00[Europe/Berlin]",
            "2025-10-26T03:00+01:00[Europe/Berlin]",
        )
    ]
    backwards = whens[::-1]
    assert sorted(backwards) == whens


def test_comparing_with_other_types() -> None:
    when = When.parse("2025")
    assert when != "2025"  # type: ignore[comparison-overlap]
    with pytest.raises(TypeError):
        _ = when < "2025"


def test_bound_constructors() -> None:
    assert Bound.of_date(2025) == When.parse("2025").start
    assert Bound.of_date(2025, 12) == When.parse("2025-12").start
    assert Bound.of_date(2025, 12, 16, approximate=True) == When.parse("2025-12-16~").start
    assert Bound.of_date(2025, 12, uncertain=True, approximate=True) == When.parse("2025-12%").start
    assert Bound("quarter", 2026, 7) == When.parse("2026-35").start
    assert repr(Bound.of_date(2025, 12)) == "Bound('2025-12')"
    berlin = zoneinfo.ZoneInfo(BERLIN)
    assert str(Bound.of_datetime(dt.datetime(2025, 12, 15, 14, 0, tzinfo=berlin))) == (
        "2025-12-15T14:00+01:00[Europe/Berlin]"
    )
    assert str(Bound.of_datetime(pendulum.datetime(2025, 12, 15, 14, 0, 5, tz=BERLIN))) == (
        "2025-12-15T14:00:05+01:00[Europe/Berlin]"
    )
    assert str(Bound.of_datetime(dt.datetime(2025, 12, 15, 13, 0, tzinfo=dt.UTC))) == "2025-12-15T13:00+00:00[UTC]"
    # a moment in another zone is converted to the zone asked for
    assert str(Bound.of_datetime(dt.datetime(2025, 12, 15, 13, 0, tzinfo=dt.UTC), BERLIN)) == (
        "2025-12-15T14:00+01:00[Europe/Berlin]"
    )
    # the second 02:30 of 26 Oct 2025 keeps its fold
    second = dt.datetime(2025, 10, 26, 2, 30, tzinfo=berlin, fold=1)
    assert str(Bound.of_datetime(second)) == "2025-10-26T02:30+01:00[Europe/Berlin]"


def test_fold_is_kept_only_where_a_time_happens_twice() -> None:
    assert Bound("minute", 2025, 10, 26, 2, 30, zone=BERLIN, fold=1).fold == 1
    assert Bound("minute", 2025, 12, 26, 2, 30, zone=BERLIN, fold=1).fold == 0
    assert Bound("minute", 2025, 12, 26, 2, 30, zone=BERLIN, fold=1) == Bound(
        "minute", 2025, 12, 26, 2, 30, zone=BERLIN
    )


def test_bound_moment_is_only_for_times() -> None:
    assert Bound("minute", 2025, 12, 15, 14, zone=BERLIN).moment == dt.datetime(2025, 12, 15, 13, tzinfo=dt.UTC)
    with pytest.raises(ValueError, match="a day is not a moment"):
        _ = Bound.of_date(2025, 12, 15).moment


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: Bound("week", 2025),
            "'week' is not a precision; choose one of year, season, quarter, month, day, minute",
        ),
        (lambda: Bound("day", 2025, 2, 30), '"2025-02-30" is not a valid date: day 30 is not 01–28'),
        (lambda: Bound("day", 2025, 12, 15, 14), "hour is given but the precision is day"),
        (lambda: Bound("quarter", 2025, 2), "a quarter starts in month 1, 4, 7 or 10, not 2"),
        (lambda: Bound("minute", 0, zone="UTC"), "year 0 is not between 0001 and 9999"),
        (lambda: Bound("month", 10_000), "year 10000 has more than four digits: only a year alone may"),
        (lambda: Bound("season", 2025, 4), "a season starts in month 3, 6, 9 or 12, not 4"),
        (lambda: Bound("year", 2011, unspecified=1), "the unspecified digits of year 2011 must be kept as 0"),
        (lambda: Bound("quarter", 2025, unspecified=2), "a quarter cannot have 2 unspecified digits"),
        (lambda: Bound("year", "2025"), "year must be a whole number"),  # type: ignore[arg-type]
        (lambda: Bound("day", 2025, 12, 15, zone=BERLIN), "a day has no time zone"),
        (lambda: Bound("minute", 2025, 12, 15, 14), "a time needs an IANA time zone"),
        (lambda: Bound("minute", 2025, 12, 15, 14, zone="Mars/Olympus"), '"Mars/Olympus" is not an IANA time zone'),
        (
            lambda: Bound("minute", 2025, 12, 15, 14, zone=BERLIN, approximate=True),
            "a time cannot be approximate or uncertain",
        ),
        (
            lambda: Bound("minute", 2025, 3, 30, 2, 30, zone=BERLIN),
            "02:30 does not exist in Europe/Berlin on 2025-03-30: the clocks skip it",
        ),
        (lambda: Bound.of_datetime(dt.datetime(2025, 12, 15, 14)), "2025-12-15T14:00:00 has no time zone"),
        (
            lambda: Bound.of_datetime(dt.datetime(2025, 12, 15, 14, tzinfo=dt.timezone(dt.timedelta(hours=1)))),
            "has a fixed offset but no IANA time zone name",
        ),
    ],
)
def test_impossible_bounds(make: object, message: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        make()  # type: ignore[operator]
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: When("2025"), "start must be a Bound, got str"),  # type: ignore[arg-type]
        (lambda: When(Bound.of_date(2025), "2026"), "end must be a Bound, got str"),  # type: ignore[arg-type]
        (lambda: When(None, Bound.of_date(2025)), "an interval needs a start (Unbounded.UNKNOWN if it is not known)"),
        (lambda: When(Unbounded.OPEN), "a point in time cannot be unbounded"),
        (lambda: When(Unbounded.OPEN, Unbounded.UNKNOWN), "an interval needs at least one dated end"),
        (lambda: When(Bound.of_date(2026), Bound.of_date(2025)), '"2026/2025" ends before it starts'),
        (lambda: When(Bound.of_date(2025), phrase="two\nlines"), 'phrase: "two\\nlines" contains a line break'),
        (lambda: When.parse("2025", phrase=""), "phrase: must not be empty"),
    ],
)
def test_impossible_whens(make: object, message: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        make()  # type: ignore[operator]
    assert str(caught.value) == message


BAD = [
    ("2025-13-01", '"2025-13-01" is not a valid date: month 13 is not 01–12'),
    ("2025-00", '"2025-00" is not a valid date: month 0 is not 01–12'),
    ("2025-02-30", '"2025-02-30" is not a valid date: day 30 is not 01–28: February 2025 has 28 days'),
    ("2025-02-29", '"2025-02-29" is not a valid date: day 29 is not 01–28: February 2025 has 28 days'),
    ("2024-02-30", '"2024-02-30" is not a valid date: day 30 is not 01–29: February 2024 has 29 days'),
    ("2025-12-00", '"2025-12-00" is not a valid date: day 0 is not 01–31: December 2025 has 31 days'),
    ("2025-12-15T25:00", '"2025-12-15T25:00" is not a valid time: hour 25 is not 00–23'),
    ("2025-12-15T24:00Z", '"2025-12-15T24:00Z" is not a valid time: hour 24 is not 00–23'),
    ("2025-12-15T14:60Z", '"2025-12-15T14:60Z" is not a valid time: minute 60 is not 00–59'),
    ("2025-12-15T14:00:60Z", '"2025-12-15T14:00:60Z" is not a valid time: second 60 is not 00–59'),
    (
        "2025-12-15T14:00+01:00[Europe/Berln]",
        '"2025-12-15T14:00+01:00[Europe/Berln]": "Europe/Berln" is not an IANA time zone name',
    ),
    (
        "2025-12-15T14:00+01:00[europe/berlin]",
        '"2025-12-15T14:00+01:00[europe/berlin]": "europe/berlin" is not an IANA time zone name '
        "(did you mean 'Europe/Berlin'?)",
    ),
    ("2025-12-15T14:00[]", '"2025-12-15T14:00[]" has an empty time zone'),
    (
        "2025-12-15T14:00+02:00[Europe/Berlin]",
        '"2025-12-15T14:00+02:00[Europe/Berlin]": the offset +02:00 contradicts Europe/Berlin, '
        "which is +01:00 on 2025-12-15",
    ),
    (
        "2025-12-15T14:00-00:00[UTC]",
        '"2025-12-15T14:00-00:00[UTC]": the offset -00:00 contradicts UTC, which is +00:00 on 2025-12-15',
    ),
    (
        "2025-12-15T14:00+01:00",
        '"2025-12-15T14:00+01:00" needs an IANA time zone name after the offset, as in '
        "2025-12-15T14:00+01:00[Europe/Berlin]; only UTC times (ending in Z) may leave it out",
    ),
    (
        "2025-12-15T14:00",
        '"2025-12-15T14:00" needs an IANA time zone name after the offset',
    ),
    ("2025-12-15/2025-12-14", '"2025-12-15/2025-12-14" ends before it starts'),
    ("2025-12/2025-11", '"2025-12/2025-11" ends before it starts'),
    ("2026/2025-12-31", '"2026/2025-12-31" ends before it starts'),
    ("2025-12-15T14:00Z/2025-12-14", '"2025-12-15T14:00Z/2025-12-14" ends before it starts'),
    (
        # 14:00 in Berlin is 13:00 UTC, after 12:00 UTC
        "2025-12-15T14:00+01:00[Europe/Berlin]/2025-12-15T12:00Z",
        '"2025-12-15T14:00+01:00[Europe/Berlin]/2025-12-15T12:00Z" ends before it starts',
    ),
    (
        "2025-03-30T02:30[Europe/Berlin]",
        '"2025-03-30T02:30[Europe/Berlin]" is not a valid time: '
        "02:30 does not exist in Europe/Berlin on 2025-03-30: the clocks skip it",
    ),
    (
        "2025-03-30T02:30+01:00[Europe/Berlin]",
        '"2025-03-30T02:30+01:00[Europe/Berlin]" is not a valid time: '
        "02:30 does not exist in Europe/Berlin on 2025-03-30: the clocks skip it",
    ),
    (
        "2025-10-26T02:30[Europe/Berlin]",
        '"2025-10-26T02:30[Europe/Berlin]" happens twice in Europe/Berlin (the clocks go back): '
        "give the offset, +02:00 or +01:00",
    ),
    (
        "2025-11-02T01:30[America/New_York]",
        '"2025-11-02T01:30[America/New_York]" happens twice in America/New_York (the clocks go back): '
        "give the offset, -04:00 or -05:00",
    ),
    # EDTF sub-year groupings other than seasons and quarters
    (
        "2025-25",
        '"2025-25" uses EDTF sub-year grouping 25, a level 2 form; '
        "only seasons (21–24) and quarters (33–36) are supported",
    ),
    (
        "2025-40",
        '"2025-40" uses EDTF sub-year grouping 40, a level 2 form; '
        "only seasons (21–24) and quarters (33–36) are supported",
    ),
    (
        "2025-41",
        '"2025-41" uses EDTF sub-year grouping 41, a level 2 form; '
        "only seasons (21–24) and quarters (33–36) are supported",
    ),
    ("2025-42", '"2025-42" is not a valid date: month 42 is not 01–12'),
    # times outside 0001–9999
    ("0000-01-01T10:00Z", '"0000-01-01T10:00Z" is not a valid time: year 0 is not between 0001 and 9999'),
    (
        "{2025,2026}",
        '"{2025,2026}" lists dates that all apply (EDTF level 2 multiple dates); record one event per date',
    ),
    # intervals with too many or too few dated ends
    ("2025/2026/2027", "\"2025/2026/2027\" has more than one '/': an interval has two ends"),
    ("/", '"/": an interval needs at least one dated end'),
    ("../..", '"../..": an interval needs at least one dated end'),
    ("/..", '"/..": an interval needs at least one dated end'),
    # malformed times
    (
        "2025-12-15T14",
        '"2025-12-15T14" is not a valid time: write hh:mm or hh:mm:ss, an offset and a zone, '
        "as in 2025-12-15T14:00+01:00[Europe/Berlin]",
    ),
    ("2025-12-15T14:00~", '"2025-12-15T14:00~" is not a valid time'),
    ("2025-12-15T14:00+01:00[Europe/Berlin]x", '"2025-12-15T14:00+01:00[Europe/Berlin]x" is not a valid time'),
]

NOT_DATES = [
    "garbage",
    "2025-1-01",
    "25-12-15",
    "2025-uu",
    "2025-12-15~T",
    "15.12.2025",
    "December 2025",
    "\x00",
    "2025\u201012\u201015",  # hyphens that are not ASCII
    "\uff12\uff10\uff12\uff15",  # full-width digits
    "\u0662\u0660\u0662\u0665-12",  # Arabic-Indic digits
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_dates(text: str, message: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        When.parse(text)
    error = caught.value
    assert isinstance(error, TimelineError)
    assert isinstance(error, ValueError)
    assert str(error).startswith(message)
    assert len(error.problems) == 1
    assert error.problems[0].path == ""


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        When.parse(text)
    if text.isascii():
        shown = text.encode("unicode_escape").decode("ascii")
        assert str(caught.value) == (
            f'"{shown}" is not a date: use EDTF such as 2025-12-15, 2025-12, 2025-12-16~ or '
            "2025-12-14/2025-12-15, or 2025-12-15T14:00+01:00[Europe/Berlin]"
        )
    else:
        assert f'"{text}" is not a date: it contains ' in str(caught.value)
        assert "dates use ASCII digits" in str(caught.value)


def test_a_lookalike_hyphen_is_named() -> None:
    with pytest.raises(InvalidInputError, match=r"it contains hyphen \(U\+2010\)"):
        When.parse("2025\u201012\u201015")


@pytest.mark.parametrize(
    "text", ["2" * 10_000, "2025-12-15/" + "x" * 9_989, "2025-12-15T14:00+01:00[" + "A" * 10_000 + "]"]
)
def test_very_long_text_is_refused_with_a_short_message(text: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        When.parse(text)
    assert str(caught.value) == f'"{text[:60]}…" is too long to be a date'


@pytest.mark.parametrize("value", [2025, None, 2025.5, b"2025", dt.date(2025, 12, 15)])
def test_parse_wants_text(value: object) -> None:
    with pytest.raises(InvalidInputError, match=f"^expected a date as text, got {type(value).__name__}$"):
        When.parse(value)  # type: ignore[arg-type]


def test_labels_in_an_unknown_locale() -> None:
    with pytest.raises(InvalidInputError, match=r"no labels for locale 'zz'; choose one of .*en"):
        When.parse("2025").label("zz")


ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham"]


@st.composite
def date_bounds(draw: st.DrawFn) -> Bound:
    precision = draw(st.sampled_from(["year", "quarter", "month", "day"]))
    year = draw(st.one_of(st.integers(1, 9999), st.sampled_from([1, 2025, 9999])))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 31))
    qualifier = draw(st.sampled_from(["", "~", "?", "%"]))
    approximate, uncertain = qualifier in ("~", "%"), qualifier in ("?", "%")
    if precision == "year":
        return Bound.of_date(year, approximate=approximate, uncertain=uncertain)
    if precision == "quarter":
        return Bound("quarter", year, (month - 1) // 3 * 3 + 1, approximate=approximate, uncertain=uncertain)
    if precision == "month":
        return Bound.of_date(year, month, approximate=approximate, uncertain=uncertain)
    assume(day <= pendulum.Date(year, month, 1).days_in_month)
    return Bound.of_date(year, month, day, approximate=approximate, uncertain=uncertain)


@st.composite
def time_bounds(draw: st.DrawFn) -> Bound:
    zone = zoneinfo.ZoneInfo(draw(st.sampled_from(ZONES)))
    moment = draw(
        st.datetimes(
            min_value=dt.datetime(1900, 1, 1),
            max_value=dt.datetime(2100, 12, 31),
            timezones=st.just(zone),
            allow_imaginary=False,
        )
    )
    return Bound.of_datetime(moment.replace(microsecond=0))


bounds = st.one_of(date_bounds(), time_bounds())
ends = st.one_of(bounds, st.sampled_from(list(Unbounded)))


@st.composite
def whens(draw: st.DrawFn) -> When:
    shape = draw(st.sampled_from(["undated", "point", "interval"]))
    phrase = draw(st.one_of(st.none(), st.sampled_from(["earlier this week", "after the talks"])))
    if shape == "undated":
        return When(phrase=phrase)
    if shape == "point":
        return When(draw(bounds), phrase=phrase)
    start, end = draw(ends), draw(ends)
    assume(isinstance(start, Bound) or isinstance(end, Bound))
    try:
        return When(start, end, phrase=phrase)
    except InvalidInputError:
        assume(False)
        raise


@given(whens())
def test_text_round_trips(when: When) -> None:
    text = str(when)
    again = When.parse(text, phrase=when.phrase)
    assert again == when
    assert str(again) == text
    assert again.label() == when.label()
    assert again.earliest == when.earliest
    assert again.latest == when.latest


@given(whens(), whens(), whens())
def test_order_is_a_total_order(a: When, b: When, c: When) -> None:
    assert sum((a < b, b < a, a == b)) == 1
    assert (a <= b) == (a < b or a == b)
    if a < b and b < c:
        assert a < c
    if a.is_dated and not b.is_dated:
        assert a < b


@given(st.lists(whens(), max_size=12), st.randoms(use_true_random=False))
def test_sorting_does_not_depend_on_the_order_given(items: list[When], rng: random.Random) -> None:
    shuffled = items[:]
    rng.shuffle(shuffled)
    assert [str(w) for w in sorted(shuffled)] == [str(w) for w in sorted(items)]
    assert sorted(shuffled) == sorted(items)


@given(date_bounds())
def test_a_date_covers_its_range(bound: Bound) -> None:
    when = When(bound)
    earliest, latest = when.earliest, when.latest
    assert type(earliest) is pendulum.Date
    assert type(latest) is pendulum.Date
    assert earliest <= bound.first_day <= bound.last_day <= latest
    if not bound.approximate:
        assert (earliest, latest) == (bound.first_day, bound.last_day)


def test_times_on_one_day_sort_by_instant_across_zones() -> None:
    washington = When.parse("2025-12-15T09:00-05:00[America/New_York]")  # 14:00 UTC
    kyiv = When.parse("2025-12-15T14:00+02:00[Europe/Kyiv]")  # 12:00 UTC
    day = When.parse("2025-12-15")
    assert sorted([washington, day, kyiv]) == [day, kyiv, washington]
    first = When.parse("2025-10-26T02:45+02:00[Europe/Berlin]")  # 00:45 UTC
    second = When.parse("2025-10-26T02:15+01:00[Europe/Berlin]")  # 01:15 UTC
    assert sorted([second, first]) == [first, second]


def test_between_a_utc_moment_finds_the_same_instant_in_another_zone() -> None:
    import datetime as dt

    from timeline import Event, Timeline

    berlin = Event("berlin", "Berlin", "2025-12-15T14:00+01:00[Europe/Berlin]")
    later = Event("later", "Later", "2025-12-15T14:30+01:00[Europe/Berlin]")
    moment = dt.datetime(2025, 12, 15, 13, 0, tzinfo=dt.UTC)
    found = Timeline("t", [berlin, later]).between(moment, moment)
    assert [event.id for event in found] == ["berlin"]


@pytest.mark.parametrize("text", ["9999-12-31T23:00-05:00[America/New_York]", "0001-01-01T00:30+00:53[Europe/Berlin]"])
def test_times_beyond_the_range_in_utc_are_refused(text: str) -> None:
    with pytest.raises(InvalidInputError, match="is outside years 1–9999 in UTC"):
        When.parse(text)
