"""Reading the Arrow tables back: each row to its part of a JSON document, then read as JSON is."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from timeline._validation import quote
from timeline.errors import InvalidInputError, Problem
from timeline.formats._arrow_dates import WHEN_COLUMNS
from timeline.formats._arrow_schema import SCHEMA_VERSION, TABLES, nested_schema, table_schemas
from timeline.formats._convert import FORMAT, VERSION, timeline_of
from timeline.model import Timeline


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


_DERIVED: Final = (frozenset(WHEN_COLUMNS) - {"when", "phrase"}) | {"disputed"}
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


def from_nested(pa: Any, table: Any) -> Timeline:
    meta = _table_meta(table)
    _check_meta(meta, "events", "events")
    head = _head_of(meta, "events")
    schema = nested_schema(pa, {})
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


def from_tables(pa: Any, tables: Mapping[str, Any]) -> Timeline:
    unknown = sorted(set(tables) - set(TABLES))
    missing = [name for name in TABLES if name not in tables]
    if unknown or missing:
        raise InvalidInputError(
            [Problem(f"unknown table {quote(name)}; expected {', '.join(TABLES)}", name) for name in unknown]
            + [Problem("is missing", name) for name in missing]
        )
    for name in TABLES:
        _check_meta(_table_meta(tables[name]), name, name)
    head = _head_of(_table_meta(tables["events"]), "events")
    schemas = table_schemas(pa, {})
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
