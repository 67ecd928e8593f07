"""The values an event log hands out: :class:`Revision` and its parts, :class:`Diff`."""

from __future__ import annotations

import datetime as dt
import enum

import attrs
import pendulum

from timeline._validation import check_line, check_text, check_type, raise_problems
from timeline.errors import InvalidInputError, Problem
from timeline.model import Citation, Event

__all__ = ["Change", "Diff", "Operation", "Reason", "Revision", "moment_of", "stamp", "utc_moment"]


class Operation(enum.Enum):
    """What a revision does: ``put`` an event (add or replace it), or ``retract`` an id."""

    PUT = "put"
    RETRACT = "retract"


@attrs.frozen
class Reason:
    """Why a revision was made: a note, a citation of the source that prompted it, or both.

    ``put(..., why="…")`` and ``put(..., why=Citation(…))`` make one of these; pass a
    ``Reason`` to give both.
    """

    note: str | None = None
    citation: Citation | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        check_text(problems, "note", self.note)
        if self.citation is not None:
            check_type(problems, "citation", self.citation, Citation, "a Citation")
        if self.note is None and self.citation is None:
            problems.append(Problem("give a note, a citation or both", "note"))
        raise_problems(problems)


def as_reason(value: Reason | Citation | str | None) -> Reason | None:
    """The :class:`Reason` for a ``why=`` argument; errors have the path ``why``."""
    try:
        if value is None or isinstance(value, Reason):
            return value
        if isinstance(value, Citation):
            return Reason(citation=value)
        if isinstance(value, str):
            return Reason(value)
    except InvalidInputError as error:
        raise error.within("why") from None
    raise InvalidInputError.at("why", f"expected a note, a Citation or a Reason, got {type(value).__name__}")


def check_by(value: object) -> str:
    """Who recorded a revision: a non-empty, one-line text."""
    problems: list[Problem] = []
    check_line(problems, "by", value)
    raise_problems(problems)
    assert isinstance(value, str)
    return value


@attrs.frozen(kw_only=True)
class Revision:
    """One line of an event log: who recorded what, when, and why.

    ``seq`` counts revisions from 1. ``at`` is the recorded time, in UTC, strictly
    increasing through the log; it is *when the log learned something*, not when
    the event happened (that is ``event.when``). ``op`` is :attr:`Operation.PUT`,
    with the whole new ``event``, or :attr:`Operation.RETRACT`, with ``event``
    ``None``. ``prev`` is the hash of the line before (the log's header for the
    first revision) and ``hash`` the SHA-256 of this line without its hash, so
    changing any line breaks the chain. Revisions are made by
    :class:`~timeline.EventLog`, not by hand.
    """

    seq: int
    at: pendulum.DateTime
    op: Operation
    event_id: str
    event: Event | None
    by: str
    why: Reason | None
    prev: str
    hash: str


@attrs.frozen
class Change:
    """An event that differs between two recorded times: both versions and the fields that changed.

    ``fields`` names the :class:`~timeline.Event` attributes that differ, in the
    class's order (``("when", "status", "citations")``).
    """

    before: Event
    after: Event
    fields: tuple[str, ...]

    @property
    def id(self) -> str:
        """The event's id."""
        return self.after.id


def changed_fields(before: Event, after: Event) -> tuple[str, ...]:
    """The names of the attributes in which two versions of an event differ."""
    return tuple(
        field.name for field in attrs.fields(Event) if getattr(before, field.name) != getattr(after, field.name)
    )


@attrs.frozen
class Diff:
    """What changed between two recorded times, each part sorted by event id.

    ``added`` holds the events believed at the later time but not the earlier,
    ``retracted`` those believed at the earlier time only (as they were then), and
    ``changed`` every event believed at both times in different versions. An event
    put again unchanged is in none of them. A diff is true when anything changed.
    """

    added: tuple[Event, ...] = ()
    changed: tuple[Change, ...] = ()
    retracted: tuple[Event, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.retracted)


def utc_moment(value: object, path: str) -> pendulum.DateTime:
    """An aware date and time as a pendulum UTC ``DateTime``, to the microsecond."""
    if not isinstance(value, dt.datetime):
        raise InvalidInputError.at(path, f"expected a date and time, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInputError.at(path, f"{value.isoformat()} has no time zone: give a time in UTC or with an offset")
    return moment_of(stamp(value))


def stamp(value: dt.datetime) -> str:
    """The fixed-width text of a recorded time: ``2025-12-16T09:30:00.000000Z``.

    Equal widths make text order the same as time order, so the log compares
    recorded times without parsing them.
    """
    moment = value.astimezone(dt.UTC)
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T"
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}.{moment.microsecond:06d}Z"
    )


def moment_of(text: str) -> pendulum.DateTime:
    """The recorded time written as ``text`` by :func:`stamp`."""
    moment = dt.datetime.fromisoformat(text)
    return pendulum.DateTime(
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
        moment.microsecond,
        tzinfo=pendulum.UTC,
    )
