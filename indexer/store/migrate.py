"""Moving an index between backends (`vidensbank store migrate --to ...`): every point with its
payload and all its vectors (dense, BM25, sentences, n-grams), in batches, then a count check.
Nothing is embedded again, so the copy ranks exactly as the original."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from indexer.errors import ConfigurationError, IndexNotReady, InvalidInput
from indexer.settings import Settings
from indexer.store.protocol import Store

EDGE = "edge"


class MigrationFailed(IndexNotReady):
    """The copy does not hold what the original holds."""

    title, type_slug = "Migration failed", "migration-failed"


@dataclass(frozen=True)
class Target:
    """Where a migration writes: an embedded store folder, or a Qdrant URL and collection."""

    url: str | None = None
    path: Path | None = None
    collection: str = "vidensbank"

    def describe(self) -> str:
        """For messages: the folder, or the URL and collection."""
        return str(self.path) if self.path else f"{self.url} ({self.collection})"


def parse_target(spec: str, *, settings: Settings, collection: str | None = None) -> Target:
    """'edge' (the configured embedded folder), an http(s) URL, ':memory:' or 'local:PATH'
    (qdrant-client), or any other text as the folder of an embedded store."""
    from indexer.store.connection import LOCAL_PREFIX, MEMORY  # qdrant-client: imported when used

    if spec == EDGE:
        return Target(path=settings.store_path)
    if spec.startswith(("http://", "https://", LOCAL_PREFIX)) or spec == MEMORY:
        return Target(url=spec, collection=collection or settings.store.collection)
    if "://" in spec:
        raise InvalidInput(f"Ukendt mål {spec!r}: brug en http(s)-adresse, 'edge' eller en mappe.")
    return Target(path=Path(spec))


def check_not_source(target: Target, *, settings: Settings) -> None:
    """InvalidInput when the target is the configured store itself."""
    source = (Target(url=settings.store.url, collection=settings.store.collection) if settings.store.url
              else Target(path=settings.store_path))
    if (target.url, target.collection if target.url else None, target.path and target.path.resolve()) == (
            source.url, source.collection if source.url else None, source.path and source.path.resolve()):
        raise InvalidInput(f"Målet {target.describe()} er det indeks, der flyttes fra; vælg et andet mål.")


def open_target(target: Target, *, settings: Settings, model: str, dim: int) -> Store:
    """Open (or create) the target store; it must be empty, so the copy is exactly the original."""
    if target.url:
        from indexer.store.remote import ClientStore

        store: Store = ClientStore(target.url, collection=target.collection, model=model, dim=dim,
                                   options=settings.store)
    else:
        from indexer.store.edge import EdgeStore
        from indexer.store.generations import EdgeGenerations

        path = EdgeGenerations(target.path, settings=settings).live_path()
        store = EdgeStore.configured(path, settings.store, model=model, dim=dim)
    found = store.count()
    if found:
        store.close()
        raise ConfigurationError(f"Målet {target.describe()} indeholder allerede {found} afsnit; "
                                 "flyt til et tomt indeks.")
    return store


def copy_points(source: Store, target: Store, *, batch_size: int = 256, progress=None) -> int:
    """Copy every point of ``source`` into ``target``; MigrationFailed unless the counts agree."""
    total = source.count()
    if progress:
        progress.start("migrate", total)
    for batch in source.export(batch_size=batch_size):
        target.upsert(batch)
        if progress:
            progress.advance("migrate", len(batch))
    target.optimize()
    copied = target.count()
    if copied != total:
        raise MigrationFailed(f"Kopien har {copied} afsnit, men kilden har {total}.")
    return copied
