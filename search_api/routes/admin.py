"""Administration over HTTP: a consistent backup while the server runs (admin key)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends

from corpus.backup import write_backup
from corpus.services import Services
from search_api.auth import Principal, require_admin
from search_api.deps import get_services
from search_api.schemas import Problem

router = APIRouter(prefix="/v1/admin", tags=["admin"])
ERRORS = {code: {"model": Problem} for code in (401, 403, 409, 503, 507)}


@router.post("/backup", responses=ERRORS, summary="Write a backup of catalog, store and files (admin)")
def backup(who: Principal = Depends(require_admin), services: Services = Depends(get_services)) -> dict:
    """Pauses writes (searches go on), writes catalog, a store snapshot and the original files
    with a manifest of checksums into ``<data_dir>/backups/<time>``, and answers where.
    `vidensbank backup PATH` calls this when the server holds the store, then moves the folder."""
    target = services.settings.data_dir / "backups" / f"vidensbank-{datetime.now():%Y%m%d-%H%M%S-%f}"
    summary = write_backup(services, target)
    services.catalog.audit.record(actor=who.name, action="backup", details=summary.as_dict())
    return summary.as_dict()
