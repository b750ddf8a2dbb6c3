"""Vector store: the only package that imports Qdrant (qdrant-edge-py and qdrant-client)."""

from __future__ import annotations

from indexer.settings import Settings
from indexer.store.live import LiveStore
from indexer.store.protocol import (
    DENSE,
    NGRAMS,
    SENTENCES,
    SIGNALS,
    SPARSE,
    Filters,
    ScoredRecord,
    Store,
    StoredPoint,
    StoreInfo,
    StoreQuery,
)

__all__ = [
    "DENSE", "NGRAMS", "SENTENCES", "SIGNALS", "SPARSE", "Filters", "LiveStore", "ScoredRecord", "Store",
    "StoredPoint", "StoreInfo", "StoreQuery", "open_store",
]


def open_store(settings: Settings, *, model: str, dim: int) -> LiveStore:
    """Open (or create) the live index the settings select, for vectors of ``model``; a
    rebuild can later swap it for a new build without a pause (indexer/store/generations.py).
    Recent results are kept until the next write (indexer/store/cache.py)."""
    from indexer.store.cache import CachedStore

    if settings.store.url:
        from indexer.store.remote import ClientStore

        return CachedStore(ClientStore(settings.store.url, collection=settings.store.collection, model=model, dim=dim,
                                       options=settings.store), size=settings.store.cache_size,
                           passages=settings.store.passage_cache)
    from indexer.store.edge import EdgeStore
    from indexer.store.generations import EdgeGenerations

    path = EdgeGenerations(settings.store_path, settings=settings).live_path()
    return CachedStore(EdgeStore.configured(path, settings.store, model=model, dim=dim), size=settings.store.cache_size,
                       passages=settings.store.passage_cache)
