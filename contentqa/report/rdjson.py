"""`--format rdjson`: reviewdog's Diagnostic Format (`reviewdog -f=rdjson`).

Columns there count UTF-8 bytes (not characters) and end positions are exclusive; fixes become
`suggestions`, which reviewdog posts as suggested changes. Unsafe fixes are offered too: a
suggestion is something a person accepts or not.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from ..document import SourceMap
from ..engine import FileResult
from ..rule import Finding
from .markdown import repo_path

SEVERITY = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}


def _byte_column(text: str, source_map: SourceMap, line: int, column: int) -> int:
    start, _ = source_map.line_span(line)
    return len(text[start:start + column - 1].encode("utf-8", "surrogatepass")) + 1


def _range(text: str | None, source_map: SourceMap | None, f: Finding) -> dict[str, object]:
    if text is None or source_map is None:
        return {"start": {"line": f.line, "column": f.column}, "end": {"line": f.end_line, "column": f.end_column}}
    return {"start": {"line": f.line, "column": _byte_column(text, source_map, f.line, f.column)},
            "end": {"line": f.end_line, "column": _byte_column(text, source_map, f.end_line, f.end_column)}}


def diagnostic(result: FileResult, f: Finding, source_map: SourceMap | None) -> dict[str, object]:
    span = _range(result.text, source_map, f)
    data: dict[str, object] = {
        "message": f.message,
        "location": {"path": repo_path(result.path), "range": span},
        "severity": SEVERITY[f.severity],
        "code": {"value": f.rule},
        "original_output": f"{result.path}:{f.line}:{f.column}: {f.rule} [{f.severity}] {f.message}",
    }
    if f.fix is not None:
        data["suggestions"] = [{"range": span, "text": f.fix.replacement}]
    return data


def document(results: Iterable[FileResult]) -> dict[str, object]:
    diagnostics: list[dict[str, object]] = []
    for result in results:
        if result.error is not None:
            diagnostics.append({"message": f"could not be checked: {result.error}", "severity": "ERROR",
                                "location": {"path": repo_path(result.path)}, "code": {"value": "contentqa"}})
            continue
        source_map = SourceMap(result.text) if result.text is not None else None
        diagnostics.extend(diagnostic(result, f, source_map) for f in result.findings)
    return {"source": {"name": "contentqa"}, "diagnostics": diagnostics}


def write(results: Iterable[FileResult], out: TextIO, color: bool = False) -> None:
    json.dump(document(results), out, ensure_ascii=False, indent=2)
    out.write("\n")
