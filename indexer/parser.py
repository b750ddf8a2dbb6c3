"""File -> ParsedDocument. The only module that imports pypdf and the HTML parser."""

from __future__ import annotations

import io
import logging
from html.parser import HTMLParser
from pathlib import Path

import yaml
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from indexer.blocks import text_to_blocks
from indexer.errors import ParseError, UnsupportedFormat
from indexer.models import Block, ParsedDocument

log = logging.getLogger(__name__)

FORMATS = {".txt": "txt", ".md": "md", ".markdown": "md", ".pdf": "pdf", ".html": "html", ".htm": "html"}
FRONT_MATTER_KEYS = ("title", "kommune", "kind", "date", "url")


def detect_format(name: str, data: bytes) -> str:
    """Format from the file name, checked against the content; raises UnsupportedFormat."""
    fmt = FORMATS.get(Path(name).suffix.lower())
    if fmt is None:
        suffix = Path(name).suffix or "(ingen filendelse)"
        raise UnsupportedFormat(f"Filtypen {suffix} understøttes ikke (kun PDF, HTML, TXT og MD).")
    if fmt == "pdf" and data and not data.lstrip()[:5].startswith(b"%PDF"):
        raise ParseError("Filen hedder .pdf, men er ikke en PDF-fil.")
    return fmt


def parse_bytes(name: str, data: bytes) -> ParsedDocument:
    """Parse the bytes of a file called ``name``."""
    if not data.strip():
        raise ParseError("Filen er tom.")
    fmt = detect_format(name, data)
    if fmt == "pdf":
        return parse_pdf(data)
    text = decode_text(data)
    if fmt == "html":
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


def parse_pdf(data: bytes) -> ParsedDocument:
    """Text per page with pypdf, so every block knows its 1-based page number."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ParseError("PDF-filen er krypteret (beskyttet med adgangskode) og kan ikke læses.")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata or {}).get("/Title") if reader.metadata else None
    except ParseError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise ParseError(f"PDF-filen er beskadiget og kan ikke læses ({type(exc).__name__}).") from None
    blocks = [b for number, text in enumerate(pages, 1) for b in text_to_blocks(text, page=number)]
    if not blocks:
        raise ParseError("PDF-filen har intet tekstlag (skannet dokument); den skal OCR-behandles.")
    meta = {"title": str(title).strip()} if title and str(title).strip() else {}
    return ParsedDocument(format="pdf", blocks=tuple(blocks), metadata=meta, page_count=len(pages))


class _MainTextParser(HTMLParser):
    """Collects headings, paragraphs and list items, skipping navigation and page chrome."""

    SKIP = {"nav", "header", "footer", "aside", "script", "style", "noscript", "form", "svg", "button"}
    BLOCK = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "div", "section", "br"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.blocks: list[tuple[str, str]] = []  # (tag, text)
        self.current: list[str] = []
        self.tag = "p"
        self.title = ""
        self.in_title = False
        self.main_start: int | None = None
        self.main_end: int | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIP:
            self.skip_depth += 1
        elif tag == "title":
            self.in_title = True
        elif tag in ("main", "article") and self.main_start is None:
            self._flush()
            self.main_start = len(self.blocks)
        elif tag in self.BLOCK:
            self._flush()
            self.tag = tag

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag == "title":
            self.in_title = False
        elif tag in ("main", "article") and self.main_start is not None and self.main_end is None:
            self._flush()
            self.main_end = len(self.blocks)
        elif tag in self.BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        elif not self.skip_depth:
            self.current.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append((self.tag, text))
        self.current = []
        self.tag = "p"

    def main_blocks(self) -> list[tuple[str, str]]:
        """Blocks inside <main>/<article> when the page has one, else all kept blocks."""
        self._flush()
        if self.main_start is None:
            return self.blocks
        return self.blocks[self.main_start : self.main_end]


def parse_html(text: str) -> ParsedDocument:
    """Main text of an HTML page, without navigation, header, footer and scripts."""
    parser = _MainTextParser()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError) as exc:  # pragma: no cover - html.parser is lenient
        raise ParseError(f"HTML-filen kan ikke læses ({exc}).") from None
    blocks = []
    for tag, content in parser.main_blocks():
        if tag[0] == "h" and tag[1:].isdigit():
            blocks.append(Block("heading", content, level=int(tag[1:])))
        elif tag == "li":
            blocks.append(Block("list", f"- {content}"))
        else:
            blocks.append(Block("paragraph", content))
    meta = {"title": " ".join(parser.title.split())} if parser.title.strip() else {}
    return ParsedDocument(format="html", blocks=tuple(_merge_list_items(blocks)), metadata=meta)


def _merge_list_items(blocks: list[Block]) -> list[Block]:
    """Consecutive list items become one list block, so a list is kept whole."""
    merged: list[Block] = []
    for block in blocks:
        if block.kind == "list" and merged and merged[-1].kind == "list":
            merged[-1] = Block("list", merged[-1].text + "\n" + block.text, page=block.page)
        else:
            merged.append(block)
    return merged
