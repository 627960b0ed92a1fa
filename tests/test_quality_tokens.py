"""The defect injector of benchmarks/quality_tokens.py, on small articles: every kind is found."""

from __future__ import annotations

import random

import pytest

from benchmarks.quality_tokens import KINDS, Kind, inject
from contentqa.fixes import apply_fixes

from .conftest import lint

PARAGRAPHS = ["Botox relaxes the muscles that cause frown lines and wrinkles over time.",
              "Results usually last three to six months before another treatment is needed.",
              "Ask your doctor about the risks and the benefits before you book a session."]
ARTICLES = {
    "text": "\n\n".join(PARAGRAPHS) + "\n",
    "markdown": "# Botox\n\n" + "\n\n".join(PARAGRAPHS) + "\n",
    "html": "<h1>Botox</h1>\n" + "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "\n",
}


@pytest.mark.parametrize("kind, fmt", [(k, f) for k in KINDS for f in k.formats], ids=lambda v: getattr(v, "name", v))
def test_injected_defect_is_found(kind: Kind, fmt: str) -> None:
    rng = random.Random(7)
    for _ in range(2):
        injected = inject(ARTICLES[fmt], fmt, kind, rng)
        assert injected is not None
        text, start, end = injected
        found = [f for f in lint(text, fmt, [kind.rule]) if f.start < end and start < f.end]
        assert found, (kind.name, fmt, text[max(0, start - 20):end + 20])
        if all(f.fix is not None and f.fix.safe for f in found):
            # Where the fix is certain, the fixed article checks clean of that rule.
            fixed, _ = apply_fixes(text, lint(text, fmt, [kind.rule]))
            assert lint(fixed, fmt, [kind.rule]) == [], (kind.name, fmt, fixed)
