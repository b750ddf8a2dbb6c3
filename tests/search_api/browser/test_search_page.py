"""The search page in a real browser: search, filters, citations, states, escaping, phone width."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.search_api.browser.conftest import copy_to_docs, serious

pytestmark = pytest.mark.slow

NATTERAVNE = "Hvornår går natteravnene i Faxe Ladeplads?"
COMPARATIVE = "Hvordan organiserer andre kommuner deres lokalgrupper?"


def open_search(page, live, query: str = "", **params) -> None:
    url = f"{live.url}/?q={quote(query)}" if query else f"{live.url}/"
    page.goto(url + "".join(f"&{k}={quote(str(v))}" for k, v in params.items()))
    if query:
        expect(page.locator("#results")).not_to_have_attribute("aria-busy", "true")
        expect(page.locator("#answer")).not_to_have_attribute("aria-busy", "true")


def test_question_from_the_url_shows_an_answer_with_numbered_citations(page, live):
    open_search(page, live, NATTERAVNE)
    answer = page.locator("#answer")
    expect(answer.locator(".answer__title")).to_have_text(NATTERAVNE)
    expect(answer.locator(".answer__text .cite-ref").first).to_have_text("1")
    first = answer.locator(".citation").first
    expect(first).to_have_attribute("id", "kilde-1")
    expect(first.locator(".meta__kommune")).to_have_text("Faxe")
    expect(first.locator(".citation__quote")).to_contain_text("Natteravnene")
    expect(page.locator("#status")).to_contain_text("Svar med")
    answer.locator(".answer__text .cite-ref").first.click()
    expect(first).to_be_focused()
    assert page.errors == []


def test_typing_a_question_searches_and_updates_the_url(page, live):
    open_search(page, live)
    expect(page.locator("#corpus-stats")).to_contain_text("tekstafsnit")
    page.get_by_label("Dit spørgsmål eller dine søgeord").fill("Hvor mange lokalgrupper har Søhavn?")
    page.keyboard.press("Enter")
    expect(page.locator(".card").first).to_be_visible()
    assert "q=Hvor+mange+lokalgrupper" in page.url
    page.go_back()
    expect(page.locator("#intro")).to_be_visible()


def test_filter_by_kommune_narrows_results_and_is_kept_in_the_url(page, live):
    open_search(page, live, "SSP børn og unge lokalbetjent")
    assert page.locator(".card .meta__kommune").count() > 1
    more = page.locator("#facet-kommune .facet__more")
    if more.count() and more.get_attribute("aria-expanded") == "false":
        more.click()  # long kommune lists show the largest first
    page.locator("#facet-kommune").get_by_label(re.compile(r"^Slagelse")).check()
    expect(page).to_have_url(re.compile(r"kommune=Slagelse"))
    expect(page.locator(".card .meta__kommune").first).to_have_text("Slagelse")
    assert set(page.locator(".card .meta__kommune").all_inner_texts()) == {"Slagelse"}
    expect(page.locator("#filters-active")).to_have_text("1 valgt")
    page.reload()
    expect(page.locator("#facet-kommune").get_by_label(re.compile(r"^Slagelse"))).to_be_checked()
    page.get_by_role("button", name="Nulstil filtre").click()
    expect(page).not_to_have_url(re.compile(r"kommune="))


def test_pdf_hit_links_to_the_cited_page_and_shows_its_preview(page, live):
    open_search(page, live, "Hvor mange lokalgrupper har Søhavn Kommune?")
    card = page.locator(".card", has=page.locator(".card__thumb")).first
    expect(card.locator(".meta").first).to_contain_text(re.compile(r"Side \d"))
    link = card.get_by_role("link", name=re.compile(r"^Åbn originalen på side \d"))
    href = link.get_attribute("href")
    page_no = re.search(r"#page=(\d+)$", href).group(1)
    assert f"Side {page_no}" in card.locator(".meta").first.inner_text()
    pdf = page.request.get(live.url + href.split("#")[0])
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    thumb = card.locator(".card__thumb img")
    expect(thumb).to_have_attribute("src", re.compile(rf"/pages/{page_no}\.png$"))
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle())


def test_pdf_citation_opens_and_previews_the_page_of_its_quote(page, live):
    question = "Hvor mange lokalgrupper har Søhavn Kommune?"
    citations = page.request.post(f"{live.url}/v1/ask", data={"question": question}).json()["citations"]
    cited = next(c for c in citations if c["source"].endswith(".pdf"))
    assert cited["page"] == 2  # "Søhavn Kommune har ni SSP-lokalgrupper" is on page 2 (corpus/samples/make_pdf.py)
    open_search(page, live, question)
    item = page.locator(f"#kilde-{cited['n']}")
    expect(item.locator(".citation__title")).to_have_attribute("href", re.compile(r"#page=2$"))
    expect(item.locator(".meta")).to_contain_text("Side 2")
    thumb = item.locator(".citation__thumb img")
    expect(thumb).to_have_attribute("src", re.compile(r"/pages/2\.png$"))
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle())


def test_comparative_question_groups_results_by_kommune(page, live):
    open_search(page, live, COMPARATIVE)
    expect(page.locator(".notice")).to_contain_text("sammenligner kommuner")
    groups = page.locator(".group__title")
    assert groups.count() >= 3
    names = [t.split("\n")[0] for t in groups.all_inner_texts()]
    assert len(set(names)) == len(names)
    page.get_by_label("Mest relevante").check()
    expect(page.locator(".group")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"visning=relevans"))
    more = page.locator("details.more summary").first
    if more.count():
        more.click()
        expect(page.locator("details.more[open] li").first).to_be_visible()


def test_question_the_corpus_cannot_answer_says_so(page, live):
    open_search(page, live, "Hvad koster en ny svømmehal i Aarhus?")
    expect(page.locator("#answer")).to_have_class(re.compile("answer--none"))
    expect(page.locator("#answer h2")).to_have_text("Vidensbanken har ikke et klart svar på dette")


def test_no_results_offers_to_remove_filters(page, live):
    open_search(page, live, "lokalgrupper", fra=1990, til=1991)
    expect(page.locator("#results h2")).to_have_text("Ingen resultater")
    page.get_by_role("button", name="Fjern filtrene").click()
    expect(page.locator(".card").first).to_be_visible()


def test_server_error_shows_a_retry(page, live):
    page.route("**/v1/search", lambda route: route.fulfill(status=500, content_type="application/problem+json",
                                                           body='{"status": 500, "detail": "x"}'))
    open_search(page, live, "lokalgrupper")
    expect(page.get_by_role("alert")).to_contain_text("Søgningen mislykkedes")
    page.unroute("**/v1/search")
    page.get_by_role("button", name="Prøv igen").click()
    expect(page.locator(".card").first).to_be_visible()


def test_document_markup_is_shown_as_text_and_never_runs(page, live):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_search(page, live, "skoleforsøg med skadelig kode")
    card = page.locator(".card", has_text="Farlig titel").first
    expect(card.locator(".card__title")).to_have_text("<script>alert('titel')</script> Farlig titel")
    expect(card.locator(".card__text")).to_contain_text("<script>window.__pwned = 1</script>")
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("#results script, #results img[src='x']").count() == 0
    assert dialogs == []


def test_keyboard_only_search(page, live):
    open_search(page, live)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Gå til indhold")).to_be_focused()
    page.get_by_label("Dit spørgsmål eller dine søgeord").focus()
    page.keyboard.type("natteravne")
    page.keyboard.press("Enter")
    expect(page.locator(".card").first).to_be_visible()
    focus_ring = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert focus_ring != "none"


def test_search_page_fits_a_phone(browser, live):
    context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{live.url}/")
        expect(page.locator("#corpus-stats")).to_contain_text("tekstafsnit")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
        expect(page.locator("#filters-details")).not_to_have_attribute("open", "")
        page.screenshot(path="test-artifacts/search-phone.png")
        open_search(page, live, COMPARATIVE)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
        page.screenshot(path="test-artifacts/answer-phone.png", full_page=True)
    finally:
        context.close()
    copy_to_docs("search-phone.png")


def test_search_and_answer_have_no_serious_accessibility_violations(page, live, axe):
    open_search(page, live)
    expect(page.locator("#corpus-stats")).to_contain_text("tekstafsnit")
    page.screenshot(path="test-artifacts/search-desktop.png")
    assert serious(axe(page, name="search-page")) == []
    open_search(page, live, COMPARATIVE)
    page.screenshot(path="test-artifacts/answer-desktop.png")
    assert serious(axe(page, name="answer")) == []
    open_search(page, live, "Hvad koster en ny svømmehal i Aarhus?")
    assert serious(axe(page, name="no-answer")) == []
    copy_to_docs("search-desktop.png")
    copy_to_docs("answer-desktop.png")
