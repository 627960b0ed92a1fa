"""Readability: reading level, hard sentences and long paragraphs, against an audience profile.

Profiles live in `rules/readability/audiences.yml` (data editors can tune). The profile of a
document is chosen in this order: `audience` in the configuration or `--audience`, `audience` in
the front matter or HTML meta, the first profile whose `detect` lexicon matches the text (health
content gets `health-consumer`), then the pack's `default` (`general`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterator

from ..config import ConfigError
from ..metrics import grade, measured_text
from ..packs import load_pack
from ..registry import rules_dir
from ..rule import Finding, Rule

if TYPE_CHECKING:
    from ..context import Context
    from ..document import Block, Document

_PROFILE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["max_grade", "max_sentence_words", "max_paragraph_words"],
    "additionalProperties": False,
    "properties": {
        "summary": {"type": "string"},
        "max_grade": {"type": "number", "minimum": 0},
        "min_reading_ease": {"type": "number"},
        "max_sentence_words": {"type": "integer", "minimum": 1},
        "max_paragraph_words": {"type": "integer", "minimum": 1},
        "detect": {
            "type": "object",
            "required": ["terms"],
            "additionalProperties": False,
            "properties": {
                "terms": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
                "min_distinct": {"type": "integer", "minimum": 1},
                "min_per_100_words": {"type": "number", "minimum": 0},
            },
        },
    },
}
AUDIENCES_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["default", "profiles"],
    "additionalProperties": False,
    "properties": {
        "description": {"type": "string"},
        "default": {"type": "string"},
        "profiles": {"type": "object", "minProperties": 1, "additionalProperties": _PROFILE_SCHEMA},
    },
}

# Readability formulas say little about a handful of sentences.
MIN_WORDS = 100
# Headings and table cells are labels, not sentences.
_SENTENCE_KINDS = ("paragraph", "list_item", "quote")


@dataclass(frozen=True)
class Profile:
    name: str
    max_grade: float
    min_reading_ease: float | None
    max_sentence_words: int
    max_paragraph_words: int
    detect: re.Pattern[str] | None = None
    min_distinct: int = 3
    min_per_100_words: float = 1.0

    def matches(self, text: str, words: int) -> bool:
        """Whether the text uses this profile's lexicon often enough to default to it."""
        if self.detect is None or not words:
            return False
        hits = [m.group().lower() for m in self.detect.finditer(text)]
        return len(set(hits)) >= self.min_distinct and len(hits) * 100 / words >= self.min_per_100_words


def _term_pattern(terms: list[str]) -> re.Pattern[str]:
    parts = []
    for term in terms:
        words = r"\s+".join(re.escape(w) for w in term.rstrip("*").split())
        parts.append(words + (r"\w*" if term.endswith("*") else r"(?:e?s)?"))
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def load_audiences() -> tuple[str, dict[str, Profile]]:
    """The default profile name and all profiles from the audiences pack."""
    path = rules_dir() / "readability" / "audiences.yml"
    data, _ = load_pack(path, AUDIENCES_SCHEMA)
    profiles = {}
    for name, entry in data["profiles"].items():
        detect = entry.get("detect") or {}
        profiles[name] = Profile(
            name, float(entry["max_grade"]), entry.get("min_reading_ease"), entry["max_sentence_words"],
            entry["max_paragraph_words"], _term_pattern(detect["terms"]) if detect else None,
            detect.get("min_distinct", 3), float(detect.get("min_per_100_words", 1.0)))
    default = data["default"]
    if default not in profiles:
        from ..packs import PackError
        raise PackError(path, 1, f"default profile '{default}' is not defined")
    return default, profiles


def profile_for(doc: Document, ctx: Context) -> Profile:
    """The audience profile of a document (see the module docstring for the order)."""
    cached = ctx.metrics.get("audience")
    default, profiles = load_audiences()
    if isinstance(cached, str) and cached in profiles:
        return profiles[cached]
    if ctx.config.audience:
        if ctx.config.audience not in profiles:
            raise ConfigError(f"unknown audience '{ctx.config.audience}' (known: {', '.join(profiles)})")
        chosen = ctx.config.audience
    elif doc.meta.audience and doc.meta.audience.lower() in profiles:
        chosen = doc.meta.audience.lower()
    else:
        text = doc.visible_text()
        words = len(text.split())
        chosen = next((p.name for p in profiles.values() if p.matches(text, words)), default)
    # Recorded in the metrics so a report shows which targets applied.
    ctx.metrics["audience"] = chosen
    return profiles[chosen]


class ReadingLevel(Rule):
    """
    What it does:
        Scores the whole document's visible prose with the Flesch-Kincaid grade (and, when the
        profile sets one, the Flesch reading ease) and reports when the audience target is
        missed, by how much. Documents under 100 words are not scored.

        The target comes from the audience profile (`rules/readability/audiences.yml`):
        `audience` in the configuration or `contentqa check --audience NAME`, else `audience`
        in the front matter, else a profile whose lexicon matches the text: an article that
        uses health vocabulary often (three or more different terms such as "patient",
        "symptom", "treatment", at one match per 100 words or more) is checked against
        `health-consumer` (grade 8), everything else against `general` (grade 12).
        Profiles: general (12), health-consumer (8), marketing (10), education-k12 (6),
        education-adult (12). Options: `[tool.contentqa.rules.RDB001] max-grade`,
        `min-reading-ease`, `min-words`.

    Why it matters:
        Readers skim and leave when text is hard. Health information in particular should be
        written at grade 8 or lower, as plain-language guidance from NIH, CDC and AMA asks:
        many adults have limited health literacy.

    Example:
        Botulinum toxin, a neurotoxic protein produced by the bacterium Clostridium
        botulinum, is primarily used to reduce the appearance of wrinkles by temporarily
        paralyzing underlying facial muscles.

    Use instead:
        Botox is a medicine made from a toxin. Doctors inject small doses to relax the
        muscles that cause wrinkles.
    """

    code = "RDB001"
    name = "reading-level"
    category = "readability"
    severity = "warning"
    summary = "Reading level misses the audience target"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        import textstat

        text = measured_text(doc)
        words = int(textstat.lexicon_count(text)) if text else 0
        if words < int(ctx.config.option(self.code, "min-words", MIN_WORDS)):
            return
        profile = profile_for(doc, ctx)
        max_grade = float(ctx.config.option(self.code, "max-grade", profile.max_grade))
        min_ease = ctx.config.option(self.code, "min-reading-ease", profile.min_reading_ease)
        level = round(float(textstat.flesch_kincaid_grade(text)), 1)
        ease = round(float(textstat.flesch_reading_ease(text)), 1)
        problems = []
        if level > max_grade:
            problems.append(f"Flesch-Kincaid grade {level:g} is above the {profile.name} target of "
                            f"{max_grade:g} (by {level - max_grade:.1f})")
        if min_ease is not None and ease < float(min_ease):
            problems.append(f"Flesch reading ease {ease:g} is below the {profile.name} target of "
                            f"{float(min_ease):g} (by {float(min_ease) - ease:.1f})")
        if problems:
            # A finding about the whole document: line 1, column 1, as the output contract says.
            yield self.finding(0, 0, "; ".join(problems))


# Plain text exported from a CMS or a PDF often has lists and headings flattened into one line:
# a bullet after a run of spaces, or just a long run of spaces between words. Each piece is its
# own sentence and paragraph. (In Markdown and HTML, runs of spaces are source indentation.)
_FLAT_BREAK = re.compile(r"(?<=\S)(?:[ \t]{2,}(?=[-*\u2022\u25aa][ \t])|[ \t]{4,}(?=\S))")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_HARD_WRAP = 100  # a plain-text block with a line this long is one paragraph (or item) a line


def units(doc: Document, block: Block) -> list[tuple[int, int]]:
    """Ranges of block.text that read as separate paragraphs or list items.

    A Markdown or HTML block is one unit (its newlines and indentation render as one space). A
    plain-text block whose lines are long was written one paragraph a line, so each line is a
    unit; hard-wrapped text (all lines short) is not split at its line ends; flattened lists
    are split at their bullets.
    """
    text = block.text
    if doc.format != "text":
        return [_trim(text, 0, len(text))] if text.strip() else []
    cuts = [m.span() for m in _FLAT_BREAK.finditer(text)]
    if any(len(line) > _HARD_WRAP for line in _LINE_BREAK.split(text)):
        cuts += [m.span() for m in _LINE_BREAK.finditer(text)]
    pieces, last = [], 0
    for s, e in sorted(cuts) + [(len(text), len(text))]:
        if s > last:
            pieces.append((last, s))
        last = max(last, e)
    return [_trim(text, s, e) for s, e in pieces if text[s:e].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    return start + len(piece) - len(piece.lstrip()), end - (len(piece) - len(piece.rstrip()))


def _sentences(doc: Document, block: Block, ctx: Context) -> Iterator[tuple[int, int]]:
    """Sentence spans of a block, cut at unit boundaries and trimmed of spaces."""
    bounds = units(doc, block)
    for s, e in ctx.sentences(block):
        for us, ue in bounds:
            cs, ce = max(s, us), min(e, ue)
            if ce > cs and block.text[cs:ce].strip():
                yield _trim(block.text, cs, ce)


def _prose_of(block: Block, start: int, end: int) -> str:
    """The unmasked text of block.text[start:end]."""
    parts, last = [], start
    for ms, me in sorted(block.masks):
        if me <= start or ms >= end:
            continue
        parts.append(block.text[last:max(ms, start)])
        last = max(last, min(me, end))
    parts.append(block.text[last:end])
    return " ".join(p.strip() for p in parts if p.strip())


class HardSentence(Rule):
    """
    What it does:
        Reports a sentence with more words than the audience profile allows
        (`max_sentence_words`: general 35, health-consumer 25, marketing 25, education-k12 20,
        education-adult 35), at the sentence itself, with its Flesch-Kincaid grade. Headings
        and table cells are not checked. Option: `[tool.contentqa.rules.RDB002] max-words`.

    Why it matters:
        Long sentences make readers hold many ideas at once; comprehension drops sharply past
        about 25 words. One long sentence is often the hardest part of a whole page.

    Example:
        While Botox is generally safe when administered by trained professionals, it is
        essential to consult with a qualified healthcare provider to determine the appropriate
        treatment plan based on individual needs and medical history.

    Use instead:
        Botox is generally safe when a trained professional gives it. Ask a qualified doctor
        which treatment plan suits your needs and medical history.
    """

    code = "RDB002"
    name = "hard-sentence"
    category = "readability"
    severity = "info"
    summary = "Sentence too long for the audience"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        import textstat

        blocks = [b for b in doc.prose_blocks() if b.kind in _SENTENCE_KINDS and b.prose().strip()]
        if not blocks:
            return
        limit: int | None = None
        for block in blocks:
            for s, e in _sentences(doc, block, ctx):
                prose = _prose_of(block, s, e)
                if not prose:
                    continue
                words = int(textstat.lexicon_count(prose))
                if limit is None:
                    profile = profile_for(doc, ctx)
                    limit = int(ctx.config.option(self.code, "max-words", profile.max_sentence_words))
                    name = profile.name
                if words > limit:
                    start, end = block.source_span(s, e)
                    yield self.finding(start, end, f"Sentence of {words} words (grade {grade(prose):g}) "
                                       f"is longer than the {name} limit of {limit} words")


class LongParagraph(Rule):
    """
    What it does:
        Reports a paragraph with more words than the audience profile allows
        (`max_paragraph_words`: general 200, health-consumer 150, marketing 150,
        education-k12 100, education-adult 250), over the whole paragraph. List items, quotes
        and table cells are not paragraphs. Option: `[tool.contentqa.rules.RDB003] max-words`.

    Why it matters:
        A wall of text is skipped, on small screens above all. Yoast and most web style guides
        keep paragraphs under 150 words, and treat more than 200 as a problem.

    Example:
        A single paragraph of 230 words that explains what Botox is, how it works, what it
        treats, its side effects and where to get it.

    Use instead:
        One idea per paragraph: what it is; how it works; what it treats; side effects. Add
        subheadings where the topic changes.
    """

    code = "RDB003"
    name = "long-paragraph"
    category = "readability"
    severity = "warning"
    summary = "Paragraph too long for the audience"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        import textstat

        limit: int | None = None
        for block in doc.prose_blocks():
            if block.kind != "paragraph":
                continue
            for s, e in units(doc, block):
                prose = _prose_of(block, s, e)
                words = int(textstat.lexicon_count(prose)) if prose else 0
                if limit is None and words > 50:  # no profile lookup on documents of short paragraphs
                    profile = profile_for(doc, ctx)
                    limit = int(ctx.config.option(self.code, "max-words", profile.max_paragraph_words))
                    name = profile.name
                if limit is not None and words > limit:
                    start, end = block.source_span(s, e)
                    yield self.finding(start, end, f"Paragraph of {words} words is longer than the {name} "
                                       f"limit of {limit} words; split it")
