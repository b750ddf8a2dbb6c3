"""Benchmark parts shared by `vidensbank bench`: indexing throughput against the model alone
(measured in the same run: these machines are noisy, so ratios matter more than absolute
figures), the questions, and saving a run. The scale benchmark is evaluation/scale_bench.py."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from corpus.ingest import index_paths
from corpus.services import Services
from indexer.store import Filters

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


def read_questions(paths: list[Path]) -> list[str]:
    """The distinct questions of JSONL files with a "query" per line, in order."""
    texts = [json.loads(line)["query"] for path in paths for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    return list(dict.fromkeys(texts))


def git_sha() -> str | None:
    """Short commit of the working tree, if it is a git checkout."""
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              check=True, cwd=Path(__file__).parent).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def save(result: dict, out_dir: Path, *, prefix: str = "bench") -> Path:
    """Write a run as JSON named by date and commit."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = result["date"].replace(":", "").replace("-", "")[:15]
    path = out_dir / f"{prefix}-{stamp}-{result.get('git_sha') or 'nogit'}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return path
