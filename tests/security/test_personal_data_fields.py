"""Defect 2: personal data in a heading, a title or a file name goes through the same
detection, review gate and masking as the passage text, on every route that shows it."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from corpus.catalog import DocumentQuery
from corpus.ingest import index_paths
from search_api.app import create_app
from search_api.retrieval.search import search
from tests.support.curation import PLAIN, Api, make_keys

NAME = "sag_010203-1234_jens.hansen@faxe.dk.md"
CASE = """# Sag 010203-1234: jens.hansen@faxe.dk, tlf. 56 20 30 40

## Forløb for 010203-1234

Lokalgruppen i Faxe har fulgt den unge siden foråret. Skolen og klubben mødes hver anden uge,
og forældrene deltager i samtalerne om skolegang og fritid.
"""
SECRETS = ("010203-1234", "0102031234", "jens.hansen@faxe.dk", "56 20 30 40")


def _leaks(value: object) -> list[str]:
    text = json.dumps(value, ensure_ascii=False)
    return [s for s in SECRETS if s in text]


@pytest.fixture
def api(settings):
    with TestClient(create_app(settings)) as client:
        yield Api(client, make_keys(client.app.state.services.catalog))


def test_a_file_name_and_heading_with_personal_data_wait_for_review_then_readers_see_them_masked(api):
    doc = api.upload(CASE, name=NAME)
    assert set(doc["pii"]) >= {"cpr", "email", "phone"} and doc["pii_status"] == "unreviewed"
    blocked = api.client.post(f"/v1/documents/{doc['doc_id']}/publish", headers=api.auth("curator"))
    assert blocked.status_code == 409 and blocked.json()["type"].endswith("pii-review-required")
    api.client.patch(f"/v1/documents/{doc['doc_id']}", json={"pii_status": "masked"}, headers=api.auth("curator"))
    assert api.client.post(f"/v1/documents/{doc['doc_id']}/publish", headers=api.auth("curator")).status_code == 200

    hits = api.search("lokalgruppen følger den unge skole og klub")
    assert hits and hits[0]["doc_id"] == doc["doc_id"]
    assert "[cpr]" in hits[0]["title"] and "[e-mail]" in hits[0]["source"]
    answer = api.client.post("/v1/ask", json={"question": "Hvordan følger lokalgruppen den unge?"}).json()
    listed = api.client.get("/v1/documents").json()
    detail = api.client.get(f"/v1/documents/{doc['doc_id']}").json()
    assert detail["title"].startswith("Sag [cpr]") and detail["chunks"][0]["section"]
    for shown in (hits, answer, listed, detail):
        assert _leaks(shown) == []
    # Curators still see what the document says.
    curator_view = api.client.get(f"/v1/documents/{doc['doc_id']}", headers=api.auth("curator")).json()
    assert "010203-1234" in curator_view["title"] and curator_view["file_name"] == NAME


def test_a_curator_confirming_email_shows_the_address_but_keeps_the_cpr_number_masked(api):
    doc = api.upload(CASE, name=NAME)
    api.client.patch(f"/v1/documents/{doc['doc_id']}", json={"pii_status": "confirmed", "pii_shown": ["email"]},
                     headers=api.auth("curator"))
    api.client.post(f"/v1/documents/{doc['doc_id']}/publish", headers=api.auth("curator"))
    detail = api.client.get(f"/v1/documents/{doc['doc_id']}").json()
    assert "jens.hansen@faxe.dk" in detail["title"] and "010203-1234" not in detail["title"]


def test_editing_a_published_title_to_hold_a_cpr_number_flags_it_and_masks_it_for_readers(api):
    doc = api.upload(PLAIN.format(kommune="Faxe", topic="alkohol"), name="faxe.md")
    api.client.post(f"/v1/documents/{doc['doc_id']}/publish", headers=api.auth("curator"))
    edited = api.client.patch(f"/v1/documents/{doc['doc_id']}", json={"title": "Notat om 010203-1234"},
                              headers=api.auth("curator")).json()
    assert edited["pii"] == ["cpr"] and edited["pii_status"] == "unreviewed"
    assert api.client.get(f"/v1/documents/{doc['doc_id']}").json()["title"] == "Notat om [cpr]"
    hits = api.search("lokalgrupper skoleledere alkohol")
    assert hits and all(_leaks(h) == [] for h in hits)


def test_a_link_holding_personal_data_is_not_given_to_readers(api):
    doc = api.upload(PLAIN.format(kommune="Faxe", topic="alkohol"), name="faxe.md",
                     url="https://faxe.dk/sager/jens.hansen@faxe.dk")
    assert doc["pii"] == ["email"]
    api.client.patch(f"/v1/documents/{doc['doc_id']}", json={"pii_status": "masked"}, headers=api.auth("curator"))
    api.client.post(f"/v1/documents/{doc['doc_id']}/publish", headers=api.auth("curator"))
    assert api.client.get(f"/v1/documents/{doc['doc_id']}").json()["url"] is None
    assert all(h["url"] is None for h in api.search("lokalgrupper skoleledere alkohol"))


def test_indexing_the_file_from_a_folder_flags_the_name_and_heading_and_search_masks_them(services, tmp_path):
    (tmp_path / NAME).write_text(CASE, encoding="utf-8")
    report = index_paths(services, [tmp_path / NAME])
    assert report.ok
    [record] = services.catalog.find(DocumentQuery())[1]
    assert set(record.pii_types) >= {"cpr", "email", "phone"} and record.pii_status == "masked"
    hits = search(services, "lokalgruppen følger den unge skole og klub", top_k=3)
    assert hits and all(_leaks([h.title, h.section, h.source, h.text]) == [] for h in hits)
