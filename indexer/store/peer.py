"""The naive peer for benchmarks: qdrant-client's local mode (pure Python, in a folder), behind
our own ClientStore so it holds exactly the points and runs exactly the queries ours does."""

from __future__ import annotations

from pathlib import Path

from qdrant_client import QdrantClient

from indexer.store.remote import ClientStore


def open_local_peer(path: Path, *, model: str, dim: int, collection: str = "vidensbank") -> ClientStore:
    """A ClientStore over qdrant-client local mode in ``path`` (not a production store)."""
    return ClientStore(str(path), collection=collection, model=model, dim=dim,
                       client=QdrantClient(path=str(path)))
