"""Sentence-level evidence: how well each sentence of the top passages answers a question.

A sentence is scored by the cosine of its vector and the question's (the vectors stored at
indexing time, so asking costs no extra model calls) and by the share of the question's
content words it holds. The best similarity is the answer's confidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from corpus.services import Services
from indexer import ngrams
from search_api.retrieval.highlight import any_present, mentions, question_words, share_present, topic_words
from search_api.retrieval.passage import passage
from search_api.retrieval.question import Question
from search_api.retrieval.search import Hit

# Word coverage breaks near-ties in similarity; it never outweighs a clearly closer sentence.
COVERAGE_WEIGHT = 0.02
# The passage ranking (four fused signals) knows better than one sentence vector which
# passage is relevant: sentences of higher-ranked passages get a head start (0.1 for the
# first passage, 0.05 for the second ...; measured against 0.02 and 0.05 in docs/evaluation.md).
RANK_WEIGHT = 0.1
# A sentence holding the kind of answer the question asks for (a count, an amount, a date ...)
# is the one to quote, when it is about as close as the best.
TYPED_WEIGHT = 0.03


@dataclass(frozen=True)
class Evidence:
    """One sentence of a hit, with its similarity to the question and the words it shares."""

    hit: Hit
    sentence: str
    similarity: float
    coverage: float
    typed: bool = False  # holds the kind of answer the question asks for
    topical: bool = True  # about the question's topic (not only its frame: "andre kommuner"), see below
    states: bool = True  # the sentence itself holds a word of the question's topic (names aside)

    @property
    def strength(self) -> float:
        """How well the sentence itself answers: similarity, with word coverage and the answer type
        as small head starts (comparisons weigh kommuner by this, whatever their passage's rank)."""
        return self.similarity + COVERAGE_WEIGHT * self.coverage + TYPED_WEIGHT * self.typed

    @property
    def score(self) -> float:
        """The strength, with the passage's rank as a head start (which sentence an answer quotes)."""
        return self.strength + RANK_WEIGHT / self.hit.rank


def _vectors(services: Services, hits: Sequence[Hit], sentences: dict[str, tuple[str, ...]]) -> dict[str, np.ndarray]:
    """Sentence vectors per hit: stored ones where they match the text, else embedded now."""
    stored = services.store.sentence_vectors([h.chunk_id for h in hits])
    out = {}
    for hit in hits:
        texts = sentences[hit.chunk_id]
        vectors = stored.get(hit.chunk_id)
        if vectors is None or len(vectors) != len(texts):  # older index: embed at question time
            vectors = services.embedder.embed_passages(texts) if texts else np.zeros((0, services.embedder.dim), np.float32)
        out[hit.chunk_id] = vectors
    return out


def sentence_evidence(services: Services, question: Question, hits: Sequence[Hit]) -> list[Evidence]:
    """Every sentence of the hits as evidence, best first."""
    passages = {h.chunk_id: passage(services.store, h.chunk_id, h.text) for h in hits}
    sentences = {chunk_id: p.vectored for chunk_id, p in passages.items()}
    vectors = _vectors(services, hits, sentences)
    names = {frozenset(ngrams.grams(name)) for name in question.names}
    topic = tuple(w for w in topic_words(question.text) if w not in names)
    words = question_words(question.text)
    evidence = []
    for hit in hits:
        facts, about_topic = passages[hit.chunk_id], None
        for i, (sentence, similarity) in enumerate(zip(sentences[hit.chunk_id], vectors[hit.chunk_id] @ question.vector)):
            # A lone word or label is no evidence, nor is a lead-in ("Koordinationsgruppens primære
            # opgaver er:"): it says only that something follows, and its list items are sentences too.
            if len(sentence.split()) < 2 or sentence.rstrip().endswith(":"):
                continue
            grams = ngrams.gram_set(sentence)  # once per sentence, for the three word checks below
            typed = bool(question.types) and facts.sentence_holds(question.types, i)
            # "SSP støtter foreningen med 25.000 kr." answers "hvad koster natteravne" in a passage about them.
            states = not topic or any_present(topic, grams)
            if not states and typed and about_topic is None:
                about_topic = any_present(topic, ngrams.gram_set(hit.text))
            topical = states or (typed and about_topic)
            evidence.append(Evidence(hit, sentence, float(similarity), share_present(words, grams),
                                     typed=typed, topical=topical, states=states))
    return sorted(evidence, key=lambda e: e.score, reverse=True)


def about(evidence: list[Evidence], names: Sequence[str]) -> list[Evidence]:
    """The evidence from passages that mention every name (in the text, or in what the
    document says about itself: title, section, kommune, file name)."""
    if not names:
        return evidence
    keep: dict[str, bool] = {}
    for item in evidence:
        if item.hit.chunk_id not in keep:
            hit = item.hit
            text = " ".join(x for x in (hit.title, hit.section, hit.kommune, hit.source, hit.text) if x)
            keep[item.hit.chunk_id] = all(mentions(text, name) for name in names)
    return [item for item in evidence if keep[item.hit.chunk_id]]
