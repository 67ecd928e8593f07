"""TimelineJS3 data read back: the inverse of to_timelinejs, and data written by hand."""

from __future__ import annotations

import json
import warnings

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import timelines
from timeline import Bound, Event, InvalidInputError, Media, OneOf, Precision, Status, Timeline, When
from timeline.formats.timelinejs import from_timelinejs, to_timelinejs


def _holdable(when: When) -> When:
    """``when``, or a year in its place where TimelineJS cannot hold it (quarters, times outside UTC)."""
    bounds = when.bounds
    if (
        not bounds
        or isinstance(when.start, OneOf)
        or any(
            bound.precision is Precision.QUARTER or (bound.precision.is_time and bound.zone != "UTC")
            for bound in bounds
        )
    ):
        return When(Bound.of_date(2000), phrase=when.phrase)
    start, end = when.start, when.end
    if isinstance(start, Bound) and isinstance(end, Bound) and _same_date(start, end):
        return When(start, phrase=when.phrase)  # "1900/1900", "1900/1900~": TimelineJS has one date for both
    return when


def _same_date(start: Bound, end: Bound) -> bool:
    """The same date, perhaps with another qualifier: what TimelineJS writes as one date."""
    if end.unspecified and (start.approximate or start.uncertain):
        return False  # a date with X digits is never approximate or uncertain, so never the same as this start
    return attrs.evolve(end, approximate=start.approximate, uncertain=start.uncertain) == start


def _paragraphs(text: str | None) -> str | None:
    """A description as TimelineJS holds it: blank lines (or lines of spaces and tabs) separate paragraphs."""
    if text is None:
        return None
    paragraphs: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip(" \t"):
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\n".join(lines) for lines in paragraphs if lines) or None


def holdable(timeline: Timeline) -> Timeline:
    """``timeline`` with only what TimelineJS can hold."""
    events = [
        Event(
            event.id,
            event.title,
            _holdable(event.when),
            description=_paragraphs(event.description),
            status=event.status,
            media=None if event.media is None else attrs.evolve(event.media, caption=_paragraphs(event.media.caption)),
        )
        for event in timeline.events
    ]
    return Timeline(timeline.title, events, description=_paragraphs(timeline.description))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(), st.sampled_from(["en", "de", "uk"]))
def test_round_trip_of_what_timelinejs_holds(drawn: Timeline, locale: str) -> None:
    timeline = holdable(drawn)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = json.loads(json.dumps(to_timelinejs(timeline, locale=locale)))
    assert from_timelinejs(data, locale=locale) == timeline


def test_times_are_read_in_the_zone_they_were_written_in() -> None:
    timeline = Timeline("T", [Event("a", "A", "2025-12-15T14:00+01:00[Europe/Berlin]")])
    back = from_timelinejs(to_timelinejs(timeline, zone="Europe/Berlin"), zone="Europe/Berlin")
    assert back == timeline


def test_citations_come_back_as_text_at_the_end_of_the_description() -> None:
    from timeline import Citation, Source

    event = Event(
        "a",
        "A",
        "2025-12-15",
        description="What happened.",
        citations=[Citation(Source("Reuters", url="https://example.org/r"), quote="It did.")],
    )
    back = from_timelinejs(to_timelinejs(Timeline("T", [event])))
    assert back.events[0].citations == ()
    assert back.events[0].description == (
        "What happened.\n\nSources:\nReuters (https://example.org/r). \u201cIt did.\u201d \u2014 reported."
    )


def test_data_written_by_hand() -> None:
    data = {
        "title": {"text": {"headline": "Apollo", "text": "<p>The <i>programme</i>.</p>"}},
        "events": [
            {
                "start_date": {"year": "1969", "month": "7", "day": "20"},
                "display_date": "Sunday, 20 July",
                "text": {"headline": "Landing", "text": "One small step &amp; more"},
                "media": {"url": "https://images.example/eagle.jpg", "credit": "NASA", "caption": "Eagle"},
                "group": "Missions",
            },
            {"start_date": {"year": 1970}, "text": {"headline": "Landing"}, "group": "Cancelled"},
        ],
        "eras": [{"start_date": {"year": 1961}, "end_date": {"year": 1972}, "text": {"headline": "Apollo"}}],
    }
    timeline = from_timelinejs(data)
    assert (timeline.title, timeline.description) == ("Apollo", "The programme.")
    era, landing, later = timeline.events
    assert (era.id, era.kind, str(era.when)) == ("1961-apollo", "era", "1961/1972")
    assert landing.id == "1969-07-20-landing"
    assert landing.when == When.parse("1969-07-20", phrase="Sunday, 20 July")
    assert landing.description == "One small step & more"
    assert landing.tags == ("Missions",)
    assert landing.media == Media("https://images.example/eagle.jpg", credit="NASA", caption="Eagle")
    assert landing.extra == {}
    assert (later.id, later.status) == ("1970-landing", Status.CANCELLED)


def test_bce_years_are_astronomical_as_in_javascript() -> None:
    data = {
        "events": [
            {"start_date": {"year": -44, "month": 3, "day": 15}, "text": {"headline": "Ides of March"}},
            {"start_date": {"year": 0}, "end_date": {"year": "-0"}, "text": {"headline": "Year zero"}},
        ]
    }
    ides, zero = from_timelinejs(data).events
    assert str(ides.when) == "-0044-03-15"  # 45 BC in the historians' count, as JavaScript's Date has it
    assert str(zero.when) == "0000"
    assert to_timelinejs(from_timelinejs(data))["events"][0]["start_date"] == {"year": -44, "month": 3, "day": 15}


def test_every_problem_with_its_path() -> None:
    data = {
        "events": [
            {"start_date": {"year": 2025, "month": 13}, "text": {"headline": "A"}},
            {"start_date": {"month": 2}, "text": {"headline": "B"}},
            {"start_date": {"year": 44.5}, "text": {"headline": "C"}},
            {"start_date": {"year": 2025, "day": 3}, "text": {"headline": "D"}},
            {"start_date": {"year": 2025}, "text": {}},
            {"start_date": {"year": 2025}, "unique_id": "Bad Id", "text": {"headline": "E"}},
            "slide",
        ]
    }
    with pytest.raises(InvalidInputError) as caught:
        from_timelinejs(data)
    shown = [str(problem) for problem in caught.value.problems]
    assert shown[0].startswith('events[0].start_date: "2025-13" is not a valid date')
    assert shown[1:] == [
        "events[1].start_date.year: is required",
        "events[2].start_date.year: 44.5 is not a whole number",
        "events[3].start_date.month: is required when day is given",
        "events[4].text.headline: is required: every slide needs a headline",
        "events[5].unique_id: \"Bad Id\" is not an id: use lowercase letters, digits, '-', '_' and '.', "
        "starting and ending with a letter or digit",
        "events[6]: expected a slide (an object)",
    ]


def test_a_repeated_unique_id_names_the_slide() -> None:
    slide = {"start_date": {"year": 2025}, "unique_id": "a", "text": {"headline": "A"}}
    with pytest.raises(InvalidInputError) as caught:
        from_timelinejs({"events": [slide, dict(slide)]})
    assert str(caught.value) == 'events[1].unique_id: duplicate id "a" (first at events[0])'


def test_media_both_ways_and_an_embed_code_kept_in_extra() -> None:
    media = Media(
        "https://images.example/a.jpg?x=1&y=<2>",
        caption="The <b> & line\nbreak",
        credit="AP & Reuters",
        licence="CC BY-SA 4.0",
        alt='A "quoted" <alt>',
    )
    timeline = Timeline("T", [Event("a", "A", "2025-12-15", media=media)])
    slide = to_timelinejs(timeline)["events"][0]
    assert slide["media"] == {
        "url": "https://images.example/a.jpg?x=1&y=<2>",
        "caption": "<p><bdi>The &lt;b&gt; &amp; line</bdi><br><bdi>break</bdi></p>",
        "credit": '<bdi>AP &amp; Reuters</bdi> <span class="licence"><bdi>CC BY-SA 4.0</bdi></span>',
        "alt": "A &quot;quoted&quot; &lt;alt&gt;",
    }
    assert from_timelinejs(json.loads(json.dumps(to_timelinejs(timeline)))) == timeline
    embed = {"url": "<blockquote>Said.</blockquote>", "credit": "X"}
    data = {"events": [{"start_date": {"year": 2025}, "text": {"headline": "B"}, "media": embed}]}
    event = from_timelinejs(data).events[0]
    assert event.media is None
    assert dict(event.extra["timelinejs"]["media"]) == embed
