"""A real `vidensbank serve` process on a free port, for tests of the CLI and of several replicas."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.support.live import bound_socket


def free_port() -> int:
    """A port nothing listens on right now."""
    sock = bound_socket()
    port = sock.getsockname()[1]
    sock.close()
    return port


def cli_env(**settings: str) -> dict[str, str]:
    """The environment of a test CLI: no developer VIDENSBANK_* variables, the fake model, these settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIDENSBANK_")}
    env["VIDENSBANK_EMBEDDING__BACKEND"] = "hashing"
    env.update(settings)
    return env


class ServeProcess:
    """`vidensbank --data-dir DATA serve --port PORT` in a subprocess, stopped with SIGTERM."""

    def __init__(self, data_dir: Path, **settings: str) -> None:
        self.data_dir, self.env, self.port = data_dir, cli_env(**settings), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "ServeProcess":
        self.log = open(self.data_dir.parent / f"serve-{self.port}.log", "w")
        self.process = subprocess.Popen([sys.executable, "-m", "vidensbank", "--data-dir", str(self.data_dir),
                                         "serve", "--port", str(self.port)],
                                        env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                printed = self.output()
                self.__exit__()
                raise RuntimeError(f"vidensbank serve did not start: {printed}")
            time.sleep(0.2)

    def output(self) -> str:
        """What the server printed."""
        self.log.flush()
        return (self.data_dir.parent / f"serve-{self.port}.log").read_text(errors="replace")

    def __exit__(self, *exc: object) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
