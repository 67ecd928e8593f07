"""The quick reader of the usual dates (``_quick_when``) against the general parser (``_edtf``) as the oracle.

``When.parse`` reads the usual forms in one pass and leaves the rest to the
general parser. Whatever it reads must be the When the general parser and
``When(start, end)`` build, in every respect a user can see: equality, text,
order, spans, the days and instants it reaches. What it leaves must raise the
general parser's error, word for word. Texts are drawn from every form, valid
or not, at both ends of every range and in every zone.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from strategies import bounds, date_bounds, sets
from test_when_utc_in_zone import zoned_instants
from timeline import Bound, Precision, Unbounded, When
from timeline.errors import InvalidInputError
from timeline.model import _days, _edtf, _quick_when, clear_caches

ZONES = sorted(zoneinfo.available_timezones())


def _general(text: str, phrase: str | None = None) -> When:
    """The oracle: the general parser, and a When that runs every check of ``__init__``."""
    text = text.strip()
    if not text:
        return When(phrase=phrase)
    start, end = _edtf.parse(text)
    return When(start, end, phrase=phrase)


def _parse(text: str, phrase: str | None) -> When:
    return When.parse(text, phrase=phrase)


def _outcome(read: Callable[[str, str | None], When], text: str, phrase: str | None = None) -> object:
    try:
        when = read(text, phrase)
    except InvalidInputError as error:
        return ("error", type(error), str(error))
    return when


def _seen(when: When) -> tuple[object, ...]:
    """Everything a user can see of a When, with the types of each bound's fields."""
    fields = tuple(
        (name, type(value), value)
        for bound in when.bounds
        for name, value in ((name, getattr(bound, name)) for name in Bound.__slots__ if name != "__weakref__")
    )
    return (
        when,
        str(when),
        repr(when),
        hash(when),
        when.sort_key,
        when.day_spans,
        when._spans,
        when.earliest,
        when.latest,
        when.earliest_day,
        when.latest_day,
        when.earliest_at,
        when.latest_at,
        when.is_vague,
        fields,
    )


def _check(text: str, phrase: str | None = None) -> None:
    clear_caches()
    quick = _outcome(_parse, text, phrase)
    general = _outcome(_general, text, phrase)
    if isinstance(general, When):
        assert isinstance(quick, When), quick
        assert _seen(quick) == _seen(general)
        assert When.parse(str(quick), phrase=phrase) == quick
    else:
        assert quick == general


_YEARS = st.sampled_from(["0000", "0001", "0002", "0400", "1582", "1900", "2000", "2024", "2025", "9998", "9999"])
_DATE_YEARS = _YEARS | st.integers(0, 9999).map("{:04}".format) | st.sampled_from(["-0001", "-9999", "Y12345", "20XX"])
_MONTHS = st.sampled_from(["01", "02", "03", "06", "10", "11", "12", "00", "13", "21", "24", "33", "36", "99", "XX"])
_DAYS = st.sampled_from(["01", "28", "29", "30", "31", "00", "32", "XX"]) | st.integers(1, 31).map("{:02}".format)
_QUALIFIERS = st.sampled_from(["", "", "~", "?", "%"])
_OFFSETS = st.sampled_from(
    [None, "Z", "+00:00", "+01:00", "+02:00", "-05:00", "-04:00", "+05:30", "+10:30", "+14:00", "Z+01:00", "Z+00:00"]
)
_BAD_ZONES = st.sampled_from(["Nowhere/City", "europe/berlin", "", "!Europe/Berlin", "UTC ", "Etc/GMT+99"])


@st.composite
def date_texts(draw: st.DrawFn) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` with a qualifier, valid or not."""
    parts = [draw(_DATE_YEARS)]
    if draw(st.booleans()):
        parts.append(draw(_MONTHS))
        if draw(st.booleans()):
            parts.append(draw(_DAYS))
    return "-".join(parts) + draw(_QUALIFIERS)


@st.composite
def time_texts(draw: st.DrawFn) -> str:
    """A wall time or a UTC time in a zone, with or without seconds and offset, valid or not."""
    if draw(st.booleans()):  # from a real instant, often next to a clock change, shown as UTC or wall time
        instant, zone = draw(zoned_instants())
        if draw(st.booleans()):
            fields = instant.strftime("%m-%dT%H:%M")
            return f"{instant.year:04}-{fields}Z[{zone}]"
        local = instant.astimezone(zoneinfo.ZoneInfo(zone))
        offset = draw(st.sampled_from(["", "+00:00", local.strftime("%z")[:3] + ":" + local.strftime("%z")[3:5]]))
        return f"{local.year:04}-{local.strftime('%m-%dT%H:%M')}{offset}[{zone}]"
    year = draw(_YEARS)
    month = draw(st.sampled_from(["01", "02", "03", "10", "11", "12", "00", "13"]))
    day = draw(_DAYS.filter(lambda day: day != "XX"))
    hour = draw(st.sampled_from(["00", "01", "02", "03", "12", "23", "24"]))
    minute = draw(st.sampled_from(["00", "30", "59", "60"]))
    second = draw(st.sampled_from(["", "", ":00", ":30", ":59", ":60"]))
    offset = draw(_OFFSETS) or ""
    zone = draw(st.sampled_from(ZONES) | _BAD_ZONES)
    bracket = "" if offset == "Z" and draw(st.booleans()) else f"[{zone}]"
    return f"{year}-{month}-{day}T{hour}:{minute}{second}{offset}{bracket}{draw(_QUALIFIERS)}"


_ENDS = date_texts() | time_texts()
_INTERVALS = st.builds(
    lambda first, second: f"{first}/{second}",
    _ENDS | st.sampled_from(["", ".."]),
    _ENDS | st.sampled_from(["", ".."]),
)
_NOISE = st.text(st.sampled_from("0123456789-T:Z[]/.~?%+X Y"), max_size=40)


@settings(max_examples=400)
@given(_ENDS | _INTERVALS | _NOISE)
@example("2025-03-30T02:30[Europe/Berlin]")  # skipped
@example("2025-10-26T02:30[Europe/Berlin]")  # happens twice
@example("2025-10-26T02:30+01:00[Europe/Berlin]")
@example("2025-10-26T02:30+02:00[Europe/Berlin]")
@example("2025-10-26T02:30+03:00[Europe/Berlin]")
@example("0001-01-01T00:00Z[UTC]")
@example("9999-12-31T23:59:59Z[UTC]")
@example("1900-01-01T00:00:28Z[Europe/Amsterdam]")  # the offset has seconds: 00:20:00 local
@example("2025-12-15/2025-12-14")
@example("2025-12-15T10:00Z[Europe/Berlin]/2025-12-15T09:00Z[Europe/Berlin]")
@example("../..")
@example("/")
@example("..")
@example("-9999-01-01/9999-12-31")
@example("0000-02-29/9999-12-31")  # plain days: both ends of the years, a leap day of year 0
@example("2025-02-29")
@example("2024-02-29/2024-02-28")
@example("2025-13-01/2025-12-01")
@example(" 2025-12-15")
@example("2025-12-15 ")
@example("2025-12-15T13:00Z+01:00[Europe/Berlin]")  # a "Z" and an offset: no time has both
@example("2025-12-15T13:00Z[UTC]/2025-12-15T14:00Z-05:00[UTC]")
@example("2025-12-15T24:00Z[UTC]")
def test_the_quick_reader_reads_what_the_general_parser_reads(text: str) -> None:
    _check(text)


@given(st.sampled_from(["2025-12-15", "2025-12-15T14:00Z[Europe/Berlin]", "2025/.."]), st.none() | st.text(max_size=5))
def test_a_phrase_is_checked_as_by_the_general_path(text: str, phrase: str | None) -> None:
    _check(text, phrase)


@pytest.mark.parametrize(
    "text",
    [
        "2025",
        "2025-12~",
        "2025-12-15?",
        "2025-12-14/2025-12-15",
        "2025-12-14/..",
        "../2025-12-14",
        "2025-12-14/",
        "2025-03-14T10:15Z[Europe/Berlin]",
        "2025-03-14T11:15+01:00[Europe/Berlin]",
        "2025-03-14T11:15:30[Europe/Berlin]",
        "2025-03-14T10:15Z[Europe/Berlin]/2025-03-14T12:15Z[Europe/Berlin]",
    ],
)
def test_the_usual_forms_take_the_quick_path(text: str) -> None:
    assert _quick_when.parse(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "2025-12-15",
        "0001-01-01",
        "9999-12-31/9999-12-31",
        "2024-02-29/2025-02-28",
        "2025-12-15~/..",
        "2025-12-15?/",
        "2025",
        "0000%",
        "2025-12~",
        "2025-12~/2025-12-15",
        "0000/9999",
        "9999-12/..",
    ],
)
def test_dates_take_the_dates_path(text: str) -> None:
    dates = _quick_when._DATES.match(text)
    assert dates is not None
    assert _quick_when._dates(text, dates.groups()) is not None


_PLAIN_DATES = st.builds(
    lambda year, month, day, parts, qualifier: "-".join((year, month, day)[:parts]) + qualifier,
    _DATE_YEARS.filter(lambda year: len(year) == 4 and year.isdigit()),
    _MONTHS.filter(str.isdigit),
    _DAYS.filter(str.isdigit),
    st.integers(1, 3),
    _QUALIFIERS,
)


@settings(max_examples=400)
@given(
    _PLAIN_DATES
    | st.builds(lambda first, second: f"{first}/{second}", _PLAIN_DATES, _PLAIN_DATES | st.just("..") | st.just(""))
)
@example("0000-02-29")  # year 0 is a leap year that datetime does not hold: the usual pattern reads it
@example("0000-12-31/0001-01-01")
@example("2025-12/2025-11-30")
@example("2025-12/2025-12-01")
@example("2025/2024-12-31")
@example("2025-21")
@example("2025-13~")
@example("2025-12-15~/2025-12-15?")
@example("2025-12-15%/..")
@example("2025-12-15/")
@example("9999-12-31/")
@example("2025-12-15/...")
@example("2025-12-15//")
def test_dates_read_as_the_general_parser_reads_them(text: str) -> None:
    _check(text)


@given(st.integers(-(10**9), 10**9), st.integers(1, 12), st.integers(1, 31))
@example(1, 1, 1)
@example(9999, 12, 31)
@example(0, 2, 29)
@example(-1, 3, 1)
def test_day_numbers_follow_datetime_and_its_400_year_cycle(year: int, month: int, day: int) -> None:
    day = min(day, _days.month_days(year, month))
    cycles, rest = divmod(year - 1, 400)
    expected = cycles * 146_097 + dt.date(rest + 1, month, day).toordinal()
    assert _days.day_number(year, month, day) == expected
    assert _days.day_parts(expected) == (year, month, day)


def test_a_user_built_bound_still_runs_every_check() -> None:
    with pytest.raises(InvalidInputError, match="02:30 does not exist in Europe/Berlin on 2025-03-30"):
        Bound(Precision.MINUTE, 2025, 3, 30, 2, 30, zone="Europe/Berlin")
    with pytest.raises(InvalidInputError, match="day 30 is not 01–28"):
        Bound(Precision.DAY, 2025, 2, 30)


def _general_when(start: object, end: object, phrase: object) -> object:
    """The oracle for ``When(...)``: the general path alone, on a When whose fields are set without ``__init__``."""
    when = object.__new__(When)
    for name, value in (("start", start), ("end", end), ("phrase", phrase)):
        object.__setattr__(when, name, value)
    try:
        when._check_and_build()
    except InvalidInputError as error:
        return ("error", str(error))
    return when


_PARTS = bounds() | st.sampled_from([*Unbounded, None, 5, "2025"]) | sets()


@settings(max_examples=300)
@given(_PARTS, _PARTS, st.sampled_from([None, "last week", "", " ", "a\nb", 5]))
@example(Bound.of_date(2025, 12, 15), Bound.of_date(2025, 12, 14), None)
@example(Unbounded.OPEN, Bound.of_date(2025, 12, 14), "x")
@example(Unbounded.OPEN, Unbounded.UNKNOWN, None)
def test_building_a_when_agrees_with_the_general_checks(start: object, end: object, phrase: object) -> None:
    general = _general_when(start, end, phrase)
    if not isinstance(general, When):
        with pytest.raises(InvalidInputError) as raised:
            When(start, end, phrase=phrase)  # type: ignore[arg-type]
        assert general == ("error", str(raised.value))
        return
    built = When(start, end, phrase=phrase)  # type: ignore[arg-type]
    assert (built, built._spans, built._sort_key, str(built)) == (
        general,
        general._spans,
        general._sort_key,
        str(general),
    )


@st.composite
def wall_times(draw: st.DrawFn) -> dt.datetime:
    """A wall time in a zone, either fold, often within two hours of one of its clock changes."""
    instant, zone = draw(zoned_instants())
    local = instant.astimezone(zoneinfo.ZoneInfo(zone)).replace(fold=draw(st.sampled_from([0, 1])))
    # Shifting the wall clock, not the instant, reaches the skipped and the repeated times.
    return local + dt.timedelta(minutes=draw(st.integers(-90, 90)))


@settings(max_examples=300)
@given(wall_times())
def test_a_time_is_skipped_exactly_when_it_does_not_come_back_from_utc(local: dt.datetime) -> None:
    bound = object.__new__(Bound)
    fields = {"year": local.year, "month": local.month, "day": local.day, "hour": local.hour}
    fields |= {"minute": local.minute, "second": local.second, "fold": local.fold, "zone": str(local.tzinfo)}
    for name, value in fields.items():
        object.__setattr__(bound, name, value)
    assert bound._skipped() == Bound._skipped_by_round_trip(local)


@given(date_bounds())
def test_the_reach_of_a_date_agrees_with_the_general_path(bound: Bound) -> None:
    assert bound._reach() == bound._date_reach()


def _offset_text(offset: dt.timedelta) -> str:
    minutes = offset // dt.timedelta(minutes=1)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02}:{abs(minutes) % 60:02}"


@st.composite
def zoned_texts(draw: st.DrawFn) -> str:
    """A time in a zone as UTC (``Z``) or as its wall time with an offset: the zone's own, or one a step off.

    Wall times are shifted on the wall clock, not the instant, so they reach the skipped
    and the repeated times; offsets include the zone's early ones with seconds.
    """
    instant, zone = draw(zoned_instants())
    seconds = draw(st.sampled_from(["", ":00", ":30", ":59"]))
    if draw(st.booleans()):
        return f"{instant.year:04}-{instant.strftime('%m-%dT%H:%M')}{seconds}Z[{zone}]"
    local = instant.astimezone(zoneinfo.ZoneInfo(zone)) + dt.timedelta(minutes=draw(st.integers(-90, 90)))
    offset = local.utcoffset()
    assert offset is not None
    step = dt.timedelta(minutes=draw(st.sampled_from([0, 0, 0, 15, -15, 60, -60])))
    return f"{local.year:04}-{local.strftime('%m-%dT%H:%M')}{seconds}{_offset_text(offset + step)}[{zone}]"


@settings(max_examples=500)
@given(zoned_texts() | st.builds(lambda first, second: f"{first}/{second}", zoned_texts(), zoned_texts()))
@example("2025-03-30T02:30+01:00[Europe/Berlin]")  # skipped
@example("2025-10-26T02:30+01:00[Europe/Berlin]")  # repeated
@example("2025-10-26T02:30+02:00[Europe/Berlin]")
@example("2025-10-26T00:30Z[Europe/Berlin]")  # the first 02:30 of the two
@example("2025-10-26T01:30Z[Europe/Berlin]")  # the second
@example("2025-12-15T14:00-00:00[UTC]")
@example("2025-12-15T14:00+00:00[UTC]")
@example("2025-12-15T14:00+05:45[Asia/Kathmandu]")
@example("2025-12-15T14:00+13:45[Pacific/Chatham]")
@example("1900-01-01T00:20+00:19[Europe/Amsterdam]")  # an offset with seconds: 00:19:32
@example("1900-01-01T00:00Z[Europe/Amsterdam]")
@example("0002-01-01T00:00Z[Pacific/Kiritimati]")
@example("0001-12-31T23:59Z[Pacific/Kiritimati]")
@example("9998-12-31T23:59+14:00[Pacific/Kiritimati]")
@example("9999-01-01T00:00-11:00[Pacific/Pago_Pago]")
@example("2025-12-15T14:00:60+01:00[Europe/Berlin]")
@example("2025-12-15T14:00Z[UTC]/2025-12-15T14:59+01:00[Europe/Berlin]")  # ends before it starts
@example("2025-12-15T14:00Z[UTC]/2025-12-15T15:00+01:00[Europe/Berlin]")  # the same instant
@example("2025-12-15T14:00Z[UTC]/2025-12-15T14:00[UTC]")  # a wall time without offset at the end
def test_times_in_a_zone_read_as_the_general_parser_reads_them(text: str) -> None:
    _check(text)
    if "/" not in text:
        _check(f"{text}/{text}")


@pytest.mark.parametrize(
    "text",
    ["2025-12-15T13:00Z+01:00[Europe/Berlin]", "2025-12-15T13:00Z[UTC]/2025-12-15T14:00Z+00:00[UTC]"],
)
def test_a_time_with_both_z_and_an_offset_is_refused(text: str) -> None:
    with pytest.raises(InvalidInputError, match="is not a valid time: write hh:mm or hh:mm:ss, an offset and a zone"):
        When.parse(text)


@pytest.mark.parametrize(
    ("written", "offset", "zone"),
    [
        ("2025-12-15T14:00", "+01:00", "Europe/Berlin"),
        ("2025-12-15T13:00:30Z", "Z", "Europe/Berlin"),
        ("2025-06-01T12:00", "+05:45", "Asia/Kathmandu"),
    ],
)
def test_times_at_a_quarter_hour_offset_take_the_zoned_time_path(written: str, offset: str, zone: str) -> None:
    with_seconds = written.count(":") == 2
    info = zoneinfo.ZoneInfo(zone)
    assert _quick_when._zoned_time(written, with_seconds, offset, zone, info) is not None


@pytest.mark.parametrize(
    "text",
    [
        "2025-12-15T14:00+01:00[Europe/Berlin]",
        "2025-12-15T23:30:30Z[Asia/Tokyo]",
        "2025-12-15T14:00Z[UTC]",
        "2025-12-15T14:00Z[UTC]/2025-12-15T15:00+01:00[Europe/Berlin]",
    ],
)
def test_times_at_a_quarter_hour_offset_take_the_zoned_pattern(text: str) -> None:
    zoned = _quick_when._ZONED.match(text)
    assert zoned is not None
    assert _quick_when._zoned_times(text, zoned.groups()) is not None


class _Text(str):
    """A subclass of ``str``: it takes the checked path of ``When.parse``, not the usual call's."""


@pytest.mark.parametrize("text", ["2025-12-15", "", "2025-12-15T14:00+01:00[Europe/Berlin]", "x" * 200, "1" * 201])
def test_the_usual_call_reads_as_the_checked_path(text: str) -> None:
    clear_caches()
    usual = _outcome(_parse, text)
    clear_caches()
    assert usual == _outcome(_parse, _Text(text))
    if len(text) <= 200:  # the general parser has no limit of its own: When.parse refuses a longer text first
        assert usual == _outcome(_general, text)
    else:
        assert usual == ("error", InvalidInputError, f'"{text[:60]}…" is too long to be a date')
