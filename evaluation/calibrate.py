"""Calibrating the /ask abstention thresholds on saved runs.

Each question in a run records its answer's two measures (search_api/abstention.py): the
confidence (the best sentence's similarity) and, for questions asking for a kind of answer,
the support. A pair of thresholds (t, s) declines a question when its confidence is below t
or its support below s. Candidate thresholds lie midway between neighbouring observed values
(so the chosen one keeps the widest margin on both sides); the chosen pair declines as many
unanswerable questions as possible (Youden's J: abstention on unanswerable minus false
abstention on answerable) while declining at most ``max_false`` of the answerable ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from evaluation.runs import Run


@dataclass(frozen=True)
class Measured:
    """One question's answer measures."""

    answerable: bool
    confidence: float
    support: float | None = None


@dataclass(frozen=True)
class Operating:
    """What a pair of thresholds does on the pooled questions."""

    threshold: float  # on confidence
    support: float  # on support (questions without one are not affected)
    abstention: float  # share of unanswerable questions declined
    false_abstention: float  # share of answerable questions declined

    @property
    def youden(self) -> float:
        """Abstention minus false abstention."""
        return self.abstention - self.false_abstention


def measured(runs: Sequence[Run]) -> list[Measured]:
    """The measures of every system question with a recorded answer."""
    out = []
    for run in runs:
        system = run.system("system")
        for q in system.queries if system else []:
            if q.answer is not None and q.answer.confidence is not None:
                out.append(Measured(q.n_gold > 0, q.answer.confidence, q.answer.support))
    return out


def candidates(values: Sequence[float]) -> list[float]:
    """0, the midpoints between neighbouring distinct values, and just above the largest."""
    distinct = sorted(set(values))
    mids = [round((a + b) / 2, 4) for a, b in zip(distinct, distinct[1:])]
    return [0.0, *mids, *([round(distinct[-1] + 0.0001, 4)] if distinct else [])]


def declines(item: Measured, threshold: float, support: float) -> bool:
    """True when the thresholds decline this question."""
    return item.confidence < threshold or (item.support is not None and item.support < support)


def operating_points(items: Sequence[Measured]) -> list[Operating]:
    """Every pair of candidate thresholds and its rates."""
    answerable = [m for m in items if m.answerable]
    unanswerable = [m for m in items if not m.answerable]
    supports = candidates([m.support for m in items if m.support is not None])
    points = []
    for t in candidates([m.confidence for m in items]):
        for s in supports or [0.0]:
            points.append(Operating(
                threshold=t, support=s,
                abstention=_share(unanswerable, t, s), false_abstention=_share(answerable, t, s)))
    return points


def _share(items: Sequence[Measured], threshold: float, support: float) -> float:
    return sum(declines(m, threshold, support) for m in items) / len(items) if items else 0.0


def choose_threshold(points: Sequence[Operating], *, max_false: float = 0.05) -> Operating:
    """The point with the best Youden's J among those within the false-abstention budget (the
    lowest support threshold, then the lowest similarity threshold, wins a tie)."""
    allowed = [p for p in points if p.false_abstention <= max_false] or [points[0]]
    return max(allowed, key=lambda p: (round(p.youden, 9), -p.support, -p.threshold))


def frontier(points: Sequence[Operating]) -> list[Operating]:
    """The points no other beats on both rates (one per pair of rates: the lowest thresholds)."""
    best: dict[tuple[float, float], Operating] = {}
    for p in sorted(points, key=lambda p: (p.support, p.threshold)):
        best.setdefault((p.abstention, p.false_abstention), p)
    return sorted((p for p in best.values()
                   if not any(q.abstention >= p.abstention and q.false_abstention <= p.false_abstention
                              and q != p and (q.abstention, q.false_abstention) != (p.abstention, p.false_abstention)
                              for q in best.values())),
                  key=lambda p: (p.false_abstention, p.abstention))
