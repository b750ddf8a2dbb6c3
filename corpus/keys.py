"""API keys: shown once at creation, stored only as a SHA-256 hash of a high-entropy token.

A key looks like ``vb_<43 url-safe characters>`` (256 random bits). Its first 11 characters
are kept in clear as a prefix to find the row; the full key is checked by comparing hashes
in constant time. Plain SHA-256 is enough here (no bcrypt): the token is random, not a password.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from corpus.audit import AuditLog
from corpus.database import Database
from corpus.tables import ROLES, ApiKeyRow, as_utc, now
from indexer.errors import Conflict, InvalidInput, NotFound

KEY_PREFIX = "vb_"
PREFIX_LENGTH = 11


@dataclass(frozen=True)
class ApiKey:
    """What the catalog knows about a key (never the key itself)."""

    id: int
    name: str
    role: str
    prefix: str
    allowed_origins: tuple[str, ...] | None
    created_at: datetime
    revoked_at: datetime | None

    @property
    def is_widget(self) -> bool:
        """A read-only key bound to browser origins (for the embeddable widget)."""
        return self.allowed_origins is not None


@dataclass(frozen=True)
class NewKey:
    """A freshly created key: the only moment the secret is known."""

    key: str
    record: ApiKey


def hash_key(key: str) -> str:
    """SHA-256 of the key, hex."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _record(row: ApiKeyRow) -> ApiKey:
    origins = tuple(row.allowed_origins) if row.allowed_origins is not None else None
    return ApiKey(id=row.id, name=row.name, role=row.role, prefix=row.prefix, allowed_origins=origins,
                  created_at=as_utc(row.created_at), revoked_at=as_utc(row.revoked_at))


def normalize_origin(origin: str) -> str:
    """``https://intranet.faxe.dk`` (scheme and host, no path); InvalidInput otherwise."""
    parts = urlsplit(origin.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        raise InvalidInput(f"Ugyldig oprindelse (origin): {origin!r}; skriv fx https://intranet.kommune.dk")
    return f"{parts.scheme}://{parts.netloc.lower()}"


def _check(name: str, role: str, origins: list[str] | None) -> list[str] | None:
    if not name.strip() or len(name) > 100:
        raise InvalidInput("Nøglen skal have et navn (højst 100 tegn).")
    if role not in ROLES:
        raise InvalidInput(f"Ukendt rolle {role!r}; vælg {', '.join(ROLES)}.")
    if origins is None:
        return None
    if role != "reader":
        raise InvalidInput("En widget-nøgle (med --origin) kan kun have rollen reader.")
    return sorted({normalize_origin(o) for o in origins})


class KeyRing:
    """Create, verify, list and revoke API keys."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, *, name: str, role: str, origins: list[str] | None = None, actor: str = "cli") -> NewKey:
        """A new key with this role; ``origins`` makes it a widget key usable only from them."""
        allowed = _check(name, role, origins)
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        row = ApiKeyRow(name=name.strip(), role=role, prefix=key[:PREFIX_LENGTH], key_hash=hash_key(key),
                        allowed_origins=allowed, created_at=now())
        try:
            with self.db.session() as s:
                s.add(row)
                s.flush()
                AuditLog.add(s, actor=actor, action="key_create",
                             details={"name": row.name, "role": role, "origins": allowed})
        except IntegrityError:
            raise Conflict(f"Der findes allerede en nøgle med navnet {name!r}.") from None
        return NewKey(key=key, record=_record(row))

    def verify(self, key: str) -> ApiKey | None:
        """The active key matching ``key``, or None."""
        if not key.startswith(KEY_PREFIX) or len(key) < PREFIX_LENGTH + 8:
            return None
        digest = hash_key(key)
        with self.db.session() as s:
            rows = s.scalars(select(ApiKeyRow).where(ApiKeyRow.prefix == key[:PREFIX_LENGTH]))
            for row in rows:
                if hmac.compare_digest(row.key_hash, digest) and row.revoked_at is None:
                    return _record(row)
        return None

    def list(self) -> list[ApiKey]:
        """Every key, revoked ones included, oldest first."""
        with self.db.session() as s:
            return [_record(r) for r in s.scalars(select(ApiKeyRow).order_by(ApiKeyRow.id))]

    def revoke(self, name_or_prefix: str, *, actor: str = "cli") -> ApiKey:
        """Revoke a key by its name or prefix; it stops working at once."""
        with self.db.session() as s:
            row = s.scalars(select(ApiKeyRow).where((ApiKeyRow.name == name_or_prefix)
                                                    | (ApiKeyRow.prefix == name_or_prefix))).first()
            if row is None:
                raise NotFound(f"Ingen nøgle hedder {name_or_prefix!r}.")
            if row.revoked_at is None:
                row.revoked_at = now()
                AuditLog.add(s, actor=actor, action="key_revoke", details={"name": row.name, "role": row.role})
            return _record(row)

