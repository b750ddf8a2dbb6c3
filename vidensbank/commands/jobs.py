"""`vidensbank jobs list | show ID [--follow]`: uploads and indexing runs queued in the catalog."""

from __future__ import annotations

from typing import Optional

import typer

from corpus.catalog import Catalog
from vidensbank.commands.index import KEY_HELP
from vidensbank.job_output import follow, job_json, show_job
from vidensbank.output import out, print_json
from vidensbank.progress import RichProgress
from vidensbank.server_link import ServerClient, find_server

app = typer.Typer(help="Follow uploads and indexing runs (jobs) of the running service.", no_args_is_help=True)
SERVER = typer.Option(None, "--server", help="Ask this server instead of reading the catalog (needs --key).")
KEY = typer.Option(None, "--key", envvar="VIDENSBANK_KEY", help=KEY_HELP)


class _Source:
    """Jobs from a named server's API, or straight from the catalog (which the server shares)."""

    def __init__(self, ctx: typer.Context, server: str | None, key: str | None) -> None:
        link = find_server(ctx.obj, server=server, key=key) if server else None
        self.client = ServerClient(link) if link else None
        self.catalog = None if link else Catalog(ctx.obj.catalog_url)

    def job(self, job_id: str) -> dict:
        if self.client:
            return self.client.job(job_id)
        return job_json(self.catalog.jobs.require(job_id))

    def recent(self, limit: int) -> list[dict]:
        if self.client:
            return self.client.call("GET", "/v1/jobs", params={"limit": limit}).json()
        return [job_json(j) for j in self.catalog.jobs.recent(limit=limit)]

    def close(self) -> None:
        if self.client:
            self.client.__exit__()
        if self.catalog:
            self.catalog.close()


@app.command("list")
def list_jobs(ctx: typer.Context, limit: int = typer.Option(20, "--limit", min=1, max=200),
              as_json: bool = typer.Option(False, "--json", help="Print JSON (the fields of GET /v1/jobs)."),
              server: Optional[str] = SERVER, key: Optional[str] = KEY) -> None:
    """The newest jobs first, with status and progress.

    Example: vidensbank jobs list
    """
    source = _Source(ctx, server, key)
    try:
        jobs = source.recent(limit)
    finally:
        source.close()
    if as_json:
        return print_json(jobs)
    if not jobs:
        out.print("Ingen kørsler.")
    for job in jobs:
        show_job({**job, "results": []}, as_json=False)


@app.command()
def show(ctx: typer.Context, job_id: str = typer.Argument(...),
         follow_it: bool = typer.Option(False, "--follow", "-f", help="Show progress until the job has finished."),
         as_json: bool = typer.Option(False, "--json", help="Print JSON (the fields of GET /v1/jobs/{id})."),
         server: Optional[str] = SERVER, key: Optional[str] = KEY) -> None:
    """A job's status, progress (files, passages) and per-file results; exits 1 if it failed.

    Example: vidensbank jobs show 4be1c3f09a2d4e7c8f6a5b3c2d1e0f9a --follow
    """
    source = _Source(ctx, server, key)
    try:
        if follow_it:
            with RichProgress(enabled=not as_json) as progress:
                job = follow(lambda: source.job(job_id), progress=progress)
        else:
            job = source.job(job_id)
    finally:
        source.close()
    show_job(job, as_json=as_json)
    if job["status"] == "failed":
        raise typer.Exit(1)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="jobs")
