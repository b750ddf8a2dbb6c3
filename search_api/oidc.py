"""Signed-in users: OpenID Connect access tokens validated as an OAuth 2.0 resource server.

The only module that imports PyJWT. Signature against the provider's JWKS (cached, fetched
again when a token names an unknown key id), issuer, audience, expiry and not-before with a
small leeway, and only asymmetric algorithms: ``none`` and HS* never verify. Tokens are never
logged, and error details never quote them.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import jwt
from jwt import PyJWK, PyJWKClient, PyJWKSet

from indexer.errors import IdentityUnavailable, Unauthorized
from indexer.kommuner import KOMMUNER
from indexer.metadata import kommune_name
from indexer.settings import OidcProvider

log = logging.getLogger(__name__)
_KOMMUNE_BY_LOWER = {k.lower(): k for k in KOMMUNER}


@dataclass(frozen=True)
class Identity:
    """Who a valid token names: the provider, the subject and the user's kommune (if any)."""

    issuer: str
    subject: str
    kommune: str | None


def looks_like_jwt(credential: str) -> bool:
    """A JWT is three dot-separated parts; our API keys start with ``vb_`` and have no dots."""
    return credential.count(".") == 2 and not credential.startswith("vb_")


def invalid_token(detail: str, *, reason: str) -> Unauthorized:
    """401 with an RFC 6750 challenge; ``reason`` (English) tells a client what went wrong."""
    challenge = f'Bearer realm="vidensbank", error="invalid_token", error_description="{reason}"'
    return Unauthorized(detail, headers={"WWW-Authenticate": challenge}, reason=reason)


def canonical_kommune(value: object) -> str | None:
    """'Faxe Kommune', 'faxe' -> 'Faxe'; a list gives its first value; other names as written."""
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, str) or not value.strip():
        return None
    name = kommune_name(value.strip())
    return _KOMMUNE_BY_LOWER.get(name.lower(), name)


class KeySet:
    """The provider's signing keys: fetched from its JWKS URL (cached), or read from a file."""

    def __init__(self, provider: OidcProvider) -> None:
        self.file = Path(provider.jwks_file) if provider.jwks_file else None
        self.client = None if self.file else PyJWKClient(
            provider.jwks_url, cache_jwk_set=True, lifespan=provider.jwks_cache_s, timeout=10,
            cooldown_duration=provider.jwks_refresh_cooldown_s)
        self._file_keys: tuple[float, PyJWKSet] | None = None
        self._lock = threading.Lock()

    def _from_file(self) -> PyJWKSet:
        mtime = self.file.stat().st_mtime  # a replaced file is read again
        with self._lock:
            if self._file_keys is None or self._file_keys[0] != mtime:
                self._file_keys = (mtime, PyJWKSet.from_dict(json.loads(self.file.read_text(encoding="utf-8"))))
            return self._file_keys[1]

    def key(self, kid: str | None) -> PyJWK:
        """The key with this id (a set of one key may be used without one); 401 when unknown."""
        try:
            if self.client is not None:
                return self.client.get_signing_key(kid) if kid else self._only(self.client.get_jwk_set())
            keys = self._from_file()
            return keys[kid] if kid else self._only(keys)
        except jwt.PyJWKClientConnectionError as exc:
            log.warning("the identity provider's keys cannot be fetched: %s", type(exc).__name__)
            raise IdentityUnavailable("Identitetsudbyderens nøgler kan ikke hentes lige nu; prøv igen.") from None
        except (KeyError, jwt.PyJWKClientError, jwt.PyJWKSetError):
            raise invalid_token("Log-in-tokenet er underskrevet med en ukendt nøgle.", reason="unknown key id") from None
        except (OSError, ValueError) as exc:
            log.error("the JWKS file %s cannot be read: %s", self.file, type(exc).__name__)
            raise IdentityUnavailable("Identitetsudbyderens nøgler kan ikke læses.") from None

    @staticmethod
    def _only(keys: PyJWKSet) -> PyJWK:
        signing = [k for k in keys.keys if k.public_key_use in (None, "sig")]
        if len(signing) != 1:
            raise KeyError("a token without kid needs a key set of exactly one key")
        return signing[0]


class Provider:
    """One configured identity provider: its key set and the rules its tokens must meet."""

    def __init__(self, settings: OidcProvider) -> None:
        self.settings = settings
        self.keys = KeySet(settings)

    def verify(self, token: str, algorithm: str, kid: str | None) -> Identity:
        """The identity in a token this provider signed; 401 on any failed check."""
        s = self.settings
        key = self.keys.key(kid)
        try:
            claims = jwt.decode(token, key.key, algorithms=[algorithm], audience=s.audiences, issuer=s.issuer,
                                leeway=s.leeway_s, options={"require": ["exp", "iss", "aud", "sub"]})
        except jwt.ExpiredSignatureError:
            raise invalid_token("Log-in-tokenet er udløbet.", reason="token expired") from None
        except jwt.ImmatureSignatureError:
            raise invalid_token("Log-in-tokenet er ikke gyldigt endnu.", reason="token not yet valid") from None
        except jwt.InvalidAudienceError:
            raise invalid_token("Log-in-tokenet er udstedt til en anden tjeneste.", reason="wrong audience") from None
        except jwt.InvalidIssuerError:
            raise invalid_token("Log-in-tokenet kommer fra en ukendt udsteder.", reason="wrong issuer") from None
        except jwt.InvalidSignatureError:
            raise invalid_token("Log-in-tokenets underskrift er ugyldig.", reason="bad signature") from None
        except jwt.InvalidTokenError as exc:
            raise invalid_token("Log-in-tokenet er ugyldigt.", reason=type(exc).__name__) from None
        return Identity(issuer=s.issuer, subject=str(claims["sub"]), kommune=self.kommune(claims))

    def kommune(self, claims: dict) -> str | None:
        """The user's kommune: the kommune claim, else the tenant's or a group's mapping."""
        s = self.settings
        if named := canonical_kommune(claims.get(s.kommune_claim)):
            return named
        if (tenant := claims.get(s.tenant_claim)) in s.kommune_by_tenant:
            return canonical_kommune(s.kommune_by_tenant[tenant])
        groups = claims.get(s.groups_claim) or []
        for group in groups if isinstance(groups, list) else [groups]:
            if group in s.kommune_by_group:
                return canonical_kommune(s.kommune_by_group[group])
        return None


class TokenVerifier:
    """Every configured provider; a token goes to the one whose issuer it names."""

    def __init__(self, providers: list[OidcProvider]) -> None:
        self.providers = {p.issuer: Provider(p) for p in providers}

    def verify(self, token: str) -> Identity:
        """The identity of a valid token; 401 (with a reason) for anything else."""
        try:
            header = jwt.get_unverified_header(token)
            # Only to pick the provider; every claim is verified against its keys below.
            issuer = jwt.decode(token, options={"verify_signature": False}).get("iss")
        except jwt.InvalidTokenError:
            raise invalid_token("Log-in-tokenet kan ikke læses.", reason="malformed token") from None
        algorithm = header.get("alg")
        provider = self.providers.get(issuer) if isinstance(issuer, str) else None
        if provider is None:
            raise invalid_token("Log-in-tokenet kommer fra en ukendt udsteder.", reason="wrong issuer")
        if algorithm not in provider.settings.algorithms:
            raise invalid_token("Log-in-tokenet er underskrevet med en algoritme, der ikke er tilladt.",
                                reason="algorithm not allowed")
        return provider.verify(token, algorithm, header.get("kid"))
