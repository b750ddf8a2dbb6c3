"""Two real `vidensbank serve` replicas on one PostgreSQL catalog.

Each replica has its own embedded store (one process owns an Edge store; a shared store needs a
Qdrant server, which cannot run here). They share the catalog and the folder of original files,
so keys, documents, review status and jobs are one truth; the search index of the second replica
is filled from the shared catalog by its start-up check, where a shared Qdrant server would make
it visible at once. Only the first replica runs jobs, so each upload lands in its store.
"""

from __future__ import annotations

import httpx
import pytest

from corpus.catalog import Catalog
from tests.cli.test_cli import run
from tests.support.curation import PLAIN
from tests.support.serve import ServeProcess

pytestmark = pytest.mark.postgres


@pytest.fixture
def shared(tmp_path, postgres_cluster):
    url = postgres_cluster.new_database()
    catalog = Catalog(url)
    keys = {role: catalog.keys.create(name=f"{role}-nøgle", role=role).key for role in ("reader", "curator")}
    catalog.close()
    return tmp_path / "data", url, keys


def replica(data, url: str, name: str, **settings: str) -> ServeProcess:
    return ServeProcess(data, VIDENSBANK_CATALOG__URL=url, VIDENSBANK_STORE__PATH=str(data / f"store-{name}"),
                        VIDENSBANK_AUTH__RATE_LIMIT_PER_MINUTE="0", VIDENSBANK_JOBS__UPLOAD_WAIT_S="30", **settings)


def test_two_replicas_share_keys_documents_and_jobs_through_postgresql(shared):
    data, url, keys = shared
    bearer = {role: {"Authorization": f"Bearer {key}"} for role, key in keys.items()}
    with replica(data, url, "a") as a, replica(data, url, "b", VIDENSBANK_JOBS__RUN="false") as b:
        query = {"query": "lokalgrupper skoleledere"}
        assert [httpx.post(f"{r.url}/v1/search", json=query, headers=bearer["reader"]).status_code
                for r in (a, b)] == [200, 200]
        revoked = run(data, "keys", "revoke", "reader-nøgle", catalog=url)
        assert revoked.returncode == 0, revoked.stderr
        assert [httpx.post(f"{r.url}/v1/search", json=query, headers=bearer["reader"]).status_code
                for r in (a, b)] == [401, 401]

        uploaded = httpx.post(f"{a.url}/v1/documents", headers=bearer["curator"], timeout=60,
                              files={"file": ("vesthavn.txt", PLAIN.format(kommune="Faxe", topic="fester").encode())})
        assert uploaded.status_code == 201, uploaded.text
        doc_id = uploaded.json()["doc_id"]
        assert httpx.get(f"{b.url}/v1/documents/{doc_id}").status_code == 404  # a draft, for readers of either
        published = httpx.post(f"{a.url}/v1/documents/{doc_id}/publish", headers=bearer["curator"])
        assert published.status_code == 200, published.text
        seen_by_b = httpx.get(f"{b.url}/v1/documents/{doc_id}").json()
        assert (seen_by_b["status"], seen_by_b["kommune"]) == ("published", "Faxe")
        [job] = httpx.get(f"{b.url}/v1/jobs", headers=bearer["curator"]).json()
        assert (job["status"], job["attempts"], job["summary"]["doc_id"]) == ("done", 1, doc_id)
        assert doc_id in {h["doc_id"] for h in httpx.post(f"{a.url}/v1/search", json=query).json()["hits"]}
    with replica(data, url, "b") as b:  # its start-up check fills its own store from the shared catalog
        assert doc_id in {h["doc_id"] for h in httpx.post(f"{b.url}/v1/search", json=query).json()["hits"]}
