"""The indexing pipeline for one document: read -> clean -> repair -> describe -> chunk -> flag -> embed.

``read_document`` parses and cleans (boilerplate, minutes structure); ``prepare_document``
repairs OCR damage, describes, chunks and flags personal data. Chunks are cut from the text
as written and repaired one by one, so every chunk keeps its original wording beside the
repaired one (``original_text``) for citations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from indexer.boilerplate import strip_boilerplate
from indexer import ngrams
from indexer.chunker import split_document
from indexer.embedder import Embedder
from indexer.fingerprint import minhash
from indexer.lexicon import Lexicon, load_lexicon, oov_rate
from indexer.metadata import NATIONAL, describe, detect_language, kommune_name, parse_date, safe_url
from indexer.minutes import restructure_minutes
from indexer.models import Block, Chunk, DocumentMeta, ParsedDocument
from indexer.parser import parse_bytes
from indexer.pii import find_names, find_pii, mask_pii, merge_matches, pii_types
from indexer.repair import RepairReport, repair_text
from indexer.settings import IngestSettings, Settings
from indexer.store import StoredPoint
from indexer.store import bm25
from indexer.text import passage_sentences
from indexer.visibility import default_visibility, parse_visibility

MAX_SENTENCES = 48  # per chunk; a long table or list would otherwise cost many vectors


@dataclass(frozen=True)
class PreparedDocument:
    """A parsed, described and chunked document, ready to embed."""

    meta: DocumentMeta
    chunks: tuple[Chunk, ...]
    page_count: int | None = None
    pii: tuple[str, ...] = ()  # personal data types found anywhere in the document
    repair: RepairReport | None = None
    signature: np.ndarray | None = field(default=None, compare=False)  # MinHash, for near-duplicates
    ocr: bool = False


def read_document(name: str, data: bytes, *, ingest: IngestSettings | None = None) -> ParsedDocument:
    """Parse a file and clean its structure: boilerplate out, minutes as agenda items."""
    parsed = parse_bytes(name, data, ingest=ingest)
    blocks, chrome = strip_boilerplate(parsed.blocks)
    metadata = {**parsed.metadata, "web_chrome": chrome} if chrome else parsed.metadata
    return replace(parsed, blocks=tuple(restructure_minutes(blocks)), metadata=metadata)


def repaired_view(parsed: ParsedDocument, lexicon: Lexicon) -> tuple[ParsedDocument, int]:
    """The document with OCR damage repaired in every block, and the number of words changed."""
    blocks: list[Block] = []
    changed = 0
    for block in parsed.blocks:
        text, n = repair_text(block.text, lexicon) if block.kind != "table" else (block.text, 0)
        blocks.append(replace(block, text=text))
        changed += n
    return replace(parsed, blocks=tuple(blocks)), changed


def finish_chunk(chunk: Chunk, lexicon: Lexicon, *, mask: bool, names: frozenset[str] = frozenset()) -> Chunk:
    """Repair a chunk (keeping its original text), flag its personal data, mask it if asked.

    ``names`` are person names recognised anywhere in the document; they are flagged here too.
    """
    text, changed = repair_text(chunk.text, lexicon)
    original = chunk.text if changed else None
    section = repair_text(chunk.section, lexicon)[0] if chunk.section else None
    matches = merge_matches(find_pii(text) + find_names(text, names))
    original_matches = merge_matches(find_pii(original) + find_names(original, names)) if original else []
    section_matches = merge_matches(find_pii(section) + find_names(section, names)) if section else []
    types = tuple(pii_types(matches + section_matches))  # a heading is shown to readers too
    if mask and types:
        text = mask_pii(text, matches)
        original = mask_pii(original, original_matches) if original else None
        section = mask_pii(section, section_matches) if section else None
        matches, original_matches = [], []
    return replace(chunk, text=text, original_text=original, section=section, pii=types,
                   pii_spans=_spans(matches), original_pii_spans=_spans(original_matches))


def _spans(matches: list) -> tuple[tuple[str, int, int], ...]:
    return tuple((m.type, m.start, m.end) for m in matches)


def prepare_document(name: str, data: bytes, *, doc_id: str, content_hash: str, source: str,
                     settings: Settings, overrides: dict | None = None, status: str = "published",
                     visibility: str | None = None, parsed: ParsedDocument | None = None,
                     lexicon: Lexicon | None = None) -> PreparedDocument:
    """Repair, describe, chunk and flag one file; ``overrides`` (sidecar, upload form) win over inference.

    ``visibility`` is the document's visibility unless the file or its overrides set one
    (None: the default for its kind)."""
    ingest = settings.ingest
    parsed = parsed or read_document(name, data, ingest=ingest)
    lexicon = lexicon if lexicon is not None else (load_lexicon() if ingest.repair else Lexicon())
    fixer = lexicon if _needs_repair(parsed, lexicon, ingest) else Lexicon()
    repaired, changed = repaired_view(parsed, fixer)
    fields = describe(repaired, name=name)
    fields.update(_explicit(overrides or {}))
    if fields.get("url"):  # front matter, sidecar, form and import all end here
        fields["url"] = safe_url(str(fields["url"]))
    fields["visibility"] = _visibility(fields, fallback=visibility, ingest=ingest)
    meta = DocumentMeta(doc_id=doc_id, source=source, content_hash=content_hash, status=status, **fields)
    names = frozenset(repaired.text[m.start:m.end] for m in find_pii(repaired.text) if m.type == "name")
    chunks = [finish_chunk(c, fixer, mask=ingest.mask_pii, names=names)
              for c in split_document(parsed.blocks, doc_id=doc_id, settings=settings.chunking)]
    shown_fields = field_pii(meta, names=names)
    if ingest.mask_pii and shown_fields:
        meta = replace(meta, title=mask_pii(meta.title) if meta.title else meta.title)
    report = RepairReport(oov_rate(parsed.text, lexicon), oov_rate(repaired.text, lexicon), changed)
    return PreparedDocument(
        meta=meta, chunks=tuple(chunks), page_count=parsed.page_count, repair=report,
        pii=tuple(sorted({t for c in chunks for t in c.pii} | set(shown_fields))), signature=minhash(repaired.text),
        ocr=parsed.metadata.get("ocr") is not None,
    )


def field_pii(meta: DocumentMeta, *, names: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Personal-data types in the metadata readers see beside the text: title, file name, address."""
    values = [v for v in (meta.title, meta.source, meta.url) if v]
    return tuple(pii_types([m for v in values for m in find_pii(v) + find_names(v, names)]))


def _needs_repair(parsed: ParsedDocument, lexicon: Lexicon, ingest: IngestSettings) -> bool:
    """OCR'd by us, or Danish with many unknown words: clean documents are never "repaired"."""
    if not lexicon.available or detect_language(parsed.text) not in ("da", None):
        return False  # the Danish word list would turn English words into Danish ones
    rate = oov_rate(parsed.text, lexicon)
    return "ocr" in parsed.metadata or (rate is not None and rate >= ingest.repair_min_oov)


def _visibility(fields: dict, *, fallback: str | None, ingest: IngestSettings) -> str:
    """The file's own visibility, else the caller's, else the default for the document's kind."""
    if fields.get("visibility"):
        return parse_visibility(fields["visibility"])
    return fallback or default_visibility(fields.get("kind"), by_kind=ingest.visibility_by_kind,
                                          default=ingest.default_visibility)


def _explicit(overrides: dict) -> dict:
    """Given metadata (sidecar, upload form) in the stored form: bare kommune name, ISO date."""
    fields = {k: v for k, v in overrides.items() if v not in (None, "")}
    if "kommune" in fields:
        fields["kommune"] = kommune_name(str(fields["kommune"]))
    if "date" in fields:
        fields["date"] = parse_date(str(fields["date"]))
    if "kind" in fields:
        fields["kind"] = str(fields["kind"]).strip().lower()
    return fields


def passage_text(chunk: Chunk, meta: DocumentMeta) -> str:
    """What gets embedded: title and section give a passage its context."""
    head = " - ".join(part for part in (meta.title, chunk.section) if part)
    return f"{head}\n{chunk.text}" if head else chunk.text


def lexical_text(text: str, meta: DocumentMeta) -> str:
    """What the word signals (BM25, n-grams) read: the passage text and the name of the
    document's kommune. A report names its kommune once, in the byline of its first passage;
    with the name on every passage, "... i Kragsbjerg?" no longer lifts the byline passage
    above the one that answers (docs/evaluation.md, experiment log)."""
    kommune = meta.kommune
    return f"{text}\n{kommune}" if kommune and kommune != NATIONAL else text


def chunk_payload(chunk: Chunk, meta: DocumentMeta) -> dict:
    """The stored payload of one chunk: everything a hit and a citation need, plus filter fields."""
    return {
        "doc_id": meta.doc_id,
        "chunk_no": chunk.chunk_no,
        "text": chunk.text,
        "original_text": chunk.original_text,
        "pii": list(chunk.pii),
        "pii_spans": [list(span) for span in chunk.pii_spans],
        "original_pii_spans": [list(span) for span in chunk.original_pii_spans],
        "section": chunk.section,
        "page": chunk.page,
        "page_end": chunk.page_end,
        "page_starts": [list(start) for start in chunk.page_starts],
        "title": meta.title,
        "kommune": meta.kommune,
        "kind": meta.kind,
        "date": meta.date,
        "year": meta.year,
        "url": meta.url,
        "source": meta.source,
        "language": meta.language,
        "status": meta.status,
        "visibility": meta.visibility,
        "content_hash": meta.content_hash,
    }


def chunk_sentences(text: str) -> list[str]:
    """The sentences of a chunk's text that get their own vector, in order. Every sentence
    counts (even one word), so the list lines up with the same text with personal data
    masked, whose sentences end in the same places."""
    return passage_sentences(text)[:MAX_SENTENCES]


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
    lexical = [lexical_text(text, meta) for text in texts]
    return [
        StoredPoint(id=c.chunk_id, dense=dense[i], sparse=bm25.document_vector(lexical[i]),
                    ngrams=ngrams.document_vector(lexical[i]), sentences=per_sentence[i],
                    payload=chunk_payload(c, meta))
        for i, c in enumerate(chunks)
    ]

