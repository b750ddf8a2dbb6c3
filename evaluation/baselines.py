"""Peer baselines: what a tutorial pipeline gives on the same corpus, in the same run.

Each document's text is cut into fixed 200-word windows; the windows are searched by
Danish BM25 (Snowball stemmer and stopwords), by the same dense model, and by the plain
RRF fusion of the two. They live in their own temporary store, next to the system's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from corpus.ingest import collect_files
from indexer.embedder import Embedder
from indexer.errors import VidensbankError
from indexer.models import chunk_id
from indexer.parser import parse_bytes
from indexer.settings import Settings
from indexer.store import Store, StoredPoint, StoreQuery, bm25, open_store

log = logging.getLogger(__name__)

WINDOW_WORDS = 200
BASELINES = ("bm25", "dense", "rrf")


@dataclass(frozen=True)
class Window:
    """A fixed run of words from one document."""

    source: str
    n: int
    text: str


@dataclass(frozen=True)
class Retrieved:
    """A returned passage, reduced to what the judge needs."""

    source: str
    text: str
    score: float
    original: str | None = None  # the passage before OCR repair, when that changed it


def cut_windows(text: str, *, source: str, size: int = WINDOW_WORDS, stride: int | None = None) -> list[Window]:
    """Windows of ``size`` words starting every ``stride`` words (default: no overlap); the last may be shorter."""
    words = text.split()
    starts = range(0, len(words), stride or size)
    return [Window(source, n, " ".join(words[s : s + size])) for n, s in enumerate(starts)]


def corpus_windows(paths: Sequence[Path], *, size: int = WINDOW_WORDS) -> list[Window]:
    """Windows of every readable file under ``paths`` (unreadable files are left out)."""
    windows: list[Window] = []
    for file in collect_files(paths):
        try:
            parsed = parse_bytes(file.path.name, file.path.read_bytes())
        except (VidensbankError, OSError) as exc:
            log.info("baseline skips %s (%s)", file.source, type(exc).__name__)
            continue
        windows.extend(cut_windows(parsed.text, source=file.source, size=size))
    return windows


class BaselineIndex:
    """The windows of a corpus in their own store, searchable three ways."""

    def __init__(self, settings: Settings, embedder: Embedder, *, folder: Path) -> None:
        store_settings = settings.model_copy(update={
            "data_dir": folder, "store": settings.store.model_copy(update={
                "path": folder / "store", "collection": f"{settings.store.collection}-baseline"})})
        self.embedder = embedder
        self.store: Store = open_store(store_settings, model=embedder.name, dim=embedder.dim)

    def add(self, windows: Sequence[Window], *, batch_size: int = 16,
            on_progress: Callable[[int], None] | None = None) -> None:
        """Embed and store the windows."""
        for start in range(0, len(windows), batch_size):
            batch = windows[start : start + batch_size]
            vectors = self.embedder.embed_passages([w.text for w in batch])
            self.store.upsert([
                StoredPoint(id=chunk_id(w.source, w.n), dense=v, sparse=bm25.document_vector(w.text, compounds=False),
                            payload={"doc_id": w.source, "source": w.source, "chunk_no": w.n, "text": w.text})
                for w, v in zip(batch, vectors)
            ])
            if on_progress:
                on_progress(len(batch))
        self.store.optimize()

    def search(self, query: str, *, method: str, k: int = 10) -> list[Retrieved]:
        """The top ``k`` windows by ``method``: 'bm25', 'dense' or 'rrf'."""
        sparse = bm25.query_vector(query)
        request = StoreQuery(
            limit=k, prefetch_limit=max(60, k),
            dense=self.embedder.embed_query(query) if method in ("dense", "rrf") else None,
            sparse=sparse if method in ("bm25", "rrf") and sparse.indices else None,
        )
        records = self.store.query(request)
        # RRF gives exact ties (1/61 + 1/62 twice); the engine orders them arbitrarily, so
        # break them by document and window order to make runs repeatable.
        records.sort(key=lambda r: (-round(r.score, 9), r.payload["source"], r.payload["chunk_no"]))
        return [Retrieved(r.payload["source"], r.payload["text"], r.score) for r in records]

    def close(self) -> None:
        """Release the store."""
        self.store.close()
