"""Zero-downtime rebuild: re-index the whole corpus into a new build beside the live index,
check it, and switch atomically (indexer/store/generations.py). Readers keep being answered
by the old index until the switch, and by the new one from then on; a build that fails its
check, or dies half way, never goes live.

Curation goes on during the build and writes to the live index. Before the switch, under the
write lock, the build catches up: documents changed, added or deleted in the catalog since
the build read them are redone in the build too.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace

from corpus.documents import reindex_document
from corpus.services import Services
from indexer import crashpoints
from indexer.errors import IndexNotReady, VidensbankError
from indexer.store import LiveStore, Store, StoreQuery
from indexer.store import bm25 as bm25_vectors
from indexer.store.generations import Generations, generations_for

log = logging.getLogger(__name__)


class RebuildFailed(IndexNotReady):
    """The new build did not pass its check; the old index keeps serving."""

    title, type_slug = "Rebuild failed", "rebuild-failed"


@dataclass
class RebuildReport:
    """The result of re-indexing the whole corpus from the catalog and the stored files."""

    reindexed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # doc_id -> reason
    removed: list[str] = field(default_factory=list)
    caught_up: list[str] = field(default_factory=list)  # changed by curation during the build
    chunks: int = 0
    switched: bool = False


def _fingerprint(row) -> tuple:
    return (row.updated_at, row.status, row.chunk_count, row.content_hash)


def rebuild_beside(services: Services, *, actor: str, progress=None,
                   generations: Generations | None = None) -> RebuildReport:
    """Build the whole index anew beside the live one, check it, switch. Pass ``generations``
    when ``services.store`` is itself the new, empty build (the live index was built with
    another embedding model, so it cannot be opened)."""
    if generations is None:
        generations = generations_for(services.store, settings=services.settings)
        build = generations.create(model=services.embedder.name, dim=services.embedder.dim)
    else:
        build = services.store.current if isinstance(services.store, LiveStore) else services.store
    builder = replace(services, store=build)
    report = RebuildReport()
    try:
        seen = _fill(builder, services, report, actor=actor, progress=progress)
        with services.write_lock:  # no curation write may land in the old index after the catch-up
            _catch_up(builder, report, seen=seen, actor=actor)
            build.optimize()
            check_build(build, services, report)
            crashpoints.reach("rebuild.before_switch")
            generations.switch(build, services.store)
    except BaseException:
        log.warning("rebuild failed; the live index keeps serving")
        generations.discard(build)
        raise
    report.switched = True
    return report


def _fill(builder: Services, services: Services, report: RebuildReport, *, actor: str, progress) -> dict:
    rows = services.catalog.list(limit=None)
    if progress:
        progress.start("reindex", len(rows))
    seen: dict[str, tuple] = {}
    for row in rows:
        with services.write_lock:  # short: one document; lets curation in between documents
            _redo(builder, row.doc_id, report, seen, actor=actor)
        crashpoints.reach("rebuild.document_done")
        if progress:
            progress.advance("reindex")
    return seen


def _redo(builder: Services, doc_id: str, report: RebuildReport, seen: dict, *, actor: str) -> None:
    if builder.catalog.get(doc_id) is None:
        return  # deleted by a curator since the build listed it
    try:
        report.chunks += reindex_document(builder, doc_id, actor=actor).chunk_count
        report.reindexed.append(doc_id)
        report.failed.pop(doc_id, None)
    except VidensbankError as exc:
        report.failed[doc_id] = exc.detail
    row = builder.catalog.get(doc_id)
    if row is not None:
        seen[doc_id] = _fingerprint(row)


def _catch_up(builder: Services, report: RebuildReport, *, seen: dict, actor: str) -> None:
    rows = {row.doc_id: row for row in builder.catalog.list(limit=None)}
    stored = builder.store.facet("doc_id", limit=max(10_000, 2 * len(rows) + 100))
    report.removed = sorted(set(stored) - set(rows))
    builder.store.delete_documents(report.removed)
    for doc_id, row in rows.items():
        if seen.get(doc_id) != _fingerprint(row):
            report.chunks -= stored.get(doc_id, 0)
            _redo(builder, doc_id, report, seen, actor=actor)
            report.caught_up.append(doc_id)


def check_build(build: Store, services: Services, report: RebuildReport) -> None:
    """RebuildFailed unless the build holds every chunk the catalog expects and answers a probe."""
    rows = [row for row in services.catalog.list(limit=None) if row.doc_id not in report.failed]
    expected = sum(row.chunk_count for row in rows)
    counted = build.count()
    if counted != expected:
        raise RebuildFailed(f"Det nye indeks har {counted} afsnit, men kataloget venter {expected}; "
                            "det gamle indeks bruges fortsat.")
    if rows and not _answers(build, services, rows[0].title or rows[0].doc_id):
        raise RebuildFailed("Det nye indeks svarer ikke på en prøvesøgning; det gamle indeks bruges fortsat.")


def _answers(build: Store, services: Services, text: str) -> bool:
    request = StoreQuery(limit=1, dense=services.embedder.embed_query(text), sparse=bm25_vectors.query_vector(text))
    return bool(build.query(request))
