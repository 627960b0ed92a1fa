"""The pre-publish HTML report: highlights at exact spans, escaping, self-containment, and a real browser."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from contentqa.cli import main
from contentqa.document import SourceMap
from contentqa.engine import FileResult
from contentqa.report.html import _Mark, highlight, render
from contentqa.rule import Finding

from .conftest import SAMPLES

PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
# Payloads that would leave a trace in the DOM if they ever ran.
TRACES = ("<script>document.documentElement.setAttribute('data-pwned','script')</script>",
          "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">",
          "<svg onload=\"document.documentElement.setAttribute('data-pwned','svg')\"></svg>")


def _finding(text: str, start: int, end: int, rule: str = "TOK001", category: str = "tokens",
             severity: str = "error", message: str | None = None, name: str = "stray-token",
             **extra: object) -> Finding:
    source_map = SourceMap(text)
    f = Finding(rule, name, category, severity, message or f"About '{text[start:end]}'", start, end)
    f.line, f.column = source_map.position(start)
    f.end_line, f.end_column = source_map.position(end)
    f.excerpt = text[start:end]
    f.extra.update(extra)
    return f


def _result(text: str, findings: list[Finding], fmt: str = "text", path: str = "a.txt",
            metrics: dict[str, object] | None = None) -> FileResult:
    return FileResult(path, fmt, findings, metrics or {"words": 10, "sentences": 1, "flesch_reading_ease": 70.0,
                                                       "flesch_kincaid_grade": 6.0}, text=text)


def _pieces_text(soup: BeautifulSoup, fid: str) -> str:
    return "".join(m.get_text() for m in soup.select(f'mark[data-f="{fid}"]'))


# --- highlighting ---------------------------------------------------------------------------

def test_highlight_nests_contained_spans_and_splits_crossing_ones():
    text = "The quick brown fox jumps over the lazy dog."
    marks = [_Mark("x", 4, 19, "medical", "warning"), _Mark("y", 10, 25, "tokens", "error"),
             _Mark("z", 4, 9, "seo", "info")]
    soup = BeautifulSoup(highlight(text, marks, [], {}), "html.parser")
    assert soup.get_text() == text
    for m in marks:
        assert _pieces_text(soup, m.fid) == text[m.start:m.end]
    # Only the first piece of a split span is a focus stop with an id.
    assert [p.get("id") for p in soup.select('mark[data-f="y"]')] == ["m-y", None]
    assert soup.select_one('mark[data-f="x"] > mark[data-f="z"]') is not None


def test_highlight_keeps_every_span_exact_for_random_overlaps():
    rng = random.Random(7)
    text = "Botox, short for\u00a0Botulinum toxin, is a neurotoxic protein.\n\nResults last \u200bthree months."
    for _ in range(200):
        marks = []
        for n in range(rng.randint(1, 6)):
            s = rng.randrange(len(text))
            marks.append(_Mark(f"f{n}", s, rng.randint(s + 1, len(text)), rng.choice(["tokens", "medical"]), "info"))
        styles = [(0, 16, "mu")]
        soup = BeautifulSoup(highlight(text, marks, styles, {}), "html.parser")
        for span in soup.select(".ch"):  # visible signs stand for invisible characters
            span.replace_with(chr(int(span["title"][2:], 16)))
        soup = BeautifulSoup(str(soup), "html.parser")
        assert soup.get_text() == text
        for m in marks:
            assert _pieces_text(soup, m.fid) == text[m.start:m.end], (m, marks)


def test_report_highlights_the_seed_article_at_each_finding():
    from contentqa import Config, check_paths

    config = Config()
    config.select = ["TOK", "ART", "IMG"]
    result = next(iter(check_paths([str(SAMPLES / "seed-article.txt")], config)))
    page = render([result], config=config)
    soup = BeautifulSoup(page, "html.parser")
    assert result.findings
    for n, f in enumerate(result.findings, 1):
        assert _pieces_text(soup, f"a1-f{n}").replace("␣", "\u00a0") == result.text[f.start:f.end]
    token = next(n for n, f in enumerate(result.findings, 1) if f.rule == "TOK001")
    assert soup.select_one(f"#m-a1-f{token}").get_text() == "dermalfillers2000"
    assert "cat-tokens" in soup.select_one(f"#m-a1-f{token}")["class"]


# --- escaping and self-containment ----------------------------------------------------------

def _hostile_results() -> list[FileResult]:
    body = " ".join(PAYLOADS + TRACES)
    md = f"---\ntitle: \"{PAYLOADS[0]}\"\n---\n\n# Heading {PAYLOADS[1]}\n\nText {body} ends here.\n"
    txt = f"Plain {body} text.\n"
    results = []
    for text, fmt, path in ((md, "markdown", "x.md"), (txt, "text", "x.txt"), (f"<p>{body}</p>", "html", "x.html")):
        at = text.index(PAYLOADS[0])
        findings = [_finding(text, at, at + len(PAYLOADS[0]), message=f"Stray markup {PAYLOADS[0]} {PAYLOADS[1]}"),
                    _finding(text, 0, 0, rule="SEO003", category="seo", severity="warning",
                             message=f"Doc-level {TRACES[1]}", name="x"),
                    _finding(text, at, at + 20, rule="MED001", category="medical", severity="warning",
                             name="treatment-claim-without-disclaimer",
                             message=f"Treatment claim '{PAYLOADS[1]}' requires: not medical advice (informational only)",
                             explain=TRACES[0])]
        results.append(_result(text, findings, fmt, path))
    return results


def test_article_content_is_escaped_everywhere():
    page = render(_hostile_results())
    for raw in PAYLOADS + TRACES:
        assert raw not in page, raw
    soup = BeautifulSoup(page, "html.parser")
    assert not [tag for tag in soup.find_all(True) if any(a.lower().startswith("on") for a in tag.attrs)]
    # The only scripts are the page's own: its code and its JSON data.
    assert len(soup.find_all("script")) == 2
    assert not soup.find_all(["img", "iframe", "object", "embed"])
    data = json.loads(soup.select_one("#findings-data").string)
    assert any(PAYLOADS[0] in item["message"] for item in data.values())


def test_report_is_self_contained():
    page = render([_result("Hello dermalfillers2000 world. See https://example.com/x.png here.",
                           [_finding("Hello dermalfillers2000 world.", 6, 23)])])
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.find_all("link")
    assert all(not s.get("src") for s in soup.find_all("script"))
    assert all(a["href"].startswith("#") for a in soup.find_all("a", href=True))
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1]


# --- scorecard, checklist, index ------------------------------------------------------------

def test_scorecard_shows_readability_target_counts_and_gate():
    text = "A sentence that is long. Another one here.\n"
    findings = [_finding(text, 2, 10, severity="warning"), _finding(text, 11, 15, severity="info")]
    metrics = {"words": 8, "sentences": 2, "flesch_reading_ease": 41.5, "flesch_kincaid_grade": 11.2,
               "audience": "health-consumer", "seo_score": 82}
    soup = BeautifulSoup(render([_result(text, findings, metrics=metrics)], fail_on="warning"), "html.parser")
    tiles = {t.select_one(".tile-label").get_text(): t for t in soup.select(".tile")}
    assert tiles["Publish gate"].select_one(".tile-value").get_text() == "FAIL"
    assert "1 finding at or above" in tiles["Publish gate"].get_text()
    assert tiles["Reading grade"].select_one(".tile-value").get_text() == "11.2"
    assert "target ≤ 8" in tiles["Reading grade"].get_text() and "bad" in tiles["Reading grade"]["class"]
    assert "target ≥ 60" in tiles["Reading ease"].get_text()
    assert tiles["SEO score"].select_one(".tile-value").get_text() == "82"
    assert "1 warning" in tiles["Findings"].get_text() and "1 info" in tiles["Findings"].get_text()
    passing = BeautifulSoup(render([_result(text, findings, metrics=metrics)], fail_on="error"), "html.parser")
    assert passing.select_one(".verdict").get_text() == "pass"


def test_medical_checklist_lists_claims_with_needed_and_missing_disclaimers():
    text = "The procedure is painless and results last six months.\n"
    claim = _finding(text, 17, 25, rule="MED005", category="medical", severity="warning",
                     name="safety-claim-without-disclaimer",
                     message="Safety or comfort claim 'painless' requires: individual results may vary — "
                             "'painless' is not an approved claim",
                     requires=["risks and side effects", "individual results may vary"],
                     explain="Comfort claims read as promises.")
    soup = BeautifulSoup(render([_result(text, [claim])]), "html.parser")
    row = soup.select_one(".checklist tbody tr")
    assert "“painless”" in row.select_one(".claim-quote a").get_text()
    assert "safety claim" in row.get_text()
    assert [li.get_text() for li in row.select(".needs .present")] == ["✓risks and side effects"]
    assert [li.get_text() for li in row.select(".needs .missing")] == ["✗individual results may vary"]
    assert row.select_one(".explain code").get_text() == "Comfort claims read as promises."
    assert row.select_one(".note-text").get_text() == "'painless' is not an approved claim"
    assert row.select_one(".claim-quote a")["href"] == "#m-a1-f1"


def test_medical_checklist_says_which_claims_no_disclaimer_answers():
    text = "This cream cures eczema.\n"
    claim = _finding(text, 11, 23, rule="MED010", category="medical", severity="error",
                     name="disease-claim-for-unapproved-product",
                     message="Disease claim 'cures eczema': 'eczema' is a condition, and cosmetics may not claim "
                             "to treat, cure or prevent one (no disclaimer makes it lawful)",
                     requires=[], answerable=False)
    soup = BeautifulSoup(render([_result(text, [claim])]), "html.parser")
    row = soup.select_one(".checklist tbody tr")
    assert [li.get_text() for li in row.select(".needs .missing")] == [
        "✗no disclaimer answers this claim: reword or remove it"]
    lead = " ".join(p.get_text() for p in soup.select(".lead"))
    assert "1 claim no disclaimer can answer" in lead and "needs:" not in lead
    assert "No health claim lacks its disclaimers" not in soup.get_text()


def test_several_files_get_an_index_linking_to_each_article():
    ok = _result("Fine text here.\n", [], path="good.txt")
    bad = _result("Bad dermalfillers2000 text.\n", [_finding("Bad dermalfillers2000 text.\n", 4, 21)], path="bad.txt")
    broken = FileResult("gone.txt", "text", error="file not found")
    soup = BeautifulSoup(render([ok, bad, broken]), "html.parser")
    rows = soup.select("#index tbody tr")
    assert [r.select_one("a")["href"] for r in rows] == ["#a1", "#a2", "#a3"]
    assert [r.select_one(".verdict").get_text() for r in rows] == ["pass", "fail", "could not be checked"]
    assert soup.select_one("#a3 .error").get_text().endswith("file not found")
    assert soup.select_one(".top-verdict").get_text() == "2 articles not ready"


def test_findings_list_groups_by_rule_with_docs():
    text = "Bad dermalfillers2000 text.\n"
    soup = BeautifulSoup(render([_result(text, [_finding(text, 4, 21)])]), "html.parser")
    group = soup.select_one(".rule-group")
    assert group.select_one("h4 code").get_text() == "TOK001"
    assert "What it does" in group.select_one("details.docs pre").get_text()
    assert group.select_one(".finding .loc")["href"] == "#m-a1-f1"


def test_readability_chart_and_sections(tmp_path):
    from contentqa import Config, check_paths

    config = Config()
    config.select = ["RDB"]
    result = next(iter(check_paths([str(SAMPLES / "botox-guide.md")], config)))
    soup = BeautifulSoup(render([result], config=config), "html.parser")
    bars = soup.select("svg.chart rect.bar")
    assert len(bars) >= 10
    assert bars[0].find_parent("a")["href"] == "#a1-s1" and soup.select_one("#a1-s1") is not None
    assert soup.select("svg.chart line.target")  # the audience target from the metrics
    sections = [a.get_text() for a in soup.select("table.sections td a")]
    assert "What is Botox?" in sections


def test_cli_report_writes_the_page(tmp_path, capsys):
    out = tmp_path / "report.html"
    code = main(["report", str(SAMPLES / "seed-article.txt"), "--select", "TOK,ART,IMG,RDB", "-o", str(out)])
    assert code == 1  # the seed article has errors: the gate fails, like `check`
    assert "wrote" in capsys.readouterr().err
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    assert soup.select("mark.hl.cat-tokens") and soup.select(".tiles .tile")
    assert main(["report", str(SAMPLES / "seed-article.txt"), "--select", "TOK", "--fail-on", "never",
                 "-o", str(tmp_path / "missing" / "r.html")]) == 2


def test_templates_ship_with_the_installed_package(tmp_path):
    probe = "from contentqa.report.html import _asset; print(len(_asset('report.css')), len(_asset('report.js')))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": ""}, check=True).stdout
    assert all(int(n) > 100 for n in out.split())


# --- in a real browser ----------------------------------------------------------------------

def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed: the browser test cannot run in CI")
    pytest.skip("chromium is not installed")


def _browse(chromium: str, page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
               f"--user-data-dir={profile}", "--window-size=1280,2000", "--hide-scrollbars",
               "--virtual-time-budget=3000", "--run-all-compositor-stages-before-draw", "--enable-logging=stderr",
               "--v=0", *args, page.as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def _page_errors(stderr: str) -> list[str]:
    """Console messages and uncaught errors of the page (chromium's own noise aside)."""
    return [line for line in stderr.splitlines()
            if "CONSOLE" in line or "Uncaught" in line or "Refused to" in line]


def test_report_in_a_browser(tmp_path):
    from contentqa import Config, check_paths

    chromium = _chromium()
    config = Config()
    config.select = ["TOK", "ART", "IMG", "LNK", "RDB", "SEO"]  # the claims come from the synthetic articles
    results = list(check_paths([str(SAMPLES / "seed-article.txt")], config)) + _hostile_results()
    page = tmp_path / "report.html"
    page.write_text(render(results, config=config), encoding="utf-8")

    dumped = _browse(chromium, page, tmp_path / "profile-dom", "--dump-dom")
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    assert _page_errors(dumped.stderr) == []
    dom = BeautifulSoup(dumped.stdout, "html.parser")
    html_tag = dom.find("html")
    assert html_tag.get("data-report-ready") == str(sum(len(r.findings) for r in results))
    assert html_tag.get("data-pwned") is None
    assert not dom.find_all(["img", "iframe"]) and len(dom.find_all("script")) == 2
    assert len(dom.select("#a1 mark.hl")) >= len(results[0].findings) - 2
    assert dom.select("#a1 .tiles .tile") and dom.select("#index tbody tr")
    assert dom.select("#a2 .checklist tbody tr") and dom.select("#a1 svg.chart rect.bar")

    shot = tmp_path / "shot.png"
    taken = _browse(chromium, page, tmp_path / "profile-shot", f"--screenshot={shot}")
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert _page_errors(taken.stderr) == []
    assert shot.stat().st_size > 10_000

    # Focus on a highlight shows its message. The probe is a second script, so the copy of the
    # page that runs it allows inline scripts.
    probe = "<script>document.querySelector('#m-a1-f1').focus({preventScroll: true});</script></body>"
    focused = tmp_path / "focused.html"
    focused.write_text(re.sub(r"script-src 'sha256-[^']+'", "script-src 'unsafe-inline'",
                              page.read_text(encoding="utf-8")).replace("</body>", probe), encoding="utf-8")
    dumped = _browse(chromium, focused, tmp_path / "profile-focus", "--dump-dom")
    tip = BeautifulSoup(dumped.stdout, "html.parser").select_one("#tip")
    assert tip is not None and not tip.has_attr("hidden")
    assert results[0].findings[0].message in tip.get_text()


def test_cli_report_with_workers_and_the_cache_writes_the_same_page(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CONTENTQA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CONTENTQA_NO_CACHE", raising=False)
    pages = []
    for i, options in enumerate((["--no-cache", "--jobs", "1"], ["--jobs", "2"], ["--jobs", "2"])):
        out = tmp_path / f"r{i}.html"
        assert main(["report", str(SAMPLES), "--select", "TOK,ART,MED", *options, "-o", str(out)]) == 1
        # the page's own time stamp aside
        pages.append(re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d[^<]*", "", out.read_text(encoding="utf-8")))
    capsys.readouterr()
    assert any((tmp_path / "cache").rglob("*")), "the second report should have filled the cache"
    assert pages[0] == pages[1] == pages[2]
