"""Extractive answers: the best sentences of the top passages, with numbered citations."""

from __future__ import annotations

from dataclasses import dataclass

from corpus.services import Services
from indexer.store import Filters
from indexer.text import passage_sentences
from search_api.search import Hit, query_terms, search

NO_ANSWER = "Korpusset indeholder ikke et klart svar på dette spørgsmål."


@dataclass(frozen=True)
class Citation:
    """A numbered source in an answer: the hit it points to and the quoted sentence."""

    n: int
    hit: Hit
    quote: str


@dataclass(frozen=True)
class Answer:
    """An answer text with its citations, or a refusal when the evidence is weak."""

    answered: bool
    answer: str
    citations: tuple[Citation, ...]
    hits: tuple[Hit, ...]


@dataclass(frozen=True)
class _Candidate:
    score: float
    coverage: float
    hit: Hit
    sentence: str


def _candidates(hits: list[Hit], terms: frozenset[int]) -> list[_Candidate]:
    """Every sentence of the top hits, scored by query-term coverage and the hit's rank."""
    out = []
    for hit in hits:
        for sentence in passage_sentences(hit.text):
            words = len(sentence.split())
            if words < 4 or words > 80:
                continue
            coverage = len(terms & query_terms(sentence)) / len(terms) if terms else 0.0
            out.append(_Candidate(coverage + 0.15 / hit.rank, coverage, hit, sentence))
    return sorted(out, key=lambda c: c.score, reverse=True)


def evidence(hits: list[Hit], terms: frozenset[int]) -> float:
    """How well the best passage covers the question's content terms (0..1)."""
    if not hits or not terms:
        return 0.0
    return max(len(terms & query_terms(h.text)) / len(terms) for h in hits)


def compose(candidates: list[_Candidate], *, max_sentences: int = 3) -> tuple[str, tuple[Citation, ...]]:
    """Pick the best sentences from different passages and number their sources."""
    chosen: list[_Candidate] = []
    for cand in candidates:
        if cand.coverage <= 0 or any(c.hit.chunk_id == cand.hit.chunk_id for c in chosen):
            continue
        chosen.append(cand)
        if len(chosen) == max_sentences:
            break
    citations = tuple(Citation(n, c.hit, c.sentence) for n, c in enumerate(chosen, 1))
    text = " ".join(f"{c.quote} [{c.n}]" for c in citations)
    return text, citations


def ask(services: Services, question: str, *, filters: Filters | None = None) -> Answer:
    """Answer a question from the corpus, or say that the corpus does not answer it."""
    settings = services.settings.search
    hits = search(services, question, top_k=settings.answer_passages, filters=filters)
    terms = query_terms(question)
    if evidence(hits, terms) < settings.min_answer_score:
        return Answer(False, NO_ANSWER, (), tuple(hits))
    text, citations = compose(_candidates(hits, terms))
    if not citations:
        return Answer(False, NO_ANSWER, (), tuple(hits))
    return Answer(True, text, citations, tuple(hits))
