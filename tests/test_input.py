"""Bad and unusual input: each gets a clear one-line error or a correct result."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from contentqa.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:
    code = main(["check", "--format", "json", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def by_path(report: dict) -> dict[str, dict]:
    return {Path(f["path"]).name: f for f in report["files"]}


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


CLEAN = "Coffee is a drink made from roasted beans.\n"


def test_missing_path_is_reported_and_others_still_checked(tmp_path, capsys):
    good = write(tmp_path / "good.txt", CLEAN)
    code, report, err = run(capsys, str(tmp_path / "nope.txt"), str(good))
    files = by_path(report)
    assert files["nope.txt"]["error"] == "no such file or directory"
    assert files["good.txt"]["findings"] == [] and "error" not in files["good.txt"]
    assert code == 2
    assert "nope.txt: no such file or directory" in err


def test_folder_is_recursed_with_excludes(tmp_path, capsys):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "drafts").mkdir()
    write(tmp_path / "a" / "b" / "deep.md", "# Deep\n\n" + CLEAN)
    write(tmp_path / "top.txt", CLEAN)
    write(tmp_path / ".git" / "x.txt", CLEAN)
    write(tmp_path / "drafts" / "wip.txt", CLEAN)
    write(tmp_path / "image.png", b"\x89PNG\r\n\x1a\n")
    write(tmp_path / ".contentqa.toml", 'exclude = ["drafts"]\nselect = ["ART"]\n')
    code, report, _ = run(capsys, str(tmp_path))
    assert sorted(by_path(report)) == ["deep.md", "top.txt"]
    assert code == 0


def test_binary_file(tmp_path, capsys):
    write(tmp_path / "bin.txt", b"\x00\x01\x02binary\x00")
    code, report, _ = run(capsys, str(tmp_path / "bin.txt"))
    assert "binary" in report["files"][0]["error"]
    assert code == 2


def test_invalid_utf8_names_the_byte_and_line(tmp_path, capsys):
    write(tmp_path / "latin1.txt", "caf\u00e9\n".encode() + "second line na\u00efve\n".encode("latin-1"))
    code, report, _ = run(capsys, str(tmp_path / "latin1.txt"))
    error = report["files"][0]["error"]
    assert error.startswith("not valid UTF-8: byte 0xef on line 2")
    assert code == 2


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_byte_order_marks_keep_positions(tmp_path, capsys, encoding):
    text = "Intro line.\n\n\u00a0\n\nMore text here.\n"
    path = tmp_path / "bom.txt"
    path.write_bytes(text.encode(encoding))
    assert path.read_bytes().startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    code, report, _ = run(capsys, "--select", "ART001", str(path))
    findings = report["files"][0]["findings"]
    assert [(f["line"], f["column"]) for f in findings] == [(3, 1)]


def test_crlf_positions(tmp_path, capsys):
    text = "First paragraph here.\r\n\r\n\u00a0\r\n\r\nSecond one.\r\n"
    path = write(tmp_path / "crlf.txt", text)
    _, report, _ = run(capsys, "--select", "ART001", str(path))
    findings = report["files"][0]["findings"]
    assert [(f["line"], f["column"], f["end_column"]) for f in findings] == [(3, 1, 2)]


def test_crlf_markdown_positions(tmp_path, capsys):
    text = "---\r\ntitle: T\r\n---\r\n# Heading\r\n\r\nSome text.\r\n\r\n![x](missing-file.png)\r\n"
    path = write(tmp_path / "crlf.md", text)
    _, report, _ = run(capsys, "--select", "IMG002", str(path))
    findings = report["files"][0]["findings"]
    assert [(f["line"], f["column"], f["excerpt"]) for f in findings] == [(8, 6, "missing-file.png")]


def test_empty_file(tmp_path, capsys):
    path = write(tmp_path / "empty.md", "")
    code, report, _ = run(capsys, str(path))
    entry = report["files"][0]
    assert entry["findings"] == [] and entry["metrics"]["words"] == 0
    assert code == 0


def test_file_over_size_limit(tmp_path, capsys):
    write(tmp_path / ".contentqa.toml", "max-file-size = 100\n")
    big = write(tmp_path / "big.txt", "word " * 100)
    small = write(tmp_path / "small.txt", CLEAN)
    code, report, _ = run(capsys, str(big), str(small))
    files = by_path(report)
    assert "over the limit of 100" in files["big.txt"]["error"]
    assert "error" not in files["small.txt"]
    assert code == 2


def test_malformed_front_matter(tmp_path, capsys):
    path = write(tmp_path / "bad.md", "---\ntitle: [unclosed\ndescription: x\n---\n# Hi\n")
    code, report, _ = run(capsys, str(path))
    error = report["files"][0]["error"]
    assert error.startswith("front matter is not valid YAML")
    assert "\n" not in error
    assert code == 2


def test_front_matter_that_jekyll_reads_is_read(tmp_path, capsys):
    # A tab after a list item: a real post of a real blog; libyaml (which Jekyll uses) accepts
    # it, PyYAML's pure-Python scanner does not.
    path = write(tmp_path / "post.md", "---\ntitle: Content debt\nauthors:\n- melody\t\t\ntags:\n- content\n---\n"
                                       "# Content debt\n\nWords here.\n")
    code, report, _ = run(capsys, str(path))
    assert "error" not in report["files"][0], report["files"][0]
    assert code == 0


def test_unclosed_front_matter(tmp_path, capsys):
    path = write(tmp_path / "open.md", "---\ntitle: x\n\n# Hi\n")
    code, report, _ = run(capsys, str(path))
    assert "never closed" in report["files"][0]["error"]
    assert code == 2


def test_malformed_html_still_checked(tmp_path, capsys):
    path = write(tmp_path / "broken.html", "<html><body><p>Unclosed <b>bold\n<div><p>\u00a0</p>\n<img src='nope.png' alt='x'></td></table>")
    code, report, _ = run(capsys, "--select", "ART001,IMG002", str(path))
    rules = sorted((f["rule"], f["line"]) for f in report["files"][0]["findings"])
    assert rules == [("ART001", 2), ("IMG002", 3)]
    assert code == 1


def test_malformed_rule_pack(tmp_path, capsys):
    write(tmp_path / "team.yml", "rules:\n  - code: TOK900\n    name: bad-rule\n    category: tokens\n"
                                 "    severity: fatal\n    summary: x\n    message: x\n    phrases: [x]\n")
    write(tmp_path / ".contentqa.toml", 'packs = ["team.yml"]\n')
    article = write(tmp_path / "a.txt", CLEAN)
    code = main(["check", str(article)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{tmp_path / 'team.yml'}:5: rules.0.severity" in err
    assert err.count("\n") == 1


def test_rule_pack_with_invalid_yaml(tmp_path, capsys):
    write(tmp_path / "team.yml", "rules:\n  - code: [unclosed\n")
    write(tmp_path / ".contentqa.toml", 'packs = ["team.yml"]\n')
    code = main(["check", str(write(tmp_path / "a.txt", CLEAN))])
    err = capsys.readouterr().err
    assert code == 2 and "team.yml:3: not valid YAML" in err


def test_bad_configuration(tmp_path, capsys):
    write(tmp_path / ".contentqa.toml", 'fail-on = "sometimes"\n')
    code = main(["check", str(write(tmp_path / "a.txt", CLEAN))])
    assert code == 2
    assert ".contentqa.toml: fail-on must be" in capsys.readouterr().err
