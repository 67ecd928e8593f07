"""Reading a command's input and writing its output: formats chosen by suffix or option, standard streams."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from timeline.cli._terminal import PROGRESS_BYTES, Progress, UsageError
from timeline.errors import InvalidInputError, TimelineWarning
from timeline.formats.files import format_of, load, read_timeline, write_atomically, write_timeline
from timeline.model import Revisions, Timeline

__all__ = ["chosen_format", "parse_stamp", "read_input", "render", "reported_warnings", "write_output"]


def chosen_format(path: str, given: str | None, role: str) -> str:
    """The format ``given`` by an option, else the one ``path``'s suffix names; ``role`` is "input" or "output"."""
    if given is not None:
        return given
    if path == "-":
        raise UsageError(f"give --{'from' if role == 'input' else 'to'} to {role} standard {role}")
    return format_of(path, action="read" if role == "input" else "write")


def read_input(path: str, kind: str | None, stdin: IO[bytes], progress: Progress, *, strict: bool = False) -> Timeline:
    kind = chosen_format(path, kind, "input")
    if path == "-":
        try:
            return read_timeline(stdin.read(), kind, strict=strict)
        except InvalidInputError as error:
            raise error.in_file("<stdin>") from error
    with contextlib.suppress(OSError):  # load says why a file cannot be read
        size = Path(path).stat().st_size
        progress.say(f"reading {path} ({size / 1_048_576:.0f} MB)…", large=size >= PROGRESS_BYTES)
    return load(path, kind=kind, strict=strict)


def parse_stamp(text: str | None) -> dt.datetime | None:
    """The ``--stamp`` option: a date and time with its zone."""
    if text is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or "T" not in text:
        raise InvalidInputError.at("--stamp", f"{text!r} is not a date and time like 2025-12-20T00:00:00Z")
    if moment.tzinfo is None:
        raise InvalidInputError.at("--stamp", f"{text!r} has no zone; end it in Z or an offset such as +01:00")
    return moment


def render(
    timeline: Timeline, kind: str, args: argparse.Namespace, revisions: dict[str, Revisions] | None = None
) -> bytes:
    """``timeline`` in the format ``kind``, with the export options given on the command line."""
    options: dict[str, Any] = {}
    if kind == "ics":
        options = {"stamp": parse_stamp(args.stamp), "name": args.name, "revisions": revisions}
        if args.namespace is not None:
            options["namespace"] = args.namespace
    elif kind == "md":
        options = {
            "diagram": not args.no_diagram,
            "group_by": args.group_by,
            "locale": args.locale,
            "revisions": revisions,
        }
    elif kind == "html":
        options = {"locale": args.locale, "revisions": revisions}
    return write_timeline(timeline, kind, **options)


def write_output(data: bytes, path: str | None, stdout: IO[bytes]) -> None:
    """Write ``data`` to ``path`` (replacing it whole), or to standard output for None or ``-``."""
    if path is None or path == "-":
        stdout.write(data)
        stdout.flush()
        return
    write_atomically(Path(path), data)


@contextmanager
def reported_warnings(stderr: IO[str]) -> Iterator[None]:
    """Show what an export left out on stderr, as one line each."""
    recorded: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", TimelineWarning)
            try:
                yield
            finally:
                recorded = list(caught)
    finally:
        _show_warnings(recorded, stderr)


def _show_warnings(caught: list[warnings.WarningMessage], stderr: IO[str]) -> None:
    for warning in caught:
        if issubclass(warning.category, TimelineWarning):
            stderr.write(f"timeline: {warning.message}\n")
        else:  # pragma: no cover -- other warnings pass through unchanged
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
