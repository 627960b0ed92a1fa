#!/usr/bin/env python3
"""Build the medical target vocabularies in rules/medical/vocab/ (development time only).

Writes one lower-case entry a line, after `# ` header lines:

  conditions.txt  conditions, diseases, symptoms and pathogens, from the titles, inclusion
                  terms and NOS-marked includes items of ICD-10-CM (CDC/NCHS, April 2026
                  release, US public domain) as shipped by simple-icd-10-cm 1.5.0 (MIT)
  drugs.txt       drug and active-ingredient names, generic and brand, from the dictionary of
                  drug-named-entity-recognition 2.0.9 (MIT), kept for drugs with a DrugBank open
                  data (CC0), MedlinePlus or NHS record

Entries are lemmas: every word is looked up in spaCy's English lookup table
(spacy-lookups-data 1.0.5, the table `contentqa.lexicon.lemmas()` reads), so the linter can
match a text's word lemmas against them; "learning disorder" is stored as "learn disorder".
How common a word is in general English comes from wordfreq 3.1.1, as in the linter.

The linter reads only the text files and never imports these packages. To rebuild, from the
repository root, in a scratch venv (not the project's own):

    python3 -m venv /tmp/vocabenv
    /tmp/vocabenv/bin/pip install simple-icd-10-cm==1.5.0 drug-named-entity-recognition==2.0.9 \\
        wordfreq==3.1.1 spacy-lookups-data==1.0.5
    /tmp/vocabenv/bin/python scripts/build_medical_vocab.py

It also writes rules/medical/vocab/README.md. `--explain TERM...` prints the source strings an
entry came from instead of writing the files.
"""

from __future__ import annotations

import argparse
import bz2
import gzip
import json
import pickle
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from importlib import metadata, resources
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "rules" / "medical" / "vocab"
COMMAND = "/tmp/vocabenv/bin/python scripts/build_medical_vocab.py"
PINNED = {"simple-icd-10-cm": "1.5.0", "drug-named-entity-recognition": "2.0.9",
          "wordfreq": "3.1.1", "spacy-lookups-data": "1.0.5"}

# --- word facts, as the linter has them --------------------------------------------------------

_lemmas: dict[str, str] = {}


def lemma(word: str) -> str:
    if not _lemmas:
        path = resources.files("spacy_lookups_data") / "data" / "en_lemma_lookup.json.gz"
        with gzip.open(str(path), "rt", encoding="utf-8") as fh:
            _lemmas.update(json.load(fh))
    return _lemmas.get(word, word)


def lemma_phrase(phrase: str) -> str:
    return " ".join(lemma(w) for w in phrase.split())


def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def commonest(word: str) -> float:
    """Zipf frequency of the word or of its lemma, whichever is higher ("piles" -> "pile")."""
    return max(zipf(word), zipf(lemma(word)))


# --- conditions from ICD-10-CM ------------------------------------------------------------------

# External causes (V-Y) and encounters, status and history (Z) are circumstances, not conditions.
SKIPPED_CHAPTERS = set("VWXYZ")
# Coma-scale answers ("Obeys commands") are coded as findings but name no condition; T36-T65
# are poisonings and toxic effects whose titles name the substance ("Cocaine", "Gasoline").
SKIPPED_CODE_PREFIXES = ("R40.2",) + tuple(f"T{n}" for n in range(36, 66))
CODE_REF = re.compile(r"\b([A-Z])\d[0-9A-Z](?:\.[0-9A-Z]{0,4})?-?")

# A single word this common in general English ("cold", "fall", "contact") is more often not
# about health in ordinary text...
COMMON_ZIPF = 4.0
# ...except these, which a health text means medically. This only exempts a word from the
# frequency cut: each must still come from ICD-10-CM.
MEDICAL_COMMON = {
    "pain", "cancer", "disease", "infection", "injury", "diabetes", "depression", "anxiety",
    "stroke", "fever", "bleeding", "hiv", "dementia", "pneumonia", "seizure", "inflammation",
    "allergy", "illness", "disorder", "syndrome", "addiction", "pregnancy", "asthma", "obesity",
    "autism", "tumor", "headache", "cough", "flu", "fracture",
}
# A single word that reads as an adjective modifies a name ("rectal", "depressive").
ADJECTIVE_ENDING = re.compile(r"(?:al|ic|ive|ous|ary|ular)$")
NOUNS_LIKE_ADJECTIVES = {"colic", "tic"}
# Rare enough, but in ordinary text mostly another thing: a verb ("boil", "plague", "flush"),
# a thing ("worm", "thrush", "clawfoot" tub, "chignon"), a tech or finance word ("deletion",
# "instability", "clutter"), a mood or trait rather than a diagnosis ("loneliness"), an
# identity ("transgender"), or anatomy ("uterus", "malleus"). Their phrases stay.
NOT_CONDITIONS_ALONE = {
    "boil", "plague", "felon", "flush", "sigh", "twitch", "clutter", "deletion", "duplication",
    "instability", "worm", "thrush", "immersion", "chignon", "fluor", "malleus", "ganglion",
    "uterus", "cloaca", "denticles", "hostility", "loneliness", "unhappiness", "nervousness",
    "impulsiveness", "overactivity", "greyness", "transgender", "faint", "blackout", "exfoliation",
    "corrosion", "obliteration", "obstruction", "anomaly", "calculus", "clawfoot", "yaw", "lisp",
}
# Words of unknown frequency are spelling variants and rare eponyms nobody writes in a health
# article; a phrase's words must all be this common at least.
RARE_SINGLE_ZIPF = 1.0
RARE_PHRASE_WORD_ZIPF = 2.0
MAX_WORDS = 4

# Coding qualifiers are dropped from a phrase, which keeps its other words ("other acne",
# "acne, unspecified" -> "acne"): laterality, coding housekeeping, encounter words, severity.
QUALIFIERS = {
    "unspecified", "other", "specified", "nos", "nec", "left", "right", "bilateral", "unilateral",
    "initial", "subsequent", "sequela", "sequelae", "encounter", "encounters", "laterality", "site",
    "sites", "certain", "acquired", "congenital", "elsewhere", "classified", "classifiable", "unknown", "undetermined", "intent", "intentional", "accidental", "unintentional",
    "mild", "moderate", "severe", "severity", "status", "history", "personal", "family", "usually",
}
# Dropping one of these changes what is named ("single ventricle", "prolonged first stage"):
# what is left is kept only if it is a name somewhere else too.
CONTENT_QUALIFIERS = {
    "episode", "episodes", "part", "parts", "multiple", "single", "stage", "grade", "degree", "first",
    "second", "third", "fourth", "fifth", "trimester", "week", "weeks", "days", "hours", "minutes", "level", "levels",
    "any", "all", "both", "each", "one", "two", "three", "four", "more", "less", "same",
}
# Acronyms are mostly tests and rare syndromes, or ordinary words ("PAPA", "ALPS", "TACO");
# these few name a condition or pathogen people write about.
KEPT_ACRONYMS = {"hiv", "hpv", "dvt", "covid-19"}
# A phrase with one of these is an instruction, a circumstance or care, not a condition's name.
ADMINISTRATIVE = {
    "code", "codes", "category", "categories", "condition", "conditions", "complication",
    "complications", "manifestation", "manifestations", "finding", "findings", "result", "results",
    "effect", "effects", "admission", "examination", "screening", "observation", "procedure",
    "procedures", "surgery", "surgical", "operation", "treatment", "therapy", "care", "counseling",
    "supervision", "problem", "problems", "underdosing", "place", "activity", "circumstance",
    "newborn", "fetus", "mother", "maternal", "pregnant", "delivery", "labor", "puerperium",
    "childbirth", "device", "implant", "graft", "prosthesis", "prosthetic", "catheter", "stent",
    "insertion", "removal", "malfunction", "displacement", "breakdown", "leakage", "foreign",
    "object", "contact", "exposure", "absence", "presence", "described", "describe", "smear",
}
# A phrase must name a condition, not only a body part or a circumstance: it needs a word that
# is a condition on its own (an accepted single word), one of these heads, or a condition suffix.
CONDITION_HEADS = {
    "disease", "disorder", "syndrome", "infection", "deficiency", "injury", "pain", "failure",
    "insufficiency", "defect", "lesion", "cyst", "ulcer", "tumor", "cancer", "neoplasm", "fever",
    "poisoning", "allergy", "inflammation", "hemorrhage", "dysfunction", "degeneration", "abscess",
    "hernia", "palsy", "paralysis", "fracture", "tear", "sprain", "dislocation", "subluxation",
    "wound", "infestation", "reaction", "attack", "delay", "stenosis", "sickness", "loss",
    "disturbance", "abnormality", "anomaly", "malformation", "deformity", "atrophy", "obstruction",
    "occlusion", "thrombosis", "embolism", "infarction", "aneurysm", "fistula", "polyp", "stone",
    "calculus", "edema", "effusion", "bite", "sting", "burn", "contusion", "laceration", "rupture",
    "perforation", "necrosis", "gangrene", "dependence", "abuse", "addiction", "intoxication",
    "withdrawal", "impairment", "blindness", "deafness", "weakness", "spasm", "cramp", "tremor",
    "seizure", "shock", "arrest", "rash", "swell", "nodule", "lump", "virus", "bacterium",
    "fibrillation", "flutter", "prolapse", "regurgitation", "detachment", "tenderness", "crisis",
    "reflux", "intolerance", "infertility", "wart", "collapse", "congestion", "overload", "eruption",
    "disability", "incompatibility", "imbalance", "personality", "stature", "bifida", "imperfecta",
    "erythematosus", "simplex", "zoster", "mellitus", "insipidus", "rejection", "variant",
}
CONDITION_SUFFIX = re.compile(
    r"(?:itis|osis|oses|oma|omas|emia|pathy|algia|plasia|trophy|ectasis|ectasia|rrhea|cele|iasis|"
    r"ism|uria|penia|philia|phobia|plegia|paresis|megaly|ptosis|rrhagia|dynia|esthesia|kinesia|"
    r"ataxia|phagia|phasia|somy|cytosis|itides|mania|sepsis|spasm|thermia|tension|tonia)$"
)
# Modifiers that only say how or when; "acute bronchitis" adds nothing to "bronchitis".
GENERIC_MODIFIERS = {
    "acute", "chronic", "subacute", "recurrent", "persistent", "primary", "secondary", "idiopathic",
    "generalize", "localize", "local", "transient", "intermittent", "early", "late", "simple",
    "isolate", "disseminate", "complete", "incomplete", "partial", "total", "mix", "true",
    "typical", "atypical", "postprocedural", "postoperative", "traumatic", "nontraumatic",
    "neonatal", "infantile", "juvenile", "adult", "senile", "focal", "diffuse", "refractory",
    "intractable", "unilateral", "bilateral", "specific", "nonspecific",
}

# Keep these whole while splitting on "in", "to" and "de".
PROTECTED = [("in situ", "in_situ"), ("in utero", "in_utero"), ("de novo", "de_novo")]
# Titles read "Head, qualifier, qualifier": after the first comma only a part that opens with one
# of these still names a condition ("..., with tubular necrosis").
CONDITION_LINK = re.compile(r" (?:with|without|due to|complicating|associated with|secondary to|caused by) ")
# Splits whose both sides may name a condition ("diabetes with nephropathy"); alternatives split
# at "or" are fragments ("dysfunctional or functional uterine bleeding"), never a name's head.
SPLIT = re.compile(r" (with|without|due to|following|complicating|associated with|secondary to|"
                   r"caused by|causing|or|and/or|nor|other than|except|not|but|after|during|because of) ")
ALTERNATIVES = {"or", "and/or", "nor"}
# Right of these stands a site, a cause or a circumstance: only the head before them is kept,
# and it is not a whole name ("urgency" of "urgency of urination").
KEEP_LEFT = re.compile(r" (?:of|in|to|at|on|by|from|for|into|involving|affecting|within|near|under|over|"
                       r"between|through|around|as|the|a|an|is|are|was|which|that|when|where|if|who|"
                       r"whose|so|than|resulting|consequent|whether|any|specified|classified) ")
EDGE_WORDS = {"and", "or", "of", "the", "a", "an", "to", "in", "with", "by", "for", "on", "at", "-"}
# Lower-case words of letters, with inner hyphens or apostrophes; digits only in "covid-19"-like
# words or alone ("type 2 diabetes mellitus").
WORD = r"(?:[a-z][a-z'\-]*[a-z']|[a-z]+-\d\d+|\d)"
PHRASE_SHAPE = re.compile(rf"(?=[a-z]){WORD}(?: {WORD}){{0,{MAX_WORDS - 1}}}")


def icd_data_file() -> str:
    """The name of the tabular-list XML the package ships, which names the release."""
    files = resources.files("simple_icd_10_cm") / "data"
    return next(f.name for f in files.iterdir() if f.name.endswith(".xml"))


def icd_strings() -> Iterator[tuple[str, str]]:
    """(text, code) for every title and inclusion term of the kept chapters, and the items of
    includes notes marked NOS ("diabetes NOS", "tumor NOS").

    Other includes items, and excludes notes, are left out: they are often pieces of a nested
    list ("cerebral", "caffeine"), and what they name has a title or inclusion term of its own."""
    import simple_icd_10_cm as cm

    for code in cm.get_all_codes(True):
        # Seven-character extensions only add encounter words to their parent's title.
        if (cm.is_chapter(code) or cm.is_extended_subcategory(code) or code[0] in SKIPPED_CHAPTERS
                or code.startswith(SKIPPED_CODE_PREFIXES)):
            continue
        yield cm.get_description(code), code
        for text in cm.get_inclusion_term(code):
            # An injury's one-word inclusion terms name the site ("Atlas" under a fracture).
            if not (code[0] == "S" and " " not in text.strip()):
                yield text, code
        for text in cm.get_includes(code):
            if re.search(r"\bNOS\b", text):
                yield text, code


def _variants(text: str) -> list[str]:
    """The string without ICD-10-CM's (nonessential modifiers), and once more for each
    [synonym] put in place of the word before it ("Mood [affective] disorders"). A bracket that
    holds an acronym or a bare eponym ("[PAPA]", "[Dupuytren]") gives no variant."""
    while (stripped := re.sub(r"\([^()]*\)", " ", text)) != text:
        text = stripped
    text = text.replace("(", " ").replace(")", " ")
    variants = [re.sub(r"\[[^\[\]]*\]", " ", text)]
    for match in re.finditer(r"(\S+)\s*\[([^\[\]]*)\]", text):
        synonym = match.group(2).strip()
        if not synonym or synonym.isupper() or re.fullmatch(r"[A-Z][a-z'\-]+(?:-[A-Z][a-z]+)*", synonym):
            continue
        swapped = text[:match.start()] + synonym + text[match.end():]
        variants.append(re.sub(r"\[[^\[\]]*\]", " ", swapped))
    return variants


def _trim(words: list[str]) -> tuple[list[str], bool]:
    """Words without qualifiers and edge words; whether a content qualifier went too."""
    changed = any(w in CONTENT_QUALIFIERS for w in words)
    words = [w for w in words if w not in QUALIFIERS and w not in CONTENT_QUALIFIERS]
    while words and words[0] in EDGE_WORDS:
        words.pop(0)
    while words and words[-1] in EDGE_WORDS:
        words.pop()
    return words, changed


def fragments(text: str) -> Iterator[tuple[str, bool]]:
    """(candidate, is_name) for one ICD-10-CM string, lower case, not yet filtered.

    `is_name`: the candidate is the string's whole head, so it names something by itself;
    otherwise it is a part after "with" or "due to", one of "X or Y", an item of a list of
    modifiers ("Endocrine, nutritional and metabolic diseases"), an acronym, or cut before
    "of", "in", "to"..., and only counts if it is a name somewhere else too."""
    text = CODE_REF.sub(" ", text)
    acronyms = {w.lower() for w in re.findall(r"\b[A-Z][A-Z0-9\-]*[A-Z0-9]\b", text)} - KEPT_ACRONYMS
    for variant in _variants(text):
        part = re.sub(r"\s+", " ", variant.lower().replace("\u2019", "'"))
        part = re.sub(r"\b(?:not elsewhere classified|classified elsewhere|nos|nec)\b", ",", part)
        commas = [c.strip() for c in re.split(r"[,;:]| - ", part)]
        # "Thoracic, thoracolumbar, and lumbosacral ... disorders": the first word only modifies
        # what follows.
        modifier_list = len(_trim(commas[0].split())[0]) == 1 and any(
            re.search(r"(?:^| )(?:and|or) ", c) and not CONDITION_LINK.match(f" {c} ") for c in commas[1:])
        clauses = [commas[0]] + [c for c in commas[1:] if CONDITION_LINK.match(f" {c} ")]
        for n, clause in enumerate(clauses):
            clause = f" {clause} "
            for phrase, joined in PROTECTED:
                clause = clause.replace(f" {phrase} ", f" {joined} ")
            pieces = SPLIT.split(clause)  # piece, separator, piece, ...
            for m in range(0, len(pieces), 2):
                cut = KEEP_LEFT.split(f" {pieces[m].strip()} ")
                words, changed = _trim(cut[0].split())
                if not words:
                    continue
                before = pieces[m - 1] if m else None
                after = pieces[m + 1] if m + 1 < len(pieces) else None
                is_name = (n == 0 and m == 0 and len(cut) == 1 and not changed and not modifier_list
                           and after not in ALTERNATIVES and before not in ALTERNATIVES
                           and not acronyms & set(words))
                yield " ".join(words).replace("_", " "), is_name


def _plausible(phrase: str) -> bool:
    """Shape and vocabulary checks that need no other entry."""
    words = phrase.split()
    if not PHRASE_SHAPE.fullmatch(phrase) or any(w in ADMINISTRATIVE for w in words):
        return False
    if len(words) == 1:
        word = phrase
        return (len(re.sub(r"[^a-z]", "", word)) >= 3 and lemma(word) not in NOT_CONDITIONS_ALONE
                and (not ADJECTIVE_ENDING.search(word) or word in NOUNS_LIKE_ADJECTIVES)
                and RARE_SINGLE_ZIPF <= zipf(word)
                and (word in MEDICAL_COMMON or commonest(word) < COMMON_ZIPF))
    if words[-1].isdigit():
        return False
    # Every word must be one people write; a phrase of everyday words only ("underlying
    # condition") is no condition name.
    return (all(zipf(w) >= RARE_PHRASE_WORD_ZIPF for w in words if not w.isdigit())
            and any(zipf(w) < COMMON_ZIPF or w in MEDICAL_COMMON for w in words))


def build_conditions() -> tuple[list[str], dict[str, list[str]]]:
    """Sorted entries, and for every candidate the ICD-10-CM strings it came from."""
    sources: dict[str, list[str]] = defaultdict(list)
    names: set[str] = set()
    for text, code in icd_strings():
        for phrase, is_name in fragments(text):
            key = lemma_phrase(phrase)
            # The lookup table turns ordinals into digits ("sixth disease" -> "6 disease").
            if _plausible(phrase) and PHRASE_SHAPE.fullmatch(key):
                sources[key].append(f"{code} {text}")
                if is_name:
                    names.add(key)
    singles = {n for n in names if " " not in n}

    def names_condition(word: str) -> bool:
        return word in singles or word in CONDITION_HEADS or bool(CONDITION_SUFFIX.search(word))

    entries = set(singles)
    for name in names - singles:
        *modifiers, head = words = name.split()
        if not any(names_condition(w) for w in words):
            continue
        if head in singles and all(m in GENERIC_MODIFIERS for m in modifiers):
            continue
        entries.add(name)
    return sorted(entries), sources


# --- drugs from drug-named-entity-recognition ---------------------------------------------------

# Names as common as this in general English are ordinary words ("iron", "water", "pilot").
DRUG_COMMON_ZIPF = 3.5
MIN_DRUG_LETTERS = 4
SYNONYM_MIN_LETTERS = 5
DRUG_PHRASE_STOPWORDS = {"and", "with", "of", "de", "for", "in", "the", "plus", "to", "pollen", "allergenic"}
SOURCE_PARTS = {
    "flower", "top", "leaf", "root", "bark", "seed", "resin", "gum", "stem", "fruit", "skin", "peel",
    "herb", "rhizome", "tuber", "bulb", "spore", "venom", "hair", "dander", "feather", "epithelium",
    "whole", "juice", "wood", "twig", "bud", "kernel", "husk", "shell", "flesh", "body", "live",
}
GENERIC_MAKER = re.compile(r"(?:apo|gen|novo|pms|ratio|teva|mylan|sandoz|nu|dom|riva|jamp|mint|auro|act|"
                           r"co|phl|pro|sab)[- ]")
# Letters, at most one inner hyphen a word (no locants such as "p-" or "4'-"), up to 4 words.
DRUG_WORD = r"[a-z]{2,}(?:-[a-z]{2,})?"
DRUG_SHAPE = re.compile(rf"{DRUG_WORD}(?: {DRUG_WORD}){{0,{MAX_WORDS - 1}}}")


def drug_names() -> Iterator[tuple[str, str, bool]]:
    """(name, canonical, is_canonical) for every name the package resolves to a drug with a
    DrugBank, MedlinePlus or NHS record. Drugs known from MeSH alone are mostly proteins, enzymes
    and drug classes, and those known from Wikipedia alone would rest on share-alike text."""
    from drug_named_entity_recognition.util import stopwords

    path = resources.files("drug_named_entity_recognition") / "drug_ner_dictionary.pkl.bz2"
    with bz2.open(str(path), "rb") as fh:
        data = pickle.load(fh)  # the package's own data file, loaded as the package loads it
    records = data["drug_canonical_to_data"]
    sourced = {name for name, rec in records.items() if {"drugbank_id", "medline_plus_id", "nhs_url"} & rec.keys()}
    for variant, canonicals in data["drug_variant_to_canonical"].items():
        if variant.lower() in stopwords:
            continue
        for canonical in canonicals:
            if canonical in sourced:
                yield re.sub(r"\s+", " ", variant.lower().strip()), canonical, variant.lower() == canonical
                break


def _foreign_word(word: str) -> bool:
    """A common word of a language an English site may quote, far commoner there than in
    English ("dona", "indio", "modus"); brands sold everywhere ("botox") are as common in both."""
    from wordfreq import zipf_frequency

    foreign = max(zipf_frequency(word, lang) for lang in ("es", "fr", "de", "pt", "it", "nl"))
    return foreign >= 3.0 and foreign >= zipf(word) + 1.0


def _translated(word: str, known: set[str]) -> bool:
    """A Latin, Spanish or German form of a name also known in English ("prednisonum",
    "amlodipino", "amitriptylin" beside "amlodipine", "amitriptyline")."""
    stems = {word + "e"}
    for ending in ("um", "a", "o", "e"):
        if word.endswith(ending):
            stems |= {word[:-len(ending)], word[:-len(ending)] + "e"}
    return word == "acidum" or bool((stems - {word}) & known)


def build_drugs(conditions: Iterable[str]) -> tuple[list[str], dict[str, list[str]]]:
    not_drugs = set(conditions)  # e.g. "gout" names a condition, not a drug
    names = list(drug_names())
    known = {name for name, _, _ in names}
    sources: dict[str, list[str]] = defaultdict(list)
    for name, canonical, is_canonical in names:
        key = lemma_phrase(name)
        words = key.split()
        if (not DRUG_SHAPE.fullmatch(name) or not DRUG_SHAPE.fullmatch(key) or key in not_drugs
                or len(re.sub(r"[^a-z]", "", key)) < MIN_DRUG_LETTERS):
            continue
        if not is_canonical and any(_translated(w, known) for w in words):
            continue
        # Generic makers' labels ("apo-sertraline", "gen nortriptyline") repeat the generic name.
        if GENERIC_MAKER.match(key):
            continue
        if len(words) == 1:
            if commonest(name) >= DRUG_COMMON_ZIPF:
                continue
            # Synonyms and brands are where ordinary words, names and acronyms creep in
            # ("kendrick", "tetris", "dona", "cgrp"): they must be longer, English and not an
            # inflected English word ("oats").
            if not is_canonical and (len(key) < SYNONYM_MIN_LETTERS or key != name or _foreign_word(name)):
                continue
        # Combinations, descriptions, and plant or animal parts as allergen and botanical
        # products ("artemisia absinthium flower top") are not what a text names as a drug.
        elif set(words) & DRUG_PHRASE_STOPWORDS or words[-1] in SOURCE_PARTS:
            continue
        # A phrase needs one word that is no ordinary word ("hyaluronic acid", not "fish oil").
        elif not any(len(w) >= MIN_DRUG_LETTERS and commonest(w) < DRUG_COMMON_ZIPF for w in words):
            continue
        sources[key].append(canonical)
    return sorted(sources), sources


# --- output -------------------------------------------------------------------------------------

README = """\
# Medical vocabularies

Health target terms for the medical rules, one lower-case lemma (or lemma phrase, at most 4
words) a line, after `#` header lines that give the source, licence, filter and entry count.
Each word is spaCy's lookup lemma, so look entries up by the lemmas of a text's words
("measles" is stored as "measle"). Generated files: do not edit them by hand, rebuild them.

| file | what | source | data licence | entries |
| --- | --- | --- | --- | --- |
| `conditions.txt` | conditions, diseases, symptoms, pathogens | ICD-10-CM (CDC/NCHS, April 2026) titles and inclusion terms, via `simple-icd-10-cm` {icd} (MIT) | US public domain | {conditions} |
| `drugs.txt` | drug and active-ingredient names, generic and brand | dictionary of `drug-named-entity-recognition` {drug_ner} (MIT), which merges DrugBank open data, NLM MeSH and MedlinePlus, NHS and Wikipedia names; only drugs with a DrugBank, MedlinePlus or NHS record | DrugBank open data CC0, NLM US public domain; names are facts | {drugs} |

ICD-10-CM has no standalone entry for some consumer words, and none is added by hand: for
example "herpes", "autism" (it has "autism spectrum disorder"), "flu", "cellulite", "wrinkle".

## Rebuilding

The build runs at development time only; the linter reads these text files and needs none of
the packages. From the repository root:

    python3 -m venv /tmp/vocabenv
    /tmp/vocabenv/bin/pip install simple-icd-10-cm==1.5.0 drug-named-entity-recognition==2.0.9 \\
        wordfreq==3.1.1 spacy-lookups-data==1.0.5
    {command}

`--explain TERM...` prints which source strings an entry came from. The filters and their
reasons are in `scripts/build_medical_vocab.py`.
"""


def write_list(path: Path, header: list[str], entries: list[str]) -> None:
    lines = [f"# {line}" if line else "#" for line in header]
    path.write_text("\n".join(lines + entries) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write (default: %(default)s)")
    parser.add_argument("--explain", nargs="+", metavar="TERM", help="print where entries came from")
    args = parser.parse_args(argv)

    versions = {dist: metadata.version(dist) for dist in PINNED}
    off = [f"{d} {v} (built for {PINNED[d]})" for d, v in versions.items() if v != PINNED[d]]
    if off:
        print("warning: other versions than the pinned ones:", ", ".join(off), file=sys.stderr)

    conditions, condition_sources = build_conditions()
    drugs, drug_sources = build_drugs(conditions)

    if args.explain:
        for term in args.explain:
            key = lemma_phrase(term.lower())
            state = ("conditions" if key in conditions else "drugs" if key in drugs else "neither list")
            print(f"{term!r} -> {key!r}: in {state}")
            for source in (condition_sources.get(key, []) + drug_sources.get(key, []))[:8]:
                print(f"    {source}")
        return 0

    icd_release = icd_data_file()
    lemma_note = [f"Each word is spaCy's lookup lemma (spacy-lookups-data {versions['spacy-lookups-data']}),"
                  " as the linter lemmatises",
                  "text: \"learning disorder\" is stored as \"learn disorder\", \"measles\" as \"measle\"."]
    args.out.mkdir(parents=True, exist_ok=True)
    write_list(args.out / "conditions.txt", [
        "Health conditions, diseases, symptoms and pathogens: one lower-case lemma or lemma phrase a line.",
        f"Source: ICD-10-CM tabular list ({icd_release}; CDC/NCHS): titles, inclusion",
        f"terms and NOS includes items, as shipped by the PyPI package simple-icd-10-cm"
        f" {versions['simple-icd-10-cm']} (MIT).",
        "Licence of the data: ICD-10-CM is a US government work (CDC/NCHS), in the public domain.",
        "Filter: chapters A-U only (no external causes V-Y, no Z encounters/status); titles cut at",
        "commas and at \"with\", \"due to\", \"of\", \"in\"...; qualifiers (unspecified, other, laterality,",
        f"encounter, severity) dropped; at most {MAX_WORDS} words. A single word must stand alone as a",
        f"name somewhere, be rarer than Zipf {COMMON_ZIPF} in general English (wordfreq {versions['wordfreq']})",
        f"unless plainly medical (pain, cancer, flu...), and known to wordfreq (Zipf >= {RARE_SINGLE_ZIPF}).",
        f"A phrase needs words of Zipf >= {RARE_PHRASE_WORD_ZIPF}, a condition word, and more than a generic",
        "modifier (\"acute bronchitis\" is left to \"bronchitis\").",
        *lemma_note,
        f"Entries: {len(conditions)}",
        f"Rebuilt with: {COMMAND}",
        "",
    ], conditions)
    write_list(args.out / "drugs.txt", [
        "Drug and active-ingredient names, generic and brand: one lower-case lemma or lemma phrase a line.",
        f"Source: the dictionary bundled with the PyPI package drug-named-entity-recognition"
        f" {versions['drug-named-entity-recognition']} (MIT).",
        "Licence of the data: the package gathers names from DrugBank open data (CC0), NLM MeSH and",
        "MedlinePlus (US public domain), the NHS and Wikipedia; only drugs with a DrugBank, MedlinePlus",
        "or NHS record are kept (none known from MeSH or Wikipedia alone).",
        f"Filter: letters only (no digits or locants), at least {MIN_DRUG_LETTERS} letters, at most"
        f" {MAX_WORDS} words; the package's",
        f"stopwords out. A single word must be rarer than Zipf {DRUG_COMMON_ZIPF} in general English (wordfreq"
        f" {versions['wordfreq']});",
        f"a synonym or brand also needs {SYNONYM_MIN_LETTERS}+ letters and must not be a foreign or inflected"
        " common word.",
        "A phrase needs such a word and no \"and\"/\"with\" or plant part. Latin/Spanish/German forms of an",
        "English name, generic makers' labels and names in conditions.txt are left out.",
        *lemma_note,
        f"Entries: {len(drugs)}",
        f"Rebuilt with: {COMMAND}",
        "",
    ], drugs)
    (args.out / "README.md").write_text(README.format(
        conditions=len(conditions), drugs=len(drugs), icd=versions["simple-icd-10-cm"],
        drug_ner=versions["drug-named-entity-recognition"], command=COMMAND), encoding="utf-8")
    print(f"conditions.txt: {len(conditions)} entries; drugs.txt: {len(drugs)} entries -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
