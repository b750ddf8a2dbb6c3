"""The job queue on a real catalog (SQLite and PostgreSQL): claims, progress, recovery after a crash."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading

import pytest

from corpus.catalog import Catalog
from corpus.jobs import MAX_ATTEMPTS, JobQueue, process_alive

pytestmark = pytest.mark.catalog


@pytest.fixture
def catalog(catalog_url):
    opened = Catalog(catalog_url)
    yield opened
    opened.close()


def _dead_worker_name() -> str:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return f"{socket.gethostname()}:{child.pid}"


def test_a_job_keeps_its_files_until_it_finishes(catalog):
    job = catalog.jobs.submit("upload", actor="Mette", params={"metadata": {"kommune": "Faxe"}},
                              files=[("referat.md", "Lokalgrupper i Faxe".encode())])
    assert (job.status, job.files_total) == ("queued", 1)
    claimed = catalog.jobs.claim()
    assert (claimed.id, claimed.status, claimed.attempts) == (job.id, "running", 1)
    assert catalog.jobs.files(job.id) == [("referat.md", "Lokalgrupper i Faxe".encode())]
    catalog.jobs.progress(job.id, passages_total=4, passages_done=2)
    assert (catalog.jobs.get(job.id).passages_total, catalog.jobs.get(job.id).passages_done) == (4, 2)
    done = catalog.jobs.finish(job.id, results=[{"source": "referat.md", "outcome": "indexed"}],
                               summary={"doc_id": "abc"})
    assert (done.status, done.summary, done.finished_at is not None) == ("done", {"doc_id": "abc"}, True)
    assert catalog.jobs.files(job.id) == [] and catalog.jobs.claim() is None


def test_a_receiving_job_is_not_claimed_until_started(catalog):
    job = catalog.jobs.submit("index", actor="Mette", status="receiving")
    catalog.jobs.add_file(job.id, name="docs/a.md", data=b"a")
    assert catalog.jobs.claim() is None
    assert catalog.jobs.start(job.id).files_total == 1
    assert catalog.jobs.claim().id == job.id


def test_each_job_is_claimed_exactly_once_by_competing_replicas(catalog_url, catalog):
    """Four workers on their own connections (as four API replicas would be) race for 30 jobs."""
    submitted = {catalog.jobs.submit("reindex", actor="t").id for _ in range(30)}
    claims: list[tuple[str, str]] = []
    replicas = [Catalog(catalog_url) for _ in range(4)]

    def drain(replica: Catalog, name: str) -> None:
        queue = JobQueue(replica.db, worker=name)
        while (job := queue.claim()) is not None:
            claims.append((job.id, name))
            queue.finish(job.id, results=[])

    threads = [threading.Thread(target=drain, args=(r, f"replica-{i}:1")) for i, r in enumerate(replicas)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for replica in replicas:
        replica.close()
    assert sorted(job_id for job_id, _ in claims) == sorted(submitted)
    assert {j.status for j in catalog.jobs.recent(limit=50)} == {"done"}


def test_a_job_whose_worker_died_is_queued_again_and_failed_with_a_reason_after_the_last_attempt(catalog):
    job = catalog.jobs.submit("reindex", actor="t")
    dead = JobQueue(catalog.db, worker=_dead_worker_name())
    assert not process_alive(dead.worker)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert dead.claim().attempts == attempt
        [recovered] = catalog.jobs.recover(alive=process_alive, stale_after=120)
        assert recovered.status == ("queued" if attempt < MAX_ATTEMPTS else "failed")
    failed = catalog.jobs.get(job.id)
    assert failed.status == "failed" and "afbrudt 3 gange" in failed.error


def test_a_live_worker_keeps_its_job_until_its_heartbeat_goes_stale(catalog):
    catalog.jobs.submit("reindex", actor="t")
    other_host = JobQueue(catalog.db, worker="en-anden-maskine:4242")
    job = other_host.claim()
    assert catalog.jobs.recover(alive=process_alive, stale_after=60) == []
    [recovered] = catalog.jobs.recover(alive=process_alive, stale_after=0)
    assert (recovered.id, recovered.status) == (job.id, "queued")
