"""All rules: Python rules from `contentqa.checks` and pattern rules from YAML packs."""

from __future__ import annotations

import importlib
import re
from functools import cache, lru_cache
from pathlib import Path

from .declarative import load_pattern_pack
from .packs import PackError
from .rule import PREFIXES, Rule

CHECK_MODULES = ("tokens", "templates", "artifacts", "images", "links", "medical", "readability", "seo")
# Check modules named after a concern rather than a category, and the category of their rules.
MODULE_CATEGORY = {"templates": "tokens"}


def rules_dir() -> Path:
    """The packs folder: inside the installed package, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise PackError(here / "rules", 1, "the rule packs folder is missing from this installation")


def python_rules() -> list[Rule]:
    return [rule for name in CHECK_MODULES for rule in _module_rules(name)]


@cache
def _module_rules(name: str) -> tuple[Rule, ...]:
    try:
        module = importlib.import_module(f"contentqa.checks.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"contentqa.checks.{name}":
            return ()
        raise
    return tuple(value() for value in vars(module).values()
                 if isinstance(value, type) and issubclass(value, Rule) and value.code
                 and value.__module__ == module.__name__)


@lru_cache(maxsize=32)
def _pack_rules(pack: Path, trusted: bool) -> tuple[Rule, ...]:
    return tuple(load_pattern_pack(pack, trusted=trusted))


def _packs(extra_packs: tuple[Path, ...]) -> list[tuple[Path, bool]]:
    return [(p, True) for p in sorted(rules_dir().glob("*.yml"))] + [(p, False) for p in extra_packs]


@lru_cache(maxsize=8)
def all_rules(extra_packs: tuple[Path, ...] = ()) -> tuple[Rule, ...]:
    rules: list[Rule] = python_rules()
    for pack, trusted in _packs(extra_packs):
        rules.extend(_pack_rules(pack, trusted))
    return _unique(rules)


def rules_for(selectors: tuple[str, ...], extra_packs: tuple[Path, ...] = ()) -> tuple[Rule, ...]:
    """The rules that `selectors` may choose, loading only the modules and packs that can hold them.

    A check module holds the rules of its own category (`tokens` holds TOK...); a pack is read for
    the codes and categories it declares before it is loaded. Start-up then pays only for what the
    selection needs (`--select TOK` never imports the medical rules or spaCy's matchers).
    """
    if any(s.strip() == "ALL" for s in selectors):
        return all_rules(extra_packs)
    prefixes = {category: prefix for prefix, category in PREFIXES.items()}
    rules: list[Rule] = []
    for name in CHECK_MODULES:
        category = MODULE_CATEGORY.get(name, name)
        if _reachable(selectors, {(prefixes.get(category, category.upper()[:3]), category)}):
            rules.extend(_module_rules(name))
    for pack, trusted in _packs(extra_packs):
        if _reachable(selectors, _declared(pack)):
            rules.extend(_pack_rules(pack, trusted))
    return _unique(rules)


def _reachable(selectors: tuple[str, ...], kinds: set[tuple[str, str]] | None) -> bool:
    """Could a selector match a rule whose code starts with `prefix` and whose category is `category`?"""
    if kinds is None:
        return True
    for selector in selectors:
        s = selector.strip()
        for prefix, category in kinds:
            if s.lower() == category or prefix.startswith(s.upper()) or s.upper().startswith(prefix):
                return True
    return False


_CODE = re.compile(r"^\s*-?\s*code:\s*[\"']?([A-Za-z]+)", re.MULTILINE)
_CATEGORY = re.compile(r"^\s*-?\s*category:\s*[\"']?([A-Za-z_-]+)", re.MULTILINE)


def _declared(pack: Path) -> set[tuple[str, str]] | None:
    """(code prefix, category) pairs a pack declares; None (load it) when that cannot be told."""
    try:
        text = pack.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None  # loading it reports the problem
    codes = {c.upper() for c in _CODE.findall(text)}
    categories = {c.lower() for c in _CATEGORY.findall(text)}
    if not codes or not categories:
        return None
    return {(code, category) for code in codes for category in categories}


def _unique(rules: list[Rule]) -> tuple[Rule, ...]:
    seen: dict[str, Rule] = {}
    for rule in rules:
        if rule.code in seen:
            where = getattr(rule, "pack", rule.__class__.__module__)
            raise PackError(where, 1, f"rule code {rule.code} is defined twice")
        seen[rule.code] = rule
    return tuple(sorted(rules, key=lambda r: r.code))


def find_rule(code: str) -> Rule | None:
    code = code.upper()
    return next((r for r in all_rules() if r.code == code or r.name == code.lower()), None)
