"""How long an event lasts when its end is not written: :class:`Duration`.

The text form is an ISO 8601 duration, ``P`` then years, months, weeks, days,
and after ``T`` hours, minutes and seconds::

    PT2H        two hours
    PT1H30M     an hour and a half (also PT1.5H)
    P3D         three days
    P1W         a week
    ≤P2W        at most two weeks (also <=P2W)

Years, months, weeks and days are calendar units: they move the date (and keep
the wall-clock time), whatever the clocks do in between; a wall-clock time they
land on twice is its first occurrence, and one the clocks skip moves on by the
gap (RFC 5545, section 3.3.5). Hours, minutes and seconds are elapsed time. Only
the last unit may have a fraction (``PT1.5H``), only an hour, minute or second,
and only one that comes to whole seconds: half a day or a month is not a fixed
length.

:func:`lengthen` says how a duration gives a date an end.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Final
from zoneinfo import ZoneInfo

import attrs

from timeline._validation import quote
from timeline.errors import InvalidInputError
from timeline.model import _days
from timeline.model.when import Bound, Precision, When

__all__ = ["Duration"]

_PATTERN: Final = (
    r"P(?:(?P<years>\d+(?:[.,]\d+)?)Y)?(?:(?P<months>\d+(?:[.,]\d+)?)M)?(?:(?P<weeks>\d+(?:[.,]\d+)?)W)?"
    r"(?:(?P<days>\d+(?:[.,]\d+)?)D)?"
    r"(?:T(?:(?P<hours>\d+(?:[.,]\d+)?)H)?(?:(?P<minutes>\d+(?:[.,]\d+)?)M)?(?:(?P<seconds>\d+(?:[.,]\d+)?)S)?)?\Z"
)


@cache
def _pattern() -> re.Pattern[str]:
    # Compiled on first use, not at import: many timelines have no durations.
    return re.compile(_PATTERN)


_UNITS: Final = ("years", "months", "weeks", "days", "hours", "minutes", "seconds")
_SECONDS: Final = {"hours": 3600, "minutes": 60, "seconds": 1}
_AT_MOST: Final = ("≤", "<=")
_LIMIT: Final = 10**7  # more than any span of years 1–9999 in any unit but seconds


@attrs.frozen(repr=False)
class Duration:
    """A length of time from ISO 8601 (``"PT2H"``, ``"P3D"``), possibly an upper limit.

    Build one with :meth:`parse` or from whole numbers of each unit
    (``Duration(hours=2)``). ``at_most`` makes it a limit: the event lasts
    *up to* this long ("up to two weeks"), so its end is not known, only bounded.
    Weeks stand alone, as in iCalendar (``P1W``, not ``P1W2D``: write ``P9D``).

    Raises :class:`~timeline.errors.InvalidInputError` for a negative or zero
    duration, or weeks mixed with other units.
    """

    years: int = attrs.field(default=0, kw_only=True)
    months: int = attrs.field(default=0, kw_only=True)
    weeks: int = attrs.field(default=0, kw_only=True)
    days: int = attrs.field(default=0, kw_only=True)
    hours: int = attrs.field(default=0, kw_only=True)
    minutes: int = attrs.field(default=0, kw_only=True)
    seconds: int = attrs.field(default=0, kw_only=True)
    at_most: bool = attrs.field(default=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        for unit in _UNITS:
            value = getattr(self, unit)
            if type(value) is not int:
                raise InvalidInputError(f"a duration's {unit} must be a whole number, got {type(value).__name__}")
            if value < 0:
                raise InvalidInputError(f"a duration cannot be negative ({unit}: {value})")
            if value >= _LIMIT and unit != "seconds":
                raise InvalidInputError(f"a duration of {value} {unit} is too long")
        if self.seconds >= _LIMIT * 100_000:
            raise InvalidInputError(f"a duration of {self.seconds} seconds is too long")
        if type(self.at_most) is not bool:
            raise InvalidInputError("a duration's at_most must be true or false")
        if not any(getattr(self, unit) for unit in _UNITS):
            raise InvalidInputError("a duration of nothing: leave the duration out for an event without length")
        if self.weeks and any(getattr(self, unit) for unit in _UNITS if unit != "weeks"):
            raise InvalidInputError(
                f"weeks stand alone in a duration ({self.text}): write them as days ({self.weeks * 7} days a week)"
            )

    def __repr__(self) -> str:
        return f"Duration({str(self)!r})"

    def __str__(self) -> str:
        return ("≤" if self.at_most else "") + self.text

    @property
    def text(self) -> str:
        """The ISO 8601 text, without the ``≤`` of a limit: ``"P2W"``."""
        date = "".join(
            f"{value}{letter}"
            for value, letter in ((self.years, "Y"), (self.months, "M"), (self.weeks, "W"), (self.days, "D"))
            if value
        )
        clock = ((self.hours, "H"), (self.minutes, "M"), (self.seconds, "S"))
        time = "".join(f"{value}{letter}" for value, letter in clock if value)
        return "P" + date + ("T" + time if time else "")

    @property
    def has_time(self) -> bool:
        """Whether it has hours, minutes or seconds, which a day cannot be lengthened by."""
        return bool(self.hours or self.minutes or self.seconds)

    @property
    def elapsed_seconds(self) -> int:
        """The hours, minutes and seconds, as seconds."""
        return self.hours * 3600 + self.minutes * 60 + self.seconds

    @classmethod
    def parse(cls, text: str) -> Duration:
        """Read ``"PT2H"``, ``"P3D"``, ``"≤P2W"`` (or ``"<=P2W"``); see the module for the rules.

        Raises :class:`~timeline.errors.InvalidInputError` quoting the text and
        saying what is wrong with it.
        """
        if not isinstance(text, str):
            raise InvalidInputError(f"expected a duration as text, such as PT2H, got {type(text).__name__}")
        if len(text) > 100:
            raise InvalidInputError(f"{quote(text)} is too long to be a duration")
        written = text.strip()
        at_most = written.startswith(_AT_MOST)
        if at_most:
            written = written.removeprefix("≤").removeprefix("<=").strip()
        match = _pattern().match(written.upper())
        if match is None or written.upper() in ("P", "PT") or written.upper().endswith("T"):
            raise InvalidInputError(
                f"{quote(text)} is not an ISO 8601 duration, such as PT2H, PT1H30M, P3D or P1W (≤P2W: at most)"
            )
        parts = {unit: value for unit, value in match.groupdict().items() if value is not None}
        counts: dict[str, int] = {}
        for index, (unit, value) in enumerate(parts.items()):
            try:
                number = Decimal(value.replace(",", "."))
            except InvalidOperation:  # pragma: no cover - the pattern lets only numbers through
                raise InvalidInputError(f"{quote(text)}: {value} is not a number") from None
            if number == number.to_integral_value():
                counts[unit] = counts.get(unit, 0) + int(number)
                continue
            if index != len(parts) - 1:
                raise InvalidInputError(f"{quote(text)}: only the last unit of a duration may have a fraction")
            if unit not in _SECONDS:
                raise InvalidInputError(
                    f"{quote(text)}: {value} {unit} is not a fixed length (a day, week, month or year "
                    "is not always as long); give the rest in smaller units"
                )
            seconds = number * _SECONDS[unit]
            if seconds != seconds.to_integral_value():
                raise InvalidInputError(f"{quote(text)}: times are kept to the second; {value} {unit} is not")
            whole = int(number)
            rest = int(seconds) - whole * _SECONDS[unit]
            counts[unit] = counts.get(unit, 0) + whole
            if unit == "hours":
                counts["minutes"], counts["seconds"] = divmod(rest, 60)
            else:
                counts["seconds"] = rest
        counts = {unit: value for unit, value in counts.items() if value}
        return cls(**counts, at_most=at_most)


def as_duration(value: Duration | str | None) -> Duration | None:
    """A :class:`Duration` from itself, its text, or ``None``."""
    if value is None or isinstance(value, Duration):
        return value
    return Duration.parse(value)


def lengthen(when: When, duration: Duration) -> When:
    """The date ``when`` lasting ``duration``: from its start to where the duration ends.

    ``when`` must be one day or one moment, written without an end:

    - a time (``2026-03-10T10:00…``): the end is the start plus the duration, the
      calendar units on the wall clock of its zone, then the elapsed time
      (a wall-clock time skipped by a clock change moves on by the gap);
    - a day (``2026-03-10``): the duration is in days, weeks, months or years,
      and the event covers that many days from it (``P3D``: the 10th to the 12th).

    For a duration that is a limit (``at_most``), the result is the range the
    event may cover; it is certain only of its start (see :meth:`Event.overlaps`).
    Raises :class:`~timeline.errors.InvalidInputError` naming both the date and
    the duration when they do not fit together.
    """
    start = when.start
    if when.end is not None:
        raise InvalidInputError(
            f"when {quote(str(when))} already has an end, and a duration ({duration}) would give another: "
            "give the end or the duration, not both"
        )
    if not isinstance(start, Bound) or (start.is_vague and not start.precision.is_time):
        raise InvalidInputError(
            f"a duration ({duration}) needs a start on a known day or at a time, not {quote(str(when))}"
        )
    if start.precision.is_time:
        end = _after_time(start, duration, when)
    else:
        if duration.has_time:
            raise InvalidInputError(
                f"{quote(str(when))} is a whole day, so its duration ({duration}) cannot have hours, minutes "
                "or seconds: give a start time, or the duration in days"
            )
        year, month, day = _add_calendar(start.year, start.month, start.day, duration, when)
        last = _days.day_number(year, month, day) - 1
        end = Bound(Precision.DAY, *_days.day_parts(last))
    return When(start, end, phrase=when.phrase)


def _add_calendar(year: int, month: int, day: int, duration: Duration, when: When) -> tuple[int, int, int]:
    year, month = _days.add_months(year, month, duration.years * 12 + duration.months)
    if day > _days.month_days(year, month):
        raise InvalidInputError(
            f"{quote(str(when))} plus {duration} has no day: {year:04}-{month:02} has no day {day}; "
            "give the duration in days"
        )
    number = _days.day_number(year, month, day) + duration.weeks * 7 + duration.days
    return _days.day_parts(number)


def _after_time(start: Bound, duration: Duration, when: When) -> Bound:
    assert start.zone is not None
    year, month, day, fold = start.year, start.month, start.day, start.fold
    if duration.years or duration.months or duration.weeks or duration.days:
        year, month, day = _add_calendar(year, month, day, duration, when)
        fold = 0
    try:
        wall = dt.datetime(year, month, day, start.hour, start.minute, start.second, tzinfo=ZoneInfo(start.zone))
        moment = wall.replace(fold=fold).astimezone(dt.UTC) + dt.timedelta(seconds=duration.elapsed_seconds)
    except (ValueError, OverflowError) as error:
        raise InvalidInputError(f"{quote(str(when))} plus {duration} is past the year 9999") from error
    return Bound.of_datetime(moment, start.zone)
