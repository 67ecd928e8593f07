"""The worst inputs we could construct for the JSON, YAML and log readers: each is refused with
a TimelineError (or read), in time that grows about linearly with its size.

Each case is sized so that quadratic work would take minutes where linear work takes
about a second, and must finish within :data:`BUDGET` seconds of CPU time.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import timeline
from timeline import TimelineError
from timeline.errors import CorruptLogError
from timeline.log import EventLog

BUDGET = 20.0
N = 8_000


@contextmanager
def within_budget() -> Iterator[None]:
    started = time.process_time()
    yield
    spent = time.process_time() - started
    assert spent < BUDGET, f"took {spent:.1f} s of CPU time"


def document(sources: dict[str, Any] | None = None, events: list[Any] | None = None, **more: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"format": "timeline", "version": 1, "title": "T", **more}
    if sources is not None:
        data["sources"] = sources
    data["events"] = events or []
    return data


def cite(key: str) -> list[dict[str, Any]]:
    return [{"id": "e", "title": "E", "citations": [{"source": key}]}]


def via_chain(n: int) -> dict[str, Any]:
    sources: dict[str, Any] = {f"s{i}": {"publisher": "P", "via": f"s{i + 1}"} for i in range(n)}
    sources[f"s{n}"] = {"publisher": "P"}
    return document(sources, cite("s0"))


def via_circle(n: int) -> dict[str, Any]:
    return document({f"s{i}": {"publisher": "P", "via": f"s{(i + 1) % n}"} for i in range(n)}, cite("s0"))


def relation_chain(kind: str, n: int, *, circle: bool) -> dict[str, Any]:
    events = [
        {"id": f"e{i}", "title": "E", "relations": [{"kind": kind, "target": f"e{(i + 1) % n if circle else i + 1}"}]}
        for i in range(n)
    ]
    if not circle:
        events.append({"id": f"e{n}", "title": "E"})
    return document(None, events)


SCALING: dict[str, tuple[Callable[[int], dict[str, Any]], str | None]] = {
    "a via chain of sources": (via_chain, "is longer than the limit of 32"),
    "a via circle of sources": (via_circle, r"via goes round in a circle: s0 → s1 .* → s0 \("),
    "sources, all cited": (
        lambda n: document(
            {f"s{i}": {"publisher": "P"} for i in range(n)},
            [{"id": "e", "title": "E", "citations": [{"source": f"s{i}"} for i in range(n)]}],
        ),
        None,
    ),
    "a part_of chain of events": (lambda n: relation_chain("part_of", n, circle=False), None),
    "a part_of circle of events": (lambda n: relation_chain("part_of", n, circle=True), "goes round in a circle"),
    "a follows circle of events": (lambda n: relation_chain("follows", n, circle=True), None),
}


def read_json(text: str) -> None:
    timeline.from_json(text)


def read_yaml(text: str) -> None:
    timeline.from_yaml(text)


def _cost(reader: Callable[[str], None], text: str, problem: str | None) -> float:
    """CPU time to read ``text``, which must be read, or refused with ``problem`` ("any": either).

    The garbage collector is paused while timing: its passes cost in proportion to every
    object the test run holds, not to the document read.
    """
    gc.collect()
    gc.disable()
    try:
        return _timed(reader, text, problem)
    finally:
        gc.enable()


def _timed(reader: Callable[[str], None], text: str, problem: str | None) -> float:
    started = time.process_time()
    if problem == "any":
        with contextlib.suppress(TimelineError):
            reader(text)
    elif problem is None:
        reader(text)
    else:
        with pytest.raises(TimelineError, match=problem):
            reader(text)
    return time.process_time() - started


@pytest.mark.parametrize(
    ("reader", "name"),
    [
        *((read_json, name) for name in SCALING),
        # YAML goes through the same converter; these cases are where its own steps could add up.
        (read_yaml, "a via chain of sources"),
        (read_yaml, "a via circle of sources"),
    ],
    ids=[*(f"json-{name}" for name in SCALING), "yaml-a via chain of sources", "yaml-a via circle of sources"],
)
def test_worst_documents_cost_about_linear_time(name: str, reader: Callable[[str], None]) -> None:
    """Four times the size costs at most about four times the time (quadratic work would cost sixteen)."""
    make, problem = SCALING[name]
    small, large = json.dumps(make(N // 4)), json.dumps(make(N))  # JSON is also YAML (flow style, one line)
    _cost(reader, small, problem)  # warm the caches
    # The fastest of three runs of each size: another process on the machine only ever adds time.
    large_cost = min(_cost(reader, large, problem) for _ in range(3))
    small_cost = min(_cost(reader, small, problem) for _ in range(3))
    ratio = large_cost / max(small_cost, 1e-3)
    assert ratio < 9, f"4 × the input cost {ratio:.1f} × the time"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (document(None, [{"id": "e", "title": "x" * 10_000_000}]), "the limit is 1,000"),
        (document(None, [{"id": "e", "title": "t", "when": "2" * 10_000_000}]), "is too long to be a date"),
        (document(None, [{"id": "e", "title": "t", "extra": {"x" * 10_000_000: 1}}]), "any"),
    ],
    ids=["title", "date", "key"],
)
@pytest.mark.parametrize("reader", [read_json, read_yaml], ids=["json", "yaml"])
def test_one_10_mb_line_is_read_in_bounded_time(
    data: dict[str, Any], problem: str | None, reader: Callable[[str], None]
) -> None:
    with within_budget():
        _cost(reader, json.dumps(data), problem)


def test_a_via_circle_in_block_yaml_is_refused_in_linear_time() -> None:
    text = "format: timeline\nversion: 1\ntitle: T\nsources:\n" + "".join(
        f"  s{i}:\n    publisher: P\n    via: s{(i + 1) % N}\n" for i in range(N)
    )
    text += "events:\n- id: e\n  title: E\n  citations:\n  - source: s0\n"
    with within_budget(), pytest.raises(TimelineError, match="via goes round in a circle"):
        timeline.from_yaml(text)


def test_many_dropped_yaml_values_are_located_in_linear_time() -> None:
    """Each value with a tag not allowed is dropped and named once, with its line."""
    text = "format: timeline\nversion: 1\ntitle: T\nevents:\n" + "".join(
        f"- id: e{i}\n  title: !!binary aGVsbG8=\n" for i in range(N // 2)
    )
    with within_budget(), pytest.raises(TimelineError) as caught:
        timeline.from_yaml(text)
    problems = caught.value.problems  # type: ignore[attr-defined]
    assert len(problems) == N // 2
    assert (
        str(problems[-1])
        == f"line {4 + N}: events[{N // 2 - 1}].title: the tag !!binary is not allowed; write a plain value"
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[" * 1_000_000 + "]" * 1_000_000, "nested too deeply"),
        (json.dumps(document(extra={"a": json.loads("[" * 41 + "]" * 41)})), "nested deeper than 32 levels"),
        (
            '{"format":"timeline","version":1,"title":"T","events":[],"x":1,"x":' + "[" * 500 + "]" * 500 + "}",
            "nested more than 40 deep here",
        ),
    ],
    ids=["a million brackets", "deep user data", "deep nesting with a repeated key"],
)
def test_deep_nesting_is_refused(text: str, problem: str) -> None:
    with within_budget(), pytest.raises(TimelineError, match=problem):
        timeline.from_json(text)


def test_deep_nesting_in_yaml_is_refused() -> None:
    text = "format: timeline\nversion: 1\ntitle: T\nextra:\n" + "".join(f"{'  ' * (d + 1)}k:\n" for d in range(60))
    with pytest.raises(TimelineError, match=r"line 44: lists and mappings are nested more than 40 deep"):
        timeline.from_yaml(text)


def _seal(raw: bytes) -> bytes:
    return raw[:-1] + b',"hash":"' + hashlib.sha256(raw).hexdigest().encode() + b'"}'


HEADER = _seal(b'{"format":"timeline-log","version":1,"title":"T"}')


def _revision(seq: int, prev: bytes, body: bytes, *, event_id: str = "a") -> bytes:
    at = f"2025-01-01T00:00:{seq // 1_000_000:02d}.{seq % 1_000_000:06d}Z".encode()
    start = b'{"seq":%d,"prev":"%s","at":"%s","op":"put","id":"%s",' % (seq, prev[-66:-2], at, event_id.encode())
    return _seal(start + body)


def _open_and_verify(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with EventLog(path) as log:
            log.timeline()
            list(log)
            log.verify()


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            b'"by":"x","event":{"id":"a","title":"A","extra":' + b"[" * 100_000 + b"]" * 100_000 + b'},"sources":{}}',
            ":2: lists and objects are nested too deeply",
        ),
        (
            b'"by":"x","event":{"id":"a","title":"A","description":"' + b"x" * 10_000_000 + b'"},"sources":{}}',
            ":2: event.description: is 10,000,000 characters long",
        ),
    ],
    ids=["deep nesting", "a 10 MB line"],
)
def test_a_sealed_line_of_a_hostile_event_is_named(tmp_path: Path, body: bytes, problem: str) -> None:
    data = HEADER + b"\n" + _revision(1, HEADER, body) + b"\n"
    with within_budget(), pytest.raises(CorruptLogError, match=problem):
        _open_and_verify(tmp_path / "log.jsonl", data)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (
            _seal(b'{"format":"timeline-log","version":1,"title":"T","x":' + b"[" * 100_000 + b"]" * 100_000 + b"}")
            + b"\n",
            ":1: is not an event log",
        ),
        (HEADER + b"\n" + b"x" * 10_000_000 + b"\n", ":2: not valid JSON"),
        (HEADER + b"\n" + b"\xff" * 10_000_000 + b"\n", ":2: not UTF-8 text"),
        (HEADER + b"\n" + b"x" * 10_000_000, ":2: a torn last line \\(10,000,000 bytes"),
    ],
    ids=["a deep header", "a 10 MB line that is not JSON", "a 10 MB line that is not UTF-8", "a 10 MB torn tail"],
)
def test_hostile_log_files_are_refused(tmp_path: Path, data: bytes, problem: str) -> None:
    with within_budget(), pytest.raises(CorruptLogError, match=problem):
        _open_and_verify(tmp_path / "log.jsonl", data)


def test_a_log_of_a_long_part_of_chain_is_verified_in_linear_time(tmp_path: Path) -> None:
    lines, prev = [HEADER], HEADER
    for number in range(N // 2):
        relations = b',"relations":[{"kind":"part_of","target":"e%d"}]' % (number - 1) if number else b""
        body = b'"by":"x","event":{"id":"e%d","title":"E"%s},"sources":{}}' % (number, relations)
        prev = _revision(number + 1, prev, body, event_id=f"e{number}")
        lines.append(prev)
    with within_budget():
        _open_and_verify(tmp_path / "log.jsonl", b"\n".join(lines) + b"\n")
