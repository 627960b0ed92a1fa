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

    def __init__(self, entry: dict[str, Any], pack: Path, line: int) -> None:
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
        flags = re.IGNORECASE if entry.get("ignore-case", False) else 0
        alternatives = list(entry.get("patterns", []))
        alternatives += [r"(?<!\w)" + re.escape(p) + r"(?!\w)" for p in entry.get("phrases", [])]
        for pattern in alternatives:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise PackError(pack, line, f"rule {self.code}: pattern {pattern!r} is not a valid regular expression: {exc}") from exc
        self.pattern = re.compile("|".join(f"(?:{p})" for p in alternatives), flags)

    @property
    def docs(self) -> str:
        return str(self._docs).strip()

    def check(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        for block in doc.prose_blocks():
            for m in self.pattern.finditer(block.text):
                if m.end() == m.start() or block.is_masked(m.start(), m.end()):
                    continue
                start, end = block.source_span(m.start(), m.end())
                fix = Fix(self.replacement) if self.replacement is not None else None
                yield self.finding(start, end, self.message.format(match=m.group()), fix=fix)


def load_pattern_pack(path: Path) -> list[PatternRule]:
    data, lines = load_pack(path, PACK_SCHEMA)
    return [PatternRule(entry, path, lines.get(("rules", i), 1)) for i, entry in enumerate(data["rules"])]
