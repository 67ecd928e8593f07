"""When.day_spans against the questions a When answers: overlaps, earliest_day and latest_day."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from strategies import whens
from timeline import OneOf, When

_LAST = dt.date.max.toordinal()


@given(whens())
def test_one_span_per_reading_and_none_when_undated(when: When) -> None:
    spans = when.day_spans
    if not when.is_dated:
        assert spans == ()
    elif isinstance(when.start, OneOf):
        assert len(spans) == len(when.start.runs)
    else:
        assert len(spans) == 1
    for low, high, late_start, early_end in spans:  # a reading starts within itself and ends within itself
        assert low <= late_start
        assert early_end <= high


@given(whens())
def test_the_first_and_last_days_are_the_ends_of_the_spans(when: When) -> None:
    spans = when.day_spans
    if when.earliest_day is not None:
        assert when.earliest_day.toordinal() == min(low for low, _, _, _ in spans)
    if when.latest_day is not None:
        assert when.latest_day.toordinal() == max(high for _, high, _, _ in spans)


@given(whens(), st.integers(-3, 3), st.booleans())
def test_a_day_is_met_where_the_spans_say(when: When, offset: int, from_start: bool) -> None:
    # The oracle: a day may be met if it lies in some span, and surely is if it lies between
    # the latest start and the earliest end of every one.
    spans = when.day_spans
    ends = [low if from_start else high for low, high, _, _ in spans]
    anchors = [day + offset for day in ends if 1 <= day + offset <= _LAST]
    if not anchors:
        return
    number = anchors[0]
    day = dt.date.fromordinal(number)
    assert when.overlaps(day, day) == any(low <= number <= high for low, high, _, _ in spans)
    assert when.overlaps(day, day, certain=True) == all(
        late_start <= number <= early_end for _, _, late_start, early_end in spans
    )
