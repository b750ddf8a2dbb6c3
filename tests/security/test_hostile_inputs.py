"""Hostile inputs through the HTTP API and the CLI: each gets a clear error (status and Danish
detail as problem+json, or exit 1 / a failed file with its reason) and does no lasting harm
(catalog and store unchanged, the good document still found).

The classes: bombs and XXE, broken and encrypted files, odd PDF page trees and page boxes,
path traversal in names, unsafe links, long words, oversized, slow and anonymous bodies,
revoked and malformed keys, huge numbers, LIKE wildcards, forged forwarding headers, CORS.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading

import pytest
from fastapi.testclient import TestClient

from corpus.catalog import DocumentQuery
from indexer.store import Filters
from search_api.app import create_app
from tests.cli.test_cli import run
from tests.conftest import FIXTURES, make_settings
from tests.support.curation import make_keys
from tests.support.hostile import GOOD, cyclic_pdf, lying_count_pdf, markdown, text_pdf, xxe_docx

PROBLEM = "application/problem+json"
DANISH = re.compile(r"[æøåÆØÅ]|\b(?:er|ikke|skal|kan|for|og)\b")
HUGE = "9" * 30
LONG_WORD = "a" * 100_000

# name -> bytes: files that must never be indexed, whichever way they come in.
BAD_FILES = {
    "zip_bomb.docx": (FIXTURES / "zip_bomb.docx").read_bytes(),
    "entity_bomb.docx": (FIXTURES / "entity_bomb.docx").read_bytes(),
    "xxe.docx": xxe_docx(),
    "encrypted.pdf": (FIXTURES / "encrypted.pdf").read_bytes(),
    "truncated.pdf": (FIXTURES / "truncated.pdf").read_bytes(),
    "corrupt.pdf": (FIXTURES / "corrupt.pdf").read_bytes(),
    "cyclic.pdf": cyclic_pdf(),
    "lying_count.pdf": lying_count_pdf(),
    "binary_junk.txt": (FIXTURES / "binary_junk.txt").read_bytes(),
    "empty.txt": b"",
    "javascript_link.md": markdown(GOOD.replace("Faxe", "Køge"), url="javascript:alert(document.cookie)"),
    "data_link.md": markdown(GOOD.replace("Faxe", "Stevns"), url="data:text/html,<script>alert(1)</script>"),
}


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status and DANISH.search(body["detail"]), body
    return body


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    settings = make_settings(tmp_path_factory.mktemp("hostile"), api={"cors_origins": ["https://intra.faxe.dk"]})
    with TestClient(create_app(settings)) as client:
        services = client.app.state.services
        keys = make_keys(services.catalog)
        revoked = services.catalog.keys.create(name="gammel", role="curator")
        services.catalog.keys.revoke("gammel")
        curator = {"Authorization": f"Bearer {keys['curator']}"}
        good = client.post("/v1/documents", headers=curator, files={"file": ("faxe.md", GOOD.encode())}).json()
        client.post(f"/v1/documents/{good['doc_id']}/publish", headers=curator)
        yield client, services, keys, revoked.key, good["doc_id"]


def _state(services) -> tuple:
    rows = services.catalog.find(DocumentQuery(), limit=1000)[1]
    return (sorted((r.doc_id, r.content_hash, r.status, r.title, r.url, r.pii_status) for r in rows),
            services.store.count(Filters()))


@pytest.fixture
def unharmed(server):
    """Asserts after the test that catalog and store are as before and the good document is found."""
    client, services, *_, good = server
    before = _state(services)
    yield
    assert _state(services) == before
    hits = client.post("/v1/search", json={"query": "lokalgrupper skoleledere"}).json()["hits"]
    assert good in {h["doc_id"] for h in hits}


# --- files, uploaded -------------------------------------------------------------------------

@pytest.mark.parametrize("name", BAD_FILES)
def test_upload_of_a_hostile_file_is_refused_with_a_reason(server, unharmed, name):
    client, _, keys, *_ = server
    response = client.post("/v1/documents", headers={"Authorization": f"Bearer {keys['curator']}"},
                           files={"file": (name, BAD_FILES[name])})
    assert 400 <= response.status_code < 500
    _problem(response, response.status_code)


def test_upload_with_path_traversal_in_the_name_keeps_only_a_clean_name(server):
    client, services, keys, *_ = server
    curator = {"Authorization": f"Bearer {keys['curator']}"}
    response = client.post("/v1/documents", headers=curator,
                           files={"file": ("../../../etc/cron.d/x.md", GOOD.replace("Faxe", "Solrød").encode())})
    record = response.json()
    assert response.status_code == 201 and record["file_name"] == "x.md" and record["source"] == "x.md"
    assert client.delete(f"/v1/documents/{record['doc_id']}",
                         headers={"Authorization": f"Bearer {keys['admin']}"}).status_code == 204


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "https://", "ftp://x.dk/a"])
def test_upload_form_with_an_unsafe_link_is_refused(server, unharmed, url):
    client, _, keys, *_ = server
    response = client.post("/v1/documents", headers={"Authorization": f"Bearer {keys['curator']}"},
                           files={"file": ("lyngby.md", GOOD.replace("Faxe", "Lyngby").encode())}, data={"url": url})
    assert "adresse" in _problem(response, 422)["detail"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", " javascript:void(0)", "vbscript:msgbox"])
def test_patch_with_an_unsafe_link_is_refused(server, unharmed, url):
    client, _, keys, *_, good = server
    response = client.patch(f"/v1/documents/{good}", json={"url": url},
                            headers={"Authorization": f"Bearer {keys['curator']}"})
    _problem(response, 422)


def test_a_page_preview_of_an_absurd_page_box_is_422_not_500(server):
    client, _, keys, *_ = server
    curator = {"Authorization": f"Bearer {keys['curator']}"}
    doc = client.post("/v1/documents", headers=curator, files={"file": ("smal.pdf", text_pdf(10, 2000))}).json()
    preview = client.get(f"/v1/documents/{doc['doc_id']}/pages/1.png", headers=curator)
    assert "punkter" in _problem(preview, 422)["detail"]
    client.delete(f"/v1/documents/{doc['doc_id']}", headers={"Authorization": f"Bearer {keys['admin']}"})


# --- bodies ----------------------------------------------------------------------------------

def test_anonymous_upload_promising_40_mb_is_401_before_the_body(server, unharmed):
    client, *_ = server
    response = client.post("/v1/documents", content=b"x" * 10,
                           headers={"Content-Length": "40000000", "Content-Type": "multipart/form-data; boundary=x"})
    _problem(response, 401)


def test_revoked_key_with_a_huge_body_is_401_before_the_body(server, unharmed):
    client, _, _, revoked, _ = server
    response = client.post("/v1/search", content=b"{}", headers={"Authorization": f"Bearer {revoked}",
                                                                 "Content-Length": "1000000000"})
    _problem(response, 401)


def test_malformed_authorization_header_is_401(server, unharmed):
    client, *_ = server
    _problem(client.post("/v1/search", json={"query": "x"}, headers={"Authorization": "Basic Zm9vOmJhcg=="}), 401)


def test_json_body_over_the_route_limit_is_413_by_its_length(server, unharmed):
    client, *_ = server
    body = json.dumps({"query": "lokalgrupper " * 5000}).encode()
    _problem(client.post("/v1/search", content=body, headers={"Content-Type": "application/json"}), 413)


def test_chunked_json_body_over_the_limit_is_cut_off_at_413(server, unharmed):
    client, _, keys, *_, good = server

    def pieces():
        yield b'{"title": "'
        for _ in range(200):
            yield b"x" * 1024
        yield b'"}'

    response = client.patch(f"/v1/documents/{good}", content=pieces(),
                            headers={"Authorization": f"Bearer {keys['curator']}", "Content-Type": "application/json"})
    _problem(response, 413)


def test_upload_without_a_length_is_411(server, unharmed):
    client, _, keys, *_ = server
    response = client.post("/v1/documents", content=iter([b"--x\r\n"]),
                           headers={"Authorization": f"Bearer {keys['curator']}",
                                    "Content-Type": "multipart/form-data; boundary=x"})
    _problem(response, 411)


def test_upload_over_the_size_limit_is_413_with_an_unrounded_limit(tmp_path):
    settings = make_settings(tmp_path, ingest={"max_file_mb": 0.0505})
    with TestClient(create_app(settings)) as client:
        key = make_keys(client.app.state.services.catalog)["curator"]
        response = client.post("/v1/documents", headers={"Authorization": f"Bearer {key}"},
                               files={"file": ("stor.txt", b"a " * 600_000)})
    assert "50,5 kB" in _problem(response, 413)["detail"]


def test_a_body_that_stalls_is_408(tmp_path):
    settings = make_settings(tmp_path, api={"body_idle_timeout_s": 0.2})
    app = create_app(settings)
    sent: list[dict] = []
    pieces = [{"type": "http.request", "body": b'{"query":', "more_body": True}]

    async def scenario() -> None:
        async def receive():
            if pieces:
                return pieces.pop()
            await asyncio.sleep(5)  # the sender never finishes
            return {"type": "http.disconnect"}

        async def send(message):
            sent.append(message)

        scope = {"type": "http", "method": "POST", "path": "/v1/search", "raw_path": b"/v1/search",
                 "query_string": b"", "root_path": "", "scheme": "http", "server": ("test", 80),
                 "client": ("127.0.0.1", 1), "http_version": "1.1", "app": app,
                 "headers": [(b"content-type", b"application/json"), (b"transfer-encoding", b"chunked")]}
        app.state.services = None  # no lifespan needed: the body is refused before any route runs
        await app(scope, receive, send)

    # A fresh thread has no event loop, whatever an earlier test left running in this one.
    worker = threading.Thread(target=asyncio.run, args=(scenario(),))
    worker.start()
    worker.join(timeout=30)
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = json.loads(b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body"))
    assert start["status"] == 408 and "tide" in body["detail"]


@pytest.mark.parametrize("body", [b"{", b"[1, 2]", b'{"query": "x", "extra": 1}', b'{"query": 12}'])
def test_malformed_json_is_422(server, unharmed, body):
    client, *_ = server
    _problem(client.post("/v1/search", content=body, headers={"Content-Type": "application/json"}), 422)


# --- numbers, words, wildcards ---------------------------------------------------------------

@pytest.mark.parametrize("path", [
    f"/v1/documents?offset={HUGE}", f"/v1/documents?limit={HUGE}", "/v1/documents?offset=-1",
    f"/v1/audit?offset={HUGE}", f"/v1/audit?limit={HUGE}", "/v1/documents?offset=1e400",
    f"/v1/facets?year_from={HUGE}", f"/v1/documents/x/pages/{HUGE}.png",
])
def test_huge_or_negative_numbers_are_422(server, unharmed, path):
    client, _, keys, *_ = server
    _problem(client.get(path, headers={"Authorization": f"Bearer {keys['curator']}"}), 422)


@pytest.mark.parametrize("body", [{"query": "x", "top_k": int(HUGE)}, {"query": "x", "filters": {"year_to": int(HUGE)}},
                                  {"query": LONG_WORD}, {"query": " "}])
def test_search_with_huge_numbers_or_overlong_words_is_422(server, unharmed, body):
    client, *_ = server
    response = client.post("/v1/search", content=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    assert response.status_code in (413, 422)
    _problem(response, response.status_code)


@pytest.mark.parametrize("q", ["%", "_", "%%%", "\\"])
def test_like_wildcards_in_q_match_only_themselves(server, unharmed, q):
    client, *_ = server
    assert client.get("/v1/documents", params={"q": q}).json()["total"] == 0


# --- keys, headers, origins ------------------------------------------------------------------

def test_forged_forwarding_headers_do_not_escape_the_rate_limit(tmp_path):
    settings = make_settings(tmp_path, auth={"rate_limit_per_minute": 3, "rate_limit_burst": 3})
    with TestClient(create_app(settings)) as client:
        statuses = [client.post("/v1/search", json={"query": "lokalgrupper"},
                                headers={"X-Forwarded-For": f"10.0.0.{i}", "X-Real-IP": f"10.0.1.{i}",
                                         "Forwarded": f"for=10.0.2.{i}"}).status_code for i in range(5)]
    assert statuses[:3] == [200, 200, 200] and statuses[3:] == [429, 429]


def test_unknown_key_is_401_and_never_anonymous(server, unharmed):
    client, *_ = server
    _problem(client.get("/v1/documents", headers={"X-API-Key": "vb_ukendt"}), 401)


def test_cors_preflight_from_a_foreign_origin_is_refused_as_problem_json(server, unharmed):
    client, *_ = server
    response = client.options("/v1/search", headers={"Origin": "https://evil.example",
                                                     "Access-Control-Request-Method": "POST"})
    assert "origin" in _problem(response, 400)["failures"]


# --- the CLI ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cli_run(tmp_path_factory):
    """`vidensbank index` over a folder of every hostile file, a sidecar with an unsafe link,
    a 100,000-character word and one good document."""
    root = tmp_path_factory.mktemp("cli")
    docs, data = root / "docs", root / "data"
    docs.mkdir()
    for name, content in {**BAD_FILES, "notes.xyz": (FIXTURES / "notes.xyz").read_bytes()}.items():
        (docs / name).write_bytes(content)
    (docs / "sidecar.md").write_text(GOOD.replace("Faxe", "Greve"), encoding="utf-8")
    (docs / "sidecar.md.meta.yaml").write_text("url: 'javascript:alert(1)'\n", encoding="utf-8")
    (docs / "langt_ord.md").write_text(f"# Langt ord\n\n{LONG_WORD}\n\nNatteravne i Ringsted.\n", encoding="utf-8")
    (docs / "faxe.md").write_text(GOOD, encoding="utf-8")
    result = run(data, "index", str(docs), "--json")
    return data, result, {r["source"]: r for r in json.loads(result.stdout)["files"]}


@pytest.mark.parametrize("name", [*BAD_FILES, "notes.xyz", "sidecar.md"])
def test_cli_index_reports_each_hostile_file_with_a_reason_and_goes_on(cli_run, name):
    _, result, by_source = cli_run
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert by_source[name]["outcome"] in ("failed", "skipped") and DANISH.search(by_source[name]["reason"])


def test_cli_index_still_indexes_the_good_file_and_the_long_word(cli_run):
    data, _, by_source = cli_run
    assert by_source["faxe.md"]["outcome"] == "indexed" and by_source["langt_ord.md"]["outcome"] == "indexed"
    listed = json.loads(run(data, "corpus", "list", "--json").stdout)
    assert {d["source"] for d in listed["documents"]} == {"faxe.md", "langt_ord.md"}
    assert all(d["url"] is None for d in listed["documents"])


@pytest.mark.parametrize("args", [
    ("search", LONG_WORD), ("corpus", "list", "--limit", HUGE), ("corpus", "update", "x", "--url", "javascript:x"),
])
def test_cli_refuses_hostile_arguments_with_one_line(cli_run, args):
    data, *_ = cli_run
    result = run(data, *args)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 12 and DANISH.search(result.stderr + result.stdout)
