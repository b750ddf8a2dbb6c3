"""`vidensbank index PATH...`"""

from __future__ import annotations

from pathlib import Path

import typer

from corpus.audit import cli_actor
from corpus.ingest import index_paths
from corpus.services import Services
from vidensbank.output import show_report
from vidensbank.progress import RichProgress


def index(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(..., help="Files or folders to index.", exists=True),
    draft: bool = typer.Option(False, "--draft", help="Hold new documents for review instead of publishing them."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Index files and folders (PDF, HTML, TXT, MD); unchanged files are skipped.

    New documents are published at once (personal data masked for readers); --draft holds
    them for a curator's review instead.

    Example: vidensbank index ../shared/seeds/
    """
    status = "draft" if draft else "published"
    with Services.open(ctx.obj) as services, RichProgress(enabled=not as_json) as progress:
        report = index_paths(services, paths, status=status, actor=cli_actor(), progress=progress)
    show_report(report, as_json=as_json)
    if not report.ok:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(index)
