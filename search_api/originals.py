"""Who may see a document's original file: one rule for downloads and page previews."""

from __future__ import annotations

from corpus.catalog import DocumentQuery
from corpus.services import Services
from corpus.tables import DocumentRow
from indexer.errors import Forbidden, NotFound
from search_api.auth import Principal


def readable_document(services: Services, doc_id: str, who: Principal) -> DocumentRow:
    """The document, if this caller may see it: readers only published ones they may see
    (the conditions are part of the catalog query). Hidden and missing look the same: 404."""
    curator = who.has("curator")
    query = DocumentQuery(doc_ids=(doc_id,), status=() if curator else ("published",), viewer=who.viewer)
    _, rows = services.catalog.find(query, limit=1)
    if not rows:
        raise NotFound(f"Dokumentet {doc_id} findes ikke.")
    return rows[0]


def readable_original(services: Services, doc_id: str, who: Principal) -> DocumentRow:
    """The document whose original this caller may see. A file or a page picture shows what
    the text masks, so readers get no original with personal data that is masked for them."""
    row = readable_document(services, doc_id, who)
    if not who.has("curator") and set(row.pii_types or ()) - set(row.pii_shown or ()):
        raise Forbidden("Originalen indeholder personoplysninger, som er maskeret for læsere.")
    return row
