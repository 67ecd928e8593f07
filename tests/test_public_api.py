"""The public surface: ``timeline.__all__`` is sorted, complete, and names only what exists."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
from types import ModuleType

import timeline
import timeline.model

# Public modules whose public classes and functions make up the API.
PUBLIC_MODULES = [
    "timeline.errors",
    *sorted(
        f"timeline.model.{info.name}"
        for info in pkgutil.iter_modules(timeline.model.__path__)
        if not info.name.startswith("_")
    ),
]

# Functions with public names that are helpers shared between timeline's own modules.
INTERNAL = {
    "timeline.errors.join_path",  # builds problem paths for the formats
    "timeline.model.duration.as_duration",  # the Duration shorthand of Event
    "timeline.model.duration.lengthen",  # a date lasting a duration, for Event.effective_when
    "timeline.model.provenance.enum_value",  # enum conversion with a readable error
    "timeline.model.when.as_when",  # the When shorthand of Event and Source
    "timeline.model.when.check_range",  # the range of Timeline.between, checked once for all events
}


def _defined_here(module: ModuleType) -> dict[str, object]:
    """The public classes and functions defined in ``module`` itself, not imported into it."""
    return {
        name: value
        for name, value in vars(module).items()
        if not name.startswith("_")
        and (inspect.isclass(value) or inspect.isfunction(value))
        and value.__module__ == module.__name__
    }


def test_every_exported_name_exists() -> None:
    for name in timeline.__all__:
        assert hasattr(timeline, name), name


def test_all_is_sorted_without_duplicates() -> None:
    assert timeline.__all__ == sorted(timeline.__all__)
    assert len(set(timeline.__all__)) == len(timeline.__all__)


def test_every_public_name_of_the_package_is_in_all() -> None:
    import subprocess
    import sys

    # In a fresh interpreter, before any lazy name is used: the eager names, plus the lazy ones.
    script = (
        "import timeline, types; print(' '.join(sorted(n for n, v in vars(timeline).items() "
        "if not n.startswith('_') and not isinstance(v, types.ModuleType))))"
    )
    eager = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    lazy = [
        "from_csv",
        "from_ical",
        "from_timelinejs",
        "from_yaml",
        "to_csv",
        "to_html",
        "to_ical",
        "to_timelinejs",
        "to_yaml",
    ]
    lazy += ["from_arrow", "from_parquet", "to_arrow", "to_arrow_tables", "to_parquet"]
    lazy += ["Change", "Diff", "EventLog", "Operation", "Reason", "Revision"]
    lazy += ["from_json", "json_schema", "load", "save", "to_json", "to_markdown"]
    lazy += ["Revisions", "Update"]
    assert sorted(eager + lazy + ["__version__"]) == sorted(timeline.__all__)
    assert not set(eager) & set(lazy)
    public = {name for name, value in vars(timeline).items() if not name.startswith("_")}
    assert not {name for name in public if not isinstance(getattr(timeline, name), ModuleType)} - set(timeline.__all__)


def test_every_public_class_and_function_of_the_model_is_exported() -> None:
    assert "timeline.model.when" in PUBLIC_MODULES
    missing = []
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name, value in _defined_here(module).items():
            qualified = f"{module_name}.{name}"
            if qualified in INTERNAL:
                assert name not in getattr(module, "__all__", ()), f"{qualified} is listed as internal"
                continue
            if getattr(timeline, name, None) is not value:
                missing.append(qualified)
    assert missing == []


def test_every_name_in_a_module_all_is_exported() -> None:
    for module_name in ["timeline.model", *PUBLIC_MODULES]:
        module = importlib.import_module(module_name)
        names = getattr(module, "__all__", None)
        assert names is not None, f"{module_name} has no __all__"
        assert names == sorted(names), module_name
        for name in names:
            assert getattr(timeline, name, None) is getattr(module, name), f"{module_name}.{name} is not exported"


def test_every_error_is_a_timeline_error() -> None:
    for name in timeline.__all__:
        value = getattr(timeline, name)
        if inspect.isclass(value) and name.endswith("Error"):
            assert issubclass(value, timeline.TimelineError), name
    assert issubclass(timeline.InvalidInputError, ValueError)
    assert issubclass(timeline.UnsupportedFormatError, ValueError)
    assert issubclass(timeline.TimelineWarning, UserWarning)


def test_every_export_has_a_docstring() -> None:
    for name in timeline.__all__:
        value = getattr(timeline, name)
        assert inspect.getdoc(value), name


def test_import_stays_light() -> None:
    heavy = "('icalendar', 'jsonschema', 'yaml', 'pyarrow', 'duckdb')"
    code = f"import sys, timeline; print(sorted(m for m in {heavy} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
