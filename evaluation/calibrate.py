"""Calibrating the /ask abstention threshold on saved runs.

Each answered or declined question in a run records the answer's confidence (the best
sentence's similarity). A threshold t declines every question with confidence below t; the
chosen t declines as many unanswerable questions as possible (Youden's J: abstention on
unanswerable minus false abstention on answerable) while declining at most ``max_false``
of the answerable ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from evaluation.runs import Run


@dataclass(frozen=True)
class Operating:
    """What a threshold does on the pooled questions."""

    threshold: float
    abstention: float  # share of unanswerable questions declined
    false_abstention: float  # share of answerable questions declined

    @property
    def youden(self) -> float:
        """Abstention minus false abstention."""
        return self.abstention - self.false_abstention


def confidences(runs: Sequence[Run]) -> list[tuple[bool, float]]:
    """(answerable, confidence) of every system question with a recorded answer."""
    out = []
    for run in runs:
        system = run.system("system")
        for q in system.queries if system else []:
            if q.answer is not None and q.answer.confidence is not None:
                out.append((q.n_gold > 0, q.answer.confidence))
    return out


def operating_points(pairs: Sequence[tuple[bool, float]]) -> list[Operating]:
    """Every distinct threshold (the confidences themselves, and 0) and its rates."""
    answerable = [c for a, c in pairs if a]
    unanswerable = [c for a, c in pairs if not a]
    points = []
    for t in sorted({0.0, *(c for _, c in pairs)}):
        points.append(Operating(
            threshold=t,
            abstention=sum(c < t for c in unanswerable) / len(unanswerable) if unanswerable else 0.0,
            false_abstention=sum(c < t for c in answerable) / len(answerable) if answerable else 0.0,
        ))
    return points


def choose_threshold(points: Sequence[Operating], *, max_false: float = 0.05) -> Operating:
    """The point with the best Youden's J among those within the false-abstention budget
    (the lowest threshold wins a tie)."""
    allowed = [p for p in points if p.false_abstention <= max_false] or [points[0]]
    return max(allowed, key=lambda p: (round(p.youden, 9), -p.threshold))
