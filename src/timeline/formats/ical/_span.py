"""Where an event sits in a calendar: its ``DTSTART`` and ``DTEND``, and whether it is vague.

The writer writes these; the reader compares an entry's dates with them to see
whether a calendar app has moved it since.
"""

from __future__ import annotations

import datetime as dt

import attrs

from timeline.formats.ical._accounts import disputed_days
from timeline.formats.ical._zones import zone_info
from timeline.model import Bound, Event, OneOf, Unbounded, When

_DAY = dt.timedelta(days=1)


@attrs.frozen
class Span:
    """Where an event sits in a calendar: ``DTSTART``, ``DTEND`` (or none) and whether it is vague.

    Dates are all-day values (``DTEND`` exclusive); a time is a :class:`Moment`.
    """

    start: dt.date | Moment
    end: dt.date | Moment | None
    vague: bool


@attrs.frozen
class Moment:
    """A wall-clock time in ``zone`` (``TZID``), or a UTC time when ``zone`` is ``None``."""

    local: dt.datetime
    zone: str | None

    def value(self) -> dt.datetime:
        return self.local if self.zone is not None else self.local.replace(tzinfo=dt.UTC)


def instant(bound: Bound) -> dt.datetime:
    """The UTC time of a bound with a time of day."""
    zone = dt.UTC if bound.zone in (None, "UTC") else zone_info(bound.zone or "UTC")
    local = dt.datetime(
        bound.year, bound.month, bound.day, bound.hour, bound.minute, bound.second, tzinfo=zone, fold=bound.fold
    )
    return local.astimezone(dt.UTC)


def _moment(bound: Bound) -> Moment:
    local = dt.datetime(bound.year, bound.month, bound.day, bound.hour, bound.minute, bound.second)
    if bound.zone == "UTC":
        return Moment(local, None)
    if bound.fold:
        # The second of two equal wall-clock times: TZID would name the first, so write UTC.
        return Moment(instant(bound).replace(tzinfo=None), None)
    return Moment(local, bound.zone)


def _first_day(bound: Bound) -> dt.date:
    if bound.precision.is_time:
        return bound.first_day
    day = bound.earliest
    return dt.date(day.year, day.month, day.day)


def _last_day(bound: Bound) -> dt.date:
    if bound.precision.is_time:
        return bound.first_day
    day = bound.latest
    return dt.date(day.year, day.month, day.day)


def span(when: When) -> Span | None:
    """How ``when`` is shown in a calendar; ``None`` for an undated ``When``.

    Times become timed entries (a point has no ``DTEND``); days, and intervals that
    mix a time and a day, become all-day entries. A vague ``When`` (coarser than a
    day, ``~`` or ``?``, or with an open or unknown end) becomes an all-day entry
    over every day it may fall on; an open or unknown end shows only the known end.
    One of a set of dates (``[2026-02-16..2026-02-20]``) is an all-day entry from
    its first day to its last.
    ``DTEND`` cannot pass 9999-12-31, so an entry that reaches that day ends a day early.
    """
    start, end = when.start, when.end
    if start is None:
        return None
    if isinstance(start, OneOf):  # one of several days: every day it may be, all-day and vague
        return Span(_first_day(start.first), _last_day(start.last) + _DAY, vague=True)
    if end is None or isinstance(end, Unbounded):
        assert isinstance(start, Bound)
        first = last = start
    elif isinstance(start, Unbounded):
        first = last = end
    else:
        first, last = start, end
    vague = when.is_vague
    if first.precision.is_time and last.precision.is_time:
        opening = _moment(first)
        if last is first or instant(last) == instant(first):
            return Span(opening, None, vague)
        return Span(opening, _moment(last), vague)
    low, high = _first_day(first), _last_day(last)
    closing = high + _DAY if high < dt.date.max else high
    return Span(low, closing if closing > low else None, vague)


def placement(event: Event) -> Span | None:
    """Where an event sits in a calendar: by its effective date, or over every account's days if disputed."""
    days = disputed_days(event)
    if days is not None:
        return Span(days[0], days[1], vague=True)
    return span(event.effective_when)
