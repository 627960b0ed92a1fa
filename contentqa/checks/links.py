"""Links: local files that do not exist and in-page fragments that lead nowhere."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath
from typing import Iterator

from ..context import Context
from ..document import Document, Link
from ..paths import Resolver, local_reference
from ..rule import Finding, Rule
from .images import resolution_message

# A last path segment with a file extension ("guide.md", "report.pdf"); "v1.2" and "2.19" are not.
_FILE_SUFFIX = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,7}$")
_HREF_ATTR = re.compile(r"\shref\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.I)
_ID_ATTR = re.compile(r"<[A-Za-z][^<>]*?\s(?:id|name)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.I)
# Heading attribute blocks: "## Setup {#setup .note}" (Hugo, Pandoc), "{: #setup}" (kramdown).
_ATTRIBUTES = re.compile(r"\s*\{:?\s*(?:[#.][^}]*|[\w-]+=[^}]*)\}\s*$")
_ID_IN_ATTRIBUTES = re.compile(r"(?:^|[\s{:])#([^\s}]+)")
_KRAMDOWN_IDS = re.compile(r"^[ \t]*\{:\s*#([^\s}]+)[^}\n]*\}[ \t]*$", re.M)
# Content pulled in from other files may define the anchor: Hugo {{% ... %}} shortcodes and
# include directives (Hugo, Jekyll/Liquid, MDX imports).
_INCLUDES = re.compile(r"\{\{%|\{\{<\s*include\b|\{%-?\s*include|^import\s.+\sfrom\s", re.M)
_INCLUDE_FOLDERS = {"_includes", "includes", "_partials", "partials"}
# Fragments a browser or generator handles without an anchor in the text.
_BUILTIN = re.compile(r"^(?:top|!.*|:~:.*|fn(?:ref)?[-:_]?\w*|L\d+(?:-L\d+)?)$", re.I)


def github_slug(text: str) -> str:
    """The anchor GitHub (and Hugo, markdown-it-anchor) gives a heading."""
    text = _ATTRIBUTES.sub("", text).strip().lower()
    text = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LN")
    return text.replace(" ", "-")


def _loose(anchor: str) -> str:
    """Letters and digits only: generators differ in how they treat punctuation and spaces."""
    return "".join(c for c in anchor.lower() if c.isalnum())


def anchors(doc: Document) -> set[str]:
    """Every fragment the document defines: heading slugs, explicit ids, id and name attributes."""
    found: set[str] = set()
    if doc.format == "markdown":
        counts: dict[str, int] = {}
        for heading in doc.headings:
            attributes = _ATTRIBUTES.search(heading.text)
            if attributes:
                found.update(_ID_IN_ATTRIBUTES.findall(attributes.group()))
            slug = github_slug(heading.text)
            n = counts.get(slug, 0)
            counts[slug] = n + 1
            found.add(slug if n == 0 else f"{slug}-{n}")
        found.update(_KRAMDOWN_IDS.findall(doc.text))
    for m in _ID_ATTR.finditer(doc.text):
        found.add(next(g for g in m.groups() if g is not None))
    return found


def href_span(doc: Document, link: Link) -> tuple[int, int]:
    """Span of the link's destination as written, or of the whole link when it cannot be told."""
    text = doc.text
    if text.startswith("<a", link.start) or text.startswith("<A", link.start):
        close = text.find(">", link.start, link.end)
        m = _HREF_ATTR.search(text, link.start, close if close != -1 else link.end)
        if m:
            group = next(g for g in (1, 2, 3) if m.group(g) is not None)
            return m.start(group), m.end(group)
        return link.start, link.end
    if text[link.end - 1:link.end] == ")":
        opening = text.rfind("](", link.start, link.end)
        if opening != -1:
            m = re.compile(r"\s*<?([^\s>)]*)").match(text, opening + 2, link.end)
            if m and m.group(1):
                return m.start(1), m.end(1)
    return link.start, link.end


class MissingLinkTarget(Rule):
    """What it does:
    Checks that local files the article links to exist: `[guide](setup/guide.md)`,
    `<a href="../report.pdf">`, `[logo](/files/brand.zip)`. Paths resolve like images (see
    IMG002): relative to the article's folder, root-relative under the `site-roots`, with
    percent-escapes decoded; a link to `page.html` is also satisfied by `page.md` beside it,
    since site generators render one into the other. Only paths whose last part has a file
    extension are checked: extension-less paths (`/docs/setup/`, `../pricing`) are site routes
    that the site generator maps, not files. Remote links are never fetched.

    A path that differs from the file on disk only in letter case, or that leads outside the
    project root, is reported with its own message. `root-relative = false` under
    `[tool.contentqa.rules.LNK001]` skips root-relative paths.

    Why it matters:
    A broken link is a dead end for readers and a quality signal for search engines.

    Example:
        See the [installation guide](docs/instal.md).

    Use instead:
        See the [installation guide](docs/install.md).
    """

    code = "LNK001"
    name = "missing-link-target"
    category = "links"
    severity = "error"
    summary = "A link points at a local file that does not exist"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        resolver: Resolver | None = None
        for link in doc.links:
            ref = local_reference(link.href)
            if ref is None or not _FILE_SUFFIX.search(ref.path.rsplit("/", 1)[-1]):
                continue
            if ref.root_relative and not ctx.config.option(self.code, "root-relative", True):
                continue
            resolver = resolver or Resolver(ctx.config, doc.path)
            result = resolver.resolve(ref, alternatives=(".html>.md", ".html>.markdown", ".htm>.md"))
            message = resolution_message("Link target", ref.path, result)
            if message:
                start, end = href_span(doc, link)
                yield self.finding(start, end, message)


class MissingFragment(Rule):
    """What it does:
    Checks in-page links (`#fragment`) against the anchors of the same document: heading
    anchors in Markdown (GitHub style: lower case, punctuation dropped, spaces to hyphens,
    `-1`, `-2` for repeated headings; explicit `{#id}` too) and `id` or `name` attributes in
    HTML. Punctuation and case differences between site generators are tolerated. `#top` and
    footnote anchors are accepted; links to other files are not followed. Documents that pull
    in other files (Hugo `{{% %}}` shortcodes, `include` directives) or live in an `_includes`
    or `partials` folder are skipped, since their anchors may be defined elsewhere.

    Why it matters:
    A fragment that matches nothing leaves the reader at the top of the page, usually after a
    heading was renamed.

    Example:
        See [dosage](#dosing).      <- the heading is "## Dosage"

    Use instead:
        See [dosage](#dosage).
    """

    code = "LNK002"
    name = "missing-fragment"
    category = "links"
    severity = "warning"
    summary = "An in-page link points at a heading or id that is not in the document"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        if _INCLUDE_FOLDERS & set(PurePath(doc.path).parts[:-1]) or _INCLUDES.search(doc.text):
            return  # the anchors may live in another file
        known: set[str] | None = None
        loose: set[str] = set()
        for link in doc.links:
            href = link.href.strip()
            if not href.startswith("#"):
                continue
            ref = local_reference(href)
            fragment = ref.fragment if ref else None
            if not fragment or _BUILTIN.match(fragment):
                continue
            if known is None:
                known = anchors(doc)
                loose = {_loose(a) for a in known}
            if fragment in known or _loose(fragment) in loose:
                continue
            start, end = href_span(doc, link)
            yield self.finding(start, end, f"Link to '#{fragment}' matches no heading or id in this document")
