"""Plain text: paragraphs are runs of lines between blank lines.

A line holding only a suppression directive (`contentqa-disable-next-line TOK001`) is a comment,
not prose: plain text has no comment syntax of its own.
"""

from __future__ import annotations

import re

from ..document import Block, Comment, Document
from ..suppression import TEXT_DIRECTIVE
from .prose import non_prose_ranges

# Blank means empty or ASCII spaces and tabs, as in Markdown. A line holding only NBSP is not
# blank: it is CMS debris that the artifacts rules report, so it must stay a paragraph.
_PARAGRAPH = re.compile(r"(?:[^\r\n]*[^ \t\r\n][^\r\n]*(?:\r\n|\r|\n|$))+")


def parse_text(path: str, text: str) -> Document:
    doc = Document(path=path, format="text", text=text)
    directives = [m for m in TEXT_DIRECTIVE.finditer(text)] if "contentqa" in text else []
    for m in directives:
        doc.comments.append(Comment(m.group(1), m.start(1), m.end(1)))
        doc.markup.append((m.start(), m.end()))
    for m in _PARAGRAPH.finditer(text):
        pieces = [(m.start(), m.end())]
        for d in directives:  # a directive line splits its paragraph
            if m.start() <= d.start() < m.end():
                s, e = pieces.pop()
                pieces += [(s, d.start()), (d.end(), e)]
        for s, e in pieces:
            _paragraph(doc, text, s, e)
    return doc


def _paragraph(doc: Document, text: str, start: int, end: int) -> None:
    body = text[start:end].strip("\r\n")
    if not body.strip(" \t"):
        return
    start = text.index(body, start)
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
