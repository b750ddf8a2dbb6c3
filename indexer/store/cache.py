"""A Store with a memory: recent query results and sentence vectors, forgotten on every write.

Every write through it (upsert, delete, payload change, optimise) bumps ``generation`` and
empties the caches, so a cached result never outlives the index it came from. Filters are
part of a query's key, so results for one reader's visibility never reach another.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator, Sequence

import numpy as np

from indexer.embedding_pool import LruCache
from indexer.store.protocol import Filters, ScoredRecord, Store, StoredPoint, StoreInfo, StoreQuery


def query_key(request: StoreQuery) -> str:
    """A digest of everything that decides a query's result."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(repr((request.limit, request.filters, request.prefetch_limit, request.fusion, request.rrf_k,
                        request.weights)).encode())
    for name, vector in request.signals().items():
        digest.update(name.encode())
        if isinstance(vector, np.ndarray):
            digest.update(np.ascontiguousarray(vector, dtype=np.float32).tobytes())
        else:
            digest.update(repr((tuple(vector.indices), tuple(vector.values))).encode())
    return digest.hexdigest()


class CachedStore:
    """Wraps any Store; reads may come from the caches, writes go through and invalidate them."""

    def __init__(self, inner: Store, *, size: int = 2048, observer: Callable[[str, float], None] | None = None) -> None:
        self.inner = inner
        self.observer = observer  # (operation, seconds) for every read that reaches the store
        self.info_backend = inner.info_backend
        self.generation = 0
        self.results = LruCache(size)
        self.sentences = LruCache(size * 8)

    def __getattr__(self, name: str):  # backend specifics (path, signals ...) stay reachable
        return getattr(self.inner, name)

    def _observe(self, operation: str, start: float) -> None:
        if self.observer is not None:
            self.observer(operation, time.perf_counter() - start)

    def _changed(self) -> None:
        self.generation += 1
        self.results.clear()
        self.sentences.clear()

    def info(self) -> StoreInfo:
        return self.inner.info()

    def query(self, request: StoreQuery) -> list[ScoredRecord]:
        key = query_key(request)
        generation = self.generation
        cached = self.results.get(key)
        if cached is not None:
            return list(cached)
        start = time.perf_counter()
        records = self.inner.query(request)
        self._observe("query", start)
        if generation == self.generation:  # no write ran meanwhile
            self.results.put(key, tuple(records))
        return records

    def sentence_vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        found, missing = {}, []
        for point_id in ids:
            vectors = self.sentences.get(point_id)
            (missing.append(point_id) if vectors is None else found.__setitem__(point_id, vectors))
        if missing:
            generation = self.generation
            start = time.perf_counter()
            fetched = self.inner.sentence_vectors(missing)
            self._observe("sentence_vectors", start)
            if generation == self.generation:
                for point_id, vectors in fetched.items():
                    self.sentences.put(point_id, vectors)
            found.update(fetched)
        return found

    def upsert(self, points: Sequence[StoredPoint]) -> None:
        try:
            self.inner.upsert(points)
        finally:
            self._changed()

    def delete_documents(self, doc_ids: Sequence[str]) -> None:
        try:
            self.inner.delete_documents(doc_ids)
        finally:
            self._changed()

    def set_payload(self, doc_id: str, values: dict) -> None:
        try:
            self.inner.set_payload(doc_id, values)
        finally:
            self._changed()

    def optimize(self) -> None:
        try:
            self.inner.optimize()
        finally:
            self._changed()

    def scroll(self, filters: Filters, *, limit: int = 10_000) -> Iterator[ScoredRecord]:
        return self.inner.scroll(filters, limit=limit)

    def count(self, filters: Filters | None = None) -> int:
        return self.inner.count(filters)

    def facet(self, key: str, filters: Filters | None = None, *, limit: int = 100) -> dict[str, int]:
        return self.inner.facet(key, filters, limit=limit)

    def close(self) -> None:
        self._changed()
        self.inner.close()
