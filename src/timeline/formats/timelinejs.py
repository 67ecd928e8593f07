"""TimelineJS3 data: :func:`to_timelinejs` and its inverse, :func:`from_timelinejs`.

TimelineJS (Knight Lab's storytelling timeline) reads a JSON object with a title
slide and one slide per event. The mapping, in short (``docs/reference/timelinejs.md``
has it in full)::

    title, description          title slide: text.headline, text.text
    id                          unique_id
    when                        start_date / end_date, as precise as the date: {"year"} for a
                                year, {"year", "month"} for a month, … ; times in one zone
    vague date, time            display_date: the library's label ("about 16 Dec 2025", "Dec 2025")
    title                       text.headline (escaped HTML)
    description, citations      text.text: paragraphs, then the sources as a list (escaped HTML)
    status (or another field)   group
    media                       media: url, caption, credit (and licence), alt
    undated                     left out, named in an OmittedEventsWarning

:func:`from_timelinejs` reads the same mapping back (and TimelineJS data written by
hand or by other tools): ``from_timelinejs(to_timelinejs(t)) == t`` for a timeline
TimelineJS can hold, see its docstring.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any, Final

from timeline._validation import zone_problem
from timeline.errors import InvalidInputError, OmittedEventsWarning, TimelineWarning
from timeline.formats._html_markup import HtmlMarkup, attribute, text
from timeline.formats._labels import words
from timeline.formats._page import Prose
from timeline.formats._page_words import page_words
from timeline.formats._timelinejs_dates import slide_dates
from timeline.formats._timelinejs_read import from_timelinejs
from timeline.model import Event, Media, Status, Timeline

__all__ = ["GROUPS", "from_timelinejs", "to_timelinejs"]

GROUPS: Final = ("status", "kind", "place", "tag", "actor")
"""The fields a slide's ``group`` can come from; ``None`` gives no groups."""


def to_timelinejs(
    timeline: Timeline,
    *,
    zone: str = "UTC",
    group_by: str | None = "status",
    locale: str = "en",
) -> dict[str, Any]:
    """The timeline as TimelineJS3 data: a title slide and a slide per dated event.

    Each slide has ``start_date`` (and ``end_date`` for a range or a quarter) at the
    date's precision: only ``year`` for a year, ``year`` and ``month`` for a month,
    and so on. Where the date is vague, and for times, ``display_date`` is the
    library's label in ``locale`` ("about 16 Dec 2025", "Dec 2025"), since
    TimelineJS would show a month as a whole month and a time without its zone.
    TimelineJS has no time zones: times are converted to ``zone`` (an IANA name,
    UTC by default) before they are split into fields; the label still names the
    event's own zone. An open or unknown end is left out; an open or unknown start
    places the slide at its end.

    ``text.headline`` is the title and ``text.text`` the description and the sources
    (with links for http(s) URLs), both as escaped HTML, so TimelineJS shows them as
    text. ``unique_id`` is the event id; ``group`` is the event's status word (or
    its ``kind``, place name, first tag or first actor, by ``group_by``; ``None``
    for no groups).

    Undated events cannot be placed on a timeline: they are left out and named in
    an :class:`~timeline.errors.OmittedEventsWarning`. Each slide shows the date
    and place the event is taken to have (a duration gives the end; one lasting
    at most so long is labelled "10 Mar 2026, up to 2 weeks"); the sources'
    accounts are left out and the events named in a
    :class:`~timeline.errors.TimelineWarning`. Raises
    :class:`~timeline.errors.InvalidInputError` for an unknown zone, locale or
    ``group_by``.
    """
    if (problem := zone_problem(zone) if isinstance(zone, str) else "zone must be text") is not None:
        raise InvalidInputError.at("zone", problem)
    if group_by is not None and group_by not in GROUPS:
        raise InvalidInputError.at("group_by", f"{group_by!r} is not one of: {', '.join(GROUPS)}")
    vocabulary = page_words(locale)
    words(locale)
    prose = Prose(vocabulary, locale, HtmlMarkup(new_tab=True))
    sources = vocabulary.heading("citations")
    title_slide = _title_slide_text(prose.markup.text(timeline.title), timeline.description, prose)
    data: dict[str, Any] = {"title": {"text": title_slide}}
    slides = []
    left_out = []
    accounts_left_out = []
    for event in timeline.events:
        if not event.effective_when.is_dated:
            left_out.append(event.id)
            continue
        if event.accounts:
            accounts_left_out.append(event.id)
        slide = slide_dates(event, zone, prose)
        slide["text"] = {"headline": prose.markup.text(event.title), "text": _body(event, prose, sources)}
        slide["unique_id"] = event.id
        if event.media is not None:
            slide["media"] = _media(event.media, prose)
        group = _group(event, group_by, vocabulary.status)
        if group is not None:
            slide["group"] = group
        slides.append(slide)
    data["events"] = slides
    if accounts_left_out:
        warnings.warn(
            TimelineWarning(
                "TimelineJS shows one date and place per event, the ones each is taken to have; the sources' "
                "accounts of these are left out: " + ", ".join(accounts_left_out)
            ),
            stacklevel=2,
        )
    if left_out:
        warnings.warn(
            OmittedEventsWarning(
                f"{len(left_out)} undated event{'s' if len(left_out) != 1 else ''} left out of the TimelineJS data: "
                + ", ".join(left_out),
                left_out,
            ),
            stacklevel=2,
        )
    return data


def _media(media: Media, prose: Prose) -> dict[str, str]:
    """A slide's media: the URL as it is (TimelineJS shows it, never timeline), texts as escaped HTML."""
    found = {"url": media.url}
    if media.caption is not None:
        found["caption"] = _paragraphs(media.caption, prose)
    credit = [prose.markup.text(media.credit)] if media.credit is not None else []
    if media.licence is not None:
        credit.append(f'<span class="licence">{prose.markup.text(media.licence)}</span>')
    if credit:
        found["credit"] = " ".join(credit)
    if media.alt is not None:
        found["alt"] = attribute(media.alt)
    return found


def _body(event: Event, prose: Prose, sources: str) -> str:
    parts = []
    phrase = event.effective_when.phrase
    if phrase is not None:
        parts.append(f"<p>{prose.words.quoted(prose.markup.text(phrase))}</p>")
    if event.description is not None:
        parts.append(_paragraphs(event.description, prose))
    if event.citations:
        items = []
        for citation in event.citations:
            said = prose.claim(
                citation.attribution,
                citation.locator,
                citation.quote,
                citation.confidence.value,
                indent=0,
                first=True,
            )
            items.append(f"<li>{prose.bibliography(citation.source)}. {said}</li>")
        parts.append(f"<p>{sources}:</p><ol>{''.join(items)}</ol>")
    return "".join(parts)


def _paragraphs(text: str, prose: Prose) -> str:
    """Multi-line text as paragraphs: blank lines separate them, other line breaks stay breaks."""
    paragraphs: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip(" \t"):
            paragraphs[-1].append(prose.markup.text(line))
        elif paragraphs[-1]:
            paragraphs.append([])
    return "".join(f"<p>{'<br>'.join(lines)}</p>" for lines in paragraphs if lines)


def _title_slide_text(headline: str, description: str | None, prose: Prose) -> dict[str, str]:
    found = {"headline": headline}
    if description is not None:
        found["text"] = _paragraphs(description, prose)
    return found


def _group(event: Event, group_by: str | None, status_words: Mapping[Status, str]) -> str | None:
    """The slide's group, escaped: TimelineJS writes it into the page as HTML."""
    found = _group_name(event, group_by, status_words)
    return None if found is None else text(found)


def _group_name(event: Event, group_by: str | None, status_words: Mapping[Status, str]) -> str | None:
    if group_by == "status":
        return status_words[event.status]
    if group_by == "kind":
        return event.kind
    if group_by == "place":
        return None if event.effective_place is None else event.effective_place.name
    if group_by == "tag":
        return event.tags[0] if event.tags else None
    if group_by == "actor":
        return event.actors[0] if event.actors else None
    return None
