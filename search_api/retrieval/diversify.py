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


def is_comparative(query: str) -> bool:
    """True when the question asks across kommuner rather than about one place or a statistic."""
    return bool(_COMPARATIVE.search(query)) and not _STATISTIC.search(query)


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
