"""DOCX -> ParsedDocument: headings, list items and tables from the Word XML.

A .docx is a zip of XML parts, which makes it a vehicle for zip bombs and XML entity bombs.
Sizes are checked from the zip directory before anything is decompressed, reads are capped,
and the XML is parsed with defusedxml (no DTDs, no entities).
"""

from __future__ import annotations

import io
import re
import zipfile

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from xml.etree.ElementTree import Element, ParseError as XmlParseError

from indexer.errors import ParseError
from indexer.models import Block, ParsedDocument
from indexer.settings import IngestSettings
from indexer.text import normalize

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DC = "{http://purl.org/dc/elements/1.1/}"
DOCUMENT = "word/document.xml"
_HEADING_STYLE = re.compile(r"^(?:heading|overskrift)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLE = re.compile(r"^(?:title|titel)$", re.IGNORECASE)
_LIST_STYLE = re.compile(r"list|liste|opstilling", re.IGNORECASE)
_MAX_MEMBERS = 5000


def parse_docx(data: bytes, *, ingest: IngestSettings) -> ParsedDocument:
    """Blocks of a Word document in reading order, and its core title."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ParseError("DOCX-filen er beskadiget (ikke et gyldigt zip-arkiv).") from None
    with archive:
        _check_sizes(archive, ingest)
        names = set(archive.namelist())
        if DOCUMENT not in names:
            raise ParseError("DOCX-filen mangler sit hovedindhold (word/document.xml).")
        styles = _styles(_xml(archive, "word/styles.xml")) if "word/styles.xml" in names else {}
        body = _xml(archive, DOCUMENT).find(f"{W}body")
        core = _xml(archive, "docProps/core.xml") if "docProps/core.xml" in names else None
    blocks = _merge_lists(list(_blocks(body, styles)) if body is not None else [])
    if sum(len(b.text) for b in blocks) > ingest.max_chars:
        raise ParseError(f"DOCX-filen indeholder mere end {ingest.max_chars} tegn tekst.")
    title = (core.findtext(f"{DC}title") or "").strip() if core is not None else ""
    return ParsedDocument(format="docx", blocks=tuple(blocks), metadata={"title": title} if title else {})


def _check_sizes(archive: zipfile.ZipFile, ingest: IngestSettings) -> None:
    """Refuse zip bombs from the sizes the zip directory declares (zipfile enforces them on read)."""
    infos = archive.infolist()
    if len(infos) > _MAX_MEMBERS:
        raise ParseError(f"DOCX-filen har {len(infos)} dele; det ligner ikke et Word-dokument.")
    total = sum(i.file_size for i in infos)
    if total > ingest.max_unzipped_mb * 1e6:
        raise ParseError(f"DOCX-filen fylder {total / 1e6:.0f} MB udpakket; grænsen er "
                         f"{ingest.max_unzipped_mb:.0f} MB (mulig zip-bombe).")
    for info in infos:
        if info.file_size > 1_000_000 and info.file_size / max(info.compress_size, 1) > ingest.max_zip_ratio:
            raise ParseError(f"DOCX-filen er pakket unaturligt tæt ({info.filename}; mulig zip-bombe).")


def _xml(archive: zipfile.ZipFile, name: str) -> Element:
    """One XML part, parsed without DTDs or entity expansion."""
    try:
        return fromstring(archive.read(name), forbid_dtd=True)
    except DefusedXmlException:
        raise ParseError("DOCX-filen indeholder XML-entiteter eller en DTD (mulig 'entity bomb') og afvises.") from None
    except (XmlParseError, zipfile.BadZipFile, OSError, ValueError):
        raise ParseError(f"DOCX-filen er beskadiget ({name} kan ikke læses).") from None


def _styles(root: Element) -> dict[str, tuple[str, int]]:
    """Style id -> (kind, heading level) for heading, title and list styles."""
    out: dict[str, tuple[str, int]] = {}
    for style in root.iter(f"{W}style"):
        style_id = style.get(f"{W}styleId") or ""
        name = (style.find(f"{W}name").get(f"{W}val") if style.find(f"{W}name") is not None else "") or ""
        outline = style.find(f"{W}pPr/{W}outlineLvl")
        if match := _HEADING_STYLE.match(name.strip()):
            out[style_id] = ("heading", int(match.group(1)))
        elif _TITLE_STYLE.match(name.strip()):
            out[style_id] = ("heading", 1)
        elif outline is not None and (outline.get(f"{W}val") or "").isdigit() and int(outline.get(f"{W}val")) < 9:
            out[style_id] = ("heading", int(outline.get(f"{W}val")) + 1)
        elif _LIST_STYLE.search(name):
            out[style_id] = ("list", 0)
    return out


def _text(element: Element) -> str:
    """The visible text of a paragraph or cell: runs, tabs and breaks."""
    parts = []
    for node in element.iter():
        if node.tag == f"{W}t" and node.text:
            parts.append(node.text)
        elif node.tag in (f"{W}tab", f"{W}br", f"{W}cr"):
            parts.append(" ")
    return " ".join(normalize("".join(parts)).split())


def _blocks(container: Element, styles: dict[str, tuple[str, int]]):
    """Blocks of the body (or a content control) in reading order."""
    for child in container:
        if child.tag == f"{W}p":
            if block := _paragraph(child, styles):
                yield block
        elif child.tag == f"{W}tbl":
            if block := _table(child):
                yield block
        elif child.tag == f"{W}sdt" and (content := child.find(f"{W}sdtContent")) is not None:
            yield from _blocks(content, styles)


def _paragraph(p: Element, styles: dict[str, tuple[str, int]]) -> Block | None:
    text = _text(p)
    if not text:
        return None
    style = p.find(f"{W}pPr/{W}pStyle")
    kind, level = styles.get(style.get(f"{W}val") if style is not None else "", ("paragraph", 0))
    if kind == "heading":
        return Block("heading", text, level=level)
    if kind == "list" or p.find(f"{W}pPr/{W}numPr") is not None:
        return Block("list", f"- {text}")
    return Block("paragraph", text)


def _table(table: Element) -> Block | None:
    """A table as Markdown-like rows, so it stays one unit and reads cell by cell."""
    rows = []
    for row in table.iter(f"{W}tr"):
        cells = [_text(cell) for cell in row.findall(f"{W}tc")]
        if any(cells):
            rows.append("| " + " | ".join(cells) + " |")
    return Block("table", "\n".join(rows)) if rows else None


def _merge_lists(blocks: list[Block]) -> list[Block]:
    """Consecutive list items become one list block, so a list is kept whole."""
    merged: list[Block] = []
    for block in blocks:
        if block.kind == "list" and merged and merged[-1].kind == "list":
            merged[-1] = Block("list", merged[-1].text + "\n" + block.text)
        else:
            merged.append(block)
    return merged
