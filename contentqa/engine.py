"""Parse, run the selected rules, place and filter findings: one file at a time."""

from __future__ import annotations

import re
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config, ConfigError, matches
from .context import Context
from .document import Document
from .files import UnreadableFile, decode, detect_format, expand, read_article
from .metrics import document_metrics
from .nlp import ModelError
from .packs import PackError
from .parsers import parse
from .parsers.frontmatter import FrontMatterError
from .registry import rules_for
from .rule import SEVERITY_RANK, Finding, Rule
from .suppression import Suppressions, dormant
from .suppression import parse as parse_suppressions

if TYPE_CHECKING:
    from .cache import ResultCache
    from .parallel import Engine, Pending


# Line breaks (and tabs) with the spaces around them; other runs of spaces are left as written.
_BREAK = re.compile(r"[ \t]*[\t\n\r\v\f\x85\u2028\u2029][\s]*")


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
    """The rules to run; ConfigError when a selector (code, prefix, category or rule name) matches no rule."""
    from .selection import checked

    chosen = checked(select, tuple(config.packs), "--select") if select else config.select
    dropped = checked(ignore or [], tuple(config.packs), "--ignore") + config.ignore
    return [r for r in rules_for(tuple(chosen), tuple(config.packs))
            if any(matches(r.code, r.category, s) for s in chosen)
            and not any(matches(r.code, r.category, s) for s in dropped)]


def place(doc: Document, config: Config, rules: Iterable[Rule], ctx: Context) -> list[Finding]:
    """Run the rules on one document; findings placed (line, column, excerpt), suppressed, sorted."""
    path_ignores = config.ignored_for(doc.path)
    findings: list[Finding] = []
    ran: list[Rule] = []
    for rule in rules:
        if any(matches(rule.code, rule.category, s) for s in path_ignores):
            continue
        ran.append(rule)
        try:
            findings.extend(rule.check(doc, ctx))
        except (PackError, ConfigError, ModelError):
            raise  # the run's configuration is wrong, not this file: the CLI stops with exit 2
        except Exception as exc:
            # A bug in one rule must not lose the other files of the run: report it as this
            # file's error, with what a bug report needs.
            raise RuleCrash(f"internal error in rule {rule.code} ({type(exc).__name__}: {exc}); please report it") from exc
    active = suppressions(doc, ctx)
    placed = [f for f in findings if not active.suppress(_placed(f, doc, config))]
    if active.regions:  # judged once every other rule has had its say
        from .checks.artifacts import UnusedSuppression

        unused = next((r for r in ran if isinstance(r, UnusedSuppression)), None)
        if unused is not None:
            late = unused.report(active, {r.code for r in ran if not dormant(r, config)}, _universe(config))
            placed += [f for f in late if not active.suppress(_placed(f, doc, config))]
    return order_findings(placed)


def order_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=_order)


def _placed(finding: Finding, doc: Document, config: Config) -> Finding:
    finding.line, finding.column = doc.position(finding.start)
    finding.end_line, finding.end_column = doc.position(max(finding.end, finding.start))
    finding.excerpt = doc.text[finding.start:finding.end]
    finding.severity = config.severity.get(finding.rule, finding.severity)
    if _BREAK.search(finding.message):  # a quoted span across lines: a message stays one line in every format
        finding.message = _BREAK.sub(" ", finding.message)
    return finding


def _universe(config: Config) -> tuple[Rule, ...]:
    from .registry import all_rules

    return all_rules(tuple(config.packs))


def suppressions(doc: Document, ctx: Context) -> Suppressions:
    """The document's suppression comments, read once per document (ART100 reads them too)."""
    if not any("contentqa" in c.text.lower() for c in doc.comments):
        return Suppressions()  # most comments are not directives: no need to load every rule to read them
    return ctx.memo("suppressions", lambda: parse_suppressions(doc, _universe(ctx.config)))


def _order(finding: Finding) -> tuple[int, int, str]:
    return finding.line, finding.column, finding.rule


def check_document(doc: Document, config: Config, rules: Iterable[Rule]) -> FileResult:
    ctx = Context(config=config, document=doc)
    placed = place(doc, config, rules, ctx)
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


@dataclass
class Source:
    """An article read from disk (or stdin) and decoded, ready to check."""

    path: str  # as shown in the output (the --stdin-filename for '-')
    text: str
    format: str
    encoding: str = "utf-8"


def load(path: str, config: Config, stdin_name: str | None = None) -> Source | FileResult:
    """Read and decode one file; a file that cannot be read becomes an error result."""
    shown = stdin_name or path
    try:
        if path == "-":
            text, encoding = decode(sys.stdin.buffer.read())
        else:
            text, encoding = read_article(Path(path), config)
    except UnreadableFile as exc:
        return FileResult(shown, detect_format(shown, ""), error=str(exc))
    return Source(shown, text, detect_format(shown, text), encoding)


def check_source(source: Source, config: Config, rules: Iterable[Rule]) -> FileResult:
    try:
        result = check_text(source.text, source.format, source.path, config, rules)
    except RecursionError:
        result = FileResult(source.path, detect_format(source.path, ""), error="nesting too deep to check")
    result.encoding = source.encoding
    return result


def check_file(path: str, config: Config, rules: list[Rule], stdin_name: str | None = None) -> FileResult:
    loaded = load(path, config, stdin_name)
    return loaded if isinstance(loaded, FileResult) else check_source(loaded, config, rules)


def check_paths(paths: list[str], config: Config | None = None, rules: list[Rule] | None = None,
                stdin_name: str | None = None, *, jobs: int = 1, cache: ResultCache | None = None,
                engine: Callable[[Config, list[Rule]], Engine] | None = None) -> Iterator[FileResult]:
    """Check files, folders and globs, yielding results in input order as they are ready.

    A file that cannot be checked yields an error result. `jobs` > 1 checks files in worker
    processes; `cache` reuses the results of files checked before with the same content, rules
    and configuration. Only a bounded window of files is in flight: memory does not grow with
    the number of files. `engine` builds what checks the files instead of the local Runner (a
    cluster, see distributed.py).
    """
    from .parallel import Ready, Runner

    config = config or Config()
    rules = rules if rules is not None else selected_rules(config)
    local = [r for r in rules if cache is not None and cache.reads_other_files(r)]
    across = _across_files(rules, config)
    with engine(config, rules) if engine is not None else Runner(config, rules, jobs) as runner:
        pending: deque[tuple[Source | None, Pending]] = deque()
        submit_path = getattr(runner, "submit_path", None)  # an engine that reads the files itself
        for path, problem in expand(paths, config):
            if submit_path is not None and problem is None and path != "-":
                pending.append((None, submit_path(path)))
                continue
            loaded = load(path, config, stdin_name) if problem is None else \
                FileResult(path, detect_format(path, ""), error=problem)
            if isinstance(loaded, FileResult):
                pending.append((None, Ready(loaded)))
            else:
                hit = cache.get(loaded) if cache is not None else None
                done = _complete(hit, loaded, config, local) if hit is not None else None
                if done is not None:
                    pending.append((None, Ready(done)))
                else:
                    pending.append((loaded, runner.submit(loaded)))
            while pending and (pending[0][1].done() or len(pending) > runner.window):
                yield across(_finish(*pending.popleft(), cache))
        while pending:
            yield across(_finish(*pending.popleft(), cache))


def _across_files(rules: list[Rule], config: Config) -> Callable[[FileResult], FileResult]:
    """What compares the files of one run with each other (SEO023), applied in input order."""
    rule = next((r for r in rules if r.code == "SEO023"), None)
    if rule is None:
        return lambda result: result
    from .checks.seo import keyphrase_reuse
    return keyphrase_reuse(rule, config)


def _finish(source: Source | None, pending: Pending, cache: ResultCache | None) -> FileResult:
    result = pending.result()
    if source is not None:  # checked now: workers send results back without the text
        result.text, result.encoding = source.text, source.encoding
        if cache is not None and result.error is None:
            cache.put(source, result)
    return result


def _complete(hit: FileResult, source: Source, config: Config, local: list[Rule]) -> FileResult | None:
    """A cached result, with the rules that look at other files (images, link targets) run again.

    None when that fails: the file is then checked in full, which reports the problem."""
    hit.text, hit.encoding = source.text, source.encoding
    if not local:
        return hit
    try:
        doc = parse(source.path, source.text, source.format)
        fresh = place(doc, config, local, Context(config=config, document=doc))
    except (FrontMatterError, RuleCrash, RecursionError):
        return None
    hit.findings = sorted([*hit.findings, *fresh], key=_order)
    return hit


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
