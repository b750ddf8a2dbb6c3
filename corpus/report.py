"""The report of an indexing run: one result per file, with Danish reasons and notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from indexer.pipeline import PreparedDocument

Outcome = Literal["indexed", "skipped", "failed", "removed"]


@dataclass(frozen=True)
class FileResult:
    """What happened to one file; ``notes`` are Danish remarks on an indexed file."""

    source: str
    outcome: Outcome
    reason: str = ""
    doc_id: str | None = None
    chunks: int = 0
    notes: tuple[str, ...] = ()
    pii: tuple[str, ...] = ()  # types only, never values
    oov_before: float | None = None  # share of words the dictionary does not know, before OCR repair
    oov_after: float | None = None
    language: str | None = None
    near_duplicate_of: str | None = None


@dataclass
class IndexReport:
    """Per-file results of one indexing run."""

    results: list[FileResult] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        """Number of files with this outcome."""
        return sum(1 for r in self.results if r.outcome == outcome)

    @property
    def chunks(self) -> int:
        """Chunks written in this run."""
        return sum(r.chunks for r in self.results)

    @property
    def ok(self) -> bool:
        """True when no file failed."""
        return self.count("failed") == 0


def _percent(value: float) -> str:
    return f"{value * 100:.1f} %".replace(".", ",")


def notes_for(doc: PreparedDocument, *, near: tuple[str, float] | None, masked: bool) -> tuple[str, ...]:
    """Danish remarks a curator should see about an indexed document."""
    notes = []
    if doc.ocr:
        notes.append("OCR-læst (Tesseract, dansk)")
    repair = doc.repair
    if repair and repair.changed and repair.oov_before is not None and repair.oov_after is not None:
        notes.append(f"OCR-rettelser: {repair.changed} ord; ukendte ord {_percent(repair.oov_before)} → "
                     f"{_percent(repair.oov_after)}")
    if doc.meta.language not in (None, "da"):
        notes.append(f"sprog: {doc.meta.language} (ikke dansk)")
    if doc.pii:
        notes.append(f"personoplysninger: {', '.join(doc.pii)}" + (" (maskeret)" if masked else ""))
    if near:
        notes.append(f"næsten identisk med {near[0]} ({near[1]:.0%} ens)")
    return tuple(notes)


def describe_result(source: str, doc: PreparedDocument, *, chunks: int, near: tuple[str, float] | None,
                    masked: bool) -> FileResult:
    """The result of an indexed document, with its notes and measurements."""
    repair = doc.repair
    return FileResult(
        source, "indexed", doc_id=doc.meta.doc_id, chunks=chunks, notes=notes_for(doc, near=near, masked=masked),
        pii=doc.pii, oov_before=repair.oov_before if repair else None, oov_after=repair.oov_after if repair else None,
        language=doc.meta.language, near_duplicate_of=near[0] if near else None,
    )
