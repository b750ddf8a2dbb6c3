"""Index files and folders into the store and record them in the catalog.

Each file is handled on its own: a failure is recorded in the report with its reason and
never stops the other files. Unchanged files (same content hash) are skipped.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from corpus.services import Services
from indexer.errors import FileTooLarge, IngestError, VidensbankError
from indexer.parser import FORMATS
from indexer.pipeline import PreparedDocument, embed_document, prepare_document

log = logging.getLogger(__name__)

Outcome = Literal["indexed", "skipped", "failed"]


@dataclass(frozen=True)
class FileResult:
    """What happened to one file."""

    source: str
    outcome: Outcome
    reason: str = ""
    doc_id: str | None = None
    chunks: int = 0


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


class Progress(Protocol):
    """Receives progress of a run (the CLI draws bars; the API ignores it)."""

    def start(self, phase: str, total: int) -> None: ...

    def advance(self, phase: str, n: int = 1) -> None: ...


class _NoProgress:
    def start(self, phase: str, total: int) -> None:
        pass

    def advance(self, phase: str, n: int = 1) -> None:
        pass


@dataclass(frozen=True)
class SourceFile:
    """A file to index: where it is and how it is named in citations."""

    path: Path
    source: str  # relative to the folder given to `index`, or the bare file name


def collect_files(paths: Iterable[Path]) -> list[SourceFile]:
    """Expand folders recursively; hidden files and sidecar files are left out."""
    files: list[SourceFile] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_file() and not any(p.startswith(".") for p in rel.parts) and _wanted(child):
                    files.append(SourceFile(child, rel.as_posix()))
        else:
            files.append(SourceFile(path, path.name))
    return files


def _wanted(path: Path) -> bool:
    """Folder walks skip our own sidecars and helper scripts, but report other unknown files."""
    name = path.name.lower()
    return not (name.endswith((".meta.yaml", ".py", ".pyc")) or name in {"readme.md", "license"})


def content_hash(data: bytes) -> str:
    """SHA-256 of the file content, hex."""
    return hashlib.sha256(data).hexdigest()


def index_paths(services: Services, paths: Sequence[Path], *, status: str = "published",
                progress: Progress | None = None) -> IndexReport:
    """Index files and folders; returns the per-file report."""
    progress = progress or _NoProgress()
    files = collect_files(paths)
    report = IndexReport()
    prepared: list[tuple[SourceFile, PreparedDocument, int]] = []
    seen: dict[str, str] = {}  # content hash -> source, for duplicates within this run
    progress.start("read", len(files))
    for file in files:
        result = _prepare(services, file, status=status, seen=seen)
        if isinstance(result, FileResult):
            report.results.append(result)
        else:
            prepared.append((file, *result))
            seen[result[0].meta.content_hash] = file.source
        progress.advance("read")
    progress.start("embed", sum(len(doc.chunks) for _, doc, _ in prepared))
    for file, doc, size in prepared:
        try:
            report.results.append(_write(services, file, doc, size, progress))
        except VidensbankError as exc:
            report.results.append(FileResult(file.source, "failed", exc.detail))
    if report.chunks:
        services.store.optimize()
    return report


def _read(file: SourceFile, max_bytes: int) -> bytes:
    try:
        size = file.path.stat().st_size
        if size > max_bytes:
            raise FileTooLarge(
                f"Filen er for stor ({size / 1e6:.1f} MB; grænsen er {max_bytes / 1e6:.0f} MB)."
            )
        return file.path.read_bytes()
    except FileNotFoundError:
        raise IngestError("Filen findes ikke.") from None
    except PermissionError:
        raise IngestError("Filen kan ikke læses (manglende rettigheder).") from None
    except IsADirectoryError:
        raise IngestError("Stien er en mappe, ikke en fil.") from None


def _prepare(services: Services, file: SourceFile, *, status: str,
             seen: dict[str, str]) -> tuple[PreparedDocument, int] | FileResult:
    """Read, hash, parse and chunk one file, or say why not."""
    settings = services.settings
    origin = str(file.path.resolve())
    try:
        data = _read(file, int(settings.ingest.max_file_mb * 1e6))
        digest = content_hash(data)
        existing = services.catalog.by_origin(origin)
        if existing and existing.content_hash == digest:
            return FileResult(file.source, "skipped", "uændret siden sidste indeksering", existing.doc_id)
        if digest in seen:
            return FileResult(file.source, "skipped", f"identisk med {seen[digest]}")
        twin = services.catalog.by_hash(digest)
        if twin and twin.origin != origin:
            return FileResult(file.source, "skipped", f"identisk med {twin.source}", twin.doc_id)
        doc_id = existing.doc_id if existing else digest[:16]
        doc = prepare_document(file.path.name, data, doc_id=doc_id, content_hash=digest,
                               source=file.source, settings=settings, status=status)
        if not doc.chunks:
            raise IngestError("Filen indeholder ingen tekst, der kan indekseres.")
        return doc, len(data)
    except VidensbankError as exc:
        log.info("not indexed: %s (%s)", file.source, type(exc).__name__)
        return FileResult(file.source, "failed", exc.detail)
    except Exception as exc:  # a bug or a library crash on a hostile file: report, go on
        log.warning("unexpected error on %s: %s", file.source, type(exc).__name__, exc_info=log.isEnabledFor(logging.DEBUG))
        return FileResult(file.source, "failed", f"Uventet fejl under læsning ({type(exc).__name__}).")


def _write(services: Services, file: SourceFile, doc: PreparedDocument, size: int,
           progress: Progress) -> FileResult:
    """Embed and store one prepared document, replacing its old chunks, then record it."""
    settings = services.settings
    points = embed_document(doc, services.embedder, batch_size=settings.embedding.batch_size,
                            sentences=settings.embedding.sentence_vectors,
                            on_progress=lambda n: progress.advance("embed", n))
    services.store.delete_documents([doc.meta.doc_id])
    services.store.upsert(points)
    services.catalog.save(doc.meta, origin=str(file.path.resolve()), size=size, chunk_count=len(points))
    return FileResult(file.source, "indexed", doc_id=doc.meta.doc_id, chunks=len(points))
