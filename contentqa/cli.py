"""Command line: argument parsing and the verbs, nothing else.

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 usage or
configuration error, or a file that could not be checked.
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from pathlib import Path

from . import __version__
from .config import Config, ConfigError, find_config, load_config
from .engine import FileResult, check_paths, exit_code, selected_rules
from .nlp import ModelError
from .packs import PackError
from .rule import SEVERITIES

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="contentqa", description="Lint articles for stray tokens, broken images, "
                                     "medical claims without disclaimers, readability and SEO.")
    parser.add_argument("--version", action="version", version=f"contentqa {__version__}")
    verbs = parser.add_subparsers(dest="verb", required=True)

    check = verbs.add_parser("check", help="check files, folders or globs")
    check.add_argument("paths", nargs="*", default=["."], help="files, folders, globs; '-' reads stdin")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--select", action="append", default=None, metavar="CODE", help="codes, prefixes or categories")
    check.add_argument("--ignore", action="append", default=None, metavar="CODE")
    check.add_argument("--fail-on", choices=(*SEVERITIES, "never"), default=None)
    check.add_argument("--config", type=Path, default=None, help="a .contentqa.toml or pyproject.toml")
    check.add_argument("--audience", default=None, help="readability profile (see `contentqa rule RDB001`)")
    check.add_argument("--fix", action="store_true", help="apply safe fixes to the files, atomically")
    check.add_argument("--stdin-filename", default=None, help="name (and format) for text read from '-'")
    check.add_argument("--no-color", action="store_true")

    verbs.add_parser("rules", help="list the rules")
    rule = verbs.add_parser("rule", help="explain one rule")
    rule.add_argument("code")
    return parser


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
    if args.fail_on:
        config.fail_on = args.fail_on
    return config


def _check(args: argparse.Namespace) -> int:
    config = _config(args)
    rules = selected_rules(config, _split(args.select), _split(args.ignore))
    results: list[FileResult] = []
    for result in check_paths(args.paths, config, rules, args.stdin_filename):
        if args.fix and result.error is None and result.path != "-" and args.stdin_filename is None:
            result = _fix(result, config, rules)
        results.append(result)
    from .report import FORMATTERS

    color = args.format == "text" and not args.no_color and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    FORMATTERS[args.format](results, sys.stdout, color)
    for result in results:
        if result.error is not None and args.format != "text":
            print(f"{result.path}: {result.error}", file=sys.stderr)
    return exit_code(results, config.fail_on)


def _fix(result: FileResult, config: Config, rules: list) -> FileResult:  # type: ignore[type-arg]
    from .engine import check_file
    from .fixes import apply_fixes, write_atomically

    assert result.text is not None
    new_text, fixed = apply_fixes(result.text, result.findings)
    if not fixed:
        return result
    path = Path(result.path)
    original = result.text.encode(result.encoding) if result.encoding != "utf-16" else None
    try:
        write_atomically(path, new_text, result.encoding, expected=original)
    except OSError as exc:
        result.error = f"could not apply fixes: {exc}"
        return result
    return check_file(result.path, config, rules)


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
        print(f"contentqa: no rule '{code}' (see `contentqa rules`)", file=sys.stderr)
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
