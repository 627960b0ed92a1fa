"""Find where decoded text (entities resolved, escapes removed) came from in the source.

markdown-it-py gives source lines only for blocks, and BeautifulSoup gives positions only for
tags, so both parsers locate each text node in the raw source themselves. No library offers a
character-level map of decoded text back to raw markup; this greedy walk is the small piece that
fills the gap. It copes with character references (`&amp;`, `&#160;`), backslash escapes, and
line-ending differences, and it never moves backwards.
"""

from __future__ import annotations

import html
import re

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_LOOKAHEAD = 64

Run = tuple[int, int, int]  # (text_start, source_start, length)


def align(decoded: str, source: str, pos: int, limit: int, text_base: int = 0) -> tuple[list[Run], int]:
    """Map `decoded` onto `source[pos:limit]`.

    Returns runs in text coordinates offset by `text_base`, and the source position after the
    last matched character.
    """
    if not decoded:
        return [], pos
    found = source.find(decoded, pos, limit)
    # A jump over a character reference could pass the place the text really comes from
    # (`&nbsp;` decodes to the same U+00A0 that a later paragraph holds literally).
    if found != -1 and (found - pos) <= _LOOKAHEAD and "&" not in source[pos:found]:
        return [(text_base, found, len(decoded))], found + len(decoded)
    runs: list[Run] = []
    i, p, n = 0, pos, len(decoded)
    run_text, run_src, run_len = -1, -1, 0

    def flush() -> None:
        nonlocal run_len
        if run_len:
            runs.append((text_base + run_text, run_src, run_len))
        run_len = 0

    def point(text_index: int, source_index: int) -> None:
        flush()
        runs.append((text_base + text_index, source_index, 0))

    while i < n:
        ch = decoded[i]
        if p < limit and source[p] == ch:
            if run_len and run_text + run_len == i and run_src + run_len == p:
                run_len += 1
            else:
                flush()
                run_text, run_src, run_len = i, p, 1
            i += 1
            p += 1
            continue
        if p < limit and source[p] == "&":
            m = _ENTITY.match(source, p, limit)
            if m:
                value = html.unescape(m.group())
                if value and decoded.startswith(value, i):
                    point(i, p)
                    i += len(value)
                    p = m.end()
                    continue
        if p + 1 < limit and source[p] == "\\" and source[p + 1] == ch:
            p += 1
            continue
        if ch in " \t\n" and p < limit and source[p] in " \t\r\n":
            point(i, p)
            i += 1
            p += 1
            continue
        # Skip markup the decoded text does not show, but only a little: past that, the
        # character has no source (a synthesized soft break, say) and maps to where we are.
        window = source[p : min(limit, p + _LOOKAHEAD)]
        q = window.find(ch)
        if q > 0:
            p += q
            continue
        point(i, p)
        i += 1
    flush()
    return runs, p
