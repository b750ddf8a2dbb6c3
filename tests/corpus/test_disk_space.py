"""A full disk: writes are refused with a clear Danish message before anything is written,
the data stays intact (no stray segment, file, intent or catalog row), /readyz says why, and
everything works again once space is freed.

The data folder lives on a small tmpfs of its own that really fills up (mounting needs root).
Where mounting is not allowed, the data folder stays on the normal disk and the threshold
``store.min_free_mb`` is raised above the free space instead, so the same check trips.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from corpus.catalog import Catalog
from corpus.ingest import index_paths
from corpus.services import Services
from indexer.disk import free_mb
from indexer.settings import Settings
from search_api.app import create_app
from tests.conftest import make_settings
from tests.support.corpus import write_corpus
from tests.support.curation import make_keys
from tests.support.processes import run_cli

THRESHOLD_MB = 150  # the store needs ~80 MB to open and write (measured: a 96 MB tmpfs ended in SIGBUS)


class Disk:
    """A filesystem for the data folder that a test can fill and free."""

    def __init__(self, tmp_path: Path) -> None:
        self.mount = tmp_path / "fs"
        self.mount.mkdir()
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=320m", "tmpfs", str(self.mount)],
                                 capture_output=True)
        self.real = mounted.returncode == 0
        self.settings = make_settings(self.mount, store={"min_free_mb": THRESHOLD_MB})
        self.filler = self.mount / "fyld.bin"

    def fill(self) -> None:
        """Leave less free space than the threshold."""
        if not self.real:
            self.settings.store.min_free_mb = free_mb(self.mount) + 1000
            return
        leave = (THRESHOLD_MB // 2) * 1_000_000
        with open(self.filler, "wb") as handle:
            handle.truncate(0)
            remaining = int(free_mb(self.mount) * 1e6) - leave
            block = b"\xff" * 1_000_000
            while remaining > 0:
                remaining -= handle.write(block[: min(len(block), remaining)])

    def free(self) -> None:
        self.settings.store.min_free_mb = THRESHOLD_MB
        self.filler.unlink(missing_ok=True)

    def close(self) -> None:
        if self.real:
            subprocess.run(["umount", "-l", str(self.mount)], check=False)


@pytest.fixture
def disk(tmp_path):
    opened = Disk(tmp_path)
    yield opened
    opened.close()


def _snapshot(settings: Settings) -> dict:
    """What is on disk: catalog rows, store segments, original files, intents."""
    catalog = Catalog(settings.catalog_url)
    rows = sorted((r.doc_id, r.chunk_count, r.status, r.title) for r in catalog.list(limit=None))
    catalog.close()
    segments = sorted(p.name for p in (settings.store_path / "shard" / "segments").iterdir())
    files = sorted(p.name for p in settings.files_path.rglob("*") if p.is_file())
    intents = sorted(p.name for p in settings.journal_path.glob("*")) if settings.journal_path.exists() else []
    return {"rows": rows, "segments": segments, "files": files, "intents": intents}


def _env(settings: Settings) -> dict[str, str]:
    return {"VIDENSBANK_DATA_DIR": str(settings.data_dir), "VIDENSBANK_EMBEDDING__BACKEND": "hashing",
            "VIDENSBANK_STORE__MIN_FREE_MB": str(settings.store.min_free_mb)}


def test_index_on_a_full_disk_is_refused_in_danish_and_changes_nothing(disk, tmp_path):
    with Services.open(disk.settings) as services:
        index_paths(services, [write_corpus(tmp_path / "docs")], actor="test")
    before = _snapshot(disk.settings)
    new = tmp_path / "ny"
    new.mkdir()
    (new / "natteravne.md").write_text("# Natteravne i Faxe\n\nNatteravnene går hver fredag.\n", encoding="utf-8")
    disk.fill()
    refused = run_cli(["index", str(new)], env=_env(disk.settings), log=tmp_path / "refused")
    assert refused.code == 1 and "Traceback" not in refused.stderr
    message = " ".join(refused.stderr.split())
    assert "for lidt ledig diskplads" in message and "Intet er ændret" in message
    for _ in range(2):  # a second attempt leaves nothing behind either
        run_cli(["search", "natteravne"], env=_env(disk.settings), log=tmp_path / "search")
    disk.free()
    assert _snapshot(disk.settings) == before
    indexed = run_cli(["index", str(new), "--json"], env=_env(disk.settings), log=tmp_path / "indexed")
    assert indexed.code == 0, indexed.stderr
    assert json.loads(indexed.stdout)["indexed"] == 1
    assert len(_snapshot(disk.settings)["rows"]) == len(before["rows"]) + 1


def test_a_running_server_refuses_writes_with_507_and_reports_not_ready_until_space_is_freed(disk):
    settings = disk.settings
    with TestClient(create_app(settings)) as client:
        keys = make_keys(client.app.state.services.catalog)
        curator = {"Authorization": f"Bearer {keys['curator']}"}
        upload = {"file": ("referat.md", "# Referat\n\nLokalgruppen mødes i Faxe.\n".encode(), "text/markdown")}
        assert client.get("/readyz").status_code == 200
        disk.fill()
        before = _snapshot(settings)
        refused = client.post("/v1/documents", files=upload, headers=curator)
        assert refused.status_code == 507, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert "for lidt ledig diskplads" in refused.json()["detail"]
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["reason"] == "disk-full"
        assert "ledig diskplads" in ready.json()["detail"]
        assert client.post("/v1/search", json={"query": "lokalgruppen"}).status_code == 200  # reading goes on
        assert _snapshot(settings) == before
        disk.free()
        assert client.get("/readyz").status_code == 200
        assert client.post("/v1/documents", files=upload, headers=curator).status_code == 201


def test_the_store_is_not_opened_on_a_full_disk_and_no_segment_is_left_behind(disk, tmp_path):
    with Services.open(disk.settings) as services:
        index_paths(services, [write_corpus(tmp_path / "docs")], actor="test")
    segments = sorted((disk.settings.store_path / "shard" / "segments").iterdir())
    disk.fill()
    with TestClient(create_app(disk.settings)) as client:
        ready = client.get("/readyz")
    assert ready.status_code == 503 and "ledig diskplads" in ready.json()["detail"]
    assert sorted((disk.settings.store_path / "shard" / "segments").iterdir()) == segments
    disk.free()
