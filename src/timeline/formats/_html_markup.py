"""Writing user text into HTML so that it stays text: element text, attributes, inline JSON, links.

- Element text escapes ``& < >`` and is wrapped in ``<bdi>``, so that right-to-left
  text and bidirectional controls in the data cannot reorder the page's own words
  around it.
- Attribute values escape ``& < > " '`` and are always written in double quotes.
- JSON inside ``<script type="application/json">`` writes ``< > &`` and the line
  separators as ``\\u`` escapes, so that no ``</script>`` or ``<!--`` can appear in it.
- Only absolute ``http``, ``https`` and ``mailto`` URLs become links; any other
  (``javascript:``, ``data:``, relative, or one with control characters anywhere)
  is shown as text.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import urlsplit

__all__ = ["LINK_SCHEMES", "HtmlMarkup", "attribute", "href", "json_data", "text"]

LINK_SCHEMES = ("http", "https", "mailto")
"""The URL schemes that become links; every other URL is shown as text."""

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_NEEDS = re.compile("[<>&\u2028\u2029]")
_URL_ENCODED = re.compile(r'[\s"<>\\^`{|}\x00-\x1f\x7f-\x9f]')
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def text(value: str) -> str:
    """``value`` as element text: ``& < >`` escaped (quotes need no escape outside attributes)."""
    return html.escape(value, quote=False)


def attribute(value: str) -> str:
    """``value`` for a double-quoted attribute: ``& < > " '`` escaped."""
    return html.escape(value, quote=True)


def json_data(value: Any) -> str:
    """``value`` as JSON that is safe inside ``<script type="application/json">``."""
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return _JSON_NEEDS.sub(lambda match: _JSON_ESCAPES[match[0]], data)


def href(value: str) -> str | None:
    """An absolute http(s) or mailto URL, escaped for an ``href``; ``None`` for any other."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES or (scheme != "mailto" and not parts.netloc) or value != value.strip():
        return None
    if _CONTROL.search(value):  # a browser reads these otherwise than urlsplit does; no real URL has them
        return None
    encoded = _URL_ENCODED.sub(lambda match: "".join(f"%{byte:02X}" for byte in match[0].encode()), value)
    return attribute(encoded)


class HtmlMarkup:
    """HTML's way of writing user text and links, for :class:`~timeline.formats._page.Prose`."""

    def __init__(self, *, new_tab: bool = False) -> None:
        self.target = ' target="_blank"' if new_tab else ""

    def text(self, value: str) -> str:
        return f"<bdi>{text(value)}</bdi>"

    def quote(self, value: str, indent: int) -> str:
        return "<bdi>" + "<br>".join(text(line) for line in value.split("\n")) + "</bdi>"

    def href(self, value: str) -> str | None:
        return href(value)

    def link(self, shown: str, href: str) -> str:
        return f'<a href="{href}"{self.target} rel="noopener noreferrer">{shown}</a>'
