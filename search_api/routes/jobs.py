"""Jobs under /v1/jobs: follow an upload or an indexing run, and start runs (curators).

An index run over paths reads files on the server, so only the local CLI may ask for one:
it proves itself with the token `vidensbank serve` writes into the data folder (readable by
the folder's owner only). Everyone else sends the files with the job.
"""

from __future__ import annotations

import time

from fastapi import APIRouter, Depends, File, Form, Query, Request, Response, UploadFile

from corpus.job_runner import safe_relative
from corpus.jobs import Job
from corpus.services import Services
from indexer import errors
from indexer.errors import FileTooLarge, Forbidden, InvalidInput, VidensbankError
from search_api.auth import Principal, require_curator
from search_api.deps import get_services
from search_api.job_schemas import JobAccepted, JobOut, JobRef, JobRequest, JobStatus
from search_api.schemas import Problem

router = APIRouter(prefix="/v1/jobs", tags=["jobs"])
ERRORS = {code: {"model": Problem} for code in (401, 403, 404, 409, 422, 503)}


def wake_worker(request: Request) -> None:
    """Tell this process's worker (if it runs jobs) that a job is waiting."""
    if worker := getattr(request.app.state, "worker", None):
        worker.wake()


def wait_for(services: Services, job_id: str, *, seconds: float) -> Job:
    """The job once finished, or as it is after ``seconds``."""
    deadline = time.monotonic() + seconds
    job = services.catalog.jobs.require(job_id)
    while not job.finished and time.monotonic() < deadline:
        time.sleep(0.05)
        job = services.catalog.jobs.require(job_id)
    return job


def failure_of(job: Job) -> VidensbankError:
    """A failed job's reason as the domain error it was (so a quick upload fails as it always did)."""
    kind = getattr(errors, job.error_type or "", None)
    if not (isinstance(kind, type) and issubclass(kind, VidensbankError)):
        kind = VidensbankError
    return kind(job.error or "Kørslen fejlede.")


def _accepted(response: Response, job: Job) -> JobAccepted:
    response.headers["Location"] = f"/v1/jobs/{job.id}"
    return JobAccepted(job=JobRef.of(job))


@router.get("", response_model=list[JobOut], responses=ERRORS, summary="Recent jobs")
def list_jobs(status: list[JobStatus] = Query([]), limit: int = Query(20, ge=1, le=200),
              who: Principal = Depends(require_curator), services: Services = Depends(get_services)) -> list[JobOut]:
    """The newest jobs first, with their progress."""
    return [JobOut.of(j) for j in services.catalog.jobs.recent(limit=limit, statuses=status)]


@router.get("/{job_id}", response_model=JobOut, responses=ERRORS, summary="A job's status, progress and results")
def get_job(job_id: str, who: Principal = Depends(require_curator),
            services: Services = Depends(get_services)) -> JobOut:
    """queued, running, done or failed; files and passages so far; one result per file."""
    return JobOut.of(services.catalog.jobs.require(job_id))


@router.post("", status_code=202, response_model=JobAccepted, responses=ERRORS, summary="Start an index run")
def start_job(body: JobRequest, request: Request, response: Response, who: Principal = Depends(require_curator),
              services: Services = Depends(get_services)) -> JobAccepted:
    """kind=index over `paths` on the server (local CLI only) or over files sent afterwards
    (`send_files`); kind=reindex rebuilds the whole index (admin)."""
    if body.kind == "reindex" and not who.has("admin"):
        raise Forbidden(f"Nøglen {who.name!r} har rollen {who.role}; genindeksering kræver admin.")
    if body.paths and not who.local:
        raise Forbidden("Kun den lokale kommandolinje må bede serveren læse filer fra dens disk; send filerne med.")
    if body.kind == "index" and not body.paths and not body.send_files:
        raise InvalidInput("Angiv stier (paths) eller send filerne med (send_files).")
    actor = body.actor if who.local and body.actor else who.name
    params = {"paths": body.paths, "status": "draft" if body.draft else "published", "sync": body.sync,
              "mask_pii": body.mask_pii, "skip_near_duplicates": body.skip_near_duplicates,
              "visibility": body.visibility,
              "in_place": body.in_place}
    job = services.catalog.jobs.submit(body.kind, actor=actor, params=params,
                                       status="receiving" if body.send_files else "queued")
    if not body.send_files:
        wake_worker(request)
    return _accepted(response, job)


def _own(services: Services, job_id: str, who: Principal) -> Job:
    job = services.catalog.jobs.require(job_id)
    if job.actor != who.name and not who.local:
        raise Forbidden("Filer kan kun sendes til en kørsel, nøglen selv har startet.")
    return job


@router.post("/{job_id}/files", response_model=JobRef, responses=ERRORS, summary="Send a file for an index run")
def add_file(job_id: str, file: UploadFile = File(...), name: str = Form(..., description="Relative path, "
             "e.g. dokumenter/referat.pdf (the first folder is the indexed folder)."),
             who: Principal = Depends(require_curator), services: Services = Depends(get_services)) -> JobRef:
    """Stage one file (sidecar .meta.yaml files too) for a job created with send_files."""
    _own(services, job_id, who)
    relative = safe_relative(name)
    max_bytes = int(services.settings.ingest.max_file_mb * 1e6)
    data = file.file.read(max_bytes + 1)
    if len(data) > max_bytes:  # formats are checked by the run, per file, as a local run does
        raise FileTooLarge(f"{relative} er for stor (grænsen er {max_bytes / 1e6:g} MB).")
    return JobRef.of(services.catalog.jobs.add_file(job_id, name=str(relative), data=data))


@router.post("/{job_id}/start", status_code=202, response_model=JobAccepted, responses=ERRORS,
             summary="Queue an index run whose files are all sent")
def start_sent(job_id: str, request: Request, response: Response, who: Principal = Depends(require_curator),
               services: Services = Depends(get_services)) -> JobAccepted:
    """The files are in: the job is queued."""
    _own(services, job_id, who)
    job = services.catalog.jobs.start(job_id)
    wake_worker(request)
    return _accepted(response, job)
