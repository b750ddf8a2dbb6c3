"""The page of a sentence inside a passage that spans pages, in every view of its text."""

from __future__ import annotations

from indexer.chunker import split_document
from indexer.lexicon import Lexicon
from indexer.models import Block, DocumentMeta
from indexer.pipeline import chunk_payload, finish_chunk
from indexer.settings import ChunkingSettings
from search_api.masking import visible_text
from search_api.retrieval.pages import best_highlight, page_at, page_of, span_of

META = DocumentMeta(doc_id="d", title="Brev", source="brev.pdf", content_hash="h")
PAGE_2 = "Natteravnene går hver fredag fra kl. 21 til kl. 2."


def _payload(*, mask: bool) -> dict:
    """A short letter over three pages, chunked as one passage, with a signature on page 1."""
    blocks = [Block("paragraph", "Kære forældre. Kontakt Jens Hansen på tlf. 22 33 44 55 om SSP.", page=1),
              Block("paragraph", "Natteravnene går hver fredag\nfra kl. 21 til kl. 2.", page=2),
              Block("paragraph", "Med venlig hilsen SSP-konsulenten.", page=3)]
    [chunk] = split_document(blocks, doc_id="d", settings=ChunkingSettings(min_words=50))
    return chunk_payload(finish_chunk(chunk, Lexicon(), mask=mask), META)


def test_a_sentence_joined_across_a_line_break_is_found_on_its_page():
    payload = _payload(mask=False)
    assert span_of(payload) == (1, 3)
    assert page_of(payload, PAGE_2) == 2
    assert page_of(payload, "Med venlig hilsen SSP-konsulenten.") == 3
    assert page_of(payload, "Kære forældre.") == 1


def test_pages_stay_right_when_personal_data_is_masked_at_read_time_or_at_ingest():
    for payload in (_payload(mask=False), _payload(mask=True)):
        shown = visible_text(payload)
        assert "[telefon]" in shown and "22 33 44 55" not in shown
        assert page_of(payload, PAGE_2, text=shown) == 2
        assert page_of(payload, "Kontakt [navn] på tlf. [telefon] om SSP.", text=shown) == 1


def test_points_indexed_before_page_starts_fall_back_to_the_first_page():
    payload = {**_payload(mask=False)}
    del payload["page_starts"]
    assert page_of(payload, PAGE_2) == 1


def test_an_unknown_fragment_gets_the_first_page_and_a_passage_without_pages_none():
    payload = _payload(mask=False)
    assert page_of(payload, "Denne sætning står ikke i brevet.") == 1
    assert page_of(payload, None) == 1
    text_only = {"text": PAGE_2, "page": None, "page_starts": []}
    assert page_of(text_only, PAGE_2) is None and span_of(text_only) is None


def test_page_at_counts_lines_before_the_fragment():
    text = "Side et.\n\nSide to, linje et.\nSide to, linje to.\n\nSide tre."
    starts = [(0, 4), (2, 5), (5, 6)]
    assert [page_at(text, f, starts=starts, default=None)
            for f in ("Side et.", "Side to, linje to.", "Side tre.")] == [4, 5, 6]


def test_the_best_highlight_holds_the_most_question_words():
    highlights = ("SSP-samarbejdet i Egeskov er bygget op om lokalgrupper.", PAGE_2.replace("går", "går i Egeskov"))
    assert best_highlight(highlights, "Hvornår går natteravnene i Egeskov?") == highlights[1]
    assert best_highlight((), "Hvornår går natteravnene?") is None
