"""POST /v1/search and POST /v1/ask.

Each request crosses to a worker thread once: the search, the answer and the JSON of the
response are made there, and the event loop only reads requests and writes responses (the
dependencies before it run on the loop, see search_api/auth.py). The JSON is the response
model's own, so FastAPI does not validate and encode the same response a second time.
"""

from __future__ import annotations

from collections.abc import Callable

import anyio.to_thread
from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel

from corpus.services import Services
from search_api.retrieval.answer import ask as answer_question
from search_api.auth import Principal
from search_api.deps import get_services
from search_api.rate_limit import rate_limited
from search_api.schemas import AskRequest, AskResponse, HitOut, Problem, SearchRequest, SearchResponse
from search_api.retrieval.search import search as run_search

router = APIRouter(prefix="/v1", tags=["search"])
ERRORS = {422: {"model": Problem}, 503: {"model": Problem}}


async def _on_worker(work: Callable[[], BaseModel]) -> Response:
    """The response ``work`` makes, made and encoded on a worker thread (api.threads at once)."""
    body = await anyio.to_thread.run_sync(lambda: work().model_dump_json().encode())
    return Response(body, media_type="application/json")


@router.post("/search", response_model=SearchResponse, responses=ERRORS, summary="Find cited passages")
async def search(body: SearchRequest, who: Principal = Depends(rate_limited),
                 services: Services = Depends(get_services)) -> Response:
    """Hybrid search over the published passages this caller may see, with filters."""
    filters = body.filters.to_filters(viewer=who.viewer)

    def work() -> SearchResponse:
        hits = run_search(services, body.query, top_k=body.top_k, filters=filters)
        return SearchResponse(query=body.query, hits=[HitOut.from_hit(h) for h in hits])

    return await _on_worker(work)


@router.post("/ask", response_model=AskResponse, responses=ERRORS, summary="Answer with citations")
async def ask(body: AskRequest, who: Principal = Depends(rate_limited),
              services: Services = Depends(get_services)) -> Response:
    """An extractive answer with numbered citations, or answered=false."""
    filters = body.filters.to_filters(viewer=who.viewer)
    return await _on_worker(lambda: AskResponse.from_answer(answer_question(services, body.question, filters=filters)))
