"""The CLI while `vidensbank serve` holds the embedded store: the work goes to the server as a job."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx
import pytest

from tests.support.corpus import write_corpus
from tests.support.serve import ServeProcess, cli_env


def vb(data, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vidensbank", "--data-dir", str(data), *args],
                          capture_output=True, text=True, env=cli_env(**env), timeout=180)


def _json(result: subprocess.CompletedProcess):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def served(tmp_path):
    data = tmp_path / "data"
    with ServeProcess(data) as server:
        yield data, server


def test_index_update_reindex_and_delete_go_to_the_running_server(served, tmp_path):
    data, server = served
    docs = write_corpus(tmp_path / "docs")
    result = vb(data, "index", str(docs), "--json")
    report = _json(result)
    assert (report["indexed"], report["failed"]) == (3, 0) and "kørsel" in result.stderr
    assert {f["source"] for f in report["files"]} == {p.name for p in docs.iterdir()}
    hits = httpx.post(f"{server.url}/v1/search", json={"query": "lokalgrupper"}).json()["hits"]
    assert hits, "the server searches what the CLI indexed through it"
    assert _json(vb(data, "index", str(docs), "--json"))["skipped"] == 3
    doc_id = hits[0]["doc_id"]
    changed = _json(vb(data, "corpus", "update", doc_id, "--kommune", "Køge", "--json"))
    assert changed["kommune"] == "Køge" and changed["updated_by"].startswith("cli")
    rebuilt = _json(vb(data, "reindex", "--json"))
    assert (rebuilt["reindexed"], rebuilt["failed"]) == (3, {})
    assert vb(data, "corpus", "delete", doc_id, "--yes").returncode == 0
    assert httpx.get(f"{server.url}/v1/documents/{doc_id}").status_code == 404
    jobs = _json(vb(data, "jobs", "list", "--json"))
    assert [j["kind"] for j in jobs] == ["reindex", "index", "index"] and {j["status"] for j in jobs} == {"done"}
    shown = vb(data, "jobs", "show", jobs[-1]["id"], "--follow")
    assert shown.returncode == 0 and "færdig" in shown.stdout


def test_a_remote_server_gets_the_files_with_a_key_and_refuses_without(served, tmp_path):
    data, server = served
    curator = _json(vb(data, "keys", "create", "--role", "curator", "--name", "Fjern-kurator", "--json"))["key"]
    docs = write_corpus(tmp_path / "docs")
    elsewhere = tmp_path / "andet-sted"  # a CLI on another machine: no server.json, its own (empty) data
    refused = vb(elsewhere, "index", str(docs), "--server", server.url)
    assert refused.returncode == 1 and "kræver en API-nøgle" in refused.stderr
    report = _json(vb(elsewhere, "index", str(docs), "--server", server.url, "--json", VIDENSBANK_KEY=curator))
    assert (report["indexed"], report["failed"]) == (3, 0)
    wrong = vb(elsewhere, "index", str(docs), "--server", server.url, "--key", "vb_forkert")
    assert wrong.returncode == 1 and "401" in wrong.stderr and "Traceback" not in wrong.stderr


def test_a_server_killed_during_an_index_run_resumes_it_at_restart_and_loses_nothing(tmp_path):
    """kill -9 while the job runs; the next `serve` queues it again and finishes it."""
    data, docs = tmp_path / "data", tmp_path / "mange"
    docs.mkdir()
    for n in range(60):
        (docs / f"notat-{n:03d}.md").write_text(
            f"# Notat {n} om lokalgrupper\n\nLokalgruppe {n} mødes med skoleledere og SSP-konsulenten om børn og unge "
            f"i distrikt {n}. " * 10, encoding="utf-8")
    with ServeProcess(data) as server:
        local = json.loads((data / "server.json").read_text())
        headers = {"Authorization": f"Bearer {local['token']}"}
        job_id = httpx.post(f"{server.url}/v1/jobs", json={"kind": "index", "paths": [str(docs)]},
                            headers=headers).json()["job"]["id"]
        while (job := httpx.get(f"{server.url}/v1/jobs/{job_id}", headers=headers).json())["status"] == "queued":
            pass
        server.process.kill()  # no shutdown, no cleanup: a crash in the middle of the run
        server.process.wait()
    assert job["status"] == "running"
    with ServeProcess(data) as server:
        local = json.loads((data / "server.json").read_text())
        headers = {"Authorization": f"Bearer {local['token']}"}
        shown = vb(data, "jobs", "show", job_id, "--follow", "--json")
        job = _json(shown)
        assert (job["status"], job["attempts"]) == ("done", 2)
        assert {r["outcome"] for r in job["results"]} <= {"indexed", "skipped"}
        assert len(job["results"]) == 60
        listed = httpx.get(f"{server.url}/v1/documents", params={"limit": 1}, headers=headers).json()
        assert listed["total"] == 60
