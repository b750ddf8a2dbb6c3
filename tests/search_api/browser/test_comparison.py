"""'Sådan gør kommunerne': a question asked across kommuner is answered as a table on the search
page and as a short list in the widget, with links to the cited passages and the originals."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.search_api.browser.conftest import copy_to_docs, serious
from tests.search_api.browser.test_search_page import open_search
from tests.search_api.browser.test_widget import ask, write_page

pytestmark = pytest.mark.slow

QUESTION = "Hvordan organiserer andre kommuner deres lokalgrupper?"


def kommune_label(kommune: str) -> str:
    return "Landsdækkende" if kommune == "national" else kommune


@pytest.fixture(scope="module")
def expected(live):
    """The answer the API gives, which the page and the widget must show."""
    import httpx

    answer = httpx.post(f"{live.url}/v1/ask", json={"question": QUESTION}, timeout=60).json()
    assert answer["answered"] and len(answer["comparison"]) >= 2, answer  # several kommuner answer it
    answer["by_n"] = {c["n"]: c for c in answer["citations"]}
    return answer


def test_comparison_table_has_a_row_per_kommune_with_links_to_the_cited_passages(page, live, expected, axe):
    open_search(page, live, QUESTION)
    table = page.get_by_role("table", name="Sådan gør kommunerne")
    expect(table).to_be_visible()
    expect(page.get_by_role("heading", name="Sådan gør kommunerne")).to_be_visible()
    rows = expected["comparison"]
    expect(table.locator("tbody tr")).to_have_count(len(rows))
    assert table.locator("tbody th").all_inner_texts() == [kommune_label(r["kommune"]) for r in rows]
    for i, row in enumerate(rows):
        cells = table.locator("tbody tr").nth(i)
        expect(cells.locator(".comparison__text")).to_contain_text(row["text"].split(" [")[0][:60])
        for n in row["citations"]:
            expect(cells.get_by_role("link", name=f"kilde {n}", exact=True)).to_have_attribute("href", f"#kilde-{n}")
    first = rows[0]["citations"][0]
    table.locator("tbody tr").first.get_by_role("link", name=f"kilde {first}", exact=True).click()
    expect(page.locator(f"#kilde-{first}")).to_be_focused()
    cited = expected["by_n"][first]
    original = table.locator("tbody tr").first.get_by_role("link", name=re.compile(r"^Åbn originalen")).first
    href = original.get_attribute("href")
    assert href.endswith(f"/file#page={cited['page']}" if cited["page"] else "/file")
    response = page.request.get(live.url + href.split("#")[0])
    assert response.status == 200
    assert serious(axe(page, name="comparison")) == []
    page.locator("#answer").screenshot(path="test-artifacts/comparison-desktop.png")
    copy_to_docs("comparison-desktop.png")
    assert page.errors == []


def test_a_question_about_one_kommune_has_no_comparison_table(page, live):
    open_search(page, live, "Hvornår går natteravnene i Faxe Ladeplads?")
    expect(page.locator("#answer .citation").first).to_be_visible()
    expect(page.locator(".comparison")).to_have_count(0)


def test_comparison_table_fits_a_phone(browser, live, expected):
    context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        open_search(page, live, QUESTION)
        expect(page.get_by_role("table", name="Sådan gør kommunerne")).to_be_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
        page.screenshot(path="test-artifacts/comparison-phone.png", full_page=True)
    finally:
        context.close()


def test_widget_lists_the_comparison_compactly(page, live, expected, foreign_site, foreign_root, axe):
    name = write_page(foreign_root, "intranet-alle.html", live.url, f'<ssp-vidensbank api="{live.url}"></ssp-vidensbank>')
    page.goto(f"{foreign_site.url()}/{name}")
    ask(page, QUESTION)
    widget = page.locator("ssp-vidensbank")
    items = widget.get_by_role("list", name="Sådan gør kommunerne").locator("li")
    rows = expected["comparison"]
    expect(items).to_have_count(len(rows))
    for i, row in enumerate(rows):
        expect(items.nth(i)).to_contain_text(f"{kommune_label(row['kommune'])}: ")
        n = row["citations"][0]
        cited = expected["by_n"][n]
        ref = items.nth(i).get_by_role("link", name=re.compile(rf"^Kilde {n}: "))
        page_part = f"#page={cited['page']}" if cited["page"] else ""
        expect(ref).to_have_attribute("href", f"{live.url}/v1/documents/{cited['doc_id']}/file{page_part}")
    assert serious(axe(page, name="widget-comparison")) == []
    widget.screenshot(path="test-artifacts/widget-comparison.png")
    copy_to_docs("widget-comparison.png")
    assert page.errors == []
