"""The curation API under /v1/documents: upload, list, read, download, edit, review, delete.

Readers (and anonymous callers, when allowed) see published documents only, with personal
data masked; a draft or withdrawn document is 404 to them. Curators see and change
everything; deleting needs an admin. Writes are serialised per process (services.write_lock).
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Query, Request, Response, UploadFile

from corpus.catalog import DocumentQuery, DocumentRow
from corpus.documents import delete_document, reindex_document
from corpus.files import digest_of
from corpus.metadata_rules import check_metadata
from corpus.review import publish, review_pii, update_metadata, withdraw
from corpus.services import Services
from corpus.uploads import check_upload
from indexer.errors import DuplicateDocument
from indexer.store import Filters, ScoredRecord
from search_api.auth import Principal, require_admin, require_curator, require_reader
from search_api.curation_schemas import (
    ChunkOut, DocumentDetail, DocumentOut, DocumentPage, DocumentPatch, PiiSpan, PiiStatus, Status, VersionOut,
)
from search_api.deps import get_services
from search_api.job_schemas import JobAccepted, JobRef
from search_api.routes.jobs import failure_of, wait_for, wake_worker
from search_api.masking import pii_matches, visible_field, visible_text
from search_api.originals import readable_document, readable_original
from search_api.schemas import MAX_OFFSET, Problem

router = APIRouter(prefix="/v1/documents", tags=["documents"])
ERRORS = {code: {"model": Problem} for code in (401, 403, 404, 409, 422, 503)}
UPLOAD_ERRORS = {**ERRORS, **{code: {"model": Problem} for code in (411, 413, 415)}}


def _chunk(record: ScoredRecord, *, curator: bool) -> ChunkOut:
    p = record.payload
    spans = [PiiSpan(type=m.type, start=m.start, end=m.end) for m in pii_matches(p)] if curator else None
    section = p.get("section") if curator else visible_field(p.get("section"), p.get("pii_shown") or ())
    return ChunkOut(chunk_id=record.id, chunk_no=p["chunk_no"], text=p["text"] if curator else visible_text(p),
                    section=section, page=p.get("page"), page_end=p.get("page_end"),
                    pii=list(p.get("pii") or []), pii_spans=spans)


UPLOAD_RESPONSES = {**UPLOAD_ERRORS,
                    201: {"model": DocumentOut, "description": "Indexed within the wait: the draft's record."},
                    202: {"model": JobAccepted, "description": "Queued as a job: follow it at job.url."}}


@router.post("", status_code=201, response_model=None, responses=UPLOAD_RESPONSES,
             summary="Upload a document (it starts as a draft)")
def upload(
    request: Request,
    response: Response,
    file: UploadFile = File(..., description="PDF, DOCX, HTML, Markdown or text; the type is read from the content."),
    title: str | None = Form(None), kommune: str | None = Form(None), kind: str | None = Form(None),
    date: str | None = Form(None, description="YYYY-MM-DD"), url: str | None = Form(None),
    language: str | None = Form(None),
    visibility: str | None = Form(None, description="public, signed-in or kommune (default: by kind, else public)."),
    who: Principal = Depends(require_curator), services: Services = Depends(get_services),
) -> DocumentOut | JobAccepted:
    """Queue the upload as a job; it is indexed as a draft off the request path. Finished within
    `jobs.upload_wait_s` (1 s): 201 with the record (Location: the document), as small files are;
    else 202 with the job (Location: the job). Form fields override what is inferred from the file."""
    max_bytes = int(services.settings.ingest.max_file_mb * 1e6)
    checked = check_upload(file.filename, file.file.read(max_bytes + 1), max_bytes=max_bytes)
    metadata = {"title": title, "kommune": kommune, "kind": kind, "date": date, "url": url, "language": language,
                "visibility": visibility}
    check_metadata(metadata)  # bad values are 422 now, not a failed job later
    if twin := services.catalog.by_hash(digest_of(checked.data)):
        raise DuplicateDocument(f"Filen findes allerede i korpusset som {twin.doc_id} ({twin.title}).",
                                doc_id=twin.doc_id)
    job = services.catalog.jobs.submit("upload", actor=who.name, params={"metadata": metadata},
                                       files=[(checked.name, checked.data)])
    wake_worker(request)
    job = wait_for(services, job.id, seconds=services.settings.jobs.upload_wait_s)
    if job.status == "failed":
        raise failure_of(job)
    if job.status == "done":
        response.headers["Location"] = f"/v1/documents/{job.summary['doc_id']}"
        return DocumentOut.from_row(services.catalog.require(job.summary["doc_id"]))
    response.status_code = 202
    response.headers["Location"] = f"/v1/jobs/{job.id}"
    return JobAccepted(job=JobRef.of(job))


@router.get("", response_model=DocumentPage, responses=ERRORS, summary="List documents")
def list_documents(
    status: list[Status] = Query([], description="Curators only; readers always get published."),
    kommune: list[str] = Query([]), kind: list[str] = Query([]), pii_status: list[PiiStatus] = Query([]),
    q: str | None = Query(None, max_length=200, description="Part of the title or file name."),
    limit: int = Query(50, ge=1, le=200), offset: int = Query(0, ge=0, le=MAX_OFFSET),
    who: Principal = Depends(require_reader), services: Services = Depends(get_services),
) -> DocumentPage:
    """Documents matching the filters, most recently changed first."""
    curator = who.has("curator")
    query = DocumentQuery(status=tuple(status) if curator else ("published",), kommune=tuple(kommune),
                          kind=tuple(kind), pii_status=tuple(pii_status), text=q, viewer=who.viewer)
    total, rows = services.catalog.find(query, limit=limit, offset=offset)
    return DocumentPage(total=total, limit=limit, offset=offset,
                        documents=[DocumentOut.from_row(r, curator=curator) for r in rows])


@router.get("/{doc_id}", response_model=DocumentDetail, responses=ERRORS, summary="A document with chunks and flags")
def get_document(doc_id: str, who: Principal = Depends(require_reader),
                 services: Services = Depends(get_services)) -> DocumentDetail:
    """Metadata, review state, versions and the chunks as the index holds them."""
    row = readable_document(services, doc_id, who)
    curator = who.has("curator")
    chunks = Filters(doc_ids=(doc_id,), viewer=who.viewer)
    records = sorted(services.store.scroll(chunks), key=lambda r: r.payload["chunk_no"])
    return DocumentDetail(**DocumentOut.from_row(row, curator=curator).model_dump(),
                          chunks=[_chunk(r, curator=curator) for r in records],
                          versions=[VersionOut.from_row(v, curator=curator, shown=row.pii_shown)
                                    for v in services.catalog.versions(doc_id)])


def _disposition(row: DocumentRow) -> str:
    name = row.file_name or f"{row.doc_id}"
    fallback = name.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    mode = "inline" if row.media_type == "application/pdf" else "attachment"
    return f"{mode}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


@router.get("/{doc_id}/file", response_class=Response, summary="The original file",
            responses={**ERRORS, 200: {"description": "The original bytes, with their media type.",
                                        "content": {"application/pdf": {}, "text/plain": {}, "text/html": {}}}})
def download(doc_id: str, who: Principal = Depends(require_reader),
             services: Services = Depends(get_services)) -> Response:
    """PDFs open inline (so #page=N works); other types download. Readers get an original only
    when it holds no personal data that is masked for them."""
    row = readable_original(services, doc_id, who)
    data = services.files.read(row.content_hash)
    headers = {"Content-Disposition": _disposition(row), "X-Content-Type-Options": "nosniff",
               "Content-Security-Policy": "sandbox"}
    return Response(data, media_type=row.media_type or "application/octet-stream", headers=headers)


@router.patch("/{doc_id}", response_model=DocumentOut, responses=ERRORS, summary="Edit metadata or review flags")
def patch_document(doc_id: str, body: DocumentPatch, who: Principal = Depends(require_curator),
                   services: Services = Depends(get_services)) -> DocumentOut:
    """Changes the catalog and every chunk's payload, without re-embedding."""
    with services.write_lock:
        row = services.catalog.require(doc_id)
        if metadata := body.metadata():
            row = update_metadata(services, doc_id, metadata, actor=who.name)
        if body.pii_status is not None or body.pii_shown is not None:
            row = review_pii(services, doc_id, decision=body.pii_status or "confirmed", shown=body.pii_shown,
                             actor=who.name)
    return DocumentOut.from_row(row)


@router.post("/{doc_id}/publish", response_model=DocumentOut, responses=ERRORS, summary="Publish")
def publish_document(doc_id: str, who: Principal = Depends(require_curator),
                     services: Services = Depends(get_services)) -> DocumentOut:
    """draft or withdrawn -> published; 409 while personal-data flags are unreviewed."""
    with services.write_lock:
        return DocumentOut.from_row(publish(services, doc_id, actor=who.name))


@router.post("/{doc_id}/withdraw", response_model=DocumentOut, responses=ERRORS, summary="Withdraw")
def withdraw_document(doc_id: str, who: Principal = Depends(require_curator),
                      services: Services = Depends(get_services)) -> DocumentOut:
    """draft or published -> withdrawn: gone from readers' search at once."""
    with services.write_lock:
        return DocumentOut.from_row(withdraw(services, doc_id, actor=who.name))


@router.post("/{doc_id}/reindex", response_model=DocumentOut, responses=ERRORS, summary="Re-index from the original")
def reindex(doc_id: str, who: Principal = Depends(require_curator),
            services: Services = Depends(get_services)) -> DocumentOut:
    """Parse, chunk and embed the stored original again, with the catalog's metadata."""
    with services.write_lock:
        return DocumentOut.from_row(reindex_document(services, doc_id, actor=who.name))


@router.delete("/{doc_id}", status_code=204, response_class=Response, responses=ERRORS, summary="Delete (admin)")
def delete(doc_id: str, who: Principal = Depends(require_admin),
           services: Services = Depends(get_services)) -> Response:
    """Removes the catalog row, every point and the original file; the audit log keeps the act."""
    with services.write_lock:
        delete_document(services, doc_id, actor=who.name)
    return Response(status_code=204)
