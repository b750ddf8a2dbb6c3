"""'Nyt i vidensbanken' as an Atom 1.0 feed: newly published public documents, or the newest
passages that match a saved search. The only module that imports feedgen.

Feed readers carry no identity, so the feed holds ``public`` documents only: the condition is
part of the catalog and store queries, whoever asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import quote, urlencode

from feedgen.feed import FeedGenerator

from corpus.catalog import DocumentQuery
from corpus.services import Services
from corpus.tables import DocumentRow, as_utc
from indexer.store import Filters, bm25
from indexer.visibility import ANONYMOUS_VIEWER
from search_api.masking import visible_text
from search_api.retrieval.search import PUBLISHED, search

SUMMARY_CHARS = 300
KOMMUNE_SCHEME = "https://ssp-vidensbank.dk/kommune"
KIND_SCHEME = "https://ssp-vidensbank.dk/dokumenttype"


@dataclass(frozen=True)
class FeedRequest:
    """What a feed is about: optional kommuner and kinds, and a saved search."""

    kommune: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    q: str | None = None
    limit: int = 30

    def params(self) -> str:
        """The filters as a query string (for the feed's own and alternate links)."""
        pairs = [("kommune", k) for k in self.kommune] + [("kind", k) for k in self.kind]
        return urlencode(pairs + ([("q", self.q)] if self.q else []))


@dataclass(frozen=True)
class Entry:
    """One document (or one matching passage of it) in the feed."""

    row: DocumentRow
    summary: str
    passage_id: str | None = None


def shorten(text: str, *, limit: int = SUMMARY_CHARS) -> str:
    """At most ``limit`` characters, cut at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _public(request: FeedRequest, **more) -> Filters:
    return Filters(kommune=request.kommune, kind=request.kind, status=PUBLISHED, viewer=ANONYMOUS_VIEWER, **more)


def _opening(services: Services, doc_id: str) -> str:
    """The first passage of a public document, personal data masked."""
    records = list(services.store.scroll(Filters(doc_ids=(doc_id,), status=PUBLISHED, viewer=ANONYMOUS_VIEWER),
                                         limit=500))
    first = min(records, key=lambda r: r.payload["chunk_no"], default=None)
    return shorten(visible_text(first.payload)) if first else ""


def newest_documents(services: Services, request: FeedRequest) -> list[Entry]:
    """The most recently published public documents matching the filters."""
    query = DocumentQuery(status=PUBLISHED, kommune=request.kommune, kind=request.kind, viewer=ANONYMOUS_VIEWER)
    rows = services.catalog.newest(query, limit=request.limit)
    return [Entry(row, _opening(services, row.doc_id)) for row in rows]


def _mentions(words: set[int], text: str) -> bool:
    """True when the passage holds one of the search's words (Danish stems)."""
    return bool(words & set(bm25.document_vector(text).indices))


def matching_passages(services: Services, request: FeedRequest) -> list[Entry]:
    """The best passage of each public document matching the saved search, newest document first.

    A feed entry is a promise that something new *matches*: a passage that is only the nearest
    in meaning, without one of the search's words, is left out (as a news alert would)."""
    hits = search(services, request.q, top_k=min(request.limit, services.settings.search.max_top_k),
                  filters=_public(request), highlights=0)
    words = set(bm25.query_vector(request.q).indices)
    best = {}
    for hit in hits:
        if _mentions(words, f"{hit.title}\n{hit.text}"):
            best.setdefault(hit.doc_id, hit)
    if not best:  # an empty id list would match every document
        return []
    _, rows = services.catalog.find(DocumentQuery(doc_ids=tuple(best), status=PUBLISHED, viewer=ANONYMOUS_VIEWER),
                                    limit=len(best) or 1)
    entries = [Entry(row, shorten(best[row.doc_id].text), best[row.doc_id].chunk_id) for row in rows]
    return sorted(entries, key=lambda e: _published(e.row), reverse=True)


def _published(row: DocumentRow) -> datetime:
    return as_utc(row.published_at or row.updated_at or row.created_at)


def _link(row: DocumentRow, base: str) -> str:
    """Where a reader opens the document: its own web address, else its file, else a search for it."""
    if row.url:
        return row.url
    if not set(row.pii_types or ()) - set(row.pii_shown or ()):
        return f"{base}/v1/documents/{quote(row.doc_id)}/file"
    return f"{base}/?{urlencode({'q': row.title})}"


def _title(request: FeedRequest) -> str:
    parts = [", ".join(request.kommune), ", ".join(request.kind), f"«{request.q}»" if request.q else ""]
    detail = " · ".join(p for p in parts if p)
    return f"Nyt i SSP Vidensbank: {detail}" if detail else "Nyt i SSP Vidensbank"


def render(entries: list[Entry], request: FeedRequest, *, base: str) -> bytes:
    """The entries as an Atom 1.0 document (UTF-8 bytes)."""
    params = request.params()
    self_url = f"{base}/v1/feed.atom" + (f"?{params}" if params else "")
    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(_title(request))
    feed.subtitle("Nyligt udgivne, offentlige dokumenter fra SSP Vidensbank.")
    feed.author({"name": "SSP Vidensbank"})
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.link(href=f"{base}/" + (f"?{params}" if params else ""), rel="alternate", type="text/html")
    feed.language("da")
    feed.generator("SSP Vidensbank")
    feed.updated(max((_published(e.row) for e in entries), default=datetime(2020, 1, 1, tzinfo=timezone.utc)))
    for entry in reversed(entries):  # feedgen puts each new entry first
        _add(feed, entry, base=base)
    return feed.atom_str(pretty=True)


def _add(feed: FeedGenerator, entry: Entry, *, base: str) -> None:
    row = entry.row
    item = feed.add_entry()
    suffix = f":passage:{entry.passage_id}" if entry.passage_id else ""
    item.id(f"urn:ssp-vidensbank:document:{row.doc_id}{suffix}")
    item.title(row.title)
    item.link(href=_link(row, base), rel="alternate")
    item.published(_published(row))
    item.updated(_published(row))
    item.author({"name": f"{row.kommune} Kommune" if row.kommune and row.kommune != "national" else "SSP Vidensbank"})
    if row.kommune:
        item.category(term=row.kommune, scheme=KOMMUNE_SCHEME, label=row.kommune)
    if row.kind:
        item.category(term=row.kind, scheme=KIND_SCHEME, label=row.kind)
    dated = f"Dato: {row.date}. " if row.date else ""
    item.summary(f"{dated}{entry.summary}" if entry.summary else (dated.strip() or row.title))
