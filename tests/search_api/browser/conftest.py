"""A real browser (Debian chromium through Playwright) against the real app on a local port.

The app serves a tmp data dir indexed with the hashing embedder: the bundled sample corpus,
three documents about real kommuner and one hostile document. A second local origin serves
pages that embed the widget. Screenshots of every test land in test-artifacts/.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from corpus.ingest import index_paths
from corpus.sample_corpus import SAMPLES_DIR
from corpus.services import Services
from search_api.app import create_app
from tests.conftest import ROOT, make_settings
from tests.support.corpus import write_corpus
from tests.support.live import LiveApp, StaticSite, bound_socket

CHROMIUM = Path(os.environ.get("VIDENSBANK_TEST_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

HOSTILE_MD = """---
title: "<script>alert('titel')</script> Farlig titel"
kommune: Testby
kind: andet
date: 2022-02-02
---
# Testdokument om skadelig markup

Dette skoleforsøg med <script>window.__pwned = 1</script> skadelig kode skal vises som tekst.
Skoleforsøget <img src=x onerror="window.__pwned = 2"> må aldrig køre noget i browseren.
"""


@pytest.fixture(scope="session")
def playwright_api():
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright (the test extra)")
    with sync_api.sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_api):
    browser = playwright_api.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def foreign_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("foreign-site")


@pytest.fixture(scope="session")
def foreign_site(foreign_root):
    """A second origin (another port) that embeds the widget."""
    with StaticSite(foreign_root, bound_socket()) as site:
        yield site


@pytest.fixture(scope="session")
def live(tmp_path_factory, foreign_site):
    """The app over the indexed test corpus; the foreign site's 127.0.0.1 origin is allowed by CORS."""
    tmp = tmp_path_factory.mktemp("live")
    # The whole session searches from one address: no per-caller rate limit here.
    # The comparison margin is on the model's similarity scale (0.06 for e5-small); the hashing
    # embedder of the tests spreads them much wider (its best sentences score ~0.4, not ~0.87).
    settings = make_settings(tmp, api={"cors_origins": [foreign_site.url()]}, auth={"rate_limit_per_minute": 0},
                             search={"comparison_margin": 0.2})
    docs = write_corpus(tmp / "docs")
    (docs / "hostile.md").write_text(HOSTILE_MD, encoding="utf-8")
    with Services.open(settings) as services:
        report = index_paths(services, [SAMPLES_DIR, docs])
        assert report.ok, [r for r in report.results if r.outcome == "failed"]
        keys = _make_keys(services.catalog, widget_origin=foreign_site.url())
    with LiveApp(create_app(settings), bound_socket()) as app:
        app.settings, app.keys = settings, keys
        yield app


def _make_keys(catalog, *, widget_origin: str) -> dict[str, str]:
    """A curator key and a widget key bound to one origin, where the catalog has API keys (issue 6)."""
    ring = getattr(catalog, "keys", None)
    if ring is None:
        return {}
    return {"curator": ring.create(name="Kurator Karen", role="curator").key,
            "widget": ring.create(name="Faxe intranet", role="reader", origins=[widget_origin]).key}


@pytest.fixture
def keys(live) -> dict[str, str]:
    """API keys of the live app; skips where the curation API has not landed."""
    if not live.keys:
        pytest.skip("the curation API with API keys (issue 6) is not in this build")
    return live.keys


@pytest.fixture
def page(browser, request):
    """A fresh browser page at desktop size; its screenshot is saved after the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    finally:
        context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    axe = pytest.importorskip("axe_playwright_python", reason="the accessibility check needs axe-playwright-python")
    return (Path(axe.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture
def axe(axe_source, request):
    """Run axe-core in a page (injected over CDP, so the page's CSP stays on); return its violations."""

    def check(page, *, name: str | None = None) -> list[dict]:
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source + "\n;undefined")
        result = page.evaluate("""async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values:
                ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }""")
        ARTIFACTS.mkdir(exist_ok=True)
        out = ARTIFACTS / f"axe-{name or request.node.name}.json"
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
        return result

    return check


def serious(violations: list[dict]) -> list[dict]:
    """The violations axe rates serious or critical."""
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def copy_to_docs(name: str) -> None:
    """Keep a test screenshot as documentation (docs/screenshots/), when asked to with
    VIDENSBANK_UPDATE_SCREENSHOTS=1 (a normal test run leaves the source tree alone)."""
    if os.environ.get("VIDENSBANK_UPDATE_SCREENSHOTS") != "1":
        return
    target = ROOT / "docs" / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ARTIFACTS / name, target / name)
