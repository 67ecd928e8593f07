"""The cells of a spreadsheet's rows, shared by the CSV layout and TimelineJS's template.

A cell that a spreadsheet application would run as a formula is written with a
``'`` in front (:func:`neutralised`) and read without it (:func:`restored`); a
cell of several items separates them by ``;`` (:func:`join_items`,
:func:`split_items`); a problem names its row and column (:func:`at_cell`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from timeline._validation import quote
from timeline.errors import InvalidInputError, Problem
from timeline.model import Event, Timeline

# Cells a spreadsheet application would take for a formula, after any number of apostrophes.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_ESCAPED_FORMULA = re.compile(r"'+[=+\-@\t\r]")


def neutralised(cell: str) -> str:
    """``cell`` as written: a ``'`` in front of one a spreadsheet would run as a formula."""
    return "'" + cell if _FORMULA.match(cell) else cell


def restored(cell: str) -> str:
    """The inverse of :func:`neutralised`."""
    return cell[1:] if _ESCAPED_FORMULA.match(cell) else cell


def join_items(items: Iterable[str]) -> str:
    """The inverse of :func:`split_items`."""
    parts = []
    for item in items:
        # Spaces at either end are kept by escaping them; unescaped ones around items are layout.
        lead = len(item) - len(item.lstrip(" "))
        trail = len(item) - len(item.rstrip(" ")) if item.strip(" ") else 0
        middle = item[lead : len(item) - trail].replace("\\", "\\\\").replace(";", "\\;")
        parts.append("\\ " * lead + middle + "\\ " * trail)
    return "; ".join(parts)


def split_items(cell: str) -> list[str]:
    """Items separated by ``;``; ``\\;``, ``\\\\`` and ``\\ `` are escapes; spaces around items are dropped."""
    items: list[str] = []
    chars: list[tuple[str, bool]] = []

    def finish() -> None:
        start, end = 0, len(chars)
        while start < end and chars[start] == (" ", False):
            start += 1
        while end > start and chars[end - 1] == (" ", False):
            end -= 1
        if end > start:
            items.append("".join(char for char, _ in chars[start:end]))
        chars.clear()

    index = 0
    while index < len(cell):
        char = cell[index]
        if char == "\\" and index + 1 < len(cell):
            chars.append((cell[index + 1], True))
            index += 2
            continue
        if char == ";":
            finish()
        else:
            chars.append((char, False))
        index += 1
    finish()
    return items


def at_cell(row: int, column: str) -> str:
    """Where a problem is: ``row 14, column "when"``."""
    return f"row {row}, column {quote(column)}"


def timeline_from(
    title: str,
    events: list[Event],
    event_rows: list[int],
    header: list[str],
    fields: Mapping[str, int],
    *,
    description: str | None = None,
) -> Timeline:
    """The timeline of rows' events; problems of the whole (a repeated id) name the row and column."""
    try:
        return Timeline(title, events, description=description)
    except InvalidInputError as error:
        problems = []
        for problem in error.problems:
            found = re.match(r"events\[(\d+)\]\.?([a-z_]*)", problem.path)
            if found is None:
                problems.append(problem)
                continue
            row = event_rows[int(found.group(1))]
            column = found.group(2)
            where = at_cell(row, header[fields[column]]) if column in fields else f"row {row}"
            problems.append(Problem(problem.message, where))
        raise InvalidInputError(problems) from None
