"""Loading question sets: the quote-labelled JSONL of the dev sets, and BEIR folders."""

from __future__ import annotations

import json

from evaluation.dataset import Gold, beir_file_name, is_beir, load_beir, load_quote_set, write_beir_corpus
from evaluation.devsets import REPO


def test_quote_set_keeps_ids_types_and_gold_items(tmp_path):
    path = tmp_path / "queries.jsonl"
    path.write_text("\n".join(json.dumps(item, ensure_ascii=False) for item in [
        {"id": "q1", "query": "Hvem var fraværende?", "type": "organisational",
         "relevant": [{"doc": "referat.txt", "quote": "Fraværende: Morten"}]},
        {"id": "q2", "query": "Hvad koster uddannelsen?", "type": "unanswerable", "relevant": []},
    ]) + "\n\n", encoding="utf-8")
    dataset = load_quote_set(path)
    assert dataset.name == tmp_path.name  # "<set>/queries.jsonl" is named by its folder
    first, second = dataset.questions
    assert first.relevant == (Gold("referat.txt", "Fraværende: Morten"),) and first.answerable
    assert second.type == "unanswerable" and not second.answerable


def test_the_bundled_samples_dev_set_has_44_questions_of_five_types():
    dataset = load_quote_set(REPO / "evaluation" / "datasets" / "samples-dev" / "queries.jsonl")
    assert len(dataset.questions) == 44
    assert {q.type for q in dataset.questions} == {"factual", "paraphrase", "organisational", "comparative",
                                                    "unanswerable"}


def _beir(folder):
    (folder / "qrels").mkdir(parents=True)
    (folder / "corpus.jsonl").write_text(
        json.dumps({"_id": "doc/1", "title": "Lokalgrupper", "text": "Lokalgrupperne mødes fire gange."}) + "\n"
        + json.dumps({"_id": "doc2", "text": "Natteravne i Faxe."}) + "\n", encoding="utf-8")
    (folder / "queries.jsonl").write_text(
        json.dumps({"_id": "q1", "text": "Hvor ofte mødes lokalgrupperne?"}) + "\n"
        + json.dumps({"_id": "q2", "text": "Hvad koster det?"}) + "\n", encoding="utf-8")
    (folder / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq1\tdoc/1\t2\nq1\tdoc2\t0\n")
    return folder


def test_beir_folder_becomes_questions_with_graded_whole_document_gold(tmp_path):
    folder = _beir(tmp_path / "beir")
    assert is_beir(folder) and not is_beir(tmp_path)
    dataset = load_beir(folder)
    q1, q2 = dataset.questions
    assert q1.relevant == (Gold(beir_file_name("doc/1"), None, 2.0),)  # the 0-graded pair is left out
    assert not q2.answerable and q2.type == "unanswerable"


def test_beir_corpus_is_written_as_files_named_by_id_with_the_title(tmp_path):
    out = write_beir_corpus(_beir(tmp_path / "beir"), tmp_path / "corpus")
    text = (out / "doc_1.txt").read_text(encoding="utf-8")
    assert beir_file_name("doc/1") == "doc_1.txt"
    assert text.startswith('---\ntitle: "Lokalgrupper"\n---\n') and "fire gange" in text
    assert (out / "doc2.txt").read_text(encoding="utf-8") == "Natteravne i Faxe."
