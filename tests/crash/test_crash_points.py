"""Crash safety: the real CLI and app are killed at named points (VIDENSBANK_TEST_CRASH_AT,
exit code 137 as after `kill -9`) across indexing, upload, reindex, publish, withdraw,
delete, PATCH and import, including between the batches of the store's write.

After each kill the first reader (CLI search, or the app) shows no half-indexed, withdrawn or
deleted document; catalog and store agree point by point; and running the command again
completes the work.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from corpus.archive import export_corpus
from corpus.ingest import index_paths
from corpus.journal import Journal
from corpus.services import Services
from indexer.crashpoints import ENV
from indexer.settings import Settings
from indexer.store import Filters
from search_api.app import create_app
from tests.support.corpus import write_corpus
from tests.support.curation import MINUTES, make_keys
from tests.support.processes import run_app, run_cli

NEW_DOC = """---
title: Skolepatruljen på Tulipanvej
kommune: Faxe
kind: best practice
date: 2022-02-01
---
# Skolepatruljen på Tulipanvej

Skolepatruljen på Tulipanvej hjælper de yngste elever over vejen hver morgen. Patruljen
består af elever fra 6. klasse, og SSP-konsulenten mødes med dem to gange om året.
"""
NEW_WORDS = "Skolepatruljen Tulipanvej"
# One query with a word of every test document (the big one's word last: its many passages
# would crowd out the others).
SEARCH = f"Natteravnene Netværksgrupperne Forældremøder {NEW_WORDS} Jens Hansen kontakt"


def _settings(data: Path) -> Settings:
    return Settings(_env_file=None, data_dir=data, embedding={"backend": "hashing"})


def _big_doc(sections: int = 70) -> str:
    """A document of more than one store batch (64 points): one passage per section."""
    sentence = ("Zinnober lokalgruppe {i} mødes i kvarter {i} med skoleledere, lokalbetjenten og fritidsklubben "
                "om børn og unge i distrikt {i}, og gruppen følger op på aftalerne fra sidste møde. ")
    body = "\n\n".join(f"## Afsnit {i}\n\n" + sentence.format(i=i) * 4 for i in range(sections))
    return f"# Zinnober og lokalgrupperne\n\n{body}\n"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """Three published documents, a draft with personal data, keys per role, and an export."""
    root = tmp_path_factory.mktemp("crash-template")
    docs = write_corpus(root / "docs")
    (root / "drafts").mkdir()
    (root / "drafts" / "kladde.md").write_text(MINUTES, encoding="utf-8")
    with Services.open(_settings(root / "data")) as services:
        index_paths(services, [docs], actor="test")
        index_paths(services, [root / "drafts"], status="draft", actor="test")
        keys = make_keys(services.catalog)
        export_corpus(services.catalog, services.files, root / "corpus.tar.gz")
        doc_ids = {r.source: r.doc_id for r in services.catalog.list(limit=None)}
    (root / "keys.json").write_text(json.dumps(keys))
    (root / "doc_ids.json").write_text(json.dumps(doc_ids))
    return root


class World:
    """One case's copy of the template installation, and ways to use it."""

    def __init__(self, template: Path, root: Path, *, name: str = "data", copy: bool = True) -> None:
        if copy:  # cp keeps the store's sparse files sparse
            subprocess.run(["cp", "-a", "--sparse=always", str(template / "data"), str(root / name)], check=True)
        self.root, self.data, self.template = root, root / name, template
        self.settings = _settings(self.data)
        self.keys = json.loads((template / "keys.json").read_text())
        self.runs = 0

    def env(self, crash_at: str | None = None) -> dict[str, str]:
        env = {"VIDENSBANK_DATA_DIR": str(self.data), "VIDENSBANK_EMBEDDING__BACKEND": "hashing", ENV: ""}
        if crash_at:
            env[ENV] = crash_at
        return env

    def cli(self, *argv: str, crash_at: str | None = None):
        self.runs += 1
        return run_cli(list(argv), env=self.env(crash_at), log=self.root / f"run{self.runs}")

    def app(self, *requests: dict, crash_at: str | None = None):
        self.runs += 1
        return run_app(list(requests), env=self.env(crash_at), log=self.root / f"run{self.runs}")

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[role]}"}

    def doc_id(self, source: str) -> str:
        return json.loads((self.template / "doc_ids.json").read_text())[source]

    def cli_hits(self, query: str = SEARCH) -> set[str]:
        """Documents the CLI's search shows (the first reader after a kill)."""
        result = self.cli("search", query, "--json", "--top-k", "50")
        assert result.code == 0, result.stderr
        return {hit["doc_id"] for hit in json.loads(result.stdout)["hits"]}

    def api_hits(self, query: str = SEARCH) -> set[str]:
        """Documents the app's search shows (its start-up runs first, as after a restart)."""
        with TestClient(create_app(self.settings)) as client:
            response = client.post("/v1/search", json={"query": query, "top_k": 50})
        assert response.status_code == 200, response.text
        return {hit["doc_id"] for hit in response.json()["hits"]}

    def consistent(self) -> dict:
        """Assert that no intent is pending and that every catalog row has exactly its points
        (count, numbers, content, status, title) and the store nothing else; returns the rows."""
        assert Journal(self.settings.journal_path).pending() == [], "the first reader left a write unfinished"
        with Services.open(self.settings) as services:
            rows = {r.doc_id: r for r in services.catalog.list(limit=None)}
            assert set(services.store.facet("doc_id", limit=10_000)) <= set(rows)
            for row in rows.values():
                records = list(services.store.scroll(Filters(doc_ids=(row.doc_id,))))
                assert len(records) == row.chunk_count, row.source
                assert {r.payload["chunk_no"] for r in records} == set(range(row.chunk_count)), row.source
                for field, value in (("content_hash", row.content_hash), ("status", row.status),
                                     ("title", row.title)):
                    assert {r.payload[field] for r in records} == {value}, (row.source, field)
        return rows

    def check_after_kill(self, *, reader: str = "cli", query: str = SEARCH) -> dict:
        """The first reader sees only complete, published documents; then store and catalog agree."""
        shown = self.cli_hits(query) if reader == "cli" else self.api_hits(query)
        rows = self.consistent()
        assert all(doc_id in rows and rows[doc_id].status == "published" for doc_id in shown), shown
        return rows


@pytest.fixture
def world(template: Path, tmp_path: Path) -> World:
    return World(template, tmp_path)


def _killed(result) -> None:
    assert result.crashed, f"the crash point was not reached (exit {result.code}): {result.stderr[-2000:]}"


INDEX_POINTS = ["ingest.file_read", "files.before_rename", "atomic_write.before_rename", "journal.intent_written",
                "write.file_kept", "write.points_written", "write.stale_points_trimmed", "write.catalog_saved",
                "journal.before_clear", "ingest.documents_written"]


@pytest.mark.parametrize("point", INDEX_POINTS)
def test_index_killed_at_each_point_shows_nothing_half_done_and_a_rerun_indexes_the_file(world, point):
    folder = world.root / "new"
    folder.mkdir()
    (folder / "skolepatrulje.md").write_text(NEW_DOC, encoding="utf-8")
    _killed(world.cli("index", str(folder), "--json", crash_at=point))
    world.check_after_kill()
    rerun = world.cli("index", str(folder), "--json")
    assert rerun.code == 0, rerun.stderr
    rows = world.consistent()
    new = [r for r in rows.values() if r.source == "skolepatrulje.md"]
    assert len(new) == 1 and new[0].status == "published"  # and its points agree (consistent)


def test_index_killed_between_the_store_batches_of_one_document(world):
    folder = world.root / "big"
    folder.mkdir()
    (folder / "zinnober.md").write_text(_big_doc(), encoding="utf-8")
    _killed(world.cli("index", str(folder), crash_at="store.upsert_batch:2"))
    rows = world.check_after_kill(query="Zinnober lokalgruppe")
    assert not any(r.source == "zinnober.md" for r in rows.values())
    assert world.cli("index", str(folder)).code == 0
    big = next(r for r in world.consistent().values() if r.source == "zinnober.md")
    assert big.chunk_count > 64 and big.doc_id in world.cli_hits("Zinnober lokalgruppe")


@pytest.mark.parametrize("point", ["write.points_written"])
def test_reindexing_an_edited_file_killed_midway_keeps_the_document_whole(world, point):
    folder = world.root / "edited"
    folder.mkdir()
    path = folder / "zinnober.md"
    path.write_text(_big_doc(8), encoding="utf-8")
    assert world.cli("index", str(folder)).code == 0
    path.write_text(_big_doc(3), encoding="utf-8")  # fewer chunks: stale points must go
    _killed(world.cli("index", str(folder), crash_at=point))
    before = next(r for r in world.check_after_kill(query="Zinnober").values() if r.source == "zinnober.md")
    assert before.doc_id in world.cli_hits("Zinnober")  # never unsearchable
    assert world.cli("index", str(folder)).code == 0
    after = next(r for r in world.consistent().values() if r.source == "zinnober.md")
    assert after.content_hash != before.content_hash or after.chunk_count < 8


@pytest.mark.parametrize("options,point", [
    ((), "rebuild.document_done:2"), ((), "store.upsert_batch:3"), ((), "rebuild.before_switch"),
    ((), "generations.pointer_switched"), (("--in-place",), "write.points_written:3")])
def test_reindex_killed_midway_loses_no_document_and_a_rerun_completes(world, options, point):
    published = {r.doc_id for r in world.consistent().values() if r.status == "published"}
    _killed(world.cli("reindex", *options, "--json", crash_at=point))
    world.check_after_kill()
    assert published <= world.cli_hits()  # nothing became unsearchable
    assert world.cli("reindex", *options, "--json").code == 0
    assert {r.doc_id for r in world.consistent().values() if r.status == "published"} == published


@pytest.mark.parametrize("point", ["status.catalog_changed"])
def test_publish_killed_midway_then_completed(world, point):
    draft = world.doc_id("kladde.md")
    assert world.cli("corpus", "review", draft, "--mask").code == 0
    _killed(world.cli("corpus", "publish", draft, crash_at=point))
    world.check_after_kill()
    rerun = world.cli("corpus", "publish", draft, "--json")
    assert rerun.code == 0 or "udgivet og kan ikke" in rerun.stderr, rerun.stderr
    assert world.consistent()[draft].status == "published"


@pytest.mark.parametrize("point", ["status.store_changed", "status.catalog_changed"])
def test_withdraw_killed_midway_never_leaves_the_document_searchable(world, point):
    doc = world.doc_id("faxe-lokalgrupper.md")
    _killed(world.cli("corpus", "withdraw", doc, crash_at=point))
    rows = world.check_after_kill()
    assert (doc in world.cli_hits()) == (rows[doc].status == "published")
    rerun = world.cli("corpus", "withdraw", doc)
    assert rerun.code == 0 or "trukket tilbage og kan ikke" in rerun.stderr, rerun.stderr
    assert world.consistent()[doc].status == "withdrawn"


@pytest.mark.parametrize("point", ["delete.points_hidden", "delete.catalog_deleted", "delete.points_deleted"])
def test_delete_killed_midway_leaves_the_document_whole_or_gone(world, point):
    doc = world.doc_id("slagelse.txt")
    _killed(world.cli("corpus", "delete", doc, "--yes", crash_at=point))
    rows = world.check_after_kill()
    if doc in rows:  # the row survived: the document is whole and searchable, and deleting again works
        assert doc in world.cli_hits()
        assert world.cli("corpus", "delete", doc, "--yes").code == 0
    assert doc not in world.consistent()


def test_a_kill_during_recovery_is_recovered_by_the_next_reader(world):
    folder = world.root / "new"
    folder.mkdir()
    (folder / "skolepatrulje.md").write_text(NEW_DOC, encoding="utf-8")
    _killed(world.cli("index", str(folder), crash_at="write.points_written"))
    _killed(world.cli("search", NEW_WORDS, crash_at="recover.document_refreshed"))
    world.check_after_kill()


def test_import_killed_after_a_catalog_row_then_completed(world):
    fresh = World(world.template, world.root, name="fresh", copy=False)  # an empty installation
    archive = world.template / "corpus.tar.gz"
    _killed(fresh.cli("corpus", "import", str(archive), "--json", crash_at="import.catalog_inserted:2"))
    fresh.check_after_kill()
    assert fresh.cli("corpus", "import", str(archive), "--json").code == 0
    assert len(fresh.consistent()) == 4


UPLOAD = {"method": "POST", "url": "/v1/documents",
          "files": {"file": ("skolepatrulje.md", NEW_DOC.encode(), "text/markdown")}}


@pytest.mark.parametrize("point", ["write.points_written"])
def test_upload_killed_midway_shows_nothing_and_uploading_again_completes(world, point):
    _killed(world.app({**UPLOAD, "headers": world.auth("curator")}, crash_at=point))
    world.check_after_kill(reader="api")
    again = world.app({**UPLOAD, "headers": world.auth("curator")})
    assert again.code == 0 and again.stdout.split()[0] in ("201", "409"), again.stdout
    new = [r for r in world.consistent().values() if r.source == "skolepatrulje.md"]
    assert len(new) == 1 and new[0].status == "draft"


def test_patch_title_killed_midway_then_completed(world):
    doc = world.doc_id("stevns-nyhed.html")
    patch = {"method": "PATCH", "url": f"/v1/documents/{doc}", "json": {"title": "Stevns: nyt SSP-team"},
             "headers": world.auth("curator")}
    _killed(world.app(patch, crash_at="update.catalog_changed"))
    world.check_after_kill(reader="api")  # the payload's title equals the catalog's, whichever it is
    assert world.app(patch).stdout.startswith("200")
    assert world.consistent()[doc].title == "Stevns: nyt SSP-team"


def test_patch_personal_data_review_killed_midway_then_completed(world):
    doc = world.doc_id("kladde.md")
    patch = {"method": "PATCH", "url": f"/v1/documents/{doc}", "json": {"pii_status": "masked"},
             "headers": world.auth("curator")}
    _killed(world.app(patch, crash_at="review.catalog_changed"))
    world.check_after_kill(reader="api")
    with Services.open(world.settings) as services:
        row = services.catalog.get(doc)
        shown = {tuple(r.payload["pii_shown"]) for r in services.store.scroll(Filters(doc_ids=(doc,)))}
        assert shown == {tuple(row.pii_shown)}
    assert world.app(patch).stdout.startswith("200")


def test_api_withdraw_killed_midway_never_shows_the_document(world):
    doc = world.doc_id("faxe-lokalgrupper.md")
    request = {"method": "POST", "url": f"/v1/documents/{doc}/withdraw", "headers": world.auth("curator")}
    _killed(world.app(request, crash_at="status.catalog_changed"))
    rows = world.check_after_kill(reader="api")
    assert rows[doc].status == "withdrawn"
    assert world.app(request).stdout.split()[0] in ("200", "409")
    assert world.consistent()[doc].status == "withdrawn"
