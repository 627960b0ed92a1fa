"""Hugo shortcodes in Markdown: `{{< figure src="x.png" >}}`, `{{% notice %}}`, `{{< /notice >}}`.

Hugo replaces shortcodes before Markdown is rendered, so they are markup, never prose. Two
markdown-it rules make the parser see them that way: a block rule for shortcodes that stand on
their own lines (one or several), which would otherwise become paragraphs, or a block quote when
a line starts with `>}}`; and an inline rule for shortcodes inside a paragraph. Both run after
the code rules, so shortcodes shown in code blocks and code spans stay code.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

from ..document import Image

OPENERS = {"{{<": ">}}", "{{%": "%}}"}
_MAX_LINES = 20  # a shortcode longer than this is not one; the search stays linear
_NAME = re.compile(r"\{\{[<%]\s*(/?)\s*([\w./-]+)")
# Named parameters: name="value", name=`raw value`, name=value.
_PARAM = re.compile(r"([\w-]+)\s*=\s*(?:\"((?:[^\"\\]|\\.)*)\"|`([^`]*)`|([^\s\"`]+))")


def closing(source: str, start: int, limit: int) -> int:
    """End of the shortcode that opens at `start` (just past its closing delimiter), or -1."""
    close = OPENERS.get(source[start:start + 3])
    if close is None:
        return -1
    at = source.find(close, start + 3, limit)
    return at + 3 if at != -1 else -1


def _block_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.is_code_block(start_line):
        return False
    pos = state.bMarks[start_line] + state.tShift[start_line]
    close = OPENERS.get(state.src[pos:pos + 3])
    if close is None:
        return False
    line, end = start_line, -1
    # The closing delimiter never spans lines: each line is searched once.
    while line < min(end_line, start_line + _MAX_LINES):
        if line > start_line and state.isEmpty(line):
            return False
        at = state.src.find(close, pos + 3 if line == start_line else state.bMarks[line], state.eMarks[line])
        if at != -1:
            end = at + 3
            break
        line += 1
    # Text after the shortcode on its last line makes the whole a paragraph.
    if end == -1 or state.src[end:state.eMarks[line]].strip():
        return False
    if silent:
        return True
    state.line = line + 1
    token = state.push("shortcode_block", "", 0)
    token.map = [start_line, line + 1]
    token.content = state.src[pos:end]
    return True


def _inline_rule(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    close = OPENERS.get(state.src[pos:pos + 3])
    # The cached last position of the delimiter rejects unclosed openers in constant time.
    if close is None or state.html_terminator_last(close) < pos + 3:
        return False
    end = closing(state.src, pos, state.posMax)
    if end == -1:
        return False
    if not silent:
        token = state.push("shortcode", "", 0)
        token.content = state.src[pos:end]
    state.pos = end
    return True


# A link whose destination is Hugo's ref or relref shortcode: [text]({{< relref "page.md" >}}).
# CommonMark rejects the destination (it has spaces), so without this rule the link is lost and
# its brackets are read as prose.
_REF_LINK = re.compile(r"\]\(\s*\{\{([<%])\s*(?:rel)?ref\s+(?:\"([^\"]*)\"|'([^']*)'|([^\s>%]+))\s*[>%]\}\}\s*\)")


def _ref_link_rule(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    if state.src[pos] != "[":
        return False
    label_end = state.md.helpers.parseLinkLabel(state, pos, True)
    if label_end < 0:
        return False
    m = _REF_LINK.match(state.src, label_end)
    if m is None or m.end() > state.posMax:
        return False
    if not silent:
        target = next(g for g in (m.group(2), m.group(3), m.group(4)) if g is not None)
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": target}
        token.info = "hugo-ref"
        old_max = state.posMax
        state.pos, state.posMax = pos + 1, label_end
        state.md.inline.tokenize(state)
        state.posMax = old_max
        state.push("link_close", "a", -1)
    state.pos = m.end()
    return True


def shortcode_plugin(md: MarkdownIt) -> None:
    """Teach markdown-it Hugo's shortcode delimiters, and links to Hugo's ref/relref shortcodes."""
    md.block.ruler.before("paragraph", "shortcode_block", _block_rule,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.inline.ruler.before("link", "hugo_ref_link", _ref_link_rule)
    md.inline.ruler.before("html_inline", "shortcode", _inline_rule)


def figure_image(source: str, start: int, end: int) -> Image | None:
    """The image of a Hugo `figure` shortcode at source[start:end], or None for other shortcodes.

    Hugo renders `alt`, or else the caption, as the alt text, and writes no alt attribute when
    both are empty; `alt` is None then.
    """
    name = _NAME.match(source, start, end)
    # {{</* figure */>}} shows the shortcode as text (documentation about Hugo): not an image.
    if not name or name.group(1) or name.group(2) != "figure":
        return None
    attrs: dict[str, str] = {}
    spans: dict[str, tuple[int, int]] = {}
    for m in _PARAM.finditer(source, name.end(), end - 3):
        group = next(g for g in (2, 3, 4) if m.group(g) is not None)
        key = m.group(1).lower()
        attrs[key] = m.group(group).replace('\\"', '"') if group == 2 else m.group(group)
        spans[key] = (m.start(group), m.end(group))
    alt = attrs.get("alt", "").strip() or re.sub(r"[*_`]", "", attrs.get("caption", "")).strip() or None
    src = attrs.get("src")
    s, e = spans.get("src", (start, end))
    return Image(src, alt, s, e, start, end, {**attrs, "contentqa:shortcode": "figure"})
