"""Where a document's original file is, for links to it and for page previews.

The catalog's content-addressed file store holds every original once the curation work is in
place (``services.files``); until then, and for stores built before it, the file the server
indexed (the catalog's ``origin`` path) serves.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path

from corpus.services import Services
from indexer.errors import Forbidden, NotFound

READABLE = ("published",)


@dataclass(frozen=True)
class Original:
    """A document's original file: where it is, what to call it and its media type."""

    doc_id: str
    path: Path
    filename: str
    media_type: str
    content_hash: str

    @property
    def is_pdf(self) -> bool:
        return self.media_type == "application/pdf"


def find_original(services: Services, doc_id: str, *, statuses: tuple[str, ...] = READABLE) -> Original:
    """The original of a document readers may see, or NotFound."""
    row = services.catalog.get(doc_id)
    if row is None or row.status not in statuses:
        raise NotFound("Dokumentet findes ikke.")
    # A page picture shows what the text masks: no originals with masked personal data for readers.
    hidden = set(getattr(row, "pii_types", None) or ()) - set(getattr(row, "pii_shown", None) or ())
    if hidden:
        raise Forbidden("Originalen indeholder personoplysninger, som er maskeret for læsere.")
    path = _stored_path(services, row.content_hash) or Path(getattr(row, "origin", "") or "")
    if not path.is_file():
        raise NotFound("Den originale fil er ikke gemt i denne installation.")
    filename = Path(row.source or path.name).name
    media_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return Original(doc_id, path, filename, media_type, row.content_hash)


def _stored_path(services: Services, content_hash: str) -> Path | None:
    files = getattr(services, "files", None)
    if files is None:
        return None
    try:
        path = files.path(content_hash)
    except NotFound:
        return None
    return path if path.is_file() else None
