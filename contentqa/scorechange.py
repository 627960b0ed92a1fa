"""Readability and SEO scores of the articles a change touches, before and after it: what a
reviewer needs to see that a pull request makes an article harder to read (`contentqa scores`,
written into the GitHub Action's job summary)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .engine import check_text, selected_rules
from .files import UnreadableFile, decode


@dataclass
class Scores:
    readability: int | None
    grade: float | None
    seo: int | None


@dataclass
class Change:
    path: str
    before: Scores | None  # None: the article is new
    after: Scores


def _scores(text: str, path: str, config: Config) -> Scores:
    # The scores are document analyses: the score gates compute them whatever else is selected.
    result = check_text(text, path=path, config=config, rules=selected_rules(config, ["RDB010", "SEO022"]))
    metrics = result.metrics or {}

    def number(key: str) -> float | None:
        value = metrics.get(key)
        return float(value) if isinstance(value, (int, float)) else None

    readability, seo = number("readability_score"), number("seo_score")
    return Scores(None if readability is None else int(readability), number("flesch_kincaid_grade"),
                  None if seo is None else int(seo))


def _at(base: str, root: Path, path: str) -> str | None:
    """The article as it was at `base`, or None when it did not exist there."""
    name = Path(path).resolve().relative_to(root).as_posix()
    shown = subprocess.run(["git", "show", f"{base}:{name}"], cwd=root, capture_output=True, check=False)
    if shown.returncode != 0:
        return None
    try:
        return decode(shown.stdout)[0]
    except UnreadableFile:
        return None


def score_changes(ref: str, arguments: list[str], config: Config) -> list[Change]:
    """Each changed article among `arguments` (files, folders, globs), scored at the merge base of
    `ref` and HEAD and in the working tree."""
    from .changes import changed_paths, changes_since

    changes = changes_since(ref)
    rows: list[Change] = []
    for path in changed_paths(arguments, config, changes):
        if path == "-" or not Path(path).is_file():
            continue
        try:
            now = decode(Path(path).read_bytes())[0]
        except UnreadableFile:
            continue
        old = _at(changes.base, changes.root, path)
        rows.append(Change(path, None if old is None else _scores(old, path, config), _scores(now, path, config)))
    return rows


def _cell(before: float | None, after: float | None, higher_is_better: bool = True) -> str:
    if after is None:
        return "n/a"
    if before is None:
        return f"{after:g} (new)"
    delta = after - before
    if not delta:
        return f"{after:g}"
    worse = (delta < 0) == higher_is_better
    return f"{before:g} → {after:g} ({delta:+g}{' ⚠' if worse else ''})"


def markdown(rows: list[Change]) -> str:
    """A job-summary table; a change for the worse carries ⚠."""
    if not rows:
        return "### contentqa scores\n\nNo article changed.\n"
    lines = ["### contentqa scores: before → after this change", "",
             "| article | readability score | grade level | SEO score |", "|---|---|---|---|"]
    for row in rows:
        b = row.before or Scores(None, None, None)
        lines.append(f"| `{row.path}` | {_cell(b.readability, row.after.readability)} | "
                     f"{_cell(b.grade, row.after.grade, higher_is_better=False)} | {_cell(b.seo, row.after.seo)} |")
    return "\n".join(lines) + "\n"
