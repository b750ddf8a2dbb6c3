"""GET /v1/feed.atom: "Nyt i vidensbanken" for feed readers (public documents only)."""

from __future__ import annotations

import unicodedata

from fastapi import APIRouter, Depends, Query, Request, Response

from corpus.services import Services
from indexer.errors import InvalidQuery
from search_api.auth import require_reader
from search_api.deps import get_services
from search_api.feed import FeedRequest, matching_passages, newest_documents, render
from search_api.schemas import Problem

router = APIRouter(prefix="/v1", tags=["feed"])
ATOM = "application/atom+xml; charset=utf-8"


@router.get("/feed.atom", response_class=Response, dependencies=[Depends(require_reader)],
            responses={200: {"content": {"application/atom+xml": {}}, "description": "An Atom 1.0 feed."},
                       422: {"model": Problem}, 503: {"model": Problem}},
            summary="Newly published documents as an Atom feed")
def feed(request: Request,
         kommune: list[str] = Query(default=[], max_length=20), kind: list[str] = Query(default=[], max_length=20),
         q: str | None = Query(default=None, max_length=500, description="A saved search: its newest matching passages."),
         limit: int = Query(default=30, ge=1, le=100),
         services: Services = Depends(get_services)) -> Response:
    """Title, kommune, kind, date, summary and link of each newly published public document
    (with ``q``: of each public document with a passage matching the search)."""
    if any(_unprintable(value) for value in (*kommune, *kind, q or "")):
        raise InvalidQuery("Feedens filtre må ikke indeholde kontroltegn.")
    wanted = FeedRequest(kommune=tuple(kommune), kind=tuple(kind), q=q.strip() if q and q.strip() else None,
                         limit=limit)
    entries = matching_passages(services, wanted) if wanted.q else newest_documents(services, wanted)
    body = render(entries, wanted, base=str(request.base_url).rstrip("/"))
    return Response(body, media_type=ATOM, headers={"Cache-Control": "public, max-age=300"})


def _unprintable(value: str) -> bool:
    """True when the value holds a control character (XML cannot carry most of them)."""
    return any(unicodedata.category(ch) in ("Cc", "Cs") for ch in value)
