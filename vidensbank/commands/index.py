"""`vidensbank index PATH...`"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from corpus.audit import cli_actor
from corpus.ingest import index_paths
from corpus.services import Services
from vidensbank.job_output import index_report, raise_if_failed, run_on_server
from indexer.visibility import parse_visibility
from vidensbank.output import show_report
from vidensbank.progress import RichProgress
from vidensbank.server_link import find_server

SERVER_HELP = "Send the work to this server instead (a remote one gets the files; needs --key)."
KEY_HELP = "API key for --server (curator; admin for reindex)."


def index(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(..., help="Files or folders to index.", exists=True),
    draft: bool = typer.Option(False, "--draft", help="Hold new documents for review instead of publishing them."),
    sync: bool = typer.Option(False, "--sync", help="Also remove documents whose files were deleted from these folders."),
    mask_pii: bool = typer.Option(False, "--mask-pii", help="Replace CPR numbers, phone numbers, e-mails and "
                                  "names in attendance and signature blocks by their type, e.g. [telefon]."),
    skip_near_duplicates: bool = typer.Option(False, "--skip-near-duplicates",
                                              help="Skip documents that are nearly identical to one already indexed."),
    visibility: str | None = typer.Option(
        None, "--visibility", help="Who may see the documents of this run: public, signed-in or kommune "
                                   "(a sidecar or front matter still wins; default: by kind, else public)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    server: Optional[str] = typer.Option(None, "--server", help=SERVER_HELP),
    key: Optional[str] = typer.Option(None, "--key", envvar="VIDENSBANK_KEY", help=KEY_HELP),
) -> None:
    """Index files and folders (PDF, DOCX, HTML, TXT, MD); unchanged files are skipped.

    New documents are published at once (personal data masked for readers); --draft holds
    them for a curator's review instead. While `vidensbank serve` runs on this data folder, the
    run is handed to it as a job (same report); --server URL does the same for a remote server.

    Example: vidensbank index --sync --mask-pii ../shared/seeds/
    Example: vidensbank index --visibility kommune faxe-referater/
    """
    status = "draft" if draft else "published"
    visibility = parse_visibility(visibility) if visibility else None
    options = {"mask_pii": mask_pii or None, "skip_near_duplicates": skip_near_duplicates or None,
               "visibility": visibility}
    if link := find_server(ctx.obj, server=server, key=key):
        job = run_on_server(link, lambda client: client.start_index(paths, actor=cli_actor(), draft=draft, sync=sync,
                                                                    **options), as_json=as_json)
        raise_if_failed(job)
        report = index_report(job)
    else:
        with Services.open(ctx.obj) as services, RichProgress(enabled=not as_json) as progress:
            report = index_paths(services, paths, status=status, actor=cli_actor(), progress=progress, sync=sync,
                                 **options)
    show_report(report, as_json=as_json)
    if not report.ok:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(index)
