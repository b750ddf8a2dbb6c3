"""Build a synthetic store through the project's Store code and measure it, in a child process
of its own so its peak memory is the build's alone; the same for the naive peer.

Run as ``python -m evaluation.store_bench JOB.json``: the job names the base passages, the
size, the store folder and the query vectors; the result is written next to it.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from evaluation.synthetic import load_base, synthetic_points
from indexer import ngrams
from indexer.store import Filters, Store, StoreQuery, bm25
from indexer.store.edge import EdgeStore

K = 10


def peak_rss_mb() -> float:
    """The peak resident memory of this process so far."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def rss_mb() -> float:
    """The resident memory of this process now."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def _ms(fn, repeats: int = 1) -> list[float]:
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return round(ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo), 2)


def summary(values: list[float]) -> dict:
    """Count, interpolated p50 and p95, and mean of millisecond timings (every bench reports these)."""
    return {"n": len(values), "p50_ms": _p(values, 50), "p95_ms": _p(values, 95),
            "mean_ms": round(statistics.fmean(values), 2)}


def fill(store: Store, job: dict) -> dict:
    """Upsert the synthetic points in batches (our store indexes each segment as it fills),
    then optimise once."""
    base = load_base(Path(job["base"]))
    start = time.perf_counter()
    for batch in synthetic_points(base, job["count"]):
        store.upsert(batch)
    upserted = time.perf_counter()
    store.optimize()
    done = time.perf_counter()
    return {"upsert_s": round(upserted - start, 1), "optimize_s": round(done - upserted, 1),
            "build_s": round(done - start, 1)}


def _hybrid(vector: np.ndarray, text: str, filters: Filters) -> StoreQuery:
    """The request search() sends: dense, BM25 and n-grams fused by DBSF."""
    return StoreQuery(limit=K, dense=vector, sparse=bm25.query_vector(text), ngrams=ngrams.query_vector(text),
                      filters=filters, fusion="dbsf")


def probe(store: Store, queries: list[tuple[str, np.ndarray]], *, kommune: str, repeats: int = 3) -> dict:
    """Store latency dense and hybrid, with and without a kommune filter; HNSW against exact."""
    one = Filters(kommune=(kommune,))
    dense = [t for _, v in queries for t in _ms(lambda v=v: store.query(StoreQuery(limit=K, dense=v)), repeats)]
    hybrid = [t for q, v in queries for t in _ms(lambda q=q, v=v: store.query(_hybrid(v, q, Filters())), repeats)]
    filtered = [t for q, v in queries for t in _ms(lambda q=q, v=v: store.query(_hybrid(v, q, one)), repeats)]
    out = {"dense": summary(dense), "hybrid": summary(hybrid), "hybrid_kommune_filter": summary(filtered)}
    if isinstance(store, EdgeStore):
        out.update(_plans(store, queries, one))
    return out


def _plans(store: EdgeStore, queries: list[tuple[str, np.ndarray]], one: Filters) -> dict:
    """Recall@10 of HNSW against exact search, and a kommune filter searched both ways."""
    chosen = store.exact_below
    results = {}
    for plan, threshold in (("hnsw", 0), ("exact", 1 << 62)):
        store.exact_below, store._filtered = threshold, {}
        ids = [[r.id for r in store.query(StoreQuery(limit=K, dense=v))] for _, v in queries]
        times = [t for _, v in queries for t in _ms(lambda v=v: store.query(StoreQuery(limit=K, dense=v, filters=one)), 3)]
        results[plan] = (ids, times)
    store.exact_below, store._filtered = chosen, {}
    recall = statistics.fmean(len(set(h) & set(e)) / max(1, len(e)) for h, e in zip(results["hnsw"][0], results["exact"][0]))
    return {"hnsw_recall_at_10": round(recall, 4), "kommune_filter_hnsw": summary(results["hnsw"][1]),
            "kommune_filter_exact": summary(results["exact"][1]),
            "kommune_filter_plan": store.search_plan(one), "kommune_share": round(store.count(one) / store.count(), 4)}


def _queries(job: dict) -> list[tuple[str, np.ndarray]]:
    data = json.loads(Path(job["queries"]).read_text(encoding="utf-8"))
    return [(q, np.asarray(v, dtype=np.float32)) for q, v in data]


def run_ours(job: dict) -> dict:
    """Build our store (Qdrant Edge through EdgeStore), measure it, close it."""
    store = EdgeStore(Path(job["path"]), model=job["model"], dim=job["dim"], hnsw_ef=job["hnsw_ef"],
                      exact_below=job["exact_below"], sentence_memory=job["sentence_memory"],
                      ngram_memory=job["ngram_memory"], dense_memory=job.get("dense_memory", "int8"),
                      segment_mb=job.get("segment_mb", 160.0))
    result = {"build": fill(store, job)}
    result["build"]["peak_rss_mb"] = peak_rss_mb()
    result["build"]["segments"] = store.segment_count()
    result["store"] = probe(store, _queries(job), kommune=job["kommune"])
    store.close()
    return result


def run_peer(job: dict) -> dict:
    """The same points in qdrant-client local mode: build, reopen, query."""
    from indexer.store.remote import ClientStore

    def open_local_peer(path: Path, *, model: str, dim: int) -> ClientStore:
        return ClientStore(f"local:{path}", collection="vidensbank", model=model, dim=dim)

    path = Path(job["path"])
    store = open_local_peer(path, model=job["model"], dim=job["dim"])
    result = {"build": fill(store, job)}
    result["build"]["peak_rss_mb"] = peak_rss_mb()
    store.close()
    before = rss_mb()
    start = time.perf_counter()
    store = open_local_peer(path, model=job["model"], dim=job["dim"])
    result["open_s"] = round(time.perf_counter() - start, 1)
    result["open_rss_added_mb"] = round(rss_mb() - before, 1)
    queries = _queries(job)[: job.get("peer_queries", 5)]
    result["store"] = probe(store, queries, kommune=job["kommune"], repeats=1)
    store.close()
    return result


def main(job_path: str) -> None:
    job = json.loads(Path(job_path).read_text(encoding="utf-8"))
    result = run_peer(job) if job.get("peer") else run_ours(job)
    Path(job["result"]).write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
