"""GET /v1/audit: who changed what, newest first."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from corpus.services import Services
from search_api.auth import Principal, require_curator
from search_api.curation_schemas import AuditEntryOut, AuditPage
from search_api.deps import get_services
from search_api.schemas import MAX_OFFSET, Problem

router = APIRouter(prefix="/v1", tags=["documents"])


@router.get("/audit", response_model=AuditPage, summary="The audit log",
            responses={code: {"model": Problem} for code in (401, 403, 422, 503)})
def audit(
    doc_id: str | None = Query(None), actor: str | None = Query(None, description="Key name."),
    action: str | None = Query(None), limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_OFFSET),
    who: Principal = Depends(require_curator), services: Services = Depends(get_services),
) -> AuditPage:
    """Entries matching the filters; ``actor`` is the name of the key that acted."""
    total, entries = services.catalog.audit.find(doc_id=doc_id, actor=actor, action=action,
                                                 limit=limit, offset=offset)
    return AuditPage(total=total, limit=limit, offset=offset, entries=[AuditEntryOut.from_entry(e) for e in entries])
