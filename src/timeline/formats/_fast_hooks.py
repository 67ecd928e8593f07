"""Hand-specialised converter hooks for the classes every event is made of: the common shapes, fast.

cattrs' generated hooks are general: they compare each field with its default
(building a default ``When`` and an empty ``extra`` for every event), dispatch
every optional field through the converter, and reorder keys. These write and
read :class:`Event`, :class:`Citation`, :class:`Place`, :class:`Relation` and
:class:`Media` directly, and are registered only while the classes have exactly
the fields named in :data:`FIELDS` (a test fails when a class gains one).

Writing gives the very plain data cattrs' hook gives. Reading handles a
well-formed value and *declines* anything else — an unknown key, a value of the
wrong type, or a value the model refuses — by returning ``None``; the full cattrs
path then reads the value again and reports every problem with its path. So the
errors are cattrs' and the results are equal (``tests/test_fast_hooks.py``
compares both paths over random events and documents).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

import attrs

from timeline._validation import freeze_extra, iso_day
from timeline.model import Account, Citation, Duration, Event, Media, Place, Relation, Source, When
from timeline.model.event import Rank, RelationKind, Status
from timeline.model.provenance import Confidence

FIELDS: Final[dict[type, tuple[str, ...]]] = {
    Event: (
        "id",
        "title",
        "when",
        "description",
        "kind",
        "status",
        "place",
        "actors",
        "tags",
        "citations",
        "relations",
        "media",
        "accounts",
        "duration",
        "extra",
    ),
    Account: ("when", "place", "citations", "rank", "reason"),
    Citation: ("source", "attribution", "quote", "locator", "confidence"),
    Place: ("name", "country", "lat", "lon", "zone"),
    Relation: ("kind", "target"),
    Media: ("url", "caption", "credit", "licence", "alt"),
    Source: ("publisher", "title", "url", "archived_url", "author", "published", "retrieved", "via", "key", "_ref"),
}
"""The fields each hook knows, in class order."""


def covers(kind: type) -> bool:
    """Whether the hooks here know every field of ``kind``."""
    return tuple(field.name for field in attrs.fields(kind)) == FIELDS.get(kind)


_SCALARS: Final = frozenset((str, int, float, bool, type(None)))


def _sorted_keys(value: Any) -> Any:
    """User data with every object's keys sorted, so that equal data gives equal bytes."""
    kind = type(value)
    if kind in _SCALARS:  # by type first: an isinstance check against Mapping is slow
        return value
    if kind is tuple or kind is list:
        return [_sorted_keys(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _sorted_keys(value[key]) for key in sorted(value)}
    if isinstance(value, list | tuple):
        return [_sorted_keys(item) for item in value]
    return value


def plain_extra(value: Mapping[str, Any]) -> dict[str, Any]:
    """User data as plain data, keys sorted."""
    sorted_extra: dict[str, Any] = _sorted_keys(value)
    return sorted_extra


def plain_when(when: When) -> str | dict[str, str | None] | None:
    """A date as its text, or an object of its text and the phrase the source used."""
    # The sort key holds the canonical text, str(when), computed once when the When was made.
    text = when.sort_key.text if when.start is not None else None
    if when.phrase is None:
        return text
    return {"date": text, "phrase": when.phrase}


def plain_place(place: Place) -> dict[str, Any]:
    plain: dict[str, Any] = {"name": place.name}
    if place.country is not None:
        plain["country"] = place.country
    if place.lat is not None:  # -0.0 as 0.0: one value, written once
        plain["lat"] = float(place.lat) + 0.0
    if place.lon is not None:
        plain["lon"] = float(place.lon) + 0.0
    if place.zone is not None:
        plain["zone"] = place.zone
    return plain


def plain_citation(citation: Citation) -> dict[str, Any]:
    plain: dict[str, Any] = {"source": citation.source.ref}
    if citation.attribution is not None:
        plain["attribution"] = citation.attribution
    if citation.quote is not None:
        plain["quote"] = citation.quote
    if citation.locator is not None:
        plain["locator"] = citation.locator
    plain["confidence"] = citation.confidence.value
    return plain


def plain_relation(relation: Relation) -> dict[str, Any]:
    return {"kind": relation.kind.value, "target": relation.target}


def plain_media(media: Media) -> dict[str, Any]:
    plain: dict[str, Any] = {"url": media.url}
    if media.caption is not None:
        plain["caption"] = media.caption
    if media.credit is not None:
        plain["credit"] = media.credit
    if media.licence is not None:
        plain["licence"] = media.licence
    if media.alt is not None:
        plain["alt"] = media.alt
    return plain


def plain_account(account: Account) -> dict[str, Any]:
    plain: dict[str, Any] = {}
    if account.when is not None:
        plain["when"] = plain_when(account.when)
    if account.place is not None:
        plain["place"] = plain_place(account.place)
    if account.citations:
        plain["citations"] = [plain_citation(citation) for citation in account.citations]
    if account.rank is not Rank.NORMAL:
        plain["rank"] = account.rank.value
    if account.reason is not None:
        plain["reason"] = account.reason
    return plain


def plain_event(event: Event) -> dict[str, Any]:
    plain: dict[str, Any] = {"id": event.id, "title": event.title}
    when = event.when
    if when.start is not None or when.end is not None or when.phrase is not None:  # not When()
        plain["when"] = plain_when(when)
    if event.description is not None:
        plain["description"] = event.description
    if event.kind is not None:
        plain["kind"] = event.kind
    plain["status"] = event.status.value
    if event.place is not None:
        plain["place"] = plain_place(event.place)
    if event.actors:
        plain["actors"] = list(event.actors)
    if event.tags:
        plain["tags"] = list(event.tags)
    if event.citations:
        plain["citations"] = [plain_citation(citation) for citation in event.citations]
    if event.relations:
        plain["relations"] = [plain_relation(relation) for relation in event.relations]
    if event.media is not None:
        plain["media"] = plain_media(event.media)
    if event.accounts:
        plain["accounts"] = [plain_account(account) for account in event.accounts]
    if event.duration is not None:
        plain["duration"] = str(event.duration)
    if event.extra:
        plain["extra"] = plain_extra(event.extra)
    return plain


def plain_source(source: Source) -> dict[str, Any]:
    """A source as its entry in a document's ``sources``: its key is the entry's name, ``via`` the other's key."""
    plain: dict[str, Any] = {"publisher": source.publisher}
    if source.title is not None:
        plain["title"] = source.title
    if source.url is not None:
        plain["url"] = source.url
    if source.archived_url is not None:
        plain["archived_url"] = source.archived_url
    if source.author is not None:
        plain["author"] = source.author
    if source.published is not None:
        plain["published"] = plain_when(source.published)
    if source.retrieved is not None:
        plain["retrieved"] = source.retrieved.isoformat()
    if source.via is not None:
        plain["via"] = source.via.ref
    return plain


WRITERS: Final[dict[type, Callable[[Any], dict[str, Any]]]] = {
    Event: plain_event,
    Citation: plain_citation,
    Place: plain_place,
    Relation: plain_relation,
    Media: plain_media,
    Account: plain_account,
    Source: plain_source,
}


# Each reader returns None to decline; so does any exception it raises (the caller catches it).

_EVENT_KEYS: Final = frozenset(FIELDS[Event])
_CITATION_KEYS: Final = frozenset(FIELDS[Citation])
_PLACE_KEYS: Final = frozenset(FIELDS[Place])
_RELATION_KEYS: Final = frozenset(FIELDS[Relation])
_MEDIA_KEYS: Final = frozenset(FIELDS[Media])
_ACCOUNT_KEYS: Final = frozenset(FIELDS[Account])
_RANKS: Final = {member.value: member for member in Rank}
_WHEN_KEYS: Final = frozenset(("date", "phrase"))
_STATUSES: Final = {member.value: member for member in Status}
_CONFIDENCES: Final = {member.value: member for member in Confidence}
_RELATION_KINDS: Final = {member.value: member for member in RelationKind}
_UNDATED: Final = When()
_NUMBERS: Final = (int, float)  # compared by type(): a bool is not a number here
_NO_ITEMS: Final[list[Any]] = []  # a missing list (never changed)
_NO_DATA: Final[dict[str, Any]] = {}  # missing user data (never changed)


def _is_optional_text(value: object) -> bool:
    return value is None or type(value) is str


def _texts(value: object) -> tuple[str, ...] | None:
    if value is _NO_ITEMS:  # not given: no generator to run
        return ()
    if type(value) is not list:
        return None
    for item in value:
        if type(item) is not str:
            return None
    return tuple(value)


def read_when(value: object) -> When | None:
    if value is None:
        return _UNDATED
    if type(value) is str:
        return When.parse(value) if value.strip() else None
    if type(value) is not dict or not value.keys() <= _WHEN_KEYS:
        return None
    text, phrase = value.get("date"), value.get("phrase")
    if not _is_optional_text(text) or type(phrase) is not str:
        return None
    return When.parse(text or "", phrase=phrase)


def read_place(value: object) -> Place | None:
    if type(value) is str:
        return Place(value)
    if type(value) is not dict or not value.keys() <= _PLACE_KEYS:
        return None
    name, country, zone = value.get("name"), value.get("country"), value.get("zone")
    lat, lon = value.get("lat"), value.get("lon")
    if type(name) is not str or not _is_optional_text(country) or not _is_optional_text(zone):
        return None
    if (lat is not None and type(lat) not in _NUMBERS) or (lon is not None and type(lon) not in _NUMBERS):
        return None
    if lat == 0 or lon == 0:  # 0.0 and -0.0 are one cache key, and Places of either are equal: cache neither
        return _new_place(name, country, lat, lon, zone)
    return _cached_place(name, country, lat, lon, zone)


def _new_place(name: str, country: str | None, lat: float | None, lon: float | None, zone: str | None) -> Place:
    return Place(
        name,
        country=country,
        lat=None if lat is None else float(lat),
        lon=None if lon is None else float(lon),
        zone=zone,
    )


_cached_place: Final = functools.lru_cache(maxsize=4096)(_new_place)
"""Places read, by their fields: most documents name a few places many times, and Places are immutable."""


def read_citation(value: object, sources: Mapping[str, Source]) -> Citation | None:
    if type(value) is not dict or not value.keys() <= _CITATION_KEYS:
        return None
    get = value.get
    key, attribution, quote, locator = get("source"), get("attribution"), get("quote"), get("locator")
    confidence = _CONFIDENCES.get(get("confidence", "reported"))
    if type(key) is not str or confidence is None:
        return None
    source = sources.get(key)
    if (
        source is None
        or (attribution is not None and type(attribution) is not str)
        or (quote is not None and type(quote) is not str)
        or (locator is not None and type(locator) is not str)
    ):
        return None
    return Citation(source, attribution=attribution, quote=quote, locator=locator, confidence=confidence)


def _citations(raw: object, sources: Mapping[str, Source]) -> Sequence[Citation] | None:
    """Each citation of the list ``raw`` read, or ``None`` as soon as one is declined."""
    if raw is _NO_ITEMS:
        return ()
    if type(raw) is not list:
        return None
    citations = []
    for item in raw:
        citation = read_citation(item, sources)
        if citation is None:
            return None
        citations.append(citation)
    return citations


def read_relation(value: object) -> Relation | None:
    if type(value) is not dict or value.keys() != _RELATION_KEYS:
        return None
    kind, target = _RELATION_KINDS.get(value["kind"]), value["target"]
    if kind is None or type(target) is not str:
        return None
    return Relation(kind, target)


def read_media(value: object) -> Media | None:
    if type(value) is not dict or not value.keys() <= _MEDIA_KEYS:
        return None
    url, caption, credit = value.get("url"), value.get("caption"), value.get("credit")
    licence, alt = value.get("licence"), value.get("alt")
    if type(url) is not str or not all(map(_is_optional_text, (caption, credit, licence, alt))):
        return None
    return Media(url, caption=caption, credit=credit, licence=licence, alt=alt)


def read_account(value: object, sources: Mapping[str, Source]) -> Account | None:
    if type(value) is not dict or not value.keys() <= _ACCOUNT_KEYS:
        return None
    when, place, reason = value.get("when"), value.get("place"), value.get("reason")
    rank = _RANKS.get(value.get("rank", "normal"))
    raw_citations = value.get("citations", _NO_ITEMS)
    if rank is None or type(raw_citations) is not list or not _is_optional_text(reason):
        return None
    if when is not None and ((when := read_when(when)) is None or when.start is None):
        return None
    if place is not None and (place := read_place(place)) is None:
        return None
    citations: list[Any] = [read_citation(item, sources) for item in raw_citations]
    if not _all_read(citations):
        return None
    return Account(when=when, place=place, citations=citations, rank=rank, reason=reason)


def _all_read(items: list[Any]) -> bool:
    return all(item is not None for item in items)


def read_event(value: object, sources: Mapping[str, Source]) -> Event | None:
    if type(value) is not dict or not value.keys() <= _EVENT_KEYS:
        return None
    get = value.get
    event_id, title, description, kind = get("id"), get("title"), get("description"), get("kind")
    if (
        type(event_id) is not str
        or type(title) is not str
        or (description is not None and type(description) is not str)
        or (kind is not None and type(kind) is not str)
    ):
        return None
    when = read_when(get("when"))
    status = _STATUSES.get(get("status", "happened"))
    if when is None or status is None:
        return None
    place = get("place")
    if place is not None and (place := read_place(place)) is None:
        return None
    actors, tags = _texts(get("actors", _NO_ITEMS)), _texts(get("tags", _NO_ITEMS))
    citations = _citations(get("citations", _NO_ITEMS), sources)
    if actors is None or tags is None or citations is None:
        return None
    relations: Sequence[Any] = ()
    if (raw_relations := get("relations", _NO_ITEMS)) is not _NO_ITEMS:
        if type(raw_relations) is not list:
            return None
        relations = [read_relation(item) for item in raw_relations]
        if not _all_read(relations):
            return None
    media = get("media")
    if media is not None and (media := read_media(media)) is None:
        return None
    accounts: Sequence[Any] = ()
    if (raw_accounts := get("accounts", _NO_ITEMS)) is not _NO_ITEMS:
        if type(raw_accounts) is not list:
            return None
        accounts = [read_account(item, sources) for item in raw_accounts]
        if not _all_read(accounts):
            return None
    duration = get("duration")
    if duration is not None and (type(duration) is not str or (duration := Duration.parse(duration)) is None):
        return None
    extra = get("extra", _NO_DATA)
    if type(extra) is not dict:
        return None
    return Event(
        event_id,
        title,
        when,
        description=description,
        kind=kind,
        status=status,
        place=place,
        actors=actors,
        tags=tags,
        citations=citations,
        relations=relations,
        media=media,
        accounts=accounts,
        duration=duration,
        extra=freeze_extra(extra),
    )


SOURCE_FIELDS: Final = FIELDS[Source][:-1]
"""The fields of :class:`Source` that :func:`read_source` knows, in class order (``key`` is the entry's name)."""
_SOURCE_KEYS: Final = frozenset(SOURCE_FIELDS[:-1])
_ISO_DAY: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


def read_source(value: object, key: str, sources: Mapping[str, Source]) -> Source | None:
    """The source of the entry ``key`` of a document's ``sources``, the sources it may come ``via`` in ``sources``.

    Declines (``None``) what the full path would refuse or read with more care: a
    ``published`` date that is not plain text, a ``via`` not yet read (or
    ``null``), any unknown key or value of the wrong type.
    """
    if type(value) is not dict or not value.keys() <= _SOURCE_KEYS:
        return None
    get = value.get
    publisher, title, url, archived_url, author = (
        get("publisher"),
        get("title"),
        get("url"),
        get("archived_url"),
        get("author"),
    )
    if type(publisher) is not str or not all(map(_is_optional_text, (title, url, archived_url, author))):
        return None
    published, retrieved, via = get("published"), get("retrieved"), get("via")
    if published is not None:
        if type(published) is not str or not published.strip():
            return None
        published = When.parse(published)
    if retrieved is not None:
        if type(retrieved) is not str or not _ISO_DAY.fullmatch(retrieved):
            return None
        retrieved = iso_day(retrieved)
    if via is not None and (type(via) is not str or (via := sources.get(via)) is None):
        return None
    if via is None and "via" in value:
        return None  # "via": null, which the full path refuses: a source comes via the key of another
    return Source(
        publisher,
        title=title,
        url=url,
        archived_url=archived_url,
        author=author,
        published=published,
        retrieved=retrieved,
        via=via,
        key=key,
    )


READERS: Final[dict[type, Callable[[Any, Mapping[str, Source]], Any]]] = {
    Event: read_event,
    Citation: read_citation,
}
"""Readers of an object inside a document, given the document's sources by key."""
