"""`vidensbank bench`"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from evaluation.bench import run_benchmarks, save
from vidensbank.output import out, print_json


def bench(
    ctx: typer.Context,
    corpus: list[Path] = typer.Option(..., "--corpus", exists=True, help="Folder(s) to index (repeatable)."),
    queries: Optional[Path] = typer.Option(None, "--queries", exists=True, help="JSONL with a 'query' field per line."),
    repeats: int = typer.Option(5, "--repeats", min=1, help="Timed repetitions per query."),
    out_dir: Path = typer.Option(Path("bench-results"), "--out", help="Folder for the JSON result."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Measure indexing throughput and search latency (in-process and over HTTP) on a
    temporary copy of the index, against the model and store alone as baselines.

    Example: vidensbank bench --corpus ../shared/seeds --queries ../shared/eval/dev/queries.jsonl
    """
    import json

    texts = None
    if queries:
        texts = [json.loads(line)["query"] for line in queries.read_text(encoding="utf-8").splitlines() if line.strip()]
    result = run_benchmarks(ctx.obj, corpus, queries=texts, repeats=repeats)
    path = save(result, out_dir)
    if as_json:
        print_json(result)
        return
    idx = result["indexing"]
    table = Table(title=f"Indexing ({result['model']}, {result['store']})")
    for col in ("chunks", "pipeline s", "chunks/s", "model only s", "model chunks/s", "pipeline/model"):
        table.add_column(col, justify="right")
    table.add_row(str(idx["chunks"]), str(idx["seconds"]), str(idx["chunks_per_s"]), str(idx["model_only_seconds"]),
                  str(idx["model_only_chunks_per_s"]), str(idx["pipeline_vs_model"]))
    out.print(table)
    table = Table(title="Search latency (ms)")
    for col in ("stage", "n", "p50", "p95", "mean"):
        table.add_column(col, justify="right")
    for stage, s in result["search"].items():
        table.add_row(stage, str(s["n"]), str(s["p50_ms"]), str(s["p95_ms"]), str(s["mean_ms"]))
    out.print(table)
    out.print(f"Saved {path}")


def register(app: typer.Typer) -> None:
    app.command()(bench)
