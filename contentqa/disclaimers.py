"""Whether a sentence is the text of a required disclaimer (`rules/medical/disclaimers.yml`).

Required wording is not the writer's to change: the FDA supplement statement is passive ("These
statements have not been evaluated by the Food and Drug Administration"), and a style rule that
asks to rewrite it would ask for a compliance problem. Rules about style skip such sentences.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

import yaml

from .registry import rules_dir

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
# Near copies count ("the FDA" for "the Food and Drug Administration", a word added or dropped);
# two thirds of the words in the same order is far above what unrelated sentences share.
SIMILARITY = 0.75


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


@lru_cache(maxsize=1)
def wordings() -> tuple[tuple[str, ...], ...]:
    """Each sentence of each disclaimer's canonical wording, as words."""
    try:
        data = yaml.safe_load((rules_dir() / "medical" / "disclaimers.yml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return ()  # the medical rules report a broken pack; style rules just do not skip anything
    found = []
    for entry in (data or {}).get("disclaimers", []) or []:
        wording = entry.get("wording") if isinstance(entry, dict) else None
        if isinstance(wording, str):
            found += [words for part in re.split(r"(?<=[.!?])\s+", wording) if len(words := _words(part)) >= 3]
    return tuple(found)


def is_disclaimer(sentence: str) -> bool:
    """Whether `sentence` is (a near copy of) a sentence of a required disclaimer."""
    words = _words(sentence)
    if len(words) < 3:
        return False
    return any(difflib.SequenceMatcher(None, words, wording, autojunk=False).ratio() >= SIMILARITY
               for wording in wordings())
