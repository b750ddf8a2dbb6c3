"""The sentences of a passage, split once.

Search highlights a hit's sentences, ranks by the answer type its sentences hold, and /ask
scores them as evidence: each step used to split the same passage again. Splitting depends on
the text alone, so the split is kept per text (as the reader sees it, masked): a passage that
a write changes has a new text and is split afresh, and nothing needs to be forgotten.
"""

from __future__ import annotations

from functools import lru_cache

from indexer.pipeline import MAX_SENTENCES
from indexer.text import passage_sentences

# Recent passages kept split: about 2.5 KB each, so a few MB at most.
PASSAGES = 4096


@lru_cache(maxsize=PASSAGES)
def sentences(text: str) -> tuple[str, ...]:
    """The sentences of a passage (indexer.text.passage_sentences)."""
    return tuple(passage_sentences(text))


def vectored(text: str) -> tuple[str, ...]:
    """The sentences that have a stored vector, in order (indexer.pipeline.chunk_sentences)."""
    return sentences(text)[:MAX_SENTENCES]
