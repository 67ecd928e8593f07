"""Competing accounts and the log's updates in iCalendar: what the writer adds and the reader takes off.

A VEVENT's ``DTSTART`` follows the event's effective date. A disputed event (see
:attr:`~timeline.Event.disputed`) becomes an all-day, ``TRANSP:TRANSPARENT``
entry over the union of its counting accounts' days, with "(date disputed)" after
the title. ``DESCRIPTION`` lists the accounts before the sources, and an event
exported with ``revisions`` ends it with an "Updates" block.

Losslessly, each account is one ``X-TIMELINE-ACCOUNT`` property holding its JSON
(as in a timeline's JSON file, its citations naming sources by key, written in
``X-TIMELINE-SOURCE`` like the event's own); ``X-TIMELINE-UPDATES`` holds the
Updates block as written, so that the reader takes it off ``DESCRIPTION`` exactly;
``X-TIMELINE-LOCATION:accounts`` says that ``LOCATION`` comes from the accounts,
not from the event's own place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, Final

from timeline.errors import InvalidInputError
from timeline.model import Account, Citation, Duration, Event, Place, Rank, Update, When

__all__ = [
    "DISPUTED",
    "FROM_ACCOUNTS",
    "accounts_block",
    "disputed_days",
    "provisional",
    "updates_block",
]

DISPUTED: Final = " (date disputed)"
"""What ``SUMMARY`` adds to the title of a disputed event."""
FROM_ACCOUNTS: Final = "accounts"
"""The value of ``X-TIMELINE-LOCATION`` when ``LOCATION`` is the accounts' place."""
_DAY = dt.timedelta(days=1)


def disputed_days(event: Event) -> tuple[dt.date, dt.date] | None:
    """The first day and the day after the last of every counting account's date; ``None`` if not disputed.

    Days are as written (a time's day in its own zone), the end capped at 9999-12-31
    as ``DTEND`` is. Raises :class:`~timeline.errors.InvalidInputError` for a day
    outside the years 1–9999 (the caller leaves such events out).
    """
    if not event.disputed:
        return None
    bounds = [bound for account in event.date_accounts if account.when is not None for bound in account.when.bounds]
    first = min(bound.first_day for bound in bounds)
    last = max(bound.last_day for bound in bounds)
    return first, last + _DAY if last < dt.date.max else last


def _place(place: Place) -> str:
    return place.name + ("" if place.country is None else f", {place.country}")


def _publishers(citations: Iterable[Citation]) -> str:
    return ", ".join(dict.fromkeys(citation.source.publisher for citation in citations))


def accounts_block(event: Event) -> str:
    """The readable list of the event's accounts for ``DESCRIPTION``; empty without accounts.

    ::

        Accounts (date disputed):
        - 3 Mar 2026 — Agency A
        - 4 Mar 2026 — Agency B
        - 1 Mar 2026 — Outlet (deprecated: corrected by the outlet on 5 March)
    """
    if not event.accounts:
        return ""
    flags = [name for name, on in (("date disputed", event.disputed), ("place disputed", event.place_disputed)) if on]
    lines = ["Accounts" + (f" ({', '.join(flags)})" if flags else "") + ":"]
    for account in event.accounts:
        said = []
        if account.when is not None:
            said.append(account.when.label())
        if account.place is not None:
            said.append(_place(account.place))
        line = "- " + ", ".join(said)
        publishers = _publishers(account.citations)
        if publishers:
            line += f" — {publishers}"
        if account.rank is not Rank.NORMAL or account.reason is not None:
            line += f" ({account.rank.value}" + ("" if account.reason is None else f": {account.reason}") + ")"
        lines.append(line)
    return "\n".join(lines)


def updates_block(updates: Sequence[Update]) -> str:
    """The readable list of the log's updates of an event for ``DESCRIPTION``; empty without any.

    ::

        Updates:
        - 2026-03-05 09:30 UTC: date 3 Mar 2026 → 10 Mar 2026 — the organiser announced (Organiser)
    """
    if not updates:
        return ""
    lines = ["Updates:"]
    for update in updates:
        at = update.at.astimezone(dt.UTC)
        line = f"- {at:%Y-%m-%d %H:%M} UTC"
        parts = []
        if update.before is not None and update.after is not None:
            parts.append(f"date {update.before.label()} → {update.after.label()}")
        names = [name for name in update.fields if not (parts and name == "when")]
        if names:
            parts.append(", ".join(names))
        if parts:
            line += ": " + "; ".join(parts)
        why = [] if update.note is None else [" ".join(update.note.split())]
        if update.citation is not None:
            publisher = update.citation.source.publisher
            why.append(f"({publisher})" if why else publisher)
        if why:
            line += " — " + " ".join(why)
        lines.append(line)
    return "\n".join(lines)


def _when(value: Any) -> When | None:
    if value is None:
        return None
    if isinstance(value, dict):
        return When.parse(value["date"], phrase=value.get("phrase"))
    return When.parse(value)


def _place_of(value: Any) -> Place | None:
    if value is None or isinstance(value, str):
        return None if value is None else Place(value)
    return Place(**value)


def provisional(
    when: When, records: list[Any], citation: Any, place: Any = None, duration: Duration | None = None
) -> Event | None:
    """An event with ``when``, ``place``, ``duration`` and the accounts in ``records`` (their JSON), to see how it
    was written.

    ``citation`` makes a :class:`~timeline.Citation` of a citation's JSON. ``None``
    if an account cannot be read: the model reports it when the timeline is made.
    """
    try:
        accounts = [
            Account(
                when=_when(record.get("when")),
                place=_place_of(record.get("place")),
                citations=[citation(value) for value in record.get("citations", [])],
                rank=record.get("rank", "normal"),
                reason=record.get("reason"),
            )
            for record in records
        ]
        return Event("provisional", "provisional", when, place=_place_of(place), accounts=accounts, duration=duration)
    except (InvalidInputError, KeyError, TypeError, AttributeError, ValueError):
        return None
