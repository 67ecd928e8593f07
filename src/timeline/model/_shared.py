"""One copy of each repeated short text the model holds, checked once.

Kinds, actors, tags, attributions, locators and place names recur from event to
event; a timeline loaded from a file would otherwise hold a string of its own for
every occurrence (and a tuple of its own for every list of actors or tags). The
functions here give back the first copy seen of an equal value, from a bounded
cache by text (:func:`~timeline._validation.text_cache`, emptied by
:func:`~timeline._validation.clear_caches`), and check it on the way in, so that a
value met again costs one look-up instead of a scan of its characters.

Only plain ``str`` values (and tuples of them) are looked up: a subclass of ``str``
may compare equal to a text it is not, and takes the full checks instead.
"""

from __future__ import annotations

from timeline._validation import plain_line, plain_lines, text_cache

__all__ = ["shared_line", "shared_lines"]


@text_cache(maxsize=4096)
def _shared_line(value: str) -> str | None:
    return value if plain_line(value) else None


@text_cache(maxsize=4096)
def _shared_lines(values: tuple[str, ...]) -> tuple[str, ...] | None:
    if not plain_lines(values):
        return None
    return tuple([_shared_line(value) or value for value in values])  # each is plain: never the `or`


def shared_line(value: object) -> str | None:
    """The shared copy of ``value`` if :func:`~timeline._validation.plain_line` accepts it, else ``None``."""
    return _shared_line(value) if type(value) is str else None


def shared_lines(values: object) -> tuple[str, ...] | None:
    """The shared copy of ``values``, a tuple of shared texts, if :func:`~timeline._validation.plain_lines`
    accepts it, else ``None``."""
    if type(values) is not tuple:
        return None
    for value in values:  # a list inside cannot be a key, and a str subclass must not match a text
        if type(value) is not str:
            return None
    return _shared_lines(values) if values else values
