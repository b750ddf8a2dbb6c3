"""The review workflow: draft -> published -> withdrawn, metadata edits and personal-data review.

Each step changes the catalog (with its audit entry) and the payload of the document's
points, without re-embedding, inside ``guarded`` (corpus/documents.py): a crash between the
two is repaired from the catalog before anything is answered. What hides a document
(withdrawing, masking) goes to the store first, what shows it goes to the catalog first, so
even the window itself never shows more than both sides allow.
"""

from __future__ import annotations

from corpus.catalog import DocumentRow
from corpus.documents import guarded
from corpus.metadata_rules import check_metadata
from corpus.services import Services
from corpus.tables import now
from indexer import crashpoints
from indexer.errors import Conflict, InvalidInput, ReviewRequired
from indexer.pii import PII_TYPES, find_pii
from indexer.visibility import VISIBILITIES

# action -> (statuses it may start from, the status it leads to)
TRANSITIONS = {
    "publish": (("draft", "withdrawn"), "published"),
    "withdraw": (("draft", "published"), "withdrawn"),
}
STATUS_WORDS = {"draft": "en kladde", "published": "udgivet", "withdrawn": "trukket tilbage"}


def change_status(services: Services, doc_id: str, action: str, *, actor: str) -> DocumentRow:
    """Publish or withdraw a document; publishing needs reviewed personal-data flags."""
    row = services.catalog.require(doc_id)
    sources, target = TRANSITIONS[action]
    if row.status not in sources:
        raise Conflict(f"Dokumentet er {STATUS_WORDS.get(row.status, row.status)} og kan ikke "
                       f"{'udgives' if action == 'publish' else 'trækkes tilbage'} igen.", status_now=row.status)
    if target == "published" and row.pii_status == "unreviewed":
        raise ReviewRequired(
            f"Dokumentet indeholder personoplysninger ({', '.join(row.pii_types)}), som en redaktør skal "
            "gennemgå først: maskér dem, eller bekræft hvilke der må vises.", pii=list(row.pii_types))
    details = {"from": row.status, "to": target}
    with guarded(services, action, [doc_id]):
        if target != "published":
            services.store.set_payload(doc_id, {"status": target})
            crashpoints.reach("status.store_changed")
        values = {"status": target, **({"published_at": now()} if target == "published" else {})}
        row = services.catalog.update(doc_id, values, actor=actor, action=action, details=details)
        crashpoints.reach("status.catalog_changed")
        services.store.set_payload(doc_id, {"status": target})
    return row


def publish(services: Services, doc_id: str, *, actor: str) -> DocumentRow:
    """Make a draft or withdrawn document searchable for readers."""
    return change_status(services, doc_id, "publish", actor=actor)


def withdraw(services: Services, doc_id: str, *, actor: str) -> DocumentRow:
    """Take a document out of readers' search."""
    return change_status(services, doc_id, "withdraw", actor=actor)


def _payload_changes(changes: dict) -> dict:
    payload = dict(changes)
    if "date" in changes:
        payload["year"] = int(changes["date"][:4]) if changes["date"] else None
    return payload


def _narrows(before: str | None, after: str | None) -> bool:
    """True when a visibility change shows the document to fewer readers."""
    return after is not None and VISIBILITIES.index(after) > VISIBILITIES.index(before or "public")


def update_metadata(services: Services, doc_id: str, values: dict, *, actor: str) -> DocumentRow:
    """Change title, kommune, kind, date, url or language in the catalog and in every chunk's payload."""
    row = services.catalog.require(doc_id)
    cleaned = check_metadata(values, allow_null=True)
    changes = {k: v for k, v in cleaned.items() if getattr(row, k) != v}
    if not changes:
        return row
    details = {k: {"from": getattr(row, k), "to": v} for k, v in changes.items()}
    review = _new_pii(row, changes)
    with guarded(services, "update", [doc_id]):
        if _narrows(row.visibility, changes.get("visibility")):  # showing to fewer: hide in the store first
            services.store.set_payload(doc_id, {"visibility": changes["visibility"]})
        row = services.catalog.update(doc_id, {**changes, **review}, actor=actor, action="update",
                                      details=details)
        crashpoints.reach("update.catalog_changed")
        services.store.set_payload(doc_id, _payload_changes(changes))
    return row


def _new_pii(row: DocumentRow, changes: dict) -> dict:
    """Catalog changes when an edited title or address holds personal data of a new type: the
    type is flagged and the document waits for review (readers see it masked meanwhile)."""
    found = {m.type for name in ("title", "url") if changes.get(name) for m in find_pii(changes[name])}
    new = found - set(row.pii_types or ())
    if not new:
        return {}
    return {"pii_types": sorted(set(row.pii_types or ()) | new), "pii_status": "unreviewed"}


def review_pii(services: Services, doc_id: str, *, decision: str, shown: list[str] | None = None,
               actor: str) -> DocumentRow:
    """A curator's decision: ``masked`` (readers see every type masked) or ``confirmed`` with the
    types that are fine to show (e.g. a public official's work e-mail)."""
    row = services.catalog.require(doc_id)
    if decision not in ("masked", "confirmed"):
        raise InvalidInput("pii_status kan kun sættes til 'masked' eller 'confirmed'.")
    if not row.pii_types:
        raise Conflict("Dokumentet har ingen markerede personoplysninger at gennemgå.")
    shown = sorted(set(shown or ()))
    if unknown := set(shown) - set(PII_TYPES):
        raise InvalidInput(f"Ukendt type personoplysning: {sorted(unknown)[0]!r}; vælg blandt {', '.join(PII_TYPES)}.")
    if decision == "masked":
        shown = []
    with guarded(services, "review_pii", [doc_id]):
        if set(shown) < set(row.pii_shown or ()):  # showing less: hide in the store first
            services.store.set_payload(doc_id, {"pii_shown": shown})
        row = services.catalog.update(doc_id, {"pii_status": decision, "pii_shown": shown}, actor=actor,
                                      action="review_pii", details={"decision": decision, "shown": shown})
        crashpoints.reach("review.catalog_changed")
        services.store.set_payload(doc_id, {"pii_shown": shown})
    return row
