"""What the event log knows about each event's recording, for exporters."""

from __future__ import annotations

import attrs
import pendulum

from timeline.errors import InvalidInputError

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
        if self.count < 1:
            raise InvalidInputError("an event recorded has at least one revision")
        if self.modified < self.created:
            raise InvalidInputError("the last revision cannot come before the first")
