"""The indexing pipeline for one document: parse -> describe -> chunk -> embed -> points."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from indexer import ngrams
from indexer.chunker import split_document
from indexer.embedder import Embedder
from indexer.metadata import describe
from indexer.models import Chunk, DocumentMeta
from indexer.parser import parse_bytes
from indexer.settings import Settings
from indexer.store import StoredPoint
from indexer.store import bm25
from indexer.text import passage_sentences

MAX_SENTENCES = 48  # per chunk; a long table or list would otherwise cost many vectors


@dataclass(frozen=True)
class PreparedDocument:
    """A parsed, described and chunked document, ready to embed."""

    meta: DocumentMeta
    chunks: tuple[Chunk, ...]
    page_count: int | None = None


def prepare_document(name: str, data: bytes, *, doc_id: str, content_hash: str, source: str,
                     settings: Settings, overrides: dict | None = None,
                     status: str = "published") -> PreparedDocument:
    """Parse and chunk one file; ``overrides`` (e.g. upload form fields) win over inference."""
    parsed = parse_bytes(name, data)
    fields = describe(parsed, name=name)
    fields.update({k: v for k, v in (overrides or {}).items() if v not in (None, "")})
    meta = DocumentMeta(doc_id=doc_id, source=source, content_hash=content_hash, status=status, **fields)
    chunks = split_document(parsed.blocks, doc_id=doc_id, settings=settings.chunking)
    return PreparedDocument(meta=meta, chunks=tuple(chunks), page_count=parsed.page_count)


def passage_text(chunk: Chunk, meta: DocumentMeta) -> str:
    """What gets embedded: title and section give a passage its context."""
    head = " - ".join(part for part in (meta.title, chunk.section) if part)
    return f"{head}\n{chunk.text}" if head else chunk.text


def chunk_payload(chunk: Chunk, meta: DocumentMeta) -> dict:
    """The stored payload of one chunk: everything a hit and a citation need, plus filter fields."""
    return {
        "doc_id": meta.doc_id,
        "chunk_no": chunk.chunk_no,
        "text": chunk.text,
        "section": chunk.section,
        "page": chunk.page,
        "page_end": chunk.page_end,
        "title": meta.title,
        "kommune": meta.kommune,
        "kind": meta.kind,
        "date": meta.date,
        "year": meta.year,
        "url": meta.url,
        "source": meta.source,
        "language": meta.language,
        "status": meta.status,
        "content_hash": meta.content_hash,
    }


def chunk_sentences(text: str) -> list[str]:
    """The sentences of a chunk's text that get their own vector, in order."""
    return [s for s in passage_sentences(text) if len(s.split()) >= 2][:MAX_SENTENCES]


def _sentence_vectors(chunks, embedder: Embedder) -> list[np.ndarray]:
    """One (n_sentences, dim) matrix per chunk, embedded in one call."""
    per_chunk = [chunk_sentences(c.text) for c in chunks]
    flat = embedder.embed_passages([s for sentences in per_chunk for s in sentences]) if any(per_chunk) else None
    out, start = [], 0
    for sentences in per_chunk:
        out.append(flat[start : start + len(sentences)] if sentences else np.zeros((0, embedder.dim), np.float32))
        start += len(sentences)
    return out


def embed_document(prepared: PreparedDocument, embedder: Embedder, *, batch_size: int = 16,
                   sentences: bool = False, on_progress: Callable[[int], None] | None = None) -> list[StoredPoint]:
    """Dense, Danish BM25 and n-gram vectors for every chunk (and with ``sentences`` one
    vector per sentence), in batches, reporting progress per batch."""
    chunks, meta = prepared.chunks, prepared.meta
    texts = [passage_text(c, meta) for c in chunks]
    dense = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    per_sentence: list[np.ndarray | None] = [None] * len(chunks)
    for start in range(0, len(texts), batch_size):
        batch = texts[start : start + batch_size]
        dense[start : start + len(batch)] = embedder.embed_passages(batch)
        if sentences:
            per_sentence[start : start + len(batch)] = _sentence_vectors(chunks[start : start + len(batch)], embedder)
        if on_progress:
            on_progress(len(batch))
    return [
        StoredPoint(id=c.chunk_id, dense=dense[i], sparse=bm25.document_vector(texts[i]),
                    ngrams=ngrams.document_vector(texts[i]), sentences=per_sentence[i],
                    payload=chunk_payload(c, meta))
        for i, c in enumerate(chunks)
    ]


def with_status(prepared: PreparedDocument, status: str) -> PreparedDocument:
    """The same document with another review status."""
    return replace(prepared, meta=replace(prepared.meta, status=status))
