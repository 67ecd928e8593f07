"""Disputes and corrections where readers see events: the Markdown and HTML pages, and calendars.

Pages are read back by markdown-it-py (through ``test_markdown.check_page``, whose
oracle works out every accounts and updates line from the ranks) and by the standard
library's HTML parser; calendars by ``icalendar`` and by :func:`~timeline.from_ical`.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from pathlib import Path

import attrs
import icalendar
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import accounts, citations, hostile_text, timelines, whens
from test_html import HOSTILE, Page
from test_markdown import check_page, check_python_markdown, read_page, with_inline_references
from timeline import (
    Account,
    Citation,
    Event,
    EventLog,
    InvalidInputError,
    Place,
    Rank,
    Reason,
    Revisions,
    Source,
    Timeline,
    Update,
    When,
    from_ical,
    to_html,
    to_ical,
    to_markdown,
)
from timeline.formats._disputes import WORDS as DISPUTE_WORDS
from timeline.formats._labels import WORDS as LABEL_WORDS
from timeline.formats._page_words import WORDS as PAGE_WORDS

SLOW = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)

AGENCY_A = Source("Agency A", key="agency-a")
AGENCY_B = Source("Agency B", key="agency-b")
OUTLET = Source("The Outlet", key="outlet")
ORGANISER = Source("The Organiser", title="Statement", key="organiser")


def summit(**changes: object) -> Event:
    """Two agencies disagree on the date; the outlet corrected its own earlier date."""
    event = Event(
        "summit",
        "Summit",
        accounts=[
            Account(when="2026-03-03", citations=[Citation(AGENCY_A)]),
            Account(when="2026-03-04", citations=[Citation(AGENCY_B)]),
            Account(
                when="2026-03-01",
                citations=[Citation(OUTLET)],
                rank=Rank.DEPRECATED,
                reason="corrected by the outlet on 5 March",
            ),
        ],
    )
    return event.evolve(**changes)


def lines_of(t: Timeline, **options: object) -> list[tuple[str, list[str]]]:
    """The paragraphs under the only event of ``t``'s page: plain text and footnote labels."""
    text = to_markdown(t, **options)  # type: ignore[arg-type]
    check_page(t, text, **options)  # type: ignore[arg-type]
    check_python_markdown(t, text)
    [entry] = read_page(text).entries
    return [with_inline_references(paragraph) for paragraph in entry.paragraphs]


def test_a_disputed_date_lists_every_account_with_its_sources_as_footnotes() -> None:
    t = Timeline("T", [summit()])
    assert lines_of(t, diagram=False) == [
        (
            "Sources disagree on the date: 3 Mar 2026 (Agency A) · 4 Mar 2026 (Agency B)"
            " · earlier reported as 1 Mar 2026 (The Outlet) — corrected by the outlet on 5 March",
            ["agency-a", "agency-b", "outlet"],
        )
    ]
    page = read_page(to_markdown(t))
    assert list(page.footnotes) == ["agency-a", "agency-b", "outlet"]


def test_a_preferred_account_settles_the_date_and_the_others_stay_visible() -> None:
    settled = summit(
        accounts=[
            Account(when="2026-03-03", citations=[Citation(AGENCY_A)]),
            Account(when="2026-03-04", citations=[Citation(AGENCY_B)], rank="preferred", reason="the organiser agrees"),
        ]
    )
    assert lines_of(Timeline("T", [settled])) == [
        (
            "Sources on the date: 4 Mar 2026 (Agency B) — the organiser agrees"
            " · also reported as 3 Mar 2026 (Agency A)",
            ["agency-b", "agency-a"],
        )
    ]


def test_an_explicit_date_shows_what_sources_said_and_a_place_dispute_its_own_line() -> None:
    event = summit(
        when="2026-03-10",
        accounts=[
            Account(when="2026-03-03", place="Lyon", citations=[Citation(AGENCY_A)]),
            Account(place=Place("Villeurbanne", country="France"), citations=[Citation(AGENCY_B)]),
        ],
        citations=[Citation(OUTLET)],
    )
    assert lines_of(Timeline("T", [event])) == [
        ("Sources said of the date: 3 Mar 2026 (Agency A)", ["agency-a"]),
        ("Sources disagree on the place: Lyon (Agency A) · Villeurbanne, France (Agency B)", ["agency-a", "agency-b"]),
    ]


def test_only_deprecated_accounts_read_as_earlier_reports() -> None:
    event = Event(
        "a", "A", "2026-03-05", accounts=[Account(when="2026-03-03", rank="deprecated", reason="a typo, corrected")]
    )
    assert lines_of(Timeline("T", [event])) == [("Earlier reported as 3 Mar 2026 — a typo, corrected", [])]


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "de",
            "Quellen widersprechen sich beim Datum: 3. März 2026 (Agency A) · 4. März 2026 (Agency B)"
            " · früher gemeldet als 1. März 2026 (The Outlet) — corrected by the outlet on 5 March",
        ),
        (
            "uk",
            "Джерела розходяться щодо дати: 3 бер. 2026 (Agency A) · 4 бер. 2026 (Agency B)"
            " · раніше повідомлялося: 1 бер. 2026 (The Outlet) — corrected by the outlet on 5 March",
        ),
    ],
)
def test_the_lines_speak_the_pages_language(locale: str, expected: str) -> None:
    assert lines_of(Timeline("T", [summit()]), locale=locale) == [(expected, ["agency-a", "agency-b", "outlet"])]


def test_every_locale_of_the_labels_has_dispute_words_and_a_name_for_every_field() -> None:
    assert set(DISPUTE_WORDS) == set(LABEL_WORDS) == set(PAGE_WORDS)
    names = {field.name for field in attrs.fields(Event)} - {"id"}
    for words in PAGE_WORDS.values():
        assert names <= set(words.fields)


@SLOW
@given(st.lists(hostile_text(), min_size=4, max_size=4))
def test_hostile_text_in_accounts_reads_as_itself(texts: list[str]) -> None:
    one = " ".join(texts[0].split()) or "x"
    source = Source(texts[1], key="hostile")
    event = Event(
        "a",
        "A",
        accounts=[
            Account(when="2026-03-03", place=Place(one, country=one), citations=[Citation(source)], reason=one),
            Account(
                when="2026-03-09", place=one + "!", citations=[Citation(source, quote=texts[2])], rank="deprecated"
            ),
            Account(when="2026-03-10", reason=one + "]"),
        ],
    )
    lines_of(Timeline("T", [event]))  # check_page compares every line with its oracle


def test_the_html_page_shows_the_dispute_with_numbered_notes() -> None:
    html = to_html(Timeline("T", [summit()]))
    page = Page(html)
    text = " ".join(page.text.split())
    assert (
        "Sources disagree on the date: 3 Mar 2026 (Agency A[1]) · 4 Mar 2026 (Agency B[2])"
        " · earlier reported as 1 Mar 2026 (The Outlet[3]) — corrected by the outlet on 5 March"
    ) in text
    assert len(page.all("p", **{"class": "accounts"})) == 1
    notes = {attrs_["id"] for attrs_ in page.all("li") if (attrs_.get("id") or "").startswith("_n-")}
    links = [attrs_["href"] for attrs_ in page.all("a") if (attrs_.get("href") or "").startswith("#_n-")]
    assert links == ["#_n-agency-a", "#_n-agency-b", "#_n-outlet"]
    assert {link[1:] for link in links} <= notes


def test_hostile_text_in_accounts_adds_no_element_to_the_html_page() -> None:
    def page_with(texts: list[str]) -> Page:
        accounts = [
            Account(when="2026-03-03", place=text, citations=[Citation(Source(text, key=f"s{index}"))], reason=text)
            for index, text in enumerate(texts)
        ]
        return Page(to_html(Timeline("T", [Event("a", "A", accounts=accounts)])))

    bad = [text.replace("\n", " ") for text in HOSTILE]
    hostile, plain = page_with(bad), page_with([f"plain text {index}" for index in range(len(bad))])
    assert [tag for tag, _ in hostile.elements] == [tag for tag, _ in plain.elements]
    for text in bad:
        assert text in hostile.text


RECORDED = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
REVISED = dt.datetime(2026, 3, 5, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def log(tmp_path: Path) -> EventLog:
    opened = EventLog(tmp_path / "summit.jsonl", title="Summit")
    opened.put(Event("summit", "Summit", "2026-03-03", status="scheduled"), by="desk", at=RECORDED)
    opened.put(Event("other", "Other", "2026-03-04"), by="desk", at=RECORDED + dt.timedelta(minutes=1))
    opened.put(
        Event("summit", "Summit", "2026-03-10", status="scheduled", description="Moved."),
        by="desk",
        why=Reason("the organiser announced", citation=Citation(ORGANISER, locator="paragraph 2")),
        at=REVISED,
    )
    yield opened
    opened.close()


def test_the_log_hands_exports_each_update_with_what_changed_and_why(log: EventLog) -> None:
    revisions = log.revisions()
    assert revisions["other"].updates == ()
    [update] = revisions["summit"].updates
    assert update == Update(
        pendulum.instance(REVISED),
        fields=("when", "description"),
        before=When.parse("2026-03-03"),
        after=When.parse("2026-03-10"),
        note="the organiser announced",
        citation=Citation(ORGANISER, locator="paragraph 2"),
    )
    assert log.revisions(as_of=REVISED - dt.timedelta(seconds=1))["summit"].updates == ()
    assert log.revisions() == revisions, "only recorded times: the same log, the same updates"


def test_a_put_again_unchanged_without_a_reason_is_no_update(log: EventLog) -> None:
    latest = log.timeline().get("summit")
    assert latest is not None
    log.put(latest, by="desk", at=REVISED + dt.timedelta(hours=1))
    log.put(latest, by="desk", why="checked with the organiser", at=REVISED + dt.timedelta(hours=2))
    updates = log.revisions()["summit"].updates
    assert [(update.fields, update.note) for update in updates] == [
        (("when", "description"), "the organiser announced"),
        ((), "checked with the organiser"),
    ]


def test_the_page_shows_the_revision_under_the_event_with_its_source(log: EventLog) -> None:
    t, revisions = log.timeline(), log.revisions()
    text = to_markdown(t, revisions=revisions)
    check_page(t, text, revisions=revisions)
    check_python_markdown(t, text)
    entry = next(entry for entry in read_page(text).entries if entry.id == "summit")
    assert with_inline_references(entry.paragraphs[-1]) == (
        "Revised 5 Mar 2026: date 3 Mar 2026 → 10 Mar 2026; description — the organiser announced (The Organiser)",
        ["organiser"],
    )
    assert "paragraph 2" in text  # the citation's footnote says where
    german = to_markdown(t, revisions=revisions, locale="de")
    assert "Geändert am 5. März 2026: Datum 3. März 2026 → 10. März 2026; Beschreibung" in german


def test_the_html_page_shows_the_revision(log: EventLog) -> None:
    page = Page(to_html(log.timeline(), revisions=log.revisions()))
    text = " ".join(page.text.split())
    assert "Revised 5 Mar 2026: date 3 Mar 2026 → 10 Mar 2026; description — the organiser announced" in text
    assert len(page.all("p", **{"class": "update"})) == 1


def test_the_calendar_lists_updates_and_reads_back_the_same_timeline(log: EventLog) -> None:
    t, revisions = log.timeline(), log.revisions()
    data = to_ical(t, revisions=revisions)
    [vevent] = [event for event in icalendar.Calendar.from_ical(data).walk("VEVENT") if "summit@" in event["UID"]]
    assert str(vevent["DESCRIPTION"]) == (
        "Moved.\n\nUpdates:\n- 2026-03-05 09:30 UTC: date 3 Mar 2026 → 10 Mar 2026; description"
        " — the organiser announced (The Organiser)"
    )
    assert int(vevent["SEQUENCE"]) == 1
    assert from_ical(data) == t


def vevent_of(event: Event) -> icalendar.Event:
    [found] = icalendar.Calendar.from_ical(to_ical(Timeline("T", [event]))).walk("VEVENT")
    return found


def test_a_disputed_event_spans_its_accounts_as_a_transparent_all_day_entry() -> None:
    found = vevent_of(summit())
    assert found["DTSTART"].dt == dt.date(2026, 3, 3)
    assert found["DTEND"].dt == dt.date(2026, 3, 5)
    assert str(found["TRANSP"]) == "TRANSPARENT"
    assert str(found["SUMMARY"]) == "Summit (date disputed)"
    assert str(found["DESCRIPTION"]) == (
        "Accounts (date disputed):\n- 3 Mar 2026 — Agency A\n- 4 Mar 2026 — Agency B\n"
        "- 1 Mar 2026 — The Outlet (deprecated: corrected by the outlet on 5 March)"
    )


def test_dtstart_follows_the_effective_date_and_location_the_effective_place() -> None:
    settled = Event(
        "a",
        "A",
        accounts=[
            Account(when="2026-03-03T10:00:00+01:00[Europe/Paris]", citations=[Citation(AGENCY_A)]),
            Account(when="2026-03-04", rank="deprecated"),
            Account(place="Lyon", rank="preferred"),
        ],
    )
    found = vevent_of(settled)
    assert found["DTSTART"].dt == dt.datetime(2026, 3, 3, 10, 0, tzinfo=found["DTSTART"].dt.tzinfo)
    assert str(found["DTSTART"].params["TZID"]) == "Europe/Paris"
    assert str(found["LOCATION"]) == "Lyon"
    assert "TRANSP" not in found
    assert str(found["SUMMARY"]) == "A"
    assert from_ical(to_ical(Timeline("T", [settled]))) == Timeline("T", [settled])
    explicit = settled.evolve(when="2026-03-20", place="Paris")
    found = vevent_of(explicit)
    assert (found["DTSTART"].dt, str(found["LOCATION"])) == (dt.date(2026, 3, 20), "Paris")
    assert from_ical(to_ical(Timeline("T", [explicit]))) == Timeline("T", [explicit])


def test_a_broken_account_in_a_calendar_of_our_own_is_an_error_naming_its_line() -> None:
    data = to_ical(Timeline("T", [summit()])).replace(b'"rank":"deprecated"', b'"rank":"wrong"')
    with pytest.raises(InvalidInputError, match=r"line \d+: .*accounts\[2\]\.rank"):
        from_ical(data)
    data = to_ical(Timeline("T", [summit()])).replace(b'X-TIMELINE-ACCOUNT:{"when"', b'X-TIMELINE-ACCOUNT:{"when"{', 1)
    with pytest.raises(InvalidInputError, match=r"line \d+"):
        from_ical(data)


@st.composite
def calendar_timelines(draw: st.DrawFn, max_events: int = 6) -> Timeline:
    """Timelines whose every event can be a VEVENT; often the date and place come from the accounts only."""
    drawn = draw(timelines(max_events))
    dated = whens(undated=False)
    events = []
    told = accounts(list(drawn.sources)).filter(lambda account: account.when is not None)
    for event in drawn:
        if event.duration is not None:  # the dates drawn below may be vague, which a duration cannot last from
            event = event.evolve(duration=None)  # noqa: PLW2901 -- the event, revised
        if draw(st.booleans()):  # more accounts of the date: often they disagree
            event = event.evolve(accounts=[*event.accounts, *draw(st.lists(told, min_size=1, max_size=2))])  # noqa: PLW2901
        if event.date_accounts and draw(st.booleans()):
            event = event.evolve(when=When.undated(event.when.phrase))  # noqa: PLW2901 -- the event, revised
        if event.place_accounts and draw(st.booleans()):
            event = event.evolve(place=None)  # noqa: PLW2901
        if not event.effective_when.is_dated:
            event = event.evolve(when=draw(dated))  # noqa: PLW2901
        events.append(event)
    return attrs.evolve(drawn, events=events)


@st.composite
def updates(draw: st.DrawFn) -> tuple[Update, ...]:
    found = []
    for _ in range(draw(st.integers(0, 2))):
        moved = draw(st.booleans())
        found.append(
            Update(
                pendulum.instance(draw(st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1)))).in_timezone(
                    "UTC"
                ),
                fields=draw(st.lists(st.sampled_from(["when", "title", "status", "accounts"]), unique=True)),
                before=draw(whens(undated=False)) if moved else None,
                after=draw(whens(undated=False)) if moved else None,
                note=draw(st.none() | hostile_text(2)),
                citation=draw(st.none() | citations()),
            )
        )
    return tuple(found)


@SLOW
@given(calendar_timelines(), st.data())
def test_calendars_carry_accounts_and_updates_losslessly(t: Timeline, data: st.DataObject) -> None:
    moment = pendulum.datetime(2026, 1, 1)
    revisions = {
        event.id: Revisions(moment, moment, 1 + len(found), updates=found)
        for event in t.events
        if (found := data.draw(updates()))
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # every event is in the calendar
        written = to_ical(t, revisions=revisions)
    assert from_ical(written) == t
    assert to_ical(t, revisions=revisions) == written


def test_log_history_shows_the_citation_of_a_revision(log: EventLog) -> None:
    from timeline.cli import main

    log.put(
        Event("summit", "Summit", "2026-03-11", status="scheduled", description="Moved."),
        by="desk",
        why=Citation(Source("Wire", url="https://wire.example/summit", key="wire"), attribution="a spokesperson"),
        at=REVISED + dt.timedelta(days=1),
    )
    out, err = io.BytesIO(), io.StringIO()
    assert main(["log", "history", str(log.path), "summit"], stdin=io.BytesIO(), stdout=out, stderr=err) == 0
    lines = out.getvalue().decode("utf-8").splitlines()
    assert lines[1].endswith(
        "10 Mar 2026 · scheduled · Summit — the organiser announced (The Organiser, “Statement”, paragraph 2)"
    )
    assert lines[2].endswith(
        "11 Mar 2026 · scheduled · Summit — Wire, citing a spokesperson, https://wire.example/summit"
    )
