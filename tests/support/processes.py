"""The real `vidensbank` CLI and the real app, run in child processes that a test can kill.

Children are forked from a multiprocessing fork server that imported the application once,
so each run costs the command's own work, not Python's start-up. ``VIDENSBANK_TEST_CRASH_AT``
in a child's environment ends it at a named point (indexer/crashpoints.py) with exit code
137, as ``kill -9`` would.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from dataclasses import dataclass
from pathlib import Path

PRELOAD = ["vidensbank.cli", "search_api.app", "fastapi.testclient", "tests.support.processes"]
_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(PRELOAD)


@dataclass(frozen=True)
class Finished:
    """How a child ended: its exit code and what it printed."""

    code: int
    stdout: str
    stderr: str

    @property
    def crashed(self) -> bool:
        return self.code == 137


def _redirect(log: str) -> None:
    for target, name in ((1, log + ".out"), (2, log + ".err")):
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(fd, target)
        os.close(fd)
    sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115 (the child exits right after)
    sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115


def _cli_child(argv: list[str], env: dict[str, str], log: str) -> None:
    os.environ.update(env)
    _redirect(log)
    sys.argv = ["vidensbank", *argv]
    from vidensbank.cli import main

    try:
        main()
    except SystemExit as exc:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(exc.code if isinstance(exc.code, int) else 1)
    sys.stdout.flush()
    os._exit(0)


def _app_child(requests: list[dict], env: dict[str, str], log: str) -> None:
    os.environ.update(env)
    _redirect(log)
    from fastapi.testclient import TestClient

    from indexer.settings import Settings
    from search_api.app import create_app

    with TestClient(create_app(Settings(_env_file=None))) as client:
        for request in requests:
            response = client.request(**request)
            print(response.status_code, response.text[:300], flush=True)
    os._exit(0)


def _run(target, args: tuple, log: Path, timeout: float) -> Finished:
    process = _context.Process(target=target, args=args)
    process.start()
    process.join(timeout)
    if process.is_alive():
        process.kill()
        process.join()
        raise TimeoutError(f"the child did not finish within {timeout} s")
    read = lambda suffix: Path(str(log) + suffix).read_text(errors="replace")  # noqa: E731
    return Finished(process.exitcode, read(".out"), read(".err"))


def run_cli(argv: list[str], *, env: dict[str, str], log: Path, timeout: float = 120) -> Finished:
    """Run `vidensbank ARGV...` in a child process with extra environment variables."""
    return _run(_cli_child, (list(argv), dict(env), str(log)), log, timeout)


def run_app(requests: list[dict], *, env: dict[str, str], log: Path, timeout: float = 120) -> Finished:
    """Start the app (lifespan included) in a child process and send it these requests
    (keyword arguments of ``TestClient.request``); it prints each status and body."""
    return _run(_app_child, (list(requests), dict(env), str(log)), log, timeout)
