"""Dates on TimelineJS slides: a date object at a bound's precision, and a slide's start, end and display date.

Both directions use these: :func:`~timeline.formats.timelinejs.to_timelinejs`
writes them, :func:`~timeline.formats.timelinejs.from_timelinejs` compares what it
reads with what they would write.
"""

from __future__ import annotations

from typing import Any, Final

import pendulum

from timeline.formats._labels import event_label
from timeline.formats._page import Prose
from timeline.model import Bound, Event, OneOf, Precision, Unbounded

__all__ = ["DATE_FIELDS", "date_object", "slide_dates"]

DATE_FIELDS: Final = ("year", "month", "day", "hour", "minute", "second")
"""A TimelineJS date's fields, coarsest first: the finest one given is the date's precision."""


def date_object(bound: Bound, zone: str, *, last: bool = False) -> dict[str, int]:
    """A TimelineJS date object with the fields of ``bound``'s precision; ``last``: a quarter's last month."""
    if bound.precision.is_time:
        moment = bound.moment.in_timezone(pendulum.timezone(zone))
        fields = {
            "year": moment.year,
            "month": moment.month,
            "day": moment.day,
            "hour": moment.hour,
            "minute": moment.minute,
        }
        if bound.precision is Precision.SECOND:
            fields["second"] = moment.second
        return fields
    if bound.unspecified:
        return _unspecified(bound, last=last)
    if bound.precision is Precision.SEASON:  # three months from ``month``; winter runs into the next year
        month = bound.month + 2 if last else bound.month
        return {"year": bound.year + (month - 1) // 12, "month": (month - 1) % 12 + 1}
    if bound.precision is Precision.YEAR:
        return {"year": bound.year}
    if bound.precision is Precision.QUARTER:
        return {"year": bound.year, "month": bound.month + 2 if last else bound.month}
    if bound.precision is Precision.MONTH:
        return {"year": bound.year, "month": bound.month}
    return {"year": bound.year, "month": bound.month, "day": bound.day}


def _unspecified(bound: Bound, *, last: bool) -> dict[str, int]:
    """A date with digits written ``X``, at the precision its known digits give: ``201X`` runs 2010–2019."""
    if bound.precision is Precision.YEAR:
        return {"year": bound.year + (10**bound.unspecified - 1 if last else 0)}
    if bound.precision is Precision.DAY and bound.unspecified == 2:
        return {"year": bound.year, "month": bound.month}
    return {"year": bound.year}


def slide_dates(event: Event, zone: str, prose: Prose) -> dict[str, Any]:
    """A slide's ``start_date``, ``end_date`` (if it differs) and ``display_date`` (where the fields cannot say it)."""
    when = event.effective_when
    start, end = when.start, when.end
    if isinstance(start, OneOf):
        first, last = start.first, start.last
    else:
        found = start if isinstance(start, Bound) else end
        assert isinstance(found, Bound)
        first = found
        last = end if isinstance(end, Bound) and isinstance(start, Bound) else first
    slide: dict[str, Any] = {"start_date": date_object(first, zone)}
    final = date_object(last, zone, last=True)  # a quarter, a season or X digits span more than their first date
    if final != slide["start_date"]:
        slide["end_date"] = final
    if event.duration is not None and event.duration.at_most:  # the end is not known, only its limit
        slide["display_date"] = prose.markup.text(event_label(event, prose.locale))
    elif when.is_vague or isinstance(end, Unbounded) or any(bound.precision.is_time for bound in when.bounds):
        slide["display_date"] = prose.markup.text(prose.label(when))
    return slide
