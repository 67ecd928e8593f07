"""Reading and writing timeline files, the format chosen by the file's suffix."""

from __future__ import annotations

import mmap
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO, Final, NamedTuple

from timeline.errors import InvalidInputError, TimelineError, UnsupportedFormatError
from timeline.formats._atomic import write_atomically
from timeline.model import Timeline

__all__ = ["READABLE", "WRITABLE", "format_of", "load", "read_timeline", "save", "write_atomically", "write_timeline"]


class _Format(NamedTuple):
    """How timeline reads and writes one format; each function imports its module when it is called."""

    suffixes: tuple[str, ...]
    read: Callable[[bytes, str | None, bool], Timeline] | None
    write: Callable[..., bytes]
    pieces: Callable[..., Iterable[bytes]] | None = None
    """What :func:`save` writes, piece by piece as it is made; ``None``: the whole of :attr:`write`."""
    options: bool = False
    """Whether the writers take options."""


def _read_json(data: bytes, name: str | None, strict: bool) -> Timeline:
    from timeline.formats.json import from_json

    return from_json(data)


def _read_yaml(data: bytes, name: str | None, strict: bool) -> Timeline:
    from timeline.formats.yaml import from_yaml

    return from_yaml(data)


def _read_ics(data: bytes, name: str | None, strict: bool) -> Timeline:
    from timeline.formats.ical import from_ical

    return from_ical(data, strict=strict)


def _read_csv(data: bytes, name: str | None, strict: bool) -> Timeline:
    from timeline.formats.csv import from_csv

    return from_csv(data) if name is None else from_csv(data, title=name)


def _read_parquet(data: bytes, name: str | None, strict: bool) -> Timeline:
    from timeline.formats.arrow import parquet_timeline

    return parquet_timeline(data)


def _write_json(timeline: Timeline) -> bytes:
    from timeline.formats.json import to_json

    return to_json(timeline).encode("utf-8")


def _json_pieces(timeline: Timeline) -> Iterable[bytes]:
    from timeline.formats.json import json_chunks

    return json_chunks(timeline)  # written as it is made, never whole in memory


def _write_yaml(timeline: Timeline) -> bytes:
    from timeline.formats.yaml import to_yaml

    return to_yaml(timeline).encode("utf-8")


def _write_ics(timeline: Timeline, **options: Any) -> bytes:
    from timeline.formats.ical import to_ical

    return to_ical(timeline, **options)


def _ics_pieces(timeline: Timeline, **options: Any) -> Iterable[bytes]:
    from timeline.formats.ical import iter_ical

    return iter_ical(timeline, **options)  # one component at a time


def _write_md(timeline: Timeline, **options: Any) -> bytes:
    from timeline.formats.markdown import to_markdown

    return to_markdown(timeline, **options).encode("utf-8")


def _md_pieces(timeline: Timeline, **options: Any) -> Iterable[bytes]:
    from timeline.formats.markdown import iter_markdown

    return (piece.encode("utf-8") for piece in iter_markdown(timeline, **options))


def _write_html(timeline: Timeline, **options: Any) -> bytes:
    from timeline.formats.html import to_html

    return to_html(timeline, **options).encode("utf-8")


def _write_csv(timeline: Timeline) -> bytes:
    from timeline.formats.csv import to_csv

    return to_csv(timeline).encode("utf-8")


def _write_parquet(timeline: Timeline) -> bytes:
    from timeline.formats.arrow import parquet_bytes

    return parquet_bytes(timeline)


_FORMATS: Final = {
    "json": _Format((".json",), _read_json, _write_json, _json_pieces),
    "yaml": _Format((".yaml", ".yml"), _read_yaml, _write_yaml),
    "ics": _Format((".ics",), _read_ics, _write_ics, _ics_pieces, options=True),
    "md": _Format((".md",), None, _write_md, _md_pieces, options=True),
    "html": _Format((".html", ".htm"), None, _write_html, options=True),
    "csv": _Format((".csv",), _read_csv, _write_csv),
    "parquet": _Format((".parquet",), _read_parquet, _write_parquet),
}

READABLE: Final = tuple(name for name, kind in _FORMATS.items() if kind.read is not None)
"""The formats timeline reads, by name."""

WRITABLE: Final = tuple(_FORMATS)
"""The formats timeline writes, by name."""

_SUFFIXES: Final = {suffix: name for name, kind in _FORMATS.items() for suffix in kind.suffixes}


def format_of(path: str | os.PathLike[str], *, action: str = "read") -> str:
    """The name of the format a file's suffix names (``json``, ``yaml``, ``ics``, ``md``, ``html``).

    Raises :class:`~timeline.errors.UnsupportedFormatError` for a suffix that
    timeline cannot ``action`` (``"read"`` or ``"write"``).
    """
    file = Path(path)
    suffix = file.suffix.lower()
    found = _SUFFIXES.get(suffix)
    able = READABLE if action == "read" else WRITABLE
    if found is None or found not in able:
        suffixes = sorted(name for name, kind in _SUFFIXES.items() if kind in able)
        what = f"files ending in {suffix!r}" if suffix else "files without a suffix"
        raise UnsupportedFormatError(f"{file}: cannot {action} {what}; use one of {', '.join(suffixes)}")
    return found


def read_timeline(data: bytes, kind: str, *, name: str | None = None, strict: bool = False) -> Timeline:
    """The timeline in ``data``, a document in the format named ``kind``.

    ``name`` (a file's name without its suffix) titles a CSV timeline, which has no title of its own.
    ``strict`` reads another program's iCalendar file as strictly as timeline's
    own (see :func:`~timeline.formats.ical.from_ical`); the other formats are always read strictly.
    """
    found = _FORMATS.get(kind)
    if found is None or found.read is None:
        raise UnsupportedFormatError(f"timeline cannot read {kind!r}; it reads {', '.join(READABLE)}")
    return found.read(data, name, strict)


def write_timeline(timeline: Timeline, kind: str, **options: Any) -> bytes:
    """The bytes of ``timeline`` in the format named ``kind``.

    ``options`` go to the writer: ``to_ical``'s ``stamp``, ``name``, ``namespace``,
    ``revisions``, ``refresh``, ``url`` and ``color``; ``to_markdown``'s ``diagram``,
    ``group_by``, ``locale`` and ``revisions``; or ``to_html``'s ``locale``,
    ``assets``, ``revisions`` and ``zone``. JSON, YAML, CSV and Parquet take none.
    """
    return _writer(kind, options).write(timeline, **options)


def _writer(kind: str, options: Mapping[str, Any]) -> _Format:
    found = _FORMATS.get(kind)
    if found is None:
        raise UnsupportedFormatError(f"timeline cannot write {kind!r}; it writes {', '.join(WRITABLE)}")
    if options and not found.options:
        raise InvalidInputError(f"{kind} takes no options, got {', '.join(sorted(options))}")
    return found


def load(path: str | os.PathLike[str], *, kind: str | None = None, strict: bool = False) -> Timeline:
    """Read a timeline file; the format comes from the suffix (``.json``, ``.yaml``/``.yml``, ``.ics``, ``.csv``).

    A CSV file's timeline is titled with the file's name (a TimelineJS sheet's, by its title row).

    ``kind`` names the format instead (``"json"``, ``"yaml"``, ``"ics"``), for a
    file whose suffix does not. Another program's ``.ics`` file is read leniently,
    what cannot be read reported in warnings, unless ``strict`` is true: see
    :func:`~timeline.formats.ical.from_ical`.

    Raises :class:`~timeline.errors.InvalidInputError` with the file name in every
    problem, :class:`~timeline.errors.UnsupportedFormatError` for an unknown
    suffix, and :class:`~timeline.errors.TimelineError` when the file cannot be
    read. No other exception escapes.
    """
    from timeline.formats.json import MAX_DOCUMENT_BYTES

    file = Path(path)
    kind = format_of(file) if kind is None else kind
    if kind == "parquet":
        from timeline.formats.arrow import from_parquet

        return from_parquet(file)  # read in row groups, not as one document
    try:
        with file.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size  # 0 for a pipe or a device
            contents = None if size > MAX_DOCUMENT_BYTES else _contents(stream, kind, size, MAX_DOCUMENT_BYTES)
    except OSError as error:
        raise TimelineError(f"{file}: cannot read: {error.strerror or error}") from error
    if contents is None or len(contents) > MAX_DOCUMENT_BYTES:  # a file too large is not even read
        raise InvalidInputError(f"the document is larger than the limit of {MAX_DOCUMENT_BYTES:,} bytes").in_file(
            str(file)
        )
    try:
        if isinstance(contents, mmap.mmap):
            with contents:
                return _read_mapped(contents, kind, strict=strict)
        return read_timeline(contents, kind, name=file.stem or None, strict=strict)
    except InvalidInputError as error:
        raise error.in_file(str(file)) from error


_MAPPED_KINDS: Final = frozenset(("json", "ics"))
_MAPPED_FROM: Final = 16 * 1024 * 1024


def _contents(stream: BinaryIO, kind: str, size: int, limit: int) -> bytes | mmap.mmap:
    """The file's bytes, at most ``limit`` and one more; a large JSON or iCalendar file mapped into memory, read-only.

    The readers of a mapped file read it a piece at a time and give each piece's
    pages back, so a file of a million events is never held whole. A file that
    cannot be mapped (a pipe, a device) is read as bytes.
    """
    if kind in _MAPPED_KINDS and size >= _MAPPED_FROM:
        try:
            return mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            pass
    return _read_at_most(stream, limit + 1)


def _read_mapped(mapped: mmap.mmap, kind: str, *, strict: bool) -> Timeline:
    if kind == "json":
        from timeline.formats.json import from_json

        return from_json(mapped)
    from timeline.formats.ical import from_ical

    return from_ical(mapped, strict=strict)


def _read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """The first ``limit`` bytes of ``stream`` (all of them if fewer), read into one buffer of their size.

    ``stream.read(limit)`` would reserve ``limit`` bytes up front, however small the file.
    """
    size = os.fstat(stream.fileno()).st_size  # 0 for a pipe or a device: read in pieces
    data = stream.read(min(size, limit))
    if len(data) < size or len(data) >= limit:
        return data
    pieces = [data]  # the file grew while read, or its size is not known in advance
    total = len(data)
    while total < limit and (piece := stream.read(min(1 << 16, limit - total))):
        pieces.append(piece)
        total += len(piece)
    return data if len(pieces) == 1 else b"".join(pieces)


def save(timeline: Timeline, path: str | os.PathLike[str], **options: Any) -> None:
    """Write ``timeline`` to a file in the format its suffix names, atomically.

    ``options`` go to the writer, as in :func:`write_timeline`
    (``save(t, "t.ics", stamp=…)``). The file is written to a temporary file beside
    it, flushed to disk and renamed over the target, so a crash leaves either the
    old file or the new one.
    """
    file = Path(path)
    kind = format_of(file, action="write")
    writer = _writer(kind, options)
    if kind == "parquet":
        from timeline.formats.arrow import to_parquet

        to_parquet(timeline, file)  # written in row groups, atomically
        return
    write_atomically(file, (writer.write if writer.pieces is None else writer.pieces)(timeline, **options))
