"""`check --statistics`: how many findings each rule made, most first, as ruff's --statistics."""

from __future__ import annotations

import json
from collections import Counter
from typing import TextIO

from ..engine import FileResult
from . import text as text_format
from .stream import Tally


class StatisticsStream:
    """Counts per rule, kept while files stream past; printed on close (text, or JSON with `as_json`)."""

    def __init__(self, out: TextIO, color: bool = False, style: text_format.Style | None = None,
                 as_json: bool = False) -> None:
        self.out, self.color, self.style, self.as_json = out, color, style or text_format.Style(), as_json
        self.tally = Tally()
        self.counts: Counter[tuple[str, str, str]] = Counter()
        self.fixable: set[str] = set()
        self.hidden = 0

    def add(self, result: FileResult) -> None:
        self.tally.add(result)
        if result.error is not None and not self.as_json:
            self.out.write(f"{result.path}: error: {result.error}\n")
        for f in result.findings:
            if self.style.hide_info and f.severity == "info":
                self.hidden += 1
                continue
            self.counts[(f.rule, f.name, f.severity)] += 1
            if f.fix is not None and f.fix.safe:
                self.fixable.add(f.rule)

    def close(self) -> None:
        rows = sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))
        if self.as_json:
            data = [{"code": code, "name": name, "severity": severity, "count": count,
                     "fixable": code in self.fixable} for (code, name, severity), count in rows]
            self.out.write(json.dumps(data, indent=2) + "\n")
            return
        width = max((len(str(count)) for _, count in rows), default=1)
        for (code, name, severity), count in rows:
            fix = "[*] " if code in self.fixable else ""
            self.out.write(f"{count:>{width}}\t{code}\t{severity:<7}\t{fix}{name}\n")
        text_format.write_totals(self.tally.counts, {}, self.out, self.color,
                                 text_format.Style(True, self.style.hide_info, self.style.quiet), self.hidden,
                                 self.tally.fixed)
