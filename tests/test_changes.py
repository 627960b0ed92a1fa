"""--changed-since and --changed-lines-only against a real git repository made in tmp_path."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from contentqa.changes import changes_since, parse_diff
from contentqa.cli import main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
PACK = ("rules:\n  - {code: TOK901, name: banned-word, category: tokens, severity: error, summary: banned,"
        " message: \"Banned word '{match}'\", phrases: [synergy]}\n")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """main: a.md, b.md; feature (checked out): edits a.md, adds c.md, main moves on after the branch point;
    in the working tree: an uncommitted edit of e.md and an untracked d.md."""
    repo = tmp_path / "site"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.name", "Test Editor")
    git(repo, "config", "user.email", "editor@example.com")
    git(repo, "config", "commit.gpgsign", "false")
    git(repo, "checkout", "-q", "-b", "main")
    (repo / "team.yml").write_text(PACK)
    (repo / ".contentqa.toml").write_text('packs = ["team.yml"]\nselect = ["TOK901"]\n')
    (repo / "a.md").write_text("Old synergy stays.\n\nClean line.\n")
    (repo / "b.md").write_text("Synergy-free.\n")
    (repo / "e.md").write_text("Nothing here.\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "start")
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "a.md").write_text("Old synergy stays.\n\nClean line.\n\nNew synergy arrives.\n")
    (repo / "c.md").write_text("A new page.\n\nWith synergy.\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "feature work")
    git(repo, "checkout", "-q", "main")
    (repo / "b.md").write_text("Main moved on with synergy.\n")
    git(repo, "commit", "-q", "-am", "main work")
    git(repo, "checkout", "-q", "feature")
    (repo / "e.md").write_text("Nothing here.\nBut synergy now.\n")
    (repo / "d.md").write_text("Draft with synergy.\n")
    monkeypatch.chdir(repo)
    return repo


def checked(capsys, *argv: str) -> tuple[int, dict[str, list[tuple[int, str]]]]:
    code = main(["check", "--format", "json", *argv])
    report = json.loads(capsys.readouterr().out)
    return code, {Path(f["path"]).name: [(x["line"], x["rule"]) for x in f["findings"]] for f in report["files"]}


def test_changes_are_measured_from_the_merge_base_and_include_the_working_tree(repo):
    changes = changes_since("main")
    assert changes.base == git(repo, "merge-base", "main", "HEAD").strip()
    names = {Path(p).name: lines for p, lines in changes.files.items()}
    assert names == {"a.md": {4, 5}, "c.md": {1, 2, 3}, "e.md": {2}, "d.md": None}
    assert "b.md" not in names  # changed on main after the branch point: not this branch's change


def test_changed_since_checks_only_changed_files(repo, capsys):
    code, files = checked(capsys, "--changed-since", "main", ".")
    assert sorted(files) == ["a.md", "c.md", "d.md", "e.md"]
    assert files["a.md"] == [(1, "TOK901"), (5, "TOK901")]
    assert code == 1


def test_changed_lines_only_reports_findings_on_changed_lines(repo, capsys):
    _, files = checked(capsys, "--changed-since", "main", "--changed-lines-only", ".")
    assert files == {"a.md": [(5, "TOK901")], "c.md": [(3, "TOK901")], "d.md": [(1, "TOK901")],
                     "e.md": [(2, "TOK901")]}


def test_changed_since_respects_the_paths_given(repo, capsys):
    (repo / "docs").mkdir()
    (repo / "docs" / "x.md").write_text("synergy\n")
    _, files = checked(capsys, "--changed-since", "main", "docs")
    assert list(files) == ["x.md"]
    _, files = checked(capsys, "--changed-since", "main", "b.md")
    assert files == {}


def test_github_annotations_put_changed_lines_first(repo, capsys, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    main(["check", "--format", "github", "--changed-since", "main", "a.md"])
    lines = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("::")]
    assert [ln.split(",")[1] for ln in lines] == ["line=5", "line=1"]


def test_git_problems_are_usage_errors(repo, capsys, tmp_path):
    assert main(["check", "--changed-since", "no-such-ref", "."]) == 2
    assert "no-such-ref" in capsys.readouterr().err
    assert main(["check", "--changed-lines-only", "."]) == 2
    assert "--changed-since" in capsys.readouterr().err
    outside = tmp_path / "plain"
    outside.mkdir()
    os.chdir(outside)
    assert main(["check", "--changed-since", "main", "."]) == 2


def test_parse_diff_handles_deletions_counts_and_quoted_paths():
    diff = ("diff --git a/x.md b/x.md\n--- a/x.md\n+++ b/x.md\n@@ -3,0 +4,2 @@\n+one\n+two\n"
            "@@ -9 +10,0 @@\n-gone\n@@ -20 +20 @@\n-a\n+b\n"
            'diff --git "a/t\\tab.md" "b/t\\tab.md"\n--- "a/t\\tab.md"\n+++ "b/t\\tab.md"\n@@ -1 +1 @@\n-x\n+y\n'
            "diff --git a/gone.md b/gone.md\n--- a/gone.md\n+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n")
    assert parse_diff(diff) == {"x.md": {4, 5, 20}, "t\tab.md": {1}}


def _step(action: dict, step_id: str) -> str:
    return next(s["run"] for s in action["runs"]["steps"] if s.get("id") == step_id)


def test_the_action_scripts_fetch_the_base_and_annotate_only_the_change(tmp_path):
    """Runs action.yml's own shell steps on a shallow clone, as actions/checkout leaves one."""
    import sys

    import yaml

    action = yaml.safe_load((Path(__file__).parent.parent / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    assert {"paths", "args", "sarif", "version"} <= set(action["inputs"])
    origin = tmp_path / "origin"
    origin.mkdir()
    git(origin, "init", "-q")
    git(origin, "config", "user.name", "Test Editor")
    git(origin, "config", "user.email", "editor@example.com")
    git(origin, "checkout", "-q", "-b", "main")
    (origin / "team.yml").write_text(PACK)
    (origin / ".contentqa.toml").write_text('packs = ["team.yml"]\nselect = ["TOK901"]\n')
    (origin / "old.md").write_text("Old synergy.\n")
    git(origin, "add", ".")
    git(origin, "commit", "-q", "-m", "start")
    git(origin, "checkout", "-q", "-b", "feature")
    (origin / "new.md").write_text("New synergy.\n")
    git(origin, "add", ".")
    git(origin, "commit", "-q", "-m", "feature")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--branch", "feature", (origin).as_uri(), str(clone)],
                   check=True)
    outputs = tmp_path / "outputs"
    outputs.write_text("")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "GITHUB_OUTPUT": str(outputs), "BASE_REF": "main", "CHANGED_ONLY": "true"}
    env.pop("GITHUB_STEP_SUMMARY", None)
    subprocess.run(["bash", "-eo", "pipefail", "-c", _step(action, "base")], cwd=clone, env=env, check=True)
    assert outputs.read_text() == "ref=origin/main\n"
    env.update({"PATHS": ".", "ARGS": "--fail-on error", "CHANGED_REF": "origin/main", "CHANGED_LINES_ONLY": "false"})
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", _step(action, "check")], cwd=clone, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    assert [ln for ln in done.stdout.splitlines() if ln.startswith("::")] == [
        "::error file=new.md,line=1,col=5,endLine=1,endColumn=12,title=TOK901::Banned word 'synergy'"]
    summary = tmp_path / "summary.md"
    scored = subprocess.run(["bash", "-eo", "pipefail", "-c", _step(action, "scores")], cwd=clone, capture_output=True,
                            text=True, env={**env, "GITHUB_STEP_SUMMARY": str(summary)})
    assert scored.returncode == 0, scored.stderr
    assert "| `new.md` |" in summary.read_text() and "(new)" in summary.read_text()
    assert "old.md" not in summary.read_text()  # unchanged articles are not listed
    env["SARIF_FILE"] = str(tmp_path / "out.sarif")
    subprocess.run(["bash", "-eo", "pipefail", "-c", _step(action, "sarif")], cwd=clone, env=env, check=True)
    results = json.loads((tmp_path / "out.sarif").read_text())["runs"][0]["results"]
    assert sorted(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results) == [
        "new.md", "old.md"]


def test_the_action_does_not_upload_sarif_from_a_fork() -> None:
    """A fork's pull request has a read-only token: the upload would fail the job, so it is
    skipped and the annotations and job summary carry the findings."""
    import yaml

    action = yaml.safe_load((Path(__file__).parent.parent / "action.yml").read_text())
    upload = next(s for s in action["runs"]["steps"] if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif"))
    assert "github.event.pull_request.head.repo.fork != true" in upload["if"]
    check = next(s for s in action["runs"]["steps"] if s.get("id") == "check")
    assert "--format github" in check["run"]  # annotations, and the job summary when GitHub sets it


def test_the_version_is_declared_once() -> None:
    import importlib.metadata

    import contentqa

    text = (Path(__file__).parent.parent / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in text and "\nversion =" not in text
    assert importlib.metadata.version("contentqa") == contentqa.__version__


def test_scores_show_a_change_that_makes_an_article_harder_to_read(tmp_path):
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.name", "Test Editor")
    git(tmp_path, "config", "user.email", "editor@example.com")
    git(tmp_path, "checkout", "-q", "-b", "main")
    (tmp_path / "care.md").write_text("# Aftercare\n\nRest today. Do not rub the area. Sleep on your back.\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "start")
    git(tmp_path, "checkout", "-q", "-b", "edit")
    (tmp_path / "care.md").write_text(
        "# Aftercare\n\nNotwithstanding the considerable heterogeneity of individual physiological responses to "
        "neuromodulator administration, practitioners customarily recommend that recipients refrain from "
        "manipulating the injection sites and abstain from strenuous physical exertion.\n")
    run = subprocess.run([sys.executable, "-m", "contentqa", "scores", "--since", "main", "--format", "json", "."],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    (row,) = json.loads(run.stdout)
    assert row["path"].endswith("care.md")
    assert row["after"]["readability"] < row["before"]["readability"]
    assert row["after"]["grade"] > row["before"]["grade"] + 5
    table = subprocess.run([sys.executable, "-m", "contentqa", "scores", "--since", "main", "."], cwd=tmp_path,
                           capture_output=True, text=True, timeout=300).stdout
    assert "⚠" in table and "care.md" in table
