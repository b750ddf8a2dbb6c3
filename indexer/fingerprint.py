"""Near-duplicate detection: MinHash signatures over word shingles.

The same report saved as PDF and as DOCX differs in layout, hyphenation and page furniture,
so its bytes (and content hash) differ; the share of shared 5-word shingles stays high. A
128-value MinHash estimates that share (Jaccard similarity) from two short signatures.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from indexer.text import fold_danish

PERMUTATIONS = 128
SHINGLE_WORDS = 5
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20240115)  # fixed: signatures must compare across runs and machines
_A = _rng.integers(1, 1 << 31, size=PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, 1 << 31, size=PERMUTATIONS, dtype=np.uint64)


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> set[int]:
    """32-bit hashes of the overlapping ``size``-word windows of the folded text."""
    words = re.findall(r"\w+", fold_danish(text))
    grams = {" ".join(words[i:i + size]) for i in range(max(1, len(words) - size + 1))} if words else set()
    return {int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "little") for g in grams}


def minhash(text: str) -> np.ndarray | None:
    """The MinHash signature of a text (None for a text too short to compare)."""
    values = np.fromiter(shingles(text), dtype=np.uint64)
    if values.size == 0:
        return None
    hashed = (values[:, None] * _A[None, :] + _B[None, :]) % _PRIME
    return hashed.min(axis=0).astype(np.uint64)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.mean(a == b))


def to_hex(signature: np.ndarray) -> str:
    """A signature as text, for the catalog."""
    return signature.astype("<u8").tobytes().hex()


def from_hex(value: str) -> np.ndarray:
    """A signature stored with ``to_hex``."""
    return np.frombuffer(bytes.fromhex(value), dtype="<u8").astype(np.uint64)


def most_similar(signature: np.ndarray, others: dict[str, np.ndarray]) -> tuple[str, float] | None:
    """The key of the most similar signature among ``others`` and its similarity."""
    if not others:
        return None
    keys = list(others)
    matrix = np.stack([others[k] for k in keys])
    scores = (matrix == signature[None, :]).mean(axis=1)
    best = int(np.argmax(scores))
    return keys[best], float(scores[best])
