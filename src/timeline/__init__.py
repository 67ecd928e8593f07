"""timeline: dated events with provenance.

Record what happened and when, honestly vague where the sources are, with the
source behind every claim; publish it as JSON (and, with later formats, as
iCalendar and Markdown).
"""

from timeline.errors import (
    InvalidInputError,
    Problem,
    TimelineError,
    TimelineWarning,
    UnsupportedFormatError,
)
from timeline.formats.files import load, save
from timeline.formats.json import from_json, json_schema, to_json
from timeline.model import (
    Bound,
    Citation,
    Confidence,
    Event,
    Merge,
    Place,
    Precision,
    Relation,
    RelationKind,
    Source,
    Status,
    Timeline,
    Unbounded,
    When,
)

__all__ = [
    "Bound",
    "Citation",
    "Confidence",
    "Event",
    "InvalidInputError",
    "Merge",
    "Place",
    "Precision",
    "Problem",
    "Relation",
    "RelationKind",
    "Source",
    "Status",
    "Timeline",
    "TimelineError",
    "TimelineWarning",
    "Unbounded",
    "UnsupportedFormatError",
    "When",
    "from_json",
    "json_schema",
    "load",
    "save",
    "to_json",
]
