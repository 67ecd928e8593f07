"""Synthetic timelines for the benchmarks, deterministic from a seed.

:func:`values` makes plain Python values (dicts, lists and text, no timeline
object) for ``size`` events; :func:`build` turns them into a :class:`Timeline`,
which is the work timed as "building Events from Python values". The same seed
and parameters give the same values, and so the same documents, byte for byte.

The mix (:class:`Mix`): days, months, years, approximate and uncertain days,
intervals, open and unknown ends, undated events and times in several zones
(and, with ``Mix(accounts=…)``, events dated by two sources that disagree);
1–3 citations of a pool of sources, some relayed ``via`` another; places,
actors, tags, descriptions with characters that Markdown and iCalendar must
escape, and relations to earlier events.

To add a field to every event (event accounts, say), pass ``Mix(extend=...)``:
a function given the event's random generator, its values and the sources' keys,
that adds to the values; :func:`build` passes every value of an event to
``Event`` as a keyword, so the model's own converters read the new field.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from timeline import Account, Citation, Event, Place, Relation, Source, Timeline

ZONES = ("Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC", "Australia/Sydney", "Europe/Kyiv")
PLACES = (
    ("Berlin", "Germany", 52.52, 13.405, "Europe/Berlin"),
    ("Kyiv", "Ukraine", 50.45, 30.523, "Europe/Kyiv"),
    ("Washington", "United States", 38.907, -77.037, "America/New_York"),
    ("Brussels", "Belgium", None, None, None),
)
WORDS = (
    "talks",
    "meeting",
    "summit",
    "officials",
    "draft",
    "agreement",
    "ceasefire",
    "troops",
    "support",
    "guarantees",
    "delegation",
    "minister",
    "envoy",
    "statement",
    "report",
)
ODD = ("*", "_", "[", "]", "#", "<", "&", "|", "`", ";", ",", "\\", ":", "é", "—", "😀", "שלום")
ACTORS = ("United States", "European Union", "Ukraine", "NATO")
TAGS = ("diplomacy", "security guarantees", "aid", "law", "ceasefire")
KINDS = ("meeting", "document", "announcement", "milestone", None)
STATUSES = ("happened", "happened", "happened", "planned", "scheduled", "proposed", "postponed", "cancelled")
CONFIDENCES = ("reported", "reported", "confirmed", "unconfirmed", "disputed")

Values = dict[str, Any]


@dataclass(frozen=True)
class Mix:
    """What the synthetic events hold; the defaults are the mix of the benchmark table."""

    sources: int = 50
    citations: tuple[int, int] = (1, 3)  # citations per event, both ends included
    undated: float = 0.05  # share of events with no date
    timed: float = 0.35  # share of events at a time in a zone (the rest are dates, vague or not)
    described: float = 0.7
    placed: float = 0.4
    related: float = 0.2  # share of events that follow an earlier one
    accounts: float = 0.0  # share of events dated only by two accounts that disagree (one deprecated half the time)
    extend: Callable[[random.Random, Values, list[str]], None] | None = field(default=None, compare=False)


def _text(rng: random.Random, words: int) -> str:
    parts = [rng.choice(WORDS) for _ in range(words)]
    if rng.random() < 0.3:
        parts.insert(rng.randrange(len(parts)), rng.choice(ODD))
    return " ".join(parts).capitalize()


def _when(rng: random.Random, mix: Mix) -> str:
    """A date in the text form: a day, month or year, vague or not, an interval, or a time in a zone."""
    year, month, day = rng.randint(1990, 2030), rng.randint(1, 12), rng.randint(1, 25)
    form = rng.random()
    if form < mix.undated:
        return ""
    if form < mix.undated + mix.timed:
        zone = rng.choice(ZONES)
        hour, minute = rng.randint(8, 18), rng.choice((0, 15, 30, 45))
        start = f"{year}-{month:02}-{day:02}T{hour:02}:{minute:02}Z[{zone}]"
        if rng.random() < 0.5:
            return start
        return f"{start}/{year}-{month:02}-{day:02}T{hour + rng.randint(1, 4):02}:{minute:02}Z[{zone}]"
    return rng.choice(
        (
            f"{year}-{month:02}-{day:02}",
            f"{year}-{month:02}-{day:02}",
            f"{year}-{month:02}",
            f"{year}",
            f"{year}-{month:02}-{day:02}~",
            f"{year}-{month:02}-{day:02}?",
            f"{year}-{month:02}-{day:02}/{year}-{month:02}-{day + rng.randint(1, 3):02}",
            f"{year}-{month:02}-{day:02}/..",
            f"{year}-{month:02}-{day:02}/",
            f"{year}-{month:02}~/{year}-{month:02}-{day:02}",
        )
    )


def values(size: int, *, seed: int = 20251216, mix: Mix = Mix()) -> Values:  # Mix is frozen
    """The plain values of a timeline of ``size`` events: ``{"title", "sources", "events"}``.

    ``sources`` maps a key to the keywords of a :class:`Source` (``via`` names
    another key); each event's ``citations`` name their source by key.
    """
    rng = random.Random(seed)
    sources: dict[str, Values] = {}
    for number in range(mix.sources):
        key = f"s{number}"
        source: Values = {
            "publisher": f"Outlet {number}",
            "title": _text(rng, 6),
            "url": f"https://example.org/news/{number}?a=1&b=2",
            "published": f"2025-{number % 12 + 1:02}",
        }
        if number and rng.random() < 0.2:
            source["via"] = f"s{rng.randrange(number)}"
        sources[key] = source
    keys = list(sources)
    events = []
    for number in range(size):
        event: Values = {
            "id": f"e{number:07}",
            "title": _text(rng, rng.randint(3, 8)),
            "when": _when(rng, mix),
            "status": rng.choice(STATUSES),
            "citations": [
                {
                    "source": rng.choice(keys),
                    "attribution": rng.choice((None, "unnamed sources", "a senior official")),
                    "quote": _text(rng, 10),
                    "locator": f"paragraph {rng.randint(1, 20)}",
                    "confidence": rng.choice(CONFIDENCES),
                }
                for _ in range(rng.randint(*mix.citations))
            ],
        }
        if rng.random() < mix.described:
            event["description"] = "\n".join(_text(rng, 12) for _ in range(rng.randint(1, 2)))
        if kind := rng.choice(KINDS):
            event["kind"] = kind
        if rng.random() < mix.placed:
            name, country, lat, lon, zone = rng.choice(PLACES)
            event["place"] = {"name": name, "country": country, "lat": lat, "lon": lon, "zone": zone}
        if actors := rng.sample(ACTORS, rng.randint(0, 2)):
            event["actors"] = actors
        if tags := rng.sample(TAGS, rng.randint(0, 2)):
            event["tags"] = tags
        if number and rng.random() < mix.related:
            event["relations"] = [{"kind": "follows", "target": f"e{rng.randrange(number):07}"}]
        if mix.accounts and rng.random() < mix.accounts:  # no draw at all in the default mix
            month, day = rng.randint(1, 12), rng.randint(1, 27)
            later: Values = {"when": f"2025-{month:02}-{day + 1:02}", "citations": [{"source": rng.choice(keys)}]}
            if rng.random() < 0.5:
                later |= {"rank": "deprecated", "reason": "corrected by the outlet the next day"}
            event.pop("when")
            event["accounts"] = [
                {"when": f"2025-{month:02}-{day:02}", "citations": [{"source": rng.choice(keys)}]},
                later,
            ]
        if mix.extend is not None:
            mix.extend(rng, event, keys)
        events.append(event)
    description = "Synthetic events, from a fixed seed."
    return {"title": "Benchmark", "description": description, "sources": sources, "events": events}


def sources_of(data: Values) -> dict[str, Source]:
    """The :class:`Source` objects of ``data``, by key (a relayed source after the one it came via)."""
    built: dict[str, Source] = {}
    for key, keywords in data["sources"].items():
        via = keywords.get("via")
        built[key] = Source(**{**keywords, "via": built[via] if via else None}, key=key)
    return built


def events_of(data: Values, sources: dict[str, Source]) -> list[Event]:
    """The :class:`Event` objects of ``data``, citing ``sources``."""
    events = []
    for keywords in data["events"]:
        citations = [Citation(**{**cited, "source": sources[cited["source"]]}) for cited in keywords["citations"]]
        place = keywords.get("place")
        relations = [Relation(**related) for related in keywords.get("relations", ())]
        accounts = [
            Account(
                **{
                    **account,
                    "citations": [Citation(sources[cited["source"]]) for cited in account["citations"]],
                }
            )
            for account in keywords.get("accounts", ())
        ]
        events.append(
            Event(
                **{
                    **keywords,
                    "citations": citations,
                    "place": None if place is None else Place(**place),
                    "relations": relations,
                    "accounts": accounts,
                }
            )
        )
    return events


def build(data: Values) -> Timeline:
    """The :class:`Timeline` of ``data``."""
    return Timeline(data["title"], events_of(data, sources_of(data)), description=data["description"])
