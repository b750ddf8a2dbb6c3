"""The two development sets, located relative to this checkout."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from indexer.errors import ConfigurationError

REPO = Path(__file__).resolve().parent.parent


def find_shared(repo: Path = REPO) -> Path:
    """``<repo>/../shared``, or one level further up for a git worktree under a common folder."""
    candidates = [repo.parent / "shared", repo.parent.parent / "shared"]
    return next((c for c in candidates if (c / "seeds").is_dir()), candidates[0])


SHARED = find_shared()


@dataclass(frozen=True)
class DevSet:
    """A question file and the corpus folders it is asked over."""

    name: str
    queries: Path
    corpus: tuple[Path, ...]


def dev_sets(shared: Path = SHARED) -> list[DevSet]:
    """The seed set (../shared/eval/dev over ../shared/seeds), samples-dev (samples + seeds) and,
    when it is there, hard-dev (../shared/eval/hard-dev over its own corpus of 14 fictional kommuner)."""
    seeds = shared / "seeds"
    if not seeds.is_dir():
        raise ConfigurationError(f"The shared dev material is not next to this checkout ({shared}).")
    sets = [
        DevSet("seeds-dev", shared / "eval" / "dev" / "queries.jsonl", (seeds,)),
        DevSet("samples-dev", REPO / "evaluation" / "datasets" / "samples-dev" / "queries.jsonl", (REPO / "corpus" / "samples", seeds)),
    ]
    hard = shared / "eval" / "hard-dev"
    if (hard / "queries.jsonl").is_file() and (hard / "corpus").is_dir():
        sets.append(DevSet("hard-dev", hard / "queries.jsonl", (hard / "corpus",)))
    return sets
