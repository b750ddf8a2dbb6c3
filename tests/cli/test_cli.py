"""The real `vidensbank` command in a subprocess: exit codes, JSON output, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from corpus.services import Services
from tests.conftest import make_settings
from tests.support.corpus import write_corpus


def run(data_dir: Path, *args: str, catalog: str | None = None, **extra_env: str) -> subprocess.CompletedProcess:
    """`vidensbank --data-dir DATA ARGS…` with the fake model (and another catalog database when given)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIDENSBANK_")}
    env["VIDENSBANK_EMBEDDING__BACKEND"] = "hashing"
    if catalog:
        env["VIDENSBANK_CATALOG__URL"] = catalog
    env.update(extra_env)
    return subprocess.run([sys.executable, "-m", "vidensbank", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def indexed(tmp_path) -> Path:
    data = tmp_path / "data"
    result = run(data, "index", str(write_corpus(tmp_path / "docs")), "--json")
    assert result.returncode == 0, result.stderr
    return data


def test_index_prints_a_json_report_and_exits_0(tmp_path):
    result = run(tmp_path / "data", "index", str(write_corpus(tmp_path / "docs")), "--json")
    report = json.loads(result.stdout)
    assert result.returncode == 0
    assert (report["indexed"], report["skipped"], report["failed"]) == (3, 0, 0)


def test_index_exits_1_when_a_file_fails_but_indexes_the_others(tmp_path):
    docs = write_corpus(tmp_path / "docs")
    (docs / "beskadiget.pdf").write_bytes(b"%PDF-1.4\n\x00\x01garbage")
    result = run(tmp_path / "data", "index", str(docs))
    assert result.returncode == 1
    assert "beskadiget.pdf" in result.stdout and "fejlet" in result.stdout
    assert "3 indekseret" in result.stdout


def test_index_of_a_missing_path_exits_nonzero_with_a_message(tmp_path):
    result = run(tmp_path / "data", "index", str(tmp_path / "findes-ikke"))
    assert result.returncode != 0 and "does not exist" in result.stderr


def test_search_json_has_the_api_hit_fields(indexed):
    result = run(indexed, "search", "Hvordan er lokalgrupperne organiseret?", "--top-k", "2", "--json")
    body = json.loads(result.stdout)
    assert result.returncode == 0 and len(body["hits"]) == 2
    assert body["hits"][0]["kommune"] == "Faxe" and body["hits"][0]["source"] == "faxe-lokalgrupper.md"


def test_search_filters_on_kommune_and_kind(indexed):
    result = run(indexed, "search", "SSP børn og unge", "--kommune", "Slagelse", "--json")
    assert {h["kommune"] for h in json.loads(result.stdout)["hits"]} == {"Slagelse"}


def test_search_prints_a_table_for_people(indexed):
    result = run(indexed, "search", "natteravne")
    assert result.returncode == 0 and "Lokalgrupper i Faxe" in result.stdout


def test_ask_json_answers_with_citations(indexed):
    result = run(indexed, "ask", "Hvornår går natteravnene i Faxe Ladeplads?", "--json")
    body = json.loads(result.stdout)
    assert body["answered"] and body["citations"][0]["n"] == 1


def test_empty_query_is_one_clear_line_and_exit_1(indexed):
    result = run(indexed, "search", "  ")
    assert result.returncode == 1
    assert result.stderr.strip() == "Fejl: Søgningen er tom. Skriv et spørgsmål eller nogle søgeord."


def test_store_in_use_is_one_clear_line_and_exit_1(indexed, tmp_path):
    settings = make_settings(tmp_path, data_dir=indexed)
    with Services.open(settings):
        result = run(indexed, "search", "børn")
    assert result.returncode == 1
    assert "in use by another process (is `vidensbank serve` running?)" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_texts_show_an_example():
    result = subprocess.run([sys.executable, "-m", "vidensbank", "search", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "Example: vidensbank search" in result.stdout


def test_index_sync_removes_a_deleted_file_and_mask_pii_masks(tmp_path, seeds_dir):
    import shutil

    docs = write_corpus(tmp_path / "docs")
    shutil.copy(seeds_dir / "000_5b4a46eb6e528250.txt", docs)
    data = tmp_path / "data"
    first = json.loads(run(data, "index", str(docs), "--mask-pii", "--json").stdout)
    letter = next(f for f in first["files"] if f["source"] == "000_5b4a46eb6e528250.txt")
    assert {"phone", "email"} <= set(letter["pii"]) and any("maskeret" in n for n in letter["notes"])
    (docs / "slagelse.txt").unlink()
    result = run(data, "index", str(docs), "--sync", "--json")
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["removed"] == 1
    assert [f["source"] for f in report["files"] if f["outcome"] == "removed"] == ["slagelse.txt"]
    hits = json.loads(run(data, "search", "telefon e-mail Formand Næstformand", "--json").stdout)["hits"]
    assert all("2325 8547" not in h["text"] for h in hits)
