"""Reading a document's bytes: one size limit and one message for bad UTF-8, and where orjson reads them otherwise."""

from __future__ import annotations

import mmap
from typing import Final

from timeline.errors import InvalidInputError, Problem


def release(data: object, start: int, stop: int) -> int:
    """Give back the memory of a mapped file's pages from ``start`` to ``stop``, read once and not needed again.

    Returns where the next call starts: the pages are whole ones, so the part of
    the last page before ``stop`` is given back next time. Bytes are left alone.
    """
    if not isinstance(data, mmap.mmap):
        return start
    stop -= stop % mmap.PAGESIZE
    if stop > start:
        data.madvise(mmap.MADV_DONTNEED, start, stop - start)  # read again from the file if ever touched
        return stop
    return start


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


# Digits as "0", a point as it is, every other byte as "x": an integer part of 19 digits or more
# becomes "x" and 19 zeros (the fraction of a float follows a point, not an "x").
_DIGITS: Final = bytes(48 if 48 <= byte <= 57 else 46 if byte == 46 else 120 for byte in range(256))
_LONG_INTEGER: Final = b"x" + b"0" * 19
_WINDOW: Final = 1 << 22


def long_integer(text: bytes) -> bool:
    """Whether ``text`` (JSON) may hold an integer of 19 digits or more, which orjson reads otherwise than json.

    orjson reads an integer beyond 64 bits as a float. 19 digits in a string count
    too: the answer errs on the side of yes. Looked at a window at a time, so that
    a large text is never copied whole.
    """
    start = 0
    while start < len(text):
        window = text[max(0, start - len(_LONG_INTEGER)) : start + _WINDOW]
        if _LONG_INTEGER in window.translate(_DIGITS) or (start == 0 and window[:19].isdigit()):
            return True
        start += _WINDOW
    return False
