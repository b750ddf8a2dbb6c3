#!/usr/bin/env python3
"""Validate the held-out SSP question set (queries.jsonl in this folder).

Checks: valid JSON lines with keys id/query/type/relevant; ids x01..x24, unique;
types in the allowed set with the intended counts; every quote an exact
substring of the named corpus file's body (text after the YAML front matter);
unanswerable items have no gold; no query text repeated from hard-dev.
Then runs hard-dev's own check.py against this file (imported, with its
QUERIES path pointed here; nothing under ../shared is modified).

Usage: python3 check.py [--overlap]
"""
import importlib.util
import json
import os
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
# hard-dev beside the repository (../shared, as evaluation/devsets.py finds it), or $HARD_DEV.
HARD_DEV = os.environ.get("HARD_DEV") or os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "eval", "hard-dev"))
CORPUS = os.path.join(HARD_DEV, "corpus")
QUERIES = os.path.join(HERE, "queries.jsonl")
TYPES = {"factual", "paraphrase", "organisational", "comparative", "unanswerable"}
EXPECTED = {"paraphrase": 7, "comparative": 7, "factual": 3, "organisational": 3, "unanswerable": 4}

errors = []


def body_of(name):
    text = open(os.path.join(CORPUS, name), encoding="utf-8").read()
    end = text.find("\n---\n", 4)
    return text if end < 0 else text[end + 5:]


rows = [json.loads(l) for l in open(QUERIES, encoding="utf-8") if l.strip()]
ids = [r["id"] for r in rows]
if len(set(ids)) != len(ids):
    errors.append(f"duplicate ids: {[i for i, c in Counter(ids).items() if c > 1]}")
if ids != [f"x{i:02d}" for i in range(1, 25)]:
    errors.append(f"ids are not x01..x24 in order: {ids}")
counts = Counter(r["type"] for r in rows)
for r in rows:
    if set(r) != {"id", "query", "type", "relevant"}:
        errors.append(f"{r.get('id')}: bad keys {sorted(r)}")
    if r["type"] not in TYPES:
        errors.append(f"{r['id']}: bad type {r['type']!r}")
    if r["type"] == "unanswerable" and r["relevant"]:
        errors.append(f"{r['id']}: unanswerable with gold")
    if r["type"] != "unanswerable" and not r["relevant"]:
        errors.append(f"{r['id']}: no gold")
    for it in r["relevant"]:
        path = os.path.join(CORPUS, it["doc"])
        if not os.path.exists(path):
            errors.append(f"{r['id']}: unknown doc {it['doc']}")
            continue
        if it["quote"] not in open(path, encoding="utf-8").read():
            errors.append(f"{r['id']}: quote not in file {it['doc']}: {it['quote'][:60]!r}")
        elif it["quote"] not in body_of(it["doc"]):
            errors.append(f"{r['id']}: quote only in front matter of {it['doc']}")
if dict(counts) != EXPECTED:
    errors.append(f"type counts {dict(counts)} != {EXPECTED}")
dev_queries = {json.loads(l)["query"].strip().lower()
               for l in open(os.path.join(HARD_DEV, "queries.jsonl"), encoding="utf-8") if l.strip()}
for r in rows:
    if r["query"].strip().lower() in dev_queries:
        errors.append(f"{r['id']}: query text identical to a hard-dev query")

print(f"holdout: {len(rows)} questions, {sum(len(r['relevant']) for r in rows)} gold items, types {dict(counts)}")
if errors:
    for e in errors:
        print("  ERROR", e)
else:
    print("holdout-specific checks OK")

# Run hard-dev's validator against this file.
spec = importlib.util.spec_from_file_location("hd_check", os.path.join(HARD_DEV, "check.py"))
hd = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hd)
hd.QUERIES = QUERIES
print("\n--- hard-dev check.py on holdout ---")
try:
    hd.main()
    hd_ok = True
except SystemExit as e:
    hd_ok = (e.code in (0, None))
sys.exit(0 if (not errors and hd_ok) else 1)
