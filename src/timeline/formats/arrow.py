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

import datetime as dt
import enum
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Protocol, runtime_checkable

from timeline.errors import InvalidInputError, TimelineError
from timeline.formats._arrow_dates import event_when_columns
from timeline.formats._arrow_read import from_nested, from_tables
from timeline.formats._arrow_schema import (
    MEDIA,
    SCHEMA_VERSION,
    TABLES,
    import_pyarrow,
    nested_schema,
    revisions_schema,
    table_schemas,
)
from timeline.formats._atomic import atomic_file
from timeline.formats._convert import converter
from timeline.model import Account, Citation, Event, Place, Source, Timeline

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["SCHEMA_VERSION", "from_arrow", "from_parquet", "to_arrow", "to_arrow_tables", "to_parquet"]

ROW_GROUP: Final = 65_536
"""Events per Parquet row group; :func:`to_parquet` holds one group's columns at a time."""


class _Reason(Protocol):
    @property
    def note(self) -> str | None: ...
    @property
    def citation(self) -> Citation | None: ...


class _Revision(Protocol):
    @property
    def seq(self) -> int: ...
    @property
    def at(self) -> dt.datetime: ...
    @property
    def op(self) -> enum.Enum: ...
    @property
    def event_id(self) -> str: ...
    @property
    def event(self) -> Event | None: ...
    @property
    def by(self) -> str: ...
    @property
    def why(self) -> _Reason | None: ...
    @property
    def prev(self) -> str: ...
    @property
    def hash(self) -> str: ...


@runtime_checkable
class RevisionLog(Protocol):
    """What the revisions table reads of an event log: :class:`~timeline.EventLog` is one.

    A protocol, because the event log is built on the formats and they do not import it.
    """

    @property
    def title(self) -> str: ...
    @property
    def description(self) -> str | None: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[_Revision]: ...


def _head(timeline: Timeline | RevisionLog) -> dict[str, Any]:
    """The timeline's own fields, as the JSON document has them."""
    head: dict[str, Any] = {"title": timeline.title}
    if timeline.description is not None:
        head["description"] = timeline.description
    if isinstance(timeline, Timeline) and timeline.extra:
        head["extra"] = converter().unstructure(timeline.extra, Mapping[str, Any])
    return head


def _source_row(source: Source) -> dict[str, Any]:
    published, retrieved = source.published, source.retrieved
    return {
        "key": source.ref,
        "publisher": source.publisher,
        "title": source.title,
        "url": source.url,
        "archived_url": source.archived_url,
        "author": source.author,
        "published": str(published) if published is not None and published.is_dated else None,
        "published_phrase": None if published is None else published.phrase,
        "retrieved": None if retrieved is None else dt.date(retrieved.year, retrieved.month, retrieved.day),
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


def _event_row(event: Event, *, nested: bool) -> dict[str, Any]:
    place = event.place
    row: dict[str, Any] = {
        "id": event.id,
        "title": event.title,
        **event_when_columns(event),
        "status": event.status.value,
        "description": event.description,
        "kind": event.kind,
        "place": _place_row(place),
        "media": None if event.media is None else {name: getattr(event.media, name) for name in MEDIA},
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


def _revision_row(revision: _Revision) -> dict[str, Any]:
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


def _revision_batches(pa: Any, log: RevisionLog, schema: Any, size: int) -> Iterator[Any]:
    rows: list[dict[str, Any]] = []
    for revision in log:
        rows.append(_revision_row(revision))
        if len(rows) == size:
            yield _batch(pa, schema, rows)
            rows = []
    if rows or not len(log):
        yield _batch(pa, schema, rows)


def _batches(pa: Any, source: Timeline | RevisionLog, size: int) -> tuple[Any, Iterator[Any]]:
    head = _head(source)
    if isinstance(source, Timeline):
        schema = nested_schema(pa, head)
        return schema, _event_batches(pa, source, schema, size)
    if not isinstance(source, RevisionLog):
        raise InvalidInputError(f"expected a Timeline or an EventLog, got {type(source).__name__}")
    schema = revisions_schema(pa, head)
    return schema, _revision_batches(pa, source, schema, size)


def to_arrow(timeline: Timeline | RevisionLog) -> pa.Table:
    """The timeline as a ``pyarrow.Table``, one row per event in the timeline's order.

    Citations, relations and the sources they reach are lists of structs in each
    row. An :class:`~timeline.EventLog` gives one row per revision instead.
    """
    pa = import_pyarrow()
    schema, batches = _batches(pa, timeline, ROW_GROUP)
    return pa.Table.from_batches(list(batches), schema=schema)


def to_arrow_tables(timeline: Timeline) -> dict[str, pa.Table]:
    """The timeline as linked tables: ``events``, ``citations``, ``sources`` and ``relations``.

    ``citations`` and ``relations`` name their event by ``event_id`` and keep
    their order in ``position``; citations name their source, and a source the
    one it came ``via``, by the ``key`` of the ``sources`` table.
    """
    pa = import_pyarrow()
    if not isinstance(timeline, Timeline):
        raise InvalidInputError(f"expected a Timeline, got {type(timeline).__name__}")
    schemas = table_schemas(pa, _head(timeline))
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for event in timeline.events:
        rows["events"].append(_event_row(event, nested=False))
        for position, citation in enumerate(event.citations):
            rows["citations"].append({"event_id": event.id, "position": position, **_citation_row(citation)})
        for position, relation in enumerate(event.relations):
            rows["relations"].append(
                {"event_id": event.id, "position": position, "kind": relation.kind.value, "target": relation.target}
            )
    rows["sources"] = [_source_row(source) for source in timeline.sources]
    return {name: pa.Table.from_pylist(rows[name], schema=schemas[name]) for name in TABLES}


def to_parquet(timeline: Timeline | RevisionLog, path: str | os.PathLike[str], *, row_group: int = ROW_GROUP) -> None:
    """Write :func:`to_arrow`'s table to a Parquet file, ``row_group`` rows at a time.

    Only one row group's rows are held as Arrow columns at a time, so memory
    stays bounded beyond the timeline itself. The file is written beside
    ``path`` and renamed over it, so a crash leaves the old file or the new one.
    The schema version and the timeline's title, description and extra data are
    in the file's key-value metadata.
    """
    pa = import_pyarrow()
    import pyarrow.parquet as pq

    if row_group < 1:
        raise InvalidInputError(f"row_group must be at least 1, got {row_group}")
    schema, batches = _batches(pa, timeline, row_group)
    with atomic_file(Path(path)) as stream, pq.ParquetWriter(stream, schema, compression="zstd") as writer:
        for batch in batches:
            writer.write_batch(batch, row_group_size=row_group)


def parquet_bytes(timeline: Timeline) -> bytes:
    """The Parquet file of ``timeline`` as bytes (for writers that take bytes)."""
    pa = import_pyarrow()
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(to_arrow(timeline), sink, compression="zstd", row_group_size=ROW_GROUP)
    data: bytes = sink.getvalue().to_pybytes()
    return data


def from_arrow(tables: pa.Table | Mapping[str, pa.Table]) -> Timeline:
    """The timeline in :func:`to_arrow`'s table or :func:`to_arrow_tables`' tables.

    Reads the ``when`` text and the other fields the model holds; the derived
    date columns are ignored. Checks everything the JSON reader checks and
    raises :class:`~timeline.errors.InvalidInputError` listing every problem
    with its path (``events[3].when: …``).
    """
    pa = import_pyarrow()
    if isinstance(tables, pa.Table):
        return from_nested(pa, tables)
    if isinstance(tables, Mapping):
        return from_tables(pa, tables)
    raise InvalidInputError(f"expected a pyarrow Table or a mapping of tables, got {type(tables).__name__}")


def from_parquet(path: str | os.PathLike[str]) -> Timeline:
    """The timeline in a Parquet file written by :func:`to_parquet`.

    Raises :class:`~timeline.errors.InvalidInputError` naming the file for
    anything wrong inside it, and :class:`~timeline.errors.TimelineError` when it
    cannot be read.
    """
    pa = import_pyarrow()
    import pyarrow.parquet as pq

    file = Path(path)
    try:
        table = pq.read_table(file)
    except OSError as error:
        raise TimelineError(f"{file}: cannot read: {error.strerror or error}") from error
    except (pa.ArrowInvalid, pa.ArrowException) as error:
        raise InvalidInputError(f"not a Parquet file: {error}").in_file(str(file)) from error
    try:
        return from_nested(pa, table)
    except InvalidInputError as error:
        raise error.in_file(str(file)) from error


def parquet_timeline(data: bytes) -> Timeline:
    """The timeline in the bytes of a Parquet file."""
    pa = import_pyarrow()
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(pa.BufferReader(data))
    except (pa.ArrowInvalid, pa.ArrowException, OSError) as error:
        raise InvalidInputError(f"not a Parquet file: {error}") from error
    return from_nested(pa, table)
