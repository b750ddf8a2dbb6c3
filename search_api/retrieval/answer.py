"""Extractive answers: the best sentences of the top passages, with numbered citations, or a
refusal when the evidence is weak (search_api/abstention.py; calibration in docs/evaluation.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from corpus.services import Services
from indexer.settings import SearchSettings
from indexer.store import Filters
from search_api.retrieval import comparison
from search_api.retrieval.abstention import min_similarity, strength
from search_api.retrieval.evidence import Evidence, about, sentence_evidence
from search_api.retrieval.generate import generate
from search_api.retrieval.pages import page_of
from search_api.retrieval.question import Question, understand
from search_api.retrieval.search import Hit, search

NO_ANSWER = "Korpusset indeholder ikke et klart svar på dette spørgsmål."
_BULLET = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s+")
# Passages retrieved to weigh the question's words by rarity (abstention.support).
IDF_POOL = 40


@dataclass(frozen=True)
class Citation:
    """A numbered source in an answer: the hit it points to and the quoted sentence."""

    n: int
    hit: Hit
    quote: str

    @property
    def page(self) -> int | None:
        """The PDF page that holds the quote (a passage can span pages)."""
        return page_of(self.hit, self.quote)


@dataclass(frozen=True)
class Answer:
    """An answer text with its citations, or a refusal when the evidence is weak."""

    answered: bool
    answer: str
    citations: tuple[Citation, ...]
    hits: tuple[Hit, ...]
    confidence: float = 0.0
    generated: bool = False
    support: float | None = None  # see search_api/abstention.py
    comparison: tuple[Comparison, ...] = ()  # comparative questions: one row per kommune


@dataclass(frozen=True)
class Comparison:
    """One kommune's (or the national material's) answer to a comparative question."""

    kommune: str
    text: str
    citations: tuple[int, ...]  # numbers of the answer's citations


def choose(evidence: list[Evidence], *, settings: SearchSettings) -> list[Evidence]:
    """The best sentence, plus others nearly as good from other passages, up to the configured
    number (a comparative question is answered by ``comparison.rows`` instead)."""
    if not evidence:
        return []
    best = evidence[0]
    chosen = [best]
    for candidate in evidence[1:]:
        if len(chosen) == settings.answer_sentences or candidate.score < best.score - settings.answer_margin:
            break
        if all(c.hit.chunk_id != candidate.hit.chunk_id for c in chosen):
            chosen.append(candidate)
    return chosen


def about_national(question: Question, rows: list[comparison.Row]) -> bool:
    """True when a question that names no kommune, and does not say it asks across them, is
    answered best by national material (a report, the fælles ramme, a law): it asks about that
    material ("Hvad viser bunden af trekanten i DKR's forebyggelsesmodel?"), and the kommuner
    whose sentences come close only share its words."""
    return question.implicit and bool(rows) and rows[0].kommune == comparison.NATIONAL


def _quote(sentence: str) -> str:
    """A sentence as quoted: without a list item's bullet (still a substring of the passage)."""
    return _BULLET.sub("", sentence)


def compose(chosen: list[Evidence]) -> tuple[str, tuple[Citation, ...]]:
    """The chosen sentences as one text with numbered sources; a passage cited twice keeps its number."""
    numbers: dict[str, int] = {}
    citations: list[Citation] = []
    parts = []
    for item in chosen:
        if item.hit.chunk_id not in numbers:
            numbers[item.hit.chunk_id] = len(numbers) + 1
            citations.append(Citation(numbers[item.hit.chunk_id], item.hit, _quote(item.sentence)))
        parts.append(f"{_quote(item.sentence)} [{numbers[item.hit.chunk_id]}]")
    return " ".join(parts), tuple(citations)


def _with_quotes(hits: list[Hit], citations: tuple[Citation, ...]) -> tuple[Hit, ...]:
    """The hits, with each cited one highlighting its quoted sentence first."""
    quotes = {c.hit.chunk_id: c.quote for c in citations}
    return tuple(replace(h, highlights=(quotes[h.chunk_id],) + tuple(x for x in h.highlights if x != quotes[h.chunk_id]))
                 if h.chunk_id in quotes else h for h in hits)


def ask(services: Services, question: str, *, filters: Filters | None = None, reveal_pii: bool = False) -> Answer:
    """Answer a question from the corpus, or say that the corpus does not answer it
    (``reveal_pii``: see ``search``)."""
    settings = services.settings.search
    q = understand(services, question)
    pool = search(services, q, top_k=max(settings.answer_passages, min(IDF_POOL, settings.max_top_k)),
                  filters=filters, reveal_pii=reveal_pii, highlights=settings.answer_passages)
    hits = pool[: settings.comparison_passages if q.comparative else settings.answer_passages]
    evidence = sentence_evidence(services, q, hits)
    # A question about Søhavn is answered from text about Søhavn, or not at all.
    evidence = about(evidence, q.names)
    measured = strength(q.text, evidence, pool, kommuner=q.kommuner, comparative=q.comparative)
    if not measured.sufficient(settings, services.embedder.name):
        return Answer(False, NO_ANSWER, (), tuple(hits), measured.confidence, support=measured.support)
    rows = comparison.rows(evidence, limit=settings.comparison_rows, margin=settings.comparison_margin,
                           floor=min_similarity(settings, services.embedder.name)) if q.comparative else []
    if q.comparative and not about_national(q, rows):
        chosen = [e for row in rows for e in row.evidence]
    else:
        rows, chosen = [], choose(evidence, settings=settings)
    text, citations = compose(chosen)
    answer = Answer(True, text, citations, _with_quotes(hits, citations), measured.confidence,
                    support=measured.support, comparison=_comparison(rows, citations))
    if services.settings.generation.enabled:
        return _generative(services, question, evidence, answer)
    return answer


def _comparison(rows: list[comparison.Row], citations: tuple[Citation, ...]) -> tuple[Comparison, ...]:
    """The rows with their sentences' citation numbers."""
    numbers = {c.hit.chunk_id: c.n for c in citations}
    return tuple(Comparison(row.kommune, " ".join(_quote(e.sentence) for e in row.evidence),
                            tuple(dict.fromkeys(numbers[e.hit.chunk_id] for e in row.evidence)))
                 for row in rows)


def _generative(services: Services, question: str, evidence: list[Evidence], extractive: Answer) -> Answer:
    """The model's answer over the same passages, each citation quoting the passage's best
    sentence; the extractive answer when the model is unavailable or cites nothing."""
    generated = generate(services.settings.generation, question, extractive.hits)
    if generated is None or not (generated.declined or generated.cited):
        return extractive
    if generated.declined:
        return replace(extractive, answered=False, answer=NO_ANSWER, citations=(), generated=True)
    best: dict[str, str] = {}
    for item in evidence:  # best first
        best.setdefault(item.hit.chunk_id, item.sentence)
    citations = tuple(Citation(n, hit, best.get(hit.chunk_id, "")) for n, hit in enumerate(generated.cited, 1))
    return replace(extractive, answer=generated.text, citations=citations, generated=True)
