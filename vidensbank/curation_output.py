"""Rendering of documents, keys and reports for `vidensbank corpus`, `keys` and `reindex`."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from corpus.catalog import DocumentRow
from corpus.keys import ApiKey
from corpus.tables import VersionRow
from search_api.curation_schemas import DocumentOut, VersionOut
from vidensbank.output import out, print_json

STATUS_STYLE = {"draft": "yellow", "published": "green", "withdrawn": "red"}


def document_json(row: DocumentRow) -> dict:
    """A document as the API returns it."""
    return DocumentOut.from_row(row).model_dump(mode="json")


def show_documents(total: int, rows: list[DocumentRow], *, as_json: bool) -> None:
    """A table of documents, or the API's page shape as JSON."""
    if as_json:
        print_json({"total": total, "documents": [document_json(r) for r in rows]})
        return
    table = Table(title=f"Dokumenter ({len(rows)} af {total})")
    table.add_column("doc_id", no_wrap=True, min_width=16)  # curators copy it into the next command
    table.add_column("Status", no_wrap=True)
    for column in ("PII", "Kommune", "Type"):
        table.add_column(column)
    table.add_column("Dato", no_wrap=True)
    table.add_column("Titel", min_width=20)
    for r in rows:
        style = STATUS_STYLE.get(r.status, "")
        pii = r.pii_status if r.pii_status == "none" else f"{r.pii_status}: {', '.join(r.pii_types)}"
        table.add_row(r.doc_id, f"[{style}]{r.status}[/{style}]", pii, r.kommune or "", r.kind or "",
                      r.date or "", escape(r.title))
    out.print(table)


def show_document(row: DocumentRow, versions: list[VersionRow], *, as_json: bool) -> None:
    """One document's record and versions."""
    if as_json:
        print_json({**document_json(row), "versions": [VersionOut.from_row(v).model_dump(mode="json")
                                                       for v in versions]})
        return
    for name, value in document_json(row).items():
        out.print(f"[bold]{name}[/bold]: {escape(str(value))}")
    for v in versions:
        out.print(f"  version {v.version_no}: {v.content_hash[:12]}… {v.size} bytes, "
                  f"{v.created_at:%Y-%m-%d %H:%M} {escape(v.created_by or '')}")


def show_changed(row: DocumentRow | dict, *, as_json: bool, verb: str) -> None:
    """The result of a status change or edit (a catalog row, or the record a server returned)."""
    record = row if isinstance(row, dict) else document_json(row)
    if as_json:
        print_json(record)
    else:
        out.print(f"{record['doc_id']} {verb}: status {record['status']}, synlighed {record.get('visibility', 'public')}, personoplysninger {record['pii_status']}.")


def key_json(key: ApiKey) -> dict:
    """A key's public facts (never the key)."""
    return {"name": key.name, "role": key.role, "prefix": key.prefix,
            "allowed_origins": list(key.allowed_origins) if key.allowed_origins is not None else None,
            "created_at": key.created_at.isoformat(),
            "revoked_at": key.revoked_at.isoformat() if key.revoked_at else None}


def show_keys(keys: list[ApiKey], *, as_json: bool) -> None:
    """Every key with role, prefix and state."""
    if as_json:
        print_json([key_json(k) for k in keys])
        return
    table = Table(title="API-nøgler")
    for column in ("Navn", "Rolle", "Præfiks", "Oprindelser (widget)", "Oprettet", "Tilbagekaldt"):
        table.add_column(column)
    for k in keys:
        origins = ", ".join(k.allowed_origins) if k.allowed_origins is not None else ""
        table.add_row(escape(k.name), k.role, k.prefix, escape(origins), f"{k.created_at:%Y-%m-%d}",
                      f"{k.revoked_at:%Y-%m-%d}" if k.revoked_at else "")
    out.print(table)


def _items(value: list | dict) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} ({v})" for k, v in value.items())
    return ", ".join(str(v) for v in value)


def show_summary(data: dict, *, as_json: bool, title: str) -> None:
    """A report (reindex, import, export, check) as key/value lines or JSON."""
    if as_json:
        print_json(data)
        return
    out.print(f"[bold]{title}[/bold]")
    for name, value in data.items():
        if isinstance(value, (list, dict)):
            listed = f": {_items(value)}" if value and len(value) <= 20 else ""
            out.print(f"  {name}: {len(value)}{escape(listed)}")
        else:
            out.print(f"  {name}: {value}")
