"""The Store protocol and the plain values that cross it. No Qdrant types leak out."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol, runtime_checkable

import numpy as np

from indexer.models import SparseVector
from indexer.visibility import KOMMUNE, Viewer

DENSE = "dense"
SPARSE = "bm25"
SENTENCES = "sentences"  # one dense vector per sentence of a chunk, scored by MaxSim
NGRAMS = "ngrams"  # OCR-folded character 4-grams, see indexer/ngrams.py
# Schema 1 had only DENSE and SPARSE; a store of that schema still answers with those.
SCHEMA = 2
SIGNALS = (DENSE, SPARSE, SENTENCES, NGRAMS)

# Payload fields with an index, and the index type each gets.
KEYWORD_FIELDS = ("doc_id", "kommune", "kind", "status", "language", "source", "pii", "visibility")
INTEGER_FIELDS = ("year", "chunk_no")


@dataclass(frozen=True)
class Match:
    """The keyword field ``key`` holds one of ``values``."""

    key: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Range:
    """The number in field ``key`` lies within the bounds given (both inclusive)."""

    key: str
    gte: float | None = None
    lte: float | None = None


@dataclass(frozen=True)
class AnyOf:
    """At least one group holds; every condition of a group must hold (an OR of ANDs)."""

    groups: tuple[tuple["Condition", ...], ...]


Condition = Match | Range | AnyOf


def visible_to(viewer: Viewer) -> AnyOf:
    """What a reader may see: the visibilities open to them, and ``kommune`` documents of their own kommune."""
    groups: list[tuple[Condition, ...]] = [(Match("visibility", viewer.visibilities()),)]
    if viewer.kommune:
        groups.append((Match("visibility", (KOMMUNE,)), Match("kommune", (viewer.kommune,))))
    return AnyOf(tuple(groups))


@dataclass(frozen=True)
class Filters:
    """Conditions on payload, applied inside the store query (never by post-filtering)."""

    kommune: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    status: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    visibility: tuple[str, ...] = ()
    # Who is reading: only documents this viewer may see (None: no such condition, e.g. curators).
    viewer: Viewer | None = None

    def keyword_conditions(self) -> dict[str, tuple[str, ...]]:
        """Keyword field -> allowed values, for the non-empty conditions."""
        pairs = {
            "kommune": self.kommune,
            "kind": self.kind,
            "status": self.status,
            "doc_id": self.doc_ids,
            "language": self.language,
            "visibility": self.visibility,
        }
        return {k: v for k, v in pairs.items() if v}

    def conditions(self) -> tuple[Condition, ...]:
        """Every condition, all of which must hold. Each backend translates these three
        condition types, so a new kind of filter only has to be expressed here."""
        found: list[Condition] = [Match(key, values) for key, values in self.keyword_conditions().items()]
        if self.year_from is not None or self.year_to is not None:
            found.append(Range("year", gte=self.year_from, lte=self.year_to))
        if self.viewer is not None:
            found.append(visible_to(self.viewer))
        return tuple(found)


@dataclass(frozen=True)
class StoredPoint:
    """One chunk ready to upsert: id, its vectors, payload."""

    id: str
    dense: np.ndarray
    sparse: SparseVector
    payload: dict
    sentences: np.ndarray | None = None  # (n_sentences, dim)
    ngrams: SparseVector | None = None


def stored_point(point_id: str, vectors: dict, payload: dict) -> StoredPoint:
    """A StoredPoint from a record read back from a store; ``vectors`` maps a signal name to a
    list (dense), a list of lists (sentences) or an object with ``indices`` and ``values``."""
    def sparse(name: str) -> SparseVector | None:
        found = vectors.get(name)
        return SparseVector(indices=tuple(found.indices), values=tuple(found.values)) if found is not None else None

    sentences = vectors.get(SENTENCES)
    return StoredPoint(id=point_id, dense=np.asarray(vectors[DENSE], dtype=np.float32),
                       sparse=sparse(SPARSE) or SparseVector(indices=(), values=()), payload=payload,
                       sentences=np.asarray(sentences, dtype=np.float32) if sentences else None,
                       ngrams=sparse(NGRAMS))


@dataclass(frozen=True)
class ScoredRecord:
    """A point returned by a query."""

    id: str
    score: float
    payload: dict


@dataclass(frozen=True)
class StoreQuery:
    """A query on one signal, or a hybrid one: prefetch each given signal, then fuse.

    ``sentences`` is a query vector matched against the sentence vectors of each chunk
    (the best sentence counts); ``ngrams`` a sparse vector against the n-gram vectors.
    """

    limit: int
    dense: np.ndarray | None = None
    sparse: SparseVector | None = None
    filters: Filters = field(default_factory=Filters)
    prefetch_limit: int = 60
    fusion: Literal["rrf", "dbsf"] = "rrf"
    rrf_k: int = 60
    weights: tuple[float, ...] | None = None  # per signal present, in SIGNALS order; RRF only
    sentences: np.ndarray | None = None
    ngrams: SparseVector | None = None

    def signals(self) -> dict[str, np.ndarray | SparseVector]:
        """Signal name -> query vector, for the signals this query uses, in SIGNALS order."""
        given = {DENSE: self.dense, SPARSE: self.sparse, SENTENCES: self.sentences, NGRAMS: self.ngrams}
        return {name: vector for name, vector in given.items() if vector is not None}

    def weights_for(self, available: Sequence[str]) -> list[float] | None:
        """The RRF weights of the signals that take part, when the store holds only ``available``."""
        if not self.weights:
            return None
        return [w for name, w in zip(self.signals(), self.weights) if name in available]


@dataclass(frozen=True)
class StoreInfo:
    """What the store says about itself."""

    backend: str
    points: int
    model: str
    dim: int
    signals: tuple[str, ...] = (DENSE, SPARSE)


@runtime_checkable
class Store(Protocol):
    """A vector index of chunks. Implementations: embedded Qdrant Edge, qdrant-client."""

    info_backend: str

    def info(self) -> StoreInfo:
        """Backend, point count and the embedding model the store was built with."""
        ...

    def upsert(self, points: Sequence[StoredPoint]) -> None:
        """Insert or overwrite points by id."""
        ...

    def query(self, request: StoreQuery) -> list[ScoredRecord]:
        """Run a query on one signal or several fused, with filters; signals the store
        does not hold (an index of an older schema) are left out."""
        ...

    def sentence_vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """Point id -> its stored sentence vectors (n_sentences, dim); points without any are left out."""
        ...

    def delete_documents(self, doc_ids: Sequence[str]) -> None:
        """Remove every point of these documents."""
        ...

    def delete_chunks(self, doc_id: str, *, from_chunk: int) -> None:
        """Remove a document's points numbered ``from_chunk`` and up (left over when it shrank)."""
        ...

    def set_payload(self, doc_id: str, values: dict) -> None:
        """Update payload fields of every point of a document, without re-embedding."""
        ...

    def scroll(self, filters: Filters, *, limit: int = 10_000) -> Iterator[ScoredRecord]:
        """All points matching the filters (score 0), payload only."""
        ...

    def export(self, *, batch_size: int = 256) -> Iterator[list[StoredPoint]]:
        """Every point with its payload and all the vectors it holds, in batches."""
        ...

    def count(self, filters: Filters | None = None) -> int:
        """Number of points matching the filters."""
        ...

    def facet(self, key: str, filters: Filters | None = None, *, limit: int = 100) -> dict[str, int]:
        """Value -> point count for a keyword field."""
        ...

    def optimize(self) -> None:
        """Compact segments and build indexes after a bulk load."""
        ...

    def copy_to(self, folder: Path) -> bool:
        """Flush, then copy a consistent snapshot of the store into ``folder`` (the caller
        pauses writes); False when the backend cannot (a server: use its own snapshots)."""
        ...

    def close(self) -> None:
        """Flush and release the store."""
        ...
