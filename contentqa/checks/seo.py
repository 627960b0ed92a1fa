"""SEO: title, meta description, H1 and keyphrase, from Markdown front matter or the HTML head.

Only published pages, which have a place for this metadata, are checked: Markdown files with
front matter and HTML pages with a `<head>`. Plain text has no title or description; a Markdown
file without front matter (a README, a snippet) and an HTML fragment (a CMS body without
`<html>`/`<head>`) get them, if at all, from elsewhere.

In Markdown the front-matter title is the page title, and static site generators (Jekyll, Hugo,
Zola, Docusaurus) render it as the page's H1; without a front-matter title, the first `# H1`
is the title (MkDocs, GitHub).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from ..parsers.frontmatter import split_front_matter
from ..rule import Finding, Rule

if TYPE_CHECKING:
    from ..context import Context
    from ..document import Block, Document

# Yoast's ranges: the SEO title fits a 600-pixel result line (about 60 characters); a meta
# description is shown up to about 156 characters and says too little under 120.
TITLE_MIN, TITLE_MAX = 30, 60
DESCRIPTION_MIN, DESCRIPTION_MAX = 120, 156

# Front-matter keys that hold the title or description shown in search results, before the
# page's own title. Hyphenated spellings are common in Jekyll sites.
_SEO_TITLE_KEYS = ("seo_title", "seo-title", "meta_title", "meta-title")
_DESCRIPTION_KEYS = ("meta-description", "meta_description", "seo-description", "seo_description")
_HEAD = re.compile(r"<(?:html|head|title)\b", re.IGNORECASE)
_FUNCTION_WORDS = frozenset("a an and are as at by for from in is of on or the to with your you".split())


def has_metadata_place(doc: Document) -> bool:
    """Whether the document can hold a title and a description (see the module docstring)."""
    if doc.format == "markdown":
        return _front_matter_end(doc) > 0
    return doc.format == "html" and bool(_HEAD.search(doc.text))


def _front_matter_end(doc: Document) -> int:
    fm = split_front_matter(doc.text) if doc.format == "markdown" else None
    return fm[1] if fm else 0


def _raw_value(doc: Document, keys: tuple[str, ...]) -> tuple[str, tuple[int, int] | None] | None:
    """A front-matter value under one of `keys` (top level or under `seo:`) and its source span."""
    raw = doc.meta.raw
    nested = raw.get("seo") if isinstance(raw.get("seo"), dict) else {}
    for source in (raw, nested):
        for key in keys:
            value = source.get(key) if isinstance(source, dict) else None
            if isinstance(value, str) and value.strip():
                value = value.strip()
                at = doc.text.find(value, 0, _front_matter_end(doc))
                return value, (at, at + len(value)) if at != -1 else None
    return None


def seo_title(doc: Document) -> tuple[str, tuple[int, int] | None] | None:
    """The title a search result shows: an SEO title key, else the page title."""
    found = _raw_value(doc, _SEO_TITLE_KEYS) if doc.format == "markdown" else None
    if found:
        return found
    if doc.meta.title:
        return doc.meta.title, _trimmed(doc, doc.meta.spans.get("title"))
    return None


def meta_description(doc: Document) -> tuple[str, tuple[int, int] | None] | None:
    if doc.meta.description:
        return doc.meta.description, _trimmed(doc, doc.meta.spans.get("description"))
    return _raw_value(doc, _DESCRIPTION_KEYS) if doc.format == "markdown" else None


def _trimmed(doc: Document, span: tuple[int, int] | None) -> tuple[int, int] | None:
    if span is None:
        return None
    s, e = span
    piece = doc.text[s:e]
    return s + len(piece) - len(piece.lstrip()), e - (len(piece) - len(piece.rstrip()))


def _h1s(doc: Document) -> list[tuple[int, int]]:
    """Source spans of the H1 headings' text."""
    spans = []
    for block in doc.blocks:
        if block.kind == "heading" and block.level == 1 and block.text.strip():
            s = len(block.text) - len(block.text.lstrip())
            spans.append(block.source_span(s, len(block.text.rstrip())))
    return spans


def _length(text: str) -> int:
    return len(" ".join(text.split()))


class MissingTitle(Rule):
    """
    What it does:
        Reports a Markdown file whose front matter has no `title` and whose body has no `# H1`
        heading (the first H1 becomes the title in many generators), and an HTML page with a
        `<head>` but no `<title>` (or an empty one). Plain text files, Markdown without front
        matter and HTML fragments are not checked: they have no place for a title.

    Why it matters:
        The title is the blue link in search results and the name of the browser tab. Without
        one, search engines make one up from the page, often badly.

    Example:
        ---
        description: What Botox is, what it treats and what to ask your doctor.
        ---

    Use instead:
        ---
        title: "Botox: uses, results and side effects"
        description: What Botox is, what it treats and what to ask your doctor.
        ---
    """

    code = "SEO001"
    name = "missing-title"
    category = "seo"
    severity = "warning"
    summary = "Page has no title"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        if not has_metadata_place(doc) or seo_title(doc):
            return
        if doc.format == "markdown":
            if not _h1s(doc):
                yield self.finding(0, 0, "No title: add `title` to the front matter (or a `# H1` heading)")
        else:
            yield self.finding(0, 0, "No <title> in the page head")


class TitleLength(Rule):
    """
    What it does:
        Reports an SEO title (front-matter `seo_title`/`meta_title`, else `title`; the HTML
        `<title>`) shorter than 30 or longer than 60 characters. A long title is a warning
        (search results cut it), a short one is info. Options: `[tool.contentqa.rules.SEO002]
        min`, `max`.

    Why it matters:
        Search results show about 600 pixels of a title, roughly 60 characters; the rest is
        replaced by an ellipsis. A very short title wastes the most visible words of the result.

    Example:
        title: "Botox: everything you need to know about injections, side effects, costs and results"

    Use instead:
        title: "Botox: uses, results and side effects"
    """

    code = "SEO002"
    name = "title-length"
    category = "seo"
    severity = "warning"
    summary = "Title too long or too short for search results"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        found = seo_title(doc) if has_metadata_place(doc) else None
        if not found:
            return
        title, span = found
        low = int(ctx.config.option(self.code, "min", TITLE_MIN))
        high = int(ctx.config.option(self.code, "max", TITLE_MAX))
        n = _length(title)
        start, end = span or (0, 0)
        if n > high:
            yield self.finding(start, end, f"Title is {n} characters; search results show about {high}")
        elif n < low:
            yield self.finding(start, end, f"Title is {n} characters; use {low}-{high} to describe the page",
                               severity="info")


class MissingMetaDescription(Rule):
    """
    What it does:
        Reports a Markdown file whose front matter has no `description` (nor
        `meta_description`, `summary` or `excerpt`), and an HTML page with a `<head>` but no
        `<meta name="description">`. A Markdown file without front matter is not checked: it
        is a plain document, not a published page. Plain text and HTML fragments are not
        checked.

    Why it matters:
        Search engines often show the meta description under the title; without one they pick
        a snippet of the page, which may not say why to click.

    Example:
        ---
        title: "Botox: uses, results and side effects"
        ---

    Use instead:
        ---
        title: "Botox: uses, results and side effects"
        description: "What Botox treats, how long results last, the common side effects, and the questions to ask your doctor before a first treatment."
        ---
    """

    code = "SEO003"
    name = "missing-meta-description"
    category = "seo"
    severity = "warning"
    summary = "Page has no meta description"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        if not has_metadata_place(doc) or meta_description(doc):
            return
        if doc.format == "markdown":
            yield self.finding(0, 0, "No meta description: add `description` to the front matter")
        else:
            yield self.finding(0, 0, 'No <meta name="description"> in the page head')


class MetaDescriptionLength(Rule):
    """
    What it does:
        Reports a meta description shorter than 120 or longer than 156 characters. A long one
        is a warning (search results cut it), a short one is info. Options:
        `[tool.contentqa.rules.SEO004] min`, `max`.

    Why it matters:
        Search results show about 156 characters of the description; a shorter one leaves
        space that a search engine may fill with a random snippet of the page.

    Example:
        description: "All about Botox."

    Use instead:
        description: "What Botox treats, how long results last, the common side effects, and the questions to ask your doctor before a first treatment."
    """

    code = "SEO004"
    name = "meta-description-length"
    category = "seo"
    severity = "warning"
    summary = "Meta description too long or too short"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        found = meta_description(doc) if has_metadata_place(doc) else None
        if not found:
            return
        text, span = found
        low = int(ctx.config.option(self.code, "min", DESCRIPTION_MIN))
        high = int(ctx.config.option(self.code, "max", DESCRIPTION_MAX))
        n = _length(text)
        start, end = span or (0, 0)
        if n > high:
            yield self.finding(start, end, f"Meta description is {n} characters; search results show about {high}")
        elif n < low:
            yield self.finding(start, end, f"Meta description is {n} characters; use {low}-{high}",
                               severity="info")


class MissingH1(Rule):
    """
    What it does:
        Reports an HTML page (with a `<head>`) that has no `<h1>`. Markdown is not checked:
        the front-matter title is rendered as the H1, and a Markdown file with neither is
        reported by SEO001.

    Why it matters:
        The H1 tells readers and search engines what the page is about; screen-reader users
        jump to it first.

    Example:
        <body><h2>What Botox treats</h2> ...

    Use instead:
        <body><h1>Botox: uses, results and side effects</h1><h2>What Botox treats</h2> ...
    """

    code = "SEO005"
    name = "missing-h1"
    category = "seo"
    severity = "warning"
    summary = "Page has no H1 heading"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        if doc.format == "html" and has_metadata_place(doc) and not _h1s(doc):
            yield self.finding(0, 0, "No <h1> heading on the page")


class MultipleH1(Rule):
    """
    What it does:
        Reports every H1 after the first. In Markdown with a front-matter `title`, the title is
        rendered as the H1, so every `# H1` in the body is a second one (as markdownlint's
        MD025 counts it); set `[tool.contentqa.rules.SEO006] front-matter-title-is-h1 = false`
        when your templates do not render the title.

    Why it matters:
        One H1 names the page; several make its topic unclear to readers, screen readers and
        search engines, and usually mean a heading level was skipped by mistake.

    Example:
        ---
        title: "Botox: uses, results and side effects"
        ---
        # Botox guide

    Use instead:
        ---
        title: "Botox: uses, results and side effects"
        ---
        ## What Botox treats
    """

    code = "SEO006"
    name = "multiple-h1"
    category = "seo"
    severity = "warning"
    summary = "More than one H1 heading"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        if doc.format not in ("markdown", "html"):
            return
        h1s = _h1s(doc)
        titled = (doc.format == "markdown" and bool(doc.meta.title)
                  and bool(ctx.config.option(self.code, "front-matter-title-is-h1", True)))
        extra = h1s if titled else h1s[1:]
        for start, end in extra:
            why = "the front-matter title is already the page's H1" if titled else "the page already has an H1"
            yield self.finding(start, end, f"Second H1 heading: {why}; use `##` / <h2>"
                               if doc.format == "markdown" else f"Second <h1> heading: {why}; use <h2>")


def _singular(word: str) -> str:
    if word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _keyphrase_pattern(keyphrase: str) -> list[re.Pattern[str]]:
    """One pattern per content word of the keyphrase; singular and plural forms both match."""
    words = [w for w in re.findall(r"\w+", keyphrase.lower()) if w not in _FUNCTION_WORDS]
    return [re.compile(r"\b" + re.escape(_singular(w)) + r"(?:e?s)?\b", re.IGNORECASE) for w in words]


def contains_keyphrase(text: str, keyphrase: str) -> bool:
    """All content words of the keyphrase occur in the text, in any order (as Yoast matches)."""
    patterns = _keyphrase_pattern(keyphrase)
    return bool(patterns) and all(p.search(text) for p in patterns)


def _first_paragraph(doc: Document) -> Block | None:
    return next((b for b in doc.blocks if b.kind == "paragraph" and b.prose().strip()), None)


class KeyphraseNotInTitle(Rule):
    """
    What it does:
        When the front matter (`keyphrase`, `focus_keyphrase`, `focus_keyword`) or the HTML
        head (`<meta name="keyphrase">`) names a focus keyphrase, reports a title that does
        not contain all its content words.

    Why it matters:
        Searchers scan result titles for the words they typed; the title is also the strongest
        on-page signal of what the page is about.

    Example:
        title: "Smoother skin in ten minutes"
        keyphrase: botox side effects

    Use instead:
        title: "Botox side effects: what is normal and when to call"
    """

    code = "SEO007"
    name = "keyphrase-not-in-title"
    category = "seo"
    severity = "warning"
    summary = "Focus keyphrase missing from the title"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        keyphrase = doc.meta.keyphrase
        found = seo_title(doc) if keyphrase and has_metadata_place(doc) else None
        if keyphrase and found and not contains_keyphrase(found[0], keyphrase):
            start, end = found[1] or (0, 0)
            yield self.finding(start, end, f"Title does not contain the keyphrase '{keyphrase}'")


class KeyphraseNotInIntroduction(Rule):
    """
    What it does:
        When a focus keyphrase is set (see SEO007), reports a first paragraph that does not
        contain all its content words, over that paragraph.

    Why it matters:
        The first paragraph tells readers and search engines at once that the page answers the
        query; it is also often the snippet shown when there is no meta description.

    Example:
        keyphrase: botox side effects
        ...
        Many people want smoother skin without surgery.

    Use instead:
        Botox side effects are usually mild: a small bruise or swelling where the needle went in.
    """

    code = "SEO008"
    name = "keyphrase-not-in-introduction"
    category = "seo"
    severity = "info"
    summary = "Focus keyphrase missing from the first paragraph"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        keyphrase = doc.meta.keyphrase
        block = _first_paragraph(doc) if keyphrase else None
        if keyphrase and block is not None and not contains_keyphrase(block.prose(), keyphrase):
            text = block.text
            start, end = block.source_span(len(text) - len(text.lstrip()), len(text.rstrip()))
            yield self.finding(start, end, f"First paragraph does not contain the keyphrase '{keyphrase}'")
