"""Write the fuzzers' seeds into fuzz/seeds/<target>/ from examples/ and the test suite's documents.

Run it again when the examples or the tests change: ``python fuzz/make_seeds.py``.
Seeds are small valid (or nearly valid) inputs; the fuzzers mutate them.
"""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import json
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from targets import ROOT, SEEDS

_MAX_SEED = 64 * 1024


def _documents_in_tests() -> dict[str, list[bytes]]:
    """String constants of the test modules that are whole documents, by target."""
    found: dict[str, list[bytes]] = {"json": [], "yaml": [], "ical": []}
    for module in sorted((ROOT / "tests").glob("*.py")):
        tree = ast.parse(module.read_text("utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant) or not isinstance(node.value, str | bytes):
                continue
            value = node.value if isinstance(node.value, bytes) else node.value.encode("utf-8", "surrogatepass")
            if len(value) > _MAX_SEED:
                continue
            if b"BEGIN:VCALENDAR" in value:
                found["ical"].append(value)
            elif value.lstrip().startswith(b"{") and b'"format"' in value:
                found["json"].append(value)
            elif b"format: timeline" in value:
                found["yaml"].append(value)
    return found


def _logs() -> list[bytes]:
    """Logs made from the examples: puts, changes, retractions, a torn tail, a missing final line break."""
    import attrs

    import timeline
    from timeline.log import EventLog

    logs = [(ROOT / "examples" / "berlin-2025" / "timeline.jsonl").read_bytes()]
    start = dt.datetime(2025, 12, 16, tzinfo=dt.UTC)
    for example in sorted((ROOT / "examples").glob("*/timeline.json")):
        source = timeline.load(example)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "log.jsonl"
            with EventLog(path, title=source.title, durable=False) as log:
                log.put_all(list(source), by="seed", why="first", at=start)
                first = next(iter(source))
                log.put(attrs.evolve(first, title=first.title + " (revised)"), by="seed", at=start + dt.timedelta(1))
                pointed = {relation.target for event in source for relation in event.relations}
                for event in list(log.timeline()):
                    if event.id not in pointed:
                        log.retract(event.id, by="seed", why="denied", at=start + dt.timedelta(2))
                        break
            logs.append(path.read_bytes())
    logs.append(logs[-1].rstrip(b"\n"))
    logs.append(logs[-2] + b'{"seq":99,"prev":"00')
    return logs


def main() -> None:
    warnings.simplefilter("ignore")
    seeds: dict[str, list[bytes]] = {target: [] for target in ("json", "yaml", "ical", "log", "check")}
    for path in sorted((ROOT / "examples").glob("*/timeline.*")):
        kind = {".json": "json", ".yaml": "yaml", ".ics": "ical"}.get(path.suffix)
        if kind is not None:
            seeds[kind].append(path.read_bytes())
    for kind, documents in _documents_in_tests().items():
        seeds[kind].extend(documents)
    small = {
        "json": json.dumps(
            {
                "format": "timeline",
                "version": 1,
                "title": "T",
                "sources": {"a": {"publisher": "A", "via": "b"}, "b": {"publisher": "B", "via": "a"}},
                "events": [
                    {"id": "x", "title": "X", "when": "2025-12", "citations": [{"source": "a"}]},
                    {"id": "y", "title": "Y", "relations": [{"kind": "part_of", "target": "x"}]},
                ],
            }
        ).encode()
    }
    seeds["json"].append(small["json"])
    seeds["log"] = _logs()
    prefixes = {"json": b"\x00", "yaml": b"\x01", "ical": b"\x02"}
    for kind, prefix in prefixes.items():
        seeds["check"].extend(prefix + seed for seed in seeds[kind][:4])
    shutil.rmtree(SEEDS, ignore_errors=True)
    for target, documents in seeds.items():
        folder = SEEDS / target
        folder.mkdir(parents=True, exist_ok=True)
        for document in documents:
            if len(document) <= _MAX_SEED:
                (folder / hashlib.sha256(document).hexdigest()[:16]).write_bytes(document)
        print(f"{target}: {len(list(folder.iterdir()))} seeds")


if __name__ == "__main__":
    main()
