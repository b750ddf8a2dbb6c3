"""The embedded store's shard on disk: the metadata file beside it (model, dimension, schema)
and the guard that turns the Rust core's bare exceptions into StoreDamaged."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from qdrant_edge import EdgeShard

from indexer.disk import write_atomically
from indexer.errors import StoreDamaged
from indexer.store.protocol import SCHEMA

log = logging.getLogger(__name__)

META_FILE = "vidensbank-store.json"


def read_meta(path: Path) -> dict | None:
    """The store's metadata (model, dimension, schema); None for a new store, StoreDamaged
    when the file cannot be read."""
    try:
        meta = json.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise StoreDamaged(_damaged(path, type(exc).__name__)) from None
    if not isinstance(meta, dict) or not isinstance(meta.get("model"), str) or not isinstance(meta.get("dim"), int):
        raise StoreDamaged(_damaged(path, "model or dim missing"))
    return meta


def _damaged(path: Path, why: str) -> str:
    return (f"Lagerets metadatafil {path} er beskadiget ({why}). Kør `vidensbank store repair`: den genskaber "
            "filen og bygger indekset op igen fra kataloget og de gemte originalfiler.")


def write_meta(path: Path, *, model: str, dim: int, schema: int = SCHEMA) -> None:
    """Write the store's metadata atomically (a crash leaves the old file or the new one)."""
    write_atomically(path / META_FILE, json.dumps({"model": model, "dim": dim, "schema": schema}).encode())


class Guarded:
    """An open shard whose calls turn the Rust core's bare exceptions (a damaged segment, an
    unreadable file) into StoreDamaged, with the repair command, instead of a traceback."""

    def __init__(self, shard: EdgeShard, path: Path) -> None:
        self._shard, self._path = shard, path

    def __getattr__(self, name: str):
        method = getattr(self._shard, name)

        def call(*args, **kwargs):
            try:
                return method(*args, **kwargs)
            except Exception as exc:
                log.error("the store at %s failed: %s", self._path, exc)
                raise StoreDamaged(f"Lageret i {self._path} kan ikke bruges: {exc}. Kør `vidensbank store repair` "
                                   "for at bygge det op igen fra kataloget og de gemte originalfiler.") from None

        return call
