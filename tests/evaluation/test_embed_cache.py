"""The on-disk embedding cache: same vectors as the model, and the model is asked only once."""

from __future__ import annotations

import numpy as np

from evaluation.embed_cache import CachedEmbedder
from indexer.embedder import HashingEmbedder


def test_cached_vectors_equal_the_model_and_survive_a_reopen(tmp_path):
    model = HashingEmbedder(dim=32)
    cache = CachedEmbedder(model, tmp_path / "cache.sqlite")
    texts = ["Lokalgrupperne mødes", "Natteravne i Faxe"]
    first = cache.embed_passages(texts)
    assert np.allclose(first, model.embed_passages(texts)) and cache.misses == 2
    cache.close()
    reopened = CachedEmbedder(model, tmp_path / "cache.sqlite")
    again = reopened.embed_passages(texts + ["Ny tekst"])
    assert np.allclose(again[:2], first) and (reopened.hits, reopened.misses) == (2, 1)
    assert reopened.name == model.name and reopened.dim == 32


def test_queries_and_passages_and_models_are_cached_apart(tmp_path):
    path = tmp_path / "cache.sqlite"
    small = CachedEmbedder(HashingEmbedder(dim=16), path)
    small.embed_passages(["SSP"])
    small.embed_query("SSP")
    assert small.misses == 2  # the same text as query and as passage: two entries
    other = CachedEmbedder(HashingEmbedder(dim=32), path)
    assert other.embed_query("SSP").shape == (32,) and other.misses == 1
