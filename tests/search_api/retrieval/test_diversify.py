"""Comparative questions: detected from the wording, answered from several documents."""

from __future__ import annotations

import pytest

from search_api.retrieval.diversify import cap_per_group, is_comparative, spread, without_frame


@pytest.mark.parametrize("query", [
    "Hvordan organiserer kommunerne deres lokalgrupper?",
    "Hvor ofte mødes SSP-udvalgene i de forskellige kommuner?",
    "Hvad gør andre kommuner med natteravne?",
    "Hvordan gør hver enkelt kommune?",
    "Erfaringer på tværs af landet",
    "Hvordan gør man med bekymringssamtaler?",  # the issue's own example of asking in words
    "Hvad gør man for at lære børn at begå sig på nettet?",
    "Hvem leder møderne i de lokale SSP-grupper rundt omkring?",
])
def test_questions_across_kommuner_are_comparative(query):
    assert is_comparative(query)


@pytest.mark.parametrize("query", [
    "Hvor mange SSP-konsulenter er ansat i Faxe Kommune?",
    "Hvem var fraværende ved mødet?",
    "kommunens lokalbetjent",
    "I hvor mange kommuner kan de unge prøve at være betjent?",
    "I hvor stor en andel af kommunerne er der SSP-lærere?",
    "Hvor mange procent af kommunerne holder bekymringssamtaler?",
])
def test_questions_about_one_place_are_not(query):
    assert not is_comparative(query)


@pytest.mark.parametrize("query", ["Hvad gør man i Faxe, når en ung er bekymrende?",
                                   "Hvem leder lokalgrupperne rundt omkring i Søhavn?"])
def test_how_one_does_it_in_a_named_kommune_asks_about_that_kommune(query):
    assert is_comparative(query)  # without knowing the names, the words ask across kommuner
    assert not is_comparative(query, names_kommune=True)


@pytest.mark.parametrize(("query", "topic"), [
    ("Hvad gør andre kommuner for at hjælpe udsatte unge til et fritidsjob?",
     "Hvad gør man for at hjælpe udsatte unge til et fritidsjob?"),
    ("Hvor ofte mødes SSP-udvalgene i de forskellige kommuner?", "Hvor ofte mødes SSP-udvalgene?"),
    ("Hvordan organiserer kommunerne deres lokalgrupper?", "Hvordan organiserer man sine lokalgrupper?"),
    ("Hvem leder møderne i de lokale SSP-grupper rundt omkring?", "Hvem leder møderne i de lokale SSP-grupper?"),
    ("Hvordan håndterer man knive i nattelivet andre steder?", "Hvordan håndterer man knive i nattelivet?"),
    ("Hvordan håndterer Kommunerne i Nordjylland uro?", "Hvordan håndterer man i Nordjylland uro?"),
])
def test_the_topic_of_a_comparative_question_is_the_question_without_its_frame(query, topic):
    assert without_frame(query) == topic


@pytest.mark.parametrize("query", ["Erfaringer på tværs af kommunerne", "Hvad med kommunerne?",
                                   "Hvor mange SSP-konsulenter er ansat i Faxe Kommune?"])
def test_a_query_that_is_mostly_frame_or_has_none_stays_as_it_is(query):
    assert without_frame(query) == query


def test_the_cap_fills_the_list_with_other_groups_first_and_keeps_order():
    items = [("a", 1), ("a", 2), ("b", 3), ("a", 4), ("c", 5), ("b", 6)]
    capped = cap_per_group(items, key=lambda i: i[0], per_group=1, limit=4)
    assert capped == [("a", 1), ("b", 3), ("c", 5), ("a", 2)]
    assert cap_per_group(items, key=lambda i: i[0], per_group=2, limit=10) == [
        ("a", 1), ("a", 2), ("b", 3), ("c", 5), ("b", 6), ("a", 4)]


def test_spread_lets_a_nearly_as_good_passage_of_another_group_pass_but_not_a_weak_one():
    items = [("a1", "a", 1.0), ("a2", "a", 0.95), ("b1", "b", 0.9), ("a3", "a", 0.85), ("c1", "c", 0.3)]
    order = spread(items, key=lambda i: i[1], score=lambda i: i[2], penalty=0.2, limit=5)
    assert [i[0] for i in order] == ["a1", "b1", "a2", "a3", "c1"]


def test_spread_without_penalty_keeps_the_ranking_and_stops_at_the_limit():
    items = [("a1", "a", 1.0), ("a2", "a", 0.95), ("b1", "b", 0.9)]
    assert [i[0] for i in spread(items, key=lambda i: i[1], score=lambda i: i[2], penalty=0.0, limit=2)] == ["a1", "a2"]


def _greedy(items, *, key, score, penalty, limit):
    """spread as its docstring defines it: each turn, the first item with the best penalised score."""
    left, counts, out = list(items), {}, []
    while left and len(out) < limit:
        best = max(range(len(left)), key=lambda i: score(left[i]) - penalty * counts.get(key(left[i]), 0))
        item = left.pop(best)
        counts[key(item)] = counts.get(key(item), 0) + 1
        out.append(item)
    return out


def test_spread_takes_the_same_items_as_the_greedy_rule_on_unsorted_input_with_ties():
    import random

    rng = random.Random(7)
    for _ in range(300):
        items = [(i, rng.choice("abcde"), rng.choice([0.1, 0.25, 0.5, 0.75, 1.0, rng.random()]))
                 for i in range(rng.randint(0, 40))]
        penalty, limit = rng.choice([0.0, 0.05, 0.25, 1.0]), rng.randint(1, 45)
        args = dict(key=lambda x: x[1], score=lambda x: x[2], penalty=penalty, limit=limit)
        assert spread(items, **args) == _greedy(items, **args)
