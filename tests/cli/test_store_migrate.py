"""`vidensbank store migrate`: the seed corpus moved from the embedded store to qdrant-client's
local mode and back, answering the dev questions with the same top 10 everywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from corpus.ingest import index_paths
from corpus.services import Services
from indexer.errors import ConfigurationError, InvalidInput
from indexer.store.migrate import check_not_source, open_target, parse_target
from search_api.retrieval.search import search
from tests.conftest import SHARED, make_settings
from tests.indexer.test_store import EMBEDDER, _points

QUERIES = SHARED / "eval" / "dev" / "queries.jsonl"


def _migrate(data: Path, to: str, **env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("VIDENSBANK_")}
    result = subprocess.run(
        [sys.executable, "-m", "vidensbank", "--data-dir", str(data), "store", "migrate", "--to", to, "--json"],
        capture_output=True, text=True, timeout=300,
        env={**clean, "VIDENSBANK_EMBEDDING__BACKEND": "hashing", **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _top10(settings, questions: list[str]) -> dict[str, list[str]]:
    with Services.open(settings) as services:
        return {q: [hit.chunk_id for hit in search(services, q, top_k=10)] for q in questions}


def test_migrating_to_qdrant_client_and_back_keeps_every_point_and_the_top_10(tmp_path, seeds_dir):
    if not QUERIES.is_file():
        pytest.skip(f"the shared dev questions are not in this clone ({QUERIES})")
    questions = [json.loads(line)["query"] for line in QUERIES.read_text(encoding="utf-8").splitlines() if line]
    edge = make_settings(tmp_path)
    with Services.open(edge) as services:
        index_paths(services, [seeds_dir])
        points = services.store.count()
    expected = _top10(edge, questions)
    assert all(expected.values())

    local = f"local:{tmp_path / 'qdrant'}"
    assert _migrate(edge.data_dir, local)["points"] == points
    assert _top10(make_settings(tmp_path, store={"url": local}), questions) == expected

    back = tmp_path / "back"
    assert _migrate(edge.data_dir, str(back), VIDENSBANK_STORE__URL=local)["points"] == points
    assert _top10(make_settings(tmp_path, store={"path": back}), questions) == expected


def test_migrating_onto_the_source_or_into_a_store_that_holds_points_is_refused(tmp_path):
    settings = make_settings(tmp_path)
    with pytest.raises(InvalidInput, match="det indeks, der flyttes fra"):
        check_not_source(parse_target("edge", settings=settings), settings=settings)
    check_not_source(parse_target(str(tmp_path / "other"), settings=settings), settings=settings)
    folder = parse_target(str(tmp_path / "full"), settings=settings)
    store = open_target(folder, settings=settings, model=EMBEDDER.name, dim=EMBEDDER.dim)
    store.upsert(_points()[:1])
    store.close()
    with pytest.raises(ConfigurationError, match="indeholder allerede 1 afsnit"):
        open_target(folder, settings=settings, model=EMBEDDER.name, dim=EMBEDDER.dim)
    with pytest.raises(InvalidInput, match="Ukendt mål"):
        parse_target("ftp://example.org/store", settings=settings)
