"""The checks that the fields of a :class:`~timeline.model.when.Bound` make a real date or time.

:class:`BoundChecks` holds them for :class:`~timeline.model.when.Bound`, which
runs :meth:`~BoundChecks._plainly_valid` on every new bound and, only when that
quick test fails, :meth:`~BoundChecks._problems` to say what is wrong.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Final

from timeline._validation import is_zone, quote, zone_problem
from timeline.model import _days
from timeline.model._precision import Precision

__all__ = ["BoundChecks", "zone_info"]


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


def zone_info(name: str) -> zoneinfo.ZoneInfo:
    """The zone named ``name``; :class:`zoneinfo.ZoneInfo` keeps each loaded zone, as the iCalendar code does."""
    return zoneinfo.ZoneInfo(name)


class BoundChecks:
    """The field checks of a bound, and the wall-clock times they test.

    :class:`~timeline.model.when.Bound` inherits them; the fields are its own.
    """

    __slots__ = ()

    precision: Precision
    year: int
    month: int
    day: int
    hour: int
    minute: int
    second: int
    zone: str | None
    fold: int
    approximate: bool
    uncertain: bool
    unspecified: int

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
            tzinfo=zone_info(self.zone or "UTC"),
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
        if local.utcoffset() == local.replace(fold=1).utcoffset():
            return False  # one offset whichever fold: the usual time, neither skipped nor repeated (PEP 495)
        return self._skipped_by_round_trip(local)

    @staticmethod
    def _skipped_by_round_trip(local: dt.datetime) -> bool:
        """Whether the wall time ``local`` is skipped: it does not come back from UTC as it was."""
        back = local.astimezone(dt.UTC).astimezone(local.tzinfo)
        return back.replace(tzinfo=None, fold=0) != local.replace(tzinfo=None, fold=0)

    def _ambiguous(self) -> bool:
        return self._local(0).utcoffset() != self._local(1).utcoffset()
