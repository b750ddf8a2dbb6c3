"""PDF page previews for the thumbnails on result cards (originals: routes/documents.py)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path as PathParam
from fastapi.responses import FileResponse

from corpus.services import Services
from indexer.errors import NotFound
from search_api.auth import Principal, require_reader
from search_api.deps import get_services
from search_api.originals import readable_original
from search_api.previews import PreviewCache
from search_api.schemas import Problem

ERRORS = {code: {"model": Problem} for code in (401, 403, 404, 503)}
# Pictures of untrusted files: never let the browser sniff them into something else.
SAFE_HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox"}

previews = APIRouter(prefix="/v1", tags=["documents"])


@previews.get("/documents/{doc_id}/pages/{page}.png", responses=ERRORS, response_class=FileResponse,
              summary="A small picture of one PDF page")
def page_preview(doc_id: str, page: int = PathParam(ge=1, le=10_000), who: Principal = Depends(require_reader),
                 services: Services = Depends(get_services)) -> FileResponse:
    """A PNG of the page, rendered once and cached in the data dir."""
    row = readable_original(services, doc_id, who)
    if row.media_type != "application/pdf":
        raise NotFound("Dokumentet er ikke en PDF og har ingen sidevisning.")
    cache = PreviewCache(services.settings.data_dir / "previews")
    path = cache.get(row.content_hash, page, lambda: services.files.read(row.content_hash))
    return FileResponse(path, media_type="image/png",
                        headers={**SAFE_HEADERS, "Cache-Control": "private, max-age=3600"})
