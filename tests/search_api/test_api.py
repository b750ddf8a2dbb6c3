"""The HTTP API through the real ASGI app (lifespan included), store and catalog."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from corpus.services import Services
from search_api.app import create_app

PROBLEM = "application/problem+json"
HIT_FIELDS = {"rank", "score", "doc_id", "chunk_id", "text", "title", "kommune", "kind", "date", "page",
              "section", "highlights", "source", "url", "pii", "original_text", "pages", "visibility"}


def test_search_returns_cited_hits_with_every_field(indexed_client):
    response = indexed_client.post("/v1/search", json={"query": "Hvordan er lokalgrupperne organiseret?", "top_k": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "Hvordan er lokalgrupperne organiseret?"
    top = body["hits"][0]
    assert set(top) == HIT_FIELDS
    assert (top["rank"], top["kommune"], top["source"]) == (1, "Faxe", "faxe-lokalgrupper.md")
    assert top["date"] == "2021-05-04" and top["url"] == "https://www.faxe.dk/ssp/lokalgrupper"
    assert top["section"].startswith("Lokalgrupper i Faxe")
    assert any("organiseret" in h for h in top["highlights"])


@pytest.mark.parametrize("filters, kommuner", [
    ({"kommune": ["Slagelse"]}, {"Slagelse"}),
    ({"kind": ["strategi"]}, {"Faxe"}),
    ({"year_from": 2022}, set()),
    ({"year_to": 2021, "kommune": ["Faxe", "Slagelse"]}, {"Faxe"}),
])
def test_search_filters_by_kommune_kind_and_year(indexed_client, filters, kommuner):
    response = indexed_client.post("/v1/search", json={"query": "SSP børn og unge", "top_k": 10, "filters": filters})
    assert {h["kommune"] for h in response.json()["hits"]} == kommuner


def test_html_boilerplate_is_not_indexed(indexed_client):
    hits = indexed_client.post("/v1/search", json={"query": "nyhedsbrev cookies forside", "top_k": 10}).json()["hits"]
    assert all("cookies" not in h["text"] and "nyhedsbrev" not in h["text"].lower() for h in hits)


def test_ask_answers_with_numbered_citations(indexed_client):
    body = indexed_client.post("/v1/ask", json={"question": "Hvornår går natteravnene i Faxe Ladeplads?"}).json()
    assert body["answered"] is True
    assert "[1]" in body["answer"]
    first = body["citations"][0]
    assert first["n"] == 1 and first["kommune"] == "Faxe" and "Natteravnene" in first["quote"]
    assert first["quote"] in first["text"]


def test_ask_declines_when_nothing_relevant_is_found(indexed_client):
    body = indexed_client.post("/v1/ask", json={"question": "Hvad koster en ny svømmehal i Aarhus?"}).json()
    assert body == {"answered": False, "answer": body["answer"], "confidence": body["confidence"],
                    "generated": False, "citations": [], "comparison": []}
    assert "ikke" in body["answer"] and body["confidence"] < 0.2


@pytest.mark.parametrize("payload, field", [
    ({"query": ""}, "query"),
    ({"query": "   "}, None),
    ({"query": "x" * 501}, None),
    ({"query": "børn", "top_k": 0}, "top_k"),
    ({"query": "børn", "top_k": 51}, "top_k"),
    ({"query": "børn", "filters": {"year_from": "i går"}}, "filters.year_from"),
    ({"query": "børn", "ukendt": 1}, "ukendt"),
    ({"top_k": 3}, "query"),
])
def test_bad_search_requests_are_422_problem_json(indexed_client, payload, field):
    response = indexed_client.post("/v1/search", json=payload)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == 422 and problem["type"].startswith("https://") and problem["title"]
    assert problem["instance"] == "/v1/search"
    if field:
        assert field in problem["detail"]


def test_malformed_json_is_problem_json(indexed_client):
    response = indexed_client.post("/v1/search", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.headers["content-type"] == PROBLEM


def test_unknown_route_and_wrong_method_are_problem_json(indexed_client):
    missing = indexed_client.get("/v1/findes-ikke")
    wrong = indexed_client.get("/v1/search")
    assert (missing.status_code, wrong.status_code) == (404, 405)
    assert missing.headers["content-type"] == wrong.headers["content-type"] == PROBLEM


def test_health_and_readiness(indexed_client):
    assert indexed_client.get("/healthz").json() == {"status": "ok"}
    ready = indexed_client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["points"] > 0 and ready["model"] == "hashing-384"


def test_store_held_elsewhere_gives_503_problem_not_a_crash(settings):
    with Services.open(settings):  # this "other process" holds the embedded store
        with TestClient(create_app(settings)) as client:
            assert client.get("/healthz").status_code == 200
            for response in (client.get("/readyz"), client.post("/v1/search", json={"query": "børn"})):
                assert response.status_code == 503
                assert response.headers["content-type"] == PROBLEM
                assert "in use by another process" in response.json()["detail"]


def test_openapi_documents_the_endpoints(indexed_client):
    paths = indexed_client.get("/openapi.json").json()["paths"]
    assert {"/v1/search", "/v1/ask", "/healthz", "/readyz"} <= set(paths)
    assert indexed_client.get("/docs").status_code == 200
    # The routes send their JSON themselves; the documented shapes are still the response models.
    for path, model in (("/v1/search", "SearchResponse"), ("/v1/ask", "AskResponse")):
        ok = paths[path]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok == {"$ref": f"#/components/schemas/{model}"}


def test_search_and_ask_answer_json_in_the_shape_of_their_models(indexed_client):
    from search_api.schemas import AskResponse, SearchResponse

    found = indexed_client.post("/v1/search", json={"query": "natteravne i Faxe", "top_k": 2})
    answer = indexed_client.post("/v1/ask", json={"question": "Hvornår går natteravnene i Faxe?"})
    for response, model in ((found, SearchResponse), (answer, AskResponse)):
        assert response.status_code == 200 and response.headers["content-type"] == "application/json"
        assert model.model_validate_json(response.content).model_dump(mode="json") == response.json()
    assert found.json()["hits"] and found.json()["hits"][0]["highlights"]
