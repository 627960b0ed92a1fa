"""The seed article's stray token and CMS debris, exactly; and the look-alikes that must pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from contentqa.cache import ResultCache
from contentqa.checks.templates import UnrenderedTemplateTag
from contentqa.checks.tokens import StrayToken, run_together, segment, severity_for
from contentqa.config import Config
from contentqa.engine import check_paths
from contentqa.fixes import apply_fixes

from .conftest import SAMPLES, lint


def test_seed_article_tokens_and_artifacts() -> None:
    text = (SAMPLES / "seed-article.txt").read_text(encoding="utf-8")
    findings = lint(text, "text", ["TOK", "ART"])
    got = [(f.rule, f.line, f.column, f.end_column, f.severity) for f in findings]
    expected = [
        ("ART003", 1, 191, 193, "warning"),
        ("TOK001", 1, 193, 210, "error"),
        ("ART003", 1, 210, 212, "warning"),
    ] + [("ART001", line, 1, 2, "warning") for line in (7, 11, 15, 19, 23, 27, 31)]
    assert got == expected
    stray = findings[1]
    assert stray.message == "Stray token 'dermalfillers2000' in prose (glued keyword and number)"
    assert stray.excerpt == "dermalfillers2000"
    for f in findings:
        if f.rule.startswith("ART"):
            assert f.fix is not None and f.fix.safe
            assert f.fix.replacement == ("" if f.rule == "ART001" else " ")


def test_seed_article_fixed_keeps_only_the_stray_token() -> None:
    text = (SAMPLES / "seed-article.txt").read_text(encoding="utf-8")
    fixed, applied = apply_fixes(text, lint(text, "text", ["TOK", "ART"]))
    assert len(applied) == 9
    assert "Botox has dermalfillers2000 a go-to" in fixed
    assert "\u00a0" not in fixed
    again = lint(fixed, "text", ["TOK", "ART"])
    assert [(f.rule, f.line) for f in again] == [("TOK001", 1)]


@pytest.mark.parametrize("token", [
    "COVID", "SPF30", "B12", "H2O", "HbA1c", "MP4", "4K", "IPv6", "CO2", "3D", "2FA", "mp3", "eBay",
    "iOS", "YouTube", "2024", "21st", "10am", "5mg", "100ml", "20px", "v2", "1990s", "Clostridium",
    "hyperhidrosis", "temporomandibular", "botulinum", "glabellar", "mod_rewrite", "server_name",
    "sha256", "base64", "utf8", "k8s",
])
def test_look_alikes_are_not_judged_stray(token: str) -> None:
    judged = StrayToken().judge(token, odd_spacing=False)
    assert judged is None or severity_for(judged[0]) is None


@pytest.mark.parametrize("token, reason", [
    ("dermalfillers2000", "glued keyword and number"),
    ("cheapflightsnyc", "run-together words: cheap flights nyc"),
    ("seo_keyword_here", "placeholder in snake_case"),
    ("zenspaMiami", "run-together words: zen spa Miami"),
    ("emergencyfacials365", "glued keyword and number"),
])
def test_stray_tokens_are_judged(token: str, reason: str) -> None:
    judged = StrayToken().judge(token, odd_spacing=False)
    assert judged is not None and judged[1] == reason


def test_segmentation_prefers_few_common_words() -> None:
    assert segment("dermalfillers") == ("dermal", "fillers")
    assert run_together("symptomsthe") == ("symptoms", "the")
    # Rare but real words, and prefixed words, are not split.
    assert run_together("hyperhidrosis") is None
    assert run_together("nondrowsy") is None


def test_corpus_sample_has_few_warnings(corpus: Path) -> None:
    """A sample of real articles stays under one warning or error per 1,000 words."""
    from contentqa import Config, check_text

    words = serious = 0
    for path in sorted(corpus.rglob("*"))[::40]:
        if path.suffix not in (".txt", ".md", ".html") or not path.is_file():
            continue
        fmt = {".txt": "text", ".md": "markdown", ".html": "html"}[path.suffix]
        config = Config()
        config.select = ["TOK", "ART"]
        result = check_text(path.read_text(encoding="utf-8", errors="replace"), fmt=fmt, path=str(path), config=config)
        if result.error:
            continue
        words += int(str(result.metrics.get("words", 0)))
        serious += sum(f.severity != "info" for f in result.findings)
    assert words > 10_000
    assert serious / words < 1 / 1000


def test_vocabulary_file_is_honoured_by_token_rules(tmp_path: Path) -> None:
    """Terms a team accepts in its vocabulary file are not reported by the TOK rules."""
    from contentqa.config import from_mapping

    text = "Try cheapflightsnyc2024 or zenspaMiami, see {city}, id bdee762d434eff612ea32990668bf417, Duran Duran.\n"
    assert {f.rule for f in lint(text, "text", ["TOK"])} == {"TOK001", "TOK006", "TOK009"}
    (tmp_path / "vocab.txt").write_text(
        "# accepted terms\ncheapflightsnyc2024\nZenspaMiami\n{city}\nbdee762d434eff612ea32990668bf417\n", encoding="utf-8")
    (tmp_path / ".contentqa.toml").write_text('vocabulary-file = "vocab.txt"\n', encoding="utf-8")
    config = from_mapping({"vocabulary-file": "vocab.txt"}, tmp_path / ".contentqa.toml")
    assert lint(text, "text", ["TOK"], config=config) == []


def test_template_tags_depend_on_the_site_generator(tmp_path: Path) -> None:
    """TOK010 on a tree with a Jekyll, a Hugo, an Eleventy and an MkDocs site: Liquid is expanded
    only where the generator reads it."""
    tag = "Written by {{ page.author }}.\n"
    files = {
        "jekyll/_config.yml": "title: Blog\n",
        "jekyll/_posts/2024-01-01-a.md": "---\ntitle: A\n---\n" + tag,  # a Liquid template: quiet
        "jekyll/notes.md": tag,                                       # no front matter: copied as is
        "hugo/hugo.toml": 'title = "Docs"\n',
        "hugo/content/a.md": "---\ntitle: A\n---\n" + tag,            # Hugo content is not a template
        "eleventy/eleventy.config.js": "export default function () {}\n",
        "eleventy/a.md": tag,                                         # Eleventy renders it with Liquid
        "eleventy/notes.txt": tag,                                    # but not a .txt file
        "mkdocs/mkdocs.yml": "site_name: Docs\n",
        "mkdocs/docs/a.md": tag,                                      # the macros plugin may expand it
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    config = Config(root=tmp_path, select=["TOK010"])
    got = {Path(r.path).resolve().relative_to(tmp_path.resolve()).as_posix(): [(f.severity, f.message) for f in r.findings]
           for r in check_paths([str(tmp_path)], config)}
    shown = "Template tag '{{ page.author }}' will be shown as text"
    assert got == {
        "jekyll/_posts/2024-01-01-a.md": [],
        "jekyll/notes.md": [("warning", f"{shown} (Jekyll expands Liquid only in files with front matter)")],
        "hugo/content/a.md": [("warning", f"{shown} (hugo does not expand template tags in content)")],
        "eleventy/a.md": [],
        "eleventy/notes.txt": [("warning", f"{shown} (Eleventy does not render .txt files)")],
        "mkdocs/docs/a.md": [("info", f"{shown} (unless a plugin of mkdocs (such as macros) expands it)")],
    }
    # Adding a _config.yml changes these findings: they must not be served from the result cache.
    assert ResultCache.reads_other_files(UnrenderedTemplateTag())
