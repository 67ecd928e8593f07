"""Days and instants as whole numbers, for every year, and how the two compare.

Dates are proleptic Gregorian: the Gregorian rules run backwards before 1582 and
forwards without end. A day is its day number (``0001-01-01`` is 1, as in
:meth:`datetime.date.toordinal`, and the numbering goes on below 1 and above
``9999-12-31``), so years that :class:`datetime.date` cannot hold (``-0010``,
``0000``, ``Y170000002``) still compare and sort. An instant is a whole number
of microseconds of UTC since the start of day 0.

A :class:`Point` is where one end of a date may be: a day, or an instant that
also knows its calendar day in its own zone. Two points compare as instants when
both are times, and by calendar day as soon as a date is involved (:func:`not_after`).
"""

from __future__ import annotations

import datetime as dt
from typing import Final, NamedTuple

DAY_MICROSECONDS: Final = 86_400 * 1_000_000
_CYCLE_DAYS: Final = 146_097  # days in 400 Gregorian years
INFINITY: Final = 2**200  # further than any day number


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def month_days(year: int, month: int) -> int:
    """How many days ``month`` of ``year`` has."""
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


# Days in the months of a common year before each month; a leap day counts from March on.
_DAYS_BEFORE_MONTH: Final = (0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)


def day_number(year: int, month: int, day: int) -> int:
    """The proleptic Gregorian day number of a day in any year; ``date.toordinal`` where that exists.

    Counted, not looked up in :mod:`datetime`, so that it holds for every year; it
    takes the day as given (``month`` must be 1–12; the day is not checked).
    """
    before = year - 1  # whole years before this one; floor division keeps the leap rule for years below 1
    days = before * 365 + before // 4 - before // 100 + before // 400 + _DAYS_BEFORE_MONTH[month] + day
    if month > 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        days += 1
    return days


def day_parts(number: int) -> tuple[int, int, int]:
    """The year, month and day of a day number; the inverse of :func:`day_number`."""
    cycles, rest = divmod(number - 1, _CYCLE_DAYS)
    day = dt.date.fromordinal(rest + 1)
    return day.year + cycles * 400, day.month, day.day


def as_date(number: int) -> dt.date | None:
    """The :class:`datetime.date` of a day number, or ``None`` outside years 1–9999."""
    if 1 <= number <= dt.date.max.toordinal():
        return dt.date.fromordinal(number)
    return None


def instant(moment: dt.datetime) -> int:
    """An aware datetime as microseconds of UTC since day 0."""
    utc = moment.astimezone(dt.UTC)
    seconds = utc.hour * 3600 + utc.minute * 60 + utc.second
    return utc.toordinal() * DAY_MICROSECONDS + seconds * 1_000_000 + utc.microsecond


def as_datetime(micros: int) -> dt.datetime:
    """The UTC datetime of an instant from :func:`instant`."""
    days, rest = divmod(micros, DAY_MICROSECONDS)
    return dt.datetime.fromordinal(days).replace(tzinfo=dt.UTC) + dt.timedelta(microseconds=rest)


class Point(NamedTuple):
    """One end of where a date may be: a calendar day, and for a time also its instant."""

    day: int
    at: int | None = None


BEFORE_ALL: Final = Point(-INFINITY)
AFTER_ALL: Final = Point(INFINITY)


def not_after(first: Point, second: Point) -> bool:
    """Whether ``first`` is not after ``second``: instants when both are times, else calendar days."""
    if first.at is not None and second.at is not None:
        return first.at <= second.at
    return first.day <= second.day


def on_day(point: Point) -> Point:
    """The point as a whole calendar day."""
    return Point(point.day)
