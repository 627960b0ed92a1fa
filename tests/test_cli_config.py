"""Mistakes in selectors and configuration fail loudly: exit 2, one line, a suggestion.

Run the way a user runs contentqa: `python -m contentqa` in a subprocess.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from contentqa.options import RULE_OPTIONS

PACKAGE = Path(__file__).resolve().parent.parent / "contentqa"


def contentqa(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "contentqa", *args], cwd=cwd, capture_output=True, text=True,
                          env={"CONTENTQA_NO_CACHE": "1", "PATH": "/usr/bin:/bin", "HOME": str(cwd)}, timeout=300)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text("Apply the the cream twice a day.\n")
    return tmp_path


@pytest.mark.parametrize(("args", "expected"), [
    (["--select", "TOK0099"], "--select: 'TOK0099' matches no rule code, prefix, category or rule name "
                              "(did you mean 'TOK009'?)"),
    (["--ignore", "repeated-wrd"], "--ignore: 'repeated-wrd' matches no rule code, prefix, category or rule name "
                                   "(did you mean 'repeated-word'?)"),
    (["--select", "tokenz"], "(did you mean 'tokens'?)"),
    (["--select", "TOK,XYZ"], "--select: 'XYZ' matches no rule"),
])
def test_a_selector_that_matches_no_rule_is_exit_2_with_a_suggestion(site, args, expected):
    run = contentqa(site, "check", "a.txt", *args)
    assert run.returncode == 2 and run.stdout == ""
    assert len(run.stderr.splitlines()) == 1 and expected in run.stderr


@pytest.mark.parametrize("selector", ["TOK008", "TOK0", "TOK", "tokens", "repeated-word"])
def test_codes_prefixes_categories_and_rule_names_select(site, selector):
    run = contentqa(site, "check", "a.txt", "--select", selector)
    assert run.returncode == 0 and "TOK008 [warning] Repeated word" in run.stdout
    ignored = contentqa(site, "check", "a.txt", "--select", "TOK", "--ignore", selector)
    assert ignored.returncode == 0 and "TOK008" not in ignored.stdout


@pytest.mark.parametrize(("toml", "expected"), [
    ('[rules.RDB002]\nmax-words = "forty"\n',
     "[rules.RDB002] max-words must be a whole number (0 or more), not 'forty' (a string)"),
    ("[rules.RDB002]\nmax-word = 40\n", "[rules.RDB002] unknown option 'max-word' (did you mean 'max-words'?"),
    ("[rules.TOK001]\nmax-words = 40\n", "[rules.TOK001] max-words: TOK001 has no options"),
    ("[rules.long-sentense]\nmax-words = 40\n", "(did you mean 'long-sentence'?)"),
    ("[rules.SEO012]\nmax-percent = 300\n", "max-percent must be a percentage (a number from 0 to 100), not 300"),
    ("[rules.LNK003]\nreport-redirects = \"yes\"\n", "report-redirects must be true or false, not 'yes'"),
    ('selct = ["TOK"]\n', "unknown key 'selct' (did you mean 'select'?"),
    ('ignore = ["TOKK"]\n', "ignore: 'TOKK' matches no rule"),
    ('[per-path-ignores]\n"legacy/*" = ["SEOO"]\n', "per-path-ignores 'legacy/*': 'SEOO' matches no rule"),
    ('[severity]\nTOK0001 = "info"\n', "severity: 'TOK0001' matches no rule"),
    ('audience = 3\n', "'audience' must be a string"),
])
def test_configuration_mistakes_stop_at_load_naming_file_and_key(site, toml, expected):
    (site / ".contentqa.toml").write_text(toml)
    run = contentqa(site, "check", "a.txt")
    assert run.returncode == 2 and run.stdout == ""
    (line,) = run.stderr.splitlines()
    assert line.startswith(f"contentqa: {site / '.contentqa.toml'}: ") and expected in line, line


def test_pyproject_tables_are_named_as_written(site):
    (site / "pyproject.toml").write_text('[tool.contentqa.rules.RDB002]\nmax-words = "x"\n')
    run = contentqa(site, "check", "a.txt")
    assert run.returncode == 2 and "[tool.contentqa.rules.RDB002] max-words must be" in run.stderr


def test_rule_names_work_in_every_configuration_table(site):
    (site / "legacy").mkdir()
    (site / "legacy" / "b.txt").write_text("Apply the the cream.\n")
    (site / ".contentqa.toml").write_text(
        'select = ["repeated-word", "long-sentence"]\n[severity]\nrepeated-word = "error"\n'
        '[per-path-ignores]\n"legacy/*" = ["repeated-word"]\n[rules.long-sentence]\nmax-words = 3\n')
    run = contentqa(site, "check", ".", "--min-severity", "info")
    assert run.returncode == 1, run.stderr
    assert "a.txt:1:7: TOK008 [error]" in run.stdout and "b.txt:1:7: TOK008" not in run.stdout
    assert "RDB002 [info] Sentence of 7 words" in run.stdout


def test_a_prefix_in_severity_sets_every_rule_it_covers(site):
    (site / ".contentqa.toml").write_text('[severity]\nTOK = "error"\n')
    run = contentqa(site, "check", "a.txt", "--select", "TOK008")
    assert run.returncode == 1 and "TOK008 [error]" in run.stdout


def test_every_option_a_rule_reads_is_declared():
    """The table in options.py is what configurations are checked against: an option read in the
    code but missing there would be refused as unknown."""
    read = re.compile(r"""config\.option\(\s*(?:"([A-Z]{3}\d{3})"|(self|rule)\.code)\s*,\s*"([a-z-]+)\"""")
    code_of = re.compile(r'^    code = "([A-Z]{3}\d{3})"', re.M)
    missing = []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for m in read.finditer(text):
            if m.group(1):
                codes = [m.group(1)]
            elif m.group(2) == "self":
                codes = code_of.findall(text, 0, m.start())[-1:]
            else:  # a helper shared by several rules (online.py, scores.py): declared for each of them
                codes = [c for c, options in RULE_OPTIONS.items() if m.group(3) in options]
            missing += [f"{path.name}: {c} {m.group(3)}" for c in codes if m.group(3) not in RULE_OPTIONS.get(c, {})]
            assert codes, f"{path.name}: option '{m.group(3)}' is read but no rule declares it"
    assert missing == []


def test_rule_explains_by_name_and_suggests_on_a_typo(site):
    assert contentqa(site, "rule", "unused-suppression").stdout.startswith("ART101 (unused-suppression)")
    typo = contentqa(site, "rule", "stray-tokn")
    assert typo.returncode == 2 and "no rule 'stray-tokn' (did you mean 'stray-token'?)" in typo.stderr


def test_an_option_of_a_few_words_names_them(tmp_path):
    from contentqa.config import ConfigError
    from contentqa.options import RULE_OPTIONS, check_rule_options, choice

    RULE_OPTIONS["XYZ001"] = {"assessments": choice("yoast", "all")}
    try:
        check_rule_options("XYZ001", {"assessments": "all"}, "cfg.toml", "rules.XYZ001")
        with pytest.raises(ConfigError, match=r"cfg.toml: \[rules.XYZ001\] assessments must be 'yoast' or 'all', "
                                              r"not 'some' \(a string\)"):
            check_rule_options("XYZ001", {"assessments": "some"}, "cfg.toml", "rules.XYZ001")
    finally:
        del RULE_OPTIONS["XYZ001"]
