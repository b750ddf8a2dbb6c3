"""The embedding pool: concurrent queries share model calls, repeats come from the cache,
passages are split over the model copies, and a failing call reaches every waiting caller."""

from __future__ import annotations

import signal
import threading
import time

import numpy as np
import pytest

from indexer.embedder import HashingEmbedder
from indexer.embedding_pool import EmbeddingPool


class GatedEmbedder(HashingEmbedder):
    """The hashing fake, recording the size of every query call; the first call waits for ``gate``."""

    def __init__(self) -> None:
        super().__init__(dim=32)
        self.calls: list[int] = []
        self.gate, self.entered = threading.Event(), threading.Event()

    def embed_queries(self, texts):
        if not self.calls:
            self.entered.set()
            self.gate.wait(timeout=10)
        self.calls.append(len(texts))
        if any(t == "boom" for t in texts):
            raise RuntimeError("model failed")
        return np.stack([self.embed_query(t) for t in texts])


def _wait_for(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def _ask_concurrently(pool: EmbeddingPool, texts: list[str]) -> tuple[dict, list[threading.Thread]]:
    results: dict[str, np.ndarray] = {}
    threads = [threading.Thread(target=lambda t=t: results.__setitem__(t, pool.embed_query(t))) for t in texts]
    for thread in threads:
        thread.start()
    return results, threads


def test_queries_waiting_for_a_busy_model_are_embedded_in_one_call():
    model = GatedEmbedder()
    pool = EmbeddingPool([model], max_batch=16, max_wait_ms=0)
    try:
        results, first = _ask_concurrently(pool, ["lokalgrupper i Faxe"])
        assert model.entered.wait(timeout=10)  # the first query is inside the (gated) model call
        queries = [f"spørgsmål nummer {n} om skolen" for n in range(7)]
        more, threads = _ask_concurrently(pool, queries)
        _wait_for(lambda: pool._queue.qsize() == 7)
        model.gate.set()
        for thread in first + threads:
            thread.join(timeout=10)
        assert model.calls == [1, 7]
        assert pool.batches == 2 and pool.batched_queries == 8
        for text in queries:
            assert np.allclose(more[text], HashingEmbedder(dim=32).embed_query(text))
    finally:
        pool.close()


def test_a_repeated_query_comes_from_the_cache_not_the_model():
    model = GatedEmbedder()
    model.gate.set()
    pool = EmbeddingPool([model], cache_size=10)
    try:
        first = pool.embed_query("Hvem deltager i SSP-udvalget?")
        again = pool.embed_query("Hvem deltager i SSP-udvalget?")
        assert model.calls == [1]
        assert np.array_equal(first, again) and (pool.cache.hits, pool.cache.misses) == (1, 1)
    finally:
        pool.close()


def test_the_cache_forgets_the_least_recently_used_query():
    model = GatedEmbedder()
    model.gate.set()
    pool = EmbeddingPool([model], cache_size=2)
    try:
        for text in ("a b", "c d", "a b", "e f", "c d"):
            pool.embed_query(text)
        assert model.calls == [1, 1, 1, 1]  # "c d" was dropped when "e f" came
    finally:
        pool.close()


def test_a_failing_model_call_reaches_the_caller_and_the_pool_lives_on():
    model = GatedEmbedder()
    model.gate.set()
    pool = EmbeddingPool([model])
    try:
        with pytest.raises(RuntimeError, match="model failed"):
            pool.embed_query("boom")
        assert pool.embed_query("natteravne").shape == (32,)
    finally:
        pool.close()


class RecordingEmbedder(HashingEmbedder):
    """The hashing fake, recording how many passages each call gets into a shared list."""

    def __init__(self, seen: list[int]) -> None:
        super().__init__(dim=32)
        self.seen = seen

    def embed_passages(self, texts):
        self.seen.append(len(texts))
        return super().embed_passages(texts)


def test_passages_are_split_over_the_model_copies_and_keep_their_order():
    seen: list[int] = []
    pool = EmbeddingPool([RecordingEmbedder(seen), RecordingEmbedder(seen)])
    try:
        texts = [f"passage {n} om lokalgrupper og skoler" for n in range(9)]
        assert np.allclose(pool.embed_passages(texts), HashingEmbedder(dim=32).embed_passages(texts))
        assert sorted(seen) == [4, 5] and pool.threads == 2
        assert pool.embed_passages([]).shape == (0, 32)
    finally:
        pool.close()


def test_many_callers_with_a_tiny_batching_wait_all_get_their_vectors():
    """A worker gathering a batch waits for more queries at most a few microseconds here, while
    signals interrupt its waits: every caller must still be answered. (Once, in a dev-set run, a
    worker stayed blocked in SimpleQueue.get(timeout=~2 ms) on an empty queue with the only
    caller's query; this did not reproduce that hang with the old queue, it guards the path.)"""
    pool = EmbeddingPool([HashingEmbedder(dim=32), HashingEmbedder(dim=32)], max_batch=4, max_wait_ms=0.01,
                         cache_size=0)
    answered = []

    def ask(n: int) -> None:
        for i in range(150):
            answered.append(pool.embed_query(f"spørgsmål {n} nummer {i}").shape)

    # Signals arriving all the time interrupt the workers' waits, as a server's signals can.
    previous = signal.signal(signal.SIGALRM, lambda *_: None)
    signal.setitimer(signal.ITIMER_REAL, 0.0002, 0.0002)
    try:
        callers = [threading.Thread(target=ask, args=(n,), daemon=True) for n in range(8)]
        for caller in callers:
            caller.start()
        for caller in callers:
            caller.join(timeout=30)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0, 0)
        signal.signal(signal.SIGALRM, previous)
    pool.close()
    assert not any(caller.is_alive() for caller in callers), "a caller never got its vector"
    assert answered == [(32,)] * (8 * 150)
