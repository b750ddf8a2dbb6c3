"""An on-disk embedding cache, so repeated evaluation runs do not re-embed the corpus.

Wraps any Embedder; vectors are keyed by model name, role (query or passage) and a hash of
the text, in one SQLite file. The wrapper keeps the inner model's name and dimension, so a
store built through it is the store the plain model would build.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from indexer.embedder import Embedder


def default_cache_path() -> Path:
    """``$XDG_CACHE_HOME/vidensbank/embeddings.sqlite`` (``~/.cache`` by default)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "vidensbank" / "embeddings.sqlite"


class CachedEmbedder:
    """An Embedder that looks vectors up on disk before asking the wrapped model."""

    def __init__(self, inner: Embedder, path: Path) -> None:
        self.inner = inner
        self.name, self.dim = inner.name, inner.dim
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        self.hits = self.misses = 0

    def _key(self, role: str, text: str) -> str:
        return hashlib.sha256(f"{self.name}\0{self.dim}\0{role}\0{text}".encode()).hexdigest()

    def _lookup(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            batch = list(keys[start : start + 500])
            marks = ",".join("?" * len(batch))
            for key, blob in self._db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", batch):
                found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def _store(self, pairs: list[tuple[str, np.ndarray]]) -> None:
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                                 [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in pairs])

    def embed_query(self, text: str) -> np.ndarray:
        """The query vector, from the cache when seen before."""
        key = self._key("query", text)
        cached = self._lookup([key]).get(key)
        if cached is not None:
            self.hits += 1
            return cached
        self.misses += 1
        vector = self.inner.embed_query(text)
        self._store([(key, vector)])
        return vector

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Passage vectors; only the texts not in the cache reach the model."""
        keys = [self._key("passage", t) for t in texts]
        found = self._lookup(keys)
        missing = [i for i, k in enumerate(keys) if k not in found]
        self.hits += len(texts) - len(missing)
        self.misses += len(missing)
        if missing:
            vectors = self.inner.embed_passages([texts[i] for i in missing])
            self._store([(keys[i], v) for i, v in zip(missing, vectors)])
            found.update({keys[i]: v for i, v in zip(missing, vectors)})
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, key in enumerate(keys):
            out[i] = found[key]
        return out

    def close(self) -> None:
        """Close the cache file."""
        self._db.close()
