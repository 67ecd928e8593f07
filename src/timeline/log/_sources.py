"""The sources a log's lines cite, read once: :class:`SourceCache`.

Every line of a log holds the sources it cites, in its ``sources`` map, so that
it reads on its own; most lines cite a few of the same sources, so reading each
source once saves much of the work of decoding a line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from timeline._validation import MAX_VIA
from timeline.errors import Problem
from timeline.formats._convert import SourceScope, sources_of
from timeline.model import Source

__all__ = ["SourceCache"]

Known = tuple[dict[str, Any], tuple[dict[str, Any], ...], Source]
"""An entry of a ``sources`` map read without problems, the entries it came ``via`` one after another, its source."""


def _plain(value: object) -> bool:
    """Whether a decoded JSON value holds only text, in objects and lists: then ``==`` tells JSON values apart."""
    if type(value) is str:
        return True
    if type(value) is dict:
        return all(map(_plain, value.values()))
    return type(value) is list and all(map(_plain, value))


class SourceCache:
    """Sources already read, by their key and entry in a line's ``sources`` map.

    A map whose every entry is one read before under the same key, in a map
    without problems, and names as ``via`` (to the end of its chain) entries
    equal to those it came via then, is put together from the sources read then,
    skipping :func:`~timeline.formats._convert.sources_of`. That is safe because
    such a map can have no problem of its own: each source is built from its key
    and entry and those of its chain alone, a chain that ended before cannot go
    round in a circle or grow past the limit, and nothing else in the map is
    checked. Any other map is read by ``sources_of``.

    Entries are compared as decoded values, and only entries that hold nothing
    but text are kept, so that equal entries are the same JSON (``1``, ``1.0``
    and ``true`` are equal in Python, but not to a text). A source's fields are
    text; an entry holding anything else is read by ``sources_of`` each time.
    """

    _LIMIT: Final = 4096
    _PER_KEY: Final = 8

    def __init__(self) -> None:
        self._known: dict[str, list[Known]] = {}
        """The entries read under each key, with their chains and sources, the most recent last."""
        self._count = 0

    def table(self, raw: object) -> Mapping[str, Source] | None:
        """The sources of a line's decoded ``sources`` member ``raw``, by key; ``None`` if it has problems."""
        table = self._put_together(raw)
        if table is not None:
            return table
        scope, problems = self._read(raw)
        return None if problems else scope.table

    def scope(self, raw: object) -> tuple[SourceScope, list[Problem]]:
        """The sources of a line's decoded ``sources`` member ``raw``, and their problems."""
        table = self._put_together(raw)
        if table is not None:
            return SourceScope(table), []
        return self._read(raw)

    def _read(self, raw: object) -> tuple[SourceScope, list[Problem]]:
        """:func:`~timeline.formats._convert.sources_of` of ``raw``, its entries kept if it has no problem."""
        scope, problems = sources_of(raw)
        if not problems:
            self._remember(raw, scope.table)
        return scope, problems

    def _put_together(self, raw: object) -> dict[str, Source] | None:
        """The sources of a map whose every entry, with its chain, was read before; else ``None``."""
        if type(raw) is not dict:
            return None
        known, table = self._known, {}
        for ref, entry in raw.items():
            for read, chain, source in known.get(ref, ()):
                if read == entry and (not chain or _same_chain(raw, read, chain)):
                    table[ref] = source
                    break
            else:
                return None
        return table

    def _remember(self, raw: object, table: Mapping[str, Source]) -> None:
        """Keep the entries of a map read without problems, with their chains and sources."""
        if type(raw) is not dict:  # pragma: no cover -- sources_of finds a problem in anything else
            return
        if self._count + len(raw) > self._LIMIT:
            self._known.clear()
            self._count = 0
        for ref, entry in raw.items():
            chain = _chain(raw, entry)
            if not _plain(entry) or not all(map(_plain, chain)):
                continue
            kept = self._known.setdefault(ref, [])
            if any(read == entry and held == chain for read, held, _ in kept):
                continue
            if len(kept) >= self._PER_KEY:
                del kept[0]
                self._count -= 1
            kept.append((entry, chain, table[ref]))
            self._count += 1


def _chain(raw: dict[str, Any], entry: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    """The entries of a map without problems that ``entry`` came via, one after another."""
    chain: list[dict[str, Any]] = []
    via = entry.get("via")
    while via is not None and len(chain) <= MAX_VIA:
        entry = raw[via]
        chain.append(entry)
        via = entry.get("via")
    return tuple(chain)


def _same_chain(raw: dict[str, Any], entry: dict[str, Any], chain: tuple[dict[str, Any], ...]) -> bool:
    """Whether the entries ``entry`` names as ``via`` in ``raw``, one after another, are those of ``chain``.

    ``entry`` holds only text, as the entries of ``chain`` do: each names the next.
    """
    for following in chain:
        if raw.get(entry["via"]) != following:
            return False
        entry = following
    return True
