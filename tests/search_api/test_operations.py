"""The operator's view: Prometheus metrics, request ids and JSON log lines without query text."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest
from fastapi.testclient import TestClient

from corpus.ingest import index_paths
from corpus.services import Services
from search_api.app import create_app
from search_api.logs import JsonFormatter, RequestIdFilter
from tests.conftest import make_settings
from tests.support.corpus import write_corpus


def _metric(text: str, name: str, **labels) -> float:
    """The value of one sample in Prometheus text format (0 when absent)."""
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            sample, value = line.rsplit(" ", 1)
            if all(f'{k}="{v}"' in sample for k, v in labels.items()):
                return float(value)
    return 0.0


@pytest.fixture
def limited_client(tmp_path):
    settings = make_settings(tmp_path, auth={"rate_limit_per_minute": 3})
    with Services.open(settings) as services:
        assert index_paths(services, [write_corpus(tmp_path / "docs")]).ok
    with TestClient(create_app(settings)) as client:
        yield client


def test_metrics_count_requests_embeddings_cache_hits_store_size_and_refusals(limited_client):
    for _ in range(2):
        assert limited_client.post("/v1/search", json={"query": "natteravne i Faxe"}).status_code == 200
    assert limited_client.post("/v1/search", json={"query": ""}).status_code == 422
    assert limited_client.post("/v1/search", json={"query": "natteravne"}).status_code == 429
    response = limited_client.get("/metrics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    text = response.text
    search = {"route": "/v1/search", "method": "POST"}
    assert _metric(text, "vidensbank_http_request_duration_seconds_count", status="200", **search) == 2
    assert _metric(text, "vidensbank_http_request_duration_seconds_count", status="422", **search) == 1
    assert _metric(text, "vidensbank_rate_limited_total", route="/v1/search") == 1
    assert _metric(text, "vidensbank_embedding_batch_size_count", kind="query") == 1  # the repeat hit the cache
    assert _metric(text, "vidensbank_cache_hits_total", cache="query_vectors") == 1
    assert _metric(text, "vidensbank_cache_hits_total", cache="results") == 1
    assert _metric(text, "vidensbank_store_passages") >= 3
    assert _metric(text, "vidensbank_documents", status="published") == 3
    assert _metric(text, "vidensbank_ready") == 1
    assert "natteravne" not in text


def test_passages_embedded_through_the_api_show_as_indexing_progress(tmp_path):
    settings = make_settings(tmp_path)
    with TestClient(create_app(settings)) as client:
        services = client.app.state.services
        report = index_paths(services, [write_corpus(tmp_path / "docs")])
        text = client.get("/metrics").text
    assert _metric(text, "vidensbank_embedded_texts_total", kind="passage") >= report.chunks > 0


def test_a_request_id_is_passed_through_or_made_up(client):
    given = client.get("/healthz", headers={"X-Request-ID": "intranet-42.a"})
    assert given.headers["x-request-id"] == "intranet-42.a"
    made_up = client.get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", made_up.headers["x-request-id"])
    odd = client.get("/healthz", headers={"X-Request-ID": "a b\"<script>" + "x" * 200})
    assert re.fullmatch(r"[0-9a-f]{32}", odd.headers["x-request-id"])


def test_log_lines_are_json_with_the_request_id_and_no_query_text(indexed_client):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        indexed_client.post("/v1/search?debug=hemmelig", json={"query": "fortrolige oplysninger om Karen"},
                            headers={"X-Request-ID": "req-1"})
        indexed_client.get("/v1/documents?q=hemmelig")
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    # The test client logs its own requests (logger httpx*); everything else is the server's.
    lines = [entry for entry in map(json.loads, stream.getvalue().splitlines()) if not entry["logger"].startswith("httpx")]
    access = [entry for entry in lines if entry["logger"] == "vidensbank.access"]
    assert access[0]["request_id"] == "req-1" and access[0]["route"] == "/v1/search"
    assert access[0]["status"] == 200 and access[0]["path"] == "/v1/search"
    assert access[1]["request_id"] not in (None, "req-1")
    assert all(set(entry) >= {"time", "level", "logger", "message", "request_id"} for entry in lines)
    raw = json.dumps(lines, ensure_ascii=False)
    assert "Karen" not in raw and "fortrolige" not in raw and "hemmelig" not in raw
