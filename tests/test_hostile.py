"""Generated and pathological input: the checker never raises, never hangs, and every finding
points at text that is really in the file."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contentqa import Config, check_text
from contentqa.document import SourceMap

# Characters that break naive code: line endings of every kind, NBSP, zero-width and joiner
# characters, combining marks, RTL text, emoji, NUL and other controls, markup punctuation.
SPECIAL = list("\r\n\t \u00a0\u200b\u200d\u200f\u0301\u05d0\u0627\U0001f469\U0001f4bb\x00\x07\x1b<>&;#*_[]()!`-|>")
TEXT = st.text(alphabet=st.one_of(st.sampled_from(SPECIAL), st.characters(blacklist_categories=("Cs",))), max_size=400)
MARKUP_PIECES = st.sampled_from([
    "# ", "## ", "\n", "\r\n", "\n\n", "*", "**", "_", "`", "```\n", "[", "](", ")", "![", "<img src=", "<p>", "</p>",
    "<!-- contentqa-disable -->", "&nbsp;", "&amp;", "---\n", "| a | b |\n|---|---|\n", "> ", "- ", "1. ", "\u00a0",
    "dermalfillers2000", "{{name}}", "photo.jpg", "http://x.y/z", "<h2></h2>", "\\", "<", ">", "\"", "'",
])
MARKUP = st.lists(st.one_of(MARKUP_PIECES, TEXT), max_size=40).map("".join)
ALL = Config()


def assert_findings_consistent(text: str, fmt: str) -> None:
    result = check_text(text, fmt=fmt, path={"text": "a.txt", "markdown": "a.md", "html": "a.html"}[fmt], config=ALL)
    if result.error is not None:
        assert "\n" not in result.error and not result.error.startswith("internal error"), result.error
        return
    source_map = SourceMap(text)
    for f in result.findings:
        start = source_map.offset(f.line, f.column)
        end = source_map.offset(f.end_line, f.end_column)
        assert 0 <= start <= end <= len(text), f
        assert text[start:end] == f.excerpt, f
    again = check_text(text, fmt=fmt, path=result.path, config=ALL)
    assert [f.to_json() for f in again.findings] == [f.to_json() for f in result.findings]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=MARKUP, fmt=st.sampled_from(["text", "markdown", "html"]))
def test_generated_articles_never_break_the_checker(text, fmt):
    assert_findings_consistent(text, fmt)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, fmt=st.sampled_from(["text", "markdown", "html"]))
def test_random_unicode(text, fmt):
    assert_findings_consistent(text, fmt)


def timed(text: str, fmt: str) -> float:
    start = time.perf_counter()
    result = check_text(text, fmt=fmt, path="big." + {"text": "txt", "markdown": "md", "html": "html"}[fmt], config=ALL)
    assert result.error is None or "\n" not in result.error
    return time.perf_counter() - start


def test_pathological_inputs_finish():
    cases = [
        ("html", "<div>" * 100_000 + "deep" + "</div>" * 100_000),
        ("markdown", "![a](b.png) " * 20_000),
        ("markdown", "[" * 20_000 + "x" + "](" * 5_000),
        ("markdown", "*_`[<" * 20_000),
        ("text", "word " * 100_000),
        ("markdown", " \n\t\n" * 50_000),
        ("markdown", "---\ntitle: x\n" + "key: value\n" * 1000),
    ]
    for fmt, text in cases:
        assert timed(text, fmt) < 120, (fmt, text[:40])


def test_billion_laughs_front_matter_is_bounded():
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8)
    ) + "---\n# Title\n\nText.\n"
    assert timed(bomb, "markdown") < 30


def test_over_limit_file_is_refused(tmp_path, capsys):
    import json

    from contentqa.cli import main

    big = tmp_path / "big.txt"
    big.write_text("word " * 10_000_000)  # 50 MB
    small = tmp_path / "small.txt"
    small.write_text("A short article.\n")
    code = main(["check", "--format", "json", str(big), str(small)])
    files = json.loads(capsys.readouterr().out)["files"]
    assert files[0]["error"].startswith("file is 50000000 bytes, over the limit")
    assert "error" not in files[1]
    assert code == 2


def _measured(*args: str) -> tuple[int, dict, float, float]:
    """Run `contentqa check --format json ARGS` in its own process: exit code, report, seconds and
    peak memory (MiB) of that process alone."""
    import json
    import os
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "contentqa", "check", "--format", "json", *args], stdout=out)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - start
        out.seek(0)
        return child.returncode, json.loads(out.read()), elapsed, usage.ru_maxrss / 1024


def test_five_megabyte_single_lines_are_checked_within_bounds(tmp_path):
    prose = tmp_path / "prose.txt"
    prose.write_text("Results may vary but the clinic treats skin " * 113_636)  # 5 MB, one line
    letters = tmp_path / "letters.txt"
    letters.write_text("x" * 5_000_000)  # one 5 MB "word"
    code, report, seconds, peak = _measured(str(prose), str(letters))
    assert code in (0, 1)
    assert [f.get("error") for f in report["files"]] == [None, None]
    assert report["files"][0]["metrics"]["words"] == 909_088
    assert seconds < 240 and peak < 1536, (seconds, peak)


def test_a_long_line_of_debris_costs_time_in_proportion(tmp_path):
    """Keyword debris on one line: thousands of findings and pack matches in one block and
    sentence. Lookups over them were once quadratic (a 5 MB line ran for over ten minutes)."""
    import random

    rng = random.Random(1)
    pieces = ["clinic", "treats", "skin", "Botox", "2000", "<b>", "%%", "...", "dermalfillers2000", "the", "the",
              "FDA-approved", "http://x.io/a?utm_source=1", "\u00e9", "\u200b", "  "]
    line = " ".join(rng.choice(pieces) for _ in range(140_000))[:1_000_000]
    (tmp_path / "debris.txt").write_text(line)
    code, report, seconds, peak = _measured(str(tmp_path / "debris.txt"))
    assert code == 1 and len(report["files"][0]["findings"]) > 10_000
    assert seconds < 60 and peak < 1024, (seconds, peak)


def test_a_crashing_rule_is_reported_for_its_file_and_the_run_goes_on(monkeypatch):
    from contentqa.checks import tokens

    def boom(self, doc, ctx):
        raise ValueError("bad state")

    rule = next(v for v in vars(tokens).values() if isinstance(v, type) and getattr(v, "code", "") == "TOK001")
    monkeypatch.setattr(rule, "check", boom)
    result = check_text("Some text.", fmt="text", path="a.txt", config=Config())
    assert result.error == "internal error in rule TOK001 (ValueError: bad state); please report it"


def test_inputs_the_fuzzer_found():
    # Each of these once raised; keep them as regressions.
    for text, fmt in [("<![# x", "html"), ("a <!x y> b", "markdown"), ("[" * 5000 + "x", "markdown")]:
        assert_findings_consistent(text, fmt)
