"""Health and cosmetic claims: missing disclaimers, off-label uses and overstated approvals.

What counts as a claim, which disclaimers each kind of claim needs, and what each product is
approved for are data a compliance editor maintains: `rules/medical/claims.yml`,
`rules/medical/disclaimers.yml` and `rules/medical/products/*.yml`. This module loads and
validates those packs once, compiles their patterns into spaCy matchers over word lemmas, and
reads an article sentence by sentence: the claims it makes (not negated, not hedged), the
products it names, the conditions it ties them to, and the disclaimers present. Each claim
sentence gives at most one finding, under the rule of its most serious claim, naming every
disclaimer its claims still miss; `finding.extra["explain"]` says which pack entries matched.
"""

from __future__ import annotations

import bisect
import inspect
import itertools
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ... import lexicon
from ...packs import Lines, PackError, load_pack
from ...registry import rules_dir
from ...rule import Finding, Rule
from . import detect

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Span, Token
    from spacy.vocab import Vocab

    from ...context import Context
    from ...document import Block, Document

PLACEMENTS = ("anywhere", "same-section", "near-end")
_LABEL_KEYS = ("frame:", "approved:", "unapproved:", "broader:", "disease")
# Phrasings needed only in a sentence that makes a claim or names a product.
_CLAIM_ONLY_KEYS = ("hedge", "continuation")
_Phrasing = tuple[tuple[frozenset[str], ...], str, "Matcher", "Origin"]


@dataclass
class _Phrasings:
    """Compiled phrasings, and an index from each word to the phrasings whose rarest required
    item holds it, so a sentence only looks at the phrasings it may match."""

    items: list[_Phrasing] = field(default_factory=list)
    index: dict[str, list[int]] = field(default_factory=dict)

    def append(self, phrasing: _Phrasing) -> None:
        for word in phrasing[0][0]:
            self.index.setdefault(word, []).append(len(self.items))
        self.items.append(phrasing)

    def candidates(self, words: set[str]) -> list[_Phrasing]:
        found = sorted({i for w in words for i in self.index.get(w, ())})
        return [self.items[i] for i in found
                if all(not anchor.isdisjoint(words) for anchor in self.items[i][0][1:])]
RULE_CODES = ("MED001", "MED002", "MED003", "MED004", "MED005", "MED006", "MED007", "MED008", "MED009", "MED010")
# The rule of a sentence's finding is that of its most serious claim.
PRIORITY = ("MED009", "MED010", "MED006", "MED002", "MED007", "MED005", "MED003", "MED004", "MED001", "MED008")
LABEL_CLAIMS = ("off-label", "overbroad-approval", "overbroad-use", "disease-claim", "cure-claim")
# The closing part of an article, for `near-end` disclaimers: its last quarter of paragraphs,
# and never fewer than this many.
NEAR_END_MIN_BLOCKS = 3
# A quoted claim runs from its first word to the end of its clause, but not past this many words.
CLAUSE_WORDS = 6
_CLAUSE_END = frozenset(",;:.!?()[]—–")
# Where a negation or hedge stops applying.
# (Not at a colon: "red flags such as: miracle cures".)
_SCOPE_END = (_CLAUSE_END - {":"}) | {"but", "however", "while", "although", "though", "yet"}

_ID = {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"}
_PATTERNS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_DISCLAIMER: dict[str, Any] = {
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
}
DISCLAIMERS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["disclaimers"],
    "additionalProperties": False,
    "properties": {
        "description": {"type": "string"},
        "disclaimers": {"type": "array", "minItems": 1, "items": _DISCLAIMER},
    },
}
_LABEL_CLAIM: dict[str, Any] = {
    "type": "object",
    "required": ["rule", "label", "requires"],
    "additionalProperties": False,
    "properties": {
        "rule": {"enum": list(RULE_CODES)},
        "label": {"type": "string", "minLength": 1},
        "requires": {"type": "array", "items": _ID},
        "always": {"type": "boolean"},
    },
}
CLAIMS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["health-content", "claims", "hedges", "frames", "label-claims"],
    "additionalProperties": False,
    "properties": {
        "description": {"type": "string"},
        "health-content": {
            "type": "object",
            "required": ["min-terms", "terms"],
            "additionalProperties": False,
            "properties": {
                "min-terms": {"type": "integer", "minimum": 0},
                "min-terms-promotional": {"type": "integer", "minimum": 0},
                "terms": {"type": "array", "minItems": 1,
                          "items": {"type": "string", "pattern": r"^[\w'-]+$"}},
            },
        },
        "hedges": _PATTERNS,
        "frames": {
            "type": "object",
            "required": ["approval", "use"],
            "additionalProperties": False,
            "properties": {"approval": {**_PATTERNS, "minItems": 1}, "use": {**_PATTERNS, "minItems": 1}},
        },
        "promotional": _PATTERNS,
        "continuation": _PATTERNS,
        "diseases": _PATTERNS,
        "label-claims": {
            "type": "object",
            "required": list(LABEL_CLAIMS),
            "additionalProperties": False,
            "properties": {kind: _LABEL_CLAIM for kind in LABEL_CLAIMS},
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
_USE: dict[str, Any] = {
    "type": "object",
    "required": ["id", "use", "conditions"],
    "additionalProperties": False,
    "properties": {"id": _ID, "use": {"type": "string", "minLength": 1},
                   "conditions": {**_PATTERNS, "minItems": 1}, "broader": _PATTERNS},
}
PRODUCT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "label", "names", "sources", "note"],
    "additionalProperties": False,
    "properties": {
        "id": _ID,
        "label": {"type": "string", "minLength": 1},
        "kind": {"type": "string"},
        "category": {"type": "boolean"},
        "names": {**_PATTERNS, "minItems": 1},
        "unless": _PATTERNS,
        "sources": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
        "note": {"type": "string", "minLength": 1},
        "requires": {"type": "array", "items": _ID},
        "disclaimers": {"type": "array", "items": _DISCLAIMER},
        "disease-claims": {"enum": ["allowed", "forbidden"]},
        "approved": {"type": "array", "items": _USE},
        "not-approved": {"type": "array", "items": {**_USE, "properties": {
            k: v for k, v in _USE["properties"].items() if k != "broader"}}},
    },
}


# --- words and patterns --------------------------------------------------------------------

@lru_cache(maxsize=1)
def _vocab() -> Vocab:
    """The default pipeline's vocabulary (not the configured one's), so compiled matchers do not
    depend on the configuration; sharing it saves building another blank pipeline."""
    from ...nlp import pipeline

    return pipeline(None).vocab


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """Dictionary form of a word, lower case. The lookup lemmatizer leaves capitalised words
    alone ("Cures" stays "Cures"), so words are looked up in lower case."""
    lower = word.lower()
    return str(lexicon.lemmas().get(lower, lower)).lower()  # the default pipeline's lookup table


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


def compile_pattern(text: str) -> tuple[list[list[dict[str, Any]]], tuple[frozenset[str], ...]]:
    """spaCy Matcher patterns for one line of the pattern language (see claims.yml), and its
    anchors: the words of each required item, one of each of which any match must contain
    (least common item first).

    An item with hyphenated alternatives ("long-lasting|long-term") expands into one pattern per
    alternative, since they span several tokens.
    """
    variants_per_item: list[list[list[dict[str, Any]]]] = []
    anchors: list[tuple[float, frozenset[str]]] = []
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
            word = min((w for w in words if w != "-"), key=lexicon.zipf_estimate, default="-")
            if word != "-":
                forms.update({word.lower()} if exact else {word.lower(), lemma(word)})
        if plain:
            variants.append([_spec(plain, False)])
        if exact_plain:
            variants.append([_spec(exact_plain, True)])
        if optional:
            variants = [[{**spec, "OP": "?"} for spec in v] for v in variants]
        elif forms and item != "NUM":
            anchors.append((max(lexicon.zipf_estimate(f) for f in forms), frozenset(forms)))
        variants_per_item.append(variants)
    if not anchors:
        raise ValueError(f"pattern {text!r} needs at least one required word")
    patterns = [[spec for variant in combo for spec in variant] for combo in itertools.product(*variants_per_item)]
    return patterns, tuple(forms for _, forms in sorted(anchors, key=lambda a: a[0]))


# --- the packs ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Origin:
    """Where a pack entry is written, for explanations: `claims.yml:42 pattern '...'`."""

    file: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line} '{self.text}'"


@dataclass(frozen=True)
class Disclaimer:
    id: str
    short: str
    wording: str
    placement: str
    concepts: tuple[tuple[frozenset[str], ...], ...] = ()
    origin: Origin | None = None


@dataclass(frozen=True)
class ClaimType:
    id: str
    rule: str
    label: str
    requires: tuple[str, ...]
    has_context: bool = False
    always: bool = False  # reported even when its disclaimers are present
    origin: Origin | None = None


@dataclass(frozen=True)
class Use:
    """A use of a product: approved (with the names that overstate it) or not approved."""

    id: str
    use: str
    approved: bool
    origin: Origin


@dataclass(frozen=True)
class Product:
    id: str
    label: str
    file: str
    category: bool
    note: str
    requires: tuple[str, ...]
    disease_claims_forbidden: bool
    uses: dict[str, Use]

    @property
    def has_approved_use(self) -> bool:
        return any(u.approved for u in self.uses.values())


@dataclass
class MedicalPack:
    disclaimers: dict[str, Disclaimer]
    claims: dict[str, ClaimType]
    label_claims: dict[str, ClaimType] = field(default_factory=dict)
    products: dict[str, Product] = field(default_factory=dict)
    # Each phrasing as (anchors, key, matcher, origin). Keys: "claim:<id>", "claim-weak:<id>",
    # "claim-unless:<id>", "claim-context:<id>", "disclaimer:<id>", "disclaimer-unless:<id>",
    # "hedge", "promo", "continuation", "disease", "frame:approval", "frame:use",
    # "product:<id>", "product-unless:<id>", "approved:<product>:<use>",
    # "broader:<product>:<use>" and "unapproved:<product>:<use>".
    # A matcher runs only on sentences that hold a word of each anchor: set lookups are far
    # cheaper.
    phrasings: _Phrasings = field(default_factory=_Phrasings, repr=False)
    # Phrasings run only where they can matter: in sentences with a claim or a product, and
    # (the label checks) in paragraphs that name a product.
    claim_phrasings: _Phrasings = field(default_factory=_Phrasings, repr=False)
    label_phrasings: _Phrasings = field(default_factory=_Phrasings, repr=False)
    health_terms: frozenset[str] = frozenset()
    min_health_terms: int = 1
    min_health_terms_promotional: int = 1

    def add(self, key: str, texts: list[str], path: Path, lines: Lines, where: tuple[object, ...],
            file: str) -> None:
        from spacy.matcher import Matcher

        for i, text in enumerate(texts):
            line = lines.get(where + (i,), 1)
            try:
                patterns, anchor = compile_pattern(text)
            except ValueError as exc:
                raise PackError(path, line, str(exc)) from exc
            matcher = Matcher(_vocab())
            matcher.add(key, patterns)
            group = (self.label_phrasings if key.startswith(_LABEL_KEYS) else
                     self.claim_phrasings if key.startswith(_CLAIM_ONLY_KEYS) else self.phrasings)
            group.append((anchor, key, matcher, Origin(file, line, text)))


def _concept_group(text: str) -> frozenset[str]:
    words = [w for w in text.split("|") if w]
    return frozenset({w.lower() for w in words} | {lemma(w) for w in words})


def _add_disclaimer(pack: MedicalPack, entry: dict[str, Any], path: Path, lines: Lines,
                    where: tuple[object, ...], file: str) -> None:
    if entry["id"] in pack.disclaimers:
        raise PackError(path, lines.get(where, 1), f"disclaimer {entry['id']!r} is defined twice")
    concepts = tuple(tuple(_concept_group(g) for g in groups) for groups in entry.get("concepts", []))
    pack.disclaimers[entry["id"]] = Disclaimer(entry["id"], entry["short"], " ".join(entry["wording"].split()),
                                               entry["placement"], concepts,
                                               Origin(file, lines.get(where, 1), entry["id"]))
    pack.add(f"disclaimer:{entry['id']}", entry.get("phrases", []), path, lines, where + ("phrases",), file)
    pack.add(f"disclaimer-unless:{entry['id']}", entry.get("unless", []), path, lines, where + ("unless",), file)


def _check_requires(pack: MedicalPack, requires: list[str], path: Path, lines: Lines,
                    where: tuple[object, ...]) -> None:
    for j, required in enumerate(requires):
        if required not in pack.disclaimers:
            location = ".".join(str(p) for p in where + ("requires",))
            raise PackError(path, lines.get(where + ("requires", j), 1),
                            f"{location}: unknown disclaimer {required!r} (not in disclaimers.yml)")


def _load_product(pack: MedicalPack, path: Path, folder: Path) -> tuple[dict[str, Any], Lines]:
    data, lines = load_pack(path, PRODUCT_SCHEMA)
    file = path.relative_to(folder).as_posix()
    if data["id"] in pack.products:
        raise PackError(path, lines.get(("id",), 1), f"product {data['id']!r} is defined twice")
    for i, entry in enumerate(data.get("disclaimers", [])):
        _add_disclaimer(pack, entry, path, lines, ("disclaimers", i), file)
    uses: dict[str, Use] = {}
    for part, approved in (("approved", True), ("not-approved", False)):
        for i, entry in enumerate(data.get(part, [])):
            where: tuple[object, ...] = (part, i)
            if entry["id"] in uses:
                raise PackError(path, lines.get(where, 1), f"use {entry['id']!r} is defined twice")
            uses[entry["id"]] = Use(entry["id"], " ".join(entry["use"].split()), approved,
                                    Origin(file, lines.get(where, 1), entry["id"]))
            key = f"{'approved' if approved else 'unapproved'}:{data['id']}:{entry['id']}"
            pack.add(key, entry["conditions"], path, lines, where + ("conditions",), file)
            pack.add(f"broader:{data['id']}:{entry['id']}", entry.get("broader", []), path, lines,
                     where + ("broader",), file)
    pack.add(f"product:{data['id']}", data["names"], path, lines, ("names",), file)
    pack.add(f"product-unless:{data['id']}", data.get("unless", []), path, lines, ("unless",), file)
    pack.products[data["id"]] = Product(data["id"], data["label"], file, bool(data.get("category")),
                                        " ".join(data["note"].split()), tuple(data.get("requires", [])),
                                        data.get("disease-claims") == "forbidden", uses)
    return data, lines


@lru_cache(maxsize=8)
def load_medical_pack(folder: Path) -> MedicalPack:
    """Load, validate and compile `disclaimers.yml`, `claims.yml` and `products/*.yml` (once)."""
    pack = MedicalPack({}, {})
    d_path, c_path = folder / "disclaimers.yml", folder / "claims.yml"
    d_data, d_lines = load_pack(d_path, DISCLAIMERS_SCHEMA)
    for i, entry in enumerate(d_data["disclaimers"]):
        _add_disclaimer(pack, entry, d_path, d_lines, ("disclaimers", i), d_path.name)
    products = [(path, *_load_product(pack, path, folder)) for path in sorted((folder / "products").glob("*.yml"))]
    for path, data, lines in products:
        _check_requires(pack, data.get("requires", []), path, lines, ())

    c_data, c_lines = load_pack(c_path, CLAIMS_SCHEMA)
    file = c_path.name
    health = c_data["health-content"]
    pack.health_terms = frozenset(_concept_group("|".join(health["terms"])))
    pack.min_health_terms = health["min-terms"]
    pack.min_health_terms_promotional = health.get("min-terms-promotional", pack.min_health_terms)
    sections: list[tuple[str, tuple[str, ...]]] = [
        ("hedge", ("hedges",)), ("promo", ("promotional",)), ("continuation", ("continuation",)),
        ("disease", ("diseases",)), ("frame:approval", ("frames", "approval")), ("frame:use", ("frames", "use"))]
    for key, part in sections:
        texts: Any = c_data
        for name in part:
            texts = texts.get(name, [])
        pack.add(key, texts, c_path, c_lines, part, file)
    for kind in LABEL_CLAIMS:
        entry = c_data["label-claims"][kind]
        where: tuple[object, ...] = ("label-claims", kind)
        _check_requires(pack, entry["requires"], c_path, c_lines, where)
        pack.label_claims[kind] = ClaimType(kind, entry["rule"], entry["label"], tuple(entry["requires"]),
                                            always=bool(entry.get("always")),
                                            origin=Origin(file, c_lines.get(where, 1), kind))
    for i, entry in enumerate(c_data["claims"]):
        where = ("claims", i)
        if entry["id"] in pack.claims:
            raise PackError(c_path, c_lines.get(where, 1), f"claim type {entry['id']!r} is defined twice")
        _check_requires(pack, entry["requires"], c_path, c_lines, where)
        pack.claims[entry["id"]] = ClaimType(entry["id"], entry["rule"], entry["label"], tuple(entry["requires"]),
                                             bool(entry.get("context")),
                                             origin=Origin(file, c_lines.get(where, 1), entry["id"]))
        for key, field_name in (("claim", "patterns"), ("claim-weak", "weak-patterns"), ("claim-unless", "unless"),
                                ("claim-context", "context")):
            pack.add(f"{key}:{entry['id']}", entry.get(field_name, []), c_path, c_lines, where + (field_name,), file)
    return pack


def default_pack() -> MedicalPack:
    return load_medical_pack(rules_dir() / "medical")


# --- one sentence: what the packs match in it --------------------------------------------

Match = tuple[int, int, Origin]  # token indexes into the sentence, and the pack entry


@dataclass
class _Sentence:
    """One sentence of a prose block, and what the packs' patterns matched in it."""

    block: Block
    block_index: int
    tokens: list[Token]
    lemmas: list[str] = field(default_factory=list)
    words: set[str] = field(default_factory=set)  # lemmas and lower-case forms
    matches: dict[str, list[Match]] = field(default_factory=dict)
    scopes: list[tuple[int, int]] = field(default_factory=list)  # negated or hedged token ranges
    products: list[str] = field(default_factory=list)  # product ids named, first named first
    labelled: bool = False  # whether the label phrasings have run (only near a product)
    reading: detect.Reading | None = None  # the open-vocabulary cues and the model's score
    verdict: str | None = None  # why the open reading calls it a claim ("" when it does not); see _verdict
    kind: str | None = None  # the kind of product the sentence is about (detect.NOT_DRUGS, ...)
    paragraph_kinds: frozenset[str] = frozenset()  # the kinds of product its paragraph names
    paragraph_names: frozenset[str] = frozenset()  # the product words it names, bar general ones

    def has(self, key: str) -> list[Match]:
        return self.matches.get(key, [])

    def keys(self, prefix: str) -> Iterator[tuple[str, list[Match]]]:
        return ((k, v) for k, v in self.matches.items() if k.startswith(prefix))

    @property
    def reports(self) -> bool:
        """Whether the sentence reports or denies a claim rather than making it ("companies that
        claim to cure", "little evidence to support"): then no phrasing in it is a claim either."""
        return self.reading is not None and any(self.reading.features.get(k) for k in detect.REPORTING)

    def asserted(self, match: Match) -> bool:
        """Whether a match stands outside every negated or hedged part of the sentence."""
        return not any(s < match[0] < e for s, e in self.scopes)

    def cite(self, match: Match, role: str) -> str:
        """A match, for explanations: `claims.yml:42 'shown|showed promise…' matched 'shown promise in' (role)`."""
        origin = match[2]
        text = origin.text if len(origin.text) <= 40 else origin.text[:39] + "…"
        words = " ".join(t.text for t in self.tokens[match[0]:match[1]])
        return f"{origin.file}:{origin.line} '{text}' matched '{words}' ({role})"

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        first, last = self.tokens[start], self.tokens[end - 1]
        return first.idx, last.idx + len(last.text)


class _Spans:
    """Token spans, for asking whether a span overlaps any of them in logarithmic time: a
    sentence can hold thousands of matches (a run-on line of pasted keywords)."""

    def __init__(self, spans: Iterable[tuple[int, int] | Match | tuple[int, int, Origin]]) -> None:
        ordered = sorted((span[0], span[1]) for span in spans)
        self.starts = [s for s, _ in ordered]
        self.reach = list(itertools.accumulate((e for _, e in ordered), max))  # furthest end so far

    def overlaps(self, span: tuple[int, int] | Match) -> bool:
        i = bisect.bisect_left(self.starts, span[1])  # the spans starting before this one ends
        return i > 0 and self.reach[i - 1] > span[0]


def _sentence(block: Block, index: int, sent: Span) -> _Sentence:
    tokens = list(sent)
    lemmas = [_token_lemma(t.text, t.lemma_) or t.lower_ for t in tokens]
    return _Sentence(block, index, tokens, lemmas, set(lemmas) | {t.lower_ for t in tokens})


def _annotate(sentence: _Sentence, pack: MedicalPack) -> None:
    """Run the packs' patterns and disclaimer concepts over one sentence."""
    tokens, words = sentence.tokens, sentence.words
    for disclaimer in pack.disclaimers.values():
        if any(all(group & words for group in concept) for concept in disclaimer.concepts):
            origin = disclaimer.origin or Origin("disclaimers.yml", 1, disclaimer.id)
            sentence.matches.setdefault(f"disclaimer:{disclaimer.id}", []).append((0, len(tokens), origin))
    _run(sentence, pack.phrasings)
    if not any(k.startswith(("claim:", "claim-weak:", "product:")) for k in sentence.matches) and not (
            sentence.reading and sentence.reading.candidate):
        return
    _run(sentence, pack.claim_phrasings)
    # A negation or hedge covers the rest of its clause.
    for start, _, _ in sentence.has("hedge"):
        end = next((i for i in range(start + 1, len(tokens)) if tokens[i].lower_ in _SCOPE_END), len(tokens))
        sentence.scopes.append((start, end))
    named = []
    for key, found in sentence.keys("product:"):
        product_id = key.split(":", 1)[1]
        unless = _Spans(sentence.has(f"product-unless:{product_id}"))
        starts = [s for s, e, _ in found if not unless.overlaps((s, e))]
        if starts:
            named.append((min(starts), product_id))
    sentence.products = [p for _, p in sorted(named)]


def _run(sentence: _Sentence, phrasings: _Phrasings) -> None:
    """Run phrasings over a sentence: only those whose anchor it holds (a set lookup is far
    cheaper than a matcher)."""
    from spacy.tokens import Doc

    tokens, words, block = sentence.tokens, sentence.words, sentence.block
    ldoc: Doc | None = None
    for _, key, matcher, origin in phrasings.candidates(words):
        if ldoc is None:
            ldoc = Doc(_vocab(), words=[t.text for t in tokens], spaces=[bool(t.whitespace_) for t in tokens],
                       lemmas=sentence.lemmas)
        for _, start, end in matcher(ldoc):
            if not block.is_masked(tokens[start].idx, tokens[end - 1].idx + len(tokens[end - 1])):
                sentence.matches.setdefault(key, []).append((start, end, origin))


# --- claims --------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Part:
    """One claim a sentence makes: its type, token span, and the pack entries behind it."""

    claim_type: ClaimType
    start: int
    end: int
    origins: tuple[str, ...]
    note: str = ""
    subjects: tuple[str, ...] = ()  # for label claims: the uses or names the note is about


@dataclass(frozen=True)
class Claim:
    rule: str
    claim_type: ClaimType
    start: int  # source offsets of the quoted claim
    end: int
    quote: str
    missing: tuple[Disclaimer, ...]
    note: str = ""
    explain: str = ""
    required: tuple[Disclaimer, ...] = ()
    types: tuple[str, ...] = ()  # every claim type of the sentence

    @property
    def reported(self) -> bool:
        return bool(self.missing) or self.claim_type.always

    @property
    def message(self) -> str:
        text = f"{self.claim_type.label} '{self.quote}'"
        if self.missing:
            text += f" requires: {'; '.join(_wanted(d) for d in self.missing)}"
        if self.note:
            text += f" — {self.note}" if self.missing else f": {self.note}"
        return text


def _wanted(disclaimer: Disclaimer) -> str:
    return disclaimer.short + {"anywhere": "", "same-section": " (in the same section)",
                               "near-end": " (near the end)"}[disclaimer.placement]


def _generic_parts(sentence: _Sentence, pack: MedicalPack, weak: bool) -> list[_Part]:
    """The claims of claims.yml in a sentence, neither negated, hedged nor excepted."""
    parts: list[_Part] = []
    if sentence.reports:
        return parts
    for claim_type in pack.claims.values():
        found = sentence.has(f"claim:{claim_type.id}") + (sentence.has(f"claim-weak:{claim_type.id}") if weak else [])
        if not found:
            continue  # (most sentences: and the checks below cost more than this look-up)
        unless = _Spans(sentence.has(f"claim-unless:{claim_type.id}"))
        found = [m for m in found if not unless.overlaps(m) and sentence.asserted(m)]
        if claim_type.has_context and not any(sentence.asserted(m)
                                               for m in sentence.has(f"claim-context:{claim_type.id}")):
            continue
        parts += [_Part(claim_type, m[0], m[1], (sentence.cite(m, f"type {claim_type.id}"),)) for m in found]
    return parts


def _frames(sentence: _Sentence) -> list[tuple[int, int, str, Match]]:
    """Asserted phrasings that tie a product to a condition: (start, end, 'approval'|'use', match).
    An approval phrasing keeps the words it covers ("approved ... for the treatment of")."""
    approval = [m for m in sentence.has("frame:approval") if sentence.asserted(m)]
    covered = _Spans(approval)
    use = [m for m in sentence.has("frame:use") if sentence.asserted(m) and not covered.overlaps(m)]
    # (Sorted by position and kind only: two phrasings can match the same words, and their pack
    # entries have no order.)
    return sorted([(m[0], m[1], "approval", m) for m in approval] + [(m[0], m[1], "use", m) for m in use],
                  key=lambda f: f[:3])


def _label_parts(sentence: _Sentence, product: Product, pack: MedicalPack, qualified: set[str]) -> list[_Part]:
    """Claims that a product treats a condition it is not approved for, or that its approval is
    broader than its label. `qualified`: approved uses the paragraph names precisely, so that
    their broader names ("headaches" after "chronic migraine") are not overstatements."""
    specific: list[tuple[int, int, Use, Origin, str]] = []
    for key, found in itertools.chain(sentence.keys(f"approved:{product.id}:"),
                                      sentence.keys(f"unapproved:{product.id}:")):
        use = product.uses[key.rsplit(":", 1)[1]]
        specific += [(s, e, use, o, "approved" if use.approved else "unapproved") for s, e, o in found]
    spans = _Spans((s, e) for s, e, _, _, _ in specific)
    hits = [h for h in specific if not h[2].approved]
    for key, found in sentence.keys(f"broader:{product.id}:"):
        use = product.uses[key.rsplit(":", 1)[1]]
        if use.id not in qualified:
            hits += [(s, e, use, o, "broader") for s, e, o in found if not spans.overlaps((s, e))]
    if product.disease_claims_forbidden:
        hits += [(s, e, Use("disease", " ".join(t.text for t in sentence.tokens[s:e]), False, o), o, "disease")
                 for s, e, o in sentence.has("disease") if not spans.overlaps((s, e))]
    frames = _frames(sentence)
    parts: list[_Part] = []
    if not frames or sentence.reports:
        return parts
    seen: set[str] = set()
    for start, end, use, origin, status in sorted(hits, key=lambda h: h[0]):
        if use.id in seen or not sentence.asserted((start, end, origin)):
            continue
        before = [f for f in frames if f[1] <= start]
        frame = before[-1] if before else next(f for f in frames)
        seen.add(use.id)
        term = " ".join(t.text for t in sentence.tokens[start:end])
        if frame[2] == "approval" and status == "broader":
            kind, note = "overbroad-approval", f"{product.label} is approved only for {use.use}"
        elif frame[2] == "approval":
            kind = "overbroad-approval"
            note = (product.note if not product.has_approved_use
                    else f"{use.use} is not an approved use of {product.label}")
        elif product.disease_claims_forbidden and status in ("unapproved", "disease"):
            kind, note = "disease-claim", f"'{term}' is a disease, and {product.note}"
        elif status == "unapproved":
            kind, note = "off-label", f"{use.use} is not an approved use of {product.label}"
        else:
            kind, note = "overbroad-use", f"'{term}' is broader than the approved use: {use.use}"
        role = {"broader": f"broader name for approved use {use.id}", "unapproved": f"not-approved use {use.id}",
                "disease": "disease"}.get(status, status)
        origins = (sentence.cite(frame[3], f"frame {frame[2]}"), sentence.cite((start, end, origin), role))
        parts.append(_Part(pack.label_claims[kind], min(frame[0], start), max(frame[1], end), origins, note,
                           (use.use, product.label) if status == "unapproved" else ()))
    if not parts and not product.has_approved_use:
        # "FDA-approved" said of a product the FDA approves for nothing.
        approval = [f for f in frames if f[2] == "approval"]
        if approval:
            frame = approval[0]
            parts.append(_Part(pack.label_claims["overbroad-approval"], frame[0], frame[1],
                               (sentence.cite(frame[3], "frame approval"),), product.note))
    return parts


def _merge(parts: list[_Part]) -> list[_Part]:
    """Label parts of one kind in a sentence become one part that names every condition."""
    merged: dict[str, _Part] = {}
    for part in parts:
        kind = part.claim_type.id
        if kind in merged:
            old = merged[kind]
            note = f"{old.note}; {part.note}"
            subjects = old.subjects[:-1] + part.subjects if old.subjects and part.subjects else ()
            if subjects:  # "TMJ disorders, bruxism are not approved uses of Botox"
                note = f"{', '.join(subjects[:-1])} are not approved uses of {subjects[-1]}"
            merged[kind] = _Part(old.claim_type, min(old.start, part.start), max(old.end, part.end),
                                 old.origins + part.origins, note, subjects)
        else:
            merged[kind] = part
    return list(merged.values())


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
    return sentence.char_span(start, max(last, end))


@dataclass
class _Article:
    """What a whole article says, for the decisions that need more than one sentence."""

    sentences: list[_Sentence]
    promotional: bool
    main_product: str | None
    present: dict[str, list[tuple[int, int, int]]]  # disclaimer id -> (block, section, offset)
    closing: set[int]


_HEALTH_KINDS = (detect.NOT_DRUGS - {"product"}) | {"drug"}


def _health_content(sentences: list[_Sentence], pack: MedicalPack) -> dict[int, bool]:
    """Claims are health claims only in health content ("zero-downtime upgrades" and "a
    revolutionary workflow" are not): the article must name a product or use several health
    words (fewer in promotional copy), and the section of a claim at least one. Returns
    section -> is health content."""
    sections: dict[int, set[str]] = {}
    # A product of a kind that is sold for health (a supplement, CBD, a cosmetic, a drug) counts
    # as a named product.
    named = any(p.group in _HEALTH_KINDS for s in sentences if s.reading for p in s.reading.products)
    promotional = any(s.asserted(m) for s in sentences for m in s.has("promo"))
    wanted = pack.min_health_terms_promotional if promotional else pack.min_health_terms
    for sentence in sentences:
        words = sentence.words & pack.health_terms
        named = named or bool(sentence.products)
        sections.setdefault(sentence.block.section, set()).update(words | set(sentence.products))
    # A sentence the detector reads as a claim makes its section health content: one with an
    # effect on a health outcome by itself, one with a property only ("clinically proven") in an
    # article with at least one health word.
    terms = len(set().union(*sections.values()))
    detected = {s.block.section for s in sentences if s.reading and _detected(s)
                and (s.reading.pairs or terms >= pack.min_health_terms_promotional)}
    if not named and not detected and terms < wanted:
        return {}
    return {section: bool(words) or section in detected for section, words in sections.items()}


def _meta_blocks(doc: Document) -> list[Block]:
    """The title, the meta description and the alt text of images (alt text of three words or
    more): search results and shop listings show them first, and claims in them count. A title
    that repeats a heading is left to the heading."""
    headings = {h.text.strip().lower() for h in doc.headings}
    return [b for b in doc.meta_blocks() if not (b.kind == "title" and b.text.strip().lower() in headings)
            and (b.kind != "alt" or len(b.text.split()) >= 3)]


def read_article(blocks: list[Block], ctx: Context, pack: MedicalPack) -> list[_Sentence]:
    """Every sentence of the prose blocks, with what the packs match in it and the detector's reading."""
    sentences = [_sentence(block, index, sent) for index, block in enumerate(blocks)
                 for sent in ctx.spacy_doc(block).sents]
    read(sentences)
    # Products are matched before the health gate, so that a named product counts.
    for sentence in sentences:
        _annotate(sentence, pack)
    return sentences


def read(sentences: list[_Sentence]) -> None:
    """The open-vocabulary reading of every sentence (detect.py), in the article's context: the
    kind of product a sentence is about is the one it names, else the one its paragraph names,
    else the article's main kind."""
    model = detect.model()
    readings = [detect.read_sentence(s.tokens, s.lemmas, s.block.kind) for s in sentences]
    signals = detect.article_signals([(r, s.lemmas, s.block.kind) for r, s in zip(readings, sentences, strict=True)])
    paragraph_kind: dict[int, str] = {}
    named: dict[int, set[str]] = {}
    words: dict[int, set[str]] = {}
    for sentence, reading in zip(sentences, readings, strict=True):
        named.setdefault(id(sentence.block), set()).update(p.group for p in reading.products)
        words.setdefault(id(sentence.block), set()).update(
            p.key.lower() for p in reading.products if p.key.lower() not in detect.GENERAL_PRODUCT_WORDS)
        if reading.products and id(sentence.block) not in paragraph_kind:
            paragraph_kind[id(sentence.block)] = detect.main_group(reading.products)
    for sentence, reading in zip(sentences, readings, strict=True):
        sentence.reading = reading
        sentence.paragraph_kinds = frozenset(named[id(sentence.block)])
        sentence.paragraph_names = frozenset(words[id(sentence.block)])
        sentence.kind = (detect.main_group(reading.products) if reading.products
                         else paragraph_kind.get(id(sentence.block), signals.main_kind))
        detect.add_context(reading, signals, sentence.kind)
        reading.score = model.score(reading.features) if reading.candidate else 0.0


def _is_question(sentence: _Sentence) -> bool:
    # The reading asked detect.asks already (every sentence is read before the packs run).
    return bool(sentence.reading and sentence.reading.features.get("question"))


def may_claim(sentence: _Sentence) -> bool:
    """Whether a sentence can be a claim at all, before the model scores it: it has cues, is no
    question, and asserts at least one of its cues."""
    reading = sentence.reading
    if not reading or not reading.candidate or _is_question(sentence) or detect.not_asserted(reading):
        return False
    if any(key.startswith("disclaimer:") for key in sentence.matches):
        return False  # "not intended to diagnose, treat, cure or prevent any disease" answers claims
    f = reading.features
    if f.get("product:drug") and sentence.kind == "drug" and not sentence.products and not any(
            f.get(k) for k in ("we", "you", "promo")):
        # What drugs in general do ("ACE inhibitors slow kidney disease") is information; claims
        # about a named approved drug are the product packs' to judge.
        return False
    # Every cue inside a negation or hedge of claims.yml ("ask your doctor whether ... is safe"):
    # nothing is asserted.
    cues = [e for e, _ in reading.pairs] + [c for c in reading.cues if c.group in detect.PROPERTIES]
    return any(sentence.asserted((c.start, c.end, _NO_ORIGIN)) for c in cues[:32])


def _verdict(sentence: _Sentence) -> str:
    """Why the open reading calls a sentence a claim: "model" when the model's score reaches
    the threshold, else the fixed shape it has (detect.plain_claim), else "". Asked by the
    health gate and by the claim itself, so worked out once."""
    if sentence.verdict is None:
        reading = sentence.reading
        sentence.verdict = "" if reading is None or not may_claim(sentence) else (
            "model" if reading.score >= detect.model().threshold else detect.plain_claim(reading))
    return sentence.verdict


def _detected(sentence: _Sentence) -> bool:
    return bool(_verdict(sentence))


_NO_ORIGIN = Origin("claim-words.yml", 1, "")


_KIND_NAMES = {"supplement": "dietary supplements", "cbd": "CBD products", "cosmetic": "cosmetics",
               "essential-oil": "essential oils", "homeopathic": "homeopathic products",
               "iv-therapy": "IV vitamin therapies", "stem-cell": "stem cell and exosome products", "food": "foods",
               "product": "products that are not approved drugs"}


def _detected_parts(sentence: _Sentence, pack: MedicalPack) -> list[_Part]:
    """The claims the open vocabularies and the model find in a sentence, by type."""
    if not _detected(sentence):
        return []
    reading = sentence.reading
    assert reading is not None
    model = detect.model()
    groups = reading.groups()
    kind = sentence.kind
    not_drug = kind in detect.NOT_DRUGS
    parts: list[_Part] = []
    verdict = _verdict(sentence)
    why = (f"model {reading.score:.3f} >= {model.threshold:.3f} ({', '.join(model.reasons(reading.features))})"
           if verdict == "model" else f"{verdict} (model {reading.score:.3f} < {model.threshold:.3f})")
    why += f"; product kind {kind}" if kind else ""

    def part(type_id: str, cues: list[detect.Cue], note: str = "") -> None:
        claim_type = pack.label_claims.get(type_id) or pack.claims[type_id]
        # The exceptions claims.yml writes for a claim type ("approved in 2002", "there is no
        # cure") hold for the open reading too.
        unless = _Spans(sentence.has(f"claim-unless:{type_id}"))
        if any(unless.overlaps((c.start, c.end)) for c in cues):
            return
        cited = tuple(f"claim-words '{c.key}' matched '{' '.join(t.text for t in sentence.tokens[c.start:c.end])}' "
                      f"({c.group})" for c in cues)
        parts.append(_Part(claim_type, min(c.start for c in cues), max(c.end for c in cues), cited + (why,), note))

    disease = [(e, o) for e, o in reading.pairs if o.group == "condition" and e.group in ("cure", "relieve", "treatment", "link")]
    if disease and not_drug:
        e, o = disease[0]
        part("disease-claim", [e, o], f"'{o.key}' is a condition, and {_KIND_NAMES.get(kind or '', kind)} may not "
                                      "claim to treat, cure or prevent one (no disclaimer makes it lawful)")
    elif disease:
        cures = [(e, o) for e, o in disease if e.key.lower() in detect.CURE_WORDS]
        if cures:
            e, o = cures[0]
            part("cure-claim", [e, o], "no disclaimer makes a claim to cure a condition lawful")
        else:
            part("treatment", list(disease[0]))
    body = [(e, o) for e, o in reading.pairs if (e, o) not in disease]
    if body:
        e, o = body[0]
        if o.group == "function" and kind in ("supplement", "cbd"):
            part("supplement-structure-function", [e, o])
        elif o.group == "look" or e.group == "appearance":
            part("efficacy", [e, o])
        else:
            part("treatment", [e, o])
    by_group = {g: [c for c in reading.cues if c.group == g] for g in groups}
    if "approval" in groups:
        if not_drug:
            part("overbroad-approval", by_group["approval"][:1],
                 f"nothing of its kind ({kind}) is approved by the FDA")
        else:
            part("regulatory-approval", by_group["approval"][:1])
    if "safety" in groups:
        part("safety-comfort", by_group["safety"][:1])
    if "duration" in groups:
        part("duration", by_group["duration"][:1])
    if "efficacy" in groups or "comparison" in groups:
        part("efficacy", (by_group.get("comparison") or by_group["efficacy"])[:1])
    if "testimonial" in groups and {"i", "my", "me"} & {t.lower_ for t in sentence.tokens}:
        part("testimonial-results", by_group["testimonial"][:1])
    return parts


def analyse(doc: Document, ctx: Context, pack: MedicalPack) -> list[Claim]:
    """Every claim sentence of the article, with the disclaimers it misses (maybe none)."""
    blocks = _meta_blocks(doc) + [b for b in doc.prose_blocks() if b.text.strip()]
    sentences = read_article(blocks, ctx, pack)
    health = _health_content(sentences, pack)
    if not health:
        return []
    counts: dict[str, int] = {}
    for sentence in sentences:
        for product_id in sentence.products:
            counts[product_id] = counts.get(product_id, 0) + 1
    brands = {p: n for p, n in counts.items() if not pack.products[p].category}
    main = max(brands or counts, key=lambda p: (brands or counts)[p], default=None)
    # Some phrasings ("can relieve symptoms", "safe and effective") are claims in promotional
    # copy but plain information in consumer-health text.
    promotional = any(_generic_parts(s, pack, weak=False) for s in sentences) or any(
        s.asserted(m) for s in sentences for m in s.has("promo"))
    article = _Article(sentences, promotional, main, _disclaimer_places(doc, sentences, pack),
                       set(range(len(blocks) - max(NEAR_END_MIN_BLOCKS, math.ceil(len(blocks) / 4)), len(blocks))))
    label_parts = [_sentence_label_parts(i, article, pack) for i in range(len(sentences))]
    article.promotional = promotional or any(
        parts and not pack.products[product].category for parts, product in label_parts if product)
    named_products = {id(s.block) for s in sentences if s.products}  # paragraphs that name a pack's product
    claims: list[Claim] = []
    previous: tuple[int, Claim] | None = None  # the claim of the sentence just before, by index
    for i, sentence in enumerate(sentences):
        if not health.get(sentence.block.section):
            continue
        parts, sentence_product = label_parts[i]
        weak = article.promotional or any(not pack.products[p].category for p in sentence.products)
        parts = _merge(parts) + _generic_parts(sentence, pack, weak)
        # The open-vocabulary reading finds the claims the packs' phrasings do not know; where a
        # phrasing matched, its finding (with the pack entry behind it) stands alone.
        # A disease or cure claim the reading finds is added to them, since no disclaimer
        # answers it ("supports immunity and kills viruses").
        detected = _detected_parts(sentence, pack)
        found = {p.claim_type.rule for p in parts}
        parts = parts + [p for p in detected if p.claim_type.always and p.claim_type.rule not in found] if parts \
            else detected
        if not parts or _is_question(sentence):
            continue
        if (previous and previous[0] == i - 1 and sentence.block is sentences[i - 1].block
                and not label_parts[i][0] and any(sentence.asserted(m) for m in sentence.has("continuation"))):
            # "... for patients with these conditions": the same claim, carried on.
            claim = previous[1]
            claims[-1] = Claim(claim.rule, claim.claim_type, claim.start, claim.end, claim.quote, claim.missing,
                               claim.note, f"{claim.explain}; continued by the next sentence", claim.required,
                               claim.types)
            previous = (i, claims[-1])
            continue
        # The article's main product is what a paragraph that names no other product is about;
        # a paragraph on IV drips or on lasers in a Botox article is not about Botox.
        if not sentence_product and not sentence.paragraph_kinds & detect.NOT_DRUGS and not (
                sentence.paragraph_names and id(sentence.block) not in named_products):
            sentence_product = article.main_product
        claim = _claim(sentence, parts, sentence_product, article, pack, doc)
        claims.append(claim)
        previous = (i, claim)
    return claims


def _sentence_label_parts(index: int, article: _Article, pack: MedicalPack) -> tuple[list[_Part], str | None]:
    """The label claims of one sentence, about the product it names, or else the product the
    paragraph named before it; and that product."""
    sentence = article.sentences[index]
    candidates = list(sentence.products)
    if not candidates:
        for earlier in reversed(article.sentences[:index]):
            if earlier.block is not sentence.block:
                break
            # A brand carries over to the sentences after it ("It also..."); a kind of product
            # ("supplements") is too general to.
            brands = [p for p in earlier.products if not pack.products[p].category]
            if brands:
                candidates = brands
                break
    if not candidates:
        return [], None
    for other in article.sentences:
        if other.block is sentence.block and not other.labelled:
            _run(other, pack.label_phrasings)
            other.labelled = True
    # Of several products named together, the one whose approved use the sentence names.
    candidates.sort(key=lambda p: not any(True for _ in sentence.keys(f"approved:{p}:")))
    qualified = {key.rsplit(":", 1)[1] for p in candidates for s in article.sentences
                 if s.block is sentence.block for key, _ in s.keys(f"approved:{p}:")}
    product = pack.products[candidates[0]]
    parts = _label_parts(sentence, product, pack, qualified)
    if product.category and not article.promotional:
        # "Calcium supplements can help prevent osteoporosis" is consumer-health information;
        # "FDA-approved supplement" is untrue wherever it stands.
        parts = [p for p in parts if p.claim_type.id == "overbroad-approval"]
    return parts, product.id


def _claim(sentence: _Sentence, parts: list[_Part], product_id: str | None, article: _Article,
           pack: MedicalPack, doc: Document) -> Claim:
    """One finding's worth: the sentence's most serious claim, and what all its claims miss."""
    product = pack.products[product_id] if product_id else None
    required: list[str] = []
    for part in parts:
        required += [r for r in part.claim_type.requires if r not in required]
    required += [r for r in (product.requires if product else ()) if r not in required]
    status: dict[str, str] = {}
    missing: list[Disclaimer] = []
    for disclaimer_id in required:
        disclaimer = pack.disclaimers[disclaimer_id]
        place = _placed(disclaimer, article.present.get(disclaimer_id, []), sentence, article.closing)
        if place is None:
            missing.append(disclaimer)
            status[disclaimer_id] = "missing"
        else:
            status[disclaimer_id] = f"present, line {doc.position(place)[0]}"

    def unmet(part: _Part) -> bool:
        needs = part.claim_type.requires + (product.requires if product else ())
        return part.claim_type.always or any(status[r] == "missing" for r in needs)

    # A claim no disclaimer makes right (a cure, a disease claim, an untrue approval) leads.
    ranked = sorted(parts, key=lambda p: (not unmet(p), not p.claim_type.always, PRIORITY.index(p.claim_type.rule)))
    primary = ranked[0]
    same = [p for p in parts if p.claim_type.rule == primary.claim_type.rule]
    start, end = min(p.start for p in same), max(p.end for p in same)
    for part in parts:  # claims that overlap the quoted one are part of its quote
        if part.start < end and start < part.end:
            start, end = min(start, part.start), max(end, part.end)
    char_start, char_end = _quote(sentence, start, end)
    source_start, source_end = sentence.block.source_span(char_start, char_end)
    notes = "; ".join(dict.fromkeys(p.note for p in parts if p.note))
    explain = "; ".join(dict.fromkeys(o for p in parts for o in p.origins))
    if product:
        explain += f"; product {product.file} ({product.label})"
        named = [sentence.cite(m, f"approved use {key.rsplit(':', 1)[1]}")
                 for key, found in sentence.keys(f"approved:{product.id}:") for m in found]
        if named:
            explain += "; " + "; ".join(dict.fromkeys(named))
    if required:
        explain += "; requires " + ", ".join(f"{r} ({status[r]})" for r in required)
    if primary.claim_type.always:
        explain += f"; no disclaimer answers a {primary.claim_type.label.lower()}: reword or remove it"
    types = tuple(dict.fromkeys(p.claim_type.id for p in ranked))
    return Claim(primary.claim_type.rule, primary.claim_type, source_start, source_end,
                 " ".join(sentence.block.text[char_start:char_end].split()), tuple(missing), notes, explain,
                 tuple(pack.disclaimers[r] for r in required), types)


def find_claims(doc: Document, ctx: Context, pack: MedicalPack) -> list[Claim]:
    """The claims of the article that its findings report: those missing a disclaimer, and
    those no disclaimer can make right."""
    return [c for c in analyse(doc, ctx, pack) if c.reported]


def _placed(disclaimer: Disclaimer, places: list[tuple[int, int, int]], sentence: _Sentence,
            closing: set[int]) -> int | None:
    """The source offset of a place where a disclaimer satisfies its placement rule, if any."""
    for index, section, offset in places:
        if disclaimer.placement == "same-section" and section != sentence.block.section:
            continue
        if disclaimer.placement == "near-end" and index not in closing:
            continue
        return offset
    return None


def _disclaimer_places(doc: Document, sentences: list[_Sentence],
                       pack: MedicalPack) -> dict[str, list[tuple[int, int, int]]]:
    """Where each disclaimer stands: (block index, section, source offset) of each sentence."""
    places: dict[str, list[tuple[int, int, int]]] = {}
    for sentence in sentences:
        for disclaimer_id in pack.disclaimers:
            found = sentence.has(f"disclaimer:{disclaimer_id}")
            unless = _Spans(sentence.has(f"disclaimer-unless:{disclaimer_id}"))
            if any(not unless.overlaps(m) for m in found):
                offset = sentence.block.source_span(sentence.tokens[0].idx, sentence.tokens[0].idx + 1)[0]
                places.setdefault(disclaimer_id, []).append((sentence.block_index, sentence.block.section, offset))
    return places


def claims_of(doc: Document, ctx: Context) -> list[Claim]:
    """The document's reported claims, analysed once for all the MED rules."""
    return ctx.memo("medical.claims", lambda: find_claims(doc, ctx, default_pack()))


def describe(pack: MedicalPack, code: str) -> str:
    """The packs' entries behind one rule, for `contentqa rule CODE`."""
    lines = []
    kinds = [c for c in pack.claims.values() if c.rule == code] + [
        c for c in pack.label_claims.values() if c.rule == code]
    for kind in kinds:
        needs = ", ".join(kind.requires) or "nothing; always reported"
        where = f"{kind.origin.file}:{kind.origin.line}" if kind.origin else "claims.yml"
        lines.append(f"- {kind.label} ({kind.id}, {where}): requires {needs}")
    if any(k.id in LABEL_CLAIMS for k in kinds) or code in ("MED002", "MED005"):
        for product in pack.products.values():
            approved = [u.id for u in product.uses.values() if u.approved]
            extra = f"; every claim also requires {', '.join(product.requires)}" if product.requires else ""
            lines.append(f"- product {product.label} (products/{Path(product.file).name}): "
                         f"approved uses {len(approved)}, "
                         f"not-approved uses {len(product.uses) - len(approved)}{extra}")
    if not lines:
        return ""
    return "Packs (rules/medical/)\n" + "\n".join(lines)


# --- the rules ---------------------------------------------------------------------------

class _ClaimRule(Rule):
    """Reports the claims of the kinds that `claims.yml` assigns to this rule's code."""

    category = "medical"

    @property
    def docs(self) -> str:
        text = inspect.cleandoc(type(self).__doc__ or self.summary)
        try:
            packs = describe(default_pack(), self.code)
        except PackError as exc:
            packs = f"Packs (rules/medical/)\nThe packs cannot be loaded: {exc}"
        return f"{text}\n\n{packs}" if packs else text

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for claim in claims_of(doc, ctx):
            if claim.rule == self.code:
                finding = self.finding(claim.start, claim.end, claim.message)
                finding.extra.update({
                    "explain": claim.explain,
                    "claim-types": list(claim.types),
                    "requires": [d.short for d in claim.required],
                    "missing": [_wanted(d) for d in claim.missing],
                    # False for claims no disclaimer makes right (cures, disease claims, untrue approvals)
                    "answerable": not claim.claim_type.always,
                })
                yield finding


class TreatmentClaim(_ClaimRule):
    """What it does
    Finds claims that a product or procedure treats, cures, relieves or eliminates a condition
    ("Botox can provide relief", "from treating eye muscle disorders to relieving TMJ") in an
    article that lacks the disclaimers such claims need: a recommendation to consult a
    healthcare professional, and a statement that the article is not medical advice.
    Claim phrasings and required disclaimers are in `rules/medical/claims.yml`; neutral or
    hedged descriptions ("is used to treat", "may help relieve") are not claims. A product of
    `rules/medical/products/` said to treat a condition named more broadly than its approved use
    ("Botox ... to treat migraines, excessive sweating") is a treatment claim too, and the
    message names the approved use.

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
    side effects, or that individual experiences vary. A claim about a product whose pack
    requires more (Botox's boxed warning on the distant spread of toxin effect) needs that too.

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
    With the product packs (`rules/medical/products/*.yml`) it also finds a named product tied
    to a use it is not approved for ("relieving TMJ disorders and bruxism, Botox offers...").
    Negated and hedged uses ("is not approved for", "ask your doctor whether") are not claims.

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


class OverbroadApprovalClaim(_ClaimRule):
    """What it does
    Finds approval claims broader than the product's label: a product of
    `rules/medical/products/*.yml` said to be approved for a condition it is not approved for,
    for a broader name of an approved use ("approved by the FDA for the treatment of excessive
    sweating", when the approval covers severe underarm sweating only), or said to be approved
    at all when nothing of its kind is (dietary supplements, over-the-counter CBD). The message
    quotes the approved use; no disclaimer makes such a claim right.

    Why it matters
    Stretching an approval to a wider use is misbranding: readers take the wider use as
    approved, and regulators cite it as false or misleading promotion.

    Example
    Botox has been approved by the FDA for the treatment of excessive sweating.

    Use instead
    Botox is FDA-approved to treat severe underarm sweating that topical products do not
    control, in adults.
    """

    code = "MED009"
    name = "overbroad-approval-claim"
    severity = "error"
    summary = "Approval claim broader than the product's approved uses"


class DiseaseClaim(_ClaimRule):
    """What it does
    Finds disease claims for products that may not make them: a dietary supplement or an
    over-the-counter CBD product said to treat, cure, prevent or relieve a disease ("this
    supplement cures arthritis", "CBD oil relieves anxiety"). Which products and which
    diseases are listed in `rules/medical/products/*.yml` (`disease-claims: forbidden`) and in
    `claims.yml` (`diseases`). No disclaimer makes such a claim right.

    Why it matters
    Under DSHEA a supplement may make structure/function claims, with the FDA statement, but a
    claim to diagnose, treat, cure, mitigate or prevent a disease makes it an unapproved drug;
    the FDA and FTC send warning letters for exactly these claims, CBD products first.

    Example
    Our turmeric supplement relieves arthritis pain and prevents heart disease.

    Use instead
    Our turmeric supplement supports joint comfort.* (*These statements have not been evaluated
    by the Food and Drug Administration. This product is not intended to diagnose, treat, cure,
    or prevent any disease.)
    """

    code = "MED010"
    name = "disease-claim-for-unapproved-product"
    severity = "error"
    summary = "Disease claim for a supplement or CBD product, which may not make one"
