"""GET /v1/facets: the counts behind the search page's filters."""

from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter, Depends, Query

from corpus.services import Services
from search_api.auth import Principal, require_reader
from search_api.deps import get_services
from search_api.facets import facet_counts
from search_api.schemas import FacetsResponse, FiltersIn, Problem
from search_api.retrieval.search import PUBLISHED

router = APIRouter(prefix="/v1", tags=["search"])


@router.get("/facets", response_model=FacetsResponse, responses={422: {"model": Problem}, 503: {"model": Problem}},
            summary="Passage counts per kommune, kind and year")
def facets(
    kommune: list[str] = Query(default=[], max_length=100),
    kind: list[str] = Query(default=[], max_length=20),
    year_from: int | None = Query(default=None, ge=1900, le=2100),
    year_to: int | None = Query(default=None, ge=1900, le=2100),
    who: Principal = Depends(require_reader), services: Services = Depends(get_services),
) -> FacetsResponse:
    """Counts of the published passages this caller may see; each field's counts apply the other fields' filters."""
    filters = FiltersIn(kommune=kommune, kind=kind, year_from=year_from, year_to=year_to).to_filters(viewer=who.viewer)
    total = services.store.count(replace(filters, status=PUBLISHED))
    return FacetsResponse(total=total, **facet_counts(services, filters))
