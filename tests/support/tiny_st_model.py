"""Build a tiny sentence-transformers model on disk, offline, for testing that backend.

The weights are random (seeded): the model proves the plumbing (loading a local
directory, prefixes, batching, normalisation), not retrieval quality.
"""

from __future__ import annotations

import os
from pathlib import Path

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + list("abcdefghijklmnopqrstuvwxyzæøå0123456789.,:-?") + [
    "ssp", "samarbejde", "lokalgrupper", "kommune", "børn", "unge", "politi", "skole", "query", "passage",
]


def build_tiny_model(target: Path) -> Path:
    """Write a 2-layer, 32-wide BERT with mean pooling to ``target``; return it."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer, models
    from transformers import BertConfig, BertModel, BertTokenizerFast

    torch.manual_seed(0)
    raw = target / "hf"
    raw.mkdir(parents=True, exist_ok=True)
    (raw / "vocab.txt").write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    BertTokenizerFast(vocab=str(raw / "vocab.txt"), do_lower_case=True).save_pretrained(raw)
    config = BertConfig(vocab_size=len(VOCAB), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=128)
    BertModel(config).save_pretrained(raw)
    transformer = models.Transformer(str(raw), max_seq_length=64)
    pooling = models.Pooling(transformer.get_word_embedding_dimension(), pooling_mode="mean")
    out = target / "tiny-st"
    SentenceTransformer(modules=[transformer, pooling], device="cpu").save(str(out))
    return out
