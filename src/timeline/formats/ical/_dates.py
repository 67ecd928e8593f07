"""Dates and times of VEVENTs as other programs write them, as ``When`` text.

``DTSTART`` with ``DTEND`` or ``DURATION``: all-day dates (``DTEND`` exclusive),
times in an IANA zone or in UTC, floating times, Windows zone names, zones named
by a path or by their VTIMEZONE's ``X-LIC-LOCATION``, and custom zones (read as
UTC instants). Each reading says whether it kept the entry's dates exactly.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from typing import Any

import attrs

from timeline._validation import quote, zone_problem
from timeline.errors import InvalidInputError
from timeline.formats.ical._lex import Line, Node
from timeline.formats.ical._span import Moment, Span, span
from timeline.model import Bound, When

_DAY = dt.timedelta(days=1)


@attrs.frozen
class Dates:
    """A VEVENT's dates as ``When`` text (``None`` without ``DTSTART``), and whether they were kept exactly."""

    when: str | None
    faithful: bool


class DateError(Exception):
    def __init__(self, line: Line | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _bound(value: dt.datetime, zone: str, line: Line | None) -> Bound:
    try:
        return Bound.of_datetime(value, zone)
    except (InvalidInputError, OverflowError, ValueError) as error:
        raise DateError(line, f"{value.isoformat()} cannot be read as a time in {zone}: {error}") from None


class Zones(dict[str, str]):
    """The calendar's VTIMEZONEs: the IANA name each TZID gives (its ``X-LIC-LOCATION``), and its definition.

    A definition is turned into a zone only when a time needs it, and from this
    calendar's own VTIMEZONE: never from one that another calendar, read before in
    the same process, gave the same TZID (``icalendar`` keeps the first it saw).
    """

    def __init__(self) -> None:
        super().__init__()
        self.definitions: dict[str, Any] = {}
        self._zones: dict[str, dt.tzinfo | None] = {}
        self.unknown: list[tuple[str, Line | None]] = []  # each TZID that names no zone, and its line

    def add(self, tzid: str, location: str | None, component: Any) -> None:
        """Note a VTIMEZONE; the first of a TZID counts."""
        if location is not None:
            self.setdefault(tzid, location)
        if component is not None:
            self.definitions.setdefault(tzid, component)

    def defined(self, tzid: str) -> dt.tzinfo | None:
        """The zone this calendar's VTIMEZONE of ``tzid`` defines, if it has a readable one."""
        if tzid not in self._zones:
            zone = None
            if tzid in self.definitions:
                try:
                    zone = self.definitions[tzid].to_tz(lookup_tzid=False)
                except Exception:  # noqa: BLE001 -- a definition icalendar cannot turn into a zone defines none
                    zone = None
            self._zones[tzid] = zone
        return self._zones[tzid]


def _time(prop: Any, line: Line | None, floating: str, zones: Zones) -> tuple[Bound, bool]:
    """A time property as a bound, and whether it keeps its zone exactly.

    A ``TZID`` that is not an IANA name is looked up as the VTIMEZONE's
    ``X-LIC-LOCATION``, as a Windows zone name, and as a path ending in an IANA
    name (``/mozilla.org/20050126_1/Europe/Berlin``); failing those, the time is
    converted to UTC with the calendar's own VTIMEZONE, wherever it stands in the file.
    """
    value: dt.datetime = prop.dt
    tzid = prop.params.get("TZID")
    if tzid is None:
        if value.tzinfo is None:
            return _bound(value.replace(tzinfo=_zoneinfo(floating)), floating, line), False
        return _bound(value, "UTC", line), True
    tzid = str(tzid)
    if zone_problem(tzid) is None:
        return _bound(value.replace(tzinfo=_zoneinfo(tzid)), tzid, line), True
    for candidate in _zone_names(tzid, zones):
        if zone_problem(candidate) is None:
            return _bound(value.replace(tzinfo=_zoneinfo(candidate)), candidate, line), False
    defined = zones.defined(tzid)
    if defined is not None:
        return _bound(value.replace(tzinfo=defined), "UTC", line), False
    if value.tzinfo is None:  # a TZID without a VTIMEZONE, nor a name of a zone
        zones.unknown.append((tzid, line))
        return _bound(value.replace(tzinfo=_zoneinfo(floating)), floating, line), False
    return _bound(value, "UTC", line), False


def _zone_names(tzid: str, zones: Zones) -> Iterator[str]:
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    if tzid in zones:
        yield zones[tzid]
    cleaned = tzid.strip().strip("/")
    if cleaned in WINDOWS_TO_OLSON:
        yield WINDOWS_TO_OLSON[cleaned]
    parts = cleaned.split("/")
    for first in range(len(parts)):
        yield "/".join(parts[first:])


def _zoneinfo(name: str) -> dt.tzinfo:
    return zoneinfo.ZoneInfo(name)


def _day(value: dt.date) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _value(component: Any, name: str, line: Line | None) -> Any:
    """The date, date and time, or (for DURATION) duration of a property; :class:`DateError` if it is none."""
    shown = "" if line is None else f" {quote(line.raw_value)}"
    try:
        value = component[name].dt
    except Exception:  # noqa: BLE001 -- icalendar marks unreadable values in many ways
        reasons = [str(message) for prop, message in getattr(component, "errors", []) if prop == name]
        reason = reasons[0] if reasons else "not a date or time"
        raise DateError(line, f"{name}{shown} cannot be read: {reason}") from None
    expected = dt.timedelta if name == "DURATION" else dt.date
    if not isinstance(value, expected):
        what = "a duration" if name == "DURATION" else "a date or a date and time"
        raise DateError(line, f"{name}{shown} is not {what}")
    return value


def foreign_dates(component: Any, node: Node, floating: str, zones: Zones) -> Dates:
    """The ``When`` text of a VEVENT's DTSTART and DTEND (or DURATION), however another program wrote them."""
    start_prop = component.get("DTSTART")
    if start_prop is None:
        return Dates(None, True)
    start_line = node.first("DTSTART")
    start = _value(component, "DTSTART", start_line)
    end_prop, end_name = component.get("DTEND"), "DTEND"
    if end_prop is None:
        end_prop, end_name = component.get("DURATION"), "DURATION"
    end_line = node.first(end_name)
    end = None if end_prop is None else _value(component, end_name, end_line)
    if isinstance(start, dt.datetime):
        first, faithful = _time(start_prop, start_line, floating, zones)
        if isinstance(end, dt.timedelta):
            try:
                moment = first.moment + end
            except OverflowError:
                raise DateError(end_line, "DURATION runs past the year 9999") from None
            last = _bound(moment, first.zone or "UTC", end_line)
        elif isinstance(end, dt.datetime):
            last, end_faithful = _time(end_prop, end_line, floating, zones)
            faithful = faithful and end_faithful
        elif end is not None:  # a date: the entry mixes a time and a day
            return _days(start.date(), end - _DAY, faithful=False)
        else:
            return Dates(str(first), faithful)
        opening, closing = When(first).earliest_at, When(last).earliest_at  # instants: fold-safe
        assert opening is not None
        assert closing is not None
        if closing > opening:
            return Dates(f"{first}/{last}", faithful)
        return Dates(str(first), faithful and closing == opening)
    if isinstance(end, dt.timedelta):
        try:
            end = start + end
        except OverflowError:
            raise DateError(end_line, "DURATION runs past the year 9999") from None
    if end is None:
        return Dates(_day(start), True)
    if isinstance(end, dt.datetime):
        return _days(start, end.date(), faithful=False)
    return _days(start, end - _DAY, faithful=end > start)


def _days(first: dt.date, last: dt.date, *, faithful: bool) -> Dates:
    if last > first:
        return Dates(f"{_day(first)}/{_day(last)}", faithful)
    return Dates(_day(first), faithful)


def _written(value: dt.date | Moment) -> tuple[str, str | None]:
    """A DTSTART or DTEND value as :func:`to_ical` writes it: the text and the TZID."""
    if isinstance(value, Moment):
        return value.local.strftime("%Y%m%dT%H%M%S") + ("" if value.zone is not None else "Z"), value.zone
    return f"{value.year:04d}{value.month:02d}{value.day:02d}", None


def _as_found(prop: Any) -> tuple[str, str | None] | None:
    if prop is None:
        return None
    tzid = prop.params.get("TZID")
    try:
        return prop.to_ical().decode("ascii"), None if tzid is None else str(tzid)
    except Exception:  # noqa: BLE001 -- a broken value simply does not match
        return ("", None)


def unmoved(component: Any, when: When, placed: Span | None = None) -> bool:
    """Whether the VEVENT still has the DTSTART and DTEND that ``when`` (or ``placed``, if given) is written as."""
    placed = span(when) if placed is None else placed
    if placed is None:
        return False
    if component.get("DURATION") is not None:
        return False
    end = None if placed.end is None else _written(placed.end)
    return _as_found(component.get("DTSTART")) == _written(placed.start) and _as_found(component.get("DTEND")) == end
