"""`vidensbank eval` in a subprocess: a run with baselines, saved as JSON, and a comparison."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from evaluation.devsets import SHARED
from tests.support.corpus import write_corpus
from vidensbank.commands.eval import _jobs

QUESTION = {"id": "q1", "query": "Hvornår går natteravnene i Faxe Ladeplads?", "type": "factual",
            "relevant": [{"doc": "faxe-lokalgrupper.md", "quote": "Natteravnene går i Faxe Ladeplads hver fredag"}]}


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIDENSBANK_")}
    env.update(VIDENSBANK_EMBEDDING__BACKEND="hashing", XDG_CACHE_HOME=str(cwd / "cache"), COLUMNS="160")
    return subprocess.run([sys.executable, "-m", "vidensbank", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=300)


def test_eval_prints_the_system_against_the_baselines_and_saves_the_run(tmp_path):
    queries = tmp_path / "queries.jsonl"
    queries.write_text(json.dumps(QUESTION, ensure_ascii=False) + "\n", encoding="utf-8")
    args = ("eval", "--corpus", str(write_corpus(tmp_path / "docs")), "--queries", str(queries), "--out", "runs")
    table = run(tmp_path, *args)
    assert table.returncode == 0, table.stderr
    assert "nDCG@10" in table.stdout and "BM25 (windows)" in table.stdout and "RRF (windows)" in table.stdout
    assert "vs best baseline" in table.stdout and (tmp_path / "cache" / "vidensbank" / "embeddings.sqlite").exists()
    as_json = run(tmp_path, *args, "--json", "--no-baselines")
    [result] = json.loads(as_json.stdout)
    assert [s["name"] for s in result["systems"]] == ["system"]
    saved = sorted((tmp_path / "runs").glob("eval-*.json"))
    assert len(saved) == 2
    compared = run(tmp_path, "eval", "--compare", str(saved[0]), str(saved[1]))
    assert compared.returncode == 0 and "ndcg@10" in compared.stdout and "B - A" in compared.stdout


def test_eval_without_a_corpus_is_one_clear_line(tmp_path):
    queries = tmp_path / "queries.jsonl"
    queries.write_text(json.dumps(QUESTION) + "\n")
    result = run(tmp_path, "eval", "--queries", str(queries))
    assert result.returncode == 1 and "--corpus" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="the shared dev material is not next to this checkout")
def test_pooled_dev_sets_ask_every_set_over_all_the_dev_corpora(tmp_path):
    separate = _jobs([], None, True, tmp_path)
    pooled = _jobs([], None, True, tmp_path, pooled=True)
    every = list(dict.fromkeys(folder for _, _, folders in separate for folder in folders))
    assert len(every) > max(len(folders) for _, _, folders in separate)
    assert [name for name, _, _ in pooled] == [f"{name}-pooled" for name, _, _ in separate]
    assert [queries for _, queries, _ in pooled] == [queries for _, queries, _ in separate]
    assert all(folders == every for _, _, folders in pooled)


def test_pooled_without_dev_is_one_clear_line(tmp_path):
    result = run(tmp_path, "eval", "--pooled")
    assert result.returncode == 1 and "--pooled" in result.stderr and "Traceback" not in result.stderr
