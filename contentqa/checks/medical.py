"""Health and cosmetic claims that lack the disclaimers they require.

What counts as a claim, and which disclaimers each kind of claim needs, is data a compliance
editor maintains: `rules/medical/claims.yml` and `rules/medical/disclaimers.yml`. This module
loads and validates those packs once, compiles their patterns into spaCy matchers over word
lemmas, finds the claims and disclaimers of an article, and reports each claim whose required
disclaimers are absent (or not where their placement rule wants them). One rule per claim kind,
so a team can select or ignore, say, duration claims on their own.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..packs import Lines, PackError, load_pack
from ..registry import rules_dir
from ..rule import Finding, Rule

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Doc, Span, Token
    from spacy.vocab import Vocab

    from ..context import Context
    from ..document import Block, Document

PLACEMENTS = ("anywhere", "same-section", "near-end")
RULE_CODES = ("MED001", "MED002", "MED003", "MED004", "MED005", "MED006", "MED007", "MED008")
# The closing part of an article, for `near-end` disclaimers: its last quarter of paragraphs,
# and never fewer than this many.
NEAR_END_MIN_BLOCKS = 3
# A quoted claim runs from its first word to the end of its clause, but not past this many words.
CLAUSE_WORDS = 6
_CLAUSE_END = frozenset(",;:.!?()[]—–")

_ID = {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"}
_PATTERNS = {"type": "array", "items": {"type": "string", "minLength": 1}}
DISCLAIMERS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["disclaimers"],
    "additionalProperties": False,
    "properties": {
        "description": {"type": "string"},
        "disclaimers": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "short", "wording", "placement"],
                "additionalProperties": False,
                "properties": {
                    "id": _ID,
                    "short": {"type": "string", "minLength": 1},
                    "wording": {"type": "string", "minLength": 1},
                    "placement": {"enum": list(PLACEMENTS)},
                    "phrases": _PATTERNS,
                    "concepts": {"type": "array", "items": {"type": "array", "minItems": 1,
                                                            "items": {"type": "string", "minLength": 1}}},
                    "unless": _PATTERNS,
                },
                "anyOf": [{"required": ["phrases"]}, {"required": ["concepts"]}],
            },
        },
    },
}
CLAIMS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["health-content", "claims"],
    "additionalProperties": False,
    "properties": {
        "description": {"type": "string"},
        "health-content": {
            "type": "object",
            "required": ["min-terms", "terms"],
            "additionalProperties": False,
            "properties": {
                "min-terms": {"type": "integer", "minimum": 0},
                "terms": {"type": "array", "minItems": 1,
                          "items": {"type": "string", "pattern": r"^[\w'-]+$"}},
            },
        },
        "claims": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "rule", "label", "requires", "patterns"],
                "additionalProperties": False,
                "properties": {
                    "id": _ID,
                    "rule": {"enum": list(RULE_CODES)},
                    "label": {"type": "string", "minLength": 1},
                    "requires": {"type": "array", "minItems": 1, "items": _ID},
                    "patterns": {**_PATTERNS, "minItems": 1},
                    "weak-patterns": _PATTERNS,
                    "unless": _PATTERNS,
                    "context": _PATTERNS,
                },
            },
        },
    },
}


# --- words and patterns --------------------------------------------------------------------

@lru_cache(maxsize=1)
def _vocab() -> Vocab:
    """A vocabulary of our own, so compiled matchers do not depend on the configured pipeline."""
    import spacy

    return spacy.blank("en").vocab


@lru_cache(maxsize=1)
def _lemma_table() -> Any:
    from ..nlp import pipeline

    lemmatizer: Any = pipeline().get_pipe("lemmatizer")
    return lemmatizer.lookups.get_table("lemma_lookup")


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """Dictionary form of a word, lower case. The lookup lemmatizer leaves capitalised words
    alone ("Cures" stays "Cures"), so words are looked up in lower case."""
    lower = word.lower()
    return str(_lemma_table().get(lower, lower)).lower()


def _token_lemma(text: str, spacy_lemma: str) -> str:
    return spacy_lemma.lower() if text.islower() and spacy_lemma else lemma(text)


def _words(alternative: str) -> list[str]:
    """A hyphenated word is three tokens to the tokenizer: word, '-', word."""
    return [w for w in re.split(r"(-)", alternative) if w] if alternative != "-" else ["-"]


def _spec(words: list[str], exact: bool) -> dict[str, Any]:
    if words == ["NUM"]:
        return {"LIKE_NUM": True}
    if exact:
        return {"LOWER": {"IN": sorted({w.lower() for w in words})}}
    return {"LEMMA": {"IN": sorted({w.lower() for w in words} | {lemma(w) for w in words})}}


def compile_pattern(text: str) -> tuple[list[list[dict[str, Any]]], frozenset[str]]:
    """spaCy Matcher patterns for one line of the pattern language (see claims.yml), and its
    anchor: the words of its least common required item, one of which any match must contain.

    An item with hyphenated alternatives ("long-lasting|long-term") expands into one pattern per
    alternative, since they span several tokens.
    """
    from wordfreq import zipf_frequency

    variants_per_item: list[list[list[dict[str, Any]]]] = []
    anchor: frozenset[str] = frozenset()
    anchor_score = math.inf
    for item in text.split():
        gap = re.fullmatch(r"\.\.\.(\d*)", item)
        if gap:
            variants_per_item.append([[{"OP": f"{{0,{int(gap.group(1) or 4)}}}"}]])
            continue
        optional = item.endswith("?") and len(item) > 1
        item = item[:-1] if optional else item
        plain: list[str] = []
        exact_plain: list[str] = []
        variants: list[list[dict[str, Any]]] = []
        forms: set[str] = set()
        for alternative in item.split("|"):
            exact = alternative.startswith("=")
            alternative = alternative[1:] if exact else alternative
            if not alternative or not re.fullmatch(r"[\w'%&+.-]+", alternative):
                raise ValueError(f"pattern {text!r}: {item!r} is not a word, a list of words or '...'")
            words = _words(alternative)
            if len(words) > 1:
                variants.append([_spec([w], exact or w == "-") for w in words])
            else:
                (exact_plain if exact else plain).append(alternative)
            # Of a hyphenated word, its rarest part will do.
            word = min((w for w in words if w != "-"), key=lambda w: zipf_frequency(w, "en"), default="-")
            if word != "-":
                forms.update({word.lower()} if exact else {word.lower(), lemma(word)})
        if plain:
            variants.append([_spec(plain, False)])
        if exact_plain:
            variants.append([_spec(exact_plain, True)])
        if optional:
            variants = [[{**spec, "OP": "?"} for spec in v] for v in variants]
        elif forms and item != "NUM":
            score = max(zipf_frequency(f, "en") for f in forms)
            if score < anchor_score:
                anchor, anchor_score = frozenset(forms), score
        variants_per_item.append(variants)
    if not anchor:
        raise ValueError(f"pattern {text!r} needs at least one required word")
    patterns = [[spec for variant in combo for spec in variant] for combo in itertools.product(*variants_per_item)]
    return patterns, anchor


# --- the packs ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Disclaimer:
    id: str
    short: str
    wording: str
    placement: str
    concepts: tuple[tuple[frozenset[str], ...], ...] = ()


@dataclass(frozen=True)
class ClaimType:
    id: str
    rule: str
    label: str
    requires: tuple[str, ...]
    has_context: bool


@dataclass
class MedicalPack:
    disclaimers: dict[str, Disclaimer]
    claims: dict[str, ClaimType]
    # Each phrasing as (anchor, key, matcher); keys are "claim:<id>", "claim-weak:<id>",
    # "claim-unless:<id>", "claim-context:<id>", "disclaimer:<id>" and "disclaimer-unless:<id>".
    # A matcher runs only on sentences that hold its anchor: a set lookup is far cheaper.
    phrasings: list[tuple[frozenset[str], str, Matcher]] = field(default_factory=list, repr=False)
    health_terms: frozenset[str] = frozenset()
    min_health_terms: int = 1

    def add(self, key: str, texts: list[str], path: Path, lines: Lines, where: tuple[object, ...]) -> None:
        from spacy.matcher import Matcher

        for i, text in enumerate(texts):
            try:
                patterns, anchor = compile_pattern(text)
            except ValueError as exc:
                raise PackError(path, lines.get(where + (i,), 1), str(exc)) from exc
            matcher = Matcher(_vocab())
            matcher.add(key, patterns)
            self.phrasings.append((anchor, key, matcher))


def _concept_group(text: str) -> frozenset[str]:
    words = [w for w in text.split("|") if w]
    return frozenset({w.lower() for w in words} | {lemma(w) for w in words})


@lru_cache(maxsize=8)
def load_medical_pack(folder: Path) -> MedicalPack:
    """Load, validate and compile `claims.yml` and `disclaimers.yml` from a folder (once)."""
    pack = MedicalPack({}, {})
    d_path, c_path = folder / "disclaimers.yml", folder / "claims.yml"
    d_data, d_lines = load_pack(d_path, DISCLAIMERS_SCHEMA)
    for i, entry in enumerate(d_data["disclaimers"]):
        where: tuple[object, ...] = ("disclaimers", i)
        if entry["id"] in pack.disclaimers:
            raise PackError(d_path, d_lines.get(where, 1), f"disclaimer {entry['id']!r} is defined twice")
        concepts = tuple(tuple(_concept_group(g) for g in groups) for groups in entry.get("concepts", []))
        pack.disclaimers[entry["id"]] = Disclaimer(entry["id"], entry["short"], " ".join(entry["wording"].split()),
                                                   entry["placement"], concepts)
        pack.add(f"disclaimer:{entry['id']}", entry.get("phrases", []), d_path, d_lines, where + ("phrases",))
        pack.add(f"disclaimer-unless:{entry['id']}", entry.get("unless", []), d_path, d_lines, where + ("unless",))

    c_data, c_lines = load_pack(c_path, CLAIMS_SCHEMA)
    health = c_data["health-content"]
    pack.health_terms = frozenset(_concept_group("|".join(health["terms"])))
    pack.min_health_terms = health["min-terms"]
    for i, entry in enumerate(c_data["claims"]):
        where = ("claims", i)
        if entry["id"] in pack.claims:
            raise PackError(c_path, c_lines.get(where, 1), f"claim type {entry['id']!r} is defined twice")
        for j, required in enumerate(entry["requires"]):
            if required not in pack.disclaimers:
                raise PackError(c_path, c_lines.get(where + ("requires", j), 1),
                                f"claims.{i}.requires: unknown disclaimer {required!r} (not in {d_path.name})")
        pack.claims[entry["id"]] = ClaimType(entry["id"], entry["rule"], entry["label"], tuple(entry["requires"]),
                                             bool(entry.get("context")))
        for key, part in (("claim", "patterns"), ("claim-weak", "weak-patterns"), ("claim-unless", "unless"),
                          ("claim-context", "context")):
            pack.add(f"{key}:{entry['id']}", entry.get(part, []), c_path, c_lines, where + (part,))
    return pack


def default_pack() -> MedicalPack:
    return load_medical_pack(rules_dir() / "medical")


# --- finding claims and disclaimers in an article ----------------------------------------

@dataclass(frozen=True)
class Claim:
    rule: str
    claim_type: ClaimType
    start: int  # source offsets of the quoted claim
    end: int
    quote: str
    missing: tuple[Disclaimer, ...]

    @property
    def message(self) -> str:
        wanted = "; ".join(d.short + {"anywhere": "", "same-section": " (in the same section)",
                                      "near-end": " (near the end)"}[d.placement] for d in self.missing)
        return f"{self.claim_type.label} '{self.quote}' requires: {wanted}"


@dataclass
class _Sentence:
    """One sentence of a prose block, and what the packs' patterns matched in it."""

    block: Block
    block_index: int
    tokens: list[Token]
    lemmas: list[str] = field(default_factory=list)
    words: set[str] = field(default_factory=set)  # lemmas and lower-case forms
    # Matches by key, as (start, end) token indexes into `tokens`.
    matches: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def has(self, key: str) -> list[tuple[int, int]]:
        return self.matches.get(key, [])


def _overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in others)


def _sentence(block: Block, index: int, sent: Span) -> _Sentence:
    tokens = list(sent)
    lemmas = [_token_lemma(t.text, t.lemma_) or t.lower_ for t in tokens]
    return _Sentence(block, index, tokens, lemmas, set(lemmas) | {t.lower_ for t in tokens})


def _annotate(sentence: _Sentence, pack: MedicalPack) -> None:
    """Run the packs' patterns and disclaimer concepts over one sentence."""
    from spacy.tokens import Doc

    tokens, lemmas, words = sentence.tokens, sentence.lemmas, sentence.words
    for disclaimer in pack.disclaimers.values():
        if any(all(group & words for group in concept) for concept in disclaimer.concepts):
            sentence.matches.setdefault(f"disclaimer:{disclaimer.id}", []).append((0, len(tokens)))
    ldoc: Doc | None = None
    block = sentence.block
    for anchor, key, matcher in pack.phrasings:
        if anchor.isdisjoint(words):
            continue
        if ldoc is None:
            ldoc = Doc(_vocab(), words=[t.text for t in tokens], spaces=[bool(t.whitespace_) for t in tokens],
                       lemmas=lemmas)
        for _, start, end in matcher(ldoc):
            if not block.is_masked(tokens[start].idx, tokens[end - 1].idx + len(tokens[end - 1])):
                sentence.matches.setdefault(key, []).append((start, end))


def _claim_spans(sentence: _Sentence, claim_type: ClaimType, weak: bool) -> list[tuple[int, int]]:
    spans = sentence.has(f"claim:{claim_type.id}") + (sentence.has(f"claim-weak:{claim_type.id}") if weak else [])
    unless = sentence.has(f"claim-unless:{claim_type.id}")
    spans = [m for m in spans if not _overlaps(m, unless)]
    if claim_type.has_context and not sentence.has(f"claim-context:{claim_type.id}"):
        return []
    # The earliest claim, and its shortest reading.
    return sorted(spans, key=lambda m: (m[0], m[1] - m[0]))


def _quote(sentence: _Sentence, start: int, end: int) -> tuple[int, int]:
    """Block text offsets of a claim: from its first word to the end of its clause when that is
    near, else to the end of the match."""
    tokens = sentence.tokens
    last = end
    for i in range(end, min(len(tokens), end + CLAUSE_WORDS + 1)):
        if tokens[i].text in _CLAUSE_END:
            last = i
            break
    else:
        if len(tokens) <= end + CLAUSE_WORDS:
            last = len(tokens)
    first, final = tokens[start], tokens[last - 1]
    return first.idx, final.idx + len(final.text)


def find_claims(doc: Document, ctx: Context, pack: MedicalPack) -> list[Claim]:
    """Every claim of the article whose required disclaimers are missing."""
    blocks = [b for b in doc.prose_blocks() if b.text.strip()]
    sentences = [_sentence(block, index, sent) for index, block in enumerate(blocks)
                 for sent in ctx.spacy_doc(block).sents]
    # Claims are health claims only in health content: "zero-downtime upgrades" and "a
    # revolutionary workflow" are not. The article must use several health words, and the
    # section of a claim at least one.
    health_sections: dict[int, set[str]] = {}
    for sentence in sentences:
        health_sections.setdefault(sentence.block.section, set()).update(sentence.words & pack.health_terms)
    if len(set().union(*health_sections.values())) < pack.min_health_terms:
        return []
    for sentence in sentences:
        _annotate(sentence, pack)
    # Some phrasings ("can relieve symptoms", "safe and effective") are claims in promotional
    # copy but plain information in consumer-health text: they count only in an article that
    # also makes a claim no neutral text would.
    promotional = any(_claim_spans(s, t, weak=False) for s in sentences for t in pack.claims.values())
    if not promotional:
        return []
    present = _disclaimer_places(sentences, pack)
    closing = set(range(len(blocks) - max(NEAR_END_MIN_BLOCKS, math.ceil(len(blocks) / 4)), len(blocks)))
    claims: list[Claim] = []
    for sentence in sentences:
        for claim_type in pack.claims.values():
            spans = _claim_spans(sentence, claim_type, weak=True)
            if not spans or not health_sections[sentence.block.section]:
                continue
            missing = [d for d in (pack.disclaimers[i] for i in claim_type.requires)
                       if not _placed(d, present.get(d.id, []), sentence, closing)]
            if not missing:
                continue
            start, end = _quote(sentence, *spans[0])
            source_start, source_end = sentence.block.source_span(start, end)
            claims.append(Claim(claim_type.rule, claim_type, source_start, source_end,
                                " ".join(sentence.block.text[start:end].split()), tuple(missing)))
    return claims


def _placed(disclaimer: Disclaimer, places: list[tuple[int, int]], sentence: _Sentence, closing: set[int]) -> bool:
    """Whether one of the places where a disclaimer stands satisfies its placement rule."""
    if disclaimer.placement == "same-section":
        return any(section == sentence.block.section for _, section in places)
    if disclaimer.placement == "near-end":
        return any(index in closing for index, _ in places)
    return bool(places)


def _disclaimer_places(sentences: list[_Sentence], pack: MedicalPack) -> dict[str, list[tuple[int, int]]]:
    """Where each disclaimer stands: (block index, section) of every sentence that holds it."""
    places: dict[str, list[tuple[int, int]]] = {}
    for sentence in sentences:
        for disclaimer_id in pack.disclaimers:
            found = sentence.has(f"disclaimer:{disclaimer_id}")
            unless = sentence.has(f"disclaimer-unless:{disclaimer_id}")
            if any(not _overlaps(m, unless) for m in found):
                places.setdefault(disclaimer_id, []).append((sentence.block_index, sentence.block.section))
    return places


def claims_of(doc: Document, ctx: Context) -> list[Claim]:
    """The document's claims, analysed once for all the MED rules."""
    return ctx.memo("medical.claims", lambda: find_claims(doc, ctx, default_pack()))


# --- the rules ---------------------------------------------------------------------------

class _ClaimRule(Rule):
    """Reports the claims of the kinds that `claims.yml` assigns to this rule's code."""

    category = "medical"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for claim in claims_of(doc, ctx):
            if claim.rule == self.code:
                yield self.finding(claim.start, claim.end, claim.message)


class TreatmentClaim(_ClaimRule):
    """What it does
    Finds claims that a product or procedure treats, cures, relieves or eliminates a condition
    ("Botox can provide relief", "from treating eye muscle disorders to relieving TMJ") in an
    article that lacks the disclaimers such claims need: a recommendation to consult a
    healthcare professional, and a statement that the article is not medical advice.
    Claim phrasings and required disclaimers are in `rules/medical/claims.yml`; neutral or
    hedged descriptions ("is used to treat", "may help relieve") are not claims.

    Why it matters
    Treatment claims in consumer content read as medical advice. Regulators and platforms expect
    them to come with a pointer to professional care and a clear informational-only statement.

    Example
    From treating eye muscle disorders to relieving TMJ disorders, Botox offers versatile solutions.

    Use instead
    Keep the claim factual and add, once in the article: "This article is for informational
    purposes only and is not a substitute for professional medical advice. Consult a qualified
    healthcare provider before starting any treatment."
    """

    code = "MED001"
    name = "treatment-claim-without-disclaimer"
    severity = "warning"
    summary = "Treatment or cure claim without the required disclaimers"


class ApprovalClaim(_ClaimRule):
    """What it does
    Finds regulatory-approval claims ("approved by the FDA for...", "FDA-cleared") in an article
    that does not state the product's risks and side effects, or that it is not medical advice.

    Why it matters
    An approval claim without the product's risks is the classic unbalanced promotion that
    regulators cite; approval for one use is also often stretched to others.

    Example
    Botox has been approved by the FDA for the treatment of excessive sweating.

    Use instead
    State the approved use precisely and add the risks: "Botox is FDA-approved to treat severe
    underarm sweating. Side effects include injection-site pain and, rarely, spread of the toxin."
    """

    code = "MED002"
    name = "approval-claim-without-disclaimer"
    severity = "error"
    summary = "Regulatory-approval claim without risks and informational disclaimers"


class EfficacyClaim(_ClaimRule):
    """What it does
    Finds efficacy claims and superlatives ("significant relief", "clinically proven",
    "revolutionized the treatment") in an article that never says individual results may vary.

    Why it matters
    Efficacy promises set expectations a reader may not meet; without a results-may-vary
    statement they read as a guarantee.

    Example
    Botox injections can provide significant relief by reducing the frequency of headaches.

    Use instead
    Report what studies found, with the source, and add "Individual results may vary."
    """

    code = "MED003"
    name = "efficacy-claim-without-disclaimer"
    severity = "warning"
    summary = "Efficacy claim or superlative without a results-may-vary disclaimer"


class DurationClaim(_ClaimRule):
    """What it does
    Finds claims about how long results last ("results typically last three to six months",
    "permanent results", "long-lasting relief") in an article that never says individual
    results may vary.

    Why it matters
    How long a treatment works differs from person to person; a bare duration reads as a promise.

    Example
    Results typically last three to six months.

    Use instead
    Results typically last three to six months, though individual results may vary.
    """

    code = "MED004"
    name = "duration-claim-without-disclaimer"
    severity = "warning"
    summary = "Duration-of-results claim without a results-may-vary disclaimer"


class SafetyClaim(_ClaimRule):
    """What it does
    Finds safety and comfort claims ("painless", "completely safe", "no side effects",
    "minimal downtime", "non-invasive solution") in an article that does not state risks and
    side effects, or that individual experiences vary.

    Why it matters
    Claims of safety or comfort without the risks are misleading by omission, and they are the
    claims readers rely on when deciding on a procedure.

    Example
    The procedure is quick, relatively painless, and requires minimal downtime.

    Use instead
    Most people describe the injections as a brief sting; bruising or swelling can occur, and
    recovery differs from person to person.
    """

    code = "MED005"
    name = "safety-claim-without-disclaimer"
    severity = "warning"
    summary = "Safety or comfort claim without risks and results-may-vary disclaimers"


class OffLabelClaim(_ClaimRule):
    """What it does
    Finds off-label or investigational claims ("has shown promise in ... depression",
    "promising results", "emerging uses") when the same section does not disclose that the use
    is off-label or investigational, or the article never advises consulting a professional.

    Why it matters
    Promoting unapproved uses is restricted; readers must know a use is not approved and still
    under study before they ask for it.

    Example
    Botox has shown promise in the management of depression.

    Use instead
    Early studies of Botox for depression are promising, but this use is off-label (not
    FDA-approved) and still being studied; talk to your doctor.
    """

    code = "MED006"
    name = "off-label-claim-without-disclosure"
    severity = "error"
    summary = "Off-label or investigational claim without an off-label disclosure"


class SupplementClaim(_ClaimRule):
    """What it does
    Finds structure/function claims about a supplement ("this formula supports healthy joints",
    "capsules that boost immunity") in an article without the FDA statement that the Dietary
    Supplement Health and Education Act (DSHEA) requires.

    Why it matters
    US law requires the DSHEA statement with every structure/function claim for a supplement.

    Example
    Our collagen capsules support healthy skin and joints.

    Use instead
    Keep the claim and add: "These statements have not been evaluated by the Food and Drug
    Administration. This product is not intended to diagnose, treat, cure, or prevent any disease."
    """

    code = "MED007"
    name = "supplement-claim-without-dshea-statement"
    severity = "error"
    summary = "Supplement structure/function claim without the FDA (DSHEA) statement"


class TestimonialClaim(_ClaimRule):
    """What it does
    Finds testimonials and before-and-after claims ("changed my life", "before and after
    photos", "patients rave") in an article that never says individual results may vary.

    Why it matters
    Testimonials are read as typical results; advertising rules require saying when they are not.

    Example
    See our before and after photos: patients love the results.

    Use instead
    Show the photos with "Individual results may vary."
    """

    code = "MED008"
    name = "testimonial-without-disclaimer"
    severity = "warning"
    summary = "Testimonial or before-and-after claim without a results-may-vary disclaimer"
