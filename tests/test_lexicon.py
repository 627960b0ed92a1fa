"""The derived word tables answer as the libraries they are derived from, and fail safe."""

from __future__ import annotations

import random
import re
import string
from pathlib import Path

import pytest

from contentqa import lexicon, phrases, tables

SAMPLE_TEXT = ("Botox has  dermalfillers2000 a go-to solution; cheapflightsnyc, COVID-19, B12, 5mg, mp3, 1990s, "
               "Alzheimer's, don't, café, naïve, Juvéderm, 100%, '', e.g., U.S., well-being, x_y, "
               "hyperhidrosis electrodesiccation symptomsthe imagemap mostramos zenspaMiami")


def _sample_words(seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    english = lexicon.english()
    words = sorted(english.hot)[::97]
    blob = english._blob.decode("ascii")  # the tail: every word, run together in order
    for _ in range(300):
        i = rng.randrange(english._size)
        words.append(blob[english._offsets[i]:english._offsets[i + 1]])
    letters = string.ascii_lowercase + string.digits
    words += ["".join(rng.choice(letters) for _ in range(rng.randint(1, 12))) for _ in range(300)]
    words += re.findall(r"\S+", SAMPLE_TEXT) + [w.strip(",;") for w in SAMPLE_TEXT.split()]
    words += [w.upper() for w in words[:50]] + [w.title() for w in words[50:100]]
    return words


def test_zipf_equals_wordfreq() -> None:
    from wordfreq import zipf_frequency

    for word in _sample_words():
        assert lexicon.zipf(word) == zipf_frequency(word, "en"), word


def test_foreign_equals_wordfreq() -> None:
    from wordfreq import zipf_frequency

    for word in _sample_words(11)[::3] + ["mostramos", "pour", "und", "nosotros", "zijn", "della"]:
        expected = any(zipf_frequency(word.lower(), lang) >= 3.0 for lang in lexicon.FOREIGN_LANGUAGES)
        assert lexicon.foreign(word) == expected, word


def test_zipf_estimate_is_exact_for_words_of_letters() -> None:
    for word in ("the", "botox", "hyperhidrosis", "Cures", "zzzzqx"):
        assert lexicon.zipf_estimate(word) == lexicon.zipf(word)
    assert lexicon.zipf_estimate("100%") == 0.0


def test_syllables_equal_textstat() -> None:
    import textstat

    words = _sample_words(3)[::2] + ["syllable", "rhythm", "ain't", "o'clock", "naïve", "x-ray", "won't've", ""]
    for word in words:
        assert lexicon.syllables(word) == textstat.syllable_count(word), word
    assert lexicon.syllables(SAMPLE_TEXT) == textstat.syllable_count(SAMPLE_TEXT)


def test_hyphenation_table_equals_pyphen() -> None:
    import pyphen

    ours, reference = lexicon._pyphen(), pyphen.Pyphen(lang="en_US", cache=False)
    rng = random.Random(5)
    words = _sample_words(5) + ["".join(rng.choice("aeioubcdlmnrst") for _ in range(rng.randint(3, 16)))
                                for _ in range(500)]
    for word in words:
        assert [int(p) for p in ours.positions(word)] == [int(p) for p in reference.positions(word)], word


def test_word_table_lookups() -> None:
    table = tables.WordTable(tables.WordTable.pack({"the": 7.7}, {"the": 1.0, "abc": 2.5, "zed": 2.5, "ábc": 3.0}))
    assert table.get("the", 0.0) == 7.7  # the hot entry wins
    assert [table.get(w, 0.0) for w in ("abc", "zed", "ábc", "ab", "abcd", "", "zzz")] == [2.5, 2.5, 3.0, 0, 0, 0, 0]
    assert "zed" in table and "ze" not in table and len(table) == 4


def _folder(monkeypatch: pytest.MonkeyPatch, path: Path) -> Path:
    monkeypatch.setenv("CONTENTQA_CACHE_DIR", str(path))
    return path / "tables"


def test_a_table_is_built_once_then_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(monkeypatch, tmp_path)
    source = tmp_path / "source.txt"
    source.write_text("one")
    builds: list[int] = []

    def build() -> dict[str, int]:
        builds.append(1)
        return {"word": len(builds)}

    assert tables.load("t", [source], build) == {"word": 1}
    assert tables.load("t", [source], build) == {"word": 1} and len(builds) == 1
    source.write_text("changed")  # a new version of the source: a new table
    assert tables.load("t", [source], build) == {"word": 2}
    assert len(list(folder.glob("t-*.marshal"))) == 2


@pytest.mark.parametrize("content", [b"", b"\x00garbage", b"\xe9\x03\x00\x00", None])
def test_a_corrupt_table_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes | None) -> None:
    import marshal

    folder = _folder(monkeypatch, tmp_path)
    assert tables.load("t", [], lambda: {"a": 1}) == {"a": 1}
    (entry,) = folder.glob("t-*.marshal")
    # Truncated, garbage, a valid file of the wrong type, a table written under another key.
    entry.write_bytes(content if content is not None else marshal.dumps(("t", "other-key", {"a": 9})))
    assert tables.load("t", [], lambda: {"a": 2}) == {"a": 2}
    assert tables.load("t", [], lambda: {"a": 3}) == {"a": 2}  # and written again


def test_an_unwritable_folder_builds_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    _folder(monkeypatch, blocker)  # the tables folder would be inside a file: it cannot be made
    assert tables.load("t", [], lambda: {"a": 1}) == {"a": 1}
    assert tables.load("t", [], lambda: {"a": 2}) == {"a": 2}
    assert blocker.read_text() == "not a folder"


def _plain_alternation(items: list[str]) -> str:
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in sorted(set(items), key=len, reverse=True))


def test_trie_pattern_matches_as_the_alternation() -> None:
    rng = random.Random(2)
    vocabulary = ["in", "order", "to", "a", "an", "and", "also", "al", "as", "well", "well-being", "e.g", "e.g.",
                  "so", "that", "so-called", "for", "example", "instance", "Also"]
    items = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 3))) for _ in range(120)]
    text = " ".join(rng.choice(vocabulary + [",", ".", "\n", "  ", "ALSO", "Well-Being"]) for _ in range(4000))
    guard = r"(?<![\w'’-])(?:{})(?![\w'’-])"
    expected = re.compile(guard.format(_plain_alternation(items)), re.IGNORECASE)
    trie = re.compile(guard.format(phrases.longest_first(items)), re.IGNORECASE)
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in expected.finditer(text)]
    assert phrases.longest_first(["naïve", "to be"]) == _plain_alternation(["naïve", "to be"])  # not ASCII


def test_lemmas_equal_spacy_lookups_and_lemmatizer() -> None:
    import spacy
    from spacy.lookups import load_lookups

    from contentqa.nlp import pipeline

    table = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
    for word in _sample_words(13)[::4] + ["cats", "were", "Cats", "better", "mice", "children's", ""]:
        assert lexicon.lemmas().get(word, word) == table.get(word, word), word
    stock = spacy.blank("en")
    stock.add_pipe("sentencizer")
    stock.add_pipe("lemmatizer", config={"mode": "lookup"})
    stock.initialize()
    text = SAMPLE_TEXT + " The mice were running; children's toys broke. Cats, CATS and cats!"
    assert [t.lemma_ for t in pipeline(None)(text)] == [t.lemma_ for t in stock(text)]
    assert [t.lemma_ for t in pipeline(None)(text)] == [t.lemma_ for t in stock(text)]  # remembered lemmas too


def test_a_pack_is_validated_until_found_valid_and_a_changed_pack_again(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from contentqa import packs

    monkeypatch.setenv("CONTENTQA_CACHE_DIR", str(tmp_path / "cache"))
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}
    pack = tmp_path / "pack.yml"
    calls: list[Path] = []
    real = packs.validate
    monkeypatch.setattr(packs, "validate", lambda *args: calls.append(args[3]) or real(*args))
    pack.write_text("n: 1\n")
    packs.load_pack(pack, schema)
    packs.load_pack(pack, schema)
    assert calls == [pack]  # the second load knew it valid
    pack.write_text("n: two\n")
    for _ in range(2):  # an invalid pack is refused every time, never recorded
        with pytest.raises(packs.PackError, match="pack.yml:1: n: 'two' is not of type 'integer'"):
            packs.load_pack(pack, schema)
    assert calls == [pack] * 3
