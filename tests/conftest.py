"""Shared fixtures: real stores in tmp folders, real SQLite, the real app; only the model is fake."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from corpus.services import Services
from evaluation.devsets import find_shared
from indexer.settings import Settings
from search_api.app import create_app

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = find_shared(ROOT)
SEEDS = SHARED / "seeds"
SAMPLES = ROOT / "corpus" / "samples"


def make_settings(tmp_path: Path, **overrides) -> Settings:
    """Settings for a test: data in tmp_path, the hashing embedder, no .env file."""
    values = {"data_dir": tmp_path / "data", "embedding": {"backend": "hashing"}}
    values.update(overrides)
    return Settings(_env_file=None, **values)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def services(settings: Settings):
    with Services.open(settings) as opened:
        yield opened


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the shared seed documents are not in this clone ({SEEDS})")
    return SEEDS


@pytest.fixture
def client(settings: Settings):
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's VIDENSBANK_* variables must not change what the tests exercise."""
    import os

    for name in list(os.environ):
        if name.startswith("VIDENSBANK_"):
            monkeypatch.delenv(name)
