"""``timeline log``: record revisions into an event log and ask it what was believed when.

The log is imported when a log command runs, so that the other commands start without it.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from timeline._validation import quote
from timeline.cli._commands import show_table
from timeline.cli._files import chosen_format, read_input, render, reported_warnings, write_output
from timeline.cli._terminal import Progress, Streams, counted
from timeline.errors import InvalidInputError, TimelineError, TimelineWarning
from timeline.model import Citation, Unbounded, When

if TYPE_CHECKING:
    from timeline.log import EventLog, Revision

__all__ = ["log_diff", "log_history", "log_put", "log_repair", "log_retract", "log_show", "log_verify"]


def _query_time(text: str | None, option: str) -> dt.datetime | None:
    """A time to ask the log about: a date and time with a zone, or a date, standing for its end in UTC.

    So ``--as-of 2026-03-05`` counts everything recorded on 5 March (UTC), whatever
    its time of day.
    """
    if text is None:
        return None
    if "T" in text:
        return _zoned(text, option)
    try:
        when = When.parse(text)
    except InvalidInputError:
        raise InvalidInputError.at(option, f"{text!r} is not a date or a date and time") from None
    if not when.is_dated or isinstance(when.end, Unbounded):
        raise InvalidInputError.at(option, f"{text!r} has no end")
    last = when.latest_day  # a calendar day, never a clamped one: None outside the years 1–9999
    if last is None:
        raise InvalidInputError.at(option, f"{text!r} is outside the years 0001–9999 of recorded times")
    return dt.datetime(last.year, last.month, last.day, 23, 59, 59, 999_999, tzinfo=dt.UTC)


def _recorded_time(text: str | None, option: str) -> dt.datetime | None:
    """The time a revision is recorded at: a date and time with a zone; a date alone is refused.

    A date does not say which moment of the day is meant, and either choice misleads:
    its end puts the revisions after ``--as-of`` that same date (and the second and
    later ones of a batch on the next day); its start is before anything recorded
    earlier that day, so the append would be refused.
    """
    if text is None:
        return None
    if "T" in text:
        return _zoned(text, option)
    example = "2026-03-05T09:00:00Z"
    try:
        When.parse(text)
    except InvalidInputError:
        raise InvalidInputError.at(option, f"{text!r} is not a date and time with a zone, like {example}") from None
    with contextlib.suppress(ValueError):  # a month, a year or an interval has no one day to show
        example = f"{dt.date.fromisoformat(text).isoformat()}T09:00:00Z"
    raise InvalidInputError.at(
        option, f"{text!r} is a date: a recorded time needs the time of day and its zone, like {example}"
    )


def _zoned(text: str, option: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInputError.at(option, f"{text!r} is not a date and time like 2025-12-16T12:00:00Z") from None
    if moment.tzinfo is None:
        raise InvalidInputError.at(option, f"{text!r} has no zone; end it in Z or an offset such as +01:00")
    return moment


def _open_log(path: str, title: str | None = None, description: str | None = None) -> EventLog:
    from timeline.log import EventLog

    if title is None and not Path(path).exists():
        raise TimelineError(f"{path}: no such log; give --title to start one")
    return EventLog(path, title=title, description=description)


def _same_header(log: EventLog, args: argparse.Namespace) -> None:
    """Refuse a --title or --description that differs from an existing log's: its header never changes."""
    for option, given, kept in (
        ("--title", args.title, log.title),
        ("--description", args.description, log.description),
    ):
        if given is not None and given != kept:
            held = "none" if kept is None else quote(kept)
            raise InvalidInputError.at(
                option,
                f"{args.log} already exists with the {option[2:]} {held}; a log keeps the {option[2:]} it was"
                " started with (leave the option out to record into it)",
            )


def log_put(args: argparse.Namespace, streams: Streams) -> int:
    """``timeline log put``: record the new and changed events of a file, as one batch."""
    progress = Progress(streams.stderr)
    source = read_input(args.file, args.input_format, streams.stdin, progress)
    wanted = set(args.ids or [event.id for event in source])
    missing = sorted(wanted - {event.id for event in source})
    if missing:
        raise InvalidInputError.at("--id", f"{args.file} has no event {', '.join(missing)}")
    at = _recorded_time(args.at, "--at")
    if Path(args.log).exists():
        title = description = None
    else:
        title = args.title or source.title
        description = args.description if args.description is not None else source.description
    with _open_log(args.log, title, description) as log:
        _same_header(log, args)
        changed = log.put_all([event for event in source if event.id in wanted], by=args.by, why=args.note, at=at)
    streams.text_out.write(f"{args.log}: recorded {counted(len(changed), 'revision')}")
    streams.text_out.write(f" ({len(wanted) - len(changed)} unchanged)\n")
    return 0


def log_retract(args: argparse.Namespace, streams: Streams) -> int:
    """``timeline log retract``: record that the events named no longer hold, as one batch."""
    at = _recorded_time(args.at, "--at")
    with _open_log(args.log) as log, log.batch():
        for number, event_id in enumerate(args.ids):
            moment = None if at is None else at + dt.timedelta(microseconds=number)
            log.retract(event_id, by=args.by, why=args.note, at=moment)
    streams.text_out.write(f"{args.log}: retracted {', '.join(args.ids)}\n")
    return 0


def log_show(args: argparse.Namespace, streams: Streams) -> int:
    """``timeline log show``: the timeline believed at ``--as-of``, as a table or in a format."""
    with _open_log(args.log) as log:
        as_of = _query_time(args.as_of, "--as-of")
        timeline = log.timeline(as_of)
        revisions = log.revisions(as_of)
    if args.output_format is not None or (args.output not in (None, "-") and Path(args.output).suffix != ".txt"):
        kind = chosen_format(args.output or "-", args.output_format, "output")
        with reported_warnings(streams.stderr):
            data = render(timeline, kind, args, revisions=revisions)
        write_output(data, args.output, streams.stdout)
        return 0
    return show_table(timeline, args, streams)


def log_history(args: argparse.Namespace, streams: Streams) -> int:
    """``timeline log history``: every revision of one event, a line each."""
    with _open_log(args.log) as log:
        revisions = log.history(args.id)
    if not revisions:
        raise InvalidInputError.at("id", f"{args.log} has no revision of {args.id!r}")
    for revision in revisions:
        streams.text_out.write(f"{_describe(revision)}\n")
    return 0


def _describe(revision: Revision) -> str:
    recorded = revision.at.format("YYYY-MM-DD HH:mm:ss") + " UTC"
    what = revision.op.value
    detail = ""
    if revision.event is not None:
        detail = f" {revision.event.effective_when.label()} · {revision.event.status.value} · {revision.event.title}"
    why = ""
    if revision.why is not None and revision.why.note is not None:
        why = f" — {revision.why.note}"
    if revision.why is not None and revision.why.citation is not None:
        cited = _cited(revision.why.citation)
        why += f" ({cited})" if why else f" — {cited}"
    return f"#{revision.seq} {recorded} {what} {revision.event_id} by {revision.by}{detail}{why}"


def _cited(citation: Citation) -> str:
    """A revision's citation on one line: "The Organiser, “Statement”, citing a spokesperson, p. 2, https://…"."""
    source = citation.source
    parts = [source.publisher]
    if source.title is not None:
        parts.append(f"“{source.title}”")
    if citation.attribution is not None:
        parts.append(f"citing {citation.attribution}")
    if citation.locator is not None:
        parts.append(citation.locator)
    if source.url is not None:
        parts.append(source.url)
    return ", ".join(parts)


def log_diff(args: argparse.Namespace, streams: Streams) -> int:
    """``timeline log diff``: the events added, changed and retracted between two times."""
    since = _query_time(args.since, "since")
    until = _query_time(args.until, "until")
    assert since is not None
    with _open_log(args.log) as log:
        diff = log.diff(since, until)
    for event in diff.added:
        streams.text_out.write(f"+ {event.id}: {event.title}\n")
    for change in diff.changed:
        streams.text_out.write(f"~ {change.after.id}: {', '.join(change.fields)}\n")
    for event in diff.retracted:
        streams.text_out.write(f"- {event.id}: {event.title}\n")
    if not (diff.added or diff.changed or diff.retracted):
        streams.text_out.write("no changes\n")
    return 0


def log_verify(args: argparse.Namespace, streams: Streams) -> int:
    """``timeline log verify``: check the whole log and print the hash of its last line."""
    with _open_log(args.log) as log:
        digest = log.verify()
        count = len(log)
    streams.text_out.write(f"{args.log}: {counted(count, 'revision')}, chain intact (last hash {digest})\n")
    return 0


def log_repair(args: argparse.Namespace, streams: Streams) -> int:
    """``timeline log repair``: move a torn last line into the side file."""
    from timeline.log import EventLog

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TimelineWarning)
        with EventLog(args.log) as log:
            moved = log.repair()
    for warning in caught:
        streams.stderr.write(f"timeline: {warning.message}\n")
    if moved is None and not caught:
        streams.text_out.write(f"{args.log}: nothing to repair\n")
    elif moved is not None:
        streams.text_out.write(f"{args.log}: a torn last line was moved to {moved}\n")
    return 0
