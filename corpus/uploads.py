"""Checks on files that arrive from outside: real type by content, clean names, size.

The extension is a claim; the bytes decide. A file whose content does not match its name
(an image called rapport.pdf, a PDF called noter.txt) is refused with 415.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

from indexer.errors import FileTooLarge, ParseError, UnsupportedFormat

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "md": "text/markdown",
    "txt": "text/plain",
}
EXTENSIONS = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".md": "md",
              ".markdown": "md", ".txt": "txt"}
TEXT_KINDS = ("html", "md", "txt")
_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"MZ", b"\x7fELF", b"\x1f\x8b", b"BZh",
                 b"7z\xbc\xaf", b"Rar!", b"\xd0\xcf\x11\xe0", b"%!PS", b"\x00\x00\x01\x00", b"RIFF")
# "@" stays: it is harmless in a name, and keeps an e-mail address in a file name detectable.
_UNSAFE = re.compile(r"[^\w.\- ()@]+", re.UNICODE)


def megabytes(n_bytes: float, *, round_up: bool = False) -> str:
    """Bytes as Danish megabytes (kilobytes below one MB) with one decimal at most, rounded
    down, or up for a file's size: a size over a limit never reads as equal to it
    (50,5 MB is never "50.0 MB", and 50,01 MB over a 50 MB limit reads 50,1 MB)."""
    value, unit = (n_bytes / 1e6, "MB") if n_bytes >= 1e6 else (n_bytes / 1e3, "kB")
    tenths = math.ceil(value * 10 - 1e-9) if round_up else math.floor(value * 10 + 1e-9)
    return f"{tenths // 10},{tenths % 10}".removesuffix(",0") + f" {unit}"


def too_large(size: int, max_bytes: int) -> str:
    """The Danish message for a file over the size limit."""
    return f"Filen er for stor ({megabytes(size, round_up=True)}; grænsen er {megabytes(max_bytes)})."


@dataclass(frozen=True)
class CheckedFile:
    """An accepted file: a clean name whose extension matches the sniffed type."""

    name: str
    kind: str
    media_type: str
    data: bytes


def clean_filename(raw: str | None) -> str:
    """The last path part, NFC, without control or shell characters, at most 120 characters."""
    name = (raw or "").replace("\\", "/").split("/")[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" .")
    stem, dot, ext = name.rpartition(".")
    if dot and len(ext) <= 10:
        name = f"{stem[:110].rstrip(' .')}.{ext}"
    return name[:120] or "dokument"


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the sample's end
            text = head.decode("cp1252", errors="replace")
        else:
            text = head[: exc.start].decode("utf-8")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls <= max(4, len(text) // 200)


def sniff(data: bytes) -> str | None:
    """The real type of the content: pdf, docx, html, text, or None for anything else."""
    head = data[:8192]
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:5] == b"%PDF-":
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in data[:65536] else None
    if head.startswith(_BINARY_MAGIC) or not _looks_like_text(head):
        return None
    lowered = head[:2048].lower().lstrip(b"\xef\xbb\xbf \t\r\n")
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:512]:
        return "html"
    return "text"


def check_upload(raw_name: str | None, data: bytes, *, max_bytes: int) -> CheckedFile:
    """Accept a file by its content and clean its name, or raise 413/415/422."""
    if len(data) > max_bytes:
        raise FileTooLarge(too_large(len(data), max_bytes))
    if not data.strip():
        raise ParseError("Filen er tom.")
    name = clean_filename(raw_name)
    claimed = EXTENSIONS.get(PurePosixPath(name).suffix.lower())
    real = sniff(data)
    if real is None:
        raise UnsupportedFormat("Filens indhold er ikke PDF, Word (DOCX), HTML eller tekst.")
    kind = _reconcile(real, claimed, name)
    if claimed is None:
        name = f"{name}.{kind}"
    return CheckedFile(name=name, kind=kind, media_type=MEDIA_TYPES[kind], data=data)


def _reconcile(real: str, claimed: str | None, name: str) -> str:
    """The format to parse as; a name that claims another type than the content is refused."""
    if claimed is None:
        return "txt" if real == "text" else real
    if real == "text" and claimed in ("md", "txt"):
        return claimed
    if real == claimed or (real == "html" and claimed in TEXT_KINDS) or (real == "text" and claimed == "html"):
        return claimed
    raise UnsupportedFormat(
        f"Filen hedder {name}, men indholdet er {'tekst' if real == 'text' else real.upper()}. "
        "Ret filnavnet, eller upload den rigtige fil."
    )
