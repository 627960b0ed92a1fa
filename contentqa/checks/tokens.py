"""Stray tokens in prose: leftover keywords, tracking junk, mojibake, repeated words.

Placeholders with a fixed shape (`{{first_name}}`, `%%TITLE%%`, lorem ipsum, shortcodes) are
data, in `rules/tokens.yml`; the rules here need evidence that a pattern cannot weigh.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .. import lexicon
from ..rule import Finding, Fix, Rule

if TYPE_CHECKING:
    from ..context import Context
    from ..document import Block, Document

# A "word" is a run of non-space characters; punctuation around it is trimmed, and what is left
# must be plain letters, digits and underscores. Anything joined by '-', '.', '/', '@' ... is a
# compound or an identifier (COVID-19, Wi-Fi, 401(k), example.com) and is left alone.
_WORD = re.compile(r"\S+")
_LEAD = "\"'“‘([{<*_¡¿"
_TRAIL = "\"'”’)]}>*_.,;:!?…"
_CORE = re.compile(r"[A-Za-z0-9_]+")
_POSSESSIVE = re.compile(r"['’]s$")
_GLUED = re.compile(r"^(?:(?P<letters>[A-Za-z]+)(?P<digits>[0-9]+)|(?P<lead>[0-9]+)(?P<tail>[A-Za-z]+))$")

# Letters that follow a number as a unit, an ordinal, a time or a decade (5mg, 21st, 10am, 1990s).
UNITS = frozenset("""
    st nd rd th s am pm k m b x p d g h kg mg mcg ug µg ml dl l cl mm cm km m2 m3 ft in yd mi lb lbs oz
    px pt em rem vh vw dpi ppi fps hz khz mhz ghz kb mb gb tb pb kbps mbps gbps bit bits byte bytes
    ms sec secs min mins hr hrs hrs yr yrs mo mos wk wks iu kcal cal mmhg mmol bpm rpm mph kph kmh
    kw kwh mw mah v w a f c gen yo ish inch inches feet hour hours day days week weeks month months
    year years minute minutes second seconds percent degrees mil cc ci
""".split())

# First or last segments that make a real (if rare) word, not two words run together.
AFFIXES = frozenset("""
    non anti over under re pre post multi counter self co sub super inter intra micro macro hyper
    hypo mini out up down semi ultra mega poly mono bio geo neuro cardio gastro tele auto un dis
    de extra trans retro meta para peri endo exo ortho uni bi tri
    less ness like wise ship hood able ible ful ment ward wards side free based borne
    ing ed ive ate ally ion ity ous ism ist ize ise ores amos das las ada tar ten
""".split())

# Words that, inside a snake_case token, say "put something here" (seo_keyword_here); a
# placeholder needs a strong one and one more, so identifiers (server_name) pass.
PLACEHOLDER_STRONG = frozenset("keyword keywords keyphrase here insert placeholder your todo tbd xxx lorem".split())
PLACEHOLDER_WEAK = frozenset("""
    seo focus main primary target brand product company business city location name title link url
    anchor text
""".split())

# Words a run-together string may start or end with when a space was lost ("symptomsthe").
FUNCTION_WORDS = frozenset("""
    the a an and or but of to in on at by for with from into onto as is are was were be been
    has have had may can will would should could which that this these those such also than
    then when where while who whom whose it its their there they we you he she his her our
    not no so if some most more many other
""".split())


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """wordfreq's Zipf frequency: 0 for unknown, about 1 for the rarest known words."""
    return lexicon.zipf(word)


# Two-letter words a keyword phrase may end with ("dentistsnearme").
EDGE_WORDS = FUNCTION_WORDS | {"me", "us"}


def _piece_zipf(piece: str) -> float:
    """Frequency of a piece, or of its singular: keyword phrases are often plural (facials)."""
    if len(piece) >= 5 and piece.endswith("s"):
        return max(zipf(piece), zipf(piece[:-1]))
    return zipf(piece)


def _segment_ok(piece: str, at_edge: bool) -> bool:
    # Short pieces must be very common, or rare words split into rubble ("pouch it is").
    # A two-letter piece must be a function word at either end ("diabetes is").
    if len(piece) <= 2:
        return len(piece) == 2 and at_edge and piece in EDGE_WORDS
    return _piece_zipf(piece) >= (3.6 if len(piece) == 3 else 2.7)


LONGEST_PIECE = 20  # letters in one word of a split


@lru_cache(maxsize=8192)
def segment(word: str) -> tuple[str, ...] | None:
    """The most likely split of a lowercase string into known words (None when there is none).

    A dynamic programme over prefixes: each piece costs its negative log frequency plus a fixed
    price, so fewer, commoner words win.
    """
    n = len(word)
    best: list[tuple[float, int]] = [(0.0, 0)] + [(math.inf, 0)] * n
    for end in range(1, n + 1):
        for start in range(max(0, end - LONGEST_PIECE), end):
            if best[start][0] == math.inf:
                continue
            piece = word[start:end]
            if not _segment_ok(piece, start == 0 or end == n):
                continue
            cost = best[start][0] + (8.0 - _piece_zipf(piece)) + 2.0
            if cost < best[end][0]:
                best[end] = (cost, start)
    if best[n][0] == math.inf:
        return None
    pieces, end = [], n
    while end > 0:
        start = best[end][1]
        pieces.append(word[start:end])
        end = start
    return tuple(reversed(pieces))


_INFLECTIONS = ("s", "es", "ed", "d", "ing", "er", "ers", "ly")


def known(word: str) -> bool:
    """Known to wordfreq, itself or as an inflection of a known word (keepalives, onboards)."""
    return zipf(word) > 0 or any(word.endswith(x) and zipf(word[: -len(x)]) > 0 for x in _INFLECTIONS
                                 if len(word) - len(x) >= 5)


def run_together(word: str) -> tuple[str, ...] | None:
    """Two or three common words written as one, for a lowercase string unknown as a whole.

    Shapes that real words take are refused: a prefix or suffix as a piece (nondrowsy),
    more than one three-letter piece (duodenale), a function word inside a longer split.
    """
    if not 8 <= len(word) <= 3 * LONGEST_PIECE or known(word):
        return None
    pieces = segment(word)
    if not pieces or not 2 <= len(pieces) <= 3:
        return None
    if pieces[0] in AFFIXES or pieces[-1] in AFFIXES:
        return None
    function = [p for p in pieces if p in FUNCTION_WORDS]
    if function and (len(pieces) != 2 or len(function) == 2):
        return None
    if sum(len(p) == 3 and p not in FUNCTION_WORDS for p in pieces) > 1:
        return None
    return pieces


def mashup(word: str, short: bool = False) -> tuple[str, ...] | None:
    """Two to four common words written as one, judged more loosely than `run_together`.

    For strings that carry other evidence of being a pasted keyword (a number glued on, a
    capitalised place name after them): short pieces are allowed (zenspa, cheapspanyc), prefixes
    and suffixes still are not.
    """
    if not 6 <= len(word) <= 4 * LONGEST_PIECE or known(word):
        return None
    pieces = segment(word)
    if not pieces or not 2 <= len(pieces) <= 4:
        return None
    if pieces[0] in AFFIXES or pieces[-1] in AFFIXES:
        return None
    if any(p in FUNCTION_WORDS for p in pieces[1:-1]) or not short and all(len(p) <= 3 for p in pieces):
        return None
    return pieces


@dataclass
class Word:
    text: str
    start: int  # in block.text
    end: int


def prose_words(block: Block) -> Iterator[Word]:
    """Plain words of a block (letters, digits, underscores), outside masks, not #tags or @handles."""
    text = block.text
    for m in _WORD.finditer(text):
        raw = m.group()
        if raw.isascii() and raw.isalnum():  # most words: nothing to trim, nothing to check
            if not block.is_masked(m.start(), m.end()):
                yield Word(raw, m.start(), m.end())
            continue
        lead = len(raw) - len(raw.lstrip(_LEAD))
        core = raw[lead:].rstrip(_TRAIL)
        core = _POSSESSIVE.sub("", core)
        if not core or not _CORE.fullmatch(core) or raw[:lead].endswith(("#", "@")):
            continue
        start = m.start() + lead
        if block.is_masked(start, start + len(core)):
            continue
        yield Word(core, start, start + len(core))


_NAME = re.compile(r"[A-Za-z0-9_]+")


def code_names(doc: Document) -> set[str]:
    """Lowercase names used as code somewhere in the document: in code, markup, URLs, link targets.

    A token that the document also writes as code, or links to (a user name, a directive
    value), is an identifier where it appears in prose too, not a stray keyword.
    """
    chunks = [doc.text[s:e] for s, e in doc.markup]
    chunks += [link.href for link in doc.links] + [image.src or "" for image in doc.images]
    for block in doc.blocks:
        chunks += [block.text[s:e] for s, e in block.masks]
    return {m.group().lower() for chunk in chunks for m in _NAME.finditer(chunk)}


def _odd_spacing(text: str, start: int, end: int, fmt: str) -> bool:
    """NBSP or doubled spaces right next to the token: the mark of a pasted-in keyword.

    Runs of ordinary spaces count only in plain text; Markdown and HTML use them for layout.
    """
    before = re.search(r"\s*$", text[max(0, start - 8):start])
    after = re.match(r"\s*", text[end:end + 8])
    runs = [before.group() if before else "", after.group() if after else ""]
    return any("\u00a0" in r or (fmt == "text" and "\n" not in r and len(r) >= 2) for r in runs)


_CAMEL = re.compile(r"^(?P<head>[a-z]{6,})(?P<tail>(?:[A-Z][a-z]{2,})+)$")
_AUXILIARIES = frozenset("has have had is are was were will can may might should would could does did be been".split())
_DETERMINERS = frozenset("a an the this these those its their his her our your my".split())


def _verb_slot(text: str, start: int, end: int) -> bool:
    """The token stands between an auxiliary and a determiner: where a verb belongs ("has ___ a")."""
    before = re.search(r"([A-Za-z]+)[\s\u00a0]+$", text[max(0, start - 24):start])
    after = re.match(r"[\s\u00a0]+([A-Za-z]+)", text[end:end + 24])
    return bool(before and after and before.group(1).lower() in _AUXILIARIES
                and after.group(1).lower() in _DETERMINERS)


def _nickname(text: str, start: int, end: int) -> bool:
    """The token alone in parentheses right after a capitalised name: "Tianqi (airstone42)"."""
    return (text[start - 1:start] == "(" and text[end:end + 1] == ")"
            and bool(re.search(r"[A-Z][\w.'-]*\s$", text[max(0, start - 40):start - 1])))


def in_template_tag(text: str, at: int) -> bool:
    """Inside a `{% ... %}` template tag on the same line: site-generator code, not prose."""
    # Tags are short: look a bounded distance either way, or one long line costs quadratic time.
    window = 400
    line_start = text.rfind("\n", max(0, at - window), at) + 1
    opened = text.rfind("{%", max(line_start, at - window), at)
    if opened == -1 or text.find("%}", opened, at) != -1:
        return False
    line_end = text.find("\n", at, at + window)
    return text.find("%}", at, line_end if line_end != -1 else at + window) != -1


@lru_cache(maxsize=8192)
def foreign(word: str) -> bool:
    """A common word of another language the corpus of an English site may quote (mostramos)."""
    return lexicon.foreign(word.lower())


def severity_for(confidence: float) -> str | None:
    """Severity for a stray-token confidence; None when the evidence is too thin to report."""
    if confidence >= 0.8:
        return "error"
    if confidence >= 0.6:
        return "warning"
    if confidence >= 0.5:
        return "info"
    return None


class StrayToken(Rule):
    """Flags a leftover keyword or placeholder word in the middle of prose.

    What it does:
        Weighs evidence about each plain word: letters glued to a number
        (`dermalfillers2000`), a lowercase string that is no word but splits cleanly into
        common words (`cheapflightsnyc`), a snake_case word (`seo_keyword_here`), whether the
        whole token is unknown to the wordfreq lexicon, and odd spacing (non-breaking or doubled
        spaces) around it. The sum sets the severity: error when the evidence is strong, warning
        or info when it is weaker. Look-alikes are left alone: COVID-19, SPF30, B12, H2O,
        iPhone 15, 401(k), units (5mg, 20px), ordinals (21st), times (10am), versions (v2),
        URLs, e-mails, #hashtags, @handles, inline code, rare but real words (hyperhidrosis),
        names the document also writes as code or links to, the project vocabulary, and the
        keyphrase and products named in the front matter.

    Why it matters:
        SEO tools and CMS templates insert keywords where a word should be. Readers see a
        broken sentence, and search engines see keyword stuffing.

    Example:
        Botox has  dermalfillers2000  a go-to solution for individuals ...

    Use instead:
        Botox has become a go-to solution for individuals ...
        If the token is a real name, add it to the project vocabulary.
    """

    code = "TOK001"
    name = "stray-token"
    category = "tokens"
    severity = "error"
    summary = "Leftover keyword, placeholder word or run-together words in prose"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        known = {re.sub(r"[\s_-]+", "", term.lower())
                 for term in [doc.meta.keyphrase or "", *doc.meta.keywords, *doc.meta.products] if term}
        identifiers: set[str] | None = None  # built on the first candidate only
        for block in doc.prose_blocks():
            lone = block.text.strip(_LEAD + _TRAIL + " ")  # once per block: words compare to it
            for word in prose_words(block):
                token = word.text
                if not self._may_report(token):
                    continue  # an ordinary word, whatever surrounds it: the checks below are filters
                if ctx.config.accepts(token) or token.lower() in known:
                    continue
                if word.start > 0 and block.text[word.start - 1] in "{%" or in_template_tag(block.text, word.start):
                    continue  # inside a template placeholder or tag: TOK002 reports placeholders whole
                if lone == token and not any(c.isdigit() or c == "_" for c in token):
                    continue  # a lone term (a table cell, a definition term) names something
                if _nickname(block.text, word.start, word.end):
                    continue  # "Tianqi (airstone42)": a user name after a person's name
                judged = self.judge(token, _odd_spacing(block.text, word.start, word.end, doc.format),
                                    _verb_slot(block.text, word.start, word.end))
                if judged is None:
                    continue
                confidence, reason = judged
                severity = severity_for(confidence)
                if severity is None:
                    continue
                if identifiers is None:
                    identifiers = code_names(doc)
                if token.lower() in identifiers:
                    continue
                start, end = block.source_span(word.start, word.end)
                if doc.text[start:end] != token:
                    continue  # the source spells it differently (entities, markup): not a stray token
                yield self.finding(start, end, f"Stray token '{token}' in prose ({reason})", severity=severity)

    @staticmethod
    @lru_cache(maxsize=1 << 16)
    def _may_report(token: str) -> bool:
        """Whether the token could be reported in the most suspicious surroundings; remembered
        per token, as most words of a text are ordinary and the same few recur."""
        # The confidence only grows with odd spacing and a verb slot, so a token judged harmless
        # with both is harmless everywhere.
        judged = StrayToken().judge(token, True, True)
        return judged is not None and severity_for(judged[0]) is not None

    def judge(self, token: str, odd_spacing: bool, verb_slot: bool = False) -> tuple[float, str] | None:
        """(confidence, reason) for a token, or None when it looks like an ordinary word.

        `odd_spacing`: non-breaking or doubled spaces around the token; `verb_slot`: it stands
        between an auxiliary and a determiner ("has ___ a"), where a verb belongs.
        """
        spacing = (0.2 if odd_spacing else 0.0) + (0.1 if verb_slot else 0.0)
        if "_" in token:
            parts = [p for p in token.lower().split("_") if p]
            if len(parts) < 2 or not all(p.isalpha() for p in parts):
                return None
            strong = sum(p in PLACEHOLDER_STRONG for p in parts)
            weak = sum(p in PLACEHOLDER_WEAK for p in parts)
            if strong and strong + weak >= 2:
                return 0.8 + spacing, "placeholder in snake_case"
            return None  # an identifier (mod_rewrite, PATH_INFO): code formatting is another matter
        glued = _GLUED.match(token)
        if glued:
            return self._glued(token, glued, spacing)
        if not token.isalpha() or foreign(token):
            return None
        if token.islower():
            pieces = run_together(token)
            if pieces:
                # A lost space before or after a function word ("symptomsthe") is a defect;
                # two content words ("imagemap", "useragent") are often a term of art.
                edge = pieces[0] in FUNCTION_WORDS or pieces[-1] in FUNCTION_WORDS
                longest = max(len(p) for p in pieces)
                # Three common words are a keyword phrase; a rare piece is more likely a real
                # word split into rubble (electrodesiccation: electrode sic cation).
                phrase = len(pieces) >= 3 and min(_piece_zipf(p) for p in pieces) >= 3.0
                confidence = (0.65 if edge and longest >= 4 else 0.5 + 0.1 * phrase) + spacing
                if phrase and len(token) >= 14 or len(pieces) >= 3 and len(token) >= 20:
                    confidence += 0.2  # a whole keyword phrase (turmericsupplementbestseller): no word is that long
                return confidence, "run-together words: " + " ".join(pieces)
            pieces = mashup(token)
            if pieces and len(token) >= 8 and (len(pieces) >= 3 or spacing):
                # Short words run together (cheapspanyc, bestlawyernearme): real words split
                # this way too, so the evidence is weaker.
                return 0.5 + spacing, "run-together words: " + " ".join(pieces)
            return None
        camel = _CAMEL.match(token)
        if camel:
            head, tail = camel.group("head"), camel.group("tail")
            pieces = mashup(head, short=True)
            humps = re.findall(r"[A-Z][a-z]+", tail)
            if pieces and all(zipf(h.lower()) >= 2.5 for h in humps):
                # zenspaMiami: words run together, then a capitalised name glued on.
                return 0.6 + spacing, "run-together words: " + " ".join([*pieces, *humps])
        return None

    def _glued(self, token: str, m: re.Match[str], spacing: float) -> tuple[float, str] | None:
        letters = m.group("letters") or m.group("tail")
        digits_first = m.group("lead") is not None
        if len(letters) < 4 or zipf(token.lower()) >= 1.0:
            return None  # B12, H2O, mp3, IPv6, 3D, 2FA, sha256: short or known as a whole
        if digits_first and letters.lower() in UNITS:
            return None  # 5mg, 100ml, 1990s, 10am, 21st
        if letters.islower():
            confidence = 0.35
        elif letters[0].isupper() and letters[1:].islower():
            confidence = 0.25
        else:
            return None  # SPF, HbA, iPhone: acronyms and brand casing
        lower = letters.lower()
        if zipf(lower) == 0:
            if not (run_together(lower) or len(lower) >= 8 and mashup(lower)):
                return None  # an unknown name, not a keyword
            confidence += 0.3  # a keyword phrase with its spaces removed
        else:
            confidence -= 0.05  # one known word and a number: often a name (server2, base64)
        confidence += 0.15 + spacing  # the whole token is unknown too
        if digits_first:
            confidence -= 0.1
        elif _YEAR.fullmatch(token[len(letters):]) and letters.islower():
            confidence += 0.4  # keyword and year (botox2024, skincare2025): how SEO copy dates a phrase
        return confidence, "glued keyword and number"


_YEAR = re.compile(r"20[1-3]\d")
# Tracking parameters and long machine ids have no place in visible prose.
_TRACKING = re.compile(r"(?<![\w/])(?:[?&])?(?:utm_(?:source|medium|campaign|term|content|id)|fbclid|gclid|msclkid|mc_eid|_hsenc)=[^\s<>\"']*", re.I)
_LONG_ID = re.compile(r"(?<![\w/.#@%+-])[A-Za-z0-9+_/]{20,}={0,2}(?![\w/.%+-])")


def _char_class(c: str) -> int:
    return 0 if c.isupper() else 1 if c.islower() else 2 if c.isdigit() else 3


def _machine_id(token: str) -> bool:
    """A long hexadecimal string, or a base64-like one.

    Random base64 changes between upper case, lower case and digits at about two characters in
    three; names written in CamelCase change at about one in four, so the rate tells them apart.
    """
    core = token.rstrip("=")
    if "//" in core or core.startswith("/") or core.endswith("/"):
        return False  # a path or a URL fragment
    if re.fullmatch(r"[0-9a-fA-F]{24,}", core):
        return any(c.isdigit() for c in core) and any(c.isalpha() for c in core)
    if len(core) < 20 or not (any(c.isupper() for c in core) and any(c.islower() for c in core)):
        return False
    if not any(c.isdigit() or c in "+/" for c in core) or re.search(r"[a-z]{8,}", core):
        return False
    classes = [_char_class(c) for c in core]
    changes = sum(a != b for a, b in zip(classes, classes[1:], strict=False))
    if changes < 0.36 * len(core):
        return False
    # A name made of words (getElementsByTagNameNS2) is not random, however short its humps.
    words = sum(len(h) for h in re.findall(r"[A-Z]?[a-z]{2,}", core) if zipf(h.lower()) >= 2.5)
    return words < 0.5 * len(core)


class TrackingJunk(Rule):
    """Flags tracking parameters and long machine ids left in the visible text.

    What it does:
        Finds `utm_source=...` and similar click-tracking parameters, and long hexadecimal or
        base64-like ids, in prose. URLs, code, template tags (`{% ... %}`) and image file names
        are skipped.

    Why it matters:
        These strings are copied from an address bar or an analytics tool by mistake. Readers
        cannot read them, and they leak campaign details.

    Example:
        Book today utm_source=newsletter&utm_medium=email and save.

    Use instead:
        Book today and save.
    """

    code = "TOK006"
    name = "tracking-junk"
    category = "tokens"
    severity = "warning"
    summary = "Tracking parameter or machine id in prose"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for block in doc.prose_blocks():
            taken: list[tuple[int, int]] = []
            for m in _TRACKING.finditer(block.text):
                if block.is_masked(m.start(), m.end()) or in_template_tag(block.text, m.start()):
                    continue
                taken.append(m.span())
                start, end = block.source_span(*m.span())
                yield self.finding(start, end, f"Tracking parameter '{m.group()}' in prose")
            for m in _LONG_ID.finditer(block.text):
                if block.is_masked(*m.span()) or any(s < m.end() and m.start() < e for s, e in taken) \
                        or in_template_tag(block.text, m.start()):
                    continue
                if _machine_id(m.group()) and not ctx.config.accepts(m.group()):
                    start, end = block.source_span(*m.span())
                    yield self.finding(start, end, f"Machine id '{m.group()}' in prose")


# Characters that UTF-8 read as Windows-1252 or Latin-1 leaves behind (â€™, Ã©, Â ).
_MOJIBAKE_HINT = re.compile(r"[ÂÃâÅÆÐÑÎÏØÙ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2026\u2030\u2039\u203a\u20ac\u2122]")


class Mojibake(Rule):
    """Flags text garbled by a wrong character encoding.

    What it does:
        Finds words such as `donâ€™t` or `cafÃ©` and confirms them with ftfy, which knows how
        UTF-8 text looks after being decoded as Windows-1252 or Latin-1. The suggested fix is
        ftfy's repaired word.

    Why it matters:
        Garbled characters look broken to every reader and make the page seem untrustworthy.

    Example:
        Donâ€™t miss our cafÃ© menu.

    Use instead:
        Don’t miss our café menu.
    """

    code = "TOK007"
    name = "mojibake"
    category = "tokens"
    severity = "error"
    summary = "Garbled characters from a wrong text encoding"
    fixable = True

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        # The title, description and alt text too: search results show garbled titles first.
        for block in itertools.chain(doc.prose_blocks(), doc.meta_blocks()):
            for m in _WORD.finditer(block.text):
                word = m.group()
                if not _MOJIBAKE_HINT.search(word) or block.is_masked(*m.span()):
                    continue
                import ftfy  # on the first suspect word only: most texts have none

                repaired = ftfy.fix_encoding(word)
                if repaired == word or not ftfy.badness.is_bad(word):
                    continue
                start, end = block.source_span(*m.span())
                # Only when the source holds the word as shown (no entities or tags inside) can
                # the repaired word replace it.
                fix = Fix(repaired) if doc.text[start:end] == word else None
                yield self.finding(start, end, f"Garbled text '{word}' (wrong encoding); did you mean '{repaired}'?",
                                   fix=fix)


# Doubling that English grammar allows, or that names and idioms use.
REPEAT_ALLOWED = frozenset("""
    had that is do bye no so ha haha yada blah bla tut chop knock very now there well go
    pom bon boo buddy fifty night oh yo done choo tsk many mahi cous tutu
""".split())
# Names made of a doubled word. Other doubled names are typos ("Bob Lannon Lannon"), unless
# short and rare as English words (Lin Lin, Mei Mei), as names of that shape often are.
DOUBLED_NAMES = frozenset("""
    walla bora pago sing baden duran talk tom bam mahi cous dum kuala tutu mai chi bonga
""".split())
# One space or one line break between the words: a wider gap in plain text is a lost line
# break between a heading and its text, not a typo.
_REPEAT = re.compile(r"(?<![\w'’])([A-Za-z]+(?:['’][a-z]+)?)([ \t\u00a0]|[ \t]?\r?\n[ \t]*)(\1)\b", re.IGNORECASE)


class RepeatedWord(Rule):
    """Flags the same word written twice in a row.

    What it does:
        Finds a word followed, after nothing but white space, by the same word ("the the"),
        ignoring case. Doublings that grammar or idiom allows ("had had", "that that",
        "bye bye"), names that are a doubled word ("Walla Walla"), a word said three times
        over ("help help help") and anything separated by punctuation ("very, very") are left alone.

    Why it matters:
        A doubled word is the commonest typo that spell checkers miss.

    Example:
        Apply the the cream twice a day.

    Use instead:
        Apply the cream twice a day.
    """

    code = "TOK008"
    name = "repeated-word"
    category = "tokens"
    severity = "warning"
    summary = "The same word twice in a row"
    fixable = True

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for block in doc.prose_blocks():
            for m in _REPEAT.finditer(block.text):
                first, second = m.group(1), m.group(3)
                lower = first.lower()
                if lower in REPEAT_ALLOWED or block.is_masked(m.start(), m.end()) or ctx.config.accepts(f"{first} {second}"):
                    continue
                if lower in DOUBLED_NAMES and first.istitle() or first.istitle() and second.istitle() and len(first) <= 4 \
                        and zipf(lower) < 4.0:
                    continue  # Walla Walla, Lin Lin: names that are a doubled word
                if doc.format == "text" and "\n" in m.group(2) and second[0].isupper():
                    continue  # a title line, then a sentence that starts with its last word
                if re.match(rf"[ \t\u00a0]+{re.escape(second)}\b", block.text[m.end():], re.IGNORECASE):
                    continue  # "help help help": three times over is meant
                if first[1:] != second[1:]:
                    continue  # "rustls TLS": a different spelling is a different word
                start, end = block.source_span(m.start(), m.end())
                second_start = block.source_span(m.start(3), m.end(3))[0]
                if doc.text[second_start - 1:second_start] in ("*", "_"):
                    continue  # "did *did*": the writer stresses the repetition
                first_end = block.source_span(m.start(1), m.end(1))[1]
                if doc.text[first_end:first_end + 1] in ("*", "_"):
                    continue  # "**Coinsurance** Coinsurance is ...": a bold term, then its definition
                # The fix keeps the first word. It is unsafe, because a writer may mean the
                # doubling, and it is offered only when no markup sits between the words.
                fix = Fix(first, safe=False) if doc.text[start:end] == m.group() else None
                yield self.finding(start, end, f"Repeated word '{first} {second}'", fix=fix)



# {city}, {first_name}: a lowercase name in single braces, not part of a path or an identifier
# (otel.{signal}.endpoint), a template tag or a doubled brace.
_BRACE = re.compile(r"(?<![{\w$%#./_-])\{([a-z]+(?:_[a-z]+)*)\}(?![}\w./_-])")


def technical(doc: Document) -> bool:
    """The document shows code: a writer of such pages uses `{name}` notation on purpose."""
    if any(b.kind == "code" for b in doc.blocks):
        return True
    return ("`" in doc.text) if doc.format == "markdown" else ("<code" in doc.text.lower() or "<pre" in doc.text.lower())


class BracePlaceholder(Rule):
    """Flags a name in single braces, like an unfilled template variable.

    What it does:
        Finds a lowercase name in single braces, such as `{city}` or `{first_name}`, in the
        visible prose. Inline code is skipped. In a document that also shows code, where
        `{name}` is a common way to write a pattern ("{verb} {object}"), the finding is only
        info. A term of the project vocabulary (with or without its braces) is accepted.

    Why it matters:
        Many templates and SEO tools mark variables with single braces. Left in the text, the
        sentence reads "the best clinics in {city}".

    Example:
        The best clinics in {city} are listed below.

    Use instead:
        The best clinics in Denver are listed below.
        In technical writing, put patterns such as `{signal}` in inline code.
    """

    code = "TOK009"
    name = "brace-placeholder"
    category = "tokens"
    severity = "warning"
    summary = "Name in single braces, like a template variable"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        severity: str | None = None
        for block in doc.prose_blocks():
            for m in _BRACE.finditer(block.text):
                if block.is_masked(*m.span()) or ctx.config.accepts(m.group()) or ctx.config.accepts(m.group(1)):
                    continue
                if severity is None:
                    severity = "info" if technical(doc) else self.severity
                start, end = block.source_span(*m.span())
                yield self.finding(start, end, f"Placeholder '{m.group()}' left in the text", severity=severity)
