"""A throwaway redis-server for the test session (Debian's `redis-server`, installed by system-deps --test):
a Unix socket in a temp folder, nothing saved to disk."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path


def why_unavailable() -> str | None:
    """Why this machine cannot run the Redis tests (None when it can)."""
    if shutil.which("redis-server") is None:
        return "redis-server is not installed; run `sudo bash scripts/system-deps.sh --test` to install Debian's redis-server"
    try:
        import redis  # noqa: F401
    except ImportError:
        return "the redis client is not installed (pip install -e '.[test]')"
    return None


class RedisServer:
    """redis-server on a Unix socket, stopped at the end."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="vb-redis-"))
        self.socket = self.root / "redis.sock"
        self.url = f"unix://{self.socket}"

    def start(self) -> "RedisServer":
        self.process = subprocess.Popen(
            ["redis-server", "--port", "0", "--unixsocket", str(self.socket), "--unixsocketperm", "700",
             "--save", "", "--appendonly", "no", "--dir", str(self.root)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while not self.socket.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.root, ignore_errors=True)
