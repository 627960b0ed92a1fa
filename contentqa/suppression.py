"""Inline suppression comments in Markdown and HTML.

    <!-- contentqa-disable TOK001 ART002 -->   ... until enable or the end of the file
    <!-- contentqa-enable TOK001 -->
    <!-- contentqa-disable-next-line IMG001 -->
A directive without codes applies to every rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .config import matches
from .document import Document
from .rule import Finding

_DIRECTIVE = re.compile(r"^\s*contentqa-(disable-next-line|disable|enable)\b([^>]*)$")


@dataclass
class _Region:
    selectors: list[str]  # empty: all rules
    first_line: int
    last_line: int

    def covers(self, finding: Finding) -> bool:
        if not self.first_line <= finding.line <= self.last_line:
            return False
        return not self.selectors or any(matches(finding.rule, finding.category, s) for s in self.selectors)


def regions(doc: Document) -> list[_Region]:
    result: list[_Region] = []
    open_regions: dict[str, _Region] = {}
    last_line = len(doc.source_map.line_starts)
    for comment in sorted(doc.comments, key=lambda c: c.start):
        m = _DIRECTIVE.match(comment.text)
        if not m:
            continue
        verb = m.group(1)
        selectors = [s for s in re.split(r"[\s,]+", m.group(2).strip()) if s]
        end_line = doc.position(comment.end)[0]
        if verb == "disable-next-line":
            result.append(_Region(selectors, end_line + 1, end_line + 1))
        elif verb == "disable":
            key = " ".join(selectors)
            region = _Region(selectors, end_line, last_line)
            open_regions[key] = region
            result.append(region)
        else:
            key = " ".join(selectors)
            closing = open_regions.pop(key, None)
            if closing is not None:
                closing.last_line = doc.position(comment.start)[0]
            elif not selectors:  # a bare enable closes every open region
                for region in open_regions.values():
                    region.last_line = doc.position(comment.start)[0]
                open_regions.clear()
    return result


def suppressed(finding: Finding, active: list[_Region]) -> bool:
    return any(region.covers(finding) for region in active)
