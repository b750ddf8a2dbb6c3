"""Large stores for benchmarks, from real passages: what the pipeline writes for a small real
corpus (vectors from the real model, payloads, BM25, n-grams, sentence vectors), multiplied.

Each synthetic passage copies the payload and sparse vectors of one real passage and gets a
dense vector mixed from that passage's and two others' real embeddings plus a small
perturbation (its sentence vectors are perturbed the same way), so neighbourhoods look like
real text, never like i.i.d. random vectors. A national spread of kommuner, kinds and years
goes in the payload so filters have realistic selectivity (one kommune is ~1 %).
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corpus.ingest import index_paths
from corpus.services import Services
from indexer import ngrams
from indexer.embedder import Embedder
from indexer.kommuner import KOMMUNER
from indexer.metadata import KINDS
from indexer.models import SparseVector, chunk_id
from indexer.settings import Settings
from indexer.store import Filters, StoredPoint, bm25

PASSAGES_PER_DOCUMENT = 8
NOISE = 0.15  # norm of the perturbation relative to a unit vector


@dataclass(frozen=True)
class BasePassage:
    """One real passage as the pipeline stored it."""

    dense: np.ndarray
    sentences: np.ndarray | None
    sparse: SparseVector
    ngrams: SparseVector
    payload: dict


def _embedded_text(payload: dict) -> str:
    head = " - ".join(x for x in (payload.get("title"), payload.get("section")) if x)
    return f"{head}\n{payload['text']}" if head else payload["text"]


def base_passages(settings: Settings, embedder: Embedder, corpus: Sequence[Path]) -> list[BasePassage]:
    """Index the real corpus with the real pipeline and read back what it stored."""
    with tempfile.TemporaryDirectory(prefix="vidensbank-base-") as tmp:
        base_settings = settings.model_copy(update={"data_dir": Path(tmp)})
        with Services.open(base_settings, embedder=embedder) as services:
            index_paths(services, list(corpus))
            records = list(services.store.scroll(Filters(), limit=1_000_000))
            texts = [_embedded_text(r.payload) for r in records]
            dense = embedder.embed_passages(texts)  # a cached embedder answers from its cache
            sentences = services.store.sentence_vectors([r.id for r in records])
    return [BasePassage(dense=dense[i], sentences=sentences.get(r.id), sparse=bm25.document_vector(texts[i]),
                        ngrams=ngrams.document_vector(texts[i]), payload=r.payload)
            for i, r in enumerate(records)]


def save_base(base: list[BasePassage], path: Path) -> None:
    """Keep the base passages for a child process."""
    path.write_bytes(pickle.dumps(base, protocol=pickle.HIGHEST_PROTOCOL))


def load_base(path: Path) -> list[BasePassage]:
    """The base passages saved by ``save_base``."""
    return pickle.loads(path.read_bytes())


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return (matrix / np.where(norms == 0, 1, norms)).astype(np.float32)


def _mixed(base: list[BasePassage], own: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray | None]:
    """A dense vector mostly of passage ``own``, mixed with two others, perturbed; and the
    passage's sentence vectors perturbed by the same drift."""
    others = rng.integers(0, len(base), size=2)
    weights = rng.dirichlet((6.0, 1.0, 1.0))
    mix = weights[0] * base[own].dense + weights[1] * base[others[0]].dense + weights[2] * base[others[1]].dense
    noise = rng.standard_normal(mix.shape[0]).astype(np.float32)
    drift = NOISE * noise / np.linalg.norm(noise)
    dense = _unit(mix + drift)
    sentences = base[own].sentences
    if sentences is not None:
        sentences = _unit(sentences + 0.5 * (dense - base[own].dense)).astype(np.float16).astype(np.float32)
    return dense, sentences


def _payload(base: BasePassage, n: int, rng: np.random.Generator) -> dict:
    doc = n // PASSAGES_PER_DOCUMENT
    doc_rng = np.random.default_rng(doc)  # every passage of a document agrees on its metadata
    kommune = KOMMUNER[int(doc_rng.integers(0, len(KOMMUNER)))]
    year = int(doc_rng.integers(2010, 2026))
    return {**base.payload, "doc_id": f"syn-{doc:07d}", "chunk_no": n % PASSAGES_PER_DOCUMENT, "kommune": kommune,
            "kind": KINDS[int(doc_rng.integers(0, len(KINDS)))], "year": year, "date": f"{year}-06-01",
            "status": "published", "source": f"syntetisk/{doc:07d}.txt", "content_hash": f"syn{doc}"}


def synthetic_points(base: list[BasePassage], count: int, *, seed: int = 14,
                     batch: int = 256) -> Iterator[list[StoredPoint]]:
    """``count`` passages in batches, the same ones for the same seed (streamed: memory stays flat)."""
    rng = np.random.default_rng(seed)
    for start in range(0, count, batch):
        points = []
        for n in range(start, min(count, start + batch)):
            own = int(rng.integers(0, len(base)))
            dense, sentences = _mixed(base, own, rng)
            payload = _payload(base[own], n, rng)
            points.append(StoredPoint(id=chunk_id(payload["doc_id"], payload["chunk_no"]), dense=dense,
                                      sparse=base[own].sparse, ngrams=base[own].ngrams, sentences=sentences,
                                      payload=payload))
        yield points

