"""`vidensbank keys create | list | revoke`: API keys, kept only as hashes in the catalog.

These commands touch only the catalog, so they work while the server runs.
"""

from __future__ import annotations

from typing import Optional

import typer

from corpus.audit import cli_actor
from corpus.catalog import Catalog
from vidensbank.curation_output import key_json, show_keys
from vidensbank.output import err_console, out, print_json

app = typer.Typer(help="Create, list and revoke API keys (roles: reader, curator, admin).", no_args_is_help=True)


@app.command()
def create(
    ctx: typer.Context,
    role: str = typer.Option(..., "--role", help="reader, curator or admin."),
    name: str = typer.Option(..., "--name", help="Who holds the key; shown in the audit log."),
    origin: Optional[list[str]] = typer.Option(
        None, "--origin", help="Makes a read-only widget key usable only from this browser origin (repeatable)."),
    as_json: bool = typer.Option(False, "--json", help='Print {"key", "name", "role"}.'),
) -> None:
    """Create a key. It is shown once: only its hash is stored.

    Example: vidensbank keys create --role curator --name "Mette, SSP-Samrådet"
    """
    catalog = Catalog(ctx.obj.catalog_url)
    try:
        new = catalog.keys.create(name=name, role=role, origins=origin, actor=cli_actor())
    finally:
        catalog.close()
    if as_json:
        print_json({"key": new.key, "name": new.record.name, "role": new.record.role})
        return
    out.print(new.key, highlight=False, soft_wrap=True)
    err_console.print(f"Nøglen til {new.record.name!r} ({new.record.role}) vises kun denne ene gang: gem den nu.")


@app.command("list")
def list_keys(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List keys: name, role, prefix, widget origins, created and revoked (never the keys).

    Example: vidensbank keys list
    """
    catalog = Catalog(ctx.obj.catalog_url)
    try:
        keys = catalog.keys.list()
    finally:
        catalog.close()
    show_keys(keys, as_json=as_json)


@app.command()
def revoke(ctx: typer.Context, name: str = typer.Argument(..., help="The key's name or prefix."),
           as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Revoke a key; it stops working at once.

    Example: vidensbank keys revoke "Mette, SSP-Samrådet"
    """
    catalog = Catalog(ctx.obj.catalog_url)
    try:
        key = catalog.keys.revoke(name, actor=cli_actor())
    finally:
        catalog.close()
    if as_json:
        print_json(key_json(key))
    else:
        out.print(f"Nøglen {key.name!r} er tilbagekaldt.")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="keys")
