"""Access control through the real app: the role matrix for every endpoint, keys, widget keys,
anonymous read switched off, and the per-key rate limit."""

from __future__ import annotations

import itertools

import pytest
from fastapi.testclient import TestClient

from corpus.documents import add_upload
from corpus.review import publish
from corpus.uploads import check_upload
from search_api.app import create_app
from search_api.rate_limit import TokenBuckets
from tests.conftest import make_settings
from tests.support.curation import PLAIN, ROLES_AND_ANONYMOUS, Api, make_keys

PROBLEM = "application/problem+json"
_counter = itertools.count()
pytestmark = pytest.mark.catalog


@pytest.fixture(scope="module")
def api(tmp_path_factory, request, catalog_backend):
    url = request.getfixturevalue("postgres_cluster").new_database() if catalog_backend == "postgresql" else None
    settings = make_settings(tmp_path_factory.mktemp("access"), auth={"rate_limit_per_minute": 0}, catalog={"url": url})
    with TestClient(create_app(settings)) as client:
        yield Api(client, make_keys(client.app.state.services.catalog))


def _document(api: Api, *, published: bool) -> str:
    """A fresh document (unique text, no personal data), published or left as a draft."""
    services = api.client.app.state.services
    text = PLAIN.format(kommune="Faxe", topic=f"emne nummer {next(_counter)}")
    row = add_upload(services, check_upload("lokal.txt", text.encode(), max_bytes=10**6), metadata={}, actor="test")
    return publish(services, row.doc_id, actor="test").doc_id if published else row.doc_id


def _call(api: Api, endpoint: str, role: str):
    """Run one endpoint as ``role`` against fresh documents."""
    headers, client = api.auth(role), api.client
    if endpoint == "upload":
        text = PLAIN.format(kommune="Køge", topic=f"upload {next(_counter)}").encode()
        return client.post("/v1/documents", files={"file": ("ny.txt", text)}, headers=headers)
    if endpoint == "search":
        return client.post("/v1/search", json={"query": "lokalgrupper"}, headers=headers)
    if endpoint == "ask":
        return client.post("/v1/ask", json={"question": "Hvornår mødes lokalgrupperne?"}, headers=headers)
    if endpoint == "list":
        return client.get("/v1/documents", headers=headers)
    if endpoint == "audit":
        return client.get("/v1/audit", headers=headers)
    doc_id = _document(api, published=endpoint not in ("get draft", "publish"))
    method, path = {
        "get": ("GET", ""), "get draft": ("GET", ""), "file": ("GET", "/file"), "patch": ("PATCH", ""),
        "publish": ("POST", "/publish"), "withdraw": ("POST", "/withdraw"), "reindex": ("POST", "/reindex"),
        "delete": ("DELETE", ""),
    }[endpoint]
    body = {"json": {"kind": "referat"}} if method == "PATCH" else {}
    return client.request(method, f"/v1/documents/{doc_id}{path}", headers=headers, **body)


# endpoint -> expected status for (anonymous, reader, curator, admin)
MATRIX = {
    "search": (200, 200, 200, 200),
    "ask": (200, 200, 200, 200),
    "list": (200, 200, 200, 200),
    "get": (200, 200, 200, 200),
    "get draft": (404, 404, 200, 200),
    "file": (200, 200, 200, 200),
    "upload": (401, 403, 201, 201),
    "patch": (401, 403, 200, 200),
    "publish": (401, 403, 200, 200),
    "withdraw": (401, 403, 200, 200),
    "reindex": (401, 403, 200, 200),
    "delete": (401, 403, 403, 204),
    "audit": (401, 403, 200, 200),
}


@pytest.mark.parametrize("endpoint, role", [(e, r) for e in MATRIX for r in ROLES_AND_ANONYMOUS])
def test_role_matrix(api, endpoint, role):
    response = _call(api, endpoint, role)
    expected = MATRIX[endpoint][ROLES_AND_ANONYMOUS.index(role)]
    assert response.status_code == expected, response.text
    if expected >= 400:
        assert response.headers["content-type"] == PROBLEM
    if expected == 401:
        assert response.headers["www-authenticate"].startswith("Bearer")


def test_x_api_key_header_works_like_bearer(api):
    response = api.client.get("/v1/audit", headers={"X-API-Key": api.keys["curator"]})
    assert response.status_code == 200


@pytest.mark.parametrize("headers", [
    {"Authorization": "Bearer vb_ikke-en-rigtig-noegle-men-lang-nok"},
    {"Authorization": "Basic dXNlcjpwdw=="},
    {"X-API-Key": "forkert"},
])
def test_a_wrong_key_is_401_even_where_anonymous_reading_is_allowed(api, headers):
    response = api.client.post("/v1/search", json={"query": "lokalgrupper"}, headers=headers)
    assert response.status_code == 401 and response.headers["content-type"] == PROBLEM


def test_a_revoked_key_is_401_at_once(api):
    new = api.client.app.state.services.catalog.keys.create(name="kortlivet", role="curator")
    headers = {"Authorization": f"Bearer {new.key}"}
    assert api.client.get("/v1/audit", headers=headers).status_code == 200
    api.client.app.state.services.catalog.keys.revoke("kortlivet")
    assert api.client.get("/v1/audit", headers=headers).status_code == 401


def test_widget_key_works_only_from_its_origins(api):
    widget = api.client.app.state.services.catalog.keys.create(
        name="Faxe intranet", role="reader", origins=["https://intranet.faxe.dk"])
    search = {"json": {"query": "lokalgrupper"}}
    ok = api.client.post("/v1/search", headers={"X-API-Key": widget.key, "Origin": "https://intranet.faxe.dk"}, **search)
    foreign = api.client.post("/v1/search", headers={"X-API-Key": widget.key, "Origin": "https://evil.example"}, **search)
    bare = api.client.post("/v1/search", headers={"X-API-Key": widget.key}, **search)
    assert (ok.status_code, foreign.status_code, bare.status_code) == (200, 403, 403)
    write = api.client.post(f"/v1/documents/{_document(api, published=False)}/publish",
                            headers={"X-API-Key": widget.key, "Origin": "https://intranet.faxe.dk"})
    assert write.status_code == 403


def test_with_anonymous_read_off_every_read_needs_a_key(tmp_path):
    settings = make_settings(tmp_path, auth={"anonymous_read": False})
    with TestClient(create_app(settings)) as client:
        api = Api(client, make_keys(client.app.state.services.catalog))
        doc_id = _document(api, published=True)
        for method, path, body in (("POST", "/v1/search", {"query": "lokalgrupper"}),
                                   ("POST", "/v1/ask", {"question": "Hvem mødes?"}),
                                   ("GET", "/v1/documents", None), ("GET", f"/v1/documents/{doc_id}", None),
                                   ("GET", f"/v1/documents/{doc_id}/file", None)):
            assert client.request(method, path, json=body).status_code == 401, path
            assert client.request(method, path, json=body, headers=api.auth("reader")).status_code == 200, path
        assert client.get("/healthz").status_code == 200


def test_search_and_ask_are_rate_limited_per_key_with_retry_after(tmp_path):
    settings = make_settings(tmp_path, auth={"rate_limit_per_minute": 2})
    with TestClient(create_app(settings)) as client:
        api = Api(client, make_keys(client.app.state.services.catalog))
        reader = api.auth("reader")
        first = [client.post("/v1/search", json={"query": "børn"}, headers=reader).status_code for _ in range(2)]
        limited = client.post("/v1/ask", json={"question": "Hvem?"}, headers=reader)
        assert first == [200, 200] and limited.status_code == 429
        assert limited.headers["content-type"] == PROBLEM and int(limited.headers["retry-after"]) >= 1
        other_key = client.post("/v1/search", json={"query": "børn"}, headers=api.auth("curator"))
        assert other_key.status_code == 200
        assert client.get("/v1/documents", headers=reader).status_code == 200  # only search and ask count


def test_token_bucket_refills_with_time():
    now = [0.0]
    buckets = TokenBuckets(per_minute=60, burst=2, clock=lambda: now[0])
    assert [buckets.take("a"), buckets.take("a")] == [0.0, 0.0]
    assert buckets.take("a") == pytest.approx(1.0)
    now[0] += 0.5
    assert buckets.take("a") == pytest.approx(0.5)
    now[0] += 0.5
    assert buckets.take("a") == 0.0 and buckets.take("b") == 0.0
