"""Reading and writing timeline files, the format chosen by the file's suffix."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

import attrs

from timeline.errors import InvalidInputError, TimelineError, UnsupportedFormatError
from timeline.model import Timeline

__all__ = ["load", "save", "write_atomically"]


@attrs.frozen
class _Format:
    read: Callable[[bytes], Timeline] | None
    write: Callable[[Timeline], bytes] | None


def _json_read(data: bytes) -> Timeline:
    from timeline.formats.json import from_json

    return from_json(data)


def _json_write(timeline: Timeline) -> bytes:
    from timeline.formats.json import to_json

    return to_json(timeline).encode("utf-8")


def _ical_read(data: bytes) -> Timeline:
    from timeline.formats.ical import from_ical

    return from_ical(data)


def _ical_write(timeline: Timeline) -> bytes:
    from timeline.formats.ical import to_ical

    return to_ical(timeline)


def _yaml_read(data: bytes) -> Timeline:
    from timeline.formats.yaml import from_yaml

    return from_yaml(data)


def _yaml_write(timeline: Timeline) -> bytes:
    from timeline.formats.yaml import to_yaml

    return to_yaml(timeline).encode("utf-8")


def _markdown_write(timeline: Timeline) -> bytes:
    from timeline.formats.markdown import to_markdown

    return to_markdown(timeline).encode("utf-8")


_FORMATS: dict[str, _Format] = {
    ".json": _Format(_json_read, _json_write),
    ".ics": _Format(_ical_read, _ical_write),
    ".md": _Format(None, _markdown_write),
    ".yaml": _Format(_yaml_read, _yaml_write),
    ".yml": _Format(_yaml_read, _yaml_write),
}


def _format_of(path: Path, action: str) -> _Format:
    suffix = path.suffix.lower()
    found = _FORMATS.get(suffix)
    if found is None or (found.read if action == "read" else found.write) is None:
        able = sorted(s for s, f in _FORMATS.items() if (f.read if action == "read" else f.write) is not None)
        what = f"files ending in {suffix!r}" if suffix else "files without a suffix"
        raise UnsupportedFormatError(f"{path}: cannot {action} {what}; use one of {', '.join(able)}")
    return found


def load(path: str | os.PathLike[str]) -> Timeline:
    """Read a timeline file; the format comes from the suffix (``.json``).

    Raises :class:`~timeline.errors.InvalidInputError` with the file name in every
    problem, :class:`~timeline.errors.UnsupportedFormatError` for an unknown
    suffix, and :class:`~timeline.errors.TimelineError` when the file cannot be
    read. No other exception escapes.
    """
    from timeline.formats.json import MAX_DOCUMENT_BYTES

    file = Path(path)
    reader = _format_of(file, "read").read
    assert reader is not None
    try:
        with file.open("rb") as stream:
            data = stream.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as error:
        raise TimelineError(f"{file}: cannot read: {error.strerror or error}") from error
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InvalidInputError(f"the document is larger than the limit of {MAX_DOCUMENT_BYTES:,} bytes").in_file(
            str(file)
        )
    try:
        return reader(data)
    except InvalidInputError as error:
        raise error.in_file(str(file)) from error


def save(timeline: Timeline, path: str | os.PathLike[str]) -> None:
    """Write ``timeline`` to a file in the format its suffix names, atomically.

    The file is written to a temporary file beside it, flushed to disk and renamed
    over the target, so a crash leaves either the old file or the new one.
    """
    file = Path(path)
    writer = _format_of(file, "write").write
    assert writer is not None
    write_atomically(file, writer(timeline))


def write_atomically(file: Path, data: bytes) -> None:
    """Replace ``file`` with ``data``: temporary file, fsync, rename, fsync of the folder.

    The temporary file sits beside ``file`` and is removed if anything goes wrong
    before the rename, whatever the exception; a replaced file keeps its
    permissions. Raises :class:`~timeline.errors.TimelineError` naming ``file``
    when it cannot be written.
    """
    folder = file.parent if str(file.parent) else Path()
    try:
        mode = stat.S_IMODE(os.stat(file).st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise TimelineError(f"{file}: cannot write: {error.strerror or error}") from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(OSError):
            os.chmod(temporary, mode)
        os.replace(temporary, file)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise TimelineError(f"{file}: cannot write: {error.strerror or error}") from error
        raise
    with contextlib.suppress(OSError):
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
