"""Page-accurate citations over HTTP: a passage that spans PDF pages cites the page of its quote."""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient

from corpus.ingest import index_paths
from corpus.services import Services
from search_api.app import create_app
from tests.conftest import FIXTURES, make_settings

NATTERAVNE = "Natteravnene går i Egeskov hver fredag fra kl. 21 til kl. 2."
PRICE = "Natteravnene koster kommunen 60.000 kr. om året."
FAXE_NOTE = "# Natteravne i Faxe\n\nNatteravnene i Faxe går hver lørdag, og de koster 40.000 kr. om året.\n"


def _index_pdfs(settings, folder, *, before_page_starts: bool = False) -> None:
    """Index the two-page handleplan, the four-slide deck and a text note; optionally as
    points were stored before ``page_starts`` existed."""
    folder.mkdir()
    for name in ("two_pages.pdf", "slides.pdf"):
        shutil.copy(FIXTURES / name, folder)
    (folder / "faxe.md").write_text(FAXE_NOTE, encoding="utf-8")
    with Services.open(settings) as services:
        report = index_paths(services, [folder])
        assert report.ok
        if before_page_starts:
            for doc_id in {r.doc_id for r in report.results}:
                services.store.set_payload(doc_id, {"page_starts": None})


@pytest.fixture(scope="module")
def pdf_client(tmp_path_factory):
    """The real app over the indexed files, shared by the read-only tests of this module."""
    tmp_path = tmp_path_factory.mktemp("pages")
    settings = make_settings(tmp_path)
    _index_pdfs(settings, tmp_path / "docs")
    with TestClient(create_app(settings)) as client:
        yield client


def _cited(client, question: str) -> dict:
    answer = client.post("/v1/ask", json={"question": question}).json()
    assert answer["answered"], answer
    return answer["citations"][0]


def _hit(client, query: str, text: str) -> dict:
    hits = client.post("/v1/search", json={"query": query}).json()["hits"]
    return next(h for h in hits if text in h["text"])


def test_answer_on_the_second_page_of_a_two_page_pdf_is_cited_as_page_2(pdf_client):
    citation = _cited(pdf_client, "Hvornår går natteravnene i Egeskov?")
    assert citation["quote"] == NATTERAVNE and citation["source"].endswith("two_pages.pdf")
    assert citation["pages"] == [1, 2]  # both pages are one passage: the quote decides the page
    assert citation["page"] == 2


def test_search_hit_page_is_the_page_of_its_best_highlight(pdf_client):
    hit = _hit(pdf_client, "Hvornår går natteravnene i Egeskov?", NATTERAVNE)
    assert NATTERAVNE in hit["highlights"] and hit["pages"] == [1, 2] and hit["page"] == 2
    hit = _hit(pdf_client, "Hvor ofte mødes lokalgrupperne i Egeskov på skolerne?", NATTERAVNE)
    assert hit["page"] == 1


def test_a_slide_deck_merged_into_one_passage_cites_the_slide_with_the_answer(pdf_client):
    citation = _cited(pdf_client, "Hvad koster natteravnene i Åbjerg?")
    assert citation["quote"] == PRICE and citation["pages"] == [1, 4] and citation["page"] == 3
    preview = pdf_client.get(f"/v1/documents/{citation['doc_id']}/pages/{citation['page']}.png")
    assert preview.status_code == 200 and preview.headers["content-type"] == "image/png"
    hit = _hit(pdf_client, "Hvad koster natteravnene i Åbjerg?", PRICE)
    assert (hit["page"], hit["pages"]) == (3, [1, 4])


def test_points_indexed_before_page_starts_keep_their_first_page(settings, tmp_path):
    _index_pdfs(settings, tmp_path / "docs", before_page_starts=True)
    with TestClient(create_app(settings)) as client:
        assert _cited(client, "Hvad koster natteravnene i Åbjerg?")["page"] == 1
        assert _hit(client, "Hvad koster natteravnene i Åbjerg?", PRICE)["pages"] == [1, 4]


def test_text_documents_have_no_pages(pdf_client):
    hit = _hit(pdf_client, "Hvad koster natteravnene i Faxe?", "40.000 kr.")
    assert hit["page"] is None and hit["pages"] is None
