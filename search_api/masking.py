"""What readers may see of a chunk: personal data masked unless a curator marked its type as
fine to show (``pii_shown`` in the payload, set from the catalog without re-embedding)."""

from __future__ import annotations

from indexer.pii import find_pii, mask_pii


def visible_text(payload: dict) -> str:
    """The chunk's text as readers see it."""
    text = payload.get("text", "")
    shown = frozenset(payload.get("pii_shown") or ())
    if "pii" in payload and set(payload["pii"]) <= shown:
        return text  # nothing detected, or every detected type may be shown
    # Points indexed before personal-data detection have no "pii" field: check them here.
    return mask_pii(text, find_pii(text), keep=shown)
