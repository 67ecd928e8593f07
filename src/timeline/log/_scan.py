"""Reading a log file into its index: the lines appended since the last read, or the whole file, checked.

:func:`read_lines` is how an open log catches up with its file; :func:`verify`
reads the file again from the start and also decodes and checks every revision.
"""

from __future__ import annotations

import attrs

from timeline.errors import CorruptLogError, InvalidInputError, Problem
from timeline.log._file import CHUNK, LogFile
from timeline.log._format import decode_revision, seal_of
from timeline.log._index import MAX_PROBLEMS, Index
from timeline.log._sources import SourceCache
from timeline.log._state import State

__all__ = ["read_lines", "verify"]


def read_lines(file: LogFile, index: Index, size: int) -> tuple[list[Problem], tuple[int, bytes] | None]:
    """Scan the file from the end of ``index`` to ``size``; return problems and a torn tail.

    A last line without its line break is a line like any other if it ends in a
    seal that matches its content (an editor or a tool dropped the final line
    break); otherwise it is torn, and returned, not indexed.
    """
    problems: list[Problem] = []
    if index.unterminated:
        if size == index.size:
            return problems, None
        if file.read(index.size, 1) != b"\n":
            problems.append(
                Problem(
                    "the last line, complete when it was read, was continued without a line break:"
                    " the file was changed by something other than timeline",
                    line=index.lines,
                    file=index.file,
                )
            )
            return problems, None
        index.unterminated = False
    offset = index.end
    carry = b""
    while offset < size:
        chunk = carry + file.read(offset, min(CHUNK, size - offset))
        base = offset - len(carry)
        offset = base + len(chunk)
        cut = chunk.rfind(b"\n") + 1
        if cut:
            problems.extend(index.scan(chunk if cut == len(chunk) else chunk[:cut], base))
        carry = chunk[cut:]
    if carry and (seal := seal_of(carry)) is not None and seal[0] == seal[1]:
        problems.extend(index.scan(carry + b"\n", size - len(carry)))
        index.unterminated = True
        carry = b""
    return problems, ((size - len(carry), carry) if carry else None)


def verify(file: LogFile, name: str) -> str:
    """Read the whole of ``file`` and check every line and revision; return the hash of the last line.

    Raises :class:`~timeline.errors.CorruptLogError` listing the problems (at most
    :data:`~timeline.log._index.MAX_PROBLEMS`), each with its line; ``name`` is the
    file named in them.
    """
    index = Index(name)
    state = State()
    sources = SourceCache()
    problems: list[Problem] = []
    unread: list[int] = []

    def check(position: int, line: bytes) -> None:
        number = index.lines
        try:
            revision = decode_revision(line, sources, strict=True)
        except InvalidInputError as error:
            problems.extend(attrs.evolve(problem, line=number, file=name) for problem in error.problems)
            unread.append(number)
            if not index.puts[position]:
                state.retract(index.ids[position])
            return
        if unread:
            # Past a revision that could not be read, the timeline it left is unknown.
            if revision.event is not None:
                state.put(revision.event)
            else:
                state.retract(revision.event_id)
            return
        if revision.event is not None:
            found = [problem.within("event") for problem in state.put_problems(revision.event)]
            state.put(revision.event)
        else:
            found = [problem.within("id") for problem in state.retract_problems(revision.event_id)]
            state.retract(revision.event_id)
        problems.extend(attrs.evolve(problem, line=number, file=name) for problem in found)

    index.on_line = check
    size = file.size()
    problems.extend(read_lines(file, index, size)[0])
    torn_line = index.lines + 1
    if index.size < size:
        problems.append(
            Problem(
                f"a torn last line ({size - index.end:,} bytes, no line break): an append never finished;"
                " repair() moves it aside",
                line=torn_line,
                file=name,
            )
        )
    if index.title is None:
        problems.append(Problem("the log is empty: it has no header", file=name))
    if problems:
        problems.sort(key=lambda problem: problem.line or 0)
        raise CorruptLogError(problems[:MAX_PROBLEMS])
    return index.head
