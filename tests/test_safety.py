"""Nothing lost: unreadable input is reported and skipped, and `--fix` never damages a file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from contentqa import fixes
from contentqa.cli import main

DEBRIS = "First paragraph.\n\n\u00a0\n\nLast paragraph.\n"


def report(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code = main(["check", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_unlistable_folder_is_reported_and_the_walk_goes_on(tmp_path, capsys, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text("Hidden.\n")
    (tmp_path / "open.txt").write_text("Visible.\n")
    real_scandir = os.scandir

    def scandir(path):  # root can read anything, so refuse the listing here instead
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, data = report(capsys, str(tmp_path))
    entries = {Path(f["path"]).name: f for f in data["files"]}
    assert entries["locked"]["error"] == "cannot list folder: Permission denied"
    assert "error" not in entries["open.txt"]
    assert code == 2


def test_unreadable_file_is_reported(tmp_path, capsys, monkeypatch):
    locked = tmp_path / "locked.txt"
    locked.write_text("x\n")
    (tmp_path / "fine.txt").write_text("Fine.\n")
    real_open = Path.open

    def fake_open(self, *args, **kwargs):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", fake_open)
    code, data = report(capsys, str(locked), str(tmp_path / "fine.txt"))
    assert [f.get("error") for f in data["files"]] == ["permission denied", None]
    assert code == 2


def test_symlink_loops_terminate(tmp_path, capsys):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "a" / "x.txt").write_text("Words.\n")
    code, data = report(capsys, str(tmp_path))
    assert [Path(f["path"]).name for f in data["files"]] == ["x.txt"]


def test_interrupted_fix_leaves_the_original_intact(tmp_path, capsys, monkeypatch):
    article = tmp_path / "a.txt"
    article.write_text(DEBRIS)

    def crash(src, dst):
        raise KeyboardInterrupt  # killed between writing the temporary file and renaming it

    monkeypatch.setattr(fixes.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        fixes.write_atomically(article, "changed", "utf-8")
    assert article.read_text() == DEBRIS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_killed_fix_process_leaves_the_original_intact(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(DEBRIS)
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from contentqa import fixes\n"
        "real = os.fsync\n"
        "def die(fd):\n"
        "    real(fd)\n"
        "    os._exit(9)  # the process dies after writing the temporary file\n"
        "fixes.os.fsync = die\n"
        f"fixes.write_atomically(Path({str(article)!r}), 'changed', 'utf-8')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert result.returncode == 9
    assert article.read_text() == DEBRIS


def test_file_changed_after_it_was_read_is_not_overwritten(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("new content from an editor\n")
    with pytest.raises(OSError, match="changed on disk"):
        fixes.write_atomically(article, "fixed", "utf-8", expected=DEBRIS.encode())
    assert article.read_text() == "new content from an editor\n"


def test_fix_keeps_encoding_and_line_endings(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_bytes(("First.\r\n\r\n\u00a0\r\n\r\nLast.\r\n").encode("utf-8-sig"))
    main(["check", "--fix", "--select", "ART001", str(article)])
    capsys.readouterr()
    assert article.read_bytes() == "First.\r\n\r\n\r\n\r\nLast.\r\n".encode("utf-8-sig")


def test_closed_pipe_exits_quietly(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Synergy the the word.\n" * 2000)
    command = f"{sys.executable} -m contentqa check {article} | head -n 1"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True)
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
