"""Danish OCR of scanned PDF pages: pypdfium2 renders a page, the `tesseract` binary reads it.

Tesseract is a system package (Debian `tesseract-ocr` + `tesseract-ocr-dan`), called as a
subprocess so a crash or a hang on one page cannot take the indexer down.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
from functools import lru_cache

from indexer.errors import ParseError
from indexer.settings import IngestSettings

log = logging.getLogger(__name__)

NEEDS_OCR = "PDF-filen har intet tekstlag (skannet dokument) og skal OCR-behandles"


@lru_cache(maxsize=8)
def tesseract_languages(command: str) -> frozenset[str]:
    """Languages the installed Tesseract can read (empty when it is not installed)."""
    if not shutil.which(command):
        return frozenset()
    try:
        result = subprocess.run([command, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    lines = (result.stdout + result.stderr).splitlines()
    return frozenset(line.strip() for line in lines[1:] if line.strip() and " " not in line.strip())


def ocr_available(settings: IngestSettings) -> bool:
    """True when OCR is switched on and Tesseract has the configured language."""
    return settings.ocr and settings.ocr_language in tesseract_languages(settings.ocr_command)


def ocr_pages(data: bytes, page_indexes: list[int], *, settings: IngestSettings) -> dict[int, str]:
    """Text of the given 0-based pages by OCR; a clear "needs OCR" error when OCR is unavailable."""
    if not page_indexes:
        return {}
    if not settings.ocr:
        raise ParseError(f"{NEEDS_OCR} (OCR er slået fra).")
    if not ocr_available(settings):
        raise ParseError(f"{NEEDS_OCR}, men Tesseract med sprogdata '{settings.ocr_language}' er ikke installeret.")
    if len(page_indexes) > settings.ocr_max_pages:
        raise ParseError(f"{NEEDS_OCR}, men har {len(page_indexes)} skannede sider; "
                         f"grænsen er {settings.ocr_max_pages}.")
    return {n: _ocr_image(image, settings) for n, image in _render(data, page_indexes, dpi=settings.ocr_dpi)}


def _render(data: bytes, page_indexes: list[int], *, dpi: int):
    """(page index, PNG bytes) for each page, rendered at ``dpi``."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ParseError(f"PDF-filen kan ikke gengives til OCR ({exc}).") from None
    try:
        for n in page_indexes:
            image = pdf[n].render(scale=dpi / 72).to_pil()
            buf = io.BytesIO()
            image.save(buf, format="PNG")
            yield n, buf.getvalue()
    finally:
        pdf.close()


def _ocr_image(png: bytes, settings: IngestSettings) -> str:
    """Tesseract's text for one page image."""
    command = [settings.ocr_command, "stdin", "stdout", "-l", settings.ocr_language]
    try:
        result = subprocess.run(command, input=png, capture_output=True, timeout=settings.ocr_timeout_s)
    except subprocess.TimeoutExpired:
        raise ParseError(f"OCR af en side tog mere end {settings.ocr_timeout_s:.0f} sekunder.") from None
    if result.returncode != 0:
        log.warning("tesseract exited with %s", result.returncode)
        raise ParseError("OCR mislykkedes (Tesseract meldte en fejl).")
    return result.stdout.decode("utf-8", errors="replace")
