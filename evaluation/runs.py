"""Saved evaluation runs (JSON): one file per run, with date, git sha, settings, dataset and
per-query results of the system and each baseline, and the comparison of two runs."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pydantic import BaseModel, Field

# Summary metrics in display order: key -> column label.
METRICS = {
    "ndcg@10": "nDCG@10", "recall@10": "R@10", "mrr@10": "MRR@10", "hit@5": "hit@5",
    "comparative_docs@10": "docs@10",
}
ANSWER_METRICS = {
    "abstention_unanswerable": "abstain", "false_abstention": "false abst.",
    "citation_precision": "cit. prec.", "comparison_coverage": "comp. cov.", "page_accuracy": "page acc.",
}
# Per question type, in display order.
TYPE_METRICS = {"ndcg@10": "nDCG@10", "recall@10": "R@10", "citation_precision": "cit. prec.",
                "comparison_coverage": "comp. cov."}


class PassageResult(BaseModel):
    """One returned passage as judged."""

    source: str
    score: float
    covers: list[int] = Field(description="Indices of the gold items this passage covers.")
    chunk_id: str | None = None
    page_ok: bool | None = Field(default=None, description="PDF citations: the cited page holds the quote.")


class AnswerResult(BaseModel):
    """What /ask did with the question."""

    answered: bool
    confidence: float | None = None
    support: float | None = None
    citations: list[PassageResult] = Field(default_factory=list)
    comparison: list[str] = Field(default_factory=list, description="Documents the comparison rows cite.")


class QueryResult(BaseModel):
    """A question, its ranking and its per-query metrics."""

    id: str
    type: str
    query: str
    n_gold: int
    ranking: list[PassageResult]
    metrics: dict[str, float] = Field(default_factory=dict)
    answer: AnswerResult | None = None


class SystemResult(BaseModel):
    """One retriever (the system or a baseline) on the whole question set."""

    name: str
    summary: dict[str, float | None]
    by_type: dict[str, float] = Field(default_factory=dict, description="nDCG@10 per question type.")
    type_metrics: dict[str, dict[str, float | None]] = Field(
        default_factory=dict, description="Question type -> TYPE_METRICS (answerable questions).")
    queries: list[QueryResult]


class Run(BaseModel):
    """One evaluation run."""

    date: str
    git_sha: str | None
    dataset: str
    queries_path: str
    corpus: list[str]
    model: str
    store: str
    settings: dict
    seconds: dict[str, float] = Field(default_factory=dict)
    systems: list[SystemResult]

    def system(self, name: str) -> SystemResult | None:
        """The result of the named retriever, if it was measured."""
        return next((s for s in self.systems if s.name == name), None)


_SECRETS = {"store": {"api_key"}, "generation": {"api_key"}}


def settings_record(settings: BaseModel) -> dict:
    """The settings of a run as JSON, without API keys."""
    return settings.model_dump(mode="json", exclude=_SECRETS)


def git_sha() -> str | None:
    """Short commit of the checkout, with '+dirty' when it has uncommitted changes."""
    here = Path(__file__).parent
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                             check=True, cwd=here).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                               text=True, check=True, cwd=here).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return sha + ("+dirty" if dirty else "")


def save(run: Run, out_dir: Path) -> Path:
    """Write the run as ``eval-<dataset>-<date>-<sha>.json`` in ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = run.date.replace(":", "").replace("-", "")[:15]
    path = out_dir / f"eval-{run.dataset}-{stamp}-{(run.git_sha or 'nogit').replace('+', '-')}.json"
    path.write_text(run.model_dump_json(indent=1), encoding="utf-8")
    return path


def load(path: Path) -> Run:
    """Read a saved run."""
    return Run.model_validate_json(Path(path).read_text(encoding="utf-8"))


def compare(a: Run, b: Run) -> list[tuple[str, str, float | None, float | None]]:
    """(retriever, metric, value in a, value in b) for every retriever and metric both runs have."""
    rows = []
    for system in a.systems:
        other = b.system(system.name)
        if other is None:
            continue
        for key in {**METRICS, **ANSWER_METRICS}:
            if key in system.summary or key in other.summary:
                rows.append((system.name, key, system.summary.get(key), other.summary.get(key)))
    return rows


def changed_queries(a: Run, b: Run, *, system: str = "system", metric: str = "ndcg@10",
                    min_delta: float = 0.01) -> list[tuple[str, str, float, float]]:
    """Questions whose ``metric`` moved between the runs: (id, query, a, b), largest change first."""
    left, right = a.system(system), b.system(system)
    if left is None or right is None:
        return []
    before = {q.id: q for q in left.queries}
    rows = []
    for q in right.queries:
        if q.id in before and metric in q.metrics:
            old, new = before[q.id].metrics.get(metric, 0.0), q.metrics[metric]
            if abs(new - old) >= min_delta:
                rows.append((q.id, q.query, old, new))
    return sorted(rows, key=lambda r: -abs(r[3] - r[2]))
