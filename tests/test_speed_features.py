"""The result cache, worker processes, streamed output and rule loading by selection."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from contentqa import cli, registry
from contentqa.config import Config
from contentqa.engine import check_paths, selected_rules
from contentqa.registry import CHECK_MODULES, MODULE_CATEGORY, all_rules, rules_for
from contentqa.report import FORMATTERS
from contentqa.report.stream import STREAMS
from contentqa.rule import PREFIXES

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "seed-article.txt"
# Cheap rules for most tests (no spaCy): the cache and the pool behave the same for every rule.
FAST = "TOK,ART,IMG"


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test here caches into its own folder, never into the project."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("CONTENTQA_CACHE_DIR", str(folder))
    monkeypatch.delenv("CONTENTQA_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    (folder / "img").mkdir(parents=True)
    (folder / "a.md").write_text("# Title\n\nBotox has  dermalfillers2000  a go-to solution.\n\n"
                                 "![Hero](img/hero.png)\n", encoding="utf-8")
    (folder / "b.txt").write_text("The the repeated word.\n\n\u00a0\n\nMore text here.\n", encoding="utf-8")
    (folder / "c.html").write_text("<h1>Page</h1><p>Lorem ipsum dolor sit amet.</p><p>{{first_name}}</p>\n",
                                   encoding="utf-8")
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = cli.main(["check", *argv])
    return code, capsys.readouterr().out


def entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.json")) if folder.exists() else []


def test_a_cache_hit_gives_the_same_output(site: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = run(capsys, str(site), "--select", FAST, "--format", "json", "--jobs", "1")
    assert len(entries(cache_dir)) == 3
    stamps = [p.stat().st_mtime_ns for p in entries(cache_dir)]
    second = run(capsys, str(site), "--select", FAST, "--format", "json", "--jobs", "1")
    assert second == first
    assert [p.stat().st_mtime_ns for p in entries(cache_dir)] == stamps  # read, not written again
    assert run(capsys, str(site), "--select", FAST, "--jobs", "1") == run(capsys, str(site), "--select", FAST, "--no-cache")


def test_changed_file_config_or_pack_gives_a_new_entry(site: Path, cache_dir: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, str(site), "--select", FAST, "--jobs", "1")
    assert len(entries(cache_dir)) == 3
    (site / "b.txt").write_text("The the changed.\n", encoding="utf-8")
    code, out = run(capsys, str(site), "--select", FAST, "--jobs", "1")
    assert "changed" in out and len(entries(cache_dir)) == 4  # only the changed file is checked again
    (site / ".contentqa.toml").write_text('[rules.TOK001]\n\n[severity]\nTOK001 = "info"\n', encoding="utf-8")
    code, out = run(capsys, str(site), "--select", FAST, "--jobs", "1", "--min-severity", "info")
    assert "TOK001 [info]" in out and len(entries(cache_dir)) == 7
    pack = site / "house.yml"
    pack.write_text("rules:\n  - code: HSE001\n    name: house-word\n    category: style\n    severity: warning\n"
                    "    summary: House word\n    message: \"House word '{match}'\"\n    phrases: [go-to]\n",
                    encoding="utf-8")
    (site / ".contentqa.toml").write_text('packs = ["house.yml"]\n', encoding="utf-8")
    code, out = run(capsys, str(site), "--select", f"{FAST},HSE", "--jobs", "1")
    assert "HSE001" in out
    pack.write_text(pack.read_text(encoding="utf-8").replace("go-to", "ipsum"), encoding="utf-8")
    registry._pack_rules.cache_clear()  # a new process would read the pack again; this one keeps it
    all_rules.cache_clear()
    code, out = run(capsys, str(site), "--select", f"{FAST},HSE", "--jobs", "1")
    assert "House word 'ipsum'" in out and "House word 'go-to'" not in out


def test_image_checks_run_again_on_a_cache_hit(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, str(site / "a.md"), "--select", "IMG", "--format", "json")
    assert json.loads(out)["files"][0]["findings"]  # img/hero.png is missing
    (site / "img" / "hero.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    code, out = run(capsys, str(site / "a.md"), "--select", "IMG", "--format", "json")
    assert not [f for f in json.loads(out)["files"][0]["findings"] if "hero.png" in f["message"]]


def test_a_corrupt_entry_is_ignored_and_overwritten(site: Path, cache_dir: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    expected = run(capsys, str(site), "--select", FAST, "--format", "json", "--jobs", "1")
    for i, entry in enumerate(entries(cache_dir)):
        entry.write_text(["{not json", "", '{"format": 1, "key": "x"}'][i], encoding="utf-8")
    assert run(capsys, str(site), "--select", FAST, "--format", "json", "--jobs", "1") == expected
    assert all(json.loads(e.read_text(encoding="utf-8"))["key"] == e.stem for e in entries(cache_dir))


def test_no_cache_writes_nothing(site: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, str(site), "--select", FAST, "--no-cache")
    assert not cache_dir.exists()
    monkeypatch.setenv("CONTENTQA_NO_CACHE", "1")
    run(capsys, str(site), "--select", FAST)
    assert not cache_dir.exists()


def test_without_the_variable_the_cache_is_in_the_configuration_folder(site: Path, monkeypatch: pytest.MonkeyPatch,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("CONTENTQA_CACHE_DIR")
    (site / ".contentqa.toml").write_text("", encoding="utf-8")
    run(capsys, str(site), "--select", "ART", "--jobs", "1")
    assert entries(site / ".contentqa-cache")


def test_fix_rewrites_files_and_the_next_run_sees_the_new_text(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, str(site), "--select", "ART", "--jobs", "1")  # the unfixed results are cached
    run(capsys, str(site), "--select", "ART", "--fix", "--jobs", "1")
    fixed = (site / "b.txt").read_text(encoding="utf-8")
    assert "\u00a0" not in fixed
    assert run(capsys, str(site), "--select", "ART", "--jobs", "1") == run(capsys, str(site), "--select", "ART",
                                                                           "--no-cache")


def test_concurrent_runs_share_the_cache_safely(site: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for i in range(12):
        (site / f"copy{i}.txt").write_text(f"Copy {i}: the the word  and dermalfillers2000.\n", encoding="utf-8")
    expected = run(capsys, str(site), "--select", FAST, "--format", "json", "--no-cache")[1]
    command = [sys.executable, "-m", "contentqa", "check", str(site), "--select", FAST, "--format", "json",
               "--jobs", "1"]
    env = {**os.environ, "CONTENTQA_CACHE_DIR": str(cache_dir)}
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) for _ in range(3)]
    outputs = [p.communicate(timeout=300)[0] for p in runs]
    assert outputs == [expected] * 3
    assert run(capsys, str(site), "--select", FAST, "--format", "json")[1] == expected
    assert not list(cache_dir.rglob(".tmp-*"))


def test_workers_keep_input_order_and_per_file_errors(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "binary.txt").write_bytes(b"\x00\x01binary")
    serial = run(capsys, str(site), str(site / "missing.md"), "--select", FAST, "--format", "json", "--jobs", "1",
                 "--no-cache")
    parallel = run(capsys, str(site), str(site / "missing.md"), "--select", FAST, "--format", "json", "--jobs", "2",
                   "--no-cache")
    assert parallel == serial and serial[0] == 2
    files = json.loads(serial[1])["files"]
    assert [Path(f["path"]).name for f in files] == ["a.md", "b.txt", "binary.txt", "c.html", "missing.md"]
    assert [("error" in f) for f in files] == [False, False, True, False, True]


def test_streamed_output_equals_the_formatters(site: Path) -> None:
    config = Config()
    rules = selected_rules(config, ["TOK", "ART", "IMG"])
    for fmt in ("text", "json"):
        whole, streamed = io.StringIO(), io.StringIO()
        results = list(check_paths([str(site), str(site / "missing.md")], config, rules))
        FORMATTERS[fmt](results, whole, False)
        stream = STREAMS[fmt](streamed, False)
        for result in results:
            stream.add(result)
        stream.close()
        assert streamed.getvalue() == whole.getvalue()
        empty_whole, empty_streamed = io.StringIO(), io.StringIO()
        FORMATTERS[fmt]([], empty_whole, False)
        STREAMS[fmt](empty_streamed, False).close()
        assert empty_streamed.getvalue() == empty_whole.getvalue()


def test_json_stream_keeps_line_separators_inside_strings() -> None:
    from contentqa.engine import FileResult

    out = io.StringIO()
    stream = STREAMS["json"](out, False)
    stream.add(FileResult("a\u2028b.txt", "text"))
    stream.close()
    assert json.loads(out.getvalue())["files"][0]["path"] == "a\u2028b.txt"


def test_each_check_module_holds_only_its_own_category() -> None:
    """Rule loading by selection relies on it (registry.rules_for)."""
    prefix = {category: p for p, category in PREFIXES.items()}
    for rule in all_rules():
        module = type(rule).__module__.rsplit(".", 1)[-1]
        if module in CHECK_MODULES:
            category = MODULE_CATEGORY.get(module, module)
            assert rule.category == category and rule.code.startswith(prefix[category]), rule.code


@pytest.mark.parametrize("selectors", [("TOK",), ("ART001", "images"), ("T",), ("seo", "MED00"), ("ALL",)])
def test_loading_by_selection_finds_the_same_rules(selectors: tuple[str, ...]) -> None:
    from contentqa.config import matches

    everything = [r.code for r in all_rules() if any(matches(r.code, r.category, s) for s in selectors)]
    assert [r.code for r in rules_for(selectors) if any(matches(r.code, r.category, s) for s in selectors)] == everything


def test_a_narrow_selection_imports_no_heavy_library() -> None:
    script = ("import sys\nfrom contentqa.cli import main\n"
              f"code = main(['check', {str(SEED)!r}, '--select', 'ART', '--no-cache'])\n"
              "print(sorted(m for m in ('spacy', 'bs4', 'markdown_it', 'jsonschema', 'wordfreq', 'ftfy') "
              "if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300).stdout
    assert out.strip().splitlines()[-1] == "[]"
