"""How the image rules (IMG) do on the shared corpus, with and without site detection.

Run from the project root:

    python benchmarks/quality_images.py [--corpus DIR] [--list]

Checks every corpus article twice with the IMG rules, rooted at the corpus folder: once as
shipped (each article's site found from its generator configuration, an unknown root reported
as info), once with the old resolution (the default `site-roots`, as if written in the
configuration, so a path not found is an error). For each run it prints the images that front
matter and HTML heads name, the IMG002 findings by severity (embedded and named images apart),
and warnings plus errors per 20,000 words of visible prose. Warnings and errors count as false
alarms unless `benchmarks/quality_images_judged.tsv` marks them `true` (reviewed by hand:
the file is missing from the site's source too). `--list` prints the unjudged ones.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from contentqa import Config, check_paths
from contentqa.parsers import parse

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
JUDGED = ROOT / "benchmarks" / "quality_images_judged.tsv"
FORMATS = {".md": "markdown", ".html": "html", ".txt": "text"}


def _judged() -> dict[tuple[str, int, str, str], str]:
    """(path, line, rule, excerpt) -> "true" | "false"."""
    verdicts = {}
    if JUDGED.exists():
        for row in JUDGED.read_text(encoding="utf-8").splitlines():
            if row.strip() and not row.startswith("#"):
                path, line, rule, excerpt, verdict = row.split("\t")[:5]
                verdicts[(path, int(line), rule, excerpt)] = verdict
    return verdicts


def _named_images(corpus: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in sorted(corpus.rglob("*")):
        fmt = FORMATS.get(path.suffix)
        if fmt in ("markdown", "html"):
            doc = parse(str(path), path.read_text(encoding="utf-8"), fmt)
            for image in doc.meta.images:
                src = (image.src or "").strip()
                counts["empty" if not src else "remote" if "//" in src or ":" in src else "local"] += 1
    return counts


def run(corpus: Path, detect: bool, verdicts: dict[tuple[str, int, str, str], str], show: bool) -> None:
    config = Config(root=corpus, select=["IMG"])
    config.site_roots_configured = not detect
    words, by_kind, alarms, true = 0, Counter[tuple[str, str, str]](), 0, 0
    for result in check_paths([str(corpus)], config):
        words += int(result.metrics.get("words", 0) or 0) if result.metrics else 0
        rel = Path(result.path).resolve().relative_to(corpus.resolve()).as_posix()
        for f in result.findings:
            named = f.message.startswith(("Front matter", "Image of <meta"))
            by_kind[(f.rule, f.severity, "named" if named else "embedded")] += 1
            if f.severity == "info":
                continue
            verdict = verdicts.get((rel, f.line, f.rule, f.excerpt))
            if verdict == "true":
                true += 1
                continue
            alarms += 1
            if show and verdict is None:
                print(f"{rel}\t{f.line}\t{f.rule}\t{f.excerpt}\t?\t{f.message}")
    label = "site detection" if detect else "site-roots defaults, no detection"
    print(f"[{label}] {words} words")
    for (rule, severity, kind), n in sorted(by_kind.items()):
        print(f"  {rule} {severity:7} {kind:8} {n}")
    print(f"  warnings+errors judged true: {true}; false alarms: {alarms} = "
          f"{alarms / max(words, 1) * 20000:.2f} per 20,000 words")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--list", action="store_true", help="print warnings and errors nobody has judged")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    counts = _named_images(args.corpus)
    print(f"images named by front matter or the HTML head: {sum(counts.values())} "
          f"({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))})")
    verdicts = _judged()
    for detect in (False, True):
        run(args.corpus, detect, verdicts, args.list)
    return 0


if __name__ == "__main__":
    sys.exit(main())
