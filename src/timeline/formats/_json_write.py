"""Events as the plain data :func:`~timeline.formats.json.to_json` hands to orjson, made in one pass.

The plain data is written exactly as what the converter's hooks give (``plain_event`` of
:mod:`timeline.formats._fast_hooks`); what this writer adds, for speed only:

* the plain data of a :class:`Place` is made once per ``Place`` object and the
  same dict put in every event that names it (a document names a few places many
  times). The dicts live only until orjson has written the chunk that holds them,
  and nothing changes them, so sharing one is safe; orjson writes a shared dict in
  full at each place, as it writes any value.
* whether orjson writes every float as the json module does (see
  :func:`float_writes_alike`) is found while the data is made, rather than by a
  second walk over it; a place's answer is kept with its dict.
* enum members are written by their ``_value_`` (enum's documented value
  attribute), skipping the descriptor behind ``.value``.
* an event's ``actors`` and ``tags`` are handed over as the tuples the model
  holds, not copied into lists: orjson and the json module write a tuple of
  strings as the same array as a list of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from timeline.formats._fast_hooks import plain_extra, plain_media, plain_when
from timeline.model import Account, Citation, Event, Place
from timeline.model.event import Rank


def float_writes_alike(value: float) -> bool:
    """Whether orjson writes ``value`` as Python's ``repr`` does.

    Only where ``repr`` writes no exponent: orjson writes 1e-05 as 0.00001, and
    before 3.11.7 wrote 1e+16 as 1e16.
    """
    return value == 0.0 or 1e-4 <= abs(value) < 1e16


def writes_alike(value: Any) -> bool:
    """Whether orjson writes every float in the plain data ``value`` as Python's json module does."""
    if type(value) is float:
        return float_writes_alike(value)
    if type(value) is dict:
        return all(writes_alike(item) for item in value.values())
    if type(value) is list:
        return all(writes_alike(item) for item in value)
    return True


def _plain_citation(citation: Citation) -> dict[str, Any]:
    attribution, quote, locator = citation.attribution, citation.quote, citation.locator
    if attribution is not None and quote is not None and locator is not None:  # the usual citation, in one step
        return {
            "source": citation.source.ref,
            "attribution": attribution,
            "quote": quote,
            "locator": locator,
            "confidence": citation.confidence._value_,
        }
    plain: dict[str, Any] = {"source": citation.source.ref}
    if attribution is not None:
        plain["attribution"] = attribution
    if quote is not None:
        plain["quote"] = quote
    if locator is not None:
        plain["locator"] = locator
    plain["confidence"] = citation.confidence._value_
    return plain


class EventWriter:
    """Writes the events of one document; :attr:`exact` is false once a float needs the json module."""

    def __init__(self) -> None:
        self.exact = True
        self._places: dict[int, tuple[Place, dict[str, Any], bool]] = {}

    def _place(self, place: Place) -> dict[str, Any]:
        known = self._places.get(id(place))
        if known is None:
            plain: dict[str, Any] = {"name": place.name}
            alike = True
            if place.country is not None:
                plain["country"] = place.country
            if place.lat is not None:  # -0.0 as 0.0: one value, written once
                plain["lat"] = lat = float(place.lat) + 0.0
                alike = float_writes_alike(lat)
            if place.lon is not None:
                plain["lon"] = lon = float(place.lon) + 0.0
                alike = alike and float_writes_alike(lon)
            if place.zone is not None:
                plain["zone"] = place.zone
            known = (place, plain, alike)  # the Place is kept, so that its id is not taken by another
            self._places[id(place)] = known
        if not known[2]:
            self.exact = False
        return known[1]

    def _account(self, account: Account) -> dict[str, Any]:
        plain: dict[str, Any] = {}
        if account.when is not None:
            plain["when"] = plain_when(account.when)
        if account.place is not None:
            plain["place"] = self._place(account.place)
        if account.citations:
            plain["citations"] = [_plain_citation(citation) for citation in account.citations]
        if account.rank is not Rank.NORMAL:
            plain["rank"] = account.rank._value_
        if account.reason is not None:
            plain["reason"] = account.reason
        return plain

    def events(self, events: Iterable[Event]) -> list[dict[str, Any]]:
        """The plain data of ``events``, as ``plain_event`` writes each."""
        written = []
        place_of, account_of, citation_of = self._place, self._account, _plain_citation
        for event in events:
            plain: dict[str, Any] = {"id": event.id, "title": event.title}
            when = event.when
            if when.phrase is None:  # the usual date: its text (see plain_when), or none for When()
                if when.start is not None:
                    plain["when"] = when.sort_key.text
                elif when.end is not None:
                    plain["when"] = None
            else:
                plain["when"] = plain_when(when)
            if event.description is not None:
                plain["description"] = event.description
            if event.kind is not None:
                plain["kind"] = event.kind
            plain["status"] = event.status._value_
            if event.place is not None:
                plain["place"] = place_of(event.place)
            if event.actors:  # a tuple (the model's converter makes one): written as the list it stands for
                plain["actors"] = event.actors
            if event.tags:
                plain["tags"] = event.tags
            if event.citations:
                plain["citations"] = [citation_of(citation) for citation in event.citations]
            if event.relations:
                plain["relations"] = [
                    {"kind": relation.kind._value_, "target": relation.target} for relation in event.relations
                ]
            if event.media is not None:
                plain["media"] = plain_media(event.media)
            if event.accounts:
                plain["accounts"] = [account_of(account) for account in event.accounts]
            if event.duration is not None:
                plain["duration"] = str(event.duration)
            if event.extra:
                plain["extra"] = extra = plain_extra(event.extra)
                if self.exact and not writes_alike(extra):
                    self.exact = False
            written.append(plain)
        return written
