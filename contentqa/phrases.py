"""One regular expression for a long list of phrases, shaped as a trie.

`re` tries the alternatives of `(?:a|b|c...)` one by one at every position of the text, so a list
of hundreds of phrases costs hundreds of attempts per word. Sharing prefixes (`(?:a(?:...)|b...)`)
makes a position that starts no phrase fail after one character, with the same matches.
"""

from __future__ import annotations

import re

_END = ""  # marks the end of a phrase in the trie (no character key is empty)
_Trie = dict[str, "_Trie"]


def longest_first(phrases: list[str]) -> str:
    """A pattern matching any of the phrases (words separated by any run of white space), the
    longest one where several match at the same place, as

        "|".join(r"\\s+".join(map(re.escape, p.split())) for p in sorted(set(phrases), key=len, reverse=True))

    does under re.IGNORECASE: that pattern itself when the phrases are not plain ASCII, single-spaced.

    Why the trie finds the same matches: two phrases that both match at one place agree letter by
    letter (ignoring case) and space by space up to the shorter one's end, so one is a prefix of
    the other, and the longer one has more characters. The trie tries continuing a phrase before
    ending it, so it takes the longest one that matches (and, when what follows the pattern
    fails, backtracks to shorter ones in the same order as the list).
    """
    if not all(p and p.isascii() and p == " ".join(p.split()) for p in phrases):
        return "|".join(r"\s+".join(re.escape(w) for w in p.split())
                        for p in sorted(set(phrases), key=len, reverse=True))
    trie: _Trie = {}
    for phrase in phrases:
        node = trie
        for char in phrase.lower():  # ASCII: lower case is how re.IGNORECASE compares
            node = node.setdefault(char, {})
        node[_END] = {}
    return _pattern(trie)


def _pattern(node: _Trie) -> str:
    branches = [(r"\s+" if char == " " else re.escape(char)) + _pattern(child)
                for char, child in sorted(node.items()) if char != _END]
    if _END in node:
        branches.append("")  # ending here comes last: longer phrases first
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"
