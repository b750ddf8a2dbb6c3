"""Ranking and answer metrics over judged rankings.

A judged ranking is one frozenset per returned passage, best first: the indices of the
gold items that passage covers. A gold item counts once, at the first passage covering it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import fmean

Ranking = Sequence[frozenset[int]]


def first_ranks(ranking: Ranking, *, k: int) -> dict[int, int]:
    """Gold item -> 1-based rank of the first passage in the top ``k`` that covers it."""
    first: dict[int, int] = {}
    for rank, items in enumerate(ranking[:k], 1):
        for item in items:
            first.setdefault(item, rank)
    return first


def ndcg_at(ranking: Ranking, gains: Sequence[float], *, k: int = 10) -> float:
    """nDCG@k with one gain per gold item, at its first covering passage (capped at 1)."""
    ideal = sum(g / math.log2(r + 1) for r, g in enumerate(sorted(gains, reverse=True)[:k], 1))
    if ideal == 0:
        return 0.0
    dcg = sum(gains[item] / math.log2(rank + 1) for item, rank in first_ranks(ranking, k=k).items())
    # One passage may cover two gold items; the ideal assumes one per passage.
    return min(1.0, dcg / ideal)


def recall_at(ranking: Ranking, n_gold: int, *, k: int = 10) -> float:
    """Share of the gold items covered by the top ``k`` passages."""
    return len(first_ranks(ranking, k=k)) / n_gold if n_gold else 0.0


def mrr_at(ranking: Ranking, *, k: int = 10) -> float:
    """Reciprocal rank of the first relevant passage in the top ``k`` (0 if none)."""
    return next((1 / rank for rank, items in enumerate(ranking[:k], 1) if items), 0.0)


def hit_at(ranking: Ranking, *, k: int = 5) -> float:
    """1.0 when a relevant passage is in the top ``k``."""
    return 1.0 if any(ranking[:k]) else 0.0


def distinct_documents_at(ranking: Ranking, docs: Sequence[str], *, k: int = 10) -> int:
    """Number of different documents among the relevant passages of the top ``k``."""
    return len({doc for doc, items in zip(docs[:k], ranking[:k]) if items})


def citation_precision(relevant_citations: Sequence[bool]) -> float | None:
    """Share of an answer's citations that are relevant (None without citations)."""
    return fmean(relevant_citations) if relevant_citations else None


def mean(values: Sequence[float | None]) -> float | None:
    """Mean of the values that are not None (None when there are none)."""
    present = [v for v in values if v is not None]
    return fmean(present) if present else None
