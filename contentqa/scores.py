"""Scores in the spirit of Yoast's: each assessment rates good 9, ok 6 or bad 3 points."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .context import Context
    from .rule import Finding, Rule

GOOD, OK, BAD = 9, 6, 3


@dataclass
class Assessment:
    """One check that counts towards a score."""

    name: str
    score: int
    detail: str


def rate(value: float, good: float, ok: float, higher_is_better: bool = False) -> int:
    if higher_is_better:
        return GOOD if value >= good else OK if value >= ok else BAD
    return GOOD if value <= good else OK if value <= ok else BAD


def overall(assessments: list[Assessment]) -> int | None:
    """The 0-100 score: points summed and divided by the points of all-good, as Yoast does."""
    if not assessments:
        return None
    return round(100 * sum(a.score for a in assessments) / (GOOD * len(assessments)))


def gate(rule: Rule, ctx: Context, assessments: list[Assessment], metric: str, label: str) -> Iterator[Finding]:
    """Record the score and its assessments as metrics (`<metric>_score`), and report a score
    below the rule's `min-score` option, naming the weakest assessments."""
    score = overall(assessments)
    ctx.metrics[f"{metric}_score"] = score
    ctx.metrics[f"{metric}_assessments"] = {a.name: a.score for a in assessments}
    threshold = ctx.config.option(rule.code, "min-score", None)
    if threshold is None or score is None or score >= float(threshold):
        return
    weakest = "; ".join(a.detail for a in sorted(assessments, key=lambda a: a.score) if a.score < GOOD)
    yield rule.finding(0, 0, f"{label} score {score} is below the gate of {float(threshold):g}"
                       + (f" (weakest: {weakest})" if weakest else ""))
