"""VEVENTs as events: timeline's own, from their ``X-TIMELINE-…`` properties, and other programs'.

Each function fills the plain data of one event (the JSON document's shape) and
collects problems with their lines; :mod:`timeline.formats.ical._assemble` puts
the events together and hands the document to the model.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import unicodedata
from typing import Any, Final

import attrs

from timeline._validation import BAD_IN_LINE, BAD_IN_TEXT, MAX_LINE, MAX_SLUG, MAX_TEXT, SLUG, quote
from timeline.errors import InvalidInputError, Problem
from timeline.formats._convert import converter
from timeline.formats._labels import at_most_label
from timeline.formats.ical._accounts import DISPUTED, FROM_ACCOUNTS, accounts_block, provisional
from timeline.formats.ical._dates import DateError, Zones, foreign_dates, unmoved
from timeline.formats.ical._description import sources_block
from timeline.formats.ical._lex import Line, Node
from timeline.formats.ical._mapping import KIND_OF_RELTYPE, STATUS
from timeline.formats.ical._span import placement
from timeline.formats.ical._text import unescape
from timeline.formats.json import decode
from timeline.model import Bound, Citation, Duration, Event, Source, Status, When
from timeline.model.duration import lengthen

UNTITLED_EVENT: Final = "Untitled event"

_FOREIGN_STATUS = {"CONFIRMED": "scheduled", "TENTATIVE": "planned", "CANCELLED": "cancelled"}
_BREAKS = re.compile("\r\n|[\r\n\t\u2028\u2029]")


@attrs.define
class Entry:
    """One VEVENT on its way to becoming an event."""

    node: Node
    component: Any
    uid: str | None
    from_timeline: bool
    """Whether timeline wrote it (it has ``X-TIMELINE-WHEN``): read exactly, and strictly."""
    id: str = ""
    record: dict[str, Any] = attrs.field(factory=dict)
    relation_lines: list[int] = attrs.field(factory=list)
    problems: list[Problem] = attrs.field(factory=list)  # why it cannot be read, if it cannot
    source_keys: set[str] = attrs.field(factory=set)  # the X-TIMELINE-SOURCE keys it cites, and their via keys
    kept: set[str] = attrs.field(factory=set)  # the properties of another program's entry taken over unchanged

    @property
    def path(self) -> str:
        """How a problem names the entry: ``VEVENT`` and its UID."""
        return f"VEVENT {quote(self.uid)}" if self.uid is not None else "VEVENT"

    def problem(self, message: str, line: Line | int | None = None, field: str = "") -> Problem:
        number = line.number if isinstance(line, Line) else line if line is not None else self.node.line
        return Problem(message, f"{self.path}.{field}" if field else self.path, number)


def one_line(value: str) -> str | None:
    """Foreign text made fit for a one-line field: breaks to spaces, controls dropped, shortened."""
    cleaned = BAD_IN_LINE.sub("", _BREAKS.sub(" ", value))
    if len(cleaned) > MAX_LINE:
        cleaned = cleaned[: MAX_LINE - 1] + "…"
    return cleaned if cleaned.strip() else None


def multi_line(value: str) -> str | None:
    """Foreign text made fit for a multi-line field: CRLF and CR to LF, controls dropped, shortened."""
    cleaned = BAD_IN_TEXT.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    if len(cleaned) > MAX_TEXT:
        cleaned = cleaned[: MAX_TEXT - 1] + "…"
    return cleaned if cleaned.strip() else None


def slug_of(uid: str) -> str:
    """An event id for a UID: the UID itself if it is a slug, else a slug of it and a hash of it."""
    if SLUG.match(uid) and len(uid) <= MAX_SLUG:
        return uid
    ascii_text = unicodedata.normalize("NFKD", uid).encode("ascii", "ignore").decode("ascii").lower()
    base = re.sub(r"[^a-z0-9._-]+", "-", ascii_text)
    base = re.sub(r"^[^a-z0-9]+", "", base)[:80]
    base = re.sub(r"[^a-z0-9]+$", "", base)
    digest = hashlib.sha256(uid.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{base}-{digest}" if base else f"event-{digest}"


def x_text(line: Line) -> str:
    return unescape(line.raw_value)


def strict_json(line: Line) -> tuple[Any, list[str]]:
    """The JSON value of an ``X-TIMELINE-…`` line, read as strictly as :func:`~timeline.from_json` reads.

    Returns the value and, if it cannot be read, ``None`` and why: not JSON, a key
    given twice in one object, ``NaN``, a number too large, a lone surrogate.
    """
    try:
        return decode(x_text(line)), []
    except InvalidInputError as error:
        messages = []
        for problem in error.problems:
            if problem.path:
                messages.append(f"{line.name}: {problem.path}: {problem.message}")
            else:
                reason = problem.message.removeprefix("not valid JSON: ").removeprefix("not a timeline document: ")
                messages.append(f"{line.name} is not valid JSON: {reason}")
        return None, messages


def _json(entry: Entry, line: Line, problems: list[Problem]) -> Any:
    value, messages = strict_json(line)
    problems.extend(entry.problem(message, line) for message in messages)
    return value


def related(component: Any) -> list[tuple[str | None, str]]:
    """Each ``RELATED-TO`` value ``icalendar`` read: the kind of relation of its ``RELTYPE`` (``None``: one
    timeline does not know, ``PARENT`` when none is given) and the UID it names."""
    values = component.get("RELATED-TO")
    listed = [] if values is None else values if isinstance(values, list) else [values]
    return [(KIND_OF_RELTYPE.get(str(value.params.get("RELTYPE", "PARENT")).upper()), str(value)) for value in listed]


def text_of(component: Any, name: str) -> str | None:
    value = component.get(name)
    if value is None:
        return None
    if isinstance(value, list):
        value = value[0]
    return str(value)


def _strip_suffix(text: str, suffix: str) -> str | None:
    """``text`` without ``suffix``, or ``None`` if it does not end with it."""
    if suffix and text.endswith(suffix):
        return text[: -len(suffix)]
    return None if suffix else text


def own_event(entry: Entry, sources: Sources, problems: list[Problem]) -> None:
    """Fill ``entry.record`` from a VEVENT that timeline wrote."""
    node, component, record = entry.node, entry.component, entry.record
    when_line = node.first("X-TIMELINE-WHEN")
    assert when_line is not None
    phrase_line = node.first("X-TIMELINE-PHRASE")
    phrase = None if phrase_line is None else x_text(phrase_line)
    before = len(problems)
    try:
        when = When.parse(x_text(when_line), phrase=phrase)
    except InvalidInputError as error:
        problems.extend(entry.problem(problem.message, when_line, "when") for problem in error.problems)
        when = When()
    duration_line = node.first("X-TIMELINE-DURATION")
    duration = None
    if duration_line is not None:
        try:
            duration = Duration.parse(x_text(duration_line))
        except InvalidInputError as error:
            problems.extend(entry.problem(problem.message, duration_line, "duration") for problem in error.problems)
    citations, cited = [], []
    for line in node.all("X-TIMELINE-CITATION"):
        value = _json(entry, line, problems)
        citations.append(value)
        if isinstance(value, dict) and isinstance(value.get("source"), str):
            cited.append(value["source"])
    accounts = [_json(entry, line, problems) for line in node.all("X-TIMELINE-ACCOUNT")]
    for account in accounts:
        listed = account.get("citations") if isinstance(account, dict) else None
        cited.extend(
            value["source"]
            for value in (listed if isinstance(listed, list) else ())
            if isinstance(value, dict) and isinstance(value.get("source"), str)
        )
    local: dict[str, tuple[dict[str, Any], int]] = {}
    for line in node.all("X-TIMELINE-SOURCE"):
        value, messages = strict_json(line)
        if messages:
            problems.extend(entry.problem(message, line) for message in messages)
            continue
        if not isinstance(value, dict) or not isinstance(value.get("key"), str):
            problems.append(entry.problem('X-TIMELINE-SOURCE needs an object with a "key"', line))
            continue
        fields = dict(value)
        local[fields.pop("key")] = (fields, line.number)
    needed, seen = list(cited), set()
    while needed:  # the sources cited, and those they came via, each once: via may go round in a circle
        key = needed.pop()
        if key in seen or key not in local:
            continue
        seen.add(key)
        entry.source_keys.add(key)
        fields, number = local[key]
        known = sources.records.setdefault(key, (fields, number))
        if known[0] != fields:
            problems.append(
                entry.problem(f"the source key {quote(key)} names two different sources (see line {known[1]})", number)
            )
        if isinstance(fields.get("via"), str):
            needed.append(fields["via"])
    extra_line = node.first("X-TIMELINE-EXTRA")
    if extra_line is not None:
        record["extra"] = _json(entry, extra_line, problems)
    media_line = node.first("X-TIMELINE-MEDIA")
    if media_line is not None:
        record["media"] = _json(entry, media_line, problems)
    if len(problems) > before:
        return
    place = _own_place(entry)
    from_accounts = node.first("X-TIMELINE-LOCATION")
    if from_accounts is not None and x_text(from_accounts) == FROM_ACCOUNTS:
        place = None  # LOCATION is the accounts' place, not the event's own
    # How the writer saw the event: its date and place may come from its accounts, and last its duration.
    shown = provisional(when, accounts, sources.citation, place, duration) if accounts else None
    if shown is not None:
        effective = shown.effective_when
    else:
        effective = when
        if duration is not None and when.is_dated:
            with contextlib.suppress(InvalidInputError):  # the event reports it, with the duration's path
                effective = lengthen(when, duration)
    disputed = shown is not None and shown.disputed
    try:
        placed = None if shown is None else placement(shown)
    except InvalidInputError:
        placed = None
    moved = not unmoved(entry.component, effective, placed)
    record["when"] = _when_data(str(when) if when.is_dated else None, None if moved else phrase)
    if moved:
        record["when"] = None  # filled in by the caller from the entry's own dates, which say the end
    else:
        if record["when"] is None:
            del record["when"]  # undated: the date comes from the accounts
        if duration is not None:
            record["duration"] = str(duration)
    title = text_of(component, "SUMMARY") or ""
    at_most = duration is not None and duration.at_most
    if disputed:
        title = _strip_suffix(title, DISPUTED) or title
    elif at_most and isinstance(effective.start, Bound):  # the label timeline added: start and limit
        assert duration is not None
        limited = at_most_label(When(effective.start, phrase=effective.phrase), duration)
        title = _strip_suffix(title, f" ({limited})") or title
    elif effective.is_vague:  # the label timeline added to the title, also when the entry has moved since
        title = _strip_suffix(title, f" ({effective.label()})") or title
    record["title"] = title
    status_line = node.first("X-TIMELINE-STATUS")
    status = None if status_line is None else x_text(status_line)
    given = None if status is None else _status(status)
    written = text_of(component, "STATUS")
    if status is not None and written is not None and (given is None or STATUS[given] == written.upper()):
        record["status"] = status  # unchanged (or not a status at all, which the model will report)
    elif written is not None:
        record["status"] = _FOREIGN_STATUS.get(written.upper(), "scheduled")
    elif status is not None:
        record["status"] = status
    kind_line = node.first("X-TIMELINE-KIND")
    if kind_line is not None:
        record["kind"] = x_text(kind_line)
    record["actors"] = [x_text(line) for line in node.all("X-TIMELINE-ACTOR")]
    record["tags"] = categories_of(component)
    record["citations"] = citations
    if accounts:
        record["accounts"] = accounts
    record["description"] = _own_description(entry, citations, sources, shown)
    if place is not None:
        record["place"] = place


def _when_data(text: str | None, phrase: str | None) -> Any:
    return text if phrase is None else {"date": text, "phrase": phrase}


def _status(value: str) -> Status | None:
    try:
        return Status(value)
    except ValueError:
        return None


def categories_of(component: Any) -> list[str]:
    found = component.get("CATEGORIES")
    if found is None:
        return []
    items: list[str] = []
    for categories in found if isinstance(found, list) else [found]:
        items.extend(str(item) for item in categories.cats)
    return items


def _own_description(entry: Entry, citations: list[Any], sources: Sources, shown: Event | None) -> str | None:
    """The event's description: ``DESCRIPTION`` without the accounts, sources and updates :func:`to_ical` added."""
    text = text_of(entry.component, "DESCRIPTION")
    if text is None:
        return None
    updates = entry.node.first("X-TIMELINE-UPDATES")
    if updates is not None:
        block = x_text(updates)
        if text == block:
            return None
        text = _strip_suffix(text, "\n\n" + block) or text
    try:
        built = [sources.citation(citation) for citation in citations]
    except Exception:  # noqa: BLE001 -- a broken citation is reported by the model later; keep the text whole
        return text
    block = "\n\n".join(part for part in ("" if shown is None else accounts_block(shown), sources_block(built)) if part)
    if not block:
        return text
    if text == block:
        return None
    rest = _strip_suffix(text, "\n\n" + block)
    return text if rest is None else rest


class Sources:
    """The ``X-TIMELINE-SOURCE`` records read so far, by key, and the sources built from them."""

    def __init__(self) -> None:
        self.records: dict[str, tuple[dict[str, Any], int]] = {}
        self._built: dict[str, Source] = {}

    def source(self, key: str, depth: int = 0) -> Source:
        if key in self._built:
            return self._built[key]
        if depth > 32:
            raise ValueError("via goes round in a circle")
        record = dict(self.records[key][0])
        via = record.pop("via", None)
        source = converter().structure(record, Source)
        if via is not None:
            source = attrs.evolve(source, via=self.source(via, depth + 1))
        self._built[key] = source = attrs.evolve(source, key=key)
        return source

    def citation(self, record: dict[str, Any]) -> Citation:
        return Citation(
            self.source(record["source"]),
            attribution=record.get("attribution"),
            quote=record.get("quote"),
            locator=record.get("locator"),
            confidence=record.get("confidence", "reported"),
        )


def _geo(component: Any) -> tuple[float, float] | None:
    geo = component.get("GEO")
    if geo is None:
        return None
    try:
        lat, lon = float(geo.latitude), float(geo.longitude)
    except (AttributeError, TypeError, ValueError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def _own_place(entry: Entry) -> dict[str, Any] | None:
    name = text_of(entry.component, "LOCATION")
    if name is None:
        return None
    place: dict[str, Any] = {"name": name}
    for property_name, field in (("X-TIMELINE-COUNTRY", "country"), ("X-TIMELINE-ZONE", "zone")):
        line = entry.node.first(property_name)
        if line is not None:
            place[field] = x_text(line)
    position = _geo(entry.component)
    if position is not None:
        place["lat"], place["lon"] = position
    return place


def foreign_event(entry: Entry, floating: str, zones: Zones, problems: list[Problem]) -> set[str]:
    """Fill ``entry.record`` from another program's VEVENT; return the properties taken over unchanged."""
    component, record = entry.component, entry.record
    kept: set[str] = set()
    if entry.uid is not None and entry.id == entry.uid:
        kept.add("UID")
    title = text_of(component, "SUMMARY")
    shown = None if title is None else one_line(title)
    record["title"] = shown or UNTITLED_EVENT
    if (
        title is not None
        and shown == title
        and len(component.get("SUMMARY") if isinstance(component.get("SUMMARY"), list) else [0]) == 1
    ):
        kept.add("SUMMARY")
    text = text_of(component, "DESCRIPTION")
    if text is not None:
        cleaned = multi_line(text)
        if cleaned is not None:
            record["description"] = cleaned
        if cleaned == text:
            kept.add("DESCRIPTION")
    written = text_of(component, "STATUS")
    record["status"] = _FOREIGN_STATUS.get((written or "").upper(), "scheduled")
    if written is not None and written.upper() in _FOREIGN_STATUS:
        kept.add("STATUS")
    tags: list[str] = []
    same = True
    for item in categories_of(component):
        cleaned_tag = one_line(item)
        same = same and cleaned_tag == item
        if cleaned_tag is not None and cleaned_tag not in tags:
            tags.append(cleaned_tag)
        else:
            same = False
    record["tags"] = tags
    if same and component.get("CATEGORIES") is not None:
        kept.add("CATEGORIES")
    place = _foreign_place(component)
    if place is not None:
        record["place"] = place
        if text_of(component, "LOCATION") == place["name"]:
            kept.add("LOCATION")
        if "lat" in place:
            kept.add("GEO")
    try:
        dates = foreign_dates(entry.component, entry.node, floating, zones)
    except DateError as error:
        problems.append(entry.problem(error.message, error.line))
        return kept
    except OverflowError:
        problems.append(entry.problem("its dates run outside the years 0001–9999", entry.node.first("DTSTART")))
        return kept
    record["when"] = dates.when
    if dates.faithful:
        kept.update(("DTSTART", "DTEND", "DURATION"))
    return kept


def _foreign_place(component: Any) -> dict[str, Any] | None:
    location = text_of(component, "LOCATION")
    name = None if location is None else one_line(location)
    position = _geo(component)
    if name is None and position is None:
        return None
    if name is None:
        assert position is not None
        name = f"{position[0]}, {position[1]}"
    place: dict[str, Any] = {"name": name}
    if position is not None:
        place["lat"], place["lon"] = position
    return place
