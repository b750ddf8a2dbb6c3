"""File -> ParsedDocument: format detection, text decoding, front matter, plain text.

PDF, DOCX and HTML have their own parser modules (pdf_parser, docx_parser, html_parser),
each the only home of its library; this module picks one.
"""

from __future__ import annotations

import logging
from pathlib import Path

import yaml

from indexer.blocks import text_to_blocks
from indexer.docx_parser import parse_docx
from indexer.errors import ParseError, UnsupportedFormat
from indexer.models import ParsedDocument
from indexer.pdf_parser import parse_pdf
from indexer.settings import IngestSettings

log = logging.getLogger(__name__)

FORMATS = {".txt": "txt", ".md": "md", ".markdown": "md", ".pdf": "pdf", ".html": "html", ".htm": "html",
           ".docx": "docx"}
FRONT_MATTER_KEYS = ("title", "kommune", "kind", "date", "url", "visibility")
_MAGIC = {"pdf": (b"%PDF", "Filen hedder .pdf, men er ikke en PDF-fil."),
          "docx": (b"PK\x03\x04", "Filen hedder .docx, men er ikke et Word-dokument (DOCX).")}


def detect_format(name: str, data: bytes) -> str:
    """Format from the file name, checked against the content; raises UnsupportedFormat."""
    suffix = Path(name).suffix.lower()
    fmt = FORMATS.get(suffix)
    if fmt is None:
        hint = " Gem den som .docx." if suffix == ".doc" else ""
        raise UnsupportedFormat(f"Filtypen {suffix or '(ingen filendelse)'} understøttes ikke "
                                f"(kun PDF, DOCX, HTML, TXT og MD).{hint}")
    magic, message = _MAGIC.get(fmt, (b"", ""))
    if data and not data.lstrip()[:8].startswith(magic):
        raise ParseError(message)
    return fmt


def parse_bytes(name: str, data: bytes, *, ingest: IngestSettings | None = None) -> ParsedDocument:
    """Parse the bytes of a file called ``name``."""
    ingest = ingest or IngestSettings()
    if not data.strip():
        raise ParseError("Filen er tom.")
    fmt = detect_format(name, data)
    if fmt == "pdf":
        return parse_pdf(data, ingest=ingest)
    if fmt == "docx":
        return parse_docx(data, ingest=ingest)
    text = decode_text(data)
    if len(text) > ingest.max_chars:
        raise ParseError(f"Filen indeholder mere end {ingest.max_chars} tegn tekst.")
    if fmt == "html":
        from indexer.html_parser import parse_html  # trafilatura takes a second to import

        return parse_html(text)
    return parse_plain(text, fmt=fmt)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else cp1252; binary content is refused."""
    if b"\x00" in data[:8192]:
        raise ParseError("Filen indeholder binære data og er ikke en tekstfil.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(10, len(text) // 100):
        raise ParseError("Filen indeholder binære data og er ikke en tekstfil.")
    return text


def split_front_matter(text: str) -> tuple[dict, str]:
    """YAML front matter between leading '---' lines, and the remaining text."""
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end == -1:
        return {}, text
    try:
        data = yaml.safe_load(text[3:end]) or {}
    except yaml.YAMLError as exc:
        raise ParseError(f"YAML-forsiden (front matter) kan ikke læses: {exc}") from None
    if not isinstance(data, dict):
        return {}, text
    rest = text[end + 4 :].split("\n", 1)
    meta = {k: str(data[k]) for k in FRONT_MATTER_KEYS if data.get(k) is not None}
    return meta, rest[1] if len(rest) > 1 else ""


def parse_plain(text: str, *, fmt: str = "txt") -> ParsedDocument:
    """Plain text or Markdown, with optional YAML front matter."""
    meta, body = split_front_matter(text)
    blocks = tuple(text_to_blocks(body, markdown=fmt == "md" or "\n#" in body))
    return ParsedDocument(format=fmt, blocks=blocks, metadata=meta)
