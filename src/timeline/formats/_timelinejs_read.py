"""TimelineJS3 data read back: :func:`from_timelinejs`, the inverse of :func:`to_timelinejs`."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

import attrs

from timeline._validation import zone_problem
from timeline.errors import InvalidInputError, Problem
from timeline.formats._html_markup import HtmlMarkup
from timeline.formats._page import Prose
from timeline.formats._page_words import page_words
from timeline.formats._timelinejs_dates import DATE_FIELDS, date_object, slide_dates
from timeline.model import Bound, Event, Media, Precision, Status, Timeline, Unbounded, When

__all__ = ["from_timelinejs"]


def from_timelinejs(data: Mapping[str, Any], *, zone: str = "UTC", locale: str = "en") -> Timeline:
    """The timeline in TimelineJS3 data (the parsed JSON object), the inverse of :func:`to_timelinejs`.

    The title slide gives the title and description; each slide an event:
    ``unique_id`` its id (else one made from the date and headline), ``start_date``
    and ``end_date`` its date at the precision of the fields given (a ``year``
    alone is a year; times are read in ``zone``), ``display_date`` its phrase
    unless it is the label :func:`to_timelinejs` would write, ``text.headline`` its
    title, ``text.text`` its phrase (a first quoted paragraph), description and,
    as text at the end of the description, the list of sources. ``group`` is the
    status where it names one in ``locale``, else a tag. ``media`` with an http(s)
    ``url`` is the event's :class:`~timeline.Media` (its licence read back from the
    credit :func:`to_timelinejs` writes); other media (an embed code, a quotation)
    and ``background`` are kept in the event's extra data under ``timelinejs``.
    Eras become events of kind ``era``.

    Years are astronomical, as JavaScript's ``Date`` counts them (0 is 1 BC, -500 is
    501 BC), the same as EDTF's. A season or a date with ``X`` digits, written as its
    first and last date, is told from a range by ``display_date``.

    ``from_timelinejs(to_timelinejs(t)) == t`` for every timeline whose events are
    dated at a year, season, month, day, a date with ``X`` digits or a time in ``zone``
    (not a quarter, a set of dates, which comes back as the range from its first to
    its last date with its label as the phrase, nor a range from a date to the same
    date), with no
    citations, place, actors, tags, kind, relations or extra data, and whose
    descriptions and media captions have no blank lines that hold spaces, or more
    than one in a row (TimelineJS has no place for the rest).

    Raises :class:`~timeline.errors.InvalidInputError` listing every problem, each
    with its path (``events[2].start_date.month: 13 is not a month``).
    """
    if (problem := zone_problem(zone) if isinstance(zone, str) else "zone must be text") is not None:
        raise InvalidInputError.at("zone", problem)
    prose = Prose(page_words(locale), locale, HtmlMarkup(new_tab=True))
    if not isinstance(data, Mapping):
        raise InvalidInputError(f"expected TimelineJS data (an object), got {type(data).__name__}")
    problems: list[Problem] = []
    title, description = "Timeline", None
    head = data.get("title")
    if isinstance(head, Mapping):
        text_of = head.get("text")
        if isinstance(text_of, Mapping):
            title = _plain(text_of.get("headline"), "title.text.headline", problems) or title
            description = _plain(text_of.get("text"), "title.text.text", problems, multiline=True)
    elif head is not None:
        problems.append(Problem("expected an object with text", "title"))
    slides = data.get("events", [])
    if not isinstance(slides, list):
        raise InvalidInputError.at("events", "expected a list of slides")
    eras = data.get("eras", [])
    if not isinstance(eras, list):
        problems.append(Problem("expected a list of eras", "eras"))
        eras = []
    statuses = {word.lower(): status for status, word in prose.words.status.items()}
    events: list[Event] = []
    paths: list[str] = []
    taken: set[str] = set()
    for path, slide, era in [
        *((f"events[{index}]", slide, False) for index, slide in enumerate(slides)),
        *((f"eras[{index}]", slide, True) for index, slide in enumerate(eras)),
    ]:
        event = _event(slide, path, zone=zone, era=era, prose=prose, statuses=statuses, taken=taken, problems=problems)
        if event is not None:
            events.append(event)
            paths.append(path)
            taken.add(event.id)
    if problems:
        raise InvalidInputError(problems)
    try:
        return Timeline(title, events, description=description)
    except InvalidInputError as error:
        raise InvalidInputError(_renamed(problem, paths) for problem in error.problems) from None


def _renamed(problem: Problem, paths: list[str]) -> Problem:
    found = re.match(r"events\[(\d+)\](.*)", problem.path)
    if found is None:
        return problem
    return attrs.evolve(problem, path=paths[int(found.group(1))] + (".unique_id" if found.group(2) == ".id" else ""))


def _event(
    slide: object,
    path: str,
    *,
    zone: str,
    era: bool,
    prose: Prose,
    statuses: Mapping[str, Status],
    taken: set[str],
    problems: list[Problem],
) -> Event | None:
    if not isinstance(slide, Mapping):
        problems.append(Problem("expected a slide (an object)", path))
        return None
    before = len(problems)
    start = _bound(slide.get("start_date"), f"{path}.start_date", zone, problems)
    end = _bound(slide.get("end_date"), f"{path}.end_date", zone, problems) if "end_date" in slide else None
    if start is None and len(problems) == before:
        problems.append(Problem("is required: a slide needs a start date with at least a year", f"{path}.start_date"))
    text_of = slide.get("text", {})
    if not isinstance(text_of, Mapping):
        problems.append(Problem("expected an object with headline and text", f"{path}.text"))
        text_of = {}
    title = _plain(text_of.get("headline"), f"{path}.text.headline", problems)
    phrase, description = _body_of(text_of.get("text"), f"{path}.text.text", prose, problems)
    shown = _plain(slide.get("display_date"), f"{path}.display_date", problems)
    group = _plain(slide.get("group"), f"{path}.group", problems)
    unique_id = slide.get("unique_id")
    if unique_id is not None and not isinstance(unique_id, str):
        problems.append(Problem("expected text", f"{path}.unique_id"))
    if len(problems) > before or start is None:
        return None
    try:
        when = When(start) if end is None or end == start else When(start, end)
    except InvalidInputError as error:
        problems.extend(problem.within(f"{path}.end_date") for problem in error.problems)
        return None
    if shown is not None and shown != prose.label(when):
        labelled = _labelled(when if end is None else When(start, end), shown, prose) or _coarser_when(
            start, end, shown, zone, prose
        )
        if labelled is not None:
            when = labelled
        elif phrase is None:
            phrase = shown
    if phrase is not None:
        when = When(when.start, when.end, phrase=phrase)
    media = _media_back(slide.get("media"), f"{path}.media", prose, problems)
    kept = {name: slide[name] for name in ("media", "background") if slide.get(name) not in (None, "", {})}
    if media is not None:
        del kept["media"]
    if len(problems) > before:
        return None
    status = statuses.get((group or "").lower())
    if title is None:
        problems.append(Problem("is required: every slide needs a headline", f"{path}.text.headline"))
        return None
    from timeline.formats.csv import derived_id

    try:
        return Event(
            unique_id if isinstance(unique_id, str) and unique_id else derived_id(title, when, taken),
            title,
            when,
            description=description,
            kind="era" if era else None,
            status=status or Status.HAPPENED,
            tags=() if group is None or status is not None else (group,),
            media=media,
            extra={"timelinejs": kept} if kept else None,
        )
    except InvalidInputError as error:
        names = {"id": "unique_id", "title": "text.headline", "description": "text.text", "tags": "group"}
        for problem in error.problems:
            step = re.split(r"[.\[]", problem.path, maxsplit=1)[0]
            problems.append(attrs.evolve(problem, path=f"{path}.{names.get(step, step)}"))
        return None


def _labelled(when: When, shown: str, prose: Prose) -> When | None:
    """The vague or open-ended date :func:`to_timelinejs` placed at ``when`` and labelled ``shown``, if any.

    ``when`` may be a range from a date to the same date (``1900/1900~`` is written so).
    """
    ends: list[tuple[Bound | Unbounded, ...]] = []
    bounds = (when.start, when.end) if isinstance(when.start, Bound) and isinstance(when.end, Bound) else when.bounds
    for bound in bounds:
        if bound.precision.is_time:
            ends.append((bound,))
        else:
            ends.append(
                tuple(
                    attrs.evolve(bound, approximate=approximate, uncertain=uncertain)
                    for approximate in (False, True)
                    for uncertain in (False, True)
                )
            )
    if len(ends) == 1:
        candidates = [
            When(*pair)
            for bound in ends[0]
            for pair in (
                (bound,),
                (bound, Unbounded.OPEN),
                (bound, Unbounded.UNKNOWN),
                (Unbounded.OPEN, bound),
                (Unbounded.UNKNOWN, bound),
            )
        ]
    else:
        candidates = [When(first, last) for first in ends[0] for last in ends[1]]
    return next((candidate for candidate in candidates if prose.label(candidate) == shown), None)


def _coarser_when(start: Bound, end: Bound | None, shown: str, zone: str, prose: Prose) -> When | None:
    """The season or date with ``X`` digits :func:`to_timelinejs` wrote as ``start``–``end`` and labelled ``shown``.

    A season is written as its first and last month, ``201X`` as the years 2010 to 2019;
    the label tells them from a range of months or years.
    """
    written = {"start_date": date_object(start, zone)}
    if end is not None and date_object(end, zone) != written["start_date"]:
        written["end_date"] = date_object(end, zone)
    firsts = _coarser(start, zone, last=False)
    lasts = _coarser(end, zone, last=True) if end is not None else []
    candidates = [When(bound) for bound in firsts] + [When(bound, way) for bound in firsts for way in Unbounded]
    for first in firsts:
        for last in lasts:
            try:
                candidates.append(When(first, last))
            except InvalidInputError:  # ends before it starts
                continue
    candidates += [When(way, last) for last in (lasts or _coarser(start, zone, last=True)) for way in Unbounded]
    for candidate in candidates:
        if prose.label(candidate) != shown:
            continue
        dates = slide_dates(Event("x", "x", candidate), zone, prose)
        if {name: dates[name] for name in ("start_date", "end_date") if name in dates} == written:
            return candidate
    return None


def _coarser(bound: Bound, zone: str, *, last: bool) -> list[Bound]:
    """``bound``, perhaps ``~`` or ``?``, and the seasons and dates with ``X`` digits :func:`date_object` writes as it.

    ``last``: those whose last date it is. A time is only itself (the other end of a range may be coarser).
    """
    if bound.precision.is_time:
        return [bound]
    found = [
        attrs.evolve(bound, approximate=approximate, uncertain=uncertain)
        for approximate in (False, True)
        for uncertain in (False, True)
    ]
    if bound.precision not in (Precision.YEAR, Precision.MONTH) or not 0 <= bound.year <= 9999:
        return found
    year = f"{bound.year:04d}"
    texts: list[str] = []
    if bound.precision is Precision.MONTH:
        texts.append(f"{year}-{bound.month:02d}-XX")
        texts += [f"{year}-{code}" for code in range(21, 25)]
        texts += [f"{bound.year - 1:04d}-24"] if bound.year >= 1 else []
    else:
        texts += [f"{year}-XX", f"{year}-XX-XX"]
        for digits in (1, 2, 3):
            first = bound.year - (10**digits - 1 if last else 0)
            if first >= 0 and first % 10**digits == 0:
                texts.append(f"{first:04d}"[: 4 - digits] + "X" * digits)
    for written in texts:
        for mark in ("", "~", "?", "%"):
            try:
                candidate = When.parse(written + mark).start
            except InvalidInputError:
                continue
            if isinstance(candidate, Bound) and date_object(candidate, zone, last=last) == date_object(bound, zone):
                found.append(candidate)
    return found


def _bound(value: object, path: str, zone: str, problems: list[Problem]) -> Bound | None:
    """The inverse of :func:`date_object`: a TimelineJS date object as a bound at the precision of its fields."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        problems.append(Problem("expected a date object with year, month, day, hour, minute and second", path))
        return None
    before = len(problems)
    numbers: dict[str, int] = {}
    for name in DATE_FIELDS:
        field = value.get(name)
        if field in (None, ""):
            continue
        if isinstance(field, str) and re.fullmatch(r"\s*-?\d{1,6}\s*", field):
            field = int(field)
        if type(field) is not int:
            problems.append(Problem(f"{field!r} is not a whole number", f"{path}.{name}"))
            continue
        numbers[name] = field
    if len(problems) > before:
        return None
    if "year" not in numbers:
        problems.append(Problem("is required", f"{path}.year"))
        return None
    given = [name for name in DATE_FIELDS if name in numbers]
    missing = [name for name in DATE_FIELDS[: DATE_FIELDS.index(given[-1])] if name not in numbers and name != "second"]
    if missing and given[-1] not in ("minute", "second"):
        problems.append(Problem(f"is required when {given[-1]} is given", f"{path}.{missing[0]}"))
        return None
    year = numbers["year"]  # astronomical, as JavaScript's Date and EDTF count: 0 is 1 BC
    finest = given[-1]
    try:
        if finest in ("hour", "minute", "second"):
            precision = Precision.SECOND if "second" in numbers else Precision.MINUTE
            return Bound(
                precision,
                year,
                numbers.get("month", 1),
                numbers.get("day", 1),
                numbers.get("hour", 0),
                numbers.get("minute", 0),
                numbers.get("second", 0),
                zone=zone,
            )
        return Bound.of_date(year, numbers.get("month"), numbers.get("day"))
    except InvalidInputError as error:
        problems.extend(problem.within(path) for problem in error.problems)
        return None


def _plain(value: object, path: str, problems: list[Problem], *, multiline: bool = False) -> str | None:
    """Text written as HTML (as :func:`to_timelinejs` writes it, or by hand) as plain text."""
    if value is None:
        return None
    if not isinstance(value, str):
        problems.append(Problem("expected text", path))
        return None
    if multiline:
        exact = _paragraphs_back(value)
        if exact is not None:
            return "\n\n".join(exact) or None
    found = _BDI.fullmatch(value)
    if found is not None:
        return html.unescape(found.group(1))
    if "<" not in value:
        return html.unescape(value) or None
    from timeline.formats._sheet import html_text

    return html_text(value)


_BDI = re.compile(r"<bdi>([^<]*)</bdi>")
_PARAGRAPH = re.compile(r"<p>((?:<bdi>[^<]*</bdi>(?:<br>)?)*)</p>")


def _paragraphs_back(value: str) -> list[str] | None:
    """The paragraphs of text as :func:`to_timelinejs` writes them; ``None`` for any other HTML."""
    paragraphs = []
    position = 0
    while position < len(value):
        found = _PARAGRAPH.match(value, position)
        if found is None or not found.group(1) or found.group(1).endswith("<br>"):
            return None
        lines = [html.unescape(line) for line in _BDI.findall(found.group(1))]
        paragraphs.append("\n".join(lines))
        position = found.end()
    return paragraphs


def _body_of(value: object, path: str, prose: Prose, problems: list[Problem]) -> tuple[str | None, str | None]:
    """The phrase and the description (with the sources as text at its end) of a slide's text."""
    if value is None:
        return None, None
    if not isinstance(value, str):
        problems.append(Problem("expected text", path))
        return None, None
    phrase = None
    before, after = prose.words.quoted("\0").split("\0")
    quoted = re.match(f"<p>{re.escape(before)}<bdi>([^<]*)</bdi>{re.escape(after)}</p>", value)
    if quoted is not None:
        phrase = html.unescape(quoted.group(1))
        value = value[quoted.end() :]
    sources = re.search(r"<p>[^<>]*:</p><ol>.*</ol>\Z", value, re.DOTALL)
    tail = None
    if sources is not None:
        from timeline.formats._sheet import html_text

        tail = html_text(sources.group(0).replace("<li>", "<br>"))
        value = value[: sources.start()]
    description = _plain(value, path, problems, multiline=True) if value else None
    if tail is not None:
        description = tail if description is None else f"{description}\n\n{tail}"
    return phrase, description


def _media_back(value: object, path: str, prose: Prose, problems: list[Problem]) -> Media | None:
    """A slide's media as :func:`to_timelinejs` writes them, or a hand-written media object with an http(s) ``url``."""
    if not isinstance(value, Mapping):
        return None
    url = value.get("url")
    if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
        return None  # an embed code or a quotation: kept in extra
    caption = _plain(value.get("caption"), f"{path}.caption", problems, multiline=True)
    credit, licence = value.get("credit"), None
    if isinstance(credit, str):
        found = re.fullmatch(r"(?:(<bdi>[^<]*</bdi>) ?)?<span class=\"licence\"><bdi>([^<]*)</bdi></span>", credit)
        if found is not None:
            credit, licence = found.group(1), html.unescape(found.group(2))
    alt = value.get("alt")
    if alt is not None and not isinstance(alt, str):
        problems.append(Problem("expected text", f"{path}.alt"))
        return None
    try:
        return Media(
            url,
            caption=caption,
            credit=_plain(credit, f"{path}.credit", problems),
            licence=licence,
            alt=html.unescape(alt) if alt else None,
        )
    except InvalidInputError as error:
        problems.extend(problem.within(path) for problem in error.problems)
        return None
