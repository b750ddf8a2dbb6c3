"""`vidensbank reindex`: rebuild the whole index from the catalog and the stored originals."""

from __future__ import annotations

import typer

from corpus.audit import cli_actor
from corpus.rebuild import rebuild_beside
from corpus.reconcile import rebuild
from corpus.services import Services
from indexer.errors import EmbeddingMismatch
from indexer.store.generations import EdgeGenerations
from vidensbank.curation_output import show_summary
from vidensbank.progress import RichProgress


def reindex(
    ctx: typer.Context,
    in_place: bool = typer.Option(False, "--in-place", help="Rewrite the live index instead of building a new "
                                                            "one beside it (less disk; searches see a half-done "
                                                            "index meanwhile)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Rebuild the whole index from the catalog and the stored original files.

    Every document is parsed, chunked and embedded again with the catalog's metadata and
    status, into a new index beside the live one. It is checked (every chunk there, a probe
    search answered) and then made live in one atomic step; if anything fails, the old index
    stays live. Use it after a change of chunking, index schema or (embedded store) embedding
    model; a server restarted afterwards serves the new index.

    Example: vidensbank reindex
    """
    settings, generations = ctx.obj, None
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
    show_summary(summary, as_json=as_json, title="Genindeksering")
    if report.failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(reindex)
