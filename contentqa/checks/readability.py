"""Readability: reading level against an audience profile, and the culprits, each at its span.

Profiles live in `rules/readability/audiences.yml` (data editors can tune). The profile of a
document is chosen in this order: `audience` in the configuration or `--audience`, `audience` in
the front matter or HTML meta, the first profile whose `detect` lexicon matches the text (health
content gets `health-consumer`), then the pack's `default` (`general`).

The culprits, in the manner of the Hemingway editor and Yoast's readability analysis: long and
hard sentences, long paragraphs, long sections without a subheading, runs of sentences that
start alike, passive voice, too few transition words, words with plainer alternatives. The word
lists are YAML packs beside the profiles (`passive.yml`, `transitions.yml`, `plain-words.yml`).

Every rule reads one analysis of the document's sentences (`analysis`), computed once and shared;
RDB010 turns the assessments into a 0-100 readability score (see `readability_assessments`).
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterator

from ..config import ConfigError
from ..disclaimers import is_disclaimer
from ..metrics import block_counts, syllables, totals, word_count, words_of
from ..nlp import pipeline
from ..packs import PackError, load_pack
from ..phrases import longest_first
from ..registry import rules_dir
from ..rule import Finding, Fix, Rule
from ..scores import BAD, GOOD, YOAST_READABILITY, Assessment, gate, penalty_rating, rate

if TYPE_CHECKING:
    from spacy.tokens import Token

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
        "hard_sentence_grade": {"type": "number"},
        "very_hard_sentence_grade": {"type": "number"},
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
_WORDS: dict[str, Any] = {"type": "array", "items": {"type": "string", "minLength": 1}}
PASSIVE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["auxiliaries", "irregular", "not_participles"],
    "additionalProperties": False,
    "properties": {"description": {"type": "string"}, "max_gap": {"type": "integer", "minimum": 0},
                   "auxiliaries": _WORDS, "between": _WORDS, "irregular": _WORDS, "not_participles": _WORDS,
                   "not_after_get": _WORDS},
}
TRANSITIONS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["words"],
    "additionalProperties": False,
    "properties": {"description": {"type": "string"}, "words": _WORDS, "phrases": _WORDS,
                   "pairs": {"type": "array", "items": {"type": "array", "items": {"type": "string", "minLength": 1},
                                                        "minItems": 2, "maxItems": 2}}},
}
PLAIN_WORDS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["words"],
    "additionalProperties": False,
    "properties": {
        "description": {"type": "string"},
        "words": {"type": "object", "minProperties": 1, "additionalProperties": {
            "type": "object", "required": ["plain"], "additionalProperties": False,
            "properties": {"plain": {**_WORDS, "minItems": 1}, "safe": {"type": "boolean"}}}},
    },
}

# Readability formulas say little about a handful of sentences.
MIN_WORDS = 100
# Headings and table cells are labels, not sentences.
_SENTENCE_KINDS = ("paragraph", "list_item", "quote")
# The Hemingway editor's thresholds: a sentence from grade 10 is hard to read, from 14 very hard.
HARD_GRADE, VERY_HARD_GRADE = 10.0, 14.0


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
    hard_sentence_grade: float = HARD_GRADE
    very_hard_sentence_grade: float = VERY_HARD_GRADE

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
            detect.get("min_distinct", 3), float(detect.get("min_per_100_words", 1.0)),
            float(entry.get("hard_sentence_grade", HARD_GRADE)),
            float(entry.get("very_hard_sentence_grade", VERY_HARD_GRADE)))
    default = data["default"]
    if default not in profiles:
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


def _phrase_pattern(phrases: list[str]) -> re.Pattern[str]:
    """Whole-word alternatives, longest first, spaces matching any run of spaces."""
    # One trie-shaped pattern (see phrases.py): the same matches as an alternation of the
    # phrases, longest first, without trying every phrase at every word.
    return re.compile(r"(?<![\w'’-])(?:" + longest_first(phrases) + r")(?![\w'’-])", re.IGNORECASE)


@dataclass(frozen=True)
class PassiveLists:
    auxiliaries: frozenset[str]
    between: frozenset[str]
    irregular: frozenset[str]
    not_participles: frozenset[str]
    not_after_get: frozenset[str]
    max_gap: int


@lru_cache(maxsize=1)
def load_passive() -> PassiveLists:
    data, _ = load_pack(rules_dir() / "readability" / "passive.yml", PASSIVE_SCHEMA)

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in data.get(key, []))

    return PassiveLists(words("auxiliaries"), words("between"), words("irregular"), words("not_participles"),
                        words("not_after_get"), int(data.get("max_gap", 2)))


def _words_pattern(phrase: str) -> str:
    return r"(?<![\w'’-])" + r"\s+".join(re.escape(w) for w in phrase.split()) + r"(?![\w'’-])"


@dataclass(frozen=True)
class Transitions:
    """The transition pack: one pattern of the words and phrases, one of the two-part pairs."""

    single: re.Pattern[str]
    pairs: re.Pattern[str] | None

    def search(self, sentence: str) -> bool:
        return bool(self.single.search(sentence) or (self.pairs and self.pairs.search(sentence)))


@lru_cache(maxsize=1)
def load_transitions() -> Transitions:
    data, _ = load_pack(rules_dir() / "readability" / "transitions.yml", TRANSITIONS_SCHEMA)
    # A pair counts when its first part comes before its second within the sentence.
    pairs = [f"{_words_pattern(a)}.*?{_words_pattern(b)}" for a, b in data.get("pairs", [])]
    return Transitions(_phrase_pattern(list(data["words"]) + list(data.get("phrases", []))),
                       re.compile("|".join(f"(?:{p})" for p in pairs), re.IGNORECASE | re.DOTALL) if pairs else None)


@lru_cache(maxsize=1)
def load_plain_words() -> tuple[re.Pattern[str], dict[str, tuple[list[str], bool]]]:
    """The substitution table: a pattern of every key, and key -> (alternatives, safe)."""
    data, _ = load_pack(rules_dir() / "readability" / "plain-words.yml", PLAIN_WORDS_SCHEMA)
    table = {" ".join(k.lower().split()): (list(v["plain"]), bool(v.get("safe", False)))
             for k, v in data["words"].items()}
    return _phrase_pattern(list(table)), table


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


def sentence_grade(prose: str) -> float:
    """Flesch-Kincaid grade of one sentence, read as one sentence (as the Hemingway editor does)."""
    words = words_of(prose)
    if not words:
        return 0.0
    syllable_total = sum(syllables(w.lower()) for w in words)
    return round(0.39 * len(words) + 11.8 * syllable_total / len(words) - 15.59, 1)


# Yoast compares the first word of sentences, or the first two when the first is an article, a
# demonstrative or a number ("The dose ...", "The doctor ..." do not start alike).
_OPENER_SKIP = frozenset("the a an this that these those one two three four five six seven eight nine ten".split())
_WORD = re.compile(r"[^\W_][\w'’-]*")


@dataclass
class Sentence:
    """One sentence of a paragraph, list item or quote, with what the rules need to know."""

    block: Block
    start: int  # range in block.text
    end: int
    words: int
    grade: float
    passive: list[tuple[int, int]]  # ranges in block.text of passive constructions
    transition: bool
    opener: str  # first word (or two), lowercased, as RDB006 compares sentences
    opener_span: tuple[int, int] | None


def _is_participle(token: Token, lists: PassiveLists, after_get: bool) -> bool:
    word = token.lower_
    if word in lists.not_participles or (after_get and word in lists.not_after_get):
        return False
    return word in lists.irregular or (len(word) >= 4 and word.endswith("ed") and word.isalpha())


def _passive_by_words(tokens: list[Token], lists: PassiveLists) -> list[tuple[int, int]]:
    """Auxiliary (a form of be or get, by its lemma or the list), a few adverbs, a participle."""
    spans = []
    i = 0
    while i < len(tokens):
        aux = tokens[i]
        lemma = aux.lemma_.lower()
        if aux.lower_ in lists.auxiliaries or (lemma == "be" and aux.lower_ != "'s"):
            after_get = lemma == "get" or aux.lower_.startswith(("get", "got"))
            j, gap = i + 1, 0
            while j < len(tokens) and gap <= lists.max_gap:
                word = tokens[j].lower_
                if _is_participle(tokens[j], lists, after_get):
                    spans.append((aux.idx, tokens[j].idx + len(tokens[j])))
                    i = j
                    break
                if word in lists.between or (word.endswith("ly") and len(word) > 3 and word.isalpha()):
                    j, gap = j + 1, gap + 1
                    continue
                break
        i += 1
    return spans


def _passive_by_parser(tokens: list[Token]) -> list[tuple[int, int]]:
    """Passive auxiliaries and their verbs, as a trained pipeline's parser labels them."""
    spans = []
    for token in tokens:
        if token.dep_ == "auxpass":
            first, last = sorted((token, token.head), key=lambda t: t.idx)
            spans.append((first.idx, last.idx + len(last)))
    return spans


def _opener(tokens: list[Token]) -> tuple[str, tuple[int, int] | None]:
    words = list(itertools.islice((t for t in tokens if _WORD.fullmatch(t.text)), 2))
    if not words:
        return "", None
    take = words[:2] if words[0].lower_ in _OPENER_SKIP and len(words) > 1 else words[:1]
    return " ".join(t.lower_ for t in take), (take[0].idx, take[-1].idx + len(take[-1]))


def analysis(doc: Document, ctx: Context) -> list[Sentence]:
    """Every sentence of the document's paragraphs, list items and quotes, analysed once."""
    def compute() -> list[Sentence]:
        lists, transitions = load_passive(), load_transitions()
        parsed = "parser" in pipeline(ctx.config.nlp_model).pipe_names
        result = []
        for block in doc.prose_blocks():
            if block.kind not in _SENTENCE_KINDS or not block.prose().strip():
                continue
            tokens = [t for t in ctx.spacy_doc(block) if not t.is_space]
            if block.masks:
                tokens = [t for t in tokens if not block.is_masked(t.idx, t.idx + len(t))]
            starts = [t.idx for t in tokens]
            for s, e in _sentences(doc, block, ctx):
                prose = block.prose_between(s, e)
                words = word_count(prose)
                if not words:
                    continue
                inside = tokens[bisect.bisect_left(starts, s):bisect.bisect_left(starts, e)]
                passive = _passive_by_parser(inside) if parsed else _passive_by_words(inside, lists)
                if passive and is_disclaimer(prose):
                    passive = []  # required wording (the FDA statement is passive): not the writer's to change
                opener, opener_span = _opener(inside)
                result.append(Sentence(block, s, e, words, sentence_grade(prose), passive,
                                       bool(transitions.search(prose)), opener, opener_span))
        return result

    return ctx.memo("readability.sentences", compute)


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def passive_share(doc: Document, ctx: Context) -> tuple[int, int, float]:
    """Sentences with a passive construction, all sentences, and the share in percent."""
    sentences = analysis(doc, ctx)
    passive = sum(1 for s in sentences if s.passive)
    share = _percent(passive, len(sentences))
    ctx.metrics["passive_sentences_percent"] = share
    return passive, len(sentences), share


def transition_share(doc: Document, ctx: Context) -> tuple[int, int, float]:
    """Sentences with a transition word, all sentences, and the share in percent."""
    sentences = analysis(doc, ctx)
    with_transition = sum(1 for s in sentences if s.transition)
    share = _percent(with_transition, len(sentences))
    ctx.metrics["transition_sentences_percent"] = share
    return with_transition, len(sentences), share


def beginning_runs(doc: Document, ctx: Context, minimum: int = 3) -> list[list[Sentence]]:
    """Runs of `minimum` or more consecutive sentences that start alike, in paragraphs and quotes.

    A run continues across paragraphs and is broken by a heading, a list or any other block:
    list items that start alike are parallel structure, not monotony.
    """
    by_block: dict[int, list[Sentence]] = {}
    for sentence in analysis(doc, ctx):
        by_block.setdefault(id(sentence.block), []).append(sentence)
    runs: list[list[Sentence]] = []
    current: list[Sentence] = []

    def close() -> None:
        if len(current) >= minimum:
            runs.append(list(current))
        current.clear()

    for block in doc.blocks:
        if block.kind not in ("paragraph", "quote"):
            if block.kind != "code" or block.text.strip():
                close()
            continue
        for sentence in by_block.get(id(block), []):
            if current and (not sentence.opener or sentence.opener != current[-1].opener):
                close()
            if sentence.opener:
                current.append(sentence)
    close()
    return runs


def paragraph_words(doc: Document) -> list[tuple[Block, int, int, int]]:
    """(block, start, end, words) of every paragraph unit (see `units`)."""
    result = []
    for block in doc.prose_blocks():
        if block.kind != "paragraph":
            continue
        for s, e in units(doc, block):
            prose = block.prose_between(s, e)
            result.append((block, s, e, word_count(prose) if prose else 0))
    return result


@dataclass
class Section:
    heading: Block | None
    blocks: list[Block]
    words: int


def text_sections(doc: Document) -> list[Section]:
    """The text between headings: each heading and the prose blocks up to the next heading."""
    counted = {id(b): c.words for b, c in block_counts(doc)}
    sections: list[Section] = []
    current = Section(None, [], 0)
    for block in doc.prose_blocks():
        if block.kind == "heading":
            if current.heading is not None or current.blocks:
                sections.append(current)
            current = Section(block, [], 0)
        elif block.prose().strip():
            current.blocks.append(block)
            current.words += counted.get(id(block), 0)
    if current.heading is not None or current.blocks:
        sections.append(current)
    return sections


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
        `min-reading-ease` (defaults from the profile), `min-words` (100).

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
        counts = totals(doc)
        if not counts.words or counts.words < int(ctx.config.option(self.code, "min-words", MIN_WORDS)):
            return
        profile = profile_for(doc, ctx)
        max_grade = float(ctx.config.option(self.code, "max-grade", profile.max_grade))
        min_ease = ctx.config.option(self.code, "min-reading-ease", profile.min_reading_ease)
        level = round(counts.flesch_kincaid_grade(), 1)
        ease = round(counts.flesch_reading_ease(), 1)
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


def sentence_limit(doc: Document, ctx: Context) -> tuple[int, str]:
    """RDB002's word limit and the name of the profile it comes from."""
    profile = profile_for(doc, ctx)
    return int(ctx.config.option("RDB002", "max-words", profile.max_sentence_words)), profile.name


def misses_target(doc: Document, ctx: Context) -> bool:
    """Whether the document's Flesch-Kincaid grade is above its target (RDB001's grade test)."""
    counts = totals(doc)
    if counts.words < int(ctx.config.option("RDB001", "min-words", MIN_WORDS)):
        return False
    target = float(ctx.config.option("RDB001", "max-grade", profile_for(doc, ctx).max_grade))
    return round(counts.flesch_kincaid_grade(), 1) > target


class LongSentence(Rule):
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
    name = "long-sentence"
    category = "readability"
    severity = "info"
    summary = "Sentence too long for the audience"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        sentences = analysis(doc, ctx)
        if not sentences:
            return
        limit, profile = sentence_limit(doc, ctx)
        for s in sentences:
            if s.words > limit:
                start, end = s.block.source_span(s.start, s.end)
                yield self.finding(start, end, f"Sentence of {s.words} words (grade {s.grade:g}) "
                                   f"is longer than the {profile} limit of {limit} words")


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
        configured = ctx.config.option(self.code, "max-words", None)
        # Every profile allows more than 50 words: no profile lookup for documents of short paragraphs.
        paragraphs = [p for p in paragraph_words(doc) if p[3] > (int(configured) if configured is not None else 50)]
        if not paragraphs:
            return
        profile = profile_for(doc, ctx)
        limit = int(configured) if configured is not None else profile.max_paragraph_words
        for block, s, e, words in paragraphs:
            if words > limit:
                start, end = block.source_span(s, e)
                yield self.finding(start, end, f"Paragraph of {words} words is longer than the {profile.name} "
                                   f"limit of {limit} words; split it")


class HardSentence(Rule):
    """
    What it does:
        In a document whose reading level misses the audience target (the RDB001 condition),
        reports each sentence that is hard or very hard to read, as the Hemingway editor
        highlights them: its Flesch-Kincaid grade (the sentence read on its own) is at or
        above the profile's `hard_sentence_grade` or `very_hard_sentence_grade`
        (health-consumer and marketing 10 and 14, as in Hemingway; general and
        education-adult 12 and 16; education-k12 8 and 12). These are the sentences that
        drag the level up; the message says which kind. Sentences under 14 words are not
        graded (one long word would decide their grade), and a sentence over the word limit
        is reported by RDB002 instead. Options: `[tool.contentqa.rules.RDB004] hard-grade`,
        `very-hard-grade`, `min-words` (14), `always` (false: set true to report hard
        sentences in every document, as Hemingway does).

    Why it matters:
        Long words piled into one sentence are what makes a text hard, more than its length.
        Readers re-read such a sentence or give up on it; splitting it and choosing shorter
        words helps the most.

    Example:
        Administration of botulinum toxin necessitates comprehensive consultation with
        appropriately credentialed practitioners beforehand.

    Use instead:
        Before a Botox treatment, talk it through with a qualified doctor.
    """

    code = "RDB004"
    name = "hard-sentence"
    category = "readability"
    severity = "info"
    summary = "Sentence hard or very hard to read"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        min_words = int(ctx.config.option(self.code, "min-words", 14))
        candidates = [s for s in analysis(doc, ctx) if s.words >= min_words]
        if not candidates or not (ctx.config.option(self.code, "always", False) or misses_target(doc, ctx)):
            return
        profile = profile_for(doc, ctx)
        hard = float(ctx.config.option(self.code, "hard-grade", profile.hard_sentence_grade))
        very_hard = float(ctx.config.option(self.code, "very-hard-grade", profile.very_hard_sentence_grade))
        limit, _ = sentence_limit(doc, ctx)
        for s in candidates:
            if s.words > limit or s.grade < hard:
                continue
            start, end = s.block.source_span(s.start, s.end)
            kind, threshold = ("Very hard", very_hard) if s.grade >= very_hard else ("Hard", hard)
            yield self.finding(start, end, f"{kind} to read: grade {s.grade:g} ({kind.lower()} from {threshold:g}, "
                               f"{s.words} words); split the sentence or use shorter words")


class LongSection(Rule):
    """
    What it does:
        Reports text of more than 300 words without a subheading: a section between two
        headings, or the text before the first heading. The span is the section's text (from
        its first block to its last). Markdown and HTML only (plain text has no headings).
        Empty headings are reported by ART005. Option: `[tool.contentqa.rules.RDB005]
        max-words` (300, Yoast's subheading distribution).

    Why it matters:
        Readers scan subheadings to find their part of a page; a long stretch without one is
        hard to navigate and easy to leave. Subheadings also tell search engines what each
        part is about.

    Example:
        ## Results
        (450 words about how long results last, follow-up visits and costs)

    Use instead:
        ## How long results last
        ...
        ## Follow-up visits
        ...
        ## Costs
    """

    code = "RDB005"
    name = "long-section"
    category = "readability"
    severity = "info"
    summary = "Over 300 words without a subheading"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        if doc.format not in ("markdown", "html"):
            return
        limit = int(ctx.config.option(self.code, "max-words", 300))
        for section in text_sections(doc):
            if section.words <= limit or not section.blocks:
                continue
            where = f"after '{_short(section.heading.text)}'" if section.heading is not None else "before the first heading"
            start, end = section.blocks[0].start, section.blocks[-1].end
            yield self.finding(start, end, f"{section.words} words without a subheading ({where}); "
                               f"add a subheading at least every {limit} words")


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


class RepeatedSentenceStart(Rule):
    """
    What it does:
        Reports three or more consecutive sentences that start with the same word (or the same
        two words when the first is an article, a demonstrative or a number), in paragraphs and
        quotes; a run may cross paragraphs, and a heading or a list ends it (list items that
        start alike are parallel on purpose). The span runs from the first sentence's opening
        word to the last one's. Option: `[tool.contentqa.rules.RDB006] min-run` (3).

    Why it matters:
        Sentences that all start alike read as a monotonous list and hide how the ideas
        connect. Yoast's readability analysis flags the same pattern.

    Example:
        Botox relaxes muscles. Botox lasts three months. Botox can cause bruising.

    Use instead:
        Botox relaxes muscles. The effect lasts about three months, and the most common side
        effect is a small bruise.
    """

    code = "RDB006"
    name = "repeated-sentence-start"
    category = "readability"
    severity = "info"
    summary = "Consecutive sentences start with the same word"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for run in beginning_runs(doc, ctx, int(ctx.config.option(self.code, "min-run", 3))):
            first, last = run[0], run[-1]
            assert first.opener_span is not None and last.opener_span is not None
            start = first.block.source_span(*first.opener_span)[0]
            end = last.block.source_span(*last.opener_span)[1]
            yield self.finding(start, end, f"{len(run)} sentences in a row start with '{first.opener}'; "
                               "vary the openings or join the sentences")


class PassiveVoice(Rule):
    """
    What it does:
        Marks every passive construction ("is injected", "was approved by") when more than 15%
        of the document's sentences are passive (Yoast: 10% or less is good, over 15% a
        problem; the readability score rates 10-15% as ok); the message gives the share. The
        default detection needs no model: a form of "be" or "get" (by the word or its lemma),
        at most two adverbs, then a past participle
        (an irregular one from `rules/readability/passive.yml`, or a word ending in -ed that is
        not on the pack's list of adjectives). With `nlp-model` set to a trained spaCy pipeline
        that has a parser, its dependency labels (auxpass) decide instead. The share is in the
        metrics as `passive_sentences_percent`. The sentences of required disclaimers
        (`rules/medical/disclaimers.yml`, such as the FDA supplement statement "These statements
        have not been evaluated by ...") are not counted or marked: their wording is fixed.
        Option: `[tool.contentqa.rules.RDB007] max-percent` (15).

    Why it matters:
        Passive sentences hide who does what, and are longer and harder to follow. In health
        text they blur responsibility ("the dose should be adjusted": by whom?).

    Example:
        The injections are given by a doctor, and patients are monitored for an hour.

    Use instead:
        A doctor gives the injections and watches you for an hour.
    """

    code = "RDB007"
    name = "passive-voice"
    category = "readability"
    severity = "info"
    summary = "Too many passive sentences"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        passive, total, share = passive_share(doc, ctx)
        limit = float(ctx.config.option(self.code, "max-percent", 15))
        if not total or share <= limit:
            return
        for s in analysis(doc, ctx):
            for ps, pe in s.passive:
                start, end = s.block.source_span(ps, pe)
                yield self.finding(start, end, f"Passive voice '{doc.text[start:end]}' ({passive} of {total} "
                                   f"sentences, {share:g}%, are passive, more than {limit:g}%)")


class TransitionWords(Rule):
    """
    What it does:
        Reports, for the whole document, when fewer than 30% of its sentences contain a
        transition word or phrase ("however", "for example", "as a result") or a two-part
        transition ("either ... or", "not only ... but also"); the list,
        `rules/readability/transitions.yml`, is compiled from general English usage. Texts
        under 200 words are not checked. The share
        is in the metrics as `transition_sentences_percent`. Options:
        `[tool.contentqa.rules.RDB008] min-percent` (30), `min-words` (200).

    Why it matters:
        Transition words tell readers how one sentence relates to the last: a cause, a
        contrast, an example, a next step. Without them a text reads as a list of disconnected
        claims. Yoast's readability analysis asks for 30%.

    Example:
        Botox relaxes muscles. Lines soften. Results fade after three months. Many people
        book again.

    Use instead:
        Botox relaxes muscles, so lines soften. However, results fade after three months;
        as a result, many people book again.
    """

    code = "RDB008"
    name = "transition-words"
    category = "readability"
    severity = "info"
    summary = "Few sentences with transition words"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        if totals(doc).words < int(ctx.config.option(self.code, "min-words", 200)):
            return
        with_transition, total, share = transition_share(doc, ctx)
        wanted = float(ctx.config.option(self.code, "min-percent", 30))
        if total and share < wanted:
            yield self.finding(0, 0, f"{share:g}% of sentences ({with_transition} of {total}) contain a transition "
                               f"word; aim for {wanted:g}% or more (for example 'however', 'so', 'as a result')")


def _cased(replacement: str, matched: str) -> str:
    """The replacement with the case of the match's first letter ("Utilize" -> "Use")."""
    if matched[:1].isupper() and replacement:
        return replacement[0].upper() + replacement[1:]
    return replacement


class PlainWords(Rule):
    """
    What it does:
        Reports a word or phrase that has a plainer alternative ("utilize" -> "use", "in order
        to" -> "to", "prior to" -> "before"), at the word, from the substitution table
        `rules/readability/plain-words.yml` (a declarative pack: add your own entries). The
        fix replaces it with the first alternative; it is safe (applied by `--fix`) only for
        entries marked `safe: true`, whose swap keeps the meaning everywhere.

    Why it matters:
        Long, formal words slow readers down and raise the reading grade without adding
        meaning. Plain-language guidelines (plainlanguage.gov, GOV.UK, CDC) list these swaps.

    Example:
        Physicians utilize botulinum toxin in order to diminish wrinkles.

    Use instead:
        Doctors use botulinum toxin to reduce wrinkles.
    """

    code = "RDB009"
    name = "plain-words"
    category = "readability"
    severity = "info"
    summary = "Word with a plainer alternative"
    fixable = True

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        pattern, table = load_plain_words()
        for block in doc.prose_blocks():
            for m in pattern.finditer(block.text):
                if block.is_masked(m.start(), m.end()):
                    continue
                key = " ".join(m.group().lower().split())
                if key not in table or ctx.config.accepts(key):
                    continue
                alternatives, safe = table[key]
                start, end = block.source_span(m.start(), m.end())
                replacement = _cased(alternatives[0], m.group())
                # A fix only where the source holds exactly the words (no markup or entities inside).
                fix = Fix(replacement, safe=safe and len(alternatives) == 1) if doc.text[start:end] == m.group() else None
                options = " or ".join(f"'{a}'" for a in alternatives)
                yield self.finding(start, end, f"'{m.group()}' has a plainer alternative: {options}", fix=fix)


def readability_assessments(doc: Document, ctx: Context) -> list[Assessment]:
    """The assessments behind `readability_score` (see RDB010's docs for the table)."""
    def compute() -> list[Assessment]:
        counts = totals(doc)
        if not counts.words:
            return []
        result = []
        # Yoast's text presence: under 50 words there is hardly a text to judge.
        result.append(Assessment("text-presence", GOOD if counts.words >= 50 else BAD, f"{counts.words} words"))
        if counts.words >= int(ctx.config.option("RDB001", "min-words", MIN_WORDS)):
            target = float(ctx.config.option("RDB001", "max-grade", profile_for(doc, ctx).max_grade))
            level = round(counts.flesch_kincaid_grade(), 1)
            result.append(Assessment("reading-level", rate(level, target, target + 2),
                                     f"grade {level:g}, target {target:g}"))
        sentences = analysis(doc, ctx)
        if sentences:
            long_share = _percent(sum(1 for s in sentences if s.words > 20), len(sentences))
            result.append(Assessment("sentence-length", rate(long_share, 25, 30),
                                     f"{long_share:g}% of sentences over 20 words"))
            result.append(Assessment("sentence-beginnings", BAD if beginning_runs(doc, ctx) else GOOD,
                                     f"{len(beginning_runs(doc, ctx))} runs of sentences starting alike"))
            graded = [s for s in sentences if s.words >= int(ctx.config.option("RDB004", "min-words", 14))]
            if graded:
                hard_grade = float(ctx.config.option("RDB004", "hard-grade", profile_for(doc, ctx).hard_sentence_grade))
                hard = _percent(sum(1 for s in graded if s.grade >= hard_grade), len(sentences))
                result.append(Assessment("hard-sentences", rate(hard, 15, 25),
                                         f"{hard:g}% of sentences hard to read (grade {hard_grade:g} or more)"))
            _, _, passive = passive_share(doc, ctx)
            result.append(Assessment("passive-voice", rate(passive, 10, 15), f"{passive:g}% passive sentences"))
            if counts.words >= 200:
                _, _, transition = transition_share(doc, ctx)
                result.append(Assessment("transition-words", rate(transition, 30, 20, higher_is_better=True),
                                         f"{transition:g}% of sentences with a transition word"))
        longest = max((p[3] for p in paragraph_words(doc)), default=0)
        if longest:
            result.append(Assessment("paragraph-length", rate(longest, 150, 200),
                                     f"longest paragraph {longest} words"))
        if doc.format in ("markdown", "html"):
            sections = text_sections(doc)
            longest_section = max((s.words for s in sections), default=0)
            result.append(Assessment("subheading-distribution", rate(longest_section, 300, 350),
                                     f"longest text without a subheading {longest_section} words"))
        return result

    return ctx.memo("readability.assessments", compute)


class ReadabilityScore(Rule):
    """
    What it does:
        Computes the readability score (0-100, in the metrics as `readability_score`, with the
        rating of each assessment in `readability_assessments`) and, when a gate is set
        (`contentqa check --min-readability-score N`, or `[tool.contentqa.rules.RDB010]
        min-score = N`), reports a document whose score is below it, as an error (so the exit
        code is 1 under the default `--fail-on error`).

        Each assessment rates good (9 points), ok (6) or bad (3), as in Yoast's readability
        analysis; the score is the points summed, divided by 9 times the number of
        assessments, times 100, rounded. Assessments (each only where it applies):
        reading level (Flesch-Kincaid grade at most the profile's target: good; up to 2 above:
        ok), hard sentences (sentences of 14 words or more at or above the profile's hard
        grade, see RDB004: at most 15% of all sentences good, 25% ok), sentence length
        (sentences over 20 words: at most 25% good, 30% ok), paragraph
        length (longest at most 150 words good, 200 ok), subheading distribution (Markdown and
        HTML: longest text without a subheading at most 300 words good, 350 ok), sentence
        beginnings (no run of three: good, else bad), passive voice (at most 10% good, 15% ok),
        transition words (texts of 200 words or more: at least 30% good, 20% ok), text presence
        (under 50 words bad).

        The rating (`readability_rating`) is Yoast's traffic light: penalty points (bad 3, ok
        2, good 0) over Yoast's seven assessments (subheading distribution, paragraph length,
        sentence length, transition words, passive voice, text presence, sentence beginnings);
        over 6 bad, over 4 ok, else good; when one of the seven does not apply (a text under 200
        words has no transition-word assessment), bad counts 4 and over 4 is bad, over 2 ok.
        Option `[tool.contentqa.rules.RDB010] rating-assessments = "all"` counts contentqa's
        reading level and hard sentences too (stricter); the default is "yoast".

    Why it matters:
        One number per article lets a team set a floor in CI and see which articles need work
        first; the assessments in the metrics say why the score is what it is.

    Example:
        contentqa check --min-readability-score 70 content/
        content/botox.md:1:1: RDB010 [error] Readability score 52 is below the gate of 70 ...

    Use instead:
        Fix the culprits the other RDB rules point at (hard sentences, long paragraphs, passive
        voice) until the score clears the gate.
    """

    code = "RDB010"
    name = "readability-score"
    category = "readability"
    severity = "error"
    summary = "Readability score below the gate"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        assessments = readability_assessments(doc, ctx)
        which = str(ctx.config.option(self.code, "rating-assessments", "yoast"))
        if which not in ("all", "yoast"):
            raise ConfigError(f"[rules.{self.code}] rating-assessments: 'all' or 'yoast', not '{which}'")
        rating = penalty_rating(assessments, YOAST_READABILITY if which == "yoast" else None)
        yield from gate(self, ctx, assessments, "readability", "Readability", rating)
