"""The long-lived parts of one installation, opened once and passed down."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from corpus.catalog import Catalog
from indexer.embedder import Embedder, create_embedder
from indexer.settings import Settings
from indexer.store import Store, open_store

log = logging.getLogger(__name__)


@dataclass
class Services:
    """Settings, embedding model, vector store and catalog of one installation."""

    settings: Settings
    embedder: Embedder
    store: Store
    catalog: Catalog

    @classmethod
    def open(cls, settings: Settings, *, embedder: Embedder | None = None) -> "Services":
        """Load the model, open the store (exclusively, for the embedded backend) and the catalog."""
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        embedder = embedder or create_embedder(settings.embedding)
        store = open_store(settings, model=embedder.name, dim=embedder.dim)
        catalog = Catalog(settings.catalog_url)
        log.info("opened store (%s) and catalog in %s", store.info_backend, settings.data_dir)
        return cls(settings=settings, embedder=embedder, store=store, catalog=catalog)

    def close(self) -> None:
        """Flush and release the store and the catalog."""
        self.store.close()
        self.catalog.close()

    def __enter__(self) -> "Services":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
