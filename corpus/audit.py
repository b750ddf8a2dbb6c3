"""The audit log: every change to the corpus or its keys, with the name of the key that made it.

Details hold ids, field names and metadata values, never document text, keys or personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from corpus.database import Database
from corpus.tables import AuditRow, as_utc, now


@dataclass(frozen=True)
class AuditEntry:
    """One recorded action."""

    id: int
    at: datetime
    actor: str
    action: str
    doc_id: str | None
    details: dict


def _entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(id=row.id, at=as_utc(row.at), actor=row.actor, action=row.action,
                      doc_id=row.doc_id, details=dict(row.details or {}))


class AuditLog:
    """Append-only log of actions in the catalog database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @staticmethod
    def add(session: Session, *, actor: str, action: str, doc_id: str | None = None,
            details: dict | None = None) -> None:
        """Record an action inside the caller's transaction."""
        session.add(AuditRow(at=now(), actor=actor, action=action, doc_id=doc_id, details=details or {}))

    def record(self, *, actor: str, action: str, doc_id: str | None = None, details: dict | None = None) -> None:
        """Record an action in its own transaction."""
        with self.db.session() as s:
            self.add(s, actor=actor, action=action, doc_id=doc_id, details=details)

    def find(self, *, doc_id: str | None = None, actor: str | None = None, action: str | None = None,
             limit: int = 50, offset: int = 0) -> tuple[int, list[AuditEntry]]:
        """Total matching and one page of entries, newest first."""
        conditions = [column == value for column, value in
                      ((AuditRow.doc_id, doc_id), (AuditRow.actor, actor), (AuditRow.action, action))
                      if value is not None]
        with self.db.session() as s:
            total = s.scalar(select(func.count()).select_from(AuditRow).where(*conditions))
            rows = s.scalars(select(AuditRow).where(*conditions)
                             .order_by(AuditRow.id.desc()).limit(limit).offset(offset))
            return int(total or 0), [_entry(r) for r in rows]


def cli_actor() -> str:
    """The audit name of whoever runs the command line: ``cli:<login>``."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name in some containers
        return "cli"
