"""The peer baselines: fixed windows over the parsed text, searched three ways."""

from __future__ import annotations

from evaluation.baselines import BaselineIndex, corpus_windows, cut_windows
from indexer.embedder import HashingEmbedder
from tests.conftest import make_settings
from tests.support.corpus import write_corpus


def test_windows_are_fixed_runs_of_words_without_overlap():
    text = " ".join(f"w{i}" for i in range(450))
    windows = cut_windows(text, source="a.txt")
    assert [len(w.text.split()) for w in windows] == [200, 200, 50]
    assert windows[1].text.split()[0] == "w200" and [w.n for w in windows] == [0, 1, 2]
    assert [len(w.text.split()) for w in cut_windows(text, source="a.txt", size=200, stride=150)] == [200, 200, 150]


def test_each_baseline_finds_the_faxe_document_for_a_faxe_question(tmp_path):
    windows = corpus_windows([write_corpus(tmp_path / "docs")])
    assert {w.source for w in windows} == {"faxe-lokalgrupper.md", "slagelse.txt", "stevns-nyhed.html"}
    index = BaselineIndex(make_settings(tmp_path), HashingEmbedder(dim=64), folder=tmp_path / "baseline")
    try:
        index.add(windows)
        for method in ("bm25", "dense", "rrf"):
            hits = index.search("natteravnene i Faxe Ladeplads", method=method, k=3)
            assert hits[0].source == "faxe-lokalgrupper.md", method
    finally:
        index.close()
