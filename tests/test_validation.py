"""The shared pieces of timeline._validation accept and reject exactly what each copy they replace did.

The slug pattern and the class of forbidden characters were once written out in
several modules, some copies with a difference of their own (a length bound, a tab
or line feed allowed). Each old copy is kept here, word for word, as the oracle of
the shared piece (or the derivation from it) that replaced it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline._lazy_re import lazy_compile
from timeline._validation import (
    BAD_IN_LINE,
    BAD_IN_TEXT,
    FORBIDDEN_CHARS,
    MAX_SLUG,
    SLUG,
    SLUG_EDGE,
    iso_day,
    slug_pattern,
    slugify,
)

# The copies as they were written before they were shared.
OLD_BAD_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
OLD_BAD_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
OLD_ICAL_FORBIDDEN_IN_LINE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
OLD_ICAL_NOT_IN_LINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
ICAL_BREAKS = re.compile("\r\n|[\r\n\t\u2028\u2029]")  # applied before OLD_ICAL_NOT_IN_LINE, as one_line does
OLD_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?\Z")
OLD_LOG_ID = re.compile(r"[a-z0-9](?:[a-z0-9._-]{0,126}[a-z0-9])?\Z")
OLD_LOG_ID_BYTES = rb'"id":"([a-z0-9](?:[a-z0-9._-]{0,126}[a-z0-9])?)",'
OLD_SLUG_PATH = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")


def old_slugify(text: str, limit: int) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].rstrip("-")


# Both ends of every range in the classes, their neighbours, and the characters of slugs.
EDGES = (
    "\x00\x08\t\n\x0b\x0c\r\x1f \x7e\x7f\x80\x9f\xa0\xad\u2027\u2028\u2029\u202a"
    "\ud7ff\ud800\udbff\udc00\udfff\ue000\ufeff\uffff\U0001f600"
    "az09._-AZ/@`{é"
)
characters = st.one_of(st.sampled_from(EDGES), st.characters(codec=None, categories=None))
texts = st.text(characters, max_size=40)
slug_like = st.text(st.sampled_from("az09._-A/é "), max_size=MAX_SLUG + 4)


@settings(max_examples=500)
@given(texts)
def test_the_shared_classes_of_forbidden_characters_find_what_each_old_copy_found(text: str) -> None:
    assert BAD_IN_TEXT.findall(text) == OLD_BAD_IN_TEXT.findall(text)
    assert BAD_IN_LINE.findall(text) == OLD_BAD_IN_LINE.findall(text)
    ical_line = re.compile(f"[\n{FORBIDDEN_CHARS}]")  # formats/_ical_text.py: a tab is allowed, a line feed not
    assert ical_line.findall(text) == OLD_ICAL_FORBIDDEN_IN_LINE.findall(text)
    # formats/_ical_events.py's one_line dropped a smaller class, after turning every break into a space.
    spaced = ICAL_BREAKS.sub(" ", text)
    assert BAD_IN_LINE.sub("", spaced) == OLD_ICAL_NOT_IN_LINE.sub("", spaced)


@settings(max_examples=500)
@given(slug_like)
def test_the_shared_slug_patterns_match_what_each_old_copy_matched(text: str) -> None:
    assert bool(SLUG.match(text)) == bool(OLD_SLUG.match(text))
    assert bool(re.match(slug_pattern(MAX_SLUG) + r"\Z", text)) == bool(OLD_LOG_ID.match(text))
    line = b'"id":"' + text.encode("utf-8", "surrogatepass") + b'",'
    shared_bytes = rb'"id":"(' + slug_pattern(MAX_SLUG).encode() + rb')",'
    assert bool(re.fullmatch(shared_bytes, line)) == bool(re.fullmatch(OLD_LOG_ID_BYTES, line))
    path_part = re.compile(f"[{SLUG_EDGE}][{SLUG_EDGE}_-]*\\Z")  # formats/_convert.py: no dots in a path step
    assert bool(path_part.match(text)) == bool(OLD_SLUG_PATH.match(text))


def test_the_bounded_slug_pattern_reaches_exactly_the_longest_slug() -> None:
    assert re.match(slug_pattern(MAX_SLUG) + r"\Z", "a" * MAX_SLUG)
    assert not re.match(slug_pattern(MAX_SLUG) + r"\Z", "a" * (MAX_SLUG + 1))
    assert re.match(slug_pattern(MAX_SLUG) + r"\Z", "a")
    assert not re.match(slug_pattern(MAX_SLUG) + r"\Z", "")


@settings(max_examples=300)
@given(texts, st.sampled_from([0, 1, 40, 48, 50]))
def test_slugify_is_each_old_copy(text: str, limit: int) -> None:
    assert slugify(text, limit) == old_slugify(text, limit)


def old_retrieved_day(value: str) -> object:
    try:
        parsed = dt.date.fromisoformat(value)
    except ValueError as error:
        return f'"{value}" is not a valid date: {error}'
    return pendulum.Date(parsed.year, parsed.month, parsed.day)


def shared_day(value: str) -> object:
    try:
        return iso_day(value)
    except ValueError as error:
        return str(error)


@settings(max_examples=300)
@given(st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99))
def test_iso_day_reads_and_refuses_as_the_old_copies_did(year: int, month: int, day: int) -> None:
    text = f"{year:04d}-{month:02d}-{day:02d}"
    assert shared_day(text) == old_retrieved_day(text)
    assert type(shared_day(text)) is type(old_retrieved_day(text))


@settings(max_examples=200)
@given(texts, st.sampled_from([f"[{FORBIDDEN_CHARS}]", r"\s", slug_pattern(), r"[a-z]+|\d"]))
def test_a_pattern_compiled_on_first_use_answers_as_the_compiled_pattern(text: str, pattern: str) -> None:
    compiled, lazy = re.compile(pattern), lazy_compile(pattern)
    for _ in range(2):  # the first round compiles it, the second uses the methods the first kept
        assert lazy.pattern == compiled.pattern
        assert lazy.findall(text) == compiled.findall(text)
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
        assert lazy.sub("-", text) == compiled.sub("-", text)
        assert lazy.split(text) == compiled.split(text)
        assert bool(lazy.match(text)) == bool(compiled.match(text))
        assert bool(lazy.search(text)) == bool(compiled.search(text))
        assert bool(lazy.fullmatch(text)) == bool(compiled.fullmatch(text))
