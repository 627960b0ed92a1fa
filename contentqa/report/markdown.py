"""`--format markdown`: a summary sized for a pull-request comment, and the helpers the GitHub output shares.

Counts by category and severity, the top findings with `file:line` links (to the pull request's
head commit when run in GitHub Actions), and every finding in a collapsed table; the whole stays
under GitHub's comment size limit.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from ..engine import FileResult
from ..rule import SEVERITIES, SEVERITY_RANK, Finding

COMMENT_LIMIT = 60_000  # GitHub refuses comments over 65,536 characters; keep room for a header
TOP = 10
_ICON = {"error": ":x:", "warning": ":warning:", "info": ":information_source:"}
_ORDER = tuple(reversed(SEVERITIES))  # error, warning, info


def ranked(results: Iterable[FileResult]) -> list[tuple[FileResult, Finding]]:
    """Findings most worth a look first: on changed lines (when known), then by severity, then in file order."""
    pairs = [(r, f) for r in results for f in r.findings]
    return sorted(pairs, key=lambda p: (not p[1].extra.get("changed", False), -SEVERITY_RANK[p[1].severity],
                                        p[0].path, p[1].line, p[1].column))


def repo_path(path: str) -> str:
    """The path relative to the repository root in GitHub Actions (GITHUB_WORKSPACE), else as given."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace and path not in ("-",) and not path.startswith("<"):
        try:
            return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(workspace))).as_posix()
        except ValueError:
            pass
    return Path(path).as_posix() if path != "-" else path


def _head_sha() -> str | None:
    event = os.environ.get("GITHUB_EVENT_PATH")
    if event:
        try:
            data = json.loads(Path(event).read_text(encoding="utf-8"))
            sha = data.get("pull_request", {}).get("head", {}).get("sha")
            if isinstance(sha, str):
                return sha
        except (OSError, ValueError, AttributeError):
            pass
    return os.environ.get("GITHUB_SHA")


def link_base() -> str | None:
    """`https://github.com/OWNER/REPO/blob/SHA/` in GitHub Actions, else None (no links)."""
    server, repo, sha = os.environ.get("GITHUB_SERVER_URL"), os.environ.get("GITHUB_REPOSITORY"), _head_sha()
    if server and repo and sha:
        return f"{server}/{repo}/blob/{sha}/"
    return None


def location(path: str, finding: Finding, base: str | None) -> str:
    shown = f"{repo_path(path)}:{finding.line}"
    if base is None or shown.startswith(("..", "/", "-", "<")):
        return f"`{shown}`"
    return f"[`{shown}`]({base}{repo_path(path)}#L{finding.line})"


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")


def by_category(results: Iterable[FileResult]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for result in results:
        for finding in result.findings:
            row = counts.setdefault(finding.category, dict.fromkeys(_ORDER, 0))
            row[finding.severity] += 1
    return dict(sorted(counts.items()))


def headline(results: list[FileResult]) -> str:
    from . import summary

    c = summary(results)
    text = (f"{c['errors']} error{'s' * (c['errors'] != 1)}, {c['warnings']} warning{'s' * (c['warnings'] != 1)}, "
            f"{c['info']} info in {c['files']} file{'s' * (c['files'] != 1)}")
    if c["unreadable"]:
        text += f"; {c['unreadable']} could not be checked"
    return text


def category_table(results: list[FileResult]) -> str:
    counts = by_category(results)
    if not counts:
        return ""
    rows = ["| category | errors | warnings | info |", "|---|--:|--:|--:|"]
    rows += [f"| {cell(name)} | {row['error']} | {row['warning']} | {row['info']} |" for name, row in counts.items()]
    total = {s: sum(row[s] for row in counts.values()) for s in _ORDER}
    rows.append(f"| **total** | **{total['error']}** | **{total['warning']}** | **{total['info']}** |")
    return "\n".join(rows) + "\n"


def findings_table(pairs: list[tuple[FileResult, Finding]], budget: int, base: str | None) -> str:
    """Every finding as a table row, until `budget` characters; then a line saying how many were left out."""
    rows = ["| location | rule | severity | message |", "|---|---|---|---|"]
    used = sum(len(r) + 1 for r in rows)
    for shown, (result, f) in enumerate(pairs):
        row = f"| {location(result.path, f, base)} | `{f.rule}` {cell(f.name)} | {f.severity} | {cell(f.message)} |"
        if used + len(row) + 1 > budget:
            rows.append(f"\n… and {len(pairs) - shown} more (see the full report: `--format json` or `sarif`).")
            break
        rows.append(row)
        used += len(row) + 1
    return "\n".join(rows) + "\n"


def unreadable(results: list[FileResult]) -> str:
    lines = [f"- `{repo_path(r.path)}`: {cell(r.error)}" for r in results if r.error is not None]
    return ("**Could not be checked:**\n\n" + "\n".join(lines) + "\n") if lines else ""


def render(results: Iterable[FileResult], limit: int = COMMENT_LIMIT, top: int = TOP) -> str:
    results = list(results)
    base = link_base()
    pairs = ranked(results)
    parts = [f"### contentqa: {headline(results)}\n"]
    if not pairs:
        parts.append("No problems found. :tada:\n" if not any(r.error for r in results) else "")
    else:
        parts.append(category_table(results))
        parts.append(f"**Top {min(top, len(pairs))} finding{'s' * (min(top, len(pairs)) != 1)}**\n")
        parts.append("\n".join(f"{n}. {_ICON[f.severity]} **{f.rule}** {location(r.path, f, base)} {cell(f.message)}"
                               for n, (r, f) in enumerate(pairs[:top], 1)) + "\n")
    parts.append(unreadable(results))
    if pairs:
        head = "\n".join(p for p in parts if p)
        opening = f"<details><summary>All {len(pairs)} finding{'s' * (len(pairs) != 1)}</summary>\n\n"
        closing = "\n</details>\n"
        budget = max(500, limit - len(head) - len(opening) - len(closing))
        parts.append(opening + findings_table(pairs, budget, base) + closing)
    return "\n".join(p for p in parts if p)


def write(results: Iterable[FileResult], out: TextIO, color: bool = False) -> None:
    out.write(render(results))
