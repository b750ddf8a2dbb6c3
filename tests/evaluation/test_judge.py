"""The relevance judge of the dev sets: OCR folding, hyphen joining, tolerant in-order match."""

from __future__ import annotations

import pytest

from evaluation.dataset import Gold
from evaluation.judge import covered, covers, same_document, skeleton


@pytest.mark.parametrize("damaged, clean", [
    ("undersggelse", "undersøgelse"),
    ("bern og unge", "børn og unge"),
    ("SSP-lzerere pa skolerne", "SSP-lærere på skolerne"),
    ("Britt @stergaard Larsen", "Britt Østergaard Larsen"),
    ("kriminalpraeventive", "kriminalpræventive"),
    ("s&-\nledes", "således"),
    ("sam-\narbejdet", "samarbejdet"),
    ("FORMÅLET", "formalet"),
])
def test_ocr_spellings_and_hyphenated_words_share_a_skeleton(damaged, clean):
    assert skeleton(damaged) == skeleton(clean)


def test_different_words_keep_different_skeletons():
    assert skeleton("politiet") != skeleton("skolen")
    assert skeleton("12 politikredse") != skeleton("15 politikredse")


def test_a_passage_covers_a_quote_copied_from_the_damaged_file():
    quote = "Der er SSP-lzerere pa skolerne i 78 procent af kommunerne."
    repaired = "Blandt andet: Der er SSP-lærere på skolerne i 78 procent af kommunerne. Og mere."
    assert covers(repaired, quote)


def test_eighty_percent_of_the_words_in_order_is_enough():
    quote = "en to tre fire fem seks syv otte ni ti"
    assert covers("en to tre fire fem seks syv otte", quote)  # 8 of 10
    assert not covers("en to tre fire fem seks syv", quote)  # 7 of 10
    assert not covers("ti ni otte syv seks fem fire tre to en", quote)  # all words, wrong order


def test_the_words_need_only_keep_their_order_not_their_neighbours():
    quote = "lokalbetjenten har kontor på skolen"
    far = " ".join(w + " " + " ".join(["x"] * 20) for w in quote.split())
    assert covers(far, quote)
    assert not covers(" ".join(reversed(far.split())), quote)


def test_a_passage_from_another_document_is_not_relevant():
    gold = (Gold("referat.txt", "Fraværende: Morten og Sanne."), Gold("strategi.md", None))
    text = "Punkt 1. Fraværende: Morten og Sanne."
    assert covered("mapper/referat.txt", text, gold) == frozenset({0})
    assert covered("andet.txt", text, gold) == frozenset()
    assert covered("strategi.md", "hvad som helst", gold) == frozenset({1})  # whole-document gold (BEIR)


def test_same_document_compares_bare_file_names():
    assert same_document("sub/dir/a.txt", "a.txt") and same_document("a.txt", "a.txt")
    assert not same_document("sub/ab.txt", "b.txt")


def test_a_quote_cut_out_of_a_longer_word_still_matches_at_its_edges():
    passage = "De specifikke indsatser er konfliktmægling (79 procent), åben rådgivning (75 procent) og brandkadetter."
    assert covers(passage, "meegling (79 procent), dben radgivning (75 procent) og")


def test_a_passage_is_judged_on_its_original_wording_too():
    gold = [Gold(doc="a.txt", quote="Det uformelle netveerk ger det let")]
    repaired = "Det uformelle netværk gør det let og enkelt"
    assert covered("a.txt", "noget helt andet om lokalgrupper", gold, original=repaired) == frozenset({0})
    assert covered("a.txt", "noget helt andet om lokalgrupper", gold) == frozenset()
