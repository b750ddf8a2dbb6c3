"""Metadata inferred from the documents themselves: title, kommune, kind, date, language."""

from __future__ import annotations

import pytest

from indexer.metadata import infer_date, infer_kommune, kommune_name, parse_date
from indexer.pipeline import prepare_document
from indexer.settings import Settings
from tests.conftest import SAMPLES

SEEDS_EXPECTED = {
    "000_5b4a46eb6e528250.txt": ("SSP-Samrådet anmoder om drøftelser af fremtidig finansiering via Finansloven",
                                 "national", "andet", "2022-06-07"),
    "001_86f0adc79ecf36f4.txt": ("SSP-samarbejdet. Kort opsamling af undersøgelse fra VIVE", "national", "rapport", None),
    "002_73791ea34d1a9543.txt": ("Referat: SSP Styregruppe 2022-2025 d. 10-03-2020", "Faxe", "referat", "2020-03-10"),
    "003_c5f8538cb9082681.txt": ("Sådan kan SSP-samarbejdet blive endnu stærkere", "national", "nyhed", None),
    "004_a6672bcd5ccc3e41.txt": ("De tre niveauer i SSP-samarbejdet", "Slagelse", "andet", None),
}
SAMPLES_EXPECTED = {  # kommune, kind, date; from corpus/samples/README.md
    "havbjerg_gadeplan_og_ungeteams.txt": ("Havbjerg", "andet", "2023-11-28"),
    "kloevermose_referat_ssp_udvalg_2023-09-12.txt": ("Kløvermose", "referat", "2023-09-12"),
    "egeskov_nyhed_sidste_skoledag.html": ("Egeskov", "nyhed", "2024-06-24"),
    "noerrestrand_nyhed_lokalbetjent_havnekvarteret.html": ("Nørrestrand", "nyhed", "2024-02-27"),
    "soehavn_ssp_strategi_2024-2027.pdf": ("Søhavn", "strategi", "2024-01-30"),
    "aabjerg_faelles_ramme.md": ("Åbjerg", "fælles ramme", "2022-10-03"),
}


def meta_of(path):
    return prepare_document(path.name, path.read_bytes(), doc_id="d", content_hash="h", source=path.name,
                            settings=Settings(_env_file=None)).meta


@pytest.mark.parametrize("name", sorted(SEEDS_EXPECTED))
def test_seed_metadata_is_inferred(seeds_dir, name):
    meta = meta_of(seeds_dir / name)
    assert (meta.title, meta.kommune, meta.kind, meta.date) == SEEDS_EXPECTED[name]
    assert meta.language == "da"


@pytest.mark.parametrize("name", sorted(SAMPLES_EXPECTED))
def test_sample_metadata_names_the_fictional_kommune(name):
    meta = meta_of(SAMPLES / name)
    assert (meta.kommune, meta.kind, meta.date) == SAMPLES_EXPECTED[name]


def test_a_kommune_outside_the_98_needs_more_than_one_passing_mention():
    opening = "SSP-samarbejdet bygger på lokalgrupper, koordinationsgruppe og SSP-udvalg. " * 6
    assert infer_kommune(opening + "Et samarbejde med Egeskov Kommune om natteravne.") == "national"
    assert infer_kommune("Egeskov Kommune har syv lokalgrupper.", "egeskov_lokalgrupper.txt") == "Egeskov"
    assert infer_kommune("Andre kommuner retter henvendelse til Faxe kommune.") == "Faxe"
    assert infer_kommune("Den Kommune, der ...") == "national"


def test_kommune_values_are_stored_without_the_word_kommune():
    assert kommune_name("Åbjerg Kommune") == "Åbjerg" and kommune_name("Københavns Kommune") == "København"


@pytest.mark.parametrize("text, iso", [
    ("d. 10. marts 2020", "2020-03-10"), ("10-03-2020", "2020-03-10"), ("Skanderborg, d.07.06.2022", "2022-06-07"),
    ("d. 13. dec. 2012", "2012-12-13"), ("2021-05-04", "2021-05-04"), ("31-02-2020", None),
])
def test_danish_date_forms_are_parsed(text, iso):
    assert parse_date(text) == iso


def test_a_labelled_date_wins_over_an_earlier_one():
    assert infer_date("Sagen fra d. 1. maj 2019 blev drøftet.\nMødedato: 12. september 2023") == "2023-09-12"


def test_front_matter_and_sidecar_style_overrides_win(tmp_path):
    path = tmp_path / "notat.txt"
    path.write_text("Notat om SSP i Faxe Kommune. Faxe Kommune har fire lokalgrupper.", encoding="utf-8")
    meta = prepare_document(path.name, path.read_bytes(), doc_id="d", content_hash="h", source=path.name,
                            settings=Settings(_env_file=None),
                            overrides={"kommune": "Egeskov Kommune", "kind": "Best Practice", "date": "2023-05-04"}).meta
    assert (meta.kommune, meta.kind, meta.date) == ("Egeskov", "best practice", "2023-05-04")


def test_english_documents_are_detected_and_not_repaired(tmp_path):
    text = ("The crime prevention cooperation between schools, social services and police is organised "
            "in three levels. The local groups meet every month and discuss children at risk.")
    doc = prepare_document("en.txt", text.encode(), doc_id="d", content_hash="h", source="en.txt",
                           settings=Settings(_env_file=None))
    assert doc.meta.language == "en" and doc.repair.changed == 0
