"""Spreadsheets: :func:`from_csv` and :func:`to_csv`.

UTF-8 CSV as spreadsheet applications export it: an optional byte-order mark,
``,`` or ``;`` between cells (guessed from the header row), quoted cells that
may hold line breaks. One row per event, under a header row naming the columns::

    id, title, when, phrase, status, kind, place, country, actors, tags, description,
    media, media_caption, media_credit, media_licence, media_alt, extra,
    source, source_url, source_published, attribution, quote, confidence,
    source_2, source_url_2, …  (one group of source columns per citation)

``actors`` and ``tags`` hold several items separated by ``;`` (a ``;`` inside an
item is written ``\\;``, a backslash ``\\\\``). ``media`` is the address of a picture
or other medium (never fetched), with its caption, credit, licence and alt text.
``extra`` is the event's extra data as JSON. Empty cells are left out; columns may come in any order, and any but
``title`` may be missing.

A file with TimelineJS's Google Sheets template header (``Year``, ``Month``, …,
``Headline``) is read as that template instead: see :mod:`timeline.formats._sheet`.

Writing guards against CSV injection: a cell that a spreadsheet application would
run as a formula (one starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return, after any ``'``) gets one ``'`` in front, which spreadsheet applications
show as text; reading takes it off again, so the round trip is exact.
"""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
from collections.abc import Mapping
from typing import Any, Final

from timeline._validation import quote, slugify
from timeline.errors import InvalidInputError, Problem, TimelineWarning
from timeline.formats._cells import at_cell, join_items, neutralised, restored, split_items, timeline_from
from timeline.formats._decode import document_text
from timeline.formats._sheet import is_template, read_template
from timeline.model import Citation, Event, Media, Place, Source, Timeline, When

__all__ = ["COLUMNS", "SOURCE_COLUMNS", "from_csv", "to_csv"]

COLUMNS: Final = (
    "id",
    "title",
    "when",
    "phrase",
    "status",
    "kind",
    "place",
    "country",
    "actors",
    "tags",
    "description",
    "media",
    "media_caption",
    "media_credit",
    "media_licence",
    "media_alt",
    "extra",
)
"""The event columns of the layout, in the order :func:`to_csv` writes them."""

SOURCE_COLUMNS: Final = ("source", "source_url", "source_published", "attribution", "quote", "confidence")
"""One citation's columns; the n-th citation's (from the second) end in ``_n``: ``source_2``, ``quote_2``."""

MAX_CSV_BYTES: Final = 256 * 1024 * 1024

_GROUP_HEADER = re.compile(
    "(" + "|".join(sorted(SOURCE_COLUMNS, key=len, reverse=True)) + r")(?:_([1-9][0-9]{0,3}))?\Z"
)


def to_csv(timeline: Timeline) -> str:
    """The events of ``timeline`` as CSV text: a header row, then one row per event.

    Rows end in CRLF (RFC 4180); cells are quoted where needed. There are as many
    groups of source columns as the most citations of an event (at least one).
    ``from_csv(to_csv(t), title=t.title) == t`` for every timeline that fits the
    layout. What does not fit is left out and named in one
    :class:`~timeline.errors.TimelineWarning`: relations, accounts, a duration, a place's position and
    zone, a citation's locator, a source's title, author, archived URL, retrieved
    date, ``via`` and chosen key, a phrase of its published date, and the
    timeline's description and extra data. Keep those in JSON or YAML.
    """
    groups = max([1, *(len(event.citations) for event in timeline.events)])
    header = list(COLUMNS)
    for number in range(1, groups + 1):
        header.extend(_group_header(name, number) for name in SOURCE_COLUMNS)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    left_out: list[str] = []
    if timeline.description is not None:
        left_out.append("the timeline's description")
    if timeline.extra:
        left_out.append("the timeline's extra data")
    for index, event in enumerate(timeline.events):
        row = _row(event)
        for citation in event.citations:
            row.extend(_citation_cells(citation))
        row.extend([""] * (len(header) - len(row)))
        writer.writerow([neutralised(cell) for cell in row])
        missing = _not_fitting(event)
        if missing:
            left_out.append(f"events[{index}] ({quote(event.id)}): {', '.join(missing)}")
    if left_out:
        warnings.warn(
            TimelineWarning("the CSV layout has no column for, and left out: " + "; ".join(left_out)), stacklevel=2
        )
    return out.getvalue()


def _group_header(name: str, number: int) -> str:
    return name if number == 1 else f"{name}_{number}"


def _row(event: Event) -> list[str]:
    when = event.when
    place = event.place
    return [
        event.id,
        event.title,
        str(when) if when.is_dated else "",
        when.phrase or "",
        event.status.value,
        event.kind or "",
        "" if place is None else place.name,
        "" if place is None or place.country is None else place.country,
        join_items(event.actors),
        join_items(event.tags),
        event.description or "",
        *_media_cells(event.media),
        json.dumps(dict(_thawed(event.extra)), ensure_ascii=False, sort_keys=True) if event.extra else "",
    ]


def _media_cells(media: Media | None) -> list[str]:
    if media is None:
        return ["", "", "", "", ""]
    return [media.url, media.caption or "", media.credit or "", media.licence or "", media.alt or ""]


def _thawed(extra: Mapping[str, Any]) -> dict[str, Any]:
    from timeline._validation import thaw_extra

    return thaw_extra(extra)


def _citation_cells(citation: Citation) -> list[str]:
    source = citation.source
    return [
        source.publisher,
        source.url or "",
        "" if source.published is None or not source.published.is_dated else str(source.published),
        citation.attribution or "",
        citation.quote or "",
        citation.confidence.value,
    ]


def _not_fitting(event: Event) -> list[str]:
    missing: list[str] = []
    if event.relations:
        missing.append("relations")
    if event.accounts:
        missing.append("accounts (what each source says of the date and place)")
    if event.duration is not None:
        missing.append(f"the duration ({event.duration})")
    place = event.place
    if place is not None and (place.lat is not None or place.zone is not None):
        missing.append("the place's position and zone")
    for number, citation in enumerate(event.citations):
        source = citation.source
        lost = [name for name in ("title", "author", "archived_url", "retrieved", "via") if getattr(source, name)]
        if source.key is not None:
            lost.append("key")
        if source.published is not None and source.published.phrase is not None:
            lost.append("the phrase of its published date")
        if citation.locator is not None:
            lost.append("locator")
        if lost:
            missing.append(f"citations[{number}] {', '.join(lost)}")
    return missing


def _rows(data: str | bytes) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of CSV text, ``,`` or ``;`` between cells."""
    text = document_text(data, limit=MAX_CSV_BYTES) if isinstance(data, bytes) else data
    text = text.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise InvalidInputError(f"not valid CSV: {error}") from error
    if not rows:
        raise InvalidInputError("the CSV file is empty: it needs a header row naming its columns")
    return [cell.strip() for cell in rows[0]], rows[1:]


def from_csv(
    data: str | bytes,
    *,
    title: str = "Timeline",
    columns: Mapping[str, str] | None = None,
    zone: str = "UTC",
) -> Timeline:
    """The timeline in CSV text or bytes (UTF-8, with or without a byte-order mark).

    The layout is the module's (``id``, ``title``, ``when``, …); ``columns`` maps
    its names to the ones the file uses instead (``{"title": "Headline"}``).
    ``title`` names the timeline (CSV has no place for it; :func:`~timeline.load`
    gives the file's name). A file with TimelineJS's sheet template header is
    read as that template (its title row names the timeline; ``zone`` is the
    time zone of its times).

    An event without an ``id`` gets one made from its title and date. Raises
    :class:`~timeline.errors.InvalidInputError` listing every problem of the
    file, each naming its row (the header is row 1) and column:
    ``row 14, column "when": "2025-13-01" is not a valid date …``.
    """
    header, rows = _rows(data)
    beyond = [
        Problem(f"has {len(cells)} cells, but the header names {len(header)} columns", f"row {offset + 2}")
        for offset, cells in enumerate(rows)
        if any(cell.strip() for cell in cells[len(header) :])
    ]
    if beyond:
        raise InvalidInputError(beyond)
    if is_template(header):
        return read_template(header, rows, title=title, zone=zone, new_id=derived_id)
    renamed = {given: ours for ours, given in (columns or {}).items()}
    problems: list[Problem] = []
    fields: dict[str, int] = {}
    groups: dict[int, dict[str, int]] = {}
    for position, given in enumerate(header):
        name = renamed.get(given, given)
        if name in COLUMNS:
            if name in fields:
                problems.append(Problem("is given twice", f"column {quote(given)}"))
            fields[name] = position
            continue
        match = _GROUP_HEADER.match(name)
        if match is None:
            if given or any(position < len(row) and row[position] for row in rows):
                known = ", ".join([*COLUMNS, *SOURCE_COLUMNS])
                problems.append(
                    Problem(f"unknown column; expected one of: {known} (and source columns ending _2, _3, …)").within(
                        f"column {quote(given)}"
                    )
                )
            continue
        group = groups.setdefault(int(match.group(2) or 1), {})
        if match.group(1) in group:
            problems.append(Problem("is given twice", f"column {quote(given)}"))
        group[match.group(1)] = position
    if "title" not in fields:
        problems.append(Problem('the header has no "title" column; every event needs a title'))
    if problems:
        raise InvalidInputError(problems)
    events: list[Event] = []
    event_rows: list[int] = []
    taken: set[str] = set()
    for offset, cells in enumerate(rows):
        number = offset + 2
        if not any(cell.strip() for cell in cells):
            continue
        event = _event(number, cells, header=header, fields=fields, groups=groups, problems=problems, taken=taken)
        if event is not None:
            events.append(event)
            event_rows.append(number)
            taken.add(event.id)
    if problems:
        raise InvalidInputError(problems)
    return timeline_from(title, events, event_rows, header, fields)


def _event(
    number: int,
    cells: list[str],
    *,
    header: list[str],
    fields: Mapping[str, int],
    groups: Mapping[int, Mapping[str, int]],
    problems: list[Problem],
    taken: set[str],
) -> Event | None:
    def cell(position: int | None) -> str | None:
        if position is None or position >= len(cells):
            return None
        value = restored(cells[position])
        return value if value.strip() else None

    def at(name: str, position: int | None = None) -> str:
        position = fields.get(name) if position is None else position
        return at_cell(number, header[position] if position is not None else name)

    values = {name: cell(position) for name, position in fields.items()}
    when = When()
    try:
        when = When.parse(values.get("when") or "", phrase=values.get("phrase"))
    except InvalidInputError as error:
        column = "phrase" if values.get("when") is None or "phrase" in str(error) else "when"
        problems.extend(Problem(problem.message, at(column)) for problem in error.problems)
    place: Place | None = None
    if values.get("place") is not None or values.get("country") is not None:
        try:
            place = Place(values.get("place") or "", country=values.get("country"))
        except InvalidInputError as error:
            problems.extend(
                Problem(problem.message, at("country" if problem.path == "country" else "place"))
                for problem in error.problems
            )
    media: Media | None = None
    media_values = {name: values.get(f"media_{name}") for name in ("caption", "credit", "licence", "alt")}
    if values.get("media") is not None or any(media_values.values()):
        try:
            media = Media(values.get("media"), **media_values)  # type: ignore[arg-type]  # None is reported
        except InvalidInputError as error:
            problems.extend(
                Problem(problem.message, at("media" if problem.path == "url" else f"media_{problem.path}"))
                for problem in error.problems
            )
    extra: Any = {}
    if values.get("extra") is not None:
        try:
            extra = json.loads(values["extra"] or "")
        except ValueError as error:
            problems.append(Problem(f"not JSON: {error}", at("extra")))
        if not isinstance(extra, dict):
            problems.append(Problem("expected a JSON object", at("extra")))
            extra = {}
    citations: list[Citation] = []
    for group_number in sorted(groups):
        group = groups[group_number]
        values_of_group = {name: cell(position) for name, position in group.items()}
        citation = _citation(number, group_number, values_of_group, group, header)
        if isinstance(citation, Citation):
            citations.append(citation)
        elif citation is not None:
            problems.extend(citation)
    title = values.get("title")
    event_id = values.get("id") or derived_id(title or "event", when, taken)
    try:
        return Event(
            event_id,
            title or "",
            when,
            description=values.get("description"),
            kind=values.get("kind"),
            status=values.get("status") or "happened",
            place=place,
            actors=split_items(values.get("actors") or ""),
            tags=split_items(values.get("tags") or ""),
            citations=citations,
            media=media,
            extra=extra,
        )
    except InvalidInputError as error:
        for problem in error.problems:
            name = re.split(r"[.\[]", problem.path, maxsplit=1)[0]
            message = "is empty; every event needs a title" if name == "title" and title is None else problem.message
            if name in fields:
                problems.append(Problem(message, at(name)))
            elif name == "title":
                problems.append(Problem(message, at("title")))
            else:
                problems.append(Problem(message, f"row {number}"))
    return None


def _citation(
    number: int, group_number: int, values: Mapping[str, str | None], group: Mapping[str, int], header: list[str]
) -> Citation | list[Problem] | None:
    if not any(values.values()):
        return None
    problems: list[Problem] = []

    def at(name: str) -> str:
        position = group.get(name)
        return at_cell(number, header[position] if position is not None else _group_header(name, group_number))

    publisher = values.get("source")
    if publisher is None:
        return [Problem("is empty; a cited source needs its publisher here", at("source"))]
    try:
        source = Source(publisher, url=values.get("source_url"), published=values.get("source_published"))
        return Citation(
            source,
            attribution=values.get("attribution"),
            quote=values.get("quote"),
            confidence=values.get("confidence") or "reported",
        )
    except InvalidInputError as error:
        names = {"publisher": "source", "url": "source_url", "published": "source_published"}
        for problem in error.problems:
            name = re.split(r"[.\[]", problem.path, maxsplit=1)[0]
            problems.append(Problem(problem.message, at(names.get(name, name))))
        return problems


def derived_id(title: str, when: When, taken: set[str]) -> str:
    """A stable id from the title and the start of the date, made unique with ``-2``, ``-3``, …"""
    start = when.start
    date = "" if start is None or not when.is_dated else re.sub(r"[^0-9]+", "-", str(start)).strip("-")[:10]
    base = "-".join(part for part in (date, slug_of(title)) if part) or "event"
    base = base[:60].rstrip("-")
    found, counter = base, 1
    while found in taken:
        counter += 1
        found = f"{base}-{counter}"
    return found


def slug_of(text: str) -> str:
    """Lowercase ASCII letters and digits of ``text`` (accents taken off), joined by ``-``; at most 50."""
    return slugify(text, 50)
