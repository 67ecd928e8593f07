"""The YAML format: round trips, YAML 1.1 pitfalls, safe loading, and errors with their lines."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

import timeline
from strategies import timelines
from timeline import Citation, Event, InvalidInputError, Place, Source, Timeline
from timeline.formats import _yaml_read
from timeline.formats._convert import document
from timeline.formats.json import from_json, to_json
from timeline.formats.yaml import from_yaml, to_yaml

ROOT = Path(__file__).resolve().parent.parent
RELEASE_PLAN = ROOT / "examples" / "release-plan"

LOADERS = {"python": _yaml_read._PythonLoader}
if yaml.__with_libyaml__:
    LOADERS["libyaml"] = _yaml_read._Loader


@pytest.fixture(params=sorted(LOADERS))
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test with each YAML parser this machine has: PyYAML's own, and LibYAML's."""
    monkeypatch.setattr(_yaml_read, "_Loader", LOADERS[request.param])
    name: str = request.param
    return name


def problems(text: str | bytes) -> list[str]:
    """The lines of the error that reading ``text`` raises."""
    with pytest.raises(InvalidInputError) as caught:
        from_yaml(text)
    return [str(problem) for problem in caught.value.problems]


def doc(body: str) -> str:
    return textwrap.dedent(body).lstrip("\n")


class _Yaml11Loader(yaml.SafeLoader):
    """PyYAML's YAML 1.1 reader, told to keep dates as text."""


_Yaml11Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(max_events=4))
def test_every_timeline_reads_back_equal(original: Timeline) -> None:
    text = to_yaml(original)
    back = from_yaml(text)
    assert back == original
    assert to_json(back) == to_json(original)
    assert to_yaml(back) == text
    assert from_yaml(text.encode("utf-8")) == original


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(max_events=3))
def test_yaml_1_1_readers_see_the_same_document(original: Timeline) -> None:
    # Another reader, with other rules: PyYAML's YAML 1.1 (yes/no booleans, 12:30 = 750,
    # 1e3 is text), dates kept as text. It must read the same plain data as the JSON.
    assert yaml.load(to_yaml(original), Loader=_Yaml11Loader) == json.loads(to_json(original))


def test_release_plan_round_trips_through_yaml() -> None:
    plan = timeline.load(RELEASE_PLAN / "timeline.yaml")
    assert from_yaml(to_yaml(plan)) == plan


def _berlin() -> Timeline:
    spec = importlib.util.spec_from_file_location("berlin_build_for_yaml", ROOT / "examples/berlin-2025/build.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built: Timeline = module.build()
    return built


def test_berlin_example_reads_back_equal() -> None:
    berlin = _berlin()
    assert from_yaml(to_yaml(berlin)) == berlin


def test_written_document_is_block_style_with_plain_dates_and_sources_once() -> None:
    blog = Source("Project blog", url="https://example.org/blog/2-0", published="2026-03-02", key="blog")
    plan = Timeline(
        "Release plan",
        [
            Event(
                "v2-0",
                "Version 2.0 released",
                timeline.When.parse("2026-35", phrase="in the third quarter"),
                description="Drops Python 3.10.\nShips the new engine.",
                kind="release",
                status="planned",
                tags=["release", "yes"],
                citations=[Citation(blog, quote="We plan to ship 2.0 in Q3."), Citation(blog, locator="§ 2")],
            ),
            Event("v1-0", "1.0", "2025-11-04", citations=[Citation(blog)], extra={"12:30": "on", "n": 1e-05}),
        ],
    )
    assert to_yaml(plan) == doc(
        """
        format: timeline
        version: 1
        title: Release plan

        sources:
          blog:
            publisher: Project blog
            url: https://example.org/blog/2-0
            published: 2026-03-02

        events:
        - id: v1-0
          title: '1.0'
          when: 2025-11-04
          status: happened
          citations:
          - source: blog
            confidence: reported
          extra:
            '12:30': 'on'
            n: 1.0e-05

        - id: v2-0
          title: Version 2.0 released
          when:
            date: 2026-35
            phrase: in the third quarter
          description: |-
            Drops Python 3.10.
            Ships the new engine.
          kind: release
          status: planned
          tags:
          - release
          - 'yes'
          citations:
          - source: blog
            quote: We plan to ship 2.0 in Q3.
            confidence: reported
          - source: blog
            locator: § 2
            confidence: reported
        """
    )


def test_empty_timeline_is_written_with_empty_collections() -> None:
    assert (
        to_yaml(Timeline("Nothing yet"))
        == "format: timeline\nversion: 1\ntitle: Nothing yet\n\nsources: {}\n\nevents: []\n"
    )
    assert from_yaml(to_yaml(Timeline("Nothing yet"))) == Timeline("Nothing yet")


TRICKY = [
    *["yes", "No", "ON", "off", "y", "n", "true", "False", "null", "Null", "~", "NULL"],
    *["2025-12-15", "2025-12-15 10:00", "2025-12-15T10:00:00Z", "1e3", "1.0", "1.", ".5", "+1", "-1", "012"],
    *["0x1F", "0o17", "0b101", "1_000", "12:30", "1:20:30.5", ".inf", "-.Inf", ".NaN", "<<", "="],
    *[" leading", "trailing ", "a # not a comment", "a: b", "a:b", "- item", "? key", ": value", "#tag"],
    *["---", "...", "--- x", "&anchor", "*alias", "!tag", "!!str x", "|", ">", "'single'", '"double"'],
    *["%directive", "@at", "`tick`", "{flow: map}", "[flow, list]", "a, b", "a [b]", "tab\there"],
    *["nbsp\u00a0", "\ufeffbom", "line\nbreak", "two\n\nbreaks\n\n", "\n", "", "\x85nel", "ls\u2028ps\u2029"],
    *["\x00\x07\x1b\x7f\x9f", "\ud7ff\ue000\ufffd", "😀 𝔘", "\u202eevil", "trailing space \nnext", "  \n  "],
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_text_reads_back_as_text(text: str) -> None:
    original = Timeline("Tricky", extra={text: text, "list": [text], "nested": {text: [text, {text: text}]}})
    written = to_yaml(original)
    assert from_yaml(written) == original
    assert from_yaml(written).extra[text] == text
    assert yaml.load(written, Loader=_Yaml11Loader)["extra"][text] == text


@pytest.mark.parametrize(
    ("title", "line"),
    [
        ("yes", "title: 'yes'"),
        ("null", "title: 'null'"),
        ("1e3", "title: '1e3'"),
        ("1.0", "title: '1.0'"),
        ("12:30", "title: '12:30'"),
        ("0o17", "title: '0o17'"),
        ("2025-12-15", "title: 2025-12-15"),
        (" padded ", "title: ' padded '"),
        ("a # b", "title: 'a # b'"),
        ("a: b", "title: 'a: b'"),
        ("#1", "title: '#1'"),
        ("it's", "title: it's"),
        ("- item", "title: '- item'"),
        ("Київ — 日本", "title: Київ — 日本"),
        ("\ufeffbom", 'title: "\\uFEFFbom"'),
    ],
)
def test_text_is_quoted_only_where_needed(title: str, line: str) -> None:
    written = to_yaml(Timeline(title))
    assert written.splitlines()[2] == line
    assert from_yaml(written).title == title


def test_numbers_keep_their_kind() -> None:
    original = Timeline("Numbers", extra={"int": 5, "float": 5.0, "big": 2**70, "tiny": 5e-324, "neg": -0.0})
    back = from_yaml(to_yaml(original))
    assert [type(back.extra[key]) for key in ("int", "float", "big", "tiny", "neg")] == [int, float, int, float, float]
    assert back.extra == original.extra
    assert str(back.extra["neg"]) == "-0.0"


def test_coordinates_are_written_as_they_read_back() -> None:
    place = Place("Lisbon", lat=38.7223, lon=-9, zone="Europe/Lisbon")
    original = Timeline("Places", [Event("sprint", "Sprint", "2026-05-09", place=place)])
    written = to_yaml(original)
    assert "    lat: 38.7223\n    lon: -9.0\n" in written
    assert from_yaml(written) == original


def test_plain_scalars_follow_the_yaml_1_2_core_schema(loader: str) -> None:
    read = from_yaml(
        doc(
            """
            format: timeline
            version: 1
            title: yes
            description: 12:30
            extra:
              words: [yes, no, on, off, y, n, Yes, NO]
              date: 2025-12-15
              time: 2025-12-15 10:00:00
              sexagesimal: 1:20:30
              octal_looking: 012
              octal: 0o17
              hex: 0x1F
              underscore: 1_000
              float: 1.0
              quoted_float: "1.0"
              exponent: 1e3
              booleans: [true, True, TRUE, false]
              nulls: [null, ~, Null, NULL]
              empty:
              quoted_null: "null"
              explicit: !!str 2025
            """
        )
    )
    assert read.title == "yes"
    assert read.description == "12:30"
    assert read.extra == {
        "words": ["yes", "no", "on", "off", "y", "n", "Yes", "NO"],
        "date": "2025-12-15",
        "time": "2025-12-15 10:00:00",
        "sexagesimal": "1:20:30",
        "octal_looking": 12,
        "octal": 15,
        "hex": 31,
        "underscore": "1_000",
        "float": 1.0,
        "quoted_float": "1.0",
        "exponent": 1000.0,
        "booleans": [True, True, True, False],
        "nulls": [None, None, None, None],
        "empty": None,
        "quoted_null": "null",
        "explicit": "2025",
    }
    assert type(read.extra["float"]) is float
    assert type(read.extra["octal_looking"]) is int
    assert problems("format: timeline\nversion: 1\ntitle: x\nextra: {big: -.inf}\n") == [
        "line 4: extra.big: -inf is not a JSON number"
    ]


def test_dates_stay_text_and_become_whens(loader: str) -> None:
    read = from_yaml(
        doc(
            """
            format: timeline
            version: 1
            title: Dates
            sources:
              post:
                publisher: Blog
                published: 2026-03-02
                retrieved: 2026-03-05
            events:
            - {id: day, title: A day, when: 2025-12-15, citations: [{source: post}]}
            - {id: quarter, title: A quarter, when: 2026-35}
            - id: time
              title: A time
              when: 2026-05-09T10:00+01:00[Europe/Lisbon]
            - {id: vague, title: Vague, when: 2026-06~}
            - {id: open, title: Open, when: 2026-04/..}
            - {id: undated, title: Undated, when: }
            """
        )
    )
    when = {event.id: str(event.when) for event in read}
    assert when == {
        "day": "2025-12-15",
        "quarter": "2026-35",
        "time": "2026-05-09T10:00+01:00[Europe/Lisbon]",
        "vague": "2026-06~",
        "open": "2026-04/..",
        "undated": "",
    }
    source = read.sources[0]
    assert str(source.published) == "2026-03-02"
    assert source.retrieved is not None
    assert source.retrieved.isoformat() == "2026-03-05"


def test_windows_line_ends_and_a_byte_order_mark_are_read(loader: str) -> None:
    text = "\ufeffformat: timeline\r\nversion: 1\r\ntitle: x\r\nevents:\r\n- id: a\r\n  when: 2025-02-30\r\n"
    assert problems(text) == [
        "line 5: events[0].title: is required but missing",
        'line 6: events[0].when: "2025-02-30" is not a valid date: day 30 is not 01–28: February 2025 has 28 days',
    ]
    assert from_yaml(b"\xef\xbb\xbfformat: timeline\r\nversion: 1\r\ntitle: x\r\n") == Timeline("x")


RELEASES = doc(
    """
    format: timeline
    version: 1
    title: Releases
    sources:
      blog:
        publisher: Example blog
        url: https://example.org/blog
    events:
    - id: one
      title: First
      when: 2025-12-15
      citations:
      - source: blog
    - id: two
      title: Second
      when: 2025-12
    - id: three
      title: Third
      when: "2025-13-01"
    """
)


def test_message_names_file_line_and_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("timeline.yaml").write_text(RELEASES, "utf-8")
    with pytest.raises(InvalidInputError) as caught:
        timeline.load("timeline.yaml")
    assert str(caught.value) == (
        'timeline.yaml:19: events[2].when: "2025-13-01" is not a valid date: month 13 is not 01–12'
    )
    problem = caught.value.problems[0]
    assert (problem.file, problem.line, problem.path) == ("timeline.yaml", 19, "events[2].when")


def test_every_problem_is_reported_at_once_in_line_order(loader: str) -> None:
    text = doc(
        """
        format: timeline
        version: 1
        title: Releases
        sources:
          blog:
            publisher: Example blog
            url: ftp://example.org/blog
        events:
        - id: one
          title: First
          when: 2025-12-15
          citations:
          - source: blog
        - id: two
          title: Second
          when: "2025-13-01"
        - id: three
          when: 2025
          status: done
          colour: red
        - id: four
          title: Fourth
          place:
            name: Here
            lat: north
          citations:
          - source: nope
            confidence: sure
          relations:
          - {kind: part_of, target: one}
          - {kind: sibling_of, target: one}
        """
    )
    assert problems(text) == [
        'line 7: sources.blog.url: "ftp://example.org/blog" is a ftp: URL; only absolute http(s) URLs are accepted',
        'line 16: events[1].when: "2025-13-01" is not a valid date: month 13 is not 01–12',
        "line 17: events[2].title: is required but missing",
        "line 18: events[2].when: expected a date as text, or an object with date and phrase, got a number; "
        'to write text, put it in quotes: "2025"',
        'line 19: events[2].status: "done" is not one of: proposed, planned, scheduled, happened, postponed, cancelled',
        'line 20: events[2].colour: unknown field "colour"; expected one of: id, title, when, description, kind, '
        "status, place, actors, tags, citations, relations, media, accounts, duration, extra",
        "line 25: events[3].place.lat: expected a number, got text",
        'line 27: events[3].citations[0].source: "nope" is not a key of sources',
        'line 28: events[3].citations[0].confidence: "sure" is not one of: confirmed, reported, unconfirmed, '
        "disputed, denied",
        'line 31: events[3].relations[1].kind: "sibling_of" is not one of: part_of, follows, causes, derived_from, '
        "supersedes, related",
    ]


def test_a_missing_field_is_reported_at_the_mapping_that_lacks_it(loader: str) -> None:
    text = doc(
        """
        format: timeline
        version: 1
        title: Missing
        events:
        - id: a
          title: A
        - id: b
          when: 2025
        - title: C
        - id: d
          title: D
          relations:
          - kind: follows
        """
    )
    assert problems(text) == [
        "line 7: events[1].title: is required but missing",
        "line 8: events[1].when: expected a date as text, or an object with date and phrase, got a number; "
        'to write text, put it in quotes: "2025"',
        "line 9: events[2].id: is required but missing",
        "line 13: events[3].relations[0].target: is required but missing",
    ]


def test_a_document_without_format_points_at_its_first_line(loader: str) -> None:
    assert problems("# a comment\n\ntitle: x\nversion: 2\n") == [
        'line 3: format: is missing; a timeline document has "format": "timeline"',
        "line 4: version: is 2; this version of timeline reads version 1",
    ]


def test_problems_in_sources_and_unused_sources(loader: str) -> None:
    text = doc(
        """
        format: timeline
        version: 1
        title: Sources
        sources:
          blog:
            publisher: Blog
            via: nowhere
          Bad Key:
            publisher: X
          spare:
            publisher: Spare
            published: 2025-02-30
        """
    )
    assert problems(text) == [
        'line 7: sources.blog.via: "nowhere" is not a key of sources',
        "line 8: sources[\"Bad Key\"]: \"Bad Key\" is not a source key: use lowercase letters, digits, '-', '_' "
        "and '.', starting and ending with a letter or digit",
        'line 12: sources.spare.published: "2025-02-30" is not a valid date: day 30 is not 01–28: '
        "February 2025 has 28 days",
    ]
    unused = "format: timeline\nversion: 1\ntitle: x\nsources:\n  spare:\n    publisher: Spare\n"
    assert problems(unused) == ["line 5: sources.spare: is never cited: cite it from an event or remove it"]


def test_hints_to_quote_only_where_text_was_meant(loader: str) -> None:
    text = doc(
        """
        format: timeline
        version: 1
        title: true
        sources:
          "2025":
            publisher: Blog
        events:
        - id: a
          title: 1.0
          when: 2026
          place: {name: Here, lat: true, lon: 1}
          citations:
          - source: 2025
        """
    )
    assert problems(text) == [
        'line 3: title: expected text, got true/false; to write text, put it in quotes: "true"',
        'line 9: events[0].title: expected text, got a number; to write text, put it in quotes: "1.0"',
        "line 10: events[0].when: expected a date as text, or an object with date and phrase, got a number; "
        'to write text, put it in quotes: "2026"',
        "line 11: events[0].place.lat: expected a number, got true/false",
        "line 13: events[0].citations[0].source: expected the key of a source in sources, got a number; "
        'to write text, put it in quotes: "2025"',
    ]


def test_duplicate_keys_are_reported_with_the_other_problems(loader: str) -> None:
    text = doc(
        """
        format: timeline
        version: 1
        title: First title
        events:
        - id: a
          title: A
          when: 2025-13-01
          when: 2025-12-01
        title: Second title
        """
    )
    assert problems(text) == [
        'line 7: events[0].when: "2025-13-01" is not a valid date: month 13 is not 01–12',
        "line 8: events[0].when: appears twice in one mapping; the first is on line 7",
        "line 9: title: appears twice in one mapping; the first is on line 3",
    ]


def test_keys_must_be_text(loader: str) -> None:
    text = doc(
        """
        format: timeline
        version: 1
        title: Keys
        extra:
          2025: a
          true: b
          ~: c
          ?
          : d
          [a, b]: e
          {a: b}: f
          !!int "7": g
          "2026": fine
        """
    )
    assert problems(text) == [
        'line 5: extra: the key 2025 is not text; write it in quotes: "2025"',
        'line 6: extra: the key true is not text; write it in quotes: "true"',
        'line 7: extra: the key ~ is not text; write it in quotes: "~"',
        "line 8: extra: a key is missing before the colon",
        "line 10: extra: a key must be text, not a list",
        "line 11: extra: a key must be text, not a mapping",
        'line 12: extra: the key "7" is not text',
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!python/object/apply:os.system [echo hacked]", "the tag !!python/object/apply:os.system is not allowed"),
        ("!!python/name:os.system", "the tag !!python/name:os.system is not allowed"),
        ("!!python/object:__main__.X {a: 1}", "the tag !!python/object:__main__.X is not allowed"),
        ("!!binary aGVsbG8=", "the tag !!binary is not allowed"),
        ("!!timestamp 2025-12-15", "the tag !!timestamp is not allowed"),
        ("!!set {a, b}", "the tag !!set is not allowed"),
        ("!!omap [a: 1]", "the tag !!omap is not allowed"),
        ("!custom x", "the tag !custom is not allowed"),
        ("!<tag:example.org,2025:x> y", "the tag tag:example.org,2025:x is not allowed"),
    ],
)
def test_tags_beyond_plain_data_are_refused(loader: str, value: str, message: str) -> None:
    text = f"format: timeline\nversion: 1\ntitle: Tags\nevents:\n- id: a\n  title: {value}\n  when: 2025-13-01\n"
    assert problems(text) == [
        f"line 6: events[0].title: {message}; write a plain value",
        'line 7: events[0].when: "2025-13-01" is not a valid date: month 13 is not 01–12',
    ]


def test_core_tags_are_checked(loader: str) -> None:
    text = "format: timeline\nversion: !!int one\ntitle: !!str 2025\nextra: {a: !!float 1, b: !!bool yes}\n"
    assert problems(text) == [
        'line 2: version: "one" is not a valid !!int',
        'line 4: extra.b: "yes" is not a valid !!bool',
    ]
    read = from_yaml("format: timeline\nversion: !!int 1\ntitle: !!str 2025\nextra: {a: !!float 1, b: !!null ''}\n")
    assert read.title == "2025"
    assert read.extra == {"a": 1.0, "b": None}
    assert type(read.extra["a"]) is float


def test_numbers_python_cannot_write_are_refused(loader: str) -> None:
    huge = "0x" + "f" * 5000
    assert problems(f"format: timeline\nversion: 1\ntitle: x\nextra:\n  n: {huge}\n  m: 1\n") == [
        f'line 5: extra.n: "{huge[:60]}…" has too many digits to be read as a number'
    ]


def test_aliases_are_refused_where_they_are(loader: str) -> None:
    text = doc(
        """
        format: timeline
        version: 1
        title: &name Releases
        description: *name
        extra:
          base: &base {a: 1}
          copy:
            <<: *base
          loop: &loop [*loop]
        """
    )
    assert problems(text) == [
        "line 4: the alias *name repeats another value; aliases are not supported, so write the value out in full",
        "line 8: the alias *base repeats another value; aliases are not supported, so write the value out in full",
        "line 9: the alias *loop repeats another value; aliases are not supported, so write the value out in full",
    ]


_LAUGHS = """
import sys
from timeline.formats import _yaml_read
from timeline.formats.yaml import from_yaml
from timeline import InvalidInputError
if sys.argv[1] == "python":
    _yaml_read._Loader = _yaml_read._PythonLoader
lines = ["format: timeline", "version: 1", "lol0: &lol0 [" + ", ".join(["lol"] * 9) + "]"]
for level in range(1, 30):
    lines.append(f"lol{level}: &lol{level} [" + ", ".join([f"*lol{level - 1}"] * 9) + "]")
lines.append("title: *lol29")
try:
    from_yaml("\\n".join(lines))
except InvalidInputError as error:
    print(error)
"""


@pytest.mark.parametrize("parser", sorted(LOADERS))
def test_billion_laughs_is_refused_without_expanding(parser: str) -> None:
    # 9**30 strings if expanded; a timeout stops the test, not the reader, if it ever hangs.
    result = subprocess.run(
        [sys.executable, "-c", _LAUGHS, parser], capture_output=True, text=True, timeout=120, check=True
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "30 problems:"
    assert lines[1] == (
        "  line 4: the alias *lol0 repeats another value; aliases are not supported, so write the value out in full"
    )
    assert lines[-1] == (
        "  line 33: the alias *lol29 repeats another value; aliases are not supported, so write the value out in full"
    )
    assert result.stderr == ""


def test_characters_yaml_does_not_allow_are_reported_with_their_place(loader: str) -> None:
    assert problems("format: timeline\nversion: 1\ntitle: a\x07b\n") == [
        "line 3: contains the control character U+0007 at column 9, which YAML does not allow in a file; "
        'inside double quotes it can be written as "\\x07"'
    ]
    assert problems("format: timeline\nversion: 1\ntitle: x\ndescription: |\n  one\n  two\x9b\n") == [
        "line 6: contains the control character U+009B at column 6, which YAML does not allow in a file; "
        'inside double quotes it can be written as "\\x9b"'
    ]
    assert problems("format: timeline\ntitle: \ud800\n") == [
        "line 2: contains a lone surrogate U+D800 at column 8, which YAML does not allow in a file"
    ]
    escaped = from_yaml('format: timeline\nversion: 1\ntitle: x\nextra: {bell: "a\\x07b"}\n')
    assert escaped.extra["bell"] == "a\x07b"


def test_text_that_is_not_utf8() -> None:
    assert problems(b"format: timeline\nversion: 1\ntitle: \xff\n") == [
        "line 3: not UTF-8 text: the byte 0xff (column 8) cannot be decoded"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "line 1: the document is empty; a timeline document is a mapping with format, version and title"),
        (
            "# only a comment\n",
            "line 1: the document is empty; a timeline document is a mapping with format, version and title",
        ),
        ("- a\n- b\n", "line 1: expected a timeline document (an object), got a list"),
        ("\n\njust text\n", "line 3: expected a timeline document (an object), got text"),
        ("null\n", "line 1: expected a timeline document (an object), got null"),
    ],
)
def test_documents_that_are_not_a_mapping(loader: str, text: str, message: str) -> None:
    assert problems(text) == [message]


def test_a_document_over_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("timeline.formats.yaml.MAX_YAML_BYTES", 64)
    assert problems("format: timeline\nversion: 1\ntitle: " + "x" * 64 + "\n") == [
        "the document is larger than the limit of 64 bytes"
    ]


SYNTAX_ERRORS = [
    (
        "format: timeline\nversion: 1\ntitle: [a, b\nevents: []\n",
        {
            "python": "line 4: not valid YAML: expected ',' or ']', but got ':' at column 7 "
            "(while parsing a flow sequence that starts on line 3)",
            "libyaml": "line 4: not valid YAML: did not find expected ',' or ']' at column 7 "
            "(while parsing a flow sequence that starts on line 3)",
        },
    ),
    (
        "format: timeline\nversion: 1\n\ttitle: x\n",
        {
            "python": "line 3: not valid YAML: found character '\\t' that cannot start any token at column 1 "
            "(while scanning for the next token)",
            "libyaml": "line 3: not valid YAML: found a tab character that violates indentation at column 1 "
            "(while scanning a plain scalar that starts on line 2)",
        },
    ),
    (
        "format: timeline\nversion: 1\ntitle: 'unclosed\n",
        {
            "python": "line 4: not valid YAML: found unexpected end of stream at column 1 "
            "(while scanning a quoted scalar that starts on line 3)",
            "libyaml": "line 4: not valid YAML: found unexpected end of stream at column 1 "
            "(while scanning a quoted scalar that starts on line 3)",
        },
    ),
    (
        "format: timeline\nversion: 1\ntitle: x\n---\nformat: timeline\n",
        {
            "python": "line 4: not valid YAML: but found another document at column 1 "
            "(expected a single document in the stream that starts on line 1)",
            "libyaml": "line 4: not valid YAML: but found another document at column 1 "
            "(expected a single document in the stream that starts on line 1)",
        },
    ),
    (
        "format: timeline\ntitle: *undefined\n",
        {
            "python": "line 2: not valid YAML: found undefined alias 'undefined' at column 8",
            "libyaml": "line 2: not valid YAML: found undefined alias at column 8",
        },
    ),
]


@pytest.mark.parametrize(("text", "expected"), SYNTAX_ERRORS)
def test_syntax_errors_are_reported_with_line_and_column(loader: str, text: str, expected: dict[str, str]) -> None:
    assert problems(text) == [expected[loader]]


def test_nesting_too_deep_is_an_input_error(loader: str) -> None:
    deep = "format: timeline\nversion: 1\ntitle: x\nextra: {a: " + "[" * 5000 + "]" * 5000 + "}\n"
    expected = {
        "python": ["not a timeline document: nested too deeply"],
        "libyaml": [
            "line 4: not valid YAML: exceeded maximum nesting depth at column 1010 "
            "(while increasing flow level that starts on line 4)"
        ],
    }
    assert problems(deep) == expected[loader]
    medium = "format: timeline\nversion: 1\ntitle: x\nextra: {a: " + "[" * 600 + "]" * 600 + "}\n"
    assert (
        problems(medium)
        == {
            "python": ["not a timeline document: nested too deeply"],
            "libyaml": [
                "line 4: lists and mappings are nested more than 40 deep here; a timeline document needs far fewer"
            ],
        }[loader]
    )
    shallow = "format: timeline\nversion: 1\ntitle: x\nextra: {a: " + "[" * 41 + "]" * 41 + "}\n"
    assert problems(shallow) == [
        "line 4: lists and mappings are nested more than 40 deep here; a timeline document needs far fewer"
    ]


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".YAML"])
def test_save_and_load_by_suffix(tmp_path: Path, suffix: str) -> None:
    plan = timeline.load(RELEASE_PLAN / "timeline.yaml")
    target = tmp_path / f"plan{suffix}"
    timeline.save(plan, target)
    assert target.read_bytes() == to_yaml(plan).encode("utf-8")
    assert timeline.load(target) == plan


def test_load_names_the_file_in_every_problem(tmp_path: Path) -> None:
    target = tmp_path / "broken.yml"
    target.write_text("format: timeline\nversion: 1\ntitle: x\nevents:\n- id: a\n", "utf-8")
    with pytest.raises(InvalidInputError) as caught:
        timeline.load(target)
    assert str(caught.value) == f"{target}:5: events[0].title: is required but missing"


def _release_build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("release_plan_build", RELEASE_PLAN / "build.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_release_plan_build_reproduces_every_committed_file(tmp_path: Path) -> None:
    build = _release_build()
    assert isinstance(build.OUTPUTS, tuple)
    build.write(tmp_path)
    for name in build.OUTPUTS:
        expected = RELEASE_PLAN / name
        assert expected.exists(), f"{expected} is missing: run examples/release-plan/build.py"
        assert (tmp_path / name).read_bytes() == expected.read_bytes(), f"{name} differs from build.py's output"


def test_release_plan_build_script_prints_the_plan(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(RELEASE_PLAN / "build.py"), str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert "Tern release plan — 10 events" in result.stdout
    assert "Q3 2026" in result.stdout
    assert "no date yet" in result.stdout
    assert result.stderr == ""
    assert from_json((tmp_path / "timeline.json").read_text("utf-8")) == timeline.load(RELEASE_PLAN / "timeline.yaml")


def test_release_plan_has_dated_quarter_and_undated_milestones_with_sources() -> None:
    plan = timeline.load(RELEASE_PLAN / "timeline.yaml")
    release = plan.get("v2-0")
    assert release is not None
    assert str(release.when) == "2026-35"
    assert release.when.label() == "Q3 2026"
    assert release.status.value == "planned"
    happened = plan.filter(status="happened")
    assert happened
    assert all(event.when.is_dated and len(str(event.when)) == 10 for event in happened)
    undated = [event for event in plan if not event.when.is_dated]
    assert undated
    assert {event.status.value for event in undated} <= {"proposed", "planned"}
    for event in plan:
        assert event.citations, f"{event.id} cites nothing"
    urls = {source.url for source in plan.sources}
    assert "https://code.example.org/tern/tern/issues/412" in urls
    assert any(url is not None and "/blog/" in url for url in urls)
    document_sources = document(plan)["sources"]
    raw = yaml.load((RELEASE_PLAN / "timeline.yaml").read_text("utf-8"), Loader=_Yaml11Loader)
    assert set(raw["sources"]) == set(document_sources)
