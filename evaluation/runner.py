"""Run a question set against the system and the peer baselines, in one run, on one corpus.

The system is asked through ``search_api.retrieval.search.search`` and ``search_api.retrieval.answer.ask``,
the functions behind /v1/search and /v1/ask, over a store built by the normal ingest.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

from corpus.ingest import Progress, index_paths
from corpus.services import Services
from evaluation.baselines import BASELINES, BaselineIndex, Retrieved, corpus_windows
from evaluation.dataset import Dataset, Question
from evaluation.embed_cache import CachedEmbedder
from evaluation.judge import covered
from evaluation.runs import AnswerResult, PassageResult, QueryResult, Run, SystemResult, git_sha, settings_record
from evaluation.pages import PageIndex
from evaluation.scoring import comparison_coverage, query_metrics, summarise
from indexer.embedder import Embedder, create_embedder
from indexer.settings import Settings
from search_api.retrieval.answer import ask
from search_api.retrieval.search import search

K = 10


class _Quiet:
    """Progress that goes nowhere (library use, tests)."""

    def start(self, phase: str, total: int) -> None:
        pass

    def advance(self, phase: str, n: int = 1) -> None:
        pass


def judged(retrieved: Sequence[Retrieved], question: Question, chunk_ids: Sequence[str | None] = ()) -> list[PassageResult]:
    """Each returned passage with the gold items it covers."""
    ids = list(chunk_ids) or [None] * len(retrieved)
    return [PassageResult(source=r.source, score=round(r.score, 6), chunk_id=cid,
                          covers=sorted(covered(r.source, r.text, question.relevant, original=r.original)))
            for r, cid in zip(retrieved, ids)]


def _result(question: Question, ranking: list[PassageResult], answer: AnswerResult | None = None) -> QueryResult:
    metrics = query_metrics(question, ranking, k=K)
    return QueryResult(id=question.id, type=question.type, query=question.query, n_gold=len(question.relevant),
                       ranking=ranking, metrics=metrics, answer=answer)


def ask_system(services: Services, question: Question, pages: PageIndex | None = None) -> QueryResult:
    """Search and answer one question through the API's functions, and judge both (``pages``:
    the corpus PDFs, to check that each citation's page holds its quote)."""
    # Relevance is judged on the passage itself: masking personal data is how readers see
    # it, not which passage was found (a question may ask who was absent from a meeting).
    hits = search(services, question.query, top_k=K, reveal_pii=True)
    ranking = judged([Retrieved(h.source, h.text, h.score, h.original_text) for h in hits], question,
                     [h.chunk_id for h in hits])
    answer = ask(services, question.query, reveal_pii=True)
    cited = judged([Retrieved(c.hit.source, c.hit.text, c.hit.score, c.hit.original_text) for c in answer.citations],
                   question, [c.hit.chunk_id for c in answer.citations])
    if pages is not None:
        cited = [p.model_copy(update={"page_ok": pages.page_ok(c.hit.source, c.quote, c.page)})
                 for p, c in zip(cited, answer.citations)]
    compared = sorted({answer.citations[n - 1].hit.source for row in answer.comparison for n in row.citations})
    result = _result(question, ranking, AnswerResult(answered=answer.answered, citations=cited, comparison=compared,
                                                     confidence=answer.confidence, support=answer.support))
    coverage = comparison_coverage(result, [g.doc for g in question.relevant])
    if coverage is not None:
        result.metrics["comparison_coverage"] = coverage
    return result


def run_system(services: Services, dataset: Dataset, progress: Progress, *,
               corpus: Sequence[Path] = ()) -> SystemResult:
    """Every question through the system."""
    progress.start("Spørgsmål (system)", len(dataset.questions))
    results = []
    pages = PageIndex(corpus)
    for question in dataset.questions:
        results.append(ask_system(services, question, pages))
        progress.advance("Spørgsmål (system)")
    return summarise("system", results)


def run_baselines(index: BaselineIndex, dataset: Dataset, progress: Progress) -> list[SystemResult]:
    """Every question through each baseline."""
    progress.start("Spørgsmål (grundlinjer)", len(dataset.questions) * len(BASELINES))
    systems = []
    for method in BASELINES:
        results = []
        for question in dataset.questions:
            results.append(_result(question, judged(index.search(question.query, method=method, k=K), question)))
            progress.advance("Spørgsmål (grundlinjer)")
        systems.append(summarise(method, results))
    return systems


def open_embedder(settings: Settings, cache: Path | None) -> Embedder:
    """The configured model, behind the on-disk cache when one is given."""
    embedder = create_embedder(settings.embedding)
    return CachedEmbedder(embedder, cache) if cache else embedder


def _index_system(settings: Settings, embedder: Embedder, corpus: Sequence[Path], progress: Progress) -> Services:
    services = Services.open(settings, embedder=embedder)
    if corpus:
        index_paths(services, list(corpus), progress=progress)
    return services


def evaluate(settings: Settings, dataset: Dataset, *, corpus: Sequence[Path], queries_path: Path,
             data_dir: Path | None = None, cache: Path | None = None, baselines: bool = True,
             progress: Progress | None = None) -> Run:
    """Index ``corpus`` into a temporary store (or use the index in ``data_dir``), then measure
    the system and, unless told not to, the three baselines."""
    progress = progress or _Quiet()
    embedder = open_embedder(settings, cache)
    seconds: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="vidensbank-eval-") as tmp:
        system_settings = settings.model_copy(update={"data_dir": data_dir or Path(tmp) / "system"})
        start = time.perf_counter()
        with _index_system(system_settings, embedder, [] if data_dir else corpus, progress) as services:
            seconds["index_system"] = time.perf_counter() - start
            start = time.perf_counter()
            systems = [run_system(services, dataset, progress, corpus=corpus)]
            seconds["questions_system"] = time.perf_counter() - start
            store = services.store.info_backend
        if baselines:
            systems.extend(_measure_baselines(settings, embedder, corpus, dataset, Path(tmp), progress, seconds))
    return Run(
        date=datetime.now(timezone.utc).isoformat(timespec="seconds"), git_sha=git_sha(), dataset=dataset.name,
        queries_path=str(queries_path), corpus=[str(p) for p in corpus], model=embedder.name, store=store,
        settings=settings_record(settings), systems=systems,
        seconds={k: round(v, 2) for k, v in seconds.items()},
    )


def _measure_baselines(settings: Settings, embedder: Embedder, corpus: Sequence[Path], dataset: Dataset,
                       tmp: Path, progress: Progress, seconds: dict[str, float]) -> list[SystemResult]:
    start = time.perf_counter()
    windows = corpus_windows(corpus)
    index = BaselineIndex(settings, embedder, folder=tmp / "baseline")
    try:
        progress.start("Grundlinjer: vektorer", len(windows))
        index.add(windows, batch_size=settings.embedding.batch_size,
                  on_progress=lambda n: progress.advance("Grundlinjer: vektorer", n))
        seconds["index_baselines"] = time.perf_counter() - start
        start = time.perf_counter()
        systems = run_baselines(index, dataset, progress)
        seconds["questions_baselines"] = time.perf_counter() - start
        return systems
    finally:
        index.close()
