"""Ingest runs on real files: repair, personal data, copies, near-copies, sidecars, --sync."""

from __future__ import annotations

import shutil

import pytest

from corpus.ingest import index_paths
from corpus.services import Services
from indexer.store import Filters
from tests.conftest import SAMPLES, make_settings

ORGANISERING = "egeskov_ssp_organisering.md"


def payloads(services, source):
    row = next(r for r in services.catalog.list() if r.source == source)
    return [r.payload for r in services.store.scroll(Filters(doc_ids=(row.doc_id,)))]


def test_seed_001_chunks_are_repaired_and_keep_their_original_text(services, seeds_dir, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(seeds_dir / "001_86f0adc79ecf36f4.txt", folder)
    report = index_paths(services, [folder])
    result = report.results[0]
    assert result.outcome == "indexed" and result.oov_before > 0.08 and result.oov_after < 0.02
    chunks = payloads(services, "001_86f0adc79ecf36f4.txt")
    text = " ".join(p["text"] for p in chunks)
    assert "børn" in text and "samarbejdet" in text and "sam- arbejdet" not in text
    assert any(p["original_text"] and "bern" in p["original_text"] for p in chunks)
    row = services.catalog.by_hash(services.catalog.list()[0].content_hash)
    assert row.oov_before == result.oov_before


def test_personal_data_is_flagged_per_chunk_and_per_document(services, seeds_dir):
    index_paths(services, [seeds_dir / "000_5b4a46eb6e528250.txt"])
    chunks = payloads(services, "000_5b4a46eb6e528250.txt")
    flagged = [p for p in chunks if p["pii"]]
    assert flagged and all(p["pii"] == sorted(p["pii"]) for p in chunks)
    assert {"phone", "email"} <= {t for p in chunks for t in p["pii"]}
    assert {"phone", "email", "name"} <= set(services.catalog.list()[0].pii_types)
    assert any("2325 8547" in p["text"] for p in chunks)  # flagged, not masked, by default


def test_mask_pii_replaces_personal_data_keeping_the_type(services, seeds_dir):
    report = index_paths(services, [seeds_dir / "000_5b4a46eb6e528250.txt"], mask_pii=True)
    assert "maskeret" in " ".join(report.results[0].notes)
    text = " ".join(p["text"] for p in payloads(services, "000_5b4a46eb6e528250.txt"))
    assert "[telefon]" in text and "[e-mail]" in text and "[navn]" in text
    for value in ("2325 8547", "4053 3006", "pede@gentofte.dk", "Benny Husted"):
        assert value not in text


def test_exact_copy_is_indexed_once_and_linked(services, tmp_path):
    folder = tmp_path / "docs"
    (folder / "kopi").mkdir(parents=True)
    shutil.copy(SAMPLES / ORGANISERING, folder)
    shutil.copy(SAMPLES / ORGANISERING, folder / "kopi" / "organisering.md")
    report = index_paths(services, [folder])
    assert [r.outcome for r in report.results] == ["skipped", "indexed"] or report.count("indexed") == 1
    (row,) = services.catalog.list()
    assert [a.source for a in services.catalog.aliases(row.doc_id)] == ["kopi/organisering.md"]
    again = index_paths(services, [folder])
    assert again.count("skipped") == 2 and len(services.catalog.aliases(row.doc_id)) == 1


def test_near_duplicate_is_reported_and_can_be_skipped(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SAMPLES / ORGANISERING, folder / "a.md")
    text = (SAMPLES / ORGANISERING).read_text(encoding="utf-8").replace("fire gange om året", "fem gange om året")
    (folder / "b.md").write_text(text, encoding="utf-8")
    with Services.open(make_settings(tmp_path / "one")) as services:
        report = index_paths(services, [folder])
        b = next(r for r in report.results if r.source == "b.md")
        assert b.outcome == "indexed" and b.near_duplicate_of == "a.md"
        assert any("næsten identisk med a.md" in note for note in b.notes)
    with Services.open(make_settings(tmp_path / "two")) as services:
        report = index_paths(services, [folder], skip_near_duplicates=True)
        b = next(r for r in report.results if r.source == "b.md")
        assert b.outcome == "skipped" and "næsten identisk med a.md" in b.reason


def test_sidecar_metadata_wins_and_its_change_reindexes(services, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SAMPLES / "havbjerg_gadeplan_og_ungeteams.txt", folder)
    sidecar = folder / "havbjerg_gadeplan_og_ungeteams.txt.meta.yaml"
    sidecar.write_text("kommune: Havbjerg Kommune\nkind: rapport\ntitle: Statusnotat om gadeplan\n", encoding="utf-8")
    index_paths(services, [folder])
    row = services.catalog.list()[0]
    assert (row.kommune, row.kind, row.title) == ("Havbjerg", "rapport", "Statusnotat om gadeplan")
    sidecar.write_text("kommune: Havbjerg\nkind: andet\n", encoding="utf-8")
    report = index_paths(services, [folder])
    assert report.count("indexed") == 1 and services.catalog.list()[0].kind == "andet"


def test_bad_sidecar_is_a_clear_per_file_error(services, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SAMPLES / ORGANISERING, folder)
    (folder / f"{ORGANISERING}.meta.yaml").write_text("kommune: [ikke, en, tekst\n", encoding="utf-8")
    (result,) = index_paths(services, [folder]).results
    assert result.outcome == "failed" and "Sidecar-filen" in result.reason


def test_sync_removes_deleted_files_only_under_the_synced_folder(services, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for folder, name in ((a, ORGANISERING), (b, "lindholt_best_practice_konfliktmaegling.md")):
        folder.mkdir()
        shutil.copy(SAMPLES / name, folder)
    shutil.copy(SAMPLES / "havbjerg_gadeplan_og_ungeteams.txt", a)
    index_paths(services, [a, b])
    before = services.store.count()
    gone = payloads(services, ORGANISERING)
    (a / ORGANISERING).unlink()
    (b / "lindholt_best_practice_konfliktmaegling.md").unlink()
    report = index_paths(services, [a], sync=True)
    assert [(r.source, r.outcome) for r in report.results] == [
        ("havbjerg_gadeplan_og_ungeteams.txt", "skipped"), (ORGANISERING, "removed")]
    assert services.store.count() == before - len(gone)
    assert {r.source for r in services.catalog.list()} == {"havbjerg_gadeplan_og_ungeteams.txt",
                                                          "lindholt_best_practice_konfliktmaegling.md"}


def test_sync_hands_a_document_to_its_copy_when_the_original_is_deleted(services, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SAMPLES / ORGANISERING, folder / "a.md")
    shutil.copy(SAMPLES / ORGANISERING, folder / "b.md")
    index_paths(services, [folder])
    points = services.store.count()
    (folder / "a.md").unlink()
    report = index_paths(services, [folder], sync=True)
    assert [r.outcome for r in report.results] == ["skipped", "removed"]
    (row,) = services.catalog.list()
    assert row.source == "b.md" and services.store.count() == points and not services.catalog.aliases(row.doc_id)


def test_sync_after_an_interrupted_run_removes_chunks_the_catalog_does_not_know(services, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SAMPLES / ORGANISERING, folder)
    index_paths(services, [folder])
    row = services.catalog.list()[0]
    services.catalog.delete(row.doc_id)  # as if the run stopped between the store and the catalog write
    (folder / ORGANISERING).unlink()
    index_paths(services, [folder], sync=True)
    assert services.store.count() == 0


def test_changed_copy_becomes_its_own_document(services, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SAMPLES / ORGANISERING, folder / "a.md")
    shutil.copy(SAMPLES / ORGANISERING, folder / "b.md")
    index_paths(services, [folder])
    (folder / "b.md").write_text("# Ny tekst\n\nSSP i Egeskov Kommune mødes nu hver uge.\n", encoding="utf-8")
    report = index_paths(services, [folder])
    assert report.count("indexed") == 1 and len(services.catalog.list()) == 2
    assert not services.catalog.aliases(services.catalog.by_origin(str((folder / "a.md").resolve())).doc_id)


@pytest.mark.parametrize("name", ["zip_bomb.docx", "entity_bomb.docx", "encrypted.pdf", "binary_junk.txt"])
def test_hostile_files_fail_alone(services, tmp_path, name):
    from tests.conftest import FIXTURES

    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(FIXTURES / name, folder)
    shutil.copy(SAMPLES / ORGANISERING, folder)
    report = index_paths(services, [folder])
    outcomes = {r.source: r.outcome for r in report.results}
    assert outcomes == {name: "failed", ORGANISERING: "indexed"}


def test_same_report_as_pdf_and_as_text_is_a_near_duplicate(services, tmp_path):
    from indexer.pipeline import read_document

    pdf = SAMPLES / "soehavn_ssp_strategi_2024-2027.pdf"
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(pdf, folder)
    # The same strategy as a text file: no page furniture, other line breaks, a different title line.
    text = read_document(pdf.name, pdf.read_bytes()).text.replace("\n\n", "\n\n\n")
    (folder / "strategi_kopi.txt").write_text("Søhavn Kommune\n\n" + text, encoding="utf-8")
    report = index_paths(services, [folder])
    copy = next(r for r in report.results if r.source == "strategi_kopi.txt")
    assert copy.near_duplicate_of == pdf.name
