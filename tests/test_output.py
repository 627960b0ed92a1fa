"""The output contracts: JSON per DESIGN.md, ruff-like text, the entry points and packaging."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema

from contentqa.cli import main

from .conftest import SAMPLES

FINDING = {
    "type": "object",
    "required": ["rule", "name", "category", "severity", "message", "line", "column", "end_line",
                 "end_column", "excerpt", "fix"],
    "additionalProperties": False,
    "properties": {
        "rule": {"type": "string", "pattern": "^[A-Z]{3}[0-9]{3}$"},
        "name": {"type": "string"},
        "category": {"type": "string"},
        "severity": {"enum": ["error", "warning", "info"]},
        "message": {"type": "string", "minLength": 1},
        "line": {"type": "integer", "minimum": 1},
        "column": {"type": "integer", "minimum": 1},
        "end_line": {"type": "integer", "minimum": 1},
        "end_column": {"type": "integer", "minimum": 1},
        "excerpt": {"type": "string"},
        "fix": {"oneOf": [{"type": "null"}, {
            "type": "object", "required": ["replacement", "safe"], "additionalProperties": False,
            "properties": {"replacement": {"type": "string"}, "safe": {"type": "boolean"}}}]},
    },
}
REPORT = {
    "type": "object",
    "required": ["tool", "files", "summary"],
    "properties": {
        "tool": {"type": "object", "required": ["name", "version"],
                 "properties": {"name": {"const": "contentqa"}, "version": {"type": "string"}}},
        "files": {"type": "array", "items": {
            "type": "object", "required": ["path", "format", "findings"],
            "properties": {
                "path": {"type": "string"},
                "format": {"enum": ["text", "markdown", "html"]},
                "findings": {"type": "array", "items": FINDING},
                "error": {"type": "string"},
                "metrics": {"type": "object", "required": ["words", "sentences", "flesch_reading_ease",
                                                            "flesch_kincaid_grade"]},
            },
            "oneOf": [{"required": ["error"]}, {"required": ["metrics"]}],
        }},
        "summary": {"type": "object", "required": ["files", "errors", "warnings", "info"],
                    "additionalProperties": False,
                    "properties": {k: {"type": "integer", "minimum": 0} for k in ("files", "errors", "warnings", "info")}},
    },
}


def test_json_matches_contract_and_spans_match_excerpts(capsys):
    paths = sorted(str(p) for p in SAMPLES.iterdir() if p.is_file())
    main(["check", "--format", "json", *paths])
    report = json.loads(capsys.readouterr().out)
    jsonschema.validate(report, REPORT)
    assert report["summary"]["files"] == len(paths)
    counted = {"error": 0, "warning": 0, "info": 0}
    for entry in report["files"]:
        lines = Path(entry["path"]).read_text(encoding="utf-8").splitlines()
        for f in entry["findings"]:
            counted[f["severity"]] += 1
            if f["line"] == f["end_line"]:
                assert lines[f["line"] - 1][f["column"] - 1:f["end_column"] - 1] == f["excerpt"], f
    assert (counted["error"], counted["warning"], counted["info"]) == (
        report["summary"]["errors"], report["summary"]["warnings"], report["summary"]["info"])


def test_text_format_shows_location_source_line_and_caret(tmp_path, capsys):
    (tmp_path / "team.yml").write_text(
        "rules:\n  - {code: TOK901, name: banned-word, category: tokens, severity: error,"
        " summary: banned, message: \"Banned word '{match}'\", phrases: [synergy]}\n")
    (tmp_path / ".contentqa.toml").write_text('packs = ["team.yml"]\nselect = ["TOK901"]\n')
    article = tmp_path / "a.txt"
    article.write_text("Teams need synergy.\n")
    code = main(["check", str(article)])
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{article}:1:12: TOK901 [error] Banned word 'synergy'"
    assert out[2] == "1 | Teams need synergy."
    assert out[3] == "  |            ^^^^^^^"
    assert out[-1] == "Found 1 problem (1 error, 0 warnings, 0 info) in 1 file."
    assert "\033[" not in "\n".join(out)  # no colour when not a terminal
    assert code == 1


def test_python_dash_m_and_console_script_agree():
    seed = str(SAMPLES / "seed-article.txt")
    by_module = subprocess.run([sys.executable, "-m", "contentqa", "check", "--format", "json", seed],
                               capture_output=True, text=True)
    script = Path(sys.executable).parent / "contentqa"
    by_script = subprocess.run([str(script), "check", "--format", "json", seed], capture_output=True, text=True)
    assert by_module.returncode == by_script.returncode == 1
    assert json.loads(by_module.stdout) == json.loads(by_script.stdout)


def test_rule_packs_ship_with_the_installed_package(tmp_path):
    # Run from an empty folder so the import resolves to the installed copy, not the checkout.
    probe = ("import json, contentqa.registry as r; from importlib.metadata import distribution;"
             "d = distribution('contentqa'); u = d.read_text('direct_url.json');"
             "print(json.dumps([str(r.rules_dir()), str(r.__file__), u and json.loads(u).get('dir_info', {})"
             ".get('editable', False), sorted(p.name for p in r.rules_dir().rglob('*.yml'))]))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": ""}, check=True).stdout
    rules_dir, module, editable, packs = json.loads(out)
    assert "claims.yml" in packs and "disclaimers.yml" in packs
    if not editable:
        assert Path(rules_dir).parent == Path(module).parent  # inside the installed package


def test_explain_says_which_pack_entries_matched(capsys):
    seed = str(SAMPLES / "seed-article.txt")
    main(["check", "--format", "json", "--select", "MED", seed])
    plain = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert plain and all("explain" not in f for f in plain)
    main(["check", "--format", "json", "--select", "MED", "--explain", seed])
    explained = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert len(explained) == len(plain)
    assert all(re.search(r"claims\.yml:\d+", f["explain"]) for f in explained)
    main(["check", "--select", "MED", "--explain", seed])
    assert "= why: claims.yml:" in capsys.readouterr().out
