"""Search and ask latency of this checkout against an earlier revision, measured in one run.

Issue 10 allows `/v1/search` p50 at most 1.3 times what it was before the work (a158326).
Both revisions index the same corpus with the same model, each into its own data folder;
then, round after round, each serves its index on 127.0.0.1 and every question is timed once
over HTTP by one client. A fresh server per route and round keeps every answer uncached (a
question asked before /ask would leave its vector in the query cache).

    python -m evaluation.revision_bench --baseline a158326
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import httpx

from evaluation.bench import git_sha, read_questions, save
from evaluation.devsets import REPO, dev_sets
from evaluation.load import running_server, timed_post
from evaluation.store_bench import summary

ROUTES = {"/v1/search": "query", "/v1/ask": "question"}
CHECKOUT = "checkout"  # this working tree, measured against the baseline revision
WARM_UP = ("Hvad er SSP?", "Hvordan arbejder lokalgrupperne?", "Hvem er med i SSP-udvalget?")


@contextmanager
def worktree(revision: str):
    """A detached checkout of ``revision`` in a temporary folder, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="vidensbank-rev-")) / "checkout"
    subprocess.run(["git", "worktree", "add", "--detach", str(folder), revision], cwd=REPO, check=True,
                   capture_output=True)
    try:
        yield folder
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(folder)], cwd=REPO, capture_output=True)


def environment(data_dir: Path, extra: dict[str, str]) -> dict[str, str]:
    """Only what every revision understands: the data folder, no rate limit, and ``extra``
    (VIDENSBANK_ settings of the caller, such as the embedding backend)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIDENSBANK_")}
    env.update({"VIDENSBANK_DATA_DIR": str(data_dir), "VIDENSBANK_AUTH__RATE_LIMIT_PER_MINUTE": "0", **extra})
    return env


def index(checkout: Path, env: dict[str, str], corpus: list[Path]) -> None:
    """`vidensbank index` of ``corpus`` with the code of ``checkout``."""
    result = subprocess.run([sys.executable, "-m", "vidensbank", "index", *map(str, corpus)], cwd=checkout, env=env,
                            capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        raise RuntimeError(f"indexing with {checkout} failed: {result.stderr[-2000:]}")


def timed(url: str, route: str, questions: list[str]) -> list[float]:
    """Milliseconds per question, one request at a time, after a short warm-up."""
    key = ROUTES[route]
    with httpx.Client(base_url=url, timeout=120) as client:
        for text in WARM_UP:
            client.post(route, json={key: text}).raise_for_status()
        return [timed_post(client, route, {key: text}) for text in questions]


def run(baseline: str, *, corpus: list[Path], questions: list[str], rounds: int, extra: dict[str, str],
        say=print) -> dict:
    """Index with both revisions, then time every route in ``rounds`` alternating rounds."""
    with tempfile.TemporaryDirectory(prefix="vidensbank-revbench-") as tmp, worktree(baseline) as old:
        checkouts = {baseline: old, CHECKOUT: REPO}
        envs = {name: environment(Path(tmp) / name.replace("/", "_"), extra) for name in checkouts}
        for name, checkout in checkouts.items():
            say(f"indexing {len(corpus)} folder(s) with {name} …")
            index(checkout, envs[name], corpus)
        times: dict[str, dict[str, list[float]]] = {name: {route: [] for route in ROUTES} for name in checkouts}
        for round_no in range(1, rounds + 1):
            for name, checkout in checkouts.items():
                for route in ROUTES:
                    data_dir = Path(envs[name]["VIDENSBANK_DATA_DIR"])
                    with running_server(None, data_dir, cwd=checkout, env=envs[name]) as server:
                        times[name][route] += timed(server.url, route, questions)
                say(f"round {round_no}/{rounds}: {name} done")
    result = {name: {route: summary(values) for route, values in routes.items()} for name, routes in times.items()}
    ratio = {route: round(result[CHECKOUT][route]["p50_ms"] / result[baseline][route]["p50_ms"], 3) for route in ROUTES}
    return {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "git_sha": git_sha(),
            "baseline": baseline, "corpus": [str(p) for p in corpus], "questions": len(questions), "rounds": rounds,
            "embedding_backend": extra.get("VIDENSBANK_EMBEDDING__BACKEND", "default"),
            "revisions": result, "p50_ratio": ratio}


def table(result: dict) -> str:
    lines = [f"{'revision':<12} {'route':<11} {'n':>5} {'p50 ms':>8} {'p95 ms':>8}"]
    for name, routes in result["revisions"].items():
        for route, s in routes.items():
            lines.append(f"{name:<12} {route:<11} {s['n']:>5} {s['p50_ms']:>8} {s['p95_ms']:>8}")
    for route, ratio in result["p50_ratio"].items():
        lines.append(f"p50 {CHECKOUT} / {result['baseline']} {route}: {ratio:.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    sets = {d.name: d for d in dev_sets()}
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="a158326",
                        help="the earlier revision (default: a158326, before issue 10)")
    parser.add_argument("--corpus", type=Path, action="append", help="corpus folder (default: hard-dev's)")
    parser.add_argument("--queries", type=Path, action="append", help="JSONL with a 'query' per line (default: all dev sets)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path, default=REPO / "evaluation" / "results")
    args = parser.parse_args(argv)
    corpus = args.corpus or list(sets["hard-dev"].corpus if "hard-dev" in sets else sets["samples-dev"].corpus)
    questions = read_questions(args.queries or [d.queries for d in sets.values()])
    extra = {k: v for k, v in os.environ.items() if k.startswith("VIDENSBANK_EMBEDDING__")}
    result = run(args.baseline, corpus=corpus, questions=questions, rounds=args.rounds, extra=extra,
                 say=lambda m: print(m, file=sys.stderr))
    print(table(result))
    print(f"saved {save(result, args.out, prefix='revisions').name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
