"""`--format sarif`: SARIF 2.1.0, as GitHub code scanning reads it.

Paths are relative URIs against `%SRCROOT%` (the working directory, which in CI is the checkout);
columns count Unicode code points (`columnKind`), end columns are exclusive as in SARIF; each
result carries a `partialFingerprints` entry that survives edits elsewhere in the file (see
`contentqa/fingerprint.py`), so code scanning tracks an alert across commits. Files that could
not be checked become tool execution notifications.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

from .. import __version__
from ..engine import FileResult
from ..fingerprint import KEY, stamped
from ..rule import Finding, Rule

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_SECTIONS = ("What it does", "Why it matters", "Example", "Use instead")
_HEADING = re.compile(r"^\s*(" + "|".join(_SECTIONS) + r")\s*:?\s*$")


def artifact(path: str) -> dict[str, str]:
    """A relative URI under %SRCROOT% for paths inside the working directory, else an absolute file URI."""
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(Path.cwd())
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(relative.as_posix()), "uriBaseId": "%SRCROOT%"}


def _sections(docs: str) -> dict[str, str]:
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in docs.splitlines():
        match = _HEADING.match(line)
        if match:
            current = found.setdefault(match.group(1), [])
        elif current is not None:
            current.append(line)
    return {name: textwrap.dedent("\n".join(lines)).strip() for name, lines in found.items()}


def help_markdown(docs: str) -> str:
    """The rule docs with their four parts as bold headings and the example as quoted text."""
    sections = _sections(docs)
    if not sections:
        return docs
    intro = docs.split("\n\n")[0].strip() if not _HEADING.match(docs.splitlines()[0]) else ""
    parts = [intro] if intro and intro not in sections.values() and not _HEADING.match(intro.splitlines()[0]) else []
    for name in _SECTIONS:
        if name in sections:
            body = sections[name]
            if name in ("Example", "Use instead"):
                body = "\n".join("> " + line for line in body.splitlines())
            parts.append(f"**{name}**\n\n{body}")
    return "\n\n".join(parts)


def describe(code: str, finding: Finding, rule: Rule | None) -> dict[str, object]:
    """The reportingDescriptor of a rule; from the finding alone when the rule is not in the registry."""
    summary = rule.summary if rule else finding.name
    docs = rule.docs if rule else summary
    what = _sections(docs).get("What it does", "")
    return {
        "id": code,
        "name": rule.name if rule else finding.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": " ".join(what.split()) or summary},
        "help": {"text": docs, "markdown": help_markdown(docs)},
        "defaultConfiguration": {"level": LEVEL[rule.severity if rule else finding.severity]},
        "properties": {"tags": [rule.category if rule else finding.category]},
    }


def region(f: Finding) -> dict[str, int]:
    return {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column}


def result_of(path: str, f: Finding, index: int, fingerprint: str) -> dict[str, object]:
    location = {"artifactLocation": artifact(path), "region": {**region(f), "snippet": {"text": f.excerpt}}}
    data: dict[str, object] = {
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {KEY: fingerprint},
        "properties": {"category": f.category},
    }
    if f.fix is not None:
        data["fixes"] = [{
            "description": {"text": ("Safe fix" if f.fix.safe else "Unsafe fix (review it)") + f" for {f.rule}"},
            "artifactChanges": [{"artifactLocation": artifact(path), "replacements": [
                {"deletedRegion": region(f), "insertedContent": {"text": f.fix.replacement}}]}],
        }]
    return data


def document(results: Iterable[FileResult]) -> dict[str, object]:
    from ..registry import all_rules

    known = {r.code: r for r in all_rules()}
    rules: list[dict[str, object]] = []
    index: dict[str, int] = {}
    out: list[dict[str, object]] = []
    notifications: list[dict[str, object]] = []
    for result in results:
        if result.error is not None:
            notifications.append({
                "level": "error", "message": {"text": f"{result.path}: {result.error}"},
                "locations": [{"physicalLocation": {"artifactLocation": artifact(result.path)}}],
            })
            continue
        prints = stamped(result.text or "", result.findings)
        for finding, fingerprint in zip(result.findings, prints, strict=True):
            if finding.rule not in index:
                index[finding.rule] = len(rules)
                rules.append(describe(finding.rule, finding, known.get(finding.rule)))
            out.append(result_of(result.path, finding, index[finding.rule], fingerprint))
    run = {
        "tool": {"driver": {"name": "contentqa", "version": __version__, "semanticVersion": __version__,
                            "rules": rules}},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}],
        "results": out,
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def write(results: Iterable[FileResult], out: TextIO, color: bool = False) -> None:
    json.dump(document(results), out, ensure_ascii=False, indent=2)
    out.write("\n")
