"""``timeline publish``: a web page, a calendar feed and data files, written into one folder."""

from __future__ import annotations

import argparse
import datetime as dt
import warnings
from pathlib import Path
from typing import Any, Final

from timeline.cli._files import parse_stamp, read_input
from timeline.cli._terminal import Progress, Streams, counted
from timeline.errors import InvalidInputError, TimelineError, TimelineWarning
from timeline.formats.files import READABLE, write_atomically

__all__ = ["PUBLISHED", "add_publish_parser", "publish"]


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


def publish(args: argparse.Namespace, streams: Streams) -> int:
    """``timeline publish``: render every file first, then write them all into the folder."""
    import json

    from timeline.errors import OmittedEventsWarning
    from timeline.formats.html import to_html
    from timeline.formats.ical import default_namespace, to_ical
    from timeline.formats.json import to_json
    from timeline.formats.markdown import to_markdown
    from timeline.formats.timelinejs import to_timelinejs

    progress = Progress(streams.stderr)
    timeline = read_input(args.source, args.input_format, streams.stdin, progress)
    folder = Path(args.folder)
    namespace = args.namespace or default_namespace(timeline)
    writers = {
        "index.html": lambda: to_html(timeline, locale=args.locale, assets=args.assets, zone=args.zone).encode("utf-8"),
        "timeline.ics": lambda: to_ical(
            timeline,
            stamp=parse_stamp(args.stamp),
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
        line = f"{folder / name}: {counted(written, 'event' if name != 'timelinejs.json' else 'slide')}"
        if name == "timeline.ics":
            line += f", UIDs id@{namespace}"
        if left_out:
            line += f"; left out {len(left_out)} undated: {', '.join(left_out)}"
        streams.text_out.write(line + "\n")
    return 0


def add_publish_parser(commands: Any) -> None:
    """Add ``publish`` and its options to the sub-commands ``commands``."""
    from timeline.formats.timelinejs import GROUPS

    command = commands.add_parser(
        "publish",
        help="write a web page, a calendar feed and data files into a folder",
        description=(
            "Write index.html (a page with search and filters), timeline.ics (a calendar feed), timeline.json, "
            "timeline.md and timelinejs.json (TimelineJS3 data) into FOLDER, and print what each holds and what "
            "it left out."
        ),
    )
    command.add_argument("source", metavar="SRC", help="the timeline file; - for standard input (needs --from)")
    command.add_argument("folder", metavar="FOLDER", help="the folder to write into (made if missing)")
    command.add_argument("--from", dest="input_format", choices=READABLE, help="the format of SRC")
    command.add_argument("--locale", default="en", choices=("en", "de", "uk"), help="language of the pages")
    page = command.add_argument_group("page")
    page.add_argument(
        "--assets", metavar="WHERE", help='add a TimelineJS view, loaded from "cdn" or from a URL or path to its dist/'
    )
    feed = command.add_argument_group("calendar feed")
    feed.add_argument("--url", help="where timeline.ics will be published (URL and SOURCE)")
    feed.add_argument("--refresh", metavar="DURATION", help="how often apps fetch it again, e.g. PT12H or P1D")
    feed.add_argument("--color", help="the calendar's colour, a CSS3 colour name such as steelblue")
    feed.add_argument("--name", help="the calendar's name (default: the title)")
    feed.add_argument("--namespace", help="the UID domain (id@namespace; default: made from the title)")
    feed.add_argument("--stamp", metavar="TIME", help="DTSTAMP, e.g. 2025-12-20T00:00:00Z (default: from the data)")
    slides = command.add_argument_group("TimelineJS data")
    slides.add_argument("--zone", default="UTC", help="the time zone times are converted to (default: UTC)")
    slides.add_argument(
        "--group", default="status", choices=[*GROUPS, ""], help='what groups the slides (default: status; "": none)'
    )
    command.set_defaults(run=publish)
