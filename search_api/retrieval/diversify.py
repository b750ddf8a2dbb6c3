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


# "Hvor mange kommuner …", "andelen af kommunerne …" ask for a statistic, usually from one
# national survey, not for how several kommuner do something.
_STATISTIC = re.compile(r"\b(?:hvor\s+mange|andel(?:en)?\s+af|procent\s+af)\s+(?:de\s+)?kommuner", re.IGNORECASE)


def asks_across(query: str) -> bool:
    """True when the question says it asks across kommuner ("andre kommuner", "på tværs af")."""
    return bool(_COMPARATIVE.search(query))


def is_statistic(query: str) -> bool:
    """True when the question asks for a statistic about kommuner ("hvor mange kommuner")."""
    return bool(_STATISTIC.search(query))


def is_comparative(query: str) -> bool:
    """True when the question asks across kommuner in words, rather than about one place or a statistic."""
    return asks_across(query) and not is_statistic(query)


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
