#!/usr/bin/env python3
"""Validate queries.jsonl in this folder.

Checks: valid JSON lines, ids w01..wNN unique and in order, allowed types and the
expected type counts, unanswerable items have no gold, every other item has gold,
every quote is found in its document, comparative items name each document once,
and no query repeats a query from the existing question sets.

Documents: the sample corpus (../../../corpus/samples relative to this script) and
the seed documents (env SEEDS, default ../../../../shared/seeds). .md/.txt quotes
must be exact substrings of the decoded file (UTF-8, cp1252 fallback, CRLF -> LF).
.html quotes are compared with the visible article text, .pdf quotes with the pypdf
text; both after collapsing whitespace.

Usage: python3 check.py   (pypdf is needed for the PDF; run with the project venv)
"""
import json
import os
import re
import sys
from collections import Counter
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.normpath(os.path.join(HERE, "../../../corpus/samples"))
SEEDS = os.environ.get("SEEDS") or os.path.normpath(os.path.join(HERE, "../../../../shared/seeds"))
QUERIES = os.path.join(HERE, "queries.jsonl")
EXISTING = [
    os.path.normpath(os.path.join(HERE, "../../datasets/samples-dev/queries.jsonl")),
    os.path.normpath(os.path.join(HERE, "../../../../shared/eval/dev/queries.jsonl")),
]
EXPECTED = {"paraphrase": 7, "comparative": 7, "factual": 3, "organisational": 3, "unanswerable": 4}
SKIP = {"README.md", "make_pdf.py"}


def collapse(s):
    return re.sub(r"\s+", " ", s).strip()


def read_text(path):
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    return text.replace("\r\n", "\n")


class Visible(HTMLParser):
    """Visible text; inside <article> only if the page has one (no nav/boilerplate)."""

    HIDDEN = {"script", "style", "head", "nav", "header", "footer", "aside", "noscript"}
    BLOCK = {"p", "div", "li", "h1", "h2", "h3", "h4", "br", "tr", "td", "section", "article"}

    def __init__(self):
        super().__init__()
        self.hidden = 0
        self.in_article = 0
        self.all, self.article = [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        if tag == "article":
            self.in_article += 1
        if tag in self.BLOCK:
            self.all.append(" ")
            self.article.append(" ")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1
        if tag == "article" and self.in_article:
            self.in_article -= 1
        if tag in self.BLOCK:
            self.all.append(" ")
            self.article.append(" ")

    def handle_data(self, data):
        if self.hidden:
            return
        self.all.append(data)
        if self.in_article:
            self.article.append(data)


def html_text(path):
    p = Visible()
    p.feed(read_text(path))
    text = "".join(p.article) if "".join(p.article).strip() else "".join(p.all)
    return collapse(text)


def pdf_text(path):
    from pypdf import PdfReader
    return collapse("\n".join(page.extract_text() or "" for page in PdfReader(path).pages))


def load_docs():
    docs = {}
    for folder in (SAMPLES, SEEDS):
        if not os.path.isdir(folder):
            sys.exit(f"missing folder: {folder}")
        for name in sorted(os.listdir(folder)):
            if name in SKIP or (folder == SEEDS and not name.endswith(".txt")):
                continue
            path = os.path.join(folder, name)
            if name.endswith(".html"):
                docs[name] = ("collapsed", html_text(path))
            elif name.endswith(".pdf"):
                docs[name] = ("collapsed", pdf_text(path))
            elif name.endswith((".md", ".txt")):
                docs[name] = ("exact", read_text(path))
    return docs


def norm_query(q):
    return re.sub(r"[^\w]+", " ", q.lower()).strip()


def main():
    errors = []
    docs = load_docs()
    existing = set()
    for path in EXISTING:
        if os.path.exists(path):
            for line in open(path, encoding="utf-8"):
                if line.strip():
                    existing.add(norm_query(json.loads(line)["query"]))
        else:
            errors.append(f"existing set not found: {path}")

    rows = []
    for n, line in enumerate(open(QUERIES, encoding="utf-8"), 1):
        if not line.strip():
            errors.append(f"line {n}: empty line")
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            errors.append(f"line {n}: invalid JSON ({e})")

    seen_q = set()
    for i, row in enumerate(rows, 1):
        rid = row.get("id")
        if set(row) != {"id", "query", "type", "relevant"}:
            errors.append(f"{rid}: keys must be id, query, type, relevant; got {sorted(row)}")
        if rid != f"w{i:02d}":
            errors.append(f"line {i}: id {rid!r}, expected w{i:02d}")
        t = row.get("type")
        if t not in EXPECTED:
            errors.append(f"{rid}: unknown type {t!r}")
        q = row.get("query", "")
        nq = norm_query(q)
        if not nq:
            errors.append(f"{rid}: empty query")
        if nq in existing:
            errors.append(f"{rid}: query repeats an existing question: {q}")
        if nq in seen_q:
            errors.append(f"{rid}: query repeated within this set: {q}")
        seen_q.add(nq)
        rel = row.get("relevant", [])
        if t == "unanswerable":
            if rel:
                errors.append(f"{rid}: unanswerable must have relevant: []")
            continue
        if not rel:
            errors.append(f"{rid}: no gold items")
        if t == "comparative":
            names = [r.get("doc") for r in rel]
            if len(names) != len(set(names)):
                errors.append(f"{rid}: comparative lists a document twice")
            if len(names) < 2:
                errors.append(f"{rid}: comparative needs at least two documents")
        for r in rel:
            doc, quote = r.get("doc"), r.get("quote", "")
            if doc not in docs:
                errors.append(f"{rid}: unknown document {doc!r}")
                continue
            mode, text = docs[doc]
            if not quote.strip():
                errors.append(f"{rid}: empty quote for {doc}")
            elif mode == "exact" and quote not in text:
                errors.append(f"{rid}: quote not found in {doc}: {quote!r}")
            elif mode == "collapsed" and collapse(quote) not in text:
                errors.append(f"{rid}: quote not found in {doc} (whitespace collapsed): {quote!r}")

    counts = Counter(r.get("type") for r in rows)
    if dict(counts) != EXPECTED:
        errors.append(f"type counts {dict(counts)} != expected {EXPECTED}")

    print(f"{len(rows)} questions, types: {dict(counts)}")
    for e in errors:
        print("FAIL", e)
    print("OK" if not errors else f"{len(errors)} failure(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
