"""A whole evaluation run on the small three-kommune corpus with the hashing embedder."""

from __future__ import annotations

import json

import pytest

from evaluation import runs
from evaluation.dataset import load_quote_set
from evaluation.runner import evaluate
from evaluation.scoring import versus_best_baseline
from tests.conftest import make_settings
from tests.support.corpus import write_corpus

QUESTIONS = [
    {"id": "q1", "query": "Hvornår går natteravnene i Faxe Ladeplads?", "type": "factual",
     "relevant": [{"doc": "faxe-lokalgrupper.md", "quote": "Natteravnene går i Faxe Ladeplads hver fredag og lørdag"}]},
    {"id": "q2", "query": "Hvem er med i netværksgrupperne?", "type": "organisational",
     "relevant": [{"doc": "slagelse.txt", "quote": "Netværksgrupperne består af medarbejdere, der har den direkte kontakt"}]},
    {"id": "q3", "query": "Hvordan organiserer kommunerne deres lokalgrupper og netværksgrupper?",
     "type": "comparative", "relevant": [
         {"doc": "faxe-lokalgrupper.md", "quote": "Lokalgrupperne i Faxe er organiseret efter skoledistrikter."},
         {"doc": "slagelse.txt", "quote": "Netværksgrupperne består af medarbejdere"}]},
    {"id": "q4", "query": "Hvad koster den nationale SSP-uddannelse?", "type": "unanswerable", "relevant": []},
]


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> runs.Run:
    tmp = tmp_path_factory.mktemp("eval")
    queries = tmp / "set" / "queries.jsonl"
    queries.parent.mkdir()
    queries.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in QUESTIONS), encoding="utf-8")
    return evaluate(make_settings(tmp), load_quote_set(queries), corpus=[write_corpus(tmp / "docs")],
                    queries_path=queries, cache=tmp / "cache.sqlite")


def test_a_run_measures_the_system_and_three_baselines_on_the_same_questions(run):
    assert [s.name for s in run.systems] == ["system", "bm25", "dense", "rrf"]
    for system in run.systems:
        assert [q.id for q in system.queries] == ["q1", "q2", "q3", "q4"]
        assert 0.0 <= system.summary["ndcg@10"] <= 1.0
    assert run.dataset == "set" and run.model == "hashing-384" and run.git_sha


def test_the_system_is_asked_through_search_and_ask(run):
    system = run.system("system")
    q1 = system.queries[0]
    assert q1.ranking[0].chunk_id and q1.ranking[0].source == "faxe-lokalgrupper.md"
    assert q1.ranking[0].covers == [0] and q1.metrics["ndcg@10"] == 1.0
    assert all(q.answer is not None for q in system.queries)
    assert "abstention_unanswerable" in system.summary and "citation_precision" in system.summary
    assert run.system("bm25").queries[0].answer is None


def test_comparative_questions_count_distinct_relevant_documents(run):
    q3 = run.system("system").queries[2]
    assert q3.metrics["comparative_docs@10"] == 2.0
    assert run.system("system").summary["comparative_docs@10"] == 2.0


def test_a_saved_run_loads_back_and_compares_with_itself(run, tmp_path):
    path = runs.save(run, tmp_path)
    assert path.name.startswith("eval-set-") and json.loads(path.read_text())["settings"]["search"]["prefetch_limit"]
    loaded = runs.load(path)
    assert loaded == run
    rows = runs.compare(loaded, run)
    assert ("system", "ndcg@10", run.system("system").summary["ndcg@10"],
            run.system("system").summary["ndcg@10"]) in rows
    assert runs.changed_queries(loaded, run) == []


def test_secrets_never_reach_the_run_file(tmp_path):
    settings = make_settings(tmp_path, store={"api_key": "hemmelig"}, generation={"api_key": "sk-hemmelig"})
    record = runs.settings_record(settings)
    assert "hemmelig" not in json.dumps(record) and record["store"]["collection"] == "vidensbank"
    assert record["generation"]["enabled"] is False


def test_versus_best_baseline_reports_gain_and_share_of_gap_closed():
    head = versus_best_baseline(0.95, [0.8, 0.9, 0.7])
    assert head["best_baseline"] == 0.9
    assert head["relative_gain"] == pytest.approx(0.05 / 0.9)
    assert head["gap_closed"] == pytest.approx(0.5)
