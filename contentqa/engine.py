"""Parse, run the selected rules, place and filter findings: one file at a time."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config, ConfigError, matches
from .context import Context
from .document import Document
from .files import UnreadableFile, detect_format, expand, read_article
from .metrics import document_metrics
from .nlp import ModelError
from .packs import PackError
from .parsers import parse
from .parsers.frontmatter import FrontMatterError
from .registry import all_rules
from .rule import SEVERITY_RANK, Finding, Rule
from .suppression import regions, suppressed


class RuleCrash(Exception):
    """A rule raised on this document; the message is one line."""


@dataclass
class FileResult:
    path: str
    format: str
    findings: list[Finding] = field(default_factory=list)
    metrics: dict[str, object] = field(default_factory=dict)
    error: str | None = None
    text: str | None = None  # kept for the text formatter's source lines and for --fix
    encoding: str = "utf-8"

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"path": self.path, "format": self.format}
        if self.error is not None:
            data["error"] = self.error
            data["findings"] = []
            return data
        data["findings"] = [f.to_json() for f in self.findings]
        data["metrics"] = self.metrics
        return data


def selected_rules(config: Config, select: list[str] | None = None, ignore: list[str] | None = None) -> list[Rule]:
    chosen = select or config.select
    dropped = (ignore or []) + config.ignore
    return [r for r in all_rules(tuple(config.packs))
            if any(matches(r.code, r.category, s) for s in chosen)
            and not any(matches(r.code, r.category, s) for s in dropped)]


def check_document(doc: Document, config: Config, rules: Iterable[Rule]) -> FileResult:
    ctx = Context(config=config, document=doc)
    path_ignores = config.ignored_for(doc.path)
    findings: list[Finding] = []
    for rule in rules:
        if any(matches(rule.code, rule.category, s) for s in path_ignores):
            continue
        try:
            findings.extend(rule.check(doc, ctx))
        except (PackError, ConfigError, ModelError):
            raise  # the run's configuration is wrong, not this file: the CLI stops with exit 2
        except Exception as exc:
            # A bug in one rule must not lose the other files of the run: report it as this
            # file's error, with what a bug report needs.
            raise RuleCrash(f"internal error in rule {rule.code} ({type(exc).__name__}: {exc}); please report it") from exc
    active = regions(doc)
    placed: list[Finding] = []
    for finding in findings:
        finding.line, finding.column = doc.position(finding.start)
        finding.end_line, finding.end_column = doc.position(max(finding.end, finding.start))
        finding.excerpt = doc.text[finding.start:finding.end]
        finding.severity = config.severity.get(finding.rule, finding.severity)
        if not suppressed(finding, active):
            placed.append(finding)
    placed.sort(key=lambda f: (f.line, f.column, f.rule))
    metrics = document_metrics(doc)
    metrics.update({k: v for k, v in ctx.metrics.items() if k not in metrics})
    return FileResult(doc.path, doc.format, placed, metrics, text=doc.text)


def check_text(text: str, fmt: str | None = None, path: str = "<text>", config: Config | None = None,
               rules: Iterable[Rule] | None = None) -> FileResult:
    """Check one article given as a string."""
    config = config or Config()
    fmt = fmt or detect_format(path, text)
    try:
        try:
            doc = parse(path, text, fmt)
        except (FrontMatterError, RecursionError):
            raise
        except Exception as exc:  # a parser bug must not lose the other files of the run
            raise RuleCrash(f"internal error while parsing ({type(exc).__name__}: {exc}); please report it") from exc
        return check_document(doc, config, rules if rules is not None else selected_rules(config))
    except (FrontMatterError, RuleCrash) as exc:
        return FileResult(path, fmt, error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)


def check_file(path: str, config: Config, rules: list[Rule], stdin_name: str | None = None) -> FileResult:
    shown = stdin_name or path
    if path == "-":
        data = sys.stdin.buffer.read()
        from .files import decode
        try:
            text, encoding = decode(data)
        except UnreadableFile as exc:
            return FileResult(shown, detect_format(shown, ""), error=str(exc))
    else:
        try:
            text, encoding = read_article(Path(path), config)
        except UnreadableFile as exc:
            return FileResult(shown, detect_format(shown, ""), error=str(exc))
    result = check_text(text, detect_format(shown, text), shown, config, rules)
    result.encoding = encoding
    return result


def check_paths(paths: list[str], config: Config | None = None, rules: list[Rule] | None = None,
                stdin_name: str | None = None) -> Iterator[FileResult]:
    """Check files, folders and globs; a file that cannot be checked yields an error result."""
    config = config or Config()
    rules = rules if rules is not None else selected_rules(config)
    for path, problem in expand(paths, config):
        if problem is not None:
            yield FileResult(path, detect_format(path, ""), error=problem)
            continue
        try:
            yield check_file(path, config, rules, stdin_name)
        except RecursionError:
            yield FileResult(path, detect_format(path, ""), error="nesting too deep to check")


def exit_code(results: Iterable[FileResult], fail_on: str) -> int:
    """0: nothing at or above fail_on; 1: findings at or above it; 2: a file could not be checked."""
    worst = -1
    errored = False
    for result in results:
        errored |= result.error is not None
        for finding in result.findings:
            worst = max(worst, SEVERITY_RANK[finding.severity])
    if errored:
        return 2
    if fail_on != "never" and worst >= SEVERITY_RANK[fail_on]:
        return 1
    return 0
