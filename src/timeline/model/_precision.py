"""How finely a :class:`~timeline.model.when.Bound` is known, and the calendar tables that go with it."""

from __future__ import annotations

import enum
from typing import Final

__all__ = ["MONTHS", "RANK", "SEASONS", "Precision"]


class Precision(enum.Enum):
    """How finely a :class:`Bound` is known, from a year down to a second."""

    YEAR = "year"
    SEASON = "season"
    QUARTER = "quarter"
    MONTH = "month"
    DAY = "day"
    MINUTE = "minute"
    SECOND = "second"

    @property
    def is_time(self) -> bool:
        """Whether this precision names a moment in a time zone."""
        return self in (Precision.MINUTE, Precision.SECOND)


RANK: Final = {precision: rank for rank, precision in enumerate(Precision)}
"""Each precision's place from years (0) down to seconds."""

MONTHS: Final = {Precision.YEAR: 12, Precision.SEASON: 3, Precision.QUARTER: 3, Precision.MONTH: 1}
"""How many months a bound of each precision covers; ``~`` widens it by as many on each side."""

SEASONS: Final = {21: 3, 22: 6, 23: 9, 24: 12}
"""EDTF's season numbers to each season's first month (northern meteorological seasons)."""
