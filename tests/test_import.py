"""``import timeline`` loads the model only; every other public name loads its module when first used.

Each test runs in a fresh interpreter, where nothing has been imported yet.
"""

from __future__ import annotations

import json
import subprocess
import sys

import timeline

# Dependencies of the formats, the event log and the command line, and their own modules.
DEFERRED = [
    "argparse",
    "cattrs",
    "duckdb",
    "icalendar",
    "jsonschema",
    "markdown_it",
    "orjson",
    "pyarrow",
    "yaml",
    "timeline.cli",
    "timeline.formats._convert",
    "timeline.formats.files",
    "timeline.formats.ical",
    "timeline.formats.json",
    "timeline.formats.markdown",
    "timeline.formats.yaml",
    "timeline.log",
    "timeline.model.history",
]


def _fresh(code: str) -> object:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_import_timeline_leaves_the_formats_and_the_log_unloaded() -> None:
    loaded = _fresh(
        f"import json, sys; import timeline; print(json.dumps([m for m in {DEFERRED!r} if m in sys.modules]))"
    )
    assert loaded == []


def test_import_timeline_loads_the_model() -> None:
    code = "import json, sys, timeline; print(json.dumps(sorted(m for m in sys.modules if m.startswith('timeline'))))"
    loaded = _fresh(code)
    assert isinstance(loaded, list)
    assert {"timeline.model.event", "timeline.model.when", "timeline.errors"} <= set(loaded)


def test_every_name_of_all_resolves_in_a_fresh_interpreter() -> None:
    code = (
        "import json, timeline\n"
        "found = {name: getattr(timeline, name).__module__ if hasattr(getattr(timeline, name), '__module__') else None"
        " for name in timeline.__all__}\n"
        "print(json.dumps(found))"
    )
    found = _fresh(code)
    assert isinstance(found, dict)
    assert sorted(found) == sorted(timeline.__all__)
    for name, module in found.items():
        value = getattr(timeline, name)
        assert module == getattr(value, "__module__", None), name


def test_from_import_of_a_deferred_name_loads_its_module() -> None:
    code = (
        "import json, sys\n"
        "from timeline import EventLog, to_ical\n"
        "print(json.dumps([EventLog.__name__, to_ical.__name__, 'timeline.formats.ical' in sys.modules,"
        " 'timeline.formats.yaml' in sys.modules]))"
    )
    assert _fresh(code) == ["EventLog", "to_ical", True, False]


def test_dir_lists_every_public_name_before_it_is_used() -> None:
    listed = _fresh("import json, timeline; print(json.dumps(dir(timeline)))")
    assert isinstance(listed, list)
    assert set(timeline.__all__) <= set(listed)


def test_an_unknown_name_is_an_attribute_error() -> None:
    code = (
        "import json, timeline\n"
        "try:\n    timeline.to_pdf\nexcept AttributeError as error:\n    print(json.dumps(str(error)))"
    )
    assert _fresh(code) == "module 'timeline' has no attribute 'to_pdf'"
