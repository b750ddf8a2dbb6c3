"""Regression for the regular-expression class of defect 1: no step that reads document or
query text is super-linear in an unbroken run (one 100,000-character word stalled the server
for a minute). The timings are measured by scripts/adversarial_timing.py; here every
adversarial input must simply get through, with the right result."""

from __future__ import annotations

import pytest

from indexer.lexicon import load_lexicon
from indexer.pii import find_pii, mask_pii
from indexer.pipeline import prepare_document
from indexer.repair import repair_text
from indexer.text import MAX_TOKEN, normalize, split_sentences
from search_api.retrieval.answer_type import expected, passage_holds
from tests.conftest import make_settings

LONG = 100_000
# Runs that made one pattern or another retry from every character (e-mail local parts,
# sentence punctuation, digits before a unit, "\S+@", words before a line-end hyphen).
RUNS = {"word": "a", "digits": "1", "dots": ".", "dotted": "a.", "hyphens": "a-", "at-signs": "a@",
        "mail-ish": "a.b@c", "number-list": "1.", "capitals": "Aa "}


def run_of(unit: str, length: int = LONG) -> str:
    return unit * (length // len(unit)) + " x-"


@pytest.mark.parametrize("name", RUNS)
def test_personal_data_detection_gets_through_long_runs(name):
    text = f"Skriv til jens.hansen@faxe.dk. {run_of(RUNS[name])} Ring på tlf. 56 20 30 40."
    types = {m.type for m in find_pii(text)}
    assert {"email", "phone"} <= types
    masked = mask_pii(text)
    assert "jens.hansen@faxe.dk" not in masked and "56 20 30 40" not in masked


def test_an_email_address_inside_a_long_word_is_not_an_email():
    # The local part of an address has at most 64 characters (RFC 5321).
    assert find_pii("a" * LONG + "@faxe.dk") == []
    assert [m.type for m in find_pii("a" * 64 + "@faxe.dk")] == ["email"]


def test_sentence_splitting_reads_a_long_run_of_punctuation_once():
    text = "Første sætning" + "." * LONG + " Anden sætning."
    assert split_sentences(text) == ["Første sætning" + "." * LONG, "Anden sætning."]


def test_normalising_breaks_an_unbroken_run_into_bounded_tokens():
    words = normalize("start " + "x" * (3 * MAX_TOKEN + 5) + " slut").split()
    assert words[0] == "start" and words[-1] == "slut"
    assert max(len(w) for w in words) == MAX_TOKEN
    assert "".join(words[1:-1]) == "x" * (3 * MAX_TOKEN + 5)


def test_ocr_repair_leaves_long_and_letter_repeating_words_alone():
    lexicon = load_lexicon()
    if not lexicon.available:
        pytest.skip("no Danish word list installed")
    # "aaaa…" has a damage site at every letter: 25 letters took 10 s before the candidate bound.
    line = " ".join(["a" * n for n in (20, 40, 41, 300)] + ["undersggelse"])
    fixed, changed = repair_text(line, lexicon)
    assert fixed.endswith("undersøgelse") and changed == 1
    assert repair_text("kontakt jens@faxe.dk " + "a@" * LONG, lexicon)[1] == 0


@pytest.mark.parametrize("name", ["word", "digits", "dots", "capitals"])
def test_answer_types_are_found_next_to_long_runs(name):
    types = expected("hvor stor en andel af eleverne deltager?")
    assert passage_holds(types, f"{run_of(RUNS[name])} Omkring 62 procent af eleverne deltager.")
    assert not passage_holds(types, run_of(RUNS[name]))


@pytest.mark.parametrize(("name", "length"), [("word", LONG), ("dots", 20_000), ("at-signs", 20_000)])
def test_the_whole_pipeline_prepares_a_document_with_a_long_run(tmp_path, name, length):
    settings = make_settings(tmp_path)
    body = f"# Handleplan\n\n{run_of(RUNS[name], length)}\n\nKontakt SSP på ssp@faxe.dk.\n"
    doc = prepare_document("plan.md", body.encode(), doc_id="d1", content_hash="0" * 64, source="plan.md",
                           settings=settings)
    assert doc.chunks and "email" in doc.pii
    assert max(len(word) for c in doc.chunks for word in c.text.split()) <= MAX_TOKEN
