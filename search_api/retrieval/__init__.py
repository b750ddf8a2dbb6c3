"""Retrieval and answering, apart from the HTTP layer: the one place where ranking lives.

- ``search``: hybrid search inside the store (dense, Danish BM25, OCR-folded n-grams, DBSF),
  answer-type re-scoring and diversification; the one function every caller uses.
- ``answer``: extractive answers from sentence evidence, with numbered citations.
- ``evidence``, ``abstention``, ``answer_type``, ``highlight``, ``diversify``: the steps.
- ``generate``: optional generative answers through an OpenAI-compatible endpoint.
"""
