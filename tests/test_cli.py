"""The ``timeline`` command, run in-process and as a real subprocess."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

import timeline
from timeline import Event, Timeline
from timeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
BERLIN = ROOT / "examples" / "berlin-2025" / "timeline.json"
RELEASES = ROOT / "examples" / "release-plan" / "timeline.yaml"


class Run:
    """The outcome of one in-process run."""

    def __init__(self, status: int, stdout: bytes, stderr: str) -> None:
        self.status, self.stdout, self.stderr = status, stdout, stderr

    @property
    def text(self) -> str:
        return self.stdout.decode("utf-8")


def run(*argv: str, stdin: bytes = b"") -> Run:
    out, err = io.BytesIO(), io.StringIO()
    status = main(list(argv), stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return Run(status, out.getvalue(), err.getvalue())


def command(*argv: str, cwd: Path | None = None, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "timeline", *argv], input=stdin, capture_output=True, cwd=cwd, check=False, timeout=300
    )


BAD = json.dumps(
    {
        "format": "timeline",
        "version": 1,
        "title": "Bad",
        "events": [{"id": "a", "title": "A", "when": "2025-13-01"}, {"id": "b", "title": ""}],
    },
    indent=2,
)


def test_check_accepts_good_files_and_says_so() -> None:
    result = run("check", str(BERLIN), str(RELEASES))
    assert result.status == 0
    assert result.stderr == ""
    assert result.text.splitlines() == [
        f"{BERLIN}: ok, 8 events (3 dated)",
        f"{RELEASES}: ok, {len(timeline.load(RELEASES))} events "
        f"({sum(1 for e in timeline.load(RELEASES) if e.when.is_dated)} dated)",
    ]


def test_check_prints_every_problem_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "timeline.yaml"
    bad.write_text(
        "format: timeline\nversion: 1\ntitle: Plan\nevents:\n"
        "  - id: a\n    title: A\n    when: 2025-13-01\n"
        "  - id: B\n    title: B\n",
        "utf-8",
    )
    good = tmp_path / "good.json"
    timeline.save(Timeline("Good", [Event("x", "X")]), good)
    result = run("check", str(bad), str(good))
    assert result.status == 1
    assert result.stderr.splitlines() == [
        f'{bad}:7: events[0].when: "2025-13-01" is not a valid date: month 13 is not 01–12',
        f"{bad}:8: events[1].id: \"B\" is not an id: use lowercase letters, digits, '-', '_' and '.', "
        "starting and ending with a letter or digit",
    ]
    assert result.text == f"{good}: ok, 1 event (0 dated)\n"


def test_check_reads_standard_input_with_from() -> None:
    result = run("check", "-", "--from", "json", stdin=BAD.encode())
    assert result.status == 1
    assert '<stdin>: events[0].when: "2025-13-01" is not a valid date' in result.stderr
    assert "<stdin>: events[1].title: must not be empty" in result.stderr


def test_check_names_a_missing_file() -> None:
    result = run("check", "no-such-file.json")
    assert result.status == 1
    assert result.stderr == "no-such-file.json: cannot read: No such file or directory\n"


@pytest.mark.parametrize("suffix", [".json", ".yaml", ".ics", ".md"])
def test_convert_writes_every_format_as_the_library_does(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"out{suffix}"
    result = run("convert", str(BERLIN), str(target), "--stamp", "2025-12-20T00:00:00Z")
    assert result.status == 0
    assert result.stdout == b""
    source = timeline.load(BERLIN)
    if suffix == ".ics":
        from datetime import UTC, datetime

        with pytest.warns(timeline.OmittedEventsWarning):
            expected = timeline.to_ical(source, stamp=datetime(2025, 12, 20, tzinfo=UTC))
        assert target.read_bytes() == expected
        assert "5 undated events left out of the calendar" in result.stderr
        assert len(icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")) == 3
    else:
        assert result.stderr == ""
        assert target.read_bytes() == (ROOT / "examples" / "berlin-2025" / f"timeline{suffix}").read_bytes()


def test_convert_between_stdin_and_stdout_needs_formats() -> None:
    result = run("convert", "-", "-", "--from", "json", "--to", "yaml", stdin=BERLIN.read_bytes())
    assert result.status == 0
    assert timeline.from_yaml(result.stdout) == timeline.load(BERLIN)
    usage = run("convert", "-", "out.json", stdin=BERLIN.read_bytes())
    assert usage.status == 2
    assert "give --from to input standard input" in usage.stderr


def test_convert_passes_markdown_options(tmp_path: Path) -> None:
    result = run("convert", str(BERLIN), "-", "--to", "md", "--locale", "de", "--no-diagram", "--group-by", "year")
    assert result.status == 0
    page = result.text
    assert "```mermaid" not in page
    assert page == timeline.to_markdown(timeline.load(BERLIN), diagram=False, locale="de", group_by="year")


def test_convert_refuses_an_unknown_suffix_and_bad_stamp(tmp_path: Path) -> None:
    unknown = run("convert", str(BERLIN), str(tmp_path / "out.txt"))
    assert unknown.status == 1
    assert (
        "out.txt: cannot write files ending in '.txt'; "
        "use one of .csv, .htm, .html, .ics, .json, .md, .parquet, .yaml, .yml" in unknown.stderr
    )
    stamp = run("convert", str(BERLIN), "-", "--to", "ics", "--stamp", "yesterday")
    assert stamp.status == 1
    assert "--stamp: 'yesterday' is not a date and time" in stamp.stderr
    assert not (tmp_path / "out.txt").exists()


def test_convert_of_bad_input_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "bad.json"
    source.write_text(BAD, "utf-8")
    target = tmp_path / "out.md"
    result = run("convert", str(source), str(target))
    assert result.status == 1
    assert f'timeline: {source}: events[0].when: "2025-13-01"' in result.stderr
    assert not target.exists()


def test_show_prints_a_plain_table_when_piped() -> None:
    result = run("show", str(BERLIN), "--status", "happened")
    assert result.status == 0
    lines = result.text.splitlines()
    assert lines[0] == "Security guarantees for Ukraine — 3 events of 8"
    assert lines[2].split() == ["DATE", "STATUS", "TITLE", "PLACE"]
    assert all("14–15 Dec 2025" in line for line in lines[3:])
    assert "\x1b[" not in result.text


def test_show_selects_by_dates_and_tag() -> None:
    in_december = run("show", str(BERLIN), "--since", "2025-12-15", "--until", "2025-12-31")
    assert in_december.text.startswith("Security guarantees for Ukraine — 3 events of 8")
    none = run("show", str(BERLIN), "--since", "2026-01-01", "--until", "2026-12-31")
    assert none.text.startswith("Security guarantees for Ukraine — 0 events of 8")
    tagged = run("show", str(BERLIN), "--tag", "law")
    assert "Legally binding security guarantees" in tagged.text
    assert tagged.text.startswith("Security guarantees for Ukraine — 1 event of 8")
    bad = run("show", str(BERLIN), "--since", "2025-13")
    assert bad.status == 1
    assert "--from/--to" in bad.stderr


def _on_a_terminal(argv: list[str], *, stdout_tty: bool, stderr_tty: bool, cwd: Path) -> tuple[bytes, bytes]:
    """Run the command with stdout and/or stderr on a pseudo-terminal; return what each received."""
    leader, follower = pty.openpty()
    environment = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    environment["COLUMNS"] = "100"
    with subprocess.Popen(
        [sys.executable, "-m", "timeline", *argv],
        stdout=follower if stdout_tty else subprocess.PIPE,
        stderr=follower if stderr_tty else subprocess.PIPE,
        cwd=cwd,
        env=environment,
    ) as process:
        os.close(follower)
        received = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            received += chunk
        piped_out = process.stdout.read() if process.stdout else b""
        piped_err = process.stderr.read() if process.stderr else b""
        process.wait(timeout=300)
    os.close(leader)
    out = received if stdout_tty else piped_out
    err = received if stderr_tty else piped_err
    return out, err


def test_show_colours_a_terminal_only(tmp_path: Path) -> None:
    out, _ = _on_a_terminal(["show", str(BERLIN)], stdout_tty=True, stderr_tty=False, cwd=tmp_path)
    assert b"\x1b[32mhappened" in out
    assert b"\x1b[1mDATE" in out
    piped = command("show", str(BERLIN))
    assert b"\x1b[" not in piped.stdout
    assert piped.returncode == 0


def _big_timeline(path: Path, count: int) -> None:
    events = [Event(f"e{index}", f"Event {index}", f"2025-{1 + index % 12:02d}") for index in range(count)]
    timeline.save(Timeline("Big", events), path)


def test_large_inputs_show_progress_on_a_terminal_and_never_on_a_pipe(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    _big_timeline(big, 10_000)
    _, on_terminal = _on_a_terminal(
        ["convert", str(big), "out.md", "--no-diagram"], stdout_tty=False, stderr_tty=True, cwd=tmp_path
    )
    assert b"writing 10,000 events as md" in on_terminal
    assert b"wrote 10,000 events" in on_terminal
    piped = command("convert", str(big), "piped.md", "--no-diagram", cwd=tmp_path)
    assert piped.returncode == 0
    assert piped.stderr == b""
    assert (tmp_path / "out.md").read_bytes() == (tmp_path / "piped.md").read_bytes()


def test_log_put_show_history_diff_verify_repair(tmp_path: Path) -> None:
    log = tmp_path / "berlin.jsonl"
    first = run("log", "put", str(log), str(BERLIN), "--by", "editor", "--note", "first", "--at", "2025-12-16T12:00Z")
    assert first.status == 0, first.stderr
    assert first.text == f"{log}: recorded 8 revisions (0 unchanged)\n"
    again = run("log", "put", str(log), str(BERLIN), "--by", "editor", "--at", "2025-12-17T12:00Z")
    assert again.text == f"{log}: recorded 0 revisions (8 unchanged)\n"

    revised = timeline.load(BERLIN)
    troops = revised.get("troops-800k")
    assert troops is not None
    import attrs

    changed = tmp_path / "revised.json"
    timeline.save(revised.with_event(attrs.evolve(troops, status="planned")), changed)
    put = run(
        "log", "put", str(log), str(changed), "--by", "editor", "--note", "now planned", "--at", "2025-12-20T09:00Z"
    )
    assert put.text == f"{log}: recorded 1 revision (7 unchanged)\n"

    before = run("log", "show", str(log), "--as-of", "2025-12-18", "--status", "proposed")
    assert "Ukraine’s armed forces expanded to about 800,000 troops" in before.text
    after = run("log", "show", str(log), "--status", "proposed")
    assert "800,000" not in after.text

    history = run("log", "history", str(log), "troops-800k")
    lines = history.text.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("#")
    assert "2025-12-16 12:00:00 UTC put troops-800k by editor" in lines[0]
    assert lines[1].endswith("· planned · Ukraine’s armed forces expanded to about 800,000 troops — now planned")

    diff = run("log", "diff", str(log), "2025-12-18", "2025-12-21")
    assert diff.text == "~ troops-800k: status\n"

    ics = run("log", "show", str(log), "--to", "ics")
    calendar = icalendar.Calendar.from_ical(ics.stdout)
    assert len(calendar.walk("VEVENT")) == 3
    assert "undated events left out" in ics.stderr

    verify = run("log", "verify", str(log))
    assert verify.status == 0
    assert verify.text.startswith(f"{log}: 9 revisions, chain intact")

    retract = run("log", "retract", str(log), "troops-800k", "--by", "editor", "--note", "dropped")
    assert retract.status == 0
    assert "troops-800k" not in run("log", "show", str(log)).text

    with log.open("ab") as stream:
        stream.write(b'{"torn": ')
    repaired = run("log", "repair", str(log))
    assert repaired.status == 0
    assert "torn" in repaired.text + repaired.stderr
    assert run("log", "verify", str(log)).status == 0


def test_log_errors_are_reported_with_status_1(tmp_path: Path) -> None:
    missing = run("log", "show", str(tmp_path / "none.jsonl"))
    assert missing.status == 1
    assert "no such log; give --title to start one" in missing.stderr
    log = tmp_path / "log.jsonl"
    run("log", "put", str(log), str(BERLIN), "--by", "editor")
    lines = log.read_bytes().splitlines(keepends=True)
    lines[2] = lines[2].replace(b"happened", b"cancelled", 1)
    log.write_bytes(b"".join(lines))
    damaged = run("log", "verify", str(log))
    assert damaged.status == 1
    assert f"{log}:3" in damaged.stderr
    unknown = run("log", "history", str(log), "nothing-here")
    assert unknown.status == 1


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["check"],
        ["convert", "only-one"],
        ["show", str(BERLIN), "--status", "maybe"],
        ["log"],
        ["log", "put", "x.jsonl", "y.json"],
    ],
)
def test_usage_errors_exit_with_2(argv: list[str]) -> None:
    result = run(*argv)
    assert result.status == 2
    assert "usage: timeline" in result.stderr


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["check"],
        ["convert"],
        ["show"],
        ["log"],
        *(["log", name] for name in ("put", "retract", "show", "history", "diff", "verify", "repair")),
    ],
)
def test_every_command_has_help(argv: list[str]) -> None:
    result = command(*argv, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith(b"usage: timeline")
    assert result.stderr == b""


def test_version_and_module_entry_point() -> None:
    result = command("--version")
    assert result.returncode == 0
    assert result.stdout.decode() == f"timeline {timeline.__version__}\n"
    script = Path(sys.executable).parent / "timeline"
    assert script.exists(), "the console script is installed with the package"
    assert subprocess.run([str(script), "--version"], capture_output=True, check=True).stdout == result.stdout


def test_subprocess_reports_bad_input_on_stderr_with_status_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(BAD, "utf-8")
    result = command("convert", str(bad), str(tmp_path / "out.ics"))
    assert result.returncode == 1
    assert result.stdout == b""
    assert result.stderr.decode().splitlines() == [
        f'timeline: {bad}: events[0].when: "2025-13-01" is not a valid date: month 13 is not 01–12',
        f"timeline: {bad}: events[1].title: must not be empty",
    ]


from test_bad_input import CASES, Case  # noqa: E402 -- the table lives with the library's own tests


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_check_reports_every_bad_document_with_its_place(case: Case, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(
        case.document if isinstance(case.document, bytes) else case.document.encode("utf-8", "surrogatepass")
    )
    result = run("check", str(bad))
    assert result.status == 1
    assert result.text == ""
    [line] = result.stderr.splitlines()
    place = f"{bad}:{case.line}: " if case.line is not None else f"{bad}: "
    place += f"{case.path}: " if case.path else ""
    assert line.startswith(place), line
    assert case.message in line


@pytest.mark.parametrize("case", CASES[::8], ids=[case.id for case in CASES[::8]])
def test_convert_in_a_subprocess_refuses_bad_documents(case: Case, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(
        case.document if isinstance(case.document, bytes) else case.document.encode("utf-8", "surrogatepass")
    )
    result = command("convert", str(bad), str(tmp_path / "out.md"))
    assert result.returncode == 1
    assert result.stdout == b""
    assert case.message in result.stderr.decode("utf-8", "replace")
    assert not (tmp_path / "out.md").exists()


@pytest.mark.parametrize("as_of", ["Y170000002", "-0010", "0000-06"])
def test_log_as_of_a_year_a_recorded_time_cannot_have_is_refused_not_clamped(tmp_path: Path, as_of: str) -> None:
    log = tmp_path / "berlin.jsonl"
    put = run("log", "put", str(log), str(BERLIN), "--by", "editor", "--at", "2025-12-16T12:00Z")
    assert put.status == 0, put.stderr
    shown = run("log", "show", str(log), "--as-of", as_of)
    assert shown.status != 0
    assert shown.stdout == b""
    assert f"'{as_of}' is outside the years 0001–9999 of recorded times" in shown.stderr
    assert "--as-of" in shown.stderr
