"""CMS debris: empty NBSP paragraphs, invisible characters, doubled spaces, stray tags, empty headings,
closing tags without an opening one, non-breaking spaces at the edges of link text, and suppression
comments that are mistaken or no longer needed.

These are left by copying from word processors and rich-text editors. Each finding points at
the source characters themselves (checked in `doc.text`, not only in the visible text), so the
safe fixes remove exactly the debris.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Iterator

from ..rule import Finding, Fix, Rule

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..context import Context
    from ..document import Block, Document
    from ..suppression import Suppressions

# A non-breaking space as a character or as an HTML character reference.
_NBSP_SOURCE = re.compile(r"\u00a0|&nbsp;?|&#0*160;?|&#[xX]0*[aA]0;?")
_BLANK_SOURCE = re.compile(r"(?:[ \t\u00a0]|&nbsp;?|&#0*160;?|&#[xX]0*[aA]0;?)+")


def _is_blank(text: str) -> bool:
    """Nothing visible: empty, or only spaces of any kind (NBSP included)."""
    return not text.strip()


class NbspOnlyParagraph(Rule):
    """Flags a paragraph that holds nothing but non-breaking spaces.

    What it does:
        Finds blocks whose visible text is empty or white space while their source holds a
        non-breaking space (U+00A0 or `&nbsp;`). The safe fix removes the debris.

    Why it matters:
        Rich-text editors insert `&nbsp;` paragraphs when a writer presses Enter twice. They
        render as uneven gaps between paragraphs and survive every copy to another system.

    Example:
        <p>First paragraph.</p>
        <p>&nbsp;</p>
        <p>Second paragraph.</p>

    Use instead:
        <p>First paragraph.</p>
        <p>Second paragraph.</p>
    """

    code = "ART001"
    name = "nbsp-only-paragraph"
    category = "artifacts"
    severity = "warning"
    summary = "Paragraph holding only non-breaking spaces"
    fixable = True

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for block in doc.prose_blocks():
            # An `&nbsp;` table cell is the usual way to write an empty cell, not debris.
            if block.kind in ("heading", "table_cell") or not _is_blank(block.text):
                continue
            span = _blank_source_span(doc, block)
            if span is None:
                continue
            start, end = span
            if _NBSP_SOURCE.search(doc.text, start, end):
                yield self.finding(start, end, "Paragraph holds only non-breaking spaces (CMS debris)", fix=Fix(""))


def _blank_source_span(doc: Document, block: Block) -> tuple[int, int] | None:
    """The source of a blank block: its span, or the spaces and entities starting where it starts.

    A block made only of a character reference can have an empty span (the reference maps to
    one point), so the span is read from the source instead.
    """
    m = _BLANK_SOURCE.match(doc.text, block.start)
    if m is None:
        return None
    end = max(m.end(), block.end) if block.end > block.start else m.end()
    if _BLANK_SOURCE.fullmatch(doc.text, block.start, end) is None:
        return None
    return block.start, end


# Invisible characters with no business in an article. Joiners and direction marks are
# legitimate inside emoji sequences and right-to-left or Indic text, so they are judged by
# their neighbours below.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069"
                        "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+")
_JOINERS = "\u200c\u200d"
_DIRECTION = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def _describe(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'CONTROL CHARACTER')}"


class InvisibleCharacter(Rule):
    """Flags zero-width, soft-hyphen, direction-mark and control characters in the text.

    What it does:
        Finds U+200B ZERO WIDTH SPACE, U+FEFF inside the text, U+2060 WORD JOINER, soft
        hyphens, stray direction marks and C0/C1 control characters (tab and line breaks
        excepted). A zero-width joiner inside an emoji sequence or a non-Latin script, and
        direction marks in right-to-left text, are left alone. The safe fix removes them.

    Why it matters:
        Invisible characters come from copying out of chat apps, PDFs and word processors.
        They break search ("pri\u200bce" does not match "price"), spell checking, links and
        copied code, and no reviewer can see them.

    Example:
        Book your free\u200b consultation.

    Use instead:
        Book your free consultation.
    """

    code = "ART002"
    name = "invisible-character"
    category = "artifacts"
    severity = "warning"
    summary = "Zero-width or control character in the text"
    fixable = True

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        text = doc.text
        rtl = bool(_RTL.search(text))
        for m in _INVISIBLE.finditer(text):
            start, end = m.span()
            if start == 0 and m.group() == "\ufeff":
                continue  # a byte order mark at the very start is an encoding signature
            if self._legitimate(text, start, end, rtl):
                continue
            chars = m.group()
            names = ", ".join(dict.fromkeys(_describe(c) for c in chars))
            if all(0x80 <= ord(c) <= 0x9F for c in chars):
                if text[start - 1:start] == "\u00c2":
                    continue  # part of a garbled sequence (canÂ\x92t): TOK007 reports and repairs it
                # C1 controls are almost always Windows-1252 punctuation read as Latin-1.
                guess = bytes(ord(c) for c in chars).decode("cp1252", errors="ignore")
                message = f"Control character {names}" + (f" (probably '{guess}')" if guess else "")
                yield self.finding(start, end, message, fix=Fix(guess, safe=False) if guess else None)
                continue
            severity = "info" if set(chars) == {"\u00ad"} else None
            yield self.finding(start, end, f"Invisible character {names}", fix=Fix(""), severity=severity)

    @staticmethod
    def _legitimate(text: str, start: int, end: int, rtl: bool) -> bool:
        chars = set(text[start:end])
        before = text[start - 1] if start > 0 else " "
        after = text[end] if end < len(text) else " "
        if chars <= set(_JOINERS):
            # Joiners shape emoji sequences and Indic or Arabic letters: both neighbours non-ASCII.
            return ord(before) > 0x2FF and ord(after) > 0x2FF
        if chars <= set(_DIRECTION):
            return rtl
        return False


# Two or more spaces between words; NBSP counts, because it is how editors keep runs of spaces.
_SPACE_RUN = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")
_SPACE_SOURCE = re.compile(r"(?:[ \u00a0]|&nbsp;?|&#0*160;?|&#[xX]0*[aA]0;?)+")


class DoubledSpace(Rule):
    """Flags two or more spaces between words.

    What it does:
        Finds runs of spaces and non-breaking spaces between two words of prose, and checks in
        the source that the run really is spaces (or `&nbsp;` references). A run holding a
        non-breaking space shows as a gap and is a warning. A run of ordinary spaces collapses
        when a page is shown as HTML, so it is reported only in plain text, only inside a
        sentence (not after a full stop or before a dash), and only as info. The safe fix
        leaves one space.

    Why it matters:
        Non-breaking spaces do not collapse: the reader sees a gap in the sentence. In plain
        text the extra spaces go wherever the text is pasted next. Runs of them often mark the
        spot where a CMS or SEO plugin inserted or removed a word.

    Example:
        Botox has\u00a0 become\u00a0 \u00a0a go-to solution.

    Use instead:
        Botox has become a go-to solution.
    """

    code = "ART003"
    name = "doubled-space"
    category = "artifacts"
    severity = "warning"
    summary = "Two or more spaces between words"
    fixable = True

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for block in doc.prose_blocks():
            for m in _SPACE_RUN.finditer(block.text):
                run = m.group()
                visible = "\u00a0" in run
                if not visible and not self._inside_sentence(block.text, m.start(), m.end(), doc.format):
                    continue
                if block.is_masked(m.start() - 1, m.end() + 1):
                    continue
                start, end = block.source_span(m.start(), m.end())
                if not _SPACE_SOURCE.fullmatch(doc.text, start, end):
                    continue  # the run is not spaces in the source (markup, a line break)
                kind = "non-breaking and ordinary spaces" if visible else "spaces"
                # Ordinary spaces collapse wherever the text is shown as HTML: a blemish, not a gap.
                yield self.finding(start, end, f"{len(run)} {kind} between words", fix=Fix(" "),
                                   severity=None if visible else "info")

    @staticmethod
    def _inside_sentence(text: str, start: int, end: int, fmt: str) -> bool:
        """A run of ordinary spaces that matters: plain text, between two words of one sentence.

        Markdown and HTML collapse such runs; after a full stop or colon, or before a dash or a
        bullet, they are a typing habit or the remains of a flattened list.
        """
        return fmt == "text" and (text[start - 1].isalnum() or text[start - 1] == ",") and text[end].isalnum()


# Tags that belong to rich text, not to prose; a writer rarely names them in a sentence.
_TAGS = ("p|div|span|br|hr|strong|em|b|i|u|a|ul|ol|li|h[1-6]|img|table|tr|td|th|tbody|thead|tfoot|"
         "blockquote|figure|figcaption|section|article|font|center|sup|sub|small|strike|del|ins|mark")
_STRAY_TAG = re.compile(rf"</?(?:{_TAGS})(?:\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>", re.I)


class StrayHtmlTag(Rule):
    """Flags HTML tags shown as text.

    What it does:
        Finds tags such as `<p>`, `</div>` or `<br/>` in the visible prose: literal tags in a
        plain-text file, and escaped ones (`&lt;p&gt;`) in Markdown and HTML. In Markdown it
        also finds block-level tags (`</p><p>`, `<div>`) in the middle of a paragraph line,
        the seams of HTML pasted into the text. Inline code is skipped, and so is a tag the
        sentence talks about ("a closing </p> tag"); still, write about tags inside backticks
        or `<code>`.

    Why it matters:
        The text passed through an editor that escaped its markup, or was exported without it.
        Readers see raw tags.

    Example:
        Results last three to six months.</p><p>Botox is safe when ...

    Use instead:
        Results last three to six months.

        Botox is safe when ...
    """

    code = "ART004"
    name = "stray-html-tag"
    category = "artifacts"
    severity = "warning"
    summary = "HTML tag shown as text"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for block in doc.prose_blocks():
            for m in _STRAY_TAG.finditer(block.text):
                if block.is_masked(m.start(), m.end()) or _mentioned(block.text, m.start(), m.end()):
                    continue
                start, end = block.source_span(m.start(), m.end())
                end = _through_reference(doc.text, start, end)
                yield self.finding(start, end, f"HTML tag '{m.group()}' shown as text")
        if doc.format == "markdown":
            yield from self._inline_block_tags(doc)

    def _inline_block_tags(self, doc: Document) -> Iterator[Finding]:
        """Block-level tags in the middle of a Markdown paragraph: the seams of pasted HTML."""
        paragraphs = [b for b in doc.prose_blocks() if b.kind in ("paragraph", "list_item", "quote")]
        for start, end in doc.markup:
            m = _BLOCK_TAG.fullmatch(doc.text, start, end)
            if m is None:
                continue
            block = next((b for b in paragraphs if b.start < start and end < b.end), None)
            if block is None:
                continue
            # Text on both sides on the same line: the tag splits a sentence.
            line_start = doc.text.rfind("\n", 0, start) + 1
            line_end = doc.text.find("\n", end)
            line_end = len(doc.text) if line_end == -1 else line_end
            if not re.search(r"\w", doc.text[line_start:start]) or not re.search(r"\w", doc.text[end:line_end]):
                continue
            yield self.finding(start, end, f"HTML tag '{m.group()}' in the middle of a paragraph")


_BLOCK_TAG = re.compile(r"</?(?:p|div|h[1-6]|table|tr|td|th|li|ul|ol|section|article|blockquote|o:p|font)"
                        r"(?:\s[^<>]*)?/?>", re.I)
# Words that introduce a tag the writer talks about: "a closing </p>", "the <div> element".
_MENTION_BEFORE = frozenset("a an the closing opening empty each every like as tag tags element elements".split())
_MENTION_AFTER = frozenset("tag tags element elements".split())


def _mentioned(text: str, start: int, end: int) -> bool:
    """The tag is written about, set apart by spaces after a word such as "closing" or before "tag"."""
    before = re.search(r"([A-Za-z]+) $", text[max(0, start - 20):start])
    after = re.match(r" ([A-Za-z]+)", text[end:end + 20])
    return bool(before and before.group(1).lower() in _MENTION_BEFORE
                or after and after.group(1).lower() in _MENTION_AFTER)


_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")


def _through_reference(text: str, start: int, end: int) -> int:
    """Extend `end` over a character reference it cuts (the `&gt;` closing `&lt;p&gt;`)."""
    amp = text.rfind("&", start, end)
    if amp != -1:
        m = _REFERENCE.match(text, amp)
        if m and m.end() > end:
            return m.end()
    return end


_EMPTY_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(?:\s|&nbsp;?|&#0*160;?|<br\s*/?>)*</h\1\s*>", re.I)


class EmptyHeading(Rule):
    """Flags a heading with no text.

    What it does:
        Finds Markdown headings with nothing after the `#` marks and HTML `<h1>`-`<h6>`
        elements that hold nothing but white space, `&nbsp;` or `<br>`.

    Why it matters:
        Screen readers announce an empty heading, the outline of the page gets a hole, and the
        gap usually means a title was lost when the content was moved.

    Example:
        ## 

    Use instead:
        ## Side effects
        (or remove the line)
    """

    code = "ART005"
    name = "empty-heading"
    category = "artifacts"
    severity = "warning"
    summary = "Heading without text"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        reported: list[tuple[int, int]] = []
        if doc.format in ("html", "markdown"):
            code = [(b.start, b.end) for b in doc.blocks if b.kind == "code"]
            code += [(c.start, c.end) for c in doc.comments]
            for m in _EMPTY_HTML_HEADING.finditer(doc.text):
                if any(s <= m.start() < e for s, e in code):
                    continue
                reported.append(m.span())
                yield self.finding(m.start(), m.end(), f"Empty heading <h{m.group(1)}>")
        for block in doc.prose_blocks():
            if block.kind != "heading" or block.text.replace("\ufffc", "x").strip():
                continue
            if any(s < max(block.end, block.start + 1) and block.start < e for s, e in reported):
                continue
            yield self.finding(block.start, block.end, "Empty heading")


# Container tags whose closing tag, left without its opening one, closes an element of the page
# around the article (the theme's layout) instead.
_CONTAINER_TAG = re.compile(r"<(/?)(div|section|article|aside|main|header|footer|nav|details|summary|figure|"
                            r"figcaption|blockquote|table|thead|tbody|tr|td|th|ul|ol|span|center|font)\b[^<>]*?(/?)>",
                            re.I)
# Files that pull in HTML from elsewhere (includes, shortcodes) may open the element there.
_PULLS_IN_HTML = re.compile(r"\{%-?\s*(?:include|render)\b|\{\{[<%]")


def _code_ranges(doc: Document) -> list[tuple[int, int]]:
    """Source ranges that are code, comments or front matter: tags there are shown, not parsed."""
    ranges = [(b.start, b.end) for b in doc.blocks if b.kind == "code"]
    ranges += [(c.start, c.end) for c in doc.comments]
    for block in doc.prose_blocks():
        ranges += [block.source_span(s, e) for s, e in block.masks]
    if doc.markup and doc.markup[0][0] == 0 and doc.text.startswith(("---", "+++")):
        ranges.append(doc.markup[0])  # the front matter
    return ranges


class StrayClosingTag(Rule):
    """Flags a closing HTML tag in Markdown that no opening tag matches.

    What it does:
        Counts the container tags (`<div>`, `<section>`, `<span>`, `<table>`, `<ul>`, ...)
        written as HTML in a Markdown file, in order, and reports a closing tag such as `</div>`
        with no open element of its name before it: what is left when a block of pasted HTML
        was cut at the top. Tags in code, inline code and comments are not counted. When the
        file pulls in HTML from elsewhere (`{% include %}`, Hugo shortcodes), which may open the
        element, the finding is info.

    Why it matters:
        Markdown passes the tag to the page as it is: the browser closes an element of the
        site's own layout there, and the sidebar or footer moves.

    Example:
        Results last three to six months.

        </div>

    Use instead:
        Results last three to six months.
    """

    code = "ART006"
    name = "stray-closing-tag"
    category = "artifacts"
    severity = "warning"
    summary = "Closing HTML tag without an opening one in Markdown"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        if doc.format != "markdown" or "</" not in doc.text:
            return
        code = _code_ranges(doc)
        open_tags: dict[str, int] = {}
        for m in _CONTAINER_TAG.finditer(doc.text):
            if m.group(3) or any(s <= m.start() < e for s, e in code):
                continue
            name = m.group(2).lower()
            if not m.group(1):
                open_tags[name] = open_tags.get(name, 0) + 1
            elif open_tags.get(name, 0) > 0:
                open_tags[name] -= 1
            else:
                pulled = _PULLS_IN_HTML.search(doc.text, 0, m.start())
                yield self.finding(m.start(), m.end(), f"Closing tag '{m.group()}' has no opening <{name}> before it: "
                                                       "it closes an element of the page around the article",
                                   severity="info" if pulled else None)


# Link text in the source: a Markdown link's brackets, or an <a> element's content.
_MD_LINK_TEXT = re.compile(r"!?\[((?:[^\[\]\\]|\\.)*)\]")
_A_CONTENT = re.compile(r"<a\b[^>]*>(.*?)</a\s*>", re.I | re.S)
_SPACE_SOURCE = re.compile(r"(?:[ \t\r\n\u00a0]|&nbsp;?|&#0*160;?|&#[xX]0*[aA]0;?)+")
_NBSP_RUN = re.compile(r"(?:\u00a0|&nbsp;?|&#0*160;?|&#[xX]0*[aA]0;?)+")


def _link_text_span(doc: Document, start: int, end: int) -> tuple[int, int] | None:
    """Source span of a link's text, between `[` and `]` or inside `<a>...</a>`."""
    if doc.text.startswith("[", start):
        m = _MD_LINK_TEXT.match(doc.text, start, end)
        return (m.start(1), m.end(1)) if m else None
    m = _A_CONTENT.match(doc.text, start, end)
    return (m.start(1), m.end(1)) if m else None


class NbspInLinkText(Rule):
    """Flags non-breaking spaces at the edges of a link's text, or as all of it.

    What it does:
        Looks at the text of each link (Markdown `[text](url)` and HTML `<a>`), as a
        non-breaking space character or `&nbsp;`: a link whose text is nothing but such spaces
        is an invisible link; one whose text starts or ends with one underlines a blank. A
        non-breaking space between words (`10&nbsp;mg`, `Dr.&nbsp;Reyes`) keeps them on one
        line on purpose and is not reported; link text in which every space is a non-breaking
        one (`Read&nbsp;more&nbsp;about&nbsp;Botox`) is reported as info, as rich-text editors
        leave it. Text padded on both sides (`&nbsp;fr&nbsp;` in a language menu) is padding on
        purpose and is not reported.

    Why it matters:
        An invisible link is a dead spot that keyboard and screen-reader users still land on;
        an underlined blank looks like a mistake; text that cannot wrap overflows on phones.

    Example:
        Book a <a href="/consult">&nbsp;free consultation</a> today.

    Use instead:
        Book a <a href="/consult">free consultation</a> today.
    """

    code = "ART007"
    name = "nbsp-in-link-text"
    category = "artifacts"
    severity = "warning"
    summary = "Non-breaking spaces at the edges of a link's text, or as all of it"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        if doc.format not in ("markdown", "html") or not _NBSP_SOURCE.search(doc.text):
            return
        seen: set[tuple[int, int]] = set()
        for link in doc.links:
            span = _link_text_span(doc, link.start, link.end)
            if span is None or span in seen:
                continue
            seen.add(span)
            start, end = span
            raw = doc.text[start:end]
            if not _NBSP_SOURCE.search(raw):
                continue
            visible = _SPACE_SOURCE.sub(" ", raw).strip()
            if not visible:
                yield self.finding(start, end, "Link text is only non-breaking spaces: the link is invisible")
                continue
            lead = _SPACE_SOURCE.match(raw)
            tail = re.search(r"(?:" + _SPACE_SOURCE.pattern + r")$", raw)
            nbsp_lead = bool(lead and _NBSP_SOURCE.search(lead.group()))
            nbsp_tail = bool(tail and _NBSP_SOURCE.search(tail.group()))
            # `&nbsp;fr&nbsp;` pads a menu item on purpose; debris sits on one side only.
            if nbsp_lead and not nbsp_tail and lead:
                yield self.finding(start, start + lead.end(), "Link text starts with a non-breaking space: the "
                                                              "underline runs under a blank")
            if nbsp_tail and not nbsp_lead and tail:
                yield self.finding(start + tail.start(), end, "Link text ends with a non-breaking space: the "
                                                              "underline runs under a blank")
            inner = raw[lead.end() if lead else 0:tail.start() if tail else len(raw)]
            gaps = _SPACE_SOURCE.findall(inner)
            if len(gaps) >= 2 and all(_NBSP_RUN.fullmatch(g) for g in gaps):
                yield self.finding(start, end, "Every space of the link text is a non-breaking space: it cannot "
                                               "wrap on narrow screens", severity="info")


class InvalidSuppression(Rule):
    """Flags a suppression comment that cannot be understood, and so suppresses nothing.

    What it does:
        Reads every `contentqa-...` directive (an HTML or Markdown comment; in plain text, a line
        holding only the directive) and reports an unknown verb (`disable-nextline`), a code
        that matches no rule (`TOK0001`), or an `enable` that closes no `disable` above it.
        Such a directive suppresses nothing: the findings it meant to hide are reported too.

    Why it matters:
        A misspelt directive that switched a rule off for the rest of the file would hide the
        very defects a CI gate is there to catch, silently. Failing closed makes the typo show.

    Example:
        <!-- contentqa-disable-nextline TOK001 -->

    Use instead:
        <!-- contentqa-disable-next-line TOK001 -->
        (verbs: disable, enable, disable-line, disable-next-line, disable-file)
    """

    code = "ART100"
    name = "invalid-suppression"
    category = "artifacts"
    severity = "warning"
    summary = "Suppression comment that cannot be understood"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        from ..engine import suppressions

        for problem in suppressions(doc, ctx).problems:
            yield self.finding(problem.start, problem.end, problem.message)


class UnusedSuppression(Rule):
    """Flags a suppression comment that suppressed no finding.

    What it does:
        After every other rule has run, reports each code of a `contentqa-disable...` directive
        that hid nothing, as ruff's RUF100 reports unused `noqa` comments. A code is judged only
        when every rule it covers ran on the file: suppressing a rule left out by `--select` is
        not reported.

    Why it matters:
        A suppression outlives the problem it was written for. Left in place, it hides the next
        real defect on that line, or in the rest of the file.

    Example:
        <!-- contentqa-disable-next-line TOK001 -->
        A line with nothing wrong in it.

    Use instead:
        A line with nothing wrong in it.
        (remove the directive, or the codes that are no longer needed)
    """

    code = "ART101"
    name = "unused-suppression"
    category = "artifacts"
    severity = "warning"
    summary = "Suppression comment that suppressed nothing"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        return iter(())  # the engine calls `report` once the other rules' findings are known

    def report(self, active: Suppressions, ran: set[str], universe: Sequence[Rule]) -> Iterator[Finding]:
        for region in active.unused(ran, universe):
            what = region.selector or "any rule"
            yield self.finding(region.start, region.end,
                               f"Unused suppression: '{region.directive}' suppresses no {what} finding here")
