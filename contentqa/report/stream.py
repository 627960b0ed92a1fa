"""Text and JSON output written file by file, so a run over many files holds only counts.

The output is the same, byte for byte, as the `text` and `json` formatters give for the whole
list of results (tests compare them).
"""

from __future__ import annotations

import json
from typing import TextIO

from .. import __version__
from ..engine import FileResult
from ..rule import SEVERITY_RANK
from . import text as text_format

_KEYS = {"error": "errors", "warning": "warnings", "info": "info"}


class Tally:
    """What the summary and the exit code need from the results seen so far."""

    def __init__(self) -> None:
        self.counts = {"files": 0, "errors": 0, "warnings": 0, "info": 0, "unreadable": 0}
        self.categories: dict[str, dict[str, int]] = {}
        self.worst = -1
        self.fixed: int | None = None  # with --fix: how many findings the fixes removed

    def add(self, result: FileResult) -> None:
        self.counts["files"] += 1
        self.counts["unreadable"] += result.error is not None
        for finding in result.findings:
            self.counts[_KEYS[finding.severity]] += 1
            self.worst = max(self.worst, SEVERITY_RANK[finding.severity])
        text_format.category_counts([result], self.categories)

    def exit_code(self, fail_on: str) -> int:
        """As `engine.exit_code` over the same results."""
        if self.counts["unreadable"]:
            return 2
        return 1 if fail_on != "never" and self.worst >= SEVERITY_RANK[fail_on] else 0


class TextStream:
    def __init__(self, out: TextIO, color: bool = False, style: text_format.Style | None = None) -> None:
        self.out, self.color, self.style, self.tally = out, color, style, Tally()
        self.hidden = 0

    def add(self, result: FileResult) -> None:
        self.hidden += text_format.write_file(result, self.out, self.color, self.style)
        self.tally.add(result)

    def close(self) -> None:
        text_format.write_totals(self.tally.counts, self.tally.categories, self.out, self.color, self.style,
                                 self.hidden, self.tally.fixed)


class ConciseStream(TextStream):
    def __init__(self, out: TextIO, color: bool = False, style: text_format.Style | None = None) -> None:
        style = style or text_format.Style()
        super().__init__(out, color, text_format.Style(True, style.hide_info, style.quiet))


class JsonStream:
    def __init__(self, out: TextIO, color: bool = False, style: text_format.Style | None = None) -> None:
        self.out, self.tally = out, Tally()
        head = json.dumps({"tool": {"name": "contentqa", "version": __version__}}, ensure_ascii=False, indent=2)
        self.out.write(head[:-2] + ',\n  "files": [')

    def add(self, result: FileResult) -> None:
        # Only "\n" breaks lines in json.dumps output (U+2028 inside a string must stay as it is).
        item = json.dumps(result.to_json(), ensure_ascii=False, indent=2)
        self.out.write(("\n" if not self.tally.counts["files"] else ",\n") + "    " + item.replace("\n", "\n    "))
        self.tally.add(result)

    def close(self) -> None:
        counts = self.tally.counts
        summary = json.dumps({k: counts[k] for k in ("files", "errors", "warnings", "info")}, indent=2)
        self.out.write(("\n  ]" if counts["files"] else "]") + ',\n  "summary": ' + summary.replace("\n", "\n  ")
                       + "\n}\n")


STREAMS: dict[str, type[TextStream] | type[JsonStream]] = {"text": TextStream, "concise": ConciseStream,
                                                          "json": JsonStream}
