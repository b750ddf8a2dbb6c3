"""Writing documents: store the file, replace the points, record catalog row, version and audit.

The catalog is the source of truth, so writes happen in an order a crash cannot corrupt:
file first, then points, then the catalog row (points of a document the catalog does not
know are removed by the start-up check). Deletion goes the other way: catalog row first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from corpus.catalog import DocumentRow
from corpus.files import digest_of
from corpus.metadata_rules import check_metadata
from corpus.services import Services
from corpus.uploads import EXTENSIONS, MEDIA_TYPES, CheckedFile
from indexer.errors import DuplicateDocument, IngestError, ParseError, VidensbankError
from indexer.pipeline import PreparedDocument, embed_document, prepare_document
from indexer.store import StoredPoint

log = logging.getLogger(__name__)

CATALOG_OVERRIDES = ("title", "kommune", "kind", "date", "url", "language")


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
    types = pii_types(points)
    pii_status, shown = review_state(types, status=doc.meta.status, previous=previous)
    for point in points:
        point.payload["pii_shown"] = shown
    file_name = file_name or doc.meta.source.rsplit("/", 1)[-1]
    services.files.put(data)
    services.store.delete_documents([doc.meta.doc_id])
    services.store.upsert(points)
    row = services.catalog.save(doc.meta, origin=origin, size=len(data), chunk_count=len(points), actor=actor,
                                action=action, file_name=file_name, media_type=media_type_of(file_name),
                                pii_types=types, pii_status=pii_status, pii_shown=shown, **fields)
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
    """Remove the catalog row (audited), then the points, then files no other version uses."""
    row = services.catalog.require(doc_id)
    hashes = services.catalog.delete(doc_id, actor=actor)
    services.store.delete_documents([doc_id])
    still_used = services.catalog.referenced_hashes()
    for digest in hashes:
        if digest not in still_used:
            services.files.delete(digest)
    log.info("deleted %s", doc_id)
    return row
