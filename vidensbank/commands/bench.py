"""`vidensbank bench`"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from vidensbank.output import err_console as err, out, print_json

RESULTS = Path("evaluation/results")


def _questions(paths: list[Path]) -> list[str]:
    from evaluation.bench import DEFAULT_QUERIES, read_questions

    return read_questions(paths) or list(DEFAULT_QUERIES)


def _defaults() -> tuple[list[Path], list[Path]]:
    """The real corpus (samples and seeds) and the dev questions next to this checkout."""
    from evaluation.devsets import REPO, SHARED

    corpus = [p for p in (REPO / "corpus" / "samples", SHARED / "seeds") if p.is_dir()]
    queries = [p for p in (SHARED / "eval" / "dev" / "queries.jsonl", SHARED / "eval" / "hard-dev" / "queries.jsonl",
                           REPO / "evaluation" / "datasets" / "samples-dev" / "queries.jsonl") if p.is_file()]
    return corpus, queries


def bench(
    ctx: typer.Context,
    sizes: list[int] = typer.Option([10_000], "--size", min=100, help="Passages in a synthetic store (repeatable)."),
    corpus: Optional[list[Path]] = typer.Option(None, "--corpus", exists=True,
                                                help="Real corpus the passages are made from (default: samples and seeds)."),
    queries: Optional[list[Path]] = typer.Option(None, "--queries", exists=True,
                                                 help="JSONL with a 'query' per line (default: the dev sets)."),
    peer_max: int = typer.Option(100_000, "--peer-max", help="Measure the naive peer up to this size (0: never)."),
    indexing: bool = typer.Option(True, "--indexing/--no-indexing", help="Index the real corpus with the real "
                                                                         "model too (pipeline against model)."),
    per_client: int = typer.Option(8, "--requests-per-client", min=1, help="Requests per client in throughput runs."),
    latency_requests: int = typer.Option(30, "--latency-requests", min=5, help="Timed requests per latency figure."),
    cache: Optional[Path] = typer.Option(None, "--cache", help="Embedding cache for the base passages "
                                                                "(default: ~/.cache/vidensbank/embeddings.sqlite)."),
    out_dir: Path = typer.Option(RESULTS, "--out", help="Folder for the JSON result."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Build synthetic stores of the given sizes from the real corpus and measure, in one run:
    search and ask latency over HTTP with and without a filter, throughput at 1, 8 and 32
    clients against the model's own rate, HNSW recall, memory, disk, time to ready, indexing
    throughput, and the naive peer (qdrant-client local mode) on the same points.

    Example: vidensbank bench --size 10000 --size 100000
    """
    from evaluation.bench import bench_indexing, git_sha, save
    from evaluation.embed_cache import default_cache_path
    from evaluation.runner import open_embedder
    from evaluation.scale_bench import run_scale
    from evaluation.scale_report import goals, markdown

    settings = ctx.obj
    default_corpus, default_queries = _defaults()
    corpus = corpus or default_corpus
    if not corpus:
        raise typer.BadParameter("Ingen korpus fundet; angiv --corpus.")
    questions = _questions(queries or default_queries)
    embedder = open_embedder(settings, None if settings.embedding.backend == "hashing" else
                             (cache or default_cache_path()))
    result = _header(settings, embedder, corpus, git_sha())
    result.update(run_scale(settings, embedder, corpus=corpus, questions=questions, sizes=sizes, peer_max=peer_max,
                            counts={"latency": latency_requests, "per_client": per_client},
                            say=lambda text: err.print(f"[dim]{time.strftime('%H:%M:%S')} {text}[/dim]")))
    result["indexing"] = _indexing(settings, corpus, bench_indexing) if indexing else None
    path = save(result, out_dir)  # the figures are kept even if the table below fails
    result["goals"] = goals(result, result["indexing"])
    path = save(result, out_dir)
    if as_json:
        print_json(result)
    else:
        _show(result)
        out.print(markdown(result["goals"], size=max(result["sizes"], key=int)))
    err.print(f"Gemt: {path}")


def _header(settings, embedder, corpus: list[Path], sha: str | None) -> dict:
    from datetime import datetime, timezone

    return {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "git_sha": sha, "kind": "scale",
            "model": embedder.name, "store": "edge", "corpus": [str(p) for p in corpus],
            "settings": {"threads": settings.embedding.threads, "query_batch": settings.embedding.query_batch,
                         "query_wait_ms": settings.embedding.query_wait_ms, "api_threads": settings.api.threads,
                         "hnsw_ef": settings.store.hnsw_ef, "exact_below": settings.store.exact_below,
                         "sentence_memory": settings.store.sentence_memory,
                         "ngram_memory": settings.store.ngram_memory, "dense_memory": settings.store.dense_memory,
                         "segment_mb": settings.store.segment_mb}}


def _indexing(settings, corpus: list[Path], bench_indexing) -> dict:
    """The real pipeline on the real corpus into a fresh store, against the model alone."""
    import tempfile

    from corpus.services import Services

    with tempfile.TemporaryDirectory(prefix="vidensbank-index-") as tmp:
        with Services.open(settings.model_copy(update={"data_dir": Path(tmp)})) as services:
            return bench_indexing(services, corpus)


def _show(result: dict) -> None:
    table = Table(title=f"Goals ({result['model']}, sizes {', '.join(result['sizes'])})")
    for col in ("measure", "measured", "goal", "", "naive peer"):
        table.add_column(col)
    for row in result["goals"]:
        mark = {True: "[green]met[/green]", False: "[red]missed[/red]", None: ""}[row["met"]]
        table.add_row(row["measure"], row["value"], row["goal"], mark, row["peer"])
    out.print(table)


def register(app: typer.Typer) -> None:
    app.command()(bench)
