"""One spaCy pipeline for the whole run, built on first use.

The default needs no download: spaCy's blank English tokenizer, the rule-based sentencizer and
the lookup lemmatizer whose tables ship in spacy-lookups-data. A trained pipeline is used only
when the configuration names one that is installed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


class ModelError(Exception):
    """The configured spaCy pipeline is not installed."""


@lru_cache(maxsize=4)
def pipeline(model: str | None = None) -> Language:
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
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


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
