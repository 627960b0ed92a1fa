"""`--format github`: workflow commands that GitHub Actions shows as annotations on the pull request.

GitHub shows at most 10 annotations of each kind (error, warning, notice) per step and 50 per
job, and drops the rest without a word. So the findings are ranked (on changed lines first when
`--changed-since` is given, then by severity), the first ones within the limits become
annotations, the others are printed as plain log lines, and, when `$GITHUB_STEP_SUMMARY` is set,
the step summary gets every finding as a Markdown table with a count of what was left out.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from typing import TextIO

from ..engine import FileResult
from ..rule import Finding
from . import markdown

PER_KIND = 10  # per step, for each of error, warning, notice
PER_JOB = 50
SUMMARY_LIMIT = 900_000  # a step summary may hold 1 MiB
_KIND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **properties: object) -> str:
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items() if v is not None)
    return f"::{kind} {props}::{escape_data(message)}" if props else f"::{kind}::{escape_data(message)}"


def annotation(path: str, f: Finding) -> str:
    return command(_KIND[f.severity], f.message, file=markdown.repo_path(path), line=f.line, col=f.column,
                   endLine=f.end_line, endColumn=f.end_column, title=f.rule)


def append_step_summary(text: str) -> None:
    """Append Markdown to the job summary when running in GitHub Actions."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(text if text.endswith("\n") else text + "\n")


def write(results: Iterable[FileResult], out: TextIO, color: bool = False) -> None:
    results = list(results)
    emitted: Counter[str] = Counter()
    left_out: list[tuple[FileResult, Finding]] = []
    for result in results:  # a file that could not be checked matters more than any finding
        if result.error is not None:
            emitted["error"] += 1
            out.write(command("error", result.error, file=markdown.repo_path(result.path), title="contentqa") + "\n")
    for result, finding in markdown.ranked(results):
        kind = _KIND[finding.severity]
        if emitted[kind] < PER_KIND and sum(emitted.values()) < PER_JOB:
            emitted[kind] += 1
            out.write(annotation(result.path, finding) + "\n")
        else:
            left_out.append((result, finding))
    for result, f in left_out:  # still in the log, just not as annotations
        out.write(f"{markdown.repo_path(result.path)}:{f.line}:{f.column}: {f.rule} [{f.severity}] {f.message}\n")
    line = f"contentqa: {markdown.headline(results)}"
    if left_out:
        line += (f"; {len(left_out)} not shown as annotations (GitHub shows {PER_KIND} of each kind per step)"
                 + ("; all are in the job summary" if os.environ.get("GITHUB_STEP_SUMMARY") else ""))
    out.write(line + ".\n")
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        append_step_summary(step_summary(results, len(left_out)))


def step_summary(results: list[FileResult], left_out: int) -> str:
    pairs = markdown.ranked(results)
    parts = [f"### contentqa: {markdown.headline(results)}\n"]
    if left_out:
        parts.append(f"{left_out} finding{'s' * (left_out != 1)} not shown as annotations "
                     f"(GitHub shows {PER_KIND} of each kind per step); all are listed below.\n")
    parts.append(markdown.category_table(results))
    parts.append(markdown.unreadable(results))
    if pairs:
        parts.append(markdown.findings_table(pairs, SUMMARY_LIMIT, markdown.link_base()))
    return "\n".join(p for p in parts if p)
