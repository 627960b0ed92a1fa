from __future__ import annotations

import os
from pathlib import Path

import pytest

# The CLI caches results beside the configuration by default; tests must not leave a cache in the
# checkout. Tests of the cache itself turn it back on for their own temporary folders.
os.environ.setdefault("CONTENTQA_NO_CACHE", "1")

from contentqa import Config, Finding, check_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
# The shared corpus lives beside the project; tests that need it skip when it is absent.
CORPUS = ROOT.parent / "shared" / "corpus"


def lint(text: str, fmt: str = "text", select: tuple[str, ...] | list[str] = ("ALL",), path: str | None = None,
         config: Config | None = None) -> list[Finding]:
    """Findings of the selected rules for one article given as a string."""
    config = config or Config()
    config.select = list(select)
    result = check_text(text, fmt=fmt, path=path or {"text": "a.txt", "markdown": "a.md", "html": "a.html"}[fmt],
                        config=config)
    assert result.error is None, result.error
    return result.findings


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS
