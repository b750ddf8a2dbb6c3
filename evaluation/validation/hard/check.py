#!/usr/bin/env python3
"""Validate the hard validation question set (queries.jsonl in this folder).

Checks: valid JSON lines with keys id/query/type/relevant; ids v01..v30, unique
and in order; types in the allowed set with the intended counts; every quote an
exact substring of the named corpus file's body (text after the YAML front
matter); unanswerable items have no gold, all others at least one; comparative
gold items come from different documents and name no kommune in the query; no
query text repeated from hard-dev or from evaluation/holdout.
Then runs hard-dev's own check.py against this file (imported, with its
QUERIES path pointed here; nothing under ../shared is modified).

Usage: python3 check.py [--overlap]
"""
import importlib.util
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
# hard-dev beside the repository (../shared/eval/hard-dev), or $HARD_DEV.
HARD_DEV = os.environ.get("HARD_DEV") or os.path.normpath(
    os.path.join(HERE, "..", "..", "..", "..", "shared", "eval", "hard-dev"))
CORPUS = os.path.join(HARD_DEV, "corpus")
QUERIES = os.path.join(HERE, "queries.jsonl")
HOLDOUT = os.path.normpath(os.path.join(HERE, "..", "..", "holdout", "queries.jsonl"))
TYPES = {"factual", "paraphrase", "organisational", "comparative", "unanswerable"}
EXPECTED = {"paraphrase": 9, "comparative": 10, "factual": 3, "organisational": 3, "unanswerable": 5}
N = sum(EXPECTED.values())
KOMMUNER = ["Stenløkke", "Vesterkær", "Hvidmose", "Birkelund", "Mosedal", "Fjordholm", "Kragsbjerg",
            "Ravnstrup", "Klintebæk", "Ørnsø", "Tjørnely", "Bredevang", "Lerbæk", "Østerlund"]

errors = []


def body_of(name):
    text = open(os.path.join(CORPUS, name), encoding="utf-8").read()
    end = text.find("\n---\n", 4)
    return text if end < 0 else text[end + 5:]


def norm(q):
    return re.sub(r"\s+", " ", q.strip().lower())


def load(path):
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]


rows = []
for lineno, line in enumerate(open(QUERIES, encoding="utf-8"), 1):
    if not line.strip():
        errors.append(f"line {lineno}: empty line")
        continue
    try:
        rows.append(json.loads(line))
    except json.JSONDecodeError as e:
        errors.append(f"line {lineno}: invalid JSON ({e})")

ids = [r.get("id") for r in rows]
if len(set(ids)) != len(ids):
    errors.append(f"duplicate ids: {[i for i, c in Counter(ids).items() if c > 1]}")
if ids != [f"v{i:02d}" for i in range(1, N + 1)]:
    errors.append(f"ids are not v01..v{N:02d} in order: {ids}")
counts = Counter(r.get("type") for r in rows)
for r in rows:
    rid = r.get("id")
    if set(r) != {"id", "query", "type", "relevant"}:
        errors.append(f"{rid}: bad keys {sorted(r)}")
        continue
    if r["type"] not in TYPES:
        errors.append(f"{rid}: bad type {r['type']!r}")
    if r["type"] == "unanswerable" and r["relevant"]:
        errors.append(f"{rid}: unanswerable with gold")
    if r["type"] != "unanswerable" and not r["relevant"]:
        errors.append(f"{rid}: no gold")
    if r["type"] == "comparative":
        docs = [it["doc"] for it in r["relevant"]]
        if len(docs) < 3 or len(set(docs)) != len(docs):
            errors.append(f"{rid}: comparative needs >= 3 items from different documents")
        named = [k for k in KOMMUNER if k.lower() in r["query"].lower()]
        if named:
            errors.append(f"{rid}: comparative query names a kommune {named}")
    for it in r["relevant"]:
        path = os.path.join(CORPUS, it["doc"])
        if not os.path.exists(path):
            errors.append(f"{rid}: unknown doc {it['doc']}")
            continue
        if it["quote"] not in open(path, encoding="utf-8").read():
            errors.append(f"{rid}: quote not in file {it['doc']}: {it['quote'][:60]!r}")
        elif it["quote"] not in body_of(it["doc"]):
            errors.append(f"{rid}: quote only in front matter of {it['doc']}")
if dict(counts) != EXPECTED:
    errors.append(f"type counts {dict(counts)} != {EXPECTED}")
own = Counter(norm(r.get("query", "")) for r in rows)
for q, c in own.items():
    if c > 1:
        errors.append(f"query repeated within this set: {q!r}")
for label, path in (("hard-dev", os.path.join(HARD_DEV, "queries.jsonl")), ("holdout", HOLDOUT)):
    if not os.path.exists(path):
        errors.append(f"{label} queries not found at {path}")
        continue
    other = {norm(x["query"]) for x in load(path)}
    for r in rows:
        if norm(r.get("query", "")) in other:
            errors.append(f"{r.get('id')}: query text identical to a {label} query")

print(f"validation/hard: {len(rows)} questions, {sum(len(r.get('relevant', [])) for r in rows)} gold items, "
      f"types {dict(counts)}")
if errors:
    for e in errors:
        print("  ERROR", e)
else:
    print("validation-specific checks OK")

# Run hard-dev's validator against this file.
spec = importlib.util.spec_from_file_location("hd_check", os.path.join(HARD_DEV, "check.py"))
hd = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hd)
hd.QUERIES = QUERIES
print("\n--- hard-dev check.py on validation/hard ---")
try:
    hd.main()
    hd_ok = True
except SystemExit as e:
    hd_ok = (e.code in (0, None))
sys.exit(0 if (not errors and hd_ok) else 1)
