"""Incremental sync: files that are gone lose their chunks, unless a copy keeps the document.

Only documents whose file lies under a folder being synced are touched, so indexing
``docs/a`` with ``--sync`` never removes what came from ``docs/b`` or from an upload.
A removal deletes the catalog row, then the chunks; chunks left by an interrupted run
are removed as orphans when the run is simply run again.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from corpus.catalog import DocumentRow
from corpus.documents import delete_document
from corpus.services import Services

log = logging.getLogger(__name__)


def retire(services: Services, row: DocumentRow, *, actor: str = "cli") -> str:
    """A document's primary file is gone or changed: hand it to a copy, or remove it (catalog
    row, points and unused files, audited). Returns why (Danish)."""
    alias = services.catalog.promote_alias(row.doc_id)
    if alias is not None:
        return f"dokumentet beholdes for kopien {alias.source}"
    delete_document(services, row.doc_id, actor=actor)
    return f"{row.chunk_count} tekststykker fjernet"


def removed_files(services: Services, folders: list[Path]) -> list[tuple[str, str]]:
    """Retire documents and unlink copies whose files under ``folders`` no longer exist.

    Returns (source, reason) per removed file.
    """
    out: list[tuple[str, str]] = []
    for folder in folders:
        rows, aliases = services.catalog.under(str(folder.resolve()))
        for alias in aliases:
            if not os.path.exists(alias.origin):
                services.catalog.remove_alias(alias.origin)
                out.append((alias.source, "filen er slettet; kopien er fjernet fra dokumentet"))
        for row in rows:
            if not os.path.exists(row.origin):
                log.info("file gone, retiring %s", row.source)
                out.append((row.source, f"filen er slettet; {retire(services, row)}"))
    return out


def remove_orphans(services: Services) -> int:
    """Delete chunks of documents the catalog does not know (left by an interrupted run)."""
    known = {row.doc_id for row in services.catalog.list(limit=10_000_000)}
    stored = services.store.facet("doc_id", limit=10_000_000)
    orphans = [doc_id for doc_id in stored if doc_id not in known]
    if orphans:
        services.store.delete_documents(orphans)
    return len(orphans)
