"""What readers may see of a chunk: personal data masked unless a curator marked its type as
fine to show (``pii_shown`` in the payload, set from the catalog without re-embedding)."""

from __future__ import annotations

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
