"""The embeddable widget on a page served from another origin, and its iframe variant."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.search_api.browser.conftest import copy_to_docs, serious

pytestmark = pytest.mark.slow

INTRANET = """<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>Faxe Kommune – intranet</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body {{ margin: 0; font: 15px/1.5 Georgia, serif; color: #222; background: #f3efe6; }}
  header {{ background: #5b1f2b; color: #fff; padding: 14px 32px; font: 600 18px Arial, sans-serif; }}
  nav {{ background: #7d2c3b; padding: 8px 32px; font: 14px Arial, sans-serif; }} nav a {{ color: #fff; margin-right: 18px; }}
  main {{ display: grid; grid-template-columns: 1fr 240px; gap: 28px; padding: 24px 32px; max-width: 1100px; }}
  h1 {{ font: 700 26px Arial, sans-serif; margin: 0 0 12px; }}
  /* Hostile host styles the widget must not inherit */
  button, input, label, p, a, li {{ font-family: "Comic Sans MS", cursive !important; color: #c00; }}
  aside {{ background: #fff; padding: 16px; border: 1px solid #ddd; }}
</style>
<script src="{api}/static/widget/ssp-vidensbank.js" defer></script></head>
<body><header>Faxe Kommune · Medarbejderportalen</header>
<nav><a href="#">Forside</a><a href="#">Børn og unge</a><a href="#">SSP</a><a href="#">Personale</a></nav>
<main><div><h1>SSP i Faxe</h1><p>Her finder du viden fra SSP-samarbejdet i hele landet.</p>
{body}</div><aside><h2>Genveje</h2><ul><li>Lokalgrupper</li><li>Natteravne</li><li>§ 115-møder</li></ul></aside></main>
</body></html>
"""


def write_page(root, name: str, api: str, body: str) -> str:
    (root / name).write_text(INTRANET.format(api=api, body=body), encoding="utf-8")
    return name


def widget_page(foreign_root, live) -> str:
    return write_page(foreign_root, "intranet.html", live.url,
                      f'<ssp-vidensbank api="{live.url}" kommune="Faxe"></ssp-vidensbank>')


def ask(page, question: str) -> None:
    widget = page.locator("ssp-vidensbank")
    widget.get_by_label("Stil et spørgsmål til SSP Vidensbank").fill(question)
    widget.get_by_role("button", name="Søg").click()


def test_widget_on_an_allowed_foreign_origin_answers_with_citations(page, live, foreign_site, foreign_root, axe):
    page.goto(f"{foreign_site.url()}/{widget_page(foreign_root, live)}")
    widget = page.locator("ssp-vidensbank")
    expect(widget.get_by_label("Kun dokumenter fra Faxe")).to_be_checked()
    ask(page, "Hvornår går natteravnene i Faxe Ladeplads?")
    first = widget.locator("li.cite").first
    expect(first).to_contain_text("Lokalgrupper i Faxe")
    expect(first.locator("blockquote")).to_contain_text("Natteravnene")
    expect(widget.locator(".answer .ref").first).to_have_text("1")
    link = first.get_by_role("link")
    assert link.get_attribute("href").startswith(f"{live.url}/v1/documents/")
    font = widget.locator("button").evaluate("b => getComputedStyle(b).fontFamily")
    assert "Comic" not in font, "host page styles leaked into the widget"
    expect(widget.get_by_role("link", name=re.compile("Se alle resultater"))).to_have_attribute(
        "href", re.compile(re.escape(live.url) + r"/\?q=.*kommune=Faxe"))
    assert serious(axe(page, name="widget")) == []
    page.set_viewport_size({"width": 1100, "height": 900})
    page.screenshot(path="test-artifacts/widget-foreign-page.png", full_page=True)
    copy_to_docs("widget-foreign-page.png")
    assert page.errors == []


def test_widget_can_search_all_kommuner(page, live, foreign_site, foreign_root):
    page.goto(f"{foreign_site.url()}/{widget_page(foreign_root, live)}")
    widget = page.locator("ssp-vidensbank")
    widget.get_by_label("Kun dokumenter fra Faxe").uncheck()
    ask(page, "Hvor ofte mødes SSP-udvalget?")
    expect(widget.locator("li.cite").first).to_be_visible()
    assert "Faxe" not in " ".join(widget.locator("li.cite .meta").all_inner_texts())


def test_widget_on_an_origin_not_on_the_allowlist_is_refused(page, live, foreign_site, foreign_root):
    page.goto(f"{foreign_site.url('localhost')}/{widget_page(foreign_root, live)}")
    ask(page, "Hvornår går natteravnene?")
    expect(page.locator("ssp-vidensbank").get_by_role("alert")).to_have_text("Vidensbanken kunne ikke nås fra denne side.")


def test_iframe_variant_works_inside_a_foreign_page(page, live, foreign_site, foreign_root):
    name = write_page(foreign_root, "iframe.html", live.url,
                      f'<iframe src="{live.url}/widget/embed?kommune=Faxe" title="SSP Vidensbank" '
                      'width="100%" height="560" style="border:0"></iframe>')
    page.goto(f"{foreign_site.url()}/{name}")
    frame = page.frame_locator("iframe[title='SSP Vidensbank']")
    frame.get_by_label("Stil et spørgsmål til SSP Vidensbank").fill("Hvornår går natteravnene i Faxe Ladeplads?")
    frame.get_by_role("button", name="Søg").click()
    expect(frame.locator("li.cite").first).to_contain_text("Natteravnene")


def test_iframe_page_may_only_be_framed_by_allowed_origins(page, live, foreign_site):
    response = page.request.get(f"{live.url}/widget/embed")
    assert f"frame-ancestors 'self' {foreign_site.url()}" in response.headers["content-security-policy"]


def test_demo_page_shows_the_snippets_and_a_working_widget(page, live, axe):
    page.goto(f"{live.url}/widget/demo")
    expect(page.locator("#snippet-script")).to_contain_text(f'<script src="{live.url}/static/widget/ssp-vidensbank.js"')
    expect(page.locator("#snippet-iframe")).to_contain_text(f"{live.url}/widget/embed#kommune=Faxe")
    ask(page, "Hvornår går natteravnene i Faxe Ladeplads?")
    expect(page.locator("ssp-vidensbank li.cite").first).to_be_visible()
    assert serious(axe(page, name="widget-demo")) == []
    assert page.errors == []
