"""Selection, severity overrides, per-path ignores, suppression comments, fail-on and exit codes.

A project pack defines a rule of its own here, so these tests do not depend on any built-in
rule's behaviour.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contentqa.cli import main

PACK = """\
rules:
  - code: TOK901
    name: banned-word
    category: tokens
    severity: warning
    summary: The word 'synergy' is banned here
    message: "Banned word '{match}'"
    phrases: [synergy]
    ignore-case: true
    replacement: cooperation
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "team.yml").write_text(PACK)
    (tmp_path / ".contentqa.toml").write_text('packs = ["team.yml"]\nselect = ["TOK901"]\n')
    return tmp_path


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict]]:
    code = main(["check", "--format", "json", *args])
    report = json.loads(capsys.readouterr().out)
    return code, [f for entry in report["files"] for f in entry["findings"]]


def test_pack_rule_finds_and_places(project, capsys):
    article = project / "a.md"
    article.write_text("# Title\n\nWe love Synergy and `synergy` in code.\n")
    code, findings = check(capsys, str(article))
    assert [(f["rule"], f["line"], f["column"], f["end_column"], f["excerpt"]) for f in findings] == [
        ("TOK901", 3, 9, 16, "Synergy")]
    assert findings[0]["severity"] == "warning"
    assert findings[0]["fix"] == {"replacement": "cooperation", "safe": True}
    assert code == 0  # default fail-on is error


def test_fail_on_and_severity_override(project, capsys):
    article = project / "a.txt"
    article.write_text("Synergy matters.\n")
    assert check(capsys, "--fail-on", "warning", str(article))[0] == 1
    assert check(capsys, "--fail-on", "never", str(article))[0] == 0
    (project / ".contentqa.toml").write_text('packs = ["team.yml"]\nselect = ["TOK901"]\n[severity]\nTOK901 = "error"\n')
    code, findings = check(capsys, str(article))
    assert code == 1 and findings[0]["severity"] == "error"


@pytest.mark.parametrize("selector", ["TOK901", "TOK9", "TOK", "tokens"])
def test_ignore_by_code_prefix_or_category(project, capsys, selector):
    article = project / "a.txt"
    article.write_text("Synergy matters.\n")
    assert check(capsys, "--ignore", selector, str(article))[1] == []


def test_per_path_ignores(project, capsys):
    (project / ".contentqa.toml").write_text(
        'packs = ["team.yml"]\nselect = ["TOK901"]\n[per-path-ignores]\n"legacy/*" = ["TOK9"]\n')
    (project / "legacy").mkdir()
    (project / "legacy" / "old.txt").write_text("Synergy.\n")
    (project / "new.txt").write_text("Synergy.\n")
    code, findings = check(capsys, str(project))
    assert len(findings) == 1


def test_inline_suppression_comments(project, capsys):
    article = project / "a.md"
    article.write_text(
        "Synergy one.\n\n"
        "<!-- contentqa-disable-next-line TOK901 -->\nSynergy two.\n\n"
        "<!-- contentqa-disable tokens -->\n\nSynergy three.\n\n<!-- contentqa-enable tokens -->\n\n"
        "Synergy four.\n\n<!-- contentqa-disable-next-line IMG001 -->\nSynergy five.\n")
    _, findings = check(capsys, str(article))
    assert [f["line"] for f in findings] == [1, 12, 15]


def test_fix_applies_atomically_and_rechecks_clean(project, capsys):
    article = project / "a.txt"
    article.write_text("Synergy, synergy everywhere.\n")
    article.chmod(0o640)
    before = article.read_text()
    check(capsys, str(article))  # no --fix: never writes
    assert article.read_text() == before
    code, findings = check(capsys, "--fix", str(article))
    assert article.read_text() == "cooperation, cooperation everywhere.\n"
    assert findings == []
    assert article.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in project.iterdir() if p.name.endswith(".tmp")] == []


def test_rules_and_rule_docs(project, capsys):
    assert main(["rules"]) == 0
    listing = capsys.readouterr().out
    codes = [line.split()[0] for line in listing.splitlines()]
    assert codes == sorted(codes) and len(codes) == len(set(codes))
    for line in listing.splitlines():
        code = line.split()[0]
        assert main(["rule", code]) == 0
        doc = capsys.readouterr().out
        assert doc.startswith(code) and "Category:" in doc
    assert main(["rule", "XYZ999"]) == 2


def test_every_builtin_rule_has_identity_and_docs():
    from contentqa.registry import all_rules
    from contentqa.rule import CATEGORIES, PREFIXES, SEVERITIES

    for rule in all_rules():
        assert rule.code[:3] in PREFIXES and rule.code[3:].isdigit() and len(rule.code) == 6, rule.code
        assert PREFIXES[rule.code[:3]] == rule.category in CATEGORIES
        assert rule.name and rule.name == rule.name.lower() and " " not in rule.name
        assert rule.severity in SEVERITIES
        assert rule.summary and len(rule.docs) > len(rule.summary)


def test_config_found_in_pyproject_upwards(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "site"\n\n[tool.contentqa]\nignore = ["tokens"]\n')
    (tmp_path / "posts").mkdir()
    article = tmp_path / "posts" / "a.txt"
    article.write_text("Synergy.\n")
    from contentqa.config import find_config, load_config

    found = find_config(article)
    assert found == tmp_path / "pyproject.toml"
    assert load_config(found).ignore == ["tokens"]


def test_unknown_config_key_is_an_error(tmp_path, capsys):
    (tmp_path / ".contentqa.toml").write_text('selekt = ["TOK"]\n')
    (tmp_path / "a.txt").write_text("Words.\n")
    assert main(["check", str(tmp_path / "a.txt")]) == 2
    assert "unknown key 'selekt'" in capsys.readouterr().err


def test_missing_spacy_model_is_a_configuration_error(tmp_path, capsys):
    from contentqa.nlp import ModelError, pipeline

    with pytest.raises(ModelError, match="not installed"):
        pipeline("no_such_pipeline_xx")
    blank = pipeline(None)
    assert [s.text for s in blank("One sentence. Another one.").sents] == ["One sentence.", "Another one."]
    assert [t.lemma_ for t in blank("treating migraines")] == ["treat", "migraine"]


def test_stdin_with_filename(project, capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"# T\n\nSynergy here.\n")))
    monkeypatch.chdir(project)
    code = main(["check", "--format", "json", "--stdin-filename", "post.md", "-"])
    report = json.loads(capsys.readouterr().out)
    entry = report["files"][0]
    assert (entry["path"], entry["format"]) == ("post.md", "markdown")
    assert [(f["rule"], f["line"]) for f in entry["findings"]] == [("TOK901", 3)]
    assert code == 0


def test_project_pack_patterns_cannot_backtrack_catastrophically(tmp_path, capsys):
    import time

    (tmp_path / "team.yml").write_text(
        "rules:\n  - {code: TOK902, name: nested, category: tokens, severity: warning, summary: s,"
        " message: m, patterns: ['(a+)+$']}\n")
    (tmp_path / ".contentqa.toml").write_text('packs = ["team.yml"]\nselect = ["TOK902"]\n')
    article = tmp_path / "a.txt"
    article.write_text("a" * 5000 + "b\n")
    start = time.perf_counter()
    assert main(["check", str(article)]) == 0
    assert time.perf_counter() - start < 30  # Python's engine would take longer than the universe's age


def test_project_pack_look_around_is_rejected(tmp_path, capsys):
    (tmp_path / "team.yml").write_text(
        "rules:\n  - {code: TOK903, name: look, category: tokens, severity: warning, summary: s,"
        " message: m, patterns: ['(?<!x)y']}\n")
    (tmp_path / ".contentqa.toml").write_text('packs = ["team.yml"]\n')
    (tmp_path / "a.txt").write_text("y\n")
    assert main(["check", str(tmp_path / "a.txt")]) == 2
    err = capsys.readouterr().err
    assert "team.yml:2: rule TOK903: pattern '(?<!x)y' cannot run in linear time" in err


def test_pack_rules_honour_the_project_vocabulary(project, capsys):
    (project / ".contentqa.toml").write_text('packs = ["team.yml"]\nselect = ["TOK901"]\nvocabulary = ["SYNERGY"]\n')
    article = project / "a.txt"
    article.write_text("Synergy is our product's name.\n")
    assert check(capsys, str(article))[1] == []
