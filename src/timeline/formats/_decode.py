"""Reading a document's bytes as text: one size limit and one message for bad UTF-8."""

from __future__ import annotations

from timeline.errors import InvalidInputError, Problem


def _fits(text: str, limit: int) -> bool:
    """Whether ``text`` takes at most ``limit`` bytes of UTF-8, encoding it only when its length cannot tell."""
    if len(text) * 4 <= limit:
        return True
    if len(text) > limit:
        return False
    return len(text.encode("utf-8", "surrogatepass")) <= limit


def document_text(data: str | bytes | bytearray, *, limit: int, what: str = "the document") -> str:
    """``data`` as text: at most ``limit`` bytes of UTF-8, a leading byte-order mark dropped.

    Raises :class:`~timeline.errors.InvalidInputError` for a larger document, or
    for bytes that are not UTF-8, naming the line, the column and the byte.
    """
    if not (_fits(data, limit) if isinstance(data, str) else len(data) <= limit):
        raise InvalidInputError(f"{what} is larger than the limit of {limit:,} bytes")
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    raw = bytes(data)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - raw.rfind(b"\n", 0, error.start)
        message = f"not UTF-8 text: the byte 0x{raw[error.start]:02x} (column {column}) cannot be decoded"
        raise InvalidInputError((Problem(message, line=line),)) from None
    return text.removeprefix("\ufeff")
