"""What the writer and the reader of iCalendar share: the format's version, its fixed values and its limits.

Plain values only, so that ``timeline.formats.ical`` can offer its constants
without loading ``icalendar``.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from timeline.formats.json import MAX_DOCUMENT_BYTES
from timeline.model import Status

MAX_ICAL_BYTES: Final = MAX_DOCUMENT_BYTES
"""The largest calendar :func:`from_ical` reads, in bytes (4 GiB, as for JSON)."""
DEFAULT_STAMP: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
"""``DTSTAMP`` when neither ``stamp``, the event log nor any source gives a date: fixed, never the clock."""

PRODID: Final = "-//timeline-events//timeline//EN"
FORMAT_VERSION: Final = "1"
"""The value of ``X-TIMELINE-VERSION``: a calendar of a newer version is refused."""

STATUS: Final = {
    Status.PROPOSED: "TENTATIVE",
    Status.PLANNED: "TENTATIVE",
    Status.SCHEDULED: "CONFIRMED",
    Status.HAPPENED: "CONFIRMED",
    Status.POSTPONED: "TENTATIVE",
    Status.CANCELLED: "CANCELLED",
}
"""The ``STATUS`` of each status of an event (RFC 5545 §3.8.1.11)."""
RELTYPE: Final = {
    "part_of": "PARENT",
    "follows": "X-TIMELINE-FOLLOWS",
    "causes": "X-TIMELINE-CAUSES",
    "derived_from": "X-TIMELINE-DERIVED-FROM",
    "supersedes": "X-TIMELINE-SUPERSEDES",
    "related": "X-TIMELINE-RELATED",
}
"""The ``RELTYPE`` of ``RELATED-TO`` for each kind of relation: RFC 5545's ``PARENT``, else timeline's own."""
KIND_OF_RELTYPE: Final = {reltype: kind for kind, reltype in RELTYPE.items()}
LINKREL: Final = "describedby"
"""The ``LINKREL`` of each ``LINK`` to a cited source (RFC 9253)."""

PROPERTY_OF: Final = {
    "id": "UID",
    "title": "SUMMARY",
    "when": "X-TIMELINE-WHEN",
    "description": "DESCRIPTION",
    "kind": "X-TIMELINE-KIND",
    "status": "X-TIMELINE-STATUS",
    "place": "LOCATION",
    "actors": "X-TIMELINE-ACTOR",
    "tags": "CATEGORIES",
    "citations": "X-TIMELINE-CITATION",
    "relations": "RELATED-TO",
    "accounts": "X-TIMELINE-ACCOUNT",
    "extra": "X-TIMELINE-EXTRA",
}
"""The property of timeline's own VEVENTs that holds each field of an event, where a problem of the field is shown."""
