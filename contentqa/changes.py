"""What changed against a git ref: the files, and the lines in them (`--changed-since`, `--changed-lines-only`).

The comparison is between the merge base of REF and HEAD (`git merge-base REF HEAD`, the point
the branch started from, so commits that landed on REF since do not count) and the working tree:
committed changes, uncommitted edits of tracked files, and untracked files that git does not
ignore (all their lines count as changed). In CI the working tree is the pull request's head,
so this is exactly what the pull request changes. Deleted files are not checked.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config, ConfigError
from .files import expand
from .rule import Finding

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
# Fixed prefixes and no colour, whatever the user's git configuration says.
_DIFF = ("-c", "core.quotepath=off", "diff", "--no-color", "--no-ext-diff", "--find-renames",
         "--diff-filter=ACMR", "--src-prefix=a/", "--dst-prefix=b/")


class GitError(ConfigError):
    """git is missing, this is not a repository, or the ref is unknown (exit code 2)."""


def _git(args: Iterable[str], cwd: Path) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                              errors="surrogateescape")
    except FileNotFoundError as exc:
        raise GitError("--changed-since needs git, which is not installed") from exc
    if done.returncode != 0:
        raise GitError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"git {' '.join(args)} failed")
    return done.stdout


def _unquote(path: str) -> str:
    # git quotes paths with control characters, quotes or backslashes, C style.
    return ast.literal_eval(path) if path.startswith('"') else path


def parse_diff(diff: str) -> dict[str, set[int]]:
    """Added or modified line numbers (in the new file) per path, from `git diff -U0` output."""
    lines: dict[str, set[int]] = {}
    current: set[int] | None = None
    for row in diff.splitlines():
        if row.startswith("+++ "):
            target = row[4:].rstrip("\t")
            current = None if target == "/dev/null" else lines.setdefault(_unquote(target)[2:], set())
        elif row.startswith("@@") and current is not None:
            match = _HUNK.match(row)
            if match:
                start, count = int(match.group(1)), int(match.group(2) or 1)
                current.update(range(start, start + count))  # count 0: a pure deletion adds no line
    return lines


@dataclass
class Changes:
    """Changed files (real paths) and, per file, the changed lines; None means every line (a new file)."""

    root: Path
    base: str
    files: dict[str, set[int] | None] = field(default_factory=dict)

    def lines(self, path: str) -> set[int] | None:
        return self.files.get(os.path.realpath(path), set())

    def touches(self, path: str) -> bool:
        return os.path.realpath(path) in self.files

    def on_changed_line(self, path: str, finding: Finding) -> bool:
        lines = self.lines(path)
        if lines is None:
            return True
        return any(line in lines for line in range(finding.line, max(finding.line, finding.end_line) + 1))


def changes_since(ref: str, cwd: Path | None = None) -> Changes:
    """Files and lines changed in the working tree against the merge base of `ref` and HEAD."""
    cwd = cwd or Path.cwd()
    root = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    try:
        base = _git(["merge-base", ref, "HEAD"], root).strip()
    except GitError as exc:
        raise GitError(f"{ref}: no merge base with HEAD ({exc}); is the ref fetched, with enough "
                       "history (actions/checkout: fetch-depth: 0)?") from exc
    changes = Changes(root, base)
    for name in _git([*_DIFF, "--name-only", "-z", base, "--"], root).split("\0"):
        if name:
            changes.files[os.path.realpath(root / name)] = set()
    for name, lines in parse_diff(_git([*_DIFF, "-U0", base, "--"], root)).items():
        changes.files[os.path.realpath(root / name)] = lines
    for name in _git(["ls-files", "--others", "--exclude-standard", "-z"], root).split("\0"):
        if name:
            changes.files[os.path.realpath(root / name)] = None
    return changes


def changed_paths(arguments: list[str], config: Config, changes: Changes) -> list[str]:
    """The files among `arguments` (files, folders, globs) that changed; problems are kept to be reported."""
    chosen: list[str] = []
    for path, problem in expand(arguments, config):
        if path == "-" or problem is not None or changes.touches(path):
            chosen.append(path)
    return chosen
