"""`vidensbank bench` at national scale: synthetic stores of 10k-300k passages made from a real
corpus (evaluation/synthetic.py), each built in a child process, served by the real server in
its own process and measured over HTTP; the naive peer holds the same points. One run, one JSON.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from corpus.services import embedding_pool
from evaluation import load
from evaluation.store_bench import summary
from evaluation.synthetic import base_passages, save_base
from indexer.embedder import Embedder, create_embedders
from indexer.kommuner import KOMMUNER
from indexer.settings import Settings

# Distinct wordings of the same questions, so timed requests never hit the caches.
LEADS = ("", "Spørgsmål: ", "Jeg vil gerne vide: ", "Kort sagt, ", "Hjælp: ", "Om SSP: ", "Vi undrer os: ",
         "Til kollegerne: ", "Et spørgsmål til vidensbanken: ", "Hurtigt: ", "Hvad siger materialet: ", "Fra skolen: ")


def wordings(questions: Sequence[str], n: int, *, offset: int = 0) -> list[str]:
    """``n`` distinct questions, from ``offset`` on in a fixed order (phases use disjoint slices)."""
    all_ = [lead + q for lead in LEADS for q in questions]
    if offset + n > len(all_):
        all_ = all_ + [f"{q} ({i})" for i in range(offset + n) for q in questions][: offset + n - len(all_)]
    return all_[offset: offset + n]


def model_rate(settings: Settings, questions: list[str]) -> dict:
    """The model alone: queries per second on one thread, and through the pool with every copy
    busy (the model-bound rate the server is held against)."""
    copies = create_embedders(settings.embedding)
    copies[0].embed_query("opvarmning")
    single = wordings(questions, 40, offset=2000)
    start = time.perf_counter()
    for text in single:
        copies[0].embed_query(text)
    one = len(single) / (time.perf_counter() - start)
    pool = embedding_pool(settings.embedding.model_copy(update={"query_cache": 0}))
    many = wordings(questions, 96, offset=3000)
    start = time.perf_counter()
    callers = [threading.Thread(target=lambda part=many[i::8]: [pool.embed_query(t) for t in part]) for i in range(8)]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()
    pooled = len(many) / (time.perf_counter() - start)
    pool.close()
    return {"one_thread_qps": round(one, 1), "pool_qps": round(pooled, 1), "threads": settings.embedding.threads}


def _child(job: dict, folder: Path) -> dict:
    """Run one store_bench job in its own process."""
    job_path = folder / f"job-{job['name']}.json"
    job["result"] = str(folder / f"result-{job['name']}.json")
    job_path.write_text(json.dumps(job), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "evaluation.store_bench", str(job_path)], check=True)
    return json.loads(Path(job["result"]).read_text(encoding="utf-8"))


def _disk_mb(path: Path) -> float:
    """Space used on disk (blocks, not the apparent size of Qdrant's sparse preallocated files)."""
    return round(sum(f.stat().st_blocks * 512 for f in path.rglob("*") if f.is_file()) / 1e6, 1)


def _bodies(texts: list[str], key: str, kommune: str | None) -> list[dict]:
    filters = {"kommune": [kommune]} if kommune else {}
    return [{key: t, "filters": filters} if filters else {key: t} for t in texts]


def measure_server(settings: Settings, data_dir: Path, questions: list[str], *, kommune: str, counts: dict) -> dict:
    """Ready time, memory, latency (with and without a kommune filter) and throughput at 1, 8 and 32 clients."""
    out: dict = {}
    offset = 0

    def take(n: int) -> list[str]:
        nonlocal offset
        offset += n
        return wordings(questions, n, offset=offset - n)

    with load.running_server(settings, data_dir) as server:
        out["ready_s"] = server.ready_s
        out["memory_at_ready"] = server.rss_mb()
        load.latency(server.url, "/v1/search", _bodies(take(10), "query", None))  # warm-up
        load.latency(server.url, "/v1/ask", _bodies(take(5), "question", None))
        n = counts["latency"]
        for route, key in (("/v1/search", "query"), ("/v1/ask", "question")):
            name = route.rsplit("/", 1)[1]
            for label, flt in (("", None), ("_kommune_filter", kommune)):
                timed = load.latency(server.url, route, _bodies(take(n), key, flt))
                out[f"{name}{label}"] = {**summary(timed.pop("ms")), **timed}
        for clients in (1, 8, 32):
            run = load.throughput(server.url, "/v1/search", _bodies(take(counts["per_client"] * clients), "query", None),
                                  clients=clients)
            out[f"search_throughput_{clients}"] = {**{k: v for k, v in run.items() if k != "ms"}, **summary(run["ms"])}
        run = load.throughput(server.url, "/v1/ask", _bodies(take(counts["per_client"] * 32), "question", None),
                              clients=32)
        out["ask_throughput_32"] = {**{k: v for k, v in run.items() if k != "ms"}, **summary(run["ms"])}
        out["memory_after_load"] = server.rss_mb()
    return out


def run_size(settings: Settings, embedder: Embedder, questions: list[str], base_file: Path, size: int, *,
             peer: bool, counts: dict, say: Callable[[str], None], peer_queries: int = 5) -> dict:
    """Build, serve and measure one store size (and the peer on the same points)."""
    folder = Path(tempfile.mkdtemp(prefix=f"vidensbank-scale-{size}-"))
    try:
        queries = folder / "queries.json"
        queries.write_text(json.dumps([(q, embedder.embed_query(q).tolist()) for q in questions[:30]]))
        kommune = KOMMUNER[0]
        job = {"name": "ours", "base": str(base_file), "count": size, "path": str(folder / "data" / "store"),
               "model": embedder.name, "dim": embedder.dim, "hnsw_ef": settings.store.hnsw_ef,
               "exact_below": settings.store.exact_below, "queries": str(queries), "kommune": kommune,
               "sentence_memory": settings.store.sentence_memory, "ngram_memory": settings.store.ngram_memory,
               "dense_memory": settings.store.dense_memory, "segment_mb": settings.store.segment_mb,
               "peer_queries": peer_queries}
        say(f"{size}: building the store")
        result = _child(job, folder)
        result["disk_mb"] = _disk_mb(folder / "data" / "store")
        say(f"{size}: serving and measuring over HTTP")
        result["server"] = measure_server(settings, folder / "data", questions, kommune=kommune, counts=counts)
        if peer:
            say(f"{size}: the naive peer (qdrant-client local mode)")
            result["peer"] = _peer(job, folder, say)
        return result
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _peer(job: dict, folder: Path, say: Callable[[str], None]) -> dict:
    """The naive peer's figures, or why it could not be measured: it holds every vector in RAM,
    and at 100k passages with sentence vectors it outgrew a 24 GiB machine (killed by the
    kernel's out-of-memory killer). The rest of the run goes on either way."""
    try:
        return _child({**job, "name": "peer", "peer": True, "path": str(folder / "peer")}, folder)
    except subprocess.CalledProcessError as exc:
        if exc.returncode == -signal.SIGKILL:
            reason = (f"the peer's process was killed (SIGKILL, most likely out of memory: the machine has "
                      f"{_total_ram_gib():.1f} GiB)")
        else:
            reason = f"the peer's process failed (exit {exc.returncode})"
        say(f"  {reason}")
        return {"failed": reason}


def _total_ram_gib() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30


def run_scale(settings: Settings, embedder: Embedder, *, corpus: Sequence[Path], questions: list[str],
              sizes: Sequence[int], peer_max: int, counts: dict, say: Callable[[str], None] = print,
              peer_queries: int = 5) -> dict:
    """Every size measured in one run, the model's own rate first."""
    say("base passages from the real corpus")
    base = base_passages(settings, embedder, corpus)
    say("the model's own rate")
    result = {"base_passages": len(base), "model_rate": model_rate(settings, questions), "sizes": {}}
    with tempfile.TemporaryDirectory(prefix="vidensbank-base-") as tmp:
        base_file = Path(tmp) / "base.pickle"
        save_base(base, base_file)
        for size in sizes:
            result["sizes"][str(size)] = run_size(settings, embedder, questions, base_file, size,
                                                  peer=size <= peer_max, counts=counts, say=say,
                                                  peer_queries=peer_queries)
    return result
