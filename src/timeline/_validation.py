"""Validation shared by the model, the formats and the event log: text, slugs, URLs, zones, user data.

Each ``check_*`` function appends a :class:`~timeline.errors.Problem` to a list
instead of raising, so that a class can report every problem it has at once.

Limits (documented in the reference): a one-line text field holds at most
:data:`MAX_LINE` characters, a multi-line one at most :data:`MAX_TEXT`; ids and
source keys at most :data:`MAX_SLUG`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
import zoneinfo
from collections.abc import Callable, Iterator, Mapping
from functools import cache, lru_cache
from typing import Any, Final, ParamSpec, TypeVar, cast
from urllib.parse import urlsplit

import pendulum

from timeline._lazy_re import lazy_compile
from timeline.errors import InvalidInputError, Problem

MAX_LINE = 1_000
MAX_TEXT = 100_000
MAX_SLUG = 128
MAX_EXTRA_DEPTH = 32
MAX_VIA = 32
"""The longest chain of sources, each reaching us ``via`` the next."""

FORBIDDEN_CHARS: Final = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"
"""The characters no text may hold, as the inside of a regular expression's ``[…]``: C0 and C1
controls except tab and line feed, DEL, the Unicode line and paragraph separators, and lone
surrogates (which cannot be written as UTF-8)."""

BAD_IN_TEXT: Final = lazy_compile(f"[{FORBIDDEN_CHARS}]")
"""A character that a multi-line text may not hold."""

BAD_IN_LINE: Final = lazy_compile(f"[\t\n{FORBIDDEN_CHARS}]")
"""A character that a one-line text may not hold: those of :data:`BAD_IN_TEXT`, a tab and a line feed."""

_SPACE = lazy_compile(r"\s")  # what str.isspace calls a space, as the tests check for every character

SLUG_EDGE: Final = "a-z0-9"
"""What a slug starts and ends with, as the inside of a regular expression's ``[…]``."""

SLUG_CHARS: Final = "a-z0-9._-"
"""What a slug holds between its first and last character, as the inside of a ``[…]``."""


def slug_pattern(longest: int | None = None) -> str:
    """A slug as a regular expression without anchors; of at most ``longest`` characters if given."""
    repeat = "*" if longest is None else f"{{0,{longest - 2}}}"
    return f"[{SLUG_EDGE}](?:[{SLUG_CHARS}]{repeat}[{SLUG_EDGE}])?"


SLUG: Final = lazy_compile(slug_pattern() + r"\Z")
"""A whole slug, of any length (:data:`MAX_SLUG` is checked apart, for its own message)."""

_NOT_SLUG_EDGE = lazy_compile(f"[^{SLUG_EDGE}]+")


def slugify(text: str, limit: int) -> str:
    """The lowercase ASCII letters and digits of ``text`` (accents taken off), joined by ``-``.

    At most ``limit`` characters, never ending in ``-``; empty when ``text`` has no
    letter or digit that ASCII can hold.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG_EDGE.sub("-", ascii_text.lower()).strip("-")[:limit].rstrip("-")


_P = ParamSpec("_P")
_R = TypeVar("_R")
_CACHES: list[Any] = []


def text_cache(maxsize: int) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """A bounded cache of a pure function of texts, emptied by :func:`clear_caches`.

    Only for functions whose results are immutable (or ``None``), so that one result
    can be shared by every caller that passes the same text.
    """

    def decorate(function: Callable[_P, _R]) -> Callable[_P, _R]:
        cached = lru_cache(maxsize=maxsize)(function)
        _CACHES.append(cached)
        return cached  # type: ignore[return-value]

    return decorate


def clear_caches() -> None:
    """Empty the model's caches of parsed dates and checked values.

    The model keeps a bounded number of recent results by their text (dates, zone
    names, URLs), so that repeated values are parsed and checked once. Results are
    the same with or without them; clearing them only makes the next values cost what
    they cost the first time, as a benchmark of unseen input needs.
    """
    for cached in _CACHES:
        cached.cache_clear()


_CHAR_NAMES = {"\n": "a line break", "\r": "a carriage return", "\t": "a tab"}


def describe_char(char: str) -> str:
    """A readable name for a character that is not allowed somewhere."""
    if char in _CHAR_NAMES:
        return _CHAR_NAMES[char]
    if "\ud800" <= char <= "\udfff":
        return f"a lone surrogate U+{ord(char):04X}"
    return f"the control character U+{ord(char):04X}"


# Compiled on first use by re (which keeps it), not at import: only messages need it; its wide ranges are slow.
_SHOWN_ESCAPED = '[\\\\"\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]'


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char in '\\"':
        return "\\" + char
    return char.encode("unicode_escape").decode("ascii") if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def quote(value: str, limit: int = 60) -> str:
    """``value`` in double quotes for a message: shortened, with controls and invisible characters escaped."""
    shortened = len(value) > limit
    shown = re.sub(_SHOWN_ESCAPED, _escaped, value[:limit] if shortened else value)
    return f'"{shown}{"…" if shortened else ""}"'


def iso_day(text: str) -> pendulum.Date:
    """The day that ``text``, already in the form ``YYYY-MM-DD``, names.

    Raises :class:`ValueError` for a day the calendar lacks: ``"2025-02-30" is not a valid date: …``.
    """
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as error:
        raise ValueError(f"{quote(text)} is not a valid date: {error}") from None
    return pendulum.Date(day.year, day.month, day.day)


def plain_line(value: object) -> bool:
    """Whether ``value`` is a ``str`` that :func:`check_line` accepts: a quick test before the full check."""
    if type(value) is not str or not 0 < len(value) <= MAX_LINE or value.isspace():
        return False
    return value.isprintable() or BAD_IN_LINE.search(value) is None  # no printable character is bad: a quicker scan


def plain_text(value: object) -> bool:
    """Whether ``value`` is a ``str`` that :func:`check_text` accepts: a quick test before the full check."""
    if type(value) is not str or not 0 < len(value) <= MAX_TEXT or value.isspace():
        return False
    return value.isprintable() or BAD_IN_TEXT.search(value) is None  # no printable character is bad: a quicker scan


def plain_lines(values: object) -> bool:
    """Whether ``values`` is a tuple that :func:`check_lines` accepts: one-line texts, no repeats."""
    if type(values) is not tuple:
        return False
    return not values or (all(plain_line(value) for value in values) and len(set(values)) == len(values))


def plain_slug(value: object) -> bool:
    """Whether ``value`` is a ``str`` that :func:`check_slug` accepts."""
    return type(value) is str and len(value) <= MAX_SLUG and SLUG.match(value) is not None


def check_line(problems: list[Problem], path: str, value: object, *, optional: bool = False) -> None:
    """A non-empty, one-line text of at most :data:`MAX_LINE` characters."""
    if value is None and optional:
        return
    if not isinstance(value, str):
        problems.append(Problem(f"expected text, got {type(value).__name__}", path))
        return
    if len(value) > MAX_LINE:
        problems.append(Problem(f"is {len(value):,} characters long; the limit is {MAX_LINE:,}", path))
        return
    if not value.strip():
        problems.append(Problem("must not be empty", path))
        return
    if bad := BAD_IN_LINE.search(value):
        problems.append(Problem(f"{quote(value)} contains {describe_char(bad.group())}", path))


def check_text(problems: list[Problem], path: str, value: object) -> None:
    """An optional, possibly multi-line text of at most :data:`MAX_TEXT` characters."""
    if value is None:
        return
    if not isinstance(value, str):
        problems.append(Problem(f"expected text, got {type(value).__name__}", path))
        return
    if len(value) > MAX_TEXT:
        problems.append(Problem(f"is {len(value):,} characters long; the limit is {MAX_TEXT:,}", path))
        return
    if not value.strip():
        problems.append(Problem("must not be empty (leave it out instead)", path))
        return
    if bad := BAD_IN_TEXT.search(value):
        problems.append(Problem(f"{quote(value)} contains {describe_char(bad.group())}", path))


def check_lines(problems: list[Problem], path: str, values: tuple[object, ...]) -> None:
    """Every item of a tuple of one-line texts, with no repeats."""
    seen: set[object] = set()
    for index, value in enumerate(values):
        check_line(problems, f"{path}[{index}]", value)
        if isinstance(value, str):
            if value in seen:
                problems.append(Problem(f"{quote(value)} is listed twice", f"{path}[{index}]"))
            seen.add(value)


def check_slug(problems: list[Problem], path: str, value: object, what: str = "an id") -> None:
    """A slug: lowercase letters, digits, ``-``, ``_`` and ``.``; at most :data:`MAX_SLUG`."""
    if not isinstance(value, str):
        problems.append(Problem(f"expected text, got {type(value).__name__}", path))
        return
    if len(value) > MAX_SLUG:
        problems.append(Problem(f"{quote(value)} is longer than {MAX_SLUG} characters", path))
    elif not SLUG.match(value):
        problems.append(
            Problem(
                f"{quote(value)} is not {what}: use lowercase letters, digits, "
                "'-', '_' and '.', starting and ending with a letter or digit",
                path,
            )
        )


def check_url(problems: list[Problem], path: str, value: object) -> None:
    """An optional absolute ``http``/``https`` URL with a host."""
    if value is None:
        return
    if not isinstance(value, str):
        problems.append(Problem(f"expected a URL, got {type(value).__name__}", path))
        return
    if len(value) > MAX_LINE * 8:
        problems.append(Problem(f"is {len(value):,} characters long; the limit is {MAX_LINE * 8:,}", path))
        return
    if _SPACE.search(value) or BAD_IN_LINE.search(value):
        problems.append(Problem(f"{quote(value)} is not a URL: it contains spaces or control characters", path))
        return
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 -- raises ValueError on a malformed port
    except ValueError as error:
        problems.append(Problem(f"{quote(value)} is not a valid URL: {error}", path))
        return
    if parts.scheme.lower() not in {"http", "https"}:
        what = f"a {parts.scheme}: URL" if parts.scheme else "a relative URL"
        problems.append(Problem(f"{quote(value)} is {what}; only absolute http(s) URLs are accepted", path))
    elif not parts.hostname:
        problems.append(Problem(f"{quote(value)} has no host", path))


@cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@cache
def _zone_names() -> dict[str, str]:
    return {zone: zone for zone in _zones()}


def shared_zone(name: str) -> str:
    """The one copy of the zone name ``name`` that every value holding it shares (``name`` if not a zone)."""
    return _zone_names().get(name, name)


def is_zone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone name."""
    return name in _zones()


def zone_problem(name: str) -> str | None:
    """Why ``name`` is not an IANA time zone name, or ``None`` if it is one.

    Suggestions compare the city part of the name (``Europe/Berln`` → ``Europe/Berlin``),
    so a city that is not a zone of its own is not matched to a look-alike in another
    country; the message then explains how zones are named.
    """
    if name in _zones():
        return None
    lowered = {zone.lower(): zone for zone in _zones()}
    exact = lowered.get(name.lower())
    suggestions = [exact] if exact is not None else _close_zones(name)
    if suggestions:
        return f"{quote(name)} is not an IANA time zone name (did you mean {' or '.join(map(repr, suggestions))}?)"
    return (
        f"{quote(name)} is not an IANA time zone name: zones are named Area/City after one large city "
        "of each region with its own clock history, such as Europe/Warsaw for all of Poland"
    )


def _close_zones(name: str) -> list[str]:
    """Up to three zones whose city part is closest to the city part of ``name``, in its area if it names one."""
    area, _, city = name.rpartition("/")
    cities: dict[str, list[str]] = {}
    for zone in sorted(_zones()):
        zone_area, _, zone_city = zone.rpartition("/")
        if not area or zone_area.lower() == area.lower():
            cities.setdefault(zone_city.lower(), []).append(zone)
    import difflib  # only for the message of an unknown zone

    close = difflib.get_close_matches(city.lower(), sorted(cities), n=3, cutoff=0.75)
    return [zone for found in close for zone in cities[found]][:3]


def check_zone(problems: list[Problem], path: str, value: object) -> None:
    """An optional IANA time zone name such as ``Europe/Berlin``."""
    if value is None:
        return
    if not isinstance(value, str):
        problems.append(Problem(f"expected a time zone name, got {type(value).__name__}", path))
    elif (message := zone_problem(value)) is not None:
        problems.append(Problem(message, path))


def check_type(problems: list[Problem], path: str, value: object, expected: type, what: str) -> bool:
    """Whether ``value`` is an instance of ``expected``; if not, say so."""
    if isinstance(value, expected):
        return True
    problems.append(Problem(f"expected {what}, got {type(value).__name__}", path))
    return False


def raise_problems(problems: list[Problem]) -> None:
    """Raise :class:`InvalidInputError` if there is any problem."""
    if problems:
        raise InvalidInputError(problems)


class Rejected:
    """A field value its converter could not take, with the problems found.

    Converters return one instead of raising, so that ``__attrs_post_init__`` reports them beside the
    object's other problems, all at once; it then raises, so no object ever holds one (nor compares it).
    """

    __slots__ = ("problems",)

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        self.problems = problems


_T = TypeVar("_T")


def rejected(kind: type[_T], error: InvalidInputError) -> _T:
    """The stand-in for a field of type ``kind`` whose value raised ``error``."""
    return cast("_T", Rejected(error.problems))


def report_rejected(problems: list[Problem], value: object) -> bool:
    """Whether ``value`` was rejected by its converter; if so, add its problems."""
    if isinstance(value, Rejected):
        problems.extend(value.problems)
        return True
    return False


JSONValue = Any
"""A value made of ``dict`` (with ``str`` keys), ``list``, ``str``, ``int``, finite ``float``,
``bool`` and ``None``."""


MAX_INT_BITS = 14_000
"""Integers in user data are limited to about 4,200 decimal digits, which JSON writers can write."""

_SURROGATE = "[\ud800-\udfff]"  # compiled on first use by re (which keeps it): only user data needs it


class FrozenData(Mapping[str, Any]):
    """Read-only plain JSON data: objects are :class:`FrozenData`, arrays are tuples.

    Two values are equal when their JSON is: ``{"a": True}`` differs from
    ``{"a": 1}``, and ``1`` from ``1.0``, as they do once written.
    """

    __slots__ = ("_canonical", "_data")

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data
        self._canonical: str | None = None

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return repr(thaw_extra(self))

    def canonical(self) -> str:
        """The data as JSON with sorted keys: what equality compares."""
        if self._canonical is None:
            self._canonical = _canonical_json(thaw_extra(self))
        return self._canonical

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenData):
            return self.canonical() == other.canonical()
        if isinstance(other, Mapping):
            try:
                return self.canonical() == _canonical_json(other)
            except (TypeError, ValueError):
                return False
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.canonical())


def _canonical_json(value: object) -> str:
    import json  # only for user data in ``extra``; ``import timeline`` stays light without it

    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_thawed)


def _thawed(value: object) -> object:
    if isinstance(value, FrozenData):
        return thaw_extra(value)
    raise TypeError(f"{type(value).__name__} is not plain JSON data")


_EMPTY = FrozenData({})


def freeze_extra(value: Mapping[str, JSONValue] | None) -> Mapping[str, JSONValue]:
    """A read-only deep copy of user data, checked to be plain JSON."""
    if value is None or (isinstance(value, Mapping) and not value):
        return _EMPTY
    if isinstance(value, FrozenData):
        return value
    problems: list[Problem] = []
    copied = _copy_json(value, "extra", problems, 0)
    raise_problems(problems)
    if not isinstance(copied, FrozenData):
        raise InvalidInputError.at("extra", f"expected a mapping, got {type(value).__name__}")
    return copied


def _copy_json(value: object, path: str, problems: list[Problem], depth: int) -> JSONValue:
    if depth > MAX_EXTRA_DEPTH:
        problems.append(Problem(f"nested deeper than {MAX_EXTRA_DEPTH} levels", path))
        return None
    if value is None or isinstance(value, bool | str):
        if isinstance(value, str) and (bad := re.search(_SURROGATE, value)):
            problems.append(Problem(f"{quote(value)} contains {describe_char(bad.group())}", path))
        return value
    if isinstance(value, int):
        if value.bit_length() > MAX_INT_BITS:
            problems.append(Problem(f"a number of {value.bit_length():,} bits is larger than JSON writers allow", path))
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            problems.append(Problem(f"{value} is not a JSON number", path))
        return value
    if isinstance(value, Mapping):
        copied: dict[str, JSONValue] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                problems.append(Problem(f"key {key!r} is not text", path))
                continue
            if bad := re.search(_SURROGATE, key):
                problems.append(Problem(f"the key {quote(key)} contains {describe_char(bad.group())}", path))
                continue
            copied[key] = _copy_json(item, f"{path}.{key}", problems, depth + 1)
        return FrozenData(copied)
    if isinstance(value, list | tuple):
        return tuple(_copy_json(item, f"{path}[{index}]", problems, depth + 1) for index, item in enumerate(value))
    problems.append(Problem(f"{type(value).__name__} is not plain JSON data", path))
    return None


def thaw_extra(value: Mapping[str, JSONValue]) -> dict[str, JSONValue]:
    """A plain, mutable deep copy of frozen user data (``dict`` and ``list``), for writing out."""
    return {key: _thaw(item) for key, item in value.items()}


def _thaw(value: object) -> JSONValue:
    if isinstance(value, Mapping):
        return {key: _thaw(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [_thaw(item) for item in value]
    return value
