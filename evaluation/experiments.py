"""The experiment log of docs/evaluation.md, reproducible: each step is a settings change,
measured on both development sets through the normal evaluation run.

    python -m evaluation.experiments            # every step
    python -m evaluation.experiments --only dbsf ngrams

The kept steps are cumulative (each adds to the one before; the last is the shipped
default). The ablations each take one kept change back out of the final configuration, and
the rejected variants are measured on top of it. Needs the shared dev material next to the
checkout.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path

from evaluation.dataset import load_quote_set
from evaluation.devsets import dev_sets
from evaluation.embed_cache import default_cache_path
from evaluation.runner import evaluate
from indexer.settings import Settings


@dataclass(frozen=True)
class Step:
    """A named settings change (nested dicts, as in Settings(**values))."""

    name: str
    change: dict = field(default_factory=dict)
    note: str = ""


FOUNDATION = {
    "chunking": {"target_words": 160, "max_words": 230, "min_words": 40},
    "embedding": {"sentence_vectors": False},
    "search": {"fusion": "rrf", "sentences": False, "ngrams": False, "diversify": "off", "answer_type_weight": 0.0,
               "answer_margin": 0.02, "min_answer_score": 0.85, "min_answer_support": 0.0},
}
KEPT = [
    Step("foundation", note="RRF(dense, BM25) on 160-word chunks, as in issue 3"),
    Step("dbsf", {"search": {"fusion": "dbsf"}}, "distribution-based score fusion instead of RRF"),
    Step("ngrams", {"search": {"ngrams": True}}, "+ OCR-folded character 4-grams"),
    Step("chunks-200", {"chunking": {"target_words": 200, "min_words": 60}}, "chunks of ~200 words"),
    Step("merge-100", {"chunking": {"min_words": 100}}, "sections under 100 words merged"),
    Step("diversify", {"search": {"diversify": "comparative"}}, "one passage per kommune/document first, "
                                                                  "comparative questions"),
    Step("sentence-vectors", {"embedding": {"sentence_vectors": True}},
         "one stored vector per sentence, for answers (ranking unchanged)"),
    Step("answer-type", {"search": {"answer_type_weight": 0.5}},
         "+0.5 for a passage holding the kind of answer asked for (count, amount, share, date ...)"),
    Step("abstention", {"search": {"min_answer_score": None, "min_answer_support": 0.06}},
         "decline typed questions without a typed sentence about the question (support < 0.06); "
         "similarity floor 0.82 instead of 0.85"),
    Step("answer-margin-0.01", {"search": {"answer_margin": 0.01}},
         "answers quote other sentences only within 0.01 of the best (was 0.02); ranking unchanged"),
    Step("merge-110", {"chunking": {"min_words": 110}},
         "sections under 110 words merged (was 100): hard-dev gains, seeds and samples unchanged (issue 10)"),
]
ABLATIONS = [
    Step("without-dbsf", {"search": {"fusion": "rrf"}}, "RRF (k=60) instead of DBSF"),
    Step("without-ngrams", {"search": {"ngrams": False}}, "no n-gram signal"),
    Step("without-chunks-200", {"chunking": {"target_words": 160}}, "chunks of ~160 words"),
    Step("without-merge-100", {"chunking": {"min_words": 60}}, "sections under 60 words merged"),
    Step("without-diversify", {"search": {"diversify": "off"}}, "no per-kommune/document cap"),
    Step("without-answer-type", {"search": {"answer_type_weight": 0.0}}, "no answer-type re-scoring"),
]
REJECTED = [
    Step("sentences", {"search": {"sentences": True}}, "+ best-sentence MaxSim as a fourth signal"),
    Step("rrf-k10", {"search": {"fusion": "rrf", "rrf_k": 10}}, "RRF with k=10 instead of DBSF"),
    Step("diversify-always", {"search": {"diversify": "always"}}, "the per-document cap on every question"),
    Step("cap-2", {"search": {"per_document": 2}}, "two passages per document before a third"),
    Step("prefetch-20", {"search": {"prefetch_limit": 20}}, "20 candidates per signal"),
    Step("prefetch-100", {"search": {"prefetch_limit": 100}}, "100 candidates per signal"),
    Step("hnsw-ef-16", {"store": {"exact_below": 0, "hnsw_ef": 16}}, "HNSW instead of exact search, ef=16"),
    Step("hnsw-ef-256", {"store": {"exact_below": 0, "hnsw_ef": 256}}, "HNSW instead of exact search, ef=256"),
    Step("answer-type-0.3", {"search": {"answer_type_weight": 0.3}}, "answer-type weight 0.3"),
    Step("answer-type-1.0", {"search": {"answer_type_weight": 1.0}}, "answer-type weight 1.0"),
    Step("min-words-130", {"chunking": {"min_words": 130}}, "sections under 130 words merged"),
    Step("answer-sentences-1", {"search": {"answer_sentences": 1}}, "answers quote one sentence only"),
]


def _merge(base: dict, change: dict) -> dict:
    out = {k: dict(v) if isinstance(v, dict) else v for k, v in base.items()}
    for key, value in change.items():
        out[key] = {**out.get(key, {}), **value} if isinstance(value, dict) else value
    return out


def final_values() -> dict:
    """The settings after every kept step: the shipped defaults."""
    values = FOUNDATION
    for step in KEPT:
        values = _merge(values, step.change)
    return values


def configurations() -> list[tuple[str, Step, dict]]:
    """(kind, step, settings values): the cumulative kept steps, the ablations, the rejected."""
    out, values = [], FOUNDATION
    for step in KEPT:
        values = _merge(values, step.change)
        out.append(("kept", step, values))
    out.extend(("ablation", step, _merge(values, step.change)) for step in ABLATIONS)
    out.extend(("rejected", step, _merge(values, step.change)) for step in REJECTED)
    return out


MEASURES = {"ndcg@10": "ndcg", "abstention_unanswerable": "abstain", "false_abstention": "false_abstain",
            "citation_precision": "cit_prec"}


def measure(values: dict, *, cache: Path) -> dict[str, dict[str, float]]:
    """System nDCG@10 and the answer measures on each development set with these settings."""
    settings = Settings(_env_file=None, **values)
    scores = {}
    for dev in dev_sets():
        run = evaluate(settings, load_quote_set(dev.queries, name=dev.name), corpus=list(dev.corpus),
                       queries_path=dev.queries, cache=cache, baselines=False)
        summary = run.systems[0].summary
        scores[dev.name] = {label: round(summary[key], 3) for key, label in MEASURES.items()
                            if summary.get(key) is not None}
    return scores


def main(argv: list[str] | None = None) -> None:
    """Measure every step and print one JSON line per step."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="step names to run (default: all)")
    parser.add_argument("--cache", type=Path, default=default_cache_path())
    args = parser.parse_args(argv)
    for kind, step, values in configurations():
        if args.only and step.name not in args.only:
            continue
        print(json.dumps({"step": step.name, "kind": kind, "note": step.note, **measure(values, cache=args.cache)},
                         ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
