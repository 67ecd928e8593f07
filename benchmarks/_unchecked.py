"""Bounds of the benchmark table: the JSON reader and writer, and the log's replay, with every check left out.

They turn the same bytes into the same objects, or the same objects into the same
bytes, as plainly as Python allows; a reader or writer that checks what they take as
given does more. So they show how much room a target leaves for the checks.

Like the floors, nothing here calls timeline's code while it is timed. They make
and read the model's objects as plainly as Python allows: ``object.__new__`` and
each slot's own setter, and attribute reads. Everything a check would find is
taken as given, and so is every date: each When comes ready-made from a table by
its text, built beforehand and untimed. Neither sorts the events nor makes the
Timeline, and the replay keeps each event as it reads it. Each bound therefore
does less than the least a real reader or writer must do.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs
import orjson

from timeline import Citation, Confidence, Event, Place, Relation, RelationKind, Source, Status, When

_STATUSES = {member.value: member for member in Status}
_CONFIDENCES = {member.value: member for member in Confidence}
_KINDS = {member.value: member for member in RelationKind}


def _setters(cls: type) -> tuple[Callable[[Any, Any], None], ...]:
    """The setter of each field's slot of the attrs class ``cls``, in field order."""
    return tuple(vars(cls)[field.name].__set__ for field in attrs.fields(cls))


def sources_of(events: Iterable[Event]) -> dict[str, Source]:
    """Every source ``events`` cite, and every source those come via, by key: the sources the bounds are given."""
    found: dict[str, Source] = {}
    for event in events:
        for citation in event.citations:
            source: Source | None = citation.source
            while source is not None and str(source.key) not in found:
                found[str(source.key)] = source
                source = source.via
    return found


def _dates(events: Iterable[Event], sources: Iterable[Source]) -> Iterator[When]:
    """Each dated When of ``events`` and ``sources``."""
    for event in events:
        if event.when.start is not None:
            yield event.when
    for source in sources:
        if source.published is not None:
            yield source.published


def dates_of(events: Iterable[Event], sources: Iterable[Source]) -> dict[str | None, When]:
    """Each When of ``events`` and ``sources`` by its text in a document: the table the bounds take dates from."""
    return {None: When(), **{when.sort_key.text: when for when in _dates(events, sources)}}


def texts_of(events: Iterable[Event], sources: Iterable[Source]) -> dict[int, str]:
    """The text of each When of ``events`` and ``sources``, by the When's ``id``: the dates the writer is given."""
    return {id(when): when.sort_key.text for when in _dates(events, sources)}


def _event(
    plain: Mapping[str, Any],
    sources: Mapping[str, Source],
    dates: Mapping[str | None, When],
    places: dict[str, Place],
) -> Event:
    set_id, set_title, set_when, set_description, set_kind, set_status, set_place, set_actors, set_tags = _EVENT[:9]
    set_citations, set_relations, set_media, set_accounts, set_duration, set_extra = _EVENT[9:]
    set_source, set_attribution, set_quote, set_locator, set_confidence = _CITATION
    get = plain.get
    event = object.__new__(Event)
    set_id(event, plain["id"])
    set_title(event, plain["title"])
    set_when(event, dates[get("when")])
    set_description(event, get("description"))
    set_kind(event, get("kind"))
    set_status(event, _STATUSES[plain["status"]])
    place = get("place")
    if place is not None:
        known = places.get(place["name"])
        if known is None:
            known = places[place["name"]] = object.__new__(Place)
            for setter, name in zip(_PLACE, ("name", "country", "lat", "lon", "zone"), strict=True):
                setter(known, place.get(name))
        place = known
    set_place(event, place)
    set_actors(event, tuple(get("actors", ())))
    set_tags(event, tuple(get("tags", ())))
    citations = []
    for cited in get("citations", ()):
        citation = object.__new__(Citation)
        set_source(citation, sources[cited["source"]])
        set_attribution(citation, cited.get("attribution"))
        set_quote(citation, cited.get("quote"))
        set_locator(citation, cited.get("locator"))
        set_confidence(citation, _CONFIDENCES[cited["confidence"]])
        citations.append(citation)
    set_citations(event, tuple(citations))
    relations = []
    for related in get("relations", ()):
        relation = object.__new__(Relation)
        _RELATION[0](relation, _KINDS[related["kind"]])
        _RELATION[1](relation, related["target"])
        relations.append(relation)
    set_relations(event, tuple(relations))
    set_media(event, None)
    set_accounts(event, ())
    set_duration(event, None)
    set_extra(event, {})
    return event


def read_document(raw: bytes, sources: Mapping[str, Source], dates: Mapping[str | None, When]) -> list[Event]:
    """The events of a JSON document: decoded, then each object made with no check (``sources`` given)."""
    places: dict[str, Place] = {}
    return [_event(plain, sources, dates, places) for plain in orjson.loads(raw)["events"]]


def _plain_source(source: Source, texts: Mapping[int, str]) -> dict[str, Any]:
    plain = {"publisher": source.publisher}
    for name in ("title", "url", "archived_url", "author"):
        if (value := getattr(source, name)) is not None:
            plain[name] = value
    if source.published is not None:
        plain["published"] = texts[id(source.published)]
    if source.via is not None:
        plain["via"] = source.via.key
    return plain


def _plain_event(event: Event, texts: Mapping[int, str]) -> dict[str, Any]:
    plain: dict[str, Any] = {"id": event.id, "title": event.title}
    if event.when.start is not None:
        plain["when"] = texts[id(event.when)]
    if event.description is not None:
        plain["description"] = event.description
    if event.kind is not None:
        plain["kind"] = event.kind
    plain["status"] = event.status._value_
    if (place := event.place) is not None:
        plain["place"] = written = {"name": place.name}
        if place.country is not None:
            written["country"] = place.country
        if place.lat is not None:
            written["lat"] = place.lat
        if place.lon is not None:
            written["lon"] = place.lon
        if place.zone is not None:
            written["zone"] = place.zone
    if event.actors:
        plain["actors"] = event.actors
    if event.tags:
        plain["tags"] = event.tags
    if event.citations:
        plain["citations"] = citations = []
        for citation in event.citations:
            cited = {"source": citation.source.key}
            if citation.attribution is not None:
                cited["attribution"] = citation.attribution
            cited["quote"] = citation.quote
            cited["locator"] = citation.locator
            cited["confidence"] = citation.confidence._value_
            citations.append(cited)
    if event.relations:
        plain["relations"] = [
            {"kind": relation.kind._value_, "target": relation.target} for relation in event.relations
        ]
    return plain


def write_document(
    title: str, description: str, sources: Iterable[Source], events: Iterable[Event], texts: Mapping[int, str]
) -> str:
    """The JSON document of the benchmark's timeline: plain data made with no check, written by orjson, decoded.

    ``texts`` gives the text of each date (see :func:`texts_of`).
    """
    document = {
        "format": "timeline",
        "version": 1,
        "title": title,
        "description": description,
        "sources": {source.key: _plain_source(source, texts) for source in sorted(sources, key=lambda s: str(s.key))},
        "events": [_plain_event(event, texts) for event in events],
    }
    return (orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n").decode()


def replay(lines: bytes, sources: Mapping[str, Source], dates: Mapping[str | None, When]) -> list[Event]:
    """A log's events: each line's seal hashed and compared, the line decoded, its event made with no check."""
    places: dict[str, Place] = {}
    events = []
    for line in lines.splitlines():
        if hashlib.sha256(line[:-75] + b"}").hexdigest() != line[-66:-2].decode():
            raise ValueError("a line's hash does not match")
        plain = orjson.loads(line)
        if "event" in plain:
            events.append(_event(plain["event"], sources, dates, places))
    return events


_EVENT = _setters(Event)
_CITATION = _setters(Citation)
_PLACE = _setters(Place)
_RELATION = _setters(Relation)
