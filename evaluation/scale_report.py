"""The issue's table from one bench run: each measure against its goal, beside the naive peer."""

from __future__ import annotations

GIB = 1024  # MiB


def _largest(result: dict) -> tuple[str, dict]:
    size = max(result["sizes"], key=int)
    return size, result["sizes"][size]


def _row(measure: str, value: str, goal: str, met: bool | None, peer: str = "") -> dict:
    return {"measure": measure, "value": value, "goal": goal, "met": met, "peer": peer}


def project_rss(result: dict, target: int = 300_000) -> float | None:
    """Server RSS at ``target`` passages, by a line through the two largest sizes (None with one)."""
    sizes = sorted(result["sizes"], key=int)
    if len(sizes) < 2:
        return None
    (a, b) = sizes[-2:]
    ra = result["sizes"][a]["server"]["memory_after_load"]["rss_mb"]
    rb = result["sizes"][b]["server"]["memory_after_load"]["rss_mb"]
    slope = (rb - ra) / (int(b) - int(a))
    return round(rb + slope * (target - int(b)), 1)


def _latency_rows(s: dict) -> list[dict]:
    search, ask = s["server"]["search"], s["server"]["ask"]
    rest = search["mean_ms"] - search["embed_ms_per_request"] - search["store_ms_per_request"]
    return [
        _row("/v1/search, one client: p50 / p95",
             f"{search['p50_ms']} / {search['p95_ms']} ms (embedding {search['embed_ms_per_request']}, store "
             f"{search['store_ms_per_request']}, rest {rest:.1f} ms, means)",
             "≤ 25 / ≤ 50 ms", search["p50_ms"] <= 25 and search["p95_ms"] <= 50),
        _row("/v1/search with a kommune filter: p50 / p95",
             f"{s['server']['search_kommune_filter']['p50_ms']} / {s['server']['search_kommune_filter']['p95_ms']} ms",
             "—", None),
        _row("/v1/ask, one client: p50 / p95", f"{ask['p50_ms']} / {ask['p95_ms']} ms", "≤ 40 / ≤ 80 ms",
             ask["p50_ms"] <= 40 and ask["p95_ms"] <= 80),
    ]


def _throughput_rows(s: dict, model: dict) -> list[dict]:
    # The higher of the two: a pool that batches slower than single calls must not flatter the ratio.
    rate = max(model["pool_qps"], model["one_thread_qps"])
    t8, t32, a32 = (s["server"][k] for k in ("search_throughput_8", "search_throughput_32", "ask_throughput_32"))
    return [
        _row("/v1/search throughput, 8 and 32 clients",
             f"{t8['qps']} and {t32['qps']} q/s ({t8['qps'] / rate:.0%} / {t32['qps'] / rate:.0%} of the model's best rate), "
             f"{t8['errors'] + t32['errors']} errors, p95 {t32['p95_ms']} ms at 32, mean batch {t32['mean_batch']}",
             "≥ 80 % of the model's rate", min(t8["qps"], t32["qps"]) >= 0.8 * rate),
        _row("the model's own rate (embed_query)",
             f"{model['one_thread_qps']} q/s on one thread, {model['pool_qps']} through the pool "
             f"({model['threads']} copies)", "—", None),
        _row("/v1/ask throughput, 32 clients", f"{a32['qps']} q/s ({a32['qps'] / rate:.0%}), p95 {a32['p95_ms']} ms",
             "≥ 60 % of the model's rate", a32["qps"] >= 0.6 * rate),
    ]


def _rss_met(size: str, rss_mb: float, projected: float | None) -> bool | None:
    """Measured at 300k or more: judged as measured; below, by the projection (None without one)."""
    if int(size) >= 300_000:
        return rss_mb <= 1.5 * GIB
    return (projected <= 1.5 * GIB) if projected else None


def _resource_rows(result: dict, size: str, s: dict) -> list[dict]:
    memory = s["server"]["memory_after_load"]
    projected = project_rss(result)
    peer = s.get("peer") if _measured(s.get("peer")) else {}
    return [
        _row(f"server RSS after warm-up at {int(size) // 1000}k",
             f"{memory['rss_mb']} MiB (anonymous {memory['anon_mb']}, file-backed {memory['file_mb']})"
             + (f"; projected at 300k: {projected} MiB" if projected else ""),
             "≤ 1.5 GiB at 300k", _rss_met(size, memory["rss_mb"], projected),
             f"+{peer['open_rss_added_mb']} MiB" if peer else ""),
        _row("store on disk", f"{s['disk_mb']} MB ({s['disk_mb'] * 100_000 / int(size):.0f} MB per 100k)",
             "measured per 100k", None),
        _row("peak memory while building", f"{s['build']['peak_rss_mb']} MiB ({s['build']['build_s']} s, of which "
             f"optimise {s['build']['optimize_s']} s)", "≤ 2 GiB", s["build"]["peak_rss_mb"] <= 2 * GIB,
             f"{peer['build']['peak_rss_mb']} MiB" if peer else ""),
        _row("ready after start", f"{s['server']['ready_s']} s", "≤ 3 s at 300k", s["server"]["ready_s"] <= 3,
             f"open {peer['open_s']} s" if peer else ""),
        _row("HNSW recall@10 against exact, dense", str(s["store"]["hnsw_recall_at_10"]), "≥ 0.98",
             s["store"]["hnsw_recall_at_10"] >= 0.98),
        _row("kommune filter (~1 %): HNSW / exact p95, plan chosen",
             f"{s['store']['kommune_filter_hnsw']['p95_ms']} / {s['store']['kommune_filter_exact']['p95_ms']} ms, "
             f"{s['store']['kommune_filter_plan']}", "exact", s["store"]["kommune_filter_plan"] == "exact"),
    ]


def _measured(peer: dict | None) -> bool:
    return bool(peer) and "failed" not in peer


def _peer_rows(result: dict) -> list[dict]:
    """Our store against the peer at the largest size the peer was measured at, and a row for
    every size where the peer could not be measured (it holds everything in RAM)."""
    rows = []
    for size, s in sorted(result["sizes"].items(), key=lambda item: int(item[0])):
        peer = s.get("peer")
        if peer and not _measured(peer):
            rows.append(_row(f"naive peer at {int(size) // 1000}k", f"not measurable: {peer['failed']}",
                             "≥ 10× ahead of the peer", None, "failed"))
    measured = [(size, s) for size, s in result["sizes"].items() if _measured(s.get("peer"))]
    if measured:
        size, s = max(measured, key=lambda item: int(item[0]))
        ours, theirs = s["store"], s["peer"]["store"]
        dense = theirs["dense"]["p50_ms"] / max(ours["dense"]["p50_ms"], 0.01)
        hybrid = theirs["hybrid"]["p50_ms"] / max(ours["hybrid"]["p50_ms"], 0.01)
        rows.insert(0, _row(f"store search p50 at {int(size) // 1000}k, dense / hybrid",
                            f"{ours['dense']['p50_ms']} / {ours['hybrid']['p50_ms']} ms",
                            "≥ 10× ahead of the peer", min(dense, hybrid) >= 10,
                            f"{theirs['dense']['p50_ms']} / {theirs['hybrid']['p50_ms']} ms "
                            f"({dense:.0f}× / {hybrid:.0f}×)"))
    return rows


def _indexing_rows(indexing: dict | None) -> list[dict]:
    if not indexing:
        return []
    share = indexing["model_only_seconds"] / indexing["seconds"] if indexing["seconds"] else 0
    per_100k_h = 100_000 / indexing["chunks_per_s"] / 3600 if indexing["chunks_per_s"] else None
    return [_row("indexing, real corpus, real model",
                 f"{indexing['chunks_per_s']} passages/s = {share:.0%} of the model's rate for the passages alone "
                 f"({indexing['model_only_chunks_per_s']}/s); 100k passages: {per_100k_h:.1f} h",
                 "≥ 90 % of the model's rate", share >= 0.9)]


def goals(result: dict, indexing: dict | None = None) -> list[dict]:
    """Rows of the issue's table for the largest size measured."""
    size, s = _largest(result)
    return (_latency_rows(s) + _throughput_rows(s, result["model_rate"]) + _resource_rows(result, size, s)
            + _peer_rows(result) + _indexing_rows(indexing))


def markdown(rows: list[dict], *, size: str) -> str:
    """The table as Markdown, for docs/performance.md and the notes."""
    mark = {True: "met", False: "**missed**", None: ""}
    lines = [f"| measure (at {int(size) // 1000}k) | measured | goal | | naive peer |", "|---|---|---|---|---|"]
    lines += [f"| {r['measure']} | {r['value']} | {r['goal']} | {mark[r['met']]} | {r['peer']} |" for r in rows]
    return "\n".join(lines)
