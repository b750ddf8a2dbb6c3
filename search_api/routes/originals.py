"""Original files and PDF page previews, for the links and thumbnails on result cards."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Path as PathParam
from fastapi.responses import FileResponse

from corpus.services import Services
from indexer.errors import NotFound
from search_api.deps import get_services
from search_api.originals import find_original
from search_api.previews import PreviewCache
from search_api.schemas import Problem

ERRORS = {404: {"model": Problem}, 503: {"model": Problem}}
# Originals are untrusted: never let the browser run or sniff them on our origin.
SAFE_HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox"}
INLINE_TYPES = ("application/pdf", "text/plain", "text/markdown")

previews = APIRouter(prefix="/v1", tags=["documents"])
files = APIRouter(prefix="/v1", tags=["documents"])


@previews.get("/documents/{doc_id}/pages/{page}.png", responses=ERRORS, response_class=FileResponse,
              summary="A small picture of one PDF page")
def page_preview(doc_id: str, page: int = PathParam(ge=1, le=10_000),
                 services: Services = Depends(get_services)) -> FileResponse:
    """A PNG of the page, rendered once and cached in the data dir."""
    original = find_original(services, doc_id)
    if not original.is_pdf:
        raise NotFound("Dokumentet er ikke en PDF og har ingen sidevisning.")
    cache = PreviewCache(services.settings.data_dir / "previews")
    path = cache.get(original.content_hash, page, original.path.read_bytes)
    return FileResponse(path, media_type="image/png",
                        headers={**SAFE_HEADERS, "Cache-Control": "public, max-age=3600"})


@files.get("/documents/{doc_id}/file", responses=ERRORS, response_class=FileResponse,
           summary="The original file of a published document")
def original_file(doc_id: str, services: Services = Depends(get_services)) -> FileResponse:
    """The file as it was indexed: PDFs and text inline, anything else as a download."""
    original = find_original(services, doc_id)
    media_type = "text/plain; charset=utf-8" if original.media_type.startswith("text/") and \
        original.media_type != "text/html" else original.media_type
    disposition = "inline" if original.media_type in INLINE_TYPES else "attachment"
    headers = {**SAFE_HEADERS,
               "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(original.filename)}"}
    return FileResponse(original.path, media_type=media_type, headers=headers)
