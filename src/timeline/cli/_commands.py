"""The commands on timeline files: ``check``, ``convert`` and ``show`` (a table of events)."""

from __future__ import annotations

import argparse
import os
import shutil
from collections.abc import Sequence
from typing import Final

from timeline.cli._files import chosen_format, read_input, render, reported_warnings, write_output
from timeline.cli._terminal import PROGRESS_EVENTS, Progress, Streams, counted, is_terminal
from timeline.errors import InvalidInputError, TimelineError
from timeline.model import Event, Status, Timeline

__all__ = ["check", "convert", "show", "show_table"]


def check(args: argparse.Namespace, streams: Streams) -> int:
    """``timeline check``: read each file strictly and print every problem; status 1 if any file has one."""
    failed = False
    for path in args.files:
        progress = Progress(streams.stderr)
        try:
            timeline = read_input(path, args.input_format, streams.stdin, progress, strict=True)
        except InvalidInputError as error:
            failed = True
            for problem in error.problems:
                streams.stderr.write(f"{problem}\n")
            continue
        except TimelineError as error:
            failed = True
            streams.stderr.write(f"{error}\n")
            continue
        progress.done(f"{path}: checked")
        dated = sum(1 for event in timeline if event.effective_when.is_dated)
        streams.text_out.write(f"{path}: ok, {counted(len(timeline), 'event')} ({dated} dated)\n")
    return 1 if failed else 0


def convert(args: argparse.Namespace, streams: Streams) -> int:
    """``timeline convert``: read one format, write another; what the output leaves out is reported."""
    source_kind = chosen_format(args.input, args.input_format, "input")
    target_kind = chosen_format(args.output, args.output_format, "output")
    progress = Progress(streams.stderr)
    timeline = read_input(args.input, source_kind, streams.stdin, progress)
    progress.say(f"writing {counted(len(timeline), 'event')} as {target_kind}…", large=len(timeline) >= PROGRESS_EVENTS)
    with reported_warnings(streams.stderr):
        data = render(timeline, target_kind, args)
    write_output(data, args.output, streams.stdout)
    progress.done(f"wrote {counted(len(timeline), 'event')}")
    return 0


_STATUS_COLOURS: Final = {
    Status.HAPPENED: "32",
    Status.SCHEDULED: "36",
    Status.PLANNED: "36",
    Status.PROPOSED: "33",
    Status.POSTPONED: "35",
    Status.CANCELLED: "31",
}


def _table(events: Sequence[Event], *, colour: bool, width: int | None) -> str:
    """A plain table of events; coloured and fitted to ``width`` on a terminal."""
    rows = [(_date_cell(event), event.status.value, event.title, _place_cell(event)) for event in events]
    headers = ("DATE", "STATUS", "TITLE", "PLACE")
    widths = [max([len(header), *(len(row[index]) for row in rows)]) for index, header in enumerate(headers)]
    if width is not None:
        spare = width - sum(widths[:2]) - widths[3] - 6
        widths[2] = max(12, min(widths[2], spare))
    lines = []

    def cell(text: str, index: int) -> str:
        if len(text) > widths[index]:
            text = text[: widths[index] - 1] + "…"
        return text.ljust(widths[index])

    header = "  ".join(cell(text, index) for index, text in enumerate(headers)).rstrip()
    lines.append(f"\x1b[1m{header}\x1b[0m" if colour else header)
    for event, row in zip(events, rows, strict=True):
        cells = [cell(text, index) for index, text in enumerate(row)]
        if colour:
            cells[1] = f"\x1b[{_STATUS_COLOURS[event.status]}m{cells[1]}\x1b[0m"
            if event.effective_when.is_vague or event.disputed:
                cells[0] = f"\x1b[2m{cells[0]}\x1b[0m"
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def _date_cell(event: Event) -> str:
    """The date the event is taken to have; when sources dispute it, each counting account's date."""
    if event.disputed:
        return " or ".join(dict.fromkeys(account.when.label() for account in event.date_accounts if account.when))
    return event.effective_when.label()


def _place_cell(event: Event) -> str:
    """The place the event is taken to have; when sources dispute it, each counting account's place."""
    if event.place_disputed:
        return " or ".join(dict.fromkeys(account.place.name for account in event.place_accounts if account.place))
    place = event.effective_place
    return "" if place is None else place.name


def _selected(timeline: Timeline, args: argparse.Namespace) -> tuple[Event, ...]:
    events: tuple[Event, ...] = timeline.events
    if args.start is not None or args.end is not None:
        start = args.start if args.start is not None else "0001"
        end = args.end if args.end is not None else "9999"
        try:
            events = timeline.between(start, end, certain=args.certain)
        except InvalidInputError as error:
            raise error.within("--from/--to") from error
    matching = {
        event.id
        for event in timeline.filter(tag=args.tag, status=args.status, kind=args.kind, actor=args.actor, text=args.text)
    }
    return tuple(event for event in events if event.id in matching)


def show_table(timeline: Timeline, args: argparse.Namespace, streams: Streams) -> int:
    """Print the selected events of ``timeline`` as a table, or write it to ``--output``."""
    events = _selected(timeline, args)
    to_file = args.output not in (None, "-")
    terminal = not to_file and is_terminal(streams.text_out)
    colour = terminal and not os.environ.get("NO_COLOR")
    width = shutil.get_terminal_size().columns if terminal else None
    title = f"{timeline.title} — {counted(len(events), 'event')}"
    if len(events) != len(timeline):
        title += f" of {len(timeline):,}"
    text = f"{title}\n\n" + _table(events, colour=colour, width=width)
    if to_file:
        write_output(text.encode("utf-8"), args.output, streams.stdout)
    else:
        streams.text_out.write(text)
    return 0


def show(args: argparse.Namespace, streams: Streams) -> int:
    """``timeline show``: print the selected events of a file as a table."""
    progress = Progress(streams.stderr)
    timeline = read_input(args.file, args.input_format, streams.stdin, progress)
    progress.done(f"read {counted(len(timeline), 'event')}")
    return show_table(timeline, args, streams)
