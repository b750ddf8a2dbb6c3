"""Small PNG previews of PDF pages, rendered with PDFium and cached on disk.

The only module that imports pypdfium2. A preview is keyed by the file's content hash, so a
new version of a document never shows an old picture, and rendering happens once per page.
"""

from __future__ import annotations

import os
import struct
import tempfile
import threading
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np

from indexer.errors import InvalidInput, NotFound

WIDTH = 240  # CSS pixels of the card's thumbnail, doubled for sharp screens
# The rendered bitmap is bounded in both directions, so memory never follows the page's
# aspect ratio (a 10 x 2000 pt page at full width took 530 MB, a 1 x 14400 pt page gigabytes).
MAX_HEIGHT = 4 * WIDTH * 2
MAX_PIXELS = WIDTH * 2 * MAX_HEIGHT
# Page boxes no real document has: refused with a clear message, not rendered.
MIN_SIDE_PT, MAX_SIDE_PT, MAX_ASPECT = 36.0, 14_400.0, 20.0
_render_lock = threading.Lock()  # PDFium is not thread-safe


def encode_png(rgb: np.ndarray) -> bytes:
    """An 8-bit RGB array (height, width, 3) as PNG bytes."""
    height, width, _ = rgb.shape
    raw = np.hstack([np.zeros((height, 1), dtype=np.uint8), rgb.reshape(height, width * 3)]).tobytes()

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def render_scale(page_width: float, page_height: float, *, width: int = WIDTH * 2) -> float:
    """Pixels per point for a preview ``width`` pixels wide, lowered so that the bitmap stays
    within MAX_HEIGHT and MAX_PIXELS; absurd page boxes are an InvalidInput (422)."""
    short, long = sorted((page_width, page_height))
    if not (short >= MIN_SIDE_PT and long <= MAX_SIDE_PT and long / short <= MAX_ASPECT):
        raise InvalidInput(f"Siden er {page_width:.0f} × {page_height:.0f} punkter, et format der ikke kan vises "
                           "som billede. Åbn PDF-filen i stedet.")
    scale = min(width / page_width, MAX_HEIGHT / page_height)
    return min(scale, (MAX_PIXELS / (page_width * page_height)) ** 0.5)


def render_page(pdf: bytes, page: int, *, width: int = WIDTH * 2) -> bytes:
    """Page ``page`` (1-based) of a PDF as a PNG ``width`` pixels wide; NotFound if there is no such page."""
    import pypdfium2 as pdfium

    with _render_lock:
        try:
            document = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError:
            raise NotFound("Filen er ikke en PDF, der kan vises.") from None
        try:
            if not 1 <= page <= len(document):
                raise NotFound(f"Dokumentet har ingen side {page}.")
            pdf_page = document[page - 1]
            scale = render_scale(pdf_page.get_width(), pdf_page.get_height(), width=width)
            bitmap = pdf_page.render(scale=scale, rev_byteorder=True)
            rgb = bitmap.to_numpy()[:, :, :3].copy()
        finally:
            document.close()
    return encode_png(rgb)


class PreviewCache:
    """Rendered page previews in a folder of the data dir, named by content hash and page."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, content_hash: str, page: int) -> Path:
        """Where the preview of one page is kept."""
        return self.root / content_hash[:2] / f"{content_hash}-p{page}-w{WIDTH * 2}.png"

    def get(self, content_hash: str, page: int, load_pdf: Callable[[], bytes]) -> Path:
        """The cached preview, rendered from ``load_pdf()`` the first time."""
        target = self.path(content_hash, page)
        if target.is_file():
            return target
        png = render_page(load_pdf(), page)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(png)
        os.replace(tmp, target)  # concurrent renders of one page both end in a whole file
        return target
