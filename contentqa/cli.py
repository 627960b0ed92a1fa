"""Command line: argument parsing and the verbs, nothing else.

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 usage or
configuration error, or a file that could not be checked.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from . import __version__
from .config import Config, ConfigError, find_config, load_config
from .engine import FileResult, check_paths, exit_code, selected_rules
from .nlp import ModelError
from .packs import PackError
from .parallel import default_jobs
from .rule import SEVERITIES, SEVERITY_RANK

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .cache import ResultCache
    from .distributed import Cluster
    from .report.statistics import StatisticsStream
    from .report.stream import JsonStream, TextStream
    from .report.text import Progress

    Reporter = TextStream | JsonStream | StatisticsStream

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
STREAMED = ("text", "concise", "json")  # formats written file by file (see report/stream.py)
HUMAN = ("text", "concise")
BASELINE_FILE = ".contentqa-baseline.json"
EXIT_CODES = ("exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 usage or configuration "
              "error, or a file that could not be checked")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="contentqa", description="Lint articles for stray tokens, broken images, "
                                     "medical claims without disclaimers, readability and SEO.")
    parser.add_argument("--version", action="version", version=f"contentqa {__version__}")
    verbs = parser.add_subparsers(dest="verb", required=True)

    check = verbs.add_parser("check", help="check files, folders or globs", epilog=EXIT_CODES)
    check.add_argument("paths", nargs="*", default=["."], help="files, folders, globs; '-' reads stdin")
    check.add_argument("--format", choices=("text", "concise", "json", "sarif", "github", "markdown", "rdjson"),
                       default="text", help="text: each finding with its source line; concise: one line a finding")
    check.add_argument("--select", action="append", default=None, metavar="CODE", help="codes, prefixes or categories")
    check.add_argument("--ignore", action="append", default=None, metavar="CODE")
    check.add_argument("--fail-on", choices=(*SEVERITIES, "never"), default=None)
    check.add_argument("--config", type=Path, default=None, help="a .contentqa.toml or pyproject.toml")
    check.add_argument("--audience", default=None, help="readability profile (see `contentqa rule RDB001`)")
    check.add_argument("--keyphrase", default=None, help="focus keyphrase for the SEO rules (overrides the front "
                       "matter's `keyphrase`)")
    check.add_argument("--min-seo-score", type=float, default=None, metavar="N",
                       help="report a page whose SEO score (0-100) is below N, as an error (SEO022)")
    check.add_argument("--min-readability-score", type=float, default=None, metavar="N",
                       help="report a document whose readability score (0-100) is below N, as an error (RDB010)")
    check.add_argument("--fix", action="store_true", help="apply safe fixes to the files, atomically")
    check.add_argument("--stdin-filename", default=None, help="name (and format) for text read from '-'")
    check.add_argument("--no-color", action="store_true")
    check.add_argument("--min-severity", choices=SEVERITIES, default=None,
                       help="report only findings at or above this severity (by default text output shows info "
                       "findings only as a count)")
    check.add_argument("--quiet", "-q", action="store_true", help="print the findings only: no table, no summary")
    check.add_argument("--statistics", action="store_true",
                       help="print how many findings each rule made instead of the findings (text or json)")
    check.add_argument("--output-file", "-o", type=Path, default=None, metavar="PATH",
                       help="write the report to PATH instead of stdout")
    check.add_argument("--no-respect-gitignore", action="store_true",
                       help="also check files in folders that .gitignore files leave out")
    check.add_argument("--explain", action="store_true",
                       help="say why each finding was made (which pack entries matched), where the rule records it")
    check.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff, apply unsafe fixes too")
    check.add_argument("--diff", action="store_true", help="print what --fix would change, write nothing (exit 1 if "
                       "anything would change)")
    check.add_argument("--changed-since", metavar="REF", default=None,
                       help="check only files changed against the merge base of REF and HEAD (uncommitted and "
                       "untracked files included)")
    check.add_argument("--changed-lines-only", action="store_true",
                       help="with --changed-since, report only findings on changed lines")
    check.add_argument("--baseline", type=Path, default=None, metavar="FILE",
                       help="report only findings that are not in this baseline (see `contentqa baseline`)")
    check.add_argument("--jobs", "-j", type=_positive, default=None, metavar="N",
                       help="check files in N processes (default: all cores; 1: in this process); not with "
                       "--engine dask, where the cluster's workers set it")
    check.add_argument("--no-cache", action="store_true",
                       help="check every file again and write no cache (also: CONTENTQA_NO_CACHE=1)")
    check.add_argument("--online", action="store_true",
                       help="also fetch remote link and image URLs and report broken ones (LNK003, IMG007)")
    check.add_argument("--online-allow-host", action="append", default=None, metavar="HOST",
                       help="with --online: a host, address or network that may be fetched although it is not "
                       "public (adds to online-allow-hosts)")
    check.add_argument("--engine", choices=("local", "dask"), default="local",
                       help="where files are checked: here (default), or on a dask.distributed cluster")
    check.add_argument("--scheduler", default=None, metavar="ADDRESS",
                       help="with --engine dask: the scheduler's address, e.g. tcp://10.0.0.5:8786")
    check.add_argument("--scheduler-timeout", type=float, default=None, metavar="SECONDS",
                       help="with --engine dask: how long to wait for the scheduler and a worker (default 10)")
    check.add_argument("--shared-storage", action="store_true",
                       help="with --engine dask: send the workers paths, not text; the files must be at the "
                       "same absolute paths on the workers (the result cache is then not used)")

    clean = verbs.add_parser("clean", help="remove the result cache of the project at PATH and the user cache")
    clean.add_argument("path", nargs="?", default=".", help="a folder of the project (default: here)")
    clean.add_argument("--config", type=Path, default=None, help="a .contentqa.toml or pyproject.toml")

    scores = verbs.add_parser("scores", help="readability and SEO scores of the changed articles, before and after")
    scores.add_argument("paths", nargs="*", default=["."], help="files, folders or globs (default: here)")
    scores.add_argument("--since", metavar="REF", required=True,
                        help="compare with the merge base of REF and HEAD (e.g. origin/main)")
    scores.add_argument("--format", choices=("markdown", "json"), default="markdown")
    scores.add_argument("--config", type=Path, default=None, help="a .contentqa.toml or pyproject.toml")
    scores.add_argument("--audience", default=None, help=argparse.SUPPRESS)

    verbs.add_parser("rules", help="list the rules")
    rule = verbs.add_parser("rule", help="explain one rule")
    rule.add_argument("code")

    report = verbs.add_parser("report", help="write the pre-publish report: one self-contained HTML page")
    report.add_argument("paths", nargs="*", default=["."], help="files, folders, globs")
    report.add_argument("-o", "--output", default="contentqa-report.html", metavar="FILE",
                        help="the HTML file to write ('-' for stdout; default %(default)s)")
    report.add_argument("--select", action="append", default=None, metavar="CODE", help="codes, prefixes or categories")
    report.add_argument("--ignore", action="append", default=None, metavar="CODE")
    report.add_argument("--fail-on", choices=(*SEVERITIES, "never"), default=None,
                        help="the publish gate the report shows (and the exit code follows)")
    report.add_argument("--config", type=Path, default=None, help="a .contentqa.toml or pyproject.toml")
    report.add_argument("--audience", default=None, help="readability profile (see `contentqa rule RDB001`)")
    report.add_argument("--jobs", "-j", type=_positive, default=None, metavar="N",
                        help="files checked at once, in worker processes (default: all cores)")
    report.add_argument("--no-cache", action="store_true", help="check every file again and write no cache")
    report.add_argument("--no-respect-gitignore", action="store_true",
                        help="also check files in folders that .gitignore files leave out")

    server = verbs.add_parser("server", help="run the language server for editors (over stdio)")
    server.add_argument("--lsp", action="store_true", required=True, help="speak the Language Server Protocol")
    server.add_argument("--stdio", action="store_true", help="accepted for editors that pass it (stdio is the default)")
    from .server import add_serve_arguments

    add_serve_arguments(verbs.add_parser("serve", help="run the HTTP service for pre-publish hooks"))

    baseline = verbs.add_parser(
        "baseline", help="record today's findings so checks fail only on new ones",
        usage="contentqa baseline create PATH... [-o FILE] [check options]\n"
              "       contentqa baseline check PATH... [--baseline FILE] [check options]",
        description=f"`create` writes the findings of PATH... to FILE (default {BASELINE_FILE}), keeping the "
                    "`reason` of entries already there; `check` is `contentqa check --baseline FILE`.")
    baseline.add_argument("action", choices=("create", "check"))
    baseline.add_argument("rest", nargs=argparse.REMAINDER, help="paths and `check` options")
    return parser


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not '{value}'")
    return number


def _split(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _config(args: argparse.Namespace) -> Config:
    path = args.config
    if path is not None and not path.is_file():
        raise ConfigError(f"{path}: configuration file not found")
    if path is None:
        first = next((p for p in args.paths if p != "-"), ".")
        path = find_config(Path(first))
    config = load_config(path)
    if args.audience:
        config.audience = args.audience
    if getattr(args, "keyphrase", None):
        config.keyphrase = args.keyphrase
    for code, gate in (("SEO022", getattr(args, "min_seo_score", None)),
                       ("RDB010", getattr(args, "min_readability_score", None))):
        if gate is not None:  # the score rules report a document under the gate (see their docs)
            config.rules.setdefault(code, {})["min-score"] = gate
    if getattr(args, "fail_on", None):
        config.fail_on = args.fail_on
    if getattr(args, "no_respect_gitignore", False):
        config.respect_gitignore = False
    if getattr(args, "online", False):
        config.online = True
        config.online_allow_hosts += _split(args.online_allow_host) or []
        if args.no_cache:
            config.online_cache_days = 0  # no stored URL results either
    elif getattr(args, "online_allow_host", None):
        raise ConfigError("--online-allow-host needs --online")
    return config


def _check(args: argparse.Namespace) -> int:
    config = _config(args)
    rules = selected_rules(config, _split(args.select), _split(args.ignore))
    if args.statistics and args.format not in (*HUMAN, "json"):
        raise ConfigError("--statistics prints text or json: use it with --format text, concise or json")
    if args.fix and not args.diff and "-" in args.paths:
        return _fix_stdin(args, config, rules)
    paths, changes = args.paths, None
    if args.changed_since:
        from .changes import changed_paths, changes_since

        changes = changes_since(args.changed_since)
        paths = changed_paths(args.paths, config, changes)
    elif args.changed_lines_only:
        raise ConfigError("--changed-lines-only needs --changed-since REF")
    progress = None if args.quiet else _progress(args, paths, config)
    cluster = _cluster(args, config, rules)
    with _output(args) as out:
        color = args.format in HUMAN and not args.no_color and out.isatty() and "NO_COLOR" not in os.environ
        checked = check_paths(paths, config, rules, args.stdin_filename, jobs=args.jobs or default_jobs(),
                              cache=None if cluster is not None and args.shared_storage else _cache(args, config, rules),
                              engine=None if cluster is None else lambda _config, _rules: cluster)
        if (args.format in STREAMED or args.statistics) and not args.diff and args.baseline is None:
            return _stream(checked, args, config, rules, changes, progress, out, color)
        results: list[FileResult] = []
        fixed = 0
        for result in checked:
            result, count = _advance(result, args, config, rules, progress)
            fixed += count
            results.append(result)
        if progress is not None:
            progress.close()
        if args.diff:
            return _diff(results, args.unsafe_fixes, out)
        notes = _narrow(results, args, changes)
        for result in results:
            _present(result, args)
        if args.format in STREAMED or args.statistics:
            reporter = _reporter(args, out, color)
            reporter.tally.fixed = fixed if args.fix else None
            for result in results:
                reporter.add(result)
            reporter.close()
        else:
            from .report import FORMATTERS

            FORMATTERS[args.format](results, out, color)
    for result in results:
        if result.error is not None and args.format not in HUMAN:
            print(f"{result.path}: {result.error}", file=sys.stderr)
    for note in notes:
        print(f"contentqa: {note}", file=sys.stderr)
    if notes and args.format == "github":
        from .report.github import append_step_summary

        append_step_summary("\n".join(f"- {note}" for note in notes))
    _fix_note(args, fixed, sum(len(r.findings) for r in results))
    return exit_code(results, config.fail_on)


@contextmanager
def _output(args: argparse.Namespace) -> Iterator[TextIO]:
    """Where the report goes: --output-file, or stdout."""
    if args.output_file is None:
        yield sys.stdout
        return
    try:
        handle = args.output_file.open("w", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{args.output_file}: cannot write the report: {exc.strerror or exc}") from exc
    with handle:
        yield handle


def _reporter(args: argparse.Namespace, out: TextIO, color: bool) -> Reporter:
    """The streamed report: text, concise, json, or --statistics."""
    from .report.statistics import StatisticsStream
    from .report.stream import STREAMS
    from .report.text import Style

    # Info findings are many (readability hints) and rarely block anything: text output counts
    # them unless asked for with --min-severity info.
    style = Style(concise=args.format == "concise",
                  hide_info=args.min_severity is None and args.format in HUMAN and not args.statistics,
                  quiet=args.quiet)
    if args.statistics:
        return StatisticsStream(out, color, style, as_json=args.format == "json")
    return STREAMS[args.format](out, color, style)


def _fixes(args: argparse.Namespace, result: FileResult) -> bool:
    """Whether --fix writes this result's fixes to its file (stdin is handled by _fix_stdin)."""
    return bool(args.fix and not args.diff and result.error is None and result.path != "-"
                and args.stdin_filename is None)


def _present(result: FileResult, args: argparse.Namespace) -> None:
    """Leave out what the report is not to show: findings under --min-severity, the explanations."""
    if args.min_severity is not None:
        floor = SEVERITY_RANK[args.min_severity]
        result.findings = [f for f in result.findings if SEVERITY_RANK[f.severity] >= floor]
    if not args.explain:
        for finding in result.findings:
            finding.extra.pop("explain", None)


def _fix_note(args: argparse.Namespace, fixed: int, remaining: int) -> None:
    """`N fixed, M remaining` on stderr for the formats whose summary cannot say it."""
    if args.fix and not args.diff and not args.quiet and (args.format not in HUMAN and not args.statistics):
        print(f"contentqa: {fixed} fixed, {remaining} remaining", file=sys.stderr)


def _fix_stdin(args: argparse.Namespace, config: Config, rules: list) -> int:  # type: ignore[type-arg]
    """`--fix -`: the fixed text to stdout, as formatters do; the findings that remain to stderr
    (or --output-file)."""
    from .engine import check_text
    from .fixes import apply_fixes

    if args.paths != ["-"]:
        raise ConfigError("--fix with '-' fixes the text read from stdin: give no other paths")
    (result,) = check_paths(["-"], config, rules, args.stdin_filename, jobs=1)
    if result.error is not None or result.text is None:
        print(f"{result.path}: {result.error}", file=sys.stderr)
        return EXIT_ERROR
    new_text, fixed = apply_fixes(result.text, result.findings, args.unsafe_fixes)
    sys.stdout.write(new_text)
    sys.stdout.flush()
    remaining = check_text(new_text, result.format, result.path, config, rules)
    _present(remaining, args)
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(_output(args)) if args.output_file is not None else sys.stderr
        if args.output_file is None and args.format not in HUMAN:
            args.format = "concise"  # stdout holds the text: the report goes to stderr, one line a finding
        reporter = _reporter(args, out, color=False)
        reporter.tally.fixed = len(fixed)
        reporter.add(remaining)
        reporter.close()
    _fix_note(args, len(fixed), len(remaining.findings))
    return exit_code([remaining], config.fail_on)


def _cluster(args: argparse.Namespace, config: Config, rules: list) -> Cluster | None:  # type: ignore[type-arg]
    """With --engine dask, the connection to the cluster: made before any output, so that a
    scheduler that cannot be reached is one line on stderr and exit 2."""
    dask_only = [flag for flag, given in (("--scheduler", args.scheduler), ("--shared-storage", args.shared_storage),
                                          ("--scheduler-timeout", args.scheduler_timeout is not None)) if given]
    if args.engine != "dask":
        if dask_only:
            raise ConfigError(f"{dask_only[0]} needs --engine dask")
        return None
    if not args.scheduler:
        raise ConfigError("--engine dask needs --scheduler ADDRESS (the dask scheduler, e.g. tcp://host:8786)")
    if args.jobs is not None:
        raise ConfigError("--jobs applies to --engine local; on a cluster the workers' threads set it")
    from .distributed import DEFAULT_TIMEOUT, Cluster

    timeout = DEFAULT_TIMEOUT if args.scheduler_timeout is None else args.scheduler_timeout
    return Cluster(config, rules, args.scheduler, shared_storage=args.shared_storage, timeout=timeout)


def _cache(args: argparse.Namespace, config: Config, rules: list) -> ResultCache | None:  # type: ignore[type-arg]
    """The result cache, unless --no-cache or CONTENTQA_NO_CACHE=1."""
    from .cache import ResultCache, cache_folder, disabled_by_environment

    if args.no_cache or disabled_by_environment():
        return None
    return ResultCache(cache_folder(config), config, rules)


def _advance(result: FileResult, args: argparse.Namespace, config: Config, rules: list,  # type: ignore[type-arg]
             progress: Progress | None) -> tuple[FileResult, int]:
    """One checked file: the progress line moved on, and its fixes applied when asked for (how many)."""
    if progress is not None:
        progress.update(result.path)
    if _fixes(args, result):
        return _fix(result, config, rules, args.unsafe_fixes)
    return result, 0


def _stream(checked: Iterable[FileResult], args: argparse.Namespace, config: Config, rules: list,  # type: ignore[type-arg]
            changes: object, progress: Progress | None, out: TextIO, color: bool) -> int:
    """Text and JSON output written as each file is checked: memory stays flat over any number of files."""
    reporter = _reporter(args, out, color)
    reporter.tally.fixed = 0 if args.fix else None
    errors: list[str] = []
    remaining = 0
    for result in checked:
        result, count = _advance(result, args, config, rules, progress)
        if args.fix:
            reporter.tally.fixed = (reporter.tally.fixed or 0) + count
        _narrow([result], args, changes)
        _present(result, args)
        if progress is not None:
            progress.clear()
        reporter.add(result)
        remaining += len(result.findings)
        if result.error is not None and args.format not in HUMAN:
            errors.append(f"{result.path}: {result.error}")
    if progress is not None:
        progress.close()
    reporter.close()
    for line in errors:
        print(line, file=sys.stderr)
    _fix_note(args, reporter.tally.fixed or 0, remaining)
    return reporter.tally.exit_code(config.fail_on)


def _progress(args: argparse.Namespace, paths: list[str], config: Config) -> Progress | None:
    """A progress counter on stderr for text output to a terminal, when there are many files."""
    if args.format != "text" or not sys.stderr.isatty() or "-" in paths:
        return None
    from .files import expand
    from .report.text import Progress

    total = sum(1 for _ in expand(paths, config))
    return Progress(sys.stderr, total) if total >= 20 else None


def _narrow(results: list[FileResult], args: argparse.Namespace, changes: object) -> list[str]:
    """Apply the baseline and --changed-lines-only to the results, in place; returns notes for stderr."""
    from .changes import Changes
    from .fingerprint import stamped

    for result in results:  # fingerprints first, over the full lists, so that filtering cannot shift them
        if result.text is not None:
            stamped(result.text, result.findings)
    notes: list[str] = []
    if args.baseline is not None:
        from .baseline import apply, load

        outcome = apply(results, load(args.baseline), args.baseline.resolve().parent)
        if outcome.known or outcome.stale:
            notes.append(outcome.describe())
        notes += [f"  stale: {e.path}:{e.line}: {e.rule} {e.message}" for e in outcome.stale]
    if isinstance(changes, Changes):
        for result in results:
            for finding in result.findings:
                finding.extra["changed"] = changes.on_changed_line(result.path, finding)
            if args.changed_lines_only:
                result.findings = [f for f in result.findings if f.extra["changed"]]
    return notes


def _diff(results: list[FileResult], unsafe: bool, out: TextIO) -> int:
    """`--diff`: the unified diff of what --fix would change; exit 1 when there is any."""
    from .fixes import apply_fixes, unified_diff

    changed = fixes = 0
    for result in results:
        if result.error is not None:
            print(f"{result.path}: {result.error}", file=sys.stderr)
            continue
        assert result.text is not None
        new_text, fixed = apply_fixes(result.text, result.findings, unsafe)
        if new_text != result.text:
            changed, fixes = changed + 1, fixes + len(fixed)
            out.write(unified_diff(result.path, result.text, new_text))
    if changed:
        print(f"contentqa: {fixes} fix{'es' * (fixes != 1)} would change {changed} file{'s' * (changed != 1)}",
              file=sys.stderr)
    if any(r.error is not None for r in results):
        return EXIT_ERROR
    return EXIT_FINDINGS if changed else EXIT_OK


def _baseline(args: argparse.Namespace) -> int:
    rest = list(args.rest)
    if rest[:1] == ["--"]:
        rest = rest[1:]
    if args.action == "check":
        check = _parser().parse_args(["check", *rest])
        check.baseline = check.baseline or Path(BASELINE_FILE)
        return _check(check)
    extra = argparse.ArgumentParser(prog="contentqa baseline create", add_help=False)
    extra.add_argument("-o", "--output", type=Path, default=Path(BASELINE_FILE))
    own, rest = extra.parse_known_args(rest)
    check = _parser().parse_args(["check", *rest])
    config = _config(check)
    rules = selected_rules(config, _split(check.select), _split(check.ignore))
    results = list(check_paths(check.paths, config, rules, check.stdin_filename, jobs=check.jobs or default_jobs(),
                               cache=_cache(check, config, rules)))
    from .baseline import entries_of, load, write

    output: Path = own.output
    previous = load(output) if output.is_file() else None
    entries = entries_of(results, output.resolve().parent)
    write(output, entries, previous)
    for result in results:
        if result.error is not None:
            print(f"{result.path}: {result.error}", file=sys.stderr)
    print(f"contentqa: recorded {len(entries)} finding{'s' * (len(entries) != 1)} in {output}", file=sys.stderr)
    return EXIT_ERROR if any(r.error is not None for r in results) else EXIT_OK


def _fix(result: FileResult, config: Config, rules: list, unsafe: bool = False  # type: ignore[type-arg]
         ) -> tuple[FileResult, int]:
    """Apply the fixes to the file and check it again; returns the new result and how many were fixed."""
    from .engine import check_file
    from .fixes import apply_fixes, write_atomically

    assert result.text is not None
    new_text, fixed = apply_fixes(result.text, result.findings, unsafe)
    if not fixed:
        return result, 0
    path = Path(result.path)
    original = result.text.encode(result.encoding) if result.encoding != "utf-16" else None
    try:
        write_atomically(path, new_text, result.encoding, expected=original)
    except OSError as exc:
        result.error = f"could not apply fixes: {exc}"
        return result, 0
    return check_file(result.path, config, rules), len(fixed)


def _report(args: argparse.Namespace) -> int:
    from .report.html import render

    config = _config(args)
    rules = selected_rules(config, _split(args.select), _split(args.ignore))
    results = list(check_paths(args.paths, config, rules, jobs=args.jobs or default_jobs(),
                               cache=_cache(args, config, rules)))
    page = render(results, fail_on=config.fail_on, rules=rules, config=config)
    if args.output == "-":
        sys.stdout.write(page)
    else:
        try:
            Path(args.output).write_text(page, encoding="utf-8")
        except OSError as exc:
            print(f"contentqa: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_ERROR
        failing = exit_code(results, config.fail_on)
        state = {0: "ready to publish", 1: "not ready to publish", 2: "some files could not be checked"}[failing]
        print(f"contentqa: wrote {args.output} ({len(results)} file{'s' * (len(results) != 1)}, {state})",
              file=sys.stderr)
    return exit_code(results, config.fail_on)


def _scores(args: argparse.Namespace) -> int:
    """Readability and SEO scores of the changed articles, before and after (a job summary's table)."""
    from dataclasses import asdict

    from .scorechange import markdown, score_changes

    rows = score_changes(args.since, args.paths, _config(args))
    if args.format == "json":
        print(json.dumps([asdict(r) for r in rows], indent=2))
    else:
        print(markdown(rows), end="")
    return EXIT_OK


def _clean(args: argparse.Namespace) -> int:
    """Remove the project's result cache and the user cache (derived word tables)."""
    import shutil

    from .cache import FOLDER, GITIGNORE, cache_folder
    from .tables import folder as tables_folder

    config = load_config(args.config if args.config is not None else find_config(Path(args.path)))
    if args.config is None and config.source is None:
        config.root = Path(args.path).resolve()
    user = tables_folder().parent
    status = EXIT_OK
    for folder in dict.fromkeys([cache_folder(config), user]):
        if not folder.is_dir():
            continue
        marker = folder / ".gitignore"
        ours = folder.name in (FOLDER, "contentqa") or marker.is_file() and marker.read_text(errors="replace") == GITIGNORE
        if not ours:  # $CONTENTQA_CACHE_DIR may point anywhere: never remove a folder contentqa did not make
            print(f"contentqa: {folder}: not removed (not a contentqa cache)", file=sys.stderr)
            status = EXIT_ERROR
            continue
        try:
            shutil.rmtree(folder)
        except OSError as exc:
            print(f"contentqa: {folder}: cannot remove: {exc.strerror or exc}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        print(f"contentqa: removed {folder}", file=sys.stderr)
    return status


def _rules() -> int:
    from .registry import all_rules

    for rule in all_rules():
        fix = " (fix)" if rule.fixable else ""
        print(f"{rule.code}  {rule.name:<32} {rule.category:<12} {rule.severity:<8} {rule.summary}{fix}")
    return EXIT_OK


def _rule(code: str) -> int:
    from .registry import find_rule

    rule = find_rule(code)
    if rule is None:
        from .registry import all_rules
        from .selection import suggest

        print(f"contentqa: no rule '{code}'{suggest(code, all_rules())} (see `contentqa rules`)", file=sys.stderr)
        return EXIT_ERROR
    print(f"{rule.code} ({rule.name})\n")
    print(f"Category: {rule.category}   Default severity: {rule.severity}   Fix: {'yes' if rule.fixable else 'no'}\n")
    print(f"{rule.summary}\n")
    print(textwrap.dedent(rule.docs))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.verb == "check":
            return _check(args)
        if args.verb == "rules":
            return _rules()
        if args.verb == "report":
            return _report(args)
        if args.verb == "baseline":
            return _baseline(args)
        if args.verb in ("server", "serve"):
            from .server import run

            return run(args)
        if args.verb == "clean":
            return _clean(args)
        if args.verb == "scores":
            return _scores(args)
        return _rule(args.code)
    except (ConfigError, PackError, ModelError) as exc:
        print(f"contentqa: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
