"""Metrics on hand-computed values: two queries over five documents d1..d5.

Query A has gold items g0 (in d1) and g1 (in d3); the ranking is d2, d1, d3, d4, d5.
Query B has gold items g0 (d4), g1 (d5), g2 (d2); the ranking is d4, d1, d4 again (covering
g0 a second time), d3, d5; g2 is never found.
"""

from __future__ import annotations

import math

import pytest

from evaluation.metrics import (
    citation_precision,
    distinct_documents_at,
    first_ranks,
    hit_at,
    mean,
    mrr_at,
    ndcg_at,
    recall_at,
)

NONE = frozenset()
A_DOCS = ["d2", "d1", "d3", "d4", "d5"]
A = [NONE, frozenset({0}), frozenset({1}), NONE, NONE]
B_DOCS = ["d4", "d1", "d4", "d3", "d5"]
B = [frozenset({0}), NONE, frozenset({0}), NONE, frozenset({1})]


def test_ndcg_counts_each_gold_item_once_at_its_first_passage():
    # A: DCG = 1/log2(3) + 1/log2(4) = 1.13093; IDCG = 1 + 1/log2(3) = 1.63093.
    assert ndcg_at(A, [1, 1], k=10) == pytest.approx(1.13093 / 1.63093, abs=1e-5)
    # B: DCG = 1 + 1/log2(6) = 1.38685 (the repeat at rank 3 adds nothing);
    #    IDCG = 1 + 1/log2(3) + 1/log2(4) = 2.13093.
    assert ndcg_at(B, [1, 1, 1], k=10) == pytest.approx(1.38685 / 2.13093, abs=1e-5)
    assert mean([ndcg_at(A, [1, 1]), ndcg_at(B, [1, 1, 1])]) == pytest.approx(0.67212, abs=1e-5)


def test_ndcg_cuts_at_k():
    # B@3: only g0 at rank 1 counts; IDCG@3 is still 2.13093.
    assert ndcg_at(B, [1, 1, 1], k=3) == pytest.approx(1 / 2.13093, abs=1e-5)
    assert ndcg_at(A, [1, 1], k=1) == 0.0


def test_ndcg_uses_graded_gains_and_is_capped_at_one():
    # A with gains (2, 1): DCG = 2/log2(3) + 1/2; IDCG = 2 + 1/log2(3).
    expected = (2 / math.log2(3) + 0.5) / (2 + 1 / math.log2(3))
    assert ndcg_at(A, [2, 1]) == pytest.approx(expected)
    both_at_once = [frozenset({0, 1})]
    assert ndcg_at(both_at_once, [1, 1]) == 1.0


def test_recall_mrr_and_hit():
    assert (recall_at(A, 2), recall_at(B, 3)) == (1.0, pytest.approx(2 / 3))
    assert recall_at(B, 3, k=3) == pytest.approx(1 / 3)
    assert (mrr_at(A), mrr_at(B)) == (0.5, 1.0)
    assert mrr_at(A, k=1) == 0.0
    assert (hit_at(A, k=5), hit_at(A, k=1), hit_at(B, k=1)) == (1.0, 0.0, 1.0)


def test_first_ranks_and_distinct_documents():
    assert first_ranks(B, k=10) == {0: 1, 1: 5}
    assert distinct_documents_at(A, A_DOCS) == 2
    assert distinct_documents_at(B, B_DOCS) == 2  # d4 twice counts once
    assert distinct_documents_at(B, B_DOCS, k=4) == 1


def test_no_gold_means_zero_not_a_division_error():
    assert ndcg_at(A, []) == 0.0 and recall_at(A, 0) == 0.0


def test_citation_precision_and_mean_skip_missing_values():
    assert citation_precision([True, False, True, True]) == 0.75
    assert citation_precision([]) is None
    assert mean([None, 0.5, 1.0]) == 0.75 and mean([None]) is None
