"""Run the fuzzers: ``python fuzz/run.py TARGET... [--seconds N] [--engine atheris|mutate]``.

Targets: json, yaml, ical, log, check, or all (see fuzz/targets.py). Each runs for
``--seconds`` (default 60) in its own process, seeded from fuzz/seeds/<target>/
plus the inputs it found interesting before (fuzz/corpus/<target>/, not committed).

Engines: ``atheris`` (coverage-guided libFuzzer, ``pip install -e '.[fuzz]'``), the
default when it is installed; ``mutate``, a structure-aware mutator in pure Python
(byte flips and splices, JSON values swapped and nested, lines repeated and
dropped, hostile tokens), which needs nothing else.

An input that breaks the invariant is written to fuzz/crashes/<target>/ and the
run fails (exit status 1). Commit it: tests/test_fuzz.py replays every committed
input. The last line of each target's report says how many inputs ran.

For hours: ``python fuzz/run.py all --seconds 3600``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from targets import CRASHES, ROOT, TARGETS, HangingInputError, seed_files  # noqa: E402 -- run as a script

CORPUS = HERE / "corpus"


def _have_atheris() -> bool:
    try:
        import atheris  # noqa: F401
    except ImportError:
        return False
    return True


_TOKENS = [
    b"\xff",
    b"\xc3",
    b"\x00",
    b"\r",
    b"\n",
    b"\r\n",
    b" ",
    b"\t",
    b"\\",
    b'"',
    b"'",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b",",
    b"null",
    b"true",
    b"1e999",
    b"NaN",
    b"-0",
    b"99999999999999999999",
    b"\\ud800",
    b"\\u0000",
    b"&a",
    b"*a",
    b"!!python/object",
    b"? ",
    b"- ",
    b"---",
    b"...",
    b"via",
    b"part_of",
    b"follows",
    b"sources",
    b"events",
    b"citations",
    b"relations",
    b"extra",
    b"when",
    b"2025-13-01",
    b"2025-12-15T14:00+01:00[Europe/Berlin]",
    b"../..",
    b"2025-12-14/..",
    b"BEGIN:VEVENT",
    b"END:VEVENT",
    b"BEGIN:VCALENDAR",
    b"END:VCALENDAR",
    b"DTSTART;VALUE=DATE:20251215",
    b"DTSTART:20251215T140000Z",
    b"RRULE:FREQ=DAILY;COUNT=1000000",
    b"X-TIMELINE-SOURCE:",
    b"X-TIMELINE-RELATION:",
    b"UID:",
    b"TZID=Europe/Berlin",
    b";VALUE=PERIOD",
    b'"hash":"',
    b'"prev":"',
    b'"seq":',
    b'"op":"retract"',
    b'"op":"put"',
]


def _json_mutation(rng: random.Random, data: bytes) -> bytes | None:
    """A mutation of the JSON structure itself: a value swapped, removed, repeated or nested."""
    try:
        value = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError):  # not JSON, or nested too deep for the json module
        return None
    containers: list[object] = []
    values: list[object] = []
    stack = [value]
    while stack:
        item = stack.pop()
        values.append(item)
        if isinstance(item, dict):
            containers.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            containers.append(item)
            stack.extend(item)
    if not containers:
        return None
    target = rng.choice(containers)
    other = rng.choice(values)
    choice = rng.randrange(5)
    if isinstance(target, dict) and target:
        key = rng.choice(list(target))
        if choice == 0:
            del target[key]
        elif choice == 1:
            target[key] = other
        elif choice == 2:
            target[key] = [target[key]] if rng.random() < 0.5 else {"k": target[key]}
        elif choice == 3:
            target[rng.choice(["via", "id", "source", "target", key + "x"])] = other
        else:
            try:
                text, member, repeated = json.dumps(value), json.dumps(key) + ":", json.dumps(other)
            except (ValueError, RecursionError):
                return None
            return text.replace(member, member + repeated + "," + member, 1).encode("utf-8", "surrogatepass")
    elif isinstance(target, list):
        if target and choice < 2:
            del target[rng.randrange(len(target))]
        else:
            target.insert(rng.randrange(len(target) + 1), other if choice != 4 else target[:])
    try:
        return json.dumps(value, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
    except (ValueError, RecursionError):  # a value put inside itself
        return None


def mutate(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    """One to eight random mutations of ``data``."""
    for _ in range(rng.choice((1, 1, 2, 3, 8))):
        choice = rng.randrange(12)
        position = rng.randrange(len(data) + 1)
        if choice == 0 and data:
            index = rng.randrange(len(data))
            data = data[:index] + bytes([data[index] ^ (1 << rng.randrange(8))]) + data[index + 1 :]
        elif choice == 1:
            data = data[:position] + rng.choice(_TOKENS) + data[position:]
        elif choice == 2 and data:
            end = min(len(data), position + rng.randrange(1, 64))
            data = data[:position] + data[end:]
        elif choice == 3 and data:
            end = min(len(data), position + rng.randrange(1, 256))
            data = data[:end] + data[position:end] * rng.choice((1, 2, 16)) + data[end:]
        elif choice == 4:
            other = rng.choice(pool)
            start = rng.randrange(len(other) + 1)
            data = data[:position] + other[start : start + rng.randrange(1, 512)] + data[position:]
        elif choice == 5:
            lines = data.split(b"\n")
            if len(lines) > 1:
                index = rng.randrange(len(lines))
                if rng.random() < 0.5:
                    del lines[index]
                else:
                    lines.insert(rng.randrange(len(lines)), lines[index])
                data = b"\n".join(lines)
        elif choice == 6:
            mutated = _json_mutation(rng, data)
            if mutated is not None:
                data = mutated
        elif choice == 7:
            data = data[:position]
        elif choice == 8 and data:
            index = rng.randrange(len(data))
            data = data[:index] + bytes([rng.randrange(256)]) + data[index + 1 :]
        elif choice == 9:
            digits = re.compile(rb"[0-9]+")
            found = list(digits.finditer(data))
            if found:
                match = rng.choice(found)
                number = rng.choice((b"0", b"-1", b"13", b"32", b"99", b"2147483648", b"9" * 30))
                data = data[: match.start()] + number + data[match.end() :]
        elif choice == 10:
            data = data.replace(b"\n", b"\r\n") if rng.random() < 0.5 else data.rstrip(b"\n")
        else:
            data = data[:position] + rng.choice((b"[", b"{", b"- ", b" ")) * rng.randrange(1, 200) + data[position:]
    return data


def run_mutate(target: str, seconds: float, seed: int) -> int:
    """Mutate seeds for ``seconds``; return the number of failing inputs found."""
    check: Callable[[bytes], None] = TARGETS[target]
    pool = [path.read_bytes() for path in seed_files(target)] + [
        path.read_bytes() for path in sorted((CORPUS / target).glob("*"))[:500] if path.is_file()
    ]
    if not pool:
        pool = [b""]
    rng = random.Random(seed)  # noqa: S311 -- reproducible mutations, not secrets
    deadline = time.monotonic() + seconds
    runs = failures = 0
    seen: set[str] = set()
    for data in pool:
        runs += 1
        failures += _run_one(target, check, data, seen)
    while time.monotonic() < deadline:
        data = mutate(rng, rng.choice(pool), pool)
        runs += 1
        failures += _run_one(target, check, data, seen)
    print(f"{target}: mutate: {runs:,} inputs in {seconds:g} s, {failures} failing, seed {seed}", flush=True)
    return failures


def _run_one(target: str, check: Callable[[bytes], None], data: bytes, seen: set[str]) -> int:
    """Run one input; return 1 if it broke the invariant."""
    try:
        check(data)
    except (Exception, HangingInputError) as error:  # noqa: BLE001 -- every other exception is what we look for
        frames = traceback.extract_tb(error.__traceback__)
        where = f"{type(error).__name__} at {frames[-1].filename}:{frames[-1].lineno}" if frames else repr(error)
        name = hashlib.sha256(data).hexdigest()[:16]
        folder = CRASHES / target
        folder.mkdir(parents=True, exist_ok=True)
        if where not in seen:
            seen.add(where)
            (folder / f"crash-{name}").write_bytes(data)
            print(f"{target}: CRASH {where}: {error!s:.200}\n  input: {folder / f'crash-{name}'}", flush=True)
        return 1
    return 0


def run_atheris(target: str, seconds: float) -> int:
    """Run libFuzzer through atheris in this process; never returns."""
    import atheris

    with atheris.instrument_imports(include=["timeline"]):
        import timeline
        import timeline.cli
        import timeline.log  # noqa: F401
    check = TARGETS[target]
    corpus = CORPUS / target
    corpus.mkdir(parents=True, exist_ok=True)
    crashes = CRASHES / target
    crashes.mkdir(parents=True, exist_ok=True)
    argv = [
        sys.argv[0],
        str(corpus),
        str(HERE / "seeds" / target),
        f"-max_total_time={int(seconds)}",
        "-timeout=20",
        "-rss_limit_mb=4096",
        "-max_len=65536",
        "-print_final_stats=1",
        f"-artifact_prefix={crashes}/",
    ]
    atheris.Setup(argv, check)
    atheris.Fuzz()
    return 0


def _atheris_child(target: str, seconds: float) -> int:
    """Run atheris on ``target`` in a child process for ``seconds``; report its runs; return the number of crashes."""
    started = time.monotonic()
    count = 0
    while (left := seconds - (time.monotonic() - started)) >= 1:
        command = [sys.executable, __file__, target, "--seconds", str(left), "--engine", "atheris", "--child"]
        result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)  # noqa: S603
        output = result.stdout + result.stderr
        runs = re.findall(r"stat::number_of_executed_units: (\d+)", output) or re.findall(r"Done (\d+) runs", output)
        count += int(runs[-1]) if runs else 0
        if result.returncode == 0:
            break
        tail = "\n".join(output.splitlines()[-40:])
        elapsed = time.monotonic() - started
        print(f"{target}: atheris: CRASH after {elapsed:.0f} s (exit status {result.returncode})\n{tail}", flush=True)
        return 1
    elapsed = time.monotonic() - started
    print(f"{target}: atheris: {count:,} inputs in {elapsed:.0f} s, 0 failing", flush=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="+", choices=[*TARGETS, "all"])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to run each target (default 60)")
    parser.add_argument("--engine", choices=["atheris", "mutate"], help="default: atheris if installed")
    parser.add_argument("--seed", type=int, default=None, help="the mutator's random seed (default: from the time)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    targets = list(TARGETS) if "all" in args.targets else args.targets
    engine = args.engine or ("atheris" if _have_atheris() else "mutate")
    if args.child:
        return run_atheris(targets[0], args.seconds)
    failures = 0
    for target in targets:
        if engine == "atheris":
            failures += _atheris_child(target, args.seconds)
        else:
            seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(4), "big")
            failures += run_mutate(target, args.seconds, seed)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
