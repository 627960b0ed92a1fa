"""Inline suppression comments, which fail closed.

In Markdown and HTML they are comments; in plain text, a line holding only the directive:

    <!-- contentqa-disable TOK001 ART002 -->     ... until a matching enable, or the end of the file
    <!-- contentqa-enable TOK001 ART002 -->      (codes in any order; `enable` alone closes all)
    <!-- contentqa-disable-next-line IMG001 -->
    text <!-- contentqa-disable-line TOK001 -->
    <!-- contentqa-disable-file RDB -->
    contentqa-disable-next-line TOK001           (plain text: the whole line)

Codes are as `--select` takes them (codes, prefixes, categories, rule names); none means every
rule. A directive that cannot be understood (an unknown verb such as `disable-nextline`, a code
that matches no rule, an `enable` that closes nothing) suppresses nothing and is reported
(ART100), so that a typo can never switch a rule off for the rest of a file; a suppression that
suppressed nothing is reported too (ART101), as ruff's RUF100 does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .config import Config, matches
from .document import Document
from .rule import Finding, Rule
from .selection import covers, resolve, suggest

VERBS = ("disable", "enable", "disable-line", "disable-next-line", "disable-file")
# Anything that starts like a directive is read as one, so that a misspelt verb is reported
# rather than ignored.
_DIRECTIVE = re.compile(r"^\s*contentqa(?:-([A-Za-z_-]*)|[\s:]+((?:dis|en)able[A-Za-z_-]*))(.*?)\s*$", re.S | re.I)
# Plain text: the directive alone on its line, followed by codes only (so prose that happens to
# start with the word is left alone).
TEXT_DIRECTIVE = re.compile(r"^[ \t]*(contentqa-[A-Za-z_-]+(?:[ \t,]+[A-Za-z0-9_-]+)*)[ \t,]*$", re.M)


@dataclass
class Problem:
    """A directive that does not do what it says (ART100)."""

    start: int
    end: int
    message: str


@dataclass
class Region:
    """Lines where one selector (or every rule: "") is suppressed, and whether it suppressed anything."""

    selector: str
    first_line: int
    last_line: int
    directive: str  # as written, for messages
    start: int  # the directive's span in the source
    end: int
    used: bool = False

    def covers(self, finding: Finding) -> bool:
        if not self.first_line <= finding.line <= self.last_line:
            return False
        return not self.selector or matches(finding.rule, finding.category, self.selector)


@dataclass
class Suppressions:
    regions: list[Region] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def suppress(self, finding: Finding) -> bool:
        """Whether a suppression covers the (placed) finding; every region that does is marked used."""
        hit = False
        for region in self.regions:
            if region.covers(finding):
                region.used = hit = True
        return hit

    def unused(self, ran: set[str], universe: Sequence[Rule]) -> Iterable[Region]:
        """Regions that suppressed nothing, among those whose every rule ran on this document
        (a suppression of a rule left out by --select may well be needed)."""
        for region in self.regions:
            if region.used:
                continue
            meant = [r.code for r in universe if not region.selector or covers(r, region.selector)]
            if meant and all(code in ran for code in meant):
                yield region


def dormant(rule: Rule, config: Config) -> bool:
    """Whether a rule stays silent in this run whatever the article says (the remote checks
    without --online, the score gates without a minimum): a suppression of it is not unused."""
    if rule.code in ("LNK003", "IMG007"):
        return not config.online
    if rule.code in ("RDB010", "SEO022"):
        return config.option(rule.code, "min-score", None) is None
    return False


def parse(doc: Document, universe: Sequence[Rule]) -> Suppressions:
    """The suppressions of a document and the directives that could not be understood."""
    found = Suppressions()
    open_regions: dict[str, Region] = {}
    last_line = len(doc.source_map.line_starts)
    for comment in sorted(doc.comments, key=lambda c: c.start):
        m = _DIRECTIVE.match(comment.text)
        if not m:
            continue
        verb, rest = (m.group(1) if m.group(1) is not None else m.group(2)).lower(), m.group(3)
        written = " ".join(f"contentqa-{verb} {rest}".split())
        start, end = comment.start, comment.end
        if m.group(1) is None:  # `contentqa disable`: the hyphen is part of the directive
            found.problems.append(Problem(start, end, f"Unknown suppression directive '{' '.join(comment.text.split())}' "
                                                       f"(did you mean '{written}'?); it suppresses nothing"))
            continue
        if verb not in VERBS:
            close = [v for v in VERBS if v.replace("-", "") == verb.replace("-", "").replace("_", "")]
            hint = f" (did you mean 'contentqa-{close[0]}'?)" if close else f" (known: {', '.join(VERBS)})"
            found.problems.append(Problem(start, end, f"Unknown suppression directive '{written}'{hint}; "
                                                       "it suppresses nothing"))
            continue
        selectors: list[str] = []
        written_codes = [s for s in re.split(r"[\s,]+", rest.strip()) if s]
        for code in written_codes:
            resolved = resolve(code, universe)
            if resolved is None:
                found.problems.append(Problem(start, end, f"'{code}' in '{written}' matches no rule"
                                                           f"{suggest(code, universe)}; it suppresses nothing"))
            else:
                selectors.append(resolved)
        if written_codes and not selectors:
            continue  # every code was wrong: suppressing every rule instead would fail open
        first, last = doc.position(start)[0], doc.position(max(end - 1, start))[0]
        if verb == "enable":
            _enable(found, open_regions, selectors, written, start, end, first)
            continue
        lines = {"disable-line": (first, last), "disable-next-line": (last + 1, last + 1),
                 "disable-file": (1, last_line), "disable": (last, last_line)}[verb]
        for selector in selectors or [""]:
            region = Region(selector, *lines, written, start, end)
            found.regions.append(region)
            if verb == "disable":
                open_regions[selector.lower()] = region
    return found


def _enable(found: Suppressions, open_regions: dict[str, Region], selectors: list[str], written: str,
            start: int, end: int, line: int) -> None:
    if not selectors:  # a bare enable closes every open region
        if not open_regions:
            found.problems.append(Problem(start, end, f"'{written}' closes no open contentqa-disable"))
        for opened in open_regions.values():
            opened.last_line = line
        open_regions.clear()
        return
    for selector in selectors:
        region = open_regions.pop(selector.lower(), None)
        if region is None:
            found.problems.append(Problem(start, end, f"'{written}': {selector} was not disabled by a "
                                                       f"contentqa-disable {selector} above"))
        else:
            region.last_line = line


def regions(doc: Document) -> list[Region]:
    """The document's suppression regions (for callers outside the engine, which uses `parse`)."""
    from .registry import all_rules

    return parse(doc, all_rules()).regions


def suppressed(finding: Finding, active: list[Region]) -> bool:
    return any(region.covers(finding) for region in active)
