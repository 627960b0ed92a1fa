"""Claims in open wording: which sentences assert that what an article offers has a health or
appearance effect, or a property regulators restrict.

The phrasings of claims.yml find the claims a compliance editor has written down; real copy says
the same things in endless other ways ("this oil shrinks tumours", "your immunity shield",
"you'll never need glasses again"). Here a sentence is first read for cues from open
vocabularies (claim-words.yml and the ICD-10-CM derived vocab/conditions.txt): effects ("kill",
"boost", "melt"), outcomes (conditions, body functions, appearance) and restricted properties
("no side effects", "FDA registered", "lasts a lifetime"). A sentence with such cues is a
candidate; whether it is a claim, and not health information ("metformin lowers blood sugar" in
an NIH answer) or a report of someone else's claim, is decided by a linear model over the cues
and the signals around them: assertion (negation, question, condition, reported speech,
citations), who speaks (a regulator or study, "we", "you", "I") and what kind of article and
product it is. The model's weights (model/claims.json) are trained by
benchmarks/train_claim_model.py on real claims from FDA and FTC letters and real neutral health
prose; every finding still names the words that made it a claim.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...registry import rules_dir

if TYPE_CHECKING:
    from spacy.tokens import Token

# Cue groups. Effects tie to outcomes; properties are claims by themselves.
EFFECTS = ("cure", "relieve", "treatment", "support", "appearance")
OUTCOMES = ("condition", "function", "look")
PROPERTIES = ("approval", "safety", "duration", "efficacy", "comparison", "testimonial")
# Kinds of product whose makers may not claim to treat a disease: no disclaimer makes such a
# claim lawful (FD&C Act 201(g); DSHEA allows structure/function claims only).
NOT_DRUGS = frozenset({"supplement", "cbd", "cosmetic", "essential-oil", "homeopathic", "iv-therapy",
                       "stem-cell", "food", "product"})
# Product words that name no product in particular: "the procedure", "each session" in a
# Botox article are about Botox; "lasers" or "a cream" are not.
GENERAL_PRODUCT_WORDS = frozenset({"procedure", "procedures", "surgery", "injection", "injections", "session",
                                   "sessions", "treatment", "treatments", "product", "products", "device",
                                   "machine", "item", "kit", "pack", "packs", "bundle", "adjustment",
                                   "adjustments", "facial", "medication", "medications", "medicine",
                                   "prescription", "drug", "drugs"})
# How far (in tokens) an effect may stand from the outcome it acts on.
PAIR_WINDOW = 10
MAX_PAIRS = 64

# Questions without their question mark: reference pages title their answers "What causes gout",
# "Is Botox safe" (but "How to prevent colds" and "When the pain is bad, ..." ask nothing).
_WH = frozenset({"how", "what", "why", "who", "which", "where"})
_AUX = frozenset({"is", "are", "does", "do", "can", "will", "should"})
_LINKS = frozenset({"for", "against", "vs", "vs.", "versus"})
# Signals around the cues, as lemma sets; each is one model feature.
_NEGATION = frozenset({"not", "n't", "never", "no", "cannot", "nor", "neither", "without"})
_CONDITIONAL = frozenset({"if", "whether", "unless", "would"})
_HEDGE = frozenset({"may", "might", "could", "possibly", "potentially", "perhaps"})
_ABILITY = frozenset({"can", "will"})
# Words that report or doubt another's claim, as written: "promising" and "the market" report nothing.
_REPORTED = frozenset({"claim", "claims", "claimed", "claiming", "allege", "alleged", "allegedly", "purport",
                       "purported", "purportedly", "advertised", "marketed", "promised", "promises", "touted", "so-called",
                       "warn", "warned", "warns", "warning", "warnings", "beware", "scam", "scams", "fraud",
                       "fraudulent", "bogus", "misleading", "unproven", "unsubstantiated", "false", "deceptive",
                       "myth", "myths", "rumor", "rumors", "rumour", "rumours"})
_AUTHORITY = frozenset({"fda", "ftc", "cdc", "nih", "who", "agency", "government", "researcher", "scientist",
                        "study", "studies", "trial", "research", "review", "evidence", "expert", "investigator",
                        "author", "report", "survey", "data", "analysis", "experiment"})
_EDUCATION = frozenset({"include", "such", "example", "usually", "often", "typically", "generally",
                        "sometimes", "common", "commonly", "most", "some", "many", "people", "person",
                        "patient", "doctor", "provider", "physician", "diagnose", "diagnosis", "symptom",
                        "cause", "risk", "depend", "recommend", "option", "type", "called", "know"})
# Subjects of health information: people in general, doctors, kinds of treatment.
_GENERIC_SUBJECT = frozenset({"people", "patient", "patients", "person", "adult", "adults", "child", "children",
                              "doctor", "doctors", "provider", "providers", "surgeon", "treatment", "treatments",
                              "surgery", "medicine", "medicines", "medication", "medications", "therapy",
                              "you", "a", "an", "if", "when", "after", "during", "in", "for", "symptom", "symptoms"})
_PEOPLE = frozenset({"people", "patient", "patients", "adult", "adults", "child", "children", "person"})
# Words of reference pages about people and their care ("people with diabetes", "your doctor",
# "symptoms include").
_REFERENCE = frozenset({"people", "patient", "patients", "doctor", "provider", "physician", "symptom",
                        "diagnose", "diagnosis", "risk", "cause", "causes", "include"})
# "is supposed to help", "is thought to prevent": what others expect, not what the page asserts.
_HEARSAY = re.compile(r"\b(supposed|said|thought|believed|claimed|rumou?red|reputed|alleged) to\b|"
                      r"\b(notion|belief|theory|idea) that\b")
# "has been associated with anti-inflammatory effects": what studies observed, told by a page.
_ASSOCIATED = re.compile(r"\b(been|is|are|was|were) (\S+ )?(associated|linked) with\b")
# "works by blocking nerve signals": how something works, not what it does for the reader.
# "There is little evidence to support ...", "not enough evidence that ...": the claim is denied.
_NO_EVIDENCE = re.compile(r"\b(no|little|limited|insufficient|inconclusive|conflicting|weak|mixed|not enough|not "
                          r"sufficient|lack of|lacks|lacking)( \S+){0,3} (evidence|proof|data|research|studies|information)"
                          r"( \S+){0,2} (to support|to show|that|for|showing|supporting)\b")
# "has been promoted for COVID-19", "is marketed as a cure": someone else's claim, reported.
_PROMOTED = re.compile(r"\b(been|is|are|was|were|being) (\S+ )?(promoted|marketed|touted|advertised|sold|hyped|"
                       r"billed|pitched) (for|as|to)\b")
_MECHANISM = re.compile(r"\b(works?|acts?|worked|acted|functions?) by\b")
_USED = re.compile(r"\b(is|are|be|been|was|were|being) (also |commonly |often |sometimes |mainly |mostly )?used\b")
# How products are regulated, which is what regulators' pages talk about ("all stem cell products
# require FDA approval"), and what sellers rarely say.
_REGULATORY = frozenset({"regulate", "regulated", "regulation", "regulations", "regulatory", "premarket",
                         "requirement", "requirements", "require", "requires", "law", "laws", "act", "guidance",
                         "enforcement", "oversight", "jurisdiction", "label", "labeling", "labelling", "prescribe",
                         "prescription", "approve", "approves"})
# "Research shows ...", "a study found ...": a study's result, told.
_STUDY = re.compile(r"\b(research|study|studies|trial|trials|evidence|review|data)( \S+){0,3} "
                    r"(show|shows|showed|shown|find|finds|found|suggest|suggests|suggested|indicate|indicates)\b")
_WE = frozenset({"we", "our", "us", "ours"})
_YOU = frozenset({"you", "your", "yours", "yourself"})
_I = frozenset({"i", "my", "me", "myself"})
_IMPERATIVE = frozenset({"try", "get", "buy", "order", "say", "experience", "discover", "enjoy", "feel", "look",
                         "give", "reclaim", "unlock", "shop", "start", "take", "use", "boost", "support",
                         "fight", "protect", "stop", "see", "join", "book", "call", "ask", "grab", "add"})
_CITATION = re.compile(r"\bet al\b|\(\s*(19|20)\d\d\s*\)|\bjournal\b|\bdoi\b|\bpubmed\b", re.IGNORECASE)
# Words of selling: a shop's or a clinic's page, not a reference page. (Not "free", "now", "call",
# "review", "data": education and software pages say them as often.)
_PROMO = frozenset({"buy", "order", "shop", "price", "sale", "discount", "shipping", "subscribe", "cart",
                    "checkout", "appointment", "consultation", "customer", "testimonial", "guarantee",
                    "money-back", "serving", "bottle", "$", "£", "€", "coupon", "promo", "clinic", "spa"})


@dataclass(frozen=True)
class Cue:
    """A word or phrase of the open vocabularies found in a sentence: token span and group."""

    group: str  # an effect, an outcome kind or a property
    start: int
    end: int
    key: str  # the vocabulary entry, as written in claim-words.yml (or the conditions file)


@dataclass
class Vocabulary:
    """Phrases by their first word's lemma: (lemmas of the phrase, group, entry)."""

    index: dict[str, list[tuple[tuple[str, ...], str, str]]] = field(default_factory=dict)
    products: dict[str, list[tuple[tuple[str, ...], str, str]]] = field(default_factory=dict)

    def add(self, lemmas: tuple[str, ...], group: str, entry: str, products: bool = False) -> None:
        if lemmas:
            (self.products if products else self.index).setdefault(lemmas[0], []).append((lemmas, group, entry))


def _read_list(path: Path) -> list[str]:
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [s for line in lines if (s := line.strip()) and not s.startswith("#")]


@lru_cache(maxsize=4)
def vocabulary(folder: Path | None = None) -> Vocabulary:
    """The claim vocabularies of `rules/medical/`, tokenized the way sentences are. Tokenizing
    thirty thousand entries takes most of a second, so the result is kept in the tables folder
    (contentqa/tables.py), keyed by the files it comes from."""
    from ... import tables

    folder = folder or rules_dir() / "medical"
    sources = [folder / "claim-words.yml", folder / "vocab" / "conditions.txt", folder / "vocab" / "drugs.txt",
               Path(__file__)]
    built = tables.load("claim-vocabulary", sources, lambda: _build_vocabulary(folder))
    vocab = Vocabulary()
    for name, target in (("index", vocab.index), ("products", vocab.products)):
        for first, phrases in built[name].items():
            target[first] = [(tuple(lemmas), group, entry) for lemmas, group, entry in phrases]
    return vocab


def _build_vocabulary(folder: Path) -> dict[str, Any]:
    """The vocabularies as plain lists and dicts (what `marshal` stores)."""
    import yaml

    from ...nlp import pipeline
    from . import _token_lemma

    data: dict[str, Any] = yaml.safe_load((folder / "claim-words.yml").read_text(encoding="utf-8"))
    tokenizer: Any = pipeline(None).tokenizer
    vocab = Vocabulary()
    seen: set[tuple[tuple[str, ...], str]] = set()

    def add(entries: Iterable[str], group: str, products: bool = False, lemmatized: bool = False,
            as_written: bool = False) -> None:
        as_written = as_written or products
        entries = [str(e) for e in entries]
        for entry, doc in zip(entries, tokenizer.pipe(e.lower() for e in entries), strict=True):
            # Product names and properties are matched as written (a "serving" is not what
            # "serves" means), effects and outcomes in any form. The derived lists hold lemmas already, and a
            # lemma of a lemma can be another word ("wound" -> "wind").
            lemmas = tuple(t.lower_ if as_written or lemmatized else _token_lemma(t.text, "") for t in doc)
            # An entry is often a lemma already, and the lemma of a lemma can be another word
            # ("lower" -> "low", while "lowers" -> "lower"): the entry as written is kept too.
            for form in {lemmas, tuple(t.lower_ for t in doc)}:
                if (form, group) not in seen:
                    seen.add((form, group))
                    vocab.add(form, group, entry, products)

    for group in EFFECTS:
        add(data["effects"][group], group)
    add(data["conditions"], "condition")
    add(_read_list(folder / "vocab" / "conditions.txt"), "condition", lemmatized=True)
    add(data["functions"], "function")
    add(data["appearance"], "look")
    # Properties as written, each form listed: "clearer" is a claim, "cleared" is not.
    for group in PROPERTIES:
        add(data["properties"][group], group, as_written=True)
    for kind, names in data["products"].items():
        add(names, kind, products=True)
    # Approved drugs by name: what a sentence says of metformin is information, not a claim of
    # something that may not make one.
    add(_read_list(folder / "vocab" / "drugs.txt"), "drug", products=True)
    return {"index": {k: [list(p) for p in v] for k, v in vocab.index.items()},
            "products": {k: [list(p) for p in v] for k, v in vocab.products.items()}}


def _find(index: dict[str, list[tuple[tuple[str, ...], str, str]]], lemmas: list[str],
          lowers: list[str]) -> list[Cue]:
    """Every vocabulary phrase in a sentence; of phrases of one group that start at one word,
    the longest. (Every sentence of every article comes here, so the common case, a word that
    starts no phrase, costs two dictionary look-ups.)"""
    cues: list[Cue] = []
    size = len(lemmas)
    for i, lemma in enumerate(lemmas):
        lower = lowers[i]
        by_lemma = index.get(lemma)
        by_form = index.get(lower) if lower != lemma else None
        if not by_lemma and not by_form:
            continue
        best: dict[str, Cue] = {}
        for entries in (by_lemma, by_form):
            for phrase, group, entry in entries or ():
                n = len(phrase)
                if n > 1 and (i + n > size or not all(
                        phrase[k] == lemmas[i + k] or phrase[k] == lowers[i + k] for k in range(1, n))):
                    continue
                if group not in best or best[group].end - best[group].start < n:
                    best[group] = Cue(group, i, i + n, entry)
        cues.extend(best.values())
    return cues


@dataclass
class Reading:
    """What the detector saw in one sentence."""

    cues: list[Cue]
    products: list[Cue]
    pairs: list[tuple[Cue, Cue]]  # (effect, outcome) pairs near each other
    features: dict[str, float]
    score: float = 0.0  # the model's probability that the sentence is a claim
    article_sentences: int = 0

    @property
    def candidate(self) -> bool:
        return bool(self.pairs) or any(c.group in PROPERTIES for c in self.cues)

    def groups(self) -> set[str]:
        return {c.group for c in self.cues}


@dataclass
class ArticleSignals:
    """What the whole article says about itself: how promotional it is, what it sells."""

    promo: int = 0  # sentences with a word of selling or "we"/"our"
    sentences: int = 0
    kinds: dict[str, int] = field(default_factory=dict)  # product kind -> mentions
    education: int = 0  # sections headed like a health reference ("Symptoms", "Causes", ...)
    questions: int = 0  # sentences that ask ("What causes gout?"): reference pages are Q&A
    people: int = 0  # sentences about people in general, their doctors and their symptoms

    @property
    def main_kind(self) -> str | None:
        ranked = sorted(self.kinds.items(), key=lambda kv: -kv[1])
        return ranked[0][0] if ranked else None


_EDU_HEADINGS = frozenset({"symptom", "cause", "diagnosis", "treatment", "outlook", "prevention", "overview",
                           "what", "how", "who", "when", "risk", "complication", "research", "summary"})


def _pairs(effects: list[Cue], outcomes: list[Cue]) -> list[tuple[Cue, Cue]]:
    """(effect, outcome) pairs near each other: the outcome up to PAIR_WINDOW words after the
    effect ("kills ... viruses") or just before it ("joint pain relief"). Found by bisection and
    capped, since a run-on line of pasted keywords can hold thousands of each."""
    starts = [o.start for o in outcomes]  # _find yields cues in token order
    pairs: list[tuple[Cue, Cue]] = []
    for e in effects:
        lo = bisect.bisect_left(starts, e.start - 8)
        for o in outcomes[lo:bisect.bisect_right(starts, e.end + PAIR_WINDOW)]:
            if (e.end <= o.start and o.start - e.end <= PAIR_WINDOW) or (o.end <= e.start and e.start - o.end <= 4):
                pairs.append((e, o))
                if len(pairs) >= MAX_PAIRS:
                    return pairs
    return pairs


def read_sentence(tokens: list[Token], lemmas: list[str], block_kind: str) -> Reading:
    """The cues of one sentence and its own (not the article's) signals."""
    vocab = vocabulary()
    lowers = [t.lower_ for t in tokens]
    cues = _find(vocab.index, lemmas, lowers)
    products = _find(vocab.products, lowers, lowers)
    effects = [c for c in cues if c.group in EFFECTS]
    outcomes = [c for c in cues if c.group in OUTCOMES]
    # A treatment noun names a treatment of a condition ("Herpes Treatment"); "Stem Cell
    # Therapy" or "Skin Treatment" is only the name of a service.
    pairs = [(e, o) for e, o in _pairs(effects, outcomes) if e.group != "treatment" or o.group == "condition"]
    # "antiviral", "anti-inflammatory": the outcome is inside the word.
    pairs += [(e, Cue("condition", e.start, e.end, e.key)) for e in effects
              if e.group == "cure" and e.key.lower().startswith("anti") and len(pairs) < MAX_PAIRS]
    # "CBD for anxiety", "elderberry vs. coronavirus", "protection against flu": a product tied
    # to a condition by a preposition alone, when the sentence names the product.
    if products and main_group(products) in NOT_DRUGS and len(pairs) < MAX_PAIRS:
        for o in outcomes:
            if o.group == "condition" and o.start > 0 and lowers[o.start - 1] in _LINKS and len(pairs) < MAX_PAIRS:
                pairs.append((Cue("link", o.start - 1, o.start, lowers[o.start - 1]), o))
    f: dict[str, float] = {"bias": 1.0}
    if asks(lowers, block_kind):
        f["question"] = 1.0
    reading = Reading(cues, products, pairs, f)
    if not reading.candidate:
        return reading  # the article's signals need no more of it
    words = set(lemmas) | set(lowers)
    for cue in cues:
        f[f"group:{cue.group}"] = 1.0
        # Each effect and property word has its own weight; outcomes do not, since a list of
        # thousands of conditions would learn the topics of the training pages, not claims.
        if cue.group not in OUTCOMES:
            f[f"cue:{cue.group}:{cue.key.lower()}"] = 1.0
    for effect, outcome in pairs:
        f[f"pair:{effect.group}:{outcome.group}"] = 1.0
        f[f"pair-effect:{effect.key.lower()}"] = 1.0
    if pairs:
        f["pair"] = 1.0
    first = min((c.start for c in cues), default=len(tokens))
    before = set(lemmas[:first])
    text = " ".join(lowers)

    def negates(j: int) -> bool:  # ("not only ... but also" negates nothing)
        return lemmas[j] in _NEGATION and lowers[j + 1:j + 2] != ["only"]

    if pairs and any(negates(j) for e, _ in pairs for j in range(max(0, e.start - 4), e.start)):
        f["negated-effect"] = 1.0
    # "not painless", "not approved": a property in a negation's reach (but "no side effects"
    # is itself the claim, its negation inside the phrase).
    if any(negates(j) for c in cues if c.group in PROPERTIES for j in range(max(0, c.start - 3), c.start)):
        f["negated-property"] = 1.0
    # "if it relieves your pain", "whether CBD is safe": the first claim word inside a condition's
    # clause. (A condition elsewhere, "take it early if you feel symptoms", asserts the claim.)
    asserted = [c.start for c in cues if c.group in EFFECTS or c.group in PROPERTIES]
    if asserted and any(lowers[j] in _CONDITIONAL and not {",", ";", ":"} & set(lowers[j:min(asserted)])
                        for j in range(min(asserted))):
        f["conditional"] = 1.0
    head = lemmas[:3]
    # "Some people have found relief ...", "Many patients": what happens to people in general.
    if set(head[:2]) & _PEOPLE and (
            head[0] in {"some", "many", "most", "few", "people", "patient", "patients"}):
        f["people-subject"] = 1.0
    if head and (head[0] in _GENERIC_SUBJECT or (len(head) > 1 and head[0] in {"some", "many", "most", "these"})):
        f["generic-subject"] = 1.0
    if tokens and (tokens[0].lower_ in {"it", "this", "these", "our", "its"} or any(p.start == 0 for p in products)):
        f["product-subject"] = 1.0
    if words & {"need", "should", "must", "recommend", "advise"}:
        f["advice"] = 1.0
    # Who acts: the words before the first effect, back to a clause boundary. A claim's subject
    # is what is offered ("CBD", "this oil", "it", "our formula"); information's is people,
    # doctors or treatment in general.
    if effects:
        e0 = min(c.start for c in effects)
        clause = next((j + 1 for j in range(e0 - 1, -1, -1) if lowers[j] in {",", ";", ":", "(", "—", "–"}), 0)
        subject_lemmas = set(lemmas[clause:e0])
        own = [p for p in products if clause <= p.start < e0]
        if own:
            f["subject:product"] = 1.0
            f[f"subject:{'not-drug' if main_group(own) in NOT_DRUGS else 'drug-or-procedure'}"] = 1.0
        if subject_lemmas & {"it", "this", "these", "they", "our", "its", "we", "formula", "product", "blend"}:
            f["subject:offer"] = 1.0
        if subject_lemmas & _GENERIC_SUBJECT - {"a", "an", "if", "when", "after", "during", "in", "for", "you"}:
            f["subject:generic"] = 1.0
        if subject_lemmas & _PEOPLE and subject_lemmas & {"some", "many", "most", "few"}:
            f["people-subject"] = 1.0
        if subject_lemmas & _AUTHORITY:
            f["subject:authority"] = 1.0
        # "stem cells destroyed by the cancer treatment": the named thing undergoes the effect.
        if any(lowers[j] in {"is", "are", "was", "were", "be", "been", "being", "get", "gets"}
               for j in range(max(clause, e0 - 2), e0)) or (e0 + 1 < len(lowers) and lowers[e0 + 1] == "by"):
            f["passive"] = 1.0
        # "reduced the risk", "was shown to": a study's result or history, told in the past.
        if lowers[e0].endswith("ed") and lemmas[e0] != lowers[e0]:
            f["past-effect"] = 1.0
        if e0 == clause:
            f["subject:none"] = 1.0  # a headline or bullet: "Joint pain relief", "Kills 99% of germs"
    if words & _NEGATION:
        f["negation"] = 1.0
    if words & _CONDITIONAL:
        f["conditional-sentence"] = 1.0
    for name, lexicon in (("hedge", _HEDGE), ("ability", _ABILITY),
                          ("education", _EDUCATION), ("we", _WE), ("you", _YOU),
                          ("i", _I), ("promo", _PROMO)):
        if words & lexicon:
            f[name] = 1.0
    if set(lowers) & _REPORTED:
        f["reported"] = 1.0
    if before & _AUTHORITY:
        f["authority-subject"] = 1.0
    if words & _REFERENCE:
        f["reference"] = 1.0
    if _HEARSAY.search(text) or _PROMOTED.search(text):
        f["reported"] = 1.0
    if set(lowers) & _REGULATORY:
        f["regulatory"] = 1.0
    if _STUDY.search(text):
        f["study-report"] = 1.0
    if _ASSOCIATED.search(text):
        f["associated"] = 1.0
    if _NO_EVIDENCE.search(text):
        f["no-evidence"] = 1.0
    if _MECHANISM.search(text):
        f["mechanism"] = 1.0
    if _USED.search(text):
        f["used-to"] = 1.0
    if _CITATION.search(" ".join(t.text for t in tokens)):
        f["citation"] = 1.0
    if tokens and tokens[0].lower_ in _IMPERATIVE:
        f["imperative"] = 1.0
    if "!" in lowers:
        f["exclamation"] = 1.0
    if any(t.like_num for t in tokens) or "%" in lowers:
        f["number"] = 1.0
    if products:
        f["product-named"] = 1.0
        for p in products:
            f[f"product:{p.group}"] = 1.0
    f[f"block:{block_kind}"] = 1.0
    # The words themselves, but not what the sentence is about (conditions, products): the
    # register of selling ("amazing", "naturally", "your") against that of reference pages
    # ("include", "occur", "diagnose"). Only words common across sources get a weight.
    topic = {j for c in cues if c.group in OUTCOMES for j in range(c.start, c.end)}
    topic.update(j for p in products for j in range(p.start, p.end))
    for j, lemma in enumerate(lemmas):
        if j not in topic and lemma.isalpha():
            f[f"w:{lemma}"] = 1.0
    words_n = sum(1 for t in tokens if not t.is_punct)
    f["short"] = 1.0 if words_n <= 6 else 0.0
    f["long"] = 1.0 if words_n >= 30 else 0.0
    return reading


def asks(lowers: list[str], block_kind: str) -> bool:
    """Whether a sentence asks, and so asserts nothing ("Is Botox FDA-approved?"). "How can
    colloidal silver help fight COVID-19?" and "Did you know ...?" take the claim for granted:
    they are no questions here."""
    head = lowers[1:4] if lowers[:1] in (["so"], ["and"], ["but"], ["now"]) else lowers[:3]
    if head[:2] in (["how", "can"], ["how", "does"], ["how", "do"], ["how", "will"]) or head == ["did", "you", "know"]:
        return False
    if "?" in lowers[-2:]:
        return True
    if not head or head[:2] == ["how", "to"]:
        return False
    return head[0] in _WH or (head[0] in _AUX and block_kind == "heading")


def main_group(products: list[Cue]) -> str:
    """Of the product words of a sentence, the kind that says most: a product that is not a drug,
    then a drug or a procedure, then what is used with them (a cream, a laser)."""
    order = ("cbd", "supplement", "essential-oil", "homeopathic", "stem-cell", "iv-therapy", "drug", "procedure",
             "cosmetic", "device", "product")
    return min((p.group for p in products), key=lambda g: order.index(g) if g in order else len(order))


def article_signals(readings: list[tuple[Reading, list[str], str]]) -> ArticleSignals:
    """(reading, lemmas, block kind) of every sentence -> the article's signals."""
    signals = ArticleSignals()
    for reading, lemmas, kind in readings:
        signals.sentences += 1
        signals.promo += bool(set(lemmas) & (_PROMO | _WE))
        for p in reading.products:
            signals.kinds[p.group] = signals.kinds.get(p.group, 0) + 1
        if kind == "heading" and set(lemmas) & _EDU_HEADINGS:
            signals.education += 1
        signals.questions += bool(reading.features.get("question"))
        signals.people += bool(set(lemmas) & _REFERENCE)
    return signals


def add_context(reading: Reading, article: ArticleSignals, kind: str | None) -> None:
    """The article's signals, as features of one sentence."""
    f = reading.features
    reading.article_sentences = article.sentences
    # A share, not a count: long pages must not look more (or less) promotional for their length.
    f["article-promo"] = article.promo / max(article.sentences, 1)
    if article.education:
        f["article-education"] = 1.0
    # Shares of the other sentences, so that a sentence does not count its own words twice.
    others = max(article.sentences - 1, 1)
    own_question, own_people = f.get("question", 0.0), float("reference" in f)
    f["article-questions"] = max(article.questions - own_question, 0) / others
    f["article-people"] = max(article.people - own_people, 0) / others
    if kind:
        f[f"kind:{kind}"] = 1.0
        if kind in NOT_DRUGS:
            f["kind-not-drug"] = 1.0
            if reading.pairs:
                f["pair-not-drug"] = 1.0


# Signals that a sentence does not assert what its cues say: whatever the model's score, such
# a sentence is not a claim ("does not cure", "is not painless", "if it relieves", "companies
# that claim to cure").
_NOT_ASSERTED = ("negated-effect", "negated-property", "conditional", "reported", "question", "people-subject",
                 "no-evidence")


# Of those, the signals that the sentence reports or denies someone else's claim.
REPORTING = ("reported", "no-evidence")


def not_asserted(reading: Reading) -> bool:
    f = reading.features
    # "Botox is used to treat chronic migraine" states an approved use; said of a supplement
    # ("colloidal silver is used to treat infections") it is the claim itself.
    return any(f.get(k) for k in _NOT_ASSERTED) or bool(f.get("used-to") and not f.get("kind-not-drug"))


# Signals of information rather than promotion, in the sentence or in the article around it.
_INFORMATIVE = ("subject:generic", "subject:authority", "authority-subject", "passive", "past-effect", "used-to",
                "citation", "article-education")


# The strongest cure words: a claim with one of these about a condition is a cure claim, which
# no disclaimer makes lawful.
CURE_WORDS = frozenset({"cure", "heal", "reverse", "eliminate", "eradicate", "kill", "destroy", "cure-all",
                        "wipe out", "get rid of", "conquer", "defeat", "beat"})


def plain_claim(reading: Reading) -> str:
    """A claim whatever the model's score: a cure word tied to a condition ("cures acne",
    "kills viruses"), a cure or relief word tied to a condition about a named kind of
    product that may not make disease claims ("relieves arthritis pain" of a supplement), an
    approval said of what the page offers, or a customer's story of an outcome, in an
    article that reads as no health reference does (no questions and answers, little about
    people in general and their doctors), with nothing in the sentence that reports or
    explains. The model is trained to be quiet on reference pages, where most such sentences
    are information; these shapes are claims wherever they are asserted on a page that sells.
    Returns the shape found, or ""."""
    f = reading.features
    # (A share of a handful of sentences says little: a short ad with its disclaimers talks of doctors too.)
    reference = f.get("article-people", 0.0) > 0.25 and reading.article_sentences >= 8
    if f.get("article-questions") or reference or any(f.get(k) for k in _INFORMATIVE):
        return ""
    groups = reading.groups()
    # "Our product is FDA certified", "it is FDA-approved": an approval the page gives what it offers.
    if "approval" in groups and (f.get("subject:product") or f.get("subject:offer") or f.get("product-subject")
                                 or f.get("we")):
        return "an approval said of what the page offers"
    # "I took two capsules and had no joint pain": a customer's story of an outcome.
    if f.get("i") and "condition" in groups and groups & (set(EFFECTS) | {"testimonial"}):
        return "a customer's story of an outcome"
    for effect, outcome in reading.pairs:
        if outcome.group != "condition":
            continue
        if effect.key.lower() in CURE_WORDS and not f.get("kind:drug"):
            return "a cure word tied to a condition"
        if effect.group in ("cure", "relieve") and f.get("kind-not-drug") and not f.get("kind:product"):
            return "a condition treated by a kind of product that may not claim to"
    return ""


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    threshold: float

    def score(self, features: dict[str, float]) -> float:
        z = sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def reasons(self, features: dict[str, float], n: int = 3) -> list[str]:
        """The features that pushed the score up most."""
        ranked = sorted(((self.weights.get(k, 0.0) * v, k) for k, v in features.items() if k != "bias"),
                        reverse=True)
        return [k for w, k in ranked[:n] if w > 0]


@lru_cache(maxsize=4)
def model(path: Path | None = None) -> Model:
    path = path or rules_dir() / "medical" / "model" / "claims.json"
    if not path.is_file():  # before a model is trained: cues alone, with a high bar
        return Model({"bias": -2.0, "pair": 2.5}, 0.5)
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model({str(k): float(v) for k, v in data["weights"].items()}, float(data["threshold"]))
