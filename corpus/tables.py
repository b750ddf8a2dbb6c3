"""The catalog's tables as SQLAlchemy models. The schema itself is made by the migrations.

Portable SQL only (SQLite and PostgreSQL): strings, integers, timestamps, JSON.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from indexer.models import DocumentMeta

STATUSES = ("draft", "published", "withdrawn")
PII_STATUSES = ("none", "unreviewed", "confirmed", "masked")
ROLES = ("reader", "curator", "admin")
JOB_STATUSES = ("queued", "running", "done", "failed")


def now() -> datetime:
    """The current time in UTC."""
    return datetime.now(timezone.utc)


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive timestamps; they were written in UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    """A document in the corpus: metadata, review state and the hash of its current file."""

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
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, onupdate=now)
    # Revision 0002: file, personal-data review and who made and last changed the record.
    file_name: Mapped[str | None] = mapped_column(String(255))
    media_type: Mapped[str | None] = mapped_column(String(100))
    pii_types: Mapped[list] = mapped_column(JSON, default=list)
    pii_status: Mapped[str] = mapped_column(String(20), default="none", index=True)
    pii_shown: Mapped[list] = mapped_column(JSON, default=list)
    created_by: Mapped[str | None] = mapped_column(String(100))
    updated_by: Mapped[str | None] = mapped_column(String(100))
    # Revision 0005: ingestion figures and identity.
    oov_before: Mapped[float | None] = mapped_column(Float)  # share of unknown words before OCR repair
    oov_after: Mapped[float | None] = mapped_column(Float)
    fingerprint: Mapped[str | None] = mapped_column(Text)  # MinHash signature (hex), for near-duplicates
    sidecar_hash: Mapped[str | None] = mapped_column(String(64))  # the <file>.meta.yaml it was indexed with
    # Revision 0008: who may see it, and when it was (last) published.
    visibility: Mapped[str] = mapped_column(String(20), default="public", index=True)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)

    def to_meta(self) -> DocumentMeta:
        """The row as pipeline metadata."""
        return DocumentMeta(doc_id=self.doc_id, title=self.title, source=self.source,
                            content_hash=self.content_hash, kommune=self.kommune, kind=self.kind,
                            date=self.date, url=self.url, language=self.language, status=self.status,
                            visibility=self.visibility or "public")


class DocumentAlias(Base):
    """Another file with exactly the same content as a document: indexed once, linked here."""

    __tablename__ = "document_aliases"

    origin: Mapped[str] = mapped_column(Text, primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(64), ForeignKey("documents.doc_id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class VersionRow(Base):
    """One content version of a document: the history of its file hashes."""

    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("doc_id", "version_no", name="uq_versions_doc_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(String(64), ForeignKey("documents.doc_id", ondelete="CASCADE"), index=True)
    version_no: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer, default=0)
    file_name: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    created_by: Mapped[str | None] = mapped_column(String(100))


class ApiKeyRow(Base):
    """An API key: only its SHA-256 hash is kept, plus a short prefix to find it by."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    prefix: Mapped[str] = mapped_column(String(16), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Widget keys: a read-only key usable only from these browser origins (None = any client).
    allowed_origins: Mapped[list | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuditRow(Base):
    """Who did what to which document, and when. Kept when the document is deleted."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)
    actor: Mapped[str] = mapped_column(String(100), index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    doc_id: Mapped[str | None] = mapped_column(String(64), index=True)
    details: Mapped[dict] = mapped_column(JSON, default=dict)


class JobRow(Base):
    """A background job (revision 0007): an upload or an indexing run, with progress and results."""

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # upload, index, reindex, delete, update
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    actor: Mapped[str] = mapped_column(String(100))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    files_total: Mapped[int] = mapped_column(Integer, default=0)
    files_done: Mapped[int] = mapped_column(Integer, default=0)
    passages_total: Mapped[int] = mapped_column(Integer, default=0)
    passages_done: Mapped[int] = mapped_column(Integer, default=0)
    results: Mapped[list] = mapped_column(JSON, default=list)  # one dict per file, as in the index report
    summary: Mapped[dict | None] = mapped_column(JSON)  # what the run returns besides per-file results
    error: Mapped[str | None] = mapped_column(Text)  # Danish reason when failed
    error_type: Mapped[str | None] = mapped_column(String(60))  # the domain error's class name
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str | None] = mapped_column(String(120))  # host:pid of the process running it
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class JobFile(Base):
    """A file handed over with a job (an upload), kept until the job has finished."""

    __tablename__ = "job_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[str] = mapped_column(String(32), ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    data: Mapped[bytes] = mapped_column(LargeBinary)
