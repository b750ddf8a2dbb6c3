"""The curation pages in a real browser, over the curation API (issue 6): upload, review, publish."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.search_api.browser.conftest import copy_to_docs, serious
from tests.search_api.browser.test_widget import ask, write_page

pytestmark = pytest.mark.slow

MINUTES = """# Referat fra styregruppen for Havnefronten

## Punkt 1: Værested ved havnefronten

Styregruppen for Havnefronten i Faxe besluttede at åbne et værested for unge ved lystbådehavnen.
Værestedet har åbent tirsdag og torsdag aften og bemandes af to gadeplansmedarbejdere.

## Kontakt

Spørgsmål til SSP-konsulent Jens Hansen på jens.hansen@faxe.dk eller telefon 56 20 30 40.
"""

PLAIN = """Lokalgrupper i Vesthavn

Lokalgrupperne i Vesthavn mødes seks gange om året med skoleledere og lokalbetjente.
Hver lokalgruppe følger børn og unge i sit skoledistrikt og planlægger forløb om fester.
"""


def sign_in(page, live, key: str) -> None:
    page.goto(f"{live.url}/kurator")
    page.get_by_label("Nøgle").fill(key)
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Til gennemgang")


def found(page, live, query: str) -> list[str]:
    hits = page.request.post(f"{live.url}/v1/search", data={"query": query, "top_k": 5}).json()["hits"]
    return [h["title"] for h in hits]


def test_curator_uploads_reviews_personal_data_and_publishes(page, live, keys, tmp_path, axe):
    sign_in(page, live, keys["curator"])
    assert serious(axe(page, name="curation-queue-empty")) == []
    page.get_by_role("link", name="Upload").click()
    files = [tmp_path / "havnefronten-referat.md", tmp_path / "vesthavn-lokalgrupper.txt"]
    files[0].write_text(MINUTES, encoding="utf-8")
    files[1].write_text(PLAIN, encoding="utf-8")
    page.get_by_label("Vælg filer").set_input_files([str(f) for f in files])
    page.get_by_role("button", name="Upload som kladde").click()
    expect(page.locator(".upload", has_text="havnefronten-referat.md")).to_contain_text("Kladde oprettet")
    expect(page.locator(".upload", has_text="vesthavn-lokalgrupper.txt")).to_contain_text("Kladde oprettet")
    assert serious(axe(page, name="curation-upload")) == []
    assert "Referat fra styregruppen for Havnefronten" not in found(page, live, "værested havnefronten lystbådehavnen")

    page.get_by_role("link", name="Til gennemgang").click()
    queue = page.locator("table")
    expect(queue.locator("tbody tr")).to_have_count(2)
    expect(queue.locator("tr", has_text="Havnefronten").locator(".pii-flag")).to_contain_text("Skal gennemgås")
    page.screenshot(path="test-artifacts/review-queue.png", full_page=True)
    copy_to_docs("review-queue.png")
    assert serious(axe(page, name="curation-queue")) == []

    queue.get_by_role("link", name=re.compile("Havnefronten")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Havnefronten")
    publish = page.get_by_role("button", name="Publicér")
    expect(publish).to_be_disabled()
    marks = page.locator("mark.pii")
    expect(marks.filter(has_text="56 20 30 40")).to_have_count(1)
    expect(marks.filter(has_text="jens.hansen@faxe.dk")).to_have_count(1)
    page.screenshot(path="test-artifacts/document-review.png", full_page=True)
    copy_to_docs("document-review.png")
    assert serious(axe(page, name="curation-document")) == []

    page.get_by_label("E-mail må vises for læsere").check()
    page.get_by_role("button", name="Godkend gennemgang").click()
    expect(page.locator("#doc-notice")).to_contain_text("Gennemgangen af personoplysninger er gemt")
    page.get_by_role("button", name="Publicér").click()
    expect(page.locator("#doc-notice")).to_contain_text("Dokumentet er publiceret")
    expect(page.locator(".page-head .status")).to_have_text("Publiceret")
    assert "Referat fra styregruppen for Havnefronten" in found(page, live, "værested havnefronten lystbådehavnen")

    page.get_by_label("Kommune").fill("Faxe")
    page.get_by_label("Titel").fill("Værested ved Havnefronten")
    page.get_by_role("button", name="Gem metadata").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Værested ved Havnefronten")
    assert "Værested ved Havnefronten" in found(page, live, "værested havnefronten lystbådehavnen")

    page.get_by_role("button", name="Træk tilbage").click()
    expect(page.locator(".page-head .status")).to_have_text("Tilbagetrukket")
    assert "Værested ved Havnefronten" not in found(page, live, "værested havnefronten lystbådehavnen")

    page.get_by_role("link", name="Log").click()
    log = page.locator("table")
    expect(log.locator("tr", has_text="Publiceret").first).to_contain_text("Kurator Karen")
    expect(log.locator("tr", has_text="Tilbagetrukket").first).to_be_visible()
    assert serious(axe(page, name="curation-audit")) == []
    assert page.errors == []


def test_wrong_key_is_refused_at_sign_in(page, live, keys):
    page.goto(f"{live.url}/kurator")
    page.get_by_label("Nøgle").fill("forkert-nøgle")
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("alert")).to_have_text("Nøglen blev ikke genkendt.")


def test_widget_key_works_only_from_its_own_origin(page, live, keys, foreign_site, foreign_root):
    name = write_page(foreign_root, "keyed.html", live.url,
                      f'<ssp-vidensbank api="{live.url}" key="{keys["widget"]}" kommune="Faxe"></ssp-vidensbank>')
    page.goto(f"{foreign_site.url()}/{name}")
    ask(page, "Hvornår går natteravnene i Faxe Ladeplads?")
    expect(page.locator("ssp-vidensbank li.cite").first).to_contain_text("Natteravnene")
    elsewhere = page.request.post(f"{live.url}/v1/search", data={"query": "natteravne"},
                                  headers={"Authorization": f"Bearer {keys['widget']}", "Origin": "https://andet.example"})
    assert elsewhere.status == 403
    refused = page.request.post(f"{live.url}/v1/documents", multipart={"file": {"name": "x.txt", "mimeType": "text/plain", "buffer": b"x"}},
                                headers={"Authorization": f"Bearer {keys['widget']}", "Origin": foreign_site.url()})
    assert refused.status == 403
