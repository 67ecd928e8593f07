"""The ``timeline`` command: check, convert and show timelines, and keep an event log.

A thin layer over the library, on :mod:`argparse` from the standard library: it
parses arguments, calls keyword-only library functions, and turns
:class:`~timeline.errors.TimelineError` into a message on stderr and exit status 1.
Usage errors exit with status 2, as argparse does.

The arguments are declared in :mod:`timeline.cli._arguments`; the commands live in
``_commands`` (check, convert, show), ``_log_commands`` (``timeline log …``) and
``_publish``; ``_files`` reads and writes what they work on, ``_terminal`` holds
the streams and the progress display.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from typing import IO

from timeline.cli._arguments import build_parser
from timeline.cli._files import reported_warnings
from timeline.cli._publish import PUBLISHED
from timeline.cli._terminal import Streams, TextOut, UsageError
from timeline.errors import InvalidInputError, TimelineError

__all__ = ["PUBLISHED", "main"]


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: IO[bytes] | None = None,
    stdout: IO[bytes] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    error_stream = stderr if stderr is not None else sys.stderr
    binary_out = stdout if stdout is not None else sys.stdout.buffer
    text_out = TextOut(binary_out) if stdout is not None else sys.stdout
    streams = Streams(stdin if stdin is not None else sys.stdin.buffer, binary_out, error_stream, text_out)
    parser = build_parser()
    try:
        with contextlib.redirect_stderr(error_stream):
            args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        with reported_warnings(error_stream):
            status: int = args.run(args, streams)
    except UsageError as error:
        parser.print_usage(error_stream)
        error_stream.write(f"timeline: error: {error}\n")
        return 2
    except InvalidInputError as error:
        for problem in error.problems:
            error_stream.write(f"timeline: {problem}\n")
        return 1
    except TimelineError as error:
        error_stream.write(f"timeline: {error}\n")
        return 1
    except BrokenPipeError:
        return 1
    except KeyboardInterrupt:
        error_stream.write("timeline: interrupted\n")
        return 130
    return status
