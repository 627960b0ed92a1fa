"""Noise control and --fix reporting, run as a user runs them: `python -m contentqa` in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# TOK008 (warning, unsafe fix), ART003 (info here, safe fix), RDB009 (info, safe fix), TOK002 (error)
ARTICLE = "Apply the the cream  daily. We utilize it. Dear {{ name }}.\n"
SELECT = ("--select", "TOK002,TOK008,RDB009,ART003")


def contentqa(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "contentqa", *args], cwd=cwd, capture_output=True, text=True,
                          input=stdin, env={"CONTENTQA_NO_CACHE": "1", "PATH": "/usr/bin:/bin", "HOME": str(cwd)},
                          timeout=300)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(ARTICLE)
    return tmp_path


def test_text_shows_info_as_a_count_with_the_flag_that_shows_it(site):
    run = contentqa(site, "check", "a.txt", *SELECT)
    assert run.returncode == 1
    assert "RDB009" not in run.stdout and "TOK002 [error]" in run.stdout and "TOK008 [warning]" in run.stdout
    lines = run.stdout.splitlines()
    assert lines[-2:] == ["2 info findings not shown (--min-severity info shows them).",
                          "Found 4 problems (1 error, 1 warning, 2 info) in 1 file."]
    shown = contentqa(site, "check", "a.txt", *SELECT, "--min-severity", "info")
    assert "a.txt:1:32: RDB009 [info]" in shown.stdout and "not shown" not in shown.stdout


def test_min_severity_leaves_findings_out_of_every_format_and_the_exit_code(site):
    run = contentqa(site, "check", "a.txt", *SELECT, "--min-severity", "warning", "--format", "json")
    report = json.loads(run.stdout)
    assert sorted(f["rule"] for f in report["files"][0]["findings"]) == ["TOK002", "TOK008"]
    assert report["summary"]["info"] == 0
    errors_only = contentqa(site, "check", "a.txt", *SELECT, "--min-severity", "error", "--fail-on", "warning")
    assert errors_only.returncode == 1 and "TOK008" not in errors_only.stdout
    assert contentqa(site, "check", "a.txt", "--select", "TOK008", "--min-severity", "error",
                     "--fail-on", "warning").returncode == 0


def test_concise_is_one_line_a_finding(site):
    run = contentqa(site, "check", "a.txt", *SELECT, "--format", "concise", "--min-severity", "info")
    assert run.stdout.splitlines() == [
        "a.txt:1:7: TOK008 [warning] Repeated word 'the the'",
        "a.txt:1:20: ART003 [info] 2 spaces between words",
        "a.txt:1:32: RDB009 [info] 'utilize' has a plainer alternative: 'use'",
        "a.txt:1:49: TOK002 [error] Template placeholder '{{ name }}' left in the text",
        "Found 4 problems (1 error, 1 warning, 2 info) in 1 file."]


def test_quiet_prints_the_findings_only(site):
    run = contentqa(site, "check", "a.txt", *SELECT, "--format", "concise", "--quiet")
    assert run.returncode == 1 and len(run.stdout.splitlines()) == 2 and "Found" not in run.stdout


def test_statistics_count_findings_per_rule(site):
    (site / "b.txt").write_text("The the end.  Fine  here.\n")
    run = contentqa(site, "check", "a.txt", "b.txt", *SELECT, "--statistics")
    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        "2\tART003\tinfo   \t[*] doubled-space",
        "2\tTOK008\twarning\trepeated-word",
        "1\tRDB009\tinfo   \t[*] plain-words",
        "1\tTOK002\terror  \ttemplate-placeholder",
        "Found 6 problems (1 error, 2 warnings, 3 info) in 2 files."]
    data = json.loads(contentqa(site, "check", "a.txt", "b.txt", *SELECT, "--statistics", "--format", "json").stdout)
    assert data[0] == {"code": "ART003", "name": "doubled-space", "severity": "info", "count": 2, "fixable": True}
    refused = contentqa(site, "check", "a.txt", "--statistics", "--format", "sarif")
    assert refused.returncode == 2 and "--statistics" in refused.stderr


def test_output_file_holds_the_report(site):
    run = contentqa(site, "check", "a.txt", *SELECT, "--format", "json", "--output-file", "report.json")
    assert run.returncode == 1 and run.stdout == ""
    assert json.loads((site / "report.json").read_text())["summary"]["errors"] == 1
    bad = contentqa(site, "check", "a.txt", "--output-file", "no/such/folder/r.txt")
    assert bad.returncode == 2 and "no/such/folder/r.txt: cannot write the report" in bad.stderr


def test_a_long_sentence_shows_its_first_and_last_words_without_wrapping(site):
    words = " ".join(f"word{i}" for i in range(80))
    (site / "long.txt").write_text(f"Intro. Start {words} finish here. Outro.\n")
    run = contentqa(site, "check", "long.txt", "--select", "RDB002", "--min-severity", "info")
    source, caret = [line for line in run.stdout.splitlines() if line.startswith(("1 |", "  |"))][1:3]
    assert max(len(source), len(caret)) <= 100
    assert source.startswith("1 | …Start word0 word1") and source.endswith("word79 finish here.…")
    assert " … " in source and caret.index(" … ") == source.index(" … ")
    assert set(caret[4:].lstrip(" ").replace(" … ", "")) == {"^"}


def test_fix_reports_fixed_and_remaining(site):
    run = contentqa(site, "check", "a.txt", *SELECT, "--fix", "--unsafe-fixes")
    assert (site / "a.txt").read_text() == "Apply the cream daily. We use it. Dear {{ name }}.\n"
    assert run.stdout.splitlines()[-1] == \
        "Found 4 problems (3 fixed, 1 remaining: 1 error, 0 warnings, 0 info) in 1 file."
    (site / "a.txt").write_text(ARTICLE)
    run = contentqa(site, "check", "a.txt", *SELECT, "--fix", "--format", "json")
    assert run.stderr.strip() == "contentqa: 2 fixed, 2 remaining"


def test_fix_of_stdin_writes_the_fixed_text_to_stdout(site):
    run = contentqa(site, "check", *SELECT, "--fix", "--stdin-filename", "post.txt", "-", stdin=ARTICLE)
    assert run.stdout == "Apply the the cream daily. We use it. Dear {{ name }}.\n"
    assert run.returncode == 1
    assert "post.txt:1:44: TOK002 [error] Template placeholder" in run.stderr  # what remains, on stderr
    assert "Found 4 problems (2 fixed, 2 remaining" in run.stderr
    clean = contentqa(site, "check", "--select", "TOK008", "--fix", "-", stdin="Nothing to fix.\n")
    assert (clean.returncode, clean.stdout) == (0, "Nothing to fix.\n")
    mixed = contentqa(site, "check", "--fix", "-", "a.txt", stdin="x\n")
    assert mixed.returncode == 2 and "give no other paths" in mixed.stderr
