"""Every code block in README.md and docs/ runs, and the outputs shown are the real ones.

Each page runs in a fresh folder holding a copy of ``examples/``, with one Python
namespace for the whole page, block after block:

- ```` ```python ```` runs; if the next block is ```` ```text ````, that is its output.
- ```` ```pycon ```` is a doctest session.
- ```` ```console ```` holds ``$ command`` lines, each followed by its output
  (stdout and stderr together, ``...`` standing for any text, as in doctest); the
  commands run in a shell in the page's folder.
- A block with ``title="NAME"`` in its info string is a file: it is written to NAME
  for the blocks after it.
- ```` ```sh ```` blocks of README.md that create a virtual environment are the
  Quick start; ``.ci/run`` runs exactly those on a clean clone.
- A block holding only ``--8<-- "path"`` is filled from that file of the repository
  when the site is built; the file must exist.

Any other block is an error, so nothing shown can go stale untested.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
_FENCE = re.compile(r"^(?P<fence>`{3,})(?P<info>[^`\n]*)$")
_TITLE = re.compile(r'title="(?P<title>[^"]+)"')


@attrs.frozen
class Block:
    language: str
    info: str
    text: str
    line: int

    @property
    def title(self) -> str | None:
        found = _TITLE.search(self.info)
        return None if found is None else found["title"]


def blocks_of(page: Path) -> list[Block]:
    """The fenced code blocks of a Markdown page, in order."""
    found: list[Block] = []
    lines = page.read_text("utf-8").splitlines()
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        fence, info = opening["fence"], opening["info"].strip()
        body: list[str] = []
        end = index + 1
        while end < len(lines) and lines[end].strip() != fence:
            body.append(lines[end])
            end += 1
        language = info.split()[0] if info else ""
        found.append(Block(language, info, "\n".join(body) + "\n", index + 1))
        index = end + 1
    return found


def _run_python(block: Block, namespace: dict[str, object], where: str) -> str:
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(block.text, where, "exec"), namespace)
    return output.getvalue()


def _run_pycon(block: Block, namespace: dict[str, object], where: str) -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(block.text, namespace, where, where, block.line)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    output = io.StringIO()
    result = runner.run(test, out=output.write, clear_globs=False)
    namespace.update(test.globs)
    assert result.failed == 0, output.getvalue()


def _run_console(block: Block, folder: Path, where: str) -> None:
    environment = dict(os.environ)
    environment["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{environment.get('PATH', '')}"
    environment["NO_COLOR"] = "1"
    environment["COLUMNS"] = "100"
    commands: list[tuple[str, list[str]]] = []
    for line in block.text.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        else:
            assert commands, f"{where}: output before the first $ command"
            commands[-1][1].append(line)
    for command, expected in commands:
        result = subprocess.run(
            ["bash", "-c", command],
            cwd=folder,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
            timeout=120,
        )
        shown = "\n".join(expected).rstrip("\n")
        pattern = ".*".join(re.escape(part) for part in shown.split("..."))
        got = result.stdout.rstrip("\n")
        assert re.fullmatch(pattern, got, flags=re.DOTALL), f"{where}: $ {command}\n{got}"


def _is_include(block: Block) -> bool:
    """A block filled from a file of the repository when the site is built (``--8<-- "path"``)."""
    lines = [line for line in block.text.splitlines() if line.strip()]
    return bool(lines) and all(line.startswith('--8<-- "') for line in lines)


def _is_quick_start(page: Path, block: Block) -> bool:
    lines = [line for line in block.text.splitlines() if line.strip()]
    return (
        page.name == "README.md"
        and block.language == "sh"
        and all(line.startswith("python3 -m venv ") for line in lines)
    )


@pytest.mark.parametrize("page", PAGES, ids=[str(page.relative_to(ROOT)) for page in PAGES])
def test_every_code_block_runs_and_shows_real_output(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    blocks = blocks_of(page)
    last_output: str | None = None
    for block in blocks:
        where = f"{page.relative_to(ROOT)}:{block.line}"
        if block.title is not None:
            target = tmp_path / block.title
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.text, "utf-8")
            last_output = None
        elif block.language == "python":
            last_output = _run_python(block, namespace, where)
        elif block.language == "text":
            assert last_output is not None, f"{where}: a text block shows the output of the Python block before it"
            assert last_output == block.text, (
                f"{where}: the block shows\n{block.text}\nbut the code prints\n{last_output}"
            )
            last_output = None
        elif block.language == "pycon":
            _run_pycon(block, namespace, where)
            last_output = None
        elif block.language == "console":
            _run_console(block, tmp_path, where)
            last_output = None
        elif _is_quick_start(page, block):
            last_output = None
        elif _is_include(block):
            for line in block.text.split():
                if line.startswith('"'):
                    assert (ROOT / line.strip('"')).is_file(), f"{where}: {line} does not exist"
            last_output = None
        else:
            pytest.fail(f"{where}: a {block.language or 'plain'} block that no test runs")


_DOCS_PATH = re.compile(r"\bdocs/[\w./-]+\.md\b")


def test_every_page_the_code_points_at_exists() -> None:
    """Docstrings and messages that send the reader to a page of docs/ name one that exists."""
    named = {
        (path.relative_to(ROOT), found)
        for path in sorted((ROOT / "src").rglob("*.py"))
        for found in _DOCS_PATH.findall(path.read_text("utf-8"))
    }
    assert named, "the code names no page of docs/ (has the pattern stopped matching?)"
    missing = sorted(f"{where}: {page}" for where, page in named if not (ROOT / page).is_file())
    assert missing == []
