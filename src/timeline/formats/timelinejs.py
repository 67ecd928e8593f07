"""TimelineJS3 data: :func:`to_timelinejs`.

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
    undated                     left out, named in an OmittedEventsWarning
"""

from __future__ import annotations

import warnings
from typing import Any, Final

import pendulum

from timeline.errors import InvalidInputError, OmittedEventsWarning
from timeline.formats._html_markup import HtmlMarkup, text
from timeline.formats._html_words import HTML_WORDS
from timeline.formats._labels import words
from timeline.formats._markdown_words import page_words
from timeline.formats._page import Prose
from timeline.model import Bound, Event, OneOf, Precision, Timeline, Unbounded
from timeline.model._checks import zone_problem

__all__ = ["GROUPS", "to_timelinejs"]

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
    an :class:`~timeline.errors.OmittedEventsWarning`. Raises
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
    sources = HTML_WORDS[locale].sources
    data: dict[str, Any] = {"title": {"text": _text(prose.markup.text(timeline.title), timeline.description, prose)}}
    slides = []
    left_out = []
    for event in timeline.events:
        if not event.effective_when.is_dated:
            left_out.append(event.id)
            continue
        slide = _dates(event, zone, prose)
        slide["text"] = {"headline": prose.markup.text(event.title), "text": _body(event, prose, sources)}
        slide["unique_id"] = event.id
        group = _group(event, group_by, vocabulary.status)
        if group is not None:
            slide["group"] = group
        slides.append(slide)
    data["events"] = slides
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


def _date(bound: Bound, zone: str, *, last: bool = False) -> dict[str, int]:
    """A TimelineJS date object with the fields of ``bound``'s precision; ``last``: a quarter's last month."""
    if bound.precision.is_time:
        moment = bound.moment.in_timezone(pendulum.timezone(zone))
        fields = {
            "year": moment.year,
            "month": moment.month,
            "day": moment.day,
            "hour": moment.hour,
            "minute": moment.minute,
        }
        if bound.precision is Precision.SECOND:
            fields["second"] = moment.second
        return fields
    if bound.unspecified:
        return _unspecified(bound, last=last)
    if bound.precision is Precision.SEASON:  # three months from ``month``; winter runs into the next year
        month = bound.month + 2 if last else bound.month
        return {"year": bound.year + (month - 1) // 12, "month": (month - 1) % 12 + 1}
    if bound.precision is Precision.YEAR:
        return {"year": bound.year}
    if bound.precision is Precision.QUARTER:
        return {"year": bound.year, "month": bound.month + 2 if last else bound.month}
    if bound.precision is Precision.MONTH:
        return {"year": bound.year, "month": bound.month}
    return {"year": bound.year, "month": bound.month, "day": bound.day}


def _unspecified(bound: Bound, *, last: bool) -> dict[str, int]:
    """A date with digits written ``X``, at the precision its known digits give: ``201X`` runs 2010–2019."""
    if bound.precision is Precision.YEAR:
        return {"year": bound.year + (10**bound.unspecified - 1 if last else 0)}
    if bound.precision is Precision.DAY and bound.unspecified == 2:
        return {"year": bound.year, "month": bound.month}
    return {"year": bound.year}


def _dates(event: Event, zone: str, prose: Prose) -> dict[str, Any]:
    when = event.effective_when
    start, end = when.start, when.end
    if isinstance(start, OneOf):
        first, last = start.first, start.last
    else:
        found = start if isinstance(start, Bound) else end
        assert isinstance(found, Bound)
        first = found
        last = end if isinstance(end, Bound) and isinstance(start, Bound) else first
    slide: dict[str, Any] = {"start_date": _date(first, zone)}
    final = _date(last, zone, last=True)  # a quarter, a season or X digits span more than their first date
    if final != slide["start_date"]:
        slide["end_date"] = final
    if when.is_vague or isinstance(end, Unbounded) or any(bound.precision.is_time for bound in when.bounds):
        slide["display_date"] = prose.markup.text(prose.label(when))
    return slide


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


def _text(headline: str, description: str | None, prose: Prose) -> dict[str, str]:
    text = {"headline": headline}
    if description is not None:
        text["text"] = _paragraphs(description, prose)
    return text


def _group(event: Event, group_by: str | None, status_words: Any) -> str | None:
    """The slide's group, escaped: TimelineJS writes it into the page as HTML."""
    found = _field(event, group_by, status_words)
    return None if found is None else text(found)


def _field(event: Event, group_by: str | None, status_words: Any) -> str | None:
    if group_by == "status":
        return str(status_words[event.status])
    if group_by == "kind":
        return event.kind
    if group_by == "place":
        return None if event.effective_place is None else event.effective_place.name
    if group_by == "tag":
        return event.tags[0] if event.tags else None
    if group_by == "actor":
        return event.actors[0] if event.actors else None
    return None
