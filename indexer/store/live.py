"""The store a running process serves from, which a rebuild can replace without a pause.

Every call goes to the current store. ``replace`` points new calls at the new store at once,
waits for the calls still running on the old one, then closes it: readers never meet a
closed, missing or half-built index, and never wait for the switch.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from indexer.store.protocol import Filters, ScoredRecord, Store, StoredPoint, StoreInfo, StoreQuery


class LiveStore:
    """A Store that delegates to the current one and can swap it for another."""

    def __init__(self, store: Store) -> None:
        self._current = store
        self._busy: Counter[int] = Counter()
        self._changed = threading.Condition()

    @property
    def current(self) -> Store:
        """The store new calls go to."""
        return self._current

    @property
    def info_backend(self) -> str:
        return self._current.info_backend

    def __getattr__(self, name: str):
        # What one backend offers beyond the protocol (e.g. its search plan) passes through.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._current, name)

    @contextmanager
    def _use(self) -> Iterator[Store]:
        with self._changed:
            store = self._current
            self._busy[id(store)] += 1
        try:
            yield store
        finally:
            with self._changed:
                self._busy[id(store)] -= 1
                self._changed.notify_all()

    def replace(self, store: Store, *, close_old: bool = True) -> Store:
        """Serve from ``store`` from now on; the old one is closed once its running calls end."""
        with self._changed:
            old, self._current = self._current, store
            while self._busy[id(old)] > 0:
                self._changed.wait()
            del self._busy[id(old)]
        if close_old and old is not store:
            old.close()
        return old

    def info(self) -> StoreInfo:
        with self._use() as store:
            return store.info()

    def upsert(self, points: Sequence[StoredPoint]) -> None:
        with self._use() as store:
            store.upsert(points)

    def query(self, request: StoreQuery) -> list[ScoredRecord]:
        with self._use() as store:
            return store.query(request)

    def sentence_vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        with self._use() as store:
            return store.sentence_vectors(ids)

    def delete_documents(self, doc_ids: Sequence[str]) -> None:
        with self._use() as store:
            store.delete_documents(doc_ids)

    def delete_chunks(self, doc_id: str, *, from_chunk: int) -> None:
        with self._use() as store:
            store.delete_chunks(doc_id, from_chunk=from_chunk)

    def set_payload(self, doc_id: str, values: dict) -> None:
        with self._use() as store:
            store.set_payload(doc_id, values)

    def scroll(self, filters: Filters, *, limit: int = 10_000) -> Iterator[ScoredRecord]:
        # Materialised while the store is in use: a generator must not hold it open.
        with self._use() as store:
            records = list(store.scroll(filters, limit=limit))
        yield from records

    def export(self, *, batch_size: int = 256) -> Iterator[list[StoredPoint]]:
        # Held for the whole export: a migration must read one store from start to end.
        with self._use() as store:
            yield from store.export(batch_size=batch_size)

    def count(self, filters: Filters | None = None) -> int:
        with self._use() as store:
            return store.count(filters)

    def facet(self, key: str, filters: Filters | None = None, *, limit: int = 100) -> dict[str, int]:
        with self._use() as store:
            return store.facet(key, filters, limit=limit)

    def optimize(self) -> None:
        with self._use() as store:
            store.optimize()

    def copy_to(self, folder: Path) -> bool:
        with self._use() as store:
            return store.copy_to(folder)

    def close(self) -> None:
        self._current.close()
