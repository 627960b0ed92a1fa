"""What contentqa leaves on disk and which files it reads, in a real git repository, run as a user
runs it: `python -m contentqa` in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from contentqa.cache import GITIGNORE, prune

pytestmark = pytest.mark.skipif(subprocess.run(["git", "--version"], capture_output=True).returncode != 0,
                                reason="git is not installed")


def contentqa(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(cwd.parent),
                   "XDG_CACHE_HOME": str(cwd.parent / "xdg"), **env}
    return subprocess.run([sys.executable, "-m", "contentqa", *args], cwd=cwd, capture_output=True, text=True,
                          env=environment, timeout=300)


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    git(root, "init", "-q")
    (root / "a.md").write_text("# A\n\nApply the the cream.\n")
    return root


def checked(run: subprocess.CompletedProcess[str]) -> list[str]:
    assert run.returncode in (0, 1), run.stderr
    return sorted(Path(f["path"]).as_posix() for f in json.loads(run.stdout)["files"])


def test_the_result_cache_ignores_itself_in_git(repo):
    run = contentqa(repo, "check", "--select", "TOK", ".")
    assert run.returncode == 0, run.stderr
    assert (repo / ".contentqa-cache" / ".gitignore").read_text() == GITIGNORE
    assert git(repo, "status", "--porcelain", "--untracked-files=all").splitlines() == ["?? a.md"]


def test_gitignored_files_are_left_out_of_folders(repo):
    (repo / ".gitignore").write_text("drafts/\n*.tmp.md\n!keep.tmp.md\n/content/old.md\n")
    (repo / "drafts").mkdir()
    (repo / "drafts" / "d.md").write_text("Draft.\n")
    (repo / "content").mkdir()
    for name in ("x.tmp.md", "keep.tmp.md", "old.md", "new.md", "local.md"):
        (repo / "content" / name).write_text("Text.\n")
    (repo / "content" / ".gitignore").write_text("local.md\n")
    args = ("check", "--format", "json", "--select", "TOK", "--no-cache")
    assert checked(contentqa(repo, *args, ".")) == ["a.md", "content/keep.tmp.md", "content/new.md"]
    # a subfolder sees the .gitignore files above it, up to the repository's top
    assert checked(contentqa(repo / "content", *args, ".")) == ["keep.tmp.md", "new.md"]
    every = checked(contentqa(repo, *args, "--no-respect-gitignore", "."))
    assert "drafts/d.md" in every and "content/local.md" in every and len(every) == 7
    # a file named on the command line is checked whatever .gitignore says
    assert checked(contentqa(repo, *args, "drafts/d.md")) == ["drafts/d.md"]
    (repo / ".contentqa.toml").write_text("respect-gitignore = false\n")
    assert len(checked(contentqa(repo, *args, "."))) == 7


def test_the_cache_is_kept_under_its_size_by_dropping_the_least_recently_used(repo, tmp_path):
    cache = tmp_path / "cache"
    (cache / "ab").mkdir(parents=True)
    old, recent = cache / "ab" / "old.json", cache / "ab" / "recent.json"
    old.write_bytes(b"x" * 600_000)
    recent.write_bytes(b"y" * 300_000)
    os.utime(old, (time.time() - 3600, time.time() - 3600))  # neither read nor written for an hour
    run = contentqa(repo, "check", "--select", "TOK", ".", CONTENTQA_CACHE_DIR=str(cache), CONTENTQA_CACHE_MAX_MB="0.8")
    assert run.returncode == 0, run.stderr
    assert not old.exists() and recent.exists()
    assert len(list(cache.glob("[0-9a-f][0-9a-f]/*.json"))) >= 2  # this run's entry was written
    recent.write_bytes(b"y" * 900_000)
    assert prune(cache, limit=800_000) == 0  # pruned less than a day ago: not looked at again
    assert prune(cache, limit=800_000, force=True) > 0 and not recent.exists()


def test_clean_removes_the_project_cache_and_the_user_cache(repo, tmp_path):
    assert contentqa(repo, "check", "--select", "TOK", ".").returncode == 0
    tables = tmp_path / "xdg" / "contentqa" / "tables"
    tables.mkdir(parents=True, exist_ok=True)
    (tables / "words.marshal").write_bytes(b"x")
    run = contentqa(repo, "clean")
    assert run.returncode == 0, run.stderr
    assert not (repo / ".contentqa-cache").exists() and not (tmp_path / "xdg" / "contentqa").exists()
    assert f"removed {repo / '.contentqa-cache'}" in run.stderr
    elsewhere = tmp_path / "mine"
    elsewhere.mkdir()
    (elsewhere / "notes.txt").write_text("keep me")
    refused = contentqa(repo, "clean", CONTENTQA_CACHE_DIR=str(elsewhere))
    assert refused.returncode == 2 and (elsewhere / "notes.txt").exists() and "not a contentqa cache" in refused.stderr
