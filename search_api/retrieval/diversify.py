"""Diversified results for comparative questions ("hvordan gør kommunerne ...?"): a cap on
passages per document, so the top of the list shows several documents and kommuner."""

from __future__ import annotations

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
    # Keys and scores once per item, not once per item and turn (limit x items calls).
    left = [(item, key(item), score(item)) for item in items]
    counts: dict[str, int] = {}
    out: list[T] = []
    while left and len(out) < limit:
        best = max(range(len(left)), key=lambda i: left[i][2] - penalty * counts.get(left[i][1], 0))
        item, group, _ = left.pop(best)
        counts[group] = counts.get(group, 0) + 1
        out.append(item)
    return out
