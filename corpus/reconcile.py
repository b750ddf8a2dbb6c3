"""Bringing the store in line with the catalog, the source of truth (never the reverse).

``recover`` finishes what crashed writes left half done: the documents named by the intents
left in the journal are refreshed from the catalog. Every process that opens the
installation runs it first (corpus.services), so nothing half written is ever answered.
``reconcile`` is the full start-up check after a crash: it recovers, then points of documents the catalog does not
know are removed, documents whose points are missing or incomplete are re-indexed from their
stored file (or reported when the file is gone), a review status the store missed is set,
and files no document points at are deleted. ``rebuild`` re-indexes every document.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from corpus.documents import SYSTEM, refresh, reindex_document
from corpus.services import Services
from corpus.tables import STATUSES
from indexer import crashpoints
from indexer.errors import VidensbankError
from indexer.store import Filters
from indexer.visibility import VISIBILITIES

log = logging.getLogger(__name__)
FILE_GRACE_SECONDS = 600


@dataclass
class ReconcileReport:
    """What the start-up check changed."""

    recovered: list[str] = field(default_factory=list)  # named by intents a crash left in the journal
    removed: list[str] = field(default_factory=list)  # documents unknown to the catalog
    reindexed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # no points and no file to rebuild them from
    status_fixed: list[str] = field(default_factory=list)
    files_removed: int = 0

    @property
    def changed(self) -> bool:
        """True when the check had anything to repair or report."""
        return bool(self.recovered or self.removed or self.reindexed or self.missing or self.status_fixed or self.files_removed)

    def as_dict(self) -> dict:
        """The report as plain data (for JSON and the audit log)."""
        return {"recovered": self.recovered, "removed": self.removed, "reindexed": self.reindexed, "missing": self.missing,
                "status_fixed": self.status_fixed, "files_removed": self.files_removed}


def _stored_counts(services: Services, filters: Filters | None, *, expected: int) -> dict[str, int]:
    return services.store.facet("doc_id", filters, limit=max(10_000, 2 * expected + 100))


def recover(services: Services, *, actor: str = SYSTEM) -> list[str]:
    """Refresh the documents of every intent left in the journal, then cross it out; an
    unreadable intent makes the whole index be checked. Returns the documents refreshed."""
    recovered: list[str] = []
    for intent in services.journal.pending():
        if intent.in_progress:  # another live process is writing (a shared Qdrant server): not ours to finish
            continue
        if intent.action == "unknown":
            _check(services, ReconcileReport(), actor=actor)
        else:
            refresh(services, intent.doc_ids, actor=actor)
            recovered.extend(d for d in intent.doc_ids if d not in recovered)
        services.journal.clear(intent)
    if recovered:
        log.warning("finished %d interrupted write(s) from the catalog", len(recovered))
        services.catalog.audit.record(actor=actor, action="recover", details={"documents": recovered})
    return recovered


def reconcile(services: Services, *, actor: str = SYSTEM) -> ReconcileReport:
    """Repair the store from the catalog after a crash, and report what was done."""
    report = ReconcileReport(recovered=recover(services, actor=actor))
    _check(services, report, actor=actor)
    if report.changed:
        log.warning("start-up check repaired the store: %s", report.as_dict())
        services.catalog.audit.record(actor=actor, action="reconcile", details=report.as_dict())
    return report


def _check(services: Services, report: ReconcileReport, *, actor: str) -> None:
    """Orphan points, missing or incomplete documents, status, unused files."""
    rows = {row.doc_id: row for row in services.catalog.list(limit=None)}
    stored = _stored_counts(services, None, expected=len(rows))
    report.removed = sorted(set(stored) - set(rows))
    services.store.delete_documents(report.removed)
    for doc_id, row in rows.items():
        if stored.get(doc_id, 0) == row.chunk_count:
            continue
        if not services.files.has(row.content_hash):
            report.missing.append(doc_id)
            continue
        try:
            reindex_document(services, doc_id, actor=actor)
            report.reindexed.append(doc_id)
        except VidensbankError as exc:
            log.warning("cannot re-index %s: %s", doc_id, exc.detail)
            report.missing.append(doc_id)
    report.status_fixed = _fix_status(services, rows, skip=set(report.reindexed))
    report.files_removed = _remove_unused_files(services)


def _fix_status(services: Services, rows: dict, *, skip: set[str]) -> list[str]:
    """Set the catalog's status and visibility on documents whose points say otherwise (points
    indexed before visibility existed get theirs here too)."""
    fixed: set[str] = set()
    for status in STATUSES:
        for doc_id in _stored_counts(services, Filters(status=(status,)), expected=len(rows)):
            row = rows.get(doc_id)
            if row is not None and row.status != status and doc_id not in skip:
                services.store.set_payload(doc_id, {"status": row.status})
                fixed.add(doc_id)
    present = _stored_counts(services, None, expected=len(rows))
    for visibility in VISIBILITIES:
        stored = _stored_counts(services, Filters(visibility=(visibility,)), expected=len(rows))
        for doc_id, row in rows.items():
            if (row.visibility == visibility and doc_id not in skip and present.get(doc_id)
                    and stored.get(doc_id, 0) != present[doc_id]):
                services.store.set_payload(doc_id, {"visibility": row.visibility})
                fixed.add(doc_id)
    return sorted(fixed)


def _remove_unused_files(services: Services) -> int:
    # A file written in the last minutes may belong to an upload still on its way to the catalog.
    cutoff = time.time() - FILE_GRACE_SECONDS
    used = services.catalog.referenced_hashes()
    unused = [digest for digest in services.files.digests()
              if digest not in used and services.files.path(digest).stat().st_mtime < cutoff]
    for digest in unused:
        services.files.delete(digest)
    return len(unused)


@dataclass
class RebuildReport:
    """The result of re-indexing the whole corpus from the catalog and the stored files."""

    reindexed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # doc_id -> reason
    removed: list[str] = field(default_factory=list)
    chunks: int = 0


def rebuild(services: Services, *, actor: str, progress=None) -> RebuildReport:
    """Re-index every catalog document from its file; drop points of unknown documents."""
    report = RebuildReport()
    rows = services.catalog.list(limit=None)
    if progress:
        progress.start("reindex", len(rows))
    for row in rows:
        try:
            report.chunks += reindex_document(services, row.doc_id, actor=actor).chunk_count
            report.reindexed.append(row.doc_id)
        except VidensbankError as exc:
            report.failed[row.doc_id] = exc.detail
        crashpoints.reach("rebuild.document_done")
        if progress:
            progress.advance("reindex")
    known = {row.doc_id for row in rows}
    report.removed = sorted(set(_stored_counts(services, None, expected=len(rows))) - known)
    services.store.delete_documents(report.removed)
    services.store.optimize()
    return report
