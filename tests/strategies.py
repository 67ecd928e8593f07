"""Hypothesis strategies for the model, shared by every round-trip and export test.

Each public function returns a strategy of valid values, covering every field of
every model class: ``hostile_text()`` and ``multiline_text()`` for user text,
``whens()`` for every form of date, ``sources()``, ``citations()``, ``places()``,
``accounts()``, ``events()`` and ``timelines()``.

User text is hostile on purpose: non-ASCII, emoji, right-to-left text, and the
syntax of every format timeline writes (Markdown, HTML, iCalendar), all of which
must come out as plain text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st

from timeline import (
    Account,
    Bound,
    Citation,
    Confidence,
    Duration,
    Event,
    Media,
    OneOf,
    Place,
    Precision,
    Rank,
    Relation,
    RelationKind,
    Source,
    Status,
    Timeline,
    Unbounded,
    When,
)
from timeline.errors import InvalidInputError

__all__ = [
    "ZONES",
    "accounts",
    "bounds",
    "citations",
    "date_bounds",
    "durations",
    "events",
    "extra_data",
    "hostile_text",
    "media",
    "multiline_text",
    "places",
    "sets",
    "slugs",
    "sources",
    "time_bounds",
    "timelines",
    "timelines_without_accounts",
    "urls",
    "whens",
]

T = TypeVar("T")

ZONES = (
    "UTC",
    "Europe/Berlin",
    "Europe/Kyiv",
    "America/New_York",
    "America/St_Johns",  # -03:30, with daylight saving time
    "Asia/Kolkata",  # +05:30
    "Asia/Kathmandu",  # +05:45
    "Australia/Lord_Howe",  # clocks move by 30 minutes
    "Pacific/Chatham",  # +12:45 / +13:45
    "Pacific/Kiritimati",  # +14:00
    "Etc/GMT+12",  # -12:00
)
"""IANA zones with whole, half and quarter hour offsets and unusual clock changes."""

# The moment (UTC) clocks went back in a zone: the wall-clock time just before it repeats.
_FALL_BACK = (
    ("Europe/Berlin", dt.datetime(2025, 10, 26, 1, 0, tzinfo=dt.UTC)),
    ("America/New_York", dt.datetime(2025, 11, 2, 6, 0, tzinfo=dt.UTC)),
    ("Australia/Lord_Howe", dt.datetime(2025, 4, 5, 15, 0, tzinfo=dt.UTC)),
    ("America/St_Johns", dt.datetime(2024, 11, 3, 3, 30, tzinfo=dt.UTC)),
)

# Pieces of text that mean something in one of the formats timeline writes, or that
# stress text handling: each must survive as the same plain text.
_HOSTILE = (
    "*bold* _em_ **strong** __under__ ~~strike~~",
    "[a link](https://example.org) [x][1] [^1]",
    "[click](javascript:alert(1))",
    "javascript:alert(document.cookie)",
    "data:text/html,<b>x</b>",
    "<script>alert('x')</script>",
    '<a href="https://evil.example">x</a>',
    "<!-- comment --> ]]> <![CDATA[",
    "&amp; &lt; &gt; &quot; &#39; &#x27; &nbsp;",
    "# heading",
    "## also a heading",
    "> quote",
    "- item",
    "+ item",
    "1. item",
    "| a | b |",
    "|---|---|",
    "`code` ``more``",
    "```fence",
    "~~~",
    "---",
    "===",
    "***",
    "!",
    "![img](x.png)",
    "\\*not em\\*",
    "\\",
    "BEGIN:VEVENT",
    "END:VCALENDAR",
    "SUMMARY:injected",
    "DTSTART:20250101T000000Z",
    "; , \\ : \\n \\; \\,",
    "a;b,c:d",
    '"quoted" “curly” ‘single’ «guillemets»',
    "{{ template }} {% tag %} ${var} %s %(x)s",
    "@mention #tag",
    "mermaid : section : title",
    "Київ",
    "Zürich — naïve café",
    "日本語のテキスト",
    "北京",
    "שלום עולם",  # Hebrew, right to left
    "مرحبا بالعالم",  # Arabic, right to left
    "\u202eevil\u202c",  # right-to-left override
    "\u200b\u200c\u200d",  # zero-width characters
    "e\u0301",  # combining accent
    "\ufeffbom",
    "\u00a0nbsp\u00a0",
    "👩‍👩‍👧‍👦 family",
    "🇺🇦 🇪🇺 🇺🇸",
    "😀" * 30,
    "é" * 40,
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    " padded ",
    "\ttabbed",
)

_TEXT_CHARACTERS = st.characters(
    codec="utf-8",
    exclude_categories=("Cc", "Cs"),
    exclude_characters="\u2028\u2029",
)


def _visible(text: str) -> str:
    """``text``, with a letter added if it is blank (blank text is refused)."""
    return text if text.strip() else text + "x"


@cache
def hostile_text(max_parts: int = 4) -> st.SearchStrategy[str]:
    """One line of text the model accepts, often full of other formats' syntax.

    The tab is excluded here: it is allowed in multi-line text only.
    """
    part = st.one_of(
        st.sampled_from([piece for piece in _HOSTILE if "\t" not in piece]),
        st.text(_TEXT_CHARACTERS, min_size=1, max_size=12),
    )
    return st.builds(lambda parts: _visible(" ".join(parts)), st.lists(part, min_size=1, max_size=max_parts))


@cache
def multiline_text() -> st.SearchStrategy[str]:
    """Text of several lines (and tabs, and blank lines) that the model accepts."""
    line = st.one_of(hostile_text(), st.just(""), st.sampled_from(_HOSTILE))
    return st.builds(lambda lines: _visible("\n".join(lines)), st.lists(line, min_size=1, max_size=5))


def _optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.one_of(st.none(), strategy)


_SLUG_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789"


@cache
def slugs() -> st.SearchStrategy[str]:
    """Event ids and source keys: lowercase letters, digits, ``-``, ``_`` and ``.``."""
    return st.builds(
        lambda first, rest: first + rest.rstrip("-_."),
        st.sampled_from(_SLUG_CHARACTERS),
        st.text(_SLUG_CHARACTERS + "-_.", max_size=12),
    )


@cache
def urls() -> st.SearchStrategy[str]:
    """Absolute http(s) URLs, some with characters other formats treat specially."""
    return st.builds(
        lambda scheme, host, path: f"{scheme}://{host}{path}",
        st.sampled_from(["https", "http", "HTTPS"]),
        st.sampled_from(["example.org", "www.example.com:8443", "例え.jp", "[2001:db8::1]", "user@example.net"]),
        st.one_of(
            st.sampled_from(["", "/", "/a_(b)*c", "/x?q=1&r=<2>#frag", "/%20%E2%9C%93", "/a;b,c:d", "/](x)"]),
            st.text(st.sampled_from("abcXYZ019-._~/?#@!$&'()*+,;=%<>\"`{}|^é日"), max_size=20).map("/".__add__),
        ),
    )


def _day(year: int, month: int, day: int) -> int:
    """``day``, clamped to the last day of the month."""
    for last in (31, 30, 29, 28):
        try:
            dt.date(year, month, last)
        except ValueError:
            continue
        return min(day, last)
    raise AssertionError("unreachable")  # pragma: no cover


def _date_bound(precision: Precision, year: int, month: int, day: int, qualifier: str) -> Bound:
    approximate, uncertain = qualifier in ("~", "%"), qualifier in ("?", "%")
    if precision is Precision.YEAR:
        return Bound(precision, year, approximate=approximate, uncertain=uncertain)
    if precision is Precision.QUARTER:
        quarter_month = (month - 1) // 3 * 3 + 1
        return Bound(precision, year, quarter_month, approximate=approximate, uncertain=uncertain)
    if precision is Precision.SEASON:
        return Bound(precision, year, (month - 1) % 4 * 3 + 3, approximate=approximate, uncertain=uncertain)
    if precision is Precision.MONTH:
        return Bound(precision, year, month, approximate=approximate, uncertain=uncertain)
    return Bound(precision, year, month, _day(year, month, day), approximate=approximate, uncertain=uncertain)


@cache
def date_bounds() -> st.SearchStrategy[Bound]:
    """Year, season, quarter, month and day bounds, with and without ``~``, ``?`` and ``%``, and with X digits."""
    qualified = st.builds(
        _date_bound,
        st.sampled_from([Precision.YEAR, Precision.SEASON, Precision.QUARTER, Precision.MONTH, Precision.DAY]),
        st.one_of(st.integers(1900, 2100), st.integers(1, 9998)),
        st.integers(1, 12),
        st.integers(1, 31),
        st.sampled_from(["", "", "~", "?", "%"]),
    )
    return st.one_of(qualified, qualified, qualified, _unspecified_bounds())


def _unspecified_bound(kind: int, year: int, month: int) -> Bound:
    if kind in (1, 2):
        return Bound(Precision.YEAR, year - year % 10**kind, unspecified=kind)
    if kind == 3:
        return Bound(Precision.MONTH, year, unspecified=2)
    if kind == 4:
        return Bound(Precision.DAY, year, month, unspecified=2)
    return Bound(Precision.DAY, year, unspecified=4)


def _unspecified_bounds() -> st.SearchStrategy[Bound]:
    """201X, 20XX, 2004-XX, 2004-06-XX, 2004-XX-XX."""
    return st.builds(_unspecified_bound, st.integers(1, 5), st.integers(1000, 9899), st.integers(1, 12))


def _set(members: list[tuple[Bound, int]]) -> OneOf:
    """One of a set: each member a date, or a run from it to a later day of the same precision."""
    runs: list[Bound | tuple[Bound, Bound]] = []
    for first, extra in members:
        if extra and first.precision is Precision.DAY:
            last = dt.date(first.year, first.month, first.day) + dt.timedelta(days=extra)
            runs.append((first, Bound.of_date(last.year, last.month, last.day)))
        else:
            runs.append(first)
    return OneOf(runs)


@cache
def sets() -> st.SearchStrategy[OneOf]:
    """``[2026-02-16..2026-02-20]``, ``[2026-02-16, 2026-02-18]``: plain days, months and years."""
    plain = st.builds(
        _date_bound,
        st.sampled_from([Precision.YEAR, Precision.MONTH, Precision.DAY, Precision.DAY]),
        st.integers(1990, 2030),
        st.integers(1, 12),
        st.integers(1, 31),
        st.just(""),
    )
    return st.lists(st.tuples(plain, st.integers(0, 5)), min_size=1, max_size=3).map(_set)


def _time_bound(moment: dt.datetime, zone: str, seconds: bool) -> Bound:
    bound = Bound.of_datetime(moment, zone)
    if seconds and bound.precision is Precision.MINUTE:
        return attrs.evolve(bound, precision=Precision.SECOND)
    return bound


@cache
def time_bounds() -> st.SearchStrategy[Bound]:
    """Minute and second bounds in several zones, including times that happen twice."""
    any_time = st.builds(
        _time_bound,
        st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 12, 31)).map(
            lambda moment: moment.replace(microsecond=0, tzinfo=dt.UTC)
        ),
        st.sampled_from(ZONES),
        st.booleans(),
    )
    twice = st.builds(
        lambda change, minutes, seconds: _time_bound(
            change[1] + dt.timedelta(minutes=minutes), change[0], seconds=seconds
        ),
        st.sampled_from(_FALL_BACK),
        st.integers(-90, 90),
        st.booleans(),
    )
    return st.one_of(any_time, twice)


@cache
def bounds() -> st.SearchStrategy[Bound]:
    """Every kind of :class:`Bound`."""
    return st.one_of(date_bounds(), time_bounds())


def _interval(first: Bound, second: Bound, phrase: str | None) -> When:
    try:
        return When(first, second, phrase=phrase)
    except ValueError:
        return When(second, first, phrase=phrase)


@cache
def whens(*, undated: bool = True) -> st.SearchStrategy[When]:
    """Every form of :class:`When`: points, intervals with dated, unknown and open ends, undated (unless not).

    Each with or without the phrase the source used.
    """
    phrase = _optional(hostile_text(2))
    unbounded = st.sampled_from(Unbounded)
    forms = [
        st.builds(When, bounds(), phrase=phrase),
        st.builds(_interval, bounds(), bounds(), phrase),
        st.builds(lambda end, start, p: When(start, end, phrase=p), bounds(), unbounded, phrase),
        st.builds(lambda start, end, p: When(start, end, phrase=p), bounds(), unbounded, phrase),
        st.builds(lambda members, p: When(members, phrase=p), sets(), phrase),
    ]
    if undated:
        forms.insert(4, st.builds(When.undated, phrase))
    return st.one_of(*forms)


def _source(**fields: Any) -> Source:
    publisher = fields.pop("publisher")
    return Source(publisher, **fields)


def sources(
    *,
    via: st.SearchStrategy[Source | None] | None = None,
    keys: st.SearchStrategy[str | None] | None = None,
    max_via: int = 2,
) -> st.SearchStrategy[Source]:
    """Sources with every optional field sometimes set, ``via`` chains and keys given or derived.

    ``via`` draws the source each one came through (by default another of these,
    up to ``max_via`` deep); ``keys`` draws the key (by default a slug or none,
    for a derived key).
    """
    if via is None:
        via = _optional(sources(max_via=max_via - 1)) if max_via > 0 else st.none()
    return st.builds(
        _source,
        publisher=hostile_text(),
        title=_optional(hostile_text()),
        url=_optional(urls()),
        archived_url=_optional(urls()),
        author=_optional(hostile_text(2)),
        published=_optional(whens()),
        retrieved=_optional(st.dates()),
        via=via,
        key=keys if keys is not None else _optional(slugs()),
    )


def citations(source: st.SearchStrategy[Source] | None = None) -> st.SearchStrategy[Citation]:
    """Citations of ``source`` (by default any of :func:`sources`) with every field sometimes set."""
    return st.builds(
        Citation,
        source if source is not None else sources(),
        attribution=_optional(hostile_text(2)),
        quote=_optional(multiline_text()),
        locator=_optional(hostile_text(1)),
        confidence=st.sampled_from(Confidence),
    )


def _place(name: str, country: str | None, position: tuple[float, float] | None, zone: str | None) -> Place:
    lat, lon = position if position is not None else (None, None)
    return Place(name, country=country, lat=lat, lon=lon, zone=zone)


@cache
def places() -> st.SearchStrategy[Place]:
    """Places with a name and optionally a country, a position (whole or fractional) and a zone."""
    latitude = st.one_of(st.floats(-90, 90, allow_nan=False), st.integers(-90, 90))
    longitude = st.one_of(st.floats(-180, 180, allow_nan=False), st.integers(-180, 180))
    return st.builds(
        _place,
        hostile_text(2),
        _optional(hostile_text(1)),
        _optional(st.tuples(latitude, longitude)),
        _optional(st.sampled_from(ZONES)),
    )


def _duration(parts: dict[str, int], at_most: bool) -> Duration:
    return Duration(**{unit: count for unit, count in parts.items() if count}, at_most=at_most)


@cache
def durations() -> st.SearchStrategy[Duration]:
    """Durations in calendar units (years to days, or weeks alone) or in clock units, sometimes an upper limit."""
    calendar = st.one_of(
        st.fixed_dictionaries({"weeks": st.integers(1, 60)}),
        st.fixed_dictionaries(
            {"years": st.integers(0, 3), "months": st.integers(0, 14), "days": st.integers(0, 400)}
        ).filter(lambda parts: any(parts.values())),
    )
    clock = st.fixed_dictionaries(
        {
            "days": st.sampled_from([0, 0, 1, 2]),
            "hours": st.integers(0, 30),
            "minutes": st.integers(0, 90),
            "seconds": st.sampled_from([0, 0, 0, 1, 59, 3600]),
        }
    ).filter(lambda parts: any(parts.values()))
    return st.builds(_duration, st.one_of(calendar, clock), st.booleans())


@cache
def _plain_days() -> st.SearchStrategy[Bound]:
    """Days written without ``~``, ``?`` or X digits: what a duration may start on."""
    return st.builds(
        _date_bound, st.just(Precision.DAY), st.integers(1, 9998), st.integers(1, 12), st.integers(1, 31), st.just("")
    )


def _account(
    draw: st.DrawFn, cited: st.SearchStrategy[Source] | Sequence[Source], when: When | None, place: Place | None
) -> Account:
    citations_ = []
    for _ in range(draw(_FEW)):
        if isinstance(cited, st.SearchStrategy):
            source = draw(cited)
        elif cited:
            source = _pick(draw, cited)
        else:
            break
        citations_.append(Citation(source, **draw(_citation_parts())))
    return Account(
        when=when,
        place=place,
        citations=citations_,
        rank=draw(st.sampled_from(Rank)),
        reason=draw(_optional(hostile_text(2))),
    )


def accounts(cited: st.SearchStrategy[Source] | Sequence[Source] | None = None) -> st.SearchStrategy[Account]:
    """Accounts of a date, a place or both, of every rank, citing ``cited`` sources (by default any)."""
    source_choice = cited if cited is not None else sources()
    dated = whens(undated=False)
    said = st.one_of(
        st.tuples(dated, st.none()),
        st.tuples(st.none(), places()),
        st.tuples(dated, places()),
    )
    return st.composite(lambda draw: _account(draw, source_choice, *draw(said)))()


_JSON_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)


@cache
def extra_data(max_depth: int = 3) -> st.SearchStrategy[dict[str, Any]]:
    """User data: plain JSON objects of any text, numbers, booleans, nulls, lists and objects."""
    scalar = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        _JSON_TEXT,
        hostile_text(2),
    )
    value: st.SearchStrategy[Any] = scalar
    for _ in range(max_depth):
        value = st.one_of(
            scalar,
            st.lists(value, max_size=3),
            st.dictionaries(_JSON_TEXT, value, max_size=3),
        )
    return st.dictionaries(_JSON_TEXT, value, max_size=3)


@cache
def _event_parts() -> st.SearchStrategy[dict[str, Any]]:
    """Every field of an event but its id, citations and relations."""
    return st.fixed_dictionaries(
        {
            "title": hostile_text(),
            "when": whens(),
            "description": _optional(multiline_text()),
            "kind": _optional(st.one_of(st.sampled_from(["meeting", "document", "milestone"]), hostile_text(1))),
            "status": st.sampled_from(Status),
            "place": _optional(st.one_of(places(), hostile_text(2))),
            "actors": st.lists(hostile_text(2), max_size=3, unique=True),
            "tags": st.lists(st.one_of(slugs(), hostile_text(1)), max_size=3, unique=True),
            "media": _optional(media()),
            "extra": extra_data(),
        }
    )


@cache
def media() -> st.SearchStrategy[Media]:
    """Media with every field sometimes set."""
    return st.builds(
        Media,
        urls(),
        caption=_optional(multiline_text()),
        credit=_optional(hostile_text(2)),
        licence=_optional(
            st.one_of(st.sampled_from(["CC BY-SA 4.0", "CC0 1.0", "All rights reserved"]), hostile_text(1))
        ),
        alt=_optional(multiline_text()),
    )


@cache
def _citation_parts() -> st.SearchStrategy[dict[str, Any]]:
    """Every field of a citation but its source."""
    return st.fixed_dictionaries(
        {
            "attribution": _optional(hostile_text(2)),
            "quote": _optional(multiline_text()),
            "locator": _optional(hostile_text(1)),
            "confidence": st.sampled_from(Confidence),
        }
    )


_RELATION_KINDS = st.sampled_from(RelationKind)
_FEW = st.integers(0, 3)


def _pick(draw: st.DrawFn, choices: Sequence[T]) -> T:
    return choices[draw(st.integers(0, len(choices) - 1))]


@st.composite
def _event(
    draw: st.DrawFn,
    ids: st.SearchStrategy[str],
    targets: Sequence[str] | None,
    parents: Sequence[str] | None,
    cited: st.SearchStrategy[Source] | Sequence[Source],
) -> Event:
    own_id = draw(ids)
    if targets is None:
        targets = draw(st.lists(slugs(), max_size=3))
    others = [target for target in targets if target != own_id]
    parents = [parent for parent in (targets if parents is None else parents) if parent != own_id]
    relations: dict[Relation, None] = {}
    for _ in range(draw(_FEW)):
        kind = draw(_RELATION_KINDS)
        choices = parents if kind is RelationKind.PART_OF else others
        if choices:
            relations[Relation(kind, _pick(draw, choices))] = None
    citations_ = []
    for _ in range(draw(_FEW)):
        if isinstance(cited, st.SearchStrategy):
            source = draw(cited)
        elif cited:
            source = _pick(draw, cited)
        else:
            break
        citations_.append(Citation(source, **draw(_citation_parts())))
    event = Event(own_id, **draw(_event_parts()), citations=citations_, relations=list(relations))
    event = event.evolve(accounts=draw(st.lists(accounts(cited), max_size=2)))
    duration = draw(_optional(durations()))
    if duration is None:
        return event
    try:  # a duration needs dates that are one day or one moment
        return event.evolve(duration=duration)
    except InvalidInputError:
        if not draw(st.booleans()):
            return event
    start = draw(time_bounds() if duration.has_time or draw(st.booleans()) else _plain_days())
    try:
        return event.evolve(when=When(start, phrase=event.when.phrase), duration=duration)
    except InvalidInputError:  # past the year 9999, or a month without the start's day
        return event


def events(
    ids: st.SearchStrategy[str] | None = None,
    *,
    targets: Sequence[str] | None = None,
    parents: Sequence[str] | None = None,
    cited: st.SearchStrategy[Source] | Sequence[Source] | None = None,
) -> st.SearchStrategy[Event]:
    """Events with every field sometimes set.

    ``ids`` draws the id (by default any slug); relations point at ``targets``
    (by default a few made-up ids) and ``part_of`` only at ``parents`` (by
    default the targets); citations cite ``cited`` sources, a strategy or a list
    to pick from (by default any of :func:`sources`).
    """
    return _event(ids if ids is not None else slugs(), targets, parents, cited if cited is not None else sources())


@st.composite
def _source_pool(draw: st.DrawFn, size: int) -> list[Source]:
    """Sources for one timeline: each key names one source, ``via`` points at one drawn before."""
    pool: list[Source] = []
    for index in range(size):
        source = draw(_POOL_SOURCES)
        via = pool[draw(st.integers(0, index - 1))] if pool and draw(st.booleans()) else None
        # "-k<index>" cannot end a derived key (those end in eight hex digits), nor repeat.
        key = f"{draw(slugs())}-k{index}" if draw(st.booleans()) else None
        pool.append(attrs.evolve(source, via=via, key=key))
    return pool


_POOL_SOURCES = sources(via=st.none(), keys=st.none())


@st.composite
def _timeline(draw: st.DrawFn, max_events: int) -> Timeline:
    ids = draw(st.lists(slugs(), max_size=max_events, unique=True))
    pool = draw(_source_pool(draw(st.integers(0, 4))))
    built = [draw(_event(st.just(own_id), ids, ids[:index], pool)) for index, own_id in enumerate(ids)]
    return Timeline(
        draw(hostile_text()),
        built,
        description=draw(_optional(multiline_text())),
        extra=draw(extra_data()),
    )


def _without_accounts(timeline: Timeline) -> Timeline:
    return attrs.evolve(timeline, events=[event.evolve(accounts=()) for event in timeline])


@cache
def timelines_without_accounts(max_events: int = 8) -> st.SearchStrategy[Timeline]:
    """:func:`timelines` with no :class:`Account` on any event, for formats that do not carry them yet."""
    return timelines(max_events).map(_without_accounts)


@cache
def timelines(max_events: int = 8) -> st.SearchStrategy[Timeline]:
    """Valid timelines of up to ``max_events`` events with every field sometimes set.

    Ids are unique, relations point at events of the timeline, ``part_of`` only at
    events drawn earlier (so it has no cycles), and no source key names two
    different sources.
    """
    return _timeline(max_events)
