"""Handing CLI work to a running server: the local one (found through <data_dir>/server.json) or a
remote one (`--server URL --key KEY`).

`vidensbank serve` owns the embedded store, so while it runs, `index`, `reindex`, `corpus update`
and `corpus delete` send their work to it instead of failing on the store's lock. The server
writes its URL, PID and a random token into server.json (mode 0600: only the data folder's owner
can read it); that token makes the caller the local administrator, the only caller that may
name paths on the server's disk. A remote server gets the files themselves.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from corpus.ingest import collect_files
from corpus.sidecar import SUFFIX
from indexer.errors import VidensbankError
from indexer.settings import Settings

SERVER_FILE = "server.json"


@dataclass(frozen=True)
class ServerLink:
    """A server to send work to, and the key (or local token) to send with it."""

    url: str
    key: str
    local: bool


def server_file(settings: Settings) -> Path:
    """Where `vidensbank serve` announces itself."""
    return settings.data_dir / SERVER_FILE


def announce(settings: Settings, *, host: str, port: int) -> str:
    """Write server.json for this process (owner-only) and return the local token."""
    token = secrets.token_urlsafe(32)
    reachable = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    path = server_file(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path.with_suffix(".tmp"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump({"url": f"http://{reachable}:{port}", "pid": os.getpid(), "token": token}, handle)
    os.replace(path.with_suffix(".tmp"), path)
    return token


def withdraw_announcement(settings: Settings) -> None:
    """Remove server.json if this process wrote it."""
    path = server_file(settings)
    try:
        if json.loads(path.read_text()).get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError):
        pass


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def local_server(settings: Settings) -> ServerLink | None:
    """The server running on this data folder, if any (a file left by a dead server is ignored)."""
    try:
        info = json.loads(server_file(settings).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(info, dict) or not _running(int(info.get("pid", 0) or 0)):
        return None
    return ServerLink(url=info["url"], key=info["token"], local=True)


def find_server(settings: Settings, *, server: str | None, key: str | None) -> ServerLink | None:
    """`--server URL` (needs a key), else the local server, else None (work locally)."""
    if server:
        if not key:
            raise VidensbankError("--server kræver en API-nøgle: --key eller VIDENSBANK_KEY.")
        return ServerLink(url=server.rstrip("/"), key=key, local=False)
    return local_server(settings)


class ServerClient:
    """The few calls the CLI makes to a server, with problem+json turned into one Danish line."""

    def __init__(self, link: ServerLink, *, timeout: float = 120.0) -> None:
        self.link = link
        self.http = httpx.Client(base_url=link.url, timeout=timeout, trust_env=False,
                                 headers={"Authorization": f"Bearer {link.key}"})

    def __enter__(self) -> "ServerClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.http.close()

    def call(self, method: str, path: str, **kwargs) -> httpx.Response:
        """One request; connection failures are retried for a few seconds (the server may be starting)."""
        deadline = time.monotonic() + 10
        while True:
            try:
                response = self.http.request(method, path, **kwargs)
                break
            except httpx.TransportError as exc:
                if time.monotonic() > deadline:
                    raise VidensbankError(f"Serveren på {self.link.url} svarer ikke ({type(exc).__name__}).") from None
                time.sleep(0.3)
        if response.status_code >= 400:
            try:
                detail = response.json().get("detail") or response.text
            except ValueError:
                detail = response.text[:200]
            raise VidensbankError(f"Serveren svarede {response.status_code}: {detail}")
        return response

    def start_index(self, paths: list[Path], *, actor: str, **options: object) -> str:
        """Start an index run; returns the job id. The local server reads the paths itself."""
        body = {"kind": "index", "actor": actor, **options}
        if self.link.local:
            return self.call("POST", "/v1/jobs", json={**body, "paths": [str(p.resolve()) for p in paths]}) \
                .json()["job"]["id"]
        job_id = self.call("POST", "/v1/jobs", json={**body, "send_files": True}).json()["job"]["id"]
        for name, path in _files_to_send(paths):
            with path.open("rb") as handle:
                self.call("POST", f"/v1/jobs/{job_id}/files", data={"name": name}, files={"file": (path.name, handle)})
        self.call("POST", f"/v1/jobs/{job_id}/start")
        return job_id

    def start_reindex(self, *, actor: str, in_place: bool = False) -> str:
        """Start a full rebuild (beside the live index unless ``in_place``); returns the job id."""
        body = {"kind": "reindex", "actor": actor, "in_place": in_place}
        return self.call("POST", "/v1/jobs", json=body).json()["job"]["id"]

    def job(self, job_id: str) -> dict:
        """GET /v1/jobs/{id}."""
        return self.call("GET", f"/v1/jobs/{job_id}").json()


def _files_to_send(paths: list[Path]) -> list[tuple[str, Path]]:
    """(name on the server, local file): each given folder keeps its name as the top folder."""
    sent = []
    for root in paths:
        base = root.resolve().parent
        for file in collect_files([root]):
            sent.append((file.path.resolve().relative_to(base).as_posix(), file.path))
            sidecar = file.path.with_name(file.path.name + SUFFIX)
            if sidecar.exists():
                sent.append((sidecar.resolve().relative_to(base).as_posix(), sidecar))
    return sent
