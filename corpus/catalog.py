"""The catalog: documents and their versions, the source of truth the index is rebuilt from.

SQLite by default (a file in the data dir), through SQLAlchemy so a PostgreSQL URL works.
Every change is written together with its audit entry, in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from corpus.audit import AuditLog
from corpus.database import Database
from corpus.jobs import JobQueue
from corpus.keys import KeyRing
from corpus.tables import DocumentAlias, DocumentRow, VersionRow, now
from indexer.errors import NotFound
from indexer.models import DocumentMeta
from indexer.visibility import KOMMUNE, Viewer

META_FIELDS = ("title", "kommune", "kind", "date", "url", "language", "source", "content_hash", "status",
               "visibility")


@dataclass(frozen=True)
class DocumentQuery:
    """Filters for listing documents; empty tuples match everything."""

    status: tuple[str, ...] = ()
    kommune: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    pii_status: tuple[str, ...] = ()
    text: str | None = None  # part of the title or file name
    doc_ids: tuple[str, ...] = ()
    viewer: Viewer | None = None  # only documents this reader may see (None: no such condition)

    def apply(self, query):
        """Add these conditions to a SELECT over documents."""
        for column, values in ((DocumentRow.status, self.status), (DocumentRow.kommune, self.kommune),
                               (DocumentRow.kind, self.kind), (DocumentRow.pii_status, self.pii_status),
                               (DocumentRow.doc_id, self.doc_ids)):
            if values:
                query = query.where(column.in_(values))
        if self.viewer is not None:
            query = query.where(visible_to(self.viewer))
        if self.text:
            pattern = f"%{like_escape(self.text.lower())}%"  # "50%" and "a_b" are text, not wildcards
            query = query.where(func.lower(DocumentRow.title).like(pattern, escape="\\")
                                | func.lower(func.coalesce(DocumentRow.file_name, "")).like(pattern, escape="\\"))
        return query


def like_escape(text: str) -> str:
    """``text`` for a LIKE pattern with ``escape="\\"``: its %, _ and \\ match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def visible_to(viewer: Viewer):
    """The SQL condition for the documents a reader may see (the store's condition, in SQL)."""
    allowed = DocumentRow.visibility.in_(viewer.visibilities())
    if viewer.kommune:
        allowed = allowed | ((DocumentRow.visibility == KOMMUNE) & (DocumentRow.kommune == viewer.kommune))
    return allowed


class Catalog:
    """Documents, versions, API keys and the audit log in one SQL database."""

    def __init__(self, url: str) -> None:
        self.db = Database(url)
        self.engine = self.db.engine
        self.keys = KeyRing(self.db)
        self.audit = AuditLog(self.db)
        self.jobs = JobQueue(self.db)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed on success, rolled back on error."""
        with self.db.session() as session:
            yield session

    def get(self, doc_id: str) -> DocumentRow | None:
        """One document by id."""
        with self.session() as s:
            return s.get(DocumentRow, doc_id)

    def require(self, doc_id: str) -> DocumentRow:
        """One document by id, or NotFound (404)."""
        row = self.get(doc_id)
        if row is None:
            raise NotFound(f"Dokumentet {doc_id} findes ikke.")
        return row

    def by_origin(self, origin: str) -> DocumentRow | None:
        """The document indexed from this path or upload."""
        with self.session() as s:
            return s.scalars(select(DocumentRow).where(DocumentRow.origin == origin)).first()

    def by_hash(self, content_hash: str) -> DocumentRow | None:
        """A document with exactly this content."""
        with self.session() as s:
            return s.scalars(select(DocumentRow).where(DocumentRow.content_hash == content_hash)).first()

    def save(self, meta: DocumentMeta, *, origin: str, size: int, chunk_count: int, actor: str = "cli",
             action: str = "index", **fields: object) -> DocumentRow:
        """Insert or update a document after it has been indexed; a new content hash is a new version."""
        with self.session() as s:
            row = s.get(DocumentRow, meta.doc_id)
            created = row is None
            row = row or DocumentRow(doc_id=meta.doc_id, created_by=actor, created_at=now())
            for name in META_FIELDS:
                setattr(row, name, getattr(meta, name))
            row.origin, row.size, row.chunk_count, row.updated_by = origin, size, chunk_count, actor
            for name, value in fields.items():
                setattr(row, name, value)
            if row.status == "published" and row.published_at is None:
                row.published_at = now()
            s.add(row)
            s.flush()
            version = self._add_version(s, row, actor=actor)
            self.audit.add(s, actor=actor, action=action, doc_id=row.doc_id,
                           details={"created": created, "version": version, "status": row.status,
                                    "chunks": chunk_count, "pii": list(row.pii_types or [])})
            return row

    @staticmethod
    def _add_version(s: Session, row: DocumentRow, *, actor: str) -> int:
        last = s.scalars(select(VersionRow).where(VersionRow.doc_id == row.doc_id)
                         .order_by(VersionRow.version_no.desc())).first()
        if last is not None and last.content_hash == row.content_hash:
            return last.version_no
        number = last.version_no + 1 if last else 1
        s.add(VersionRow(doc_id=row.doc_id, version_no=number, content_hash=row.content_hash, size=row.size,
                         file_name=row.file_name, created_by=actor, created_at=now()))
        return number

    def update(self, doc_id: str, values: dict, *, actor: str, action: str,
               details: dict | None = None) -> DocumentRow:
        """Change fields of a document and record why, in one transaction."""
        with self.session() as s:
            row = s.get(DocumentRow, doc_id)
            if row is None:
                raise NotFound(f"Dokumentet {doc_id} findes ikke.")
            for name, value in values.items():
                setattr(row, name, value)
            row.updated_by, row.updated_at = actor, now()
            self.audit.add(s, actor=actor, action=action, doc_id=doc_id, details=details or {})
            return row

    def delete(self, doc_id: str, *, actor: str = "cli", details: dict | None = None) -> list[str]:
        """Remove a document and its versions; returns the content hashes its versions used."""
        with self.session() as s:
            row = s.get(DocumentRow, doc_id)
            if row is None:
                return []
            versions = s.scalars(select(VersionRow.content_hash).where(VersionRow.doc_id == doc_id))
            hashes = sorted(set(versions) | {row.content_hash})
            s.execute(delete(VersionRow).where(VersionRow.doc_id == doc_id))
            s.execute(delete(DocumentAlias).where(DocumentAlias.doc_id == doc_id))
            s.delete(row)
            self.audit.add(s, actor=actor, action="delete", doc_id=doc_id,
                           details={"title": row.title, **(details or {})})
            return hashes

    def find(self, query: DocumentQuery | None = None, *, limit: int = 50,
             offset: int = 0) -> tuple[int, list[DocumentRow]]:
        """Total matching and one page of documents, most recently changed first."""
        query = query or DocumentQuery()
        with self.session() as s:
            total = s.scalar(query.apply(select(func.count()).select_from(DocumentRow)))
            page = query.apply(select(DocumentRow)).order_by(DocumentRow.updated_at.desc(), DocumentRow.doc_id)
            return int(total or 0), list(s.scalars(page.limit(limit).offset(offset)))

    def newest(self, query: DocumentQuery, *, limit: int = 30) -> list[DocumentRow]:
        """Documents matching the query, most recently published first."""
        with self.session() as s:
            page = query.apply(select(DocumentRow)).where(DocumentRow.published_at.is_not(None))
            return list(s.scalars(page.order_by(DocumentRow.published_at.desc(), DocumentRow.doc_id).limit(limit)))

    def list(self, *, limit: int | None = 1000, offset: int = 0) -> list[DocumentRow]:
        """Documents, most recently changed first."""
        with self.session() as s:
            query = select(DocumentRow).order_by(DocumentRow.updated_at.desc(), DocumentRow.doc_id)
            return list(s.scalars(query.limit(limit).offset(offset)))

    def count_by_status(self) -> dict[str, int]:
        """Review status -> number of documents (for the operator's metrics)."""
        with self.session() as s:
            rows = s.execute(select(DocumentRow.status, func.count()).group_by(DocumentRow.status))
            return {str(status): int(n) for status, n in rows}

    def versions(self, doc_id: str) -> list[VersionRow]:
        """The content versions of a document, oldest first."""
        with self.session() as s:
            return list(s.scalars(select(VersionRow).where(VersionRow.doc_id == doc_id)
                                  .order_by(VersionRow.version_no)))

    def referenced_hashes(self) -> set[str]:
        """Every content hash a document or version points at (their files must be kept)."""
        with self.session() as s:
            return set(s.scalars(select(VersionRow.content_hash))) | set(s.scalars(select(DocumentRow.content_hash)))

    def insert(self, row: DocumentRow, versions: Sequence[VersionRow], *, actor: str, action: str) -> None:
        """Add a complete document record (from an archive), audited."""
        with self.session() as s:
            s.add(row)
            s.flush()
            s.add_all(versions)
            self.audit.add(s, actor=actor, action=action, doc_id=row.doc_id,
                           details={"title": row.title, "versions": len(versions)})

    def add_alias(self, doc_id: str, *, origin: str, source: str) -> None:
        """Link another file with the same content to a document (idempotent)."""
        with self.session() as s:
            alias = s.get(DocumentAlias, origin) or DocumentAlias(origin=origin, created_at=now())
            alias.doc_id, alias.source = doc_id, source
            s.add(alias)

    def alias(self, origin: str) -> DocumentAlias | None:
        """The alias recorded for this file, if it is one."""
        with self.session() as s:
            return s.get(DocumentAlias, origin)

    def aliases(self, doc_id: str) -> list[DocumentAlias]:
        """Every other file linked to a document, oldest first."""
        with self.session() as s:
            query = select(DocumentAlias).where(DocumentAlias.doc_id == doc_id).order_by(DocumentAlias.created_at)
            return list(s.scalars(query))

    def remove_alias(self, origin: str) -> None:
        """Unlink a file from its document."""
        with self.session() as s:
            if alias := s.get(DocumentAlias, origin):
                s.delete(alias)

    def promote_alias(self, doc_id: str) -> DocumentAlias | None:
        """Make a document's oldest alias its primary file (when the primary file is gone)."""
        with self.session() as s:
            row = s.get(DocumentRow, doc_id)
            query = select(DocumentAlias).where(DocumentAlias.doc_id == doc_id).order_by(DocumentAlias.created_at)
            alias = s.scalars(query).first()
            if row is None or alias is None:
                return None
            row.origin, row.source = alias.origin, alias.source
            s.delete(alias)
            s.flush()
            return alias

    def under(self, folder: str) -> tuple[list[DocumentRow], list[DocumentAlias]]:
        """Documents and aliases whose file lies in ``folder`` (an absolute path)."""
        prefix = folder.rstrip("/\\") + "/"
        with self.session() as s:
            rows = s.scalars(select(DocumentRow).where(DocumentRow.origin.startswith(prefix, autoescape=True)))
            aliases = s.scalars(select(DocumentAlias).where(DocumentAlias.origin.startswith(prefix, autoescape=True)))
            return list(rows), list(aliases)

    def fingerprints(self) -> dict[str, tuple[str, str]]:
        """doc_id -> (source, MinHash hex) of every document that has one."""
        with self.session() as s:
            rows = s.execute(select(DocumentRow.doc_id, DocumentRow.source, DocumentRow.fingerprint)
                             .where(DocumentRow.fingerprint.is_not(None)))
            return {doc_id: (source, fp) for doc_id, source, fp in rows}

    def close(self) -> None:
        """Release database connections."""
        self.db.close()
