"""The job queue in the catalog: uploads and indexing runs waiting for, or under, a worker.

A job is claimed by exactly one worker: the claim selects the oldest queued row with
``FOR UPDATE SKIP LOCKED`` on PostgreSQL (replicas never wait on each other's claim) and then
flips it to running only if it is still queued, which is also what makes the claim safe on
SQLite (one writer at a time). A worker stamps ``heartbeat_at`` while it runs; a job whose
worker died (its process is gone, or its heartbeat stopped) is queued again, at most
MAX_ATTEMPTS times, then marked failed with the reason. Nothing is lost silently.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from corpus.database import Database
from corpus.tables import JobFile, JobRow, as_utc, now
from indexer.errors import NotFound

MAX_ATTEMPTS = 3
KINDS = ("upload", "index", "reindex")


def worker_name() -> str:
    """host:pid of this process, the identity a claim is recorded under."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class Job:
    """A job as read from the catalog."""

    id: str
    kind: str
    status: str
    actor: str
    params: dict
    files_total: int
    files_done: int
    passages_total: int
    passages_done: int
    results: list
    summary: dict | None
    error: str | None
    error_type: str | None
    attempts: int
    worker: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @property
    def finished(self) -> bool:
        """True once done or failed."""
        return self.status in ("done", "failed")


def _job(row: JobRow) -> Job:
    return Job(id=row.id, kind=row.kind, status=row.status, actor=row.actor, params=dict(row.params or {}),
               files_total=row.files_total, files_done=row.files_done, passages_total=row.passages_total,
               passages_done=row.passages_done, results=list(row.results or []), summary=row.summary,
               error=row.error, error_type=row.error_type, attempts=row.attempts, worker=row.worker,
               created_at=as_utc(row.created_at), started_at=as_utc(row.started_at),
               finished_at=as_utc(row.finished_at))


class JobQueue:
    """Jobs and their staged files in the catalog database."""

    def __init__(self, db: Database, *, worker: str | None = None) -> None:
        self.db = db
        self.worker = worker or worker_name()

    def submit(self, kind: str, *, actor: str, params: dict | None = None,
               files: Sequence[tuple[str, bytes]] = (), status: str = "queued") -> Job:
        """Queue a job (``status="receiving"`` holds it until its files are in: see ``start``)."""
        row = JobRow(id=uuid.uuid4().hex, kind=kind, status=status, actor=actor, params=params or {},
                     files_total=len(files), files_done=0, passages_total=0, passages_done=0, results=[],
                     attempts=0, created_at=now())
        with self.db.session() as s:
            s.add(row)
            s.flush()
            s.add_all(JobFile(job_id=row.id, name=name, data=data) for name, data in files)
        return _job(row)

    def add_file(self, job_id: str, *, name: str, data: bytes) -> Job:
        """Stage one more file for a job that is still receiving."""
        with self.db.session() as s:
            row = self._receiving(s, job_id)
            s.add(JobFile(job_id=job_id, name=name, data=data))
            row.files_total += 1
            return _job(row)

    def start(self, job_id: str) -> Job:
        """A receiving job has all its files: queue it."""
        with self.db.session() as s:
            row = self._receiving(s, job_id)
            row.status = "queued"
            return _job(row)

    def _receiving(self, s, job_id: str) -> JobRow:
        row = s.get(JobRow, job_id)
        if row is None or row.status != "receiving":
            raise NotFound(f"Kørslen {job_id} modtager ikke filer.")
        return row

    def get(self, job_id: str) -> Job | None:
        """The job, or None."""
        with self.db.session() as s:
            row = s.get(JobRow, job_id)
            return _job(row) if row else None

    def require(self, job_id: str) -> Job:
        """The job, or NotFound."""
        if (job := self.get(job_id)) is None:
            raise NotFound(f"Kørslen {job_id} findes ikke.")
        return job

    def recent(self, *, limit: int = 20, statuses: Sequence[str] = ()) -> list[Job]:
        """The newest jobs first."""
        query = select(JobRow).order_by(JobRow.created_at.desc()).limit(limit)
        if statuses:
            query = query.where(JobRow.status.in_(statuses))
        with self.db.session() as s:
            return [_job(r) for r in s.scalars(query)]

    def files(self, job_id: str) -> list[tuple[str, bytes]]:
        """The files staged with a job, in the order they came."""
        with self.db.session() as s:
            rows = s.scalars(select(JobFile).where(JobFile.job_id == job_id).order_by(JobFile.id))
            return [(r.name, r.data) for r in rows]

    def claim(self) -> Job | None:
        """Take the oldest queued job for this worker, or None when there is none."""
        with self.db.session() as s:
            candidate = s.scalars(select(JobRow.id).where(JobRow.status == "queued").order_by(JobRow.created_at)
                                  .limit(1).with_for_update(skip_locked=True)).first()
            if candidate is None:
                return None
            moment = now()
            taken = s.execute(update(JobRow).where(JobRow.id == candidate, JobRow.status == "queued")
                              .values(status="running", worker=self.worker, started_at=moment, heartbeat_at=moment,
                                      attempts=JobRow.attempts + 1, error=None, error_type=None))
            if taken.rowcount != 1:
                return None
            return _job(s.get(JobRow, candidate))

    def progress(self, job_id: str, **counts: int) -> None:
        """Record progress (files_total, files_done, passages_total, passages_done) and a heartbeat."""
        with self.db.session() as s:
            s.execute(update(JobRow).where(JobRow.id == job_id).values(heartbeat_at=now(), **counts))

    def finish(self, job_id: str, *, results: list[dict], summary: dict | None = None) -> Job:
        """The job is done; its staged files are dropped."""
        return self._close(job_id, status="done", results=results, summary=summary)

    def fail(self, job_id: str, *, reason: str, error_type: str = "VidensbankError",
             results: list[dict] | None = None) -> Job:
        """The job failed with a Danish reason; its staged files are dropped."""
        return self._close(job_id, status="failed", error=reason, error_type=error_type,
                           **({"results": results} if results is not None else {}))

    def _close(self, job_id: str, **values: object) -> Job:
        with self.db.session() as s:
            row = s.get(JobRow, job_id)
            for name, value in values.items():
                setattr(row, name, value)
            row.finished_at = row.heartbeat_at = now()
            s.execute(delete(JobFile).where(JobFile.job_id == job_id))
            return _job(row)

    def recover(self, *, alive: Callable[[str], bool], stale_after: float) -> list[Job]:
        """Queue again the running jobs whose worker is gone; fail those out of attempts."""
        cutoff = now() - timedelta(seconds=stale_after)
        recovered = []
        with self.db.session() as s:
            rows = s.scalars(select(JobRow).where(JobRow.status == "running").with_for_update(skip_locked=True))
            for row in rows:
                beat = as_utc(row.heartbeat_at)
                if alive(row.worker or "") and beat is not None and beat > cutoff:
                    continue
                if row.attempts >= MAX_ATTEMPTS:
                    row.status, row.finished_at = "failed", now()
                    row.error = (f"Kørslen blev afbrudt {row.attempts} gange (genstart eller nedbrud) og er "
                                 "opgivet; start den igen.")
                    row.error_type = "VidensbankError"
                    s.execute(delete(JobFile).where(JobFile.job_id == row.id))
                else:
                    row.status, row.worker = "queued", None
                recovered.append(_job(row))
        return recovered


def process_alive(worker: str) -> bool:
    """False when ``worker`` (host:pid) names a process on this host that no longer runs."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True  # another machine: only its heartbeat can tell
    if int(pid) == os.getpid():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
