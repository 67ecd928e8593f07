"""The shape of ``src/timeline``: no import cycles, layers that point only down, modules short
enough to read in one sitting, and only the public API of the libraries it builds on.

The layers, from the top: the command (``timeline.cli``, ``python -m timeline``), the package's
re-exports (``timeline/__init__.py``), the event log (``timeline.log``), the formats
(``timeline.formats``), the model (``timeline.model``), private helpers at the top level
(``timeline/_*.py``, such as the version) and the errors (``timeline.errors``). A module
imports from its own layer and the layers below it, never from one above.

Imports are read from the source with ``ast``, wherever they stand: at module level, inside
functions and under ``TYPE_CHECKING``, absolute and relative. ``from package import name``
counts as an import of the submodule ``package.name`` when there is one, else of ``package``.

The checks are functions of a source folder, so the last test runs them on a small made-up
package with one problem of each kind: a checker that read nothing would pass any tree.
"""

from __future__ import annotations

import ast
import functools
import graphlib
import itertools
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
MAX_LINES = 500

# From the bottom up; a module may import from its own layer and any layer before it.
LAYERS = ("errors", "helpers", "model", "formats", "log", "package", "command")

# Names of a dependency that look private (a leading underscore) but are used on purpose, each
# with the reason; keyed like the problems the check reports. Empty is the goal.
ALLOWED: dict[str, str] = {}

# Modules of a dependency that are internal without an underscore in their name.
INTERNAL = {
    "pendulum.locales": "pendulum documents no locale API beyond `locale=` and `set_locale`; its tables move freely",
}


@dataclass(frozen=True)
class Import:
    """``source`` imports ``target`` (both modules of the package) at ``line`` of ``path``."""

    source: str
    target: str
    path: Path
    line: int

    def where(self, src: Path) -> str:
        return f"{self.path.relative_to(src)}:{self.line}"


def modules(src: Path) -> dict[str, Path]:
    """Every module under ``src`` by its dotted name; a package by its own name."""
    found = {}
    for path in sorted(src.rglob("*.py")):
        parts = path.relative_to(src).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _absolute(package: str, level: int, module: str | None) -> str:
    """The absolute name of ``from <dots><module> import …`` written in ``package``."""
    if not level:
        return module or ""
    parts = package.split(".")
    base = parts[: len(parts) - level + 1]
    return ".".join(base + ([module] if module else []))


def _known(name: str, found: dict[str, Path]) -> str | None:
    """The longest prefix of the dotted ``name`` that is one of the modules ``found``."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        if prefix in found:
            return prefix
    return None


@dataclass(frozen=True)
class Source:
    """One module: its path, and the nodes of its syntax tree that the checks look at."""

    path: Path
    imports: list[ast.Import | ast.ImportFrom]
    attributes: list[ast.Attribute]
    calls: list[ast.Call]


@functools.cache
def sources(src: Path) -> dict[str, Source]:
    """Every module under ``src``, parsed once for all the checks."""
    found = {}
    for name, path in modules(src).items():
        source = Source(path, [], [], [])
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                source.imports.append(node)
            elif isinstance(node, ast.Attribute):
                source.attributes.append(node)
            elif isinstance(node, ast.Call):
                source.calls.append(node)
        found[name] = source
    return found


def imports(src: Path) -> list[Import]:
    """Every import of one module of the package by another, in order of module and line."""
    found = modules(src)
    edges = []
    for name, source in sources(src).items():
        package = name if source.path.name == "__init__.py" else name.rpartition(".")[0]
        for node in source.imports:
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = _absolute(package, node.level, node.module)
                targets = [f"{base}.{alias.name}" for alias in node.names]
            for target in targets:
                module = _known(target, found)
                if module is not None and module != name:
                    edges.append(Import(name, module, source.path, node.lineno))
    return sorted(edges, key=lambda edge: (edge.source, edge.line, edge.target))


def cycles(src: Path, *, most: int = 50) -> list[str]:
    """Every import cycle, each as its path of modules with the line of each import in it.

    ``graphlib`` tells whether there is a cycle at all; the cycles are then listed by a walk
    that starts each one at its first module in name order, so each is listed once. A tangle
    with more than ``most`` cycles is cut short with a last line saying so.
    """
    first: dict[tuple[str, str], Import] = {}
    for edge in imports(src):
        first.setdefault((edge.source, edge.target), edge)
    graph: dict[str, list[str]] = {}
    for source, target in sorted(first):
        graph.setdefault(source, []).append(target)
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError:
        pass
    else:
        return []

    found: list[list[str]] = []

    def walk(path: list[str]) -> None:
        for target in graph.get(path[-1], []):
            if len(found) > most:
                return
            if target == path[0]:
                found.append(path)
            elif target > path[0] and target not in path:
                walk([*path, target])

    for start in sorted(graph):
        walk([start])
    shown = [
        " -> ".join(f"{source} ({first[source, target].where(src)})" for source, target in itertools.pairwise(path))
        + f" -> {path[0]}"
        for path in ([*cycle, cycle[0]] for cycle in found[:most])
    ]
    return shown if len(found) <= most else [*shown, f"… and more cycles than the {most} shown"]


def layer(module: str) -> str | None:
    """The layer of a module of the package, or ``None`` for one outside every layer."""
    parts = module.split(".")
    if len(parts) == 1:
        return "package"
    top = parts[1]
    if top == "errors":
        return "errors"
    if top in {"cli", "__main__"}:
        return "command"
    if top in {"model", "formats", "log"}:
        return top
    if top.startswith("_"):
        return "helpers"
    return None


def upward_imports(src: Path) -> list[str]:
    """Imports from a higher layer, and modules that belong to no layer."""
    problems = [
        f"{name} ({path.relative_to(src)}) belongs to no layer"
        for name, path in modules(src).items()
        if layer(name) is None
    ]
    for edge in imports(src):
        low, high = layer(edge.source), layer(edge.target)
        if low is not None and high is not None and LAYERS.index(high) > LAYERS.index(low):
            problems.append(f"{edge.source} imports {edge.target} ({edge.where(src)}): {low} -> {high}")
    return list(dict.fromkeys(problems))


def long_modules(src: Path) -> list[str]:
    problems = []
    for name, path in modules(src).items():
        lines = len(path.read_text("utf-8").splitlines())
        if lines > MAX_LINES:
            problems.append(f"{name} ({path.relative_to(src)}) has {lines} lines")
    return problems


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _dependency(module: str, own: str) -> bool:
    top = module.partition(".")[0]
    return top != own and top not in sys.stdlib_module_names


def private_uses(src: Path) -> list[str]:
    """Private names of dependencies that the package uses, keyed like ``ALLOWED``.

    Private means: a module or name with a leading underscore (not a dunder), a module listed
    in ``INTERNAL``, an underscore attribute of an imported dependency, or a keyword argument
    with a leading underscore passed to a function of a dependency.
    """
    found = []
    for name, source in sources(src).items():
        path = source.path
        own = name.partition(".")[0]
        bound: dict[str, str] = {}  # local name -> the dependency module or name it stands for
        for node in source.imports:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if _dependency(alias.name, own):
                        local = alias.asname or alias.name.partition(".")[0]
                        bound[local] = alias.name if alias.asname else local
                        found.extend(_private_path(alias.name, path, node.lineno, src))
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module and _dependency(node.module, own):
                module = _private_path(node.module, path, node.lineno, src)
                found.extend(module)
                for alias in node.names:
                    bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
                    if not module:
                        found.extend(_private_path(f"{node.module}.{alias.name}", path, node.lineno, src))
        found.extend(
            f"{path.relative_to(src)}:{attribute.lineno}: {_spelled(attribute, bound)}"
            for attribute in source.attributes
            if _private(attribute.attr) and _root(attribute.value) in bound
        )
        for node in source.calls:
            if _root(node.func) in bound:
                found.extend(
                    f"{path.relative_to(src)}:{node.lineno}: {_spelled(node.func, bound)}({keyword.arg}=…)"
                    for keyword in node.keywords
                    if keyword.arg is not None and _private(keyword.arg)
                )
    return sorted(set(found), key=lambda problem: (problem.split(":")[0], int(problem.split(":")[1]), problem))


def _root(node: ast.expr) -> str | None:
    """The name at the start of ``a.b.c`` or ``a.b(…).c``, if it is a plain name."""
    while isinstance(node, ast.Attribute | ast.Call):
        node = node.value if isinstance(node, ast.Attribute) else node.func
    return node.id if isinstance(node, ast.Name) else None


def _spelled(node: ast.expr, bound: dict[str, str]) -> str:
    """``y._yaml`` after ``import yaml as y`` -> ``yaml._yaml``."""
    root = _root(node)
    assert root is not None
    return bound[root] + ast.unparse(node)[len(root) :]


def _private_path(module: str, path: Path, line: int, src: Path) -> list[str]:
    parts = module.split(".")
    if any(_private(part) for part in parts) or any(
        module == internal or module.startswith(f"{internal}.") for internal in INTERNAL
    ):
        return [f"{path.relative_to(src)}:{line}: {module}"]
    return []


def _without_place(problem: str) -> str:
    """``timeline/x.py:12: yaml._yaml`` -> ``timeline/x.py: yaml._yaml``: allow-list keys keep no line."""
    place, _, what = problem.partition(": ")
    return f"{place.rpartition(':')[0]}: {what}"


# The package itself.


def _fail_with(problems: list[str]) -> None:
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_the_package_has_no_import_cycles() -> None:
    _fail_with(cycles(SRC))


def test_layers_point_only_down() -> None:
    _fail_with(upward_imports(SRC))


def test_no_module_is_longer_than_500_lines() -> None:
    _fail_with(long_modules(SRC))


def test_only_public_apis_of_dependencies_are_used() -> None:
    _fail_with([problem for problem in private_uses(SRC) if _without_place(problem) not in ALLOWED])


def test_every_allowed_private_use_is_still_there_and_says_why() -> None:
    used = {_without_place(problem) for problem in private_uses(SRC)}
    for key, reason in ALLOWED.items():
        assert key in used, f"{key} is allowed but no longer used: remove it from ALLOWED"
        assert reason.strip(), key


def test_the_checks_read_the_real_package() -> None:
    """The package's graph is read at all: the command reaches the errors through the layers."""
    edges = {(edge.source, edge.target) for edge in imports(SRC)}
    assert len(modules(SRC)) > 30
    assert ("timeline", "timeline.model") in edges
    assert ("timeline.__main__", "timeline.cli") in edges
    assert any(source.startswith("timeline.formats") and target == "timeline.errors" for source, target in edges)


# The checks on made-up packages: one with a problem of each kind, one without.

MADE_UP = {
    "timeline/__init__.py": "from timeline.model import Thing\n",
    "timeline/__main__.py": "from .cli import main\n",
    "timeline/cli.py": "import timeline\nfrom timeline import log\n",
    "timeline/errors.py": "import os\n",
    "timeline/_helper.py": "from . import errors\n",
    "timeline/model/__init__.py": "from .thing import Thing\n",
    "timeline/model/thing.py": (
        "from .. import errors\n"
        "from .._helper import helper\n"
        "class Thing:\n"
        "    def show(self):\n"
        "        from ..formats.page import page\n"
        "        return page(self)\n"
    ),
    "timeline/formats/__init__.py": "",
    "timeline/formats/page.py": (
        "import cattrs.gen\n"
        "import yaml as y\n"
        "from pendulum.locales.locale import Locale\n"
        "from yaml._yaml import CParser\n"
        "from timeline.model.thing import Thing\n"
        "from timeline.formats import words\n"
        "hook = cattrs.gen.make_dict_unstructure_fn(Thing, None, _cattrs_omit_if_default=True)\n"
        "fast = y.__with_libyaml__ and y._yaml\n"
        "def page(thing):\n"
        "    return str(thing)\n" + "# filler\n" * 491
    ),
    "timeline/formats/words.py": "from .page import page\nfrom ._ok import ok\nfrom ..log import entry\n",
    "timeline/formats/_ok.py": "import attrs\nfrom typing import _SpecialForm\n",
    "timeline/log/__init__.py": "from ..model import Thing\nentry = Thing\n",
    "timeline/plugins.py": "",
}


@pytest.fixture
def made_up(tmp_path: Path) -> Path:
    for name, text in MADE_UP.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return tmp_path


def test_the_checks_find_each_problem_of_a_made_up_package(made_up: Path) -> None:
    assert cycles(made_up) == [
        "timeline.formats.page (timeline/formats/page.py:6) -> timeline.formats.words (timeline/formats/words.py:1)"
        " -> timeline.formats.page",
        "timeline.formats.page (timeline/formats/page.py:6) -> timeline.formats.words (timeline/formats/words.py:3)"
        " -> timeline.log (timeline/log/__init__.py:1) -> timeline.model (timeline/model/__init__.py:1)"
        " -> timeline.model.thing (timeline/model/thing.py:5) -> timeline.formats.page",
        "timeline.formats.page (timeline/formats/page.py:5) -> timeline.model.thing (timeline/model/thing.py:5)"
        " -> timeline.formats.page",
    ]
    assert cycles(made_up, most=1) == [
        "timeline.formats.page (timeline/formats/page.py:6) -> timeline.formats.words (timeline/formats/words.py:1)"
        " -> timeline.formats.page",
        "… and more cycles than the 1 shown",
    ]
    assert upward_imports(made_up) == [
        "timeline.plugins (timeline/plugins.py) belongs to no layer",
        "timeline.formats.words imports timeline.log (timeline/formats/words.py:3): formats -> log",
        "timeline.model.thing imports timeline.formats.page (timeline/model/thing.py:5): model -> formats",
    ]
    assert long_modules(made_up) == ["timeline.formats.page (timeline/formats/page.py) has 501 lines"]
    assert private_uses(made_up) == [
        "timeline/formats/page.py:3: pendulum.locales.locale",
        "timeline/formats/page.py:4: yaml._yaml",
        "timeline/formats/page.py:7: cattrs.gen.make_dict_unstructure_fn(_cattrs_omit_if_default=…)",
        "timeline/formats/page.py:8: yaml._yaml",
    ]


CLEAN = {
    "timeline/__init__.py": (
        "import typing\n"
        "from timeline.model import Thing\n"
        "if typing.TYPE_CHECKING:\n"
        "    from timeline.formats.page import page\n"
    ),
    "timeline/__main__.py": "from timeline.cli import main\n",
    "timeline/cli.py": "import timeline\nfrom timeline import log\nfrom timeline.formats import page\n",
    "timeline/errors.py": "import os\nfrom typing import _SpecialForm\n",
    "timeline/_helper.py": "from . import errors\nimport yaml\nOK = yaml.__with_libyaml__\n",
    "timeline/model/__init__.py": "from .thing import Thing\n",
    "timeline/model/thing.py": "from .. import errors\nfrom .._helper import OK\nclass Thing:\n    pass\n",
    "timeline/formats/__init__.py": "",
    "timeline/formats/page.py": (
        "import cattrs\n"
        "from pendulum import Date\n"
        "from timeline.model.thing import Thing\n"
        "def page(thing, *, _private_of_ours=None):\n"
        "    from . import words\n"
        "    return cattrs.Converter(omit_if_default=True).unstructure(thing)\n" + "# filler\n" * 494
    ),
    "timeline/formats/words.py": "from ..model import Thing\n",
    "timeline/log/__init__.py": "from ..formats import page\nfrom ..model import Thing\n",
}


def test_the_checks_pass_a_made_up_package_without_problems(tmp_path: Path) -> None:
    for name, text in CLEAN.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    assert len(imports(tmp_path)) == 15
    assert (cycles(tmp_path), upward_imports(tmp_path), long_modules(tmp_path), private_uses(tmp_path)) == (
        [],
        [],
        [],
        [],
    )
