"""One spaCy pipeline for the whole run, built on first use.

The default needs no download: spaCy's blank English tokenizer, the rule-based sentencizer and
the lookup lemmatizer whose tables ship in spacy-lookups-data. A trained pipeline is used only
when the configuration names one that is installed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from .tables import WordTable


class ModelError(Exception):
    """The configured spaCy pipeline is not installed."""


def pipeline(model: str | None = None) -> Language:
    """The pipeline for a configured model name (None or "" for the default), built once."""
    return _build(model or None)


@lru_cache(maxsize=4)
def _build(model: str | None) -> Language:
    import spacy  # heavy: imported only when a rule needs tokens or sentences

    if model:
        try:
            return spacy.load(model)
        except OSError as exc:
            raise ModelError(f"spaCy pipeline '{model}' is not installed (nlp-model in the configuration)") from exc
    nlp = spacy.blank("en")
    # The default one-million-character cap protects the parser's memory; the blank pipeline
    # has no parser, and the file size limit already bounds the input.
    nlp.max_length = 10**9
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(_register_lemmatizer(), name="lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


_LEMMATIZER = "contentqa_lookup_lemmatizer"


def _register_lemmatizer() -> str:
    """spaCy's lookup lemmatizer, with its table read from `lexicon.lemmas` and each word's
    lemma looked up once per run.

    spaCy builds its table anew at every start (a few tenths of a second), then looks every
    token up in it (hashing the text, then storing the lemma's text again). Here the table is
    the same data, read from the derived-table folder, and a token takes the lemma found for
    the first token with the same text: a token's lemma is `table.get(text, text)` either way.
    (The component's own `lookups` stay empty: use `lexicon.lemmas`.)
    """
    from spacy.language import Language
    from spacy.pipeline import Lemmatizer

    if Language.has_factory(_LEMMATIZER):
        return _LEMMATIZER

    class LookupLemmatizer(Lemmatizer):  # type: ignore[misc]
        def initialize(self, get_examples: Any = None, *, nlp: Any = None, lookups: Any = None) -> None:
            if self.mode != "lookup" or lookups is not None:
                super().initialize(get_examples, nlp=nlp, lookups=lookups)
                return
            from .lexicon import lemmas

            self.__dict__["_table"] = lemmas()

        def __call__(self, doc: Doc) -> Doc:
            table: WordTable[Any] | None = self.__dict__.get("_table")
            if table is None:
                return super().__call__(doc)  # type: ignore[no-any-return]
            known: dict[int, int] = self.__dict__.setdefault("_lemma_ids", {})  # text id -> lemma id
            strings = self.vocab.strings
            for token in doc:
                if self.overwrite or token.lemma == 0:
                    lemma = known.get(token.orth)
                    if lemma is None:
                        found = table.get(token.text, token.text)
                        lemma = known[token.orth] = strings.add(found if isinstance(found, str) else found[0])
                    token.lemma = lemma
            return doc

    Language.factory(_LEMMATIZER, assigns=["token.lemma"],
                     default_config={"model": None, "mode": "lookup", "overwrite": False})(
        lambda nlp, name, model, mode, overwrite: LookupLemmatizer(nlp.vocab, model, name, mode=mode,
                                                                   overwrite=overwrite))
    return _LEMMATIZER


# spaCy's tokenizer splits affixes off a token one at a time, which is quadratic in the length
# of a long run of punctuation ("[[[[...", 20 kB of it hangs a run for minutes). No word is
# that long: such runs become letters of the same length, so offsets stay the same.
_LONG_RUN = re.compile(r"\S{100,}")


def _tame(text: str) -> str:
    return _LONG_RUN.sub(lambda m: "x" * len(m.group()), text)


def annotate(texts: Iterable[str], model: str | None = None) -> list[Doc]:
    """Run the pipeline over many texts in one batch.

    A text longer than a trained pipeline accepts goes through the blank pipeline instead.
    """
    nlp = pipeline(model)
    texts = [_tame(t) for t in texts]
    if any(len(t) > nlp.max_length for t in texts):
        blank = pipeline(None)
        return [nlp(t) if len(t) <= nlp.max_length else blank(t) for t in texts]
    return list(nlp.pipe(texts, batch_size=64))
