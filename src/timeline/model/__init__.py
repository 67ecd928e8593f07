"""The model: dates that may be vague, provenance, events and timelines.

Everything here is immutable. The public names are re-exported by :mod:`timeline`.

The model keeps a bounded number of recent parsed dates by their text, so that a
date written many times is parsed once; :func:`clear_caches` empties that store, for
benchmarks that time unseen input. It changes no result, and is not re-exported.

:class:`Revisions` and :class:`Update` (an event's past) load their module on first
use: only the event log and the readers of histories need them.
"""

import typing as _typing

from timeline._validation import clear_caches as clear_caches
from timeline.model.duration import Duration
from timeline.model.event import Account, Event, Media, Place, Rank, Relation, RelationKind, Status
from timeline.model.provenance import Citation, Confidence, Source
from timeline.model.timeline import Merge, Timeline
from timeline.model.when import Bound, OneOf, Precision, SortKey, Unbounded, When

if _typing.TYPE_CHECKING:
    from timeline.model.history import Revisions, Update


def __getattr__(name: str) -> _typing.Any:
    if name in ("Revisions", "Update"):
        from timeline.model import history

        value = getattr(history, name)
        globals()[name] = value  # found once; later uses are plain attribute reads
        return value
    raise AttributeError(f"module 'timeline.model' has no attribute {name!r}")


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
