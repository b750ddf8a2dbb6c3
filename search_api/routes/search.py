"""POST /v1/search and POST /v1/ask."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from corpus.services import Services
from search_api.retrieval.answer import ask as answer_question
from search_api.auth import Principal
from search_api.deps import get_services
from search_api.rate_limit import rate_limited
from search_api.schemas import AskRequest, AskResponse, HitOut, Problem, SearchRequest, SearchResponse
from search_api.retrieval.search import search as run_search

router = APIRouter(prefix="/v1", tags=["search"])
ERRORS = {422: {"model": Problem}, 503: {"model": Problem}}


@router.post("/search", response_model=SearchResponse, responses=ERRORS, summary="Find cited passages")
def search(body: SearchRequest, who: Principal = Depends(rate_limited),
           services: Services = Depends(get_services)) -> SearchResponse:
    """Hybrid search over the published passages this caller may see, with filters."""
    hits = run_search(services, body.query, top_k=body.top_k, filters=body.filters.to_filters(viewer=who.viewer))
    return SearchResponse(query=body.query, hits=[HitOut.from_hit(h) for h in hits])


@router.post("/ask", response_model=AskResponse, responses=ERRORS, summary="Answer with citations")
def ask(body: AskRequest, who: Principal = Depends(rate_limited),
        services: Services = Depends(get_services)) -> AskResponse:
    """An extractive answer with numbered citations, or answered=false."""
    filters = body.filters.to_filters(viewer=who.viewer)
    return AskResponse.from_answer(answer_question(services, body.question, filters=filters))
