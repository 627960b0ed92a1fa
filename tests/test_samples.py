"""The seed article end to end, through the CLI and the JSON contract."""

from __future__ import annotations

import json
import re

import pytest

from contentqa.cli import main

from .conftest import SAMPLES

SEED = SAMPLES / "seed-article.txt"
NBSP_LINES = [7, 11, 15, 19, 23, 27, 31]


@pytest.fixture(scope="module")
def seed_report() -> dict:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["check", "--format", "json", str(SEED)])
    report = json.loads(out.getvalue())
    report["exit_code"] = code
    return report


def findings(report: dict, prefix: str) -> list[dict]:
    return [f for f in report["files"][0]["findings"] if f["rule"].startswith(prefix)]


def test_seed_is_the_shared_one():
    shared = SAMPLES.parent.parent / "shared" / "samples" / "seed-article.txt"
    if shared.is_file():
        assert SEED.read_bytes() == shared.read_bytes()


def test_stray_keyword_mashup(seed_report):
    tok = findings(seed_report, "TOK")
    assert [(f["rule"], f["line"], f["column"], f["end_column"], f["severity"], f["excerpt"]) for f in tok] == [
        ("TOK001", 1, 193, 210, "error", "dermalfillers2000")]


def test_bare_image_filename(seed_report):
    img = findings(seed_report, "IMG")
    assert [(f["rule"], f["line"], f["column"], f["severity"]) for f in img] == [("IMG001", 3, 1, "error")]
    assert img[0]["excerpt"].endswith("_image.jpg")


def test_nbsp_only_paragraphs_with_safe_fixes(seed_report):
    nbsp = [f for f in findings(seed_report, "ART") if f["rule"] == "ART001"]
    assert [(f["line"], f["column"]) for f in nbsp] == [(line, 1) for line in NBSP_LINES]
    assert all(f["fix"] == {"replacement": "", "safe": True} for f in nbsp)


def test_medical_claims_name_missing_disclaimers(seed_report):
    med = findings(seed_report, "MED")
    assert {13, 17, 21, 25} <= {f["line"] for f in med}
    for f in med:
        assert re.search(r"requires?:? .+", f["message"]), f["message"]
        # Line 29 tells readers to consult a qualified healthcare provider: that requirement is met.
        assert not re.search(r"consult|healthcare provider|talk to your doctor", f["message"], re.I), f["message"]


def test_reading_level_misses_health_target(seed_report):
    rdb = [f for f in findings(seed_report, "RDB") if f["rule"] == "RDB001"]
    assert len(rdb) == 1 and (rdb[0]["line"], rdb[0]["column"]) == (1, 1)
    assert "health" in rdb[0]["message"] and "target" in rdb[0]["message"]
    metrics = seed_report["files"][0]["metrics"]
    assert 450 <= metrics["words"] <= 520 and 15 <= metrics["sentences"] <= 30
    assert 16 <= metrics["flesch_kincaid_grade"] <= 20
    assert metrics["flesch_reading_ease"] < 30


def test_exit_code_and_summary(seed_report):
    assert seed_report["exit_code"] == 1
    summary = seed_report["summary"]
    assert summary["files"] == 1 and summary["errors"] >= 2


def test_fix_removes_debris_and_rechecks_clean(tmp_path, capsys):
    article = tmp_path / "seed-article.txt"
    article.write_bytes(SEED.read_bytes())
    main(["check", "--fix", "--format", "json", "--select", "ART001", str(article)])
    report = json.loads(capsys.readouterr().out)
    assert report["files"][0]["findings"] == []
    text = article.read_text(encoding="utf-8")
    assert "\u00a0\n" not in text and text.count("\n") == SEED.read_text(encoding="utf-8").count("\n")
    assert "dermalfillers2000" in text  # only the safe fixes of the selected rules were applied
