"""The nouns that flow through the pipeline: blocks, documents, chunks, sparse vectors."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list", "table"]

# Fixed namespace so a chunk keeps its point id across re-indexing runs.
CHUNK_NAMESPACE = uuid.UUID("5f1c2a8e-4b7d-4c1e-9a53-7d0e2b6f9c10")


@dataclass(frozen=True)
class Block:
    """One structural unit of a parsed document: a heading, paragraph, list or table."""

    kind: BlockKind
    text: str
    page: int | None = None
    level: int = 0
    standalone: bool = False  # a heading whose section is never merged with its neighbours (agenda items)


@dataclass(frozen=True)
class ParsedDocument:
    """What a parser extracts from one file: blocks in reading order plus embedded metadata."""

    format: str
    blocks: tuple[Block, ...]
    metadata: dict = field(default_factory=dict)
    page_count: int | None = None

    @property
    def text(self) -> str:
        """All block text, blank-line separated."""
        return "\n\n".join(b.text for b in self.blocks)


@dataclass(frozen=True)
class DocumentMeta:
    """Descriptive metadata of one document; becomes the filterable payload of its chunks."""

    doc_id: str
    title: str
    source: str
    content_hash: str
    kommune: str | None = None
    kind: str | None = None
    date: str | None = None  # ISO 8601 YYYY-MM-DD
    url: str | None = None
    language: str | None = None
    status: str = "published"
    visibility: str = "public"  # public, signed-in or kommune (indexer/visibility.py)

    @property
    def year(self) -> int | None:
        """Year of the document date, for range filters."""
        return int(self.date[:4]) if self.date else None


@dataclass(frozen=True)
class Chunk:
    """A passage of a document, the unit that is embedded, stored and cited."""

    doc_id: str
    chunk_no: int
    text: str
    section: str | None = None
    page: int | None = None
    page_end: int | None = None
    # (line, page) where each page begins in ``text`` (and ``original_text``): a chunk of
    # merged short pages (slides, letters) cites the page that holds the quoted sentence.
    page_starts: tuple[tuple[int, int], ...] = ()
    original_text: str | None = None  # the text as written, when OCR repair changed it
    pii: tuple[str, ...] = ()  # types of personal data found (indexer.pii.PII_TYPES)
    # (type, start, end) of each unmasked finding in text / original_text, so readers' views
    # can mask names that were recognised elsewhere in the document.
    pii_spans: tuple[tuple[str, int, int], ...] = ()
    original_pii_spans: tuple[tuple[str, int, int], ...] = ()

    @property
    def chunk_id(self) -> str:
        """Stable point id: uuid5 of (doc_id, chunk number)."""
        return chunk_id(self.doc_id, self.chunk_no)

    @property
    def word_count(self) -> int:
        """Number of whitespace-separated words."""
        return len(self.text.split())


def chunk_id(doc_id: str, chunk_no: int) -> str:
    """Point id of chunk ``chunk_no`` of ``doc_id``."""
    return str(uuid.uuid5(CHUNK_NAMESPACE, f"{doc_id}:{chunk_no}"))


@dataclass(frozen=True)
class SparseVector:
    """A sparse vector as parallel index and value lists."""

    indices: tuple[int, ...]
    values: tuple[float, ...]
