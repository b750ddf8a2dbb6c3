"""Shared fixtures: real stores in tmp folders, real SQLite, the real app; only the model is fake."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from corpus.services import Services
from evaluation.devsets import find_shared
from indexer.settings import Settings
from search_api.app import create_app
from tests.support import redis_server
from tests.support.postgres import PostgresCluster, why_unavailable

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = find_shared(ROOT)
SEEDS = SHARED / "seeds"
SAMPLES = ROOT / "corpus" / "samples"


def make_settings(tmp_path: Path, **overrides) -> Settings:
    """Settings for a test: data in tmp_path, the hashing embedder, no .env file."""
    # Uploads wait for their job up to 30 s (1 s in production) so a loaded test machine still gets the
    # 201 a small upload gets; the tests of 202 set upload_wait_s=0.
    values = {"data_dir": tmp_path / "data", "embedding": {"backend": "hashing"}, "jobs": {"upload_wait_s": 30}}
    values.update(overrides)
    return Settings(_env_file=None, **values)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--serial", choices=("all", "skip", "only"), default="all",
                     help="Tests marked `serial`: run them with the rest (all), leave them out (skip, for the "
                          "parallel phase of scripts/test.sh) or run only them (only).")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """--serial: keep or leave out the tests marked `serial` (reported as deselected). On
    pytest-xdist workers, the files with `slow` tests come first: they are handed out first, so
    the longest ones (the real-model evaluation) run beside the rest rather than after it."""
    mode = config.getoption("--serial")
    if mode != "all":
        keep, drop = [], []
        for item in items:
            (keep if (item.get_closest_marker("serial") is not None) == (mode == "only") else drop).append(item)
        if drop:
            config.hook.pytest_deselected(items=drop)
            items[:] = keep
    if hasattr(config, "workerinput"):  # the same order on every worker, as xdist requires
        slow_files = {item.path for item in items if item.get_closest_marker("slow") is not None}
        items.sort(key=lambda item: item.path not in slow_files)  # stable: the order within stays


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked `catalog` run once on SQLite and once on PostgreSQL."""
    if "catalog_backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker("catalog"):
        metafunc.parametrize("catalog_backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture(scope="session")
def postgres_cluster():
    """One throwaway PostgreSQL cluster for the whole run (skips with the reason where it cannot run)."""
    reason = why_unavailable()
    if reason:
        pytest.skip(reason)
    cluster = PostgresCluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def redis_url():
    """The URL of a throwaway redis-server for the whole run (skips with the reason where it cannot run)."""
    reason = redis_server.why_unavailable()
    if reason:
        pytest.skip(reason)
    server = redis_server.RedisServer().start()
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def catalog_backend(request: pytest.FixtureRequest) -> str:
    """`sqlite`, or `postgresql` for the second run of a test marked `catalog`."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def new_catalog_url(request: pytest.FixtureRequest, catalog_backend: str, tmp_path: Path):
    """Makes the URL of another empty catalog on the test's backend (None: SQLite in the data dir)."""

    def make() -> str | None:
        if catalog_backend == "postgresql":
            return request.getfixturevalue("postgres_cluster").new_database()
        return None

    return make


@pytest.fixture
def catalog_url(new_catalog_url, tmp_path: Path) -> str:
    """The URL of this test's catalog: SQLite in the data dir, or a fresh PostgreSQL database."""
    if url := new_catalog_url():
        return url
    (tmp_path / "data").mkdir(exist_ok=True)
    return f"sqlite:///{tmp_path / 'data' / 'catalog.sqlite'}"  # where make_settings(tmp_path) puts it


@pytest.fixture
def settings(tmp_path: Path, catalog_url: str) -> Settings:
    return make_settings(tmp_path, catalog={"url": catalog_url})


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
