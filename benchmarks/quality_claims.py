"""Recall and false alarms of the medical-claims rules on real material they were not written from.

Run from the project root:
`python benchmarks/quality_claims.py [--verbose] [--pages DIR] [--pages-dev DIR]`.

Three measurements, each on a development part (read while writing rules and trained on) and a
test part (run, never read while writing rules), split by source, never by sentence:

- **letters**: real violating claims quoted in FDA and FTC letters, and neutral FDA/NIH
  sentences. `../shared/claims/fda-ftc-letters-dev.jsonl` is development data; the project's own
  `benchmarks/data/claims/letters*.jsonl` carry a `split` decided by a hash of the letter's
  name (see their README). Each item becomes a short article: a neutral line naming the product
  type, a blank line, the quoted text; an item counts as found when a MED finding stands on the
  quote's line.
- **corpus**: MED findings per 20,000 words on the consumer-health files of `../shared/corpus`
  (MedQuAD and HealthCare.gov, all written by NIH and CMS, none promoting anything): every
  finding there is a false alarm. Files are split by a hash of their path.
- **pages** (`--pages DIR`): real clinic and shop pages with every claim line labelled
  (`labels.jsonl` of {file, line, claim_type}); recall per claim type and findings on unlabelled
  lines per 20,000 words. Such pages are copyrighted, so they are not part of the project.
  `--pages-dev DIR` is the same measurement on a development set of pages, with its misses and
  its findings on unlabelled lines printed.

With `--verbose`, the development part's misses and false alarms are printed; the test part's
never are.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SHARED_LETTERS = SHARED / "claims" / "fda-ftc-letters-dev.jsonl"
OWN_LETTERS = ROOT / "benchmarks" / "data" / "claims"  # letters.jsonl, letters-2.jsonl, ...
CORPUS = SHARED / "corpus"
HEALTH_FOLDERS = ("medquad", "healthcare-gov")

# The neutral first line of a letter item's article, by product type.
INTRO = {"cbd": "CBD products", "supplement": "dietary supplements", "covid": "COVID-19 products",
         "cosmetic": "skin care products", "botox_filler_medspa": "med spa treatments",
         "medspa": "med spa treatments", "glp1_telehealth": "weight-loss treatments",
         "glp1": "weight-loss treatments", "stem-cell": "stem cell treatments", "iv-therapy": "IV therapy",
         "device": "health devices", "homeopathic": "homeopathic products", "essential-oil": "essential oils"}


def split_of(name: str) -> str:
    """The test part is two fifths of the sources, chosen by a hash of the source's name."""
    return "test" if int(hashlib.sha1(name.encode()).hexdigest(), 16) % 5 in (0, 1) else "dev"


def load_letters() -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    if SHARED_LETTERS.is_file():
        for line in SHARED_LETTERS.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                item["split"] = "dev"  # published as a development set
                item["set"] = "shared"
                items.append(item)
    for path in sorted(OWN_LETTERS.glob("letters*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                item["set"] = path.stem
                items.append(item)
    return items


def run_check(folder: Path | list[Path], select: str = "MED") -> dict[str, list[dict[str, object]]]:
    """JSON findings per file of one `contentqa check` run over a folder (or a list of files)."""
    env = {**os.environ, "CONTENTQA_NO_CACHE": "1"}
    paths = [str(p) for p in folder] if isinstance(folder, list) else [str(folder)]
    out = subprocess.run([sys.executable, "-m", "contentqa", "check", "--format", "json", "--select", select,
                          "--fail-on", "never", *paths], capture_output=True, text=True, env=env, check=False)
    if out.returncode != 0:
        raise SystemExit(f"contentqa check failed ({out.returncode}): {out.stderr.strip()[:500]}")
    data = json.loads(out.stdout)
    files = data["files"] if isinstance(data, dict) else data
    return {str(Path(f["path"]).resolve()): f.get("findings", []) for f in files}


@dataclass
class Tally:
    found: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)

    def add(self, key: str, hit: bool) -> None:
        self.total[key] += 1
        self.found[key] += hit

    def rate(self, key: str | None = None) -> float:
        found = sum(self.found.values()) if key is None else self.found[key]
        total = sum(self.total.values()) if key is None else self.total[key]
        return found / total if total else float("nan")


def letter_scores(items: list[dict[str, object]], verbose: bool = False
                  ) -> tuple[dict[str, dict[str, Tally]], list[str]]:
    """Per split, tallies of claims found (by claim type and by product type) and of neutral
    items flagged; with `verbose`, the development part's misses and false alarms."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, item in enumerate(items):
            path = Path(tmp) / f"item{i:04d}.txt"
            topic = INTRO.get(str(item.get("product_type")), "health products")
            path.write_text(f"About {topic}.\n\n{' '.join(str(item['text']).split())}\n", encoding="utf-8")
            paths.append(path.resolve())
        results = run_check(Path(tmp))
        by_split: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
        shown: list[str] = []
        for item, path in zip(items, paths, strict=True):
            hits = [f for f in results.get(str(path), []) if f["line"] == 3]
            split = str(item["split"])
            tallies = by_split[split]
            if item["label"] == "claim":
                tallies["claim type"].add(str(item.get("claim_type") or "unlabelled"), bool(hits))
                tallies["product type"].add(str(item.get("product_type")), bool(hits))
                if verbose and split == "dev" and not hits:
                    shown.append(f"  missed [{item.get('claim_type')}/{item.get('product_type')}] {item['text']}")
            else:
                tallies["neutral"].add(str(item.get("product_type")), bool(hits))
                if verbose and split == "dev" and hits:
                    shown.append(f"  false alarm {[h['rule'] for h in hits]} {item['text']}")
    return by_split, shown


def letters(verbose: bool) -> None:
    items = load_letters()
    if not items:
        print("letters: no data (../shared/claims and benchmarks/data/claims are absent)")
        return
    by_split, shown = letter_scores(items, verbose)
    for split in ("dev", "test"):
        tallies = by_split.get(split)
        if not tallies:
            continue
        claims = tallies["claim type"]
        print(f"letters {split}: recall {claims.rate():.3f} ({sum(claims.found.values())}/{sum(claims.total.values())}), "
              f"neutral sentences flagged {tallies['neutral'].rate():.3f} "
              f"({sum(tallies['neutral'].found.values())}/{sum(tallies['neutral'].total.values())})")
        for dimension in ("claim type", "product type"):
            t = tallies[dimension]
            print(f"  by {dimension}: " + ", ".join(f"{k} {t.found[k]}/{t.total[k]}" for k in sorted(t.total)))
    for line in shown:
        print(line)


def corpus(verbose: bool) -> None:
    if not CORPUS.is_dir():
        print("corpus: ../shared/corpus is absent")
        return
    from contentqa.metrics import word_count

    results = {}
    for folder in HEALTH_FOLDERS:
        results.update(run_check(CORPUS / folder))
    words: Counter[str] = Counter()
    alarms: Counter[str] = Counter()
    shown = []
    for path, findings in results.items():
        split = split_of(Path(path).relative_to(CORPUS.resolve()).as_posix())
        words[split] += word_count(Path(path).read_text(encoding="utf-8"))
        alarms[split] += len(findings)
        if verbose and split == "dev":
            shown += [f"  {Path(path).relative_to(CORPUS.resolve())}:{f['line']} {f['rule']} {f['message'][:160]}"
                      for f in findings]
    for split in ("dev", "test"):
        per = alarms[split] / words[split] * 20000 if words[split] else float("nan")
        print(f"corpus {split}: {alarms[split]} MED findings in {words[split]:,} words of neutral health prose "
              f"= {per:.2f} per 20,000 words")
    for line in shown:
        print(line)


def pages(folder: Path, verbose: bool = False) -> None:
    labels: dict[tuple[str, int], str] = {}
    for line in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            labels[(row["file"], int(row["line"]))] = row["claim_type"]
    from contentqa.metrics import word_count

    results = run_check(sorted(folder.glob("*.txt")))  # the pages, not the set's README
    flagged = {(Path(p).name, int(f["line"])) for p, fs in results.items() for f in fs}
    tally = Tally()
    for key, claim_type in labels.items():
        tally.add(claim_type, key in flagged)
    words = sum(word_count(p.read_text(encoding="utf-8")) for p in folder.glob("*.txt"))
    extra = len(flagged - set(labels))
    print(f"pages: recall {tally.rate():.3f} ({sum(tally.found.values())}/{sum(tally.total.values())}); "
          f"findings on unlabelled lines {extra} = {extra / words * 20000:.2f} per 20,000 words ({words:,} words)")
    print("  by claim type: " + ", ".join(f"{k} {tally.found[k]}/{tally.total[k]}" for k in sorted(tally.total)))
    if verbose:  # only for a development set of pages (--pages-dev)
        for (name, line), claim_type in sorted(labels.items()):
            if (name, line) not in flagged:
                print(f"  missed {claim_type}: {name}:{line}: {_line(folder / name, line)[:160]}")
        for name, line in sorted(flagged - set(labels)):
            rules = [f["rule"] for p, fs in results.items() if Path(p).name == name for f in fs if int(f["line"]) == line]
            print(f"  unlabelled {rules}: {name}:{line}: {_line(folder / name, line)[:160]}")


def _line(path: Path, number: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[number - 1]


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    letters(verbose)
    corpus(verbose)
    if "--pages" in argv:
        pages(Path(argv[argv.index("--pages") + 1]))
    if "--pages-dev" in argv:
        pages(Path(argv[argv.index("--pages-dev") + 1]), verbose=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
