"""Index files and folders into the store and record them in the catalog.

Each file is handled on its own: a failure is recorded in the report with its reason and
never stops the other files. A run reads and parses every file first (so the corpus's own
vocabulary can help repair OCR damage), then prepares, embeds and writes document by
document. Unchanged files (same content hash, same sidecar) are skipped; an exact copy of a
document is linked to it instead of indexed again; a near-copy is reported, or skipped.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from corpus.documents import ensure_space, store_document
from corpus.report import FileResult, IndexReport, describe_result
from corpus.services import Services
from corpus.sidecar import SUFFIX, read_sidecar
from corpus.uploads import too_large
from corpus.sync import remove_orphans, removed_files, retire
from corpus.vocabulary import FILE_NAME, Vocabulary
from indexer import crashpoints
from indexer.errors import FileTooLarge, IngestError, VidensbankError
from indexer.fingerprint import from_hex, most_similar, to_hex
from indexer.lexicon import Lexicon, load_lexicon
from indexer.models import ParsedDocument
from indexer.pipeline import PreparedDocument, embed_document, prepare_document, read_document
from indexer.settings import Settings

log = logging.getLogger(__name__)

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

    @property
    def origin(self) -> str:
        """The absolute path, the file's identity in the catalog."""
        return str(self.path.resolve())


@dataclass
class _Candidate:
    """A file read and parsed in the first phase, waiting to be prepared."""

    file: SourceFile
    data: bytes
    digest: str
    parsed: ParsedDocument
    doc_id: str
    sidecar: dict
    sidecar_hash: str | None
    status: str | None = None  # a document already in the catalog keeps its review status
    visibility: str | None = None  # ... and its visibility, unless the run or the file sets one
    prepared: PreparedDocument | None = None
    near: tuple[str, float] | None = None


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
    return not (name.endswith((SUFFIX, ".py", ".pyc")) or name in {"readme.md", "license"})


def content_hash(data: bytes) -> str:
    """SHA-256 of the file content, hex."""
    return hashlib.sha256(data).hexdigest()


def _with_options(settings: Settings, **options: object) -> Settings:
    """Settings with some ingest options overridden for one run (None keeps the configured value)."""
    changes = {k: v for k, v in options.items() if v is not None}
    return settings.model_copy(update={"ingest": settings.ingest.model_copy(update=changes)}) if changes else settings


def _with_settings(services: Services, settings: Settings) -> Services:
    """The same open services, seen with this run's settings."""
    return services if settings is services.settings else replace(services, settings=settings)


def index_paths(services: Services, paths: Sequence[Path], *, status: str = "published", actor: str = "cli",
                progress: Progress | None = None, sync: bool = False, mask_pii: bool | None = None,
                skip_near_duplicates: bool | None = None, visibility: str | None = None) -> IndexReport:
    """Index files and folders; with ``sync``, also remove what was deleted from the folders.

    New documents get ``status``; documents already in the catalog keep theirs (a curator's
    withdrawal survives re-indexing). ``visibility`` is that of every document indexed in this
    run whose sidecar or front matter sets none (None: a known document keeps its own, a new one
    gets the default for its kind)."""
    progress = progress or _NoProgress()
    ensure_space(services)
    settings = _with_options(services.settings, mask_pii=mask_pii, skip_near_duplicates=skip_near_duplicates)
    report = IndexReport()
    candidates, aliases = _read_all(services, collect_files(paths), report, progress)
    services = _with_settings(services, settings)
    lexicon = _corpus_lexicon(services, candidates, settings)
    for candidate in candidates:
        candidate.visibility = visibility or candidate.visibility
    _prepare_all(services, candidates, report, settings=settings, lexicon=lexicon, status=status)
    written = _write_all(services, [c for c in candidates if c.prepared], report, progress, actor=actor)
    for digest, file in aliases:
        if twin := services.catalog.by_hash(digest):
            services.catalog.add_alias(twin.doc_id, origin=file.origin, source=file.source)
    if sync:
        for source, reason in removed_files(services, [Path(p) for p in paths if Path(p).is_dir()]):
            report.results.append(FileResult(source, "removed", reason))
        remove_orphans(services)
    crashpoints.reach("ingest.documents_written")
    if written or report.count("removed"):
        services.store.optimize()
    return report


def _read_all(services: Services, files: list[SourceFile], report: IndexReport,
              progress: Progress) -> tuple[list[_Candidate], list[tuple[str, SourceFile]]]:
    """Phase 1: read, hash and parse every file; copies of a file in this run become aliases later."""
    candidates: list[_Candidate] = []
    aliases: list[tuple[str, SourceFile]] = []
    seen: dict[str, str] = {}  # content hash -> source, for copies within this run
    progress.start("read", len(files))
    for file in files:
        result = _read_one(services, file, seen=seen, aliases=aliases)
        if isinstance(result, _Candidate):
            candidates.append(result)
            seen[result.digest] = file.source
        else:
            report.results.append(result)
        progress.advance("read")
    return candidates, aliases


def _read(file: SourceFile, max_bytes: int) -> bytes:
    try:
        size = file.path.stat().st_size
        if size > max_bytes:
            raise FileTooLarge(too_large(size, max_bytes))
        return file.path.read_bytes()
    except FileNotFoundError:
        raise IngestError("Filen findes ikke.") from None
    except PermissionError:
        raise IngestError("Filen kan ikke læses (manglende rettigheder).") from None
    except IsADirectoryError:
        raise IngestError("Stien er en mappe, ikke en fil.") from None


def _read_one(services: Services, file: SourceFile, *, seen: dict[str, str],
              aliases: list[tuple[str, SourceFile]]) -> _Candidate | FileResult:
    """Read, hash and parse one file, or say why it is skipped or failed."""
    try:
        data = _read(file, int(services.settings.ingest.max_file_mb * 1e6))
        digest = content_hash(data)
        sidecar, sidecar_hash = read_sidecar(file.path)
        services.files.put(data)  # catalogs from before stored originals get their file now
        crashpoints.reach("ingest.file_read")
        if digest in seen:
            aliases.append((digest, file))
            return FileResult(file.source, "skipped", f"identisk med {seen[digest]}")
        if skipped := _unchanged_or_copy(services, file, digest, sidecar_hash):
            return skipped
        existing = services.catalog.by_origin(file.origin)
        parsed = read_document(file.path.name, data, ingest=services.settings.ingest)
        if existing and existing.content_hash != digest and services.catalog.aliases(existing.doc_id):
            retire(services, existing)  # its copies keep the old content; this file is new
            existing = None
        doc_id = existing.doc_id if existing else digest[:16]
        return _Candidate(file, data, digest, parsed, doc_id, sidecar, sidecar_hash,
                          status=existing.status if existing else None,
                          visibility=existing.visibility if existing else None)
    except VidensbankError as exc:
        log.info("not indexed: %s (%s)", file.source, type(exc).__name__)
        return FileResult(file.source, "failed", exc.detail)
    except Exception as exc:  # a bug or a library crash on a hostile file: report, go on
        log.warning("unexpected error on %s: %s", file.source, type(exc).__name__,
                    exc_info=log.isEnabledFor(logging.DEBUG))
        return FileResult(file.source, "failed", f"Uventet fejl under læsning ({type(exc).__name__}).")


def _unchanged_or_copy(services: Services, file: SourceFile, digest: str,
                       sidecar_hash: str | None) -> FileResult | None:
    """A skip result for an unchanged file or an exact copy (linked as an alias), else None."""
    catalog = services.catalog
    existing = catalog.by_origin(file.origin)
    if existing and existing.content_hash == digest and existing.sidecar_hash == sidecar_hash:
        return FileResult(file.source, "skipped", "uændret siden sidste indeksering", existing.doc_id)
    alias = catalog.alias(file.origin)
    if alias is not None:
        twin = catalog.get(alias.doc_id)
        if twin and twin.content_hash == digest:
            return FileResult(file.source, "skipped", f"uændret; identisk med {twin.source}", twin.doc_id)
        catalog.remove_alias(file.origin)  # the copy was edited: from now on its own document
    twin = catalog.by_hash(digest)
    if twin and twin.origin != file.origin:
        if existing:
            retire(services, existing)  # this file now holds another document's content
        catalog.add_alias(twin.doc_id, origin=file.origin, source=file.source)
        return FileResult(file.source, "skipped", f"identisk med {twin.source}", twin.doc_id)
    return None


def _corpus_lexicon(services: Services, candidates: list[_Candidate], settings: Settings) -> Lexicon:
    """The word list plus the vocabulary of the corpus's clean documents (saved for later runs)."""
    if not settings.ingest.repair:
        return Lexicon()
    base = load_lexicon()
    if not base.available:
        return base
    vocabulary = Vocabulary(settings.data_dir / FILE_NAME)
    if sum(vocabulary.add(c.digest, c.parsed, base) for c in candidates):
        vocabulary.save()
    return vocabulary.lexicon(base)


def _prepare_all(services: Services, candidates: list[_Candidate], report: IndexReport, *,
                 settings: Settings, lexicon: Lexicon, status: str) -> None:
    """Phase 2: repair, describe, chunk and flag each document; find near-duplicates."""
    known = {doc_id: (source, from_hex(fp)) for doc_id, (source, fp) in services.catalog.fingerprints().items()}
    for candidate in candidates:
        try:
            candidate.prepared = _prepare_one(candidate, settings=settings, lexicon=lexicon, status=status)
        except VidensbankError as exc:
            report.results.append(FileResult(candidate.file.source, "failed", exc.detail))
            continue
        signature = candidate.prepared.signature
        others = {k: v[1] for k, v in known.items() if k != candidate.doc_id}
        best = most_similar(signature, others) if signature is not None else None
        if best and best[1] >= settings.ingest.near_duplicate_threshold:
            candidate.near = (known[best[0]][0], best[1])
            if settings.ingest.skip_near_duplicates:
                report.results.append(FileResult(candidate.file.source, "skipped",
                                                 f"næsten identisk med {candidate.near[0]} ({best[1]:.0%} ens)"))
                candidate.prepared = None
                continue
        if signature is not None:
            known[candidate.doc_id] = (candidate.file.source, signature)


def _prepare_one(candidate: _Candidate, *, settings: Settings, lexicon: Lexicon, status: str) -> PreparedDocument:
    doc = prepare_document(candidate.file.path.name, candidate.data, doc_id=candidate.doc_id,
                           content_hash=candidate.digest, source=candidate.file.source, settings=settings,
                           overrides=candidate.sidecar, status=candidate.status or status,
                           visibility=candidate.visibility, parsed=candidate.parsed,
                           lexicon=lexicon)
    if not doc.chunks:
        raise IngestError("Filen indeholder ingen tekst, der kan indekseres.")
    return doc


def _write_all(services: Services, candidates: list[_Candidate], report: IndexReport, progress: Progress, *,
               actor: str) -> int:
    """Phase 3: embed and store every prepared document; returns the number written."""
    progress.start("embed", sum(len(c.prepared.chunks) for c in candidates))
    written = 0
    for candidate in candidates:
        try:
            report.results.append(_write(services, candidate, progress, actor=actor))
            written += 1
        except VidensbankError as exc:
            report.results.append(FileResult(candidate.file.source, "failed", exc.detail))
    return written


def _write(services: Services, candidate: _Candidate, progress: Progress, *, actor: str) -> FileResult:
    """Embed one prepared document, then keep its file, replace its chunks and record it."""
    doc, settings = candidate.prepared, services.settings
    points = embed_document(doc, services.embedder, batch_size=settings.embedding.batch_size,
                            sentences=settings.embedding.sentence_vectors,
                            on_progress=lambda n: progress.advance("embed", n))
    repair = doc.repair
    store_document(services, doc, points, data=candidate.data, origin=candidate.file.origin, actor=actor,
                   action="index", file_name=candidate.file.path.name,
                   oov_before=repair.oov_before if repair else None, oov_after=repair.oov_after if repair else None,
                   fingerprint=to_hex(doc.signature) if doc.signature is not None else None,
                   sidecar_hash=candidate.sidecar_hash)
    return describe_result(candidate.file.source, doc, chunks=len(points), near=candidate.near,
                           masked=settings.ingest.mask_pii)
