
import pytest

from corpus.ingest import collect_files, index_paths
from indexer.store import Filters
from tests.support.corpus import write_corpus

pytestmark = pytest.mark.catalog


def test_index_reports_every_file_and_stores_chunks_with_metadata(services, tmp_path):
    folder = write_corpus(tmp_path / "docs")
    report = index_paths(services, [folder])
    assert report.ok and report.count("indexed") == 3
    faxe = services.catalog.by_origin(str((folder / "faxe-lokalgrupper.md").resolve()))
    assert (faxe.title, faxe.kommune, faxe.kind, faxe.date) == ("Lokalgrupper i Faxe", "Faxe", "strategi", "2021-05-04")
    payloads = [r.payload for r in services.store.scroll(Filters(doc_ids=(faxe.doc_id,)))]
    assert len(payloads) == faxe.chunk_count >= 1
    assert {p["source"] for p in payloads} == {"faxe-lokalgrupper.md"}
    assert all(p["url"] == "https://www.faxe.dk/ssp/lokalgrupper" and p["year"] == 2021 for p in payloads)


def test_second_run_skips_unchanged_files(services, tmp_path):
    folder = write_corpus(tmp_path / "docs")
    index_paths(services, [folder])
    points = services.store.count()
    again = index_paths(services, [folder])
    assert again.count("skipped") == 3 and again.count("indexed") == 0
    assert services.store.count() == points


def test_changed_file_replaces_its_old_chunks(services, tmp_path):
    folder = write_corpus(tmp_path / "docs")
    index_paths(services, [folder])
    doc = folder / "slagelse.txt"
    doc.write_text("Kort tekst om SSP i Slagelse Kommune, der nu kun har ét afsnit.", encoding="utf-8")
    report = index_paths(services, [doc])
    row = services.catalog.by_origin(str(doc.resolve()))
    assert report.count("indexed") == 1
    texts = [r.payload["text"] for r in services.store.scroll(Filters(doc_ids=(row.doc_id,)))]
    assert texts == ["Kort tekst om SSP i Slagelse Kommune, der nu kun har ét afsnit."]


def test_a_failing_file_is_reported_and_the_others_are_still_indexed(services, tmp_path):
    folder = write_corpus(tmp_path / "docs")
    (folder / "tom.txt").write_bytes(b"")
    (folder / "regneark.xlsx").write_bytes(b"PK\x03\x04 not really")
    (folder / "falsk.pdf").write_bytes(b"dette er ikke en pdf")
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 8)
    report = index_paths(services, [folder])
    reasons = {r.source: r.reason for r in report.results if r.outcome == "failed"}
    assert report.count("indexed") == 3 and not report.ok
    assert reasons["tom.txt"] == "Filen er tom."
    assert "understøttes ikke" in reasons["regneark.xlsx"]
    assert "ikke en PDF" in reasons["falsk.pdf"]
    assert "binære data" in reasons["junk.txt"]


def test_exact_duplicate_is_indexed_once(services, tmp_path):
    folder = write_corpus(tmp_path / "docs")
    (folder / "kopi.md").write_bytes((folder / "faxe-lokalgrupper.md").read_bytes())
    report = index_paths(services, [folder])
    skipped = [r for r in report.results if r.outcome == "skipped"]
    assert [r.source for r in skipped] == ["kopi.md"]
    assert "faxe-lokalgrupper.md" in skipped[0].reason


def test_file_over_the_size_limit_is_refused(tmp_path):
    from corpus.services import Services
    from tests.conftest import make_settings

    settings = make_settings(tmp_path, ingest={"max_file_mb": 0.001})
    big = tmp_path / "stor.txt"
    big.write_text("SSP " * 1000, encoding="utf-8")
    with Services.open(settings) as services:
        report = index_paths(services, [big])
    assert report.results[0].outcome == "failed" and "for stor" in report.results[0].reason


def test_collect_files_keeps_relative_names_and_skips_hidden_files(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.txt").write_text("x")
    (tmp_path / "a" / ".hidden.txt").write_text("x")
    (tmp_path / "a" / "x.txt.meta.yaml").write_text("title: x")
    assert [f.source for f in collect_files([tmp_path / "a"])] == ["b/x.txt"]
    assert [f.source for f in collect_files([tmp_path / "a" / "b" / "x.txt"])] == ["x.txt"]


def test_catalog_survives_reopening(settings, tmp_path):
    from corpus.services import Services

    folder = write_corpus(tmp_path / "docs")
    with Services.open(settings) as services:
        index_paths(services, [folder])
    with Services.open(settings) as services:
        assert len(services.catalog.list()) == 3
        assert services.store.count() > 0
