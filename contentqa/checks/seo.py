"""SEO: title, meta description, slug, headings, keyphrase, content and links.

What a search result shows comes from Markdown front matter or the HTML head: the title
(`seo_title`/`meta_title`, else `title`; `<title>`), the meta description (`description`,
`meta_description`, `summary`, `excerpt`; `<meta name="description">`), the slug (`slug`; the
canonical URL; else the file name), the focus keyphrase (`keyphrase`, `focus_keyphrase`,
`focus_keyword`; `<meta name="keyphrase">`; `contentqa check --keyphrase` overrides both) and
its synonyms (`synonyms`, `keyphrase_synonyms`; `<meta name="synonyms">`, comma-separated).

Only published pages, which have a place for this metadata, are checked for title,
description, length, images and links: Markdown files with front matter and HTML pages with a
`<head>`. Plain text has no title or description; a Markdown file without front matter (a README,
a snippet) and an HTML fragment (a CMS body without `<html>`/`<head>`) get them, if at all, from
elsewhere. Empty headings are ART005's, images without alt text IMG004's: not repeated here.

In Markdown the front-matter title is the page title, and static site generators (Jekyll, Hugo,
Zola, Docusaurus) render it as the page's H1; without a front-matter title, the first `# H1`
is the title (MkDocs, GitHub).

Keyphrase matching follows Yoast: the keyphrase's content words (function words left out) must
all occur, in any order and in any word form (lemmas from spaCy's lookup tables: "effects"
matches "effect"). SEO022 turns the assessments into a 0-100 SEO score (`seo_assessments`).
"""

from __future__ import annotations

import math
import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, Callable, Iterator
from urllib.parse import urlsplit

from .. import lexicon
from ..config import ConfigError, matches
from ..metrics import totals
from ..packs import load_pack
from ..parsers.frontmatter import split_front_matter
from ..registry import rules_dir
from ..rule import Finding, Rule
from ..scores import BAD, GOOD, OK, Assessment, gate, overall, score_rating

if TYPE_CHECKING:
    from ..config import Config
    from ..context import Context
    from ..document import Block, Document, Link
    from ..engine import FileResult

# Yoast's ranges: the SEO title fits a 600-pixel result line (about 60 characters); a meta
# description is shown up to about 156 characters and says too little under 120.
TITLE_MIN, TITLE_MAX, TITLE_PIXELS = 30, 60, 600
DESCRIPTION_MIN, DESCRIPTION_MAX = 120, 156
# Yoast's text length: 300 words for a post, 900 for cornerstone content.
MIN_WORDS, CORNERSTONE_MIN_WORDS = 300, 900

# Advance widths of Arial (metric-compatible with Helvetica) in 1/1000 em, from the font's AFM
# metrics. Google shows result titles in Arial at 20 px and cuts them at about 600 px, so a
# title's rendered width is the sum of its characters' widths times 20/1000. Characters not in
# the table count as the width of a lowercase letter (556), wide scripts (CJK) as 1000.
_ARIAL_WIDTHS = {
    " ": 278, "!": 278, '"': 355, "#": 556, "$": 556, "%": 889, "&": 667, "'": 191, "(": 333, ")": 333,
    "*": 389, "+": 584, ",": 278, "-": 333, ".": 278, "/": 278, ":": 278, ";": 278, "<": 584, "=": 584,
    ">": 584, "?": 556, "@": 1015, "[": 278, "\\": 278, "]": 278, "^": 469, "_": 556, "`": 333, "{": 334,
    "|": 260, "}": 334, "~": 584, "A": 667, "B": 667, "C": 722, "D": 722, "E": 667, "F": 611, "G": 778,
    "H": 722, "I": 278, "J": 500, "K": 667, "L": 556, "M": 833, "N": 722, "O": 778, "P": 667, "Q": 778,
    "R": 722, "S": 667, "T": 611, "U": 722, "V": 667, "W": 944, "X": 667, "Y": 667, "Z": 611, "a": 556,
    "b": 556, "c": 500, "d": 556, "e": 556, "f": 278, "g": 556, "h": 556, "i": 222, "j": 222, "k": 500,
    "l": 222, "m": 833, "n": 556, "o": 556, "p": 556, "q": 556, "r": 333, "s": 500, "t": 278, "u": 556,
    "v": 500, "w": 722, "x": 500, "y": 500, "z": 500, "’": 222, "‘": 222, "“": 333, "”": 333, "–": 556,
    "—": 1000, "…": 1000, "·": 278, "©": 737, "®": 737,
}
_ARIAL_DIGIT, _ARIAL_DEFAULT, _ARIAL_WIDE = 556, 556, 1000
_SERP_FONT_PX = 20


def title_pixels(text: str) -> int:
    """Estimated width in pixels of a title in a search result (Arial, 20 px)."""
    units = 0
    for ch in " ".join(text.split()):
        if ch in _ARIAL_WIDTHS:
            units += _ARIAL_WIDTHS[ch]
        elif ch.isdigit():
            units += _ARIAL_DIGIT
        elif "\u1100" <= ch <= "\uffdc":  # Hangul, CJK, full-width forms
            units += _ARIAL_WIDE
        else:
            units += _ARIAL_DEFAULT
    return round(units * _SERP_FONT_PX / 1000)


_HEAD = re.compile(r"<(?:html|head|title)\b", re.IGNORECASE)
# Function words, which keyphrase matching leaves out ("What if I have Medicare?" opens with the
# keyphrase "medicare"): spaCy's English stop words (MIT licence), less the few that carry
# meaning in a keyphrase ("side effects", "top", "name"), plus contractions and "vs".
_CONTENT_STOP_WORDS = frozenset(
    "amount back bottom call done empty front full get give go keep made make move name part put say see serious "
    "show side take top used using".split())
_CONTRACTIONS = frozenset(
    f"{head}{tail}" for head in ("i", "you", "we", "they", "he", "she", "it", "that", "there", "what", "who", "let")
    for tail in ("'m", "'re", "'s", "'ve", "'d", "'ll")) | frozenset(
    f"{verb}n't" for verb in ("is", "are", "was", "were", "do", "does", "did", "have", "has", "had", "would", "should",
                              "could", "must", "need", "ca", "wo"))


def _function_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return (frozenset(STOP_WORDS) - _CONTENT_STOP_WORDS) | _CONTRACTIONS | {"vs", "can't", "won't"}


_FUNCTION_WORDS = _function_words()


def is_function_word(word: str) -> bool:
    return word.lower().replace("’", "'") in _FUNCTION_WORDS
# Underscores join a word ("mod_cache" is one identifier, in the keyphrase as in the text).
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_META_TAG = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def has_metadata_place(doc: Document) -> bool:
    """Whether the document can hold a title and a description (see the module docstring)."""
    if doc.format == "markdown":
        return _front_matter_end(doc) > 0
    return doc.format == "html" and bool(_HEAD.search(doc.text))


def _front_matter_end(doc: Document) -> int:
    fm = split_front_matter(doc.text) if doc.format == "markdown" else None
    return fm[1] if fm else 0


def _key(key: object) -> str:
    return str(key).lower().replace("-", "_")


def front_matter(doc: Document) -> dict[str, Any]:
    """Front-matter keys as the parser reads them (lowercase, `-` as `_`), `seo:` merged in."""
    raw = doc.meta.raw
    nested = raw.get("seo")
    merged = {**(nested if isinstance(nested, dict) else {}), **raw}
    return {_key(k): v for k, v in merged.items()}


def _value_span(doc: Document, keys: tuple[str, ...], value: str) -> tuple[int, int] | None:
    """Source span of a front-matter value: after its key's line when it can be found there."""
    end = _front_matter_end(doc)
    for m in re.finditer(r"^[ \t]*[\"']?([\w-]+)[\"']?[ \t]*[:=]", doc.text[:end], re.MULTILINE):
        if _key(m.group(1)) in keys:
            at = doc.text.find(value, m.end(), end)
            if at != -1:
                return at, at + len(value)
    at = doc.text.find(value, 0, end)
    return (at, at + len(value)) if at != -1 else None


def _string(value: object) -> str | None:
    return str(value).strip() if isinstance(value, (str, int, float)) and str(value).strip() else None


def _head_meta(doc: Document) -> dict[str, tuple[str, int, int]]:
    """<meta name|property content> of an HTML page: name -> (content, span of the content)."""
    found: dict[str, tuple[str, int, int]] = {}
    if doc.format != "html":
        return found
    for tag in _META_TAG.finditer(doc.text):
        attrs = {m.group(1).lower(): m for m in _ATTR.finditer(tag.group())}
        name, content = attrs.get("name") or attrs.get("property"), attrs.get("content")
        if name is None or content is None:
            continue
        group = next(g for g in (2, 3, 4) if content.group(g) is not None)
        key = (name.group(2) or name.group(3) or name.group(4) or "").lower()
        found.setdefault(key, (content.group(group), tag.start() + content.start(group), tag.start() + content.end(group)))
    return found


Found = tuple[str, tuple[int, int] | None]


def seo_title(doc: Document) -> Found | None:
    """The title a search result shows: an SEO title key, else the page title."""
    if doc.format == "markdown":
        fields = front_matter(doc)
        for key in ("seo_title", "meta_title"):
            value = _string(fields.get(key))
            if value:
                return value, _value_span(doc, (key,), value)
    if doc.meta.title:
        return doc.meta.title, _trimmed(doc, doc.meta.spans.get("title"))
    return None


def meta_description(doc: Document) -> Found | None:
    if doc.meta.description:
        return doc.meta.description, _trimmed(doc, doc.meta.spans.get("description"))
    return None


def _trimmed(doc: Document, span: tuple[int, int] | None) -> tuple[int, int] | None:
    if span is None:
        return None
    s, e = span
    piece = doc.text[s:e]
    return s + len(piece) - len(piece.lstrip()), e - (len(piece) - len(piece.rstrip()))


def keyphrase(doc: Document, ctx: Context) -> str | None:
    """The focus keyphrase: `--keyphrase` (configuration), else the front matter or HTML head."""
    value = ctx.config.keyphrase or doc.meta.keyphrase
    return value.strip() if isinstance(value, str) and value.strip() else None


def _keyphrase_span(doc: Document) -> tuple[int, int]:
    """Where the keyphrase is declared, for document-level keyphrase findings (else 1:1)."""
    value = doc.meta.keyphrase
    if value and doc.format == "markdown":
        span = _value_span(doc, ("keyphrase", "focus_keyphrase", "focus_keyword", "keyword"), value)
        if span:
            return span
    if value and doc.format == "html":
        meta = _head_meta(doc)
        for name in ("keyphrase", "focus-keyphrase", "contentqa:keyphrase"):
            if name in meta:
                return meta[name][1], meta[name][2]
    return 0, 0


def synonyms(doc: Document) -> list[str]:
    """Synonyms of the keyphrase (Yoast's related forms), comma-separated or a list."""
    value: object = None
    if doc.format == "markdown":
        fields = front_matter(doc)
        value = fields.get("synonyms", fields.get("keyphrase_synonyms"))
    elif doc.format == "html":
        meta = _head_meta(doc)
        found = meta.get("synonyms") or meta.get("keyphrase-synonyms")
        value = found[0] if found else None
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return []


_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")


def slug(doc: Document) -> tuple[str, tuple[int, int] | None, str] | None:
    """The page's slug, its span, and where it comes from (front matter, canonical URL, file name)."""
    if doc.format == "markdown" and has_metadata_place(doc):
        value = _string(front_matter(doc).get("slug"))
        if value:
            return value, _value_span(doc, ("slug",), value), "front matter"
    if doc.format == "html":
        for tag in _LINK_TAG.finditer(doc.text):
            attrs = {m.group(1).lower(): m for m in _ATTR.finditer(tag.group())}
            rel, href = attrs.get("rel"), attrs.get("href")
            if rel is not None and "canonical" in rel.group().lower() and href is not None:
                group = next(g for g in (2, 3, 4) if href.group(g) is not None)
                path = urlsplit(href.group(group)).path.rstrip("/")
                last = path.rsplit("/", 1)[-1]
                if last:
                    at = tag.start() + href.start(group) + href.group(group).rfind(last)
                    return last, (at, at + len(last)), "canonical URL"
        return None
    if doc.format == "markdown" and has_metadata_place(doc) and doc.path not in ("-", "<text>"):
        file = PurePosixPath(doc.path.replace("\\", "/"))
        stem = _DATE_PREFIX.sub("", file.stem if file.stem not in ("index", "_index", "README") else file.parent.name)
        return (stem, None, "file name") if stem else None
    return None


@lru_cache(maxsize=1 << 14)
def lemma(word: str) -> str:
    """spaCy's English lookup lemma (spacy-lookups-data), without building a pipeline.

    A possessive is its noun ("Rust's" is "rust"), as spaCy's tokenizer splits it off in the text.
    """
    word = word.lower().replace("’", "'")
    if word.endswith("'s") and len(word) > 2:
        word = word[:-2]
    return str(lexicon.lemmas().get(word, word))


def lemmas(text: str) -> list[str]:
    return [lemma(w) for w in _WORD.findall(text)]


def content_lemmas(phrase: str) -> list[str]:
    """The keyphrase's content words as lemmas, in order (function words left out)."""
    return [lemma(w) for w in _WORD.findall(phrase) if not is_function_word(w)]


def contains_keyphrase(text: str, phrase: str, share: float = 1.0) -> bool:
    """The content words of `phrase` occur in the text, in any order and form (all, or `share`)."""
    wanted = content_lemmas(phrase)
    if not wanted:
        return False
    present = set(lemmas(text))
    hits = sum(1 for w in wanted if w in present)
    return hits >= math.ceil(share * len(wanted)) and hits > 0


def occurrences(text: str, phrase: str) -> int:
    """How often all the content words of `phrase` occur in the text (the least of their counts)."""
    wanted = content_lemmas(phrase)
    found = lemmas(text)
    return min((found.count(w) for w in wanted), default=0)


def mentions(text: str, doc: Document, ctx: Context, share: float = 1.0) -> bool:
    """The text holds the keyphrase or one of its synonyms."""
    phrase = keyphrase(doc, ctx)
    return bool(phrase) and any(contains_keyphrase(text, p, share) for p in [phrase, *synonyms(doc)] if p)


def _h1s(doc: Document) -> list[tuple[int, int]]:
    """Source spans of the H1 headings' text."""
    return [_heading_span(b) for b in doc.blocks if b.kind == "heading" and b.level == 1 and b.text.strip()]


def _heading_span(block: Block) -> tuple[int, int]:
    s = len(block.text) - len(block.text.lstrip())
    return block.source_span(s, len(block.text.rstrip()))


def _titled(doc: Document, ctx: Context) -> bool:
    """Whether a front-matter title stands as the page's H1 (see SEO006)."""
    return (doc.format == "markdown" and bool(doc.meta.title)
            and bool(ctx.config.option("SEO006", "front-matter-title-is-h1", True)))


def _length(text: str) -> int:
    return len(" ".join(text.split()))


def _first_paragraph(doc: Document) -> Block | None:
    return next((b for b in doc.blocks if b.kind == "paragraph" and b.prose().strip()), None)


def _subheadings(doc: Document) -> list[Block]:
    """H2 and H3 headings with text: the 'higher-level subheadings' Yoast checks."""
    return [b for b in doc.blocks if b.kind == "heading" and b.level in (2, 3) and b.text.strip()]


def link_text_span(doc: Document, link: Link) -> tuple[int, int]:
    """Source span of a link's text (the whole link when the text cannot be placed)."""
    if link.text:
        at = doc.text.find(link.text, link.start, link.end)
        if at != -1:
            return at, at + len(link.text)
    return link.start, link.end


def _host(href: str) -> str | None:
    parts = urlsplit(href)
    return parts.hostname.lower() if parts.hostname else None


def link_kind(href: str, own_hosts: set[str]) -> str | None:
    """'internal', 'outbound', or None for links that lead nowhere else (#fragment, mailto:)."""
    href = href.strip()
    if not href or href.startswith("#") or re.match(r"(?:mailto|tel|javascript|data):", href, re.IGNORECASE):
        return None
    if re.match(r"[a-z][a-z0-9+.-]*:", href, re.IGNORECASE) or href.startswith("//"):
        host = _host(href)
        if host is None:
            return None
        return "internal" if host in own_hosts or host.removeprefix("www.") in own_hosts else "outbound"
    return "internal"


def own_hosts(doc: Document, ctx: Context) -> set[str]:
    """The site's own hosts: option `site-hosts` of SEO016, the canonical URL or `url` of the page."""
    hosts = {h.lower().removeprefix("www.") for h in ctx.config.option("SEO016", "site-hosts", [])}
    candidates = [_string(front_matter(doc).get(k)) for k in ("url", "canonical", "canonical_url", "permalink")]
    if doc.format == "html":
        for tag in _LINK_TAG.finditer(doc.text):
            if "canonical" in tag.group().lower():
                href = re.search(r"href\s*=\s*[\"']?([^\"'\s>]+)", tag.group(), re.IGNORECASE)
                candidates.append(href.group(1) if href else None)
        og = _head_meta(doc).get("og:url")
        candidates.append(og[0] if og else None)
    for url in candidates:
        host = _host(url) if url else None
        if host:
            hosts.add(host.removeprefix("www."))
    return hosts


@lru_cache(maxsize=1)
def vague_link_texts() -> frozenset[str]:
    schema = {"type": "object", "required": ["texts"], "additionalProperties": False,
              "properties": {"description": {"type": "string"},
                             "texts": {"type": "array", "items": {"type": "string", "minLength": 1}}}}
    data, _ = load_pack(rules_dir() / "seo" / "link-text.yml", schema)
    return frozenset(_normal_link_text(t) for t in data["texts"])


def _normal_link_text(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s']", " ", text.lower()).split())


def cornerstone(doc: Document) -> bool:
    value = front_matter(doc).get("cornerstone") if doc.format == "markdown" else None
    if doc.format == "html":
        found = _head_meta(doc).get("cornerstone")
        value = found[0] if found else None
    return value is True or (isinstance(value, str) and value.strip().lower() in ("true", "yes", "1"))


def min_words(doc: Document, ctx: Context) -> int:
    if cornerstone(doc):
        return int(ctx.config.option("SEO014", "cornerstone-min-words", CORNERSTONE_MIN_WORDS))
    return int(ctx.config.option("SEO014", "min-words", MIN_WORDS))


def _heading_skips(doc: Document, ctx: Context) -> list[tuple[Block, int]]:
    """Headings that go more than one level deeper than the heading before, with that level."""
    previous: int | None = 1 if _titled(doc, ctx) else None
    skips = []
    for block in doc.blocks:
        if block.kind != "heading" or not block.text.strip():
            continue
        if previous is not None and block.level > previous + 1:
            skips.append((block, previous))
        previous = block.level
    return skips


@dataclass
class Density:
    count: int
    words: int
    percent: float


def keyphrase_density(doc: Document, ctx: Context) -> Density | None:
    """Occurrences of the keyphrase (all its content words in one sentence, in any form) per 100 words.

    As Yoast counts: in each sentence, headings included, the number of times every content
    word occurs (the least of them); the density is occurrences divided by the words of the text.
    """
    phrase = keyphrase(doc, ctx)
    wanted = content_lemmas(phrase) if phrase else []
    words = totals(doc).words
    if not wanted or not words:
        return None

    def compute() -> Density:
        found = 0
        for block in doc.prose_blocks():
            if not block.prose().strip():
                continue
            tokens = ctx.spacy_doc(block)
            for sentence in tokens.sents:
                forms = [lemma(t.text) if t.lemma_ == t.text else t.lemma_.lower() for t in sentence
                         if not block.is_masked(t.idx, t.idx + len(t))]
                found += min(forms.count(w) for w in wanted)
        return Density(found, words, round(100 * found / words, 2))

    density = ctx.memo("seo.density", compute)
    ctx.metrics["keyphrase_density"] = density.percent
    return density


@dataclass
class DensityVerdict:
    """How a keyphrase density rates, as Yoast rates it (see SEO012)."""

    problem: str | None  # None (good), "low", "high" or "severe"
    points: int  # what it adds to the SEO score: 9, 4, -10 or -50
    weighted: float  # the density times the keyphrase-length factor (texts of 100+ words)
    limits: str  # the recommended range, for messages


def length_factor(words: int) -> float:
    """Yoast's weight for a keyphrase of `words` content words: 0.7 + words/3 (1.03 for one
    word, 1.7 for three), so a long keyphrase needs fewer occurrences for the same rating."""
    return 0.7 + words / 3


def density_verdict(doc: Document, ctx: Context, density: Density) -> DensityVerdict:
    """Rate a density. Texts under 100 words count occurrences: 1 (up to 2 over 50 words) is
    right, one more is stuffing, more than that severe. Longer texts weigh the density by the
    keyphrase's length (`length_factor`; option `length-factor = false` of SEO012 turns that
    off) and want 0.5-3.5%: a single occurrence is too few, over 3.5% stuffing, over 4% severe.
    (Yoast allows 3.5% where it matches word forms, as contentqa always does, and 3% where it
    matches exact forms only.)"""
    low = float(ctx.config.option("SEO012", "min-percent", 0.5))
    high = float(ctx.config.option("SEO012", "max-percent", 3.5))
    severe = float(ctx.config.option("SEO012", "severe-percent", 4))
    count = density.count
    if density.words < 100:
        most = 2 if density.words > 50 else 1
        limits = f"1-{most} times in a text this short"
        if count == 0:
            return DensityVerdict("low", 4, density.percent, limits)
        if count <= most:
            return DensityVerdict(None, GOOD, density.percent, limits)
        return DensityVerdict("high" if count == most + 1 else "severe", -10 if count == most + 1 else -50,
                              density.percent, limits)
    phrase = keyphrase(doc, ctx) or ""
    factor = length_factor(len(content_lemmas(phrase))) if ctx.config.option("SEO012", "length-factor", True) else 1
    weighted = round(density.percent * factor, 2)
    least = max(2, math.ceil(low * density.words / (100 * factor)))
    limits = f"{low:g}-{high:g}%" + (f" weighted by {factor:.2f} for its length" if factor != 1 else "")
    if count == 0 or weighted < low or count == 1:
        return DensityVerdict("low", 4, weighted, limits)
    if weighted <= high or (count == 2 and least <= 2):
        return DensityVerdict(None, GOOD, weighted, limits)
    if weighted <= severe:
        return DensityVerdict("high", -10, weighted, limits)
    return DensityVerdict("severe", -50, weighted, limits)


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


def title_problem(title: str, ctx: Context) -> tuple[str, str] | None:
    """(severity, message) when a title is too long (pixels, or characters when `max` is set) or too short.

    Search results cut titles by width, not by characters, so by default only the width
    counts (as in Yoast): 61 narrow letters fit, 55 wide ones may not.
    """
    low = int(ctx.config.option("SEO002", "min", TITLE_MIN))
    limit = ctx.config.option("SEO002", "max", None)
    high = int(limit) if limit is not None else TITLE_MAX
    max_pixels = int(ctx.config.option("SEO002", "max-pixels", TITLE_PIXELS))
    n, pixels = _length(title), title_pixels(title)
    # The message names the limit that was passed: a title within the pixel width is not cut, so
    # it must not say that results cut it.
    if pixels > max_pixels:
        return "warning", (f"Title is {n} characters (about {pixels} px); search results show about "
                           f"{max_pixels} px and cut the rest")
    if limit is not None and n > high:
        return "warning", f"Title is {n} characters (about {pixels} px), over the limit of {high} characters"
    if n < low:
        return "info", f"Title is {n} characters (about {pixels} px); use {low}-{high} to describe the page"
    return None


class TitleLength(Rule):
    """
    What it does:
        Reports an SEO title (front-matter `seo_title`/`meta_title`, else `title`; the HTML
        `<title>`) that is too long for a search result: wider than 600 pixels in Arial at
        20 px (estimated from a per-character width table, as Google renders result titles),
        or longer than `max` characters when that option is set, as a warning; or shorter than
        30 characters, as info. Options: `[tool.contentqa.rules.SEO002] min` (30), `max`
        (none; 60 is the usual character rule), `max-pixels` (600).

    Why it matters:
        Search results show about 600 pixels of a title; the rest is replaced by an ellipsis.
        Wide letters (M, W, capitals) fill the line sooner than narrow ones. A very short title
        wastes the most visible words of the result.

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
        problem = title_problem(found[0], ctx) if found else None
        if found and problem:
            start, end = found[1] or (0, 0)
            yield self.finding(start, end, problem[1], severity=problem[0])


class MissingMetaDescription(Rule):
    """
    What it does:
        Reports a Markdown file whose front matter has no `description` (nor
        `meta_description`/`meta-description`, `summary` or `excerpt`), and an HTML page with
        a `<head>` but no `<meta name="description">`. A Markdown file without front matter is
        not checked: it is a plain document, not a published page. Plain text and HTML
        fragments are not checked.

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


def description_problem(text: str, ctx: Context) -> tuple[str, str] | None:
    low = int(ctx.config.option("SEO004", "min", DESCRIPTION_MIN))
    high = int(ctx.config.option("SEO004", "max", DESCRIPTION_MAX))
    n = _length(text)
    if n > high:
        return "warning", f"Meta description is {n} characters; search results show about {high}"
    if n < low:
        return "info", f"Meta description is {n} characters; use {low}-{high}"
    return None


class MetaDescriptionLength(Rule):
    """
    What it does:
        Reports a meta description shorter than 120 or longer than 156 characters. A long one
        is a warning (search results cut it), a short one is info. Options:
        `[tool.contentqa.rules.SEO004] min` (120), `max` (156).

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
        problem = description_problem(found[0], ctx) if found else None
        if found and problem:
            start, end = found[1] or (0, 0)
            yield self.finding(start, end, problem[1], severity=problem[0])


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


def extra_h1s(doc: Document, ctx: Context) -> list[tuple[int, int]]:
    """H1 headings beyond the page's one H1 (the front-matter title counts as one)."""
    if doc.format not in ("markdown", "html"):
        return []
    h1s = _h1s(doc)
    return h1s if _titled(doc, ctx) else h1s[1:]


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
        titled = _titled(doc, ctx)
        for start, end in extra_h1s(doc, ctx):
            why = "the front-matter title is already the page's H1" if titled else "the page already has an H1"
            yield self.finding(start, end, f"Second H1 heading: {why}; use `##` / <h2>"
                               if doc.format == "markdown" else f"Second <h1> heading: {why}; use <h2>")


def title_keyphrase(doc: Document, ctx: Context) -> str | None:
    """'start', 'inside' or 'missing': where the keyphrase is in the SEO title (None: not checked)."""
    phrase = keyphrase(doc, ctx)
    found = seo_title(doc) if phrase and has_metadata_place(doc) else None
    if not phrase or not found or not content_lemmas(phrase):
        return None
    if not contains_keyphrase(found[0], phrase):
        return "missing"
    wanted = content_lemmas(phrase)
    opening = [lemma(w) for w in _WORD.findall(found[0]) if not is_function_word(w)][:len(wanted)]
    return "start" if sorted(opening) == sorted(wanted) else "inside"


class KeyphraseNotInTitle(Rule):
    """
    What it does:
        When a focus keyphrase is set (front matter `keyphrase`, `focus_keyphrase`,
        `focus_keyword`; `<meta name="keyphrase">`; or `contentqa check --keyphrase`), reports
        an SEO title that does not contain all its content words (a warning), or that has them
        but not at its start (info: Yoast rates a title that opens with the keyphrase best).
        Word forms match ("side effect" for "side effects").

    Why it matters:
        Searchers scan result titles for the words they typed, from the left; the title is also
        the strongest on-page signal of what the page is about.

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
    summary = "Focus keyphrase missing from the title, or not at its start"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        where = title_keyphrase(doc, ctx)
        if where in (None, "start"):
            return
        found = seo_title(doc)
        assert found is not None
        start, end = found[1] or (0, 0)
        phrase = keyphrase(doc, ctx)
        if where == "missing":
            yield self.finding(start, end, f"Title does not contain the keyphrase '{phrase}'")
        else:
            yield self.finding(start, end, f"Title does not start with the keyphrase '{phrase}'; put it first",
                               severity="info")


class KeyphraseNotInIntroduction(Rule):
    """
    What it does:
        When a focus keyphrase is set (see SEO007), reports a first paragraph that contains
        neither all its content words nor a synonym's, over that paragraph.

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
        phrase = keyphrase(doc, ctx)
        block = _first_paragraph(doc) if phrase else None
        if phrase and block is not None and not mentions(block.prose(), doc, ctx):
            text = block.text
            start, end = block.source_span(len(text) - len(text.lstrip()), len(text.rstrip()))
            yield self.finding(start, end, f"First paragraph does not contain the keyphrase '{phrase}'")


def slug_problems(doc: Document, ctx: Context) -> list[str]:
    found = slug(doc)
    if found is None:
        return []
    value, _, source = found
    problems = []
    limit = int(ctx.config.option("SEO009", "max-length", 75))
    if len(value) > limit:
        problems.append(f"Slug '{value}' ({source}) is {len(value)} characters; keep it under {limit}")
    phrase = keyphrase(doc, ctx)
    if phrase and not mentions(value.replace("-", " ").replace("_", " "), doc, ctx):
        problems.append(f"Slug '{value}' ({source}) does not contain the keyphrase '{phrase}'")
    return problems


class SlugProblem(Rule):
    """
    What it does:
        Reports a slug longer than 75 characters, or one without the focus keyphrase's content
        words (or a synonym's) when a keyphrase is set. The slug is the front-matter `slug`,
        else (HTML) the last part of the canonical URL, else (Markdown with front matter) the
        file name without a Jekyll date prefix (`index.md` takes its folder's name). Option:
        `[tool.contentqa.rules.SEO009] max-length` (75).

    Why it matters:
        The slug shows in the search result's URL line and in shared links; a short slug with
        the keyphrase tells readers what the page is before they click.

    Example:
        slug: guide-2
        keyphrase: botox side effects

    Use instead:
        slug: botox-side-effects
    """

    code = "SEO009"
    name = "slug"
    category = "seo"
    severity = "info"
    summary = "Slug too long or without the keyphrase"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        found = slug(doc)
        if found is None:
            return
        start, end = found[1] or (0, 0)
        for message in slug_problems(doc, ctx):
            yield self.finding(start, end, message)


class KeyphraseNotInMetaDescription(Rule):
    """
    What it does:
        When a focus keyphrase is set, reports a meta description that contains neither all
        its content words nor a synonym's, at the description.

    Why it matters:
        Search engines print the words of the query in bold in the description under the
        result; a description with the keyphrase stands out and confirms the page answers it.

    Example:
        keyphrase: botox side effects
        description: "Everything about smoother skin, from costs to results."

    Use instead:
        description: "Which Botox side effects are normal, how long they last, and when to call your doctor."
    """

    code = "SEO010"
    name = "keyphrase-not-in-meta-description"
    category = "seo"
    severity = "info"
    summary = "Focus keyphrase missing from the meta description"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        phrase = keyphrase(doc, ctx)
        found = meta_description(doc) if phrase and has_metadata_place(doc) else None
        if phrase and found and not mentions(found[0], doc, ctx):
            start, end = found[1] or (0, 0)
            yield self.finding(start, end, f"Meta description does not contain the keyphrase '{phrase}'")


def subheading_share(doc: Document, ctx: Context) -> tuple[list[Block], list[Block]] | None:
    """(H2/H3 subheadings, those that mention the keyphrase) when a keyphrase is set."""
    phrase = keyphrase(doc, ctx)
    heads = _subheadings(doc) if phrase else []
    if not heads:
        return None
    # Yoast counts a subheading that holds at least half of the keyphrase's content words.
    return heads, [h for h in heads if mentions(h.text, doc, ctx, share=0.5)]


class KeyphraseInSubheadings(Rule):
    """
    What it does:
        When a focus keyphrase is set and the page has H2 or H3 subheadings, reports none of
        them mentioning the keyphrase or a synonym (at least half of its content words), or
        fewer than 30% of them, at the first subheading; or more than 75% of them doing so
        (keyword stuffing), at the last. Yoast's range: 30-75% of the higher-level
        subheadings. Options: `[tool.contentqa.rules.SEO011] min-percent` (30), `max-percent`
        (75).

    Why it matters:
        Subheadings are what readers and search engines scan first; one or two that reflect the
        topic confirm the page covers it. Every subheading repeating it reads as stuffing.

    Example:
        keyphrase: botox side effects
        ## What to expect
        ## Costs

    Use instead:
        ## Common side effects of Botox
        ## Costs
    """

    code = "SEO011"
    name = "keyphrase-in-subheadings"
    category = "seo"
    severity = "info"
    summary = "Keyphrase in no or few subheadings, or in nearly all"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        share = subheading_share(doc, ctx)
        if share is None:
            return
        heads, matched = share
        phrase = keyphrase(doc, ctx)
        limit = float(ctx.config.option(self.code, "max-percent", 75))
        least = float(ctx.config.option(self.code, "min-percent", 30))
        if not matched:
            yield self.finding(*_heading_span(heads[0]), f"None of the {len(heads)} subheadings (H2/H3) mentions "
                               f"the keyphrase '{phrase}'; use it in one or two")
        elif len(heads) > 1 and 100 * len(matched) / len(heads) < least:
            yield self.finding(*_heading_span(heads[0]), f"The keyphrase '{phrase}' is in only {len(matched)} of "
                               f"{len(heads)} subheadings (under {least:g}%); use it in a few more")
        elif len(heads) > 1 and 100 * len(matched) / len(heads) > limit:
            yield self.finding(*_heading_span(matched[-1]), f"The keyphrase '{phrase}' is in {len(matched)} of "
                               f"{len(heads)} subheadings (over {limit:g}%); vary them")


class KeyphraseDensity(Rule):
    """
    What it does:
        When a focus keyphrase is set, counts its occurrences in the text (all its content
        words in one sentence, in any word form, by spaCy lemmas; headings count too) per 100
        words, as Yoast does, weighs the density by the keyphrase's length (times 0.7 + n/3
        for n content words: a three-word keyphrase needs fewer occurrences than one word),
        and reports a weighted density under 0.5% or a single occurrence (info: the topic is
        hardly named), over 3.5% (warning: keyword stuffing; Yoast's limit when word forms
        are matched, 3% for exact forms) or over 4% (error: severe
        stuffing), at the keyphrase's declaration (or line 1). Texts under 100 words are
        judged by count, as Yoast does: once (twice over 50 words) is right, none too few,
        one more stuffing, more than that severe. The unweighted density is in the metrics
        as `keyphrase_density`. Options: `[tool.contentqa.rules.SEO012] min-percent` (0.5),
        `max-percent` (3.5), `severe-percent` (4), `length-factor` (true).

    Why it matters:
        A page about a topic names it now and then; one that repeats the phrase in every other
        sentence reads badly and is what search engines penalise as keyword stuffing.

    Example:
        Botox side effects are rare. Botox side effects include bruising. Most Botox side
        effects fade. Ask about Botox side effects.

    Use instead:
        Side effects of Botox are rare. The most common is a small bruise, and it fades within
        days. Ask your doctor what to expect.
    """

    code = "SEO012"
    name = "keyphrase-density"
    category = "seo"
    severity = "warning"
    summary = "Keyphrase density too low or keyword stuffing"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        density = keyphrase_density(doc, ctx)
        if density is None:
            return
        verdict = density_verdict(doc, ctx, density)
        if verdict.problem is None:
            return
        phrase = keyphrase(doc, ctx)
        start, end = _keyphrase_span(doc)
        said = f"The keyphrase '{phrase}' occurs {density.count} times in {density.words} words ({density.percent:g}%"
        said += f", {verdict.weighted:g}% weighted)" if verdict.weighted != density.percent else ")"
        if verdict.problem == "severe":
            yield self.finding(start, end, f"{said}: severe keyword stuffing (recommended: {verdict.limits})",
                               severity="error")
        elif verdict.problem == "high":
            yield self.finding(start, end, f"{said}: keyword stuffing (recommended: {verdict.limits})")
        else:
            yield self.finding(start, end, f"{said}: use it more (recommended: {verdict.limits})", severity="info")


def links_to_self(doc: Document, href: str) -> bool:
    """Whether a link leads to the page itself: a #fragment, its own file, or its canonical URL."""
    parts = urlsplit(href.strip())
    if not parts.scheme and not parts.netloc and not parts.path:
        return True
    if parts.scheme or parts.netloc:
        own = [_string(front_matter(doc).get(k)) for k in ("url", "canonical", "canonical_url", "permalink")]
        if doc.format == "html":
            own += [m.group(1) for tag in _LINK_TAG.finditer(doc.text) if "canonical" in tag.group().lower()
                    for m in [re.search(r"href\s*=\s*[\"']?([^\"'\s>]+)", tag.group(), re.IGNORECASE)] if m]
        target = (parts.netloc.lower().removeprefix("www."), parts.path.rstrip("/"))
        return any((urlsplit(u).netloc.lower().removeprefix("www."), urlsplit(u).path.rstrip("/")) == target
                   for u in own if u)
    if doc.path in ("-", "<text>") or parts.path.startswith("/"):
        return False
    here = PurePosixPath(doc.path.replace("\\", "/"))
    return posixpath.normpath(str(here.parent / parts.path)) == posixpath.normpath(str(here))


def _code_link(doc: Document, link: Link) -> bool:
    """A link shown as code: its text is a code span, or it sits inside <code> (Yoast skips code)."""
    source = doc.text[link.start:link.end]
    if source.startswith("[`") or re.match(r"<a\b[^>]*>\s*<code\b", source, re.IGNORECASE):
        return True
    opened = doc.text.rfind("<code", 0, link.start)
    return opened != -1 and doc.text.rfind("</code>", 0, link.start) < opened


def competing_links(doc: Document, ctx: Context) -> list[Link]:
    """Links to other pages whose text is the keyphrase itself (its content words, nothing else).

    Links to the page itself and links shown as code (a module or function name that links to
    its reference) compete with nothing.
    """
    phrase = keyphrase(doc, ctx)
    wanted = sorted(content_lemmas(phrase)) if phrase else []
    if not wanted:
        return []
    return [link for link in doc.links
            if sorted(lemma(w) for w in _WORD.findall(link.text) if not is_function_word(w)) == wanted
            and not links_to_self(doc, link.href) and not _code_link(doc, link)]


class KeyphraseLinkText(Rule):
    """
    What it does:
        When a focus keyphrase is set, reports a link whose text is exactly the keyphrase (its
        content words, in any form), at the link text: Yoast's "competing links".

    Why it matters:
        Linking the keyphrase itself to another page tells search engines that the other page
        is the one about the topic, so the two compete for the same search.

    Example:
        keyphrase: botox side effects
        ... read our page on [Botox side effects](/botox-risks) ...

    Use instead:
        ... read about [the risks of fillers](/filler-risks) ...
    """

    code = "SEO013"
    name = "keyphrase-link-text"
    category = "seo"
    severity = "warning"
    summary = "Link text is the focus keyphrase"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for link in competing_links(doc, ctx):
            start, end = link_text_span(doc, link)
            yield self.finding(start, end, f"Link text is the keyphrase '{keyphrase(doc, ctx)}': the linked page "
                               "competes with this one for it; link other words")


class ThinContent(Rule):
    """
    What it does:
        Reports a published page (Markdown with front matter, HTML with a head) with fewer
        than 300 words of visible prose, or 900 for cornerstone content (front matter
        `cornerstone: true`, or `<meta name="cornerstone" content="true">`), as Yoast's text
        length check does: a warning under 250 words (750 for cornerstone), info up to the
        minimum. Options: `[tool.contentqa.rules.SEO014] min-words` (300),
        `cornerstone-min-words` (900).

    Why it matters:
        A very short page rarely answers a search well and gives search engines little to
        understand; cornerstone pages, the ones a site most wants found, need depth.

    Example:
        A 120-word page about Botox side effects.

    Use instead:
        Cover the topic: which side effects are common, how long they last, who should not
        have Botox, and when to call a doctor.
    """

    code = "SEO014"
    name = "thin-content"
    category = "seo"
    severity = "warning"
    summary = "Too few words for a page"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        if not has_metadata_place(doc):
            return
        words, minimum = totals(doc).words, min_words(doc, ctx)
        if words >= minimum:
            return
        kind = "cornerstone content" if cornerstone(doc) else "a page"
        yield self.finding(0, 0, f"Only {words} words; {kind} needs at least {minimum}",
                           severity="warning" if words < minimum * 5 / 6 else "info")


class NoImages(Rule):
    """
    What it does:
        Reports a published page (Markdown with front matter, HTML with a head) without any
        image. Images without alt text are IMG004's.

    Why it matters:
        Images break up text, explain what words cannot, and appear in image search; Yoast
        rates a page without images as a problem.

    Example:
        A 900-word guide with no picture, diagram or chart.

    Use instead:
        Add an image that explains something (a diagram of the injection sites), with alt text.
    """

    code = "SEO015"
    name = "no-images"
    category = "seo"
    severity = "info"
    summary = "Page has no images"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        if has_metadata_place(doc) and not doc.images and totals(doc).words:
            yield self.finding(0, 0, "No images on the page")


def link_counts(doc: Document, ctx: Context) -> dict[str, int]:
    hosts = own_hosts(doc, ctx)
    counts = {"internal": 0, "outbound": 0}
    for link in doc.links:
        kind = link_kind(link.href, hosts)
        if kind:
            counts[kind] += 1
    return counts


class NoInternalLinks(Rule):
    """
    What it does:
        Reports a published page without a link to another page of the same site: a relative
        or root-relative link, or an absolute one to the page's own host (from its canonical
        URL, front matter `url`, or the option). Links to `#fragments` of the page itself and
        mailto: links do not count. Option: `[tool.contentqa.rules.SEO016] site-hosts`
        (["example.com"]: hosts whose absolute links are internal).

    Why it matters:
        Internal links lead readers to the next useful page and show search engines how pages
        relate; a page nothing links from is a dead end.

    Example:
        A guide that never links to the site's related pages.

    Use instead:
        See [how to prepare for your appointment](/botox/prepare).
    """

    code = "SEO016"
    name = "no-internal-links"
    category = "seo"
    severity = "info"
    summary = "Page has no internal links"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        if has_metadata_place(doc) and totals(doc).words and not link_counts(doc, ctx)["internal"]:
            yield self.finding(0, 0, "No links to other pages of the site")


class NoOutboundLinks(Rule):
    """
    What it does:
        Reports a published page without a link to another site (see SEO016 for what counts
        as the page's own site).

    Why it matters:
        Links to sources and authorities let readers check claims, and are a sign of a
        well-researched page; in health content, citing sources is expected.

    Example:
        A page about Botox side effects that cites no source.

    Use instead:
        The FDA's [medication guide](https://www.fda.gov/media/77349/download) lists them all.
    """

    code = "SEO017"
    name = "no-outbound-links"
    category = "seo"
    severity = "info"
    summary = "Page has no outbound links"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        if has_metadata_place(doc) and totals(doc).words and not link_counts(doc, ctx)["outbound"]:
            yield self.finding(0, 0, "No links to other sites (sources, references)")


def vague_links(doc: Document) -> list[Link]:
    texts = vague_link_texts()
    return [link for link in doc.links if _normal_link_text(link.text) in texts]


class VagueLinkText(Rule):
    """
    What it does:
        Reports a link whose whole text says nothing about its target: "click here", "here",
        "read more", "learn more", "this link" and the like (the list is
        `rules/seo/link-text.yml`, after Lighthouse's link-text audit), at the link text.
        Markdown and HTML.

    Why it matters:
        Search engines read link text to learn what the target is about, and screen-reader
        users jump from link to link: a list of "click here" tells them nothing.

    Example:
        To see the full list of side effects, [click here](/botox/side-effects).

    Use instead:
        See the [full list of Botox side effects](/botox/side-effects).
    """

    code = "SEO018"
    name = "vague-link-text"
    category = "seo"
    severity = "warning"
    summary = "Link text like 'click here' or 'read more'"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for link in vague_links(doc):
            start, end = link_text_span(doc, link)
            yield self.finding(start, end, f"Link text '{link.text}' does not say where it leads; "
                               "describe the target in the link text")


class KeyphraseInEveryAlt(Rule):
    """
    What it does:
        When a focus keyphrase is set and the page has three or more images with alt text,
        reports the keyphrase in more than 70% of the alt texts (Yoast's upper bound), at the
        first of those images. Missing alt text is IMG004's. Options:
        `[tool.contentqa.rules.SEO019] max-percent` (70), `min-images` (3).

    Why it matters:
        Alt text describes each image for people who cannot see it; the same keyphrase in
        every alt describes none of them and reads as keyword stuffing.

    Example:
        ![Botox side effects](bruise.jpg) ![Botox side effects](swelling.jpg)
        ![Botox side effects](droop.jpg)

    Use instead:
        ![A small bruise at an injection site](bruise.jpg) ...
    """

    code = "SEO019"
    name = "keyphrase-in-every-alt"
    category = "seo"
    severity = "info"
    summary = "Keyphrase stuffed into the image alt texts"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        phrase = keyphrase(doc, ctx)
        with_alt = [i for i in doc.images if i.alt and i.alt.strip()] if phrase else []
        if not phrase or len(with_alt) < int(ctx.config.option(self.code, "min-images", 3)):
            return
        stuffed = [i for i in with_alt if contains_keyphrase(i.alt or "", phrase)]
        limit = float(ctx.config.option(self.code, "max-percent", 70))
        if stuffed and 100 * len(stuffed) / len(with_alt) > limit:
            yield self.finding(stuffed[0].element_start, stuffed[0].element_end,
                               f"The keyphrase '{phrase}' is in {len(stuffed)} of {len(with_alt)} image alt texts "
                               f"(over {limit:g}%); describe each image instead")


class SkippedHeadingLevel(Rule):
    """
    What it does:
        Reports a heading more than one level deeper than the heading before it (an H2 followed
        by an H4), at the heading. In Markdown with a front-matter title, the title counts as
        the H1 (see SEO006), so a first `###` skips H2. Empty headings are ART005's.

    Why it matters:
        Headings are the page's outline: screen readers list them, and search engines read them
        as the structure of the content. A skipped level breaks the outline and usually means a
        heading was picked for its size, which is the stylesheet's job.

    Example:
        ## Side effects
        #### Bruising

    Use instead:
        ## Side effects
        ### Bruising
    """

    code = "SEO020"
    name = "skipped-heading-level"
    category = "seo"
    severity = "warning"
    summary = "Heading level skipped (H2 to H4)"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for block, previous in _heading_skips(doc, ctx):
            yield self.finding(*_heading_span(block), f"Heading level skips from H{previous} to H{block.level}; "
                               f"use H{previous + 1}")


def _normal_title(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


class TitleSameAsH1(Rule):
    """
    What it does:
        Reports an HTML page whose `<title>` is word for word its H1, at the title. (In
        Markdown the front-matter title is the H1 by design; a separate `seo_title` is the
        way to tailor it.)

    Why it matters:
        The H1 is written for readers already on the page; the title is the line that must win
        the click in search results: keyphrase first, a reason to click, within 600 px, often
        with the site's name. Copying one into the other wastes the title.

    Example:
        <title>Medical applications</title> ... <h1>Medical applications</h1>

    Use instead:
        <title>Botox for migraine and sweating: medical uses | Clinic</title>
    """

    code = "SEO021"
    name = "title-same-as-h1"
    category = "seo"
    severity = "info"
    summary = "Title only repeats the H1"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        if doc.format != "html" or not has_metadata_place(doc) or not doc.meta.title:
            return
        h1 = next((b for b in doc.blocks if b.kind == "heading" and b.level == 1 and b.text.strip()), None)
        if h1 is not None and _normal_title(h1.text) == _normal_title(doc.meta.title):
            start, end = _trimmed(doc, doc.meta.spans.get("title")) or (0, 0)
            yield self.finding(start, end, "The <title> repeats the H1 word for word; write it for search results "
                               "(keyphrase first, a reason to click)")


class KeyphraseUsedBefore(Rule):
    """
    What it does:
        Reports a page whose focus keyphrase (its content words, in any form) is also the focus
        keyphrase of a page checked earlier in the same run, at the keyphrase: info when one
        page had it before, a warning when several did (Yoast's "previously used keyphrase":
        ok once, bad more often). It looks only at the files of the run (`contentqa check
        content/` checks the whole site); keyphrases given with `--keyphrase` are the same for
        every page on purpose and are not compared.

    Why it matters:
        Two pages of one site optimised for the same search compete with each other: search
        engines show one of them, often not the one you meant.

    Example:
        content/botox-risks.md:   keyphrase: botox side effects
        content/botox-guide.md:   keyphrase: botox side effects

    Use instead:
        content/botox-guide.md:   keyphrase: botox treatment
    """

    code = "SEO023"
    name = "keyphrase-used-before"
    category = "seo"
    severity = "info"
    summary = "Focus keyphrase already used by another page of the run"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        # The comparison needs the other pages: the run does it (`keyphrase_reuse`), from this metric.
        if doc.meta.keyphrase and not ctx.config.keyphrase and has_metadata_place(doc):
            ctx.metrics["keyphrase"] = doc.meta.keyphrase.strip()
        return iter(())


class KeyphraseLength(Rule):
    """
    What it does:
        Reports a focus keyphrase of more than 4 content words (function words do not count),
        at the keyphrase: info for 5-8, a warning for more (Yoast's keyphrase length: 1-4
        good, 5-8 ok, more bad).

    Why it matters:
        Every content word of the keyphrase must appear for a match (in the title, the
        introduction, one sentence for density), so a long keyphrase is rarely found as a whole;
        people search in a few words.

    Example:
        keyphrase: botox side effects bruising swelling headaches and drooping eyelids

    Use instead:
        keyphrase: botox side effects
    """

    code = "SEO024"
    name = "keyphrase-length"
    category = "seo"
    severity = "info"
    summary = "Focus keyphrase has too many words"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        phrase = keyphrase(doc, ctx)
        words = len(content_lemmas(phrase)) if phrase else 0
        rating = keyphrase_length_rating(words) if words else GOOD
        if rating != GOOD:
            yield self.finding(*_keyphrase_span(doc), f"The keyphrase '{phrase}' has {words} content words; "
                               "use at most 4", severity="info" if rating == OK else "warning")


class KeyphraseOnlyFunctionWords(Rule):
    """
    What it does:
        Reports a focus keyphrase made only of function words ("what is it", "how to"), at the
        keyphrase: no keyphrase check can match it, so SEO007-SEO013 say nothing about it.
        Function words are spaCy's English stop words (see docs/seo-readability.md).

    Why it matters:
        Words like "how", "the" and "what" occur on every page; a keyphrase needs the words that
        say what the page is about.

    Example:
        keyphrase: what is it

    Use instead:
        keyphrase: what is botox
    """

    code = "SEO025"
    name = "keyphrase-only-function-words"
    category = "seo"
    severity = "warning"
    summary = "Focus keyphrase has only function words"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        phrase = keyphrase(doc, ctx)
        if phrase and _WORD.search(phrase) and not content_lemmas(phrase):
            yield self.finding(*_keyphrase_span(doc), f"The keyphrase '{phrase}' has only function words; "
                               "add the words that say what the page is about")


def keyphrase_reuse(rule: Rule, config: Config) -> Callable[[FileResult], FileResult]:
    """SEO023 over a run: a function that sees each file's result in order and adds a finding
    to a page whose keyphrase an earlier page of the run already had."""
    from ..engine import order_findings
    from ..parsers import parse
    from ..suppression import regions, suppressed

    seen: dict[str, list[str]] = {}

    def note(result: FileResult) -> FileResult:
        phrase = result.metrics.get("keyphrase")
        if result.error is not None or not isinstance(phrase, str) or result.text is None:
            return result
        key = " ".join(sorted(content_lemmas(phrase)))
        before = seen.setdefault(key, [])
        ignored = any(matches(rule.code, rule.category, s) for s in config.ignored_for(result.path))
        if key and before and not ignored:
            doc = parse(result.path, result.text, result.format)
            start, end = _keyphrase_span(doc)
            others = ", ".join(before[:3]) + (f" and {len(before) - 3} more" if len(before) > 3 else "")
            finding = rule.finding(start, end, f"The keyphrase '{phrase}' is already the focus keyphrase of {others}; "
                                   "pages with one keyphrase compete for the same search",
                                   severity="info" if len(before) == 1 else "warning")
            finding.line, finding.column = doc.position(start)
            finding.end_line, finding.end_column = doc.position(end)
            finding.excerpt = doc.text[start:end]
            finding.severity = config.severity.get(rule.code, finding.severity)
            if not suppressed(finding, regions(doc)):
                result.findings = order_findings([*result.findings, finding])
        if key:
            before.append(result.path)
        return result

    return note


# SEO022's choices where contentqa can be stricter or looser than Yoast's defaults: option ->
# (Yoast's default, the alternative).
RATING_CHOICES = {"short-title": ("good", "ok"), "long-title": ("bad", "ok"), "no-outbound-links": ("bad", "ok"),
                  "few-subheadings": ("bad", "ok")}
_RATING_POINTS = {"good": GOOD, "ok": OK, "bad": BAD}
# Assessments Yoast does not have: in `seo_assessments`, but in the score only with
# `score-assessments = "all"` (the score then moves with them, and rates pages higher).
CONTENTQA_ONLY = frozenset({"heading-levels", "link-text"})


def _choice(ctx: Context, key: str) -> int:
    value = str(ctx.config.option("SEO022", key, RATING_CHOICES[key][0]))
    if value not in RATING_CHOICES[key]:
        raise ConfigError(f"[rules.SEO022] {key}: one of {', '.join(RATING_CHOICES[key])}, not '{value}'")
    return _RATING_POINTS[value]


def image_alt_rating(doc: Document, ctx: Context) -> tuple[int, str]:
    """Keyphrase in image alt texts, as Yoast rates it: no images bad; none of the alts with the
    keyphrase (or a synonym) ok (bad for cornerstone content); of 5+ images, 30-75% good; of
    fewer, one is enough."""
    images = doc.images
    if not images:
        return BAD, "no images"
    matched = sum(1 for i in images if i.alt and mentions(i.alt, doc, ctx))
    if not matched:
        return (BAD if cornerstone(doc) else OK), f"keyphrase in none of {len(images)} image alt texts"
    share = 100 * matched / len(images)
    good = len(images) < 5 or 30 <= share <= 75
    return (GOOD if good else OK), f"keyphrase in {matched} of {len(images)} image alt texts"


def keyphrase_length_rating(words: int) -> int:
    """Yoast's keyphrase length: 1-4 content words good, 5-8 ok, more bad."""
    return GOOD if words <= 4 else OK if words <= 8 else BAD


def seo_assessments(doc: Document, ctx: Context) -> list[Assessment]:
    """The assessments behind `seo_score` (see SEO022's docs for the table); none off a page."""
    def compute() -> list[Assessment]:
        if not has_metadata_place(doc):
            return []
        result: list[Assessment] = []

        def add(name: str, score: int, detail: str, points: int | None = None) -> None:
            result.append(Assessment(name, score, detail, points))

        title = seo_title(doc)
        if title is None:
            add("title", BAD, "no title")
        else:
            problem = title_problem(title[0], ctx)
            if problem is None:
                add("title", GOOD, "title length fits")
            else:
                add("title", _choice(ctx, "long-title" if problem[0] == "warning" else "short-title"), problem[1])
        description = meta_description(doc)
        if description is None:
            add("meta-description", BAD, "no meta description", 1)
        else:
            problem = description_problem(description[0], ctx)
            add("meta-description", OK if problem else GOOD, problem[1] if problem else "description length fits")
        h1_ok = not extra_h1s(doc, ctx) and (bool(_h1s(doc)) or _titled(doc, ctx) or doc.format == "markdown")
        # Yoast gives 8, not 9, for a single H1 and for no competing link.
        add("single-h1", GOOD if h1_ok else BAD, "one H1" if h1_ok else "no H1 or more than one", 8 if h1_ok else 1)
        skips = len(_heading_skips(doc, ctx))
        add("heading-levels", OK if skips else GOOD, f"{skips} skipped heading levels")
        words, minimum = totals(doc).words, min_words(doc, ctx)
        # Yoast weighs a text far too short below "bad": -20 under 100 words (cornerstone: 400),
        # -10 under 200.
        short_points = -20 if words < (400 if cornerstone(doc) else 100) else -10 if words < 200 else None
        add("text-length", GOOD if words >= minimum else OK if words >= minimum * 5 / 6 else BAD,
            f"{words} words (minimum {minimum})", short_points)
        add("images", GOOD if doc.images else BAD, f"{len(doc.images)} images")
        links = link_counts(doc, ctx)
        add("internal-links", GOOD if links["internal"] else BAD, f"{links['internal']} internal links")
        add("outbound-links", GOOD if links["outbound"] else _choice(ctx, "no-outbound-links"),
            f"{links['outbound']} outbound links")
        vague = len(vague_links(doc))
        add("link-text", OK if vague else GOOD, f"{vague} vague link texts")
        phrase = keyphrase(doc, ctx)
        if not phrase:
            add("keyphrase", BAD, "no focus keyphrase set")
            return result
        wanted = content_lemmas(phrase)
        if not wanted:
            # Yoast shows this as feedback (0 points): nothing in the keyphrase can be matched.
            add("keyphrase-function-words", BAD, f"the keyphrase '{phrase}' has only function words", 0)
            return result
        add("keyphrase-length", keyphrase_length_rating(len(wanted)), f"{len(wanted)} content words in the keyphrase")
        where = title_keyphrase(doc, ctx)
        if where is not None:
            add("keyphrase-in-title", {"start": GOOD, "inside": OK}.get(where, BAD), f"keyphrase {where} in title",
                2 if where == "missing" else None)
        intro = _first_paragraph(doc)
        if intro is not None:
            found = mentions(intro.prose(), doc, ctx)
            # Yoast: good when one sentence holds the keyphrase, ok when it is spread over several.
            together = found and any(mentions(intro.prose_between(a, b), doc, ctx) for a, b in ctx.sentences(intro))
            add("keyphrase-in-introduction", GOOD if together else OK if found else BAD,
                "in one sentence of the first paragraph" if together else
                "spread over the first paragraph" if found else "not in the first paragraph")
        if description is not None:
            found = mentions(description[0], doc, ctx)
            uses = occurrences(description[0], phrase)
            # Yoast: more than two uses in a description is stuffing.
            add("keyphrase-in-meta-description", BAD if uses > 2 else GOOD if found else BAD,
                f"{uses} uses in the meta description (at most 2)" if uses > 2 else
                "in the meta description" if found else "not in the meta description")
        heads = _subheadings(doc)
        if not heads:
            # Yoast: a text short enough needs no subheadings; a longer one without any is bad.
            longest = 250 if cornerstone(doc) else 300
            add("keyphrase-in-subheadings", GOOD if words <= longest else BAD,
                f"no H2/H3 subheadings in {words} words", None if words <= longest else 2)
        else:
            matched = [h for h in heads if mentions(h.text, doc, ctx, share=0.5)]
            percent = 100 * len(matched) / len(heads)
            if (len(heads) == 1 and matched) or 30 <= percent <= 75:
                rating = GOOD
            elif 0 < percent < 30:
                rating = _choice(ctx, "few-subheadings")
            else:
                rating = BAD
            add("keyphrase-in-subheadings", rating, f"keyphrase in {percent:.0f}% of {len(heads)} subheadings")
        density = keyphrase_density(doc, ctx)
        if density is not None:
            verdict = density_verdict(doc, ctx, density)
            add("keyphrase-density", GOOD if verdict.problem is None else BAD,
                f"keyphrase density {density.percent:g}% ({verdict.weighted:g}% weighted; {verdict.limits})",
                verdict.points)
        if slug(doc) is not None:
            slug_ok = not any("keyphrase" in p for p in slug_problems(doc, ctx))
            add("keyphrase-in-slug", GOOD if slug_ok else OK, "keyphrase in slug" if slug_ok else "not in slug")
        rating, detail = image_alt_rating(doc, ctx)
        add("keyphrase-in-image-alt", rating, detail)
        competing = len(competing_links(doc, ctx))
        add("competing-links", BAD if competing else GOOD, f"{competing} links with the keyphrase as text",
            2 if competing else 8)
        return result

    return ctx.memo("seo.assessments", compute)


class SeoScore(Rule):
    """
    What it does:
        Computes the SEO score of a published page (0-100, in the metrics as `seo_score`, with
        each assessment's rating in `seo_assessments`; pages only, see the module notes) and,
        when a gate is set (`contentqa check --min-seo-score N`, or
        `[tool.contentqa.rules.SEO022] min-score = N`), reports a page whose score is below it,
        as an error (so the exit code is 1 under the default `--fail-on error`).

        Each assessment rates good (9), ok (6) or bad (3), as in Yoast SEO, and adds those
        points, except where Yoast weighs a failure differently (the `seo_points` metric lists
        them): no meta description 1, a second H1 1, keyphrase missing from the title 2, a
        competing link 2, a long text without subheadings 2, keyphrase density too low 4,
        stuffing -10 (over 3.5%) or -50 (over 4%), a text under 100 words -20 (cornerstone: 400),
        under 200 -10, a keyphrase of function words only 0; and one H1 or no competing link
        8. Score = round(100 x points / (9 x number of assessments)), clamped to 0-100, over
        Yoast's assessments (heading levels and link text are listed but not scored unless
        `score-assessments = "all"`); the rating (`seo_rating`) is Yoast's traffic light: up
        to 40 bad, up to 70 ok, above good.
        Assessments: title (missing bad; wider than 600 px or over 60 characters bad, shorter
        than 30 characters good), meta description (missing bad; outside 120-156 characters
        ok), one H1, heading levels (a skipped level ok), text length (under the minimum ok,
        under 5/6 of it bad), images, internal links (none bad), outbound links (none bad), link
        text (vague ok). With no focus keyphrase: one more assessment, bad. With one: keyphrase
        length (1-4 content words good, 5-8 ok, more bad), in the title (at the start good,
        elsewhere ok, missing bad), in the introduction, in the meta description, in the H2/H3
        subheadings (30-75% good, or the only one; fewer or more bad; none: good up to 300 words,
        else bad), density (see SEO012), in the slug (else ok), in image alt texts (no images
        bad; none with it ok; 30-75% of 5+ images or one of fewer good), no link with the
        keyphrase as its text (else bad).
        Options where contentqa lets you choose against Yoast's default (`[tool.contentqa.rules.SEO022]`):
        `short-title` ("good"; "ok"), `long-title` ("bad"; "ok"), `no-outbound-links`
        ("bad"; "ok"), `few-subheadings` ("bad"; "ok").

    Why it matters:
        One number per page lets a team set a floor in CI and see which pages need work first;
        the assessments in the metrics say why the score is what it is.

    Example:
        contentqa check --min-seo-score 70 content/
        content/botox.md:1:1: SEO022 [error] SEO score 61 is below the gate of 70 ...

    Use instead:
        Fix what the other SEO rules report (a keyphrase in the title, a meta description, a
        few internal links) until the score clears the gate.
    """

    code = "SEO022"
    name = "seo-score"
    category = "seo"
    severity = "error"
    summary = "SEO score below the gate"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        assessments = seo_assessments(doc, ctx)
        which = str(ctx.config.option(self.code, "score-assessments", "yoast"))
        if which not in ("all", "yoast"):
            raise ConfigError(f"[rules.{self.code}] score-assessments: 'all' or 'yoast', not '{which}'")
        scored = [a for a in assessments if which == "all" or a.name not in CONTENTQA_ONLY]
        yield from gate(self, ctx, assessments, "seo", "SEO", score_rating(overall(scored)), scored)
