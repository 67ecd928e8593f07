"""Where claims come from: :class:`Source`, :class:`Citation` and :class:`Confidence`."""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable
from typing import Any, TypeVar

import attrs
import pendulum

from timeline._lazy_re import lazy_compile
from timeline._validation import (
    MAX_LINE,
    MAX_VIA,
    check_line,
    check_slug,
    check_text,
    check_type,
    check_url,
    iso_day,
    plain_line,
    plain_slug,
    plain_text,
    raise_problems,
    rejected,
    report_rejected,
    slugify,
)
from timeline.errors import InvalidInputError, Problem
from timeline.model._shared import shared_line
from timeline.model.when import When, as_when

__all__ = ["Citation", "Confidence", "Source"]


class Confidence(enum.Enum):
    """How sure a source is of what it says, from confirmed to denied."""

    CONFIRMED = "confirmed"
    REPORTED = "reported"
    UNCONFIRMED = "unconfirmed"
    DISPUTED = "disputed"
    DENIED = "denied"


_E = TypeVar("_E", bound=enum.Enum)


def enum_value(kind: type[_E], value: _E | str, path: str) -> _E:
    """``kind(value)``, or an error that lists the choices."""
    if isinstance(value, kind):
        return value
    if type(value) is str and (member := kind._value2member_map_.get(value)) is not None:
        return member  # type: ignore[return-value]  # what kind(value) gives, without Enum's slower call
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(str(member.value) for member in kind)
        raise InvalidInputError.at(path, f"{value!r} is not one of: {choices}") from None


# Converters return a Rejected stand-in instead of raising, so that Source and
# Citation report every problem at once (see _validation.Rejected).


def _confidence(value: Confidence | str) -> Confidence:
    try:
        return enum_value(Confidence, value, "confidence")
    except InvalidInputError as error:
        return rejected(Confidence, error)


def _published(value: When | str | None) -> When | None:
    if value is None:
        return None
    try:
        when = as_when(value)
    except InvalidInputError as error:
        return rejected(When, error.within("published"))
    return None if not when.is_dated and when.phrase is None else when


def _retrieved(value: dt.date | str | None) -> pendulum.Date | None:
    try:
        return _retrieved_date(value)
    except InvalidInputError as error:
        return rejected(pendulum.Date, error)


def _retrieved_date(value: dt.date | str | None) -> pendulum.Date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        raise InvalidInputError.at("retrieved", "expected a date, not a date and time")
    if isinstance(value, dt.date):
        return pendulum.Date(value.year, value.month, value.day)
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return iso_day(value)
        except ValueError as error:
            raise InvalidInputError.at("retrieved", str(error)) from None
    raise InvalidInputError.at("retrieved", f"{value!r} is not a date in the form YYYY-MM-DD")


_PLAIN_URL = lazy_compile(r"[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9.-]+(?:[/?#][!-~]*)?")
"""The usual URL: http(s), a host of ASCII letters, digits, dots and hyphens (no user, port or brackets),
then printable ASCII without spaces. Every such text is one :func:`~timeline._validation.check_url` accepts:
urlsplit finds that scheme and that host in it."""

_DERIVED_END = lazy_compile(r"-[0-9a-f]{8}\Z")
"""How every derived source key ends (see :meth:`Source._derived_key`)."""


def _plain_url(value: object) -> bool:
    """Whether ``value`` is a usual URL (:data:`_PLAIN_URL`): a quick test before the full check."""
    return type(value) is str and len(value) <= MAX_LINE * 8 and _PLAIN_URL.fullmatch(value) is not None


@attrs.frozen(init=False)
class Source:
    """A document that says something: an article, a report, a statement.

    ``publisher`` is required. ``published`` is a :class:`When` (vague dates are
    welcome), ``retrieved`` the day it was read. ``via`` is the source through
    which this one reached us: an outlet relaying another outlet's report is a
    ``Source(publisher="The New York Times", via=Source(publisher="Kyiv Post"))``…
    read "The New York Times, via Kyiv Post".

    ``key`` names the source in documents (``"nyt"``); without one, :attr:`ref`
    derives a stable key from the publisher and a hash of the other fields.
    """

    publisher: str
    title: str | None = attrs.field(default=None, kw_only=True)
    url: str | None = attrs.field(default=None, kw_only=True)
    archived_url: str | None = attrs.field(default=None, kw_only=True)
    author: str | None = attrs.field(default=None, kw_only=True)
    published: When | None = attrs.field(default=None, kw_only=True, converter=_published)
    retrieved: pendulum.Date | None = attrs.field(default=None, kw_only=True, converter=_retrieved)
    via: Source | None = attrs.field(default=None, kw_only=True)
    key: str | None = attrs.field(default=None, kw_only=True)
    _ref: str = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __init__(
        self,
        publisher: str,
        *,
        title: str | None = None,
        url: str | None = None,
        archived_url: str | None = None,
        author: str | None = None,
        published: When | str | None = None,
        retrieved: dt.date | str | None = None,
        via: Source | None = None,
        key: str | None = None,
    ) -> None:
        # The usual source (one-line texts, plain URLs, no retrieved day, a slug key) is checked and stored
        # here, as the converters and __attrs_post_init__ would check and store it. Anything else takes
        # attrs' __init__ (the converters, then __attrs_post_init__), which finds every problem.
        dated = None if published is None else _published(published)
        if (
            retrieved is None
            and plain_line(publisher)
            and (title is None or plain_line(title))
            and (author is None or plain_line(author))
            and (url is None or _plain_url(url))
            and (archived_url is None or _plain_url(archived_url))
            and (dated is None or type(dated) is When)
            and (via is None or (type(via) is Source and len(via.chain()) < MAX_VIA))
            and (key is None or plain_slug(key))
        ):
            _set = object.__setattr__
            for name, value in (
                ("publisher", publisher),
                ("title", title),
                ("url", url),
                ("archived_url", archived_url),
                ("author", author),
                ("published", dated),
                ("retrieved", None),
                ("via", via),
                ("key", key),
            ):
                _set(self, name, value)
            self._set_ref()
        else:
            self.__attrs_init__(
                publisher,
                title=title,
                url=url,
                archived_url=archived_url,
                author=author,
                published=published,
                retrieved=retrieved,
                via=via,
                key=key,
            )

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        check_line(problems, "publisher", self.publisher)
        for name in ("title", "author"):
            check_line(problems, name, getattr(self, name), optional=True)
        for name in ("url", "archived_url"):
            url = getattr(self, name)
            if url is not None and not _plain_url(url):
                check_url(problems, name, url)
        if not report_rejected(problems, self.published) and self.published is not None:
            check_type(problems, "published", self.published, When, "a When")
        report_rejected(problems, self.retrieved)
        if (
            self.via is not None
            and check_type(problems, "via", self.via, Source, "a Source")
            and len(self.via.chain()) >= MAX_VIA
        ):
            problems.append(
                Problem(f"the chain of sources, each via the next, is longer than the limit of {MAX_VIA}", "via")
            )
        if self.key is not None:
            check_slug(problems, "key", self.key, "a source key")
        raise_problems(problems)
        self._set_ref()

    def _set_ref(self) -> None:
        if self.key is not None and _DERIVED_END.search(self.key) is None:
            # A key not ending in "-" and eight hex digits is never the derived one: no need to work it out.
            object.__setattr__(self, "_ref", self.key)
            return
        derived = self._derived_key()
        if self.key == derived:
            object.__setattr__(self, "key", None)
        object.__setattr__(self, "_ref", self.key or derived)

    def _derived_key(self) -> str:
        published = self.published
        parts = (
            self.publisher,
            self.title,
            self.url,
            self.archived_url,
            self.author,
            None if published is None else (str(published), published.phrase),
            None if self.retrieved is None else self.retrieved.isoformat(),
            None if self.via is None else self.via.ref,
        )
        import hashlib  # only for sources without a key; ``import timeline`` stays light without it

        digest = hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()[:8]
        return f"{slugify(self.publisher, 40) or 'source'}-{digest}"

    @property
    def ref(self) -> str:
        """The key that names this source in documents: ``key``, or one derived from the content."""
        return self._ref

    def chain(self) -> tuple[Source, ...]:
        """This source, then the one it came via, and so on."""
        chain: list[Source] = []
        source: Source | None = self
        while source is not None:
            chain.append(source)
            source = source.via
        return tuple(chain)


_CONFIDENCES = {member.value: member for member in Confidence}


@attrs.frozen(init=False)
class Citation:
    """A source's backing for an event: who it cites, what it says, how sure it is.

    ``attribution`` is whom the source itself cites ("unnamed sources", "a senior
    official"); ``quote`` a short quotation; ``locator`` where in the source
    (paragraph, page). ``confidence`` defaults to ``reported``.
    """

    source: Source
    attribution: str | None = attrs.field(default=None, kw_only=True)
    quote: str | None = attrs.field(default=None, kw_only=True)
    locator: str | None = attrs.field(default=None, kw_only=True)
    confidence: Confidence = attrs.field(default=Confidence.REPORTED, kw_only=True, converter=_confidence)

    def __init__(
        self,
        source: Source,
        *,
        attribution: str | None = None,
        quote: str | None = None,
        locator: str | None = None,
        confidence: Confidence | str = Confidence.REPORTED,
    ) -> None:
        # The usual citation is checked and stored here, as _plainly_valid and __attrs_post_init__ would
        # check and store it. Anything else takes the general path, attrs' __init__ (the converter, then
        # __attrs_post_init__), which finds every problem and gives its message.
        usual = _CONFIDENCES.get(confidence) if type(confidence) is str else confidence
        said = None if attribution is None else shared_line(attribution)
        where = None if locator is None else shared_line(locator)
        if (
            type(source) is Source
            and type(usual) is Confidence
            and (said is not None or attribution is None)
            and (where is not None or locator is None)
            and (quote is None or plain_text(quote))
        ):
            set_source, set_attribution, set_quote, set_locator, set_confidence = _CITATION_SETTERS
            set_source(self, source)
            set_attribution(self, said)
            set_quote(self, quote)
            set_locator(self, where)
            set_confidence(self, usual)
        else:
            self.__attrs_init__(source, attribution=attribution, quote=quote, locator=locator, confidence=confidence)

    def __attrs_post_init__(self) -> None:
        if self._plainly_valid():
            # Attributions and locators recur from citation to citation: keep one copy of each.
            if self.attribution is not None:
                object.__setattr__(self, "attribution", shared_line(self.attribution))
            if self.locator is not None:
                object.__setattr__(self, "locator", shared_line(self.locator))
        else:
            raise_problems(self._problems())

    def _plainly_valid(self) -> bool:
        """A quick check of the usual citation: ``True`` only where :meth:`_problems` finds nothing."""
        return (
            type(self.source) is Source
            and (self.attribution is None or shared_line(self.attribution) is not None)
            and (self.quote is None or plain_text(self.quote))
            and (self.locator is None or shared_line(self.locator) is not None)
            and type(self.confidence) is Confidence
        )

    def _problems(self) -> list[Problem]:
        problems: list[Problem] = []
        check_type(problems, "source", self.source, Source, "a Source")
        check_line(problems, "attribution", self.attribution, optional=True)
        check_text(problems, "quote", self.quote)
        check_line(problems, "locator", self.locator, optional=True)
        report_rejected(problems, self.confidence)
        return problems


_CITATION_SETTERS: tuple[Callable[[Citation, Any], None], ...] = tuple(
    vars(Citation)[field.name].__set__ for field in attrs.fields(Citation)
)
"""The setter of each field's slot, in field order: what ``object.__setattr__`` calls for a frozen slotted
class, without its lookup by name (for ``__init__``'s quick path)."""
