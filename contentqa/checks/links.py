"""Links: local files that do not exist and in-page fragments that lead nowhere."""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache
from pathlib import PurePath
from typing import Iterator

from ..context import Context
from ..document import Document, Link
from ..files import FORMATS, UnreadableFile, decode
from ..parsers import parse
from ..paths import Resolver, local_reference, templated_reference
from ..rule import Finding, Rule
from .images import resolution_message, resolution_severity

# A last path segment with a file extension ("guide.md", "report.pdf"); "v1.2" and "2.19" are not.
_FILE_SUFFIX = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,7}$")
_ID_ATTR = re.compile(r"<[A-Za-z][^<>]*?\s(?:id|name)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.I)
# Heading attribute blocks: "## Setup {#setup .note}" (Hugo, Pandoc), "{: #setup}" (kramdown).
_ATTRIBUTES = re.compile(r"\s*\{:?\s*(?:[#.][^}]*|[\w-]+=[^}]*)\}\s*$")
_ID_IN_ATTRIBUTES = re.compile(r"(?:^|[\s{:])#([^\s}]+)")
_KRAMDOWN_IDS = re.compile(r"^[ \t]*\{:\s*#([^\s}]+)[^}\n]*\}[ \t]*$", re.M)
# Content pulled in from other files may define the anchor: Hugo {{% ... %}} shortcodes (but
# not the built-in figure, which only shows an image) and include directives (Hugo,
# Jekyll/Liquid, MDX imports).
_INCLUDES = re.compile(r"\{\{%(?!\s*/?\s*figure\b)|\{\{<\s*include\b|\{%-?\s*include|^import\s.+\sfrom\s", re.M)
_INCLUDE_FOLDERS = {"_includes", "includes", "_partials", "partials"}
# A site generator renders `page.md` as `page.html`: a link to one is satisfied by the other.
_PAGE_ALTERNATIVES = (".html>.md", ".html>.markdown", ".htm>.md")
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
    found = _markup_anchors(doc.text)
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
    return found


def _markup_anchors(text: str) -> set[str]:
    """The id and name attributes written in the source: all an HTML page's anchors are there."""
    return {next(g for g in m.groups() if g is not None) for m in _ID_ATTR.finditer(text)}


Anchors = tuple[frozenset[str], frozenset[str]]  # exact anchors, and the same in _loose form


def _anchor_sets(found: set[str]) -> Anchors:
    return frozenset(found), frozenset(_loose(a) for a in found)


def _defers_anchors(path: str, text: str) -> bool:
    """Whether some anchors of a document may be defined in other files (includes, partials)."""
    return bool(_INCLUDE_FOLDERS & set(PurePath(path).parts[:-1]) or _INCLUDES.search(text))


def _has_anchor(fragment: str, known: Anchors) -> bool:
    return fragment in known[0] or _loose(fragment) in known[1]


@lru_cache(maxsize=4096)  # small sets; an archive links to many pages
def _file_anchors(path: str, stamp: int, size: int, limit: int) -> Anchors | None:
    """Anchors of the article at `path` (a resolved file under the root), or None when unknown.

    Cached by modification time and size, as folder listings are in paths.py: many articles link
    to one page, and a page that changes gets a new key.
    """
    fmt = FORMATS.get(os.path.splitext(path)[1].lower())
    if fmt not in ("markdown", "html") or size > limit:
        return None
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            return None
        text, _ = decode(data)
        if _defers_anchors(path, text):
            return None
        if fmt == "html":  # no need to build the page: its anchors are attributes in the source
            return _anchor_sets(_markup_anchors(text))
        doc = parse(path, text, fmt)
    except (OSError, UnreadableFile):
        return None
    except Exception:  # a target that does not parse is reported when it is checked itself
        return None
    return _anchor_sets(anchors(doc))


def href_span(doc: Document, link: Link) -> tuple[int, int]:
    """Span of the link's destination as written, or of the whole link when it cannot be told."""
    text = doc.text
    if text.startswith("<a", link.start) or text.startswith("<A", link.start):
        from ..parsers.html import attr_span  # loaded already: the document holds HTML

        close = text.find(">", link.start, link.end)
        return attr_span(text, link.start, close if close != -1 else link.end, "href") or (link.start, link.end)
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
    IMG002): relative to the article's folder, root-relative under the static folders of the
    article's site (its generator's configuration) or the `site-roots`, as info when the site
    root is unknown, with percent-escapes decoded; a link to `page.html` is also satisfied by `page.md` beside it,
    since site generators render one into the other. `{{ site.baseurl }}/files/x.pdf` and
    `{{ "/files/x.pdf" | relative_url }}` are checked as `/files/x.pdf`. Only paths whose last part has a file
    extension are checked: extension-less paths (`/docs/setup/`, `../pricing`) are site routes
    that the site generator maps, not files. Remote links are never fetched.

    Hugo's `{{< ref "docs/setup" >}}` and `relref` name pages, not files: they are looked up
    as Hugo does (a `/` path from the content folder, another from the page's folder and then
    the content folder, `x` as `x.md`, `x/index.md` or `x/_index.md`, a bare name anywhere), and
    one that matches no page is reported, since Hugo then fails the build. Without a Hugo
    configuration the content folder is the nearest folder named `content`, and the finding is
    info. In a multilingual site whose languages have their own `contentDir`, refs are looked
    up in the article's language folder.

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
            if _ref_of_link(doc, link):
                continue  # a page named by a Hugo ref shortcode: checked below
            ref = local_reference(link.href) or templated_reference(link.href)
            if ref is None or not _FILE_SUFFIX.search(ref.path.rsplit("/", 1)[-1]):
                continue
            if ref.root_relative and not ctx.config.option(self.code, "root-relative", True):
                continue
            resolver = resolver or Resolver(ctx.config, doc.path)
            result = resolver.resolve(ref, alternatives=_PAGE_ALTERNATIVES)
            message = resolution_message("Link target", ref.path, result)
            if message:
                start, end = href_span(doc, link)
                yield self.finding(start, end, message, severity=resolution_severity(result))
        for start, end, target in hugo_refs(doc):
            resolver = resolver or Resolver(ctx.config, doc.path)
            result = resolver.hugo_page(target)
            if result.status == "missing":
                looked = ", ".join(result.looked_at)
                message = f"Hugo ref '{target}' matches no page (looked in {looked})"
                if result.uncertain:
                    message += f", but {result.uncertain}"
                yield self.finding(start, end, message, severity=resolution_severity(result))


# Hugo's `{{< ref "path" >}}` and `{{< relref "path" >}}` (also with `%` and `path="..."`); the
# site fails to build when one names no page. `{{</* ref */>}}` shows the shortcode as text.
_HUGO_REF = re.compile(r"\{\{([<%])\s*(?:rel)?ref\s+(?:path\s*=\s*)?(?:\"([^\"]*)\"|`([^`]*)`|([^\s\"`>%]+))\s*[>%]\}\}")


def hugo_refs(doc: Document) -> Iterator[tuple[int, int, str]]:
    """(start, end, target) of the page each Hugo ref shortcode names, outside code: as a
    shortcode of its own, or as the destination of a Markdown link (which the parser reads as a
    link to the page it names)."""
    if doc.format != "markdown" or "ref" not in doc.text:
        return
    found = [m for start, end in doc.markup if doc.text.startswith(("{{<", "{{%"), start)
             if (m := _HUGO_REF.match(doc.text, start, end))]
    found += [m for link in doc.links if (m := _ref_of_link(doc, link))]
    for m in sorted(found, key=lambda m: m.start()):
        group = next(g for g in (2, 3, 4) if m.group(g) is not None)
        if not m.group(group).startswith("#"):  # a fragment of this page: LNK002's concern
            yield m.start(group), m.end(group), m.group(group)


def _ref_of_link(doc: Document, link: Link) -> re.Match[str] | None:
    """The Hugo ref shortcode a Markdown link points with (`[Setup]({{< ref "setup" >}})`)."""
    if doc.format != "markdown" or "{{" not in doc.text[link.start:link.end]:
        return None
    close = doc.text.find("](", link.start, link.end)
    return _HUGO_REF.search(doc.text, close, link.end) if close != -1 else None


class MissingFragment(Rule):
    """What it does:
    Checks `#fragment` links against the anchors of the document they lead to: in-page links
    (`#dosage`) against this document, and links to another local article (`guide.md#install`,
    `<a href="page.html#pricing">`) against that article, read from disk. Anchors are heading
    anchors in Markdown (GitHub style: lower case, punctuation dropped, spaces to hyphens, `-1`,
    `-2` for repeated headings; explicit `{#id}` and `{: #id}` too) and `id` or `name`
    attributes in HTML. Punctuation and case differences between site generators are tolerated.
    `#top` and footnote anchors are accepted.

    Target files resolve as for LNK001 (a link to `page.html` is satisfied by `page.md`); only
    Markdown and HTML files inside the project root and under the `max-file-size` are read, and
    a target that is missing is left to LNK001. Documents that pull in other files (Hugo
    `{{% %}}` shortcodes other than `figure`, `include` directives) or live in an `_includes` or
    `partials` folder are skipped, as link sources for their own fragments and as targets, since
    their anchors may be defined elsewhere. `other-files = false` under
    `[tool.contentqa.rules.LNK002]` checks in-page links only.

    Why it matters:
    A fragment that matches nothing leaves the reader at the top of the page, usually after a
    heading was renamed.

    Example:
        See [dosage](#dosing).      <- the heading is "## Dosage"
        See [setup](guide.md#instal).      <- guide.md has "## Install"

    Use instead:
        See [dosage](#dosage).
        See [setup](guide.md#install).
    """

    code = "LNK002"
    name = "missing-fragment"
    category = "links"
    severity = "warning"
    summary = "A link's #fragment matches no heading or id in the document it points at"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        here: Anchors | None = None
        # When this document pulls in other files, its own anchors may live in them.
        local = not _defers_anchors(doc.path, doc.text)
        other_files = ctx.config.option(self.code, "other-files", True)
        resolver: Resolver | None = None
        for link in doc.links:
            ref = local_reference(link.href)
            fragment = ref.fragment if ref else None
            if ref is None or not fragment or _BUILTIN.match(fragment):
                continue
            if not ref.path:
                if not local:
                    continue
                here = here or _anchor_sets(anchors(doc))
                if not _has_anchor(fragment, here):
                    start, end = href_span(doc, link)
                    yield self.finding(start, end, f"Link to '#{fragment}' matches no heading or id in this document")
                continue
            if not other_files or not _FILE_SUFFIX.search(ref.path.rsplit("/", 1)[-1]):
                continue
            resolver = resolver or Resolver(ctx.config, doc.path)
            target = resolver.resolve(ref, alternatives=_PAGE_ALTERNATIVES).found
            if target is None:
                continue  # missing, or only in another letter case: LNK001 reports it
            known: Anchors | None = None
            if os.path.normcase(target) != os.path.normcase(os.path.abspath(doc.path)):
                known = _target_anchors(target, ctx.config.max_file_size)
            elif local:  # a link to this very file: its text here may be newer than on disk
                known = here = here or _anchor_sets(anchors(doc))
            if known is None or _has_anchor(fragment, known):
                continue
            start, end = _fragment_span(doc, link)
            yield self.finding(start, end, f"Link to '{link.href.strip()}' matches no heading or id in "
                                           f"{resolver.show(target)}")


def _target_anchors(path: str, limit: int) -> Anchors | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return _file_anchors(path, st.st_mtime_ns, st.st_size, limit)


def _fragment_span(doc: Document, link: Link) -> tuple[int, int]:
    """Span of the `#fragment` part of the link's destination, or of the whole destination."""
    start, end = href_span(doc, link)
    if (start, end) != (link.start, link.end):
        at = doc.text.find("#", start, end)
        if at != -1:
            return at, end
    return start, end


class RemoteLinkBroken(Rule):
    """What it does:
    With `contentqa check --online` only, fetches the http(s) links of the article (and the bare
    URLs of a plain-text article) and reports those that do not work: "returns HTTP 404", "timed
    out after 10 s", "failed: host not found", "has too many redirects". Without `--online`
    nothing is fetched and the rule reports nothing.

    Severity follows what happened: error for a page that is gone (404, 410) or a host that does
    not exist; warning for what may pass on another try (timeouts, 5xx, 429 after retries,
    refused connections, 401 and 403); info for a URL that was not fetched because it, or a
    redirect on the way, points at a loopback, private, link-local or cloud metadata address.
    List the hosts or networks that may be fetched anyway in `online-allow-hosts`, and URL globs
    never to fetch in `online-skip`. See the README ("Checking remote links") for the timeout,
    concurrency and the cache of results between runs.

    Option (`[tool.contentqa.rules.LNK003]`): `report-redirects = true` also reports links that
    redirect permanently (301, 308), as info, with an unsafe fix to the new address.

    Why it matters:
    A link that leads to an error page sends readers away and tells search engines that the page
    is not maintained.

    Example:
        Read the [FDA label](https://www.accessdata.fda.gov/old/label.pdf).   <- HTTP 404

    Use instead:
    Link to the page where the content lives now, or remove the link.
    """

    code = "LNK003"
    name = "remote-link-broken"
    category = "links"
    severity = "error"
    summary = "With --online: a remote link returns an error, times out or leads nowhere"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        if not ctx.config.online:
            return
        from ..online import bare_urls, findings

        targets: list[tuple[str | None, int, int]] = []
        for link in doc.links:
            start, end = href_span(doc, link)
            if doc.text[start:start + 1] == "<" and doc.text[end - 1:end] == ">":
                start, end = start + 1, end - 1  # a Markdown autolink: the URL between the brackets
            targets.append((link.href, start, end))
        targets += bare_urls(doc)
        yield from findings(self, ctx, "Link", targets)
