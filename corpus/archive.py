"""Moving a corpus between installations: one .tar.gz with the catalog rows and the original files.

Layout: ``manifest.json`` (format, version, documents with their metadata, review state and
versions) and ``files/ab/abcdef…`` (content-addressed, as in the data dir). API keys and the
audit log stay with their installation. Import never extracts the archive to disk: each file
is read by its expected name, size-checked and verified against its hash before it is stored,
then the document is indexed from it.
"""

from __future__ import annotations

import io
import json
import os
import tarfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from corpus.catalog import Catalog
from corpus.documents import delete_document, guarded, reindex_document
from corpus.files import FileStore, digest_of
from corpus.services import Services
from corpus.tables import PII_STATUSES, STATUSES, DocumentRow, VersionRow, as_utc, now
from indexer import crashpoints
from indexer.errors import InvalidInput, VidensbankError
from indexer.visibility import VISIBILITIES

FORMAT, VERSION = "vidensbank-corpus", 1
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
ROW_FIELDS = ("doc_id", "title", "kommune", "kind", "date", "url", "language", "source", "origin",
              "content_hash", "size", "chunk_count", "status", "file_name", "media_type", "pii_types",
              "pii_status", "pii_shown", "created_by", "updated_by", "visibility")
VERSION_FIELDS = ("version_no", "content_hash", "size", "file_name", "created_by")


@dataclass
class ArchiveReport:
    """What an export or import did."""

    documents: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # doc_id -> reason
    failed: dict[str, str] = field(default_factory=dict)
    files: int = 0


def _stamp(value: datetime | None) -> str | None:
    return as_utc(value).isoformat() if value else None


def _record(row: DocumentRow, versions: list[VersionRow]) -> dict:
    record = {name: getattr(row, name) for name in ROW_FIELDS}
    record.update(created_at=_stamp(row.created_at), updated_at=_stamp(row.updated_at),
                  published_at=_stamp(row.published_at) if row.published_at else None)
    record["versions"] = [{**{name: getattr(v, name) for name in VERSION_FIELDS},
                           "created_at": _stamp(v.created_at)} for v in versions]
    return record


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(now().timestamp()), 0o644
    tar.addfile(info, io.BytesIO(data))


def export_corpus(catalog: Catalog, files: FileStore, path: Path) -> ArchiveReport:
    """Write every document, its versions and their files to one archive (needs no store)."""
    report, records, digests = ArchiveReport(), [], set()
    for row in catalog.list(limit=None):
        versions = catalog.versions(row.doc_id)
        records.append(_record(row, versions))
        digests |= {row.content_hash, *(v.content_hash for v in versions)}
        report.documents.append(row.doc_id)
    manifest = {"format": FORMAT, "version": VERSION, "exported_at": now().isoformat(), "documents": records,
                "missing_files": sorted(d for d in digests if not files.has(d))}
    tmp = Path(f"{path}.tmp")
    with tarfile.open(tmp, "w:gz") as tar:
        _add_bytes(tar, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
        for digest in sorted(digests - set(manifest["missing_files"])):
            _add_bytes(tar, f"files/{digest[:2]}/{digest}", files.read(digest))
            report.files += 1
    os.replace(tmp, path)
    return report


def _member(tar: tarfile.TarFile, name: str, *, max_bytes: int) -> bytes:
    try:
        info = tar.getmember(name)
    except KeyError:
        raise InvalidInput(f"Arkivet mangler {name}.") from None
    if not info.isfile() or info.size > max_bytes:
        raise InvalidInput(f"{name} i arkivet er ikke en almindelig fil eller er for stor.")
    return tar.extractfile(info).read()


def read_manifest(tar: tarfile.TarFile) -> dict:
    """The archive's manifest, checked for format and version."""
    try:
        manifest = json.loads(_member(tar, "manifest.json", max_bytes=MAX_MANIFEST_BYTES))
    except json.JSONDecodeError:
        raise InvalidInput("manifest.json i arkivet er ikke gyldig JSON.") from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise InvalidInput(f"Arkivet er ikke et {FORMAT} version {VERSION}-arkiv.")
    return manifest


def _parse_time(value: str | None) -> datetime:
    return datetime.fromisoformat(value) if value else now()


def _rows(record: dict, *, origin_taken: bool) -> tuple[DocumentRow, list[VersionRow]]:
    values = {name: record.get(name) for name in ROW_FIELDS}
    for name in ("pii_types", "pii_shown"):
        values[name] = list(values[name] or [])
    values["size"], values["chunk_count"] = int(values["size"] or 0), int(values["chunk_count"] or 0)
    values["visibility"] = values["visibility"] or "public"  # archives from before visibility
    if (values["status"] not in STATUSES or values["pii_status"] not in PII_STATUSES
            or values["visibility"] not in VISIBILITIES):
        raise InvalidInput("ukendt status i arkivet")
    if origin_taken:
        values["origin"] = f"import:{values['doc_id']}"
    row = DocumentRow(**values, created_at=_parse_time(record.get("created_at")),
                      updated_at=_parse_time(record.get("updated_at")),
                      published_at=_parse_time(record["published_at"]) if record.get("published_at") else None)
    versions = [VersionRow(doc_id=row.doc_id, created_at=_parse_time(v.get("created_at")),
                           **{name: v.get(name) for name in VERSION_FIELDS}) for v in record.get("versions", [])]
    return row, versions


def _store_files(services: Services, tar: tarfile.TarFile, digests: set[str], *, max_bytes: int) -> None:
    for digest in sorted(digests):
        data = _member(tar, f"files/{digest[:2]}/{digest}", max_bytes=max_bytes)
        if digest_of(data) != digest:
            raise InvalidInput(f"Filen {digest[:12]}… i arkivet er beskadiget (forkert hash).")
        services.files.put(data)


def _import_one(services: Services, tar: tarfile.TarFile, record: dict, *, actor: str) -> str | None:
    """Import one document; returns why it was skipped, or None."""
    doc_id, catalog = record.get("doc_id"), services.catalog
    if not isinstance(doc_id, str) or not doc_id:
        raise InvalidInput("et dokument i arkivet mangler doc_id")
    if catalog.get(doc_id):
        return "findes allerede"
    if twin := catalog.by_hash(record.get("content_hash", "")):
        return f"samme indhold som {twin.doc_id}"
    row, versions = _rows(record, origin_taken=catalog.by_origin(record.get("origin") or "") is not None)
    max_bytes = int(services.settings.ingest.max_file_mb * 1e6)
    _store_files(services, tar, {row.content_hash, *(v.content_hash for v in versions)}, max_bytes=max_bytes)
    with guarded(services, "import", [doc_id]):
        catalog.insert(row, versions, actor=actor, action="import")
        crashpoints.reach("import.catalog_inserted")
        try:
            reindex_document(services, doc_id, actor=actor)
        except VidensbankError:
            delete_document(services, doc_id, actor=actor)
            raise
    return None


def import_corpus(services: Services, path: Path, *, actor: str, progress=None) -> ArchiveReport:
    """Add every document of an archive that this installation does not have, and index it."""
    report = ArchiveReport()
    try:
        tar = tarfile.open(path, "r:*")
    except (tarfile.TarError, OSError) as exc:
        raise InvalidInput(f"{path} kan ikke læses som et arkiv ({exc}).") from None
    with tar:
        records = read_manifest(tar)["documents"]
        if progress:
            progress.start("import", len(records))
        for record in records:
            doc_id = str(record.get("doc_id"))
            try:
                reason = _import_one(services, tar, record, actor=actor)
            except VidensbankError as exc:
                report.failed[doc_id] = exc.detail
            else:
                if reason:
                    report.skipped[doc_id] = reason
                else:
                    report.documents.append(doc_id)
            if progress:
                progress.advance("import")
    services.store.optimize()
    return report
