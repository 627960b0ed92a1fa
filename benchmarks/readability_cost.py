"""Cost of the readability metrics: textstat's functions against counts taken once.

Run from the project root: `python benchmarks/readability_cost.py [N]` parses N articles of
../shared/corpus (default 120, from 18f-blog) and times (1) textstat's four basic functions
(lexicon_count, sentence_count, flesch_reading_ease, flesch_kincaid_grade), (2) its five other
formulas (Gunning fog, SMOG, Coleman-Liau, ARI, Dale-Chall), and (3) contentqa's
`document_metrics`, which gives all seven scores and the per-section grades from one count.
Both sides run once to warm their caches (the pronouncing dictionary, syllables of common words).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import textstat

from contentqa.metrics import document_metrics, measured_text
from contentqa.parsers import parse

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def main(n: int = 120) -> int:
    files = sorted((CORPUS / "18f-blog").rglob("*.md"))[:n]
    if not files:
        print(f"{CORPUS} is not present", file=sys.stderr)
        return 0
    sources = [(str(p), p.read_text(encoding="utf-8", errors="replace")) for p in files]
    texts = [measured_text(parse(name, text, "markdown")) for name, text in sources]
    words = sum(textstat.lexicon_count(t) for t in texts)
    basic = ("lexicon_count", "sentence_count", "flesch_reading_ease", "flesch_kincaid_grade")
    extra = ("gunning_fog", "smog_index", "coleman_liau_index", "automated_readability_index",
             "dale_chall_readability_score")

    runs = iter(range(1, 1000))

    def run_textstat(names: tuple[str, ...]) -> float:
        # textstat caches results by text (128 of them): every run measures new strings.
        fresh = [text + " " * next(runs) for text in texts]
        began = time.perf_counter()
        for text in fresh:
            for name in names:
                getattr(textstat, name)(text)
        return time.perf_counter() - began

    def run_ours() -> float:
        docs = [parse(name, text, "markdown") for name, text in sources]  # fresh documents: no kept counts
        began = time.perf_counter()
        for doc in docs:
            document_metrics(doc)
        return time.perf_counter() - began

    run_textstat(basic + extra)
    run_ours()
    print(f"{len(texts)} articles, {words} words")
    print(f"textstat, 4 basic functions:   {run_textstat(basic):.2f} s")
    print(f"textstat, 5 other formulas:    {run_textstat(extra):.2f} s")
    print(f"textstat, all 9 on each text:  {run_textstat(basic + extra):.2f} s")
    print(f"contentqa, all 7 + sections:   {run_ours():.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 120))
