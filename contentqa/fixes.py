"""Applying safe fixes: only when asked (`--fix`), and atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .rule import Finding


def apply_fixes(text: str, findings: list[Finding]) -> tuple[str, list[Finding]]:
    """Apply non-overlapping safe fixes; returns the new text and the findings fixed."""
    chosen: list[Finding] = []
    last_start = len(text) + 1
    for finding in sorted((f for f in findings if f.fix and f.fix.safe), key=lambda f: (f.start, f.end), reverse=True):
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
    read), nothing is written and OSError is raised.
    """
    if expected is not None and path.read_bytes() != expected:
        raise OSError(f"{path} changed on disk while it was being checked; not fixed")
    mode = path.stat().st_mode
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
