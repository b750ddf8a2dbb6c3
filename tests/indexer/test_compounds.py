"""Danish compound splitting for the lexical signal: the parts of a passage's compounds count as
its words in BM25, so a question's "møder med forældrene" finds "forældremøder"."""

from __future__ import annotations

import pytest

from indexer.lexicon import Lexicon
from indexer.store import bm25


@pytest.mark.parametrize("word, parts", [
    ("lokalgrupperne", ("lokal", "grupperne")),
    ("forældremøder", ("forældre", "møder")),
    ("netværksgruppemøderne", ("netværks", "gruppe", "møderne")),
    ("koordinationsgruppen", ("koordinations", "gruppen")),
    ("Natteravnene", ("natte", "ravnene")),
])
def test_compounds_split_into_known_parts(lexicon, word, parts):
    assert lexicon.split(word) == parts


@pytest.mark.parametrize("word", ["kommune", "skolen", "xqzvbnmlkj", "Aabenraa"])
def test_plain_words_and_nonsense_do_not_split(lexicon, word):
    assert lexicon.split(word) == ()


def test_without_a_word_list_nothing_splits():
    assert Lexicon().split("forældremøder") == ()


def test_a_question_in_separate_words_matches_the_compound_of_the_passage(lexicon):
    query = set(bm25.query_vector("Hvornår er der møder for forældrene?").indices)
    passage = "Skolen holder forældremøder i 7. klasse hvert efterår."
    plain = set(bm25.document_vector(passage, compounds=False).indices)
    split = set(bm25.document_vector(passage).indices)
    assert not query & plain
    assert len(query & split) == 2  # "møder" and "forældrene", through the compound's parts


def test_compound_parts_only_add_words(lexicon):
    text = "Vi samles i SSP-lokalgrupperne og til netværksgruppemøderne."
    assert bm25.compound_parts(text) == ["lokal", "grupperne", "netværks", "gruppe", "møderne"]
    plain, split = bm25.document_vector(text, compounds=False), bm25.document_vector(text)
    assert set(plain.indices) < set(split.indices)
