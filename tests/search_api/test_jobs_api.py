"""Uploads and indexing runs as jobs through the real app: 202, progress, results, restarts, who may start what."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest
from fastapi.testclient import TestClient

from corpus.catalog import Catalog
from corpus.jobs import JobQueue
from search_api.app import create_app
from tests.conftest import make_settings
from tests.support.corpus import write_corpus
from tests.support.curation import PLAIN, Api, make_keys

pytestmark = pytest.mark.catalog
PROBLEM = "application/problem+json"


@pytest.fixture
def queued_settings(tmp_path, catalog_url):
    """Uploads always answer 202 (they never wait for their job)."""
    return make_settings(tmp_path, catalog={"url": catalog_url}, jobs={"upload_wait_s": 0})


@pytest.fixture
def api(queued_settings):
    with TestClient(create_app(queued_settings)) as client:
        yield Api(client, make_keys(client.app.state.services.catalog))


def follow(api: Api, url: str, *, role: str = "curator") -> dict:
    """GET the job until it has finished (a deadline only against hanging)."""
    deadline = time.monotonic() + 120
    while True:
        job = api.client.get(url, headers=api.auth(role)).json()
        if job["status"] in ("done", "failed") or time.monotonic() > deadline:
            return job
        time.sleep(0.05)


def _upload(api: Api, text: str, name: str = "lokalgrupper.md", **fields):
    return api.client.post("/v1/documents", files={"file": (name, text.encode(), "text/plain")},
                           data=fields, headers=api.auth("curator"))


def test_an_upload_is_a_job_answered_202_and_followed_to_its_draft(api):
    response = _upload(api, PLAIN.format(kommune="Faxe", topic="alkohol"), kommune="Faxe")
    body = response.json()
    assert response.status_code == 202 and set(body) == {"job"} and set(body["job"]) == {"id", "status", "url"}
    assert body["job"]["url"] == response.headers["location"] == f"/v1/jobs/{body['job']['id']}"
    job = follow(api, body["job"]["url"])
    assert (job["status"], job["kind"], job["actor"], job["error"]) == ("done", "upload", "curator-nøgle", None)
    assert job["progress"]["files_total"] == job["progress"]["files_done"] == 1
    assert job["progress"]["passages_done"] == job["progress"]["passages_total"] > 0
    [result] = job["results"]
    assert (result["source"], result["outcome"], result["doc_id"]) == ("lokalgrupper.md", "indexed", job["summary"]["doc_id"])
    document = api.client.get(f"/v1/documents/{result['doc_id']}", headers=api.auth("curator")).json()
    assert (document["status"], document["kommune"], document["chunk_count"]) == ("draft", "Faxe", result["chunks"])


def test_a_file_that_cannot_be_read_fails_its_job_with_the_reason(api):
    response = api.client.post("/v1/documents", headers=api.auth("curator"),
                               files={"file": ("rapport.pdf", b"%PDF-1.4\n\x00\x01 ikke en pdf", "application/pdf")})
    job = follow(api, response.json()["job"]["url"])
    assert job["status"] == "failed" and "kan ikke læses" in job["error"] and job["summary"] is None


def test_bad_metadata_and_duplicates_are_refused_before_a_job_is_queued(api):
    assert _upload(api, PLAIN.format(kommune="Faxe", topic="x"), date="i går").status_code == 422
    first = follow(api, _upload(api, PLAIN.format(kommune="Køge", topic="y")).json()["job"]["url"])
    again = _upload(api, PLAIN.format(kommune="Køge", topic="y"), name="kopi.md")
    assert again.status_code == 409 and first["summary"]["doc_id"] in again.json()["detail"]
    assert [j["kind"] for j in api.client.get("/v1/jobs", headers=api.auth("curator")).json()] == ["upload"]


def test_jobs_are_for_curators(api):
    job = _upload(api, PLAIN.format(kommune="Faxe", topic="z")).json()["job"]
    assert api.client.get(job["url"]).status_code == 401
    assert api.client.get(job["url"], headers=api.auth("reader")).status_code == 403
    assert api.client.get("/v1/jobs/findes-ikke", headers=api.auth("curator")).status_code == 404


def test_only_the_local_cli_may_name_server_paths_and_only_admins_rebuild(queued_settings, tmp_path):
    docs = write_corpus(tmp_path / "docs")
    with TestClient(create_app(queued_settings, local_token="lokal-hemmelighed")) as client:
        api = Api(client, make_keys(client.app.state.services.catalog))
        by_path = {"kind": "index", "paths": [str(docs)]}
        for role in ("curator", "admin"):
            assert client.post("/v1/jobs", json=by_path, headers=api.auth(role)).status_code == 403
        assert client.post("/v1/jobs", json={"kind": "reindex"}, headers=api.auth("curator")).status_code == 403
        local = {"Authorization": "Bearer lokal-hemmelighed"}
        accepted = client.post("/v1/jobs", json={**by_path, "actor": "cli:mette"}, headers=local)
        assert accepted.status_code == 202
        job = follow(api, accepted.json()["job"]["url"])
        assert (job["status"], job["summary"]["indexed"], job["actor"]) == ("done", 3, "cli:mette")
        assert {r["source"] for r in job["results"]} == {p.name for p in docs.iterdir()}
        rebuilt = follow(api, client.post("/v1/jobs", json={"kind": "reindex"}, headers=api.auth("admin"))
                         .json()["job"]["url"])
        assert (rebuilt["status"], rebuilt["summary"]["reindexed"]) == ("done", 3)


def test_files_sent_with_an_index_job_are_indexed_and_unchanged_ones_skipped_next_time(api, tmp_path):
    docs = write_corpus(tmp_path / "docs")

    def send() -> dict:
        created = api.client.post("/v1/jobs", json={"kind": "index", "send_files": True}, headers=api.auth("curator"))
        job_id = created.json()["job"]["id"]
        assert created.json()["job"]["status"] == "receiving"
        for path in sorted(docs.iterdir()):
            sent = api.client.post(f"/v1/jobs/{job_id}/files", data={"name": f"docs/{path.name}"},
                                   files={"file": (path.name, path.read_bytes())}, headers=api.auth("curator"))
            assert sent.status_code == 200, sent.text
        return follow(api, api.client.post(f"/v1/jobs/{job_id}/start", headers=api.auth("curator"))
                      .json()["job"]["url"])

    first, second = send(), send()
    assert (first["status"], first["summary"]["indexed"]) == ("done", 3)
    assert (second["summary"]["indexed"], second["summary"]["skipped"]) == (0, 3)
    escape = api.client.post("/v1/jobs", json={"kind": "index", "send_files": True}, headers=api.auth("curator"))
    hostile = api.client.post(f"/v1/jobs/{escape.json()['job']['id']}/files", data={"name": "../../etc/x.md"},
                              files={"file": ("x.md", b"x")}, headers=api.auth("curator"))
    assert hostile.status_code == 422 and hostile.headers["content-type"] == PROBLEM


def test_a_job_interrupted_by_a_crash_is_resumed_at_the_next_start(queued_settings):
    """A worker process claims the upload and dies; the next start resumes it and loses nothing."""
    with TestClient(create_app(queued_settings.model_copy(update={"jobs": queued_settings.jobs.model_copy(
            update={"run": False})}))) as client:
        api = Api(client, make_keys(client.app.state.services.catalog))
        job_id = _upload(api, PLAIN.format(kommune="Faxe", topic="knallerter")).json()["job"]["id"]
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    catalog = Catalog(queued_settings.catalog_url)
    dead = JobQueue(catalog.db, worker=f"{socket.gethostname()}:{child.pid}")
    assert dead.claim().status == "running"  # ... and then its process is gone
    catalog.close()
    with TestClient(create_app(queued_settings)) as client:
        api.client = client
        job = follow(api, f"/v1/jobs/{job_id}")
        assert (job["status"], job["attempts"]) == ("done", 2)
        document = client.get(f"/v1/documents/{job['summary']['doc_id']}", headers=api.auth("curator"))
        assert document.status_code == 200 and document.json()["status"] == "draft"


def test_a_file_sent_for_an_index_job_is_held_to_the_upload_limit_before_its_body_is_read(tmp_path):
    settings = make_settings(tmp_path, ingest={"max_file_mb": 0.001})
    with TestClient(create_app(settings)) as client:
        api = Api(client, make_keys(client.app.state.services.catalog))
        job_id = client.post("/v1/jobs", json={"kind": "index", "send_files": True},
                             headers=api.auth("curator")).json()["job"]["id"]
        big = client.post(f"/v1/jobs/{job_id}/files", data={"name": "docs/stor.md"},
                          files={"file": ("stor.md", b"x" * 1_200_000)}, headers=api.auth("curator"))
        assert big.status_code == 413 and big.headers["content-type"] == PROBLEM
        assert client.get(f"/v1/jobs/{job_id}", headers=api.auth("curator")).json()["progress"]["files_total"] == 0
