"""The `vidensbank` command: parse arguments, call one function, print."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Optional

import typer

from indexer.errors import VidensbankError
from indexer.settings import Settings
from vidensbank.consoles import err

app = typer.Typer(
    name="vidensbank",
    help="SSP Vidensbank: index Danish SSP documents and search them with cited answers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def configure(
    ctx: typer.Context,
    data_dir: Optional[Path] = typer.Option(None, "--data-dir", help="Data folder (default: $VIDENSBANK_DATA_DIR or ./vidensbank-data)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log diagnostics to stderr."),
) -> None:
    """Build the settings once for every command."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    settings = Settings()
    if data_dir is not None:
        settings = settings.model_copy(update={"data_dir": data_dir})
    ctx.obj = settings


def _register() -> None:
    from vidensbank.commands import backup, bench, corpus, eval, index, jobs, keys, reindex, search, serve, store

    for module in (index, search, serve, bench, eval, corpus, keys, reindex, store, backup, jobs):
        module.register(app)


_register()


def main() -> None:
    """Console-script entry point: domain errors become one clear line and exit 1."""
    try:
        app(standalone_mode=True)
    except VidensbankError as exc:
        err.print(f"[red]Fejl:[/red] {exc.detail}", highlight=False)
        raise SystemExit(1) from None
