"""The grammar of dates: EDTF for dates and intervals, RFC 9557 for times in a named zone.

:func:`parse` reads the text form of a :class:`~timeline.model.when.When` into its
two ends; every error quotes the text and says what is wrong with it. The forms
are listed in ``docs/explanation/dates.md``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import attrs

from timeline.errors import InvalidInputError
from timeline.model._checks import quote, zone_problem
from timeline.model.when import Bound, Precision, Unbounded, _BoundError, _ends_before, _offset

__all__ = ["parse"]


def parse(text: str) -> tuple[Bound | Unbounded, Bound | Unbounded | None]:
    """The start and end (``None`` for a point) of a When written as ``text`` (stripped, not empty)."""
    parts = _split_interval(text)
    if len(parts) == 1:
        return _parse_bound(text), None
    if len(parts) > 2:
        raise InvalidInputError(f"{quote(text)} has more than one '/': an interval has two ends")
    first, second = parts
    if first in ("", "..") and second in ("", ".."):
        raise InvalidInputError(f"{quote(text)}: an interval needs at least one dated end")
    start = _parse_end(first)
    end = _parse_end(second)
    if isinstance(start, Bound) and isinstance(end, Bound) and _ends_before(start, end):
        raise InvalidInputError(f"{quote(text)} ends before it starts")
    return start, end


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
