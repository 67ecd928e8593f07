"""The fields every revision line starts with (``seq``, ``prev``, ``at``, ``op``, ``id``): what valid values are.

The index reads them from the line's bytes (:data:`timeline.log._format.PREFIX`);
these checks are for their decoded values, where a line does not read as the
index expects or says a key twice.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Final

from timeline._validation import MAX_SLUG, quote, slug_pattern
from timeline.errors import Problem
from timeline.log._revision import Operation

__all__ = ["HEX", "ID", "PREFIX_CHECKS", "field_problems", "prefix_problems", "time_problem"]

ID: Final = re.compile(slug_pattern(MAX_SLUG) + r"\Z")
STAMP: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z\Z")
HEX: Final = re.compile(r"[0-9a-f]{64}\Z")
_OPERATIONS: Final = ", ".join(operation.value for operation in Operation)


def _is_operation(value: object) -> bool:
    """Whether ``value`` names an operation (any JSON value may stand in a damaged line)."""
    return isinstance(value, str) and value in {operation.value for operation in Operation}


def time_problem(at: str) -> str | None:
    """Why a recorded time laid out as ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` names no real time (month 13), or ``None``."""
    try:
        dt.datetime.fromisoformat(at)
    except ValueError as error:
        return str(error)
    return None


PREFIX_CHECKS: Final[tuple[tuple[str, Any, str], ...]] = (
    ("seq", lambda v: type(v) is int and v >= 1, "expected a whole number from 1"),
    ("prev", lambda v: isinstance(v, str) and HEX.match(v), "expected a hash: 64 lowercase hex digits"),
    ("at", lambda v: isinstance(v, str) and STAMP.match(v), "expected a UTC time as YYYY-MM-DDTHH:MM:SS.ffffffZ"),
    ("op", _is_operation, f"expected one of: {_OPERATIONS}"),
    ("id", lambda v: isinstance(v, str) and ID.match(v), "expected an event id (a slug)"),
)


def field_problems(data: dict[str, Any]) -> list[Problem]:
    """What is wrong with the values of those of the fields a line starts with that it gives."""
    problems = []
    for name, valid, expected in PREFIX_CHECKS:
        if name in data and not valid(data[name]):
            shown = quote(data[name]) if isinstance(data[name], str) else json.dumps(data[name])[:60]
            what = "unknown operation " + shown + "; " if name == "op" else shown + ": "
            problems.append(Problem(what + expected, name))
    return problems


def prefix_problems(data: dict[str, Any]) -> list[Problem]:
    """What is wrong with the decoded fields a line starts with: :func:`field_problems`, and a time that does not exist.

    A line whose start the index read and checked holds them all, but JSON keeps
    the last of a repeated key: a line that says ``"at"`` twice is decoded with
    the second, which nothing else checked.
    """
    problems = field_problems(data)
    at = data.get("at")
    if not problems and isinstance(at, str) and (impossible := time_problem(at)) is not None:
        problems.append(Problem(f"{at} is not a time that exists: {impossible}", "at"))
    return problems
