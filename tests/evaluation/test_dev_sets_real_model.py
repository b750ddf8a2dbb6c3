"""The real evaluation: the dev sets with the real model, the system against the baselines,
held to the targets of issues 5 and 10 where the dev sets reach them. The full figures come
from `vidensbank eval --dev` (docs/evaluation.md)."""

from __future__ import annotations

import pytest

from evaluation.dataset import load_quote_set
from evaluation.devsets import dev_sets, find_shared
from evaluation.runner import evaluate
from evaluation.scoring import versus_best_baseline
from indexer.settings import Settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dev_runs(tmp_path_factory):
    if not (find_shared() / "seeds").is_dir():
        pytest.skip(f"the shared dev material is not next to this checkout ({find_shared()})")
    tmp = tmp_path_factory.mktemp("eval")
    settings = Settings(_env_file=None, data_dir=tmp / "data")
    return {dev.name: evaluate(settings, load_quote_set(dev.queries, name=dev.name), corpus=list(dev.corpus),
                               queries_path=dev.queries, cache=tmp / "cache.sqlite")
            for dev in dev_sets()}


@pytest.mark.parametrize("name", ["seeds-dev", "samples-dev"])
def test_the_system_beats_every_baseline_by_the_target(dev_runs, name):
    scores = {s.name: s.summary["ndcg@10"] for s in dev_runs[name].systems}
    assert set(scores) == {"system", "bm25", "dense", "rrf"}
    versus = versus_best_baseline(scores["system"], [v for k, v in scores.items() if k != "system"])
    # 20 % above the best baseline, or, near the ceiling, half of its distance to 1.0 closed.
    assert versus["relative_gain"] >= 0.2 or versus["gap_closed"] >= 0.5, scores


@pytest.mark.parametrize("name", ["seeds-dev", "samples-dev"])
def test_answers_cite_relevant_passages(dev_runs, name):
    assert dev_runs[name].system("system").summary["citation_precision"] >= 0.75


def test_unanswerable_questions_are_declined_and_answerable_ones_are_not(dev_runs):
    summaries = [dev_runs[name].system("system").summary for name in ("seeds-dev", "samples-dev")]
    assert all(s["abstention_unanswerable"] >= 0.5 for s in summaries)
    assert all(s["false_abstention"] <= 0.05 for s in summaries)


def test_on_the_hard_set_the_system_leads_every_baseline_and_compares_kommuner(dev_runs):
    if "hard-dev" not in dev_runs:
        pytest.skip("../shared/eval/hard-dev is not next to this checkout")
    run = dev_runs["hard-dev"]
    scores = {s.name: s.summary["ndcg@10"] for s in run.systems}
    assert scores["system"] > max(v for k, v in scores.items() if k != "system"), scores
    summary = run.system("system").summary
    # Measured 0.656 and 0.086 (docs/evaluation.md); the bounds leave room for one question either way.
    assert summary["comparison_coverage"] >= 0.55 and summary["false_abstention"] <= 0.12, summary
