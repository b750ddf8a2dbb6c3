"""Where the embedded store keeps its data and how it cuts it into segments changes memory,
never answers: the same points give the same results in every layout."""

from __future__ import annotations

import numpy as np
import pytest

from indexer import ngrams
from indexer.embedder import HashingEmbedder
from indexer.models import chunk_id
from indexer.store import Filters, StoredPoint, StoreQuery, bm25
from indexer.store.edge import EdgeStore

EMBEDDER = HashingEmbedder(dim=64)
WORDS = ("skole", "politi", "forebyggelse", "lokalgruppe", "netværk", "unge", "forældre", "kriminalitet",
         "fritidsklub", "gadeplan", "trivsel", "mødes", "kommune", "indsats", "konsulent", "rusmidler")
QUERIES = ("unge på gadeplan", "forældre og skole", "lokalgruppe mødes i kommunen", "rusmidler og kriminalitet")


def _points(n: int) -> list[StoredPoint]:
    rng = np.random.default_rng(14)
    vocabulary = [f"{w}{suffix}" for w in WORDS for suffix in ("", "en", "erne", "s", "sarbejde", "gruppe")]
    texts = [" ".join(rng.choice(vocabulary, size=int(rng.integers(8, 20)))) for _ in range(n)]
    dense = EMBEDDER.embed_passages(texts)
    return [StoredPoint(id=chunk_id(f"doc-{i // 4}", i % 4), dense=dense[i], sparse=bm25.document_vector(t),
                        ngrams=ngrams.document_vector(t), sentences=EMBEDDER.embed_passages(t.split(" ", 6)[::3]),
                        payload={"doc_id": f"doc-{i // 4}", "chunk_no": i % 4, "text": t, "status": "published",
                                 "kommune": "Faxe" if i % 3 else "Slagelse"})
            for i, t in enumerate(texts)]


def _built(path, points, **layout) -> EdgeStore:
    store = EdgeStore(path, model=EMBEDDER.name, dim=EMBEDDER.dim, **layout)
    for start in range(0, len(points), 50):  # batches, as the indexer and the bench write
        store.upsert(points[start:start + 50])
    store.optimize()
    return store


def _requests():
    for text in QUERIES:
        vector = EMBEDDER.embed_query(text)
        for filters in (Filters(), Filters(kommune=("Slagelse",))):
            yield StoreQuery(limit=10, dense=vector, filters=filters)
            yield StoreQuery(limit=10, sparse=bm25.query_vector(text), filters=filters)
            yield StoreQuery(limit=10, ngrams=ngrams.query_vector(text), filters=filters)
            yield StoreQuery(limit=10, sentences=vector, filters=filters)
            # Every point in every prefetch: points tied at a prefetch's cut-off would change the fusion.
            yield StoreQuery(limit=10, dense=vector, sparse=bm25.query_vector(text), ngrams=ngrams.query_vector(text),
                             sentences=vector, filters=filters, fusion="dbsf", prefetch_limit=1000)


def _answers(store: EdgeStore) -> list[tuple[list[float], dict[float, set[str]]]]:
    """Per request: the scores in order, and the ids at each score above the last one (points
    tied at the cut-off may be left out in either order, so those are not compared)."""
    out = []
    for request in _requests():
        hits = [(r.id, round(r.score, 4)) for r in store.query(request)]
        scores = [score for _, score in hits]
        above: dict[float, set[str]] = {}
        for point_id, score in hits:
            if score > scores[-1]:
                above.setdefault(score, set()).add(point_id)
        out.append((scores, above))
    return out


@pytest.fixture(scope="module")
def points():
    return _points(600)


def test_a_store_cut_into_small_segments_answers_like_one_segment(tmp_path, points):
    whole = _built(tmp_path / "whole", points, segment_mb=0, dense_memory="ram")
    cut = _built(tmp_path / "cut", points, segment_mb=0.05, dense_memory="ram")
    try:
        assert whole.segment_count() <= 2  # one optimised segment (and an empty appendable one)
        assert cut.segment_count() >= 5  # each ~0.05 MB of vectors was indexed as it filled
        assert cut.count() == whole.count() == len(points)
        assert _answers(cut) == _answers(whole)
    finally:
        whole.close()
        cut.close()


def test_the_disk_layout_ranks_like_everything_in_ram(tmp_path, points):
    # int8 passage vectors (originals on disk), n-gram index and sentence vectors on disk, against
    # float32, n-grams and sentences in RAM. exact_below=0: every query walks the HNSW graph.
    in_ram = _built(tmp_path / "ram", points, dense_memory="ram", ngram_memory="ram", sentence_memory="ram",
                    segment_mb=0.05, exact_below=0)
    on_disk = _built(tmp_path / "disk", points, dense_memory="int8", ngram_memory="disk", sentence_memory="disk",
                     segment_mb=0.05, exact_below=0)
    try:
        assert _answers(on_disk) == _answers(in_ram)
    finally:
        in_ram.close()
        on_disk.close()


def test_an_existing_float32_store_reopened_as_int8_keeps_its_answers(tmp_path, points):
    store = _built(tmp_path / "s", points, dense_memory="ram", segment_mb=0.05)
    before = _answers(store)
    store.close()
    reopened = EdgeStore(tmp_path / "s", model=EMBEDDER.name, dim=EMBEDDER.dim, dense_memory="int8", segment_mb=0.05)
    try:
        reopened.optimize()  # segments built with the old layout are rebuilt with the new one
        assert _answers(reopened) == before
    finally:
        reopened.close()
