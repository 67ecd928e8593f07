"""The layout of the Arrow tables: their columns, types, descriptions and metadata."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

from timeline.errors import TimelineError

SCHEMA_VERSION: Final = 1
"""The version of the table layout, in every table's metadata as ``timeline.schema``."""

TABLES: Final = ("events", "citations", "sources", "relations")


_DESCRIPTIONS: Final = {
    "id": "The event's id, unique in the timeline.",
    "title": "The event's title.",
    "when": "The date as written: EDTF or an RFC 9557 time; null when undated. The source of truth.",
    "phrase": "The words the source used for the date.",
    "earliest": "The first calendar day the event may reach, widened for ~; null when undated, open or unknown.",
    "latest": "The last calendar day the event may reach, widened for ~; null when undated, open or unknown.",
    "latest_start": "The latest day the event may start; null when undated or the start is open.",
    "earliest_end": "The earliest day the event may end; null when undated or the end is open.",
    "earliest_at": "The start as a UTC instant, where the start is a time of day.",
    "latest_at": "The end (or the point) as a UTC instant, where it is a time of day.",
    "precision": "The coarsest precision of the dated ends: year, season, quarter, month, day, minute or second.",
    "approximate": "Whether a dated end is approximate (~ or %).",
    "uncertain": "Whether a dated end is uncertain (? or %).",
    "open_start": "Whether the start is open (../x): it extends without limit into the past.",
    "open_end": "Whether the end is open (x/..): still going on.",
    "unknown_start": "Whether the start is unknown (/x).",
    "unknown_end": "Whether the end is unknown (x/).",
    "one_of": "For one of a set of dates: each member's first and last day; null otherwise.",
    "out_of_range": "Whether a day lies beyond the years date32 holds (about ±5.8 million); that column is null then.",
    "zone": "The IANA zone of the first end that is a time of day.",
    "status": "What became of the event: proposed, planned, scheduled, happened, postponed or cancelled.",
    "description": "The event's description.",
    "kind": "The kind of event, free text.",
    "place": "Where: name, country, lat, lon and zone.",
    "media": "A medium showing the event, by address (never fetched): url, caption, credit, licence, alt.",
    "actors": "Who took part.",
    "tags": "The event's tags.",
    "citations": "The sources behind the event, in order: source key, attribution, quote, locator, confidence.",
    "relations": "Links to other events of the timeline: kind and target id.",
    "sources": "Every source the citations reach, via chains included, each with its key.",
    "extra": "The caller's extra data, as JSON text; null when there is none.",
    "duration": "How long the event lasts where its end is not written (ISO 8601, ≤ for at most); null when none.",
    "accounts": "What each source says of the date and place: when, phrase, place, citations, rank, reason.",
    "disputed": "Whether the sources' accounts of the date cannot agree; the date columns then span them all.",
    "rank": "How much the account counts: preferred, normal or deprecated.",
    "reason": "Why the account is ranked so.",
    "event_id": "The id of the event.",
    "position": "The place of the row in the event's list, from 0.",
    "source": "The key of the source cited.",
    "attribution": "Whom the source itself cites.",
    "quote": "A quotation from the source.",
    "locator": "Where in the source: page, paragraph.",
    "confidence": "How sure the source is: confirmed, reported, unconfirmed, disputed or denied.",
    "key": "The source's key, as citations name it.",
    "publisher": "Who published the source.",
    "url": "The source's address.",
    "archived_url": "An archived copy's address.",
    "author": "The source's author.",
    "published": "When the source was published, as written (EDTF).",
    "published_phrase": "The words for when the source was published.",
    "retrieved": "The day the source was read.",
    "via": "The key of the source through which this one came.",
    "target": "The id of the event pointed at.",
    "seq": "The revision's number, from 1.",
    "recorded_at": "When the log recorded the revision (UTC).",
    "op": "put (the event as it was put) or retract (the event columns are null).",
    "recorded_by": "Who recorded the revision.",
    "why": "The note saying why.",
    "why_citation": "The citation that prompted the revision.",
    "why_sources": "The sources that citation reaches, via chains included.",
    "prev": "The hash of the line before.",
    "hash": "The SHA-256 of the revision's line.",
}


def import_pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError as error:
        raise TimelineError("Arrow and Parquet need pyarrow: pip install 'timeline-events[arrow]'") from error
    return pyarrow


def _field(pa: Any, name: str, kind: Any, *, nullable: bool = True, about: str | None = None) -> Any:
    return pa.field(name, kind, nullable=nullable, metadata={"description": about or _DESCRIPTIONS[name]})


def _types(pa: Any) -> dict[str, Any]:
    text = pa.string()
    citation = pa.struct(
        [_field(pa, name, text) for name in ("source", "attribution", "quote", "locator", "confidence")]
    )
    source = pa.struct(
        [
            _field(pa, "key", text),
            _field(pa, "publisher", text),
            _field(pa, "title", text, about="The source's title."),
            *(_field(pa, name, text) for name in ("url", "archived_url", "author")),
            _field(pa, "published", text),
            _field(pa, "published_phrase", text),
            _field(pa, "retrieved", pa.date32()),
            _field(pa, "via", text),
        ]
    )
    return {"text": text, "citation": citation, "source": source}


def _when_fields(pa: Any) -> list[Any]:
    text = pa.string()
    day, instant = pa.date32(), pa.timestamp("us", tz="UTC")
    flags = ("approximate", "uncertain", "open_start", "open_end", "unknown_start", "unknown_end", "out_of_range")
    return [
        _field(pa, "when", text),
        _field(pa, "phrase", text),
        *(_field(pa, name, day) for name in ("earliest", "latest", "latest_start", "earliest_end")),
        *(_field(pa, name, instant) for name in ("earliest_at", "latest_at")),
        _field(pa, "precision", pa.dictionary(pa.int8(), text)),
        *(_field(pa, name, pa.bool_(), nullable=False) for name in flags[:-1]),
        _field(pa, "one_of", pa.list_(pa.struct([pa.field("earliest", day), pa.field("latest", day)]))),
        _field(pa, flags[-1], pa.bool_(), nullable=False),
        _field(pa, "zone", text),
    ]


MEDIA: Final = ("url", "caption", "credit", "licence", "alt")


def _event_fields(pa: Any, *, nested: bool, nullable: bool = False) -> list[Any]:
    types = _types(pa)
    text = types["text"]
    place = pa.struct(
        [
            pa.field("name", text),
            pa.field("country", text),
            pa.field("lat", pa.float64()),
            pa.field("lon", pa.float64()),
            pa.field("zone", text),
        ]
    )
    fields = [
        _field(pa, "id", text, nullable=nullable),
        _field(pa, "title", text, nullable=nullable),
        *_when_fields(pa),
        _field(pa, "status", pa.dictionary(pa.int8(), text), nullable=nullable),
        _field(pa, "description", text),
        _field(pa, "kind", text),
        _field(pa, "place", place),
        _field(pa, "media", pa.struct([pa.field(name, text) for name in MEDIA])),
        _field(pa, "actors", pa.list_(text)),
        _field(pa, "tags", pa.list_(text)),
        _field(pa, "duration", text),
        _field(pa, "disputed", pa.bool_(), nullable=nullable),
        _field(
            pa,
            "accounts",
            pa.list_(
                pa.struct(
                    [
                        _field(pa, "when", text),
                        _field(pa, "phrase", text),
                        _field(pa, "place", place),
                        _field(pa, "citations", pa.list_(types["citation"])),
                        _field(pa, "rank", text),
                        _field(pa, "reason", text),
                    ]
                )
            ),
        ),
    ]
    if nested:
        relation = pa.struct([pa.field("kind", text), pa.field("target", text)])
        fields += [
            _field(pa, "citations", pa.list_(types["citation"])),
            _field(pa, "relations", pa.list_(relation)),
            _field(pa, "sources", pa.list_(types["source"])),
        ]
    fields.append(_field(pa, "extra", text))
    if nullable:  # in a revisions table, a retraction has no event: relax the flags too
        fields = [field.with_nullable(True) for field in fields]
    return fields


def _metadata(table: str, timeline: Mapping[str, Any] | None) -> dict[str, str]:
    metadata = {"timeline.schema": str(SCHEMA_VERSION), "timeline.table": table}
    if timeline is not None:
        metadata["timeline.timeline"] = json.dumps(timeline, ensure_ascii=False, sort_keys=True)
    return metadata


def table_schemas(pa: Any, head: Mapping[str, Any]) -> dict[str, Any]:
    types = _types(pa)
    text = types["text"]
    citation_fields = [types["citation"].field(index) for index in range(types["citation"].num_fields)]
    source_fields = [types["source"].field(index) for index in range(types["source"].num_fields)]
    link = [_field(pa, "event_id", text, nullable=False), _field(pa, "position", pa.int32(), nullable=False)]
    return {
        "events": pa.schema(_event_fields(pa, nested=False), metadata=_metadata("events", head)),
        "citations": pa.schema([*link, *citation_fields], metadata=_metadata("citations", None)),
        "sources": pa.schema(source_fields, metadata=_metadata("sources", None)),
        "relations": pa.schema(
            [*link, _field(pa, "kind", text, nullable=False), _field(pa, "target", text, nullable=False)],
            metadata=_metadata("relations", None),
        ),
    }


def nested_schema(pa: Any, head: Mapping[str, Any]) -> Any:
    return pa.schema(_event_fields(pa, nested=True), metadata=_metadata("events", head))


def revisions_schema(pa: Any, head: Mapping[str, Any]) -> Any:
    types = _types(pa)
    text = types["text"]
    fields = [
        _field(pa, "seq", pa.int64(), nullable=False),
        _field(pa, "recorded_at", pa.timestamp("us", tz="UTC"), nullable=False),
        _field(pa, "op", pa.dictionary(pa.int8(), text), nullable=False),
        _field(pa, "event_id", text, nullable=False),
        _field(pa, "recorded_by", text, nullable=False),
        _field(pa, "why", text),
        _field(pa, "why_citation", types["citation"]),
        _field(pa, "why_sources", pa.list_(types["source"])),
        _field(pa, "prev", text, nullable=False),
        _field(pa, "hash", text, nullable=False),
        *_event_fields(pa, nested=True, nullable=True),
    ]
    return pa.schema(fields, metadata=_metadata("revisions", head))
