"""`contentqa baseline create|check` and `check --baseline`: only new findings fail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contentqa.cli import main

PACK = ("rules:\n  - {code: TOK901, name: banned-word, category: tokens, severity: error, summary: banned,"
        " message: \"Banned word '{match}'\", phrases: [synergy]}\n")
ARTICLE = "We need synergy.\n\nClean paragraph.\n\nMore synergy here.\n"


@pytest.fixture
def site(tmp_path, monkeypatch):
    (tmp_path / "team.yml").write_text(PACK)
    (tmp_path / ".contentqa.toml").write_text('packs = ["team.yml"]\nselect = ["TOK901"]\n')
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(ARTICLE)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return tmp_path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_create_records_findings_and_check_passes_on_them(site, capsys):
    code, _, err = run(capsys, "baseline", "create", "docs")
    assert code == 0 and "recorded 2 findings in .contentqa-baseline.json" in err
    data = json.loads((site / ".contentqa-baseline.json").read_text())
    assert data["version"] == 1
    assert [(e["path"], e["rule"], e["line"]) for e in data["findings"]] == [("docs/a.md", "TOK901", 1),
                                                                             ("docs/a.md", "TOK901", 5)]
    code, out, err = run(capsys, "check", "--baseline", ".contentqa-baseline.json", "docs")
    assert code == 0 and out.splitlines()[-1].startswith("Found 0 problems")
    assert "2 known findings not reported" in err
    code, _, _ = run(capsys, "baseline", "check", "docs")
    assert code == 0


def test_only_new_findings_fail_and_moved_findings_stay_known(site, capsys):
    run(capsys, "baseline", "create", "docs", "-o", "base.json")
    article = site / "docs" / "a.md"
    article.write_text("# Title\n\nAn intro paragraph.\n\n" + ARTICLE + "\nFresh synergy arrives.\n")
    code, out, _ = run(capsys, "check", "--format", "json", "--baseline", "base.json", "docs")
    findings = json.loads(out)["files"][0]["findings"]
    assert code == 1 and [(f["line"], f["excerpt"]) for f in findings] == [(11, "synergy")]


def test_stale_entries_are_reported(site, capsys):
    run(capsys, "baseline", "create", "docs", "-o", "base.json")
    (site / "docs" / "a.md").write_text(ARTICLE.replace("More synergy here.", "More teamwork here."))
    code, _, err = run(capsys, "check", "--baseline", "base.json", "docs")
    assert code == 0
    assert "1 known finding not reported; 1 entry no longer found" in err
    assert "stale: docs/a.md:5: TOK901 Banned word 'synergy'" in err


def test_stale_entries_of_files_not_checked_are_not_reported(site, capsys):
    (site / "other.md").write_text("synergy\n")
    run(capsys, "baseline", "create", ".", "-o", "base.json")
    code, _, err = run(capsys, "check", "--baseline", "base.json", "docs")
    assert code == 0 and "stale" not in err


def test_reasons_survive_recreation_and_paths_resolve_from_the_baseline_folder(site, capsys, monkeypatch):
    run(capsys, "baseline", "create", "docs", "-o", "base.json")
    data = json.loads((site / "base.json").read_text())
    data["findings"][0]["reason"] = "quoted from a source, on purpose"
    (site / "base.json").write_text(json.dumps(data))
    run(capsys, "baseline", "create", "docs", "-o", "base.json")
    data = json.loads((site / "base.json").read_text())
    assert data["findings"][0]["reason"] == "quoted from a source, on purpose"
    assert "reason" not in data["findings"][1]
    monkeypatch.chdir(site / "docs")  # another working directory: paths still match
    code, _, _ = run(capsys, "check", "--config", "../.contentqa.toml", "--baseline", "../base.json", "a.md")
    assert code == 0


def test_a_broken_baseline_is_a_usage_error(site, capsys):
    (site / "base.json").write_text("{not json")
    code, _, err = run(capsys, "check", "--baseline", "base.json", "docs")
    assert code == 2 and "base.json" in err
    code, _, err = run(capsys, "check", "--baseline", "missing.json", "docs")
    assert code == 2 and "missing.json" in err


def test_baseline_notes_reach_the_github_step_summary(site, capsys, monkeypatch):
    summary = site / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run(capsys, "baseline", "create", "docs", "-o", "base.json")
    (site / "docs" / "a.md").write_text("Clean.\n")
    code, out, _ = run(capsys, "check", "--format", "github", "--baseline", "base.json", "docs")
    assert code == 0 and "::" not in out
    assert "2 entries no longer found" in summary.read_text()


def test_baseline_matches_the_sarif_fingerprints(site, capsys):
    run(capsys, "baseline", "create", "docs", "-o", "base.json")
    _, out, _ = run(capsys, "check", "--format", "sarif", "docs")
    sarif = {r["partialFingerprints"]["contentqa/v1"] for r in json.loads(out)["runs"][0]["results"]}
    assert sarif == {e["fingerprint"] for e in json.loads(Path("base.json").read_text())["findings"]}
