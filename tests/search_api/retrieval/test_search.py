"""search() and ask() over the bundled sample corpus (all formats, incl. a 3-page PDF)."""

from __future__ import annotations

import pytest

from corpus.ingest import index_paths
from corpus.sample_corpus import SAMPLES_DIR
from corpus.services import Services
from indexer.errors import InvalidQuery
from indexer.store import Filters
from search_api.retrieval.answer import ask
from search_api.retrieval.search import search
from tests.conftest import make_settings

PDF = "soehavn_ssp_strategi_2024-2027.pdf"


@pytest.fixture(scope="module")
def sample_services(tmp_path_factory):
    settings = make_settings(tmp_path_factory.mktemp("samples"))
    with Services.open(settings) as services:
        report = index_paths(services, [SAMPLES_DIR])
        assert report.ok, [r for r in report.results if r.outcome == "failed"]
        yield services


def test_every_sample_document_is_indexed(sample_services):
    sources = {row.source for row in sample_services.catalog.list()}
    expected = {p.name for p in SAMPLES_DIR.iterdir()
                if p.suffix in {".md", ".txt", ".html", ".pdf"} and p.name != "README.md"}
    assert sources == expected and len(expected) == 10


def test_search_cites_page_number_for_pdf_hits(sample_services):
    hits = search(sample_services, "Hvor mange SSP-lokalgrupper har Søhavn Kommune?", top_k=5)
    pdf_hits = [h for h in hits if h.source == PDF and "ni SSP-lokalgrupper" in h.text]
    assert pdf_hits and pdf_hits[0].page == 2


def test_pdf_pages_are_kept_apart_in_chunks(sample_services):
    hits = search(sample_services, "SSP-budgettet udgør mio. kr. om året", top_k=5)
    budget = next(h for h in hits if "3,2 mio. kr." in h.text)
    assert (budget.source, budget.page) == (PDF, 3)


def test_cp1252_minutes_are_searchable_with_danish_letters(sample_services):
    hits = search(sample_services, "Fraværende ved mødet i SSP-udvalget", top_k=10)
    assert any(h.source.startswith("kloevermose_referat") and "æ" in h.text for h in hits)


def test_kommune_filter_restricts_results(sample_services):
    kommuner = {row.kommune for row in sample_services.catalog.list()}
    some = sorted(k for k in kommuner if k != "national")[0]
    hits = search(sample_services, "lokalgrupper", top_k=20, filters=Filters(kommune=(some,)))
    assert hits and {h.kommune for h in hits} == {some}


def test_highlights_are_sentences_of_the_hit(sample_services):
    for hit in search(sample_services, "Hvor ofte mødes lokalgrupperne?", top_k=5):
        assert all(sentence in hit.text.replace("\n", " ") or sentence in hit.text for sentence in hit.highlights)


def test_ask_quotes_sentences_that_exist_in_the_cited_passage(sample_services):
    answer = ask(sample_services, "Hvor mange SSP-konsulenter har Søhavn Kommune?")
    assert answer.answered and answer.citations
    for citation in answer.citations:
        assert citation.quote in citation.hit.text.replace("\n", " ") or citation.quote in citation.hit.text
        assert f"[{citation.n}]" in answer.answer


@pytest.mark.parametrize("query", ["", "   ", "x" * 501])
def test_invalid_queries_raise_invalid_query(sample_services, query):
    with pytest.raises(InvalidQuery):
        search(sample_services, query)


def test_top_k_out_of_range_is_invalid(sample_services):
    with pytest.raises(InvalidQuery, match="top_k"):
        search(sample_services, "børn", top_k=0)
