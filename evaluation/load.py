"""The real server under load: `vidensbank serve` in its own process on 127.0.0.1, timed from
outside over HTTP, with its own /metrics telling where the time went (model, store, rest)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from indexer.settings import Settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(settings: Settings, data_dir: Path) -> dict[str, str]:
    """The server's settings as environment: the bench's model and store knobs, no rate limit,
    no start-up reconciliation (the synthetic store has no catalog behind it)."""
    e = settings.embedding
    values = {
        "DATA_DIR": str(data_dir), "AUTH__RATE_LIMIT_PER_MINUTE": "0", "CATALOG__RECONCILE_ON_START": "false",
        "EMBEDDING__BACKEND": e.backend, "EMBEDDING__DIM": str(e.dim), "EMBEDDING__THREADS": str(e.threads),
        "EMBEDDING__QUERY_BATCH": str(e.query_batch), "EMBEDDING__QUERY_WAIT_MS": str(e.query_wait_ms),
        "EMBEDDING__QUERY_CACHE": str(e.query_cache), "STORE__CACHE_SIZE": str(settings.store.cache_size),
        "STORE__PASSAGE_CACHE": str(settings.store.passage_cache),
        "STORE__HNSW_EF": str(settings.store.hnsw_ef), "STORE__EXACT_BELOW": str(settings.store.exact_below),
        "API__THREADS": str(settings.api.threads), "API__LOG_LEVEL": "warning",
        "STORE__SENTENCE_MEMORY": settings.store.sentence_memory, "STORE__NGRAM_MEMORY": settings.store.ngram_memory,
        "STORE__DENSE_MEMORY": settings.store.dense_memory, "STORE__SEGMENT_MB": str(settings.store.segment_mb),
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIDENSBANK_")}
    env.update({f"VIDENSBANK_{k}": v for k, v in values.items()})
    return env


@dataclass
class Server:
    """A running server process and what it cost to start."""

    process: subprocess.Popen
    url: str
    ready_s: float

    def rss_mb(self) -> dict:
        """Resident memory now (anonymous and file-backed) and at its peak."""
        fields = {}
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
                fields[name] = round(int(value.split()[0]) / 1024, 1)
        return {"rss_mb": fields.get("VmRSS"), "peak_mb": fields.get("VmHWM"), "anon_mb": fields.get("RssAnon"),
                "file_mb": fields.get("RssFile")}


@contextmanager
def running_server(settings: Settings | None, data_dir: Path, *, timeout: float = 300.0, cwd: Path | None = None,
                   env: dict[str, str] | None = None):
    """`python -m vidensbank serve` on a free port; yields once /readyz answers 200. ``cwd``: the
    checkout whose code serves (another revision's worktree); ``env``: its environment instead of
    the one made from ``settings``."""
    port = _free_port()
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "vidensbank", "serve", "--port", str(port)], cwd=cwd,
                               env=env if env is not None else _env(settings, data_dir),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited: {process.stderr.read().decode(errors='replace')[-2000:]}")
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.perf_counter() - start > timeout:
                raise RuntimeError("the server did not become ready")
            time.sleep(0.05)
        yield Server(process, url, round(time.perf_counter() - start, 2))
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def scrape(url: str) -> dict[str, float]:
    """The server's metric samples that say where time went, summed over labels we need."""
    wanted = {
        "embed_s": ('vidensbank_embedding_seconds_sum{kind="query"}',),
        "embed_calls": ('vidensbank_embedding_seconds_count{kind="query"}',),
        "embed_texts": ('vidensbank_embedding_batch_size_sum{kind="query"}',),
        "store_s": ('vidensbank_store_seconds_sum{operation="query"}',
                    'vidensbank_store_seconds_sum{operation="sentence_vectors"}'),
    }
    lines = httpx.get(f"{url}/metrics", timeout=10).text.splitlines()
    values = {}
    for key, names in wanted.items():
        values[key] = sum(float(line.rsplit(" ", 1)[1]) for line in lines for n in names if line.startswith(n))
    return values


def timed_post(client: httpx.Client, route: str, body: dict) -> float:
    """Milliseconds for one POST that must succeed."""
    start = time.perf_counter()
    response = client.post(route, json=body)
    response.raise_for_status()
    return (time.perf_counter() - start) * 1000


def latency(url: str, route: str, bodies: list[dict]) -> dict:
    """One client, one request at a time: latencies, and the mean time in model and store per request."""
    before = scrape(url)
    with httpx.Client(base_url=url, timeout=60) as client:
        times = [timed_post(client, route, body) for body in bodies]
    after = scrape(url)
    n = len(bodies)
    return {"ms": times, "embed_ms_per_request": round((after["embed_s"] - before["embed_s"]) * 1000 / n, 2),
            "store_ms_per_request": round((after["store_s"] - before["store_s"]) * 1000 / n, 2)}


def throughput(url: str, route: str, bodies: list[dict], *, clients: int) -> dict:
    """``clients`` clients sending the bodies between them as fast as answers come back."""
    times: list[float] = []
    errors = 0
    lock = threading.Lock()
    shares = [bodies[i::clients] for i in range(clients)]

    def client_loop(share: list[dict]) -> None:
        nonlocal errors
        with httpx.Client(base_url=url, timeout=120) as client:
            for body in share:
                try:
                    t = timed_post(client, route, body)
                    with lock:
                        times.append(t)
                except httpx.HTTPError:
                    with lock:
                        errors += 1

    before = scrape(url)
    start = time.perf_counter()
    threads = [threading.Thread(target=client_loop, args=(share,)) for share in shares]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    after = scrape(url)
    calls = after["embed_calls"] - before["embed_calls"]
    texts = after["embed_texts"] - before["embed_texts"]
    return {"clients": clients, "requests": len(bodies), "errors": errors, "seconds": round(seconds, 2),
            "qps": round(len(times) / seconds, 2), "ms": times,
            "mean_batch": round(texts / calls, 2) if calls else None}
