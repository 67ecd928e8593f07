"""TimelineJS3 data: dates at their precision, labels for vague dates, escaped text, undated left out."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import timeline
from timeline import Citation, Event, InvalidInputError, OmittedEventsWarning, Source, Timeline, When
from timeline.formats.timelinejs import to_timelinejs

ROOT = Path(__file__).resolve().parent.parent


def slides(*events: Event, **options: object) -> list[dict[str, object]]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return list(to_timelinejs(Timeline("T", events), **options)["events"])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "start", "end", "display"),
    [
        ("2025-12-15", {"year": 2025, "month": 12, "day": 15}, None, None),
        ("2025-12", {"year": 2025, "month": 12}, None, "Dec 2025"),
        ("2025", {"year": 2025}, None, "2025"),
        ("2026-35", {"year": 2026, "month": 7}, {"year": 2026, "month": 9}, "Q3 2026"),
        ("2025-12-16~", {"year": 2025, "month": 12, "day": 16}, None, "about 16 Dec 2025"),
        ("2025-12-14/2025-12-15", {"year": 2025, "month": 12, "day": 14}, {"year": 2025, "month": 12, "day": 15}, None),
        ("2025-12-14/..", {"year": 2025, "month": 12, "day": 14}, None, "since 14 Dec 2025"),
        ("../2025-12-20", {"year": 2025, "month": 12, "day": 20}, None, "until 20 Dec 2025"),
        (
            "2025-12-15T14:00+01:00[Europe/Berlin]",
            {"year": 2025, "month": 12, "day": 15, "hour": 13, "minute": 0},
            None,
            "15 Dec 2025, 14:00 CET",
        ),
    ],
)
def test_dates_at_their_precision(
    text: str, start: dict[str, int], end: dict[str, int] | None, display: str | None
) -> None:
    [slide] = slides(Event("e", "E", text))
    assert slide["start_date"] == start
    assert slide.get("end_date") == end
    shown = slide.get("display_date")
    assert (None if shown is None else str(shown).removeprefix("<bdi>").removesuffix("</bdi>")) == display


def test_times_go_to_the_zone_asked_for() -> None:
    [slide] = slides(Event("e", "E", "2025-12-15T14:00:30+01:00[Europe/Berlin]"), zone="America/New_York")
    assert slide["start_date"] == {"year": 2025, "month": 12, "day": 15, "hour": 8, "minute": 0, "second": 30}
    with pytest.raises(InvalidInputError, match="zone"):
        slides(Event("e", "E", "2025"), zone="Mars/Olympus")


def test_text_is_escaped_html_with_sources_and_groups() -> None:
    source = Source("Desk <b>", url="https://example.org/?a=1&b=2", key="desk")
    event = Event(
        "e",
        "<script>alert(1)</script>",
        "2025-12",
        description="one & two\n\nthree",
        kind="<i>meeting</i>",
        citations=[Citation(source, quote="said <so>")],
    )
    [slide] = slides(event, group_by="kind")
    assert slide["unique_id"] == "e"
    assert slide["group"] == "&lt;i&gt;meeting&lt;/i&gt;"
    text = slide["text"]
    assert isinstance(text, dict)
    assert text["headline"] == "<bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi>"
    assert text["text"].startswith("<p><bdi>one &amp; two</bdi></p><p><bdi>three</bdi></p><p>Sources:</p><ol><li>")
    assert 'href="https://example.org/?a=1&amp;b=2"' in text["text"]
    assert "said &lt;so&gt;" in text["text"]
    assert slides(event, group_by=None)[0].get("group") is None
    assert slides(event)[0]["group"] == "happened"
    with pytest.raises(InvalidInputError, match="group_by"):
        slides(event, group_by="colour")


def test_undated_events_are_left_out_and_named() -> None:
    t = timeline.load(ROOT / "examples" / "berlin-2025" / "timeline.json")
    with pytest.warns(OmittedEventsWarning) as caught:
        data = to_timelinejs(t)
    undated = tuple(event.id for event in t if not event.when.is_dated)
    assert caught[0].message.event_ids == undated  # type: ignore[union-attr]
    assert len(data["events"]) == len(t) - len(undated)
    assert data["title"]["text"]["headline"] == "<bdi>Security guarantees for Ukraine</bdi>"


def test_phrases_and_locales() -> None:
    [slide] = slides(Event("e", "E", When.parse("2025-12", phrase="this month")), locale="de")
    assert slide["display_date"] == "<bdi>Dez. 2025</bdi>"
    assert slide["group"] == "stattgefunden"
    assert slide["text"]["text"] == "<p>„<bdi>this month</bdi>“</p>"  # type: ignore[index]


def test_a_duration_gives_the_end_and_at_most_its_label() -> None:
    lasting, limited = slides(
        Event("talks", "Talks", "2026-03-10T10:00+01:00[Europe/Berlin]", duration="PT2H"),
        Event("strike", "Strike", "2026-03-11", duration="≤P2W"),
        locale="de",
    )
    assert lasting["end_date"] == {"year": 2026, "month": 3, "day": 10, "hour": 11, "minute": 0}
    assert lasting["display_date"] == "<bdi>10. März 2026, 10:00–12:00 CET</bdi>"
    assert limited["end_date"] == {"year": 2026, "month": 3, "day": 24}
    assert limited["display_date"] == "<bdi>11. März 2026, bis zu 2 Wochen</bdi>"


def test_accounts_left_out_are_named_in_a_warning() -> None:
    disputed = Event(
        "summit", "Summit", accounts=[timeline.Account(when="2026-03-03"), timeline.Account(when="2026-03-04")]
    )
    with pytest.warns(timeline.TimelineWarning, match="accounts of these are left out: summit"):
        data = to_timelinejs(Timeline("T", [disputed]))
    assert data["events"][0]["start_date"] == {"year": 2026, "month": 3, "day": 3}
