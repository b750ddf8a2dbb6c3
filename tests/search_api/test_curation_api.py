"""The curation life cycle through the real app, store and catalog: upload, review, publish,
withdraw, edit, delete, audit, masking, downloads and hostile uploads."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from corpus.documents import add_upload
from corpus.services import Services
from corpus.uploads import check_upload
from indexer.store import Filters
from search_api.app import create_app
from tests.conftest import make_settings
from tests.support.curation import MINUTES, PLAIN, Api, CountingEmbedder, make_keys

pytestmark = pytest.mark.catalog

PROBLEM = "application/problem+json"
RECORD_FIELDS = {"doc_id", "title", "kommune", "kind", "date", "url", "language", "source", "file_name",
                 "media_type", "content_hash", "size", "chunk_count", "status", "pii", "pii_status", "pii_shown",
                 "created_at", "updated_at", "created_by", "updated_by", "visibility", "published_at"}


@pytest.fixture
def api(settings):
    with TestClient(create_app(settings)) as client:
        yield Api(client, make_keys(client.app.state.services.catalog))


def _doc_ids(hits: list[dict]) -> set[str]:
    return {h["doc_id"] for h in hits}


def test_upload_answers_201_with_the_draft_record(api):
    response = api.client.post(
        "/v1/documents", headers=api.auth("curator"),
        files={"file": ("Lokalgrupper i Faxe.md", PLAIN.format(kommune="Faxe", topic="alkohol").encode())},
        data={"kommune": "Faxe", "kind": "strategi", "date": "2023-04-01", "title": "Lokalgrupper"})
    record = response.json()
    assert response.status_code == 201 and set(record) == RECORD_FIELDS
    assert response.headers["location"] == f"/v1/documents/{record['doc_id']}"
    assert (record["status"], record["kommune"], record["kind"], record["date"], record["title"]) == (
        "draft", "Faxe", "strategi", "2023-04-01", "Lokalgrupper")
    assert (record["created_by"], record["pii_status"], record["media_type"]) == ("curator-nøgle", "none", "text/markdown")


def test_reader_never_sees_a_draft_then_finds_it_published_and_loses_it_withdrawn(api):
    doc = api.upload(PLAIN.format(kommune="Faxe", topic="natteravne og fester"), name="faxe.txt")
    query = "lokalgrupper natteravne fester"
    for role in ("anonymous", "reader"):
        assert doc["doc_id"] not in _doc_ids(api.search(query, role=role))
    assert api.client.get(f"/v1/documents/{doc['doc_id']}", headers=api.auth("reader")).status_code == 404
    assert api.client.post(f"/v1/documents/{doc['doc_id']}/publish", headers=api.auth("curator")).json()["status"] == "published"
    assert doc["doc_id"] in _doc_ids(api.search(query, role="reader"))
    assert doc["doc_id"] in _doc_ids(api.search(query))
    assert api.client.post(f"/v1/documents/{doc['doc_id']}/withdraw", headers=api.auth("curator")).status_code == 200
    assert doc["doc_id"] not in _doc_ids(api.search(query, role="reader"))
    answer = api.client.post("/v1/ask", json={"question": "Hvornår mødes lokalgrupperne i Faxe?"}).json()
    assert doc["doc_id"] not in {c["doc_id"] for c in answer["citations"]}


def test_personal_data_blocks_publishing_until_reviewed_and_stays_masked_for_readers(api):
    doc = api.upload(MINUTES, name="referat.md", kommune="Faxe")
    assert (doc["pii"], doc["pii_status"]) == (["email", "name", "phone"], "unreviewed")
    blocked = api.client.post(f"/v1/documents/{doc['doc_id']}/publish", headers=api.auth("curator"))
    assert blocked.status_code == 409 and blocked.headers["content-type"] == PROBLEM
    assert blocked.json()["type"].endswith("pii-review-required")
    reviewed = api.client.patch(f"/v1/documents/{doc['doc_id']}", headers=api.auth("curator"),
                                json={"pii_status": "confirmed", "pii_shown": ["email"]})
    assert (reviewed.json()["pii_status"], reviewed.json()["pii_shown"]) == ("confirmed", ["email"])
    api.client.post(f"/v1/documents/{doc['doc_id']}/publish", headers=api.auth("curator"))
    hits = [h for h in api.search("SSP-konsulent Jens Hansen telefon kontakt") if h["doc_id"] == doc["doc_id"]]
    contact = next(h for h in hits if "jens.hansen@faxe.dk" in h["text"])
    assert "[telefon]" in contact["text"] and "56 20 30 40" not in contact["text"]
    assert all("56 20 30 40" not in s for h in hits for s in h["highlights"])
    reader_view = api.client.get(f"/v1/documents/{doc['doc_id']}").json()
    assert all("56 20 30 40" not in c["text"] and c["pii_spans"] is None for c in reader_view["chunks"])
    curator_view = api.client.get(f"/v1/documents/{doc['doc_id']}", headers=api.auth("curator")).json()
    contact = next(c for c in curator_view["chunks"] if "56 20 30 40" in c["text"])
    spans = {(s["type"], contact["text"][s["start"]:s["end"]]) for s in contact["pii_spans"]}
    assert spans == {("email", "jens.hansen@faxe.dk"), ("phone", "56 20 30 40"), ("name", "Jens Hansen")}


def test_readers_cannot_download_an_original_whose_personal_data_is_masked_for_them(api):
    doc = api.upload(MINUTES, name="referat.md")
    api.client.patch(f"/v1/documents/{doc['doc_id']}", headers=api.auth("curator"), json={"pii_status": "masked"})
    api.client.post(f"/v1/documents/{doc['doc_id']}/publish", headers=api.auth("curator"))
    assert api.client.get(f"/v1/documents/{doc['doc_id']}/file").status_code == 403
    original = api.client.get(f"/v1/documents/{doc['doc_id']}/file", headers=api.auth("curator"))
    assert original.status_code == 200 and original.content == MINUTES.encode()
    assert original.headers["content-disposition"].startswith("attachment;")
    assert original.headers["x-content-type-options"] == "nosniff"


def test_patch_of_kommune_changes_filter_results_without_re_embedding(settings):
    embedder = CountingEmbedder()
    with Services.open(settings, embedder=embedder) as services, \
            TestClient(create_app(settings, services=services)) as client:
        api = Api(client, make_keys(services.catalog))
        doc = api.upload(PLAIN.format(kommune="Faxe", topic="hærværk"), kommune="Faxe")
        client.post(f"/v1/documents/{doc['doc_id']}/publish", headers=api.auth("curator"))
        embedded = embedder.passages
        assert embedded == doc["chunk_count"] > 0
        assert _doc_ids(api.search("lokalgrupper hærværk", kommune=["Faxe"])) == {doc["doc_id"]}
        patched = client.patch(f"/v1/documents/{doc['doc_id']}", headers=api.auth("curator"),
                               json={"kommune": "Køge", "date": "2019-06-01"})
        assert patched.status_code == 200 and patched.json()["kommune"] == "Køge"
        assert embedder.passages == embedded  # not one passage embedded again
        assert _doc_ids(api.search("lokalgrupper hærværk", kommune=["Faxe"])) == set()
        assert _doc_ids(api.search("lokalgrupper hærværk", kommune=["Køge"], year_to=2019)) == {doc["doc_id"]}


def test_delete_leaves_no_points_no_row_and_no_file(api):
    services = api.client.app.state.services
    doc = api.upload(PLAIN.format(kommune="Faxe", topic="graffiti"))
    assert services.store.count(Filters(doc_ids=(doc["doc_id"],))) == doc["chunk_count"] > 0
    assert api.client.delete(f"/v1/documents/{doc['doc_id']}", headers=api.auth("admin")).status_code == 204
    assert services.store.count(Filters(doc_ids=(doc["doc_id"],))) == 0
    assert not services.files.has(doc["content_hash"]) and list(services.files.digests()) == []
    assert api.client.get(f"/v1/documents/{doc['doc_id']}", headers=api.auth("admin")).status_code == 404
    assert api.client.delete(f"/v1/documents/{doc['doc_id']}", headers=api.auth("admin")).status_code == 404


def test_audit_log_records_every_action_with_the_key_name(api):
    doc = api.upload(MINUTES, name="referat.md")
    path, curator = f"/v1/documents/{doc['doc_id']}", api.auth("curator")
    api.client.patch(path, headers=curator, json={"kind": "referat", "kommune": "Faxe"})
    api.client.patch(path, headers=curator, json={"pii_status": "masked"})
    api.client.post(f"{path}/publish", headers=curator)
    api.client.post(f"{path}/reindex", headers=curator)
    api.client.post(f"{path}/withdraw", headers=curator)
    api.client.delete(path, headers=api.auth("admin"))
    body = api.client.get("/v1/audit", params={"doc_id": doc["doc_id"]}, headers=curator).json()
    actions = [(e["action"], e["actor"]) for e in reversed(body["entries"])]
    assert actions == [("upload", "curator-nøgle"), ("update", "curator-nøgle"), ("review_pii", "curator-nøgle"),
                       ("publish", "curator-nøgle"), ("reindex", "curator-nøgle"), ("withdraw", "curator-nøgle"),
                       ("delete", "admin-nøgle")]
    update = next(e for e in body["entries"] if e["action"] == "update")
    assert update["details"]["kommune"]["to"] == "Faxe"
    assert "56 20 30 40" not in str(body) and "jens.hansen" not in str(body)
    page = api.client.get("/v1/audit", params={"actor": "admin-nøgle", "limit": 1}, headers=curator).json()
    assert page["total"] == 1 and page["entries"][0]["action"] == "delete"


def test_list_filters_and_pages_and_readers_only_get_published(api):
    ids = [api.upload(PLAIN.format(kommune=k, topic=f"emne {k}"), kommune=k)["doc_id"]
           for k in ("Faxe", "Køge", "Stevns")]
    api.client.post(f"/v1/documents/{ids[0]}/publish", headers=api.auth("curator"))
    curator = api.client.get("/v1/documents", params={"status": "draft", "limit": 1}, headers=api.auth("curator")).json()
    assert (curator["total"], len(curator["documents"])) == (2, 1)
    by_kommune = api.client.get("/v1/documents", params={"kommune": ["Køge", "Stevns"]}, headers=api.auth("curator"))
    assert {d["kommune"] for d in by_kommune.json()["documents"]} == {"Køge", "Stevns"}
    reader = api.client.get("/v1/documents", params={"status": "draft"}).json()
    assert [d["doc_id"] for d in reader["documents"]] == [ids[0]] and reader["documents"][0]["created_by"] is None
    assert api.client.get("/v1/documents", params={"limit": 500}).status_code == 422


def test_document_detail_has_chunks_versions_and_flags(api):
    doc = api.upload(MINUTES, name="referat.md")
    detail = api.client.get(f"/v1/documents/{doc['doc_id']}", headers=api.auth("curator")).json()
    assert [c["chunk_no"] for c in detail["chunks"]] == list(range(doc["chunk_count"]))
    assert detail["versions"][0]["version_no"] == 1 and detail["versions"][0]["content_hash"] == doc["content_hash"]
    assert {t for c in detail["chunks"] for t in c["pii"]} == {"email", "name", "phone"}


def test_bad_edits_and_transitions_are_problem_json(api):
    doc = api.upload(PLAIN.format(kommune="Faxe", topic="x"))
    path, curator = f"/v1/documents/{doc['doc_id']}", api.auth("curator")
    for body, status in (({"kommune": "Atlantis"}, 422), ({"status": "published"}, 422), ({"date": "i går"}, 422),
                         ({"pii_status": "masked"}, 409)):
        response = api.client.patch(path, json=body, headers=curator)
        assert (response.status_code, response.headers["content-type"]) == (status, PROBLEM), body
    assert api.client.post(f"{path}/withdraw", headers=curator).status_code == 200
    again = api.client.post(f"{path}/withdraw", headers=curator)
    assert again.status_code == 409 and again.json()["status_now"] == "withdrawn"
    assert api.client.post("/v1/documents/findes-ikke/publish", headers=curator).status_code == 404


@pytest.mark.parametrize("name, data, status", [
    ("rapport.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, 415),
    ("noter.txt", b"%PDF-1.4\n%%EOF", 415),
    ("program.txt", b"\x7fELF\x02\x01\x01" + b"\x00" * 200, 415),
    ("regneark.docx", b"PK\x03\x04" + b"\x00" * 26 + b"xl/workbook.xml", 415),
    ("tom.txt", b"", 422),
    ("tom.md", b"   \n\n", 422),
])
def test_hostile_uploads_are_refused_with_problem_json(api, name, data, status):
    response = api.client.post("/v1/documents", files={"file": (name, data)}, headers=api.auth("curator"))
    assert response.status_code == status and response.headers["content-type"] == PROBLEM
    assert api.client.app.state.services.catalog.find()[0] == 0


def test_path_traversal_names_are_cleaned_and_files_stay_in_the_data_dir(api, settings, tmp_path):
    doc = api.upload(PLAIN.format(kommune="Faxe", topic="y"), name="../../../../tmp/../etc/evil<script>.txt")
    assert doc["file_name"] == "evil_script_.txt" and doc["source"] == "evil_script_.txt"
    stored = list(settings.files_path.rglob("*"))
    assert all(settings.data_dir in p.parents for p in stored) and not (tmp_path / "etc").exists()
    download = api.client.get(f"/v1/documents/{doc['doc_id']}/file", headers=api.auth("curator"))
    assert 'filename="evil_script_.txt"' in download.headers["content-disposition"]


def test_duplicate_upload_is_409_naming_the_existing_document(api):
    text = PLAIN.format(kommune="Faxe", topic="z")
    doc = api.upload(text)
    again = api.client.post("/v1/documents", files={"file": ("kopi.txt", text.encode())}, headers=api.auth("curator"))
    assert again.status_code == 409 and again.json()["doc_id"] == doc["doc_id"]


def test_oversized_uploads_are_413_before_and_after_the_body_is_read(tmp_path):
    settings = make_settings(tmp_path, ingest={"max_file_mb": 0.001})
    with TestClient(create_app(settings)) as client:
        api = Api(client, make_keys(client.app.state.services.catalog))
        small_limit = client.post("/v1/documents", files={"file": ("stor.txt", b"SSP " * 1000)}, headers=api.auth("curator"))
        huge = client.post("/v1/documents", files={"file": ("enorm.txt", b"x" * 1_100_000)}, headers=api.auth("curator"))
        for response in (small_limit, huge):
            assert response.status_code == 413 and response.headers["content-type"] == PROBLEM


def test_an_upload_without_content_length_is_411(api):
    def body():
        yield b"--x\r\n"

    response = api.client.post("/v1/documents", content=body(), headers={
        **api.auth("curator"), "content-type": "multipart/form-data; boundary=x"})
    assert response.status_code == 411 and response.headers["content-type"] == PROBLEM


def test_openapi_documents_the_curation_endpoints(api):
    paths = api.client.get("/openapi.json").json()["paths"]
    assert {"/v1/documents", "/v1/documents/{doc_id}", "/v1/documents/{doc_id}/file", "/v1/documents/{doc_id}/publish",
            "/v1/documents/{doc_id}/withdraw", "/v1/documents/{doc_id}/reindex", "/v1/audit"} <= set(paths)
    assert {"post", "get"} <= set(paths["/v1/documents"]) and {"get", "patch", "delete"} <= set(paths["/v1/documents/{doc_id}"])
    upload = paths["/v1/documents"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"] and "201" in upload["responses"]


def test_start_up_check_repairs_a_store_left_inconsistent_by_a_crash(settings):
    with Services.open(settings) as services:
        upload = check_upload("k.txt", PLAIN.format(kommune="Faxe", topic="knallerter").encode(), max_bytes=10**6)
        row = add_upload(services, upload, metadata={}, actor="t")
        services.catalog.update(row.doc_id, {"status": "published"}, actor="t", action="publish")  # crash before the store
    with TestClient(create_app(settings)) as client:
        hits = client.post("/v1/search", json={"query": "lokalgrupper knallerter"}).json()["hits"]
        assert row.doc_id in {h["doc_id"] for h in hits}
        entries = client.app.state.services.catalog.audit.find(action="reconcile")[1]
        assert entries[0].actor == "system" and entries[0].details["status_fixed"] == [row.doc_id]


def test_an_unreachable_catalog_is_503_with_the_reason_and_no_password(tmp_path):
    settings = make_settings(tmp_path, catalog={"url": "postgresql+psycopg://ssp:hemmelig@127.0.0.1:1/vidensbank"})
    with TestClient(create_app(settings)) as client:
        response = client.get("/readyz")
        assert response.status_code == 503 and response.headers["content-type"] == PROBLEM
        assert "Katalogdatabasen" in response.json()["detail"] and "hemmelig" not in response.text
        assert client.post("/v1/search", json={"query": "børn"}).status_code == 503
