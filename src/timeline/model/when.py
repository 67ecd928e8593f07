"""Vague dates: :class:`When`, its :class:`Bound` ends, and how they compare.

The text form is EDTF (ISO 8601-2) for dates and intervals, and RFC 9557 for times
in a named zone; :mod:`timeline.model._edtf` reads it::

    2025-12-15                       that day
    2025-12                          some day in December 2025
    2026-35                          some day in the third quarter of 2026
    2025-12-16~                      about 16 Dec 2025 (``?`` uncertain, ``%`` both)
    2025-12-14/2025-12-15            from the 14th to the 15th
    2025-12-14/..                    from the 14th, still going on (``../x``: open start)
    2025-12-14/                      from the 14th, end unknown (``/x``: start unknown)
    2025-12-15T14:00+01:00[Europe/Berlin]      that minute, Berlin time
    2025-12-15T14:00:30+01:00[Europe/Berlin]   that second

What ``~`` means in numbers is not fixed by EDTF; timeline widens an approximate
bound by one year, quarter or month, or by three days, on each side, and says so in
:attr:`When.earliest_day` and :attr:`When.latest_day`. ``?`` does not widen the range.

Comparisons follow one rule (:mod:`timeline.model._days`): two times compare as
instants in UTC; as soon as a date is involved, calendar days compare, a time's day
being its day in its own zone.
"""

from __future__ import annotations

import datetime as dt
from functools import total_ordering

import attrs
import pendulum

from timeline._validation import check_line, plain_line, quote, text_cache
from timeline.errors import InvalidInputError, Problem
from timeline.model import _days, _quick_when
from timeline.model._bound import Bound, OneOf, Reach, Unbounded
from timeline.model._days import INFINITY, Point, not_after
from timeline.model._order import SortKey, Span, spans_of
from timeline.model._precision import RANK, Precision

__all__ = ["Bound", "OneOf", "Precision", "SortKey", "Unbounded", "When"]


def _range_point(value: object, side: str) -> Point:
    # Not cached by value: two aware datetimes of one instant are equal, but their days in their zones differ.
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidInputError(f"{value.isoformat()} has no time zone")
        return Point(value.toordinal(), _days.instant(value))
    if isinstance(value, dt.date):
        return Point(value.toordinal())
    if isinstance(value, str):
        when = When.parse(value)
    elif isinstance(value, When):
        when = value
    else:
        raise InvalidInputError(
            f"the {side} of a range must be a date, a datetime or a When, not {type(value).__name__}"
        )
    if not when.is_dated:
        raise InvalidInputError(f"the {side} of a range must be dated")
    spans = when._spans
    return (
        min((span.low for span in spans), key=_order)
        if side == "start"
        else max((span.high for span in spans), key=_order)
    )


def _order(point: Point) -> tuple[int, int]:
    return point.day, point.at if point.at is not None else -INFINITY


def check_range(low: RangeEnd, high: RangeEnd) -> tuple[Point, Point]:
    """The first and last point of a range, checked: both dated, and the end not before the start.

    A vague end counts in full: the range runs from the earliest ``low`` may be to
    the latest ``high`` may be.
    """
    first, last = _range_point(low, "start"), _range_point(high, "end")
    if not not_after(first, last):
        raise InvalidInputError("the range ends before it starts")
    return first, last


@total_ordering
@attrs.frozen(eq=True, order=False, repr=False)
class When:
    """When something happened: a point, an interval, or undated; possibly vague.

    Build one with :meth:`When.parse` (``When.parse("2025-12-14/2025-12-15")``), or
    from :class:`Bound` values. ``start`` alone is a point; ``start`` and ``end`` an
    interval, either end of which may be :class:`Unbounded`; neither is undated.
    ``phrase`` keeps the words the source used ("earlier this week").

    Whens sort by their start as written (:class:`SortKey`): times by their
    instant, whatever their zones, a date from 00:00 UTC of its first day; an open
    or unknown start first, undated last. Ties go to the coarser precision, then
    the earlier end, then the canonical text, so the order is total and
    deterministic. Widening for ``~`` is for queries, not for order.
    """

    start: Bound | Unbounded | OneOf | None = None
    end: Bound | Unbounded | None = None
    phrase: str | None = None
    # Worked out when first asked (see _spans): most Whens are sorted and written, never queried.
    _span_memo: tuple[Span, ...] | None = attrs.field(init=False, repr=False, eq=False, hash=False)
    _sort_key: SortKey = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        usual = self._usual()
        if usual is None:
            self._check_and_build()
            return
        reaches, text = usual
        object.__setattr__(self, "_span_memo", spans_of(self.start, self.end, reaches))  # type: ignore[arg-type]
        object.__setattr__(self, "_sort_key", self._make_sort_key(reaches, text))

    def _usual(self) -> tuple[tuple[Reach | None, Reach | None], str] | None:
        """The reaches of the ends and the text of the usual When; ``None`` for any other.

        The usual When has a dated start, or an open or unknown one before a dated end,
        and a plain phrase or none. These types leave nothing to check but the order of
        the ends, so their reaches and texts are worked out at once; any other When, and
        one whose ends are out of order, takes the general path, which says what is wrong.
        """
        start, end, phrase = self.start, self.end, self.phrase
        if phrase is not None and not plain_line(phrase):
            return None
        if type(start) is Bound:
            start_reach, start_text = start._reach_and_text()
        elif type(start) is Unbounded and type(end) is Bound:
            start_reach, start_text = None, str(start)
        else:
            return None
        if end is None:
            return (start_reach, None), start_text
        if type(end) is Bound:
            end_reach, end_text = end._reach_and_text()
            if start_reach is not None and not not_after(start_reach.first, end_reach.last):
                return None
        elif type(end) is Unbounded:
            end_reach, end_text = None, str(end)
        else:
            return None
        return (start_reach, end_reach), f"{start_text}/{end_text}"

    def _check_and_build(self) -> None:
        """Every check of the ends and the phrase, then the spans and sort key: the general path."""
        start, end = self.start, self.end
        problems: list[Problem] = []
        if self.phrase is not None:
            check_line(problems, "phrase", self.phrase)
        start_reach = start._reach() if isinstance(start, Bound) else None
        end_reach = end._reach() if isinstance(end, Bound) else None
        if start is not None and not isinstance(start, Bound | Unbounded | OneOf):
            problems.append(Problem(f"start must be a Bound, got {type(start).__name__}"))
        elif isinstance(start, OneOf) and end is not None:
            problems.append(Problem(f"a set of dates ({start}) cannot start an interval; it is a point in time"))
        elif end is not None and not isinstance(end, Bound | Unbounded):
            problems.append(Problem(f"end must be a Bound, got {type(end).__name__}"))
        elif start is None and end is not None:
            problems.append(Problem("an interval needs a start (Unbounded.UNKNOWN if it is not known)"))
        elif end is None and isinstance(start, Unbounded):
            problems.append(Problem("a point in time cannot be unbounded"))
        elif isinstance(start, Unbounded) and isinstance(end, Unbounded):
            problems.append(Problem("an interval needs at least one dated end"))
        elif start_reach is not None and end_reach is not None and not not_after(start_reach.first, end_reach.last):
            problems.append(Problem(f'"{start}/{end}" ends before it starts'))
        if problems:
            raise InvalidInputError(problems)
        reaches = (start_reach, end_reach)
        spans = () if start is None else spans_of(start, end, reaches)
        object.__setattr__(self, "_span_memo", spans)
        object.__setattr__(self, "_sort_key", self._make_sort_key(reaches, str(self)))

    @classmethod
    def _of_parts(cls, parts: _quick_when.Parts, phrase: str | None) -> When:
        """The When of parts that :mod:`timeline.model._quick_when` has read and proven valid.

        It skips the checks of ``__attrs_post_init__`` on the ends (their types, their
        order: the reader has checked both) and takes the sort key worked out while
        reading; the spans are left to :attr:`_spans`, and the phrase is checked as always.
        """
        start, end, sort_key = parts
        if phrase is not None:
            problems: list[Problem] = []
            check_line(problems, "phrase", phrase)
            if problems:
                raise InvalidInputError(problems)
            sort_key = sort_key._replace(phrase=phrase)
        when = _new(cls)
        _SET_START(when, start)
        _SET_END(when, end)
        _SET_PHRASE(when, phrase)
        _SET_SPAN_MEMO(when, None)
        _SET_SORT_KEY(when, sort_key)
        return when

    def _make_sort_key(self, reaches: tuple[Reach | None, Reach | None], text: str) -> SortKey:
        """Where this sorts, from the reaches of its ends and its canonical ``text``."""
        start, end = self.start, self.end
        if start is None:
            return SortKey(True, 0, 0, 0, "", self.phrase or "")
        if isinstance(start, OneOf):
            begin, finish = start.first._nominal()[0], start.last._nominal()[1]
            return SortKey(False, begin, RANK[start.first.precision], finish, text, self.phrase or "")
        start_reach, end_reach = reaches
        first = start if isinstance(start, Bound) else end
        assert isinstance(first, Bound)
        begin = -INFINITY if start_reach is None else start_reach.start
        if end is None:
            finish = INFINITY if start_reach is None else start_reach.end
        else:
            finish = INFINITY if end_reach is None else end_reach.end
        return SortKey(False, begin, RANK[first.precision], finish, text, self.phrase or "")

    @property
    def _spans(self) -> tuple[Span, ...]:
        """Where each reading may lie (:func:`~timeline.model._order.spans_of`), worked out once, when first asked.

        A When read by the quick reader leaves them out; they follow from its ends alone,
        exactly as the general path works them out.
        """
        spans = self._span_memo
        if spans is None:
            start, end = self.start, self.end
            if start is None:
                spans = ()
            elif end is None and type(start) is Bound:  # a point: spans_of's first case, without its dispatch
                reach = start._reach()
                low, high = reach.low, reach.high
                spans = (Span(low, high, high, low, low.at is None),)
            else:
                reaches = (
                    start._reach() if isinstance(start, Bound) else None,
                    end._reach() if isinstance(end, Bound) else None,
                )
                spans = spans_of(start, end, reaches)
            object.__setattr__(self, "_span_memo", spans)
        return spans

    def __repr__(self) -> str:
        phrase = f", phrase={self.phrase!r}" if self.phrase is not None else ""
        return f"When({str(self)!r}{phrase})" if self.start is not None else f"When.undated({self.phrase!r})"

    @classmethod
    def parse(cls, text: str, *, phrase: str | None = None) -> When:
        """Read the text form (EDTF, or RFC 9557 times); see :mod:`timeline.model._edtf`.

        An empty text means undated. Raises
        :class:`~timeline.errors.InvalidInputError` with a message that quotes the
        text and says what is wrong with it.
        """
        if phrase is None and text.__class__ is str and len(text) <= 200 and cls is When:  # the usual call
            return _parse_cached(text)
        if not isinstance(text, str):
            raise InvalidInputError(f"expected a date as text, got {type(text).__name__}")
        if len(text) > 200:
            raise InvalidInputError(f"{quote(text)} is too long to be a date")
        if cls is When and (phrase is None or isinstance(phrase, str)):
            return _parse_cached(text) if phrase is None else _parse_phrased(text, phrase)
        return cls._parse(text, phrase)

    @classmethod
    def _parse(cls, text: str, phrase: str | None) -> When:
        text = text.strip()
        if not text:
            return cls(phrase=phrase)
        if cls is When and (parts := _quick_when.parse(text)) is not None:
            return cls._of_parts(parts, phrase)
        from timeline.model import _edtf

        start, end = _edtf.parse(text)
        return cls(start, end, phrase=phrase)

    @classmethod
    def undated(cls, phrase: str | None = None) -> When:
        """No date (yet), with the source's words about it if there are any."""
        return cls(phrase=phrase)

    @property
    def is_dated(self) -> bool:
        """Whether there is any date at all."""
        return self.start is not None

    @property
    def is_interval(self) -> bool:
        """Whether this is an interval (it has an ``end``)."""
        return self.end is not None

    @property
    def _first(self) -> Bound | Unbounded | None:
        return self.start.first if isinstance(self.start, OneOf) else self.start

    @property
    def _last(self) -> Bound | Unbounded | None:
        if isinstance(self.start, OneOf):
            return self.start.last
        return self.start if self.end is None else self.end

    @property
    def earliest(self) -> pendulum.Date | pendulum.DateTime | None:
        """The earliest it may be; ``None`` if undated or open to the past.

        A date-precision value is a :class:`pendulum.Date`, a time a
        :class:`pendulum.DateTime` in its zone. Approximate bounds are widened.
        Dates and times do not compare with each other, and two times in one zone
        compare by wall clock; for comparisons use :attr:`earliest_day` and
        :attr:`earliest_at`.
        """
        first = self._first
        return first.earliest if isinstance(first, Bound) else None

    @property
    def latest(self) -> pendulum.Date | pendulum.DateTime | None:
        """The latest it may be; ``None`` if undated or with no known end. See :attr:`earliest`."""
        last = self._last
        return last.latest if isinstance(last, Bound) else None

    @property
    def earliest_day(self) -> dt.date | None:
        """The first calendar day it may fall on, widened for ``~``.

        ``None`` when undated, when the start is open or unknown, or when the day
        is outside the years 1–9999 that :class:`datetime.date` holds. For a time,
        the day is its calendar day in its own zone.
        """
        if not isinstance(self._first, Bound):
            return None
        return _days.as_date(min(span.low.day for span in self._spans))

    @property
    def latest_day(self) -> dt.date | None:
        """The last calendar day it may fall on, widened for ``~``; ``None`` as for :attr:`earliest_day`."""
        if not isinstance(self._last, Bound):
            return None
        return _days.as_date(max(span.high.day for span in self._spans))

    @property
    def earliest_at(self) -> dt.datetime | None:
        """The instant it starts, in UTC (``tzinfo`` is :data:`datetime.UTC`), if the start is a time; else ``None``."""
        first = self._first
        if not isinstance(first, Bound) or not first.precision.is_time:
            return None
        return _days.as_datetime(first._instant())

    @property
    def latest_at(self) -> dt.datetime | None:
        """The instant it ends, in UTC, if the end (or the point) is a time; else ``None``."""
        last = self._last
        if not isinstance(last, Bound) or not last.precision.is_time:
            return None
        return _days.as_datetime(last._instant())

    @property
    def sort_key(self) -> SortKey:
        """Where this sorts among other Whens; see :class:`SortKey`."""
        return self._sort_key

    def overlaps(self, low: RangeEnd, high: RangeEnd, *, certain: bool = False) -> bool:
        """Whether this may meet the range from ``low`` to ``high``, both included.

        ``low`` and ``high`` are dates, aware datetimes, Whens or their text; a
        vague end counts in full. Two times compare as instants (UTC); calendar
        days compare as soon as a date is involved, a time's day being its day in
        its own zone. An open end (``..``) reaches on without limit (an open start
        back without limit); an unknown end (``/``) may lie anywhere after the
        start, so it may meet any later range but is never certain to reach past
        the start. With ``certain=True``: whether it meets the range however its
        vague dates resolve. Undated never overlaps. Raises
        :class:`~timeline.errors.InvalidInputError` for an undated or reversed range.
        """
        first, last = check_range(low, high)
        return self._meets(first, last, certain=certain)

    def _meets(self, first: Point, last: Point, *, certain: bool) -> bool:
        spans = self._span_memo
        if spans is None:  # not yet worked out; once they are, queries read the slot directly
            spans = self._spans
        if not spans:
            return False
        if certain:
            return all(not_after(span.late_start, last) and not_after(first, span.early_end) for span in spans)
        # A single day also needs the range to hold a day: its ends, written in two zones, may be on days
        # that run backwards (00:00 UTC is already the 12th east of the date line, still the 11th west of it).
        return any(
            not_after(span.low, last) and not_after(first, span.high) and (not span.one_day or first.day <= last.day)
            for span in spans
        )

    @property
    def bounds(self) -> tuple[Bound, ...]:
        """The dated ends, start first; for a set, the first and last date of each member."""
        if isinstance(self.start, OneOf):
            return tuple(bound for run in self.start.runs for bound in run)
        return tuple(bound for bound in (self.start, self.end) if isinstance(bound, Bound))

    @property
    def is_vague(self) -> bool:
        """Whether it is a set, coarser than a day, approximate, uncertain, has X digits or an undated end."""
        if not self.is_dated or isinstance(self.start, Unbounded | OneOf) or isinstance(self.end, Unbounded):
            return True
        return any(bound.is_vague for bound in self.bounds)

    def label(self, locale: str = "en") -> str:
        """A short human label: "14–15 Dec 2025", "Dec 2025", "about 16 Dec 2025", "no date yet"."""
        from timeline.model import _labels  # only when labels are asked for: import timeline stays light

        return _labels.label(self, locale)

    def __str__(self) -> str:
        if self.start is None:
            return ""
        if self.end is None:
            return str(self.start)
        return f"{self.start}/{self.end}"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        return self._sort_key < other._sort_key

    @property
    def day_spans(self) -> tuple[tuple[int, int, int, int], ...]:
        """Where each reading may lie, as day numbers (:meth:`datetime.date.toordinal`, also beyond years 1–9999).

        One reading, or one per member of a set; each is the earliest day it may
        start, the latest it may end, the latest it may start and the earliest it
        may end, as :meth:`overlaps` sees them (``~`` widens; a time is its day in
        its own zone). On an open or unknown side the day is that rule's bound,
        which may lie beyond every date. Empty when undated.
        """
        return tuple((span.low.day, span.high.day, span.late_start.day, span.early_end.day) for span in self._spans)


_new = object.__new__
# The slots of When's fields, for _of_parts: each setter stores one field of a new When, past the frozen setattr.
_SET_START, _SET_END, _SET_PHRASE, _SET_SPAN_MEMO, _SET_SORT_KEY = (
    vars(When)[field.name].__set__ for field in attrs.fields(When)
)

RangeEnd = When | str | dt.date
"""A range end for :meth:`When.overlaps` and :meth:`Timeline.between`: a date or aware datetime, a When, or its text."""


@text_cache(maxsize=4096)
def _parse_cached(text: str) -> When:
    """Parsing is pure and Whens are immutable, so repeated dates are parsed once.

    The text alone is the key (the cache keeps a single text as it is, with no tuple
    around it); a date with a phrase has a cache of its own.
    """
    # The quick reader first, on the text as given: its patterns take no spaces, so a text with spaces around it
    # goes on to _parse, which strips it and reads it again. An empty text is undated: no end to read.
    if text:
        parts = _quick_when.parse(text)
        if parts is None:
            return When._parse(text, None)
        start, end, sort_key = parts
    else:
        start, end, sort_key = None, None, _UNDATED
    # When._of_parts(parts, None), without its dispatch on a phrase: the When of a date read alone.
    when = _new(When)
    _SET_START(when, start)
    _SET_END(when, end)
    _SET_PHRASE(when, None)
    _SET_SPAN_MEMO(when, None)  # worked out when first asked (an undated When has none)
    _SET_SORT_KEY(when, sort_key)
    return when


_UNDATED = SortKey(True, 0, 0, 0, "", "")
"""The sort key of an undated When without a phrase: after every date."""


@text_cache(maxsize=1024)
def _parse_phrased(text: str, phrase: str) -> When:
    """:func:`_parse_cached` of a date with its source's words."""
    return When._parse(text, phrase)


def as_when(value: When | str | None) -> When:
    """``When`` from a ``When``, its text, or ``None`` (undated)."""
    if isinstance(value, When):
        return value
    if value is None:
        return When()
    return When.parse(value)
