"""Findings of the readability and SEO rules per 20,000 words on a sample of the shared corpus.

Run from the project root: `python benchmarks/readability_seo_rates.py [STEP]` checks every
STEP-th article of ../shared/corpus (default 10) with `--select RDB,SEO` and prints, per rule,
the findings, their rate per 20,000 words, and the files with at least one; then the mean scores.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from contentqa import Config
from contentqa.engine import check_paths

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
SUFFIXES = {".md", ".html", ".txt"}


def main(step: int = 10) -> int:
    if not CORPUS.is_dir():
        print(f"{CORPUS} is not present", file=sys.stderr)
        return 0
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in SUFFIXES and p.name != "README.md")[::step]
    config = Config(select=["RDB", "SEO"])
    findings: Counter[tuple[str, str]] = Counter()
    files_with: Counter[str] = Counter()
    words = 0
    scores: dict[str, list[float]] = {"readability_score": [], "seo_score": []}
    began = time.perf_counter()
    for result in check_paths([str(p) for p in files], config):
        if result.error is not None:
            continue
        words += int(result.metrics.get("words") or 0)
        for key, values in scores.items():
            value = result.metrics.get(key)
            if isinstance(value, (int, float)):
                values.append(float(value))
        for f in result.findings:
            findings[(f.rule, f.severity)] += 1
        for rule in {f.rule for f in result.findings}:
            files_with[rule] += 1
    elapsed = time.perf_counter() - began
    print(f"{len(files)} files, {words} words, {elapsed:.1f} s")
    print(f"{'rule':<8} {'severity':<8} {'findings':>8} {'per 20k':>8} {'files':>6}")
    for (rule, severity), n in sorted(findings.items()):
        print(f"{rule:<8} {severity:<8} {n:>8} {n * 20000 / max(words, 1):>8.1f} {files_with[rule]:>6}")
    for key, values in scores.items():
        if values:
            print(f"mean {key}: {sum(values) / len(values):.1f} over {len(values)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10))
