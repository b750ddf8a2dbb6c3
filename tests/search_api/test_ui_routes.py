"""The web interface's server side: pages and their headers, facets, originals and page previews."""

from __future__ import annotations

import numpy as np
import pytest
from fastapi.testclient import TestClient

from corpus.ingest import index_paths
from corpus.sample_corpus import SAMPLES_DIR
from corpus.services import Services
from search_api.app import create_app
from search_api.previews import encode_png
from tests.conftest import make_settings

PDF = "soehavn_ssp_strategi_2024-2027.pdf"


@pytest.fixture(scope="module")
def ui_client(tmp_path_factory):
    """The app over the bundled sample corpus, with one allowed intranet origin."""
    tmp = tmp_path_factory.mktemp("ui")
    settings = make_settings(tmp, api={"cors_origins": ["https://intranet.faxe.dk"]})
    with Services.open(settings) as services:
        assert index_paths(services, [SAMPLES_DIR]).ok
        doc_ids = {row.source: row.doc_id for row in services.catalog.list()}
    with TestClient(create_app(settings)) as client:
        client.doc_ids = doc_ids
        client.data_dir = settings.data_dir
        yield client


@pytest.mark.parametrize("path", ["/", "/widget/demo", "/widget/embed", "/kurator", "/kurator/dokument/abc"])
def test_pages_are_danish_html_under_a_strict_content_security_policy(ui_client, path):
    response = ui_client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="da">' in response.text
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "<script>" not in response.text  # no inline scripts: every script is a file under /static


def test_only_the_iframe_page_may_be_framed_and_only_by_allowed_origins(ui_client):
    assert "frame-ancestors 'none'" in ui_client.get("/").headers["content-security-policy"]
    embed = ui_client.get("/widget/embed").headers["content-security-policy"]
    assert "frame-ancestors 'self' https://intranet.faxe.dk" in embed


def test_static_assets_and_widget_script_are_served(ui_client):
    widget = ui_client.get("/static/widget/ssp-vidensbank.js")
    assert widget.status_code == 200 and "customElements.define" in widget.text
    assert "innerHTML" not in widget.text
    assert ui_client.get("/static/js/search-page.js").status_code == 200


def test_facets_count_published_passages_per_kommune_kind_and_year(ui_client):
    body = ui_client.get("/v1/facets").json()
    assert set(body) == {"total", "kommune", "kind", "year"}
    assert body["total"] == sum(body["kind"].values()) == sum(body["year"].values())
    assert body["kommune"]["Egeskov"] > 0
    assert list(body["year"]) == sorted(body["year"], reverse=True)


def test_facet_counts_apply_the_other_fields_filters_but_not_their_own(ui_client):
    everything = ui_client.get("/v1/facets").json()
    egeskov = ui_client.get("/v1/facets", params={"kommune": "Egeskov"}).json()
    assert egeskov["kommune"] == everything["kommune"]  # the kommune choice can still be widened
    assert sum(egeskov["kind"].values()) == everything["kommune"]["Egeskov"] == egeskov["total"]
    assert ui_client.get("/v1/facets", params={"year_from": 2030}).json()["total"] == 0


def test_facets_reject_bad_years_as_problem_json(ui_client):
    response = ui_client.get("/v1/facets", params={"year_from": "i fjor"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_original_pdf_opens_inline_and_never_runs_as_our_page(ui_client):
    response = ui_client.get(f"/v1/documents/{ui_client.doc_ids[PDF]}/file")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    assert response.headers["content-security-policy"] == "sandbox"
    assert response.content.startswith(b"%PDF")


def test_html_original_is_a_download_not_a_page(ui_client):
    doc_id = ui_client.doc_ids["egeskov_nyhed_sidste_skoledag.html"]
    response = ui_client.get(f"/v1/documents/{doc_id}/file")
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.headers["x-content-type-options"] == "nosniff"


def test_page_preview_is_a_png_rendered_once_and_cached(ui_client):
    url = f"/v1/documents/{ui_client.doc_ids[PDF]}/pages/2.png"
    first = ui_client.get(url)
    assert first.status_code == 200 and first.headers["content-type"] == "image/png"
    assert first.content.startswith(b"\x89PNG")
    cached = list((ui_client.data_dir / "previews").rglob("*.png"))
    assert len(cached) == 1
    assert ui_client.get(url).content == first.content


@pytest.mark.parametrize("path, status", [
    ("/v1/documents/{pdf}/pages/9.png", 404),
    ("/v1/documents/{md}/pages/1.png", 404),
    ("/v1/documents/ukendt/pages/1.png", 404),
    ("/v1/documents/{pdf}/pages/0.png", 422),
    ("/v1/documents/ukendt/file", 404),
])
def test_missing_pages_and_documents_are_problem_json(ui_client, path, status):
    ids = {"pdf": ui_client.doc_ids[PDF], "md": ui_client.doc_ids["egeskov_ssp_organisering.md"]}
    response = ui_client.get(path.format(**ids))
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"


def test_png_encoder_writes_a_valid_image():
    png = encode_png(np.full((3, 2, 3), 200, dtype=np.uint8))
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png.endswith(b"IEND\xaeB`\x82")
    assert int.from_bytes(png[16:20], "big") == 2 and int.from_bytes(png[20:24], "big") == 3
