"""The VEVENT of an event built with ``icalendar``'s own objects: the oracle of the fast writer.

This is how timeline built its VEVENTs before it wrote content lines itself
(``Event.new``, ``vText``, ``vUri``, ``vCategory`` and parameter objects per
property). Serialised by ``icalendar``'s ``to_ical``, it must give the bytes the
writer gives, property for property, in the same order.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from icalendar import Event as VEvent
from icalendar.enums import TRANSP
from icalendar.prop import vCategory, vText, vUnknown, vUri

from timeline import Account, Citation, Event, InvalidInputError, Media, Problem, Source
from timeline._validation import thaw_extra
from timeline.formats._convert import converter
from timeline.formats.ical._accounts import FROM_ACCOUNTS, updates_block
from timeline.formats.ical._description import description, summary
from timeline.formats.ical._mapping import LINKREL, RELTYPE, STATUS
from timeline.formats.ical._options import Options, stamp_of
from timeline.formats.ical._span import Moment, Span
from timeline.formats.ical._text import escape, text_problem, to_json
from timeline.formats.ical._write import cited_urls, decimal, uid


class Text(vText):
    r"""A TEXT value escaped as timeline escapes it (``vText`` would turn a literal ``\N`` into ``\n``)."""

    def to_ical(self) -> bytes:
        return escape(str(self)).encode("utf-8")


def _text(value: str, path: str) -> Text:
    problem = text_problem(value)
    if problem is not None:
        raise InvalidInputError((Problem(problem, path),))
    return Text(value)


def _utc(value: dt.datetime) -> dt.datetime:
    moment = value.astimezone(dt.UTC)
    return dt.datetime(moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second, tzinfo=dt.UTC)


def _add_moment(component: Any, name: str, value: dt.date | Moment) -> None:
    if isinstance(value, Moment):
        parameters = {"TZID": value.zone} if value.zone is not None else None
        component.add(name, value.value(), parameters=parameters)
    else:
        component.add(name, value)


class _Properties:
    """Properties gathered for a component, then set at once."""

    def __init__(self) -> None:
        self.values: dict[str, list[Any]] = {}

    def add(self, name: str, value: Any) -> None:
        self.values.setdefault(name, []).append(value)

    def x(self, name: str, value: str, path: str) -> None:
        self.add(name, vUnknown(escape(value, path)))

    def set_on(self, component: Any) -> None:
        for name, values in self.values.items():
            component[name] = values[0] if len(values) == 1 else values


def _source_record(source: Source) -> str:
    return escape(to_json({"key": source.ref, **converter().unstructure(source, Source)}))


def vevent(event: Event, index: int, placed: Span, settings: Options) -> Any:
    """The VEVENT of a dated event as an ``icalendar`` component."""
    path = f"events[{index}]"
    revisions = settings.revisions.get(event.id)
    if revisions is not None:
        stamp = _utc(revisions.modified)
    elif settings.stamp is not None:
        stamp = settings.stamp
    else:
        stamp = stamp_of(event) or settings.fallback
    text = description(event, updates=() if revisions is None else revisions.updates)
    place = event.effective_place
    urls = cited_urls(event)
    component = VEvent.new(
        uid=uid(event.id, settings.namespace),
        stamp=stamp,
        summary=_text(summary(event), f"{path}.title"),
        description=None if text is None else _text(text, f"{path}.description"),
        location=None if place is None else _text(place.name, f"{path}.place.name"),
        status=STATUS[event.status],
        transparency=TRANSP.TRANSPARENT
        if placed.vague or (event.duration is not None and event.duration.at_most)
        else None,
        url=urls[0] if urls else None,
        sequence=None if revisions is None else revisions.count - 1,
        created=None if revisions is None else _utc(revisions.created),
        last_modified=None if revisions is None else stamp,
    )
    _add_moment(component, "DTSTART", placed.start)
    if placed.end is not None:
        _add_moment(component, "DTEND", placed.end)
    properties = _Properties()
    if event.tags:
        listed = vCategory([])
        listed.cats = [_text(tag, f"{path}.tags[{number}]") for number, tag in enumerate(event.tags)]
        properties.add("CATEGORIES", listed)
    if place is not None and place.lat is not None and place.lon is not None:
        properties.add("GEO", vUnknown(f"{decimal(place.lat)};{decimal(place.lon)}"))
    for url in urls:
        properties.add("LINK", vUri(url, params={"LINKREL": LINKREL, "VALUE": "URI"}))
    for relation in event.relations:
        related = Text(uid(relation.target, settings.namespace))
        related.params["RELTYPE"] = RELTYPE[relation.kind.value]
        properties.add("RELATED-TO", related)
    properties.x("X-TIMELINE-WHEN", str(event.when), f"{path}.when")
    if event.when.phrase is not None:
        properties.x("X-TIMELINE-PHRASE", event.when.phrase, f"{path}.when.phrase")
    if event.duration is not None:
        properties.x("X-TIMELINE-DURATION", str(event.duration), f"{path}.duration")
    properties.x("X-TIMELINE-STATUS", event.status.value, f"{path}.status")
    if event.kind is not None:
        properties.x("X-TIMELINE-KIND", event.kind, f"{path}.kind")
    for number, actor in enumerate(event.actors):
        properties.x("X-TIMELINE-ACTOR", actor, f"{path}.actors[{number}]")
    if place is not None and place.country is not None:
        properties.x("X-TIMELINE-COUNTRY", place.country, f"{path}.place.country")
    if place is not None and place.zone is not None:
        properties.x("X-TIMELINE-ZONE", place.zone, f"{path}.place.zone")
    if event.place is None and place is not None:
        properties.x("X-TIMELINE-LOCATION", FROM_ACCOUNTS, f"{path}.accounts")
    written: set[str] = set()
    for citation in event.all_citations:
        for source in reversed(citation.source.chain()):
            if source.ref not in written:
                written.add(source.ref)
                properties.add("X-TIMELINE-SOURCE", vUnknown(_source_record(source)))
    for citation in event.citations:
        properties.add("X-TIMELINE-CITATION", vUnknown(escape(to_json(converter().unstructure(citation, Citation)))))
    for account in event.accounts:
        properties.add("X-TIMELINE-ACCOUNT", vUnknown(escape(to_json(converter().unstructure(account, Account)))))
    if revisions is not None and revisions.updates:
        properties.x("X-TIMELINE-UPDATES", updates_block(revisions.updates), f"{path}.updates")
    if event.media is not None:
        properties.add("ATTACH", vUri(event.media.url))
        properties.add("X-TIMELINE-MEDIA", vUnknown(escape(to_json(converter().unstructure(event.media, Media)))))
    if event.extra:
        properties.x("X-TIMELINE-EXTRA", to_json(thaw_extra(event.extra)), f"{path}.extra")
    properties.set_on(component)
    return component


def icalendar_calendar(t: Any, **chosen: Any) -> bytes:
    """The calendar of ``t`` with every component built by ``icalendar`` and written by its ``to_ical``.

    ``chosen`` holds :func:`~timeline.formats.ical.to_ical`'s options ``stamp``,
    ``revisions`` and ``name``. Every event must be dated.
    """
    from timeline.formats.ical import default_namespace
    from timeline.formats.ical._options import options
    from timeline.formats.ical._span import placement
    from timeline.formats.ical._write import calendar, timezones

    settings = options(
        chosen.get("namespace") or default_namespace(t),
        chosen.get("stamp"),
        chosen.get("revisions"),
        chosen.get("name"),
        timeline=t,
    )
    whole = calendar(t, chosen.get("name"))
    spans = [placement(event) for event in t.events]
    for zone in timezones(spans):
        whole.add_component(zone)
    for index, (event, placed) in enumerate(zip(t.events, spans, strict=True)):
        assert placed is not None
        whole.add_component(vevent(event, index, placed, settings))
    data: bytes = whole.to_ical()
    return data
