"""Plain text: paragraphs are runs of lines between blank lines."""

from __future__ import annotations

import re

from ..document import Block, Document
from .prose import non_prose_ranges

# Blank means empty or ASCII spaces and tabs, as in Markdown. A line holding only NBSP is not
# blank: it is CMS debris that the artifacts rules report, so it must stay a paragraph.
_PARAGRAPH = re.compile(r"(?:[^\r\n]*[^ \t\r\n][^\r\n]*(?:\r\n|\r|\n|$))+")


def parse_text(path: str, text: str) -> Document:
    doc = Document(path=path, format="text", text=text)
    for m in _PARAGRAPH.finditer(text):
        body = m.group().rstrip("\r\n")
        if not body:
            continue
        start = m.start()
        doc.blocks.append(
            Block(
                kind="paragraph",
                text=body,
                start=start,
                end=start + len(body),
                runs=[(0, start, len(body))],
                masks=non_prose_ranges(body),
            )
        )
    return doc
