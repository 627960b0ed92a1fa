"""Precision and recall of the medical-claims rules on the labelled set.

Run from the project root: `python benchmarks/quality_medical.py [--verbose]`. Each item of
tests/data/medical_claims_labelled.yml is checked as an article of its own; its findings'
rules, mapped to claim types, are compared with the item's `expect` list. Prints precision and
recall per claim type, the findings on items that expect none (neutral facts, negated and fully
disclaimed claims), and one summary line.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from contentqa import Config, check_text  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "medical_claims_labelled.yml"
TYPES = {"MED001": "treatment", "MED002": "approval", "MED003": "efficacy", "MED004": "duration",
         "MED005": "safety", "MED006": "off-label", "MED007": "supplement", "MED008": "testimonial",
         "MED009": "overbroad-approval", "MED010": "disease-claim"}


@dataclass
class Result:
    item: dict[str, object]
    expected: Counter[str]
    found: Counter[str]
    messages: list[str]


@dataclass
class Scores:
    results: list[Result]
    tp: Counter[str]
    fp: Counter[str]
    fn: Counter[str]

    @property
    def precision(self) -> float:
        tp, fp = sum(self.tp.values()), sum(self.fp.values())
        return tp / (tp + fp) if tp + fp else 1.0

    @property
    def recall(self) -> float:
        tp, fn = sum(self.tp.values()), sum(self.fn.values())
        return tp / (tp + fn) if tp + fn else 1.0

    def quiet_findings(self, kind: str | None = None) -> int:
        """Findings on items that expect none (of one kind, or all)."""
        return sum(sum(r.found.values()) for r in self.results
                   if not r.expected and (kind is None or r.item["kind"] == kind))

    def summary(self) -> str:
        return (f"medical claims: {len(self.results)} items, precision {self.precision:.3f}, "
                f"recall {self.recall:.3f}, findings on neutral items {self.quiet_findings('neutral')}, "
                f"on negated/disclaimed items {self.quiet_findings() - self.quiet_findings('neutral')}")


def load_items(path: Path = LABELLED) -> list[dict[str, object]]:
    items: list[dict[str, object]] = yaml.safe_load(path.read_text(encoding="utf-8"))["items"]
    return items


def evaluate(items: list[dict[str, object]] | None = None) -> Scores:
    results = []
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for item in items if items is not None else load_items():
        config = Config()
        config.select = ["MED"]
        result = check_text(str(item["text"]), fmt="text", path="item.txt", config=config)
        found = Counter(TYPES[f.rule] for f in result.findings)
        expected = Counter(str(t) for t in item["expect"])  # type: ignore[attr-defined]
        tp.update(expected & found)
        fp.update(found - expected)
        fn.update(expected - found)
        results.append(Result(item, expected, found, [f"{f.rule} {f.message}" for f in result.findings]))
    return Scores(results, tp, fp, fn)


def main() -> int:
    scores = evaluate()
    print(f"{'claim type':<20}{'precision':>10}{'recall':>8}{'tp':>5}{'fp':>5}{'fn':>5}")
    for name in TYPES.values():
        tp, fp, fn = scores.tp[name], scores.fp[name], scores.fn[name]
        precision = tp / (tp + fp) if tp + fp else float("nan")
        recall = tp / (tp + fn) if tp + fn else float("nan")
        print(f"{name:<20}{precision:>10.3f}{recall:>8.3f}{tp:>5}{fp:>5}{fn:>5}")
    kinds = Counter(str(r.item["kind"]) for r in scores.results)
    print("items by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    if "--verbose" in sys.argv:
        for r in scores.results:
            if r.expected != r.found:
                print(f"\n- expected {sorted(r.expected.elements())}, found {sorted(r.found.elements())}: "
                      f"{r.item['text']}")
                for message in r.messages:
                    print(f"    {message}")
    print(scores.summary())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
