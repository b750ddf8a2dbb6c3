"""Running one job: dispatch by kind, report progress into the catalog, record results or the reason.

Every kind is safe to run again after a crash: an index run skips what it already wrote, a
rebuild starts over, and an upload that reached the catalog before the crash is found there.
"""

from __future__ import annotations

import logging
import re
import shutil
import time
from dataclasses import asdict
from pathlib import Path, PurePosixPath

from sqlalchemy.exc import SQLAlchemyError

from corpus.documents import add_upload
from corpus.files import digest_of
from corpus.ingest import index_paths
from corpus.jobs import Job, JobQueue
from corpus.rebuild import rebuild_beside
from corpus.reconcile import rebuild
from corpus.report import FileResult
from corpus.services import Services
from corpus.uploads import check_upload
from indexer.errors import DuplicateDocument, InvalidInput, VidensbankError

log = logging.getLogger(__name__)


class JobProgress:
    """corpus.ingest.Progress that writes files and passages into the job row, at most every half second."""

    COLUMNS = {"read": "files", "reindex": "files", "embed": "passages"}

    def __init__(self, queue: JobQueue, job_id: str, *, every: float = 0.5) -> None:
        self.queue, self.job_id, self.every = queue, job_id, every
        self.counts: dict[str, int] = {}
        self._written = 0.0

    def start(self, phase: str, total: int) -> None:
        if column := self.COLUMNS.get(phase):
            self.counts.update({f"{column}_total": total, f"{column}_done": 0})
            self.flush()

    def advance(self, phase: str, n: int = 1) -> None:
        if column := self.COLUMNS.get(phase):
            self.counts[f"{column}_done"] = self.counts.get(f"{column}_done", 0) + n
            if time.monotonic() - self._written >= self.every:
                self.flush()

    def flush(self) -> None:
        """Write the counts now (a busy catalog delays the figures, never fails the job)."""
        try:
            self.queue.progress(self.job_id, **self.counts)
        except SQLAlchemyError as exc:
            log.warning("could not record the progress of job %s (%s)", self.job_id, type(exc).__name__)
        self._written = time.monotonic()


def run_job(services: Services, queue: JobQueue, job: Job) -> Job:
    """Run a claimed job to done or failed; never raises."""
    progress = JobProgress(queue, job.id)
    try:
        results, summary = HANDLERS[job.kind](services, queue, job, progress)
        progress.flush()
        finished = queue.finish(job.id, results=results, summary=summary)
    except VidensbankError as exc:
        finished = queue.fail(job.id, reason=exc.detail, error_type=type(exc).__name__)
    except Exception as exc:  # a bug must fail the job with a reason, never leave it running
        log.exception("job %s (%s) crashed", job.id, job.kind)
        finished = queue.fail(job.id, reason=f"Uventet fejl under kørslen ({type(exc).__name__}).")
    log.info("job %s (%s) %s", job.id, job.kind, finished.status)
    return finished


def _upload(services: Services, queue: JobQueue, job: Job, progress: JobProgress) -> tuple[list, dict]:
    """One uploaded file, indexed as a draft."""
    [(name, data)] = queue.files(job.id)
    checked = check_upload(name, data, max_bytes=int(services.settings.ingest.max_file_mb * 1e6))
    progress.start("read", 1)
    try:
        row = add_upload(services, checked, metadata=job.params.get("metadata", {}), actor=job.actor,
                         on_progress=lambda n: progress.advance("embed", n))
    except DuplicateDocument as exc:
        # Resumed after a crash that came after the catalog write: the document is ours.
        row = services.catalog.get(exc.extra.get("doc_id", ""))
        if job.attempts <= 1 or row is None or row.origin != f"upload:{digest_of(data)}":
            raise
    progress.advance("read")
    progress.counts.update(passages_total=row.chunk_count, passages_done=row.chunk_count)
    result = FileResult(checked.name, "indexed", doc_id=row.doc_id, chunks=row.chunk_count,
                        pii=tuple(row.pii_types or ()))
    return [asdict(result)], {"doc_id": row.doc_id}


def _index(services: Services, queue: JobQueue, job: Job, progress: JobProgress) -> tuple[list, dict]:
    """An index run over paths on the server (local admin) or over files sent with the job."""
    params = job.params
    paths = [Path(p) for p in params.get("paths", [])] or _unpack(services, queue, job)
    report = index_paths(services, paths, status=params.get("status", "published"), actor=job.actor,
                         progress=progress, sync=bool(params.get("sync")), mask_pii=params.get("mask_pii"),
                         skip_near_duplicates=params.get("skip_near_duplicates"),
                         visibility=params.get("visibility"))
    summary = {"indexed": report.count("indexed"), "skipped": report.count("skipped"),
               "failed": report.count("failed"), "removed": report.count("removed"), "chunks": report.chunks}
    return [asdict(r) for r in report.results], summary


def _reindex(services: Services, queue: JobQueue, job: Job, progress: JobProgress) -> tuple[list, dict]:
    """Rebuild the whole index from the catalog and the stored originals: beside the live one and
    switched when checked (readers never see a half-built index), or in place when asked."""
    if job.params.get("in_place"):
        report = rebuild(services, actor=job.actor, progress=progress)
        return [], {"reindexed": len(report.reindexed), "chunks": report.chunks, "failed": report.failed,
                    "removed": report.removed}
    report = rebuild_beside(services, actor=job.actor, progress=progress)
    return [], {"reindexed": len(report.reindexed), "chunks": report.chunks, "failed": report.failed,
                "removed": report.removed, "caught_up": report.caught_up}


HANDLERS = {"upload": _upload, "index": _index, "reindex": _reindex}

_UNSAFE = re.compile(r"[^\w.\- æøåÆØÅ]")


def inbox_root(services: Services, actor: str) -> Path:
    """Where files sent for an index run by this key are kept, so the next run skips unchanged ones."""
    return services.settings.data_dir / "inbox" / (_UNSAFE.sub("_", actor).strip("._ ") or "ukendt")


def safe_relative(name: str) -> PurePosixPath:
    """A sent file's relative name, refused when it would leave its folder."""
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or not path.parts or any(p in ("", ".", "..") for p in path.parts):
        raise InvalidInput(f"Ugyldigt filnavn: {name!r}.")
    return PurePosixPath(*(_UNSAFE.sub("_", p) for p in path.parts))


def _unpack(services: Services, queue: JobQueue, job: Job) -> list[Path]:
    """Write the job's files under the key's inbox; each top folder is one indexed path."""
    root = inbox_root(services, job.actor)
    tops: dict[str, Path] = {}
    for name, data in queue.files(job.id):
        relative = safe_relative(name)
        tops.setdefault(relative.parts[0], root / relative.parts[0])
    if job.params.get("sync"):
        for top in tops.values():
            shutil.rmtree(top, ignore_errors=True)  # the folder becomes exactly what was sent
    for name, data in queue.files(job.id):
        target = root / safe_relative(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return list(tops.values())
