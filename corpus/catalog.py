"""The catalog: one row per document, the source of truth the index is rebuilt from.

SQLite by default (a file in the data dir), through SQLAlchemy so a PostgreSQL URL works.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import DateTime, Integer, String, Text, create_engine, event, select
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

    def to_meta(self) -> DocumentMeta:
        """The row as pipeline metadata."""
        return DocumentMeta(doc_id=self.doc_id, title=self.title, source=self.source,
                            content_hash=self.content_hash, kommune=self.kommune, kind=self.kind,
                            date=self.date, url=self.url, language=self.language, status=self.status)


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

    def save(self, meta: DocumentMeta, *, origin: str, size: int, chunk_count: int) -> None:
        """Insert or update the record of a document after it has been indexed."""
        with self.session() as s:
            row = s.get(DocumentRow, meta.doc_id) or DocumentRow(doc_id=meta.doc_id)
            for field in ("title", "kommune", "kind", "date", "url", "language", "source",
                          "content_hash", "status"):
                setattr(row, field, getattr(meta, field))
            row.origin, row.size, row.chunk_count = origin, size, chunk_count
            s.add(row)

    def list(self, *, limit: int = 1000, offset: int = 0) -> list[DocumentRow]:
        """Documents, newest first."""
        with self.session() as s:
            query = select(DocumentRow).order_by(DocumentRow.updated_at.desc()).limit(limit).offset(offset)
            return list(s.scalars(query))

    def delete(self, doc_id: str) -> None:
        """Remove a document's record."""
        with self.session() as s:
            if row := s.get(DocumentRow, doc_id):
                s.delete(row)

    def close(self) -> None:
        """Release database connections."""
        self.engine.dispose()
