"""Per-question metrics from judged rankings, and their summary over a question set."""

from __future__ import annotations

from collections.abc import Sequence

from evaluation.dataset import Question
from evaluation.metrics import (
    citation_precision,
    distinct_documents_at,
    hit_at,
    mean,
    mrr_at,
    ndcg_at,
    recall_at,
)
from evaluation.runs import PassageResult, QueryResult, SystemResult


def query_metrics(question: Question, ranking: Sequence[PassageResult], *, k: int = 10) -> dict[str, float]:
    """nDCG, recall, MRR and hit@5 of an answerable question (plus distinct documents when comparative)."""
    if not question.answerable:
        return {}
    judged = [frozenset(p.covers) for p in ranking]
    gains = [g.gain for g in question.relevant]
    metrics = {
        "ndcg@10": ndcg_at(judged, gains, k=k), "recall@10": recall_at(judged, len(gains), k=k),
        "mrr@10": mrr_at(judged, k=k), "hit@5": hit_at(judged, k=5),
    }
    if question.type == "comparative":
        metrics["comparative_docs@10"] = float(distinct_documents_at(judged, [p.source for p in ranking], k=k))
    return metrics


def comparison_coverage(result: QueryResult, gold_docs: Sequence[str]) -> float | None:
    """Share of a comparative question's gold documents among the documents its comparison cites."""
    if result.type != "comparative" or not gold_docs or result.answer is None:
        return None
    cited = {_doc_name(source) for source in result.answer.comparison}
    return sum(doc in cited for doc in set(gold_docs)) / len(set(gold_docs))


def _doc_name(source: str) -> str:
    return source.replace("\\", "/").rsplit("/", 1)[-1]


def _answer_metrics(results: Sequence[QueryResult]) -> dict[str, float | None]:
    answered = [r for r in results if r.answer is not None]
    if not answered:
        return {}
    unanswerable = [r for r in answered if r.n_gold == 0]
    answerable = [r for r in answered if r.n_gold > 0]
    precisions = [citation_precision([bool(c.covers) for c in r.answer.citations])
                  for r in answerable if r.answer.answered]
    pages = [c.page_ok for r in answered for c in r.answer.citations if c.page_ok is not None]
    return {
        "abstention_unanswerable": mean([float(not r.answer.answered) for r in unanswerable]),
        "false_abstention": mean([float(not r.answer.answered) for r in answerable]),
        "citation_precision": mean(precisions),
        "comparison_coverage": mean([r.metrics.get("comparison_coverage") for r in answerable]),
        "page_accuracy": mean([float(ok) for ok in pages]),
    }


def type_metrics(results: Sequence[QueryResult]) -> dict[str, dict[str, float | None]]:
    """Per question type: nDCG@10, Recall@10, citation precision and comparison coverage."""
    answerable = [r for r in results if r.n_gold > 0]
    out = {}
    for kind in sorted({r.type for r in answerable}):
        group = [r for r in answerable if r.type == kind]
        answers = _answer_metrics(group)
        out[kind] = {"n": float(len(group)), "ndcg@10": mean([r.metrics.get("ndcg@10") for r in group]),
                     "recall@10": mean([r.metrics.get("recall@10") for r in group]),
                     "citation_precision": answers.get("citation_precision"),
                     "comparison_coverage": answers.get("comparison_coverage")}
    return out


def summarise(name: str, results: list[QueryResult]) -> SystemResult:
    """Means over the answerable questions (distinct documents over the comparative ones)."""
    answerable = [r for r in results if r.n_gold > 0]
    summary: dict[str, float | None] = {
        key: mean([r.metrics.get(key) for r in answerable])
        for key in ("ndcg@10", "recall@10", "mrr@10", "hit@5", "comparative_docs@10")
    }
    summary.update(_answer_metrics(results))
    types = sorted({r.type for r in answerable})
    by_type = {t: mean([r.metrics["ndcg@10"] for r in answerable if r.type == t]) or 0.0 for t in types}
    return SystemResult(name=name, summary=summary, by_type=by_type, type_metrics=type_metrics(results),
                        queries=results)


def versus_best_baseline(system: float, baselines: Sequence[float]) -> dict[str, float]:
    """How far the system is above the best baseline: relative gain, and share of the gap to 1.0 closed."""
    best = max(baselines)
    gain = (system - best) / best if best > 0 else float("inf")
    closed = (system - best) / (1.0 - best) if best < 1.0 else 0.0
    return {"best_baseline": best, "relative_gain": gain, "gap_closed": closed}
