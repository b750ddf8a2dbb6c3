"""The widget carries the intranet's signed-in user: on a foreign origin, with a token-url (or a
getToken function), a Faxe user finds Faxe's internal minutes and a Slagelse user does not.
Tokens are real (EC key, JWKS file); the intranet is a second local origin."""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import expect

from corpus.ingest import index_paths
from corpus.services import Services
from search_api.app import create_app
from tests.conftest import make_settings
from tests.search_api.browser.test_widget import ask, write_page
from tests.support.corpus import write_corpus
from tests.support.identity import ec_key, provider, sign
from tests.support.live import LiveApp, bound_socket

pytestmark = pytest.mark.slow

KEY = ec_key("ec-browser")
TITLE = "Internt referat: styregruppen i Faxe"
INTERNAL = f"""---
title: "{TITLE}"
kommune: Faxe
kind: referat
date: 2024-03-12
visibility: kommune
---
# {TITLE}

## Punkt 1: Natteravnenes ruter

Styregruppen vedtog nye ruter for natteravnene ved havnen i Faxe Ladeplads. Ruterne holdes
interne, fordi de viser, hvor politiet og natteravnene er til stede om aftenen.
"""
QUESTION = "Hvilke ruter vedtog styregruppen for natteravnene ved havnen?"


@pytest.fixture(scope="module")
def idp_app(tmp_path_factory, foreign_site):
    tmp = tmp_path_factory.mktemp("identity-live")
    (tmp / "jwks.json").write_text(json.dumps({"keys": [KEY.public_jwk()]}))
    settings = make_settings(tmp, api={"cors_origins": [foreign_site.url()]},
                             auth={"rate_limit_per_minute": 0, "oidc": provider(jwks_file=str(tmp / "jwks.json"))})
    docs = write_corpus(tmp / "docs")
    (docs / "faxe-internt-referat.md").write_text(INTERNAL, encoding="utf-8")
    with Services.open(settings) as services:
        assert index_paths(services, [docs]).ok
    with LiveApp(create_app(settings), bound_socket()) as app:
        yield app


def _page_with_token_url(foreign_root, app, user: str, kommune: str) -> str:
    (foreign_root / f"token-{user}.txt").write_text(sign(KEY, kommune=kommune, sub=user), encoding="utf-8")
    return write_page(foreign_root, f"intranet-{user}.html", app.url,
                      f'<ssp-vidensbank api="{app.url}" token-url="/token-{user}.txt"></ssp-vidensbank>')


def test_a_faxe_user_sees_faxes_internal_minutes_in_the_widget(page, idp_app, foreign_site, foreign_root):
    page.goto(f"{foreign_site.url()}/{_page_with_token_url(foreign_root, idp_app, 'mette', 'Faxe')}")
    ask(page, QUESTION)
    widget = page.locator("ssp-vidensbank")
    expect(widget.get_by_role("link", name=TITLE).first).to_be_visible(timeout=20_000)
    expect(widget.get_by_text("Kun for Faxe Kommune").first).to_be_visible()
    assert page.errors == []


def test_a_slagelse_user_does_not_see_them(page, idp_app, foreign_site, foreign_root):
    page.goto(f"{foreign_site.url()}/{_page_with_token_url(foreign_root, idp_app, 'sofie', 'Slagelse')}")
    ask(page, QUESTION)
    widget = page.locator("ssp-vidensbank")
    expect(widget.locator(".out")).to_contain_text("Se alle resultater", timeout=20_000)
    expect(widget.get_by_text(TITLE)).to_have_count(0)
    expect(widget.get_by_text("Kun for Faxe Kommune")).to_have_count(0)


def test_get_token_is_asked_again_when_the_api_says_the_token_expired(page, idp_app, foreign_site, foreign_root):
    expired = sign(KEY, kommune="Faxe", exp=int(time.time()) - 3600, iat=int(time.time()) - 7200)
    fresh = sign(KEY, kommune="Faxe")
    body = (f'<ssp-vidensbank api="{idp_app.url}"></ssp-vidensbank><script>'
            f'window.calls = 0; var tokens = ["{expired}", "{fresh}"];'
            'document.querySelector("ssp-vidensbank").getToken = async function () {'
            ' window.calls += 1; return tokens.length > 1 ? tokens.shift() : tokens[0]; };</script>')
    page.goto(f"{foreign_site.url()}/{write_page(foreign_root, 'intranet-msal.html', idp_app.url, body)}")
    ask(page, QUESTION)
    expect(page.locator("ssp-vidensbank").get_by_role("link", name=TITLE).first).to_be_visible(timeout=20_000)
    assert page.evaluate("window.calls") >= 2  # before the search, then after the 401


def test_front_page_shows_the_newest_public_documents_and_a_search_can_be_followed(page, idp_app):
    page.goto(f"{idp_app.url}/")
    newest = page.locator("#newest")
    expect(newest.get_by_role("heading", name="Nyt i vidensbanken")).to_be_visible(timeout=20_000)
    expect(newest.get_by_role("link", name="Lokalgrupper i Faxe")).to_be_visible()
    expect(newest.get_by_text(TITLE)).to_have_count(0)  # internal: never in the feed
    page.goto(f"{idp_app.url}/?q=natteravne&kommune=Faxe")
    follow = page.get_by_role("link", name="Følg denne søgning")
    expect(follow).to_have_attribute("href", "/v1/feed.atom?q=natteravne&kommune=Faxe")
    assert page.request.get(f"{idp_app.url}{follow.get_attribute('href')}").ok
    assert page.errors == []
