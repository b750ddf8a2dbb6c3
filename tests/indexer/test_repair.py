"""OCR repair with the Danish word list: æ/ø/å damage, "|" for "I", line-break hyphens."""

from __future__ import annotations

import pytest

from indexer.blocks import join_lines
from indexer.lexicon import oov_rate
from indexer.pipeline import prepare_document, read_document
from indexer.repair import repair_text, repair_word
from indexer.settings import Settings


@pytest.mark.parametrize("damaged, repaired", [
    ("bern", "børn"), ("bgrn", "børn"), ("radgivning", "rådgivning"), ("undersggelse", "undersøgelse"),
    ("Undersggelsen", "Undersøgelsen"), ("spergeskema", "spørgeskema"), ("feelles", "fælles"),
    ("p3", "på"), ("s&ledes", "således"), ("gremaerket", "øremærket"),
])
def test_damaged_words_are_repaired_to_known_words(lexicon, damaged, repaired):
    assert repair_word(damaged, lexicon) == repaired


@pytest.mark.parametrize("word", ["bade", "Mehlbye", "SSP", "orienteres", "genoprettende", "Ødegaard", "2019"])
def test_known_words_names_and_numbers_are_left_alone(lexicon, word):
    assert repair_word(word, lexicon) == word


def test_pipe_read_for_capital_i_is_repaired_outside_tables(lexicon):
    text = "| forbindelse med politireformen blev der nedsat et kredsråd.\n| Punkt | Side |"
    fixed, changed = repair_text(text, lexicon)
    assert fixed == "I forbindelse med politireformen blev der nedsat et kredsråd.\n| Punkt | Side |"
    assert changed == 1


def test_clean_documents_are_not_repaired(lexicon, seeds_dir):
    settings = Settings(_env_file=None)
    for name in ("000_5b4a46eb6e528250.txt", "002_73791ea34d1a9543.txt", "003_c5f8538cb9082681.txt",
                 "004_a6672bcd5ccc3e41.txt"):
        doc = prepare_document(name, (seeds_dir / name).read_bytes(), doc_id="d", content_hash="h", source=name,
                               settings=settings)
        assert doc.repair.changed == 0 and not any(c.original_text for c in doc.chunks), name


def test_repaired_chunks_keep_the_original_wording(lexicon, seeds_dir):
    name = "001_86f0adc79ecf36f4.txt"
    doc = prepare_document(name, (seeds_dir / name).read_bytes(), doc_id="d", content_hash="h", source=name,
                           settings=Settings(_env_file=None))
    text = " ".join(c.text for c in doc.chunks)
    originals = " ".join(c.original_text or c.text for c in doc.chunks)
    assert "børn" in text and "samarbejdet" in text and "sam- arbejdet" not in text
    assert "bern" in originals and "bern" not in text.split()
    assert doc.meta.title == "SSP-samarbejdet. Kort opsamling af undersøgelse fra VIVE"


def test_seed_001_loses_most_unknown_words(lexicon, seeds_dir):
    name = "001_86f0adc79ecf36f4.txt"
    text = read_document(name, (seeds_dir / name).read_bytes()).text
    fixed, changed = repair_text(text, lexicon)
    before, after = oov_rate(text, lexicon), oov_rate(fixed, lexicon)
    assert before > 0.08 and after < 0.02 and changed > 200
    assert "bern og unge" in text and "børn og unge" in fixed


@pytest.mark.parametrize("lines, joined", [
    (["SSP-samarbejdet er sam-", "arbejdet mellem skole og politi."], "SSP-samarbejdet er samarbejdet mellem skole og politi."),
    (["en erfaren SSP-", "konsulent"], "en erfaren SSP-konsulent"),
    (["skrev en e-", "mail til"], "skrev en e-mail til"),
    (["både skole-", "og socialforvaltning"], "både skole- og socialforvaltning"),
    (["de 10-", "17-årige"], "de 10-17-årige"),
    (["Samar-", "bejdet fungerer"], "Samarbejdet fungerer"),
])
def test_line_break_hyphens_join_words_but_keep_real_hyphens(lines, joined):
    assert join_lines(lines) == joined
