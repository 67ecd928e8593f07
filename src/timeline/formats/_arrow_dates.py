"""The date columns of the Arrow tables, derived from an event's ``when`` for queries."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Final, NamedTuple

from timeline.model import Bound, Event, OneOf, Precision, Unbounded, When
from timeline.model.duration import lengthen


class _Dates(NamedTuple):
    """The derived date columns of one ``When``."""

    earliest: dt.date | int | None
    latest: dt.date | int | None
    latest_start: dt.date | int | None
    earliest_end: dt.date | int | None
    earliest_at: dt.datetime | None
    latest_at: dt.datetime | None
    one_of: list[dict[str, dt.date | int | None]] | None
    out_of_range: bool


_UNDATED: Final = _Dates(None, None, None, None, None, None, None, False)

_EPOCH: Final = dt.date(1970, 1, 1).toordinal()
_DATE32: Final = range(-(2**31), 2**31)
_LAST_DATE: Final = dt.date.max.toordinal()


def _day32(number: int) -> dt.date | int | None:
    """A day number as a date32 value: a date in years 1–9999, days since 1970 beyond, ``None`` past date32."""
    if 1 <= number <= _LAST_DATE:
        return dt.date.fromordinal(number)
    return number - _EPOCH if number - _EPOCH in _DATE32 else None


def _dated_start(when: When) -> bool:
    """Whether the earliest ``when`` may be is a date (not open, unknown or undated)."""
    return isinstance(when.start, Bound | OneOf)


def _dated_end(when: When) -> bool:
    """Whether the latest ``when`` may be is a date (not open, unknown or undated)."""
    return isinstance(when.start, OneOf) or isinstance(when.start if when.end is None else when.end, Bound)


def _date_columns(when: When) -> _Dates:
    """Every derived date column of ``when``, as the model's own overlap rule sees it.

    ``earliest``/``latest``: the first and last calendar day it may reach, widened
    for ``~`` (a time counts as its day in its own zone); ``None`` where that side
    is open or unknown. ``latest_start``/``earliest_end``: the latest day it may
    start and the earliest day it may end; an unknown end may come as early as the
    start (an unknown start as late as the end); an open side has none. For a set,
    every member is one day: it may start as late as the last member ends and end
    as early as the first begins, and ``one_of`` lists each member's first and last
    day. ``*_at``: the UTC instant of an end that is a time. A day date32 cannot
    hold (beyond about ±5.8 million years) is ``None`` and ``out_of_range`` true.
    """
    spans = when.day_spans
    if not spans:
        return _UNDATED
    days: list[int | None] = [
        min(low for low, _, _, _ in spans) if _dated_start(when) else None,
        max(high for _, high, _, _ in spans) if _dated_end(when) else None,
        None if when.start is Unbounded.OPEN else max(late_start for _, _, late_start, _ in spans),
        None if when.end is Unbounded.OPEN else min(early_end for _, _, _, early_end in spans),
    ]
    values = [None if number is None else _day32(number) for number in days]
    out_of_range = any(value is None and number is not None for value, number in zip(values, days, strict=True))
    one_of = None
    if isinstance(when.start, OneOf):
        one_of = [{"earliest": _day32(low), "latest": _day32(high)} for low, high, _, _ in spans]
        out_of_range = out_of_range or any(run[side] is None for run in one_of for side in run)
    earliest, latest, latest_start, earliest_end = values
    return _Dates(earliest, latest, latest_start, earliest_end, when.earliest_at, when.latest_at, one_of, out_of_range)


_COARSEST_FIRST: Final = tuple(Precision)


WHEN_COLUMNS: Final = (
    "when",
    "phrase",
    "earliest",
    "latest",
    "latest_start",
    "earliest_end",
    "earliest_at",
    "latest_at",
    "precision",
    "approximate",
    "uncertain",
    "open_start",
    "open_end",
    "unknown_start",
    "unknown_end",
    "one_of",
    "out_of_range",
    "zone",
)


def _when_columns(when: When) -> dict[str, Any]:
    return dict(zip(WHEN_COLUMNS, _when_values(when), strict=True))


@lru_cache(maxsize=65_536)
def _when_values(when: When) -> tuple[Any, ...]:
    """The values of :data:`WHEN_COLUMNS`; many events share a date, so each is worked out once."""
    bounds = when.bounds
    dates = _date_columns(when)
    zones = [bound.zone for bound in bounds if bound.precision.is_time]
    return (
        str(when) if when.is_dated else None,
        when.phrase,
        dates.earliest,
        dates.latest,
        dates.latest_start,
        dates.earliest_end,
        dates.earliest_at,
        dates.latest_at,
        min((bound.precision for bound in bounds), key=_COARSEST_FIRST.index).value if bounds else None,
        any(bound.approximate for bound in bounds),
        any(bound.uncertain for bound in bounds),
        when.start is Unbounded.OPEN,
        when.end is Unbounded.OPEN,
        when.start is Unbounded.UNKNOWN,
        when.end is Unbounded.UNKNOWN,
        dates.one_of,
        dates.out_of_range,
        zones[0] if zones else None,
    )


def event_when_columns(event: Event) -> dict[str, Any]:
    """The ``when`` text as written, and the date columns of the date the event is taken to have.

    The derived columns follow :attr:`Event.effective_when` (a duration gives it
    its end). A disputed date spans every counting account, each a member of
    ``one_of``; an at-most duration is certain only of its start. Both follow
    :meth:`Event.overlaps`.
    """
    columns = _when_columns(event.effective_when)
    columns["when"] = str(event.when) if event.when.is_dated else None
    columns["phrase"] = event.when.phrase
    at_most = event.duration is not None and event.duration.at_most
    if not event.disputed and not at_most:
        return columns
    readings = _account_whens(event) if event.disputed else [event.effective_when]
    sure = [When(when.start) if at_most and when.is_interval else when for when in readings]
    spans = [span for when in readings for span in when.day_spans]
    sure_spans = [span for when in sure for span in when.day_spans]
    if not spans:  # undated: no date to last at most its duration
        return columns
    open_start = all(when.start is Unbounded.OPEN for when in sure)
    open_end = all(when.end is Unbounded.OPEN for when in sure)
    days = [
        min(low for low, _, _, _ in spans) if all(_dated_start(when) for when in readings) else None,
        max(high for _, high, _, _ in spans) if all(_dated_end(when) for when in readings) else None,
        None if open_start else max(late_start for _, _, late_start, _ in sure_spans),
        None if open_end else min(early_end for _, _, _, early_end in sure_spans),
    ]
    for name, number in zip(("earliest", "latest", "latest_start", "earliest_end"), days, strict=True):
        columns[name] = None if number is None else _day32(number)
    columns["open_start"], columns["open_end"] = open_start, open_end
    if event.disputed:
        columns["one_of"] = [{"earliest": _day32(low), "latest": _day32(high)} for low, high, _, _ in spans]
        columns["earliest_at"] = columns["latest_at"] = None
    return columns


def _account_whens(event: Event) -> list[When]:
    """The dates of the event's counting accounts, each lasting the event's duration (as the event sees them)."""
    duration = event.duration
    return [
        account.when if duration is None or not account.when.is_dated else lengthen(account.when, duration)
        for account in event.date_accounts
        if account.when is not None
    ]
