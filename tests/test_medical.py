"""Medical claims and required disclaimers: the seed article, the packs, placement, the corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from contentqa import Config, Finding
from contentqa.checks.medical import Claim, default_pack, find_claims, load_medical_pack
from contentqa.context import Context
from contentqa.packs import PackError
from contentqa.parsers import parse
from contentqa.registry import rules_dir

from .conftest import SAMPLES, lint

PACKS = rules_dir() / "medical"
SHORTS = [d.short for d in default_pack().disclaimers.values()]


@pytest.fixture(scope="module")
def seed_findings() -> list[Finding]:
    return lint((SAMPLES / "seed-article.txt").read_text(encoding="utf-8"), "text", ["MED"])


def test_seed_claim_paragraphs_are_reported(seed_findings: list[Finding]) -> None:
    assert {13, 17, 21, 25} <= {f.line for f in seed_findings}


def test_seed_consult_and_side_effects_are_not_reported_missing(seed_findings: list[Finding]) -> None:
    # Line 29 advises consulting a qualified healthcare provider and names side effects.
    for f in seed_findings:
        wanted = f.message.split("requires:", 1)[1]
        assert "consult" not in wanted, f.message
        assert "side effects" not in wanted, f.message


def test_seed_messages_name_missing_disclaimers(seed_findings: list[Finding]) -> None:
    for f in seed_findings:
        assert f.category == "medical"
        assert any(short in f.message.split("requires:", 1)[1] for short in SHORTS), f.message


def test_seed_specific_claims(seed_findings: list[Finding]) -> None:
    by_line: dict[int, list[Finding]] = {}
    for f in seed_findings:
        by_line.setdefault(f.line, []).append(f)
    assert any(f.rule == "MED004" and "Results typically last three to six months" in f.message
               and "individual results may vary" in f.message for f in by_line[13])
    assert any(f.rule == "MED005" and "painless" in f.excerpt for f in by_line[13])
    assert {"MED002", "MED003"} <= {f.rule for f in by_line[17]}
    assert any(f.rule == "MED006" and f.severity == "error" and "off-label" in f.message for f in by_line[21])
    assert any(f.rule == "MED001" and "treating eye muscle disorders" in f.excerpt for f in by_line[25])


def test_compliant_article_has_no_findings() -> None:
    text = (
        "Our dermatology clinic offers Botox injections for frown lines. The procedure is relatively painless "
        "and requires minimal downtime. Results typically last three to six months. Botox is FDA-approved for "
        "glabellar lines, and it has shown promise in treating depression, which is an off-label use.\n\n"
        "Side effects such as bruising, swelling or a drooping eyelid can occur. Individual results may vary.\n\n"
        "This article is for informational purposes only and is not a substitute for professional medical "
        "advice. Consult a qualified healthcare provider before starting any treatment.\n"
    )
    assert lint(text, "text", ["MED"]) == []


def test_paraphrased_disclaimers_in_any_word_order_count() -> None:
    text = (
        "Botox is FDA-approved for chronic migraine and it cures tension headaches. The effects last up to "
        "4 months.\n\nYour dermatologist is the best person to speak with about this. Not everyone gets the same "
        "results. Possible risks include bruising. Nothing here is intended as a substitute for medical advice.\n"
    )
    assert lint(text, "text", ["MED"]) == []


def test_supplement_without_dshea_statement() -> None:
    claim = ("Our collagen capsules support healthy skin and joints. Each serving of this vitamin formula "
             "boosts immune function.\n\nTalk to your doctor before taking any supplement.\n")
    findings = lint(claim, "text", ["MED"])
    assert [f.rule for f in findings] == ["MED007", "MED007"]
    assert all(f.severity == "error" and "DSHEA" in f.message for f in findings)
    dshea = ("\n*These statements have not been evaluated by the Food and Drug Administration. This product "
             "is not intended to diagnose, treat, cure, or prevent any disease.\n")
    assert lint(claim + dshea, "text", ["MED"]) == []


def test_side_effect_free_is_not_a_risk_statement() -> None:
    text = "Our botox treatment is side-effect-free and risk-free. Ask your dermatologist. Results may vary.\n"
    findings = lint(text, "text", ["MED005"])
    assert findings and "risks and side effects" in findings[0].message


def _claims(text: str, fmt: str, folder: Path) -> list[Claim]:
    doc = parse({"text": "a.txt", "markdown": "a.md"}[fmt], text, fmt)
    return find_claims(doc, Context(config=Config(), document=doc), load_medical_pack(folder))


def test_near_end_placement(tmp_path: Path) -> None:
    for name in ("claims.yml", "disclaimers.yml"):
        shutil.copy(PACKS / name, tmp_path / name)
    pack = tmp_path / "disclaimers.yml"
    pack.write_text(pack.read_text(encoding="utf-8").replace(
        "    placement: anywhere\n    phrases:\n      - not|nothing", "    placement: near-end\n    phrases:\n      - not|nothing"),
        encoding="utf-8")
    assert load_medical_pack(tmp_path).disclaimers["not-medical-advice"].placement == "near-end"
    claim = "Botox cures migraines. Talk to your doctor about skin treatment.\n\n"
    notice = "This article is not medical advice.\n\n"
    filler = "".join(f"Paragraph {i} about the clinic.\n\n" for i in range(6))
    early = _claims(notice + claim + filler, "text", tmp_path)
    assert [c.rule for c in early] == ["MED001"] and "(near the end)" in early[0].message
    assert _claims(claim + filler + notice, "text", tmp_path) == []
    # The shipped pack accepts the notice anywhere.
    assert _claims(notice + claim + filler, "text", PACKS) == []


def _bad_pack(tmp_path: Path, old: str, new: str, name: str = "claims.yml") -> Path:
    for pack in ("claims.yml", "disclaimers.yml"):
        shutil.copy(PACKS / pack, tmp_path / pack)
    path = tmp_path / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, fragment: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line)


@pytest.mark.parametrize("name, old, new, fragment, problem", [
    ("disclaimers.yml", "placement: same-section", "placement: beside", "placement: beside", "placement"),
    ("claims.yml", "requires: [results-may-vary]", "requires: [results-vary]", "requires: [results-vary]",
     "unknown disclaimer 'results-vary'"),
    ("claims.yml", "rule: MED004", "rule: MED999", "rule: MED999", "rule"),
    ("claims.yml", "      - risk-free\n", "      - risk|(free)\n", "risk|(free)", "is not a word"),
    ("claims.yml", "  - id: duration\n", "  - id: duration\n   oops: [\n", "oops", "not valid YAML"),
])
def test_malformed_pack_raises_with_file_and_line(tmp_path: Path, name: str, old: str, new: str,
                                                  fragment: str, problem: str) -> None:
    path = _bad_pack(tmp_path, old, new, name)
    with pytest.raises(PackError) as info:
        load_medical_pack(tmp_path)
    assert info.value.path == str(path)
    assert problem in info.value.problem
    if problem != "not valid YAML":
        assert info.value.line == _line_of(path, fragment)


def test_pack_is_loaded_once() -> None:
    assert default_pack() is default_pack()


def test_medquad_sample_false_alarms(corpus: Path) -> None:
    """Consumer-health Q&A from NIH describes treatments; it makes almost no marketing claims."""
    files = sorted((corpus / "medquad").rglob("*.txt"))[::10]
    findings = [f for path in files for f in lint(path.read_text(encoding="utf-8"), "text", ["MED"])]
    assert len(findings) <= 2, [(f.rule, f.excerpt) for f in findings]


def test_cli_reports_malformed_pack_as_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from contentqa import cli
    from contentqa.checks import medical

    folder = tmp_path / "medical"
    folder.mkdir()
    path = _bad_pack(folder, "placement: same-section", "placement: beside", "disclaimers.yml")
    monkeypatch.setattr(medical, "rules_dir", lambda: tmp_path)
    article = tmp_path / "a.txt"
    article.write_text("Botox cures migraines.\n", encoding="utf-8")
    assert cli.main(["check", str(article), "--select", "MED"]) == 2
    assert f"{path}:{_line_of(path, 'placement: beside')}:" in capsys.readouterr().err
