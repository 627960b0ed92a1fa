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


def test_two_concurrent_fix_runs_on_one_tree(tmp_path):
    """Both runs finish without errors, every file is fixed exactly once, nothing is left behind,
    and the result cache they shared gives the same findings as a run without it."""
    tree = tmp_path / "tree"
    tree.mkdir()
    for i in range(24):
        (tree / f"a{i:02}.txt").write_text(f"Article {i}.\n\n\u00a0\n\nThe end of article {i}.\n")
    env = {**os.environ, "CONTENTQA_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("CONTENTQA_NO_CACHE", None)
    check = [sys.executable, "-m", "contentqa", "check", "--select", "ART001", "--format", "json"]
    runs = [subprocess.Popen([*check, "--fix", str(tree)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
        assert all("error" not in f for f in json.loads(out)["files"])
    for i in range(24):
        assert (tree / f"a{i:02}.txt").read_text() == f"Article {i}.\n\n\n\nThe end of article {i}.\n"
    assert sorted(p.name for p in tree.iterdir()) == [f"a{i:02}.txt" for i in range(24)]
    (tree / "a00.txt").write_text(DEBRIS)  # one file to find again, through the cache and without it
    cached = subprocess.run([*check, str(tree)], env=env, capture_output=True, text=True)
    fresh = subprocess.run([*check, "--no-cache", str(tree)], env=env, capture_output=True, text=True)
    assert cached.stdout == fresh.stdout
    assert [len(f["findings"]) for f in json.loads(fresh.stdout)["files"]] == [1] + [0] * 23


def test_fix_that_another_run_already_applied_is_not_an_error(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("fixed\n")
    fixes.write_atomically(article, "fixed\n", "utf-8", expected=DEBRIS.encode())
    assert article.read_text() == "fixed\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


AUDIT = """
import sys
NETWORK = {"socket.connect", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo", "socket.gethostbyname",
           "socket.gethostbyname_ex", "socket.gethostbyaddr", "urllib.Request", "http.client.connect"}
opened = []
def hook(event, args):
    # Traffic and name lookups; not socket creation: an import of urllib3 (through spaCy)
    # probes for IPv6 by binding a socket to ::1, which sends nothing.
    if event in NETWORK:
        opened.append(event)
sys.addaudithook(hook)
from contentqa.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
print("NETWORK:" + ",".join(sorted(set(opened))), file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_whole_check_run_opens_no_socket(tmp_path, jobs):
    samples = Path(__file__).parent.parent / "samples"
    env = {**os.environ, "CONTENTQA_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-c", AUDIT, "check", "--jobs", jobs, "--format", "json", str(samples)],
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 1), result.stderr
    assert len(json.loads(result.stdout)["files"]) >= 3
    assert result.stderr.strip().splitlines()[-1] == "NETWORK:"
