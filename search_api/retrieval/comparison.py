"""Comparative answers: for a question asked across kommuner, one row per kommune (or the national
material) with the sentence from its own documents that answers it best, strongest evidence first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from indexer.metadata import NATIONAL
from search_api.retrieval.evidence import Evidence

# A kommune whose passage ranks higher gets a head start, smaller than an answer's
# (evidence.RANK_WEIGHT): a comparison should reach the kommuner further down the list too.
# Which of its sentences a kommune's row then quotes is chosen as an answer's is
# (``Evidence.score``): among one kommune's passages the ranking knows the relevant one better
# than a sentence vector does (docs/evaluation.md, experiment log).
RANK_WEIGHT = 0.05


@dataclass(frozen=True)
class Row:
    """One kommune's answer: the evidence it quotes."""

    kommune: str
    evidence: tuple[Evidence, ...]


def weight(evidence: Evidence) -> float:
    """How strongly a sentence answers for its kommune: its strength and its passage's rank."""
    return evidence.strength + RANK_WEIGHT / evidence.hit.rank


def kommune_of(evidence: Evidence) -> str:
    """The kommune a sentence speaks for: its document's, or national."""
    kommune = evidence.hit.kommune
    return kommune if kommune and kommune != NATIONAL else NATIONAL


def rows(evidence: Sequence[Evidence], *, limit: int, margin: float, floor: float) -> list[Row]:
    """The kommuner whose best sentence is within ``margin`` of the best of all and at least
    ``floor`` similar to the question, at most ``limit``, in order of evidence strength.
    Only sentences about what the question asks count: one that shares only its frame
    ("... så andre kommuner kan bruge dem som inspiration") answers nothing. Each row quotes
    its kommune's sentence above the floor with the best ``Evidence.score``."""
    answering = sorted((e for e in evidence if e.topical), key=weight, reverse=True)
    if not answering:
        return []
    best = weight(answering[0])
    groups: dict[str, list[Evidence]] = {}
    for item in answering:
        groups.setdefault(kommune_of(item), []).append(item)
    out = []
    for kommune, items in groups.items():  # insertion order: strongest first
        top = items[0]
        if weight(top) >= best - margin and top.similarity >= floor:
            quote = max((e for e in items if e.similarity >= floor), key=lambda e: e.score)
            out.append(Row(kommune, (quote,)))
        if len(out) == limit:
            break
    return out
