"""Scores in the spirit of Yoast's: each assessment rates good 9, ok 6 or bad 3 points."""

from __future__ import annotations

from dataclasses import dataclass

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
