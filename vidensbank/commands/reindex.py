"""`vidensbank reindex`: rebuild the whole index from the catalog and the stored originals."""

from __future__ import annotations

import typer

from corpus.audit import cli_actor
from corpus.reconcile import rebuild
from corpus.services import Services
from vidensbank.curation_output import show_summary
from vidensbank.progress import RichProgress


def reindex(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print the report as JSON.")) -> None:
    """Rebuild the whole index from the catalog and the stored original files.

    Every document is parsed, chunked and embedded again with the catalog's metadata and
    status. After a change of embedding model, move the old store folder away first.

    Example: vidensbank reindex
    """
    with Services.open(ctx.obj) as services, RichProgress(enabled=not as_json) as progress:
        report = rebuild(services, actor=cli_actor(), progress=progress)
    show_summary({"reindexed": len(report.reindexed), "chunks": report.chunks, "failed": report.failed,
                  "removed": report.removed}, as_json=as_json, title="Genindeksering")
    if report.failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(reindex)
