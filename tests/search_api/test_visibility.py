"""Document visibility through the real app: every route that reveals content x every kind of
caller. Faxe's internal minutes (a PDF, visibility kommune) and a report for signed-in users
sit beside a public document; tokens are real (EC key, JWKS file)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from corpus.services import Services
from search_api.app import create_app
from tests.conftest import FIXTURES, make_settings
from tests.support.curation import PLAIN, CountingEmbedder, make_keys
from tests.support.identity import ec_key, provider, sign

KEY = ec_key("ec-vis")
INTRANET = "https://intranet.faxe.dk"
QUERY = "natteravne gadeplansarbejde lokalgrupper skoledistrikt"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    root = tmp_path_factory.mktemp("visibility")
    (root / "jwks.json").write_text(json.dumps({"keys": [KEY.public_jwk()]}))
    settings = make_settings(root, auth={"rate_limit_per_minute": 0,
                                         "oidc": provider(jwks_file=str(root / "jwks.json"))},
                             api={"cors_origins": [INTRANET]})
    with TestClient(create_app(settings)) as client:
        services = client.app.state.services
        keys = make_keys(services.catalog)
        keys["widget"] = services.catalog.keys.create(name="faxe-intranet", role="reader", origins=[INTRANET]).key
        curator = {"Authorization": f"Bearer {keys['curator']}"}
        docs = {}
        for name, data, fields in [
            ("internal", (FIXTURES / "two_pages.pdf").read_bytes(),
             {"title": "Referat, SSP-styregruppen Faxe", "kommune": "Faxe", "kind": "referat", "visibility": "kommune"}),
            ("signed-in", PLAIN.format(kommune="Slagelse", topic="natteravne og gadeplansarbejde").encode(),
             {"kommune": "Slagelse", "kind": "rapport", "visibility": "signed-in"}),
            ("public", PLAIN.format(kommune="Køge", topic="natteravne og gadeplansarbejde").encode(),
             {"kommune": "Køge", "kind": "strategi"}),
        ]:
            file_name = "referat.pdf" if name == "internal" else f"{name}.txt"
            made = client.post("/v1/documents", files={"file": (file_name, data)}, data=fields, headers=curator)
            assert made.status_code == 201, made.text
            doc_id = made.json()["doc_id"]
            assert client.post(f"/v1/documents/{doc_id}/publish", headers=curator).status_code == 200
            docs[name] = doc_id
        yield client, keys, docs


def _identities(keys: dict) -> dict[str, dict[str, str]]:
    faxe, slagelse = sign(KEY, kommune="Faxe"), sign(KEY, kommune="Slagelse Kommune", sub="bruger-2")
    widget = {"X-API-Key": keys["widget"], "Origin": INTRANET}
    return {
        "anonymous": {},
        "Faxe user": {"Authorization": f"Bearer {faxe}"},
        "Slagelse user": {"Authorization": f"Bearer {slagelse}"},
        "reader key": {"Authorization": f"Bearer {keys['reader']}"},
        "curator key": {"Authorization": f"Bearer {keys['curator']}"},
        "widget key": widget,
        "widget key + Faxe user": {**widget, "Authorization": f"Bearer {faxe}"},
        "widget key + Slagelse user": {**widget, "Authorization": f"Bearer {slagelse}"},
    }


# Who sees the two non-public documents (everyone sees the public one).
SEES_INTERNAL = {"Faxe user", "curator key", "widget key + Faxe user"}
SEES_SIGNED_IN = {"Faxe user", "Slagelse user", "curator key", "widget key + Faxe user", "widget key + Slagelse user"}


def _routes(client: TestClient, headers: dict, doc_id: str, *, kommune: str) -> dict[str, bool]:
    """Route -> whether the caller got to see ``doc_id`` (of ``kommune``) through it."""
    search = client.post("/v1/search", json={"query": QUERY, "top_k": 20}, headers=headers).json()["hits"]
    question = "Hvornår går natteravnene?" if kommune == "Faxe" else "Hvor ofte mødes lokalgrupperne?"
    ask = client.post("/v1/ask", json={"question": question, "filters": {"kommune": [kommune]}},
                      headers=headers).json()
    facets = client.get("/v1/facets", params={"kommune": kommune}, headers=headers).json()
    listed = client.get("/v1/documents", params={"limit": 200}, headers=headers).json()["documents"]
    detail = client.get(f"/v1/documents/{doc_id}", headers=headers)
    seen = {
        "search": any(h["doc_id"] == doc_id for h in search),
        "ask": any(c["doc_id"] == doc_id for c in ask["citations"]),
        "facets": facets["total"] > 0 and facets["kind"] != {} and kommune in facets["kommune"],
        "document list": any(d["doc_id"] == doc_id for d in listed),
        "document metadata": detail.status_code == 200,
        "document chunks": detail.status_code == 200 and len(detail.json()["chunks"]) > 0,
        "original": client.get(f"/v1/documents/{doc_id}/file", headers=headers).status_code == 200,
    }
    if kommune == "Faxe":  # the PDF
        seen["page preview"] = client.get(f"/v1/documents/{doc_id}/pages/1.png", headers=headers).status_code == 200
    return seen


IDENTITIES = ["anonymous", "Faxe user", "Slagelse user", "reader key", "curator key", "widget key",
              "widget key + Faxe user", "widget key + Slagelse user"]


@pytest.mark.parametrize("who", IDENTITIES)
def test_every_route_shows_an_internal_document_only_to_those_who_may_see_it(app, who):
    client, keys, docs = app
    headers = _identities(keys)[who]
    internal = _routes(client, headers, docs["internal"], kommune="Faxe")
    assert internal == dict.fromkeys(internal, who in SEES_INTERNAL), internal
    signed_in = _routes(client, headers, docs["signed-in"], kommune="Slagelse")
    assert signed_in == dict.fromkeys(signed_in, who in SEES_SIGNED_IN), signed_in
    public = _routes(client, headers, docs["public"], kommune="Køge")
    assert all(public.values()), public


def test_hits_and_documents_carry_their_visibility(app):
    client, keys, docs = app
    headers = _identities(keys)["Faxe user"]
    hits = client.post("/v1/search", json={"query": QUERY, "top_k": 20}, headers=headers).json()["hits"]
    by_doc = {h["doc_id"]: h["visibility"] for h in hits}
    assert by_doc[docs["internal"]] == "kommune" and by_doc[docs["signed-in"]] == "signed-in"
    assert by_doc[docs["public"]] == "public"
    assert client.get(f"/v1/documents/{docs['internal']}", headers=headers).json()["visibility"] == "kommune"


def test_a_change_of_visibility_takes_effect_at_once_without_re_embedding(tmp_path):
    settings = make_settings(tmp_path, auth={"rate_limit_per_minute": 0})
    embedder = CountingEmbedder()
    with Services.open(settings, embedder=embedder) as services, \
            TestClient(create_app(settings, services=services)) as client:
        curator = {"Authorization": f"Bearer {make_keys(services.catalog)['curator']}"}
        text = PLAIN.format(kommune="Faxe", topic="natteravne").encode()
        doc_id = client.post("/v1/documents", files={"file": ("faxe.txt", text)}, data={"kommune": "Faxe"},
                             headers=curator).json()["doc_id"]
        client.post(f"/v1/documents/{doc_id}/publish", headers=curator)
        embedded = embedder.passages

        def anonymous_sees() -> bool:
            hits = client.post("/v1/search", json={"query": "lokalgrupper natteravne"}).json()["hits"]
            return any(h["doc_id"] == doc_id for h in hits)

        assert anonymous_sees()
        patched = client.patch(f"/v1/documents/{doc_id}", json={"visibility": "kommune"}, headers=curator)
        assert patched.status_code == 200 and patched.json()["visibility"] == "kommune"
        assert not anonymous_sees()
        assert client.get(f"/v1/documents/{doc_id}").status_code == 404
        assert embedder.passages == embedded  # not one passage embedded again
        bad = client.patch(f"/v1/documents/{doc_id}", json={"visibility": "hemmelig"}, headers=curator)
        assert bad.status_code == 422


def test_the_default_visibility_follows_the_document_kind(tmp_path):
    settings = make_settings(tmp_path, ingest={"visibility_by_kind": {"referat": "kommune"}})
    with TestClient(create_app(settings)) as client:
        curator = {"Authorization": f"Bearer {make_keys(client.app.state.services.catalog)['curator']}"}
        text = PLAIN.format(kommune="Faxe", topic="natteravne").encode()

        def upload(name: str, **fields) -> str:
            response = client.post("/v1/documents", files={"file": (name, text + name.encode())}, data=fields,
                                   headers=curator)
            assert response.status_code == 201, response.text
            return response.json()["visibility"]

        assert upload("a.txt", kind="referat") == "kommune"
        assert upload("b.txt", kind="strategi") == "public"
        assert upload("c.txt", kind="referat", visibility="public") == "public"
        bad = client.post("/v1/documents", files={"file": ("d.txt", text + b"d")}, data={"visibility": "alle"},
                          headers=curator)
        assert bad.status_code == 422 and "synlighed" in bad.json()["detail"]
