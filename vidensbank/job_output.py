"""Following a job from the CLI: progress bars from its figures, then the same report a local run prints."""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.markup import escape

from corpus.report import FileResult, IndexReport
from indexer.errors import VidensbankError
from vidensbank.output import out, print_json
from vidensbank.progress import RichProgress

STATUS_DA = {"receiving": "modtager filer", "queued": "i kø", "running": "kører", "done": "færdig",
             "failed": "fejlet"}


def follow(fetch: Callable[[], dict], *, progress: RichProgress, poll: float = 0.3) -> dict:
    """Poll the job until it has finished, drawing its files and passages."""
    while True:
        job = fetch()
        figures = job["progress"]
        for phase in ("files", "passages"):
            if figures[f"{phase}_total"]:
                progress.update(phase, total=figures[f"{phase}_total"], completed=figures[f"{phase}_done"])
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(poll)


def index_report(job: dict) -> IndexReport:
    """A finished index or upload job's per-file results as an index report."""
    results = [FileResult(**{**r, "notes": tuple(r.get("notes") or ()), "pii": tuple(r.get("pii") or ())})
               for r in job["results"]]
    return IndexReport(results=results)


def raise_if_failed(job: dict) -> None:
    """A failed job ends the command with its reason."""
    if job["status"] == "failed":
        raise VidensbankError(f"Kørslen {job['id']} fejlede: {job['error']}")


def show_job(job: dict, *, as_json: bool) -> None:
    """One job: status, progress, then its per-file results."""
    if as_json:
        print_json(job)
        return
    p = job["progress"]
    out.print(f"[bold]Kørsel {job['id']}[/bold] ({job['kind']}, startet af {escape(job['actor'])}): "
              f"{STATUS_DA.get(job['status'], job['status'])}; filer {p['files_done']}/{p['files_total']}, "
              f"tekststykker {p['passages_done']}/{p['passages_total']}"
              + (f"; forsøg {job['attempts']}" if job["attempts"] > 1 else ""))
    if job["error"]:
        out.print(f"  [red]Årsag:[/red] {escape(job['error'])}")
    for result in job["results"]:
        reason = f": {result['reason']}" if result.get("reason") else ""
        out.print(f"  {escape(result['source'])} – {result['outcome']}{escape(reason)}")
    if job.get("summary"):
        out.print("  " + ", ".join(f"{k}: {v}" for k, v in job["summary"].items() if not isinstance(v, (dict, list))))


def job_json(job) -> dict:
    """A corpus.jobs.Job as the API shows it (the CLI reads the catalog directly when no server is named)."""
    from search_api.job_schemas import JobOut

    return JobOut.of(job).model_dump(mode="json")


def run_on_server(link, start: Callable, *, as_json: bool) -> dict:
    """Start a job on the server with ``start(client) -> job id``, follow it, return it finished."""
    from vidensbank.output import err_console
    from vidensbank.server_link import ServerClient

    with ServerClient(link) as client:
        job_id = start(client)
        where = "den kørende server" if link.local else "serveren"
        err_console.print(f"Sendt til {where} på {link.url} som kørsel {job_id} "
                          f"(følg den med: vidensbank jobs show {job_id} --follow).", highlight=False)
        with RichProgress(enabled=not as_json) as progress:
            return follow(lambda: client.job(job_id), progress=progress)
