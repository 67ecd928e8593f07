"""The model: dates that may be vague, provenance, events and timelines.

Everything here is immutable. The public names are re-exported by :mod:`timeline`.

The model keeps a bounded number of recent parsed dates by their text, so that a
date written many times is parsed once; :func:`clear_caches` empties that store, for
benchmarks that time unseen input. It changes no result, and is not re-exported.
"""

from timeline._validation import clear_caches as clear_caches
from timeline.model.duration import Duration
from timeline.model.event import Account, Event, Media, Place, Rank, Relation, RelationKind, Status
from timeline.model.history import Revisions, Update
from timeline.model.provenance import Citation, Confidence, Source
from timeline.model.timeline import Merge, Timeline
from timeline.model.when import Bound, OneOf, Precision, SortKey, Unbounded, When

__all__ = [
    "Account",
    "Bound",
    "Citation",
    "Confidence",
    "Duration",
    "Event",
    "Media",
    "Merge",
    "OneOf",
    "Place",
    "Precision",
    "Rank",
    "Relation",
    "RelationKind",
    "Revisions",
    "SortKey",
    "Source",
    "Status",
    "Timeline",
    "Unbounded",
    "Update",
    "When",
]
