"""Formatters: each turns the results of a run into one output format."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from ..engine import FileResult
from . import github as github_format
from . import json as json_format
from . import markdown as markdown_format
from . import rdjson as rdjson_format
from . import sarif as sarif_format
from . import text as text_format

Formatter = Callable[[Iterable[FileResult], TextIO, bool], None]
FORMATTERS: dict[str, Formatter] = {"text": text_format.write, "concise": text_format.write_concise,
                                    "json": json_format.write}
FORMATTERS.update({"sarif": sarif_format.write, "github": github_format.write, "markdown": markdown_format.write,
                   "rdjson": rdjson_format.write})


def summary(results: Iterable[FileResult]) -> dict[str, int]:
    counts = {"files": 0, "errors": 0, "warnings": 0, "info": 0, "unreadable": 0}
    key = {"error": "errors", "warning": "warnings", "info": "info"}
    for result in results:
        counts["files"] += 1
        counts["unreadable"] += result.error is not None
        for finding in result.findings:
            counts[key[finding.severity]] += 1
    return counts
