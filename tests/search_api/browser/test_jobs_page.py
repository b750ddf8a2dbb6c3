"""Jobs in a real browser: a CLI index run handed to the running app and shown at /kurator/koersler,
and an upload answered 202 followed on the upload page until its draft exists."""

from __future__ import annotations

import subprocess
import sys

import pytest
from playwright.sync_api import expect

from corpus.services import Services
from search_api.app import create_app
from tests.conftest import make_settings
from tests.search_api.browser.conftest import serious
from tests.search_api.browser.test_curation import PLAIN, sign_in
from tests.support.corpus import write_corpus
from tests.support.live import LiveApp, bound_socket
from tests.support.serve import cli_env
from vidensbank.server_link import announce

pytestmark = pytest.mark.slow


@pytest.fixture
def served(tmp_path):
    """The app on a local port, announced in its data folder as `vidensbank serve` does; uploads never wait."""
    settings = make_settings(tmp_path, jobs={"upload_wait_s": 0}, auth={"rate_limit_per_minute": 0})
    with Services.open(settings) as services:
        key = services.catalog.keys.create(name="Kurator Karen", role="curator").key
    sock = bound_socket()
    token = announce(settings, host="127.0.0.1", port=sock.getsockname()[1])
    with LiveApp(create_app(settings, local_token=token), sock) as app:
        app.settings, app.key = settings, key
        yield app


def test_a_cli_index_run_and_an_upload_are_followed_on_the_curation_pages(page, served, tmp_path, axe):
    docs = write_corpus(tmp_path / "docs")
    cli = subprocess.run([sys.executable, "-m", "vidensbank", "--data-dir", str(served.settings.data_dir),
                          "index", str(docs)], capture_output=True, text=True, env=cli_env(), timeout=180)
    assert cli.returncode == 0, cli.stderr
    assert "3 indekseret" in cli.stdout and "kørsel" in cli.stderr

    sign_in(page, served, served.key)
    page.get_by_role("link", name="Kørsler").click()
    row = page.locator("tr[data-status='done']", has_text="Indeksering")
    expect(row).to_contain_text("3 af 3 filer")
    expect(row).to_contain_text("3 indekseret")
    assert serious(axe(page, name="curation-jobs")) == []

    page.get_by_role("link", name="Upload").click()
    upload = tmp_path / "vesthavn-lokalgrupper.txt"
    upload.write_text(PLAIN, encoding="utf-8")
    page.get_by_label("Vælg filer").set_input_files(str(upload))
    page.get_by_role("button", name="Upload som kladde").click()
    expect(page.locator(".upload", has_text="vesthavn-lokalgrupper.txt")).to_contain_text("Kladde oprettet")
    page.get_by_role("link", name="Kørsler").click()
    expect(page.locator("tr[data-status='done']", has_text="Upload")).to_contain_text("Gennemgå")
    assert page.errors == []
