"""Vague dates: :class:`When`, its :class:`Bound` ends, and how they compare.

The text form is EDTF (ISO 8601-2) for dates and intervals, and RFC 9557 for times
in a named zone; :mod:`timeline.model._edtf` reads it::

    2025-12-15                       that day
    2025-12                          some day in December 2025
    2026-35                          some day in the third quarter of 2026
    2025-12-16~                      about 16 Dec 2025 (``?`` uncertain, ``%`` both)
    2025-12-14/2025-12-15            from the 14th to the 15th
    2025-12-14/..                    from the 14th, still going on (``../x``: open start)
    2025-12-14/                      from the 14th, end unknown (``/x``: start unknown)
    2025-12-15T14:00+01:00[Europe/Berlin]      that minute, Berlin time
    2025-12-15T14:00:30+01:00[Europe/Berlin]   that second

What ``~`` means in numbers is not fixed by EDTF; timeline widens an approximate
bound by one year, quarter or month, or by three days, on each side, and says so in
:attr:`When.earliest_day` and :attr:`When.latest_day`. ``?`` does not widen the range.

Comparisons follow one rule (:mod:`timeline.model._days`): two times compare as
instants in UTC; as soon as a date is involved, calendar days compare, a time's day
being its day in its own zone.
"""

from __future__ import annotations

import datetime as dt
import enum
import zoneinfo
from collections.abc import Iterable
from functools import total_ordering
from typing import Final, NamedTuple

import attrs
import pendulum

from timeline._validation import check_line, is_zone, quote, text_cache, zone_problem
from timeline.errors import InvalidInputError, Problem, TimelineError
from timeline.model import _days
from timeline.model._days import AFTER_ALL, BEFORE_ALL, INFINITY, Point, le

__all__ = ["Bound", "OneOf", "Precision", "SortKey", "Unbounded", "When"]


class Precision(enum.Enum):
    """How finely a :class:`Bound` is known, from a year down to a second."""

    YEAR = "year"
    SEASON = "season"
    QUARTER = "quarter"
    MONTH = "month"
    DAY = "day"
    MINUTE = "minute"
    SECOND = "second"

    @property
    def is_time(self) -> bool:
        """Whether this precision names a moment in a time zone."""
        return self in (Precision.MINUTE, Precision.SECOND)


_RANK: Final = {precision: rank for rank, precision in enumerate(Precision)}


# How many months a bound of each precision covers, and how far ``~`` widens it in months.
_MONTHS: Final = {Precision.YEAR: 12, Precision.SEASON: 3, Precision.QUARTER: 3, Precision.MONTH: 1}
_SEASONS: Final = {21: 3, 22: 6, 23: 9, 24: 12}  # EDTF season to its first month (northern meteorological seasons)


class Unbounded(enum.Enum):
    """An interval end that is not a date: unknown (``/``) or open, still going on (``..``)."""

    UNKNOWN = "unknown"
    OPEN = "open"

    def __str__(self) -> str:
        return "" if self is Unbounded.UNKNOWN else ".."


class _BoundError(InvalidInputError):
    """An impossible bound; ``reasons`` say why, for messages that quote the input."""

    def __init__(self, shown: str, kind: str, reasons: list[str]) -> None:
        self.kind = kind
        self.reasons = tuple(reasons)
        super().__init__(Problem(f"{shown} is not a valid {kind}: {reason}") for reason in reasons)

    def quoting(self, text: str) -> InvalidInputError:
        return InvalidInputError(
            Problem(f"{quote(text)} is not a valid {self.kind}: {reason}") for reason in self.reasons
        )


def _zone(name: str) -> zoneinfo.ZoneInfo:
    """The zone named ``name``; :class:`zoneinfo.ZoneInfo` keeps each loaded zone, as the iCalendar code does."""
    return zoneinfo.ZoneInfo(name)


def _precision(value: Precision | str) -> Precision:
    if value.__class__ is Precision:
        return value
    try:
        return Precision(value)
    except ValueError:
        choices = ", ".join(precision.value for precision in Precision)
        raise InvalidInputError(f"{value!r} is not a precision; choose one of {choices}") from None


class _Reach(NamedTuple):
    """Where a :class:`Bound` lies: as written (``first``, ``last``), widened for ``~``
    (``low``, ``high``), and its nominal ``start`` and ``end`` in microseconds of UTC."""

    first: Point
    last: Point
    low: Point
    high: Point
    start: int
    end: int


_MONTH_NAMES: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@attrs.frozen(repr=False)
class Bound:
    """One end of a :class:`When`: a year, season, quarter, month, day or a moment in a zone.

    Fields finer than the precision keep their defaults (a ``MONTH`` bound has
    ``day == 1``), so equal bounds compare equal. A ``SEASON`` or ``QUARTER`` bound
    keeps its first month in ``month`` (a season's months are those of the northern
    meteorological seasons: spring is March to May, winter December to February of
    the next year). ``MINUTE`` and ``SECOND`` bounds need an IANA ``zone``; ``fold``
    picks the second of two equal wall-clock times when clocks go back (it is 0
    whenever the time is not ambiguous). Only dates may be ``approximate`` or
    ``uncertain``.

    ``unspecified`` counts the digits written ``X`` from the right (EDTF level 1):
    1 or 2 for a year (``201X``: 2010–2019; ``20XX``: 2000–2099, with ``year`` 2010
    or 2000), 2 for a month (``2004-XX``: some month of 2004), 2 or 4 for a day
    (``2004-06-XX``, ``2004-XX-XX``). The digits behind an ``X`` are kept as 0 (a
    year) or 1 (a month or day).

    Years are proleptic Gregorian and may be 0 or negative (``-0010``, eleven years
    before 1 AD); a year alone may have more than four digits (``Y170000002``).
    Months and days need a year within -9999–9999, times one within 1–9999.

    Raises :class:`~timeline.errors.InvalidInputError` for a date that does not
    exist (``2025-02-30``), a time skipped by a clock change, or an unknown zone.
    """

    precision: Precision = attrs.field(converter=_precision)
    year: int
    month: int = 1
    day: int = 1
    hour: int = 0
    minute: int = 0
    second: int = 0
    zone: str | None = None
    fold: int = 0
    approximate: bool = False
    uncertain: bool = False
    unspecified: int = 0

    def __attrs_post_init__(self) -> None:
        if self._plainly_valid():
            return
        reasons = self._problems()
        if reasons:
            raise _BoundError(self._raw_text(), "time" if self.precision.is_time else "date", reasons)
        if self.precision.is_time and self.fold and not self._ambiguous():
            object.__setattr__(self, "fold", 0)

    def __repr__(self) -> str:
        return f"Bound({str(self)!r})"

    # -- construction -------------------------------------------------------------

    @classmethod
    def of_date(
        cls,
        year: int,
        month: int | None = None,
        day: int | None = None,
        *,
        approximate: bool = False,
        uncertain: bool = False,
    ) -> Bound:
        """A year, month or day bound, its precision taken from the parts given."""
        if month is None:
            return cls(Precision.YEAR, year, approximate=approximate, uncertain=uncertain)
        if day is None:
            return cls(Precision.MONTH, year, month, approximate=approximate, uncertain=uncertain)
        return cls(Precision.DAY, year, month, day, approximate=approximate, uncertain=uncertain)

    @classmethod
    def of_datetime(cls, moment: dt.datetime, zone: str | None = None) -> Bound:
        """A ``SECOND`` (or ``MINUTE``, when seconds are zero) bound at ``moment``.

        ``zone`` names the IANA zone; by default it is taken from ``moment``'s
        ``tzinfo`` (a :class:`zoneinfo.ZoneInfo` or pendulum zone). A moment in
        another zone is converted to ``zone`` first. Times are kept to the second:
        a moment with microseconds is refused rather than cut.
        """
        if moment.tzinfo is None:
            raise InvalidInputError(f"{moment.isoformat()} has no time zone")
        if moment.microsecond:
            raise InvalidInputError(
                f"{moment.isoformat()} has a fraction of a second; times are kept to the second, "
                "so round it first (moment.replace(microsecond=0))"
            )
        name = zone if zone is not None else getattr(moment.tzinfo, "key", None)
        if name is None:
            name = "UTC" if moment.utcoffset() == dt.timedelta(0) else None
        if name is None:
            raise InvalidInputError(f"{moment.isoformat()} has a fixed offset but no IANA time zone name")
        if (message := zone_problem(name)) is not None:
            raise InvalidInputError(message)
        # A plain datetime of the same instant, so that the conversion never depends on the tzinfo's family.
        utc = moment.astimezone(dt.UTC)
        plain = dt.datetime(utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, tzinfo=dt.UTC)
        local = plain.astimezone(_zone(name))
        precision = Precision.SECOND if local.second else Precision.MINUTE
        return cls(
            precision,
            local.year,
            local.month,
            local.day,
            local.hour,
            local.minute,
            local.second,
            zone=name,
            fold=local.fold,
        )

    # -- checks -------------------------------------------------------------------

    def _plainly_valid(self) -> bool:
        """A quick check of the usual bounds: ``True`` only where :meth:`_problems` finds nothing.

        It leaves out ``X`` digits and a ``fold`` of 1 (which may need setting back to 0);
        whatever it does not settle goes to :meth:`_problems`, which says what is wrong.
        """
        year, month, day, hour, minute, second = self.year, self.month, self.day, self.hour, self.minute, self.second
        if not (
            type(year) is int
            and type(month) is int
            and type(day) is int
            and type(hour) is int
            and type(minute) is int
            and type(second) is int
            and self.fold.__class__ is int
            and self.fold == 0
            and self.unspecified.__class__ is int
            and self.unspecified == 0
            and self.approximate.__class__ is bool
            and self.uncertain.__class__ is bool
        ):
            return False
        precision = self.precision
        if precision is Precision.DAY or precision is Precision.MONTH:
            day_ok = 1 <= day <= _days.month_days(year, month) if precision is Precision.DAY else day == 1
            return (
                -9999 <= year <= 9999
                and 1 <= month <= 12
                and day_ok
                and hour == 0
                and minute == 0
                and second == 0
                and self.zone is None
            )
        if precision is Precision.YEAR:
            return month == 1 and day == 1 and hour == 0 and minute == 0 and second == 0 and self.zone is None
        if precision is Precision.SEASON or precision is Precision.QUARTER:
            starts = (3, 6, 9, 12) if precision is Precision.SEASON else (1, 4, 7, 10)
            return (
                -9999 <= year <= 9999
                and month in starts
                and day == 1
                and hour == 0
                and minute == 0
                and second == 0
                and self.zone is None
            )
        zone = self.zone
        return (
            2 <= year <= 9998  # further than a day from the ends of years 1–9999 in any zone
            and 1 <= month <= 12
            and 1 <= day <= _days.month_days(year, month)
            and 0 <= hour <= 23
            and 0 <= minute <= 59
            and 0 <= second <= 59
            and (second == 0 or precision is Precision.SECOND)
            and not self.approximate
            and not self.uncertain
            and type(zone) is str
            and is_zone(zone)
            and not self._skipped()
        )

    def _problems(self) -> list[str]:
        problems: list[str] = []
        for name in ("year", "month", "day", "hour", "minute", "second", "fold", "unspecified"):
            if type(getattr(self, name)) is not int:
                return [f"{name} must be a whole number"]
        if type(self.approximate) is not bool or type(self.uncertain) is not bool:
            return ["approximate and uncertain must be true or false"]
        precision = self.precision
        if precision.is_time and not 1 <= self.year <= 9999:
            return [f"year {self.year} is not between 0001 and 9999"]
        if precision is not Precision.YEAR and not -9999 <= self.year <= 9999:
            return [f"year {self.year} has more than four digits: only a year alone may (Y{self.year})"]
        if self.unspecified:
            problems.extend(self._unspecified_problems())
        finer = {
            Precision.YEAR: ("month", "day", "hour", "minute", "second"),
            Precision.SEASON: ("day", "hour", "minute", "second"),
            Precision.QUARTER: ("day", "hour", "minute", "second"),
            Precision.MONTH: ("day", "hour", "minute", "second"),
            Precision.DAY: ("hour", "minute", "second"),
            Precision.MINUTE: ("second",),
            Precision.SECOND: (),
        }[precision]
        problems.extend(
            f"{name} is given but the precision is {precision.value}"
            for name in finer
            if getattr(self, name) != (1 if name in ("month", "day") else 0)
        )
        if not 1 <= self.month <= 12:
            problems.append(f"month {self.month} is not 01–12")
        elif precision is Precision.QUARTER and self.month not in (1, 4, 7, 10):
            problems.append(f"a quarter starts in month 1, 4, 7 or 10, not {self.month}")
        elif precision is Precision.SEASON and self.month not in (3, 6, 9, 12):
            problems.append(f"a season starts in month 3, 6, 9 or 12, not {self.month}")
        elif not 1 <= self.day <= _days.month_days(self.year, self.month):
            days = _days.month_days(self.year, self.month)
            problems.append(
                f"day {self.day} is not 01–{days}: {_MONTH_NAMES[self.month - 1]} {self.year} has {days} days"
            )
        if not 0 <= self.hour <= 23:
            problems.append(f"hour {self.hour} is not 00–23")
        if not 0 <= self.minute <= 59:
            problems.append(f"minute {self.minute} is not 00–59")
        if not 0 <= self.second <= 59:
            problems.append(f"second {self.second} is not 00–59")
        if self.fold not in (0, 1):
            problems.append(f"fold {self.fold} is not 0 or 1")
        if precision.is_time:
            if self.approximate or self.uncertain:
                problems.append("a time cannot be approximate or uncertain; use a day or coarser")
            if self.zone is None:
                problems.append("a time needs an IANA time zone, such as [Europe/Berlin] or [UTC]")
            elif not isinstance(self.zone, str) or (message := zone_problem(self.zone)) is not None:
                problems.append(message if isinstance(self.zone, str) and message else "zone must be text")
            elif not problems and self._out_of_range():
                problems.append(
                    f"{self.year:04}-{self.month:02}-{self.day:02} in {self.zone} is outside years 1–9999 in UTC"
                )
            elif not problems and self._skipped():
                problems.append(
                    f"{self.hour:02}:{self.minute:02} does not exist in {self.zone} on "
                    f"{self.year:04}-{self.month:02}-{self.day:02}: the clocks skip it"
                )
        elif self.zone is not None:
            problems.append(f"a {precision.value} has no time zone")
        elif self.fold:
            problems.append(f"a {precision.value} has no fold")
        return problems

    def _unspecified_problems(self) -> list[str]:
        allowed = {Precision.YEAR: (1, 2), Precision.MONTH: (2,), Precision.DAY: (2, 4)}.get(self.precision, ())
        if self.unspecified not in allowed:
            return [f"a {self.precision.value} cannot have {self.unspecified} unspecified digits (X)"]
        if self.approximate or self.uncertain:
            return ["a date with unspecified digits (X) cannot also be approximate or uncertain"]
        if not 0 <= self.year <= 9999:
            return ["only a year within 0000–9999 can have unspecified digits (X)"]
        if self.precision is Precision.YEAR and self.year % 10**self.unspecified:
            return [f"the unspecified digits of year {self.year} must be kept as 0"]
        if (self.precision is Precision.DAY and self.day != 1) or (self.unspecified == 4 and self.month != 1):
            return ["an unspecified month or day (XX) must be kept as 1"]
        if self.precision is Precision.MONTH and self.month != 1:
            return ["an unspecified month (XX) must be kept as 1"]
        return []

    def _raw_text(self) -> str:
        try:
            return quote(str(self))
        except (ValueError, TypeError, OverflowError, KeyError, IndexError):
            return quote(f"{self.year}-{self.month}-{self.day}")

    def _local(self, fold: int | None = None) -> dt.datetime:
        return dt.datetime(
            self.year,
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second,
            tzinfo=_zone(self.zone or "UTC"),
            fold=self.fold if fold is None else fold,
        )

    def _out_of_range(self) -> bool:
        try:
            self._local().astimezone(dt.UTC)
            self._local(1 - self.fold).astimezone(dt.UTC)
        except OverflowError:
            return True
        return False

    def _skipped(self) -> bool:
        local = self._local()
        back = local.astimezone(dt.UTC).astimezone(local.tzinfo)
        return back.replace(tzinfo=None, fold=0) != local.replace(tzinfo=None, fold=0)

    def _ambiguous(self) -> bool:
        return self._local(0).utcoffset() != self._local(1).utcoffset()

    # -- values -------------------------------------------------------------------

    def _covered_months(self) -> int:
        """How many months the bound covers; 0 for one day or a moment."""
        if self.unspecified:
            if self.precision is Precision.YEAR:
                return 12 * int(10**self.unspecified)
            return 1 if self.precision is Precision.DAY and self.unspecified == 2 else 12
        return _MONTHS.get(self.precision, 0)

    def _day_numbers(self) -> tuple[int, int]:
        """The first and last day this bound covers, as day numbers, before widening."""
        first = _days.day_number(self.year, self.month, self.day)
        months = self._covered_months()
        if not months:
            return first, first
        year, month = _days.add_months(self.year, self.month, months)
        return first, _days.day_number(year, month, 1) - 1

    def _widened_day_numbers(self) -> tuple[int, int]:
        """The first and last day this bound may mean, widened for ``~``."""
        return self._widened(*self._day_numbers())

    def _widened(self, first: int, last: int) -> tuple[int, int]:
        """``first`` and ``last``, this bound's day numbers, widened for ``~``."""
        if not self.approximate:
            return first, last
        if self.precision is Precision.DAY:
            return first - 3, last + 3
        months = _MONTHS[self.precision]
        year, month = _days.add_months(self.year, self.month, -months)
        low = _days.day_number(year, month, 1)
        year, month = _days.add_months(self.year, self.month, 2 * months)
        return low, _days.day_number(year, month, 1) - 1

    def _instant(self) -> int:
        return _days.instant(self._local())

    def _reach(self) -> _Reach:
        """Every point of this bound that order and overlap need, computed at once."""
        precision = self.precision
        if precision is Precision.MINUTE or precision is Precision.SECOND:
            moment = self._instant()
            point = Point(_days.day_number(self.year, self.month, self.day), moment)
            return _Reach(point, point, point, point, moment, moment)
        first, last = self._day_numbers()
        low, high = self._widened(first, last)
        written_first, written_last = Point(first), Point(last)
        return _Reach(
            written_first,
            written_last,
            written_first if low == first else Point(low),
            written_last if high == last else Point(high),
            first * _days.DAY_MICROSECONDS,
            (last + 1) * _days.DAY_MICROSECONDS - 1,
        )

    def _low(self) -> Point:
        """Where this bound may start at the earliest (widened for ``~``)."""
        return self._reach().low

    def _high(self) -> Point:
        """Where this bound may end at the latest (widened for ``~``)."""
        return self._reach().high

    def _written(self) -> tuple[Point, Point]:
        """The first and last point as written, not widened."""
        reach = self._reach()
        return reach.first, reach.last

    def _nominal(self) -> tuple[int, int]:
        """The start and end as written, in microseconds of UTC: a date from 00:00 UTC of its first day."""
        reach = self._reach()
        return reach.start, reach.end

    @property
    def first_day(self) -> dt.date:
        """The first day this bound covers, before widening for ``~``; a time's day in its own zone.

        Raises :class:`~timeline.errors.InvalidInputError` for a day outside the years
        1–9999 that :class:`datetime.date` holds.
        """
        return _date(self._day_numbers()[0])

    @property
    def last_day(self) -> dt.date:
        """The last day this bound covers, before widening for ``~``; raises as :attr:`first_day`."""
        return _date(self._day_numbers()[1])

    @property
    def is_vague(self) -> bool:
        """Whether the bound is coarser than a day, approximate, uncertain or has unspecified digits."""
        return (
            self.approximate or self.uncertain or bool(self.unspecified) or _RANK[self.precision] < _RANK[Precision.DAY]
        )

    @property
    def moment(self) -> pendulum.DateTime:
        """The moment of a ``MINUTE`` or ``SECOND`` bound, in its zone.

        Two moments in one zone compare by wall clock when Python sees the same
        tzinfo on both, ignoring ``fold``; compare :attr:`When.earliest_at` (UTC)
        instead. Raises :class:`~timeline.errors.TimelineError` for a date.
        """
        if not self.precision.is_time:
            raise _NotAMomentError(f"a {self.precision.value} is not a moment; use first_day and last_day")
        return pendulum.instance(self._local())

    @property
    def earliest(self) -> pendulum.Date | pendulum.DateTime:
        """The earliest day (or moment) this bound may mean, widened for ``~``."""
        if self.precision.is_time:
            return self.moment
        return _pendulum_day(self._widened_day_numbers()[0])

    @property
    def latest(self) -> pendulum.Date | pendulum.DateTime:
        """The latest day (or moment) this bound may mean, widened for ``~``."""
        if self.precision.is_time:
            return self.moment
        return _pendulum_day(self._widened_day_numbers()[1])

    # -- text ---------------------------------------------------------------------

    @property
    def qualifier(self) -> str:
        """The EDTF qualifier: ``~``, ``?``, ``%`` or nothing."""
        if self.approximate and self.uncertain:
            return "%"
        return "~" if self.approximate else "?" if self.uncertain else ""

    def __str__(self) -> str:
        year = _year_text(self.year)
        month, day = f"{self.month:02d}", f"{self.day:02d}"
        if self.unspecified:
            if self.precision is Precision.YEAR:
                year = year[: -self.unspecified] + "X" * self.unspecified
            month = "XX" if self.precision is Precision.MONTH or self.unspecified == 4 else month
            day = "XX"
        match self.precision:
            case Precision.YEAR:
                text = year if -9999 <= self.year <= 9999 else f"Y{self.year}"
            case Precision.SEASON:
                text = f"{year}-{20 + self.month // 3}"
            case Precision.QUARTER:
                text = f"{year}-{32 + (self.month + 2) // 3}"
            case Precision.MONTH:
                text = f"{year}-{month}"
            case Precision.DAY:
                text = f"{year}-{month}-{day}"
            case _:
                clock = f"{self.hour:02d}:{self.minute:02d}"
                if self.precision is Precision.SECOND:
                    clock += f":{self.second:02d}"
                return f"{year}-{self.month:02d}-{self.day:02d}T{clock}{_offset(self._local())}[{self.zone}]"
        return text + self.qualifier


def _run(member: object) -> tuple[object, object]:
    if isinstance(member, tuple) and len(member) == 2:
        return member[0], member[1]
    return member, member


def _runs(members: Iterable[object]) -> tuple[tuple[Bound, Bound], ...]:
    if isinstance(members, str | bytes) or not isinstance(members, Iterable):
        raise InvalidInputError(f"the members of a set must be a list of Bounds, got {type(members).__name__}")
    runs = [_run(member) for member in members]
    problems = []
    for first, last in runs:
        for bound in (first, last):
            if not isinstance(bound, Bound):
                problems.append(f"a member of a set must be a Bound, got {type(bound).__name__}")
            elif bound.precision.is_time:
                problems.append(f"{bound} is a time; a set holds dates")
            elif bound.approximate or bound.uncertain:
                problems.append(f"{bound}: a member of a set cannot be approximate or uncertain")
        if not problems and _ends_before(first, last):  # type: ignore[arg-type]
            problems.append(f"{first}..{last} ends before it starts")
    if not runs:
        problems.append("a set needs at least one date")
    if problems:
        raise InvalidInputError(Problem(problem) for problem in dict.fromkeys(problems))
    checked: list[tuple[Bound, Bound]] = list(dict.fromkeys(runs))  # type: ignore[arg-type]  # a member once
    return tuple(sorted(checked, key=lambda run: (run[0]._nominal(), run[1]._nominal(), str(run[0]), str(run[1]))))


@attrs.frozen(repr=False)
class OneOf:
    """Some one of several dates, not known which: EDTF level 2 "one of a set".

    ``[2026-02-16..2026-02-20]`` is one of the days 16 to 20 February; ``[2026-02-16,
    2026-02-18]`` one of those two days. ``runs`` holds each member as a (first, last)
    pair of date bounds, a single date as a pair of equal bounds, in order. Build one
    from bounds and pairs: ``OneOf([Bound.of_date(2026, 2, 16), (a, b)])``. A set is
    a point in time, never an end of an interval; its members may not be times, nor
    approximate or uncertain.
    """

    runs: tuple[tuple[Bound, Bound], ...] = attrs.field(converter=_runs)

    def __repr__(self) -> str:
        return f"OneOf({str(self)!r})"

    def __str__(self) -> str:
        return "[" + ", ".join(str(first) if first == last else f"{first}..{last}" for first, last in self.runs) + "]"

    @property
    def first(self) -> Bound:
        """The first member's first date."""
        return self.runs[0][0]

    @property
    def last(self) -> Bound:
        """The latest date of any member."""
        return max((last for _, last in self.runs), key=lambda bound: bound._nominal()[1])


class _NotAMomentError(TimelineError, ValueError):
    """:attr:`Bound.moment` of a date."""


def _year_text(year: int) -> str:
    """A year as EDTF writes it within -9999–9999: four digits, and a sign if negative."""
    return f"-{-year:04d}" if year < 0 else f"{year:04d}"


def _date(number: int) -> dt.date:
    found = _days.as_date(number)
    if found is None:
        year = _days.day_parts(number)[0]
        raise InvalidInputError(f"year {year} is outside the years 1–9999 that a datetime.date holds")
    return found


def _pendulum_day(number: int) -> pendulum.Date:
    """A day as a pendulum date, held within years 1–9999."""
    day = dt.date.fromordinal(min(max(number, 1), dt.date.max.toordinal()))
    return pendulum.Date(day.year, day.month, day.day)


def _offset(moment: dt.datetime) -> str:
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _ends_before(start: Bound, end: Bound) -> bool:
    """Whether ``end``, as written, is before ``start``: instants for two times, else calendar days."""
    return not le(start._written()[0], end._written()[1])


# -- order and overlap --------------------------------------------------------------------


class SortKey(NamedTuple):
    """Where a :class:`When` sorts; tuples of these compare field by field.

    ``start`` is the start as written (not widened for ``~``), in microseconds of
    UTC: a time's instant, a date's 00:00 UTC on its first day, and far before
    everything for an open or unknown start. Ties go to the coarser precision
    (``precision`` counts from years), then the earlier ``end``, then the text.
    """

    undated: bool
    start: int
    precision: int
    end: int
    text: str
    phrase: str


class _Span(NamedTuple):
    """Where one reading of a :class:`When` may lie, as four points.

    ``low``: the earliest it may start; ``high``: the latest it may end;
    ``late_start``: the latest it may start; ``early_end``: the earliest it may end.
    It *may* meet a range if ``low`` is not after the range and ``high`` not before
    it; it *surely* does if ``late_start`` is not after it and ``early_end`` not before.
    """

    low: Point
    high: Point
    late_start: Point
    early_end: Point
    one_day: bool = False  # a date that is a single day, whichever: it needs a day within the range


def _spans(
    start: Bound | Unbounded | OneOf, end: Bound | Unbounded | None, reaches: tuple[_Reach | None, _Reach | None]
) -> tuple[_Span, ...]:
    if isinstance(start, OneOf):  # one member is the date, each a point that may be any day of its run
        return tuple(
            _Span(first._low(), last._high(), last._high(), first._low(), one_day=True) for first, last in start.runs
        )
    return (_span(start, end, *reaches),)


def _span(
    start: Bound | Unbounded, end: Bound | Unbounded | None, start_reach: _Reach | None, end_reach: _Reach | None
) -> _Span:
    """The span of an interval or point whose dated ends reach as ``start_reach`` and ``end_reach``."""
    if end is None:  # a point: it starts and ends on the same value, whichever that is
        assert start_reach is not None
        low, high = start_reach.low, start_reach.high
        return _Span(low, high, high, low, one_day=low.at is None)
    low = BEFORE_ALL if start_reach is None else start_reach.low
    high = AFTER_ALL if end_reach is None else end_reach.high
    if start is Unbounded.OPEN:  # reaches back without limit, whatever the end
        late_start = BEFORE_ALL
    elif start is Unbounded.UNKNOWN:  # may have started at any time up to the end
        late_start = high
    else:
        assert start_reach is not None
        late_start = start_reach.high
        if late_start.at is None:  # a day of the start is never after the last day of the end
            late_start = Point(min(late_start.day, high.day))
    if end is Unbounded.OPEN:
        early_end = AFTER_ALL
    elif end is Unbounded.UNKNOWN:  # may have ended at any time from the start on
        early_end = low
    else:
        assert end_reach is not None
        early_end = end_reach.low
        if early_end.at is None:
            early_end = Point(max(early_end.day, low.day))
    return _Span(low, high, late_start, early_end)


def _range_point(value: object, side: str) -> Point:
    # Not cached by value: two aware datetimes of one instant are equal, but their days in their zones differ.
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidInputError(f"{value.isoformat()} has no time zone")
        return Point(value.toordinal(), _days.instant(value))
    if isinstance(value, dt.date):
        return Point(value.toordinal())
    if isinstance(value, str):
        when = When.parse(value)
    elif isinstance(value, When):
        when = value
    else:
        raise InvalidInputError(
            f"the {side} of a range must be a date, a datetime or a When, not {type(value).__name__}"
        )
    if not when.is_dated:
        raise InvalidInputError(f"the {side} of a range must be dated")
    spans = when._spans
    return (
        min((span.low for span in spans), key=_order)
        if side == "start"
        else max((span.high for span in spans), key=_order)
    )


def _order(point: Point) -> tuple[int, int]:
    return point.day, point.at if point.at is not None else -INFINITY


def check_range(low: RangeEnd, high: RangeEnd) -> tuple[Point, Point]:
    """The first and last point of a range, checked: both dated, and the end not before the start.

    A vague end counts in full: the range runs from the earliest ``low`` may be to
    the latest ``high`` may be.
    """
    first, last = _range_point(low, "start"), _range_point(high, "end")
    if not le(first, last):
        raise InvalidInputError("the range ends before it starts")
    return first, last


@total_ordering
@attrs.frozen(eq=True, order=False, repr=False)
class When:
    """When something happened: a point, an interval, or undated; possibly vague.

    Build one with :meth:`When.parse` (``When.parse("2025-12-14/2025-12-15")``), or
    from :class:`Bound` values. ``start`` alone is a point; ``start`` and ``end`` an
    interval, either end of which may be :class:`Unbounded`; neither is undated.
    ``phrase`` keeps the words the source used ("earlier this week").

    Whens sort by their start as written (:class:`SortKey`): times by their
    instant, whatever their zones, a date from 00:00 UTC of its first day; an open
    or unknown start first, undated last. Ties go to the coarser precision, then
    the earlier end, then the canonical text, so the order is total and
    deterministic. Widening for ``~`` is for queries, not for order.
    """

    start: Bound | Unbounded | OneOf | None = None
    end: Bound | Unbounded | None = None
    phrase: str | None = None
    _spans: tuple[_Span, ...] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _sort_key: SortKey = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        start, end = self.start, self.end
        problems: list[Problem] = []
        if self.phrase is not None:
            check_line(problems, "phrase", self.phrase)
        start_reach = start._reach() if isinstance(start, Bound) else None
        end_reach = end._reach() if isinstance(end, Bound) else None
        if start is not None and not isinstance(start, Bound | Unbounded | OneOf):
            problems.append(Problem(f"start must be a Bound, got {type(start).__name__}"))
        elif isinstance(start, OneOf) and end is not None:
            problems.append(Problem(f"a set of dates ({start}) cannot start an interval; it is a point in time"))
        elif end is not None and not isinstance(end, Bound | Unbounded):
            problems.append(Problem(f"end must be a Bound, got {type(end).__name__}"))
        elif start is None and end is not None:
            problems.append(Problem("an interval needs a start (Unbounded.UNKNOWN if it is not known)"))
        elif end is None and isinstance(start, Unbounded):
            problems.append(Problem("a point in time cannot be unbounded"))
        elif isinstance(start, Unbounded) and isinstance(end, Unbounded):
            problems.append(Problem("an interval needs at least one dated end"))
        elif start_reach is not None and end_reach is not None and not le(start_reach.first, end_reach.last):
            problems.append(Problem(f'"{start}/{end}" ends before it starts'))
        if problems:
            raise InvalidInputError(problems)
        reaches = (start_reach, end_reach)
        spans = () if start is None else _spans(start, end, reaches)
        object.__setattr__(self, "_spans", spans)
        object.__setattr__(self, "_sort_key", self._make_sort_key(reaches))

    def _make_sort_key(self, reaches: tuple[_Reach | None, _Reach | None]) -> SortKey:
        start, end = self.start, self.end
        if start is None:
            return SortKey(True, 0, 0, 0, "", self.phrase or "")
        if isinstance(start, OneOf):
            begin, finish = start.first._nominal()[0], start.last._nominal()[1]
            return SortKey(False, begin, _RANK[start.first.precision], finish, str(self), self.phrase or "")
        start_reach, end_reach = reaches
        first = start if isinstance(start, Bound) else end
        assert isinstance(first, Bound)
        begin = -INFINITY if start_reach is None else start_reach.start
        if end is None:
            finish = INFINITY if start_reach is None else start_reach.end
        else:
            finish = INFINITY if end_reach is None else end_reach.end
        return SortKey(False, begin, _RANK[first.precision], finish, str(self), self.phrase or "")

    def __repr__(self) -> str:
        phrase = f", phrase={self.phrase!r}" if self.phrase is not None else ""
        return f"When({str(self)!r}{phrase})" if self.start is not None else f"When.undated({self.phrase!r})"

    # -- construction -------------------------------------------------------------

    @classmethod
    def parse(cls, text: str, *, phrase: str | None = None) -> When:
        """Read the text form (EDTF, or RFC 9557 times); see :mod:`timeline.model._edtf`.

        An empty text means undated. Raises
        :class:`~timeline.errors.InvalidInputError` with a message that quotes the
        text and says what is wrong with it.
        """
        if not isinstance(text, str):
            raise InvalidInputError(f"expected a date as text, got {type(text).__name__}")
        if len(text) > 200:
            raise InvalidInputError(f"{quote(text)} is too long to be a date")
        if cls is When and (phrase is None or isinstance(phrase, str)):
            return _parse_cached(text, phrase)
        return cls._parse(text, phrase)

    @classmethod
    def _parse(cls, text: str, phrase: str | None) -> When:
        from timeline.model import _edtf

        text = text.strip()
        if not text:
            return cls(phrase=phrase)
        start, end = _edtf.parse(text)
        return cls(start, end, phrase=phrase)

    @classmethod
    def undated(cls, phrase: str | None = None) -> When:
        """No date (yet), with the source's words about it if there are any."""
        return cls(phrase=phrase)

    # -- questions ----------------------------------------------------------------

    @property
    def is_dated(self) -> bool:
        """Whether there is any date at all."""
        return self.start is not None

    @property
    def is_interval(self) -> bool:
        """Whether this is an interval (it has an ``end``)."""
        return self.end is not None

    @property
    def _first(self) -> Bound | Unbounded | None:
        return self.start.first if isinstance(self.start, OneOf) else self.start

    @property
    def _last(self) -> Bound | Unbounded | None:
        if isinstance(self.start, OneOf):
            return self.start.last
        return self.start if self.end is None else self.end

    @property
    def earliest(self) -> pendulum.Date | pendulum.DateTime | None:
        """The earliest it may be; ``None`` if undated or open to the past.

        A date-precision value is a :class:`pendulum.Date`, a time a
        :class:`pendulum.DateTime` in its zone. Approximate bounds are widened.
        Dates and times do not compare with each other, and two times in one zone
        compare by wall clock; for comparisons use :attr:`earliest_day` and
        :attr:`earliest_at`.
        """
        first = self._first
        return first.earliest if isinstance(first, Bound) else None

    @property
    def latest(self) -> pendulum.Date | pendulum.DateTime | None:
        """The latest it may be; ``None`` if undated or with no known end. See :attr:`earliest`."""
        last = self._last
        return last.latest if isinstance(last, Bound) else None

    @property
    def earliest_day(self) -> dt.date | None:
        """The first calendar day it may fall on, widened for ``~``.

        ``None`` when undated, when the start is open or unknown, or when the day
        is outside the years 1–9999 that :class:`datetime.date` holds. For a time,
        the day is its calendar day in its own zone.
        """
        if not isinstance(self._first, Bound):
            return None
        return _days.as_date(min(span.low.day for span in self._spans))

    @property
    def latest_day(self) -> dt.date | None:
        """The last calendar day it may fall on, widened for ``~``; ``None`` as for :attr:`earliest_day`."""
        if not isinstance(self._last, Bound):
            return None
        return _days.as_date(max(span.high.day for span in self._spans))

    @property
    def earliest_at(self) -> dt.datetime | None:
        """The instant it starts, in UTC (``tzinfo`` is :data:`datetime.UTC`), if the start is a time; else ``None``."""
        first = self._first
        if not isinstance(first, Bound) or not first.precision.is_time:
            return None
        return _days.as_datetime(first._instant())

    @property
    def latest_at(self) -> dt.datetime | None:
        """The instant it ends, in UTC, if the end (or the point) is a time; else ``None``."""
        last = self._last
        if not isinstance(last, Bound) or not last.precision.is_time:
            return None
        return _days.as_datetime(last._instant())

    @property
    def sort_key(self) -> SortKey:
        """Where this sorts among other Whens; see :class:`SortKey`."""
        return self._sort_key

    def overlaps(self, low: RangeEnd, high: RangeEnd, *, certain: bool = False) -> bool:
        """Whether this may meet the range from ``low`` to ``high``, both included.

        ``low`` and ``high`` are dates, aware datetimes, Whens or their text; a
        vague end counts in full. Two times compare as instants (UTC); calendar
        days compare as soon as a date is involved, a time's day being its day in
        its own zone. An open end (``..``) reaches on without limit (an open start
        back without limit); an unknown end (``/``) may lie anywhere after the
        start, so it may meet any later range but is never certain to reach past
        the start. With ``certain=True``: whether it meets the range however its
        vague dates resolve. Undated never overlaps. Raises
        :class:`~timeline.errors.InvalidInputError` for an undated or reversed range.
        """
        first, last = check_range(low, high)
        return self._meets(first, last, certain=certain)

    def _meets(self, first: Point, last: Point, *, certain: bool) -> bool:
        if not self._spans:
            return False
        if certain:
            return all(le(span.late_start, last) and le(first, span.early_end) for span in self._spans)
        # A single day also needs the range to hold a day: its ends, written in two zones, may be on days
        # that run backwards (00:00 UTC is already the 12th east of the date line, still the 11th west of it).
        return any(
            le(span.low, last) and le(first, span.high) and (not span.one_day or first.day <= last.day)
            for span in self._spans
        )

    @property
    def bounds(self) -> tuple[Bound, ...]:
        """The dated ends, start first; for a set, the first and last date of each member."""
        if isinstance(self.start, OneOf):
            return tuple(bound for run in self.start.runs for bound in run)
        return tuple(bound for bound in (self.start, self.end) if isinstance(bound, Bound))

    @property
    def is_vague(self) -> bool:
        """Whether it is a set, coarser than a day, approximate, uncertain, has X digits or an undated end."""
        if not self.is_dated or isinstance(self.start, Unbounded | OneOf) or isinstance(self.end, Unbounded):
            return True
        return any(bound.is_vague for bound in self.bounds)

    def label(self, locale: str = "en") -> str:
        """A short human label: "14–15 Dec 2025", "Dec 2025", "about 16 Dec 2025", "no date yet"."""
        from timeline.formats._labels import label

        return label(self, locale)

    def __str__(self) -> str:
        if self.start is None:
            return ""
        if self.end is None:
            return str(self.start)
        return f"{self.start}/{self.end}"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        return self._sort_key < other._sort_key


RangeEnd = When | str | dt.date
"""A range end for :meth:`When.overlaps` and :meth:`Timeline.between`: a date or aware datetime, a When, or its text."""


@text_cache(maxsize=4096)
def _parse_cached(text: str, phrase: str | None) -> When:
    """Parsing is pure and Whens are immutable, so repeated dates are parsed once."""
    return When._parse(text, phrase)


def as_when(value: When | str | None) -> When:
    """``When`` from a ``When``, its text, or ``None`` (undated)."""
    if isinstance(value, When):
        return value
    if value is None:
        return When()
    return When.parse(value)
