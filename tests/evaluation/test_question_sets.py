"""The fresh question sets (evaluation/holdout, evaluation/validation): their shape, and every
gold quote found by the judge in its document as the indexer reads it (docs/evaluation.md)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from evaluation.dataset import load_quote_set
from evaluation.devsets import REPO, SHARED
from evaluation.judge import covers
from indexer.parser import parse_bytes

HARD_CORPUS = (SHARED / "eval" / "hard-dev" / "corpus",)
SAMPLES_CORPUS = (REPO / "corpus" / "samples", SHARED / "seeds")
SETS = {
    "holdout": ({"paraphrase": 7, "comparative": 7, "factual": 3, "organisational": 3, "unanswerable": 4}, HARD_CORPUS),
    "validation/hard": ({"paraphrase": 9, "comparative": 10, "factual": 3, "organisational": 3, "unanswerable": 5},
                        HARD_CORPUS),
    "validation/samples": ({"paraphrase": 7, "comparative": 7, "factual": 3, "organisational": 3, "unanswerable": 4},
                           SAMPLES_CORPUS),
}
DEV_QUERIES = (SHARED / "eval" / "hard-dev" / "queries.jsonl", SHARED / "eval" / "dev" / "queries.jsonl",
               REPO / "evaluation" / "datasets" / "samples-dev" / "queries.jsonl")


def _questions(folder: str):
    return load_quote_set(REPO / "evaluation" / folder / "queries.jsonl").questions


@pytest.mark.parametrize("folder", sorted(SETS))
def test_each_set_has_its_types_and_unique_ids(folder):
    questions = _questions(folder)
    assert Counter(q.type for q in questions) == SETS[folder][0]
    assert all(q.answerable == (q.type != "unanswerable") for q in questions)
    assert len({q.id for q in questions}) == len(questions)


def _document(corpus: tuple[Path, ...], name: str) -> str:
    path = next((folder / name for folder in corpus if (folder / name).is_file()), None)
    assert path is not None, f"{name} is in none of {corpus}"
    return parse_bytes(name, path.read_bytes()).text


@pytest.mark.skipif(not (SHARED / "eval" / "hard-dev" / "corpus").is_dir(), reason="../shared is not beside the checkout")
@pytest.mark.parametrize("folder", sorted(SETS))
def test_every_gold_quote_is_in_its_document_and_no_question_repeats_a_dev_question(folder):
    corpus = SETS[folder][1]
    texts: dict[str, str] = {}
    missing = []
    for question in _questions(folder):
        for gold in question.relevant:
            if gold.doc not in texts:
                texts[gold.doc] = _document(corpus, gold.doc)
            if not covers(texts[gold.doc], gold.quote):
                missing.append((question.id, gold.doc))
    assert missing == []
    asked = {q.query.strip().lower() for path in DEV_QUERIES if path.is_file() for q in load_quote_set(path).questions}
    assert not [q.id for q in _questions(folder) if q.query.strip().lower() in asked]
