"""The configuration checked against the rules that exist, once, when it loads.

Names of rules become their codes here, so the rest of the run deals in codes and prefixes only.
"""

from __future__ import annotations

from .config import Config, ConfigError
from .options import check_rule_options
from .selection import checked, lookup


def validate(config: Config, where: str, table_prefix: str = "") -> None:
    """Raise ConfigError (one line, naming `where` and the key) for a reference to no rule or a
    bad rule option; resolve rule names to codes in place."""
    packs = tuple(config.packs)
    config.select = checked(config.select, packs, f"{where}: select")
    config.ignore = checked(config.ignore, packs, f"{where}: ignore")
    for pattern, selectors in config.per_path_ignores.items():
        config.per_path_ignores[pattern] = checked(selectors, packs, f"{where}: per-path-ignores '{pattern}'")
    severity: dict[str, str] = {}
    for selector, level in config.severity.items():
        for rule in lookup(selector, packs, f"{where}: severity")[1]:
            severity[rule.code] = level  # a prefix or category sets every rule it covers
    config.severity = severity
    rules: dict[str, dict[str, object]] = {}
    for key, options in config.rules.items():
        table = f"{table_prefix}rules.{key}"
        covered = lookup(key, packs, f"{where}: [{table}]")[1]
        if len(covered) != 1 or key.upper() != covered[0].code and key.lower() != covered[0].name:
            raise ConfigError(f"{where}: [{table}] must name one rule (a code such as RDB002 or a name such as "
                              "long-sentence), not a prefix or category")
        check_rule_options(covered[0].code, options, where, table)
        rules.setdefault(covered[0].code, {}).update(options)
    config.rules = rules
