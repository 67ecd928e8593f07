"""The grammar of dates: EDTF for dates and intervals, RFC 9557 for times in a named zone.

:func:`parse` reads the text form of a :class:`~timeline.model.when.When` into its
two ends; every error quotes the text and says what is wrong with it. The forms
are listed in ``docs/explanation/dates.md``. The profile:

- EDTF level 0: ``2025``, ``2025-12``, ``2025-12-15``, intervals ``a/b``;
- all of EDTF level 1: qualifiers ``~ ? %``; unspecified digits from the right
  (``201X``, ``20XX``, ``2004-XX``, ``2004-06-XX``, ``2004-XX-XX``); seasons
  ``2001-21`` … ``2001-24``; negative years (``-0010``), year ``0000`` and years
  of more than four digits (``Y170000002``); open (``..``) and unknown (empty)
  interval ends;
- of EDTF level 2: quarters ``2026-33`` … ``2026-36``, and one of a set
  (``[2026-02-16..2026-02-20]``, ``[2026-02-16, 2026-02-18]``); every other
  level-2 form is refused with a message that names it;
- RFC 9557 times with an IANA zone: ``2025-12-15T14:00+01:00[Europe/Berlin]``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import attrs

from timeline._validation import quote, shared_zone, zone_problem
from timeline.errors import InvalidInputError, Problem
from timeline.model._bound import Bound, BoundError, OneOf, Unbounded, ends_before, offset_text
from timeline.model._precision import SEASONS, Precision

__all__ = ["parse"]


def parse(text: str) -> tuple[Bound | Unbounded | OneOf, Bound | Unbounded | None]:
    """The start and end (``None`` for a point) of a When written as ``text`` (stripped, not empty)."""
    parts = _split_interval(text)
    if len(parts) == 1:
        if text.startswith("[") and text.endswith("]"):
            return _parse_set(text), None
        return _parse_bound(text), None
    if len(parts) > 2:
        raise InvalidInputError(f"{quote(text)} has more than one '/': an interval has two ends")
    first, second = parts
    if first in ("", "..") and second in ("", ".."):
        raise InvalidInputError(f"{quote(text)}: an interval needs at least one dated end")
    start = _parse_end(first)
    end = _parse_end(second)
    if isinstance(start, Bound) and isinstance(end, Bound) and ends_before(start, end):
        raise InvalidInputError(f"{quote(text)} ends before it starts")
    return start, end


_DATE = re.compile(
    r"(?P<year>Y-?[0-9]+|-?[0-9X]{4})(?:-(?P<month>[0-9X]{2})(?:-(?P<day>[0-9X]{2}))?)?(?P<qualifier>[~?%])?\Z",
    re.ASCII,
)
_LEVEL_1_X = "level 1 allows X only from the right: 201X, 20XX, 2004-XX, 2004-06-XX, 2004-XX-XX"
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
    except BoundError as error:
        raise error.quoting(text) from None


def _parse_date(text: str, match: re.Match[str]) -> Bound:
    year, month, day = match["year"], match["month"], match["day"]
    qualifier = match["qualifier"] or ""
    approximate, uncertain = qualifier in ("~", "%"), qualifier in ("?", "%")
    if year.startswith("Y"):
        digits = year.lstrip("Y-")
        if len(digits) <= 4 or digits.startswith("0"):
            raise InvalidInputError(
                f"{quote(text)}: Y marks a year of more than four digits, as in Y170000002; write {year[1:]} as a "
                "four-digit year"
            )
        if month is not None:
            raise InvalidInputError(f"{quote(text)}: only a year alone may have more than four digits")
        return Bound(Precision.YEAR, int(year[1:]), approximate=approximate, uncertain=uncertain)
    if year == "-0000":
        raise InvalidInputError(f"{quote(text)}: year 0 has no sign; write 0000")
    unspecified = 0
    if "X" in year:
        unspecified = len(year) - len(year.rstrip("X"))
        if year.startswith("-") or "X" in year.rstrip("X") or unspecified > 2 or month is not None:
            raise InvalidInputError(f"{quote(text)} has unspecified digits (X) that are EDTF level 2; {_LEVEL_1_X}")
        year = year.replace("X", "0")
    if month is not None and "X" in month:
        if month != "XX" or (day is not None and day != "XX"):
            raise InvalidInputError(f"{quote(text)} has unspecified digits (X) that are EDTF level 2; {_LEVEL_1_X}")
        unspecified, month = (4, "01") if day is not None else (2, "01")
        day = "01" if day is not None else None
    elif day is not None and "X" in day:
        if day != "XX":
            raise InvalidInputError(f"{quote(text)} has unspecified digits (X) that are EDTF level 2; {_LEVEL_1_X}")
        unspecified, day = 2, "01"
    if month is not None and day is None and int(month) in SEASONS:
        return Bound(Precision.SEASON, int(year), SEASONS[int(month)], approximate=approximate, uncertain=uncertain)
    if month is not None and day is None and 33 <= int(month) <= 36:
        quarter_start = (int(month) - 33) * 3 + 1
        return Bound(Precision.QUARTER, int(year), quarter_start, approximate=approximate, uncertain=uncertain)
    if month is not None and day is None and 25 <= int(month) <= 41:
        raise InvalidInputError(
            f"{quote(text)} uses EDTF sub-year grouping {month}, a level 2 form; only seasons (21–24) and "
            "quarters (33–36) are supported"
        )
    precision = Precision.YEAR if month is None else Precision.MONTH if day is None else Precision.DAY
    return Bound(
        precision,
        int(year),
        int(month) if month else 1,
        int(day) if day else 1,
        approximate=approximate,
        uncertain=uncertain,
        unspecified=unspecified,
    )


# Forms of EDTF level 2 that timeline does not read, each with what to write instead.
_LEVEL_2 = (
    (re.compile(r"\{.*\}\Z"), "lists dates that all apply (EDTF level 2 multiple dates); record one event per date"),
    (
        re.compile(r"Y-?[0-9]+E[0-9]+"),
        "writes a year with an exponent (EDTF level 2); write the year out, as in Y170000002",
    ),
    (re.compile(r"[0-9X]S[0-9]+"), "gives significant digits (EDTF level 2); write a range of years instead"),
    (
        re.compile(r"^[~?%]|[~?%]-|-[~?%]"),
        "qualifies one part of a date (EDTF level 2); qualify the whole date, as in 2004-06-11~",
    ),
    (re.compile(r"^\[.*\]\Z"), "is one of a set of dates; a set stands alone, never as an end of an interval"),
)


def _parse_set(text: str) -> OneOf:
    """``[a, b..c]``: one of the dates a, or b to c (EDTF level 2)."""
    inner = text[1:-1].strip()
    if not inner:
        raise InvalidInputError(f"{quote(text)} is an empty set; give at least one date")
    runs: list[Bound | tuple[Bound, Bound]] = []
    for member in (part.strip() for part in inner.split(",")):
        if ".." in member:
            first, _, last = member.partition("..")
            if not first or not last:
                raise InvalidInputError(
                    f"{quote(text)} has an open-ended member ({member}), an EDTF level 2 form that timeline "
                    "does not support; give both ends, as in [2026-02-16..2026-02-20]"
                )
            runs.append((_parse_bound(first), _parse_bound(last)))
        elif not member:
            raise InvalidInputError(f"{quote(text)} has an empty member; separate dates with one comma")
        else:
            runs.append(_parse_bound(member))
    try:
        return OneOf(runs)
    except InvalidInputError as error:
        raise InvalidInputError(Problem(f"{quote(text)}: {problem.message}") for problem in error.problems) from None


def _parse_bound_unquoted(text: str) -> Bound:
    if match := _DATE.match(text):
        return _parse_date(text, match)
    if match := _TIME.match(text):
        return _parse_time(text, match)
    for pattern, what in _LEVEL_2:
        if pattern.search(text):
            raise InvalidInputError(f"{quote(text)} {what}")
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
    except BoundError as error:
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
    zone = shared_zone(zone)
    if offset == "Z" and zone != "UTC":
        return _utc_time_in_zone(text, precision, zone, values)
    first = _time_bound(text, precision, zone, values)
    if offset is None:
        if first._ambiguous():
            raise InvalidInputError(
                f"{quote(text)} happens twice in {zone} (the clocks go back): give the offset, "
                f"{offset_text(first._local(0))} or {offset_text(first._local(1))}"
            )
        return first
    if offset == "Z":
        return first
    if offset_text(first._local()) == offset:
        return first
    if offset_text(first._local(1)) == offset:
        return attrs.evolve(first, fold=1)
    raise InvalidInputError(
        f"{quote(text)}: the offset {offset} contradicts {zone}, which is {offset_text(first._local())} "
        f"on {first.year:04}-{first.month:02}-{first.day:02}"
    )


def _utc_time_in_zone(text: str, precision: Precision, zone: str, values: dict[str, int]) -> Bound:
    """RFC 9557: ``Z`` with a zone gives the instant in UTC, shown in the zone; the fields are UTC, not wall time."""
    utc = _time_bound(text, precision, "UTC", values)
    instant = dt.datetime(utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, tzinfo=dt.UTC)
    try:
        bound = Bound.of_datetime(instant, zone)
    except OverflowError:
        shown = f"{utc.year:04}-{utc.month:02}-{utc.day:02} {utc.hour:02}:{utc.minute:02}"
        raise InvalidInputError(
            f"{quote(text)} is not a valid time: {shown} UTC is outside years 1–9999 in {zone}"
        ) from None
    except BoundError as error:
        raise error.quoting(text) from None
    return attrs.evolve(bound, precision=precision) if bound.second == 0 else bound


_BRACKET_OR_SLASH = re.compile(r"[\[\]/]")


def _split_interval(text: str) -> list[str]:
    """Split at each ``/`` that is not inside a ``[zone]``."""
    if "[" not in text:
        return text.split("/")
    parts, depth, begin = [], 0, 0
    for found in _BRACKET_OR_SLASH.finditer(text):
        char = found.group()
        if char == "[":
            depth += 1
        elif char == "]":
            depth = max(depth - 1, 0)
        elif depth == 0:
            index = found.start()
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
