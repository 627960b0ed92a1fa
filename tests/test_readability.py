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
EXTRA = {"paragraphs", "reading_time_minutes", "gunning_fog", "smog_index", "coleman_liau_index",
         "automated_readability_index", "dale_chall", "sections"}
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
    "botox-guide.md": [
        ("RDB008", 1, 1, "28.1% of sentences (9 of 32) contain a transition word"),
        ("RDB006", 16, 1, "3 sentences in a row start with 'botox'"),
        ("RDB002", 24, 1, "Sentence of 33 words"),
        ("RDB009", 24, 1, "'Notwithstanding' has a plainer alternative"),
        ("RDB009", 24, 51, "'individuals'"),
        ("RDB009", 24, 125, "'necessitates'"),
        ("RDB009", 24, 317, "'therapeutic'"),
        ("RDB003", 28, 1, "Paragraph of 178 words"),
    ],
    "botox-guide.html": [
        ("RDB001", 1, 1, "health-consumer target of 8"),
        ("RDB009", 11, 14, "'therapeutic'"),
        ("RDB004", 12, 6, "Very hard to read: grade 17.8"),
        ("RDB009", 13, 31, "'Physicians' has a plainer alternative: 'doctors'"),
        ("RDB009", 13, 42, "'administer'"),
        ("RDB004", 16, 6, "Very hard to read: grade 20.3"),
        ("RDB009", 16, 31, "'utilize' has a plainer alternative: 'use'"),
        ("RDB009", 16, 58, "'diminish'"),
        ("RDB004", 17, 64, "Very hard to read: grade 14.3"),
        ("RDB009", 18, 47, "'approximately'"),
        ("RDB002", 21, 6, "Sentence of 31 words"),
        ("RDB009", 23, 61, "'diminish'"),
        ("RDB009", 26, 13, "'adverse reactions' has a plainer alternative: 'side effects'"),
        ("RDB004", 30, 6, "Very hard to read: grade 16"),
    ],
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


@pytest.mark.parametrize("code", [f"RDB{i:03d}" for i in range(1, 11)])
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


@pytest.mark.parametrize("name", ["seed-article.txt", "botox-guide.md", "botox-guide.html"])
def test_scores_equal_textstat(name: str) -> None:
    """The formulas derived from counts taken once give textstat's own numbers on the same prose."""
    import textstat

    from contentqa.metrics import measured_text

    text = (SAMPLES / name).read_text(encoding="utf-8")
    fmt = {"txt": "text", "md": "markdown", "html": "html"}[name.rsplit(".", 1)[1]]
    prose = measured_text(parse(name, text, fmt))
    m = metrics(text, fmt)
    expected = {
        "words": textstat.lexicon_count(prose), "sentences": textstat.sentence_count(prose),
        "flesch_reading_ease": textstat.flesch_reading_ease(prose),
        "flesch_kincaid_grade": textstat.flesch_kincaid_grade(prose), "gunning_fog": textstat.gunning_fog(prose),
        "smog_index": textstat.smog_index(prose), "coleman_liau_index": textstat.coleman_liau_index(prose),
        "automated_readability_index": textstat.automated_readability_index(prose),
        "dale_chall": textstat.dale_chall_readability_score(prose),
    }
    for key, value in expected.items():
        assert m[key] == pytest.approx(round(value, 1), abs=0.051), key


def test_sections_in_metrics() -> None:
    m = metrics((SAMPLES / "botox-guide.md").read_text(encoding="utf-8"), "markdown")
    sections = m["sections"]
    assert isinstance(sections, list)
    assert [(s["heading"], s["line"]) for s in sections][:3] == [
        ("A guide to Botox", 9), ("What is Botox?", 14), ("What does Botox treat?", 19)]
    hardest = max(sections, key=lambda s: s["flesch_kincaid_grade"] or 0)
    assert hardest["heading"] == "What does Botox treat?" and hardest["flesch_kincaid_grade"] > 14
    headings = sum(len(str(s["heading"]).split()) for s in sections)
    assert sum(s["words"] for s in sections) + headings == m["words"]  # a heading's words are not its section's


def test_readability_score_and_assessments() -> None:
    result = check_text((SAMPLES / "botox-guide.html").read_text(encoding="utf-8"), fmt="html", path="a.html",
                        config=Config(select=["RDB010"]))
    ratings = result.metrics["readability_assessments"]
    assert isinstance(ratings, dict) and ratings["reading-level"] == 3 and ratings["hard-sentences"] == 3
    assert result.metrics["readability_score"] == round(100 * sum(ratings.values()) / (9 * len(ratings)))
    assert result.findings == []  # no gate set


def test_readability_gate_in_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(SAMPLES / "botox-guide.html")
    # 83: the text-presence assessment (138 words, good) joined the average.
    assert main(["check", "--select", "RDB010", "--min-readability-score", "83", path]) == 0
    capsys.readouterr()
    assert main(["check", "--select", "RDB010", "--min-readability-score", "84", "--format", "json", path]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [f["rule"] for f in report["files"][0]["findings"]] == ["RDB010"]
    assert report["files"][0]["findings"][0]["severity"] == "error"
    assert main(["check", "--select", "RDB010", "--min-readability-score", "84", path]) == 1
    out = capsys.readouterr().out
    assert "RDB010" in out and "Readability score 83 is below the gate of 84" in out and "grade 18.8" in out


@pytest.mark.parametrize("sentence, passive", [
    ("The injections are given by a doctor.", ["are given"]),
    ("Botox was approved in 2002 and is not always needed.", ["was approved", "is not always needed"]),
    ("The dose is being adjusted.", ["is being adjusted"]),
    ("She got injured at work.", ["got injured"]),
    ("Doctors give the injections.", []),
    ("I am interested in the results.", []),
    ("We got started early.", []),
    ("The clinic is red and the bed is soft.", []),
])
def test_passive_by_word_lists(sentence: str, passive: list[str]) -> None:
    from contentqa.checks.readability import _passive_by_words, load_passive
    from contentqa.nlp import annotate

    doc = annotate([sentence])[0]
    spans = _passive_by_words(list(doc), load_passive())
    assert [sentence[s:e] for s, e in spans] == passive


def test_passive_by_parser_labels() -> None:
    """With a trained pipeline, the parser's auxpass label decides (a parsed Doc built by hand here)."""
    import spacy
    from spacy.tokens import Doc

    from contentqa.checks.readability import _passive_by_parser

    words = ["The", "dose", "was", "carefully", "adjusted", "."]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=[1, 4, 4, 4, 4, 4],
              deps=["det", "nsubjpass", "auxpass", "advmod", "ROOT", "punct"])
    assert [doc.text[s:e] for s, e in _passive_by_parser(list(doc))] == ["was carefully adjusted"]


@pytest.mark.parametrize("pack, schema_name", [("passive.yml", "PASSIVE_SCHEMA"), ("transitions.yml", "TRANSITIONS_SCHEMA"),
                                               ("plain-words.yml", "PLAIN_WORDS_SCHEMA")])
def test_word_list_packs_are_valid(pack: str, schema_name: str) -> None:
    from contentqa.checks import readability

    data, _ = load_pack(rules_dir() / "readability" / pack, getattr(readability, schema_name))
    assert data


def test_broken_plain_words_pack_names_the_line(tmp_path: Path) -> None:
    from contentqa.checks.readability import PLAIN_WORDS_SCHEMA

    broken = tmp_path / "plain-words.yml"
    broken.write_text("words:\n  utilize: {plain: [use]}\n  commence: {plain: start}\n", encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack(broken, PLAIN_WORDS_SCHEMA)
    assert info.value.line == 3 and "plain" in info.value.problem


def test_transition_list_has_common_and_two_part_transitions() -> None:
    from contentqa.checks.readability import load_transitions

    found = load_transitions()
    for sentence in ("Either you enrol now or you wait a year.", "Not only is it cheap, it is also fast.",
                     "Neither plan covers it, nor does the other.", "Whether you work or study, you can apply.",
                     "As a result, the plan changed.", "The form is short; still, people skip it.",
                     "In the meantime, keep your receipts."):
        assert found.search(sentence), sentence
    for sentence in ("Or you wait a year.", "The cat sat on the mat.", "Either one works.",
                     "Call or write to us.", "Both cost money.", "Neither plan covers it."):
        assert not found.search(sentence), sentence
