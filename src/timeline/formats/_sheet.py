"""TimelineJS's Google Sheets template, read as it is (exported as CSV).

Columns: ``Year``, ``Month``, ``Day``, ``Time``, ``End Year``, ``End Month``,
``End Day``, ``End Time``, ``Display Date``, ``Headline``, ``Text``, ``Media``,
``Media Credit``, ``Media Caption``, ``Media Thumbnail``, ``Type``, ``Group``,
``Background``. The mapping:

- the dates become a :class:`~timeline.When` at the precision given: a year alone
  is that year, a year and month that month, a day that day; a ``Time`` (``14:30``,
  ``14:30:15``, ``2:30 PM``) makes it a moment in ``zone``; the ``End`` columns
  make it a range;
- ``Display Date`` is the date's phrase; ``Headline`` the title and ``Text`` the
  description (both HTML: tags taken off, paragraphs and line breaks kept, a
  link's address written after its text);
- ``Group`` is the status where it names one (``cancelled``), else a tag;
- the row of ``Type`` ``title`` names the timeline (its ``Text`` the description);
  a row of ``Type`` ``era`` is an event of kind ``era`` spanning its dates;
- ``Media``, ``Media Credit`` and ``Media Caption`` are the event's media where
  ``Media`` is an http(s) address; otherwise (an embed code, a quotation), and for
  ``Media Thumbnail`` and ``Background``, they are kept in the event's extra data
  under ``timelinejs``;
- ids are made from the date and the headline (``1969-07-20-apollo-11-lands``),
  with ``-2``, ``-3`` … where two would be equal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from html.parser import HTMLParser
from typing import Final

import attrs

from timeline._validation import quote
from timeline.errors import InvalidInputError, Problem
from timeline.formats._cells import timeline_from
from timeline.model import Bound, Event, Media, Precision, Status, Timeline, When

TEMPLATE_COLUMNS: Final = (
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Type",
    "Group",
    "Background",
)

_KEPT: Final = {"Media Thumbnail": "media_thumbnail", "Background": "background"}
_MEDIA_KEPT: Final = {"Media": "media", "Media Credit": "media_credit", "Media Caption": "media_caption"}
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([AaPp][Mm])?\Z")
_STATUSES: Final = {status.value: status for status in Status}


def is_template(header: Sequence[str]) -> bool:
    """Whether a CSV header is TimelineJS's template's: it has ``Year`` and ``Headline``."""
    names = {name.strip().lower() for name in header}
    return "year" in names and "headline" in names


class _Text(HTMLParser):
    """The text of an HTML fragment: paragraphs and breaks as line breaks, links with their address."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in ("p", "div", "li") and self.parts:
            self.parts.append("\n\n" if tag != "li" else "\n")
        if tag == "a":
            self.links.append(dict(attrs).get("href"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.links:
            href = self.links.pop()
            if href and href.startswith(("http://", "https://")):
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(fragment: str) -> str | None:
    """The text of an HTML fragment (``None`` when there is none)."""
    if "<" not in fragment and "&" not in fragment:
        text = fragment
    else:
        parser = _Text()
        parser.feed(fragment)
        parser.close()
        text = "".join(parser.parts)
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text or None


def read_template(
    header: list[str], rows: list[list[str]], *, title: str, zone: str, new_id: Callable[[str, When, set[str]], str]
) -> Timeline:
    """The timeline of TimelineJS template rows (after the header).

    ``new_id`` makes an event's id from its headline, its date and the ids taken
    (the CSV layout's :func:`~timeline.formats.csv.derived_id`, given by the module
    that reads both layouts).
    """
    position = {name.strip().lower(): index for index, name in enumerate(header)}
    problems: list[Problem] = []
    events: list[Event] = []
    event_rows: list[int] = []
    taken: set[str] = set()
    description: str | None = None
    for offset, cells in enumerate(rows):
        number = offset + 2
        if not any(cell.strip() for cell in cells):
            continue
        row = _Row(number, cells, header, position, zone, problems)
        kind = (row.cell("Type") or "").strip().lower()
        headline = html_text(row.cell("Headline") or "")
        text = html_text(row.cell("Text") or "")
        if kind == "title":
            if headline is not None:
                title = headline
            description = text
            continue
        if kind not in ("", "era"):
            problems.append(
                Problem(f'{quote(kind)} is not a type of row: use "title", "era" or leave it empty', row.at("Type"))
            )
        before = len(problems)
        when = row.when()
        if headline is None:
            problems.append(Problem("is empty; every event needs a headline", row.at("Headline")))
        if len(problems) > before:
            continue
        group = html_text(row.cell("Group") or "")
        status = _STATUSES.get((group or "").lower())
        kept = {key: value for name, key in _KEPT.items() if (value := row.cell(name)) is not None}
        media = _media(row)
        if media is None:  # an embed code or a quotation rather than an address
            kept |= {key: value for name, key in _MEDIA_KEPT.items() if (value := row.cell(name)) is not None}
        event_id = new_id(headline or "", when, taken)
        try:
            event = Event(
                event_id,
                headline or "",
                when,
                description=text,
                kind="era" if kind == "era" else None,
                status=status or Status.HAPPENED,
                tags=() if group is None or status is not None else (group,),
                media=media,
                extra={"timelinejs": kept} if kept else None,
            )
        except InvalidInputError as error:
            columns = {
                "title": "Headline",
                "description": "Text",
                "tags": "Group",
                "when": "Display Date",
                "media": "Media",
            }
            for problem in error.problems:
                name = re.split(r"[.\[]", problem.path, maxsplit=1)[0]
                problems.append(Problem(problem.message, row.at(columns.get(name, "Headline"))))
            continue
        taken.add(event.id)
        events.append(event)
        event_rows.append(number)
    if problems:
        raise InvalidInputError(problems)
    return timeline_from(title, events, event_rows, header, {}, description=description)


def _media(row: _Row) -> Media | None:
    """The row's medium, where ``Media`` is an http(s) address (its credit and caption as text)."""
    url = row.cell("Media")
    if url is None or not url.lower().startswith(("http://", "https://")):
        return None
    try:
        return Media(
            url,
            caption=html_text(row.cell("Media Caption") or ""),
            credit=html_text(row.cell("Media Credit") or ""),
        )
    except InvalidInputError as error:
        column = {"caption": "Media Caption", "credit": "Media Credit"}
        row.problems.extend(
            Problem(problem.message, row.at(column.get(problem.path, "Media"))) for problem in error.problems
        )
        return None


@attrs.define
class _Row:
    """One row of the template, and the problems of the file found so far."""

    number: int
    cells: list[str]
    header: list[str]
    position: Mapping[str, int]
    zone: str
    problems: list[Problem]

    def at(self, column: str) -> str:
        index = self.position.get(column.lower())
        return f"row {self.number}, column {quote(self.header[index] if index is not None else column)}"

    def cell(self, column: str) -> str | None:
        index = self.position.get(column.lower())
        if index is None or index >= len(self.cells):
            return None
        value = self.cells[index].strip()
        return value or None

    def number_in(self, column: str, low: int, high: int, what: str) -> int | None:
        value = self.cell(column)
        if value is None:
            return None
        if not re.fullmatch(r"[+-]?\d{1,6}(?:\.0+)?", value):
            self.problems.append(Problem(f"{quote(value)} is not {what}", self.at(column)))
            return None
        number = int(float(value))
        if not low <= number <= high:
            self.problems.append(Problem(f"{quote(value)} is not {what}", self.at(column)))
            return None
        return number

    def bound(self, prefix: str) -> Bound | None:
        columns = [f"{prefix}{name}" for name in ("Year", "Month", "Day", "Time")]
        before = len(self.problems)
        # TimelineJS reads a year as JavaScript's Date does: astronomically, so 0 is 1 BC and -500 is 501 BC,
        # as in EDTF; the year is kept as it is (TimelineJS labels -500 "500 BCE").
        year = self.number_in(columns[0], -999_999, 999_999, "a year")
        month = self.number_in(columns[1], 1, 12, "a month")
        day = self.number_in(columns[2], 1, 31, "a day of the month")
        time = self.cell(columns[3])
        given = [name for name in columns if self.cell(name) is not None]
        if not given:
            return None
        if len(self.problems) > before:
            return None
        if year is None:
            self.problems.append(Problem(f"is empty, but {given[0]} is given", self.at(columns[0])))
            return None
        if day is not None and month is None:
            self.problems.append(Problem("is empty, but a day is given", self.at(columns[1])))
            return None
        if time is not None and day is None:
            self.problems.append(Problem("is empty, but a time is given", self.at(columns[2])))
            return None
        try:
            if time is None:
                return Bound.of_date(year, month, day)
            return self._moment(year, month or 1, day or 1, time, columns[3])
        except InvalidInputError as error:
            where = columns[3] if time is not None else columns[2] if day is not None else columns[1]
            self.problems.extend(Problem(problem.message, self.at(where)) for problem in error.problems)
            return None

    def _moment(self, year: int, month: int, day: int, time: str, column: str) -> Bound | None:
        found = _TIME.match(time)
        if found is None:
            self.problems.append(Problem(f"{quote(time)} is not a time such as 14:30 or 2:30 PM", self.at(column)))
            return None
        hour, minute = int(found.group(1)), int(found.group(2))
        second = int(found.group(3) or 0)
        meridiem = (found.group(4) or "").lower()
        if meridiem:
            if not 1 <= hour <= 12:
                self.problems.append(Problem(f"{quote(time)} is not a time: the hour of 12 hours", self.at(column)))
                return None
            hour = hour % 12 + (12 if meridiem == "pm" else 0)
        if hour > 23 or minute > 59 or second > 59:
            self.problems.append(Problem(f"{quote(time)} is not a time of day", self.at(column)))
            return None
        precision = Precision.SECOND if found.group(3) and second else Precision.MINUTE
        return Bound(precision, year, month, day, hour, minute, second, zone=self.zone)

    def when(self) -> When:
        before = len(self.problems)
        start = self.bound("")
        end = self.bound("End ")
        phrase = html_text(self.cell("Display Date") or "")
        if len(self.problems) > before:
            return When()
        if start is None and end is not None:
            self.problems.append(Problem("is empty, but an end is given", self.at("Year")))
            return When()
        try:
            if start is None:
                return When(phrase=phrase)
            if end is None or end == start:
                return When(start, phrase=phrase)
            return When(start, end, phrase=phrase)
        except InvalidInputError as error:
            column = "Display Date" if any(problem.path == "phrase" for problem in error.problems) else "End Year"
            self.problems.extend(Problem(problem.message, self.at(column)) for problem in error.problems)
            return When()


def template_header() -> list[str]:
    """The template's columns, in its order."""
    return list(TEMPLATE_COLUMNS)
