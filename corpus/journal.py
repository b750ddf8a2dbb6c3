"""The intent journal: a write that changes both the store and the catalog is written down
before it starts and crossed out when both agree again.

A crash (``kill -9``, power loss) between the two leaves the intent behind. Whoever opens the
installation next (the server at start-up, or any CLI command) repairs the named documents
from the catalog before it answers anything (``corpus.reconcile.recover``), so no window
exposes a withdrawn or half-written document, or loses one. Each intent is a small JSON file
written atomically, so concurrent writers never share one.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from indexer.disk import write_atomically

log = logging.getLogger(__name__)
SUFFIX = ".intent.json"


@dataclass(frozen=True)
class Intent:
    """One write in progress: what it does and to which documents."""

    path: Path
    action: str
    doc_ids: tuple[str, ...]
    pid: int | None = None

    @property
    def in_progress(self) -> bool:
        """True while the process that wrote it still runs (a live write, not a crash's leftover)."""
        if not self.pid or self.pid == os.getpid():
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


class Journal:
    """A folder of intents."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def record(self, action: str, doc_ids: Sequence[str]) -> Intent:
        """Write an intent down (durably) before the write it describes starts."""
        now = datetime.now(timezone.utc)
        path = self.folder / f"{now:%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}{SUFFIX}"
        body = {"action": action, "doc_ids": list(doc_ids), "pid": os.getpid(), "at": now.isoformat()}
        write_atomically(path, json.dumps(body).encode())
        return Intent(path, action, tuple(doc_ids), os.getpid())

    def clear(self, intent: Intent) -> None:
        """Cross an intent out: store and catalog agree on its documents."""
        intent.path.unlink(missing_ok=True)

    def pending(self) -> list[Intent]:
        """Intents of writes that did not finish, oldest first (unreadable ones name no
        document); ``in_progress`` tells a live write of another process from a crash's leftover."""
        if not self.folder.is_dir():
            return []
        intents = []
        for path in sorted(self.folder.glob(f"*{SUFFIX}")):
            try:
                body = json.loads(path.read_text())
                intents.append(Intent(path, str(body["action"]), tuple(str(d) for d in body["doc_ids"]),
                                      body.get("pid")))
            except (OSError, ValueError, KeyError, TypeError):
                log.warning("unreadable intent %s: the whole index is checked instead", path.name)
                intents.append(Intent(path, "unknown", ()))
        return intents
