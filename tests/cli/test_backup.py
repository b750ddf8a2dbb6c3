"""`vidensbank backup` and `restore`: a consistent backup with or without a running server,
identical search results after restoring into an emptied data folder, and a backup that was
cut short or damaged is refused before anything is touched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from fastapi.testclient import TestClient

from corpus.catalog import Catalog
from corpus.ingest import index_paths
from corpus.services import Services
from indexer.settings import Settings
from search_api.app import create_app
from tests.conftest import make_settings
from tests.support.corpus import write_corpus
from tests.support.curation import MINUTES
from tests.support.live import LiveApp, bound_socket
from tests.support.processes import run_cli

QUERIES = ("Hvordan er lokalgrupperne organiseret?", "natteravne fredag", "forældremøder alkohol",
           "SSP-konsulent kontakt")


def _installation(tmp_path: Path) -> Settings:
    settings = make_settings(tmp_path)
    docs = write_corpus(tmp_path / "docs")
    (tmp_path / "kladder").mkdir()
    (tmp_path / "kladder" / "referat.md").write_text(MINUTES, encoding="utf-8")
    with Services.open(settings) as services:
        index_paths(services, [docs], actor="test")
        index_paths(services, [tmp_path / "kladder"], status="draft", actor="test")
        services.catalog.keys.create(name="Mette", role="curator")
    return settings


def _results(settings: Settings) -> list:
    """Every hit's id, score and text for the test queries, plus the curator's draft list."""
    with TestClient(create_app(settings)) as client:
        hits = [[(h["chunk_id"], round(h["score"], 6), h["text"])
                 for h in client.post("/v1/search", json={"query": q, "top_k": 10}).json()["hits"]] for q in QUERIES]
    catalog = Catalog(settings.catalog_url)
    rows = sorted((r.doc_id, r.status, r.pii_status, r.title) for r in catalog.list(limit=None))
    keys = sorted((k.name, k.role, k.revoked_at is None) for k in catalog.keys.list())
    catalog.close()
    return [hits, rows, keys]


def _cli(settings: Settings, tmp_path: Path, *argv: str, **env: str):
    base = {"VIDENSBANK_DATA_DIR": str(settings.data_dir), "VIDENSBANK_EMBEDDING__BACKEND": "hashing"}
    log = tmp_path / f"cli-{argv[0]}-{len(list(tmp_path.iterdir()))}"
    return run_cli(list(argv), env={**base, **env}, log=log)


def _delete_everything(settings: Settings) -> None:
    shutil.rmtree(settings.data_dir)
    assert not settings.data_dir.exists()


def test_restore_after_deleting_everything_gives_identical_search_results(tmp_path):
    settings = _installation(tmp_path)
    before = _results(settings)
    backup = tmp_path / "backup"
    made = _cli(settings, tmp_path, "backup", str(backup), "--json")
    assert made.code == 0, made.stderr
    summary = json.loads(made.stdout)
    assert summary["documents"] == 4 and summary["store"] is True and summary["points"] > 0
    _delete_everything(settings)
    restored = _cli(settings, tmp_path, "restore", str(backup), "--json")
    assert restored.code == 0, restored.stderr
    assert json.loads(restored.stdout)["rebuilt"] is False  # the store snapshot was used as it is
    assert _results(settings) == before


def test_backup_while_the_server_runs_goes_through_the_server_and_restores_identically(tmp_path):
    settings = _installation(tmp_path)
    before = _results(settings)
    backup = tmp_path / "backup"
    with LiveApp(create_app(settings), bound_socket()) as live:
        made = _cli(settings, tmp_path, "backup", str(backup), "--json", VIDENSBANK_API__PORT=str(live.port))
        assert made.code == 0, made.stderr
        assert live.server.started  # the server kept the store the whole time
    assert json.loads(made.stdout)["documents"] == 4
    catalog = Catalog(settings.catalog_url)
    one_off = [k for k in catalog.keys.list() if "sikkerhedskopi" in k.name]
    catalog.close()
    assert len(one_off) == 1 and one_off[0].revoked_at is not None  # the CLI's admin key is revoked
    _delete_everything(settings)
    assert _cli(settings, tmp_path, "restore", str(backup)).code == 0
    hits, rows, keys = _results(settings)
    assert [hits, rows] == before[:2]
    assert ("Mette", "curator", True) in keys


def test_a_backup_killed_before_its_manifest_is_never_restored(tmp_path):
    settings = _installation(tmp_path)
    before = _results(settings)
    backup = tmp_path / "backup"
    killed = _cli(settings, tmp_path, "backup", str(backup), VIDENSBANK_TEST_CRASH_AT="backup.before_manifest")
    assert killed.crashed
    assert not backup.exists()
    (partial,) = tmp_path.glob(".backup.partial-*")
    for candidate, words in ((backup, "findes ikke"), (partial, "manifest.json mangler")):
        refused = _cli(settings, tmp_path, "restore", str(candidate))
        assert refused.code == 1 and words in " ".join(refused.stderr.split()), refused.stderr
    assert not list(settings.data_dir.glob("before-restore-*"))  # nothing was moved
    assert _results(settings) == before


def test_a_damaged_backup_is_refused_by_its_checksums(tmp_path):
    settings = _installation(tmp_path)
    backup = tmp_path / "backup"
    assert _cli(settings, tmp_path, "backup", str(backup)).code == 0
    catalog = backup / "catalog.sqlite"
    data = bytearray(catalog.read_bytes())
    data[len(data) // 2] ^= 0xFF
    catalog.write_bytes(bytes(data))
    refused = _cli(settings, tmp_path, "restore", str(backup))
    assert refused.code == 1 and "forkert kontrolsum" in " ".join(refused.stderr.split()), refused.stderr
    assert not list(settings.data_dir.glob("before-restore-*"))
