"""`vidensbank ask` on a question asked across kommuner: a "Sådan gør kommunerne" table for
people, and with --json the same comparison and page-accurate citations as POST /v1/ask."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from fastapi.testclient import TestClient

from search_api.app import create_app
from tests.conftest import FIXTURES, make_settings

QUESTION = "Hvor ofte mødes lokalgrupperne?"  # names no kommune: asked across kommuner
# The hashing fake's similarities spread wider than a real model's: a comparison margin on its scale.
MARGIN = 0.3
DOCS = {
    "koege.md": ("Køge", "Lokalgrupperne i Køge mødes hver anden måned på skolerne, og SSP-konsulenten er tovholder."),
    "holbaek.md": ("Holbæk", "I Holbæk mødes lokalgrupperne seks gange om året med skoleledere og lokalbetjenten."),
    "faxe.md": ("Faxe", "Lokalgrupperne i Faxe mødes fire gange om året og er organiseret efter skoledistrikter."),
}


def run(data_dir, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIDENSBANK_")}
    env.update(VIDENSBANK_EMBEDDING__BACKEND="hashing", VIDENSBANK_SEARCH__COMPARISON_MARGIN=str(MARGIN))
    return subprocess.run([sys.executable, "-m", "vidensbank", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, env=env, timeout=120)


def _write(folder):
    folder.mkdir()
    for name, (kommune, sentence) in DOCS.items():
        (folder / name).write_text(f"---\ntitle: Lokalgrupper i {kommune}\nkommune: {kommune}\nkind: strategi\n---\n"
                                   f"# Lokalgrupper i {kommune}\n\n{sentence}\n", encoding="utf-8")
    shutil.copy(FIXTURES / "two_pages.pdf", folder)  # Egeskov's lokalgrupper, on page 1 of a two-page passage
    return folder


def test_ask_prints_the_comparison_as_a_table_and_json_matches_the_api(tmp_path):
    data = tmp_path / "data"
    assert run(data, "index", str(_write(tmp_path / "docs")), "--json").returncode == 0
    shown = run(data, "ask", QUESTION)
    body = json.loads(run(data, "ask", QUESTION, "--json").stdout)
    assert shown.returncode == 0 and body["answered"]
    rows = body["comparison"]
    assert len({row["kommune"] for row in rows}) >= 2  # several kommuner answer it
    numbers = {c["n"] for c in body["citations"]}
    assert all(row["citations"] and set(row["citations"]) <= numbers for row in rows)
    assert "Sådan gør kommunerne" in shown.stdout
    assert all(row["kommune"] in shown.stdout for row in rows)
    paged = [c for c in body["citations"] if c["page"]]
    assert paged and all(f"[{c['n']}] s. {c['page']}" in shown.stdout for c in paged)
    with TestClient(create_app(make_settings(tmp_path, search={"comparison_margin": MARGIN}))) as client:
        api = client.post("/v1/ask", json={"question": QUESTION}).json()
    assert api["comparison"] == rows
    assert [(c["n"], c["page"], c["pages"], c["quote"]) for c in api["citations"]] == [
        (c["n"], c["page"], c["pages"], c["quote"]) for c in body["citations"]]
