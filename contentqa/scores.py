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
    """One check that counts towards a score.

    `score` is the rating (good 9, ok 6, bad 3). `points` is what the check adds to the SEO
    score when it differs from the rating, as Yoast weighs a few failures below 3 (a text of 80
    words -20, keyword stuffing -50, a second H1 1); None means the rating itself.
    """

    name: str
    score: int
    detail: str
    points: int | None = None


def rate(value: float, good: float, ok: float, higher_is_better: bool = False) -> int:
    if higher_is_better:
        return GOOD if value >= good else OK if value >= ok else BAD
    return GOOD if value <= good else OK if value <= ok else BAD


def overall(assessments: list[Assessment]) -> int | None:
    """The 0-100 score: points summed and divided by the points of all-good, as Yoast does
    (clamped to 0-100: Yoast's own number goes below 0 when heavy penalties add up)."""
    if not assessments:
        return None
    points = sum(a.score if a.points is None else a.points for a in assessments)
    return max(0, min(100, round(100 * points / (GOOD * len(assessments)))))


def score_rating(score: int | None) -> str | None:
    """Yoast's traffic light for a 0-100 SEO score: up to 40 bad, up to 70 ok, above good."""
    if score is None:
        return None
    return "bad" if score <= 40 else "ok" if score <= 70 else "good"


# Yoast's readability assessments; when one of them does not apply to a text (too short for
# transition words, say), Yoast rates the rest more strictly.
YOAST_READABILITY = frozenset({"subheading-distribution", "paragraph-length", "sentence-length", "transition-words",
                               "passive-voice", "text-presence", "sentence-beginnings"})


def penalty_rating(assessments: list[Assessment], considered: frozenset[str] | None = None) -> str | None:
    """Yoast's readability traffic light: penalty points (bad 3, ok 2, good 0) summed; over 6 bad,
    over 4 ok, else good. When one of Yoast's seven assessments does not apply: bad 4 points,
    and over 4 bad, over 2 ok. `considered` limits the assessments counted (None: all)."""
    counted = [a for a in assessments if considered is None or a.name in considered]
    if not counted:
        return None
    full = YOAST_READABILITY <= {a.name for a in assessments}
    bad_points, bad_over, ok_over = (3, 6, 4) if full else (4, 4, 2)
    penalty = sum(bad_points if a.score <= BAD else 2 if a.score < GOOD else 0 for a in counted)
    return "bad" if penalty > bad_over else "ok" if penalty > ok_over else "good"


def gate(rule: Rule, ctx: Context, assessments: list[Assessment], metric: str, label: str,
         rating: str | None = None, scored: list[Assessment] | None = None) -> Iterator[Finding]:
    """Record the score (of `scored`, default all assessments), its rating and the assessments as
    metrics (`<metric>_score`, `<metric>_rating`), and report a score below the rule's
    `min-score` option, naming the weakest assessments."""
    score = overall(assessments if scored is None else scored)
    ctx.metrics[f"{metric}_score"] = score
    ctx.metrics[f"{metric}_rating"] = rating
    ctx.metrics[f"{metric}_assessments"] = {a.name: a.score for a in assessments}
    # The points that differ from the rating (Yoast's weights), so the score can be redone.
    points = {a.name: a.points for a in assessments if a.points is not None}
    if points:
        ctx.metrics[f"{metric}_points"] = points
    threshold = ctx.config.option(rule.code, "min-score", None)
    if threshold is None or score is None or score >= float(threshold):
        return
    weakest = "; ".join(a.detail for a in sorted(assessments, key=lambda a: a.score) if a.score < GOOD)
    yield rule.finding(0, 0, f"{label} score {score} is below the gate of {float(threshold):g}"
                       + (f" (weakest: {weakest})" if weakest else ""))
