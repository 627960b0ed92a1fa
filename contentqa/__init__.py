"""contentqa: a content-QA and SEO linter for articles in text, Markdown and HTML."""

from __future__ import annotations

__version__ = "0.1.0"

from .config import Config  # noqa: E402
from .engine import FileResult, check_paths, check_text  # noqa: E402
from .rule import Finding, Fix, Rule  # noqa: E402

__all__ = ["Config", "FileResult", "Finding", "Fix", "Rule", "check_paths", "check_text", "__version__"]
