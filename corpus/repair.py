"""Repairing a damaged embedded store: the catalog and the original files are the source of
truth, so the store is moved aside and built again from them (`vidensbank store repair`)."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
from sqlalchemy import text

from corpus.reconcile import RebuildReport, rebuild
from corpus.services import Services
from indexer.errors import IndexNotReady, StoreDamaged, StoreLocked
from indexer.settings import Settings
from indexer.store import Filters, StoreQuery

log = logging.getLogger(__name__)


@dataclass
class RepairReport:
    """Where the damaged store went (None when it opened fine) and what the rebuild did."""

    moved_to: Path | None
    rebuild: RebuildReport


def probe(services: Services) -> None:
    """Read the catalog and the store's vectors and payload once (a one-hit query, one point):
    damage that opening does not notice fails here, not in a reader's search."""
    with services.catalog.session() as session:
        session.execute(text("SELECT 1 FROM documents LIMIT 1"))
    vector = np.zeros(services.store.info().dim, dtype=np.float32)
    vector[0] = 1.0
    # The store itself, not the result cache in front of it: every probe must read the segments.
    getattr(services.store, "current", services.store).query(StoreQuery(limit=1, dense=vector))
    next(iter(services.store.scroll(Filters(), limit=1)), None)


def _open_readable(settings: Settings) -> Services:
    """Services whose store passes the probe; StoreDamaged otherwise (the store released)."""
    services = Services.open(settings)
    try:
        probe(services)
    except StoreDamaged:
        services.close()
        raise
    return services


def running_owner(store_path: Path) -> int | None:
    """The PID recorded by a process that still holds the store, if it is alive."""
    try:
        pid = int((store_path / "owner.pid").read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid if pid != os.getpid() else None


def _move_aside(store_path: Path) -> Path:
    target = store_path.with_name(f"{store_path.name}.damaged-{datetime.now():%Y%m%d-%H%M%S}")
    store_path.rename(target)
    log.warning("moved the damaged store to %s", target)
    return target


def repair_store(settings: Settings, *, actor: str, progress=None) -> RepairReport:
    """Open the store, or move a damaged embedded one aside (kept for inspection) and start
    an empty one; then re-index every catalog document into it."""
    moved = None
    try:
        services = _open_readable(settings)
    except StoreLocked:
        raise
    except IndexNotReady:
        if settings.store.url or not settings.store_path.exists():
            raise
        if pid := running_owner(settings.store_path):
            raise StoreLocked(f"Lageret bruges af en kørende proces (PID {pid}); stop `vidensbank serve` først.") \
                from None
        moved = _move_aside(settings.store_path)
        services = Services.open(settings)
    with services:
        return RepairReport(moved_to=moved, rebuild=rebuild(services, actor=actor, progress=progress))
