"""What a rule is: identity, documentation, and the findings it yields."""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from .context import Context
    from .document import Document

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
CATEGORIES = ("tokens", "artifacts", "images", "links", "medical", "readability", "seo")
PREFIXES = {"TOK": "tokens", "ART": "artifacts", "IMG": "images", "LNK": "links",
            "MED": "medical", "RDB": "readability", "SEO": "seo"}


@dataclass(frozen=True)
class Fix:
    """Replacement text for a finding's span; only safe fixes are applied by `--fix`."""

    replacement: str
    safe: bool = True


@dataclass
class Finding:
    rule: str
    name: str
    category: str
    severity: str
    message: str
    start: int  # offsets into Document.text; the engine turns them into line and column
    end: int
    fix: Fix | None = None
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0
    excerpt: str = ""
    extra: dict[str, object] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {
            "rule": self.rule, "name": self.name, "category": self.category,
            "severity": self.severity, "message": self.message,
            "line": self.line, "column": self.column,
            "end_line": self.end_line, "end_column": self.end_column,
            "excerpt": self.excerpt,
            "fix": None if self.fix is None else {"replacement": self.fix.replacement, "safe": self.fix.safe},
            **({"explain": self.extra["explain"]} if "explain" in self.extra else {}),
        }


class Rule:
    """Base of every rule. Subclasses set the identity and write `check`.

    The subclass docstring is the rule's documentation: what it does, why it matters, an
    example, and what to write instead. `contentqa rule CODE` prints it.
    """

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    category: ClassVar[str] = ""
    severity: ClassVar[str] = "warning"
    summary: ClassVar[str] = ""
    fixable: ClassVar[bool] = False
    source: ClassVar[str] = "python"

    @property
    def docs(self) -> str:
        return inspect.cleandoc(type(self).__doc__ or self.summary)

    def check(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(self, start: int, end: int, message: str, *, fix: Fix | None = None,
                severity: str | None = None) -> Finding:
        return Finding(self.code, self.name, self.category, severity or self.severity, message,
                       start, end, fix)
