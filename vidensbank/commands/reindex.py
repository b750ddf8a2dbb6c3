"""`vidensbank reindex`: rebuild the whole index from the catalog and the stored originals."""

from __future__ import annotations

from typing import Optional

import typer

from corpus.audit import cli_actor
from corpus.rebuild import rebuild_beside
from corpus.reconcile import rebuild
from corpus.services import Services
from indexer.errors import EmbeddingMismatch
from indexer.store.generations import EdgeGenerations
from vidensbank.curation_output import show_summary
from vidensbank.commands.index import KEY_HELP, SERVER_HELP
from vidensbank.job_output import raise_if_failed, run_on_server
from vidensbank.progress import RichProgress
from vidensbank.server_link import find_server


def reindex(
    ctx: typer.Context,
    in_place: bool = typer.Option(False, "--in-place", help="Rewrite the live index instead of building a new "
                                                            "one beside it (less disk; searches see a half-done "
                                                            "index meanwhile)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    server: Optional[str] = typer.Option(None, "--server", help=SERVER_HELP),
    key: Optional[str] = typer.Option(None, "--key", envvar="VIDENSBANK_KEY", help=KEY_HELP),
) -> None:
    """Rebuild the whole index from the catalog and the stored original files.

    Every document is parsed, chunked and embedded again with the catalog's metadata and
    status, into a new index beside the live one. It is checked (every chunk there, a probe
    search answered) and then made live in one atomic step; if anything fails, the old index
    stays live. Use it after a change of chunking, index schema or (embedded store) embedding
    model; a server restarted afterwards serves the new index. While `vidensbank serve` runs,
    the rebuild is handed to it as a job (--server URL: to a remote server, admin key).

    Example: vidensbank reindex
    """
    if link := find_server(ctx.obj, server=server, key=key):
        job = run_on_server(link, lambda client: client.start_reindex(actor=cli_actor(), in_place=in_place),
                            as_json=as_json)
        raise_if_failed(job)
        summary = job["summary"]
    else:
        summary = _rebuild_here(ctx.obj, in_place=in_place, as_json=as_json)
    show_summary(summary, as_json=as_json, title="Genindeksering")
    if summary["failed"]:
        raise typer.Exit(1)


def _rebuild_here(settings, *, in_place: bool, as_json: bool) -> dict:
    """The rebuild in this process (no server holds the store)."""
    generations = None
    try:
        services = Services.open(settings)
    except EmbeddingMismatch:
        if in_place or settings.store.url:
            raise
        # A new embedding model: the live index cannot be opened with it, and need not be.
        generations = EdgeGenerations(settings.store_path, settings=settings)
        services = Services.open(settings.model_copy(update={"store": settings.store.model_copy(
            update={"path": generations.new_path()})}))
    with services, RichProgress(enabled=not as_json) as progress:
        if in_place:
            report = rebuild(services, actor=cli_actor(), progress=progress)
        else:
            report = rebuild_beside(services, actor=cli_actor(), progress=progress, generations=generations)
    summary = {"reindexed": len(report.reindexed), "chunks": report.chunks, "failed": report.failed,
               "removed": report.removed}
    if not in_place:
        summary["caught_up"] = report.caught_up
    return summary


def register(app: typer.Typer) -> None:
    app.command()(reindex)
