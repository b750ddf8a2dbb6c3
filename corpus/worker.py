"""The job worker: a thread inside `vidensbank serve` that runs queued jobs off the request path.

At start it recovers jobs whose worker died (see corpus.jobs). It then claims one job at a
time, under the services' write lock (the embedded store has one writer), and keeps the job's
heartbeat fresh while it runs, so other replicas know it is alive.
"""

from __future__ import annotations

import logging
import threading
from contextlib import nullcontext

from corpus.job_runner import run_job
from corpus.jobs import JobQueue, process_alive
from corpus.services import Services

log = logging.getLogger(__name__)


class JobWorker:
    """Runs the catalog's queued jobs in a background thread."""

    def __init__(self, services: Services, *, poll_seconds: float = 1.0, heartbeat_seconds: float = 10.0,
                 stale_after: float = 120.0) -> None:
        self.services = services
        self.queue: JobQueue = services.catalog.jobs
        self.poll_seconds, self.heartbeat_seconds, self.stale_after = poll_seconds, heartbeat_seconds, stale_after
        self._wake, self._stop = threading.Event(), threading.Event()
        self._current: str | None = None
        self._threads: list[threading.Thread] = []

    def start(self) -> "JobWorker":
        """Recover interrupted jobs, then start the worker and heartbeat threads."""
        for job in self.queue.recover(alive=process_alive, stale_after=self.stale_after):
            log.warning("job %s (%s) was interrupted: %s", job.id, job.kind,
                        "queued again" if job.status == "queued" else "failed")
        for target, name in ((self._loop, "vidensbank-jobs"), (self._beat, "vidensbank-jobs-heartbeat")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def wake(self) -> None:
        """A job was queued: look now instead of at the next poll."""
        self._wake.set()

    def stop(self, *, timeout: float = 30.0) -> None:
        """Finish the running job (if any) and stop."""
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout=timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                ran = self._run_one()
            except Exception:  # the catalog went away for a moment: keep the thread alive
                log.exception("the job worker could not reach the catalog")
                ran = False
            if not ran:
                self._wake.wait(self.poll_seconds)
                self._wake.clear()

    def _run_one(self) -> bool:
        job = self.queue.claim()
        if job is None:
            return False
        self._current = job.id
        # A rebuild beside the live index lets curation go on and takes the lock itself to switch.
        lock = nullcontext() if job.kind == "reindex" and not job.params.get("in_place") else self.services.write_lock
        try:
            with lock:
                run_job(self.services, self.queue, job)
        finally:
            self._current = None
        return True

    def _beat(self) -> None:
        while not self._stop.wait(self.heartbeat_seconds):
            if current := self._current:
                try:
                    self.queue.progress(current)
                except Exception:
                    log.warning("could not record the heartbeat of job %s", current)
