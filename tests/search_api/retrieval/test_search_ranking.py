"""Ranking behaviour of search(): diversified comparative questions, OCR-tolerant matching."""

from __future__ import annotations

import numpy as np
import pytest

from corpus.ingest import index_paths
from corpus.services import Services
from search_api.retrieval.question import Question
from search_api.retrieval.search import lexical_text, search
from tests.conftest import make_settings

ABY = """# SSP i Aby Kommune

## Lokalgrupper

Lokalgrupperne i Aby mødes hver måned på skolerne og ledes af skolelederen. Her drøfter lærere,
pædagoger og SSP-konsulenten bekymringer om børn og unge i distriktet.

## Lokalgrupper og klubber

Lokalgrupperne i Aby samarbejder med klubberne om unge i lokalområdet. Klubberne deltager i hvert
andet møde og fortæller om stemningen blandt de unge om aftenen.

## Lokalgrupper og politi

Lokalgrupperne i Aby har altid en lokalbetjent med til møderne. Lokalbetjenten orienterer om
hærværk, indbrud og uro i bymidten og på stationen i weekenderne.
"""
BYBY = """# SSP i Byby Kommune

## Netværksgrupper

Byby har netværksgrupper i stedet for lokalgrupper; de mødes fire gange om året i hvert
boligområde med skole, klub, boligsocial medarbejder og politi.
"""
OCR = """Undersggelsen viser, at bern og unge i kommunerne far hjeelp af SSP-konsulenten."""


@pytest.fixture
def services(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "aby.md").write_text(ABY, encoding="utf-8")
    (docs / "byby.md").write_text(BYBY, encoding="utf-8")
    (docs / "vive-ocr.txt").write_text(OCR, encoding="utf-8")
    settings = make_settings(tmp_path, chunking={"target_words": 20, "max_words": 30, "min_words": 0})
    with Services.open(settings) as opened:
        assert index_paths(opened, [docs]).ok
        yield opened


def test_a_comparative_question_shows_several_documents_first_with_the_hard_cap(services):
    services.settings = services.settings.model_copy(update={
        "search": services.settings.search.model_copy(update={"spread_penalty": None})})
    hits = search(services, "Hvordan organiserer kommunerne deres lokalgrupper?", top_k=3)
    assert len({h.source for h in hits[:2]}) == 2
    assert len(hits) == 3


def test_a_question_about_one_kommune_may_stay_in_one_document(services):
    hits = search(services, "Hvordan arbejder lokalgrupperne i Aby?", top_k=3)
    assert [h.source for h in hits] == ["aby.md"] * 3


def test_diversification_can_be_switched_off(tmp_path, services):
    services.settings = services.settings.model_copy(update={
        "search": services.settings.search.model_copy(update={"diversify": "off"})})
    hits = search(services, "Hvordan organiserer kommunerne deres lokalgrupper?", top_k=3)
    assert [h.source for h in hits] == ["aby.md"] * 3


def test_a_correctly_spelled_question_finds_the_ocr_damaged_text_by_ngrams(tmp_path):
    # OCR repair would fix this text at ingest; without it, the folded n-grams must still match.
    settings = make_settings(tmp_path / "norepair", ingest={"repair": False},
                             chunking={"target_words": 20, "max_words": 30, "min_words": 0})
    folder = tmp_path / "ocr"
    folder.mkdir()
    for name, text in (("aby.md", ABY), ("byby.md", BYBY), ("vive-ocr.txt", OCR)):
        (folder / name).write_text(text, encoding="utf-8")
    with Services.open(settings) as services:
        assert index_paths(services, [folder]).ok
        _check_ngrams_find_damaged_text(services)


def _check_ngrams_find_damaged_text(services):
    query = "undersøgelsen af hjælpen til børnene"
    hits = search(services, query, top_k=5)
    assert hits[0].source == "vive-ocr.txt"
    services.settings = services.settings.model_copy(update={
        "search": services.settings.search.model_copy(update={"ngrams": False})})
    assert search(services, query, top_k=1)[0].source != "vive-ocr.txt"



CEE = """# SSP i Cee Kommune

## Lokalgrupper i Cee

Lokalgrupperne i Cee samler skole, klub og politi om trivsel blandt børn og unge, og
lokalgrupperne er kernen i SSP i Cee.

## Distrikter

Cee Kommune har syv lokalgrupper, én for hvert skoledistrikt.
"""


def test_a_count_question_ranks_the_passage_with_the_count_first(tmp_path):
    folder = tmp_path / "cee"
    folder.mkdir()
    (folder / "cee.md").write_text(CEE, encoding="utf-8")
    settings = make_settings(tmp_path, chunking={"target_words": 20, "max_words": 40, "min_words": 0},
                             search={"answer_type_weight": 0.0})
    query = "Hvor mange lokalgrupper har Cee?"
    with Services.open(settings) as services:
        assert index_paths(services, [folder]).ok
        assert "syv" not in search(services, query, top_k=2)[0].text  # the words alone prefer the other passage
        services.settings = services.settings.model_copy(update={
            "search": services.settings.search.model_copy(update={"answer_type_weight": 0.5})})
        assert "syv lokalgrupper" in search(services, query, top_k=2)[0].text


@pytest.mark.parametrize(("question", "comparative", "lexical"), [
    ("Hvordan gør andre kommuner med sidste skoledag?", True, "kommuner med sidste skoledag?"),
    ("Hvordan griber man bekymringssamtaler an andre steder?", True, "griber bekymringssamtaler an"),
    ("Hvordan gør Aby med sidste skoledag?", False, "Hvordan gør Aby med sidste skoledag?"),
    ("Hvordan gør andre?", True, "Hvordan gør andre?"),  # nothing left: the question as asked
])
def test_a_comparative_question_matches_words_by_what_it_asks_about(question, comparative, lexical):
    assert lexical_text(Question(question, np.zeros(4), comparative=comparative)) == lexical
