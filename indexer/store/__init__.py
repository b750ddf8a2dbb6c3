"""Vector store: the only package that imports Qdrant (qdrant-edge-py and qdrant-client)."""

from __future__ import annotations

from indexer.settings import Settings
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
    "DENSE", "NGRAMS", "SENTENCES", "SIGNALS", "SPARSE", "Filters", "ScoredRecord", "Store", "StoredPoint", "StoreInfo",
    "StoreQuery", "open_store",
]


def open_store(settings: Settings, *, model: str, dim: int) -> Store:
    """Open (or create) the store the settings select, for vectors of ``model``."""
    if settings.store.url:
        from indexer.store.remote import ClientStore

        return ClientStore(settings.store.url, collection=settings.store.collection, model=model, dim=dim,
                           api_key=settings.store.api_key, hnsw_ef=settings.store.hnsw_ef,
                           exact_below=settings.store.exact_below)
    from indexer.store.edge import EdgeStore

    return EdgeStore(settings.store_path, model=model, dim=dim, hnsw_ef=settings.store.hnsw_ef,
                     exact_below=settings.store.exact_below)
