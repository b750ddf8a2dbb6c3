"""Structure-aware cleaning and chunking: minutes, web chrome, running headers, DOCX, OCR."""

from __future__ import annotations

import pytest

from indexer.chunker import split_document
from indexer.errors import ParseError
from indexer.ocr import ocr_available
from indexer.parser import parse_bytes
from indexer.pipeline import read_document
from indexer.settings import ChunkingSettings, IngestSettings
from tests.conftest import FIXTURES, SAMPLES

PUNKTER_002 = [
    "Punkt 1: Godkendelse af dagsorden", "Punkt 2: Beslutning om gruppeindsatser i SSP regi",
    "Punkt 3: Beslutning om temaeftermiddage", "Punkt 4: Orientering om sidste skoledag",
    "Punkt 5: Orientering om landsdækkende undersøgelse af SSP-samarbejdet", "Punkt 6: Meddelelser fra Politiet",
    "Punkt 7: Meddelelser fra Center for Familie, Social & Beskæftigelse",
]


def chunks_of(path, name=None):
    name = name or path.name
    return split_document(read_document(name, path.read_bytes()).blocks, doc_id="d")


def test_seed_002_yields_one_section_per_punkt(seeds_dir):
    chunks = chunks_of(seeds_dir / "002_73791ea34d1a9543.txt")
    sections = list(dict.fromkeys(c.section for c in chunks))
    assert sections[1:] == PUNKTER_002
    temaer = " ".join(c.text for c in chunks if c.section == "Punkt 3: Beslutning om temaeftermiddage")
    assert "Sagsfremstilling: Der har nu været afholdt" in temaer
    assert "Indstilling: Center for Familie" in temaer and "Beslutning: Godkendt." in temaer


def test_repeated_attendance_line_is_kept_once_with_the_meeting_header(seeds_dir):
    chunks = chunks_of(seeds_dir / "002_73791ea34d1a9543.txt")
    holders = [c for c in chunks if "Fraværende:" in c.text]
    assert len(holders) == 1 and holders[0].chunk_no == 0 and "Mødedato" in holders[0].text


def test_table_of_contents_is_not_indexed(seeds_dir):
    chunks = chunks_of(seeds_dir / "002_73791ea34d1a9543.txt")
    assert not any("....." in c.text or "Indholdsfortegnelse" in c.text for c in chunks)


def test_minutes_fixture_gets_one_section_per_item_and_a_contact_section():
    sections = [c.section for c in chunks_of(FIXTURES / "minutes.txt")]
    assert sections == ["REFERAT SSP-udvalget d. 12-09-2023", "Punkt 1: Godkendelse af dagsorden",
                        "Punkt 2: Beslutning om natteravne", "Punkt 3: Orientering om lokalgrupper", "Kontakt"]


def test_agenda_list_in_the_header_does_not_become_sections():
    chunks = chunks_of(SAMPLES / "kloevermose_referat_ssp_udvalg_2023-09-12.txt")
    assert [c.section for c in chunks].count("Punkt 2: Evaluering af sidste skoledag 2023") == 1
    assert "Punkt 6: Meddelelser" in chunks[0].text  # the agenda stays in the header as a list


def test_seed_003_newsletter_and_other_press_releases_are_not_indexed(seeds_dir):
    text = " ".join(c.text for c in chunks_of(seeds_dir / "003_c5f8538cb9082681.txt"))
    assert "Læs de ni konkrete anbefalinger" in text
    for chrome in ("Skriv dig op", "nyhedsbrev", "Flere pressemeddelelser", "voldsofre", "Nøgleord",
                   "Herluf Trolles Gade"):
        assert chrome not in text
    assert "\nDel\n" not in f"\n{text}\n" and not text.startswith("Del")


def test_share_row_inside_the_article_is_not_indexed():
    text = " ".join(c.text for c in chunks_of(SAMPLES / "egeskov_nyhed_sidste_skoledag.html"))
    assert "480 elever" in text
    for chrome in ("Del på Facebook", "Andre nyheder", "Vejarbejde", "Tilmeld nyhedsbrev", "cookies"):
        assert chrome not in text


def test_pdf_running_header_and_page_numbers_are_removed():
    text = read_document("two_pages.pdf", (FIXTURES / "two_pages.pdf").read_bytes()).text
    assert "Egeskov Kommune - SSP-handleplan 2024" not in text and "Side 1" not in text and "Side 2" not in text
    assert "Natteravnene går i Egeskov hver fredag" in text


def test_sample_pdf_footer_side_n_af_3_is_removed():
    doc = read_document("s.pdf", (SAMPLES / "soehavn_ssp_strategi_2024-2027.pdf").read_bytes())
    assert "Side 1 af 3" not in doc.text and "Søhavn Kommune · SSP-strategi" not in doc.text
    assert doc.page_count == 3 and {b.page for b in doc.blocks} == {1, 2, 3}


def test_docx_headings_give_the_section_path_and_lists_and_tables_stay_whole():
    # The fixture's sections are short: keep them apart to see each one's path.
    doc = read_document("headings.docx", (FIXTURES / "headings.docx").read_bytes())
    chunks = split_document(doc.blocks, doc_id="d", settings=ChunkingSettings(min_words=10))
    lokal = next(c for c in chunks if "Lokalgruppe Nord" in c.text)
    assert lokal.section == "SSP-strategi for Egeskov Kommune > Organisering > Lokalgrupper"
    assert "| Lokalgruppe Nord | Egeskov Skole |\n| Lokalgruppe Syd | Åbjerg Skole |" in lokal.text
    assert any("- SSP-udvalget mødes to gange årligt\n- Koordinationsgruppen mødes hver måned" in c.text for c in chunks)


@pytest.mark.parametrize("name, message", [("zip_bomb.docx", "zip-bombe"), ("entity_bomb.docx", "entity bomb")])
def test_docx_bombs_are_refused_without_expanding_them(name, message):
    with pytest.raises(ParseError, match=message):
        parse_bytes(name, (FIXTURES / name).read_bytes())


def test_docx_that_is_not_a_zip_is_a_clear_error():
    with pytest.raises(ParseError, match="ikke et Word-dokument"):
        parse_bytes("brev.docx", b"just text")


def test_scanned_pdf_is_read_by_danish_ocr():
    if not ocr_available(IngestSettings()):
        pytest.skip("Tesseract with Danish data is not installed (tesseract-ocr, tesseract-ocr-dan)")
    doc = parse_bytes("image_only.pdf", (FIXTURES / "image_only.pdf").read_bytes())
    assert "Børn og unge i lokalområdet" in doc.text and doc.metadata["ocr"] == "tesseract"
    assert {b.page for b in doc.blocks} == {1}


def test_scanned_pdf_without_ocr_is_reported_as_needing_ocr():
    settings = IngestSettings(ocr_command="tesseract-not-installed")
    with pytest.raises(ParseError, match="skal OCR-behandles.*ikke installeret"):
        parse_bytes("image_only.pdf", (FIXTURES / "image_only.pdf").read_bytes(), ingest=settings)


def test_text_beyond_the_character_cap_is_refused():
    with pytest.raises(ParseError, match="mere end 1000 tegn"):
        parse_bytes("lang.txt", ("SSP-samarbejde " * 200).encode(), ingest=IngestSettings(max_chars=1000))


def test_text_pdf_with_a_blank_page_is_indexed_without_ocr():
    import io

    from pypdf import PdfWriter  # builds the input only: a real text PDF plus one blank page

    writer = PdfWriter(clone_from=io.BytesIO((FIXTURES / "two_pages.pdf").read_bytes()))
    writer.add_blank_page()
    buf = io.BytesIO()
    writer.write(buf)
    doc = parse_bytes("blank.pdf", buf.getvalue(), ingest=IngestSettings(ocr_command="tesseract-not-installed"))
    assert doc.page_count == 3 and "Natteravnene går i Egeskov" in doc.text
