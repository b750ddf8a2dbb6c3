"""Benchmarks: indexing throughput and search latency, each against a baseline measured in
the same run (these machines are noisy, so ratios matter more than absolute figures)."""

from __future__ import annotations

import json
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import httpx

from corpus.ingest import index_paths
from corpus.services import Services
from indexer.settings import Settings
from indexer.store import Filters, StoreQuery, bm25
from search_api.app import create_app
from search_api.retrieval.answer import ask
from search_api.retrieval.search import search

DEFAULT_QUERIES = [
    "Hvordan er lokalgrupperne organiseret?",
    "Hvem deltager i SSP-udvalget?",
    "Hvor ofte mødes koordinationsgruppen?",
    "Hvad er SSP-konsulentens rolle?",
    "udveksling af oplysninger efter § 115",
    "natteravne og gadeplansarbejde",
    "forældremøder om alkohol",
    "Hvordan finansieres SSP-samarbejdet?",
    "konfliktmægling og åben rådgivning",
    "Hvem var fraværende ved mødet?",
    "sidste skoledag",
    "lokalbetjentenes forankring i politikredsen",
]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _summary(ms: list[float]) -> dict:
    return {"n": len(ms), "p50_ms": round(percentile(ms, 50), 2), "p95_ms": round(percentile(ms, 95), 2),
            "mean_ms": round(statistics.fmean(ms), 2) if ms else None}


def _timed(fn, repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _running_server(services: Services):
    """The real app under uvicorn on a free local port, in a background thread."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(services.settings, services=services), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def bench_indexing(services: Services, corpus: list[Path]) -> dict:
    """Index the corpus; baseline: the embedding model alone on the same passages."""
    start = time.perf_counter()
    report = index_paths(services, corpus)
    seconds = time.perf_counter() - start
    rows = services.catalog.list(limit=100_000)
    texts = [passage_text_for(services, row.doc_id) for row in rows]
    texts = [t for doc in texts for t in doc]
    start = time.perf_counter()
    services.embedder.embed_passages(texts)
    model_seconds = time.perf_counter() - start
    chunks = report.chunks
    return {
        "files_indexed": report.count("indexed"), "files_failed": report.count("failed"), "chunks": chunks,
        "seconds": round(seconds, 2), "chunks_per_s": round(chunks / seconds, 2) if seconds else None,
        "model_only_seconds": round(model_seconds, 2),
        "model_only_chunks_per_s": round(len(texts) / model_seconds, 2) if model_seconds else None,
        "pipeline_vs_model": round(seconds / model_seconds, 3) if model_seconds else None,
    }


def passage_text_for(services: Services, doc_id: str) -> list[str]:
    """The embedded texts of a stored document, rebuilt from its payload."""
    out = []
    for record in services.store.scroll(Filters(doc_ids=(doc_id,))):
        p = record.payload
        head = " - ".join(x for x in (p.get("title"), p.get("section")) if x)
        out.append(f"{head}\n{p['text']}" if head else p["text"])
    return out


def bench_search(services: Services, queries: list[str], *, repeats: int) -> dict:
    """Search (and answer) latency in-process and over HTTP, with the model and store parts as baselines."""
    embed = [t for q in queries for t in _timed(lambda q=q: services.embedder.embed_query(q), repeats)]
    vectors = [(services.embedder.embed_query(q), bm25.query_vector(q)) for q in queries]
    store = [t for d, s in vectors for t in _timed(
        lambda d=d, s=s: services.store.query(StoreQuery(limit=10, dense=d, sparse=s)), repeats)]
    in_process = [t for q in queries for t in _timed(lambda q=q: search(services, q, top_k=10), repeats)]
    answers = [t for q in queries for t in _timed(lambda q=q: ask(services, q), repeats)]
    with _running_server(services) as base, httpx.Client(base_url=base, timeout=30) as client:
        client.post("/v1/search", json={"query": queries[0]}).raise_for_status()  # warm-up
        http = [t for q in queries for t in _timed(
            lambda q=q: client.post("/v1/search", json={"query": q, "top_k": 10}).raise_for_status(), repeats)]
    return {"embed_query": _summary(embed), "store_query": _summary(store),
            "search_in_process": _summary(in_process), "ask_in_process": _summary(answers),
            "search_http": _summary(http)}


def git_sha() -> str | None:
    """Short commit of the working tree, if it is a git checkout."""
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              check=True, cwd=Path(__file__).parent).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def run_benchmarks(settings: Settings, corpus: list[Path], *, queries: list[str] | None = None,
                   repeats: int = 5) -> dict:
    """Index ``corpus`` into a temporary store and measure indexing and search."""
    with tempfile.TemporaryDirectory(prefix="vidensbank-bench-") as tmp:
        # The rate limiter would answer most timed HTTP requests with 429: latency is measured without it.
        bench_settings = settings.model_copy(update={
            "data_dir": Path(tmp), "auth": settings.auth.model_copy(update={"rate_limit_per_minute": 0})})
        with Services.open(bench_settings) as services:
            indexing = bench_indexing(services, corpus)
            latency = bench_search(services, queries or DEFAULT_QUERIES, repeats=repeats)
            backend = services.store.info_backend
            model = services.embedder.name
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "git_sha": git_sha(),
        "corpus": [str(p) for p in corpus], "store": backend, "model": model, "repeats": repeats,
        "indexing": indexing, "search": latency,
    }


def save(result: dict, out_dir: Path) -> Path:
    """Write a run as JSON named by date and commit."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = result["date"].replace(":", "").replace("-", "")[:15]
    path = out_dir / f"bench-{stamp}-{result.get('git_sha') or 'nogit'}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return path
