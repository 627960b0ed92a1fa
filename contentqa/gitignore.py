"""Which files the project's `.gitignore` files leave out when folders are walked.

Matching uses pathspec's GitIgnoreSpec: git's own wildmatch rules (negation, anchoring, `dir/`
patterns, `**`) in pure Python, maintained and used by black, mypy and others. Asking git
instead (`git check-ignore`, `git ls-files`) would need a git binary and a repository at run
time, and a subprocess per walk; articles are often checked outside either (an export, a
container without git). What pathspec does not read, git's global `core.excludesFile`, is
per machine rather than per project, so a CI run and a laptop agree without it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pathspec


class GitIgnore:
    """The `.gitignore` files that apply under a folder: those from the repository's top (the
    nearest folder above holding `.git`) down to it, `.git/info/exclude`, and those met below
    it while walking (`enter`)."""

    def __init__(self, start: Path) -> None:
        self.specs: dict[Path, pathspec.GitIgnoreSpec] = {}
        start = _absolute(start)
        top = next((folder for folder in (start, *start.parents) if (folder / ".git").exists()), None)
        if top is not None:
            self._load(top, top / ".git" / "info" / "exclude")
            for folder in reversed([start, *start.parents]):
                if folder == top or top in folder.parents:
                    self.enter(folder)
        else:
            self.enter(start)

    def enter(self, folder: Path) -> None:
        """Read `folder/.gitignore`, if there is one (called for each folder as the walk reaches it)."""
        self._load(_absolute(folder), folder / ".gitignore")

    def _load(self, base: Path, file: Path) -> None:
        try:
            lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return
        spec = pathspec.GitIgnoreSpec.from_lines(lines)
        if base in self.specs:  # .git/info/exclude and the top .gitignore share a base
            spec = pathspec.GitIgnoreSpec([*self.specs[base].patterns, *spec.patterns])
        self.specs[base] = spec

    def ignored(self, path: Path, is_dir: bool = False) -> bool:
        """As git decides: the deepest `.gitignore` with a pattern that matches has the last word."""
        path = _absolute(path)
        for base in path.parents:
            spec = self.specs.get(base)
            if spec is None:
                continue
            decision = spec.check_file(path.relative_to(base).as_posix() + ("/" if is_dir else "")).include
            if decision is not None:
                return decision
        return False


def _absolute(path: Path) -> Path:
    # Not resolve(): the walk does not follow symbolic links, and one syscall per file adds up.
    return Path(os.path.abspath(path))
