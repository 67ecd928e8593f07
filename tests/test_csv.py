"""CSV: the layout's round trip, cells that never run as formulas, errors that name the cell, the command."""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from strategies import timelines
from timeline import (
    Account,
    Citation,
    Event,
    InvalidInputError,
    Media,
    Place,
    Relation,
    Source,
    Timeline,
    TimelineWarning,
    When,
    from_csv,
    load,
    save,
    to_csv,
)
from timeline.cli import main
from timeline.formats._cells import neutralised, restored

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def fitting(timeline: Timeline) -> Timeline:
    """``timeline`` with what the CSV layout has no column for taken off."""

    def citation(found: Citation) -> Citation:
        source = found.source
        published = source.published
        if published is not None and (published.phrase is not None or not published.is_dated):
            published = None
        return Citation(
            Source(source.publisher, url=source.url, published=published),
            attribution=found.attribution,
            quote=found.quote,
            confidence=found.confidence,
        )

    events = [
        attrs.evolve(
            event,
            relations=(),
            accounts=(),
            duration=None,
            place=None if event.place is None else Place(event.place.name, country=event.place.country),
            citations=[citation(found) for found in event.citations],
        )
        for event in timeline.events
    ]
    return Timeline(timeline.title, events)


def by_id(timeline: Timeline, event_id: str) -> Event:
    found = timeline.get(event_id)
    assert found is not None
    return found


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines())
def test_round_trip_of_every_timeline_that_fits(drawn: Timeline) -> None:
    timeline = fitting(drawn)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing is left out of a timeline that fits
        text = to_csv(timeline)
    assert from_csv(text, title=timeline.title) == timeline
    assert from_csv(text.encode("utf-8"), title=timeline.title) == timeline
    assert from_csv(b"\xef\xbb\xbf" + text.encode("utf-8"), title=timeline.title) == timeline


def test_accounts_and_durations_are_named_as_left_out() -> None:
    timeline = Timeline(
        "T",
        [
            Event(
                "summit",
                "Summit",
                accounts=[Account(when="2026-03-03"), Account(when="2026-03-04")],
                duration="P1D",
            )
        ],
    )
    with pytest.warns(TimelineWarning) as caught:
        to_csv(timeline)
    message = str(caught[0].message)
    assert 'events[0] ("summit"): accounts (what each source says of the date and place), the duration (P1D)' in message


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines())
def test_no_cell_is_written_as_a_formula(timeline: Timeline) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimelineWarning)
        text = to_csv(timeline)
    for row in cells(text):
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("https://evil")', '\'=HYPERLINK("https://evil")'),
        ("+1", "'+1"),
        ("-0044", "'-0044"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("'=x", "''=x"),
        ("'tis", "'tis"),
        ("a=b", "a=b"),
    ],
)
def test_neutralised_cells_and_back(cell: str, written: str) -> None:
    assert neutralised(cell) == written
    assert restored(written) == cell


def test_what_does_not_fit_is_named_in_a_warning() -> None:
    source = Source("Reuters", title="A report", key="reuters")
    timeline = Timeline(
        "T",
        [
            Event("a", "A", "2025-12-15"),
            Event("b", "B", "2025-12-16", relations=[Relation("follows", "a")], citations=[Citation(source)]),
        ],
        description="About",
    )
    with pytest.warns(TimelineWarning) as caught:
        text = to_csv(timeline)
    message = str(caught[0].message)
    assert "the timeline's description" in message
    assert 'events[1] ("b"): relations, citations[0] title, key' in message
    back = from_csv(text, title="T")
    assert by_id(back, "b").relations == ()
    assert by_id(back, "b").citations[0].source.publisher == "Reuters"


def test_semicolons_byte_order_mark_and_quoted_line_breaks() -> None:
    data = (
        "\ufeffid;title;when;tags;description;source;quote;source_2\r\n"
        'a;"Talks; day one";2025-12-15;"talks; \\;odd";"line 1\nline 2";Reuters;"said ""no""";AP\r\n'
    ).encode()
    event = by_id(from_csv(data), "a")
    assert event.title == "Talks; day one"
    assert event.tags == ("talks", ";odd")
    assert event.description == "line 1\nline 2"
    assert [citation.source.publisher for citation in event.citations] == ["Reuters", "AP"]
    assert event.citations[0].quote == 'said "no"'


def test_columns_in_another_name_and_ids_made_from_title_and_date() -> None:
    data = "Headline,Date\nTalks begin,2025-12-15\nTalks begin,2025-12-15\nNo date yet,\n"
    timeline = from_csv(data, columns={"title": "Headline", "when": "Date"})
    assert [event.id for event in timeline] == ["2025-12-15-talks-begin", "2025-12-15-talks-begin-2", "no-date-yet"]
    assert timeline.events[2].when == When()


def test_every_problem_of_a_file_names_its_row_and_column() -> None:
    data = (
        "id,title,when,status,Colour,source,confidence,quote_2\n"
        "a,A,2025-13-01,happened,,Reuters,sure,\n"
        "a,,2025-12-01,done,,,,\n"
        "c,C,2025-12-01,,,,,a quote\n"
    )
    with pytest.raises(InvalidInputError) as caught:
        from_csv(data)
    assert [str(problem) for problem in caught.value.problems] == [
        'column "Colour": unknown column; expected one of: id, title, when, phrase, status, kind, place, country, '
        "actors, tags, description, media, media_caption, media_credit, media_licence, media_alt, extra, "
        "source, source_url, source_published, attribution, quote, confidence (and source columns ending _2, _3, …)",
    ]
    with pytest.raises(InvalidInputError) as caught:
        from_csv(data.replace(",Colour", ",kind"))
    shown = [str(problem) for problem in caught.value.problems]
    assert shown[0].startswith('row 2, column "when": "2025-13-01" is not a valid date')
    assert shown[1:] == [
        "row 2, column \"confidence\": 'sure' is not one of: confirmed, reported, unconfirmed, disputed, denied",
        'row 3, column "title": is empty; every event needs a title',
        "row 3, column \"status\": 'done' is not one of: proposed, planned, scheduled, happened, postponed, cancelled",
        'row 4, column "source_2": is empty; a cited source needs its publisher here',
    ]


def test_a_repeated_id_names_the_second_row() -> None:
    with pytest.raises(InvalidInputError) as caught:
        from_csv("id,title\na,A\nb,B\na,C\n")
    assert str(caught.value) == 'row 4, column "id": duplicate id "a" (first at events[0])'


def test_load_save_and_the_file_name_in_errors(tmp_path: Path) -> None:
    timeline = Timeline("events", [Event("a", "A", "2025-12-15", tags=["x"])])
    path = tmp_path / "events.csv"
    save(timeline, path)
    assert load(path) == timeline
    path.write_text("id,title,when\na,A,2025-12-15\nb,B,2025-02-30\n", encoding="utf-8")
    with pytest.raises(InvalidInputError) as caught:
        load(path)
    assert str(caught.value).startswith(f'{path}: row 3, column "when": "2025-02-30" is not a valid date')


def test_convert_from_a_spreadsheet_to_json_and_back(tmp_path: Path) -> None:
    source = tmp_path / "talks.csv"
    source.write_text("id,title,when,status\na,Talks,2025-12-15,planned\n", encoding="utf-8")
    assert main(["convert", str(source), str(tmp_path / "talks.json")]) == 0
    assert main(["convert", str(tmp_path / "talks.json"), str(tmp_path / "again.csv")]) == 0
    rows = cells((tmp_path / "again.csv").read_text(encoding="utf-8"))
    assert rows[1][:5] == ["a", "Talks", "2025-12-15", "", "planned"]
    assert load(tmp_path / "talks.json").title == "talks"


def test_the_documented_template_reads() -> None:
    template = Path(__file__).parent.parent / "docs" / "reference" / "timeline-template.csv"
    timeline = from_csv(template.read_bytes())
    assert len(timeline) >= 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert from_csv(to_csv(timeline)) == timeline


def test_a_cell_beyond_the_header_is_refused_not_dropped() -> None:
    with pytest.raises(InvalidInputError) as caught:
        from_csv("title;when;tags\nTalks;2025-12-15;talks; geneva\nB;;\n")
    assert str(caught.value) == "row 2: has 4 cells, but the header names 3 columns"


def test_media_columns_and_their_errors() -> None:
    data = (
        "title,media,media_caption,media_credit,media_licence,media_alt\n"
        'A,https://images.example/a.jpg,"Line 1\nLine 2",NASA,CC0 1.0,A rocket\n'
        "B,,,AP,,\n"
        "C,ftp://images.example/c.jpg,,,,\n"
    )
    with pytest.raises(InvalidInputError) as caught:
        from_csv(data)
    assert [str(problem) for problem in caught.value.problems] == [
        'row 3, column "media": is required: the address of the medium',
        'row 4, column "media": "ftp://images.example/c.jpg" is a ftp: URL; only absolute http(s) URLs are accepted',
    ]
    event = from_csv(data.split("B,", maxsplit=1)[0]).events[0]
    assert event.media == Media(
        "https://images.example/a.jpg", caption="Line 1\nLine 2", credit="NASA", licence="CC0 1.0", alt="A rocket"
    )
