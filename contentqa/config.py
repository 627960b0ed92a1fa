"""Configuration: `.contentqa.toml` or `[tool.contentqa]` in `pyproject.toml`, found upwards.

Keys (all optional; the README documents them):
    select, ignore          codes, code prefixes or categories
    severity                {CODE = "error" | "warning" | "info"}
    per-path-ignores        {"glob" = [CODE, ...]}
    fail-on                 "error" | "warning" | "info" | "never"
    vocabulary              accepted terms; vocabulary-file: one term a line
    audience                readability profile name
    exclude                 globs of paths not to check when walking folders
    respect-gitignore       leave out what .gitignore files ignore when walking folders (default true)
    extensions              file extensions to check when walking folders
    max-file-size           bytes; larger files are reported, not read
    site-roots              folders that root-relative image paths resolve under
    nlp-model               an installed spaCy pipeline to use instead of the blank one
    packs                   extra YAML rule packs of the project (paths)
    rules                   {CODE = {option = value}} per-rule options
    online-allow-hosts      with `check --online`: hosts or networks that may be fetched although
                            they are not public (loopback, private, link-local)
    online-skip             with `check --online`: URL globs that are never fetched
    online-timeout          with `check --online`: seconds per request (default 10)
    online-concurrency      with `check --online`: requests at once (default 8)
    online-cache-days       with `check --online`: how long a working URL's result is kept (default 1)
"""

from __future__ import annotations

import difflib
import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import tomllib

from .rule import SEVERITIES

CONFIG_FILES = (".contentqa.toml", "pyproject.toml")
DEFAULT_EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm")
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", "_site")


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the file."""


@dataclass
class Config:
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    per_path_ignores: dict[str, list[str]] = field(default_factory=dict)
    fail_on: str = "error"
    vocabulary: set[str] = field(default_factory=set)
    audience: str | None = None
    keyphrase: str | None = None  # `check --keyphrase`: the focus keyphrase of every checked page
    exclude: list[str] = field(default_factory=list)
    extensions: tuple[str, ...] = DEFAULT_EXTENSIONS
    max_file_size: int = 5 * 1024 * 1024
    site_roots: list[str] = field(default_factory=lambda: [".", "static", "public"])
    # Set by `site-roots` in the configuration: it then overrides the detected site generators.
    site_roots_configured: bool = False
    nlp_model: str | None = None
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    packs: list[Path] = field(default_factory=list)
    root: Path = field(default_factory=Path.cwd)
    source: Path | None = None
    # `check --online`: fetch remote link and image URLs (LNK003, IMG007); see contentqa/online.py.
    online: bool = False
    online_allow_hosts: list[str] = field(default_factory=list)
    online_skip: list[str] = field(default_factory=list)
    online_timeout: float = 10.0
    online_concurrency: int = 8
    online_cache_days: float = 1.0
    respect_gitignore: bool = True  # folders are walked without what .gitignore files leave out

    def option(self, code: str, key: str, default: Any) -> Any:
        return self.rules.get(code, {}).get(key, default)

    def accepts(self, term: str) -> bool:
        """Whether the project vocabulary accepts `term` (case-insensitive)."""
        return term.lower() in self.vocabulary

    def ignored_for(self, path: str) -> list[str]:
        rel = _relative(path, self.root)
        return [code for pattern, codes in self.per_path_ignores.items()
                if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(Path(rel).name, pattern)
                for code in codes]

    def is_excluded(self, path: Path) -> bool:
        rel = _relative(str(path), self.root)
        parts = Path(rel).parts
        return any(part in DEFAULT_EXCLUDE for part in parts) or any(
            fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(path.name, pattern) for pattern in self.exclude)


def _relative(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def matches(code: str, category: str, selector: str) -> bool:
    """Does a select/ignore entry (code, prefix, category or ALL) cover this rule?"""
    selector = selector.strip()
    return selector == "ALL" or code.startswith(selector.upper()) or selector.lower() == category


def find_config(start: Path) -> Path | None:
    here = start.resolve()
    if here.is_file() or not here.exists():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file():
                if name == "pyproject.toml" and "[tool.contentqa" not in candidate.read_text(errors="replace"):
                    continue
                return candidate
    return None


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("contentqa", {})
    return from_mapping(data, path)


def from_mapping(data: dict[str, Any], path: Path | None = None) -> Config:
    where = str(path) if path else "configuration"
    config = Config(root=path.parent.resolve() if path else Path.cwd(), source=path)
    known = {"select", "ignore", "severity", "per-path-ignores", "fail-on", "vocabulary", "vocabulary-file",
             "audience", "exclude", "extensions", "max-file-size", "site-roots", "nlp-model", "rules", "packs",
             "online-allow-hosts", "online-skip", "online-timeout", "online-concurrency", "online-cache-days",
             "respect-gitignore"}
    for key in data:
        if key not in known:
            close = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise ConfigError(f"{where}: unknown key '{key}' ({hint}known: {', '.join(sorted(known))})")
    for key in ("severity", "per-path-ignores", "rules"):
        if not isinstance(data.get(key, {}), dict):
            raise ConfigError(f"{where}: '{key}' must be a table, not {type(data[key]).__name__}")
    for key in ("audience", "nlp-model", "vocabulary-file"):
        if not isinstance(data.get(key, ""), str):
            raise ConfigError(f"{where}: '{key}' must be a string, not {data[key]!r}")

    def strings(key: str) -> list[str]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: '{key}' must be a list of strings")
        return value

    if "select" in data:
        config.select = strings("select")
    config.ignore = strings("ignore")
    for code, level in dict(data.get("severity", {})).items():
        if level not in SEVERITIES:
            raise ConfigError(f"{where}: severity of {code} must be one of {', '.join(SEVERITIES)}, not '{level}'")
        config.severity[code] = level
    for pattern, selectors in dict(data.get("per-path-ignores", {})).items():
        if isinstance(selectors, str):
            selectors = [selectors]
        if not isinstance(selectors, list) or not all(isinstance(c, str) for c in selectors):
            raise ConfigError(f"{where}: per-path-ignores '{pattern}' must be a list of rule codes")
        config.per_path_ignores[pattern] = selectors
    fail_on = data.get("fail-on", "error")
    if fail_on not in (*SEVERITIES, "never"):
        raise ConfigError(f"{where}: fail-on must be error, warning, info or never, not '{fail_on}'")
    config.fail_on = fail_on
    config.vocabulary = {v.lower() for v in strings("vocabulary")}
    if "vocabulary-file" in data:
        vocab_path = config.root / str(data["vocabulary-file"])
        try:
            lines = vocab_path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ConfigError(f"{where}: cannot read vocabulary-file {vocab_path}: {exc.strerror}") from exc
        config.vocabulary |= {ln.strip().lower() for ln in lines if ln.strip() and not ln.startswith("#")}
    config.audience = data.get("audience")
    config.exclude = strings("exclude")
    if "extensions" in data:
        config.extensions = tuple(e if e.startswith(".") else "." + e for e in strings("extensions"))
    size = data.get("max-file-size", config.max_file_size)
    if not isinstance(size, int) or size <= 0:
        raise ConfigError(f"{where}: max-file-size must be a positive number of bytes")
    config.max_file_size = size
    if "site-roots" in data:
        config.site_roots = strings("site-roots")
        config.site_roots_configured = True
    config.nlp_model = data.get("nlp-model")
    config.packs = [config.root / p for p in strings("packs")]
    config.rules = dict(data.get("rules", {}))
    config.online_allow_hosts = strings("online-allow-hosts")
    config.online_skip = strings("online-skip")
    config.online_timeout = _number(data, "online-timeout", config.online_timeout, where, "a positive number of "
                                    "seconds", lambda v: v > 0)
    config.online_concurrency = int(_number(data, "online-concurrency", config.online_concurrency, where,
                                            "a whole number of at least 1", lambda v: isinstance(v, int) and v >= 1))
    config.online_cache_days = _number(data, "online-cache-days", config.online_cache_days, where,
                                       "a number of days (0 or more)", lambda v: v >= 0)
    config.respect_gitignore = data.get("respect-gitignore", True)
    if not isinstance(config.respect_gitignore, bool):
        raise ConfigError(f"{where}: respect-gitignore must be true or false")
    from .validation import validate

    validate(config, where, "tool.contentqa." if path is not None and path.name == "pyproject.toml" else "")
    return config


def _number(data: dict[str, Any], key: str, default: float, where: str, kind: str,
            valid: Callable[[float], bool]) -> float:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not valid(value):
        raise ConfigError(f"{where}: {key} must be {kind}")
    return value
