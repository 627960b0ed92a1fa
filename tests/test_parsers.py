"""Parsers: visible prose, metadata, and a source map that points into the file exactly."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contentqa.document import Block, Document, SourceMap
from contentqa.files import detect_format
from contentqa.parsers import parse
from contentqa.parsers.frontmatter import FrontMatterError

MARKDOWN = """\
---
title: "Coffee guide"
description: All about coffee beans.
keyphrase: coffee beans
slug: coffee-guide
keywords: [coffee, beans]
---
# Coffee beans

Hello *world* \\* a&amp;b [a link](http://x.com/a_(b) "t") and ![alt](img/Beans.png) `code_x` <b>bold</b>
next line <https://auto.link> done.

> Quoted text.

- item one
- item two

| head | other |
|---|---|
| cell | more |

```python
x = dermalfillers2000
```

![ref image][logo]

[logo]: images/logo.png
"""

HTML = """\
<!DOCTYPE html>
<html><head><title>Coffee &amp; tea</title>
<meta name="description" content="About coffee.">
<script>var s = "<p>not prose</p>";</script>
</head><body>
<h1>Hello &amp; welcome</h1>
<p>Some <b>bold</b> text with&nbsp;entity and <code>code here</code>.</p>
<picture><source srcset="a.webp 1x, b.webp 2x"><img src="c.jpg" alt="Cup"></picture>
<ul><li>one <a href="#x">link text</a></li><li>two</li></ul>
<pre>code block</pre>
<!-- contentqa-disable TOK -->
</body></html>
"""


def assert_runs_exact(doc: Document) -> None:
    """Every verbatim run of visible text is the same characters in the file."""
    for block in doc.blocks:
        for text_start, source_start, length in block.runs:
            assert doc.text[source_start:source_start + length] == block.text[text_start:text_start + length], block


def located(doc: Document, block_text: str, needle: str) -> tuple[int, int, str]:
    block = next(b for b in doc.blocks if block_text in b.text)
    i = block.text.index(needle)
    start, end = block.source_span(i, i + len(needle))
    line, col = doc.position(start)
    return line, col, doc.text[start:end]


def test_markdown_blocks_metadata_and_positions():
    doc = parse("a.md", MARKDOWN, "markdown")
    assert_runs_exact(doc)
    assert (doc.meta.title, doc.meta.description, doc.meta.keyphrase, doc.meta.slug, doc.meta.keywords) == (
        "Coffee guide", "All about coffee beans.", "coffee beans", "coffee-guide", ["coffee", "beans"])
    assert doc.position(doc.meta.spans["title"][0]) == (2, 9)
    kinds = [(b.kind, b.text) for b in doc.blocks if b.kind != "paragraph"]
    assert ("heading", "Coffee beans") in kinds and ("quote", "Quoted text.") in kinds
    assert ("list_item", "item two") in kinds and ("table_cell", "more") in kinds
    assert ("code", "x = dermalfillers2000\n") in kinds
    assert located(doc, "Hello", "world") == (10, 8, "world")
    assert located(doc, "Hello", "a&b") == (10, 18, "a&amp;b")
    assert located(doc, "Hello", "done") == (11, 31, "done")
    assert located(doc, "more", "more") == (20, 10, "more")
    assert [(i.src, doc.position(i.start)) for i in doc.images] == [
        ("img/Beans.png", (10, 70)), ("images/logo.png", (28, 9))]
    assert [(link.href, link.text) for link in doc.links] == [
        ("http://x.com/a_(b)", "a link"), ("https://auto.link", "https://auto.link")]
    prose = doc.visible_text()
    for hidden in ("code_x", "http", "dermalfillers2000", "Coffee guide", "img/Beans.png", "bold</b>"):
        assert hidden not in prose


def test_html_blocks_metadata_and_positions():
    doc = parse("a.html", HTML, "html")
    assert_runs_exact(doc)
    assert (doc.meta.title, doc.meta.description) == ("Coffee & tea", "About coffee.")
    assert [(h.level, h.text) for h in doc.headings] == [(1, "Hello & welcome")]
    assert located(doc, "Some", "entity") == (7, 36, "entity")
    assert located(doc, "one", "link text") == (9, 26, "link text")
    assert [i.src for i in doc.images] == ["a.webp", "b.webp", "c.jpg"]
    assert doc.position(doc.images[2].start) == (8, 58)
    assert [c.text.strip() for c in doc.comments] == ["contentqa-disable TOK"]
    prose = doc.visible_text()
    assert "not prose" not in prose and "code here" not in prose and "code block" not in prose
    assert "Some bold text with\u00a0entity" in prose


def test_html_fragment_and_deep_nesting():
    doc = parse("f.html", "<p>One</p><p>Two <em>three</em></p>", "html")
    assert [b.text for b in doc.blocks] == ["One", "Two three"]
    deep = "<div>" * 3000 + "<p>deep text</p>" + "</div>" * 3000
    doc = parse("deep.html", deep, "html")
    assert any(b.text == "deep text" for b in doc.blocks)


def test_plain_text_paragraphs_keep_nbsp_lines():
    doc = parse("a.txt", "One line\nstill one.\n\n\u00a0\n\n  \nTwo.\n", "text")
    assert [b.text for b in doc.blocks] == ["One line\nstill one.", "\u00a0", "Two."]
    assert [doc.position(b.start) for b in doc.blocks] == [(1, 1), (4, 1), (7, 1)]


@pytest.mark.parametrize("text,expected", [
    ("a\nb", [(1, 1), (1, 2), (2, 1)]),
    ("a\r\nb", [(1, 1), (1, 2), (1, 3), (2, 1)]),
    ("a\rb", [(1, 1), (1, 2), (2, 1)]),
    ("a\u2028b", [(1, 1), (1, 2), (1, 3)]),  # editors do not break lines on U+2028
])
def test_source_map_line_breaks(text, expected):
    source_map = SourceMap(text)
    assert [source_map.position(i) for i in range(len(text))] == expected


def test_front_matter_errors():
    with pytest.raises(FrontMatterError, match="never closed"):
        parse("a.md", "---\ntitle: x\n", "markdown")
    with pytest.raises(FrontMatterError, match="line 2"):
        parse("a.md", "---\ntitle: a: b\n---\n", "markdown")
    with pytest.raises(FrontMatterError, match="not a mapping"):
        parse("a.md", "---\n- a\n- b\n---\n", "markdown")
    doc = parse("a.md", '+++\ntitle = "Toml title"\n+++\n# H\n', "markdown")
    assert doc.meta.title == "Toml title" and doc.headings[0].text == "H"


def test_python_objects_in_front_matter_are_not_constructed():
    with pytest.raises(FrontMatterError):
        parse("a.md", "---\nx: !!python/object/apply:os.system ['true']\n---\n", "markdown")


def test_format_detection():
    assert detect_format("a.MD", "") == "markdown"
    assert detect_format("a.htm", "") == "html"
    assert detect_format("page", "<!DOCTYPE html><p>x</p>") == "html"
    assert detect_format("notes", "plain words") == "text"


def test_corpus_source_maps_are_exact(corpus: Path):
    files = sorted(p for p in corpus.rglob("*") if p.suffix in (".md", ".html", ".txt"))
    for path in random.Random(7).sample(files, min(150, len(files))):
        text = path.read_text(encoding="utf-8")
        try:
            doc = parse(str(path), text, detect_format(str(path), text))
        except FrontMatterError:
            continue
        assert_runs_exact(doc)


def test_front_matter_key_spellings():
    doc = parse("a.md", "---\nTitle: T\nmeta-description: D\nfocus-keyphrase: k\n---\nText.\n", "markdown")
    assert (doc.meta.title, doc.meta.description, doc.meta.keyphrase) == ("T", "D", "k")


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 10)), max_size=8),
       st.integers(0, 60), st.integers(0, 10))
def test_mask_lookups_agree_with_a_scan_of_every_mask(masks, start, length):
    """mask_at and prose_between search sorted masks; they must answer as a plain scan does,
    overlapping and nested masks included."""
    spans = [(a, a + n) for a, n in masks]
    block = Block(kind="paragraph", text="abcdefghij" * 6, start=0, end=60, masks=spans)
    end = start + length
    found = block.mask_at(start, end)
    assert (found is not None) == any(ms < end and start < me for ms, me in spans)
    assert found is None or (found in spans and found[0] < end and start < found[1])
    parts, last = [], start
    for ms, me in sorted(spans):
        if me <= start or ms >= end:
            continue
        parts.append(block.text[last:max(ms, start)])
        last = max(last, min(me, end))
    parts.append(block.text[last:end])
    assert block.prose_between(start, end) == " ".join(p.strip() for p in parts if p.strip())
