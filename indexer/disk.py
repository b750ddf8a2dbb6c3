"""Free disk space, checked before anything is written.

A full disk kills the embedded store's process with SIGBUS (its files are memory-mapped), so
writes are refused while less than ``store.min_free_mb`` is free, with a clear message and
nothing changed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from indexer import crashpoints
from indexer.errors import DiskFull


def _existing(path: Path) -> Path:
    """The path, or its nearest existing parent (a folder not created yet lives there)."""
    path = Path(path).absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def free_mb(path: Path) -> float:
    """Megabytes free for this process on the filesystem holding ``path``."""
    return shutil.disk_usage(_existing(path)).free / 1e6


def shortage(paths: Iterable[Path], *, min_free_mb: float, needed_mb: float = 0.0) -> str | None:
    """A Danish sentence naming the first filesystem with too little space, or None."""
    seen: set[int] = set()
    for path in paths:
        existing = _existing(path)
        device = os.stat(existing).st_dev
        if device in seen:
            continue
        seen.add(device)
        free = free_mb(existing)
        if free < min_free_mb + needed_mb:
            return (f"Der er for lidt ledig diskplads ved {path}: {free:.0f} MB ledig, men mindst "
                    f"{min_free_mb + needed_mb:.0f} MB skal være fri.")
    return None


def require_space(paths: Iterable[Path], *, min_free_mb: float, needed_mb: float = 0.0) -> None:
    """Raise DiskFull (nothing written yet) when a filesystem has too little free space."""
    paths = list(paths)
    if reason := shortage(paths, min_free_mb=min_free_mb, needed_mb=needed_mb):
        raise DiskFull(f"{reason} Intet er ændret. Frigør plads (eller flyt datamappen), og prøv igen.",
                       free_mb=round(min(free_mb(p) for p in paths), 1), min_free_mb=min_free_mb)


def write_atomically(path: Path, data: bytes, *, crash_point: str = "atomic_write.before_rename") -> None:
    """Write a file so that a crash leaves either the old content or the new, never a part:
    a temporary file in the same folder, fsync, rename, fsync of the folder (``crash_point``:
    the test hook's name for the moment before the rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        crashpoints.reach(crash_point)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def copy_sparse(source: Path, target: Path) -> None:
    """Copy a file, keeping its holes: the store's memory-mapped files and WAL are mostly
    unwritten space (hundreds of MB apparent, a few MB used)."""
    with open(source, "rb") as src, open(target, "wb") as dst:
        size = os.fstat(src.fileno()).st_size
        position = 0
        while position < size:
            try:
                start = os.lseek(src.fileno(), position, os.SEEK_DATA)
            except OSError:  # ENXIO: only a hole is left
                break
            end = os.lseek(src.fileno(), start, os.SEEK_HOLE)
            src.seek(start)
            dst.seek(start)
            remaining = end - start
            while remaining > 0:
                block = src.read(min(remaining, 1 << 20))
                if not block:
                    break
                dst.write(block)
                remaining -= len(block)
            position = end
        dst.truncate(size)
        dst.flush()
        os.fsync(dst.fileno())
    shutil.copystat(source, target)


def copy_tree(source: Path, target: Path, *, skip: tuple[str, ...] = ()) -> None:
    """Copy a folder with copy_sparse, leaving out files named in ``skip``."""
    for folder, _, names in os.walk(source):
        relative = Path(folder).relative_to(source)
        (target / relative).mkdir(parents=True, exist_ok=True)
        for name in names:
            if name not in skip:
                copy_sparse(Path(folder) / name, target / relative / name)
