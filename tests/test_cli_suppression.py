"""Suppression comments fail closed: a typo never switches a rule off, and unused ones are reported.

Run the way a user runs contentqa: `python -m contentqa` in a subprocess, JSON output.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

LINE = "Apply the the cream."  # TOK008 (repeated word) at column 7


def findings(folder: Path, name: str, text: str, *args: str) -> list[tuple[int, str, str]]:
    (folder / name).write_text(text)
    run = subprocess.run([sys.executable, "-m", "contentqa", "check", "--format", "json", "--select", "TOK,ART",
                          *args, name], cwd=folder, capture_output=True, text=True,
                         env={"CONTENTQA_NO_CACHE": "1", "PATH": "/usr/bin:/bin", "HOME": str(folder)}, timeout=300)
    assert run.returncode in (0, 1), run.stderr
    (entry,) = json.loads(run.stdout)["files"]
    return [(f["line"], f["rule"], f["message"]) for f in entry["findings"]]


def rules(found: list[tuple[int, str, str]]) -> list[tuple[int, str]]:
    return [(line, rule) for line, rule, _ in found]


def test_unknown_directive_suppresses_nothing_and_is_reported(tmp_path):
    found = findings(tmp_path, "a.md", f"<!-- contentqa-disable-nextline TOK008 -->\n{LINE}\n\n{LINE}\n")
    assert rules(found) == [(1, "ART100"), (2, "TOK008"), (4, "TOK008")]
    assert "did you mean 'contentqa-disable-next-line'?" in found[0][2]


def test_an_unknown_code_suppresses_nothing_rather_than_everything(tmp_path):
    found = findings(tmp_path, "a.md", f"<!-- contentqa-disable-next-line TOK0008 -->\n{LINE}\n")
    assert rules(found) == [(1, "ART100"), (2, "TOK008")]
    assert "'TOK0008' in 'contentqa-disable-next-line TOK0008' matches no rule (did you mean 'TOK008'?)" in found[0][2]


def test_disable_and_enable_with_codes_in_any_order(tmp_path):
    text = f"<!-- contentqa-disable TOK002 TOK008 -->\n{LINE} {{{{ name }}}}\n<!-- contentqa-enable TOK008 TOK002 -->\n{LINE}\n"
    assert rules(findings(tmp_path, "a.md", text)) == [(4, "TOK008")]


def test_enable_of_a_code_not_disabled_is_reported(tmp_path):
    found = findings(tmp_path, "a.md", f"{LINE}\n\n<!-- contentqa-enable TOK008 -->\n")
    assert rules(found) == [(1, "TOK008"), (3, "ART100")]


def test_disable_line_next_line_and_file(tmp_path):
    text = f"{LINE} <!-- contentqa-disable-line TOK008 -->\n\n<!-- contentqa-disable-next-line repeated-word -->\n{LINE}\n\n{LINE}\n"
    assert rules(findings(tmp_path, "a.md", text)) == [(6, "TOK008")]
    text = f"<!-- contentqa-disable-file TOK008 -->\n\n{LINE}\n\n{LINE}\n"
    assert rules(findings(tmp_path, "a.md", text)) == []


def test_unused_suppressions_are_reported_per_code(tmp_path):
    text = f"<!-- contentqa-disable-next-line TOK008 TOK002 -->\n{LINE}\n\n<!-- contentqa-disable-next-line TOK008 -->\nFine.\n"
    found = findings(tmp_path, "a.md", text)
    assert rules(found) == [(1, "ART101"), (4, "ART101")]
    assert "suppresses no TOK002 finding" in found[0][2] and "suppresses no TOK008 finding" in found[1][2]


def test_a_suppression_of_a_rule_that_did_not_run_is_not_unused(tmp_path):
    text = f"<!-- contentqa-disable-next-line MED001 -->\n{LINE}\n"
    assert rules(findings(tmp_path, "a.md", text)) == [(2, "TOK008")]


def test_plain_text_directives_stand_on_their_own_line(tmp_path):
    text = (f"{LINE}\ncontentqa-disable-next-line TOK008\n{LINE}\n\ncontentqa-disable-nextline TOK008\n{LINE}\n\n"
            "contentqa-disable TOK\nApply the the cream.\ncontentqa-enable TOK\n{LINE}\n").replace("{LINE}", LINE)
    found = findings(tmp_path, "a.txt", text)
    assert rules(found) == [(1, "TOK008"), (5, "ART100"), (6, "TOK008"), (11, "TOK008")]


def test_plain_text_directive_lines_are_not_prose(tmp_path):
    text = "contentqa-disable-file RDB002\nShort one.\n"
    (tmp_path / "a.txt").write_text(text)
    run = subprocess.run([sys.executable, "-m", "contentqa", "check", "--format", "json", "a.txt"], cwd=tmp_path,
                         capture_output=True, text=True, env={"CONTENTQA_NO_CACHE": "1", "HOME": str(tmp_path)})
    entry = json.loads(run.stdout)["files"][0]
    assert entry["metrics"]["words"] == 2


@pytest.mark.parametrize("name", ["a.html", "a.md"])
def test_html_comments_and_bare_directives(tmp_path, name):
    body = f"<p>{LINE}</p>" if name.endswith("html") else LINE
    text = f"<!-- contentqa-disable -->\n\n{body}\n\n<!-- contentqa-enable -->\n\n{body}\n"
    assert rules(findings(tmp_path, name, text)) == [(7, "TOK008")]


def test_a_directive_without_its_hyphen_is_reported_and_other_comments_are_not(tmp_path):
    text = f"<!-- contentqa: reviewed by legal -->\n<!-- contentqa disable TOK008 -->\n{LINE}\n"
    found = findings(tmp_path, "a.md", text)
    assert rules(found) == [(2, "ART100"), (3, "TOK008")]
    assert "(did you mean 'contentqa-disable TOK008'?)" in found[0][2]


def test_a_suppression_of_a_rule_silent_in_this_run_is_not_unused(tmp_path):
    # LNK003 only fetches with --online: offline, its suppression has nothing to hide but is not stale.
    text = "<!-- contentqa-disable-next-line LNK003 -->\n[flaky](https://example.invalid/page)\n"
    (tmp_path / "a.md").write_text(text)
    run = subprocess.run([sys.executable, "-m", "contentqa", "check", "--format", "json", "--select", "LNK,ART",
                          "a.md"], cwd=tmp_path, capture_output=True, text=True,
                         env={"CONTENTQA_NO_CACHE": "1", "HOME": str(tmp_path)}, timeout=300)
    assert json.loads(run.stdout)["files"][0]["findings"] == []
