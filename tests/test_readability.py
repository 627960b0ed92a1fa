"""Readability metrics and rules: metric keys, offline scoring, profiles, the seed and samples."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from contentqa import Config, check_text
from contentqa.checks.readability import AUDIENCES_SCHEMA, load_audiences
from contentqa.cli import main
from contentqa.metrics import extra_scores
from contentqa.packs import PackError, load_pack
from contentqa.parsers import parse
from contentqa.registry import rules_dir

from .conftest import SAMPLES, lint

REQUIRED = {"words", "sentences", "flesch_reading_ease", "flesch_kincaid_grade"}
EXTRA = {"paragraphs", "reading_time_minutes"}
ARTICLE = ("Botox is a medicine made from a toxin. Doctors inject small doses into muscles. "
           "The muscles relax and lines on the face soften. Results last three to four months.\n")


def metrics(text: str, fmt: str) -> dict[str, object]:
    result = check_text(text, fmt=fmt, path={"text": "a.txt", "markdown": "a.md", "html": "a.html"}[fmt],
                        config=Config(select=["RDB"]))
    assert result.error is None
    return result.metrics


@pytest.mark.parametrize("fmt, text", [
    ("text", ARTICLE),
    ("markdown", "---\ntitle: Botox\n---\n\n# Botox\n\n" + ARTICLE),
    ("html", f"<html><head><title>Botox</title></head><body><p>{ARTICLE}</p></body></html>"),
])
def test_metrics_keys(fmt: str, text: str) -> None:
    m = metrics(text, fmt)
    assert REQUIRED | EXTRA <= set(m)
    assert m["sentences"] >= 4 and m["words"] >= 29
    assert isinstance(m["flesch_kincaid_grade"], float) and isinstance(m["flesch_reading_ease"], float)


def test_metrics_of_an_empty_document_keep_the_required_keys() -> None:
    m = metrics("", "text")
    assert REQUIRED <= set(m) and m["words"] == 0 and m["flesch_kincaid_grade"] is None


def test_metrics_count_prose_only() -> None:
    prose = metrics(ARTICLE, "text")
    noisy = metrics("---\ndescription: many words that are not prose at all here\n---\n\n" + ARTICLE
                    + "\n```\ncode code code code code\n```\n\n![](very-long-image-file-name.jpg)\n", "markdown")
    assert noisy["words"] == prose["words"]
    with_url = metrics(ARTICLE.rstrip() + " See https://example.com/a/b/c.\n", "text")
    assert with_url["words"] == prose["words"] + 1  # "See"


def test_headings_end_their_sentence() -> None:
    # A heading without a full stop must not run into the next paragraph as one sentence.
    m = metrics("# What Botox treats in adults\n\n" + ARTICLE, "markdown")
    assert m["sentences"] == metrics(ARTICLE, "text")["sentences"] + 1


def test_metrics_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network is unavailable in this test")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    m = metrics((SAMPLES / "seed-article.txt").read_text(encoding="utf-8"), "text")
    assert m["flesch_kincaid_grade"]
    seed = (SAMPLES / "seed-article.txt").read_text(encoding="utf-8")
    scores = extra_scores(parse("seed-article.txt", seed, "text"))
    assert set(scores) == {"gunning_fog", "smog_index", "coleman_liau_index", "automated_readability_index",
                           "dale_chall"}
    assert all(isinstance(v, float) for v in scores.values())


def test_metrics_in_a_fresh_process_without_network() -> None:
    """A new interpreter in a namespace with no network: first use of textstat must not download."""
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-rn", "true"], capture_output=True).returncode != 0:
        pytest.skip("unshare -rn is not available here")
    code = ("import json, pathlib, sys; from contentqa.engine import check_text; "
            "from contentqa.checks.readability import ReadingLevel; "
            "r = check_text(pathlib.Path(sys.argv[1]).read_text(), 'text', 'seed.txt', rules=[ReadingLevel()]); "
            "print(json.dumps(r.metrics))")
    done = subprocess.run([unshare, "-rn", sys.executable, "-c", code, str(SAMPLES / "seed-article.txt")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    m = json.loads(done.stdout)
    assert 16 <= m["flesch_kincaid_grade"] <= 20 and m["audience"] == "health-consumer"


def test_seed_article_misses_the_health_target() -> None:
    result = check_text((SAMPLES / "seed-article.txt").read_text(encoding="utf-8"), path="samples/seed-article.txt",
                        config=Config())
    m = result.metrics
    assert REQUIRED <= set(m)
    assert m["words"] > 400 and m["sentences"] >= 15
    assert 16 <= m["flesch_kincaid_grade"] <= 20
    assert m["flesch_reading_ease"] < 30
    assert m["audience"] == "health-consumer"
    reading = [f for f in result.findings if f.rule == "RDB001"]
    assert len(reading) == 1
    assert (reading[0].line, reading[0].column) == (1, 1)
    assert "Flesch-Kincaid grade 17.9 is above the health-consumer target of 8 (by 9.9)" in reading[0].message


SAMPLE_FINDINGS = {
    "botox-guide.md": [("RDB002", 24, 1, "Sentence of 33 words"), ("RDB003", 28, 1, "Paragraph of 178 words")],
    "botox-guide.html": [("RDB001", 1, 1, "health-consumer target of 8"), ("RDB002", 21, 6, "Sentence of 31 words")],
}


@pytest.mark.parametrize("name", sorted(SAMPLE_FINDINGS))
def test_samples(name: str) -> None:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    fmt = "markdown" if name.endswith(".md") else "html"
    got = lint(text, fmt, ["RDB"], path=f"samples/{name}")
    assert [(f.rule, f.line, f.column) for f in got] == [e[:3] for e in SAMPLE_FINDINGS[name]]
    for finding, expected in zip(got, SAMPLE_FINDINGS[name], strict=True):
        assert expected[3] in finding.message


def test_audiences_pack_is_valid() -> None:
    default, profiles = load_audiences()
    assert default == "general"
    assert {"general", "health-consumer", "marketing", "education-k12", "education-adult"} <= set(profiles)
    assert profiles["health-consumer"].max_grade == 8


def test_broken_audiences_pack_names_the_line(tmp_path: Path) -> None:
    broken = tmp_path / "audiences.yml"
    broken.write_text("default: general\nprofiles:\n  general:\n    max_grade: twelve\n"
                      "    max_sentence_words: 30\n    max_paragraph_words: 200\n", encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack(broken, AUDIENCES_SCHEMA)
    assert info.value.line == 4 and "max_grade" in info.value.problem
    assert (rules_dir() / "readability" / "audiences.yml").is_file()


def test_unknown_configured_audience_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--audience", "martians", "--select", "RDB", str(SAMPLES / "seed-article.txt")])
    assert code == 2
    assert "unknown audience 'martians'" in capsys.readouterr().err


def test_unknown_front_matter_audience_falls_back() -> None:
    text = "---\naudience: developers\n---\n\n" + ARTICLE
    result = check_text(text, fmt="markdown", path="a.md", config=Config(select=["RDB"]))
    assert result.metrics["audience"] == "health-consumer"


@pytest.mark.parametrize("code", ["RDB001", "RDB002", "RDB003"])
def test_docs_have_the_four_parts(code: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule", code]) == 0
    out = capsys.readouterr().out
    for part in ("What it does", "Why it matters", "Example", "Use instead"):
        assert part in out


def test_corpus_false_alarms_are_rare(corpus: Path) -> None:
    """Paragraph findings are rare in edited articles; no readability rule fires on short docs."""
    files = sorted((corpus / "18f-blog").rglob("*.md"))[:40] + sorted((corpus / "httpd-manual").rglob("*.html"))[:40]
    paragraphs = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        result = check_text(text, path=str(path), config=Config(select=["RDB"]))
        paragraphs += sum(f.rule == "RDB003" for f in result.findings)
        if (result.metrics.get("words") or 0) < 100:
            assert not [f for f in result.findings if f.rule == "RDB001"]
    assert paragraphs <= 3
