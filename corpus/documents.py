"""Writing documents: store the file, replace the points, record catalog row, version and audit.

The catalog is the source of truth. Every write that touches store and catalog runs inside
``guarded``: free disk space is checked first, the intent is written to the journal, and it
is crossed out only when both agree. A crash in between leaves the intent, and the next
process to open the installation repairs those documents from the catalog (``refresh``)
before it answers anything. The order within each write keeps the windows harmless too:
new points overwrite the old ones in place (same ids) before stale ones are trimmed, so a
re-indexed document is never missing; a deletion hides the points before anything else.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from corpus.catalog import DocumentRow
from corpus.files import digest_of
from corpus.journal import Intent
from corpus.metadata_rules import check_metadata
from corpus.services import Services
from corpus.uploads import EXTENSIONS, MEDIA_TYPES, CheckedFile
from indexer import crashpoints
from indexer.disk import require_space
from indexer.errors import DuplicateDocument, IngestError, NotFound, ParseError, VidensbankError
from indexer.pipeline import PreparedDocument, embed_document, prepare_document
from indexer.store import Filters, StoredPoint

log = logging.getLogger(__name__)

CATALOG_OVERRIDES = ("title", "kommune", "kind", "date", "url", "language", "visibility")
SYSTEM = "system"
_repairing: ContextVar[bool] = ContextVar("repairing", default=False)


def ensure_space(services: Services, *, needed_bytes: int = 0) -> None:
    """DiskFull (507) before anything is written, when a data filesystem is nearly full."""
    require_space(services.settings.local_paths, min_free_mb=services.settings.store.min_free_mb,
                  needed_mb=needed_bytes / 1e6)


@contextmanager
def guarded(services: Services, action: str, doc_ids: Sequence[str], *, needed_bytes: int = 0) -> Iterator[None]:
    """Check free space, write the intent down, run the block, cross the intent out. A block
    that fails in this process is repaired at once, so a running server never shows its
    half-done state; a crash leaves the intent for the next process (corpus.reconcile.recover)."""
    ensure_space(services, needed_bytes=needed_bytes)
    intent = services.journal.record(action, doc_ids)
    crashpoints.reach("journal.intent_written")
    try:
        yield
    except BaseException:
        if not _repairing.get():
            _repair_now(services, intent)
        raise
    crashpoints.reach("journal.before_clear")
    services.journal.clear(intent)


def _repair_now(services: Services, intent: Intent) -> None:
    token = _repairing.set(True)
    try:
        refresh(services, intent.doc_ids)
    except Exception as exc:  # the intent stays: the next start repairs these documents
        log.warning("could not repair %s after a failed write (%s)", ", ".join(intent.doc_ids), type(exc).__name__)
    else:
        services.journal.clear(intent)
    finally:
        _repairing.reset(token)


def catalog_payload(row: DocumentRow) -> dict:
    """The payload fields every point of a document takes from its catalog row."""
    return {"status": row.status, "title": row.title, "kommune": row.kommune, "kind": row.kind, "date": row.date,
            "year": int(row.date[:4]) if row.date else None, "url": row.url, "language": row.language,
            "pii_shown": list(row.pii_shown or []), "visibility": row.visibility or "public"}


def _points_match(services: Services, row: DocumentRow) -> bool:
    """True when the store holds exactly the row's chunks of the row's content."""
    records = list(services.store.scroll(Filters(doc_ids=(row.doc_id,)), limit=row.chunk_count + 1))
    return (len(records) == row.chunk_count
            and {r.payload.get("chunk_no") for r in records} == set(range(row.chunk_count))
            and all(r.payload.get("content_hash") == row.content_hash for r in records))


def refresh(services: Services, doc_ids: Sequence[str], *, actor: str = SYSTEM) -> list[str]:
    """Bring these documents' points in line with the catalog: drop them (no catalog row),
    set their payload from the row, or rebuild them from the stored file when their content
    differs. Returns the documents rebuilt."""
    rebuilt = []
    for doc_id in doc_ids:
        row = services.catalog.get(doc_id)
        if row is None:
            services.store.delete_documents([doc_id])
        elif _points_match(services, row) or not services.files.has(row.content_hash):
            services.store.set_payload(doc_id, catalog_payload(row))
        else:
            try:
                reindex_document(services, doc_id, actor=actor)
                rebuilt.append(doc_id)
            except (IngestError, NotFound) as exc:  # points that do not match the catalog are never shown
                log.warning("cannot rebuild %s (%s): its points are removed", doc_id, exc.detail)
                services.store.delete_documents([doc_id])
        crashpoints.reach("recover.document_refreshed")
    return rebuilt


def pii_types(points: Sequence[StoredPoint]) -> list[str]:
    """The personal-data types found in any chunk of a document."""
    return sorted({t for p in points for t in p.payload.get("pii", ())})


def review_state(types: list[str], *, status: str, previous: DocumentRow | None) -> tuple[str, list[str]]:
    """(pii_status, pii_shown) for a freshly indexed document.

    A curator's review survives re-indexing while no new type appears. A document published
    at once by the trusted operator (`vidensbank index`) gets every type masked for readers;
    anything else waits for a curator.
    """
    if not types:
        return "none", []
    if previous and previous.pii_status in ("confirmed", "masked") and set(types) <= set(previous.pii_types or ()):
        return previous.pii_status, sorted(set(previous.pii_shown or ()) & set(types))
    return ("masked", []) if status == "published" else ("unreviewed", [])


def media_type_of(name: str) -> str | None:
    """The media type for a file name's extension."""
    kind = EXTENSIONS.get("." + name.rsplit(".", 1)[-1].lower()) if "." in name else None
    return MEDIA_TYPES.get(kind) if kind else None


def store_document(services: Services, doc: PreparedDocument, points: list[StoredPoint], *, data: bytes,
                   origin: str, actor: str, action: str, file_name: str | None = None,
                   **fields: object) -> DocumentRow:
    """Keep the original file, replace the document's points, then record it in the catalog
    (``fields`` are further catalog columns, e.g. the ingest figures)."""
    previous = services.catalog.get(doc.meta.doc_id)
    types = sorted(set(pii_types(points)) | set(doc.pii))  # doc.pii: the title and file name too
    pii_status, shown = review_state(types, status=doc.meta.status, previous=previous)
    for point in points:
        point.payload["pii_shown"] = shown
    file_name = file_name or doc.meta.source.rsplit("/", 1)[-1]
    with guarded(services, action, [doc.meta.doc_id], needed_bytes=len(data)):
        services.files.put(data)
        crashpoints.reach("write.file_kept")
        # Same point ids for the same chunk numbers: the new text replaces the old in place.
        services.store.upsert(points)
        crashpoints.reach("write.points_written")
        services.store.delete_chunks(doc.meta.doc_id, from_chunk=len(points))
        crashpoints.reach("write.stale_points_trimmed")
        row = services.catalog.save(doc.meta, origin=origin, size=len(data), chunk_count=len(points), actor=actor,
                                    action=action, file_name=file_name, media_type=media_type_of(file_name),
                                    pii_types=types, pii_status=pii_status, pii_shown=shown, **fields)
        crashpoints.reach("write.catalog_saved")
    log.info("%s %s: %d chunks, status %s, pii %s", action, row.doc_id, len(points), row.status, pii_status)
    return row


def _prepare(services: Services, name: str, data: bytes, **kwargs: object) -> PreparedDocument:
    """prepare_document, with library crashes on hostile files turned into a ParseError."""
    try:
        doc = prepare_document(name, data, settings=services.settings, **kwargs)
    except VidensbankError:
        raise
    except Exception as exc:
        log.warning("unexpected parser error (%s)", type(exc).__name__)
        raise ParseError(f"Filen kan ikke læses ({type(exc).__name__}).") from None
    if not doc.chunks:
        raise IngestError("Filen indeholder ingen tekst, der kan indekseres.")
    return doc


def add_upload(services: Services, upload: CheckedFile, *, metadata: dict, actor: str,
               on_progress: Callable[[int], None] | None = None) -> DocumentRow:
    """Index an uploaded file as a draft; identical content already in the corpus is a 409."""
    overrides = check_metadata(metadata)
    digest = digest_of(upload.data)
    if twin := services.catalog.by_hash(digest):
        raise DuplicateDocument(f"Filen findes allerede i korpusset som {twin.doc_id} ({twin.title}).",
                                doc_id=twin.doc_id)
    doc = _prepare(services, upload.name, upload.data, doc_id=digest[:16], content_hash=digest,
                   source=upload.name, overrides=overrides, status="draft")
    points = embed_document(doc, services.embedder, batch_size=services.settings.embedding.batch_size,
                            on_progress=on_progress)
    return store_document(services, doc, points, data=upload.data, origin=f"upload:{digest}", actor=actor,
                          action="upload", file_name=upload.name)


def reindex_document(services: Services, doc_id: str, *, actor: str) -> DocumentRow:
    """Rebuild a document's points from its stored file and its catalog metadata."""
    row = services.catalog.require(doc_id)
    data = services.files.read(row.content_hash)
    overrides = {name: getattr(row, name) for name in CATALOG_OVERRIDES}
    doc = _prepare(services, row.file_name or row.source.rsplit("/", 1)[-1], data, doc_id=row.doc_id,
                   content_hash=row.content_hash, source=row.source, overrides=overrides, status=row.status)
    points = embed_document(doc, services.embedder, batch_size=services.settings.embedding.batch_size)
    return store_document(services, doc, points, data=data, origin=row.origin, actor=actor, action="reindex",
                          file_name=row.file_name)


def delete_document(services: Services, doc_id: str, *, actor: str) -> DocumentRow:
    """Hide the points, remove the catalog row (audited), then the points, then files no
    other version uses. A crash before the row is gone leaves the document as it was."""
    row = services.catalog.require(doc_id)
    with guarded(services, "delete", [doc_id]):
        services.store.set_payload(doc_id, {"status": "withdrawn"})
        crashpoints.reach("delete.points_hidden")
        hashes = services.catalog.delete(doc_id, actor=actor)
        crashpoints.reach("delete.catalog_deleted")
        services.store.delete_documents([doc_id])
        crashpoints.reach("delete.points_deleted")
        still_used = services.catalog.referenced_hashes()
        for digest in hashes:
            if digest not in still_used:
                services.files.delete(digest)
    log.info("deleted %s", doc_id)
    return row
