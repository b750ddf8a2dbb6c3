"""Pydantic models of the curation API: documents, chunks, versions, edits and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from corpus.audit import AuditEntry
from corpus.tables import DocumentRow, VersionRow, as_utc
from search_api.masking import visible_field, visible_url

Status = Literal["draft", "published", "withdrawn"]
PiiStatus = Literal["none", "unreviewed", "confirmed", "masked"]
Visibility = Literal["public", "signed-in", "kommune"]


class DocumentOut(BaseModel):
    """A document's catalog record."""

    doc_id: str
    title: str
    kommune: str | None
    kind: str | None
    date: str | None = Field(description="ISO 8601 YYYY-MM-DD, or null.")
    url: str | None
    language: str | None
    source: str = Field(description="File name (relative to the indexed folder) shown in citations.")
    file_name: str | None = Field(description="Cleaned name of the original file.")
    media_type: str | None
    content_hash: str = Field(description="SHA-256 of the current original file.")
    size: int = Field(description="Bytes of the original file.")
    chunk_count: int
    status: Status = Field(description="draft (readers cannot see it), published or withdrawn.")
    visibility: Visibility = Field(
        description="public (everyone), signed-in (any user signed in through a kommune's identity provider) "
                    "or kommune (only users of the document's own kommune); curators see all.")
    published_at: datetime | None = Field(default=None, description="When it was last published.")
    pii: list[str] = Field(description="Personal-data types detected: cpr, phone, email, name.")
    pii_status: PiiStatus = Field(
        description="none; unreviewed (blocks publishing); masked (all types masked for readers); "
                    "confirmed (the types in pii_shown are shown to readers, the rest masked).")
    pii_shown: list[str]
    created_at: datetime
    updated_at: datetime
    created_by: str | None = Field(description="Key name (or cli:<user>); null for readers.")
    updated_by: str | None = Field(description="Key name (or cli:<user>); null for readers.")

    @classmethod
    def from_row(cls, row: DocumentRow, *, curator: bool = True) -> "DocumentOut":
        shown = row.pii_shown or ()
        field = (lambda v: v) if curator else (lambda v: visible_field(v, shown))
        return cls(
            doc_id=row.doc_id, title=field(row.title), kommune=row.kommune, kind=row.kind, date=row.date,
            url=row.url if curator else visible_url(row.url, shown), language=row.language,
            source=field(row.source), file_name=field(row.file_name), media_type=row.media_type,
            content_hash=row.content_hash, size=row.size, chunk_count=row.chunk_count, status=row.status,
            visibility=row.visibility or "public", published_at=as_utc(row.published_at),
            pii=list(row.pii_types or []), pii_status=row.pii_status, pii_shown=list(row.pii_shown or []),
            created_at=as_utc(row.created_at), updated_at=as_utc(row.updated_at),
            created_by=row.created_by if curator else None, updated_by=row.updated_by if curator else None,
        )


class PiiSpan(BaseModel):
    """Where personal data sits in a chunk's text (character offsets)."""

    type: str
    start: int
    end: int


class ChunkOut(BaseModel):
    """A chunk as the index holds it."""

    chunk_id: str
    chunk_no: int
    text: str = Field(description="Readers get personal data masked ([telefon], [e-mail], …).")
    section: str | None
    page: int | None
    page_end: int | None
    pii: list[str]
    pii_spans: list[PiiSpan] | None = Field(default=None, description="Curators only: where each match is.")


class VersionOut(BaseModel):
    """One content version of a document."""

    version_no: int
    content_hash: str
    size: int
    file_name: str | None
    created_at: datetime
    created_by: str | None

    @classmethod
    def from_row(cls, row: VersionRow, *, curator: bool = True, shown: list[str] | None = None) -> "VersionOut":
        return cls(version_no=row.version_no, content_hash=row.content_hash, size=row.size,
                   file_name=row.file_name if curator else visible_field(row.file_name, shown or ()),
                   created_at=as_utc(row.created_at), created_by=row.created_by if curator else None)


class DocumentDetail(DocumentOut):
    """A document with its chunks and versions."""

    chunks: list[ChunkOut]
    versions: list[VersionOut]


class DocumentPage(BaseModel):
    """One page of documents."""

    total: int
    limit: int
    offset: int
    documents: list[DocumentOut]


class DocumentPatch(BaseModel):
    """PATCH /v1/documents/{id}: metadata, and the curator's personal-data decision."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"kommune": "Faxe", "kind": "referat"},
        {"visibility": "kommune"},
        {"pii_status": "confirmed", "pii_shown": ["email"]},
        {"pii_status": "masked"},
    ]})

    title: str | None = None
    kommune: str | None = None
    kind: str | None = None
    date: str | None = Field(default=None, description="YYYY-MM-DD")
    url: str | None = None
    language: str | None = None
    visibility: Visibility | None = Field(
        default=None, description="public, signed-in or kommune; takes effect at once, without re-embedding.")
    pii_status: Literal["confirmed", "masked"] | None = Field(
        default=None, description="masked: readers see all personal data masked; confirmed: the "
                                  "types in pii_shown may be shown.")
    pii_shown: list[str] | None = Field(default=None, description="Types fine to show, e.g. ['email'].")

    def metadata(self) -> dict:
        """The metadata fields the request sets (null clears a field)."""
        return {k: v for k, v in self.model_dump(exclude_unset=True).items() if not k.startswith("pii_")}


class AuditEntryOut(BaseModel):
    """One action in the audit log."""

    id: int
    at: datetime
    actor: str = Field(description="Name of the key (or cli:<user>, system) that acted.")
    action: str = Field(description="upload, index, update, publish, withdraw, review_pii, delete, "
                                    "reindex, import, reconcile, key_create, key_revoke")
    doc_id: str | None
    details: dict

    @classmethod
    def from_entry(cls, entry: AuditEntry) -> "AuditEntryOut":
        return cls(**entry.__dict__)


class AuditPage(BaseModel):
    """One page of the audit log, newest first."""

    total: int
    limit: int
    offset: int
    entries: list[AuditEntryOut]
