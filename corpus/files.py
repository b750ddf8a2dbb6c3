"""Original files kept content-addressed: ``files/ab/abcdef…`` named by their SHA-256.

The same content is stored once however many documents or versions point at it. Writes go
through a temporary file and a rename, so a crash never leaves half a file under a real name.
"""

from __future__ import annotations

import errno
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from indexer.disk import write_atomically
from indexer.errors import DiskFull, NotFound

_DIGEST = re.compile(r"^[0-9a-f]{64}$")


def digest_of(data: bytes) -> str:
    """SHA-256 of the content, hex (the catalog's content hash)."""
    return hashlib.sha256(data).hexdigest()


class FileStore:
    """A folder of files named by the SHA-256 of their content."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, digest: str) -> Path:
        """Where the file with this hash lives (whether or not it exists)."""
        if not _DIGEST.match(digest or ""):
            raise NotFound("Ugyldig filreference.")
        return self.root / digest[:2] / digest

    def put(self, data: bytes) -> str:
        """Store the content (once) and return its hash."""
        digest = digest_of(data)
        target = self.path(digest)
        if target.exists():
            return digest
        try:
            write_atomically(target, data, crash_point="files.before_rename")
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise DiskFull("Disken er fuld: den originale fil kunne ikke gemmes. Intet er ændret; "
                               "frigør plads, og prøv igen.") from None
            raise
        return digest

    def has(self, digest: str) -> bool:
        """True when the file with this hash is stored."""
        return self.path(digest).is_file()

    def read(self, digest: str) -> bytes:
        """The content with this hash, or NotFound."""
        try:
            return self.path(digest).read_bytes()
        except FileNotFoundError:
            raise NotFound("Den originale fil er ikke gemt i denne installation.") from None

    def delete(self, digest: str) -> None:
        """Remove the file with this hash, if present."""
        self.path(digest).unlink(missing_ok=True)

    def digests(self) -> Iterator[str]:
        """The hashes of every stored file."""
        if self.root.is_dir():
            for path in self.root.glob("??/*"):
                if _DIGEST.match(path.name):
                    yield path.name
