"""Markdown with optional front matter, parsed by markdown-it-py (CommonMark, tables, strikethrough).

markdown-it-py gives each block its source lines; inline tokens carry decoded text only, so each
inline child is located in the block's source with `align`. Front matter is blanked (same
length, newlines kept) before parsing, so line numbers from the parser are file line numbers.
Hugo shortcodes are markup (see shortcodes.py); inline HTML `<a href>` and `<img>` tags are
recorded as links and images like their Markdown forms.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..document import Block, Comment, Document, Heading, Image, Link
from .align import align
from .frontmatter import front_matter_images, load_front_matter, metadata_from, split_front_matter
from .html import attr_span, parse_html_into
from .prose import non_prose_ranges
from .shortcodes import closing, figure_image, shortcode_plugin

_NOT_NEWLINE = re.compile(r"[^\r\n]")
_IMG_TAG = re.compile(r"<(?:img|source)\b", re.I)  # <source> of an inline <picture>
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_A_OPEN = re.compile(r"<a\b", re.I)
_A_CLOSE = re.compile(r"</a\s*>", re.I)
# A bare web address in text; trailing punctuation belongs to the sentence, as in GFM's autolinks.
# One in quotes or after "=" is a template string or an attribute ({{ "https://..." | embed }}).
_BARE_URL = re.compile(r"(?<![\w/@.=;\"'-])(?:https?://|www\.)[^\s<>()\[\]\"']*[^\s<>()\[\]\"'.,;:!?*_~]", re.I)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(shortcode_plugin)


def parse_markdown(path: str, text: str) -> Document:
    doc = Document(path=path, format="markdown", text=text)
    body = text
    fm = split_front_matter(text)
    if fm is not None:
        raw_start, fm_end, raw, fence = fm
        data = load_front_matter(raw, fence)
        doc.meta = metadata_from(data)
        doc.meta.images = front_matter_images(raw, fence, data, raw_start)
        for key in ("title", "description"):
            value = getattr(doc.meta, key)
            if value:
                at = text.find(value, raw_start, fm_end)
                if at != -1:
                    doc.meta.spans[key] = (at, at + len(value))
        doc.markup.append((0, fm_end))
        body = _NOT_NEWLINE.sub(" ", text[:fm_end]) + text[fm_end:]
    _Walker(doc, body).walk(_parser().parse(body))
    doc.blocks.sort(key=lambda b: b.start)
    return doc


def _tail_end(source: str, pos: int, limit: int) -> int:
    """End of a link or image destination part that starts at `pos` (just after the `]`)."""
    if pos < limit and source[pos] == "(":
        depth, i = 0, pos
        while i < limit:
            c = source[i]
            if c == "\\":
                i += 2
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        return pos
    if pos < limit and source[pos] == "[":
        close = source.find("]", pos, limit)
        return close + 1 if close != -1 else pos
    return pos


def _bracket_end(source: str, pos: int, limit: int) -> int:
    """Position just after the `]` that closes the `[` at `pos`."""
    depth, i = 0, pos
    while i < limit:
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return limit


class _Walker:
    def __init__(self, doc: Document, body: str) -> None:
        self.doc = doc
        self.source = body  # same length as doc.text; front matter blanked
        self.lines = doc.source_map.line_starts
        self.section = 0
        self.row: tuple[int, int] | None = None  # (line, cursor) of the table row being read

    def line_offset(self, line: int) -> int:
        return self.lines[line] if line < len(self.lines) else len(self.source)

    def walk(self, tokens: list[Token]) -> None:
        containers: list[str] = []
        for token in tokens:
            if token.nesting == 1:
                containers.append(token.tag)
            elif token.nesting == -1 and containers:
                containers.pop()
            if token.map is None:
                continue
            first, last = token.map
            if token.type == "inline":
                self.inline(token, containers, first, last)
            elif token.type in ("fence", "code_block"):
                start, end = self.line_offset(first), self.line_offset(last)
                self.doc.blocks.append(Block("code", token.content, start, end, [(0, start, 0)],
                                             [(0, len(token.content))], section=self.section))
                self.doc.markup.append((start, end))
            elif token.type == "html_block":
                start, end = self.line_offset(first), self.line_offset(last)
                self.section = parse_html_into(self.doc, start, end, self.section)
            elif token.type == "shortcode_block":
                at = self.source.find(token.content[:3], self.line_offset(first), self.line_offset(last))
                if at != -1:
                    self.shortcode(at, self.line_offset(last))

    def shortcode(self, at: int, limit: int) -> int:
        """Record the shortcode that opens at `at` as markup (and its image); returns its end."""
        end = closing(self.source, at, limit)
        end = end if end != -1 else limit
        self.doc.markup.append((at, end))
        image = figure_image(self.source, at, end)
        if image is not None:
            self.doc.images.append(image)
        return end

    def inline(self, token: Token, containers: list[str], first: int, last: int) -> None:
        start, limit = self.line_offset(first), self.line_offset(last)
        parent = containers[-1] if containers else ""
        kind, level = "paragraph", 0
        if parent in ("h1", "h2", "h3", "h4", "h5", "h6"):
            kind, level = "heading", int(parent[1])
        elif parent in ("td", "th"):
            kind = "table_cell"
            # Cells of one row share the row's line: continue after the previous cell.
            if self.row is not None and self.row[0] == first:
                start = self.row[1]
        elif "li" in containers:
            kind = "list_item"
        elif "blockquote" in containers:
            kind = "quote"
        text, runs, masks, cursor = self.children(token.children or [], start, limit)
        block_start, block_end = start, self._content_end(start, limit)
        if kind == "table_cell":
            bar = self.source.find("|", cursor, limit)
            self.row = (first, bar + 1 if bar != -1 else cursor)
            if runs:
                block_start, block_end = runs[0][1], cursor
        if kind == "heading":
            self.section += 1
            self.doc.headings.append(Heading(level, text.strip(), block_start, block_end))
        masks = sorted(masks + non_prose_ranges(text))
        self.doc.blocks.append(Block(kind, text, block_start, block_end, runs, masks, level, self.section))

    def _content_end(self, start: int, end: int) -> int:
        while end > start and self.source[end - 1] in "\r\n":
            end -= 1
        return end

    def children(self, children: list[Token], pos: int, limit: int
                 ) -> tuple[str, list[tuple[int, int, int]], list[tuple[int, int]], int]:
        src = self.source
        parts: list[str] = []
        runs: list[tuple[int, int, int]] = []
        masks: list[tuple[int, int]] = []
        length = 0
        cursor = pos
        link_stack: list[tuple[str, int, int, bool]] = []  # href, text start, source start, autolink
        html_links: list[tuple[str | None, int, int]] = []  # <a> tags: href, text start, source start

        def add(text: str, piece_runs: list[tuple[int, int, int]], masked: bool = False) -> None:
            nonlocal length
            if masked:
                masks.append((length, length + len(text)))
            parts.append(text)
            runs.extend(piece_runs)
            length += len(text)

        for child in children:
            kind = child.type
            if kind == "text":
                if not link_stack and not html_links:
                    self._bare_urls(child.content, cursor, limit)
                piece, cursor = align(child.content, src, cursor, limit, length)
                autolink = bool(link_stack and link_stack[-1][3])
                add(child.content, piece, masked=autolink)
            elif kind in ("softbreak", "hardbreak"):
                nl = re.compile(r"\r\n|\r|\n").search(src, cursor, limit)
                at = nl.start() if nl else cursor
                add("\n", [(length, at, 0)])
                cursor = nl.end() if nl else cursor
            elif kind == "code_inline":
                at = src.find(child.content, cursor, limit)
                if at == -1:
                    at = cursor
                add(child.content, [(length, at, len(child.content))], masked=True)
                cursor = at + len(child.content)
            elif kind == "link_open":
                auto = child.markup == "autolink" or child.info == "auto"
                at = src.find("<" if auto else "[", cursor, limit)
                at = at if at != -1 else cursor
                link_stack.append((str(child.attrs.get("href", "")), length, at, auto))
                cursor = at + 1
            elif kind == "link_close" and link_stack:
                href, text_start, at, auto = link_stack.pop()
                if auto:
                    gt = src.find(">", cursor, limit)
                    cursor = gt + 1 if gt != -1 else cursor
                else:
                    close = src.find("]", cursor, limit)
                    if close != -1:
                        cursor = _tail_end(src, close + 1, limit)
                self.doc.links.append(Link(href, "".join(parts)[text_start:].strip(), at, cursor))
            elif kind == "image":
                at = src.find("![", cursor, limit)
                if at == -1:
                    continue
                alt_end = _bracket_end(src, at + 1, limit)
                tail_end = _tail_end(src, alt_end, limit)
                src_attr = str(child.attrs.get("src", ""))
                s, e = self._destination(src_attr, alt_end, tail_end)
                raw = src[s:e] if e > s else src_attr
                self.doc.images.append(Image(raw, child.content, s, e, at, max(tail_end, alt_end), {k: str(v) for k, v in child.attrs.items()}))
                add("\ufffc", [(length, at, 0)], masked=True)
                cursor = max(tail_end, alt_end)
            elif kind == "html_inline":
                at = src.find(child.content, cursor, limit)
                at = at if at != -1 else cursor
                end = at + len(child.content)
                self.doc.markup.append((at, end))
                comment = _COMMENT.fullmatch(child.content)
                if comment:
                    self.doc.comments.append(Comment(comment.group(1), at, end))
                elif _IMG_TAG.match(child.content):
                    sub = Document(self.doc.path, "html", src[:end])
                    parse_html_into(sub, at, end)
                    self.doc.images.extend(sub.images)
                    add("\ufffc", [(length, at, 0)], masked=True)
                elif _A_OPEN.match(child.content):
                    value = attr_span(src, at, end, "href")
                    html_links.append((html.unescape(src[value[0]:value[1]]) if value else None, length, at))
                elif _A_CLOSE.match(child.content) and html_links:
                    self._html_link(html_links.pop(), "".join(parts), end)
                cursor = end
            elif kind == "shortcode":
                at = src.find(child.content[:3], cursor, limit)
                at = at if at != -1 else cursor
                # Hugo puts the shortcode's output here: an embedded object, not words.
                add("\ufffc", [(length, at, 0)], masked=True)
                cursor = self.shortcode(at, limit)
            else:
                # Emphasis and other markers: the aligner skips their characters.
                pass
        while html_links:  # an <a> left open runs to the end of the block, as in a browser
            self._html_link(html_links.pop(), "".join(parts), cursor)
        return "".join(parts), runs, masks, cursor

    def _bare_urls(self, text: str, cursor: int, limit: int) -> None:
        """Record bare URLs as links: GitHub, Hugo (goldmark) and markdown-it's linkify render them so."""
        for m in _BARE_URL.finditer(text):
            at = self.source.find(m.group(), cursor, limit)
            if at != -1:
                href = m.group() if m.group()[:4].lower() == "http" else "http://" + m.group()
                self.doc.links.append(Link(href, m.group(), at, at + len(m.group())))
                cursor = at + len(m.group())

    def _html_link(self, opened: tuple[str | None, int, int], text: str, end: int) -> None:
        href, text_start, at = opened
        if href is not None:  # <a name="x"> is an anchor, not a link
            self.doc.links.append(Link(href, text[text_start:].strip(), at, end))

    def _destination(self, src_attr: str, alt_end: int, tail_end: int) -> tuple[int, int]:
        """Span of the destination as written: inside `(...)`, or in a reference definition."""
        src = self.source
        if tail_end > alt_end and src[alt_end] == "(":
            inner = src[alt_end + 1 : tail_end - 1]
            stripped = inner.strip()
            lead = alt_end + 1 + (len(inner) - len(inner.lstrip()))
            if stripped.startswith("<"):
                close = stripped.find(">")
                return lead + 1, lead + (close if close != -1 else len(stripped))
            dest = stripped.split()[0] if stripped else ""
            return lead, lead + len(dest)
        # Reference-style: find the definition "[label]: destination".
        label = src[alt_end + 1 : tail_end - 1] if tail_end > alt_end else ""
        if not label:
            label = src[src.rfind("[", 0, alt_end) + 1 : alt_end - 1]
        m = re.compile(r"^[ ]{0,3}\[" + re.escape(label) + r"\]:[ \t]*<?(\S+?)>?(?:[ \t]|$)", re.M | re.I).search(src)
        if m:
            return m.start(1), m.end(1)
        at = src.find(src_attr)
        return (at, at + len(src_attr)) if at != -1 else (alt_end, alt_end)
