"""Every per-rule option (`[rules.CODE]` in the configuration) and the kind of value it takes.

Rules read their options with `config.option(CODE, key, default)`; this table is what the
configuration is checked against when it loads, so that `max-words = "forty"` or `max-word = 40`
stops the run with one line naming the file and the key, instead of a crash in every file or a
setting that silently does nothing. A rule that reads a new option adds it here
(tests/test_cli_config.py fails on an option read in the code but missing from this table).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .config import ConfigError


@dataclass(frozen=True)
class Kind:
    description: str  # as the error message says it: "must be <description>"
    valid: Callable[[Any], bool]


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


WHOLE = Kind("a whole number (0 or more)", lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0)
NUMBER = Kind("a number", _number)
PERCENT = Kind("a percentage (a number from 0 to 100)", lambda v: _number(v) and 0 <= v <= 100)
SCORE = Kind("a score (a number from 0 to 100)", lambda v: _number(v) and 0 <= v <= 100)
FLAG = Kind("true or false", lambda v: isinstance(v, bool))
STRINGS = Kind("a list of strings", lambda v: isinstance(v, list) and all(isinstance(s, str) for s in v))


def choice(*values: str) -> Kind:
    """One of a few words, such as `choice("yoast", "all")`."""
    return Kind(" or ".join(f"'{v}'" for v in values), lambda v: v in values)


RULE_OPTIONS: dict[str, dict[str, Kind]] = {
    "IMG002": {"root-relative": FLAG},
    "IMG004": {"report-empty-alt": FLAG},
    "IMG007": {"report-redirects": FLAG},
    "LNK001": {"root-relative": FLAG},
    "LNK002": {"other-files": FLAG},
    "LNK003": {"report-redirects": FLAG},
    "RDB001": {"min-words": WHOLE, "max-grade": NUMBER, "min-reading-ease": NUMBER},
    "RDB002": {"max-words": WHOLE},
    "RDB003": {"max-words": WHOLE},
    "RDB004": {"min-words": WHOLE, "always": FLAG, "hard-grade": NUMBER, "very-hard-grade": NUMBER},
    "RDB005": {"max-words": WHOLE},
    "RDB006": {"min-run": WHOLE},
    "RDB007": {"max-percent": PERCENT},
    "RDB008": {"min-words": WHOLE, "min-percent": PERCENT},
    "RDB010": {"min-score": SCORE, "rating-assessments": choice("yoast", "all")},
    "SEO002": {"min": WHOLE, "max": WHOLE, "max-pixels": WHOLE},
    "SEO004": {"min": WHOLE, "max": WHOLE},
    "SEO006": {"front-matter-title-is-h1": FLAG},
    "SEO009": {"max-length": WHOLE},
    "SEO011": {"max-percent": PERCENT, "min-percent": PERCENT},
    "SEO012": {"min-percent": PERCENT, "max-percent": PERCENT, "severe-percent": PERCENT, "length-factor": FLAG},
    "SEO014": {"min-words": WHOLE, "cornerstone-min-words": WHOLE},
    "SEO016": {"site-hosts": STRINGS},
    "SEO019": {"min-images": WHOLE, "max-percent": PERCENT},
    "SEO022": {"min-score": SCORE, "short-title": choice("good", "ok"), "long-title": choice("bad", "ok"),
               "no-outbound-links": choice("bad", "ok"), "few-subheadings": choice("bad", "ok"),
               "score-assessments": choice("yoast", "all")},
}


def check_rule_options(code: str, options: Any, where: str, table: str) -> None:
    """ConfigError for a `[rules.CODE]` table that is not a table, or has an unknown or mistyped option."""
    if not isinstance(options, dict):
        raise ConfigError(f"{where}: [{table}] must be a table of options, not {_shown(options)}")
    known = RULE_OPTIONS.get(code, {})
    for key, value in options.items():
        kind = known.get(key)
        if kind is None:
            if not known:
                raise ConfigError(f"{where}: [{table}] {key}: {code} has no options")
            close = difflib.get_close_matches(key, list(known), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise ConfigError(f"{where}: [{table}] unknown option '{key}' ({hint}{code} takes: {', '.join(known)})")
        if not kind.valid(value):
            raise ConfigError(f"{where}: [{table}] {key} must be {kind.description}, not {_shown(value)}")


def _shown(value: Any) -> str:
    kind = {str: "a string", bool: "a boolean", int: "a number", float: "a number", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)
    text = repr(value) if not isinstance(value, dict) else "{...}"
    return f"{text[:40]} ({kind})"
