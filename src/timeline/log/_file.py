"""The log's file on disk: opening, locking, durable appends, setting a torn tail aside.

Locking uses ``fcntl.flock`` on the log file itself, with no lock file beside it:
the lock cannot be separated from the data it guards, the kernel releases it when
its holder dies (even by ``SIGKILL``), and each open file description holds its
own lock, so two logs opened on one file in one process also wait for each other.
POSIX only; ``flock`` is advisory, so only timeline's own writers respect it.

A log is opened read-only; a second descriptor, for appending, is opened only
when something is to be written. So reading needs no write permission on the
file or its folder, and a reader cannot change the file by accident.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from timeline.errors import TimelineError

__all__ = ["LogFile", "side_file"]

CHUNK: Final = 8 * 1024 * 1024
"""Bytes read at a time when a log is read."""

_CLOEXEC: Final = getattr(os, "O_CLOEXEC", 0)


def side_file(path: Path) -> Path:
    """Where torn lines of the log at ``path`` are kept: ``<name>.torn`` beside it."""
    return path.with_name(path.name + ".torn")


def _cannot(path: Path, action: str, error: OSError) -> TimelineError:
    return TimelineError(f"{path}: cannot {action}: {error.strerror or error}")


def _sync(descriptor: int) -> None:
    """Flush a file to the storage device (on macOS, past the drive's cache too)."""
    if sys.platform == "darwin":  # pragma: no cover -- fsync does not reach the platter there
        import fcntl

        with contextlib.suppress(OSError):
            fcntl.fcntl(descriptor, fcntl.F_FULLFSYNC)
            return
    os.fsync(descriptor)


def _open(path: Path, *, create: bool) -> tuple[int, bool]:
    """A descriptor of the log (read-only unless this call created the file), and whether it was created."""
    try:
        return os.open(path, os.O_RDONLY | _CLOEXEC), False
    except FileNotFoundError as error:
        if not create:
            raise TimelineError(f"{path}: there is no such log; give a title to start a new one") from error
    except OSError as error:
        raise _cannot(path, "open the log", error) from error
    try:
        return os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_EXCL | _CLOEXEC, 0o644), True
    except FileExistsError:
        pass  # another process created it first
    except OSError as error:
        raise _cannot(path, "create the log", error) from error
    try:
        return os.open(path, os.O_RDONLY | _CLOEXEC), False
    except OSError as error:
        raise _cannot(path, "open the log", error) from error


class LogFile:
    """An open log file: reads go by offset, appends go to its end through a second descriptor."""

    def __init__(self, path: Path, *, create: bool) -> None:
        try:
            import fcntl  # noqa: F401 -- only to fail early where there is no flock
        except ImportError:  # pragma: no cover -- not POSIX
            raise TimelineError("event logs need POSIX file locks (fcntl), which this platform lacks") from None
        self.path = path
        descriptor, self.created = _open(path, create=create)
        self._io = os.fdopen(descriptor, "rb", buffering=0)
        self.descriptor = descriptor
        self._writer: int | None = descriptor if self.created else None
        if self.created:
            self._sync_folder()

    def close(self) -> None:
        """Close the file (releasing any lock)."""
        if self._writer is not None and self._writer != self.descriptor:
            os.close(self._writer)
        self._writer = None
        self._io.close()

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._io.closed

    @contextlib.contextmanager
    def locked(self, *, exclusive: bool) -> Iterator[None]:
        """Hold the log's lock: exclusive to append, shared to read."""
        import fcntl

        try:
            fcntl.flock(self.descriptor, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        except OSError as error:
            raise _cannot(self.path, "lock the log", error) from error
        try:
            yield
        finally:
            fcntl.flock(self.descriptor, fcntl.LOCK_UN)

    def size(self) -> int:
        """The file's size in bytes now."""
        return os.fstat(self.descriptor).st_size

    def is_at_path(self) -> bool:
        """Whether the file is still the one at its path (not removed or replaced)."""
        try:
            named = os.stat(self.path)
        except OSError:
            return False
        mine = os.fstat(self.descriptor)
        return (named.st_dev, named.st_ino) == (mine.st_dev, mine.st_ino)

    def read(self, offset: int, length: int) -> bytes:
        """``length`` bytes from ``offset``."""
        parts = []
        while length > 0:
            try:
                part = os.pread(self.descriptor, length, offset)
            except OSError as error:
                raise _cannot(self.path, "read the log", error) from error
            if not part:
                raise TimelineError(f"{self.path}: the log ended while being read: was it truncated?")
            parts.append(part)
            offset += len(part)
            length -= len(part)
        return b"".join(parts)

    def writer(self) -> int:
        """A descriptor that appends to the log, opened on first use.

        Raises TimelineError if the file cannot be written, or if its path now
        names another file.
        """
        if self._writer is not None:
            return self._writer
        try:
            descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | _CLOEXEC)
        except FileNotFoundError:
            raise TimelineError(f"{self.path}: the log file was removed or replaced; open it again") from None
        except PermissionError:
            raise TimelineError(f"{self.path}: the log is read-only here; cannot append") from None
        except OSError as error:
            raise _cannot(self.path, "open the log for appending", error) from error
        mine, named = os.fstat(self.descriptor), os.fstat(descriptor)
        if (named.st_dev, named.st_ino) != (mine.st_dev, mine.st_ino):
            os.close(descriptor)
            raise TimelineError(f"{self.path}: the log file was removed or replaced; open it again")
        self._writer = descriptor
        return descriptor

    def append(self, data: bytes, *, durable: bool) -> None:
        """Write ``data`` at the end; with ``durable``, return only once it is on disk.

        Call it holding the exclusive lock. If the write or the sync fails, the
        file is cut back to its size before the call, so that nothing of ``data``
        stays in the log (a disk that fails that too leaves a torn tail, which the
        next append or :meth:`set_aside` moves aside).
        """
        descriptor = self.writer()
        before = os.fstat(descriptor).st_size
        view = memoryview(data)
        try:
            while view:
                written = os.write(descriptor, view)
                view = view[written:]
            if durable:
                _sync(descriptor)
        except OSError as error:
            message = f"cannot append to the log: {error.strerror or error}"
            try:
                os.ftruncate(descriptor, before)
                if durable:
                    _sync(descriptor)
            except OSError:
                message += (
                    "; part of the unfinished revision may be left at the end of the file,"
                    " where the next append or repair() moves it aside"
                )
            else:
                message += "; nothing was recorded"
            raise TimelineError(f"{self.path}: {message}") from error

    def set_aside(self, offset: int, torn: bytes) -> Path:
        """Move the bytes from ``offset`` to the end into the side file; return its path.

        The bytes are appended to the side file and synced before the log is cut,
        so a crash in between leaves them in both places, never in neither.
        Call it holding the exclusive lock.
        """
        descriptor = self.writer()
        side = side_file(self.path)
        try:
            with side.open("ab") as stream:
                stream.write(torn + b"\n")
                stream.flush()
                _sync(stream.fileno())
            self._sync_folder()
            os.ftruncate(descriptor, offset)
            _sync(descriptor)
        except OSError as error:
            raise _cannot(self.path, f"move a torn last line into {side.name}", error) from error
        return side

    def _sync_folder(self) -> None:
        with contextlib.suppress(OSError):
            folder = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)
