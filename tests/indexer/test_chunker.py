from indexer.chunker import split_document
from indexer.models import Block
from indexer.parser import parse_bytes
from indexer.settings import ChunkingSettings
from tests.conftest import FIXTURES

SENTENCE = "Lokalgrupperne mødes hver måned på skolen og drøfter bl.a. trivsel blandt børn og unge."  # 15 words


def test_chunks_respect_the_word_limits():
    blocks = [Block("heading", "Organisering", level=1)] + [Block("paragraph", SENTENCE * 4) for _ in range(10)]
    settings = ChunkingSettings(target_words=100, max_words=130, min_words=20)
    chunks = split_document(blocks, doc_id="d", settings=settings)
    assert len(chunks) > 3
    assert all(c.word_count <= 130 for c in chunks)
    assert [c.chunk_no for c in chunks] == list(range(len(chunks)))


def test_oversized_paragraph_is_split_at_sentence_boundaries():
    chunks = split_document([Block("paragraph", " ".join([SENTENCE] * 40))], doc_id="d",
                            settings=ChunkingSettings(target_words=100, max_words=130, min_words=20))
    assert all(c.text.endswith("unge.") for c in chunks)


def test_chunks_carry_the_heading_path():
    blocks = [Block("heading", "SSP i Egeskov", level=1), Block("heading", "Lokalgrupper", level=2),
              Block("paragraph", SENTENCE * 4), Block("heading", "Natteravne", level=2), Block("paragraph", SENTENCE * 4)]
    sections = [c.section for c in split_document(blocks, doc_id="d", settings=ChunkingSettings(min_words=20))]
    assert sections == ["SSP i Egeskov > Lokalgrupper", "SSP i Egeskov > Natteravne"]


def test_very_short_sections_are_merged_with_the_next():
    blocks = [Block("heading", "Formål", level=2), Block("paragraph", "Kort."),
              Block("heading", "Organisering", level=2), Block("paragraph", SENTENCE * 4)]
    chunks = split_document(blocks, doc_id="d", settings=ChunkingSettings(min_words=20))
    assert len(chunks) == 1 and "Kort." in chunks[0].text and "Organisering" in chunks[0].text


def test_a_short_last_section_keeps_its_heading_when_merged_into_the_one_before():
    blocks = [Block("heading", "Organisering", level=2), Block("paragraph", SENTENCE * 4),
              Block("heading", "Fokus i 2024", level=2), Block("paragraph", "Et kursus om hash.")]
    chunks = split_document(blocks, doc_id="d", settings=ChunkingSettings(min_words=20))
    assert len(chunks) == 1 and chunks[0].section == "Organisering"
    assert "Fokus i 2024\n\nEt kursus om hash." in chunks[0].text


def test_lists_stay_whole_when_they_fit():
    items = "\n".join(f"- Opgave nummer {i} for koordinationsgruppen" for i in range(8))
    chunks = split_document([Block("paragraph", SENTENCE * 3), Block("list", items)], doc_id="d")
    assert any(items in c.text for c in chunks)


def test_pdf_chunks_record_first_and_last_page():
    doc = parse_bytes("two_pages.pdf", (FIXTURES / "two_pages.pdf").read_bytes())
    chunks = split_document(doc.blocks, doc_id="d")
    assert chunks[0].page == 1 and chunks[-1].page_end == 2
    natteravne = next(c for c in chunks if "Natteravnene går i Egeskov" in c.text)
    assert natteravne.page == 2 or natteravne.page_end == 2


def test_merged_short_pages_record_the_line_where_each_page_starts():
    blocks = [Block("heading", "Lokalgrupper", level=2, page=1), Block("paragraph", "Fem lokalgrupper.", page=1),
              Block("heading", "Natteravne", level=2, page=2),
              Block("list", "- Natteravne koster 60.000 kr.\n- De går om fredagen.", page=2),
              Block("heading", "Næste skridt", level=2, page=3), Block("paragraph", "Ny handleplan i juni.", page=3)]
    [chunk] = split_document(blocks, doc_id="d", settings=ChunkingSettings(min_words=40))
    assert (chunk.page, chunk.page_end) == (1, 3)
    lines = chunk.text.split("\n")
    assert [(line, lines[line]) for line, _ in chunk.page_starts] == [
        (0, "Fem lokalgrupper."), (2, "Natteravne"), (7, "Næste skridt")]
    assert [page for _, page in chunk.page_starts] == [1, 2, 3]


def test_chunks_without_pages_record_no_page_starts():
    [chunk] = split_document([Block("paragraph", SENTENCE * 3)], doc_id="d")
    assert chunk.page_starts == () and chunk.page is None
