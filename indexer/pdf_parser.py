"""PDF -> ParsedDocument: the text layer page by page (pypdf), running headers, footers and
page numbers removed, and Danish OCR for pages without a text layer. The only pypdf user.
"""

from __future__ import annotations

import io
import re
from collections import Counter

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from indexer.blocks import text_to_blocks
from indexer.errors import ParseError
from indexer.models import ParsedDocument
from indexer.ocr import ocr_available, ocr_pages
from indexer.settings import IngestSettings

EDGE_LINES = 3  # running headers and footers sit within the first and last lines of a page
_PAGE_NUMBER = re.compile(r"^(?:(?:side|page|s\.)\s*)?[-–(]?\s*\d{1,4}\s*[-–)]?(?:\s*(?:af|of|/)\s*\d{1,4})?$",
                          re.IGNORECASE)
_MIN_TEXT = 20  # a page with fewer characters than this has no usable text layer


def parse_pdf(data: bytes, *, ingest: IngestSettings) -> ParsedDocument:
    """Text per page, so every block knows its 1-based page number; OCR where there is no text."""
    reader, pages, title = _read(data, max_pages=ingest.max_pages)
    ocr_used = False
    empty = [n for n, text in enumerate(pages) if len(text.strip()) < _MIN_TEXT]
    # A text PDF with a few blank or image pages is still indexed where OCR is not installed.
    if empty and (len(empty) == len(pages) or ocr_available(ingest)):
        scanned = ocr_pages(data, empty, settings=ingest)
        ocr_used = any(scanned.values())
        for n, text in scanned.items():
            pages[n] = text
    pages = strip_running_lines(pages)
    blocks = [b for number, text in enumerate(pages, 1) for b in text_to_blocks(text, page=number)]
    if not blocks:
        raise ParseError("PDF-filen har intet tekstlag og OCR gav ingen tekst.")
    meta = {"title": title} if title else {}
    if ocr_used:
        meta["ocr"] = "tesseract"
    return ParsedDocument(format="pdf", blocks=tuple(blocks), metadata=meta, page_count=len(reader.pages))


def _read(data: bytes, *, max_pages: int) -> tuple[PdfReader, list[str], str | None]:
    """The reader, the text of each page (up to ``max_pages``) and the embedded title."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ParseError("PDF-filen er krypteret (beskyttet med adgangskode) og kan ikke læses.")
        if len(reader.pages) > max_pages:
            raise ParseError(f"PDF-filen har {len(reader.pages)} sider; grænsen er {max_pages}.")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata or {}).get("/Title") if reader.metadata else None
    except ParseError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        raise ParseError(f"PDF-filen er beskadiget og kan ikke læses ({type(exc).__name__}).") from None
    title = str(title).strip() if title else None
    return reader, pages, title or None


def _key(line: str) -> str:
    """A line with its numbers blanked, so "Side 1 af 3" and "Side 2 af 3" match."""
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def _edges(lines: list[str]) -> set[int]:
    """Indexes of the first and last non-empty lines of a page."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return set(filled[:EDGE_LINES] + filled[-EDGE_LINES:])


def strip_running_lines(pages: list[str]) -> list[str]:
    """Drop lines repeated at the top or bottom of most pages, and bare page numbers there."""
    split = [page.split("\n") for page in pages]
    seen = Counter()
    for lines in split:
        seen.update({_key(lines[i]) for i in _edges(lines)})
    pages_with_text = sum(1 for lines in split if any(line.strip() for line in lines))
    running = {k for k, n in seen.items() if pages_with_text >= 2 and n >= max(2, pages_with_text / 2)}
    out = []
    for lines in split:
        edges = _edges(lines)
        kept = [line for i, line in enumerate(lines)
                if not (i in edges and (_key(line) in running or _PAGE_NUMBER.match(line.strip())))]
        out.append("\n".join(kept))
    return out
