"""Check that every gold quote in queries.jsonl is an exact substring of its document.

Usage (from the repository root):

    python evaluation/datasets/samples-dev/check_quotes.py corpus/samples ../shared/seeds

Each positional argument is a corpus folder; a document is looked up by its bare file
name in the folders, in the order given. Text is read as stored:

- .txt / .md / .html: UTF-8 (with or without BOM), falling back to cp1252 when the
  bytes are not valid UTF-8 (one sample is deliberately saved in cp1252);
- .pdf: the text pypdf extracts from each page, pages joined with a newline.

Also checks the format: unique ids, a known type, 5-20 words per quote, no relevant
items for unanswerable questions, and at least two different documents for comparative
questions. Exits with status 1 if anything fails.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

TYPES = {"factual", "paraphrase", "organisational", "comparative", "unanswerable"}
HERE = Path(__file__).resolve().parent


def read_text(path: Path) -> str:
    if path.suffix.lower() == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def find(name: str, folders: list[Path]) -> Path | None:
    for folder in folders:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path, help="corpus folders holding the documents")
    parser.add_argument("--queries", type=Path, default=HERE / "queries.jsonl")
    args = parser.parse_args(argv)

    texts: dict[str, str] = {}
    errors: list[str] = []
    seen: set[str] = set()
    types: Counter[str] = Counter()
    docs_used: Counter[str] = Counter()
    n_quotes = 0

    lines = args.queries.read_text(encoding="utf-8").splitlines()
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        item = json.loads(line)
        qid = item.get("id", f"line {lineno}")
        if qid in seen:
            errors.append(f"{qid}: duplicate id")
        seen.add(qid)
        qtype = item.get("type")
        types[qtype] += 1
        if qtype not in TYPES:
            errors.append(f"{qid}: unknown type {qtype!r}")
        relevant = item.get("relevant", [])
        if qtype == "unanswerable" and relevant:
            errors.append(f"{qid}: unanswerable question has relevant items")
        if qtype != "unanswerable" and not relevant:
            errors.append(f"{qid}: answerable question without relevant items")
        if qtype == "comparative" and len({r["doc"] for r in relevant}) < 2:
            errors.append(f"{qid}: comparative question needs at least 2 documents")
        for rel in relevant:
            doc, quote = rel["doc"], rel["quote"]
            n_quotes += 1
            docs_used[doc] += 1
            words = len(quote.split())
            if not 5 <= words <= 20:
                errors.append(f"{qid}: quote has {words} words (want 5-20): {quote!r}")
            if doc not in texts:
                path = find(doc, args.folders)
                if path is None:
                    errors.append(f"{qid}: document not found: {doc}")
                    continue
                texts[doc] = read_text(path)
            if quote not in texts[doc]:
                errors.append(f"{qid}: quote not in {doc}: {quote!r}")

    print(f"{len(seen)} questions, {n_quotes} quotes in {len(docs_used)} documents")
    print("types: " + ", ".join(f"{t}={types[t]}" for t in sorted(types)))
    for doc, count in sorted(docs_used.items()):
        print(f"  {count:2d}  {doc}")
    if errors:
        print(f"FAILED: {len(errors)} problem(s)")
        for error in errors:
            print("  " + error)
        return 1
    print("OK: all quotes found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
