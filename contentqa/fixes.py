"""Applying safe fixes: only when asked (`--fix`), and atomically."""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .rule import Finding


def apply_fixes(text: str, findings: list[Finding], unsafe: bool = False) -> tuple[str, list[Finding]]:
    """Apply non-overlapping safe fixes (and unsafe ones if asked); returns the new text and the findings fixed."""
    chosen: list[Finding] = []
    last_start = len(text) + 1
    wanted = (f for f in findings if f.fix and (f.fix.safe or unsafe))
    for finding in sorted(wanted, key=lambda f: (f.start, f.end), reverse=True):
        if finding.end <= last_start:
            chosen.append(finding)
            last_start = finding.start
    for finding in chosen:  # from the end, so earlier offsets stay valid
        assert finding.fix is not None
        text = text[:finding.start] + finding.fix.replacement + text[finding.end:]
    return text, chosen


def write_atomically(path: Path, text: str, encoding: str, expected: bytes | None = None) -> None:
    """Write through a temporary file in the same folder and rename it into place.

    If `expected` is given and the file no longer holds those bytes (it changed after it was
    read), nothing is written and OSError is raised, unless it already holds exactly the new
    text (another run applied the same fixes first).
    """
    mode = path.stat().st_mode
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode & 0o7777)
        with _locked(path):
            # Compared as late as possible: between this read and the rename, only another
            # contentqa run could write, and the lock makes it wait.
            if expected is not None:
                current = path.read_bytes()
                if current != expected:
                    if current == text.encode(encoding):
                        os.unlink(tmp)
                        return
                    raise OSError(f"{path} changed on disk while it was being checked; not fixed")
            os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an advisory lock on the article, so that concurrent `--fix` runs take turns.

    Editors do not take such locks; for them the late comparison above is what protects."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: the comparison alone
        yield
        return
    with path.open("rb") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def unified_diff(path: str, before: str, after: str) -> str:
    """What `--fix` would change in one file, as a unified diff (`--diff`)."""
    def split(text: str) -> list[str]:  # on \n only, as git does (str.splitlines also splits on U+2028 and others)
        parts = text.split("\n")
        return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])

    lines = difflib.unified_diff(split(before), split(after), fromfile=f"a/{path}", tofile=f"b/{path}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
