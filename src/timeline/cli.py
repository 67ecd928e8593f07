"""The ``timeline`` command: check, convert and show timelines, and keep an event log.

A thin layer over the library, on :mod:`argparse` from the standard library: it
parses arguments, calls keyword-only library functions, and turns
:class:`~timeline.errors.TimelineError` into a message on stderr and exit status 1.
Usage errors exit with status 2, as argparse does.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import sys
import time
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Final, Protocol

from timeline._validation import quote
from timeline._version import __version__
from timeline.errors import InvalidInputError, TimelineError, TimelineWarning
from timeline.formats.files import READABLE, WRITABLE, format_of, load, read_timeline, write_atomically, write_timeline
from timeline.model import Event, Status, Timeline, Unbounded, When

__all__ = ["main"]

_PROGRESS_EVENTS: Final = 10_000
_PROGRESS_BYTES: Final = 4 * 1024 * 1024


class _UsageError(Exception):
    """A usage error found after parsing: exit status 2."""


# -- progress ---------------------------------------------------------------------------------


class _Progress:
    """Stage messages on stderr, only when it is a terminal and the work is large."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.enabled = _is_terminal(stream)
        self.shown = False
        self.started = time.monotonic()

    def say(self, message: str, *, large: bool) -> None:
        """Show ``message`` in place of the last one, if the work is ``large``."""
        if self.enabled and large:
            self.stream.write(f"\r\x1b[2K{message}")
            self.stream.flush()
            self.shown = True

    def done(self, message: str) -> None:
        if self.shown:
            elapsed = time.monotonic() - self.started
            self.stream.write(f"\r\x1b[2K{message} ({elapsed:.1f} s)\n")
            self.stream.flush()
            self.shown = False


def _is_terminal(stream: IO[str] | IO[bytes] | _TextSink) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# -- reading and writing ----------------------------------------------------------------------


def _format_of(path: str, given: str | None, role: str) -> str:
    if given is not None:
        return given
    if path == "-":
        raise _UsageError(f"give --{'from' if role == 'input' else 'to'} to {role} standard {role}")
    return format_of(path, action="read" if role == "input" else "write")


def _read(path: str, kind: str | None, stdin: IO[bytes], progress: _Progress, *, strict: bool = False) -> Timeline:
    kind = _format_of(path, kind, "input")
    if path == "-":
        try:
            return read_timeline(stdin.read(), kind, strict=strict)
        except InvalidInputError as error:
            raise error.in_file("<stdin>") from error
    with contextlib.suppress(OSError):  # load says why a file cannot be read
        size = Path(path).stat().st_size
        progress.say(f"reading {path} ({size / 1_048_576:.0f} MB)…", large=size >= _PROGRESS_BYTES)
    return load(path, kind=kind, strict=strict)


def _stamp(text: str | None) -> dt.datetime | None:
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


def _render(timeline: Timeline, kind: str, args: argparse.Namespace, revisions: Any = None) -> bytes:
    """``timeline`` in the format ``kind``, with the export options given on the command line."""
    options: dict[str, Any] = {}
    if kind == "ics":
        options = {"stamp": _stamp(args.stamp), "name": args.name, "revisions": revisions}
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


def _write(data: bytes, path: str | None, stdout: IO[bytes]) -> None:
    if path is None or path == "-":
        stdout.write(data)
        stdout.flush()
        return
    write_atomically(Path(path), data)


@contextmanager
def _reported_warnings(stderr: IO[str]) -> Iterator[None]:
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


# -- commands ---------------------------------------------------------------------------------


class _TextSink(Protocol):
    def write(self, text: str, /) -> int: ...
    def flush(self) -> None: ...
    def isatty(self) -> bool: ...


class _Streams:
    """The streams a command uses, so tests can run it in-process."""

    def __init__(self, stdin: IO[bytes], stdout: IO[bytes], stderr: IO[str], out: _TextSink) -> None:
        self.stdin, self.stdout, self.stderr, self.out = stdin, stdout, stderr, out


def _check(args: argparse.Namespace, streams: _Streams) -> int:
    failed = False
    for path in args.files:
        progress = _Progress(streams.stderr)
        try:
            timeline = _read(path, args.input_format, streams.stdin, progress, strict=True)
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
        streams.out.write(f"{path}: ok, {_count(len(timeline), 'event')} ({dated} dated)\n")
    return 1 if failed else 0


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _convert(args: argparse.Namespace, streams: _Streams) -> int:
    source_kind = _format_of(args.input, args.input_format, "input")
    target_kind = _format_of(args.output, args.output_format, "output")
    progress = _Progress(streams.stderr)
    timeline = _read(args.input, source_kind, streams.stdin, progress)
    progress.say(f"writing {_count(len(timeline), 'event')} as {target_kind}…", large=len(timeline) >= _PROGRESS_EVENTS)
    with _reported_warnings(streams.stderr):
        data = _render(timeline, target_kind, args)
    _write(data, args.output, streams.stdout)
    progress.done(f"wrote {_count(len(timeline), 'event')}")
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


def _show_table(timeline: Timeline, args: argparse.Namespace, streams: _Streams) -> int:
    events = _selected(timeline, args)
    to_file = args.output not in (None, "-")
    terminal = not to_file and _is_terminal(streams.out)
    colour = terminal and not os.environ.get("NO_COLOR")
    width = shutil.get_terminal_size().columns if terminal else None
    title = f"{timeline.title} — {_count(len(events), 'event')}"
    if len(events) != len(timeline):
        title += f" of {len(timeline):,}"
    text = f"{title}\n\n" + _table(events, colour=colour, width=width)
    if to_file:
        _write(text.encode("utf-8"), args.output, streams.stdout)
    else:
        streams.out.write(text)
    return 0


def _show(args: argparse.Namespace, streams: _Streams) -> int:
    progress = _Progress(streams.stderr)
    timeline = _read(args.file, args.input_format, streams.stdin, progress)
    progress.done(f"read {_count(len(timeline), 'event')}")
    return _show_table(timeline, args, streams)


# -- the event log ------------------------------------------------------------------------------


def _moment(text: str | None, option: str) -> dt.datetime | None:
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


def _open_log(path: str, title: str | None = None, description: str | None = None) -> Any:
    from timeline.log import EventLog

    if title is None and not Path(path).exists():
        raise TimelineError(f"{path}: no such log; give --title to start one")
    return EventLog(path, title=title, description=description)


def _same_header(log: Any, args: argparse.Namespace) -> None:
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


def _log_put(args: argparse.Namespace, streams: _Streams) -> int:
    progress = _Progress(streams.stderr)
    source = _read(args.file, args.input_format, streams.stdin, progress)
    wanted = set(args.ids or [event.id for event in source])
    missing = sorted(wanted - {event.id for event in source})
    if missing:
        raise InvalidInputError.at("--id", f"{args.file} has no event {', '.join(missing)}")
    at = _recorded_time(args.at, "--at")
    # A new log is started with FILE's title and description, unless given; an existing one keeps its own.
    if Path(args.log).exists():
        title = description = None
    else:
        title = args.title or source.title
        description = args.description if args.description is not None else source.description
    with _open_log(args.log, title, description) as log:
        _same_header(log, args)
        changed = log.put_all([event for event in source if event.id in wanted], by=args.by, why=args.note, at=at)
    streams.out.write(f"{args.log}: recorded {_count(len(changed), 'revision')}")
    streams.out.write(f" ({len(wanted) - len(changed)} unchanged)\n")
    return 0


def _log_retract(args: argparse.Namespace, streams: _Streams) -> int:
    at = _recorded_time(args.at, "--at")
    with _open_log(args.log) as log, log.batch():
        for number, event_id in enumerate(args.ids):
            moment = None if at is None else at + dt.timedelta(microseconds=number)
            log.retract(event_id, by=args.by, why=args.note, at=moment)
    streams.out.write(f"{args.log}: retracted {', '.join(args.ids)}\n")
    return 0


def _log_show(args: argparse.Namespace, streams: _Streams) -> int:
    with _open_log(args.log) as log:
        as_of = _moment(args.as_of, "--as-of")
        timeline = log.timeline(as_of)
        revisions = log.revisions(as_of)
    if args.output_format is not None or (args.output not in (None, "-") and Path(args.output).suffix != ".txt"):
        kind = _format_of(args.output or "-", args.output_format, "output")
        with _reported_warnings(streams.stderr):
            data = _render(timeline, kind, args, revisions=revisions)
        _write(data, args.output, streams.stdout)
        return 0
    return _show_table(timeline, args, streams)


def _log_history(args: argparse.Namespace, streams: _Streams) -> int:
    with _open_log(args.log) as log:
        revisions = log.history(args.id)
    if not revisions:
        raise InvalidInputError.at("id", f"{args.log} has no revision of {args.id!r}")
    for revision in revisions:
        streams.out.write(f"{_describe(revision)}\n")
    return 0


def _describe(revision: Any) -> str:
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


def _cited(citation: Any) -> str:
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


def _log_diff(args: argparse.Namespace, streams: _Streams) -> int:
    since = _moment(args.since, "since")
    until = _moment(args.until, "until")
    assert since is not None
    with _open_log(args.log) as log:
        diff = log.diff(since, until)
    for event in diff.added:
        streams.out.write(f"+ {event.id}: {event.title}\n")
    for change in diff.changed:
        streams.out.write(f"~ {change.after.id}: {', '.join(change.fields)}\n")
    for event in diff.retracted:
        streams.out.write(f"- {event.id}: {event.title}\n")
    if not (diff.added or diff.changed or diff.retracted):
        streams.out.write("no changes\n")
    return 0


def _log_verify(args: argparse.Namespace, streams: _Streams) -> int:
    with _open_log(args.log) as log:
        digest = log.verify()
        count = len(log)
    streams.out.write(f"{args.log}: {_count(count, 'revision')}, chain intact (last hash {digest})\n")
    return 0


def _log_repair(args: argparse.Namespace, streams: _Streams) -> int:
    from timeline.log import EventLog

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TimelineWarning)
        with EventLog(args.log) as log:
            moved = log.repair()
    for warning in caught:
        streams.stderr.write(f"timeline: {warning.message}\n")
    if moved is None and not caught:
        streams.out.write(f"{args.log}: nothing to repair\n")
    elif moved is not None:
        streams.out.write(f"{args.log}: a torn last line was moved to {moved}\n")
    return 0


# -- publish ------------------------------------------------------------------------------------

PUBLISHED: Final = ("index.html", "timeline.ics", "timeline.json", "timeline.md", "timelinejs.json")
"""The files ``timeline publish`` writes into its folder."""


def _refresh(text: str | None) -> dt.timedelta | None:
    if text is None:
        return None
    from icalendar.prop import vDuration

    try:
        value = vDuration.from_ical(text.strip().upper())  # type: ignore[no-untyped-call]
    except (ValueError, TypeError):
        value = None
    if not isinstance(value, dt.timedelta):
        raise InvalidInputError.at("--refresh", f"{text!r} is not an ISO 8601 duration like PT12H or P1D")
    return value


def _publish(args: argparse.Namespace, streams: _Streams) -> int:
    import json

    from timeline.errors import OmittedEventsWarning
    from timeline.formats.html import to_html
    from timeline.formats.ical import default_namespace, to_ical
    from timeline.formats.json import to_json
    from timeline.formats.markdown import to_markdown
    from timeline.formats.timelinejs import to_timelinejs

    progress = _Progress(streams.stderr)
    timeline = _read(args.source, args.input_format, streams.stdin, progress)
    folder = Path(args.folder)
    namespace = args.namespace or default_namespace(timeline)
    writers = {
        "index.html": lambda: to_html(timeline, locale=args.locale, assets=args.assets, zone=args.zone).encode("utf-8"),
        "timeline.ics": lambda: to_ical(
            timeline,
            stamp=_stamp(args.stamp),
            name=args.name,
            namespace=namespace,
            refresh=_refresh(args.refresh),
            url=args.url,
            color=args.color,
        ),
        "timeline.json": lambda: to_json(timeline).encode("utf-8"),
        "timeline.md": lambda: to_markdown(timeline, locale=args.locale).encode("utf-8"),
        "timelinejs.json": lambda: (
            json.dumps(
                to_timelinejs(timeline, zone=args.zone, group_by=args.group or None, locale=args.locale),
                ensure_ascii=False,
                indent=1,
            )
            + "\n"
        ).encode("utf-8"),
    }
    rendered: dict[str, tuple[bytes, tuple[str, ...]]] = {}
    for name in PUBLISHED:  # everything is rendered before anything is written: a bad option writes nothing
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", TimelineWarning)
            data = writers[name]()
        left_out: tuple[str, ...] = ()
        for warning in caught:
            if isinstance(warning.message, OmittedEventsWarning):
                left_out += warning.message.event_ids
            else:
                streams.stderr.write(f"timeline: {name}: {warning.message}\n")
        rendered[name] = (data, left_out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise TimelineError(f"{folder}: cannot make the folder: {error.strerror or error}") from error
    total = len(timeline)
    for name, (data, left_out) in rendered.items():
        write_atomically(folder / name, data)
        written = total - len(left_out)
        line = f"{folder / name}: {_count(written, 'event' if name != 'timelinejs.json' else 'slide')}"
        if name == "timeline.ics":
            line += f", UIDs id@{namespace}"
        if left_out:
            line += f"; left out {len(left_out)} undated: {', '.join(left_out)}"
        streams.out.write(line + "\n")
    return 0


def _publish_parser(commands: Any) -> None:
    from timeline.formats.timelinejs import GROUPS

    publish = commands.add_parser(
        "publish",
        help="write a web page, a calendar feed and data files into a folder",
        description=(
            "Write index.html (a page with search and filters), timeline.ics (a calendar feed), timeline.json, "
            "timeline.md and timelinejs.json (TimelineJS3 data) into FOLDER, and print what each holds and what "
            "it left out."
        ),
    )
    publish.add_argument("source", metavar="SRC", help="the timeline file; - for standard input (needs --from)")
    publish.add_argument("folder", metavar="FOLDER", help="the folder to write into (made if missing)")
    publish.add_argument("--from", dest="input_format", choices=READABLE, help="the format of SRC")
    publish.add_argument("--locale", default="en", choices=("en", "de", "uk"), help="language of the pages")
    page = publish.add_argument_group("page")
    page.add_argument(
        "--assets", metavar="WHERE", help='add a TimelineJS view, loaded from "cdn" or from a URL or path to its dist/'
    )
    feed = publish.add_argument_group("calendar feed")
    feed.add_argument("--url", help="where timeline.ics will be published (URL and SOURCE)")
    feed.add_argument("--refresh", metavar="DURATION", help="how often apps fetch it again, e.g. PT12H or P1D")
    feed.add_argument("--color", help="the calendar's colour, a CSS3 colour name such as steelblue")
    feed.add_argument("--name", help="the calendar's name (default: the title)")
    feed.add_argument("--namespace", help="the UID domain (id@namespace; default: made from the title)")
    feed.add_argument("--stamp", metavar="TIME", help="DTSTAMP, e.g. 2025-12-20T00:00:00Z (default: from the data)")
    slides = publish.add_argument_group("TimelineJS data")
    slides.add_argument("--zone", default="UTC", help="the time zone times are converted to (default: UTC)")
    slides.add_argument(
        "--group", default="status", choices=[*GROUPS, ""], help='what groups the slides (default: status; "": none)'
    )
    publish.set_defaults(run=_publish)


# -- arguments ----------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
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
    check.set_defaults(run=_check)

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
    convert.set_defaults(run=_convert)

    _publish_parser(commands)

    show = commands.add_parser(
        "show",
        help="print a table of events",
        description=("Print the events of a timeline as a table: coloured on a terminal, plain when piped."),
    )
    show.add_argument("file", metavar="FILE", help="the timeline file; - for standard input (needs --from)")
    show.add_argument("--from", dest="input_format", choices=READABLE, help="the format of FILE")
    _selection(show)
    show.add_argument("-o", "--output", metavar="FILE", help="write the table to FILE instead of standard output")
    show.set_defaults(run=_show)

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
    put.set_defaults(run=_log_put)

    retract = log_commands.add_parser("retract", help="record that events no longer hold")
    retract.add_argument("log", metavar="LOG", help="the log file (.jsonl)")
    retract.add_argument("ids", nargs="+", metavar="ID", help="the ids to retract")
    _recording(retract)
    retract.set_defaults(run=_log_retract)

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
    log_show.set_defaults(run=_log_show)

    history = log_commands.add_parser("history", help="every revision of one event")
    history.add_argument("log", metavar="LOG", help="the log file (.jsonl)")
    history.add_argument("id", metavar="ID", help="the event id")
    history.set_defaults(run=_log_history)

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
    diff.set_defaults(run=_log_diff)

    verify = log_commands.add_parser("verify", help="check the hash chain and every record")
    verify.add_argument("log", metavar="LOG", help="the log file (.jsonl)")
    verify.set_defaults(run=_log_verify)

    repair = log_commands.add_parser("repair", help="move a torn last line into a side file")
    repair.add_argument("log", metavar="LOG", help="the log file (.jsonl)")
    repair.set_defaults(run=_log_repair)
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
    text_out = _TextOut(binary_out) if stdout is not None else sys.stdout
    streams = _Streams(stdin if stdin is not None else sys.stdin.buffer, binary_out, error_stream, text_out)
    parser = _parser()
    try:
        with contextlib.redirect_stderr(error_stream):
            args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        with _reported_warnings(error_stream):
            status: int = args.run(args, streams)
    except _UsageError as error:
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


class _TextOut:
    """Text written to a binary stream as UTF-8, for in-process runs."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(text.encode("utf-8"))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return _is_terminal(self.stream)
