"""What a rule reference may be, and the one-line error when it matches no rule.

`--select`, `--ignore`, the configuration's `select`, `ignore`, `severity`, `per-path-ignores` and
`[rules.X]` tables, and suppression comments all name rules the same way: a code (`TOK001`), a
code prefix (`TOK`, `TOK0`), a category (`tokens`), `ALL`, or a rule's name (`stray-token`, as
markdownlint allows). A reference that matches no rule is a mistake worth stopping for: silently
selecting nothing would turn a CI gate off.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path

from .config import ConfigError, matches
from .rule import Rule


def covers(rule: Rule, selector: str) -> bool:
    """Does `selector` (code, prefix, category, ALL or rule name) cover `rule`?"""
    return matches(rule.code, rule.category, selector) or selector.strip().lower() == rule.name


def resolve(selector: str, universe: Sequence[Rule]) -> str | None:
    """The selector in the form `config.matches` understands (a rule name becomes its code), or
    None when it matches no rule."""
    s = selector.strip()
    by_name = next((r.code for r in universe if r.name == s.lower()), None)
    if by_name is not None:
        return by_name
    if s and any(matches(r.code, r.category, s) for r in universe):
        return s
    return None


def suggest(selector: str, universe: Iterable[Rule]) -> str:
    """' (did you mean 'X'?)' for the closest code, name or category; '' when nothing is close."""
    rules = list(universe)
    words = sorted({r.code for r in rules} | {r.name for r in rules} | {r.category for r in rules})
    s = selector.strip()
    close = difflib.get_close_matches(s.upper(), [w for w in words if w.isupper()], n=1, cutoff=0.6) \
        or difflib.get_close_matches(s.lower(), [w for w in words if not w.isupper()], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def checked(selectors: Iterable[str], packs: tuple[Path, ...], where: str) -> list[str]:
    """The selectors resolved (names become codes); ConfigError names the first that matches no rule."""
    return [lookup(selector, packs, where)[0] for selector in selectors]


def lookup(selector: str, packs: tuple[Path, ...], where: str) -> tuple[str, list[Rule]]:
    """The resolved selector and the rules it covers; ConfigError when there are none.

    Only the check modules and packs the selector can reach are loaded first (a narrow selection
    stays fast); every rule only for a rule name or a mistake.
    """
    from .registry import all_rules, rules_for

    for load in (lambda: rules_for((selector,), packs), lambda: all_rules(packs)):
        universe = load()
        found = resolve(selector, universe)
        if found is not None:
            return found, [r for r in universe if covers(r, found)]
    raise ConfigError(f"{where}: '{selector}' matches no rule code, prefix, category or rule name"
                      f"{suggest(selector, all_rules(packs))}; see `contentqa rules`")
