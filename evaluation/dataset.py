"""Question sets: the quote-labelled JSONL format of the dev sets, and BEIR.

A quote-labelled item names a document and a quote from it; a BEIR qrel names a whole
document with a graded relevance. Both become ``Gold`` items: ``quote=None`` means any
passage of the document is relevant.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Gold:
    """One relevant item: a document (bare file name) and optionally a quote from it."""

    doc: str
    quote: str | None = None
    gain: float = 1.0


@dataclass(frozen=True)
class Question:
    """A question with its gold items; no gold items means the corpus does not answer it."""

    id: str
    query: str
    type: str
    relevant: tuple[Gold, ...]

    @property
    def answerable(self) -> bool:
        """True when the corpus holds at least one relevant item."""
        return bool(self.relevant)


@dataclass(frozen=True)
class Dataset:
    """A named list of questions."""

    name: str
    questions: tuple[Question, ...]


def _question(item: dict) -> Question:
    relevant = tuple(Gold(doc=r["doc"], quote=r.get("quote")) for r in item.get("relevant", []))
    qtype = item.get("type") or ("unanswerable" if not relevant else "factual")
    return Question(id=str(item["id"]), query=item["query"], type=qtype, relevant=relevant)


def load_quote_set(path: Path, *, name: str | None = None) -> Dataset:
    """Read a quote-labelled JSONL file (``id``, ``query``, ``type``, ``relevant``)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    questions = tuple(_question(json.loads(line)) for line in lines if line.strip())
    return Dataset(name=name or _dataset_name(Path(path)), questions=questions)


def _dataset_name(path: Path) -> str:
    """'samples-dev/queries.jsonl' -> 'samples-dev'; a lone file keeps its stem."""
    return path.parent.name if path.stem == "queries" else path.stem


def beir_file_name(doc_id: str) -> str:
    """The file a BEIR corpus document is written to (ids may hold characters files cannot)."""
    return re.sub(r"[^\w.-]", "_", doc_id) + ".txt"


def write_beir_corpus(folder: Path, out_dir: Path) -> Path:
    """Write each document of a BEIR ``corpus.jsonl`` as a text file with its title as front matter."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(Path(folder) / "corpus.jsonl", encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            doc = json.loads(line)
            title = (doc.get("title") or "").replace("\n", " ").strip()
            head = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n" if title else ""
            (out_dir / beir_file_name(str(doc["_id"]))).write_text(head + doc.get("text", ""), encoding="utf-8")
    return out_dir


def _read_qrels(folder: Path, split: str) -> dict[str, list[Gold]]:
    qrels: dict[str, list[Gold]] = {}
    with open(Path(folder) / "qrels" / f"{split}.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) < 3 or not row[2].strip().lstrip("-").isdigit():
                continue  # the header line
            gain = float(row[2])
            if gain > 0:
                qrels.setdefault(row[0], []).append(Gold(doc=beir_file_name(row[1]), gain=gain))
    return qrels


def load_beir(folder: Path, *, split: str = "test") -> Dataset:
    """Read a BEIR folder: ``queries.jsonl`` and ``qrels/<split>.tsv`` (the corpus is written apart).

    Queries without any positive qrel are kept as unanswerable questions.
    """
    qrels = _read_qrels(folder, split)
    questions = []
    with open(Path(folder) / "queries.jsonl", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                item = json.loads(line)
                gold = tuple(qrels.get(str(item["_id"]), ()))
                qtype = (item.get("metadata") or {}).get("type") or ("factual" if gold else "unanswerable")
                questions.append(Question(id=str(item["_id"]), query=item["text"], type=qtype, relevant=gold))
    return Dataset(name=Path(folder).name, questions=tuple(questions))


def is_beir(path: Path) -> bool:
    """True when ``path`` is a BEIR folder (corpus.jsonl, queries.jsonl, qrels/)."""
    path = Path(path)
    return path.is_dir() and (path / "queries.jsonl").is_file() and (path / "qrels").is_dir()
