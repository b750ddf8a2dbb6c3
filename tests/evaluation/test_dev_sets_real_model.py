"""Smoke test of the real evaluation: the seed dev set with the real model, system against
the baselines. The full figures for both sets come from `vidensbank eval --dev`."""

from __future__ import annotations

import pytest

from evaluation.dataset import load_quote_set
from evaluation.devsets import dev_sets, find_shared
from evaluation.runner import evaluate
from indexer.settings import Settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory):
    if not (find_shared() / "seeds").is_dir():
        pytest.skip(f"the shared dev material is not next to this checkout ({find_shared()})")
    seeds = dev_sets()[0]
    tmp = tmp_path_factory.mktemp("eval")
    settings = Settings(_env_file=None, data_dir=tmp / "data")
    return evaluate(settings, load_quote_set(seeds.queries, name=seeds.name), corpus=list(seeds.corpus),
                    queries_path=seeds.queries, cache=tmp / "cache.sqlite")


def test_the_system_beats_every_baseline_on_the_seed_set(seeds_run):
    scores = {s.name: s.summary["ndcg@10"] for s in seeds_run.systems}
    assert set(scores) == {"system", "bm25", "dense", "rrf"}
    best = max(v for k, v in scores.items() if k != "system")
    assert scores["system"] >= best + (1 - best) / 2, scores


def test_answers_cite_relevant_passages_and_decline_the_unanswerable(seeds_run):
    summary = seeds_run.system("system").summary
    assert summary["citation_precision"] >= 0.7
    assert summary["false_abstention"] <= 0.1 and summary["abstention_unanswerable"] > 0
