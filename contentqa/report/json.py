"""`--format json`: the machine-readable contract (see DESIGN.md)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from .. import __version__
from ..engine import FileResult


def write(results: Iterable[FileResult], out: TextIO, color: bool = False) -> None:
    from . import summary

    results = list(results)
    counts = summary(results)
    document = {
        "tool": {"name": "contentqa", "version": __version__},
        "files": [r.to_json() for r in results],
        "summary": {k: counts[k] for k in ("files", "errors", "warnings", "info")},
    }
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")
