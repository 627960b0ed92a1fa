"""SEO rules on the samples, keyphrase matching, plain text, and the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from contentqa import Config, check_text
from contentqa.checks.seo import contains_keyphrase
from contentqa.cli import main

from .conftest import SAMPLES, lint

SAMPLE_FINDINGS = {
    "botox-guide.md": [
        ("SEO002", 2, 9, "warning", "Title is 74 characters"),
        ("SEO007", 2, 9, "warning", "keyphrase 'botox side effects'"),
        ("SEO006", 9, 3, "warning", "front-matter title"),
        ("SEO008", 11, 1, "info", "First paragraph"),
    ],
    "botox-guide.html": [
        ("SEO003", 1, 1, "warning", "meta name=\"description\""),
        ("SEO007", 5, 10, "warning", "keyphrase 'botox side effects'"),
        ("SEO008", 12, 6, "info", "First paragraph"),
        ("SEO006", 20, 7, "warning", "Second <h1>"),
    ],
}


@pytest.mark.parametrize("name", sorted(SAMPLE_FINDINGS))
def test_samples(name: str) -> None:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    fmt = "markdown" if name.endswith(".md") else "html"
    got = lint(text, fmt, ["SEO"], path=f"samples/{name}")
    assert [(f.rule, f.line, f.column, f.severity) for f in got] == [e[:4] for e in SAMPLE_FINDINGS[name]]
    for finding, expected in zip(got, SAMPLE_FINDINGS[name], strict=True):
        assert expected[4] in finding.message


def test_seed_article_has_no_seo_findings() -> None:
    text = (SAMPLES / "seed-article.txt").read_text(encoding="utf-8")
    assert lint(text, "text", ["SEO"], path="samples/seed-article.txt") == []


@pytest.mark.parametrize("text, keyphrase, found", [
    ("Botox side effects: what is normal", "botox side effects", True),
    ("The side effect of Botox", "Botox side effects", True),
    ("Botox: uses and results", "botox side effects", False),
    ("Glasses for reading", "reading glass", True),
    ("Anything", "the of", False),  # only function words: never matches
])
def test_contains_keyphrase(text: str, keyphrase: str, found: bool) -> None:
    assert contains_keyphrase(text, keyphrase) is found


@pytest.mark.parametrize("code", [f"SEO00{i}" for i in range(1, 9)])
def test_docs_have_the_four_parts(code: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule", code]) == 0
    out = capsys.readouterr().out
    for part in ("What it does", "Why it matters", "Example", "Use instead"):
        assert part in out


def test_corpus_titles_and_h1(corpus: Path) -> None:
    """Real published pages all have a title and one H1: no SEO001/SEO005 there."""
    files = sorted((corpus / "18f-blog").rglob("*.md"))[:40] + sorted((corpus / "httpd-manual").rglob("*.html"))[:40]
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        result = check_text(text, path=str(path), config=Config(select=["SEO001", "SEO005"]))
        assert result.findings == [], path


def test_corpus_plain_text_has_no_seo_findings(corpus: Path) -> None:
    for path in sorted((corpus / "medquad").rglob("*.txt"))[:20]:
        result = check_text(path.read_text(encoding="utf-8"), path=str(path), config=Config(select=["SEO"]))
        assert result.findings == []
