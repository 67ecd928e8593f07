"""The event log: an append-only, bitemporal, crash-safe history of a timeline.

:class:`EventLog` keeps revisions in a JSON Lines file; each :class:`Revision`
puts or retracts one event and says who, when (:class:`Operation`, recorded time)
and why (:class:`Reason`). :class:`Diff` and :class:`Change` answer what changed
between two recorded times. The model, the file format and the guarantees are
explained in ``docs/explanation/log.md``.
"""

from timeline.log._file import side_file
from timeline.log._log import EventLog
from timeline.log._revision import Change, Diff, Operation, Reason, Revision

__all__ = ["Change", "Diff", "EventLog", "Operation", "Reason", "Revision", "side_file"]
