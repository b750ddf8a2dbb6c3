"""A real identity provider for tests: RSA and EC keys made here, a JWKS served over HTTP on
127.0.0.1, and tokens signed with PyJWT. Nothing is faked: the API fetches and checks them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

ISSUER = "https://login.test.example/faxe-tenant/v2.0"
AUDIENCE = "api://ssp-vidensbank"


@dataclass(frozen=True)
class SigningKey:
    """A private key, its key id and algorithm."""

    kid: str
    alg: str
    private: object

    def public_jwk(self) -> dict:
        """The public half as a JWK."""
        to_jwk = RSAAlgorithm.to_jwk if self.alg.startswith(("RS", "PS")) else ECAlgorithm.to_jwk
        return {**to_jwk(self.private.public_key(), as_dict=True), "kid": self.kid, "alg": self.alg, "use": "sig"}

    def public_pem(self) -> bytes:
        """The public key in PEM (what an attacker could use as an HMAC secret)."""
        return self.private.public_key().public_bytes(serialization.Encoding.PEM,
                                                      serialization.PublicFormat.SubjectPublicKeyInfo)


def rsa_key(kid: str) -> SigningKey:
    return SigningKey(kid, "RS256", rsa.generate_private_key(public_exponent=65537, key_size=2048))


def ec_key(kid: str) -> SigningKey:
    return SigningKey(kid, "ES256", ec.generate_private_key(ec.SECP256R1()))


def claims(**overrides) -> dict:
    """Claims of a valid token for a Faxe user; overrides replace (None removes) a claim."""
    now = int(time.time())
    values = {"iss": ISSUER, "aud": AUDIENCE, "sub": "bruger-1", "iat": now, "nbf": now - 5, "exp": now + 600,
              "kommune": "Faxe"}
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


def sign(key: SigningKey, *, kid: str | None = "same", **overrides) -> str:
    """A token signed by ``key`` (its own kid unless another is given)."""
    header = {"kid": key.kid if kid == "same" else kid} if kid else {}
    return jwt.encode(claims(**overrides), key.private, algorithm=key.alg, headers=header)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forged_hs256(key: SigningKey, **overrides) -> str:
    """The classic key-confusion attack: HS256 with the public key as the HMAC secret.
    (Built by hand because PyJWT rightly refuses to make it.)"""
    head = _b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": key.kid}).encode())
    body = _b64(json.dumps(claims(**overrides)).encode())
    mac = hmac.new(key.public_pem(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{_b64(mac)}"


def unsigned(key: SigningKey, **overrides) -> str:
    """A token with ``alg: none`` and no signature."""
    head = _b64(json.dumps({"alg": "none", "typ": "JWT", "kid": key.kid}).encode())
    return f"{head}.{_b64(json.dumps(claims(**overrides)).encode())}."


@dataclass
class JwksServer:
    """Serves the public keys at http://127.0.0.1:<port>/jwks.json and counts the fetches."""

    keys: list[SigningKey]
    fetches: int = 0
    _server: ThreadingHTTPServer | None = field(default=None, repr=False)

    def jwks(self) -> dict:
        return {"keys": [k.public_jwk() for k in self.keys]}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/jwks.json"

    def __enter__(self) -> "JwksServer":
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                owner.fetches += 1
                body = json.dumps(owner.jwks()).encode()
                self.send_response(200 if self.path == "/jwks.json" else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


def provider(*, jwks_url: str | None = None, jwks_file: str | None = None, **extra) -> dict:
    """The auth.oidc settings of the test provider."""
    source = {"jwks_url": jwks_url} if jwks_url else {"jwks_file": jwks_file}
    return {"issuer": ISSUER, "audience": AUDIENCE, **source, "jwks_refresh_cooldown_s": 0, **extra}
