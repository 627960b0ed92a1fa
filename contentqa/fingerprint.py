"""Stable identities for findings: the same finding keeps its fingerprint when the file is edited elsewhere.

A fingerprint hashes the rule, the excerpt and the text around it (never the line number),
with whitespace collapsed, so inserting a paragraph above a finding, re-wrapping a line or
converting NBSPs leaves it unchanged. Identical findings in identical surroundings (the same
stray token pasted twice) are told apart by their order: `<hash>:1`, `<hash>:2`. The SARIF
`partialFingerprints` and the baseline file both use these.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from .document import SourceMap
from .rule import Finding

KEY = "contentqa/v1"  # the partialFingerprints key; bump the version if the recipe changes
_WINDOW = 40  # characters of context on each side: enough to be specific, small enough to survive edits
_SPACE = re.compile(r"\s+")
_PARAGRAPH = re.compile(r"\r?\n[^\S\r\n]*\r?\n")  # a blank line (spaces and NBSPs count as blank)


def normalize(text: str) -> str:
    """NFC, every run of whitespace (NBSP and line breaks included) as one space, trimmed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _neighbour(text: str, source_map: SourceMap, line: int, step: int) -> str:
    """The nearest non-blank line above (step -1) or below (step 1), normalized."""
    line += step
    while 1 <= line <= len(source_map.line_starts):
        start, end = source_map.line_span(line)
        value = normalize(text[start:end])
        if value:
            return value
        line += step
    return ""


def _context(text: str, source_map: SourceMap, finding: Finding) -> str:
    start, end = finding.start, max(finding.end, finding.start)
    if start == end == 0:
        return ""  # a document-level finding: its identity is the rule alone
    first, _ = source_map.position(start)
    last, _ = source_map.position(end)
    # Context stops at a blank line (the paragraph's edge), not at a line break: re-wrapping a
    # paragraph must not change it.
    before = normalize(_PARAGRAPH.split(text[max(0, start - _WINDOW):start])[-1])
    after = normalize(_PARAGRAPH.split(text[end:end + _WINDOW])[0])
    if not before and not after:
        # The finding is a whole paragraph (an NBSP-only one, say): identify it by the prose around it.
        before = (_neighbour(text, source_map, first, -1)[-_WINDOW:] + " " + before).strip()
        after = (after + " " + _neighbour(text, source_map, last, 1)[:_WINDOW]).strip()
    return f"{before}\x00{after}"


def fingerprints(text: str, findings: Sequence[Finding]) -> list[str]:
    """One fingerprint per finding, in the order given; `text` is the checked file's text."""
    source_map = SourceMap(text)
    hashes: list[str] = []
    for finding in findings:
        material = "\x1f".join((finding.rule, normalize(finding.excerpt or text[finding.start:finding.end]),
                                _context(text, source_map, finding)))
        hashes.append(hashlib.sha256(material.encode("utf-8")).hexdigest()[:32])
    # Number repeats in reading order so the first of two identical findings stays ":1".
    order = sorted(range(len(findings)), key=lambda i: (findings[i].start, findings[i].end, findings[i].rule))
    seen: Counter[str] = Counter()
    result = [""] * len(findings)
    for i in order:
        seen[hashes[i]] += 1
        result[i] = f"{hashes[i]}:{seen[hashes[i]]}"
    return result


def stamped(text: str, findings: Sequence[Finding]) -> list[str]:
    """Fingerprints kept on the findings (`extra["fingerprint"]`), computed once over the full list.

    Stamping before any filtering (baseline, changed lines) keeps the repeat numbers the same
    whichever findings a formatter is finally given.
    """
    if any("fingerprint" not in f.extra for f in findings):
        for finding, value in zip(findings, fingerprints(text, findings), strict=True):
            finding.extra.setdefault("fingerprint", value)
    return [str(f.extra["fingerprint"]) for f in findings]
