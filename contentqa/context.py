"""What a rule may use besides the document: configuration, shared NLP, the project root."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from .config import Config
from .nlp import annotate

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .document import Block, Document


T = TypeVar("T")


@dataclass
class Context:
    config: Config
    document: Document
    _spacy: dict[int, Doc] = field(default_factory=dict)
    metrics: dict[str, object] = field(default_factory=dict)
    _memo: dict[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.config.root

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """An analysis of this document shared by several rules, computed once."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[no-any-return]

    def spacy_doc(self, block: Block) -> Doc:
        """The spaCy annotation of a block's text; all prose blocks are annotated in one batch."""
        if not self._spacy:
            blocks = list(self.document.prose_blocks())
            for b, annotated in zip(blocks, annotate((b.text for b in blocks), self.config.nlp_model), strict=True):
                self._spacy[id(b)] = annotated
        if id(block) not in self._spacy:
            self._spacy[id(block)] = annotate([block.text], self.config.nlp_model)[0]
        return self._spacy[id(block)]

    def sentences(self, block: Block) -> list[tuple[int, int]]:
        """Sentence spans (start, end) in the block's text."""
        return [(s.start_char, s.end_char) for s in self.spacy_doc(block).sents]
