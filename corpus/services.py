"""The long-lived parts of one installation, opened once and passed down."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from corpus.catalog import Catalog
from corpus.files import FileStore
from corpus.journal import Journal
from indexer.embedder import Embedder, create_embedders
from indexer.embedding_pool import EmbeddingPool
from indexer.settings import EmbeddingSettings, Settings
from indexer.store import Store, open_store

log = logging.getLogger(__name__)


def embedding_pool(settings: EmbeddingSettings, embedder: Embedder | None = None) -> EmbeddingPool:
    """The configured model copies (or the one given, on one worker: it may not be thread-safe)
    behind batching and the query cache."""
    models = [embedder] if embedder is not None else create_embedders(settings)
    return EmbeddingPool(models, max_batch=settings.query_batch, max_wait_ms=settings.query_wait_ms,
                         cache_size=settings.query_cache)


@dataclass
class Services:
    """Settings, embedding model, vector store, catalog and original files of one installation."""

    settings: Settings
    embedder: Embedder
    store: Store
    catalog: Catalog
    files: FileStore
    journal: Journal
    # Curation writes touch store and catalog together: one at a time per process.
    write_lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    @classmethod
    def open(cls, settings: Settings, *, embedder: Embedder | None = None) -> "Services":
        """Load the model, open the store (exclusively, for the embedded backend) and the catalog
        (migrated to the newest schema), and finish what a crashed write left half done."""
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        pool = embedding_pool(settings.embedding, embedder)
        try:
            store = open_store(settings, model=pool.name, dim=pool.dim)
        except Exception:
            pool.close()
            raise
        try:
            catalog = Catalog(settings.catalog_url)
        except Exception:
            store.close()
            pool.close()
            raise
        log.info("opened store (%s) and catalog in %s", store.info_backend, settings.data_dir)
        services = cls(settings=settings, embedder=pool, store=store, catalog=catalog,
                       files=FileStore(settings.files_path), journal=Journal(settings.journal_path))
        if any(not intent.in_progress for intent in services.journal.pending()):
            services.recover()
        return services

    def recover(self) -> None:
        """Repair the documents of writes a crash interrupted, before anything is answered."""
        from corpus.reconcile import recover  # reconcile builds on the write functions, which need Services

        try:
            recover(self)
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        """Flush and release the store and the catalog, stop the embedding workers."""
        self.store.close()
        self.catalog.close()
        close = getattr(self.embedder, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> "Services":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
