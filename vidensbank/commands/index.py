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
    sync: bool = typer.Option(False, "--sync", help="Also remove documents whose files were deleted from these folders."),
    mask_pii: bool = typer.Option(False, "--mask-pii", help="Replace CPR numbers, phone numbers, e-mails and "
                                  "names in attendance and signature blocks by their type, e.g. [telefon]."),
    skip_near_duplicates: bool = typer.Option(False, "--skip-near-duplicates",
                                              help="Skip documents that are nearly identical to one already indexed."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Index files and folders (PDF, DOCX, HTML, TXT, MD); unchanged files are skipped.

    New documents are published at once (personal data masked for readers); --draft holds
    them for a curator's review instead.

    Example: vidensbank index --sync --mask-pii ../shared/seeds/
    """
    status = "draft" if draft else "published"
    with Services.open(ctx.obj) as services, RichProgress(enabled=not as_json) as progress:
        report = index_paths(services, paths, status=status, actor=cli_actor(), progress=progress, sync=sync,
                             mask_pii=mask_pii or None, skip_near_duplicates=skip_near_duplicates or None)
    show_report(report, as_json=as_json)
    if not report.ok:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(index)
