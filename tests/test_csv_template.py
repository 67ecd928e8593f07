"""TimelineJS's Google Sheets template, exported as CSV, read as it is."""

from __future__ import annotations

import pytest

from timeline import Event, InvalidInputError, Media, Status, Timeline, When, from_csv

HEADER = (
    "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,"
    "Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background"
)
COLUMNS = HEADER.split(",")


def sheet(*rows: dict[str, str]) -> str:
    lines = [HEADER]
    for row in rows:
        unknown = set(row) - set(COLUMNS)
        assert not unknown, unknown
        lines.append(",".join(_cell(row.get(column, "")) for column in COLUMNS))
    return "\r\n".join(lines) + "\r\n"


def _cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if any(char in value for char in ',"\n') else value


def only(timeline: Timeline) -> Event:
    assert len(timeline) == 1
    return timeline.events[0]


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ({"Year": "1969"}, "1969"),
        ({"Year": "1969", "Month": "7"}, "1969-07"),
        ({"Year": "1969", "Month": "07", "Day": "20"}, "1969-07-20"),
        ({"Year": "1969", "Month": "7", "Day": "20", "Time": "20:17"}, "1969-07-20T20:17+00:00[UTC]"),
        ({"Year": "1969", "Month": "7", "Day": "20", "Time": "20:17:40"}, "1969-07-20T20:17:40+00:00[UTC]"),
        ({"Year": "1969", "Month": "7", "Day": "20", "Time": "8:17 PM"}, "1969-07-20T20:17+00:00[UTC]"),
        ({"Year": "1969", "Month": "7", "Day": "20", "Time": "12:05 am"}, "1969-07-20T00:05+00:00[UTC]"),
        ({"Year": "1969", "End Year": "1972"}, "1969/1972"),
        ({"Year": "1969", "Month": "7", "End Year": "1969", "End Month": "12"}, "1969-07/1969-12"),
        (
            {"Year": "1969", "Month": "7", "Day": "16", "End Year": "1969", "End Month": "7", "End Day": "24"},
            "1969-07-16/1969-07-24",
        ),
        (
            {"Year": "1969", "Month": "7", "Day": "20", "Time": "20:17", "End Year": "1969", "End Month": "7",
             "End Day": "21", "End Time": "17:54"},
            "1969-07-20T20:17+00:00[UTC]/1969-07-21T17:54+00:00[UTC]",
        ),
        ({"Year": "1969", "End Year": "1969"}, "1969"),
        # BCE years as TimelineJS (JavaScript's Date) counts them: astronomically, 0 is 1 BC, -500 is 501 BC
        ({"Year": "-500"}, "-0500"),
        ({"Year": "0"}, "0000"),
        ({"Year": "-1", "Month": "3", "Day": "15"}, "-0001-03-15"),
        ({"Year": "-4", "Month": "2", "Day": "29"}, "-0004-02-29"),
        ({"Year": "-753", "End Year": "476"}, "-0753/0476"),
        ({"Year": "-138000"}, "Y-138000"),
        ({"Year": "10000"}, "Y10000"),
        ({"Year": " 1969 ", "Month": "7.0"}, "1969-07"),
        ({}, ""),
    ],
)  # fmt: skip
def test_date_columns(dates: dict[str, str], expected: str) -> None:
    event = only(from_csv(sheet({**dates, "Headline": "Apollo"})))
    assert event.when == (When.parse(expected) if expected else When())
    if expected:
        assert str(event.when) == expected


def test_times_are_in_the_zone_given() -> None:
    row = {"Year": "1969", "Month": "7", "Day": "20", "Time": "22:17", "Headline": "Landing"}
    event = only(from_csv(sheet(row), zone="Europe/Berlin"))
    assert str(event.when) == "1969-07-20T22:17+01:00[Europe/Berlin]"


@pytest.mark.parametrize(
    ("dates", "column", "message"),
    [
        ({"Year": "1969", "Month": "13"}, "Month", '"13" is not a month'),
        ({"Year": "1969", "Month": "0"}, "Month", '"0" is not a month'),
        ({"Year": "1969", "Month": "7", "Day": "32"}, "Day", '"32" is not a day of the month'),
        ({"Year": "1969", "Month": "2", "Day": "30"}, "Day", '"1969-02-30" is not a valid date'),
        ({"Year": "nineteen"}, "Year", '"nineteen" is not a year'),
        ({"Year": "-500", "Month": "2", "Day": "29"}, "Day", '"-0500-02-29" is not a valid date'),
        ({"Year": "10000", "Month": "7"}, "Month", '"10000-07" is not a valid date'),
        ({"Year": "-1000000"}, "Year", '"-1000000" is not a year'),
        ({"Month": "7"}, "Year", "is empty, but Month is given"),
        ({"Year": "1969", "Day": "20"}, "Month", "is empty, but a day is given"),
        ({"Year": "1969", "Month": "7", "Time": "20:17"}, "Day", "is empty, but a time is given"),
        ({"Year": "1969", "Month": "7", "Day": "20", "Time": "25:00"}, "Time", '"25:00" is not a time of day'),
        ({"Year": "1969", "Month": "7", "Day": "20", "Time": "noon"}, "Time", '"noon" is not a time such as'),
        ({"Year": "1969", "End Year": "1968"}, "End Year", '"1969/1968" ends before it starts'),
        ({"Year": "1969", "End Month": "13"}, "End Month", '"13" is not a month'),
        ({"End Year": "1969"}, "Year", "is empty, but an end is given"),
    ],
)
def test_bad_date_cells_are_named(dates: dict[str, str], column: str, message: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        from_csv(sheet({"Headline": "First"}, {**dates, "Headline": "Apollo"}))
    assert len(caught.value.problems) == 1
    assert str(caught.value).startswith(f'row 3, column "{column}": {message}')


def test_every_problem_at_once() -> None:
    with pytest.raises(InvalidInputError) as caught:
        from_csv(sheet({"Year": "1969", "Month": "13", "Headline": "A"}, {"Year": "1970", "End Month": "13"}))
    assert [str(problem) for problem in caught.value.problems] == [
        'row 2, column "Month": "13" is not a month',
        'row 3, column "End Month": "13" is not a month',
        'row 3, column "Headline": is empty; every event needs a headline',
    ]


def test_title_row_eras_groups_text_and_media() -> None:
    timeline = from_csv(
        sheet(
            {"Type": "title", "Headline": "The <b>Apollo</b> programme", "Text": "<p>From 1961</p><p>to 1972.</p>"},
            {"Type": "era", "Year": "1961", "End Year": "1972", "Headline": "Apollo", "Group": "Programme"},
            {
                "Year": "1969",
                "Month": "7",
                "Day": "20",
                "Display Date": "20 July 1969",
                "Headline": "Apollo 11 lands",
                "Text": 'First landing.<br>See <a href="https://nasa.gov/apollo">NASA</a> &amp; others.',
                "Group": "Happened",
                "Media": "https://images.example/eagle.jpg",
                "Media Credit": "NASA",
                "Media Caption": "The Eagle",
                "Background": "#000000",
            },
            {"Year": "1970", "Month": "4", "Headline": "Apollo 13", "Group": "cancelled"},
            {"Year": "1970", "Month": "4", "Headline": "Apollo 13"},
        )
    )
    assert timeline.title == "The Apollo programme"
    assert timeline.description == "From 1961\n\nto 1972."
    era, landing, thirteen, again = timeline.events
    assert (era.id, era.kind, era.tags, str(era.when)) == ("1961-apollo", "era", ("Programme",), "1961/1972")
    assert landing.id == "1969-07-20-apollo-11-lands"
    assert landing.when.phrase == "20 July 1969"
    assert landing.description == "First landing.\nSee NASA (https://nasa.gov/apollo) & others."
    assert landing.status is Status.HAPPENED
    assert landing.tags == ()
    assert landing.media == Media("https://images.example/eagle.jpg", credit="NASA", caption="The Eagle")
    assert dict(landing.extra["timelinejs"]) == {"background": "#000000"}
    assert (thirteen.id, thirteen.status) == ("1970-04-apollo-13", Status.CANCELLED)
    assert again.id == "1970-04-apollo-13-2"


def test_ids_are_stable_and_a_semicolon_sheet_reads_too() -> None:
    rows = [{"Year": "2001", "Headline": "Odyssey"}, {"Year": "1999", "Headline": "Before"}]
    first = from_csv(sheet(*rows))
    assert from_csv(sheet(*rows)) == first
    assert from_csv(sheet(*rows).replace(",", ";")) == first


def test_an_unknown_row_type_is_named() -> None:
    with pytest.raises(InvalidInputError) as caught:
        from_csv(sheet({"Year": "2001", "Headline": "X", "Type": "slide"}))
    assert (
        str(caught.value) == 'row 2, column "Type": "slide" is not a type of row: use "title", "era" or leave it empty'
    )


def test_media_that_is_no_address_is_kept_in_extra() -> None:
    row = {"Year": "2001", "Headline": "X", "Media": "<blockquote>Said.</blockquote>", "Media Credit": "AP"}
    event = only(from_csv(sheet(row)))
    assert event.media is None
    assert dict(event.extra["timelinejs"]) == {"media": "<blockquote>Said.</blockquote>", "media_credit": "AP"}


def test_a_bad_media_address_is_named() -> None:
    with pytest.raises(InvalidInputError) as caught:
        from_csv(sheet({"Year": "2001", "Headline": "X", "Media": "https://exa mple.org/a.jpg"}))
    assert str(caught.value).startswith('row 2, column "Media": "https://exa mple.org/a.jpg" is not a URL')
