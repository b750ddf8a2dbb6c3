"""The catalog: one row per document, the source of truth the index is rebuilt from.

SQLite by default (a file in the data dir), through SQLAlchemy so a PostgreSQL URL works.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import DateTime, Float, ForeignKey, Integer, String, Text, create_engine, event, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from indexer.models import DocumentMeta


def _now() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    """A document in the corpus."""

    __tablename__ = "documents"

    doc_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    kommune: Mapped[str | None] = mapped_column(String(100), index=True)
    kind: Mapped[str | None] = mapped_column(String(50), index=True)
    date: Mapped[str | None] = mapped_column(String(10))
    url: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(Text, unique=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer, default=0)
    chunk_count: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="published", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, onupdate=_now)
    # Added by issue 4 (ingestion); all nullable so older catalogs gain them in place.
    pii: Mapped[str | None] = mapped_column(Text, default="[]")  # JSON list of personal data types
    oov_before: Mapped[float | None] = mapped_column(Float)  # share of unknown words before OCR repair
    oov_after: Mapped[float | None] = mapped_column(Float)
    fingerprint: Mapped[str | None] = mapped_column(Text)  # MinHash signature (hex), near-duplicates
    sidecar_hash: Mapped[str | None] = mapped_column(String(64))  # <file>.meta.yaml it was indexed with

    @property
    def pii_types(self) -> list[str]:
        """The personal data types found in the document."""
        return json.loads(self.pii or "[]")

    def to_meta(self) -> DocumentMeta:
        """The row as pipeline metadata."""
        return DocumentMeta(doc_id=self.doc_id, title=self.title, source=self.source,
                            content_hash=self.content_hash, kommune=self.kommune, kind=self.kind,
                            date=self.date, url=self.url, language=self.language, status=self.status)


class DocumentAlias(Base):
    """Another file with exactly the same content as a document: indexed once, linked here."""

    __tablename__ = "document_aliases"

    origin: Mapped[str] = mapped_column(Text, primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(64), ForeignKey("documents.doc_id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


def _add_missing_columns(engine: Engine) -> None:
    """Add this version's nullable document columns to a catalog created by an older one.

    A stop-gap until the catalog is managed by migrations: only ADD COLUMN of nullable
    columns, which every supported database does in place.
    """
    present = {c["name"] for c in inspect(engine).get_columns("documents")}
    missing = [c for c in DocumentRow.__table__.columns if c.name not in present]
    with engine.begin() as conn:
        for column in missing:
            conn.execute(text(f"ALTER TABLE documents ADD COLUMN {column.name} "
                              f"{column.type.compile(engine.dialect)}"))


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the CLI read the catalog while the server writes it.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class Catalog:
    """Document records in a SQL database."""

    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        Base.metadata.create_all(self.engine)
        _add_missing_columns(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed on success, rolled back on error."""
        with self._sessions() as session, session.begin():
            yield session

    def get(self, doc_id: str) -> DocumentRow | None:
        """One document by id."""
        with self.session() as s:
            return s.get(DocumentRow, doc_id)

    def by_origin(self, origin: str) -> DocumentRow | None:
        """The document indexed from this path or upload."""
        with self.session() as s:
            return s.scalars(select(DocumentRow).where(DocumentRow.origin == origin)).first()

    def by_hash(self, content_hash: str) -> DocumentRow | None:
        """A document with exactly this content."""
        with self.session() as s:
            return s.scalars(select(DocumentRow).where(DocumentRow.content_hash == content_hash)).first()

    def save(self, meta: DocumentMeta, *, origin: str, size: int, chunk_count: int,
             pii: tuple[str, ...] | list[str] = (), oov_before: float | None = None,
             oov_after: float | None = None, fingerprint: str | None = None,
             sidecar_hash: str | None = None) -> None:
        """Insert or update the record of a document after it has been indexed."""
        with self.session() as s:
            row = s.get(DocumentRow, meta.doc_id) or DocumentRow(doc_id=meta.doc_id)
            for field in ("title", "kommune", "kind", "date", "url", "language", "source",
                          "content_hash", "status"):
                setattr(row, field, getattr(meta, field))
            row.origin, row.size, row.chunk_count = origin, size, chunk_count
            row.pii = json.dumps(sorted(pii))
            row.oov_before, row.oov_after = oov_before, oov_after
            row.fingerprint, row.sidecar_hash = fingerprint, sidecar_hash
            s.add(row)

    def add_alias(self, doc_id: str, *, origin: str, source: str) -> None:
        """Link another file with the same content to a document (idempotent)."""
        with self.session() as s:
            alias = s.get(DocumentAlias, origin) or DocumentAlias(origin=origin)
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

    def list(self, *, limit: int = 1000, offset: int = 0) -> list[DocumentRow]:
        """Documents, newest first."""
        with self.session() as s:
            query = select(DocumentRow).order_by(DocumentRow.updated_at.desc()).limit(limit).offset(offset)
            return list(s.scalars(query))

    def delete(self, doc_id: str) -> None:
        """Remove a document's record and its aliases."""
        with self.session() as s:
            for alias in s.scalars(select(DocumentAlias).where(DocumentAlias.doc_id == doc_id)):
                s.delete(alias)
            if row := s.get(DocumentRow, doc_id):
                s.delete(row)

    def close(self) -> None:
        """Release database connections."""
        self.engine.dispose()
