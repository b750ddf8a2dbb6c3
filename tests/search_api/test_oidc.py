"""Signed-in users through the real app: tokens signed with RSA and EC keys made here, checked
against a JWKS served over HTTP on 127.0.0.1 (or read from a file), answered by GET /v1/me."""

from __future__ import annotations

import json
import logging
import time

import pytest
from fastapi.testclient import TestClient

from indexer.settings import Settings
from search_api.app import create_app
from tests.conftest import make_settings
from tests.support.identity import (
    AUDIENCE, ISSUER, JwksServer, ec_key, forged_hs256, provider, rsa_key, sign, unsigned,
)

RSA, EC, OTHER = rsa_key("rsa-1"), ec_key("ec-1"), rsa_key("rsa-1")  # OTHER: another key with RSA's kid
LATER = rsa_key("rsa-2")  # published by the provider only later (key rotation)


@pytest.fixture(scope="module")
def idp():
    with JwksServer([RSA, EC]) as server:
        yield server


@pytest.fixture(scope="module")
def client(idp, tmp_path_factory):
    settings = make_settings(tmp_path_factory.mktemp("oidc"), auth={"oidc": provider(jwks_url=idp.url)})
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _me(client: TestClient, token: str):
    return client.get("/v1/me", headers={"Authorization": f"Bearer {token}"})


@pytest.mark.parametrize("key", [RSA, EC], ids=["RS256", "ES256"])
def test_a_valid_token_names_the_user_and_kommune(client, key):
    response = _me(client, sign(key, kommune="Faxe Kommune"))
    assert response.status_code == 200, response.text
    assert response.json() == {"authenticated": True, "kommune": "Faxe", "role": "reader", "via": "oidc"}


def test_without_a_token_the_caller_is_anonymous(client):
    assert client.get("/v1/me").json() == {"authenticated": False, "kommune": None, "role": None,
                                           "via": "anonymous"}


REJECTED = {
    "expired": (lambda: sign(RSA, exp=int(time.time()) - 120, iat=int(time.time()) - 900), "token expired"),
    "not yet valid": (lambda: sign(RSA, nbf=int(time.time()) + 600), "token not yet valid"),
    "wrong issuer": (lambda: sign(RSA, iss="https://login.test.example/other/v2.0"), "wrong issuer"),
    "wrong audience": (lambda: sign(RSA, aud="api://another-service"), "wrong audience"),
    "wrong signature": (lambda: sign(OTHER), "bad signature"),
    "unknown kid": (lambda: sign(RSA, kid="never-published"), "unknown key id"),
    "HS256 with the public key": (lambda: forged_hs256(RSA), "algorithm not allowed"),
    "alg none": (lambda: unsigned(RSA), "algorithm not allowed"),
    "no sub": (lambda: sign(RSA, sub=None), "MissingRequiredClaimError"),
    "no exp": (lambda: sign(RSA, exp=None), "MissingRequiredClaimError"),
}


@pytest.mark.parametrize("case", REJECTED)
def test_an_invalid_token_is_401_with_the_reason_and_never_anonymous(client, case):
    make, reason = REJECTED[case]
    response = _me(client, make())
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == "application/problem+json"
    challenge = response.headers["www-authenticate"]
    assert 'error="invalid_token"' in challenge and reason in challenge
    # Content routes refuse it as well: an invalid token never falls back to anonymous.
    search = client.post("/v1/search", json={"query": "lokalgrupper"},
                         headers={"Authorization": f"Bearer {make()}"})
    assert search.status_code == 401


def test_expiry_has_a_small_leeway(client):
    response = _me(client, sign(RSA, exp=int(time.time()) - 20))  # 20 s past, leeway 60 s
    assert response.status_code == 200


def test_keys_are_cached_and_fetched_again_for_an_unknown_kid(client, idp):
    assert _me(client, sign(RSA)).status_code == 200
    fetched = idp.fetches
    assert _me(client, sign(EC)).status_code == 200
    assert idp.fetches == fetched  # known kids: served from the cache
    token = sign(LATER)
    assert _me(client, token).status_code == 401  # not published yet
    idp.keys.append(LATER)  # the provider rotates in a new key
    try:
        assert _me(client, token).status_code == 200
        assert idp.fetches > fetched
    finally:
        idp.keys.remove(LATER)


def test_keys_from_a_file_for_servers_without_outbound_access(tmp_path):
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [EC.public_jwk()]}))
    settings = make_settings(tmp_path, auth={"oidc": provider(jwks_file=str(jwks))})
    with TestClient(create_app(settings)) as client:
        assert _me(client, sign(EC)).json()["kommune"] == "Faxe"
        assert _me(client, sign(RSA)).status_code == 401


def test_kommune_from_a_tenant_or_group_mapping(tmp_path, idp):
    mapping = {"kommune_by_tenant": {"tenant-slagelse": "Slagelse"}, "kommune_by_group": {"grp-koege": "Køge"}}
    settings = make_settings(tmp_path, auth={"oidc": provider(jwks_url=idp.url, **mapping)})
    with TestClient(create_app(settings)) as client:
        assert _me(client, sign(RSA, kommune=None, tid="tenant-slagelse")).json()["kommune"] == "Slagelse"
        assert _me(client, sign(RSA, kommune=None, groups=["x", "grp-koege"])).json()["kommune"] == "Køge"
        unmapped = _me(client, sign(RSA, kommune=None, tid="elsewhere")).json()
        assert unmapped == {"authenticated": True, "kommune": None, "role": "reader", "via": "oidc"}


def test_a_token_needs_a_configured_provider(tmp_path):
    with TestClient(create_app(make_settings(tmp_path))) as client:
        response = _me(client, sign(RSA))
        assert response.status_code == 401
        assert "OpenID Connect" in response.json()["detail"]


def test_signed_in_users_read_while_anonymous_read_is_off(client, tmp_path, idp):
    settings = make_settings(tmp_path, auth={"anonymous_read": False, "oidc": provider(jwks_url=idp.url)})
    with TestClient(create_app(settings)) as closed:
        assert closed.post("/v1/search", json={"query": "lokalgrupper"}).status_code == 401
        token = {"Authorization": f"Bearer {sign(RSA)}"}
        assert closed.post("/v1/search", json={"query": "lokalgrupper"}, headers=token).status_code == 200


def test_tokens_are_never_logged(client, caplog):
    caplog.set_level(logging.DEBUG)
    good, bad = sign(RSA), sign(RSA, aud="api://another-service")
    _me(client, good)
    _me(client, bad)
    client.post("/v1/search", json={"query": "lokalgrupper"}, headers={"Authorization": f"Bearer {good}"})
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for token in (good, bad):
        assert token not in logged and token.split(".")[2] not in logged


def test_the_single_provider_environment_names(monkeypatch, tmp_path):
    monkeypatch.setenv("VIDENSBANK_AUTH__OIDC__ISSUER", ISSUER)
    monkeypatch.setenv("VIDENSBANK_AUTH__OIDC__AUDIENCE", AUDIENCE)
    monkeypatch.setenv("VIDENSBANK_AUTH__OIDC__JWKS_FILE", str(tmp_path / "jwks.json"))
    monkeypatch.setenv("VIDENSBANK_AUTH__OIDC__KOMMUNE_CLAIM", "extension_kommune")
    [only] = Settings(_env_file=None).auth.providers()
    assert (only.issuer, only.audiences, only.kommune_claim) == (ISSUER, [AUDIENCE], "extension_kommune")
    assert str(only.jwks_file) == str(tmp_path / "jwks.json") and only.jwks_url is None


def test_settings_refuse_symmetric_algorithms_and_a_provider_without_keys():
    with pytest.raises(ValueError, match="asymmetric"):
        Settings(_env_file=None, auth={"oidc": provider(jwks_url="https://x.example/k", algorithms=["HS256"])})
    with pytest.raises(ValueError, match="jwks_url"):
        Settings(_env_file=None, auth={"oidc": {"issuer": ISSUER, "audience": AUDIENCE}})

