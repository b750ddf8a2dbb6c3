"""The curation domain on real stores and catalogs: statuses, review, reconcile, rebuild, archives."""

from __future__ import annotations

import io
import os
import tarfile
import time

import pytest

from corpus.archive import export_corpus, import_corpus
from corpus.documents import delete_document
from corpus.ingest import index_paths
from corpus.reconcile import rebuild, reconcile
from corpus.review import publish, review_pii, update_metadata, withdraw
from corpus.services import Services
from indexer.errors import Conflict, InvalidInput, ReviewRequired
from indexer.pipeline import embed_document, prepare_document
from indexer.store import Filters
from tests.conftest import make_settings
from tests.support.corpus import write_corpus
from tests.support.curation import MINUTES

pytestmark = pytest.mark.catalog


@pytest.fixture
def folder(tmp_path):
    docs = write_corpus(tmp_path / "docs")
    (docs / "faxe-referat.md").write_text(MINUTES, encoding="utf-8")
    return docs


def _row(services, folder, name):
    return services.catalog.by_origin(str((folder / name).resolve()))


def _statuses(services, doc_id):
    return {r.payload["status"] for r in services.store.scroll(Filters(doc_ids=(doc_id,)))}


def test_operator_index_publishes_at_once_with_personal_data_masked(services, folder):
    assert index_paths(services, [folder], actor="cli:ops").ok
    minutes = _row(services, folder, "faxe-referat.md")
    assert (minutes.status, minutes.pii_types, minutes.pii_status) == ("published", ["email", "name", "phone"], "masked")
    assert _row(services, folder, "slagelse.txt").pii_status == "none"
    assert services.files.read(minutes.content_hash) == (folder / "faxe-referat.md").read_bytes()
    _, entries = services.catalog.audit.find(action="index")
    assert len(entries) == 4 and {e.actor for e in entries} == {"cli:ops"}


def test_draft_index_holds_documents_and_unreviewed_flags_block_publishing(services, folder):
    index_paths(services, [folder], status="draft")
    minutes = _row(services, folder, "faxe-referat.md")
    assert (minutes.status, minutes.pii_status) == ("draft", "unreviewed")
    assert _statuses(services, minutes.doc_id) == {"draft"}
    with pytest.raises(ReviewRequired):
        publish(services, minutes.doc_id, actor="t")
    review_pii(services, minutes.doc_id, decision="confirmed", shown=["email"], actor="t")
    assert publish(services, minutes.doc_id, actor="t").status == "published"
    assert _statuses(services, minutes.doc_id) == {"published"}
    payloads = [r.payload for r in services.store.scroll(Filters(doc_ids=(minutes.doc_id,)))]
    assert all(p["pii_shown"] == ["email"] for p in payloads)


def test_status_transitions_follow_the_life_cycle(services, folder):
    index_paths(services, [folder], status="draft")
    doc_id = _row(services, folder, "slagelse.txt").doc_id
    assert publish(services, doc_id, actor="t").status == "published"
    with pytest.raises(Conflict):
        publish(services, doc_id, actor="t")
    assert withdraw(services, doc_id, actor="t").status == "withdrawn"
    with pytest.raises(Conflict):
        withdraw(services, doc_id, actor="t")
    assert publish(services, doc_id, actor="t").status == "published"


def test_reindexing_a_changed_file_keeps_a_withdrawal_and_adds_a_version(services, folder):
    index_paths(services, [folder])
    doc = _row(services, folder, "slagelse.txt")
    withdraw(services, doc.doc_id, actor="kurator")
    (folder / "slagelse.txt").write_text("SSP i Slagelse Kommune er nu organiseret i fire netværk.", encoding="utf-8")
    index_paths(services, [folder])
    again = services.catalog.get(doc.doc_id)
    assert again.status == "withdrawn" and _statuses(services, doc.doc_id) == {"withdrawn"}
    assert [v.version_no for v in services.catalog.versions(doc.doc_id)] == [1, 2]


def test_metadata_edit_changes_payload_and_refuses_unknown_values(services, folder):
    index_paths(services, [folder])
    doc_id = _row(services, folder, "slagelse.txt").doc_id
    row = update_metadata(services, doc_id, {"kommune": "stevns", "date": "2020-02-03"}, actor="t")
    assert (row.kommune, row.date) == ("Stevns", "2020-02-03")
    payloads = [r.payload for r in services.store.scroll(Filters(doc_ids=(doc_id,)))]
    assert {(p["kommune"], p["year"]) for p in payloads} == {("Stevns", 2020)}
    for bad in ({"kommune": "Atlantis"}, {"kind": "roman"}, {"date": "3. marts"}, {"url": "ftp://x"},
                {"content_hash": "x"}):
        with pytest.raises(InvalidInput):
            update_metadata(services, doc_id, bad, actor="t")


def test_delete_removes_points_row_and_file_but_keeps_the_audit(services, folder):
    index_paths(services, [folder])
    doc = _row(services, folder, "faxe-referat.md")
    delete_document(services, doc.doc_id, actor="admin")
    assert services.store.count(Filters(doc_ids=(doc.doc_id,))) == 0
    assert services.catalog.get(doc.doc_id) is None and not services.files.has(doc.content_hash)
    assert services.catalog.audit.find(doc_id=doc.doc_id, action="delete")[0] == 1


def test_reconcile_repairs_the_store_from_the_catalog_after_a_crash(services, folder):
    index_paths(services, [folder])
    slagelse, stevns = _row(services, folder, "slagelse.txt"), _row(services, folder, "stevns-nyhed.html")
    faxe = _row(services, folder, "faxe-lokalgrupper.md")
    # A crash left: points of a document the catalog never recorded, a document without points,
    # a withdrawal the store missed, a document whose file is gone, and a file nobody uses.
    stray = [r for r in services.store.scroll(Filters(doc_ids=(slagelse.doc_id,)))]
    services.store.delete_documents([slagelse.doc_id])
    services.catalog.update(stevns.doc_id, {"status": "withdrawn"}, actor="t", action="withdraw")
    services.store.delete_documents([faxe.doc_id])
    services.files.delete(faxe.content_hash)
    orphan = services.files.put(b"left behind")
    old = time.time() - 3600
    os.utime(services.files.path(orphan), (old, old))
    ghost = prepare_document("ghost.txt", b"Et dokument uden katalogpost om natteravne.", doc_id="ghost",
                             content_hash="0" * 64, source="ghost.txt", settings=services.settings)
    services.store.upsert(embed_document(ghost, services.embedder))
    report = reconcile(services)
    assert report.removed == ["ghost"] and report.reindexed == [slagelse.doc_id]
    assert report.missing == [faxe.doc_id] and report.status_fixed == [stevns.doc_id]
    assert report.files_removed == 1 and not services.files.has(orphan)
    assert services.store.count(Filters(doc_ids=(slagelse.doc_id,))) == len(stray)
    assert _statuses(services, stevns.doc_id) == {"withdrawn"}
    assert services.catalog.audit.find(action="reconcile")[0] == 1
    second = reconcile(services)  # nothing left to repair; the lost file is still reported
    assert second.missing == [faxe.doc_id] and not (second.removed or second.reindexed or second.status_fixed)


def test_rebuild_recreates_an_emptied_store_from_catalog_and_files(settings, folder):
    with Services.open(settings) as services:
        index_paths(services, [folder])
        update_metadata(services, _row(services, folder, "slagelse.txt").doc_id, {"kommune": "Køge"}, actor="t")
        before = services.store.count()
    for path in sorted(settings.store_path.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    with Services.open(settings) as services:
        assert services.store.count() == 0
        report = rebuild(services, actor="t")
        assert len(report.reindexed) == 4 and not report.failed
        assert services.store.count() == before
        assert services.store.facet("kommune")["Køge"] >= 1


def test_export_and_import_move_a_corpus_with_status_review_and_files(settings, folder, tmp_path, new_catalog_url):
    with Services.open(settings) as services:
        index_paths(services, [folder], status="draft")
        minutes = _row(services, folder, "faxe-referat.md")
        review_pii(services, minutes.doc_id, decision="masked", actor="t")
        publish(services, minutes.doc_id, actor="t")
        archive = tmp_path / "korpus.tar.gz"
        assert len(export_corpus(services.catalog, services.files, archive).documents) == 4
    other = make_settings(tmp_path / "other", catalog={"url": new_catalog_url()})
    with Services.open(other) as services:
        report = import_corpus(services, archive, actor="cli:flyt")
        assert len(report.documents) == 4 and not report.failed
        moved = services.catalog.require(minutes.doc_id)
        assert (moved.status, moved.pii_status, moved.title) == ("published", "masked", minutes.title)
        assert services.files.read(moved.content_hash) == (folder / "faxe-referat.md").read_bytes()
        assert _statuses(services, minutes.doc_id) == {"published"}
        assert len(import_corpus(services, archive, actor="t").skipped) == 4


def test_import_refuses_a_tampered_archive(services, folder, tmp_path, new_catalog_url):
    index_paths(services, [folder])
    archive = tmp_path / "korpus.tar.gz"
    export_corpus(services.catalog, services.files, archive)
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(tampered, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name.startswith("files/"):
                data = data.replace(b"Slagelse", b"Snydelse")
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    with Services.open(make_settings(tmp_path / "other", catalog={"url": new_catalog_url()})) as other:
        report = import_corpus(other, tampered, actor="t")
        assert len(report.failed) == 1 and "beskadiget" in next(iter(report.failed.values()))
        assert other.catalog.get(next(iter(report.failed))) is None
