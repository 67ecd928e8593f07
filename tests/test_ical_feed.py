"""The calendar as a feed: opt-in feed properties, UIDs per timeline, DTSTAMP from the data."""

from __future__ import annotations

import datetime as dt
import warnings

import icalendar
import pendulum
import pytest

import timeline
from timeline import Citation, Event, InvalidInputError, Source, Timeline
from timeline.formats.ical import DEFAULT_STAMP, default_namespace, from_ical, to_ical


def lines(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


def prop(data: bytes, name: str) -> list[str]:
    return [line for line in lines(data) if line.split(":")[0].split(";")[0] == name]


def export(t: Timeline, **options: object) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", timeline.OmittedEventsWarning)
        return to_ical(t, **options)  # type: ignore[arg-type]


LAUNCH = Event("launch", "Launch", "2026-03-10")


def test_feed_properties_are_opt_in() -> None:
    t = Timeline("Tern releases", [LAUNCH])
    plain = export(t)
    for name in ("REFRESH-INTERVAL", "X-PUBLISHED-TTL", "URL", "SOURCE", "COLOR"):
        assert not [line for line in prop(plain, name) if "VEVENT" not in line]
    data = export(t, refresh=dt.timedelta(hours=12), url="https://example.org/tern.ics", color="DarkOrange")
    head = lines(data)[: lines(data).index("BEGIN:VEVENT")]
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H" in head
    assert "X-PUBLISHED-TTL:PT12H" in head
    assert "URL:https://example.org/tern.ics" in head
    assert "SOURCE;VALUE=URI:https://example.org/tern.ics" in head
    assert "COLOR:darkorange" in head
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar["REFRESH-INTERVAL"].dt == dt.timedelta(hours=12)
    assert from_ical(data) == t  # the feed properties are not part of the timeline


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"refresh": dt.timedelta(seconds=30)}, "refresh"),
        ({"refresh": "PT1H"}, "refresh"),
        ({"url": "webcal://example.org/x.ics"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"color": "#ff0000"}, "color"),
        ({"color": "rebeccapurple"}, "color"),
    ],
)
def test_bad_feed_options_are_refused(options: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInputError, match=field):
        export(Timeline("T", [LAUNCH]), **options)


def test_uids_of_two_timelines_never_collide() -> None:
    first, second = Timeline("Tern releases", [LAUNCH]), Timeline("Rocket launches", [LAUNCH])
    assert prop(export(first), "UID") != prop(export(second), "UID")
    assert prop(export(first), "UID") == [f"UID:launch@{default_namespace(first)}"]
    assert default_namespace(first) == default_namespace(Timeline("Tern releases"))  # stable
    assert default_namespace(first).startswith("tern-releases-")
    assert default_namespace(first).endswith(".timeline")
    ukrainian = Timeline("Гарантії безпеки", [LAUNCH])
    assert default_namespace(ukrainian).endswith(".timeline")
    assert len(default_namespace(ukrainian)) == 19
    assert default_namespace(ukrainian) != default_namespace(Timeline("Гарантії", [LAUNCH]))


def test_a_renamed_timeline_keeps_its_uids_with_the_old_namespace() -> None:
    old = Timeline("Tern releases", [LAUNCH])
    renamed = Timeline("Tern: releases and plans", [LAUNCH])
    assert prop(export(renamed, namespace=default_namespace(old)), "UID") == prop(export(old), "UID")
    assert from_ical(export(renamed, namespace=default_namespace(old))) == renamed


def test_dtstamp_comes_from_the_sources_dates() -> None:
    read = Source("Blog", published="2026-03-10", retrieved="2026-03-12", key="blog")
    relayed = Source("Wire", published="2026-03-14T09:00+01:00[Europe/Berlin]", via=read, key="wire")
    cited = Event("cited", "Cited", "2026-03-10", citations=[Citation(read)])
    via = Event("via", "Via", "2026-03-11", citations=[Citation(relayed)])
    bare = Event("bare", "Bare", "2026-03-12")
    data = export(Timeline("T", [cited, via, bare]))
    stamps = dict(zip([line[4:] for line in prop(data, "UID")], prop(data, "DTSTAMP"), strict=True))
    assert stamps[f"cited@{default_namespace(Timeline('T'))}"] == "DTSTAMP:20260312T000000Z"  # retrieved
    assert stamps[f"via@{default_namespace(Timeline('T'))}"] == "DTSTAMP:20260314T080000Z"  # published, in UTC
    assert stamps[f"bare@{default_namespace(Timeline('T'))}"] == "DTSTAMP:20260314T080000Z"  # the timeline's latest
    assert prop(export(Timeline("T", [bare])), "DTSTAMP") == [f"DTSTAMP:{DEFAULT_STAMP:%Y%m%dT%H%M%SZ}"]
    given = export(Timeline("T", [cited]), stamp=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    assert prop(given, "DTSTAMP") == ["DTSTAMP:20300101T000000Z"]


def test_revisions_still_win_and_set_the_fallback() -> None:
    revisions = {"a": timeline.Revisions(pendulum.datetime(2026, 1, 1), pendulum.datetime(2026, 2, 1, 12), 2)}
    data = export(Timeline("T", [Event("a", "A", "2026"), Event("b", "B", "2026")]), revisions=revisions)
    assert prop(data, "DTSTAMP") == ["DTSTAMP:20260201T120000Z", "DTSTAMP:20260201T120000Z"]
