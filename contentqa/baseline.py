"""The baseline: today's findings, recorded so that a check fails only on new ones.

The file (`.contentqa-baseline.json` by convention) lists findings by path and fingerprint (see
`fingerprint.py`); paths are relative to the baseline file's folder, so the file works from any
working directory. An entry may carry a `reason`: a dismissal that a person wrote and that
`baseline create` keeps when it rewrites the file. Entries whose finding is gone are stale.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .config import ConfigError
from .engine import FileResult
from .fingerprint import stamped

VERSION = 1


class BaselineError(ConfigError):
    """A baseline file that cannot be read (exit code 2)."""


@dataclass
class Entry:
    path: str
    rule: str
    fingerprint: str
    line: int = 0  # where it was when recorded: for people reading the file, not for matching
    message: str = ""
    reason: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return self.path, self.fingerprint

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"path": self.path, "rule": self.rule, "fingerprint": self.fingerprint,
                                   "line": self.line, "message": self.message}
        if self.reason:
            data["reason"] = self.reason
        return data


@dataclass
class Outcome:
    """What applying a baseline did: how many findings it hid, and its entries that matched nothing."""

    known: int = 0
    stale: list[Entry] = field(default_factory=list)

    def describe(self) -> str:
        text = f"baseline: {self.known} known finding{'s' * (self.known != 1)} not reported"
        if self.stale:
            text += (f"; {len(self.stale)} entr{'ies' if len(self.stale) != 1 else 'y'} no longer found "
                     "(fixed? refresh with `contentqa baseline create`)")
        return text


def relative(path: str, folder: Path) -> str:
    """A checked path as the baseline records it: relative to the baseline's folder, with '/'."""
    if path == "-" or path.startswith("<"):
        return path
    try:
        return Path(os.path.relpath(os.path.realpath(path), os.path.realpath(folder))).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).as_posix()


def entries_of(results: Iterable[FileResult], folder: Path) -> list[Entry]:
    entries: list[Entry] = []
    for result in results:
        if result.error is not None or result.text is None:
            continue
        path = relative(result.path, folder)
        for finding, fp in zip(result.findings, stamped(result.text, result.findings), strict=True):
            entries.append(Entry(path, finding.rule, fp, finding.line, finding.message))
    return sorted(entries, key=lambda e: (e.path, e.line, e.rule, e.fingerprint))


def load(path: Path) -> list[Entry]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{path}: not a contentqa baseline (invalid JSON: {exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a contentqa baseline (no 'findings' list)")
    if data.get("version", VERSION) != VERSION:
        raise BaselineError(f"{path}: baseline version {data.get('version')} is not supported (expected {VERSION})")
    entries: list[Entry] = []
    for number, item in enumerate(data["findings"], 1):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("path", "rule", "fingerprint")):
            raise BaselineError(f"{path}: entry {number} needs string 'path', 'rule' and 'fingerprint'")
        reason = item.get("reason")
        entries.append(Entry(item["path"], item["rule"], item["fingerprint"], int(item.get("line") or 0),
                             str(item.get("message") or ""), str(reason) if reason else None))
    return entries


def write(path: Path, entries: list[Entry], previous: list[Entry] | None = None) -> None:
    """Write the baseline; reasons given to entries of `previous` carry over to the same findings."""
    reasons = {e.key: e.reason for e in previous or [] if e.reason}
    for entry in entries:
        entry.reason = entry.reason or reasons.get(entry.key)
    document = {"tool": "contentqa", "version": VERSION, "findings": [e.to_json() for e in entries]}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def apply(results: list[FileResult], entries: list[Entry], folder: Path) -> Outcome:
    """Drop the findings the baseline knows (in place); report the entries that matched nothing."""
    remaining = Counter(e.key for e in entries)
    outcome = Outcome()
    checked: set[str] = set()
    for result in results:
        if result.error is not None or result.text is None:
            continue
        path = relative(result.path, folder)
        checked.add(path)
        kept = []
        for finding, fp in zip(result.findings, stamped(result.text, result.findings), strict=True):
            if remaining[(path, fp)] > 0:
                remaining[(path, fp)] -= 1
                outcome.known += 1
            else:
                kept.append(finding)
        result.findings = kept
    for entry in entries:
        gone = entry.path not in checked and not (folder / entry.path).exists()
        if remaining[entry.key] > 0 and (entry.path in checked or gone):
            remaining[entry.key] -= 1
            outcome.stale.append(entry)
    return outcome
