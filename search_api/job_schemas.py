"""Pydantic models of the job API: a job's status, progress and per-file results."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from corpus.jobs import Job

JobStatus = Literal["receiving", "queued", "running", "done", "failed"]


class JobRef(BaseModel):
    """Where to follow a job."""

    id: str
    status: JobStatus
    url: str = Field(description="GET this for status, progress and results.")

    @classmethod
    def of(cls, job: Job) -> "JobRef":
        return cls(id=job.id, status=job.status, url=f"/v1/jobs/{job.id}")


class JobAccepted(BaseModel):
    """202: the work is queued as a job."""

    job: JobRef


class Progress(BaseModel):
    """Files read and passages embedded so far, of how many."""

    files_total: int
    files_done: int
    passages_total: int
    passages_done: int


class JobOut(BaseModel):
    """A job: what it does, how far it is, and what came of each file."""

    id: str
    url: str
    kind: Literal["upload", "index", "reindex"]
    status: JobStatus = Field(description="queued, running, done or failed (receiving: files still arriving).")
    actor: str = Field(description="The key name (or cli:<user>) that started it.")
    progress: Progress
    results: list[dict] = Field(description="One entry per file: source, outcome (indexed, skipped, failed, "
                                            "removed), reason, doc_id, chunks, notes, pii.")
    summary: dict | None = Field(description="Counts of the run; for an upload, the new document's doc_id.")
    error: str | None = Field(description="Why the job failed (Danish).")
    attempts: int = Field(description="Runs started; above 1 when a restart interrupted it and it was resumed.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @classmethod
    def of(cls, job: Job) -> "JobOut":
        return cls(id=job.id, url=f"/v1/jobs/{job.id}", kind=job.kind, status=job.status, actor=job.actor,
                   progress=Progress(files_total=job.files_total, files_done=job.files_done,
                                     passages_total=job.passages_total, passages_done=job.passages_done),
                   results=job.results, summary=job.summary, error=job.error, attempts=job.attempts,
                   created_at=job.created_at, started_at=job.started_at, finished_at=job.finished_at)


class JobRequest(BaseModel):
    """Start an index run or a full rebuild."""

    kind: Literal["index", "reindex"]
    paths: list[str] = Field(default_factory=list,
                             description="Folders or files on the server (only the local CLI may name paths).")
    send_files: bool = Field(default=False, description="The files follow: POST /v1/jobs/{id}/files, then "
                                                        "POST /v1/jobs/{id}/start.")
    draft: bool = False
    sync: bool = False
    mask_pii: bool | None = None
    skip_near_duplicates: bool | None = None
    visibility: Literal["public", "signed-in", "kommune"] | None = Field(
        default=None, description="index: visibility of the documents of this run (a sidecar or front matter wins).")
    in_place: bool = Field(default=False, description="reindex: rewrite the live index instead of building "
                                                      "a new one beside it and switching.")
    actor: str | None = Field(default=None, description="Only for the local CLI: who ran the command.")
