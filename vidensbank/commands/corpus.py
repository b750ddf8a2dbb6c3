"""`vidensbank corpus list | show | update | review | publish | withdraw | delete | export | import | check`.

list, show and export read only the catalog and work while the server runs. update, review,
publish, withdraw and delete change the store too: while `vidensbank serve` runs on this data
folder (or with --server URL --key KEY) they are sent to the server's API. import and check
need the server stopped (one process owns the embedded store).
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Optional

import typer

from corpus.archive import export_corpus, import_corpus
from corpus.audit import cli_actor
from corpus.catalog import Catalog, DocumentQuery
from corpus.documents import delete_document
from corpus.files import FileStore
from corpus.reconcile import reconcile
from corpus.review import publish, review_pii, update_metadata, withdraw
from corpus.services import Services
from vidensbank.curation_output import show_changed, show_document, show_documents, show_summary
from vidensbank.commands.index import KEY_HELP, SERVER_HELP
from vidensbank.progress import RichProgress
from vidensbank.server_link import ServerClient, find_server

app = typer.Typer(help="Curate the corpus: review, publish, withdraw, delete, export and import documents.",
                  no_args_is_help=True)
SERVER = typer.Option(None, "--server", help=SERVER_HELP)
KEY = typer.Option(None, "--key", envvar="VIDENSBANK_KEY", help=KEY_HELP)


def _on_server(ctx: typer.Context, server: str | None, key: str | None, method: str, path: str,
               body: dict | None = None) -> dict | None:
    """Send the change to the running (or named) server; None when there is none (work locally)."""
    link = find_server(ctx.obj, server=server, key=key)
    if link is None:
        return None
    with ServerClient(link) as client:
        response = client.call(method, path, json=body, headers={"X-Vidensbank-Actor": cli_actor()})
    return response.json() if response.content else {}


@app.command("list")
def list_documents(
    ctx: typer.Context,
    status: Optional[list[str]] = typer.Option(None, "--status", help="draft, published or withdrawn (repeatable)."),
    kommune: Optional[list[str]] = typer.Option(None, "--kommune", help="Only this kommune (repeatable)."),
    pii_status: Optional[list[str]] = typer.Option(None, "--pii", help="none, unreviewed, confirmed or masked."),
    limit: int = typer.Option(100, "--limit", min=1, max=10_000),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (the fields of GET /v1/documents)."),
) -> None:
    """List documents, most recently changed first.

    Example: vidensbank corpus list --status draft
    """
    catalog = Catalog(ctx.obj.catalog_url)
    query = DocumentQuery(status=tuple(status or ()), kommune=tuple(kommune or ()), pii_status=tuple(pii_status or ()))
    total, rows = catalog.find(query, limit=limit)
    catalog.close()
    show_documents(total, rows, as_json=as_json)


@app.command()
def show(ctx: typer.Context, doc_id: str = typer.Argument(...),
         as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show a document's metadata, review state and versions.

    Example: vidensbank corpus show 3f2a9c1b7d4e5f60
    """
    catalog = Catalog(ctx.obj.catalog_url)
    row, versions = catalog.require(doc_id), catalog.versions(doc_id)
    catalog.close()
    show_document(row, versions, as_json=as_json)


@app.command()
def update(
    ctx: typer.Context,
    doc_id: str = typer.Argument(...),
    title: Optional[str] = typer.Option(None, "--title"), kommune: Optional[str] = typer.Option(None, "--kommune"),
    kind: Optional[str] = typer.Option(None, "--kind"), date: Optional[str] = typer.Option(None, "--date"),
    url: Optional[str] = typer.Option(None, "--url"),
    visibility: Optional[str] = typer.Option(None, "--visibility", help="public, signed-in or kommune."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    server: Optional[str] = SERVER, key: Optional[str] = KEY,
) -> None:
    """Change metadata (catalog and index payload, without re-embedding).

    Example: vidensbank corpus update 3f2a9c1b7d4e5f60 --kommune Faxe --kind referat
    Example: vidensbank corpus update 3f2a9c1b7d4e5f60 --visibility kommune
    """
    given = {"title": title, "kommune": kommune, "kind": kind, "date": date, "url": url, "visibility": visibility}
    values = {k: v for k, v in given.items() if v is not None}
    if (sent := _on_server(ctx, server, key, "PATCH", f"/v1/documents/{doc_id}", values)) is not None:
        return show_changed(sent, as_json=as_json, verb="opdateret")
    with Services.open(ctx.obj) as services:
        row = update_metadata(services, doc_id, values, actor=cli_actor())
    show_changed(row, as_json=as_json, verb="opdateret")


@app.command()
def review(
    ctx: typer.Context,
    doc_id: str = typer.Argument(...),
    mask: bool = typer.Option(False, "--mask", help="Mask every personal-data type for readers."),
    show_types: Optional[list[str]] = typer.Option(None, "--show", help="A type fine to show (repeatable): email, phone, …"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    server: Optional[str] = SERVER, key: Optional[str] = KEY,
) -> None:
    """Review personal-data flags so the document can be published.

    Example: vidensbank corpus review 3f2a9c1b7d4e5f60 --show email
    """
    if mask == bool(show_types):
        raise typer.BadParameter("give either --mask or one or more --show TYPE")
    decision = "masked" if mask else "confirmed"
    body = {"pii_status": decision, "pii_shown": show_types or []}
    if (sent := _on_server(ctx, server, key, "PATCH", f"/v1/documents/{doc_id}", body)) is not None:
        return show_changed(sent, as_json=as_json, verb="gennemgået")
    with Services.open(ctx.obj) as services:
        row = review_pii(services, doc_id, decision=decision, shown=show_types, actor=cli_actor())
    show_changed(row, as_json=as_json, verb="gennemgået")


@app.command("publish")
def publish_document(ctx: typer.Context, doc_id: str = typer.Argument(...),
                     as_json: bool = typer.Option(False, "--json", help="Print JSON."),
                     server: Optional[str] = SERVER, key: Optional[str] = KEY) -> None:
    """Publish a draft or withdrawn document.

    Example: vidensbank corpus publish 3f2a9c1b7d4e5f60
    """
    if (sent := _on_server(ctx, server, key, "POST", f"/v1/documents/{doc_id}/publish")) is not None:
        return show_changed(sent, as_json=as_json, verb="udgivet")
    with Services.open(ctx.obj) as services:
        row = publish(services, doc_id, actor=cli_actor())
    show_changed(row, as_json=as_json, verb="udgivet")


@app.command("withdraw")
def withdraw_document(ctx: typer.Context, doc_id: str = typer.Argument(...),
                      as_json: bool = typer.Option(False, "--json", help="Print JSON."),
                      server: Optional[str] = SERVER, key: Optional[str] = KEY) -> None:
    """Withdraw a document from readers' search.

    Example: vidensbank corpus withdraw 3f2a9c1b7d4e5f60
    """
    if (sent := _on_server(ctx, server, key, "POST", f"/v1/documents/{doc_id}/withdraw")) is not None:
        return show_changed(sent, as_json=as_json, verb="trukket tilbage")
    with Services.open(ctx.obj) as services:
        row = withdraw(services, doc_id, actor=cli_actor())
    show_changed(row, as_json=as_json, verb="trukket tilbage")


@app.command()
def delete(ctx: typer.Context, doc_id: str = typer.Argument(...),
           yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
           server: Optional[str] = SERVER, key: Optional[str] = KEY) -> None:
    """Delete a document: its points, its catalog row and its original file (audited).

    Example: vidensbank corpus delete 3f2a9c1b7d4e5f60 --yes
    """
    if not yes:
        typer.confirm(f"Slet {doc_id} for altid?", abort=True)
    if _on_server(ctx, server, key, "DELETE", f"/v1/documents/{doc_id}") is not None:
        return typer.echo(f"{doc_id} slettet.")
    with Services.open(ctx.obj) as services:
        row = delete_document(services, doc_id, actor=cli_actor())
    typer.echo(f"{row.doc_id} slettet ({row.title}).")


@app.command("export")
def export(ctx: typer.Context, archive: Path = typer.Argument(..., help="The .tar.gz to write."),
           as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Write the catalog, metadata and original files to one archive.

    Example: vidensbank corpus export korpus-2025-01.tar.gz
    """
    catalog = Catalog(ctx.obj.catalog_url)
    report = export_corpus(catalog, FileStore(ctx.obj.files_path), archive)
    catalog.close()
    show_summary({"archive": str(archive), "documents": len(report.documents), "files": report.files},
                 as_json=as_json, title="Eksport")


@app.command("import")
def import_(ctx: typer.Context, archive: Path = typer.Argument(..., exists=True, dir_okay=False),
            as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Add the documents of an exported archive (status and review kept) and index them.

    Example: vidensbank corpus import korpus-2025-01.tar.gz
    """
    with Services.open(ctx.obj) as services, RichProgress(enabled=not as_json) as progress:
        report = import_corpus(services, archive, actor=cli_actor(), progress=progress)
    show_summary({"imported": report.documents, "skipped": report.skipped, "failed": report.failed},
                 as_json=as_json, title="Import")
    if report.failed:
        raise typer.Exit(1)


@app.command()
def check(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Reconcile the index with the catalog (the check the server runs at start-up).

    Example: vidensbank corpus check
    """
    with Services.open(ctx.obj) as services:
        report = reconcile(services, actor=cli_actor())
    show_summary(asdict(report), as_json=as_json, title="Kontrol af indeks mod katalog")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="corpus")
