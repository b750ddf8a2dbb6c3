"""Danish BM25 sparse vectors, computed in-app with Qdrant Edge's Bm25 so every backend
ranks the same: Snowball Danish stemming and Danish stopwords."""

from __future__ import annotations

from functools import lru_cache

from qdrant_edge import (
    Bm25,
    Bm25Config,
    Language,
    SnowballLanguage,
    SnowballParams,
    StopwordsSet,
)

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


def document_vector(text: str) -> SparseVector:
    """Term-frequency weights of a passage (IDF is applied by the store)."""
    return _convert(_model().embed_document(text))


def query_vector(text: str) -> SparseVector:
    """Unit weights for each distinct query term."""
    return _convert(_model().embed_query(text))
