"""Builds of the index side by side: a rebuild fills a new one while the live one serves, and
one atomic step makes it live.

- Embedded: ``<store>/gen-N/`` folders and a ``<store>/CURRENT`` file naming the live one,
  replaced atomically (write, fsync, rename). An older install keeps its store in ``<store>``
  itself until its first rebuild.
- Qdrant server: collections ``<alias>-gN`` behind the alias readers use, switched in one
  server operation (indexer/store/collection.py).

A build that fails or is killed never becomes live; the next rebuild clears it away.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from indexer import crashpoints
from indexer.settings import Settings
from indexer.store.edge import EdgeStore
from indexer.store.live import LiveStore
from indexer.store.protocol import Store

if TYPE_CHECKING:  # qdrant-client takes ~1 s to import: the embedded server never needs it
    from indexer.store.remote import ClientStore

POINTER = "CURRENT"
GENERATION = re.compile(r"gen-(\d+)$")


class Generations(Protocol):
    """Where builds of one index live, and which one is live."""

    def create(self, *, model: str, dim: int) -> Store:
        """A new, empty build beside the live index (leftovers of failed builds are cleared first)."""
        ...

    def switch(self, build: Store, live: Store | None) -> None:
        """Make ``build`` the live index atomically; a LiveStore serving the old one moves over."""
        ...

    def discard(self, build: Store) -> None:
        """Close and remove a build that must not go live."""
        ...


class EdgeGenerations:
    """Builds as folders ``gen-N`` under the store folder, the live one named in CURRENT."""

    def __init__(self, root: Path, *, settings: Settings) -> None:
        self.root, self.settings = Path(root), settings

    def live_path(self) -> Path:
        """The folder of the live build (the store folder itself for an older install)."""
        try:
            return self.root / (self.root / POINTER).read_text().strip()
        except FileNotFoundError:
            return self.root

    def _builds(self) -> dict[int, Path]:
        found = (GENERATION.match(p.name) for p in self.root.glob("gen-*") if p.is_dir())
        return {int(m.group(1)): self.root / m.group(0) for m in found if m}

    def new_path(self) -> Path:
        """The folder for the next build; leftovers of failed or killed builds are removed."""
        live = self.live_path()
        builds = self._builds()
        for path in builds.values():
            if path != live:
                shutil.rmtree(path, ignore_errors=True)
        if live != self.root:  # an older install's store, left by a switch that was killed
            _remove_build(self.root, root=self.root)
        return self.root / f"gen-{max(builds, default=0) + 1}"

    def create(self, *, model: str, dim: int) -> Store:
        return EdgeStore.configured(self.new_path(), self.settings.store, model=model, dim=dim)

    def switch(self, build: Store, live: Store | None) -> None:
        assert isinstance(build, EdgeStore)
        old = self.live_path()
        build.optimize()  # flushes too: the build is complete on disk before it is named
        _replace_atomically(self.root / POINTER, build.path.name)
        crashpoints.reach("generations.pointer_switched")
        if isinstance(live, LiveStore):
            live.replace(build)
            _remove_build(old, root=self.root)
        # Without a LiveStore here, the process holding the old build still serves it until it
        # reopens the store; the old folder is cleared by the next rebuild.

    def discard(self, build: Store) -> None:
        assert isinstance(build, EdgeStore)
        build.close()
        shutil.rmtree(build.path, ignore_errors=True)


def _replace_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)  # the rename itself survives a power cut
    finally:
        os.close(fd)


def _remove_build(path: Path, *, root: Path) -> None:
    if path == root:  # an older install: its store lived in the root folder itself
        shutil.rmtree(root / "shard", ignore_errors=True)
        for name in ("vidensbank-store.json", "owner.pid"):
            (root / name).unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


class AliasGenerations:
    """Builds as collections ``<alias>-gN`` on a Qdrant server, the live one behind the alias."""

    def __init__(self, live: ClientStore, *, settings: Settings) -> None:
        self.live, self.settings = live, settings
        self.aliases = live.aliases

    def create(self, *, model: str, dim: int) -> Store:
        from indexer.store.remote import ClientStore

        built = self.aliases.generations()
        target = self.aliases.target()
        for name in built[built.index(target) + 1:] if target in built else []:
            self.aliases.drop(name)  # failed or killed builds
        # The live store's client: qdrant-client's local mode cannot be opened twice.
        return ClientStore(self.live.url, collection=self.aliases.next_name(), model=model, dim=dim,
                           options=self.settings.store, client=self.live.client, alias=False)

    def switch(self, build: Store, live: Store | None) -> None:
        assert not isinstance(build, EdgeStore)
        previous = self.aliases.target()
        # Every replica addresses the alias: they all read the new collection from this call on.
        self.aliases.switch(build.collection)
        if isinstance(live, LiveStore):
            live.replace(live.current)  # the same store object: whatever it kept of the old build goes
        # The previous build stays, to roll back to by pointing the alias at it; older ones go.
        for name in self.aliases.generations():
            if name not in (build.collection, previous):
                self.aliases.drop(name)

    def discard(self, build: Store) -> None:
        assert not isinstance(build, EdgeStore)
        self.aliases.drop(build.collection)


def generations_for(store: Store, *, settings: Settings) -> Generations:
    """The generations of the index ``store`` serves (a LiveStore or the store itself)."""
    inner = store.current if isinstance(store, LiveStore) else store
    if isinstance(inner, EdgeStore):
        return EdgeGenerations(settings.store_path, settings=settings)
    return AliasGenerations(inner, settings=settings)
