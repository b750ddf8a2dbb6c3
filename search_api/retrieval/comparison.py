"""Comparative answers: for a question asked across kommuner, one row per kommune (or the national
material) with the sentence from its own documents that answers it best, strongest evidence first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from search_api.retrieval.evidence import Evidence

NATIONAL = "national"


@dataclass(frozen=True)
class Row:
    """One kommune's answer: its evidence, best first."""

    kommune: str
    evidence: tuple[Evidence, ...]

    @property
    def score(self) -> float:
        """The strength of the row's best sentence."""
        return self.evidence[0].score


def kommune_of(evidence: Evidence) -> str:
    """The kommune a sentence speaks for: its document's, or national."""
    kommune = evidence.hit.kommune
    return kommune if kommune and kommune != NATIONAL else NATIONAL


def rows(evidence: Sequence[Evidence], *, limit: int, margin: float, floor: float) -> list[Row]:
    """The kommuner whose best sentence is within ``margin`` of the best of all and at least
    ``floor`` similar to the question, at most ``limit``, in order of evidence strength.
    Only sentences about what the question asks count: one that shares only its frame
    ("... så andre kommuner kan bruge dem som inspiration") answers nothing. ``evidence`` is
    sorted best first."""
    answering = [e for e in evidence if e.topical]
    if not answering:
        return []
    best = answering[0].score
    groups: dict[str, list[Evidence]] = {}
    for item in answering:
        groups.setdefault(kommune_of(item), []).append(item)
    out = []
    for kommune, items in groups.items():  # insertion order: strongest first
        top = items[0]
        if top.score >= best - margin and top.similarity >= floor:
            out.append(Row(kommune, (top,)))
        if len(out) == limit:
            break
    return out
