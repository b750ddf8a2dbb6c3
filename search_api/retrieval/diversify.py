"""Diversified results for comparative questions ("hvordan gør kommunerne ...?"): a cap on
passages per document, so the top of the list shows several documents and kommuner."""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

# Questions about how several kommuner do something: "kommunerne", "i de forskellige kommuner",
# "andre kommuner", "hver kommune", "på tværs af ...", "andre steder".
_COMPARATIVE = re.compile(
    r"\bkommuner(?:ne|nes)?\b|\bhver(?:\s+enkelt)?\s+kommune\b|\bandre\s+steder\b|\bpå\s+tværs\s+af\b",
    re.IGNORECASE,
)
# "Hvordan gør man …", "… rundt omkring" ask across kommuner only when the question names none:
# "Hvad gør man i Faxe, når …" asks about Faxe.
_GENERIC = re.compile(r"\b(?:hvordan|hvad)\s+gør\s+man\b|\brundt\s+omkring\b", re.IGNORECASE)


# "Hvor mange kommuner …", "andelen af kommunerne …" ask for a statistic, usually from one
# national survey, not for how several kommuner do something.
_STATISTIC = re.compile(r"\b(?:hvor\s+mange|andel(?:en)?\s+af|procent\s+af)\s+(?:de\s+)?kommuner", re.IGNORECASE)


# The words that only ask across kommuner. "andre kommuner" and "kommunerne" become "man", so the
# question stays a sentence ("Hvad gør man for at ..."); place phrases go.
_AS_MAN = re.compile(r"\b(?:andre\s+kommuner|kommunerne)\b", re.IGNORECASE)
_ACROSS_PLACES = re.compile(
    r"\s*\b(?:i\s+de\s+forskellige\s+kommuner|i\s+man|andre\s+steder|rundt\s+omkring|på\s+tværs\s+af\s+man)\b",
    re.IGNORECASE,
)


def without_frame(query: str) -> str:
    """The question without the words that ask across kommuner: "Hvor ofte mødes SSP-udvalgene i de
    forskellige kommuner?" -> "Hvor ofte mødes SSP-udvalgene?". Embedded for retrieval, so the
    question's vector is about its topic, not about kommuner in general."""
    topic = " ".join(_ACROSS_PLACES.sub("", _AS_MAN.sub("man", query)).split()).replace(" ?", "?")
    topic = re.sub(r"\bman\s+deres\b", "man sine", topic)
    # A query that is mostly frame ("erfaringer på tværs af kommunerne") keeps it: its topic alone is
    # too little to embed.
    return topic if sum(w.strip("?.!,").lower() != "man" for w in topic.split()) >= 3 else query


def asks_across(query: str, *, names_kommune: bool = False) -> bool:
    """True when the question says it asks across kommuner ("andre kommuner", "på tværs af"; and
    "hvordan gør man", "rundt omkring" when it names no kommune)."""
    return bool(_COMPARATIVE.search(query) or (not names_kommune and _GENERIC.search(query)))


def is_statistic(query: str) -> bool:
    """True when the question asks for a statistic about kommuner ("hvor mange kommuner")."""
    return bool(_STATISTIC.search(query))


def is_comparative(query: str, *, names_kommune: bool = False) -> bool:
    """True when the question asks across kommuner in words, rather than about one place or a statistic."""
    return asks_across(query, names_kommune=names_kommune) and not is_statistic(query)


def cap_per_group(items: Sequence[T], *, key: Callable[[T], str], per_group: int, limit: int) -> list[T]:
    """The first ``limit`` items in order, taking at most ``per_group`` from each group before
    any group gets more; the order within the capped and the overflow parts is kept."""
    counts: dict[str, int] = {}
    first: list[T] = []
    rest: list[T] = []
    for item in items:
        group = key(item)
        if counts.get(group, 0) < per_group:
            counts[group] = counts.get(group, 0) + 1
            first.append(item)
        else:
            rest.append(item)
    return (first + rest)[:limit]


def spread(items: Sequence[T], *, key: Callable[[T], str], score: Callable[[T], float], penalty: float,
           limit: int) -> list[T]:
    """The first ``limit`` items, greedily by score minus ``penalty`` for each item already taken
    from the same group: a kommune's second passage still comes before a clearly weaker
    passage of another kommune, but not before one nearly as good."""
    # Each turn takes the best of the groups' best items: within a group every item carries the same
    # penalty, so only its highest score (earliest on a tie) can win. Ties between groups go to the
    # earlier item, as a max over all items in order would.
    groups: dict[str, list[tuple[float, int, T]]] = {}
    for index, item in enumerate(items):
        groups.setdefault(key(item), []).append((-score(item), index, item))
    for queue in groups.values():
        heapq.heapify(queue)
    counts: dict[str, int] = {}
    out: list[T] = []
    while groups and len(out) < limit:
        group = min(groups, key=lambda g: (groups[g][0][0] + penalty * counts.get(g, 0), groups[g][0][1]))
        out.append(heapq.heappop(groups[group])[2])
        counts[group] = counts.get(group, 0) + 1
        if not groups[group]:
            del groups[group]
    return out
