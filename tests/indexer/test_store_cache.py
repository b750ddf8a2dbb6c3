"""The store's memory: results and sentence vectors are reused until the next write, and a
selective filter is searched exactly."""

from __future__ import annotations

from corpus.ingest import index_paths
from corpus.services import Services
from indexer.store import Filters
from indexer.store.edge import EdgeStore
from search_api.retrieval.search import search
from tests.conftest import make_settings
from tests.support.corpus import write_corpus


def test_a_repeated_search_is_served_from_the_cache_until_the_index_changes(tmp_path):
    corpus = write_corpus(tmp_path / "docs")
    with Services.open(make_settings(tmp_path)) as services:
        index_paths(services, [corpus / "faxe-lokalgrupper.md"])
        first = search(services, "natteravne i Faxe", top_k=3)
        hits_before = services.store.results.hits
        again = search(services, "natteravne i Faxe", top_k=3)
        assert services.store.results.hits == hits_before + 1
        assert [h.chunk_id for h in again] == [h.chunk_id for h in first]
        generation = services.store.generation
        index_paths(services, [corpus / "slagelse.txt"])
        assert services.store.generation > generation
        after = search(services, "netværksgrupperne i Slagelse", top_k=3)
        assert after[0].kommune == "Slagelse"


def test_a_filter_that_leaves_few_points_is_searched_exactly(tmp_path):
    with Services.open(make_settings(tmp_path, store={"exact_below": 3})) as services:
        index_paths(services, [write_corpus(tmp_path / "docs")])
        store = services.store.current
        assert isinstance(store, EdgeStore) and store.count() >= 3
        assert store.search_plan(Filters()) == "hnsw"
        assert store.search_plan(Filters(kommune=("Stevns",))) == "exact"
        assert store.search_plan(Filters(kommune=("Ingen",))) == "exact"


def test_switching_to_a_new_build_forgets_cached_results(tmp_path):
    corpus = write_corpus(tmp_path / "docs")
    with Services.open(make_settings(tmp_path)) as services:
        index_paths(services, [corpus / "faxe-lokalgrupper.md"])
        assert search(services, "natteravne i Faxe", top_k=3)
        empty = EdgeStore(tmp_path / "new-build", model=services.embedder.name, dim=services.embedder.dim)
        generation = services.store.generation
        services.store.replace(empty)
        assert services.store.generation > generation
        assert search(services, "natteravne i Faxe", top_k=3) == []


def test_what_search_derives_from_a_passage_is_kept_until_a_write_changes_it(tmp_path):
    corpus = write_corpus(tmp_path / "docs")
    with Services.open(make_settings(tmp_path)) as services:
        index_paths(services, [corpus / "faxe-lokalgrupper.md"])
        first = search(services, "Hvornår går natteravnene i Faxe?", top_k=3)
        assert any("fredag og lørdag" in h for hit in first for h in hit.highlights)
        derived, reused = len(services.store.passages), services.store.passages.hits
        assert derived > 0
        search(services, "Hvilke dage går natteravne i Faxe Ladeplads?", top_k=3)  # another question, same passages
        assert services.store.passages.hits > reused and len(services.store.passages) == derived

        page = corpus / "faxe-lokalgrupper.md"
        page.write_text(page.read_text(encoding="utf-8").replace("hver fredag og lørdag", "hver torsdag"),
                        encoding="utf-8")
        index_paths(services, [page])
        assert len(services.store.passages) == 0  # the write forgot them
        after = search(services, "Hvornår går natteravnene i Faxe?", top_k=3)
        shown = [h for hit in after for h in hit.highlights]
        assert any("hver torsdag" in h for h in shown) and not any("fredag og lørdag" in h for h in shown)


def test_with_the_passage_cache_off_search_derives_the_same_highlights_every_time(tmp_path):
    corpus = write_corpus(tmp_path / "docs")
    with Services.open(make_settings(tmp_path, store={"passage_cache": 0})) as services:
        index_paths(services, [corpus / "faxe-lokalgrupper.md"])
        first = search(services, "Hvornår går natteravnene i Faxe?", top_k=3)
        again = search(services, "Hvornår går natteravnene i Faxe?", top_k=3)
        assert len(services.store.passages) == 0 and services.store.passages.hits == 0
        assert [h.highlights for h in again] == [h.highlights for h in first] and first[0].highlights
