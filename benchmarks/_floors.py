"""The floors of the benchmark table: the same work done without timeline.

Nothing here calls timeline while it is timed. What a floor needs from timeline
(the JSON document, the VEVENTs' values) is prepared beforehand, untimed, by
:func:`ical_rows` and the caller; the Markdown floor reads the fields of the
model's objects (attribute reads, no method or property of the library).
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any

import icalendar
import orjson

MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
STATUSES = ("proposed", "planned", "scheduled", "happened", "postponed", "cancelled")


def json_dumps(document: Any) -> bytes:
    """The floor of ``to_json``: orjson writing the same document with the same indents and final newline."""
    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


def _bound(bound: Any) -> str:
    """A date label with f-strings: "16 Dec 2025", "Dec 2025", "2025", "16 Dec 2025, 14:00 CET"."""
    precision = bound.precision.value
    if precision == "year":
        text = f"{bound.year}"
    elif precision in ("month", "season", "quarter"):
        text = f"{MONTHS[bound.month]} {bound.year}"
    elif precision == "day":
        text = f"{bound.day} {MONTHS[bound.month]} {bound.year}"
    else:
        local = dt.datetime(
            bound.year,
            bound.month,
            bound.day,
            bound.hour,
            bound.minute,
            bound.second,
            tzinfo=zoneinfo.ZoneInfo(bound.zone or "UTC"),
            fold=bound.fold,
        )
        text = f"{local:%-d %b %Y, %H:%M %Z}"
    if bound.approximate:
        text = f"about {text}"
    if bound.uncertain:
        text = f"{text}?"
    return text


def _label(when: Any) -> str:
    start, end = when.start, when.end
    if start is None:
        return "no date yet"
    if hasattr(start, "runs"):  # one of a set
        return "some day " + ", ".join(f"{_bound(first)}–{_bound(last)}" for first, last in start.runs)
    if end is None:
        return _bound(start)
    if not hasattr(start, "precision"):
        return f"until {_bound(end)}"
    if not hasattr(end, "precision"):
        return f"from {_bound(start)}, ongoing" if end.value == "open" else f"from {_bound(start)} (end unknown)"
    return f"{_bound(start)} – {_bound(end)}"


def _first(when: Any) -> Any:
    start = when.start
    if hasattr(start, "runs"):
        return start.runs[0][0]
    return start if hasattr(start, "precision") else when.end


def markdown_page(t: Any) -> str:
    """The floor of ``to_markdown``: the same layout with f-strings, no escaping, no library call."""
    sections: dict[tuple[int, int], list[Any]] = {}
    undated: dict[str, list[Any]] = {}
    titles = {}
    sources: set[str] = set()
    for event in t.events:
        titles[event.id] = event.title
        for citation in event.citations:
            source = citation.source
            while source is not None:
                sources.add(source.key)
                source = source.via
        if event.when.start is None:
            undated.setdefault(event.status.value, []).append(event)
        else:
            bound = _first(event.when)
            month = 0 if bound.precision.value in ("year", "quarter", "season") else bound.month
            sections.setdefault((bound.year, month), []).append(event)
    blocks = [f"# {t.title}", f"{len(t.events):,} events · {len(sources)} sources"]
    if t.description is not None:
        blocks.append(t.description)
    notes: dict[str, tuple[Any, list[tuple[Any, Any]]]] = {}

    def entry(event: Any) -> None:
        head = f"**{event.title}**"
        if event.when.start is not None:
            head = f"**{_label(event.when)}** · {head}"
        if event.place is not None:
            head += f" · {event.place.name}"
            if event.place.country is not None:
                head += f", {event.place.country}"
        if event.kind is not None:
            head += f" · {event.kind}"
        blocks.append(f'<a id="{event.id}"></a>\n{head} · {event.status.value}')
        if event.description is not None:
            blocks.extend(event.description.split("\n\n"))
        details = []
        if event.actors:
            details.append(f"Actors: {', '.join(event.actors)}")
        if event.tags:
            details.append(f"Tags: {', '.join(event.tags)}")
        details.extend(
            f"{relation.kind.value.capitalize()}: [{titles[relation.target]}](#{relation.target})"
            for relation in event.relations
        )
        if details:
            blocks.append(" · ".join(details))
        refs = []
        for citation in event.citations:
            key = citation.source.key
            notes.setdefault(key, (citation.source, []))[1].append((event, citation))
            if key not in refs:
                refs.append(key)
        if refs:
            blocks[-1] += " " + "".join(f"[^{key}]" for key in refs)

    year = None
    for (section_year, month), events in sorted(sections.items()):
        if section_year != year:
            year = section_year
            blocks.append(f"## {year}")
        if month:
            blocks.append(f"### {MONTH_NAMES[month]}")
        for event in events:
            entry(event)
    if undated:
        blocks.append("## No date yet")
        for status in STATUSES:
            if status in undated:
                blocks.append(f"### {status.capitalize()}")
                for event in undated[status]:
                    entry(event)
    for key, (source, cited) in notes.items():
        note = f"[^{key}]: {source.publisher}: [“{source.title}”]({source.url})"
        if source.published is not None:
            note += f" ({_label(source.published)})"
        items = []
        for event, citation in cited:
            said = f"citing {citation.attribution}: " if citation.attribution else ""
            items.append(
                f"    - [{event.title}](#{event.id}): {said}“{citation.quote}” ({citation.locator})"
                f" — {citation.confidence.value}."
            )
        blocks.append(f"{note}.\n\n" + "\n".join(items))
    return "\n\n".join(blocks) + "\n"


Row = list[tuple[str, Any, dict[str, str]]]  # a VEVENT: each property's name, value and parameters
_DERIVED = {"VALUE", "TZID"}  # parameters that icalendar derives from a date or datetime itself


_ESCAPED = re.compile(r"\\([\\;,nN])")


def _unescape(text: str) -> str:
    """The text an RFC 5545 TEXT value stands for."""
    return _ESCAPED.sub(lambda found: "\n" if found[1] in "nN" else found[1], text)


def ical_rows(data: bytes) -> tuple[dict[str, str], list[Row], tuple[int, int]]:
    """The calendar's properties, each VEVENT's properties as Python values, and the years its times span.

    Read (untimed) from timeline's own output with icalendar, so that the floor
    builds the very same VEVENTs: the same properties, values and parameters.
    """
    calendar = icalendar.Calendar.from_ical(data)
    head = {name: str(value) for name, value in calendar.items() if name not in ("VERSION", "PRODID")}
    rows: list[Row] = []
    years = [9999, 0]
    for component in calendar.walk("VEVENT"):
        row: Row = []
        for name, prop in component.property_items(recursive=False):
            if name in ("BEGIN", "END"):
                continue
            params = dict(prop.params)
            value: Any
            if isinstance(prop, icalendar.vDDDTypes):
                params = {key: value for key, value in params.items() if key not in _DERIVED}
                value = prop.dt
                if isinstance(value, dt.datetime) and name != "DTSTAMP":
                    years = [min(years[0], value.year), max(years[1], value.year)]
            elif isinstance(prop, icalendar.vGeo):
                value = (prop.latitude, prop.longitude)
            elif isinstance(prop, icalendar.vCategory):
                value = [str(category) for category in prop.cats]
            elif isinstance(prop, icalendar.vUnknown):
                value = icalendar.vText(_unescape(str(prop)))
            else:
                value = str(prop)
            row.append((name, value, params))
        rows.append(row)
    return head, rows, (years[0], years[1])


def ical_calendar(head: dict[str, str], rows: list[Row], years: tuple[int, int]) -> bytes:
    """The floor of ``to_ical``: plain icalendar building the same VEVENTs and their VTIMEZONEs."""
    calendar = icalendar.Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", "-//floor//EN")
    for name, value in head.items():
        calendar.add(name, value)
    for row in rows:
        event = icalendar.Event()
        for name, value, params in row:
            event.add(name, value, parameters=params or None)
        calendar.add_component(event)
    if years[1]:
        calendar.add_missing_timezones(first_date=dt.date(years[0], 1, 1), last_date=dt.date(years[1] + 1, 1, 1))
    data: bytes = calendar.to_ical()
    return data


def decode_lines(data: bytes) -> int:
    """The floor of replaying a log: decoding each of its lines with orjson."""
    count = 0
    for line in data.splitlines():
        orjson.loads(line)
        count += 1
    return count
