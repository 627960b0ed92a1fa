"""`--format text`: `path:line:col: CODE message`, the source line with a caret, a summary."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from typing import TextIO

from ..document import SourceMap
from ..engine import FileResult

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
_WIDTH = 100  # long paragraphs are one line in many articles: show a window around the span


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def _snippet(line_text: str, column: int, end_column: int) -> tuple[str, str]:
    start, end = column - 1, max(end_column - 1, column)
    left = max(0, min(start - 30, len(line_text) - _WIDTH))
    right = min(len(line_text), max(left + _WIDTH, end + 10))
    shown = line_text[left:right].replace("\t", " ")
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(line_text) else ""
    caret = " " * (len(prefix) + start - left) + "^" * max(1, min(end, right) - start)
    return prefix + shown + suffix, caret


def write(results: Iterable[FileResult], out: TextIO, color: bool = False) -> None:
    from . import summary

    results = list(results)
    for result in results:
        write_file(result, out, color)
    write_totals(summary(results), category_counts(results), out, color)


def write_file(result: FileResult, out: TextIO, color: bool = False) -> None:
    """One file's findings, each with its source line (output can stream file by file)."""
    if result.error is not None:
        out.write(f"{_paint(result.path, _BOLD, color)}: {_paint('error', _COLORS['error'], color)}: {result.error}\n")
        return
    source_map = SourceMap(result.text or "")
    for f in result.findings:
        label = _paint(f.rule, _BOLD + _COLORS[f.severity], color)
        out.write(f"{_paint(result.path, _BOLD, color)}:{f.line}:{f.column}: {label} [{f.severity}] {f.message}\n")
        if result.text is None:
            continue
        s, e = source_map.line_span(f.line)
        line_text = result.text[s:e].rstrip("\r\n")
        end_column = f.end_column if f.end_line == f.line else len(line_text) + 1
        shown, caret = _snippet(line_text, f.column, end_column)
        gutter = str(f.line)
        out.write(f"{' ' * len(gutter)} |\n{gutter} | {shown}\n{' ' * len(gutter)} | {_paint(caret, _COLORS[f.severity], color)}\n")
        if "explain" in f.extra:
            out.write(f"{' ' * len(gutter)} = why: {f.extra['explain']}\n")


def write_totals(counts: dict[str, int], categories: dict[str, dict[str, int]], out: TextIO,
                 color: bool = False) -> None:
    """The table by category and the summary line, from counts."""
    total = counts["errors"] + counts["warnings"] + counts["info"]
    if total:
        out.write(_table(categories))
    files = counts["files"]
    line = (f"Found {total} problem{'s' * (total != 1)} ({counts['errors']} error{'s' * (counts['errors'] != 1)}, "
            f"{counts['warnings']} warning{'s' * (counts['warnings'] != 1)}, {counts['info']} info) "
            f"in {files} file{'s' * (files != 1)}")
    if counts["unreadable"]:
        line += f"; {counts['unreadable']} could not be checked"
    out.write(_paint(line + ".", _BOLD, color) + "\n")


def category_counts(results: Iterable[FileResult], into: dict[str, dict[str, int]] | None = None
                    ) -> dict[str, dict[str, int]]:
    """Findings by category and severity (added to `into` when given)."""
    counts = {} if into is None else into
    for result in results:
        for f in result.findings:
            row = counts.setdefault(f.category, {"error": 0, "warning": 0, "info": 0})
            row[f.severity] += 1
    return counts


def category_table(results: list[FileResult]) -> str:
    """Counts by category and severity, printed above the final summary line."""
    return _table(category_counts(results))


def _table(counts: dict[str, dict[str, int]]) -> str:
    width = max(len("category"), *(len(c) for c in counts))
    lines = [f"\n{'category':<{width}}  errors  warnings  info"]
    for category, row in sorted(counts.items()):
        lines.append(f"{category:<{width}}  {row['error']:>6}  {row['warning']:>8}  {row['info']:>4}")
    return "\n".join(lines) + "\n\n"


class Progress:
    """A one-line counter on a terminal's stderr while many files are checked; erased when done."""

    def __init__(self, stream: TextIO, total: int) -> None:
        self.stream, self.total, self.done = stream, total, 0

    def update(self, path: str) -> None:
        self.done += 1
        width = shutil.get_terminal_size((80, 20)).columns
        line = f"[{self.done}/{self.total}] {path}"
        if len(line) > width - 1:
            line = line[:width - 2] + "…"
        self.stream.write("\r\033[K" + line)
        self.stream.flush()

    def clear(self) -> None:
        """Erase the counter before output goes to the same terminal; the next update redraws it."""
        self.stream.write("\r\033[K")
        self.stream.flush()

    def close(self) -> None:
        self.clear()
