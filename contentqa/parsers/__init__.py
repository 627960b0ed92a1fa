"""One parser per format; each returns a `Document` whose offsets point into the file."""

from __future__ import annotations

from ..document import Document
from .html import parse_html
from .markdown import parse_markdown
from .text import parse_text

PARSERS = {"text": parse_text, "markdown": parse_markdown, "html": parse_html}


def parse(path: str, text: str, fmt: str) -> Document:
    return PARSERS[fmt](path, text)
