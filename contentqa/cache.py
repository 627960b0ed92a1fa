"""The result cache: a file checked before, unchanged, under the same rules, is not checked again.

An entry is one JSON file named by a key that hashes everything a result depends on: the file's
path and text, the effective configuration, the selected rules, the contents of the rule packs,
the tool's version and source files, and the installed libraries. Any change gives a new key, so
entries are never updated in place; stale ones are simply no longer read.

Rules that look at other files (image and link targets) are not cached: their findings can
change while the article does not, so they run again on a cache hit.

Entries are written to a temporary file and renamed into place, so concurrent runs never read a
half-written entry; an entry that cannot be read or does not fit is ignored and overwritten.

The folder gets a `.gitignore` holding `*` when it is created, and is kept under
$CONTENTQA_CACHE_MAX_MB (256 MB) by removing the least recently used entries, once a day.
`contentqa clean` removes it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, lexicon
from .rule import Finding, Fix, Rule

if TYPE_CHECKING:
    from .config import Config
    from .engine import FileResult, Source

FOLDER = ".contentqa-cache"
FORMAT = 1  # bump when the entry layout changes
# Written into a cache folder when it is created, as ruff does: the cache never shows in `git status`.
GITIGNORE = "# Created by contentqa: a cache, not part of the project.\n*\n"
MAX_MB = 256  # per cache folder; $CONTENTQA_CACHE_MAX_MB overrides
PRUNE_EVERY = 24 * 3600  # seconds: the size is looked at once a day, not on every run
_STAMP = ".last-prune"
_KEPT = (".gitignore", _STAMP)
# Modules whose rules look at files on disk (images, link targets, the site generator's configuration):
# their findings are not cached.
READS_OTHER_FILES = ("contentqa.checks.images", "contentqa.checks.links", "contentqa.checks.templates")


def cache_folder(config: Config) -> Path:
    """$CONTENTQA_CACHE_DIR, else `.contentqa-cache/` in the configuration's folder."""
    override = os.environ.get("CONTENTQA_CACHE_DIR")
    return Path(override) if override else config.root / FOLDER


def disabled_by_environment() -> bool:
    """CONTENTQA_NO_CACHE=1 (any value but empty or 0) turns the cache off, as --no-cache does."""
    return os.environ.get("CONTENTQA_NO_CACHE", "") not in ("", "0")


def prepare(folder: Path) -> None:
    """Create a cache folder (raising OSError when it cannot be), with a `.gitignore` holding `*`."""
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
    marker = folder / ".gitignore"
    if not marker.exists():
        try:
            marker.write_text(GITIGNORE, encoding="utf-8")
        except OSError:
            pass  # the cache works without it


def limit_bytes() -> int:
    try:
        return max(0, int(float(os.environ.get("CONTENTQA_CACHE_MAX_MB", MAX_MB)) * 1024 * 1024))
    except ValueError:
        return MAX_MB * 1024 * 1024


def prune(folder: Path, limit: int | None = None, force: bool = False) -> int:
    """Keep a cache folder under `limit` bytes by removing the least recently used files first
    (reads touch what they use); at most once a day unless `force`. Returns the bytes removed.

    The URL results of `--online` (urls.sqlite3) are left alone: they expire by themselves and
    may be open in this run."""
    limit = limit_bytes() if limit is None else limit
    stamp = folder / _STAMP
    try:
        if not force and time.time() - stamp.stat().st_mtime < PRUNE_EVERY:
            return 0
    except OSError:
        pass  # never pruned
    if not folder.is_dir():
        return 0
    try:
        stamp.touch()
    except OSError:
        return 0
    files: list[tuple[float, int, Path]] = []
    for path in folder.rglob("*"):
        if path.name in _KEPT or path.name.startswith("urls.sqlite3"):
            continue
        try:
            st = path.lstat()
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            files.append((max(st.st_atime, st.st_mtime), st.st_size, path))
    total = sum(size for _, size, _ in files)
    removed = 0
    for _, size, path in sorted(files):
        if total - removed <= limit * 0.8:  # a margin, so that the next run does not prune again at once
            break
        try:
            path.unlink()
            removed += size
        except OSError:
            continue
    return removed


def touch(path: Path) -> None:
    """Mark a cache file as just used: its access time, which prune goes by (set here, because
    file systems mounted noatime or relatime do not keep it). The modification time still says
    when it was written."""
    try:
        os.utime(path, ns=(time.time_ns(), path.stat().st_mtime_ns))
    except OSError:
        pass


class ResultCache:
    def __init__(self, folder: Path, config: Config, rules: Iterable[Rule]) -> None:
        rules = list(rules)
        self.folder = folder
        self.salt = _salt(config, rules)
        self._local = {r.code for r in rules if self.reads_other_files(r)}
        self._prepared = False
        prune(folder)

    @staticmethod
    def reads_other_files(rule: Rule) -> bool:
        return type(rule).__module__ in READS_OTHER_FILES

    def key(self, source: Source) -> str:
        digest = hashlib.sha256(self.salt)
        for part in (source.path, source.format, source.text):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        return digest.hexdigest()

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, source: Source) -> FileResult | None:
        """The cached result (without the findings of rules that read other files), or None."""
        key = self.key(source)
        try:
            data = json.loads(self._entry(key).read_text(encoding="utf-8"))
            if data.get("key") != key or data.get("format") != FORMAT:
                return None
            result = _result_from(data["result"])
            touch(self._entry(key))
            return result
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # missing, half-written by a crashed tool, or edited by hand: check again

    def put(self, source: Source, result: FileResult) -> None:
        """Store a result; a cache that cannot be written only costs speed."""
        key = self.key(source)
        try:
            data = {"format": FORMAT, "key": key, "result": self._result_to(result)}
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError):
            return  # a rule put something in its finding that JSON cannot hold
        entry = self._entry(key)
        try:
            if not self._prepared:
                prepare(self.folder)
                self._prepared = True
            entry.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=entry.parent, prefix=".tmp-",
                                             suffix=".json", delete=False) as handle:
                handle.write(text)
            os.replace(handle.name, entry)
        except OSError:
            try:
                os.unlink(handle.name)
            except (OSError, UnboundLocalError):
                pass

    def _result_to(self, result: FileResult) -> dict[str, Any]:
        return {"path": result.path, "format": result.format, "metrics": result.metrics,
                "findings": [_finding_to(f) for f in result.findings if f.rule not in self._local]}


def _finding_to(finding: Finding) -> dict[str, Any]:
    data = dataclasses.asdict(finding)
    data["fix"] = None if finding.fix is None else [finding.fix.replacement, finding.fix.safe]
    return data


def _result_from(data: dict[str, Any]) -> FileResult:
    from .engine import FileResult

    findings = []
    for item in data["findings"]:
        fix = item.pop("fix")
        findings.append(Finding(**item, fix=None if fix is None else Fix(str(fix[0]), bool(fix[1]))))
    return FileResult(str(data["path"]), str(data["format"]), findings, dict(data["metrics"]))


def _salt(config: Config, rules: list[Rule]) -> bytes:
    """What every result of this run depends on besides the file itself."""
    from .registry import rules_dir

    digest = hashlib.sha256()
    settings = dataclasses.asdict(config)
    parts: list[object] = [__version__, FORMAT, sys.version, json.dumps(settings, sort_keys=True, default=_plain),
                           [(r.code, r.severity, type(r).__module__) for r in rules]]
    # The tool's own code (a source checkout changes without a version bump) and the installed
    # libraries (an upgrade adds and removes folders in site-packages, which changes its mtime).
    package = Path(__file__).resolve().parent
    parts += [_stamp(p) for p in sorted(package.rglob("*.py"))]
    parts += [_stamp(Path(p)) for p in sorted({os.path.dirname(os.path.dirname(json.__file__)), *_site_packages()})]
    parts.append(lexicon.table_keys())  # the derived word tables some rules read (see tables.py)
    digest.update(repr(parts).encode("utf-8", "surrogatepass"))
    packs = sorted(rules_dir().rglob("*.yml")) + [Path(p) for p in config.packs]
    for pack in packs:
        digest.update(str(pack).encode("utf-8", "surrogatepass"))
        try:
            digest.update(pack.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
    return digest.digest()


def _site_packages() -> list[str]:
    return [p for p in sys.path if p.endswith("site-packages") and os.path.isdir(p)]


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        st = path.stat()
    except OSError:
        return str(path), -1, -1
    return str(path), st.st_size, st.st_mtime_ns


def _plain(value: object) -> object:
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)
