"""One parser per format; each returns a `Document` whose offsets point into the file."""

from __future__ import annotations

import importlib
from typing import Callable

from ..document import Document

# Each parser is imported on first use: BeautifulSoup and markdown-it cost start-up time that a
# run over plain-text files does not need.
_MODULES = {"text": "parse_text", "markdown": "parse_markdown", "html": "parse_html"}


def parser(fmt: str) -> Callable[[str, str], Document]:
    module = importlib.import_module(f"{__name__}.{fmt}")  # parsers/text.py, markdown.py, html.py
    return getattr(module, _MODULES[fmt])  # type: ignore[no-any-return]


def parse(path: str, text: str, fmt: str) -> Document:
    return parser(fmt)(path, text)
