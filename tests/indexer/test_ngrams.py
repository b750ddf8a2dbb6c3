"""OCR-folded character n-grams: damaged and clean spellings, and compounds, share grams."""

from __future__ import annotations

import pytest

from indexer import ngrams


@pytest.mark.parametrize("damaged, clean", [
    ("bern", "børn"), ("kriminalpraeventive", "kriminalpræventive"), ("omradet", "området"),
    ("Undersagelse", "undersøgelse"),
])
def test_ocr_spellings_fold_to_the_same_word(damaged, clean):
    assert ngrams.fold_word(damaged) == ngrams.fold_word(clean)


def test_line_break_hyphens_are_joined_and_stopwords_dropped():
    assert ngrams.words("Det er sam-\narbejdet og skolen") == ["samarbejdet", "skolen"]


def test_a_compound_shares_most_grams_with_its_head_word():
    compound, head = set(ngrams.grams("natteravnehold")), set(ngrams.grams("natteravne"))
    assert len(compound & head) / len(head) > 0.7
    assert ngrams.grams("SSP") == ["_ssp", "ssp_"]


def test_document_weights_saturate_with_repetition_and_queries_have_unit_weights():
    once, thrice = ngrams.document_vector("natteravne"), ngrams.document_vector("natteravne natteravne natteravne")
    assert once.indices == thrice.indices
    assert all(1 < b / a < 3 for a, b in zip(once.values, thrice.values))
    query = ngrams.query_vector("natteravne natteravne")
    assert set(query.values) == {1.0} and query.indices == tuple(sorted(query.indices))
    assert ngrams.query_vector("og i det").indices == ()


def test_gram_set_holds_each_distinct_gram_once_and_repeated_words_give_the_same_grams():
    # "børn" folds to "barn": _bar, barn, arn_; "SSP" is short enough to be one gram per edge.
    assert ngrams.gram_set("SSP børn SSP") == {"_ssp", "ssp_", "_bar", "barn", "arn_"}
    assert ngrams.grams("børn børn") == ["_bar", "barn", "arn_"] * 2
