import pytest
from fastapi.testclient import TestClient

from corpus.ingest import index_paths
from corpus.services import Services
from search_api.app import create_app
from tests.support.corpus import write_corpus


@pytest.fixture
def indexed_client(settings, tmp_path):
    """The real app over a store holding the small three-kommune corpus."""
    with Services.open(settings) as services:
        assert index_paths(services, [write_corpus(tmp_path / "docs")]).ok
    with TestClient(create_app(settings)) as client:
        yield client
