"""`vidensbank serve`"""

from __future__ import annotations

from typing import Optional

import typer

from corpus.ingest import index_paths
from corpus.sample_corpus import SAMPLES_DIR
from corpus.services import Services
from search_api.app import create_app
from search_api.logs import configure_logging
from vidensbank.output import show_report
from vidensbank.progress import RichProgress
from vidensbank.server_link import announce, withdraw_announcement


def serve(
    ctx: typer.Context,
    host: Optional[str] = typer.Option(None, "--host", help="Interface to listen on (default 127.0.0.1)."),
    port: Optional[int] = typer.Option(None, "--port", help="Port (default 8000)."),
    samples: bool = typer.Option(False, "--samples", help="Index the bundled sample corpus first (skips unchanged files)."),
) -> None:
    """Start the HTTP API (OpenAPI docs at /docs). This process owns the store and runs the jobs
    (uploads, indexing runs); `vidensbank index` and friends hand their work to it while it runs.

    Example: vidensbank serve --port 8000 --samples
    """
    import uvicorn

    settings = ctx.obj
    configure_logging(level=settings.api.log_level, json_lines=settings.api.log_format == "json")
    services = Services.open(settings)
    if samples:
        with RichProgress() as progress:
            report = index_paths(services, [SAMPLES_DIR], progress=progress)
        show_report(report, as_json=False)
    host, port = host or settings.api.host, port or settings.api.port
    app = create_app(settings, services=services, local_token=announce(settings, host=host, port=port))
    try:
        # One process: the embedded store admits one owner. Our middleware writes the access log
        # (without query strings), uvicorn's is off.
        uvicorn.run(app, host=host, port=port, log_level=settings.api.log_level, log_config=None, access_log=False)
    finally:
        withdraw_announcement(settings)
        services.close()


def register(app: typer.Typer) -> None:
    app.command()(serve)
