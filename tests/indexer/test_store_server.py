"""The Qdrant server backend beyond the shared suite: cluster settings of a new collection,
aliases, retries with backoff, and a clear error (and /readyz 503) when the server is gone."""

from __future__ import annotations

import os
import socket
import uuid

import httpx
import pytest
from fastapi.testclient import TestClient
from qdrant_client.http.exceptions import ResponseHandlingException, UnexpectedResponse

from indexer.settings import Settings, StoreSettings
from indexer.store.collection import create_options
from indexer.store.connection import Retry, StoreUnavailable
from indexer.store.remote import ClientStore
from search_api.app import create_app
from tests.conftest import make_settings
from tests.indexer.test_store import EMBEDDER, _points

CLUSTER = StoreSettings(shard_number=3, replication_factor=2, write_consistency_factor=2, on_disk=True,
                        on_disk_payload=True)


def _dead_url() -> str:
    """An http URL on 127.0.0.1 where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_cluster_settings_come_from_the_environment(monkeypatch):
    for name, value in {"SHARD_NUMBER": "6", "REPLICATION_FACTOR": "2", "WRITE_CONSISTENCY_FACTOR": "2",
                        "ON_DISK": "true", "ON_DISK_PAYLOAD": "true", "TIMEOUT_S": "5", "RETRIES": "4"}.items():
        monkeypatch.setenv(f"VIDENSBANK_STORE__{name}", value)
    store = Settings(_env_file=None).store
    assert (store.shard_number, store.replication_factor, store.write_consistency_factor) == (6, 2, 2)
    assert store.on_disk and store.on_disk_payload and (store.timeout_s, store.retries) == (5, 4)


def test_a_new_collection_gets_the_cluster_layout():
    options = create_options(dim=EMBEDDER.dim, options=CLUSTER)
    assert {k: options[k] for k in ("shard_number", "replication_factor", "write_consistency_factor",
                                    "on_disk_payload")} == {"shard_number": 3, "replication_factor": 2,
                                                            "write_consistency_factor": 2, "on_disk_payload": True}
    # Unset cluster settings are left to the server's defaults, not sent as nulls.
    assert not {"shard_number", "replication_factor"} & set(create_options(dim=8, options=StoreSettings()))
    # Local mode records the vector layout (it ignores shards and replicas, which only a server has).
    store = ClientStore(":memory:", collection="c", model=EMBEDDER.name, dim=EMBEDDER.dim, options=CLUSTER)
    params = store.client.get_collection("c").config.params
    assert params.vectors["dense"].on_disk and params.vectors["sentences"].on_disk
    assert params.sparse_vectors["bm25"].index.on_disk and params.sparse_vectors["ngrams"].index.on_disk
    store.close()


def test_a_new_index_is_a_collection_behind_the_alias_readers_use(tmp_path):
    url = f"local:{tmp_path / 'qdrant'}"
    store = ClientStore(url, collection="vidensbank", model=EMBEDDER.name, dim=EMBEDDER.dim)
    store.upsert(_points())
    assert store.aliases.target() == "vidensbank-g1"
    store.close()
    reopened = ClientStore(url, collection="vidensbank", model=EMBEDDER.name, dim=EMBEDDER.dim)
    assert reopened.count() == len(_points()) and reopened.aliases.generations() == ["vidensbank-g1"]
    reopened.close()


def test_transient_errors_are_retried_with_backoff_and_others_are_not():
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise ResponseHandlingException(httpx.ConnectError("connection refused"))
        return "svar"

    assert Retry("http://qdrant:6333", retries=3, initial_s=0.001)(flaky) == "svar" and len(calls) == 3

    def missing():
        calls.append(1)
        raise UnexpectedResponse(404, "Not Found", b"{}", httpx.Headers())

    calls.clear()
    with pytest.raises(UnexpectedResponse):
        Retry("http://qdrant:6333", retries=3, initial_s=0.001)(missing)
    assert len(calls) == 1


def test_an_unreachable_server_is_a_clear_error_after_the_retries():
    url = _dead_url()
    with pytest.raises(StoreUnavailable, match=rf"Qdrant-serveren på {url} kan ikke nås efter 2 forsøg") as info:
        ClientStore(url, collection="c", model="m", dim=8, options=StoreSettings(retries=1))
    assert info.value.status == 503 and "ConnectError" in info.value.detail


def test_readyz_is_503_while_the_qdrant_server_is_unreachable(tmp_path):
    url = _dead_url()
    settings = make_settings(tmp_path, store={"url": url, "retries": 0})
    with TestClient(create_app(settings)) as client:
        assert client.get("/healthz").status_code == 200
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.headers["content-type"].startswith("application/problem+json")
        assert url in ready.json()["detail"]
        assert client.post("/v1/search", json={"query": "lokalgrupper"}).status_code == 503


@pytest.mark.qdrant_server
def test_a_real_server_creates_the_collection_with_the_cluster_layout():
    url = os.environ.get("QDRANT_URL")
    if not url:
        pytest.skip("set QDRANT_URL to check the cluster layout on a Qdrant server")
    name = f"vidensbank-test-{uuid.uuid4().hex[:12]}"
    layout = StoreSettings(shard_number=2, replication_factor=1, write_consistency_factor=1, on_disk=True,
                           on_disk_payload=True)
    store = ClientStore(url, collection=name, model=EMBEDDER.name, dim=EMBEDDER.dim, options=layout)
    try:
        params = store.client.get_collection(name).config.params
        assert (params.shard_number, params.replication_factor, params.write_consistency_factor) == (2, 1, 1)
        assert params.on_disk_payload and params.vectors["dense"].on_disk
    finally:
        store.client.delete_collection(store.aliases.target())
        store.close()
