"""Writing user text into Markdown so that it stays text: escaping for Markdown, URLs and Mermaid.

The escapes are chosen to work in CommonMark (and GitHub), in Python-Markdown (which
MkDocs uses, and which knows fewer backslash escapes) and in their common
extensions (tables, footnotes, attribute lists, admonitions, definition lists):

- characters that Python-Markdown escapes with a backslash too (``\\ ` * _ [ ] { } # !``)
  get a backslash;
- the others that mean something somewhere (``& < > | ~ @ $ ^``) are written as
  character references (``&amp;``, ``&lt;``, ``&#124;`` …), which every renderer
  turns back into the character without reading it as syntax;
- whitespace at either end of a text, which renderers would strip or read as
  indentation, is written as character references (``&#32;``);
- a line of multi-line text never starts with a character that could open a block:
  ``-``, ``+``, ``=``, ``:``, ``?`` and ``/`` are escaped there, and so is the
  ``.`` or ``)`` after leading digits ("2025. was" would start a numbered list).

Line breaks are never copied into a line: callers split multi-line text and lay
out each line themselves.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["block_start", "inline", "line", "lines", "mermaid", "url"]

_BACKSLASHED = "\\`*_[]{}#!"
_REFERENCES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "|": "&#124;",
    "~": "&#126;",
    "@": "&#64;",
    "$": "&#36;",
    "^": "&#94;",  # before our "[^ref]", "^[" opens an inline footnote (markdown-it's footnote plugin)
}
_INLINE = {**{char: "\\" + char for char in _BACKSLASHED}, **_REFERENCES}
_NEEDS_INLINE = re.compile("[" + re.escape(_BACKSLASHED + "".join(_REFERENCES)) + "]")


def _escape(match: re.Match[str]) -> str:
    # A regular expression's substitution: str.translate with a table of strings is several times slower.
    return _INLINE[match[0]]


_LINE_START = {"-": "\\-", "+": "\\+", "=": "&#61;", ":": "&#58;", "?": "&#63;", "/": "&#47;"}
_NUMBERED = re.compile(r"\d+(?=[.)](?:[ \t]|\Z))")


def _reference(char: str) -> str:
    return f"&#{ord(char)};"


def _edges(text: str) -> str:
    """Whitespace at the start and end of ``text`` as character references."""
    start = len(text) - len(text.lstrip())
    end = max(len(text.rstrip()), start)
    head = "".join(_reference(char) for char in text[:start])
    tail = "".join(_reference(char) for char in text[end:])
    return head + text[start:end] + tail


def inline(text: str) -> str:
    """``text`` (one line) written to read as itself anywhere inside a line of Markdown."""
    if _NEEDS_INLINE.search(text) is not None:
        text = _NEEDS_INLINE.sub(_escape, text)
    if text != text.strip():  # whitespace at an end (str.strip() removes what str.isspace() finds)
        text = _edges(text)
    return text


def block_start(escaped: str) -> str:
    """A line made of :func:`inline` text (and our own), made safe to start a Markdown block.

    :func:`inline` leaves ``- + = : ? /`` and digits as they are and never makes
    them, so what it wrote can be checked here, after whatever follows was added:
    "0" followed by our "." would start a numbered list.
    """
    first = escaped[:1]
    if first in _LINE_START:
        return _LINE_START[first] + escaped[1:]
    if first.isdigit() and (match := _NUMBERED.match(escaped)) is not None:
        digits = match.end()
        return escaped[:digits] + "\\" + escaped[digits:]
    return escaped


def line(text: str) -> str:
    """One line of text, written to read as itself at the start of a Markdown line."""
    return block_start(inline(text))


def lines(text: str) -> list[list[str]]:
    """Multi-line ``text`` as paragraphs of escaped lines.

    A line holding only spaces and tabs separates paragraphs (as in Markdown);
    every other line is kept, each one safe at the start of a Markdown line: each
    is :func:`line` of the line as written.
    """
    paragraphs: list[list[str]] = []
    current: list[str] = []
    # No escape of inline() spans a line break, so the whole text is escaped at once; whitespace at
    # the ends of a line and what would start a block are then seen to line by line.
    if _NEEDS_INLINE.search(text) is not None:
        text = _NEEDS_INLINE.sub(_escape, text)
    for text_line in text.split("\n"):
        if text_line.strip(" \t"):
            written = _edges(text_line) if text_line[0].isspace() or text_line[-1].isspace() else text_line
            first = written[0]
            current.append(block_start(written) if first in _LINE_START or first.isdigit() else written)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


# Characters that Markdown reads inside a link destination (and "|", which tables read
# anywhere on a line), spaces and controls (which end it): these are percent-encoded.
# Everything else, non-ASCII included, is kept as it is, so the link goes where the URL says.
_URL_ENCODED = re.compile(r'[()<>\\`"{}|\s\x00-\x1f\x7f-\x9f]')


def url(value: str) -> str | None:
    """An absolute http(s) URL written as a Markdown link destination, or ``None`` for any other.

    ``( ) < > \\ ` " { } |``, spaces and controls are percent-encoded (as UTF-8) and
    ``&`` is written ``&amp;``, so that no part of the URL reads as Markdown or as a
    character reference.
    """
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    encoded = _URL_ENCODED.sub(lambda match: "".join(f"%{byte:02X}" for byte in match[0].encode()), value)
    return encoded.replace("&", "&amp;")


# Mermaid reads ":" (event separator), "#" and "%%" (comments), ";" (statement end)
# and "<br>" in text, and replaces "#name;" entity codes with the placeholders "ﬂ°"
# and "¶ß" before parsing, turning them back after. All of these are written as
# Mermaid's own entity codes ("#58;"), which it shows as the character.
_MERMAID = str.maketrans({char: f"#{ord(char)};" for char in ':#;%`<>&"\\{}[]|ﬂ¶'})


def mermaid(text: str) -> str:
    """``text`` (one line) written to be shown as itself in a Mermaid ``timeline``."""
    return " ".join(text.translate(_MERMAID).split())
