"""timeline: dated events with provenance.

Record what happened and when, as vague as the sources are, with the source behind
every claim; keep revisions in an event log; publish timelines as JSON, YAML,
iCalendar and Markdown, as a web page and TimelineJS data, or as Arrow and
Parquet tables.

This module only re-exports the public API. The model and the errors are imported
with the package; an event's history (``Revisions``, ``Update``), the formats, the event
log and their dependencies (``cattrs``,
``icalendar``, ``yaml``, ``pyarrow``…) on first use of one of their names, so that
``import timeline`` costs little more than importing ``pendulum`` and ``attrs``.
"""

import typing as _typing

from timeline._version import __version__
from timeline.errors import (
    CorruptLogError,
    InputQuirksWarning,
    InvalidInputError,
    LogRepairWarning,
    OmittedEventsWarning,
    Problem,
    TimelineError,
    TimelineWarning,
    UnreadableEventsWarning,
    UnsupportedFormatError,
)
from timeline.model import (
    Account,
    Bound,
    Citation,
    Confidence,
    Duration,
    Event,
    Media,
    Merge,
    OneOf,
    Place,
    Precision,
    Rank,
    Relation,
    RelationKind,
    SortKey,
    Source,
    Status,
    Timeline,
    Unbounded,
    When,
)

if _typing.TYPE_CHECKING:
    from timeline.formats.arrow import from_arrow, from_parquet, to_arrow, to_arrow_tables, to_parquet
    from timeline.formats.csv import from_csv, to_csv
    from timeline.formats.files import load, save
    from timeline.formats.html import to_html
    from timeline.formats.ical import from_ical, to_ical
    from timeline.formats.json import from_json, json_schema, to_json
    from timeline.formats.markdown import to_markdown
    from timeline.formats.timelinejs import from_timelinejs, to_timelinejs
    from timeline.formats.yaml import from_yaml, to_yaml
    from timeline.log import Change, Diff, EventLog, Operation, Reason, Revision
    from timeline.model.history import Revisions, Update

_LAZY = {
    "from_csv": "timeline.formats.csv",
    "to_csv": "timeline.formats.csv",
    "from_arrow": "timeline.formats.arrow",
    "from_parquet": "timeline.formats.arrow",
    "to_arrow": "timeline.formats.arrow",
    "to_arrow_tables": "timeline.formats.arrow",
    "to_parquet": "timeline.formats.arrow",
    "from_ical": "timeline.formats.ical",
    "to_ical": "timeline.formats.ical",
    "to_html": "timeline.formats.html",
    "from_timelinejs": "timeline.formats.timelinejs",
    "to_timelinejs": "timeline.formats.timelinejs",
    "from_yaml": "timeline.formats.yaml",
    "to_yaml": "timeline.formats.yaml",
    "load": "timeline.formats.files",
    "save": "timeline.formats.files",
    "from_json": "timeline.formats.json",
    "json_schema": "timeline.formats.json",
    "to_json": "timeline.formats.json",
    "to_markdown": "timeline.formats.markdown",
    "Change": "timeline.log",
    "Diff": "timeline.log",
    "EventLog": "timeline.log",
    "Operation": "timeline.log",
    "Reason": "timeline.log",
    "Revision": "timeline.log",
    "Revisions": "timeline.model.history",
    "Update": "timeline.model.history",
}


def __getattr__(name: str) -> _typing.Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # found once; later uses are plain attribute reads
        return value
    raise AttributeError(f"module 'timeline' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "Account",
    "Bound",
    "Change",
    "Citation",
    "Confidence",
    "CorruptLogError",
    "Diff",
    "Duration",
    "Event",
    "EventLog",
    "InputQuirksWarning",
    "InvalidInputError",
    "LogRepairWarning",
    "Media",
    "Merge",
    "OmittedEventsWarning",
    "OneOf",
    "Operation",
    "Place",
    "Precision",
    "Problem",
    "Rank",
    "Reason",
    "Relation",
    "RelationKind",
    "Revision",
    "Revisions",
    "SortKey",
    "Source",
    "Status",
    "Timeline",
    "TimelineError",
    "TimelineWarning",
    "Unbounded",
    "UnreadableEventsWarning",
    "UnsupportedFormatError",
    "Update",
    "When",
    "__version__",
    "from_arrow",
    "from_csv",
    "from_ical",
    "from_json",
    "from_parquet",
    "from_timelinejs",
    "from_yaml",
    "json_schema",
    "load",
    "save",
    "to_arrow",
    "to_arrow_tables",
    "to_csv",
    "to_html",
    "to_ical",
    "to_json",
    "to_markdown",
    "to_parquet",
    "to_timelinejs",
    "to_yaml",
]
