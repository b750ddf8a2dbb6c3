"""Comparative questions: detected from the wording, answered from several documents."""

from __future__ import annotations

import pytest

from search_api.retrieval.diversify import cap_per_group, is_comparative


@pytest.mark.parametrize("query", [
    "Hvordan organiserer kommunerne deres lokalgrupper?",
    "Hvor ofte mødes SSP-udvalgene i de forskellige kommuner?",
    "Hvad gør andre kommuner med natteravne?",
    "Hvordan gør hver enkelt kommune?",
    "Erfaringer på tværs af landet",
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


def test_the_cap_fills_the_list_with_other_groups_first_and_keeps_order():
    items = [("a", 1), ("a", 2), ("b", 3), ("a", 4), ("c", 5), ("b", 6)]
    capped = cap_per_group(items, key=lambda i: i[0], per_group=1, limit=4)
    assert capped == [("a", 1), ("b", 3), ("c", 5), ("a", 2)]
    assert cap_per_group(items, key=lambda i: i[0], per_group=2, limit=10) == [
        ("a", 1), ("a", 2), ("b", 3), ("c", 5), ("b", 6), ("a", 4)]
