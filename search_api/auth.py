"""Who is calling: API keys (Bearer or X-API-Key), roles, widget origins and anonymous readers.

Roles are ordered reader < curator < admin. No key means an anonymous reader, allowed only
to read and only while ``auth.anonymous_read`` is on. A key that is unknown or revoked is
always 401, never a silent fall-back to anonymous.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, replace

from fastapi import Depends, Request

from corpus.keys import normalize_origin
from corpus.services import Services
from indexer.errors import Forbidden, InvalidInput, Unauthorized
from search_api.deps import get_services

ROLE_RANK = {"reader": 1, "curator": 2, "admin": 3}
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="vidensbank"'}


@dataclass(frozen=True)
class Principal:
    """The caller: a named key with a role, or the anonymous reader."""

    name: str
    role: str
    key_id: int | None = None
    local: bool = False  # the CLI on the server's machine, with the token from the data folder

    @property
    def anonymous(self) -> bool:
        """True when no key was sent."""
        return self.key_id is None

    def has(self, role: str) -> bool:
        """True when this caller's role is ``role`` or above."""
        return ROLE_RANK[self.role] >= ROLE_RANK[role]


ANONYMOUS = Principal(name="anonym", role="reader")
LOCAL_ADMIN = Principal(name="cli:lokal", role="admin", key_id=0, local=True)


def presented_key(request: Request) -> str | None:
    """The key from ``Authorization: Bearer <key>`` or ``X-API-Key``, if any."""
    header = request.headers.get("authorization")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("Authorization-headeren skal have formen 'Bearer <nøgle>'.", headers=CHALLENGE)
        return token.strip()
    return request.headers.get("x-api-key", "").strip() or None


def _origin_allowed(request: Request, allowed: tuple[str, ...]) -> bool:
    origin = request.headers.get("origin")
    try:
        return origin is not None and normalize_origin(origin) in allowed
    except InvalidInput:
        return False


def is_local_token(request: Request, key: str) -> bool:
    """True when ``key`` is the local CLI's token of this server (compared in constant time)."""
    local_token = getattr(request.app.state, "local_token", None)
    return bool(local_token) and hmac.compare_digest(key.encode(), local_token.encode())


def current_principal(request: Request, services: Services = Depends(get_services)) -> Principal:
    """The caller behind the request's key (or the anonymous reader when there is none)."""
    key = presented_key(request)
    if key is None:
        return ANONYMOUS
    if is_local_token(request, key):
        actor = request.headers.get("x-vidensbank-actor", "").strip()[:100]  # who ran the command
        return replace(LOCAL_ADMIN, name=actor) if actor.startswith("cli") else LOCAL_ADMIN
    record = services.catalog.keys.verify(key)
    if record is None:
        raise Unauthorized("API-nøglen er ukendt eller tilbagekaldt.", headers=CHALLENGE)
    if record.allowed_origins is not None and not _origin_allowed(request, record.allowed_origins):
        raise Forbidden(f"Widget-nøglen {record.name!r} må kun bruges fra sine godkendte adresser.")
    return Principal(name=record.name, role=record.role, key_id=record.id)


def require(role: str):
    """A dependency that lets through callers with ``role`` or above (401 without a key, 403 below)."""

    def dependency(request: Request, who: Principal = Depends(current_principal)) -> Principal:
        if who.anonymous:
            if role == "reader" and request.app.state.settings.auth.anonymous_read:
                return who
            raise Unauthorized("Denne handling kræver en API-nøgle (Authorization: Bearer <nøgle>).",
                               headers=CHALLENGE)
        if not who.has(role):
            raise Forbidden(f"Nøglen {who.name!r} har rollen {who.role}; handlingen kræver {role}.")
        return who

    dependency.__name__ = f"require_{role}"
    return dependency


require_reader = require("reader")
require_curator = require("curator")
require_admin = require("admin")
