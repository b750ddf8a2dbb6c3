"""`vidensbank store migrate --to ...`: move the index to another backend without re-embedding;
`vidensbank store repair`: rebuild a damaged store from the catalog and the original files.

The configured store is the source. Stop the server first when it uses the embedded store
(it holds the store); a Qdrant server can stay in use while its index is copied out.
"""

from __future__ import annotations

from typing import Optional

import typer

from corpus.audit import cli_actor
from corpus.repair import repair_store
from indexer.embedder import create_embedder
from indexer.store import open_store
from indexer.store.migrate import check_not_source, copy_points, open_target, parse_target
from vidensbank.curation_output import show_summary
from vidensbank.output import err_console
from vidensbank.progress import RichProgress

app = typer.Typer(help="The vector index: move it between the embedded store and a Qdrant server, or "
                       "repair it from the catalog.", no_args_is_help=True)


@app.command()
def migrate(
    ctx: typer.Context,
    to: str = typer.Option(..., "--to", help="Target: a Qdrant URL (http://qdrant:6333), 'edge' for the "
                                             "configured embedded folder, or the folder of an embedded store."),
    collection: Optional[str] = typer.Option(None, "--collection", help="Collection (alias) on a Qdrant target "
                                                                        "(default: VIDENSBANK_STORE__COLLECTION)."),
    batch_size: int = typer.Option(256, "--batch-size", min=1, max=10_000, help="Points per request."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Copy every point, its payload and all its vectors from the configured store to an empty
    target, in batches, and check the count. The source is left as it was.

    Examples:
      vidensbank store migrate --to http://qdrant:6333
      VIDENSBANK_STORE__URL=http://qdrant:6333 vidensbank store migrate --to edge
    """
    settings = ctx.obj
    target = parse_target(to, settings=settings, collection=collection)
    check_not_source(target, settings=settings)
    embedder = create_embedder(settings.embedding)
    source = open_store(settings, model=embedder.name, dim=embedder.dim)
    try:
        copy = open_target(target, settings=settings, model=embedder.name, dim=embedder.dim)
        try:
            with RichProgress(enabled=not as_json) as progress:
                copied = copy_points(source, copy, batch_size=batch_size, progress=progress)
        finally:
            copy.close()
    finally:
        source.close()
    show_summary({"points": copied, "source": source.info_backend, "target": target.describe()},
                 as_json=as_json, title="Flytning af indekset")
    if not as_json:
        setting = f"VIDENSBANK_STORE__URL={target.url}" if target.url else f"VIDENSBANK_STORE__PATH={target.path}"
        err_console.print(f"Brug det nye indeks med {setting} (og genstart serveren).", highlight=False)


@app.command()
def repair(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print the report as JSON.")) -> None:
    """Rebuild the index when the store cannot be used (a damaged metadata file or segment).

    A damaged store folder is moved aside (store.damaged-<time>) and kept until you delete
    it; every document is indexed again from the catalog and its stored original file. Stop
    the server first.

    Example: vidensbank store repair
    """
    with RichProgress(enabled=not as_json) as progress:
        report = repair_store(ctx.obj, actor=cli_actor(), progress=progress)
    show_summary({"moved_to": str(report.moved_to) if report.moved_to else None,
                  "reindexed": len(report.rebuild.reindexed), "chunks": report.rebuild.chunks,
                  "failed": report.rebuild.failed}, as_json=as_json, title="Reparation af lageret")
    if report.rebuild.failed:
        raise typer.Exit(1)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="store")
