"""The CI formats (sarif, github, markdown, rdjson), the text summary table and progress, --fix/--diff."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

from contentqa.cli import main
from contentqa.engine import FileResult, check_paths
from contentqa.report import github, markdown, sarif
from contentqa.report.text import Progress

from .conftest import SAMPLES

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
PACK = ("rules:\n"
        "  - {code: TOK901, name: banned-word, category: tokens, severity: error, summary: banned,"
        " message: \"Banned word '{match}'\", phrases: [synergy], replacement: teamwork}\n"
        "  - {code: TOK902, name: soft-word, category: seo, severity: warning, summary: soft,"
        " message: \"Soft word '{match}'\", phrases: [leverage]}\n"
        "  - {code: TOK903, name: note-word, category: tokens, severity: info, summary: note,"
        " message: \"Note word '{match}'\", phrases: [utilize]}\n")


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A folder with a team pack of three word rules, as the working directory."""
    (tmp_path / "team.yml").write_text(PACK)
    (tmp_path / ".contentqa.toml").write_text('packs = ["team.yml"]\nselect = ["TOK9"]\n')
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_STEP_SUMMARY", "GITHUB_WORKSPACE", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY",
                 "GITHUB_SHA", "GITHUB_EVENT_PATH"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# SARIF

def test_sarif_validates_against_the_official_schema_and_points_at_the_excerpts(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(SAMPLES.parent)
    bad = tmp_path / "binary.md"
    bad.write_bytes(b"\x00\x01\x02")
    code, out, _ = run(capsys, "check", "--format", "sarif", "samples/", str(bad))
    log = json.loads(out)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema).validate(log)
    assert code == 2  # a file could not be checked
    run_ = log["runs"][0]
    assert log["version"] == "2.1.0" and run_["columnKind"] == "unicodeCodePoints"
    rules = run_["tool"]["driver"]["rules"]
    assert len({r["id"] for r in rules}) == len(rules)
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    tok001 = next(r for r in rules if r["id"] == "TOK001")
    assert "What it does" in tok001["help"]["markdown"] and "dermalfillers2000" in tok001["help"]["text"]
    assert run_["results"]
    prints = set()
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        uri, r = location["artifactLocation"]["uri"], location["region"]
        assert uri.startswith("samples/")
        if r["startLine"] == r["endLine"]:
            line = (SAMPLES.parent / uri).read_text(encoding="utf-8").splitlines()[r["startLine"] - 1]
            assert line[r["startColumn"] - 1:r["endColumn"] - 1] == location["region"]["snippet"]["text"]
        prints.add((uri, result["partialFingerprints"]["contentqa/v1"]))
    assert len(prints) == len(run_["results"])  # unique per file
    notes = run_["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == 1 and "binary" in notes[0]["message"]["text"]
    assert run_["invocations"][0]["executionSuccessful"] is False


def _prints(path: Path) -> list[tuple[str, str, str]]:
    from contentqa.cli import _config, _parser

    config = _config(_parser().parse_args(["check", str(path)]))
    out = io.StringIO()
    sarif.write(check_paths([str(path)], config), out)
    results = json.loads(out.getvalue())["runs"][0]["results"]
    return [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"],
             r["partialFingerprints"]["contentqa/v1"]) for r in results]


LONG = ("We value synergy in every team. Our editors review each article twice before it goes out, "
        "and the second review happens on a printed copy.\n\nPlease leverage the tools.\n\n"
        "Also utilize the plan.\n")


def test_fingerprints_survive_edits_elsewhere_in_the_file(project):
    article = project / "a.md"
    article.write_text(LONG)
    before = _prints(article)
    assert [p[0] for p in before] == ["TOK901", "TOK902", "TOK903"]
    # A paragraph above, a re-wrapped paragraph, an edit far along the same line: every line number moves.
    article.write_text("# New heading\n\nA new first paragraph.\n\n" + LONG.replace("on a printed copy", "on paper")
                       .replace("Please leverage the tools.", "Please leverage\nthe tools."))
    assert _prints(article) == before
    # An edit right next to a finding gives that finding (only) a new identity.
    article.write_text(LONG.replace("We value synergy", "We prize synergy"))
    after = _prints(article)
    assert after[0][2] != before[0][2] and after[1:] == before[1:]


def test_identical_findings_get_distinct_fingerprints(project):
    from contentqa.fingerprint import stamped

    article = project / "a.txt"
    article.write_text("We all need more synergy in our teams.\n\nWe all need more synergy in our teams.\n")
    from contentqa.config import load_config

    result = next(check_paths([str(article)], load_config(project / ".contentqa.toml")))
    prints = stamped(result.text or "", result.findings)
    assert len(prints) == 2 and len(set(prints)) == 2
    assert prints[0].endswith(":1") and prints[1].endswith(":2")


# GitHub

def test_workflow_command_escaping():
    line = github.command("error", "100% sure\r\nnext", file="a,b:c.md", line=3, title="TOK001")
    assert line == "::error file=a%2Cb%3Ac.md,line=3,title=TOK001::100%25 sure%0D%0Anext"


def test_github_annotations_stay_within_limits_and_the_summary_has_everything(project, capsys, monkeypatch):
    summary = project / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    (project / "a.md").write_text("\n\n".join(["synergy and leverage"] * 14) + "\n")
    code, out, _ = run(capsys, "check", "--format", "github", "a.md")
    assert code == 1
    lines = out.splitlines()
    errors = [ln for ln in lines if ln.startswith("::error ")]
    warnings = [ln for ln in lines if ln.startswith("::warning ")]
    assert len(errors) == 10 and len(warnings) == 10
    assert errors[0] == "::error file=a.md,line=1,col=1,endLine=1,endColumn=8,title=TOK901::Banned word 'synergy'"
    plain = [ln for ln in lines if ln.startswith("a.md:")]
    assert len(plain) == 8  # the rest, still in the log
    assert "8 not shown as annotations" in lines[-1]
    text = summary.read_text()
    assert "8 findings not shown as annotations" in text
    assert text.count("| `a.md:") == 28
    assert "| tokens | 14 | 0 | 0 |" in text and "| seo | 0 | 14 | 0 |" in text


def test_unreadable_file_is_an_error_annotation(project, capsys):
    (project / "bad.txt").write_bytes(b"\x00\x01binary")
    code, out, _ = run(capsys, "check", "--format", "github", "bad.txt")
    assert code == 2 and out.startswith("::error file=bad.txt,title=contentqa::")


# Markdown and rdjson

def test_markdown_summary_counts_top_findings_links_and_fits_a_comment(project, monkeypatch):
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/site")
    monkeypatch.setenv("GITHUB_SHA", "abc123")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(project))
    (project / "a.md").write_text("\n\n".join(["synergy | leverage <b>"] * 3000) + "\n")
    from contentqa.config import load_config

    results = list(check_paths(["a.md"], load_config(project / ".contentqa.toml")))
    text = markdown.render(results)
    assert len(text) <= markdown.COMMENT_LIMIT
    assert text.startswith("### contentqa: 3000 errors, 3000 warnings, 0 info in 1 file")
    assert "| tokens | 3000 | 0 | 0 |" in text
    assert "1. :x: **TOK901** [`a.md:1`](https://github.com/acme/site/blob/abc123/a.md#L1) Banned word" in text
    assert "<details><summary>All 6000 findings</summary>" in text and text.rstrip().endswith("</details>")
    assert "more (see the full report" in text


def test_rdjson_columns_are_utf8_bytes_and_fixes_are_suggestions(project, capsys):
    (project / "a.txt").write_text("Café ☕ synergy.\n")
    code, out, _ = run(capsys, "check", "--format", "rdjson", "a.txt")
    report = json.loads(out)
    assert report["source"]["name"] == "contentqa"
    (diag,) = report["diagnostics"]
    # 'synergy' is at character column 8; 'é' is two bytes and '☕' three, so byte column 11.
    assert diag["location"] == {"path": "a.txt", "range": {"start": {"line": 1, "column": 11},
                                                            "end": {"line": 1, "column": 18}}}
    assert diag["severity"] == "ERROR" and diag["code"] == {"value": "TOK901"}
    assert diag["suggestions"] == [{"range": diag["location"]["range"], "text": "teamwork"}]


# Text: summary table and progress

def test_text_summary_table_by_category_sits_above_the_final_line(project, capsys):
    (project / "a.txt").write_text("synergy, leverage, utilize, synergy\n")
    code, out, _ = run(capsys, "check", "a.txt")
    lines = out.splitlines()
    assert lines[-1] == "Found 4 problems (2 errors, 1 warning, 1 info) in 1 file."
    assert lines[-2] == "1 info finding not shown (--min-severity info shows them)."
    table = lines[lines.index("category  errors  warnings  info"):-3]
    assert table == ["category  errors  warnings  info", "seo            0         1     0",
                     "tokens         2         0     1"]


def test_progress_counter_rewrites_one_line_and_erases_itself():
    stream = io.StringIO()
    progress = Progress(stream, 2)
    progress.update("a.md")
    progress.update("b.md")
    progress.close()
    assert stream.getvalue() == "\r\033[K[1/2] a.md\r\033[K[2/2] b.md\r\033[K"


# --fix, --unsafe-fixes, --diff

def test_diff_shows_fixes_without_writing(project, capsys):
    article = project / "a.txt"
    original = "Apply the the cream. synergy matters.\n"
    article.write_text(original)
    code, out, err = run(capsys, "check", "--select", "TOK901,TOK008", "--diff", "a.txt")
    assert code == 1 and article.read_text() == original
    assert out == "--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-Apply the the cream. synergy matters.\n" \
                  "+Apply the the cream. teamwork matters.\n"
    assert "1 fix would change 1 file" in err
    code, out, _ = run(capsys, "check", "--select", "TOK901,TOK008", "--diff", "--unsafe-fixes", "a.txt")
    assert code == 1 and "+Apply the cream. teamwork matters.\n" in out
    code, out, _ = run(capsys, "check", "--select", "TOK902", "--diff", "a.txt")
    assert (code, out) == (0, "")


def test_fix_applies_unsafe_fixes_only_when_asked(project, capsys):
    article = project / "a.txt"
    article.write_text("Apply the the cream. synergy matters.\n")
    run(capsys, "check", "--select", "TOK901,TOK008", "--fix", "a.txt")
    assert article.read_text() == "Apply the the cream. teamwork matters.\n"
    code, out, _ = run(capsys, "check", "--select", "TOK901,TOK008", "--fix", "--unsafe-fixes", "a.txt")
    assert article.read_text() == "Apply the cream. teamwork matters.\n"
    assert code == 0 and out.splitlines()[-1].startswith("Found 1 problem (1 fixed, 0 remaining: 0 errors")


def test_every_format_is_registered_and_handles_an_empty_run():
    from contentqa.report import FORMATTERS

    empty: list[FileResult] = []
    for name in ("text", "json", "sarif", "github", "markdown", "rdjson"):
        out = io.StringIO()
        FORMATTERS[name](empty, out, False)
        assert out.getvalue()
