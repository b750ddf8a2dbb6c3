"""Danish BM25 sparse vectors, computed in-app with Qdrant Edge's Bm25 so every backend
ranks the same: Snowball Danish stemming and Danish stopwords."""

from __future__ import annotations

import re
from functools import lru_cache

from qdrant_edge import (
    Bm25,
    Bm25Config,
    Language,
    SnowballLanguage,
    SnowballParams,
    StopwordsSet,
)

from indexer.lexicon import load_lexicon
from indexer.models import SparseVector

# Chunks average ~150 words; BM25 length normalisation is relative to this.
AVG_LEN = 150.0


@lru_cache(maxsize=1)
def _model() -> Bm25:
    return Bm25(
        Bm25Config(
            language="danish",
            stemmer=SnowballParams(SnowballLanguage.Danish),
            stopwords=StopwordsSet(languages={Language.Danish}),
            lowercase=True,
            avg_len=AVG_LEN,
        )
    )


def _convert(vector) -> SparseVector:
    return SparseVector(indices=tuple(vector.indices), values=tuple(vector.values))


# Words this long may be compounds worth splitting; shorter ones rarely are.
_LONG_WORD = re.compile(r"[A-Za-zÆØÅæøåÄÖÜäöüÉéÈè]{8,}")


@lru_cache(maxsize=65_536)
def _parts(word: str) -> tuple[str, ...]:
    return load_lexicon().split(word)


def compound_parts(text: str) -> list[str]:
    """The parts of the text's Danish compounds ("SSP-lokalgrupperne" -> lokal, grupperne), from
    the system word list; none without one."""
    return [part for word in _LONG_WORD.findall(text) for part in _parts(word)]


def document_vector(text: str, *, compounds: bool = True) -> SparseVector:
    """Term-frequency weights of a passage (IDF is applied by the store). With ``compounds``, the
    parts of its compounds count as words too, so a question's "møder med forældrene" finds a
    passage that only says "forældremøder" (questions are not split: measured worse,
    docs/evaluation.md)."""
    if compounds:
        parts = compound_parts(text)
        if parts:
            text = f"{text}\n{' '.join(parts)}"
    return _convert(_model().embed_document(text))


def query_vector(text: str) -> SparseVector:
    """Unit weights for each distinct query term."""
    return _convert(_model().embed_query(text))
