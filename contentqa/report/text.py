"""`--format text`: `path:line:col: CODE message`, the source line with a caret, a summary.

`--format concise` is the same without the source lines and the table: one line a finding.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from ..document import SourceMap
from ..engine import FileResult

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
_WIDTH = 100  # the longest source line shown; long paragraphs are one line in many articles
_MIN_WIDTH = 40


@dataclass(frozen=True)
class Style:
    """How much a human-readable report shows (the CLI's --format, --quiet and --min-severity)."""

    concise: bool = False  # one line a finding: no source line, no table
    hide_info: bool = False  # info findings only as a count, with the flag that shows them
    quiet: bool = False  # findings only: no table, no summary


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def _width(out: TextIO) -> int:
    """Room for a source line: _WIDTH, less on a narrower terminal (so the caret line never wraps)."""
    try:
        terminal = out.isatty()
    except (AttributeError, ValueError):
        terminal = False
    if not terminal:
        return _WIDTH
    return max(_MIN_WIDTH, min(_WIDTH, shutil.get_terminal_size((_WIDTH, 20)).columns - 1))


def _snippet(line_text: str, column: int, end_column: int, width: int = _WIDTH) -> tuple[str, str]:
    start, end = column - 1, max(end_column - 1, column)
    if end - start > width - 20:  # a long span (a long sentence): its first and last words
        return _ends(line_text[start:end].replace("\t", " "), width, start > 0, end < len(line_text))
    left = max(0, min(start - 30, len(line_text) - width))
    left = max(left, end + 10 - width)
    right = min(len(line_text), left + width)
    shown = line_text[left:right].replace("\t", " ")
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(line_text) else ""
    caret = " " * (len(prefix) + start - left) + "^" * max(1, min(end, right) - start)
    return prefix + shown + suffix, caret


def _ends(span: str, width: int, before: bool, after: bool) -> tuple[str, str]:
    """`first words … last words` of a span too long for the line, carets under both ends."""
    room = (width - 5) // 2
    head = span[:room]
    if " " in head[room // 2:] and len(span) > room and span[room] != " ":
        head = head[:head.rindex(" ")]  # cut between words
    tail = span[-room:]
    if " " in tail[:room // 2] and span[-room - 1] != " ":
        tail = tail[tail.index(" ") + 1:]
    head, tail = head.rstrip(), tail.lstrip()
    prefix, suffix = "…" if before else "", "…" if after else ""
    shown = f"{prefix}{head} … {tail}{suffix}"
    caret = " " * len(prefix) + "^" * len(head) + " … " + "^" * len(tail)
    return shown, caret


def write(results: Iterable[FileResult], out: TextIO, color: bool = False, style: Style | None = None) -> None:
    from . import summary

    results = list(results)
    hidden = sum(write_file(result, out, color, style) for result in results)
    write_totals(summary(results), category_counts(results), out, color, style, hidden)


def write_concise(results: Iterable[FileResult], out: TextIO, color: bool = False, style: Style | None = None) -> None:
    """`--format concise`."""
    style = style or Style()
    write(results, out, color, Style(True, style.hide_info, style.quiet))


def write_file(result: FileResult, out: TextIO, color: bool = False, style: Style | None = None) -> int:
    """One file's findings, each with its source line (output can stream file by file); returns
    the number of info findings not shown."""
    style = style or Style()
    if result.error is not None:
        out.write(f"{_paint(result.path, _BOLD, color)}: {_paint('error', _COLORS['error'], color)}: {result.error}\n")
        return 0
    source_map = SourceMap(result.text or "")
    hidden = 0
    width = _width(out)
    for f in result.findings:
        if style.hide_info and f.severity == "info":
            hidden += 1
            continue
        label = _paint(f.rule, _BOLD + _COLORS[f.severity], color)
        out.write(f"{_paint(result.path, _BOLD, color)}:{f.line}:{f.column}: {label} [{f.severity}] {f.message}\n")
        if result.text is None or style.concise:
            continue
        s, e = source_map.line_span(f.line)
        line_text = result.text[s:e].rstrip("\r\n")
        end_column = f.end_column if f.end_line == f.line else len(line_text) + 1
        gutter = str(f.line)
        # The whole line, gutter and ellipses included, stays within the width (no wrapped caret line).
        shown, caret = _snippet(line_text, f.column, end_column, width - len(gutter) - 5)
        out.write(f"{' ' * len(gutter)} |\n{gutter} | {shown}\n{' ' * len(gutter)} | {_paint(caret, _COLORS[f.severity], color)}\n")
        if "explain" in f.extra:
            out.write(f"{' ' * len(gutter)} = why: {f.extra['explain']}\n")
    return hidden


def write_totals(counts: dict[str, int], categories: dict[str, dict[str, int]], out: TextIO,
                 color: bool = False, style: Style | None = None, hidden: int = 0, fixed: int | None = None) -> None:
    """The table by category, the count of info findings not shown and the summary line, from counts.

    With `fixed` (a --fix run) the summary says how many were fixed and how many remain, as ruff's does."""
    style = style or Style()
    if style.quiet:
        return
    total = counts["errors"] + counts["warnings"] + counts["info"]
    if total and not style.concise:
        out.write(_table(categories))
    if hidden:
        out.write(f"{hidden} info finding{'s' * (hidden != 1)} not shown (--min-severity info shows them).\n")
    files = counts["files"]
    kinds = (f"{counts['errors']} error{'s' * (counts['errors'] != 1)}, "
             f"{counts['warnings']} warning{'s' * (counts['warnings'] != 1)}, {counts['info']} info")
    if fixed is None:
        line = f"Found {total} problem{'s' * (total != 1)} ({kinds})"
    else:
        line = f"Found {total + fixed} problem{'s' * (total + fixed != 1)} ({fixed} fixed, {total} remaining: {kinds})"
    line += f" in {files} file{'s' * (files != 1)}"
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
