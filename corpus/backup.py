"""Backup and restore of one installation: the catalog, a snapshot of the embedded store and
the original files, in one folder with a manifest of checksums.

A backup is written under a temporary name while writes are paused (the services' write
lock: the server keeps answering searches), the manifest is written last, and only then is
the folder renamed into place. A backup cut short by ``kill -9`` therefore has no manifest or
still has its temporary name, and ``restore`` verifies every checksum before it touches
anything, so an interrupted or damaged backup is never taken for a good one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sqlite3
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from corpus.documents import ensure_space
from corpus.reconcile import rebuild, reconcile
from corpus.repair import running_owner
from corpus.services import Services
from corpus.vocabulary import FILE_NAME as VOCABULARY
from indexer import crashpoints
from indexer.disk import copy_sparse, copy_tree, require_space, write_atomically
from indexer.errors import ConfigurationError, Conflict, InvalidInput, StoreLocked
from indexer.settings import Settings

log = logging.getLogger(__name__)

FORMAT = 1
MANIFEST = "manifest.json"
CATALOG, STORE, FILES = "catalog.sqlite", "store", "files"


@dataclass(frozen=True)
class BackupSummary:
    """Where a backup is and what it holds."""

    path: str
    created_at: str
    documents: int
    points: int
    files: int
    store: bool  # False: no store snapshot (a Qdrant server); restore rebuilds the index

    def as_dict(self) -> dict:
        return asdict(self)


def _require_sqlite(settings: Settings) -> None:
    if not settings.catalog_url.startswith("sqlite:///"):
        raise ConfigurationError("Kataloget ligger i PostgreSQL: tag sikkerhedskopien af det med pg_dump (og "
                                 "af de originale filer i datamappen); `vidensbank backup` dækker SQLite-kataloget.")


def _copy_catalog(services: Services, target: Path) -> None:
    """A consistent copy of the SQLite catalog through SQLite's online backup API."""
    raw = services.catalog.engine.raw_connection()
    try:
        copy = sqlite3.connect(target)
        try:
            raw.driver_connection.backup(copy)
        finally:
            copy.close()
    finally:
        raw.close()


def _link_or_copy(source: Path, target: Path) -> None:
    """Original files never change (named by their hash): a hard link is a safe copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _checksums(folder: Path) -> dict[str, dict]:
    return {path.relative_to(folder).as_posix(): {"size": path.stat().st_size, "sha256": _sha256(path)}
            for path in sorted(folder.rglob("*")) if path.is_file() and path.name != MANIFEST}


def _snapshot(services: Services, folder: Path) -> tuple[bool, int, int, int]:
    """Copy store, catalog, files and vocabulary while writes are paused; returns
    (store copied, documents, points, files)."""
    with services.write_lock:
        has_store = services.store.copy_to(folder / STORE)
        crashpoints.reach("backup.store_copied")
        _copy_catalog(services, folder / CATALOG)
        digests = sorted(d for d in services.catalog.referenced_hashes() if services.files.has(d))
        for digest in digests:
            _link_or_copy(services.files.path(digest), folder / FILES / digest[:2] / digest)
        vocabulary = services.settings.data_dir / VOCABULARY
        if vocabulary.is_file():
            copy_sparse(vocabulary, folder / VOCABULARY)
        documents, points = len(services.catalog.list(limit=None)), services.store.count()
    return has_store, documents, points, len(digests)


def write_backup(services: Services, target: Path) -> BackupSummary:
    """Write a consistent backup of this installation into the new folder ``target``."""
    target = Path(target).absolute()
    _require_sqlite(services.settings)
    if target.exists():
        raise Conflict(f"{target} findes allerede; vælg en ny mappe til sikkerhedskopien.")
    ensure_space(services)
    require_space([target.parent], min_free_mb=services.settings.store.min_free_mb)
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        has_store, documents, points, files = _snapshot(services, partial)
        crashpoints.reach("backup.before_manifest")
        created = datetime.now(timezone.utc).isoformat(timespec="seconds")
        info = services.store.info()
        manifest = {"format": FORMAT, "created_at": created, "model": info.model, "dim": info.dim,
                    "documents": documents, "points": points, "store": has_store, "files": _checksums(partial)}
        write_atomically(partial / MANIFEST, json.dumps(manifest, indent=1).encode())
        crashpoints.reach("backup.before_rename")
        partial.rename(target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    log.info("backup written to %s: %d documents, %d points", target, documents, points)
    return BackupSummary(str(target), created, documents, points, files, has_store)


def _broken(path: Path, why: str) -> InvalidInput:
    return InvalidInput(f"Sikkerhedskopien i {path} kan ikke bruges: {why}. Brug en anden sikkerhedskopi.")


def verify_backup(path: Path) -> dict:
    """The manifest of a complete, undamaged backup; InvalidInput naming what is wrong otherwise."""
    path = Path(path)
    if not path.is_dir():
        raise _broken(path, "mappen findes ikke")
    try:
        manifest = json.loads((path / MANIFEST).read_bytes())
        listed = dict(manifest["files"])
    except (OSError, ValueError, KeyError, TypeError):
        raise _broken(path, "manifest.json mangler eller er ufuldstændig (kopieringen blev afbrudt)") from None
    if manifest.get("format") != FORMAT:
        raise _broken(path, f"ukendt format {manifest.get('format')!r}")
    present = {p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file() and p.name != MANIFEST}
    if missing := sorted(set(listed) - present):
        raise _broken(path, f"{len(missing)} fil(er) mangler, bl.a. {missing[0]}")
    for name, expected in listed.items():
        file = path / name
        if file.stat().st_size != expected["size"] or _sha256(file) != expected["sha256"]:
            raise _broken(path, f"filen {name} er ændret eller beskadiget (forkert kontrolsum)")
    return manifest


@dataclass(frozen=True)
class RestoreSummary:
    """What a restore put in place, and where the data it replaced went."""

    documents: int
    points: int
    rebuilt: bool
    previous: str | None  # the folder holding what was there before

    def as_dict(self) -> dict:
        return asdict(self)


def _move_current(settings: Settings) -> Path | None:
    """Move the installation's current catalog, store, files and journal aside, kept."""
    catalog = settings.data_dir / CATALOG
    items = [catalog, Path(f"{catalog}-wal"), Path(f"{catalog}-shm"), settings.files_path,
             settings.data_dir / VOCABULARY, settings.journal_path]
    if not settings.store.url:
        items.append(settings.store_path)
    present = [item for item in items if item.exists()]
    if not present:
        return None
    aside = settings.data_dir / f"before-restore-{datetime.now():%Y%m%d-%H%M%S}"
    aside.mkdir(parents=True)
    for item in present:
        item.rename(aside / item.name)
    return aside


def restore_backup(settings: Settings, path: Path, *, progress=None) -> RestoreSummary:
    """Verify a backup, move the current data aside, put the backup in place and open it
    (the index is rebuilt from the catalog when the backup has no store snapshot)."""
    _require_sqlite(settings)
    manifest = verify_backup(path)
    if not settings.store.url and (pid := running_owner(settings.store_path)):
        raise StoreLocked(f"Lageret bruges af en kørende proces (PID {pid}); stop `vidensbank serve` før "
                          "gendannelsen.")
    path = Path(path)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    previous = _move_current(settings)
    copy_sparse(path / CATALOG, settings.data_dir / CATALOG)
    if (path / FILES).is_dir():
        copy_tree(path / FILES, settings.files_path)
    if (path / VOCABULARY).is_file():
        copy_sparse(path / VOCABULARY, settings.data_dir / VOCABULARY)
    use_store = manifest["store"] and not settings.store.url
    if use_store:
        copy_tree(path / STORE, settings.store_path)
    with Services.open(settings) as services:
        if not use_store:
            rebuild(services, actor="restore", progress=progress)
        reconcile(services, actor="restore")
        points = services.store.count()
        documents = len(services.catalog.list(limit=None))
    log.info("restored %s: %d documents, %d points", path, documents, points)
    return RestoreSummary(documents, points, not use_store, str(previous) if previous else None)
