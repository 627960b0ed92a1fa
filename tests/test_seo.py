"""SEO rules on the samples, keyphrase matching, plain text, and the corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contentqa import Config, check_text
from contentqa.checks.seo import contains_keyphrase
from contentqa.cli import main
from contentqa.config import ConfigError
from contentqa.parsers import parse

from .conftest import SAMPLES, lint

SAMPLE_FINDINGS = {
    "botox-guide.md": [
        ("SEO015", 1, 1, "info", "No images"),
        ("SEO002", 2, 9, "warning", "Title is 74 characters (about 638 px)"),
        ("SEO007", 2, 9, "warning", "keyphrase 'botox side effects'"),
        ("SEO012", 4, 12, "info", "occurs 0 times in 417 words"),
        ("SEO009", 6, 7, "info", "Slug 'botox-guide' (front matter) does not contain the keyphrase"),
        ("SEO006", 9, 3, "warning", "front-matter title"),
        ("SEO008", 11, 1, "info", "First paragraph"),
        # 1 of 4 subheadings has the keyphrase: under Yoast's 30%.
        ("SEO011", 14, 4, "info", "is in only 1 of"),
        ("SEO018", 46, 35, "warning", "Link text 'click here'"),
    ],
    "botox-guide.html": [
        ("SEO003", 1, 1, "warning", "meta name=\"description\""),
        ("SEO014", 1, 1, "warning", "Only 138 words"),
        ("SEO015", 1, 1, "info", "No images"),
        ("SEO016", 1, 1, "info", "No links to other pages"),
        ("SEO017", 1, 1, "info", "No links to other sites"),
        ("SEO007", 5, 10, "warning", "keyphrase 'botox side effects'"),
        ("SEO021", 5, 10, "info", "repeats the H1"),
        ("SEO012", 6, 35, "info", "occurs 0 times in 138 words"),
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
    ("Injections of botulinum toxin", "botulinum toxin injection", True),  # lemmas: injections -> injection
    ("Botox: uses and side-effects", "botox side effects", True),
])
def test_contains_keyphrase(text: str, keyphrase: str, found: bool) -> None:
    assert contains_keyphrase(text, keyphrase) is found


@pytest.mark.parametrize("code", [f"SEO{i:03d}" for i in range(1, 23)])
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


@pytest.mark.parametrize("title, pixels", [
    ("", 0),
    ("Botox side effects: what is normal and when to call", 448),
    ("c" * 60, 600),
    ("a" + "c" * 59, 601),
    ("W" * 10, 189),
])
def test_title_pixels(title: str, pixels: int) -> None:
    from contentqa.checks.seo import title_pixels

    assert title_pixels(title) == pixels


def test_keyphrase_option_overrides_the_front_matter(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: Botox side effects and what to do about them\nkeyphrase: fillers\n---\n\nText.\n",
                    encoding="utf-8")
    assert main(["check", "--select", "SEO007", str(page)]) == 0
    assert "SEO007" in capsys.readouterr().out
    assert main(["check", "--select", "SEO007", "--keyphrase", "botox side effects", str(page)]) == 0
    assert "SEO007" not in capsys.readouterr().out


def test_seo_gate_in_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(SAMPLES / "botox-guide.md")
    result = check_text((SAMPLES / "botox-guide.md").read_text(encoding="utf-8"), fmt="markdown", path=path,
                        config=Config(select=["SEO022"]))
    score = result.metrics["seo_score"]
    ratings = result.metrics["seo_assessments"]
    assert isinstance(score, int) and isinstance(ratings, dict)
    points = result.metrics["seo_points"]
    assert isinstance(points, dict)
    # The points replace the rating where Yoast weighs a result differently: a second H1, a
    # keyphrase missing from the title, a density too low, no competing link (8, not 9).
    assert points == {"single-h1": 1, "keyphrase-in-title": 2, "keyphrase-density": 4, "competing-links": 8}
    scored = {k: v for k, v in ratings.items() if k not in ("heading-levels", "link-text")}
    assert set(ratings) - set(scored) == {"heading-levels", "link-text"}
    assert score == round(100 * sum(points.get(k, v) for k, v in scored.items()) / (9 * len(scored)))
    assert result.metrics["seo_rating"] == "ok"
    assert main(["check", "--select", "SEO022", "--min-seo-score", str(score), path]) == 0
    capsys.readouterr()
    assert main(["check", "--select", "SEO022", "--min-seo-score", str(score + 1), path]) == 1
    assert f"SEO score {score} is below the gate of {score + 1}" in capsys.readouterr().out


def test_seo_score_only_for_pages() -> None:
    result = check_text("Botox is a medicine.\n", fmt="text", path="a.txt",
                        config=Config(select=["SEO022"], rules={"SEO022": {"min-score": 90}}))
    assert result.metrics["seo_score"] is None and result.findings == []


def test_html_head_synonyms_slug_and_hosts() -> None:
    from contentqa.checks.seo import link_kind, slug, synonyms
    from contentqa.parsers import parse

    page = ('<html><head><title>T</title><meta name="synonyms" content="botulinum toxin, wrinkle injections">'
            '<link rel="canonical" href="https://clinic.example/guides/botox-side-effects/"></head>'
            '<body><p>Text.</p></body></html>')
    doc = parse("a.html", page, "html")
    assert synonyms(doc) == ["botulinum toxin", "wrinkle injections"]
    found = slug(doc)
    assert found is not None and found[0] == "botox-side-effects" and found[2] == "canonical URL"
    assert found[1] is not None and page[found[1][0]:found[1][1]] == "botox-side-effects"
    assert link_kind("/prices", set()) == "internal"
    assert link_kind("https://www.clinic.example/x", {"clinic.example"}) == "internal"
    assert link_kind("https://fda.gov/x", {"clinic.example"}) == "outbound"
    assert link_kind("#top", set()) is None and link_kind("mailto:a@b.c", set()) is None


def test_slug_from_the_file_name() -> None:
    from contentqa.checks.seo import slug
    from contentqa.parsers import parse

    doc = parse("posts/2020-01-02-botox-side-effects.md", "---\ntitle: T\n---\n\nText.\n", "markdown")
    assert slug(doc) == ("botox-side-effects", None, "file name")
    doc = parse("content/botox/index.md", "---\ntitle: T\n---\n\nText.\n", "markdown")
    assert slug(doc) == ("botox", None, "file name")


def _metrics(text: str, fmt: str = "markdown", path: str = "a.md", **config: object) -> dict[str, object]:
    result = check_text(text, fmt=fmt, path=path, config=Config(select=["SEO", "RDB"], **config))  # type: ignore[arg-type]
    assert result.error is None, result.error
    return result.metrics


def test_keyphrase_with_underscore_counts_where_the_text_uses_it() -> None:
    body = " ".join(f"Sentence {i} loads mod_cache before the handler runs." for i in range(25))
    text = f"---\ntitle: Caching with mod_cache\nkeyphrase: mod_cache\n---\n\n{body}\n"
    findings = lint(text, "markdown", ["SEO012"])
    assert any("occurs 25 times" in f.message for f in findings), [f.message for f in findings]
    assert contains_keyphrase("Load mod_cache first", "mod_cache")
    assert not contains_keyphrase("the cache module", "mod_cache")


def test_bare_urls_and_hugo_ref_links_are_links() -> None:
    text = ("---\ntitle: Links\n---\n\nRead https://www.example.org/guide, then the "
            "[setup]({{< relref \"docs/setup.md\" >}}) page.\n")
    counts = _metrics(text, rules={"SEO016": {"site-hosts": ["opentelemetry.io"]}})["seo_assessments"]
    assert isinstance(counts, dict)
    assert counts["internal-links"] == 9 and counts["outbound-links"] == 9
    findings = lint(text, "markdown", ["SEO016", "SEO017"])
    assert findings == []
    # The link's brackets and the shortcode are markup: the prose reads "then the setup page".
    doc = parse("a.md", text, "markdown")
    assert [b.prose() for b in doc.blocks if b.kind == "paragraph"] == [
        "Read , then the setup page."]  # URLs are not prose
    assert [(link.href, link.text) for link in doc.links] == [
        ("https://www.example.org/guide", "https://www.example.org/guide"), ("docs/setup.md", "setup")]
    liquid = "---\ntitle: Links\n---\n\n{{ \"https://www.youtube.com/embed/x\" | embed: \"Talk\" }}\n"
    assert parse("a.md", liquid, "markdown").links == []  # a template's string, not a link
    without = ("---\ntitle: Links\n---\n\nRead the guide, then the setup page.\n")
    assert {f.rule for f in lint(without, "markdown", ["SEO016", "SEO017"])} == {"SEO016", "SEO017"}


def test_question_title_opens_with_the_keyphrase() -> None:
    """spaCy's stop words are the function words: "What if I have" does not count before "Medicare"."""
    page = "---\ntitle: What if I have Medicare?\nkeyphrase: medicare\n---\n\nMedicare pays for it.\n"
    assert lint(page, "markdown", ["SEO007"]) == []
    late = "---\ntitle: What if my employer drops Medicare?\nkeyphrase: medicare\n---\n\nMedicare pays for it.\n"
    assert [f.severity for f in lint(late, "markdown", ["SEO007"])] == ["info"]
    # Words that spaCy lists but that carry meaning in a keyphrase stay content words.
    assert not contains_keyphrase("Botox effects", "botox side effects")


def _seo(text: str, **options: object) -> dict[str, object]:
    result = check_text(text, fmt="markdown", path="guide.md",
                        config=Config(select=["SEO022"], rules={"SEO022": dict(options)} if options else {}))
    assert result.error is None, result.error
    return result.metrics


def test_a_thin_page_without_keyphrase_use_rates_bad_overall() -> None:
    """Yoast's traffic light: the overall SEO score can be bad (40 or less), not only ok or good."""
    title = "Notes on treatments, appointments, costs, risks and everything else we know"
    metrics = _seo(f"---\ntitle: {title}\nkeyphrase: botox\n---\n\n# One\n\n# Two\n\nA few words here.\n")
    assert metrics["seo_rating"] == "bad"
    score = metrics["seo_score"]
    assert isinstance(score, int) and 0 <= score <= 40
    points = metrics["seo_points"]
    assert isinstance(points, dict) and points["text-length"] == -20 and points["single-h1"] == 1


def test_ratings_follow_yoast_with_options_for_the_other_choice() -> None:
    long_title = "Botox injections explained: uses, results, risks, costs and what to expect"
    page = f"---\ntitle: \"{long_title}\"\nkeyphrase: botox\n---\n\nBotox is a medicine.\n"
    ratings = _seo(page)["seo_assessments"]
    assert isinstance(ratings, dict)
    assert ratings["title"] == 3 and ratings["outbound-links"] == 3
    looser = _seo(page, **{"long-title": "ok", "no-outbound-links": "ok"})["seo_assessments"]
    assert isinstance(looser, dict) and looser["title"] == 6 and looser["outbound-links"] == 6
    short = _seo("---\ntitle: Botox\n---\n\nBotox is a medicine.\n")["seo_assessments"]
    assert isinstance(short, dict) and short["title"] == 9
    with pytest.raises(ConfigError, match="short-title"):
        _seo("---\ntitle: Botox\n---\n\nBotox is a medicine.\n", **{"short-title": "great"})


def test_subheading_rule_as_yoast() -> None:
    words = " ".join(["Botox relaxes the muscle for a few months."] * 40)  # 320 words
    head = "---\ntitle: Botox\nkeyphrase: botox\n---\n\n"
    assert _seo(head + "Short text about Botox.\n")["seo_assessments"]["keyphrase-in-subheadings"] == 9  # type: ignore[index]
    long_plain = _seo(head + words + "\n")
    assert long_plain["seo_assessments"]["keyphrase-in-subheadings"] == 3  # type: ignore[index]
    assert long_plain["seo_points"]["keyphrase-in-subheadings"] == 2  # type: ignore[index]
    one = head + "## About Botox\n\n" + words + "\n"
    assert _seo(one)["seo_assessments"]["keyphrase-in-subheadings"] == 9  # type: ignore[index]
    few = head + "## About Botox\n\n" + "".join(f"## Part {i}\n\nText.\n\n" for i in range(4)) + words + "\n"
    assert _seo(few)["seo_assessments"]["keyphrase-in-subheadings"] == 3  # type: ignore[index]
    assert _seo(few, **{"few-subheadings": "ok"})["seo_assessments"]["keyphrase-in-subheadings"] == 6  # type: ignore[index]


def test_keyphrase_length_function_words_and_image_alt() -> None:
    head = "---\ntitle: Botox\nkeyphrase: {}\n---\n\n{}\n"
    long = _seo(head.format("botox side effects bruising swelling headache", "Botox text."))["seo_assessments"]
    assert isinstance(long, dict) and long["keyphrase-length"] == 6
    only = _seo(head.format("what is it", "Botox text."))
    assert only["seo_assessments"] == {**only["seo_assessments"], "keyphrase-function-words": 3}  # type: ignore[dict-item]
    assert only["seo_points"] == {**only["seo_points"], "keyphrase-function-words": 0}  # type: ignore[dict-item]
    none = _seo(head.format("botox", "Botox text."))["seo_assessments"]
    assert isinstance(none, dict) and none["keyphrase-in-image-alt"] == 3
    plain = _seo(head.format("botox", "Botox text. ![A syringe](a.png)"))["seo_assessments"]
    assert isinstance(plain, dict) and plain["keyphrase-in-image-alt"] == 6
    named = _seo(head.format("botox", "Botox text. ![A Botox syringe](a.png)"))["seo_assessments"]
    assert isinstance(named, dict) and named["keyphrase-in-image-alt"] == 9


def test_readability_rating_is_yoasts_traffic_light() -> None:
    from contentqa.scores import Assessment, penalty_rating

    names = ["subheading-distribution", "paragraph-length", "sentence-length", "transition-words",
             "passive-voice", "text-presence", "sentence-beginnings"]

    def rated(*scores: int) -> str | None:
        return penalty_rating([Assessment(n, s, "") for n, s in zip(names, scores, strict=False)])

    assert rated(9, 9, 9, 9, 9, 9, 9) == "good"
    assert rated(3, 6, 9, 9, 9, 9, 9) == "ok"  # 5 penalty points
    assert rated(3, 3, 6, 9, 9, 9, 9) == "bad"  # 8
    # One of Yoast's seven missing (a short text): stricter, as Yoast is.
    assert rated(3, 9, 9, 9, 9, 9) == "ok" and rated(3, 6, 9, 9, 9, 9) == "bad"
    text = ("Botox relaxes muscles. The effect is given by a doctor. It lasts for months. However, it fades.\n")
    result = check_text(text, fmt="text", path="a.txt", config=Config(select=["RDB010"]))
    assert result.metrics["readability_rating"] == "bad"  # under 50 words, and 25% passive


def test_introduction_and_description_as_yoast_rates_them() -> None:
    head = "---\ntitle: Botox\nkeyphrase: botox side effects\ndescription: \"{}\"\n---\n\n{}\n"
    together = _seo(head.format("About it.", "Botox side effects are mild. Ask a doctor."))["seo_assessments"]
    spread = _seo(head.format("About it.", "Botox is common. Its side effects are mild."))["seo_assessments"]
    assert isinstance(together, dict) and isinstance(spread, dict)
    assert together["keyphrase-in-introduction"] == 9 and spread["keyphrase-in-introduction"] == 6
    stuffed = "Botox side effects: which Botox side effects are normal, and which Botox side effects are not."
    assert _seo(head.format(stuffed, "Text."))["seo_assessments"]["keyphrase-in-meta-description"] == 3  # type: ignore[index]
    twice = "Botox side effects: which Botox side effects are normal and when to call your doctor about them."
    assert _seo(head.format(twice, "Text."))["seo_assessments"]["keyphrase-in-meta-description"] == 9  # type: ignore[index]


def test_keyphrase_used_before_in_the_same_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = "---\ntitle: {title}\nkeyphrase: {phrase}\n---\n\nText about it.\n"
    (tmp_path / "a.md").write_text(page.format(title="Risks", phrase="botox side effects"), encoding="utf-8")
    (tmp_path / "b.md").write_text(page.format(title="Guide", phrase="Botox side effect"), encoding="utf-8")
    (tmp_path / "c.md").write_text(page.format(title="More", phrase="side effects of Botox"), encoding="utf-8")
    (tmp_path / "d.md").write_text(page.format(title="Other", phrase="botox costs"), encoding="utf-8")
    (tmp_path / "e.md").write_text(page.format(title="Quiet", phrase="botox costs"), encoding="utf-8")
    config = tmp_path / "qa.toml"
    config.write_text('[per-path-ignores]\n"e.md" = ["SEO023"]\n', encoding="utf-8")
    assert main(["check", "--select", "SEO023", "--config", str(config), "--format", "json", str(tmp_path)]) == 0
    files = {Path(f["path"]).name: f["findings"] for f in json.loads(capsys.readouterr().out)["files"]}
    assert files["a.md"] == [] and files["d.md"] == []
    assert [(f["line"], f["column"], f["severity"]) for f in files["b.md"]] == [(3, 12, "info")]
    assert "already the focus keyphrase of" in files["b.md"][0]["message"] and "a.md" in files["b.md"][0]["message"]
    assert [f["severity"] for f in files["c.md"]] == ["warning"]  # the third page with it
    assert files["e.md"] == []  # ignored for that path, like any finding
    # One keyphrase given for the whole run is not a page's choice: not compared.
    assert main(["check", "--select", "SEO023", "--keyphrase", "botox", str(tmp_path)]) == 0
    assert "SEO023" not in capsys.readouterr().out


def test_possessive_keyphrase_matches_the_noun() -> None:
    assert contains_keyphrase("The roadmap of Rust for 2017", "Rust's roadmap")
    body = " ".join(["Rust's roadmap changes often, and the roadmap of Rust is public."] * 12)
    text = f"---\ntitle: Rust's roadmap\nkeyphrase: Rust's roadmap\n---\n\n{body}\n"
    assert lint(text, "markdown", ["SEO007"]) == []
    # Twice a sentence: "Rust's roadmap" and "the roadmap of Rust".
    assert any("occurs 24 times" in f.message for f in lint(text, "markdown", ["SEO012"]))
