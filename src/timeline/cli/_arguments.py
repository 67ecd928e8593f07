"""The command line's arguments: one :mod:`argparse` parser with a sub-command for each job."""

from __future__ import annotations

import argparse

from timeline._version import __version__
from timeline.cli import _commands, _log_commands
from timeline.cli._publish import add_publish_parser
from timeline.formats.files import READABLE, WRITABLE
from timeline.model import Status

__all__ = ["build_parser"]


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``timeline``'s arguments; each command's function is its ``run`` default."""
    parser = argparse.ArgumentParser(
        prog="timeline",
        description="Check, convert and show timelines of dated events with provenance.",
        epilog="Exit status: 0 on success, 1 for invalid input, 2 for a usage error.",
    )
    parser.add_argument("--version", action="version", version=f"timeline {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = commands.add_parser(
        "check",
        help="validate files and print every problem",
        description=(
            "Validate timeline files (.json, .yaml, .ics, .csv, .parquet) "
            "and print every problem with its file and line. "
            "Another program's .ics file is checked as strictly as timeline's own: every event must be read, "
            "and every line."
        ),
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="files to check; - for standard input")
    check.add_argument("--from", dest="input_format", choices=READABLE, help="the format of the input")
    check.set_defaults(run=_commands.check)

    convert = commands.add_parser(
        "convert",
        help="convert between JSON, YAML, iCalendar, CSV, Markdown and HTML",
        description=(
            "Convert a timeline between formats, chosen by the files' suffixes "
            "(.json, .yaml, .ics, .csv, .parquet, .md, .html). "
            "A .csv file may also be TimelineJS's Google Sheets template. "
            "Left out is reported on stderr: undated events, which a calendar cannot hold, relations in CSV, "
            "and the events of another program's calendar that cannot be read."
        ),
    )
    convert.add_argument("input", metavar="IN", help="the input file; - for standard input (needs --from)")
    convert.add_argument("output", metavar="OUT", help="the output file; - for standard output (needs --to)")
    convert.add_argument("--from", dest="input_format", choices=READABLE, help="the format of IN")
    convert.add_argument("--to", dest="output_format", choices=WRITABLE, help="the format of OUT")
    _export_options(convert)
    convert.set_defaults(run=_commands.convert)

    add_publish_parser(commands)

    show = commands.add_parser(
        "show",
        help="print a table of events",
        description=("Print the events of a timeline as a table: coloured on a terminal, plain when piped."),
    )
    show.add_argument("file", metavar="FILE", help="the timeline file; - for standard input (needs --from)")
    show.add_argument("--from", dest="input_format", choices=READABLE, help="the format of FILE")
    _selection(show)
    show.add_argument("-o", "--output", metavar="FILE", help="write the table to FILE instead of standard output")
    show.set_defaults(run=_commands.show)

    log = commands.add_parser(
        "log",
        help="record and query an event log",
        description=(
            "Keep an append-only, hash-chained history of a timeline in a JSON Lines file, and ask what was "
            "believed when."
        ),
    )
    log_commands = log.add_subparsers(dest="log_command", metavar="LOG_COMMAND", required=True)

    put = log_commands.add_parser(
        "put",
        help="record the events of a file that are new or changed",
        description=(
            "Record, as one batch, every event of FILE (or those named with --id) that is new or differs from the "
            "log's current version. A new log is started with FILE's title and description (or --title and "
            "--description); an existing log keeps its own."
        ),
    )
    put.add_argument("log", metavar="LOG", help="the log file (.jsonl)")
    put.add_argument("file", metavar="FILE", help="a timeline file holding the events")
    put.add_argument("--from", dest="input_format", choices=READABLE, help="the format of FILE")
    put.add_argument("--id", dest="ids", action="append", metavar="ID", help="record only this event (repeatable)")
    _recording(put)
    put.add_argument("--title", help="the timeline's title, to start a new log (default: FILE's title)")
    put.add_argument(
        "--description", help="the timeline's description, to start a new log (default: FILE's description)"
    )
    put.set_defaults(run=_log_commands.log_put)

    retract = log_commands.add_parser("retract", help="record that events no longer hold")
    retract.add_argument("log", metavar="LOG", help="the log file (.jsonl)")
    retract.add_argument("ids", nargs="+", metavar="ID", help="the ids to retract")
    _recording(retract)
    retract.set_defaults(run=_log_commands.log_retract)

    log_show = log_commands.add_parser(
        "show",
        help="the timeline as believed at a time",
        description=(
            "Print the timeline as believed at --as-of (default: now) as a table, or write it with --to or -o "
            "in any format, with revision data for iCalendar and Markdown."
        ),
    )
    log_show.add_argument("log", metavar="LOG", help="the log file (.jsonl)")
    log_show.add_argument(
        "--as-of",
        metavar="TIME",
        help="a recorded time, e.g. 2025-12-16T12:00:00Z, or a date: the end of that day in UTC, so that everything "
        "recorded on it counts",
    )
    log_show.add_argument("--to", dest="output_format", choices=WRITABLE, help="write this format, not a table")
    log_show.add_argument("-o", "--output", metavar="FILE", help="write to FILE (format from its suffix)")
    _selection(log_show)
    _export_options(log_show)
    log_show.set_defaults(run=_log_commands.log_show)

    history = log_commands.add_parser("history", help="every revision of one event")
    history.add_argument("log", metavar="LOG", help="the log file (.jsonl)")
    history.add_argument("id", metavar="ID", help="the event id")
    history.set_defaults(run=_log_commands.log_history)

    diff = log_commands.add_parser(
        "diff",
        help="what changed between two recorded times",
        description=(
            "List the events added (+), changed (~) and retracted (-) between the timeline believed at SINCE and "
            "the one believed at UNTIL. A date stands for the end of that day in UTC, as in log show, so "
            "'diff LOG 2026-03-04 2026-03-05' is what was recorded on 5 March."
        ),
    )
    diff.add_argument("log", metavar="LOG", help="the log file (.jsonl)")
    diff.add_argument("since", metavar="SINCE", help="a recorded time, or a date (its end, UTC)")
    diff.add_argument("until", metavar="UNTIL", nargs="?", help="a later recorded time or date (default: now)")
    diff.set_defaults(run=_log_commands.log_diff)

    verify = log_commands.add_parser("verify", help="check the hash chain and every record")
    verify.add_argument("log", metavar="LOG", help="the log file (.jsonl)")
    verify.set_defaults(run=_log_commands.log_verify)

    repair = log_commands.add_parser("repair", help="move a torn last line into a side file")
    repair.add_argument("log", metavar="LOG", help="the log file (.jsonl)")
    repair.set_defaults(run=_log_commands.log_repair)
    return parser


def _export_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("export options")
    group.add_argument("--locale", default="en", choices=("en", "de", "uk"), help="Markdown, HTML: language")
    group.add_argument("--no-diagram", action="store_true", help="Markdown: leave out the Mermaid diagram")
    group.add_argument("--group-by", default="month", choices=("month", "year"), help="Markdown: sections")
    group.add_argument("--stamp", metavar="TIME", help="iCalendar: DTSTAMP, e.g. 2025-12-20T00:00:00Z")
    group.add_argument("--name", help="iCalendar: the calendar's name (default: the title)")
    group.add_argument("--namespace", help="iCalendar: the UID domain (id@namespace)")


def _selection(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("selection")
    group.add_argument("--from-date", "--since", dest="start", metavar="DATE", help="events that may be on or after")
    group.add_argument("--to-date", "--until", dest="end", metavar="DATE", help="events that may be on or before")
    group.add_argument("--certain", action="store_true", help="only events certainly within the dates")
    group.add_argument("--tag", help="events with this tag")
    group.add_argument("--status", choices=[status.value for status in Status], help="events with this status")
    group.add_argument("--kind", help="events of this kind")
    group.add_argument("--actor", help="events with this actor")
    group.add_argument("--text", help="events whose text contains this, ignoring case")


def _recording(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", required=True, help="who records the revision")
    parser.add_argument("--note", help="why: a note kept with the revision")
    parser.add_argument(
        "--at",
        metavar="TIME",
        help="the recorded time (default: now): a date and time with its zone, e.g. 2025-12-16T12:00:00Z "
        "(a date alone is refused)",
    )
