"""The revision bench end to end (the hashing model, the committed HEAD as the baseline): both
checkouts index the same corpus, serve it in turn and are timed over HTTP; the table and the
JSON hold both, with the p50 ratio."""

from __future__ import annotations

import json
import subprocess

import pytest

from evaluation import revision_bench
from evaluation.devsets import REPO
from tests.support.corpus import write_corpus


def _in_git_checkout() -> bool:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True).returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(not _in_git_checkout(), reason="needs the git history of this checkout")
def test_both_revisions_are_timed_over_http_and_the_ratio_is_saved(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("VIDENSBANK_EMBEDDING__BACKEND", "hashing")
    queries = tmp_path / "queries.jsonl"
    queries.write_text("\n".join(json.dumps({"query": q}) for q in (
        "Hvornår går natteravnene i Faxe Ladeplads?", "Hvem deltager i lokalgrupperne?")), encoding="utf-8")
    corpus = write_corpus(tmp_path / "docs")
    code = revision_bench.main(["--baseline", "HEAD", "--corpus", str(corpus), "--queries", str(queries),
                                "--rounds", "1", "--out", str(tmp_path / "results")])
    assert code == 0
    printed = capsys.readouterr().out
    assert "p50 checkout / HEAD /v1/search" in printed
    [saved] = (tmp_path / "results").glob("revisions-*.json")
    result = json.loads(saved.read_text(encoding="utf-8"))
    assert set(result["revisions"]) == {"HEAD", "checkout"} and result["embedding_backend"] == "hashing"
    for routes in result["revisions"].values():
        for route in ("/v1/search", "/v1/ask"):
            assert routes[route]["n"] == 2 and 0 < routes[route]["p50_ms"] <= routes[route]["p95_ms"]
    assert set(result["p50_ratio"]) == {"/v1/search", "/v1/ask"} and all(r > 0 for r in result["p50_ratio"].values())
    # The worktree of the baseline is gone again.
    listed = subprocess.run(["git", "worktree", "list"], cwd=REPO, capture_output=True, text=True).stdout
    assert "vidensbank-rev-" not in listed
