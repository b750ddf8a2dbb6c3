"""The live store with a memory: recent query results, sentence vectors and what search derived
from recent passages, forgotten on every write.

Every write through it (upsert, delete, payload change, optimise, a rebuild's switch to a new
build) bumps ``generation`` and empties the caches, so a cached result never outlives the index
it came from. Filters are
part of a query's key, so results for one reader's visibility never reach another.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence

import numpy as np

from indexer.embedding_pool import LruCache
from indexer.store.live import LiveStore
from indexer.store.protocol import ScoredRecord, Store, StoredPoint, StoreQuery


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


class CachedStore(LiveStore):
    """The live store with a memory: reads may come from the caches; writes, and a rebuild
    switching to a new build, go through and empty them."""

    def __init__(self, store: Store, *, size: int = 2048, passages: int = 2048,
                 observer: Callable[[str, float], None] | None = None) -> None:
        super().__init__(store)
        self.observer = observer  # (operation, seconds) for every read that reaches the store
        self.generation = 0
        self.results = LruCache(size)
        self.sentences = LruCache(size * 8)
        # What the request path derives from a passage's text (search_api/retrieval/passage.py):
        # its sentences and the answer types they hold, ~6 KiB per passage.
        self.passages = LruCache(passages)

    def _observe(self, operation: str, start: float) -> None:
        if self.observer is not None:
            self.observer(operation, time.perf_counter() - start)

    def _forget(self) -> None:
        self.generation += 1
        self.results.clear()
        self.sentences.clear()
        self.passages.clear()

    def query(self, request: StoreQuery) -> list[ScoredRecord]:
        key = query_key(request)
        generation = self.generation
        cached = self.results.get(key)
        if cached is not None:
            return list(cached)
        start = time.perf_counter()
        records = super().query(request)
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
            fetched = super().sentence_vectors(missing)
            self._observe("sentence_vectors", start)
            if generation == self.generation:
                for point_id, vectors in fetched.items():
                    self.sentences.put(point_id, vectors)
            found.update(fetched)
        return found

    def upsert(self, points: Sequence[StoredPoint]) -> None:
        try:
            super().upsert(points)
        finally:
            self._forget()

    def delete_documents(self, doc_ids: Sequence[str]) -> None:
        try:
            super().delete_documents(doc_ids)
        finally:
            self._forget()

    def delete_chunks(self, doc_id: str, *, from_chunk: int) -> None:
        try:
            super().delete_chunks(doc_id, from_chunk=from_chunk)
        finally:
            self._forget()

    def set_payload(self, doc_id: str, values: dict) -> None:
        try:
            super().set_payload(doc_id, values)
        finally:
            self._forget()

    def optimize(self) -> None:
        try:
            super().optimize()
        finally:
            self._forget()

    def replace(self, store: Store, *, close_old: bool = True) -> Store:
        try:
            return super().replace(store, close_old=close_old)
        finally:
            self._forget()

    def close(self) -> None:
        self._forget()
        super().close()
