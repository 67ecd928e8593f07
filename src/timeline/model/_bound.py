"""One end of a date: :class:`Bound`; an end that is not a date: :class:`Unbounded`; and :class:`OneOf`,
some one of several dates."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import NamedTuple

import attrs
import pendulum

from timeline._validation import quote, zone_problem
from timeline.errors import InvalidInputError, Problem, TimelineError
from timeline.model import _days
from timeline.model._bound_checks import BoundChecks, zone_info
from timeline.model._days import Point, not_after
from timeline.model._precision import MONTHS, RANK, Precision

__all__ = ["Bound", "BoundError", "OneOf", "Reach", "Unbounded", "ends_before", "offset_text"]


class Unbounded(enum.Enum):
    """An interval end that is not a date: unknown (``/``) or open, still going on (``..``)."""

    UNKNOWN = "unknown"
    OPEN = "open"

    def __str__(self) -> str:
        return "" if self is Unbounded.UNKNOWN else ".."


class BoundError(InvalidInputError):
    """An impossible bound; ``reasons`` say why, for messages that quote the input."""

    def __init__(self, shown: str, kind: str, reasons: list[str]) -> None:
        self.kind = kind
        self.reasons = tuple(reasons)
        super().__init__(Problem(f"{shown} is not a valid {kind}: {reason}") for reason in reasons)

    def quoting(self, text: str) -> InvalidInputError:
        return InvalidInputError(
            Problem(f"{quote(text)} is not a valid {self.kind}: {reason}") for reason in self.reasons
        )


def _precision(value: Precision | str) -> Precision:
    if value.__class__ is Precision:
        return value
    try:
        return Precision(value)
    except ValueError:
        choices = ", ".join(precision.value for precision in Precision)
        raise InvalidInputError(f"{value!r} is not a precision; choose one of {choices}") from None


class Reach(NamedTuple):
    """Where a :class:`Bound` lies: as written (``first``, ``last``), widened for ``~``
    (``low``, ``high``), and its nominal ``start`` and ``end`` in microseconds of UTC."""

    first: Point
    last: Point
    low: Point
    high: Point
    start: int
    end: int


@attrs.frozen(repr=False)
class Bound(BoundChecks):
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
            raise BoundError(self._raw_text(), "time" if self.precision.is_time else "date", reasons)
        if self.precision.is_time and self.fold and not self._ambiguous():
            object.__setattr__(self, "fold", 0)

    def __repr__(self) -> str:
        return f"Bound({str(self)!r})"

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
        local = plain.astimezone(zone_info(name))
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

    def _covered_months(self) -> int:
        """How many months the bound covers; 0 for one day or a moment."""
        if self.unspecified:
            if self.precision is Precision.YEAR:
                return 12 * int(10**self.unspecified)
            return 1 if self.precision is Precision.DAY and self.unspecified == 2 else 12
        return MONTHS.get(self.precision, 0)

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
        months = MONTHS[self.precision]
        year, month = _days.add_months(self.year, self.month, -months)
        low = _days.day_number(year, month, 1)
        year, month = _days.add_months(self.year, self.month, 2 * months)
        return low, _days.day_number(year, month, 1) - 1

    def _instant(self) -> int:
        return _days.instant(self._local())

    def _reach(self) -> Reach:
        """Every point of this bound that order and overlap need, computed at once."""
        precision = self.precision
        if precision is Precision.MINUTE or precision is Precision.SECOND:
            moment = self._instant()
            point = Point(_days.day_number(self.year, self.month, self.day), moment)
            return Reach(point, point, point, point, moment, moment)
        if precision is Precision.DAY and not self.approximate and not self.unspecified:
            # One day as written, the usual date: it covers that day and is not widened.
            number = _days.day_number(self.year, self.month, self.day)
            point = Point(number)
            return Reach(
                point, point, point, point, number * _days.DAY_MICROSECONDS, (number + 1) * _days.DAY_MICROSECONDS - 1
            )
        return self._date_reach()

    def _date_reach(self) -> Reach:
        """:meth:`_reach` of a date, from the months it covers and its widening: the general path."""
        first, last = self._day_numbers()
        low, high = self._widened(first, last)
        written_first, written_last = Point(first), Point(last)
        return Reach(
            written_first,
            written_last,
            written_first if low == first else Point(low),
            written_last if high == last else Point(high),
            first * _days.DAY_MICROSECONDS,
            (last + 1) * _days.DAY_MICROSECONDS - 1,
        )

    def _reach_and_text(self) -> tuple[Reach, str]:
        """:meth:`_reach` and ``str(self)``; a time works both out from one look at its zone."""
        precision = self.precision
        if precision is not Precision.MINUTE and precision is not Precision.SECOND:
            return self._reach(), str(self)
        local = self._local()
        offset = local.utcoffset() or dt.timedelta(0)
        year, month, day = self.year, self.month, self.day
        number = _days.day_number(year, month, day)
        seconds = self.hour * 3600 + self.minute * 60 + self.second - offset.days * 86_400 - offset.seconds
        moment = number * _days.DAY_MICROSECONDS + seconds * 1_000_000
        point = Point(number, moment)
        return Reach(point, point, point, point, moment, moment), self._time_text(local)

    def _time_text(self, local: dt.datetime) -> str:
        """The text of a time whose wall clock in its zone is ``local``."""
        clock = f"{self.hour:02d}:{self.minute:02d}"
        if self.precision is Precision.SECOND:
            clock += f":{self.second:02d}"
        return f"{_year_text(self.year)}-{self.month:02d}-{self.day:02d}T{clock}{offset_text(local)}[{self.zone}]"

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
            self.approximate or self.uncertain or bool(self.unspecified) or RANK[self.precision] < RANK[Precision.DAY]
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
                return self._time_text(self._local())
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
        if not problems and ends_before(first, last):  # type: ignore[arg-type]
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


def offset_text(moment: dt.datetime) -> str:
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def ends_before(start: Bound, end: Bound) -> bool:
    """Whether ``end``, as written, is before ``start``: instants for two times, else calendar days."""
    return not not_after(start._written()[0], end._written()[1])
