"""The experiment log ends where the shipped defaults are."""

from __future__ import annotations

from evaluation.experiments import ABLATIONS, FOUNDATION, KEPT, REJECTED, configurations, final_values
from indexer.settings import Settings


def test_the_last_kept_step_is_the_default_configuration():
    final = Settings(_env_file=None, **final_values())
    default = Settings(_env_file=None)
    for section in ("chunking", "search", "embedding"):
        assert getattr(final, section) == getattr(default, section), section


def test_the_foundation_is_what_issue_3_shipped():
    foundation = Settings(_env_file=None, **FOUNDATION)
    assert (foundation.chunking.target_words, foundation.chunking.min_words) == (160, 40)
    assert (foundation.search.fusion, foundation.search.ngrams, foundation.search.diversify) == ("rrf", False, "off")


def test_each_ablation_and_rejected_step_changes_the_final_configuration():
    final = final_values()
    rows = configurations()
    assert [kind for kind, _, _ in rows] == ["kept"] * len(KEPT) + ["ablation"] * len(ABLATIONS) + ["rejected"] * len(REJECTED)
    assert all(values != final for kind, _, values in rows if kind != "kept")
