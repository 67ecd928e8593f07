"""Where a :class:`~timeline.model.when.When` sorts (:class:`SortKey`) and where it may lie (:class:`Span`)."""

from __future__ import annotations

from typing import NamedTuple

from timeline.model._bound import Bound, OneOf, Reach, Unbounded
from timeline.model._days import AFTER_ALL, BEFORE_ALL, Point

__all__ = ["SortKey", "Span", "spans_of"]


class SortKey(NamedTuple):
    """Where a :class:`When` sorts; tuples of these compare field by field.

    ``start`` is the start as written (not widened for ``~``), in microseconds of
    UTC: a time's instant, a date's 00:00 UTC on its first day, and far before
    everything for an open or unknown start. Ties go to the coarser precision
    (``precision`` counts from years), then the earlier ``end``, then the text.
    """

    undated: bool
    start: int
    precision: int
    end: int
    text: str
    phrase: str


class Span(NamedTuple):
    """Where one reading of a :class:`When` may lie, as four points.

    ``low``: the earliest it may start; ``high``: the latest it may end;
    ``late_start``: the latest it may start; ``early_end``: the earliest it may end.
    It *may* meet a range if ``low`` is not after the range and ``high`` not before
    it; it *surely* does if ``late_start`` is not after it and ``early_end`` not before.
    """

    low: Point
    high: Point
    late_start: Point
    early_end: Point
    one_day: bool = False  # a date that is a single day, whichever: it needs a day within the range


def spans_of(
    start: Bound | Unbounded | OneOf, end: Bound | Unbounded | None, reaches: tuple[Reach | None, Reach | None]
) -> tuple[Span, ...]:
    if isinstance(start, OneOf):  # one member is the date, each a point that may be any day of its run
        return tuple(
            Span(first._low(), last._high(), last._high(), first._low(), one_day=True) for first, last in start.runs
        )
    return (_span(start, end, *reaches),)


def _span(
    start: Bound | Unbounded, end: Bound | Unbounded | None, start_reach: Reach | None, end_reach: Reach | None
) -> Span:
    """The span of an interval or point whose dated ends reach as ``start_reach`` and ``end_reach``."""
    if end is None:  # a point: it starts and ends on the same value, whichever that is
        assert start_reach is not None
        low, high = start_reach.low, start_reach.high
        return Span(low, high, high, low, one_day=low.at is None)
    low = BEFORE_ALL if start_reach is None else start_reach.low
    high = AFTER_ALL if end_reach is None else end_reach.high
    if start is Unbounded.OPEN:  # reaches back without limit, whatever the end
        late_start = BEFORE_ALL
    elif start is Unbounded.UNKNOWN:  # may have started at any time up to the end
        late_start = high
    else:
        assert start_reach is not None
        late_start = start_reach.high
        if late_start.at is None:  # a day of the start is never after the last day of the end
            late_start = Point(min(late_start.day, high.day))
    if end is Unbounded.OPEN:
        early_end = AFTER_ALL
    elif end is Unbounded.UNKNOWN:  # may have ended at any time from the start on
        early_end = low
    else:
        assert end_reach is not None
        early_end = end_reach.low
        if early_end.at is None:
            early_end = Point(max(early_end.day, low.day))
    return Span(low, high, late_start, early_end)
