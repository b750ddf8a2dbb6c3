"""`vidensbank backup PATH` and `vidensbank restore PATH`."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from typing import Optional

import httpx
import typer

from corpus.audit import cli_actor
from corpus.backup import restore_backup, verify_backup, write_backup
from corpus.catalog import Catalog
from corpus.services import Services
from indexer.disk import copy_tree
from indexer.errors import Conflict, IndexNotReady, StoreLocked
from indexer.settings import Settings
from vidensbank.curation_output import show_summary
from vidensbank.progress import RichProgress


def _through_server(settings: Settings, target: Path, url: str) -> dict:
    """Ask the running server (which holds the store) for a backup, with a one-off admin key
    made in the catalog and revoked right after; then move the folder to ``target``."""
    catalog = Catalog(settings.catalog_url)
    name = f"sikkerhedskopi {datetime.now():%Y-%m-%d %H:%M:%S.%f} (CLI)"
    key = catalog.keys.create(name=name, role="admin", actor=cli_actor()).key
    try:
        response = httpx.post(f"{url.rstrip('/')}/v1/admin/backup", headers={"Authorization": f"Bearer {key}"},
                              timeout=3600)
    except httpx.HTTPError as exc:
        raise IndexNotReady(f"Lageret bruges af en anden proces, og serveren på {url} svarer ikke ({exc}). "
                            "Angiv serverens adresse med --server.") from None
    finally:
        catalog.keys.revoke(name, actor=cli_actor())
        catalog.close()
    if response.status_code != 200:
        detail = response.json().get("detail") if "json" in response.headers.get("content-type", "") else None
        raise IndexNotReady(f"Serveren kunne ikke tage sikkerhedskopien ({response.status_code}): {detail or response.text[:200]}")
    made = Path(response.json()["path"])
    verify_backup(made)
    try:
        made.rename(target)
    except OSError:  # another filesystem
        copy_tree(made, target)
        verify_backup(target)
        shutil.rmtree(made)
    return {**response.json(), "path": str(target)}


def backup(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="A new folder for the backup."),
    server: Optional[str] = typer.Option(None, "--server", help="The running server's URL "
                                         "(default: http://<api.host>:<api.port> from the settings)."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Back up the catalog, a snapshot of the store and the original files into PATH.

    Works while `vidensbank serve` runs: the server pauses writes for the snapshot and goes on
    answering searches. The manifest with checksums is written last; `restore` checks it.

    Example: vidensbank backup /srv/backup/vidensbank-2025-01-31
    """
    settings: Settings = ctx.obj
    target = path.absolute()
    if target.exists():
        raise Conflict(f"{target} findes allerede; vælg en ny mappe til sikkerhedskopien.")
    try:
        with Services.open(settings) as services:
            summary = write_backup(services, target).as_dict()
    except StoreLocked:
        url = server or f"http://{settings.api.host}:{settings.api.port}"
        summary = _through_server(settings, target, url)
    show_summary(summary, as_json=as_json, title="Sikkerhedskopi")


def restore(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="A folder written by `vidensbank backup`."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Restore a backup into the data folder, after checking every checksum in its manifest.

    What the data folder held before is moved to before-restore-<time>/ inside it, not
    deleted. Stop the server first.

    Example: vidensbank restore /srv/backup/vidensbank-2025-01-31
    """
    with RichProgress(enabled=not as_json) as progress:
        summary = restore_backup(ctx.obj, path, progress=progress)
    show_summary(summary.as_dict(), as_json=as_json, title="Gendannelse")


def register(app: typer.Typer) -> None:
    app.command()(backup)
    app.command()(restore)
