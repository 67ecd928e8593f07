"""Arrow and Parquet: columnar tables of a timeline, for DuckDB, Polars and Spark.

Install ``pyarrow`` with ``pip install 'timeline-events[arrow]'``; ``import timeline``
never imports it, these functions do when first called.

:func:`to_arrow` gives one row per event, with its citations and relations as
lists of structs and, in ``sources``, the full record of every source its
citations reach (``via`` chains included), so a row stands on its own. This is
also what a Parquet file holds. :func:`to_arrow_tables` gives the same data
normalised into ``events``, ``citations``, ``sources`` and ``relations`` tables
linked by event ids and source keys. Both read back losslessly with
:func:`from_arrow`: the ``when`` text is the source of truth; the date columns
beside it (``earliest``, ``latest``, flags) are derived from it for queries and
ignored when reading. The columns are described in ``docs/reference/arrow.md``.

An :class:`~timeline.EventLog` given to :func:`to_arrow` or :func:`to_parquet`
gives one row per revision instead: the recorded time, who, why, the operation
and the event's columns as they were put.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from timeline._validation import quote
from timeline.errors import InvalidInputError, Problem, TimelineError
from timeline.formats._convert import FORMAT, VERSION, converter, timeline_of
from timeline.log import EventLog, Revision
from timeline.model import (
    Account,
    Bound,
    Citation,
    Event,
    OneOf,
    Place,
    Precision,
    Source,
    Timeline,
    Unbounded,
    When,
    _days,
)

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["SCHEMA_VERSION", "from_arrow", "from_parquet", "to_arrow", "to_arrow_tables", "to_parquet"]

SCHEMA_VERSION: Final = 1
"""The version of the table layout, in every table's metadata as ``timeline.schema``."""

ROW_GROUP: Final = 65_536
"""Events per Parquet row group; :func:`to_parquet` holds one group's columns at a time."""

_TABLES: Final = ("events", "citations", "sources", "relations")

# -- dates ------------------------------------------------------------------------------------


class _Dates(NamedTuple):
    """The derived date columns of one ``When``."""

    earliest: dt.date | int | None
    latest: dt.date | int | None
    latest_start: dt.date | int | None
    earliest_end: dt.date | int | None
    earliest_at: dt.datetime | None
    latest_at: dt.datetime | None
    one_of: list[dict[str, dt.date | int | None]] | None
    out_of_range: bool


_UNDATED: Final = _Dates(None, None, None, None, None, None, None, False)

_EPOCH: Final = dt.date(1970, 1, 1).toordinal()
_DATE32: Final = range(-(2**31), 2**31)


def _day(value: dt.date) -> dt.date:
    return dt.date(value.year, value.month, value.day)


def _day32(number: int) -> dt.date | int | None:
    """A day number as a date32 value: a date in years 1–9999, days since 1970 beyond, ``None`` past date32."""
    found = _days.as_date(number)
    if found is not None:
        return found
    return number - _EPOCH if number - _EPOCH in _DATE32 else None


def _date_columns(when: When) -> _Dates:
    """Every derived date column of ``when``, as the model's own overlap rule sees it.

    ``earliest``/``latest``: the first and last calendar day it may reach, widened
    for ``~`` (a time counts as its day in its own zone); ``None`` where that side
    is open or unknown. ``latest_start``/``earliest_end``: the latest day it may
    start and the earliest day it may end; an unknown end may come as early as the
    start (an unknown start as late as the end); an open side has none. For a set,
    every member is one day: it may start as late as the last member ends and end
    as early as the first begins, and ``one_of`` lists each member's first and last
    day. ``*_at``: the UTC instant of an end that is a time. A day date32 cannot
    hold (beyond about ±5.8 million years) is ``None`` and ``out_of_range`` true.
    """
    spans = when._spans
    if not spans:
        return _UNDATED
    days: list[int | None] = [
        min(span.low.day for span in spans) if isinstance(when._first, Bound) else None,
        max(span.high.day for span in spans) if isinstance(when._last, Bound) else None,
        None if when.start is Unbounded.OPEN else max(span.late_start.day for span in spans),
        None if when.end is Unbounded.OPEN else min(span.early_end.day for span in spans),
    ]
    values = [None if number is None else _day32(number) for number in days]
    out_of_range = any(value is None and number is not None for value, number in zip(values, days, strict=True))
    one_of = None
    if isinstance(when.start, OneOf):
        one_of = [{"earliest": _day32(span.low.day), "latest": _day32(span.high.day)} for span in spans]
        out_of_range = out_of_range or any(run[side] is None for run in one_of for side in run)
    earliest, latest, latest_start, earliest_end = values
    return _Dates(earliest, latest, latest_start, earliest_end, when.earliest_at, when.latest_at, one_of, out_of_range)


_COARSEST_FIRST: Final = tuple(Precision)


_WHEN_COLUMNS: Final = (
    "when",
    "phrase",
    "earliest",
    "latest",
    "latest_start",
    "earliest_end",
    "earliest_at",
    "latest_at",
    "precision",
    "approximate",
    "uncertain",
    "open_start",
    "open_end",
    "unknown_start",
    "unknown_end",
    "one_of",
    "out_of_range",
    "zone",
)


def _when_columns(when: When) -> dict[str, Any]:
    return dict(zip(_WHEN_COLUMNS, _when_values(when), strict=True))


@lru_cache(maxsize=65_536)
def _when_values(when: When) -> tuple[Any, ...]:
    """The values of :data:`_WHEN_COLUMNS`; many events share a date, so each is worked out once."""
    bounds = when.bounds
    dates = _date_columns(when)
    zones = [bound.zone for bound in bounds if bound.precision.is_time]
    return (
        str(when) if when.is_dated else None,
        when.phrase,
        dates.earliest,
        dates.latest,
        dates.latest_start,
        dates.earliest_end,
        dates.earliest_at,
        dates.latest_at,
        min((bound.precision for bound in bounds), key=_COARSEST_FIRST.index).value if bounds else None,
        any(bound.approximate for bound in bounds),
        any(bound.uncertain for bound in bounds),
        when.start is Unbounded.OPEN,
        when.end is Unbounded.OPEN,
        when.start is Unbounded.UNKNOWN,
        when.end is Unbounded.UNKNOWN,
        dates.one_of,
        dates.out_of_range,
        zones[0] if zones else None,
    )


# -- the schema -------------------------------------------------------------------------------

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


def _pyarrow() -> Any:
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


_MEDIA: Final = ("url", "caption", "credit", "licence", "alt")


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
        _field(pa, "media", pa.struct([pa.field(name, text) for name in _MEDIA])),
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


def _schemas(pa: Any, head: Mapping[str, Any]) -> dict[str, Any]:
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


def _nested_schema(pa: Any, head: Mapping[str, Any]) -> Any:
    return pa.schema(_event_fields(pa, nested=True), metadata=_metadata("events", head))


def _revisions_schema(pa: Any, head: Mapping[str, Any]) -> Any:
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


# -- writing ----------------------------------------------------------------------------------


def _head(timeline: Timeline | EventLog) -> dict[str, Any]:
    """The timeline's own fields, as the JSON document has them."""
    if isinstance(timeline, EventLog):
        return _drop_none({"title": timeline.title, "description": timeline.description})
    head: dict[str, Any] = {"title": timeline.title}
    if timeline.description is not None:
        head["description"] = timeline.description
    if timeline.extra:
        head["extra"] = converter().unstructure(timeline.extra, Mapping[str, Any])
    return head


def _source_row(source: Source) -> dict[str, Any]:
    published = source.published
    return {
        "key": source.ref,
        "publisher": source.publisher,
        "title": source.title,
        "url": source.url,
        "archived_url": source.archived_url,
        "author": source.author,
        "published": str(published) if published is not None and published.is_dated else None,
        "published_phrase": None if published is None else published.phrase,
        "retrieved": None if source.retrieved is None else _day(source.retrieved),
        "via": None if source.via is None else source.via.ref,
    }


def _citation_row(citation: Citation) -> dict[str, Any]:
    return {
        "source": citation.source.ref,
        "attribution": citation.attribution,
        "quote": citation.quote,
        "locator": citation.locator,
        "confidence": citation.confidence.value,
    }


def _reached(citations: Iterable[Citation]) -> list[Source]:
    found: dict[str, Source] = {}
    for citation in citations:
        for source in citation.source.chain():
            found.setdefault(source.ref, source)
    return list(found.values())


def _extra_text(extra: Mapping[str, Any]) -> str | None:
    if not extra:
        return None
    return json.dumps(converter().unstructure(extra, Mapping[str, Any]), ensure_ascii=False)


def _place_row(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {
        "name": place.name,
        "country": place.country,
        "lat": None if place.lat is None else float(place.lat),
        "lon": None if place.lon is None else float(place.lon),
        "zone": place.zone,
    }


def _account_row(account: Account) -> dict[str, Any]:
    when = account.when
    return {
        "when": None if when is None or not when.is_dated else str(when),
        "phrase": None if when is None else when.phrase,
        "place": _place_row(account.place),
        "citations": [_citation_row(citation) for citation in account.citations],
        "rank": account.rank.value,
        "reason": account.reason,
    }


def _event_when_columns(event: Event) -> dict[str, Any]:
    """The ``when`` text as written, and the date columns of the date the event is taken to have.

    The derived columns follow :attr:`Event.effective_when` (a duration gives it
    its end). A disputed date spans every counting account, each a member of
    ``one_of``; an at-most duration is certain only of its start. Both follow
    :meth:`Event.overlaps`.
    """
    columns = _when_columns(event.effective_when)
    columns["when"] = str(event.when) if event.when.is_dated else None
    columns["phrase"] = event.when.phrase
    at_most = event.duration is not None and event.duration.at_most
    if not event.disputed and not at_most:
        return columns
    readings = event._account_whens() if event.disputed else [event.effective_when]
    sure = [When(when.start) if at_most and when.is_interval else when for when in readings]
    spans = [span for when in readings for span in when._spans]
    sure_spans = [span for when in sure for span in when._spans]
    if not spans:  # undated: no date to last at most its duration
        return columns
    open_start = all(when.start is Unbounded.OPEN for when in sure)
    open_end = all(when.end is Unbounded.OPEN for when in sure)
    days = [
        min(span.low.day for span in spans) if all(isinstance(when._first, Bound) for when in readings) else None,
        max(span.high.day for span in spans) if all(isinstance(when._last, Bound) for when in readings) else None,
        None if open_start else max(span.late_start.day for span in sure_spans),
        None if open_end else min(span.early_end.day for span in sure_spans),
    ]
    for name, number in zip(("earliest", "latest", "latest_start", "earliest_end"), days, strict=True):
        columns[name] = None if number is None else _day32(number)
    columns["open_start"], columns["open_end"] = open_start, open_end
    if event.disputed:
        columns["one_of"] = [{"earliest": _day32(span.low.day), "latest": _day32(span.high.day)} for span in spans]
        columns["earliest_at"] = columns["latest_at"] = None
    return columns


def _event_row(event: Event, *, nested: bool) -> dict[str, Any]:
    place = event.place
    row: dict[str, Any] = {
        "id": event.id,
        "title": event.title,
        **_event_when_columns(event),
        "status": event.status.value,
        "description": event.description,
        "kind": event.kind,
        "place": _place_row(place),
        "media": None if event.media is None else {name: getattr(event.media, name) for name in _MEDIA},
        "actors": list(event.actors),
        "tags": list(event.tags),
        "duration": None if event.duration is None else str(event.duration),
        "disputed": event.disputed,
        "accounts": [_account_row(account) for account in event.accounts],
    }
    if nested:
        row["citations"] = [_citation_row(citation) for citation in event.citations]
        row["relations"] = [{"kind": relation.kind.value, "target": relation.target} for relation in event.relations]
        row["sources"] = [_source_row(source) for source in _reached(event.all_citations)]
    row["extra"] = _extra_text(event.extra)
    return row


def _batch(pa: Any, schema: Any, rows: list[dict[str, Any]]) -> Any:
    return pa.RecordBatch.from_pylist(rows, schema=schema)


def _event_batches(pa: Any, timeline: Timeline, schema: Any, size: int) -> Iterator[Any]:
    events = timeline.events
    for begin in range(0, max(len(events), 1), size):
        yield _batch(pa, schema, [_event_row(event, nested=True) for event in events[begin : begin + size]])


def _revision_row(revision: Revision) -> dict[str, Any]:
    why = revision.why
    citation = None if why is None else why.citation
    event = {} if revision.event is None else _event_row(revision.event, nested=True)
    return {
        "seq": revision.seq,
        "recorded_at": dt.datetime(*revision.at.timetuple()[:6], revision.at.microsecond, tzinfo=dt.UTC),
        "op": revision.op.value,
        "event_id": revision.event_id,
        "recorded_by": revision.by,
        "why": None if why is None else why.note,
        "why_citation": None if citation is None else _citation_row(citation),
        "why_sources": [] if citation is None else [_source_row(source) for source in _reached([citation])],
        "prev": revision.prev,
        "hash": revision.hash,
        **event,
    }


def _revision_batches(pa: Any, log: EventLog, schema: Any, size: int) -> Iterator[Any]:
    rows: list[dict[str, Any]] = []
    for revision in log:
        rows.append(_revision_row(revision))
        if len(rows) == size:
            yield _batch(pa, schema, rows)
            rows = []
    if rows or not len(log):
        yield _batch(pa, schema, rows)


def _batches(pa: Any, source: Timeline | EventLog, size: int) -> tuple[Any, Iterator[Any]]:
    head = _head(source)
    if isinstance(source, EventLog):
        schema = _revisions_schema(pa, head)
        return schema, _revision_batches(pa, source, schema, size)
    if not isinstance(source, Timeline):
        raise InvalidInputError(f"expected a Timeline or an EventLog, got {type(source).__name__}")
    schema = _nested_schema(pa, head)
    return schema, _event_batches(pa, source, schema, size)


def to_arrow(timeline: Timeline | EventLog) -> pa.Table:
    """The timeline as a ``pyarrow.Table``, one row per event in the timeline's order.

    Citations, relations and the sources they reach are lists of structs in each
    row. An :class:`~timeline.EventLog` gives one row per revision instead.
    """
    pa = _pyarrow()
    schema, batches = _batches(pa, timeline, ROW_GROUP)
    return pa.Table.from_batches(list(batches), schema=schema)


def to_arrow_tables(timeline: Timeline) -> dict[str, pa.Table]:
    """The timeline as linked tables: ``events``, ``citations``, ``sources`` and ``relations``.

    ``citations`` and ``relations`` name their event by ``event_id`` and keep
    their order in ``position``; citations name their source, and a source the
    one it came ``via``, by the ``key`` of the ``sources`` table.
    """
    pa = _pyarrow()
    if not isinstance(timeline, Timeline):
        raise InvalidInputError(f"expected a Timeline, got {type(timeline).__name__}")
    schemas = _schemas(pa, _head(timeline))
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in _TABLES}
    for event in timeline.events:
        rows["events"].append(_event_row(event, nested=False))
        for position, citation in enumerate(event.citations):
            rows["citations"].append({"event_id": event.id, "position": position, **_citation_row(citation)})
        for position, relation in enumerate(event.relations):
            rows["relations"].append(
                {"event_id": event.id, "position": position, "kind": relation.kind.value, "target": relation.target}
            )
    rows["sources"] = [_source_row(source) for source in timeline.sources]
    return {name: pa.Table.from_pylist(rows[name], schema=schemas[name]) for name in _TABLES}


def to_parquet(timeline: Timeline | EventLog, path: str | os.PathLike[str], *, row_group: int = ROW_GROUP) -> None:
    """Write :func:`to_arrow`'s table to a Parquet file, ``row_group`` rows at a time.

    Only one row group's rows are held as Arrow columns at a time, so memory
    stays bounded beyond the timeline itself. The file is written beside
    ``path`` and renamed over it, so a crash leaves the old file or the new one.
    The schema version and the timeline's title, description and extra data are
    in the file's key-value metadata.
    """
    pa = _pyarrow()
    import pyarrow.parquet as pq

    if row_group < 1:
        raise InvalidInputError(f"row_group must be at least 1, got {row_group}")
    schema, batches = _batches(pa, timeline, row_group)
    file = Path(path)
    folder = file.parent if str(file.parent) else Path()
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise TimelineError(f"{file}: cannot write: {error.strerror or error}") from error
    os.close(handle)
    try:
        with pq.ParquetWriter(temporary, schema, compression="zstd") as writer:
            for batch in batches:
                writer.write_batch(batch, row_group_size=row_group)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, file)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise TimelineError(f"{file}: cannot write: {error.strerror or error}") from error
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def parquet_bytes(timeline: Timeline) -> bytes:
    """The Parquet file of ``timeline`` as bytes (for writers that take bytes)."""
    pa = _pyarrow()
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(to_arrow(timeline), sink, compression="zstd", row_group_size=ROW_GROUP)
    data: bytes = sink.getvalue().to_pybytes()
    return data


# -- reading ----------------------------------------------------------------------------------


def _table_meta(table: Any) -> dict[str, str]:
    raw = table.schema.metadata or {}
    return {key.decode("utf-8"): value.decode("utf-8") for key, value in raw.items()}


def _check_meta(meta: Mapping[str, str], name: str, expected: str) -> None:
    version = meta.get("timeline.schema")
    if version is None:
        raise InvalidInputError.at(
            name, "has no timeline.schema in its metadata: it was not written by timeline (or lost its metadata)"
        )
    if version != str(SCHEMA_VERSION):
        raise InvalidInputError.at(name, f"has schema version {quote(version)}; this timeline reads {SCHEMA_VERSION}")
    table = meta.get("timeline.table")
    if table != expected:
        what = "an event log's revisions" if table == "revisions" else f"a {quote(table or '?')} table"
        raise InvalidInputError.at(name, f"holds {what}, not a timeline's {expected}")


_DERIVED: Final = (frozenset(_WHEN_COLUMNS) - {"when", "phrase"}) | {"disputed"}
"""The date columns derived from ``when``: written for queries, never read (their days may be beyond year 9999)."""

_LATER: Final = frozenset({"duration", "accounts"})
"""Columns added after the first tables were written: a table without them has none of either."""


def _rows(pa: Any, table: Any, schema: Any, name: str) -> Iterator[dict[str, Any]]:
    present = set(table.column_names)
    schema = [
        field for field in schema if field.name not in _DERIVED and (field.name in present or field.name not in _LATER)
    ]
    missing = [field.name for field in schema if field.name not in table.column_names]
    if missing:
        raise InvalidInputError.at(name, f"has no column {', '.join(quote(column) for column in missing)}")
    try:
        wanted = table.select([field.name for field in schema]).cast(pa.schema(list(schema)))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError) as error:
        raise InvalidInputError.at(name, f"has columns of the wrong type: {error}") from error
    for batch in wanted.to_batches():
        yield from batch.to_pylist()


def _drop_none(value: Mapping[str, Any]) -> dict[str, Any]:
    return {key: item for key, item in value.items() if item is not None}


def _when_value(text: str | None, phrase: str | None) -> Any:
    return text if phrase is None else {"date": text, "phrase": phrase}


def _event_document(row: Mapping[str, Any], path: str, problems: list[Problem]) -> dict[str, Any]:
    event: dict[str, Any] = {"id": row["id"], "title": row["title"]}
    if row["when"] is not None or row["phrase"] is not None:
        event["when"] = _when_value(row["when"], row["phrase"])
    for name in ("description", "kind", "status"):
        if row[name] is not None:
            event[name] = row[name]
    if row["place"] is not None:
        event["place"] = _drop_none(row["place"])
    if row.get("media") is not None:
        event["media"] = _drop_none(row["media"])
    for name in ("actors", "tags"):
        if row[name]:
            event[name] = row[name]
    if row.get("duration") is not None:
        event["duration"] = row["duration"]
    if row.get("accounts"):
        event["accounts"] = [_account_document(account) for account in row["accounts"]]
    if row.get("citations"):
        event["citations"] = [_drop_none(citation) for citation in row["citations"]]
    if row.get("relations"):
        event["relations"] = row["relations"]
    if row["extra"] is not None:
        extra = _json(row["extra"], f"{path}.extra", problems)
        if extra is not None:
            event["extra"] = extra
    return event


def _account_document(row: Mapping[str, Any]) -> dict[str, Any]:
    account: dict[str, Any] = {}
    if row["when"] is not None or row["phrase"] is not None:
        account["when"] = _when_value(row["when"], row["phrase"])
    if row["place"] is not None:
        account["place"] = _drop_none(row["place"])
    if row["citations"]:
        account["citations"] = [_drop_none(citation) for citation in row["citations"]]
    for name in ("rank", "reason"):
        if row[name] is not None:
            account[name] = row[name]
    return account


def _json(text: str, path: str, problems: list[Problem]) -> Any:
    from timeline.formats.json import decode

    try:
        return decode(text)
    except InvalidInputError as error:
        problems.extend(problem.within(path) for problem in error.problems)
        return None


def _source_document(row: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    source: dict[str, Any] = {"publisher": row["publisher"]}
    for name in ("title", "url", "archived_url", "author"):
        if row[name] is not None:
            source[name] = row[name]
    if row["published"] is not None or row["published_phrase"] is not None:
        source["published"] = _when_value(row["published"], row["published_phrase"])
    if row["retrieved"] is not None:
        source["retrieved"] = row["retrieved"].isoformat()
    if row["via"] is not None:
        source["via"] = row["via"]
    return row["key"], source


def _add_source(sources: dict[str, dict[str, Any]], row: Mapping[str, Any], path: str, problems: list[Problem]) -> None:
    key, source = _source_document(row)
    known = sources.setdefault(key, source)
    if known != source:
        problems.append(Problem(f"the source key {quote(key)} names two different sources", path))


def _document(head: Mapping[str, Any], events: list[dict[str, Any]], sources: dict[str, Any]) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, **head, "sources": sources, "events": events}


def _head_of(meta: Mapping[str, str], name: str) -> dict[str, Any]:
    text = meta.get("timeline.timeline")
    if text is None:
        raise InvalidInputError.at(name, "has no timeline.timeline in its metadata: the title is missing")
    problems: list[Problem] = []
    head = _json(text, f"{name}.metadata", problems)
    if problems:
        raise InvalidInputError(problems)
    if not isinstance(head, dict) or set(head) - {"title", "description", "extra"}:
        raise InvalidInputError.at(
            f"{name}.metadata", "timeline.timeline is not an object of title, description and extra"
        )
    return head


def _from_nested(pa: Any, table: Any) -> Timeline:
    meta = _table_meta(table)
    _check_meta(meta, "events", "events")
    head = _head_of(meta, "events")
    schema = _nested_schema(pa, {})
    problems: list[Problem] = []
    events: list[dict[str, Any]] = []
    sources: dict[str, dict[str, Any]] = {}
    for index, row in enumerate(_rows(pa, table, schema, "events")):
        path = f"events[{index}]"
        events.append(_event_document(row, path, problems))
        for number, source in enumerate(row["sources"] or ()):
            _add_source(sources, source, f"{path}.sources[{number}]", problems)
    if problems:
        raise InvalidInputError(problems)
    return timeline_of(_document(head, events, sources))


def _from_tables(pa: Any, tables: Mapping[str, Any]) -> Timeline:
    unknown = sorted(set(tables) - set(_TABLES))
    missing = [name for name in _TABLES if name not in tables]
    if unknown or missing:
        raise InvalidInputError(
            [Problem(f"unknown table {quote(name)}; expected {', '.join(_TABLES)}", name) for name in unknown]
            + [Problem("is missing", name) for name in missing]
        )
    for name in _TABLES:
        _check_meta(_table_meta(tables[name]), name, name)
    head = _head_of(_table_meta(tables["events"]), "events")
    schemas = _schemas(pa, {})
    problems: list[Problem] = []
    events: list[dict[str, Any]] = []
    by_id: dict[str, dict[str, Any]] = {}
    for index, row in enumerate(_rows(pa, tables["events"], schemas["events"], "events")):
        event = _event_document(row, f"events[{index}]", problems)
        events.append(event)
        by_id.setdefault(row["id"], event)
    for name in ("citations", "relations"):
        linked: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        for index, row in enumerate(_rows(pa, tables[name], schemas[name], name)):
            if row["event_id"] not in by_id:
                problems.append(
                    Problem(
                        f"names the event {quote(row['event_id'])}, which is not in events", f"{name}[{index}].event_id"
                    )
                )
                continue
            item = _drop_none({key: value for key, value in row.items() if key not in ("event_id", "position")})
            linked.setdefault(row["event_id"], []).append((row["position"], item))
        for event_id, items in linked.items():
            by_id[event_id][name] = [item for _, item in sorted(items, key=lambda pair: pair[0])]
    sources: dict[str, dict[str, Any]] = {}
    for index, row in enumerate(_rows(pa, tables["sources"], schemas["sources"], "sources")):
        _add_source(sources, row, f"sources[{index}]", problems)
    if problems:
        raise InvalidInputError(problems)
    return timeline_of(_document(head, events, sources))


def from_arrow(tables: pa.Table | Mapping[str, pa.Table]) -> Timeline:
    """The timeline in :func:`to_arrow`'s table or :func:`to_arrow_tables`' tables.

    Reads the ``when`` text and the other fields the model holds; the derived
    date columns are ignored. Checks everything the JSON reader checks and
    raises :class:`~timeline.errors.InvalidInputError` listing every problem
    with its path (``events[3].when: …``).
    """
    pa = _pyarrow()
    if isinstance(tables, pa.Table):
        return _from_nested(pa, tables)
    if isinstance(tables, Mapping):
        return _from_tables(pa, tables)
    raise InvalidInputError(f"expected a pyarrow Table or a mapping of tables, got {type(tables).__name__}")


def from_parquet(path: str | os.PathLike[str]) -> Timeline:
    """The timeline in a Parquet file written by :func:`to_parquet`.

    Raises :class:`~timeline.errors.InvalidInputError` naming the file for
    anything wrong inside it, and :class:`~timeline.errors.TimelineError` when it
    cannot be read.
    """
    pa = _pyarrow()
    import pyarrow.parquet as pq

    file = Path(path)
    try:
        table = pq.read_table(file)
    except OSError as error:
        raise TimelineError(f"{file}: cannot read: {error.strerror or error}") from error
    except (pa.ArrowInvalid, pa.ArrowException) as error:
        raise InvalidInputError(f"not a Parquet file: {error}").in_file(str(file)) from error
    try:
        return _from_nested(pa, table)
    except InvalidInputError as error:
        raise error.in_file(str(file)) from error


def parquet_timeline(data: bytes) -> Timeline:
    """The timeline in the bytes of a Parquet file."""
    pa = _pyarrow()
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(pa.BufferReader(data))
    except (pa.ArrowInvalid, pa.ArrowException, OSError) as error:
        raise InvalidInputError(f"not a Parquet file: {error}") from error
    return _from_nested(pa, table)
