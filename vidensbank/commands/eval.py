"""`vidensbank eval`: search and answer quality of the system against peer baselines."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from evaluation import runs
from evaluation.calibrate import choose_threshold, frontier, measured, operating_points
from evaluation.dataset import is_beir, load_beir, load_quote_set, write_beir_corpus
from evaluation.devsets import dev_sets
from evaluation.embed_cache import default_cache_path
from evaluation.runner import evaluate
from evaluation.scoring import versus_best_baseline
from indexer.errors import ConfigurationError
from vidensbank.output import out, print_json
from vidensbank.progress import RichProgress

LABELS = {"system": "system", "bm25": "BM25 (windows)", "dense": "dense (windows)", "rrf": "RRF (windows)"}


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def show_run(run: runs.Run) -> None:
    """The system against each baseline, then the answer figures and the headline."""
    table = Table(title=f"{run.dataset}: {len(run.systems[0].queries)} questions, {run.model}")
    table.add_column("retriever")
    for label in {**runs.METRICS, **runs.ANSWER_METRICS}.values():
        table.add_column(label, justify="right")
    for system in run.systems:
        values = [system.summary.get(k) for k in {**runs.METRICS, **runs.ANSWER_METRICS}]
        table.add_row(LABELS.get(system.name, system.name), *map(_fmt, values))
    out.print(table)
    show_types(run)
    baselines = [s.summary["ndcg@10"] or 0.0 for s in run.systems if s.name != "system"]
    system = run.system("system")
    if baselines and system:
        head = versus_best_baseline(system.summary["ndcg@10"] or 0.0, baselines)
        out.print(f"nDCG@10 vs best baseline ({head['best_baseline']:.3f}): {head['relative_gain']:+.1%}, "
                  f"closes {head['gap_closed']:.0%} of the gap to 1.0")


def show_types(run: runs.Run) -> None:
    """The measures per question type, for the system and each baseline."""
    table = Table(title=f"{run.dataset}: per question type")
    for column in ("retriever", "type", "n", *runs.TYPE_METRICS.values()):
        table.add_column(column, justify="left" if column in ("retriever", "type") else "right")
    for system in run.systems:
        for kind, values in system.type_metrics.items():
            table.add_row(LABELS.get(system.name, system.name), kind, f"{values.get('n', 0):.0f}",
                          *(_fmt(values.get(k)) for k in runs.TYPE_METRICS))
    out.print(table)


def show_comparison(a: runs.Run, b: runs.Run) -> None:
    """Two runs side by side, then the questions that moved most."""
    table = Table(title=f"A: {a.dataset} {a.git_sha} {a.date}   B: {b.dataset} {b.git_sha} {b.date}")
    for column in ("retriever", "metric", "A", "B", "B - A"):
        table.add_column(column, justify="left" if column in ("retriever", "metric") else "right")
    for name, key, left, right in runs.compare(a, b):
        delta = "—" if left is None or right is None else f"{right - left:+.3f}"
        table.add_row(LABELS.get(name, name), key, _fmt(left), _fmt(right), delta)
    out.print(table)
    moved = runs.changed_queries(a, b)
    if moved:
        table = Table(title="System nDCG@10 per question (changed)")
        for column in ("id", "question", "A", "B"):
            table.add_column(column)
        for qid, query, left, right in moved[:20]:
            table.add_row(qid, query, _fmt(left), _fmt(right))
        out.print(table)


def show_calibration(paths: list[Path], *, max_false: float) -> None:
    """Abstention and false abstention of the best threshold pairs on the pooled runs, and the chosen pair."""
    points = operating_points(measured([runs.load(p) for p in paths]))
    chosen = choose_threshold(points, max_false=max_false)
    table = Table(title=f"/ask thresholds on {len(paths)} run(s): best Youden's J with false abstention <= {max_false:.0%}")
    for column in ("similarity", "support", "abstain (unansw.)", "false abstain", "J"):
        table.add_column(column, justify="right")
    for p in frontier(points):
        mark = " <" if (p.abstention, p.false_abstention) == (chosen.abstention, chosen.false_abstention) else ""
        table.add_row(f"{p.threshold:.4f}", f"{p.support:.4f}{mark}", f"{p.abstention:.3f}", f"{p.false_abstention:.3f}",
                      f"{p.youden:+.3f}")
    out.print(table)
    out.print(f"Chosen: VIDENSBANK_SEARCH__MIN_ANSWER_SCORE={chosen.threshold:.4f} "
              f"VIDENSBANK_SEARCH__MIN_ANSWER_SUPPORT={chosen.support:.4f}")


def _jobs(corpus: list[Path], queries: Optional[Path], dev: bool, tmp: Path,
          pooled: bool = False) -> list[tuple[str | None, Path, list[Path]]]:
    """(dataset name, queries, corpus folders) for each set to run; ``pooled``: every dev set's
    questions over the corpora of all of them together."""
    if pooled and not dev:
        raise ConfigurationError("--pooled gælder kun sammen med --dev.")
    if dev:
        sets = dev_sets()
        if pooled:
            folders = list(dict.fromkeys(folder for d in sets for folder in d.corpus))
            return [(f"{d.name}-pooled", d.queries, folders) for d in sets]
        return [(d.name, d.queries, list(d.corpus)) for d in sets]
    if queries is None:
        raise ConfigurationError("Angiv --queries (eller --dev for udviklingssættene).")
    if is_beir(queries):
        return [(None, queries, corpus or [write_beir_corpus(queries, tmp / "beir-corpus")])]
    if not corpus:
        raise ConfigurationError("Angiv mindst én --corpus-mappe til spørgsmålene.")
    return [(None, queries, corpus)]


def eval_command(
    ctx: typer.Context,
    corpus: list[Path] = typer.Option([], "--corpus", exists=True, file_okay=False, help="Corpus folder (repeatable)."),
    queries: Optional[Path] = typer.Option(None, "--queries", exists=True, help="Quote-labelled JSONL, or a BEIR folder."),
    dev: bool = typer.Option(False, "--dev", help="Run the development sets (seeds-dev, samples-dev and hard-dev)."),
    pooled: bool = typer.Option(False, "--pooled", help="With --dev: ask each set's questions over all the dev corpora "
                                "together (more kommuner and distractors; see docs/evaluation.md)."),
    baselines: bool = typer.Option(True, "--baselines/--no-baselines", help="Measure the three peer baselines too."),
    cache: Optional[Path] = typer.Option(None, "--cache", help="Embedding cache file (default: ~/.cache/vidensbank)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Embed everything afresh."),
    out_dir: Path = typer.Option(Path("eval-results"), "--out", help="Folder for the JSON run files."),
    compare: Optional[tuple[Path, Path]] = typer.Option(None, "--compare", exists=True, help="Compare two saved runs."),
    calibrate: list[Path] = typer.Option([], "--calibrate", exists=True, dir_okay=False,
                                         help="Saved run(s) to calibrate the /ask threshold on (repeatable)."),
    max_false: float = typer.Option(0.05, "--max-false", min=0, max=1, help="False-abstention budget for --calibrate."),
    as_json: bool = typer.Option(False, "--json", help="Print the run(s) as JSON."),
) -> None:
    """Measure nDCG@10, Recall@10, MRR@10, hit@5 and the answers of the system against BM25,
    dense and RRF baselines on 200-word windows, indexing the corpus into a temporary store
    (or, with the global --data-dir, using that existing index). Each run is saved as JSON.

    Example: vidensbank eval --corpus ../shared/seeds --queries ../shared/eval/dev/queries.jsonl

    The development sets: vidensbank eval --dev (--pooled: over all their corpora at once); compare: vidensbank eval --compare A.json B.json;
    abstention threshold: vidensbank eval --calibrate A.json --calibrate B.json
    """
    if calibrate:
        show_calibration(calibrate, max_false=max_false)
        return
    if compare:
        a, b = runs.load(compare[0]), runs.load(compare[1])
        print_json({"a": a.model_dump(), "b": b.model_dump()}) if as_json else show_comparison(a, b)
        return
    existing = ctx.parent.params.get("data_dir") if ctx.parent else None
    cache_path = None if no_cache else (cache or default_cache_path())
    results = []
    with tempfile.TemporaryDirectory(prefix="vidensbank-beir-") as tmp:
        for name, query_path, folders in _jobs(corpus, queries, dev, Path(tmp), pooled):
            dataset = load_beir(query_path) if is_beir(query_path) else load_quote_set(query_path, name=name)
            with RichProgress(enabled=not as_json) as progress:
                run = evaluate(ctx.obj, dataset, corpus=folders, queries_path=query_path, data_dir=existing,
                               cache=cache_path, baselines=baselines, progress=progress)
            path = runs.save(run, out_dir)
            results.append(run)
            if not as_json:
                show_run(run)
                out.print(f"Saved {path}")
    if as_json:
        print_json([r.model_dump() for r in results])


def register(app: typer.Typer) -> None:
    app.command(name="eval")(eval_command)
