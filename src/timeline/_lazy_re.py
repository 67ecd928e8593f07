"""Regular expressions compiled on first use rather than at import.

Compiling a pattern costs up to a millisecond (a character class with wide Unicode ranges
most), which every ``import timeline`` would pay even when the pattern is never used.
"""

from __future__ import annotations

import re
from typing import Any, cast


class _LazyPattern:
    """A stand-in for ``re.compile(pattern)`` that compiles it when a method is first looked up.

    The first lookup of a method (``search``, ``match``, ``sub``, …) compiles the pattern and
    stores every method of the compiled pattern on the instance, so later lookups find them
    in the instance's own dictionary: a hot path pays nothing more than with the compiled
    pattern itself.
    """

    def __init__(self, pattern: str) -> None:
        self._source = pattern

    def __getattr__(self, name: str) -> Any:
        compiled = re.compile(self._source)
        for method in ("search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"):
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self._source!r})"


def lazy_compile(pattern: str) -> re.Pattern[str]:
    """``pattern``, compiled when first used: methods and attributes as those of ``re.compile(pattern)``."""
    return cast("re.Pattern[str]", _LazyPattern(pattern))
