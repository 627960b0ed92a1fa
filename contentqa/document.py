"""The parsed article: blocks of visible prose, markup elements, metadata, and a source map.

Every parser produces a `Document`. Offsets everywhere are indexes into `Document.text`, which is
the decoded file with its line terminators kept as they are on disk, so one offset means one
character of the file. The `SourceMap` turns an offset into the 1-based line and column that
editors show; rules never count lines themselves.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter

# Editors break lines on LF, CRLF and CR only; str.splitlines() would also break on U+2028, FF,
# VT and others, which would put findings on lines that no editor shows.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class SourceMap:
    """Maps character offsets of a text to (line, column), both 1-based."""

    def __init__(self, text: str) -> None:
        self.line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
        self.length = len(text)

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, self.length))
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def offset(self, line: int, column: int) -> int:
        """Inverse of `position` for a position inside the text."""
        return self.line_starts[line - 1] + column - 1

    def line_span(self, line: int) -> tuple[int, int]:
        """Start and end offsets of a 1-based line, without its terminator."""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else self.length
        return start, end


_start, _end = itemgetter(0), itemgetter(1)  # of a (start, end) span


@dataclass
class Block:
    """A unit of visible prose (paragraph, heading, list item, table cell, ...).

    `text` is what a reader sees; `runs` map it back to the source: each run is
    (text_start, source_start, length) for a stretch copied verbatim. Characters outside any run
    (decoded entities, soft breaks) map to the source position of the run before them.
    `masks` are ranges of `text` that are not prose (inline code, bare URLs, image filenames):
    rules skip them and readability leaves them out.
    """

    kind: str
    text: str
    start: int
    end: int
    runs: list[tuple[int, int, int]] = field(default_factory=list)
    masks: list[tuple[int, int]] = field(default_factory=list)
    level: int = 0
    section: int = 0

    def source_offset(self, index: int) -> int:
        """Source offset of the character at `index` of `text` (or just past the end)."""
        if not self.runs:
            return self.start
        starts = [r[0] for r in self.runs]
        i = bisect.bisect_right(starts, index) - 1
        if i < 0:
            return self.runs[0][1]
        text_start, source_start, length = self.runs[i]
        return source_start + min(index - text_start, length)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets for the text range [start, end)."""
        if end <= start:
            s = self.source_offset(start)
            return s, s
        return self.source_offset(start), self.source_offset(end - 1) + 1

    def mask_at(self, start: int, end: int) -> tuple[int, int] | None:
        """A mask overlapping [start, end), if any."""
        ordered, reach = self._mask_index()
        i = bisect.bisect_left(ordered, end, key=_start)  # ordered[:i] start before `end`
        if i and reach[i - 1][1] > start:  # the one reaching furthest among them
            return reach[i - 1]
        return None

    def is_masked(self, start: int, end: int) -> bool:
        return self.mask_at(start, end) is not None

    def prose_between(self, start: int, end: int) -> str:
        """The unmasked text of text[start:end], its pieces joined by single spaces."""
        ordered, reach = self._mask_index()
        # Masks before `first` all end by `start` (the furthest end so far grows with the index).
        first = bisect.bisect_right(reach, start, key=_end)
        parts, last = [], start
        for ms, me in ordered[first:bisect.bisect_left(ordered, end, key=_start)]:
            if me <= start:
                continue
            parts.append(self.text[last:max(ms, start)])
            last = max(last, min(me, end))
        parts.append(self.text[last:end])
        return " ".join(p.strip() for p in parts if p.strip())

    def _mask_index(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """Masks sorted by start, and for each prefix of them the mask that ends last.

        Rules ask about masks once per word: a block with thousands of URLs must not make each
        question scan them all."""
        cached = self.__dict__.get("_masks_indexed")
        if cached is not None and cached[0] == len(self.masks):
            return cached[1]
        ordered = sorted(self.masks)
        reach: list[tuple[int, int]] = []
        for mask in ordered:
            reach.append(mask if not reach or mask[1] > reach[-1][1] else reach[-1])
        index = (ordered, reach)
        self.__dict__["_masks_indexed"] = (len(self.masks), index)
        return index

    def prose(self) -> str:
        """The text with masked ranges removed: what readability measures."""
        if not self.masks:
            return self.text
        parts, last = [], 0
        for ms, me in sorted(self.masks):
            parts.append(self.text[last:ms])
            last = max(last, me)
        parts.append(self.text[last:])
        return re.sub(r"[ \t]{2,}", " ", "".join(parts))


@dataclass
class Image:
    """An embedded image reference (Markdown image or HTML <img>/<source>)."""

    src: str | None
    alt: str | None
    start: int  # span of the src value in the source (or of the element when src is absent)
    end: int
    element_start: int
    element_end: int
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass
class Link:
    href: str
    text: str
    start: int
    end: int


@dataclass
class Heading:
    level: int
    text: str
    start: int
    end: int


@dataclass
class Comment:
    """An HTML comment (also inside Markdown); suppression directives live here."""

    text: str
    start: int
    end: int


@dataclass
class Metadata:
    """What front matter or the HTML head says about the article."""

    title: str | None = None
    description: str | None = None
    keyphrase: str | None = None
    keywords: list[str] = field(default_factory=list)
    slug: str | None = None
    audience: str | None = None
    products: list[str] = field(default_factory=list)
    raw: dict[str, object] = field(default_factory=dict)
    # Source spans of the title and description values, for findings about them.
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    # Images named by front matter (`image:`, `cover: {image: ...}`) or the HTML head (og:image),
    # each at its value's span; attrs["contentqa:front-matter"] holds the key (or meta name).
    images: list[Image] = field(default_factory=list)


@dataclass
class Document:
    path: str
    format: str  # "text", "markdown" or "html"
    text: str
    blocks: list[Block] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    # Source ranges that are markup or code, never prose (tags, fences, front matter).
    markup: list[tuple[int, int]] = field(default_factory=list)
    meta: Metadata = field(default_factory=Metadata)
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (offset, parse problem)

    def __post_init__(self) -> None:
        self.source_map = SourceMap(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        return self.source_map.position(offset)

    def prose_blocks(self) -> Iterator[Block]:
        return (b for b in self.blocks if b.kind != "code")

    def meta_blocks(self) -> list[Block]:
        """The title, the meta description and the alt text of images, as blocks: readers see
        them (in search results, shop listings, screen readers) though they are not prose.
        Only values that stand verbatim in the source are given, so that every offset is exact
        (a folded YAML string or a decoded entity is left out)."""
        found: list[tuple[str, str, int]] = []
        for key in ("title", "description"):
            value = getattr(self.meta, key)
            if isinstance(value, str) and value.strip():
                span = self.meta.spans.get(key)
                found.append((key, value, span[0] if span else self.text.find(value)))
        for image in self.images:
            if image.alt and image.alt.strip():
                found.append(("alt", image.alt, self.text.find(image.alt, image.element_start, image.element_end)))
        return [Block(kind, value, at, at + len(value), [(0, at, len(value))]) for kind, value, at in found
                if at >= 0 and self.text[at:at + len(value)] == value]

    def visible_text(self) -> str:
        """All visible prose, one block a paragraph, without masked ranges."""
        return "\n\n".join(p for b in self.prose_blocks() if (p := b.prose().strip()))
