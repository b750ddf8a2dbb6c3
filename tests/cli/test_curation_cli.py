"""`vidensbank keys`, `corpus` and `reindex` in a subprocess, as a curator would run them."""

from __future__ import annotations

import json
from functools import partial

import pytest

from tests.cli.test_cli import run as _run
from tests.support.corpus import write_corpus
from tests.support.curation import MINUTES

pytestmark = pytest.mark.catalog


def _json(result) -> dict | list:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_keys_create_json_prints_exactly_key_name_role_and_list_never_shows_keys(tmp_path, new_catalog_url):
    run = partial(_run, catalog=new_catalog_url())
    data = tmp_path / "data"
    created = _json(run(data, "keys", "create", "--role", "curator", "--name", "Mette, SSP-Samrådet", "--json"))
    assert set(created) == {"key", "name", "role"} and created["role"] == "curator"
    assert created["name"] == "Mette, SSP-Samrådet" and created["key"].startswith("vb_")
    listed = run(data, "keys", "list", "--json")
    assert created["key"] not in listed.stdout
    assert _json(listed)[0]["prefix"] == created["key"][:11]
    revoked = _json(run(data, "keys", "revoke", "Mette, SSP-Samrådet", "--json"))
    assert revoked["revoked_at"] is not None
    bad = run(data, "keys", "create", "--role", "root", "--name", "x")
    assert bad.returncode == 1 and "Ukendt rolle" in bad.stderr and "Traceback" not in bad.stderr


def test_curator_life_cycle_on_the_command_line(tmp_path, new_catalog_url):
    run = partial(_run, catalog=new_catalog_url())
    data, docs = tmp_path / "data", write_corpus(tmp_path / "docs")
    (docs / "faxe-referat.md").write_text(MINUTES, encoding="utf-8")
    assert run(data, "index", str(docs), "--draft", "--json").returncode == 0
    drafts = _json(run(data, "corpus", "list", "--status", "draft", "--json"))
    assert drafts["total"] == 4
    minutes = next(d for d in drafts["documents"] if d["source"] == "faxe-referat.md")
    blocked = run(data, "corpus", "publish", minutes["doc_id"])
    assert blocked.returncode == 1 and "personoplysninger" in blocked.stderr
    assert _json(run(data, "corpus", "review", minutes["doc_id"], "--mask", "--json"))["pii_status"] == "masked"
    assert _json(run(data, "corpus", "publish", minutes["doc_id"], "--json"))["status"] == "published"
    hits = _json(run(data, "search", "SSP-konsulent Jens Hansen kontakt", "--json"))["hits"]
    assert [h["doc_id"] for h in hits] == [minutes["doc_id"]] * len(hits)
    assert all("56 20 30 40" not in h["text"] for h in hits)
    assert _json(run(data, "corpus", "withdraw", minutes["doc_id"], "--json"))["status"] == "withdrawn"
    assert _json(run(data, "search", "SSP-konsulent Jens Hansen kontakt", "--json"))["hits"] == []
    shown = _json(run(data, "corpus", "show", minutes["doc_id"], "--json"))
    assert shown["versions"][0]["version_no"] == 1 and shown["updated_by"].startswith("cli")
    assert run(data, "corpus", "delete", minutes["doc_id"], "--yes").returncode == 0
    assert _json(run(data, "corpus", "list", "--json"))["total"] == 3


def test_export_import_and_reindex_move_and_rebuild_a_corpus(tmp_path):
    """SQLite only: the same export and import run on PostgreSQL in tests/corpus/test_curation.py."""
    run = run_other = _run
    data, docs = tmp_path / "data", write_corpus(tmp_path / "docs")
    assert run(data, "index", str(docs), "--json").returncode == 0
    archive = tmp_path / "korpus.tar.gz"
    assert _json(run(data, "corpus", "export", str(archive), "--json"))["documents"] == 3
    other = tmp_path / "other"
    imported = _json(run_other(other, "corpus", "import", str(archive), "--json"))
    assert len(imported["imported"]) == 3 and imported["failed"] == {}
    hits = _json(run_other(other, "search", "Hvordan er lokalgrupperne organiseret?", "--json"))["hits"]
    assert hits[0]["kommune"] == "Faxe"
    rebuilt = _json(run_other(other, "reindex", "--json"))
    assert rebuilt["reindexed"] == 3 and rebuilt["failed"] == {} and rebuilt["chunks"] > 0
    assert _json(run_other(other, "corpus", "check", "--json"))["removed"] == []
