"""`vidensbank bench` end to end at 10k passages, the CI smoke run (the hashing model; the large runs are in
docs/performance.md): the JSON holds every figure of the issue's table, and they are sane."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from evaluation.scale_bench import _peer
from evaluation.scale_report import goals
from tests.conftest import SAMPLES, make_settings
from vidensbank.cli import app

SIZE = 10_000


@pytest.mark.slow
def test_bench_writes_every_figure_of_the_scale_table(tmp_path, monkeypatch):
    monkeypatch.setenv("VIDENSBANK_EMBEDDING__BACKEND", "hashing")
    queries = tmp_path / "queries.jsonl"
    queries.write_text("\n".join(json.dumps({"query": q}) for q in (
        "Hvordan er lokalgrupperne organiseret?", "Hvem deltager i SSP-udvalget?", "natteravne om fredagen",
        "forældremøder om alkohol", "Hvad koster indsatsen?")), encoding="utf-8")
    result = CliRunner().invoke(app, ["--data-dir", str(tmp_path / "unused"), "bench", "--size", str(SIZE),
                                      "--corpus", str(SAMPLES), "--queries", str(queries), "--peer-max", str(SIZE),
                                      "--no-indexing", "--requests-per-client", "1", "--latency-requests", "5",
                                      "--out", str(tmp_path / "results"), "--json"])
    assert result.exit_code == 0, result.output
    saved = json.loads(next((tmp_path / "results").glob("bench-*.json")).read_text(encoding="utf-8"))
    size = saved["sizes"][str(SIZE)]
    assert saved["base_passages"] > 10 and saved["model_rate"]["pool_qps"] > 0
    assert size["build"]["peak_rss_mb"] > 0 and size["build"]["build_s"] > 0 and size["disk_mb"] > 0
    assert 0.9 <= size["store"]["hnsw_recall_at_10"] <= 1.0
    assert size["store"]["kommune_filter_plan"] == "exact" and 0 < size["store"]["kommune_share"] < 0.05
    server = size["server"]
    for name in ("search", "search_kommune_filter", "ask", "ask_kommune_filter"):
        assert server[name]["n"] == 5 and 0 < server[name]["p50_ms"] <= server[name]["p95_ms"]
        assert server[name]["embed_ms_per_request"] > 0 and server[name]["store_ms_per_request"] > 0
    for clients in (1, 8, 32):
        run = server[f"search_throughput_{clients}"]
        assert run["errors"] == 0 and run["requests"] == clients and run["qps"] > 0
    assert server["ask_throughput_32"]["errors"] == 0
    assert server["ready_s"] > 0 and server["memory_after_load"]["rss_mb"] > 50
    peer = size["peer"]
    assert peer["open_s"] >= 0 and peer["store"]["hybrid"]["p50_ms"] > 0
    measures = [row["measure"] for row in saved["goals"]]
    assert len(measures) == 13 and all(row["value"] for row in saved["goals"])
    assert measures[-1] == "store search p50 at 10k, dense / hybrid"

    # A larger size whose peer could not be measured: the table says so, and still compares
    # with the peer at the largest size where it ran.
    saved["sizes"]["20000"] = {**size, "peer": {"failed": "the peer's process was killed"}}
    rows = {row["measure"]: row for row in goals(saved)}
    assert rows["naive peer at 20k"]["value"] == "not measurable: the peer's process was killed"
    assert rows["store search p50 at 10k, dense / hybrid"]["peer"].endswith("×)")
    assert rows["server RSS after warm-up at 20k"]["peer"] == ""


def test_a_peer_that_fails_is_reported_instead_of_raised(tmp_path):
    said = []
    job = {"name": "ours", "base": str(tmp_path / "missing.pickle"), "count": 10, "path": str(tmp_path / "store")}
    peer = _peer(job, tmp_path, said.append)
    assert peer == {"failed": "the peer's process failed (exit 1)"} and said == ["  " + peer["failed"]]
