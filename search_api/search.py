"""Hybrid search: dense + Danish BM25 prefetch fused by RRF, filtered inside the store.

This is the one search function the HTTP API, the CLI and the evaluation all call.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus.services import Services
from indexer.errors import InvalidQuery
from indexer.store import Filters, ScoredRecord, StoreQuery, bm25
from indexer.text import passage_sentences
from search_api.masking import visible_text

PUBLISHED = ("published",)


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


def validate_query(query: str, *, max_chars: int) -> str:
    """The query stripped; empty or overlong queries are an InvalidQuery (422)."""
    cleaned = " ".join((query or "").split())
    if not cleaned:
        raise InvalidQuery("Søgningen er tom. Skriv et spørgsmål eller nogle søgeord.")
    if len(cleaned) > max_chars:
        raise InvalidQuery(f"Søgningen er for lang ({len(cleaned)} tegn; højst {max_chars}).")
    return cleaned


def query_terms(text: str) -> frozenset[int]:
    """Stemmed, stopword-free term ids of a text (the BM25 vocabulary)."""
    return frozenset(bm25.query_vector(text).indices)


def highlight(text: str, terms: frozenset[int], *, limit: int = 2) -> tuple[str, ...]:
    """The sentences of ``text`` that share the most query terms, in reading order."""
    if not terms:
        return ()
    scored = []
    for position, sentence in enumerate(passage_sentences(text)):
        overlap = len(terms & query_terms(sentence))
        if overlap:
            scored.append((overlap, -position, sentence))
    best = sorted(scored, reverse=True)[:limit]
    return tuple(s for _, _, s in sorted(best, key=lambda item: -item[1]))


def _to_hit(rank: int, record: ScoredRecord, terms: frozenset[int]) -> Hit:
    p = record.payload
    text = visible_text(p)  # personal data masked before highlights, quotes and answers see it
    return Hit(
        rank=rank, score=round(record.score, 6), doc_id=p["doc_id"], chunk_id=record.id,
        text=text, title=p.get("title") or p.get("source", ""), kommune=p.get("kommune"),
        kind=p.get("kind"), date=p.get("date"), page=p.get("page"), section=p.get("section"),
        highlights=highlight(text, terms), source=p.get("source", ""), url=p.get("url"),
        pii=tuple(p.get("pii") or ()),
        original_text=visible_text(p, "original_text") if p.get("original_text") else None,
    )


def search(services: Services, query: str, *, top_k: int = 10, filters: Filters | None = None) -> list[Hit]:
    """The best ``top_k`` passages for ``query`` among published documents matching ``filters``."""
    settings = services.settings
    query = validate_query(query, max_chars=settings.api.max_query_chars)
    if not 1 <= top_k <= settings.search.max_top_k:
        raise InvalidQuery(f"top_k skal være mellem 1 og {settings.search.max_top_k}.")
    filters = filters or Filters()
    if not filters.status:
        filters = Filters(**{**filters.__dict__, "status": PUBLISHED})
    sparse = bm25.query_vector(query)
    request = StoreQuery(
        limit=top_k,
        dense=services.embedder.embed_query(query),
        sparse=sparse if sparse.indices else None,
        filters=filters,
        prefetch_limit=max(settings.search.prefetch_limit, top_k),
        rrf_k=settings.search.rrf_k,
    )
    terms = frozenset(sparse.indices)
    return [_to_hit(rank, record, terms) for rank, record in enumerate(services.store.query(request), 1)]
