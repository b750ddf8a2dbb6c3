"""GET /v1/feed.atom through the real app: valid Atom 1.0 (RELAX NG of RFC 4287), public
documents only whoever asks, filters by kommune, kind and a saved search, newest first."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from lxml import etree

from search_api.app import create_app
from tests.conftest import FIXTURES, make_settings
from tests.support.curation import PLAIN, make_keys
from tests.support.identity import ec_key, provider, sign

ATOM = "{http://www.w3.org/2005/Atom}"
SCHEMA = etree.RelaxNG(etree.parse(str(FIXTURES / "atom.rng")))
KEY = ec_key("ec-feed")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    root = tmp_path_factory.mktemp("feed")
    (root / "jwks.json").write_text(json.dumps({"keys": [KEY.public_jwk()]}))
    settings = make_settings(root, auth={"rate_limit_per_minute": 0,
                                         "oidc": provider(jwks_file=str(root / "jwks.json"))})
    with TestClient(create_app(settings)) as client:
        keys = make_keys(client.app.state.services.catalog)
        curator = {"Authorization": f"Bearer {keys['curator']}"}
        docs = {}
        for name, kommune, kind, topic, visibility, publish in [
            ("faxe", "Faxe", "strategi", "natteravne i Faxe Ladeplads", "public", True),
            ("koege", "Køge", "rapport", "graffiti og hærværk", "public", True),
            ("intern", "Faxe", "referat", "natteravne og hemmelige sager", "kommune", True),
            ("indlogget", "Slagelse", "rapport", "natteravne i Slagelse", "signed-in", True),
            ("kladde", "Faxe", "strategi", "natteravne i kladden", "public", False),
        ]:
            fields = {"kommune": kommune, "kind": kind, "visibility": visibility, "title": f"Dokument {name} æøå"}
            made = client.post("/v1/documents", files={"file": (f"{name}.txt", PLAIN.format(kommune=kommune, topic=topic))},
                               data=fields, headers=curator)
            assert made.status_code == 201, made.text
            docs[name] = made.json()["doc_id"]
            if publish:
                assert client.post(f"/v1/documents/{docs[name]}/publish", headers=curator).status_code == 200
        yield client, keys, docs


def _feed(client: TestClient, headers: dict | None = None, **params) -> etree._Element:
    response = client.get("/v1/feed.atom", params=params, headers=headers or {})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/atom+xml")
    root = etree.fromstring(response.content)
    SCHEMA.assertValid(root)  # raises with the first violation
    return root


def _doc_ids(root: etree._Element) -> list[str]:
    return [e.findtext(f"{ATOM}id").split(":")[3] for e in root.iter(f"{ATOM}entry")]


def test_the_feed_is_valid_atom_with_every_field_of_each_document(app):
    client, _, docs = app
    root = _feed(client)
    assert root.findtext(f"{ATOM}title") == "Nyt i SSP Vidensbank"
    assert root.find(f"{ATOM}link[@rel='self']").get("href").endswith("/v1/feed.atom")
    entries = {e.findtext(f"{ATOM}id").split(":")[3]: e for e in root.iter(f"{ATOM}entry")}
    faxe = entries[docs["faxe"]]
    assert faxe.findtext(f"{ATOM}title") == "Dokument faxe æøå"
    assert {c.get("term") for c in faxe.iter(f"{ATOM}category")} == {"Faxe", "strategi"}
    assert faxe.findtext(f"{ATOM}author/{ATOM}name") == "Faxe Kommune"
    assert faxe.findtext(f"{ATOM}published") and faxe.findtext(f"{ATOM}updated")
    assert "Lokalgrupperne i Faxe Kommune" in faxe.findtext(f"{ATOM}summary")
    [link] = [k.get("href") for k in faxe.iter(f"{ATOM}link") if k.get("rel", "alternate") == "alternate"]
    assert client.get(link.replace("http://testserver", "")).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "Faxe user", "curator key"])
def test_the_feed_holds_only_published_public_documents_whoever_asks(app, who):
    client, keys, docs = app
    headers = {"anonymous": {}, "Faxe user": {"Authorization": f"Bearer {sign(KEY, kommune='Faxe')}"},
               "curator key": {"Authorization": f"Bearer {keys['curator']}"}}[who]
    assert set(_doc_ids(_feed(client, headers))) == {docs["faxe"], docs["koege"]}
    assert set(_doc_ids(_feed(client, headers, q="natteravne"))) == {docs["faxe"]}


def test_newest_first_and_filters_by_kommune_and_kind(app):
    client, keys, docs = app
    assert _doc_ids(_feed(client)) == [docs["koege"], docs["faxe"]]  # Køge was published after Faxe
    assert _doc_ids(_feed(client, kommune="Faxe")) == [docs["faxe"]]
    assert _doc_ids(_feed(client, kind="rapport")) == [docs["koege"]]
    assert _doc_ids(_feed(client, kind="referat")) == []
    curator = {"Authorization": f"Bearer {keys['curator']}"}
    client.post(f"/v1/documents/{docs['faxe']}/withdraw", headers=curator)
    client.post(f"/v1/documents/{docs['faxe']}/publish", headers=curator)  # published again: new again
    assert _doc_ids(_feed(client)) == [docs["faxe"], docs["koege"]]


def test_a_saved_search_gives_matching_passages_and_names_itself(app):
    client, _, docs = app
    root = _feed(client, q="graffiti hærværk", kommune="Køge")
    assert _doc_ids(root) == [docs["koege"]]
    [entry] = root.iter(f"{ATOM}entry")
    assert ":passage:" in entry.findtext(f"{ATOM}id") and "graffiti" in entry.findtext(f"{ATOM}summary")
    assert "«graffiti hærværk»" in root.findtext(f"{ATOM}title")
    bad = client.get("/v1/feed.atom", params={"q": "x" * 501})
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"


def test_a_saved_search_that_matches_nothing_gives_an_empty_feed(app):
    client, _, _ = app
    assert _doc_ids(_feed(client, q="zzqx kvadratrod")) == []


def test_control_characters_in_the_filters_are_a_clear_422(app):
    client, _, _ = app
    response = client.get("/v1/feed.atom", params={"kommune": "Faxe\x01"})
    assert response.status_code == 422 and "kontroltegn" in response.json()["detail"]
