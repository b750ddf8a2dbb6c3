"""Who is calling: API keys (Bearer or X-API-Key), signed-in users (an OpenID Connect token as
Bearer), roles, widget origins and anonymous readers.

Roles are ordered reader < curator < admin. No key means an anonymous reader, allowed only
to read and only while ``auth.anonymous_read`` is on. A key or token that is unknown, revoked
or invalid is always 401, never a silent fall-back to anonymous. A widget sends its key as
X-API-Key and the user's token as Bearer: the caller is then the key's intranet and the
token's user. A principal becomes a ``Viewer``: what it may see (indexer/visibility.py).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, replace

import anyio.to_thread
from fastapi import Depends, Request

from corpus.keys import normalize_origin
from corpus.services import Services
from indexer.errors import Forbidden, InvalidInput, Unauthorized
from indexer.visibility import Viewer
from search_api.deps import get_services
from search_api.oidc import Identity, TokenVerifier, looks_like_jwt

ROLE_RANK = {"reader": 1, "curator": 2, "admin": 3}
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="vidensbank"'}


@dataclass(frozen=True)
class Principal:
    """The caller: a named key with a role, a signed-in user (with or without a widget key),
    or the anonymous reader."""

    name: str
    role: str
    key_id: int | None = None
    local: bool = False  # the CLI on the server's machine, with the token from the data folder
    subject: str | None = None  # the signed-in user's issuer and sub
    kommune: str | None = None  # the signed-in user's kommune

    @property
    def anonymous(self) -> bool:
        """True when neither a key nor a token was sent."""
        return self.key_id is None and self.subject is None

    @property
    def via(self) -> str:
        """How the caller was identified: oidc (a token), key, or anonymous."""
        return "oidc" if self.subject else "key" if self.key_id is not None else "anonymous"

    @property
    def viewer(self) -> Viewer | None:
        """What this caller may see: None (everything) for curators and admins."""
        if self.has("curator"):
            return None
        return Viewer(signed_in=self.subject is not None, kommune=self.kommune)

    def has(self, role: str) -> bool:
        """True when this caller's role is ``role`` or above."""
        return ROLE_RANK[self.role] >= ROLE_RANK[role]


ANONYMOUS = Principal(name="anonym", role="reader")
LOCAL_ADMIN = Principal(name="cli:lokal", role="admin", key_id=0, local=True)


def presented_credentials(request: Request) -> tuple[str | None, str | None]:
    """(API key, token): the Bearer value is a token when it looks like a JWT, else a key;
    ``X-API-Key`` always holds a key."""
    bearer = None
    if header := request.headers.get("authorization"):
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise Unauthorized("Authorization-headeren skal have formen 'Bearer <nøgle eller token>'.",
                               headers=CHALLENGE)
        bearer = value.strip()
    token = bearer if bearer and looks_like_jwt(bearer) else None
    key = request.headers.get("x-api-key", "").strip() or (bearer if token is None else None)
    return key, token


def _identity(request: Request, token: str) -> Identity:
    verifier: TokenVerifier | None = getattr(request.app.state, "tokens", None)
    if verifier is None:
        raise Unauthorized("Denne installation tager ikke imod log-in-tokens (ingen OpenID Connect-udbyder "
                           "er sat op).", headers=CHALLENGE)
    return verifier.verify(token)


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


async def current_principal(request: Request, services: Services = Depends(get_services)) -> Principal:
    """The caller behind the request's key and token (the anonymous reader when there is neither).
    On the event loop; only a key's look-up in the catalog and a token's check (which may fetch
    the provider's keys) go to a worker thread."""
    key, token = presented_credentials(request)
    if key is not None and is_local_token(request, key):
        actor = request.headers.get("x-vidensbank-actor", "").strip()[:100]  # who ran the command
        return replace(LOCAL_ADMIN, name=actor) if actor.startswith("cli") else LOCAL_ADMIN
    who = ANONYMOUS
    if key is not None:
        record = await anyio.to_thread.run_sync(services.catalog.keys.verify, key)
        if record is None:
            raise Unauthorized("API-nøglen er ukendt eller tilbagekaldt.", headers=CHALLENGE)
        if record.allowed_origins is not None and not _origin_allowed(request, record.allowed_origins):
            raise Forbidden(f"Widget-nøglen {record.name!r} må kun bruges fra sine godkendte adresser.")
        who = Principal(name=record.name, role=record.role, key_id=record.id)
    if token is not None:
        identity = await anyio.to_thread.run_sync(_identity, request, token)
        who = Principal(name=who.name if key else "bruger", role=who.role, key_id=who.key_id,
                        subject=f"{identity.issuer}|{identity.subject}", kommune=identity.kommune)
    return who


def require(role: str):
    """A dependency that lets through callers with ``role`` or above (401 without a key, 403 below)."""

    async def dependency(request: Request, who: Principal = Depends(current_principal)) -> Principal:
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
