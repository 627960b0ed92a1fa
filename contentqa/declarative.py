"""Rules written as data: an entry of a YAML pack in `rules/*.yml`.

An entry finds patterns (regular expressions) or phrases (literal, matched on word boundaries)
in the visible prose, skipping code, URLs and other masked text:

    - code: TOK002
      name: template-placeholder
      category: tokens
      severity: error
      summary: Template placeholder left in the text
      message: "Template placeholder '{match}' left in the text"
      patterns: ['\\{\\{\\s*[\\w.]+\\s*\\}\\}']
      docs: |
        ...
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import re2

from .packs import PackError, load_pack
from .rule import Finding, Fix, Rule

if TYPE_CHECKING:
    from .context import Context
    from .document import Document

CODE = r"^[A-Z]{3}[0-9]{3}$"
PACK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["rules"],
    "additionalProperties": False,
    "properties": {
        "description": {"type": "string"},
        "rules": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "name", "category", "severity", "summary", "message"],
                "additionalProperties": False,
                "properties": {
                    "code": {"type": "string", "pattern": CODE},
                    "name": {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"},
                    "category": {"type": "string", "minLength": 1},
                    "severity": {"enum": ["error", "warning", "info"]},
                    "summary": {"type": "string", "minLength": 1},
                    "docs": {"type": "string"},
                    "message": {"type": "string", "minLength": 1},
                    "patterns": {"type": "array", "items": {"type": "string"}},
                    "phrases": {"type": "array", "items": {"type": "string"}},
                    "ignore-case": {"type": "boolean"},
                    "replacement": {"type": "string"},
                },
                "anyOf": [{"required": ["patterns"]}, {"required": ["phrases"]}],
            },
        },
    },
}


class PatternRule(Rule):
    """A rule from a YAML pack; its docs are the entry's `docs` text."""

    source = "pack"

    def __init__(self, entry: dict[str, Any], pack: Path, line: int, trusted: bool = False) -> None:
        self.code = entry["code"]  # type: ignore[misc]
        self.name = entry["name"]  # type: ignore[misc]
        self.category = entry["category"]  # type: ignore[misc]
        self.severity = entry["severity"]  # type: ignore[misc]
        self.summary = entry["summary"]  # type: ignore[misc]
        self._docs = entry.get("docs", entry["summary"])
        self.message = entry["message"]
        self.replacement = entry.get("replacement")
        self.fixable = self.replacement is not None  # type: ignore[misc]
        self.pack = pack
        alternatives = list(entry.get("patterns", [])) + [_phrase(p) for p in entry.get("phrases", [])]
        self.pattern = compile_pattern(alternatives, bool(entry.get("ignore-case", False)), trusted,
                                       PackError(pack, line, f"rule {self.code}"))

    @property
    def docs(self) -> str:
        return str(self._docs).strip()

    def check(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        for block in doc.prose_blocks():
            for m in self.pattern.finditer(block.text):
                if m.end() == m.start() or block.is_masked(m.start(), m.end()) or ctx.config.accepts(m.group()):
                    continue
                start, end = block.source_span(m.start(), m.end())
                fix = Fix(self.replacement) if self.replacement is not None else None
                yield self.finding(start, end, self.message.format(match=m.group()), fix=fix)


def load_pattern_pack(path: Path, trusted: bool = False) -> list[PatternRule]:
    """Rules of one pack. Packs shipped with contentqa are trusted; a project's are not."""
    data, lines = load_pack(path, PACK_SCHEMA)
    return [PatternRule(entry, path, lines.get(("rules", i), 1), trusted) for i, entry in enumerate(data["rules"])]


def _phrase(phrase: str) -> str:
    # Word boundaries only where the phrase starts or ends with a word character, so that
    # "C++" or "%%TITLE%%" still match; RE2 has no look-around to express it otherwise.
    left = r"\b" if re.match(r"\w", phrase) else ""
    right = r"\b" if re.search(r"\w$", phrase) else ""
    return left + re.escape(phrase) + right


def compile_pattern(alternatives: list[str], ignore_case: bool, trusted: bool, where: PackError) -> Any:
    """One matcher for all the alternatives of a rule; `where` locates errors in the pack.

    Patterns run through RE2, whose matching time is linear in the text, so a pattern in a
    project's pack cannot hang a run on hostile input ("(a+)+$"). Look-around and
    back-references have no such guarantee: RE2 rejects them, and so do we, except in the packs
    that ship with contentqa, which are tested and may fall back to Python's engine.
    """
    def error(problem: str) -> PackError:
        return PackError(where.path, where.line, f"{where.problem}: {problem}")

    for pattern in alternatives:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise error(f"pattern {pattern!r} is not a valid regular expression: {exc}") from exc
    combined = "|".join(f"(?:{p})" for p in alternatives)
    options = re2.Options()
    options.log_errors = False
    options.case_sensitive = not ignore_case
    try:
        return re2.compile(combined, options=options)
    except re2.error as exc:
        if trusted:
            return re.compile(combined, re.IGNORECASE if ignore_case else 0)
        bad = next((p for p in alternatives if not _re2_ok(p)), combined)
        raise error(f"pattern {bad!r} cannot run in linear time "
                    "(look-around and back-references are not supported in project packs)") from exc


def _re2_ok(pattern: str) -> bool:
    options = re2.Options()
    options.log_errors = False
    try:
        re2.compile(pattern, options=options)
    except re2.error:
        return False
    return True
