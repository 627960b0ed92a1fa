"""HTML pages and fragments, parsed with BeautifulSoup's html.parser.

html.parser is the tree builder that records where each tag starts (`sourceline`,
`sourcepos`); text nodes are then located between tags with `align`. The walk is iterative so
that deeply nested markup cannot exhaust the recursion limit.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag
from bs4 import Comment as SoupComment
from bs4.builder import ParserRejectedMarkup
from bs4.element import CData, Declaration, Doctype, ProcessingInstruction

from ..document import Block, Comment, Document, Heading, Image, Link
from .align import align
from .prose import non_prose_ranges

BLOCK_KINDS = {
    "p": "paragraph", "li": "list_item", "dt": "list_item", "dd": "list_item",
    "td": "table_cell", "th": "table_cell", "caption": "paragraph", "figcaption": "paragraph",
    "blockquote": "quote", "div": "paragraph", "section": "paragraph", "article": "paragraph",
    "header": "paragraph", "footer": "paragraph", "main": "paragraph", "aside": "paragraph",
    "nav": "paragraph", "address": "paragraph", "summary": "paragraph", "details": "paragraph",
    "figure": "paragraph", "body": "paragraph", "html": "paragraph", "ul": "paragraph",
    "ol": "paragraph", "dl": "paragraph", "table": "paragraph", "tr": "paragraph",
    "thead": "paragraph", "tbody": "paragraph", "tfoot": "paragraph", "form": "paragraph",
    "fieldset": "paragraph", "legend": "paragraph", "label": "paragraph",
    "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
}
HIDDEN = {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "head", "select", "textarea"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SRCSET_URL = re.compile(r"\s*([^\s,][^\s]*?)(?:\s+[\d.]+[wx])?\s*(?:,|$)")


class _Builder:
    """Collects the text of one block while the walk is inside it."""

    def __init__(self, kind: str, level: int = 0) -> None:
        self.kind, self.level = kind, level
        self.parts: list[str] = []
        self.length = 0
        self.runs: list[tuple[int, int, int]] = []
        self.masks: list[tuple[int, int]] = []
        self.start = -1
        self.end = -1

    def add(self, text: str, runs: list[tuple[int, int, int]], masked: bool = False) -> None:
        if masked:
            self.masks.append((self.length, self.length + len(text)))
        self.parts.append(text)
        self.runs.extend(runs)
        if runs:
            if self.start < 0:
                self.start = runs[0][1]
            self.end = max(self.end, runs[-1][1] + runs[-1][2])
        self.length += len(text)

    def block(self, section: int) -> Block | None:
        text = "".join(self.parts)
        if self.start < 0:
            return None
        masks = sorted(self.masks + non_prose_ranges(text))
        return Block(self.kind, text, self.start, self.end, self.runs, masks, self.level, section)


@dataclass
class _OpenLink:
    href: str | None
    builder: _Builder
    text_from: int
    start: int


# Markup declarations that html.parser gives up on ("<![x", "<!x" with odd names).
_BAD_DECLARATION = re.compile(r"<!(?!--|\[CDATA\[|doctype)", re.I)


def _soup(chunk: str) -> BeautifulSoup:
    with warnings.catch_warnings():
        # A fragment that looks like a file name or URL is still a fragment to check.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        try:
            return BeautifulSoup(chunk, "html.parser")
        except ParserRejectedMarkup:
            # Show the parser a look-alike of the same length, so every position stays where it
            # is; the "<" of such a declaration then reads as text, as a browser shows it too.
            return BeautifulSoup(_BAD_DECLARATION.sub("\uff1c!", chunk), "html.parser")


def srcset_urls(value: str) -> list[str]:
    return [m.group(1) for m in _SRCSET_URL.finditer(value) if m.group(1)]


def parse_html(path: str, text: str) -> Document:
    doc = Document(path=path, format="html", text=text)
    parse_html_into(doc, 0, len(text))
    return doc


def parse_html_into(doc: Document, start: int, end: int, section: int = 0) -> int:
    """Parse doc.text[start:end] as HTML and add what it holds to `doc`. Returns the section."""
    source = doc.text
    chunk = source[start:end]
    soup = _soup(chunk)
    # html.parser counts lines by "\n" only; mirror that to turn (line, col) into offsets.
    line_starts = [0] + [i + 1 for i, c in enumerate(chunk) if c == "\n"]

    def tag_offset(tag: Tag) -> int | None:
        if tag.sourceline is None or tag.sourcepos is None:
            return None
        return start + line_starts[tag.sourceline - 1] + tag.sourcepos

    cursor = start
    builders: list[_Builder] = [_Builder("paragraph")]
    in_head = False

    def finish(builder: _Builder) -> None:
        nonlocal section
        block = builder.block(section)
        # Whitespace between tags is not a block; NBSP and other debris are, for the rules.
        if block is None or not block.text.strip(" \t\r\n\ufffc"):
            return
        if block.kind == "heading":
            section += 1
            block.section = section
            doc.headings.append(Heading(block.level, block.text.strip(), block.start, block.end))
        doc.blocks.append(block)

    # Iterative walk: a stack of (tag, child iterator, block pushed for it, hidden, open link).
    stack: list[tuple[Tag, Iterator[object], bool, bool, _OpenLink | None]] = []

    def enter(tag: Tag, hidden: bool) -> None:
        nonlocal cursor, in_head
        offset = tag_offset(tag)
        tag_end = cursor
        if offset is not None:
            cursor = max(cursor, offset)
            close = source.find(">", cursor, end)
            tag_end = close + 1 if close != -1 else cursor
            doc.markup.append((cursor, tag_end))
        name = tag.name
        pushed = False
        link_state: _OpenLink | None = None
        if name == "head":
            in_head = True
        if name == "title" and (in_head or not hidden):
            title = tag.get_text()
            doc.meta.title = doc.meta.title or title.strip()
            found = source.find(title, tag_end, end) if title else -1
            if found != -1:
                doc.meta.spans.setdefault("title", (found, found + len(title)))
        elif name == "meta":
            _read_meta(doc, tag, source, cursor, tag_end)
        elif name in ("img", "source"):
            _read_image(doc, tag, source, cursor, tag_end)
        if not hidden and name in BLOCK_KINDS:
            level = int(name[1]) if BLOCK_KINDS[name] == "heading" else 0
            finish(builders[-1])
            builders[-1] = _Builder(builders[-1].kind, builders[-1].level)
            builders.append(_Builder(BLOCK_KINDS[name], level))
            pushed = True
        if not hidden and name == "a":
            href = tag.get("href")
            link_state = _OpenLink(href if isinstance(href, str) else None, builders[-1], builders[-1].length, cursor)
        if name in ("br",) and not hidden:
            builders[-1].add("\n", [(builders[-1].length, cursor, 0)])
        if name in ("img",) and not hidden:
            builders[-1].add("\ufffc", [(builders[-1].length, cursor, 0)], masked=True)
        cursor = tag_end
        children: Iterator[object] = iter(list(tag.children)) if name not in VOID else iter(())
        stack.append((tag, children, pushed, hidden or name in HIDDEN or (name == "pre"), link_state))
        if name == "pre" and not hidden:
            stack[-1] = (tag, children, pushed, True, link_state)
            _read_code(doc, tag, source, cursor, end, section)

    def leave(tag: Tag, pushed: bool, link_state: _OpenLink | None) -> None:
        nonlocal cursor, in_head
        if tag.name not in VOID:
            close = source.find("</" + tag.name, cursor, end)
            if close != -1 and close - cursor < 4096:
                gt = source.find(">", close, end)
                cursor = gt + 1 if gt != -1 else cursor
                doc.markup.append((close, cursor))
        if tag.name == "head":
            in_head = False
        if link_state is not None and link_state.href is not None:
            builder = link_state.builder
            link_text = "".join(builder.parts)[link_state.text_from:] if builder is builders[-1] else ""
            doc.links.append(Link(link_state.href, link_text.strip(), link_state.start, cursor))
        if pushed:
            finish(builders.pop())

    iterators: list[Iterator[object]] = [iter(list(soup.children))]
    hidden_flags = [False]
    while iterators:
        node = next(iterators[-1], None)
        if node is None:
            iterators.pop()
            hidden_flags.pop()
            if stack:
                tag, _, pushed, _, link_state = stack.pop()
                leave(tag, pushed, link_state)
            continue
        hidden = hidden_flags[-1]
        if isinstance(node, SoupComment):
            raw = "<!--" + str(node) + "-->"
            found = source.find(raw, cursor, end)
            if found != -1:
                doc.comments.append(Comment(str(node), found, found + len(raw)))
                doc.markup.append((found, found + len(raw)))
                cursor = found + len(raw)
            continue
        if isinstance(node, (Doctype, Declaration, ProcessingInstruction, CData)):
            continue
        if isinstance(node, NavigableString):
            if hidden:
                continue
            value = str(node)
            builder = builders[-1]
            runs, cursor = align(value, source, cursor, end, builder.length)
            code = any(t.name in ("code", "kbd", "samp", "var") for t, *_ in stack[-3:])
            builder.add(value, runs, masked=code)
            continue
        if isinstance(node, Tag):
            enter(node, hidden)
            _, children, _, child_hidden, _ = stack[-1]
            iterators.append(children)
            hidden_flags.append(child_hidden)
    while builders:
        finish(builders.pop())
    doc.blocks.sort(key=lambda b: b.start)
    return section


def attr_span(source: str, start: int, end: int, name: str) -> tuple[int, int] | None:
    """Span of the value of attribute `name` inside the start tag source[start:end]."""
    m = re.compile(r"\s" + re.escape(name) + r"\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.I).search(source, start, end)
    if not m:
        return None
    group = next(g for g in (1, 2, 3) if m.group(g) is not None)
    return m.start(group), m.end(group)


# The page's image for link previews, in the Open Graph and Twitter card tags.
_IMAGE_META = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")


def _read_meta(doc: Document, tag: Tag, source: str, start: int, end: int) -> None:
    name = str(tag.get("name") or tag.get("property") or "").lower()
    content = tag.get("content")
    if not isinstance(content, str):
        return
    span = attr_span(source, start, end, "content")
    if name in ("description", "og:description") and doc.meta.description is None:
        doc.meta.description = content
        if span:
            doc.meta.spans["description"] = span
    elif name == "keywords":
        doc.meta.keywords = [k.strip() for k in content.split(",") if k.strip()]
    elif name in ("keyphrase", "focus-keyphrase", "contentqa:keyphrase"):
        doc.meta.keyphrase = content
    elif name in ("audience", "contentqa:audience"):
        doc.meta.audience = content
    elif name in _IMAGE_META:
        s, e = span if span else (start, end)
        doc.meta.images.append(Image(content, None, s, e, start, end, {"contentqa:front-matter": name}))


def _read_image(doc: Document, tag: Tag, source: str, start: int, end: int) -> None:
    attrs = {k: (" ".join(v) if isinstance(v, list) else str(v)) for k, v in tag.attrs.items()}
    alt = attrs.get("alt")
    if tag.name == "img":
        span = attr_span(source, start, end, "src")
        src = attrs.get("src")
        s, e = span if span else (start, end)
        doc.images.append(Image(src, alt, s, e, start, end, attrs))
    srcset = attrs.get("srcset")
    if srcset:
        span = attr_span(source, start, end, "srcset")
        for url in srcset_urls(srcset):
            at = source.find(url, span[0], span[1]) if span else -1
            s, e = (at, at + len(url)) if at != -1 else (start, end)
            doc.images.append(Image(url, alt, s, e, start, end, {**attrs, "contentqa:srcset": "1"}))
    elif tag.name == "source" and "src" in attrs:
        span = attr_span(source, start, end, "src")
        s, e = span if span else (start, end)
        doc.images.append(Image(attrs["src"], alt, s, e, start, end, attrs))


def _read_code(doc: Document, tag: Tag, source: str, cursor: int, end: int, section: int) -> None:
    code = tag.get_text()
    close = source.find("</pre", cursor, end)
    stop = close if close != -1 else end
    doc.blocks.append(Block("code", code, cursor, stop, [(0, cursor, 0)], [(0, len(code))], section=section))
    doc.markup.append((cursor, stop))
