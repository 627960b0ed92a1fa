"""Template tags that no template engine will expand: `{{ page.title }}` shown to readers.

Whether a file is a template depends on the site generator that builds it, found from its
configuration (contentqa/sites.py); this module's findings are therefore not cached with the
file's own (see cache.py), since adding a `_config.yml` changes them.
"""

from __future__ import annotations

import os
import re
from typing import Iterator

from ..context import Context
from ..document import Document
from ..parsers.frontmatter import split_front_matter
from ..rule import Finding, Rule
from ..sites import LIQUID_GENERATORS, Site, site_for

# Liquid, Jinja, Nunjucks and Go-template expressions and tags that only a template engine
# reads: dotted names ({{ page.title }}, {{ .Title }}), filters ({{ title | upcase }}) and tags
# ({% include x.html %}). Bare {{name}} is TOK002's; Hugo shortcodes ({{< >}}, {{% %}}) are markup.
_EXPRESSION = re.compile(
    r"(?<!\{)\{\{-?[ \t]*(?:\.?[A-Za-z_]\w*(?:\.\w+)+|\.[A-Za-z_]\w*|[A-Za-z_][\w.]*[ \t]*\|[^{}\n]*?)[ \t]*-?\}\}(?!\})"
    r"|(?<!\{)\{%-?[ \t]*[a-z_]+\b[^{}%\n]*?-?%\}(?!\})")
# Generators that may expand such tags in Markdown through a plugin (MkDocs macros).
_MAYBE_TEMPLATED = ("mkdocs",)


def _templated(doc: Document, site: Site | None) -> tuple[str, str] | None:
    """None when a template engine expands the file's tags, else the severity of a leftover and
    why: "warning" when nothing will, "info" when it cannot be told."""
    has_front_matter = _front_matter(doc.text)
    if site is not None and site.generator in LIQUID_GENERATORS:
        # Eleventy renders every Markdown and HTML template (not .txt); Jekyll files with front matter.
        if site.generator == "eleventy":
            return None if doc.format != "text" else ("warning", "Eleventy does not render .txt files")
        if has_front_matter:
            return None
        return "warning", "Jekyll expands Liquid only in files with front matter"
    if site is not None and site.generator in _MAYBE_TEMPLATED:
        return "info", f"unless a plugin of {site.generator} (such as macros) expands it"
    if site is not None:
        return "warning", f"{site.generator} does not expand template tags in content"
    if has_front_matter:
        return "info", ("unless a Jekyll or Eleventy site builds this file: no site generator configuration was "
                        "found above it")
    return "warning", "the file has no front matter and no site generator configuration was found above it"


def _front_matter(text: str) -> bool:
    try:
        return split_front_matter(text) is not None
    except ValueError:
        return False


class UnrenderedTemplateTag(Rule):
    """What it does:
    Reports a template expression or tag in the visible text of a file that no template engine
    will expand: `{{ page.title }}`, `{{ site.name | upcase }}`, `{{ .Title }}`,
    `{% include cta.html %}`. Whether one will depends on the site generator, found from its
    configuration above the article: Jekyll expands Liquid in files with front matter and
    Eleventy in every Markdown and HTML file, so those are left alone; in a Hugo, Zola,
    Docusaurus, Astro or Next site (Markdown content is not a template there), in a Jekyll file
    without front matter, and in a plain-text or HTML file outside such a site, the tag is
    shown to readers. When no generator is found and the file has front matter (it may be a
    Jekyll or Eleventy template), or the site is built by MkDocs (whose macros plugin expands
    tags), the finding is info. Inline code and code blocks are skipped; bare `{{name}}` is
    TOK002's, and Hugo shortcodes are not template tags.

    Why it matters:
    The page was exported from a template, or copied from a Jekyll site into one that does not
    read Liquid. Readers see `{{ page.title }}` instead of the title.

    Example:
        Welcome to {{ site.title }}! Read {{ page.author }}'s guide below.

    Use instead:
        Welcome to Clear Skin Clinic! Read Dr. Reyes's guide below.
    To show template code on purpose, put it in inline code or a code block.
    """

    code = "TOK010"
    name = "unrendered-template-tag"
    category = "tokens"
    severity = "warning"
    summary = "Template tag that no template engine will expand, shown to readers"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        if "{{" not in doc.text and "{%" not in doc.text:
            return
        verdict: tuple[str, str] | None | bool = False  # not worked out yet: only when a tag is found
        for block in doc.prose_blocks():
            for m in _EXPRESSION.finditer(block.text):
                if block.is_masked(*m.span()):
                    continue
                if verdict is False:
                    verdict = _templated(doc, site_for(doc.path, os.path.abspath(ctx.config.root)))
                if not isinstance(verdict, tuple):
                    return
                severity, why = verdict
                start, end = block.source_span(*m.span())
                yield self.finding(start, end, f"Template tag '{m.group()}' will be shown as text ({why})",
                                   severity=severity)
