"""What readers may see of a chunk and of a document's title, heading, file name and address:
personal data masked unless a curator marked its type as fine to show (``pii_shown`` in the
payload and the catalog, set without re-embedding)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from indexer.pii import PiiMatch, find_pii, mask_pii

SPANS = {"text": "pii_spans", "original_text": "original_pii_spans"}


def pii_matches(payload: dict, field: str = "text") -> list[PiiMatch]:
    """The personal data in a chunk's ``text`` (or ``original_text``). The spans found at index
    time include names recognised elsewhere in the document; points indexed before they were
    stored are checked here instead."""
    spans = payload.get(SPANS[field])
    return [PiiMatch(*span) for span in spans] if spans is not None else find_pii(payload.get(field) or "")


def visible_text(payload: dict, field: str = "text") -> str:
    """The chunk's ``text`` (or ``original_text``) as readers see it."""
    text = payload.get(field) or ""
    shown = frozenset(payload.get("pii_shown") or ())
    if "pii" in payload and set(payload["pii"]) <= shown:
        return text  # nothing detected, or every detected type may be shown
    return mask_pii(text, pii_matches(payload, field), keep=shown)


def visible_field(value: str | None, shown: Iterable[str] = ()) -> str | None:
    """A title, section or file name as readers see it: personal data masked unless its type may be shown."""
    return _masked(value, frozenset(shown)) if value else value


def visible_url(url: str | None, shown: Iterable[str] = ()) -> str | None:
    """A link readers may follow: none when it holds personal data they may not see (a masked
    link would lead nowhere)."""
    if not url:
        return url
    return None if _hides(url, frozenset(shown)) else url


# Every hit shows its document's title, section, file name and link, and one document's passages
# come back together: each value is checked for personal data once, not once per hit.
FIELDS = 8192


@lru_cache(maxsize=FIELDS)
def _masked(value: str, keep: frozenset[str]) -> str:
    return mask_pii(value, keep=keep)


@lru_cache(maxsize=FIELDS)
def _hides(url: str, keep: frozenset[str]) -> bool:
    return any(m.type not in keep for m in find_pii(url))
