"""What the event log knows about each event's recording, for exporters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs
import pendulum

from timeline._validation import check_text, check_type, raise_problems
from timeline.errors import InvalidInputError, Problem
from timeline.model.provenance import Citation
from timeline.model.when import When

__all__ = ["Revisions", "Update"]


def _names(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _updates(value: Iterable[Update]) -> tuple[Update, ...]:
    return tuple(value)


@attrs.frozen
class Update:
    """One revision of an event after its first: when it was recorded, what changed, and why.

    ``at`` is the recorded time (UTC). ``fields`` names the :class:`~timeline.Event`
    attributes that differ from the version put before, in the class's order (empty
    for an event put again unchanged). ``before`` and ``after`` are the event's
    effective dates before and after, given only when they differ. ``note`` and
    ``citation`` are the revision's reason (see :class:`~timeline.Reason`).
    Exporters show updates under the event, so that a correction stays visible.
    """

    at: pendulum.DateTime
    fields: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_names)
    before: When | None = attrs.field(default=None, kw_only=True)
    after: When | None = attrs.field(default=None, kw_only=True)
    note: str | None = attrs.field(default=None, kw_only=True)
    citation: Citation | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if not isinstance(self.at, dt.datetime):
            problems.append(Problem(f"expected a date and time, got {type(self.at).__name__}", "at"))
        elif self.at.utcoffset() is None:
            problems.append(Problem(f"{self.at.isoformat()} has no time zone", "at"))
        for name in ("before", "after"):
            if getattr(self, name) is not None:
                check_type(problems, name, getattr(self, name), When, "a When")
        if (self.before is None) != (self.after is None):
            problems.append(Problem("give both the date before and after, or neither", "before"))
        check_text(problems, "note", self.note)
        if self.citation is not None:
            check_type(problems, "citation", self.citation, Citation, "a Citation")
        raise_problems(problems)


@attrs.frozen
class Revisions:
    """How an event was recorded: first and last recorded times (UTC) and how often.

    Exporters use it where formats track changes: iCalendar writes ``count - 1`` as
    ``SEQUENCE``, ``modified`` as ``DTSTAMP`` and ``LAST-MODIFIED``, ``created`` as
    ``CREATED``, so calendar clients update a revised event instead of adding a copy.
    ``updates`` lists each revision after the first that changed the event or gave a
    reason, oldest first (:class:`Update`); the pages and the calendar show them.
    """

    created: pendulum.DateTime
    modified: pendulum.DateTime
    count: int
    updates: tuple[Update, ...] = attrs.field(default=(), kw_only=True, converter=_updates)

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
        for index, update in enumerate(self.updates):
            check_type(problems, f"updates[{index}]", update, Update, "an Update")
        raise_problems(problems)
        # As instants: two times with one tzinfo would compare by wall clock, ignoring fold.
        if self.modified.astimezone(dt.UTC) < self.created.astimezone(dt.UTC):
            raise InvalidInputError("the last revision cannot come before the first")
