"""Degradation: a missing or damaged model, a damaged store segment or metadata file, and an
unreadable catalog each give a clear Danish error and a 503 /readyz, never a wrong answer or
a traceback; `vidensbank store repair` brings a damaged store back with the same results.
(A full disk: tests/corpus/test_disk_space.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from corpus.ingest import index_paths
from corpus.services import Services
from indexer.settings import Settings
from search_api.app import create_app
from tests.conftest import make_settings
from tests.support.corpus import write_corpus
from tests.support.processes import run_cli

QUERY = "Hvordan er lokalgrupperne organiseret?"


def _indexed(tmp_path: Path) -> Settings:
    settings = make_settings(tmp_path)
    with Services.open(settings) as services:
        index_paths(services, [write_corpus(tmp_path / "docs")], actor="test")
    return settings


def _cli(settings: Settings, tmp_path: Path, *argv: str):
    env = {"VIDENSBANK_DATA_DIR": str(settings.data_dir), "VIDENSBANK_EMBEDDING__BACKEND": "hashing"}
    if settings.embedding.backend != "hashing":
        env.update({"VIDENSBANK_EMBEDDING__BACKEND": settings.embedding.backend,
                    "VIDENSBANK_EMBEDDING__MODEL_PATH": str(settings.embedding.model_path)})
    return run_cli(list(argv), env=env, log=tmp_path / f"cli-{argv[0]}-{len(list(tmp_path.iterdir()))}")


def _assert_unready(settings: Settings, *words: str) -> dict:
    """/readyz and a search both answer 503 problem+json whose detail holds ``words``."""
    with TestClient(create_app(settings)) as client:
        ready = client.get("/readyz")
        search = client.post("/v1/search", json={"query": QUERY})
    for response in (ready, search):
        assert response.status_code == 503, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert all(word in response.json()["detail"] for word in words), response.json()["detail"]
    return ready.json()


def _assert_cli_error(result, *words: str) -> None:
    """A line saying "Fejl:" and ``words``: never broken inside a word or a path (log lines may come before)."""
    assert result.code == 1, (result.code, result.stderr)
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Fejl:")]
    assert len(errors) == 1 and all(word in errors[0] for word in words), result.stderr


def _hits(settings: Settings) -> list[tuple[str, str]]:
    with TestClient(create_app(settings)) as client:
        response = client.post("/v1/search", json={"query": QUERY, "top_k": 10})
    assert response.status_code == 200, response.text
    return [(h["chunk_id"], h["text"]) for h in response.json()["hits"]]


def _segment(settings: Settings) -> Path:
    (segment,) = (settings.store_path / "shard" / "segments").iterdir()
    return segment


def test_a_missing_model_folder_is_named_in_readyz_search_and_the_cli(tmp_path):
    settings = _indexed(tmp_path)
    folder = tmp_path / ("modeller-" * 8) / "ingen-model"  # longer than a terminal line
    missing = settings.model_copy(update={"embedding": settings.embedding.model_copy(
        update={"backend": "sentence-transformers", "model_path": folder})})
    _assert_unready(missing, "ingen-model", "findes ikke")
    _assert_cli_error(_cli(missing, tmp_path, "search", QUERY), str(folder), "findes ikke")


@pytest.mark.slow  # imports torch
def test_a_damaged_model_folder_is_a_clear_error_not_a_crash(tmp_path):
    settings = _indexed(tmp_path)
    model = tmp_path / "model"
    model.mkdir()
    (model / "modules.json").write_text("{ afbrudt", encoding="utf-8")
    (model / "config.json").write_text("{}", encoding="utf-8")
    damaged = settings.model_copy(update={"embedding": settings.embedding.model_copy(
        update={"backend": "sentence-transformers", "model_path": model})})
    _assert_unready(damaged, "kan ikke indlæses")
    _assert_cli_error(_cli(damaged, tmp_path, "search", QUERY), "kan ikke indlæses")


def test_a_damaged_vector_segment_is_503_and_store_repair_restores_the_same_results(tmp_path):
    settings = _indexed(tmp_path)
    before = _hits(settings)
    vectors = _segment(settings) / "vector_storage-dense" / "vectors" / "chunk_0.mmap"
    vectors.write_bytes(b"")  # the segment opens, but no vector can be read
    body = _assert_unready(settings, "vidensbank store repair")
    assert body["title"] == "Store damaged"
    _assert_cli_error(_cli(settings, tmp_path, "search", QUERY), "vidensbank store repair")
    repaired = _cli(settings, tmp_path, "store", "repair", "--json")
    assert repaired.code == 0, repaired.stderr
    report = json.loads(repaired.stdout)
    assert report["reindexed"] == 3 and report["failed"] == {} and Path(report["moved_to"]).is_dir()
    assert _hits(settings) == before


def test_a_damaged_segment_file_fails_to_open_without_leaving_segments_behind(tmp_path):
    settings = _indexed(tmp_path)
    segments = settings.store_path / "shard" / "segments"
    (_segment(settings) / "segment.json").write_text("{", encoding="utf-8")
    for _ in range(2):
        _assert_unready(settings, "kan ikke åbnes", "vidensbank store repair")
    assert len(list(segments.iterdir())) == 1


@pytest.mark.parametrize("damage", [b"", b'{"model": "hashing-3', b"\x00\x00\x00", b'{"dim": 384}'])
def test_a_damaged_store_metadata_file_names_the_repair_command(tmp_path, damage):
    settings = _indexed(tmp_path)
    before = _hits(settings)
    (settings.store_path / "vidensbank-store.json").write_bytes(damage)
    _assert_unready(settings, "vidensbank-store.json", "beskadiget", "vidensbank store repair")
    _assert_cli_error(_cli(settings, tmp_path, "search", QUERY), "beskadiget", "vidensbank store repair")
    assert _cli(settings, tmp_path, "store", "repair").code == 0
    assert json.loads((settings.store_path / "vidensbank-store.json").read_text())["dim"] == 384
    assert _hits(settings) == before


def test_the_store_metadata_file_is_whole_after_a_kill_while_it_is_written(tmp_path):
    settings = make_settings(tmp_path)
    docs = write_corpus(tmp_path / "docs")
    env = {"VIDENSBANK_DATA_DIR": str(settings.data_dir), "VIDENSBANK_EMBEDDING__BACKEND": "hashing",
           "VIDENSBANK_TEST_CRASH_AT": "atomic_write.before_rename"}
    assert run_cli(["index", str(docs)], env=env, log=tmp_path / "killed").crashed
    meta = settings.store_path / "vidensbank-store.json"
    assert not meta.exists()  # the old state (none), never half a file
    assert _cli(settings, tmp_path, "index", str(docs)).code == 0
    assert json.loads(meta.read_text()) == {"model": "hashing-384", "dim": 384, "schema": 2}
    assert len(_hits(settings)) > 0


def test_an_unreadable_catalog_is_503_at_start_and_while_running(tmp_path):
    settings = _indexed(tmp_path)
    catalog = settings.data_dir / "catalog.sqlite"
    with TestClient(create_app(settings)) as client:
        assert client.get("/readyz").status_code == 200
        for suffix in ("-wal", "-shm"):
            Path(str(catalog) + suffix).unlink(missing_ok=True)
        catalog.write_bytes(b"dette er ikke en database" * 100)
        ready = client.get("/readyz")
        assert ready.status_code == 503 and "Kataloget" in ready.json()["detail"], ready.text
    _assert_unready(settings, "Katalogdatabasen", "kan ikke åbnes")
    _assert_cli_error(_cli(settings, tmp_path, "search", QUERY), "Katalogdatabasen", "kan ikke åbnes")
