"""Hybrid search, filtered inside the store: the passage vector, Danish BM25 and OCR-folded
character 4-grams (optionally the best single sentence too) fused by DBSF (distribution-based
score fusion); comparative questions get results from several kommuner and documents.

This is the one search function the HTTP API, the CLI and the evaluation all call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.services import Services
from indexer import ngrams
from indexer.errors import InvalidQuery
from indexer.metadata import NATIONAL
from indexer.settings import SearchSettings
from indexer.store import Filters, ScoredRecord, StoreQuery, bm25
from search_api.retrieval.answer_type import AnswerType
from search_api.retrieval.diversify import cap_per_group, spread
from search_api.retrieval.highlight import ACROSS, highlight
from search_api.retrieval.pages import best_highlight, page_of, span_of, starts_of
from search_api.retrieval.passage import passage
from search_api.masking import visible_field, visible_text, visible_url
from search_api.retrieval.question import Question, understand

PUBLISHED = ("published",)
_WORD_EDGES = re.compile(r"^[^\w§]+|[^\w§]+$")


@dataclass(frozen=True)
class Hit:
    """One passage returned by search, with everything needed to cite it."""

    rank: int
    score: float
    doc_id: str
    chunk_id: str
    text: str
    title: str
    kommune: str | None
    kind: str | None
    date: str | None
    page: int | None
    section: str | None
    highlights: tuple[str, ...]
    source: str
    url: str | None
    pii: tuple[str, ...] = ()  # personal data types in the passage (cpr, phone, email, name)
    original_text: str | None = None  # the passage as the document writes it, when OCR repair changed it
    pages: tuple[int, int] | None = None  # [first, last] page of the passage (PDF); ``page`` holds the best highlight
    page_starts: tuple[tuple[int, int], ...] = ()  # (line, page) in ``text``: see retrieval/pages.py
    visibility: str = "public"  # who may see its document: public, signed-in or kommune


def _to_hit(rank: int, record: ScoredRecord, query: str, *, reveal_pii: bool = False, highlighted: bool = True,
            store=None) -> Hit:
    p = record.payload
    if reveal_pii:  # trusted callers: the passage as stored
        p = {**p, "pii_shown": list(p.get("pii") or ())}
    text = visible_text(p)  # personal data masked before highlights, quotes and answers see it
    marks = highlight(text, query, sentences=passage(store, record.id, text).sentences) if highlighted else ()
    shown = () if reveal_pii else p.get("pii_shown") or ()
    field = (lambda v: v) if reveal_pii else (lambda v: visible_field(v, shown))
    return Hit(
        rank=rank, score=round(record.score, 6), doc_id=p["doc_id"], chunk_id=record.id,
        text=text, title=field(p.get("title") or p.get("source", "")), kommune=p.get("kommune"),
        kind=p.get("kind"), date=p.get("date"), page=page_of(p, best_highlight(marks, query), text=text),
        section=field(p.get("section")), highlights=marks, source=field(p.get("source", "")),
        url=p.get("url") if reveal_pii else visible_url(p.get("url"), shown),
        pii=tuple(p.get("pii") or ()),
        original_text=visible_text(p, "original_text") if p.get("original_text") else None,
        pages=span_of(p), page_starts=starts_of(p),
        visibility=p.get("visibility") or "public",
    )


def store_query(query: str, vector, *, settings: SearchSettings, limit: int, filters: Filters) -> StoreQuery:
    """The store request for a query: every enabled signal, fused as the settings say."""
    sparse = bm25.query_vector(query)
    grams = ngrams.query_vector(query) if settings.ngrams else None
    return StoreQuery(
        limit=limit, filters=filters, prefetch_limit=max(settings.prefetch_limit, limit),
        fusion=settings.fusion, rrf_k=settings.rrf_k, dense=vector,
        sparse=sparse if sparse.indices else None,
        sentences=vector if settings.sentences else None,
        ngrams=grams if grams and grams.indices else None,
    )


def _group(record: ScoredRecord) -> str:
    """The kommune of a passage's document when it is known, else the document itself."""
    kommune = record.payload.get("kommune")
    return f"kommune:{kommune}" if kommune and kommune != NATIONAL else f"doc:{record.payload['doc_id']}"


def _diversify(records: list[ScoredRecord], settings: SearchSettings, *, limit: int) -> list[ScoredRecord]:
    key = _group if settings.spread_by == "kommune" else (lambda r: r.payload["doc_id"])
    if settings.spread_penalty is None:
        return cap_per_group(records, key=key, per_group=settings.per_document, limit=limit)
    return spread(records, key=key, score=lambda r: r.score, penalty=settings.spread_penalty, limit=limit)


def _diversified(question: Question, settings: SearchSettings) -> bool:
    return settings.diversify == "always" or (settings.diversify == "comparative" and question.comparative)


def answer_type_first(records: list[ScoredRecord], types: tuple[AnswerType, ...], *, weight: float,
                      store=None) -> list[ScoredRecord]:
    """The records re-scored: ``weight`` more for a passage with a sentence of the expected
    answer type (a number of what "hvor mange" counts, an amount, a date ...). ``store``: where
    what a passage holds is remembered (search_api/retrieval/passage.py)."""
    if not types or not weight:
        return records
    rescored = [ScoredRecord(r.id, r.score + weight * passage(store, r.id, r.payload["text"]).holds(types), r.payload)
                for r in records]
    return sorted(rescored, key=lambda r: -r.score)


def lexical_text(question: Question) -> str:
    """What BM25 and the n-grams match: the question, and of a comparative question only what it
    asks about. "Hvordan gør andre kommuner ..." would otherwise favour any passage that says
    "andre" or "hvordan" (measured in docs/evaluation.md: comparative nDCG@10 hard-dev
    0.679 -> 0.723, samples-dev 0.835 -> 0.866; kommune words stay, "kommunerne" is often
    what the answering passage says)."""
    if not question.comparative:
        return question.text
    words = [w for w in question.text.split() if _WORD_EDGES.sub("", w).lower() not in ACROSS]
    return " ".join(words) or question.text


def search(services: Services, query: str | Question, *, top_k: int = 10, filters: Filters | None = None,
           reveal_pii: bool = False, highlights: int | None = None) -> list[Hit]:
    """The best ``top_k`` passages for ``query`` among published documents matching ``filters``.

    ``query`` is a question's text, or a Question already understood (``ask`` passes one, so
    the question is embedded once). Personal data is masked as readers see it; ``reveal_pii``
    is for trusted callers (the evaluation judges the passage found, not how it is shown).
    ``highlights``: highlight only the first this many hits (default: all)."""
    settings = services.settings
    question = query if isinstance(query, Question) else understand(services, query)
    if not 1 <= top_k <= settings.search.max_top_k:
        raise InvalidQuery(f"top_k skal være mellem 1 og {settings.search.max_top_k}.")
    filters = filters or Filters()
    if not filters.status:
        filters = Filters(**{**filters.__dict__, "status": PUBLISHED})
    diverse = _diversified(question, settings.search)
    types = question.types if settings.search.answer_type_weight else ()
    limit = max(top_k * 4, 40) if diverse or types else top_k
    request = store_query(lexical_text(question), question.search_vector, settings=settings.search, limit=limit,
                          filters=filters)
    records = answer_type_first(services.store.query(request), types, weight=settings.search.answer_type_weight,
                                store=services.store)
    if diverse:
        records = _diversify(records, settings.search, limit=top_k)
    shown = top_k if highlights is None else highlights
    return [_to_hit(rank, record, question.text, reveal_pii=reveal_pii, highlighted=rank <= shown, store=services.store)
            for rank, record in enumerate(records[:top_k], 1)]
