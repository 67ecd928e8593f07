"""Replacing a file atomically: a crash leaves the old file or the new one, never a mix."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from timeline.errors import TimelineError


@contextlib.contextmanager
def atomic_file(file: Path) -> Iterator[BinaryIO]:
    """A binary stream that replaces ``file`` when the block ends: temporary file, fsync, rename, fsync of the folder.

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
            yield stream
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


def write_atomically(file: Path, data: bytes | Iterable[bytes]) -> None:
    """Replace ``file`` with ``data``, as :func:`atomic_file` does.

    ``data`` is the bytes, or pieces of them written one after another as they
    come (a piece that cannot be made leaves ``file`` as it was).
    """
    with atomic_file(file) as stream:
        if isinstance(data, bytes | bytearray | memoryview):
            stream.write(data)
        else:
            for piece in data:
                stream.write(piece)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
