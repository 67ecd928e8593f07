"""What the event log knows about each event's recording, for exporters."""

from __future__ import annotations

import datetime as dt

import attrs
import pendulum

from timeline.errors import InvalidInputError, Problem
from timeline.model._checks import raise_problems

__all__ = ["Revisions"]


@attrs.frozen
class Revisions:
    """How an event was recorded: first and last recorded times (UTC) and how often.

    Exporters use it where formats track changes: iCalendar writes ``count - 1`` as
    ``SEQUENCE``, ``modified`` as ``DTSTAMP`` and ``LAST-MODIFIED``, ``created`` as
    ``CREATED``, so calendar clients update a revised event instead of adding a copy.
    """

    created: pendulum.DateTime
    modified: pendulum.DateTime
    count: int

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        for name in ("created", "modified"):
            value = getattr(self, name)
            if not isinstance(value, dt.datetime):
                problems.append(Problem(f"expected a date and time, got {type(value).__name__}", name))
            elif value.utcoffset() is None:
                problems.append(Problem(f"{value.isoformat()} has no time zone", name))
        if type(self.count) is not int:
            problems.append(Problem(f"expected a whole number, got {type(self.count).__name__}", "count"))
        elif self.count < 1:
            problems.append(Problem("an event recorded has at least one revision", "count"))
        raise_problems(problems)
        # As instants: two times with one tzinfo would compare by wall clock, ignoring fold.
        if self.modified.astimezone(dt.UTC) < self.created.astimezone(dt.UTC):
            raise InvalidInputError("the last revision cannot come before the first")
