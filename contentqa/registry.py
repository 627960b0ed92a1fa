"""All rules: Python rules from `contentqa.checks` and pattern rules from YAML packs."""

from __future__ import annotations

import importlib
from functools import lru_cache
from pathlib import Path

from .declarative import load_pattern_pack
from .packs import PackError
from .rule import Rule

CHECK_MODULES = ("tokens", "artifacts", "images", "links", "medical", "readability", "seo")


def rules_dir() -> Path:
    """The packs folder: inside the installed package, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise PackError(here / "rules", 1, "the rule packs folder is missing from this installation")


def python_rules() -> list[Rule]:
    rules: list[Rule] = []
    for name in CHECK_MODULES:
        try:
            module = importlib.import_module(f"contentqa.checks.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"contentqa.checks.{name}":
                continue
            raise
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Rule) and value.code and value.__module__ == module.__name__:
                rules.append(value())
    return rules


@lru_cache(maxsize=8)
def all_rules(extra_packs: tuple[Path, ...] = ()) -> tuple[Rule, ...]:
    rules: list[Rule] = python_rules()
    for pack in sorted(rules_dir().glob("*.yml")):
        rules.extend(load_pattern_pack(pack, trusted=True))
    for pack in extra_packs:
        rules.extend(load_pattern_pack(pack))
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
