"""Question words and names, matched tolerantly; highlighted sentences."""

from __future__ import annotations

import pytest

from search_api.retrieval.evidence import Evidence, about
from search_api.retrieval.highlight import coverage, highlight, mentions, named
from search_api.retrieval.search import Hit


@pytest.mark.parametrize("question, names", [
    ("Hvor mange SSP-konsulenter er ansat i Faxe Kommune?", ("Faxe",)),
    ("Hvilken enhed blev der orienteret om i Faxes SSP-styregruppe?", ("Faxes",)),
    ("Hvad svarede Justitsministeriet i 2012?", ("Justitsministeriet",)),
    ("Hvor mange natteravne er der i Havbjerg By?", ("Havbjerg",)),
    ("Hvordan organiserer kommunerne deres lokalgrupper?", ()),
    ("Hvem sidder i SSP-udvalget og hos VIVE?", ()),
])
def test_capitalised_words_after_the_first_are_names_but_acronyms_are_not(question, names):
    assert named(question) == names


def test_a_name_is_mentioned_also_in_its_possessive_and_ocr_forms():
    assert mentions("Referat fra styregruppen i Faxe", "Faxes")
    assert mentions("Kort opsamling fra VIVE", "VIVEs")
    assert mentions("SSP i Søhavn Kommune", "Søhavn") and mentions("SSP i Sohavn", "Søhavn")
    assert not mentions("SSP i Egeskov Kommune", "Søhavn")


def test_coverage_counts_question_words_found_despite_ocr_damage_and_compounds():
    question = "Hvordan hjælper lokalgrupperne børn?"
    assert coverage(question, "SSP-lokalgrupper og bern") == pytest.approx(2 / 3)
    assert coverage("og i det", "alt") == 0.0


def test_highlight_returns_the_best_matching_sentences_in_reading_order():
    text = "Natteravne går om fredagen. Vejret var godt. Lokalgrupper mødes om natteravne og lokalgrupper."
    assert highlight(text, "natteravne lokalgrupper", limit=2) == (
        "Natteravne går om fredagen.", "Lokalgrupper mødes om natteravne og lokalgrupper.")
    assert highlight(text, "svømmehal") == ()


def _evidence(title: str, text: str, kommune: str | None = None) -> Evidence:
    hit = Hit(rank=1, score=1.0, doc_id=title, chunk_id=title, text=text, title=title, kommune=kommune, kind=None,
              date=None, page=None, section=None, highlights=(), source=f"{title}.txt", url=None)
    return Evidence(hit, text, 0.9, 0.0)


def test_evidence_about_a_named_kommune_comes_from_text_or_metadata_naming_it():
    items = [_evidence("Referat", "Styregruppen mødtes.", kommune="Faxe"),
             _evidence("Strategi for Søhavn", "Udvalget mødes."), _evidence("Andet", "Faxe nævnes her.")]
    assert [e.hit.title for e in about(items, ("Faxe",))] == ["Referat", "Andet"]
    assert about(items, ()) == items and about(items, ("Lindholt",)) == []


def test_a_name_is_a_whole_word_not_letters_scattered_over_other_words():
    text = "Lokalbetjent og SSP rykker ind i Havnekvarterets beboerhus i Nørrestrand"
    assert not mentions(text, "Aarhus")
    assert mentions("Mødet blev holdt i Århus", "Aarhus") and mentions("SSP i Slaqelse", "Slagelse")


def test_highlights_follow_a_passage_whose_text_changed():
    before = "Lokalgrupperne mødes hver måned. Natteravne går om fredagen."
    after = "Lokalgrupperne mødes hver uge. Natteravne går om lørdagen."
    assert highlight(before, "Hvornår går natteravne?") == ("Natteravne går om fredagen.",)
    assert highlight(after, "Hvornår går natteravne?") == ("Natteravne går om lørdagen.",)
