"""Vague dates: :class:`When`, its :class:`Bound` ends, and their text form.

The text form is EDTF (ISO 8601-2) levels 0 and 1 for dates and intervals, plus the
quarters ``YYYY-33`` … ``YYYY-36`` of level 2, and RFC 9557 for times in a named
zone::

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
:attr:`When.earliest` and :attr:`When.latest`. ``?`` does not widen the range.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
import unicodedata
from functools import cache, lru_cache, total_ordering
from typing import Final

import attrs
import pendulum

from timeline.errors import InvalidInputError, Problem
from timeline.model._checks import check_line, quote, zone_problem

__all__ = ["Bound", "Precision", "Unbounded", "When"]

_NEG_INF: Final = -(2**80)
_POS_INF: Final = 2**80
_DAY_SECONDS: Final = 86_400
_DAY_BITS: Final = 40  # room for every UTC second from year 1 to 9999 within one day's key


class Precision(enum.Enum):
    """How finely a :class:`Bound` is known, from a year down to a second."""

    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    DAY = "day"
    MINUTE = "minute"
    SECOND = "second"

    @property
    def is_time(self) -> bool:
        """Whether this precision names a moment in a time zone."""
        return self in (Precision.MINUTE, Precision.SECOND)


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


@cache
def _zone(name: str) -> dt.tzinfo:
    """The zone named ``name``; loading a zone reads its file, so each is loaded once."""
    return pendulum.timezone(name)


def _precision(value: Precision | str) -> Precision:
    try:
        return Precision(value)
    except ValueError:
        choices = ", ".join(precision.value for precision in Precision)
        raise InvalidInputError(f"{value!r} is not a precision; choose one of {choices}") from None


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _clamped(make: type[dt.date], year: int, month: int, day: int) -> dt.date:
    if year < dt.MINYEAR:
        return dt.date.min
    if year > dt.MAXYEAR:
        return dt.date.max
    return make(year, month, day)


@attrs.frozen(repr=False)
class Bound:
    """One end of a :class:`When`: a year, quarter, month, day or a moment in a zone.

    Fields finer than the precision keep their defaults (a ``MONTH`` bound has
    ``day == 1``), so equal bounds compare equal. A ``QUARTER`` bound keeps the
    quarter's first month in ``month``. ``MINUTE`` and ``SECOND`` bounds need an
    IANA ``zone``; ``fold`` picks the second of two equal wall-clock times when
    clocks go back (it is 0 whenever the time is not ambiguous). Only dates may be
    ``approximate`` or ``uncertain``.

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

    def __attrs_post_init__(self) -> None:
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
        another zone is converted to ``zone`` first.
        """
        if moment.tzinfo is None:
            raise InvalidInputError(f"{moment.isoformat()} has no time zone")
        name = zone if zone is not None else getattr(moment.tzinfo, "key", None)
        if name is None:
            name = "UTC" if moment.utcoffset() == dt.timedelta(0) else None
        if name is None:
            raise InvalidInputError(f"{moment.isoformat()} has a fixed offset but no IANA time zone name")
        if (message := zone_problem(name)) is not None:
            raise InvalidInputError(message)
        local = moment.astimezone(pendulum.timezone(name))
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

    def _problems(self) -> list[str]:
        problems: list[str] = []
        for name in ("year", "month", "day", "hour", "minute", "second", "fold"):
            if type(getattr(self, name)) is not int:
                return [f"{name} must be a whole number"]
        if type(self.approximate) is not bool or type(self.uncertain) is not bool:
            return ["approximate and uncertain must be true or false"]
        if not 1 <= self.year <= 9999:
            return [f"year {self.year} is not between 0001 and 9999"]
        precision = self.precision
        finer = {
            Precision.YEAR: ("month", "day", "hour", "minute", "second"),
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
        elif not 1 <= self.day <= _last_day(self.year, self.month):
            days = _last_day(self.year, self.month)
            problems.append(
                f"day {self.day} is not 01–{days}: {calendar.month_name[self.month]} {self.year} has {days} days"
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

    def _raw_text(self) -> str:
        try:
            return quote(str(self))
        except (ValueError, TypeError, OverflowError, KeyError):
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

    @property
    def first_day(self) -> dt.date:
        """The first day this bound covers, before widening for ``~``."""
        return dt.date(self.year, self.month, self.day)

    @property
    def last_day(self) -> dt.date:
        """The last day this bound covers, before widening for ``~``."""
        if self.precision is Precision.YEAR:
            return dt.date(self.year, 12, 31)
        if self.precision is Precision.QUARTER:
            year, month = _add_months(self.year, self.month, 2)
            return dt.date(year, month, _last_day(year, month))
        if self.precision is Precision.MONTH:
            return dt.date(self.year, self.month, _last_day(self.year, self.month))
        return self.first_day

    def _widened(self) -> tuple[dt.date, dt.date]:
        first, last = self.first_day, self.last_day
        if not self.approximate:
            return first, last
        if self.precision is Precision.DAY:
            low = first - dt.timedelta(days=3) if first > dt.date.min + dt.timedelta(days=3) else dt.date.min
            high = last + dt.timedelta(days=3) if last < dt.date.max - dt.timedelta(days=3) else dt.date.max
            return low, high
        months = {Precision.YEAR: 12, Precision.QUARTER: 3, Precision.MONTH: 1}[self.precision]
        year, month = _add_months(first.year, first.month, -months)
        low = _clamped(dt.date, year, month, 1)
        year, month = _add_months(last.year, last.month, months)
        high = _clamped(dt.date, year, month, _last_day(year, month) if 1 <= year <= 9999 else 1)
        return low, high

    @property
    def moment(self) -> pendulum.DateTime:
        """The moment of a ``MINUTE`` or ``SECOND`` bound, in its zone."""
        if not self.precision.is_time:
            raise ValueError(f"a {self.precision.value} is not a moment")
        return pendulum.instance(self._local())

    @property
    def earliest(self) -> pendulum.Date | pendulum.DateTime:
        """The earliest day (or moment) this bound may mean, widened for ``~``."""
        if self.precision.is_time:
            return self.moment
        low = self._widened()[0]
        return pendulum.Date(low.year, low.month, low.day)

    @property
    def latest(self) -> pendulum.Date | pendulum.DateTime:
        """The latest day (or moment) this bound may mean, widened for ``~``."""
        if self.precision.is_time:
            return self.moment
        high = self._widened()[1]
        return pendulum.Date(high.year, high.month, high.day)

    def _keys(self) -> tuple[int, int]:
        """(low, high) sort keys, widened for ``~``: the local calendar day, then the instant.

        A key is the day's ordinal shifted left by 40 bits, plus, for a time, its
        UTC instant in seconds (offset to stay positive); a date spans its whole
        days. So events sort by the calendar day where they happened, and within
        a day by the real instant, whatever their zones: 09:00 in Washington after
        14:00 in Kyiv, and the second 02:30 of a night when clocks go back after
        the first.
        """
        if self.precision.is_time:
            local = self.first_day.toordinal() * _DAY_SECONDS + self.hour * 3600 + self.minute * 60 + self.second
            offset = self._local().utcoffset() or dt.timedelta(0)
            instant = local - int(offset.total_seconds()) + _DAY_SECONDS
            key = (self.first_day.toordinal() << _DAY_BITS) | instant
            return key, key
        low, high = self._widened()
        return low.toordinal() << _DAY_BITS, ((high.toordinal() + 1) << _DAY_BITS) - 1

    # -- text ---------------------------------------------------------------------

    @property
    def qualifier(self) -> str:
        """The EDTF qualifier: ``~``, ``?``, ``%`` or nothing."""
        if self.approximate and self.uncertain:
            return "%"
        return "~" if self.approximate else "?" if self.uncertain else ""

    def __str__(self) -> str:
        year = f"{self.year:04d}"
        match self.precision:
            case Precision.YEAR:
                text = year
            case Precision.QUARTER:
                text = f"{year}-{32 + (self.month + 2) // 3}"
            case Precision.MONTH:
                text = f"{year}-{self.month:02d}"
            case Precision.DAY:
                text = f"{year}-{self.month:02d}-{self.day:02d}"
            case _:
                clock = f"{self.hour:02d}:{self.minute:02d}"
                if self.precision is Precision.SECOND:
                    clock += f":{self.second:02d}"
                return f"{year}-{self.month:02d}-{self.day:02d}T{clock}{_offset(self._local())}[{self.zone}]"
        return text + self.qualifier


def _offset(moment: dt.datetime) -> str:
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


# -- parsing --------------------------------------------------------------------------

_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<qualifier>[~?%])?\Z", re.ASCII)
_TIME = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"T(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?P<offset>Z|[+-]\d{2}:\d{2})?"
    r"(?:\[!?(?P<zone>[^\[\]]*)\])?\Z",
    re.ASCII,
)
_FORMS = (
    "use EDTF such as 2025-12-15, 2025-12, 2025-12-16~ or 2025-12-14/2025-12-15, "
    "or 2025-12-15T14:00+01:00[Europe/Berlin]"
)


def _parse_bound(text: str) -> Bound:
    try:
        return _parse_bound_unquoted(text)
    except _BoundError as error:
        raise error.quoting(text) from None


def _parse_bound_unquoted(text: str) -> Bound:
    if match := _DATE.match(text):
        year, month, day = match["year"], match["month"], match["day"]
        qualifier = match["qualifier"] or ""
        approximate, uncertain = qualifier in ("~", "%"), qualifier in ("?", "%")
        if month is not None and day is None and 33 <= int(month) <= 36:
            quarter_start = (int(month) - 33) * 3 + 1
            return Bound(Precision.QUARTER, int(year), quarter_start, approximate=approximate, uncertain=uncertain)
        if month is not None and day is None and 21 <= int(month) <= 41:
            raise InvalidInputError(
                f"{quote(text)} uses EDTF sub-year grouping {month}; only quarters (33–36) are supported"
            )
        return Bound.of_date(
            int(year),
            int(month) if month else None,
            int(day) if day else None,
            approximate=approximate,
            uncertain=uncertain,
        )
    if match := _TIME.match(text):
        return _parse_time(text, match)
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T.*", text):
        raise InvalidInputError(
            f"{quote(text)} is not a valid time: write hh:mm or hh:mm:ss, an offset and a zone, "
            "as in 2025-12-15T14:00+01:00[Europe/Berlin]"
        )
    foreign = next((char for char in text if not char.isascii()), None)
    if foreign is not None:
        name = unicodedata.name(foreign, "a character")
        raise InvalidInputError(
            f"{quote(text)} is not a date: it contains {name.lower()} (U+{ord(foreign):04X}); "
            "dates use ASCII digits, '-', ':', '/' and '~?%' only"
        )
    raise InvalidInputError(f"{quote(text)} is not a date: {_FORMS}")


def _time_bound(text: str, precision: Precision, zone: str, values: dict[str, int]) -> Bound:
    try:
        return Bound(
            precision,
            values["year"],
            values["month"],
            values["day"],
            values["hour"],
            values["minute"],
            values.get("second", 0),
            zone=zone,
        )
    except _BoundError as error:
        raise error.quoting(text) from None


def _parse_time(text: str, match: re.Match[str]) -> Bound:
    zone, offset = match["zone"], match["offset"]
    if zone is not None and zone == "":
        raise InvalidInputError(f"{quote(text)} has an empty time zone")
    values = {name: int(match[name]) for name in ("year", "month", "day", "hour", "minute")}
    precision = Precision.MINUTE
    if match["second"] is not None:
        values["second"] = int(match["second"])
        precision = Precision.SECOND
    if zone is None:
        _time_bound(text, precision, "UTC", values)  # report impossible fields first
        if offset in ("Z", "+00:00"):
            zone = "UTC"
        else:
            raise InvalidInputError(
                f"{quote(text)} needs an IANA time zone name after the offset, as in "
                f"{text}[Europe/Berlin]; only UTC times (ending in Z) may leave it out"
            )
    if (message := zone_problem(zone)) is not None:
        raise InvalidInputError(f"{quote(text)}: {message}")
    first = _time_bound(text, precision, zone, values)
    if offset is None:
        if first._ambiguous():
            raise InvalidInputError(
                f"{quote(text)} happens twice in {zone} (the clocks go back): give the offset, "
                f"{_offset(first._local(0))} or {_offset(first._local(1))}"
            )
        return first
    if offset == "Z":
        if zone == "UTC":
            return first
        # RFC 9557: Z with a zone gives the instant in UTC, shown in the zone.
        instant = dt.datetime(first.year, first.month, first.day, first.hour, first.minute, first.second, tzinfo=dt.UTC)
        bound = Bound.of_datetime(instant, zone)
        return attrs.evolve(bound, precision=precision) if bound.second == 0 else bound
    for fold in (0, 1):
        candidate = attrs.evolve(first, fold=fold)
        if _offset(candidate._local()) == offset:
            return candidate
    raise InvalidInputError(
        f"{quote(text)}: the offset {offset} contradicts {zone}, which is {_offset(first._local())} "
        f"on {first.year:04}-{first.month:02}-{first.day:02}"
    )


@total_ordering
@attrs.frozen(eq=True, order=False, repr=False)
class When:
    """When something happened: a point, an interval, or undated; possibly vague.

    Build one with :meth:`When.parse` (``When.parse("2025-12-14/2025-12-15")``), or
    from :class:`Bound` values. ``start`` alone is a point; ``start`` and ``end`` an
    interval, either end of which may be :class:`Unbounded`; neither is undated.
    ``phrase`` keeps the words the source used ("earlier this week").

    Whens sort by earliest, then latest possible time, undated last; ties are
    broken by the canonical text, so the order is total and deterministic. Dates
    and times compare first by the calendar day where they happened (a date has
    no zone; a time's day is its day in its own zone), then times within a day by
    their real instant, whatever their zones.
    """

    start: Bound | Unbounded | None = None
    end: Bound | Unbounded | None = None
    phrase: str | None = None
    _key: tuple[int, int, int, int, int, str, str] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        check_line(problems, "phrase", self.phrase, optional=True)
        start, end = self.start, self.end
        if start is not None and not isinstance(start, Bound | Unbounded):
            problems.append(Problem(f"start must be a Bound, got {type(start).__name__}"))
        elif end is not None and not isinstance(end, Bound | Unbounded):
            problems.append(Problem(f"end must be a Bound, got {type(end).__name__}"))
        elif start is None and end is not None:
            problems.append(Problem("an interval needs a start (Unbounded.UNKNOWN if it is not known)"))
        elif end is None and isinstance(start, Unbounded):
            problems.append(Problem("a point in time cannot be unbounded"))
        elif isinstance(start, Unbounded) and isinstance(end, Unbounded):
            problems.append(Problem("an interval needs at least one dated end"))
        elif isinstance(start, Bound) and isinstance(end, Bound) and _ends_before(start, end):
            problems.append(Problem(f'"{start}/{end}" ends before it starts'))
        if problems:
            raise InvalidInputError(problems)
        object.__setattr__(self, "_key", self._make_key())

    def _make_key(self) -> tuple[int, int, int, int, int, str, str]:
        start, end = self.start, self.end
        if start is None:
            return (1, 0, 0, 0, 0, "", self.phrase or "")
        s_low, s_high = start._keys() if isinstance(start, Bound) else (_NEG_INF, _NEG_INF)
        if end is None:
            e_low, e_high = s_low, s_high
        elif isinstance(end, Bound):
            e_low, e_high = end._keys()
            if isinstance(start, Unbounded):
                s_high = e_high
        else:
            e_low, e_high = s_low, _POS_INF
        return (0, s_low, e_high, s_high, e_low, str(self), self.phrase or "")

    def __repr__(self) -> str:
        phrase = f", phrase={self.phrase!r}" if self.phrase is not None else ""
        return f"When({str(self)!r}{phrase})" if self.start is not None else f"When.undated({self.phrase!r})"

    # -- construction -------------------------------------------------------------

    @classmethod
    def parse(cls, text: str, *, phrase: str | None = None) -> When:
        """Read the text form (EDTF level 0–1 and quarters, or RFC 9557 times).

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
        text = text.strip()
        if not text:
            return cls(phrase=phrase)
        parts = _split_interval(text)
        if len(parts) == 1:
            return cls(_parse_bound(text), phrase=phrase)
        if len(parts) > 2:
            raise InvalidInputError(f"{quote(text)} has more than one '/': an interval has two ends")
        first, second = parts
        if first in ("", "..") and second in ("", ".."):
            raise InvalidInputError(f"{quote(text)}: an interval needs at least one dated end")
        start: Bound | Unbounded = _parse_end(first)
        end: Bound | Unbounded = _parse_end(second)
        if isinstance(start, Bound) and isinstance(end, Bound) and _ends_before(start, end):
            raise InvalidInputError(f"{quote(text)} ends before it starts")
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
    def earliest(self) -> pendulum.Date | pendulum.DateTime | None:
        """The earliest it may be; ``None`` if undated or open to the past.

        A date-precision value is a :class:`pendulum.Date`, a time a
        :class:`pendulum.DateTime` in its zone. Approximate bounds are widened.
        """
        return self.start.earliest if isinstance(self.start, Bound) else None

    @property
    def latest(self) -> pendulum.Date | pendulum.DateTime | None:
        """The latest it may be; ``None`` if undated or with no known end."""
        if self.end is None:
            return self.start.latest if isinstance(self.start, Bound) else None
        return self.end.latest if isinstance(self.end, Bound) else None

    @property
    def bounds(self) -> tuple[Bound, ...]:
        """The dated ends, start first."""
        return tuple(bound for bound in (self.start, self.end) if isinstance(bound, Bound))

    @property
    def is_vague(self) -> bool:
        """Whether it is coarser than a day, approximate, uncertain or has an undated end."""
        if not self.is_dated or isinstance(self.start, Unbounded) or isinstance(self.end, Unbounded):
            return True
        return any(bound.approximate or bound.uncertain or bound.precision in _COARSE for bound in self.bounds)

    def label(self, locale: str = "en") -> str:
        """A short human label: "14–15 Dec 2025", "Dec 2025", "about 16 Dec 2025", "no date yet"."""
        from timeline.model._labels import label

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
        return self._key < other._key


_COARSE = (Precision.YEAR, Precision.QUARTER, Precision.MONTH)


@lru_cache(maxsize=4096)
def _parse_cached(text: str, phrase: str | None) -> When:
    """Parsing is pure and Whens are immutable, so repeated dates are parsed once."""
    return When._parse(text, phrase)


def _split_interval(text: str) -> list[str]:
    """Split at each ``/`` that is not inside a ``[zone]``."""
    parts, depth, begin = [], 0, 0
    for index, char in enumerate(text):
        if char == "[":
            depth += 1
        elif char == "]":
            depth = max(depth - 1, 0)
        elif char == "/" and depth == 0:
            parts.append(text[begin:index])
            begin = index + 1
    parts.append(text[begin:])
    return parts


def _parse_end(text: str) -> Bound | Unbounded:
    if text == "":
        return Unbounded.UNKNOWN
    if text == "..":
        return Unbounded.OPEN
    return _parse_bound(text)


def _ends_before(start: Bound, end: Bound) -> bool:
    if start.precision.is_time and end.precision.is_time:
        # Aware datetimes that share a tzinfo compare by wall clock, ignoring fold.
        return end._local().astimezone(dt.UTC) < start._local().astimezone(dt.UTC)
    return end.last_day < start.first_day


def as_when(value: When | str | None) -> When:
    """``When`` from a ``When``, its text, or ``None`` (undated)."""
    if isinstance(value, When):
        return value
    if value is None:
        return When()
    return When.parse(value)
